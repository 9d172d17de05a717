"""Bad records are rejected with the file, the record, the JSON path and what was wrong."""

from __future__ import annotations

import pytest

from newsclusters import validate


def good_document() -> dict:
    return {
        "doc_id": "some-story/001",
        "cluster_id": "some-story",
        "title": None,
        "date": "2024-05-01",
        "source": None,
        "url": "https://example.org/a",
        "text": "A paragraph.",
        "raw_sha256": "0" * 64,
        "removed": [{"line": 1, "text": "RELATED: x", "rule": "related_link_v1"}],
    }


def test_a_good_record_passes() -> None:
    assert validate.problems("document", good_document(), source="a.txt", record_id="x") == []


@pytest.mark.parametrize(
    "change, path, message",
    [
        ({"date": "31/02/2024"}, "$.date", "is not a 'date'"),
        ({"date": "2024-02-30"}, "$.date", "is not a 'date'"),
        ({"url": "not a url"}, "$.url", "is not a 'uri'"),
        ({"raw_sha256": "abc"}, "$.raw_sha256", "does not match"),
        ({"text": ""}, "$.text", "should be non-empty"),
        ({"text": "   "}, "$.text", "does not match"),
        ({"cluster_id": "Some Story"}, "$.cluster_id", "does not match"),
        ({"extra": 1}, "$", "Additional properties are not allowed ('extra' was unexpected)"),
        ({"removed": [{"line": 0, "text": "x", "rule": "r_v1"}]}, "$.removed[0].line", "less than the minimum"),
        ({"removed": [{"line": 1, "text": "x", "rule": "Bad Rule"}]}, "$.removed[0].rule", "does not match"),
    ],
)
def test_bad_document_records_are_named_precisely(change: dict, path: str, message: str) -> None:
    found = validate.problems("document", {**good_document(), **change}, source="raw/a/001.txt", record_id="a/001")
    assert found, change
    assert all(p.startswith(f"raw/a/001.txt: record 'a/001': {path}: ") for p in found), found
    assert any(message in p for p in found), found


def test_missing_fields_are_all_reported() -> None:
    found = validate.problems("document", {"doc_id": "a/1"}, source="f", record_id="a/1")
    assert len(found) == 8  # every missing field, not just the first
    assert found[0] == "f: record 'a/1': $: 'cluster_id' is a required property"


def test_cluster_source_metadata() -> None:
    ok = {"summary": "S.", "summary_author": "A", "split": "test", "documents": {"001.txt": {"source": "WWD"}}}
    assert validate.problems("cluster_source", ok, source="cluster.json", record_id="c") == []
    bad = {"summary": "", "summary_author": "A", "split": "dev", "documents": {"../x.txt": {"date": "May"}}}
    found = validate.problems("cluster_source", bad, source="cluster.json", record_id="c")
    assert any("$.split" in p and "is not one of" in p for p in found)
    assert any("$.summary" in p for p in found)
    assert any("$.documents" in p and "does not match" in p for p in found)
    assert any("$.documents['../x.txt'].date" in p for p in found)


def test_cluster_record_uses_the_document_definitions() -> None:
    record = {"cluster_id": "c", "summary": "S.", "summary_author": "A", "documents": [
        {"doc_id": "c/1", "title": None, "date": "2024-13-01", "source": None, "url": None, "text": "T.",
         "raw_sha256": "0" * 64}
    ]}
    found = validate.problems("cluster", record, source="raw/c", record_id="c")
    assert len(found) == 1 and "$.documents[0].date" in found[0]


def test_batch_validation_sees_what_arrow_would_hide() -> None:
    good = good_document()
    extra = {**good_document(), "extra": 1}
    missing = {k: v for k, v in good_document().items() if k != "title"}
    wrong = {**good_document(), "removed": [{"line": "1", "text": "x", "rule": "related_link_v1"}]}
    bad_date = {**good_document(), "date": "2024-02-30"}
    found = validate.batch_problems("document", [good, extra, missing, wrong, bad_date],
                                    ["a", "b", "c", "d", "e"], ["1", "2", "3", "4", "5"])
    assert [p.split(":")[0] for p in found] == ["b", "c", "d", "e"]
    assert "'extra' was unexpected" in found[0] and "'title' is a required property" in found[1]
