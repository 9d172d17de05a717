"""Bad records are rejected with the file, the record, the JSON path and what was wrong."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclusters.pipeline import validate
from newsclusters.pipeline.cluster_meta import (TEMPLATE_AUTHOR, TEMPLATE_SUMMARY, TEMPLATE_URL, placeholder_author,
                                                placeholder_summary, placeholder_url)
from newsclusters.pipeline.records import arrow_schema

from conftest import ROOT


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
        "position": None,
        "source_doc_id": None,
        "origin": None,
        "timestamp": None,
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
        ({"text": "   "}, "$.text", "must not be blank (it is '   ')"),
        ({"cluster_id": "Some Story"}, "$.cluster_id", "'Some Story' must be a lowercase slug (letters a-z and digits"),
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


def test_an_unexpected_key_one_typo_from_a_known_one_is_named() -> None:
    meta = {"summary": "S.", "summry_author": "A"}
    found = validate.problems("cluster_source", meta, source="cluster.json", record_id="c")
    assert found[0].endswith("('summry_author' was unexpected); did you mean 'summary_author'?"), found
    two = validate.problems("cluster_source", {"sumary": "S.", "summary_autor": "A"}, source="f", record_id="c")
    assert two[0].endswith("; did you mean 'summary' for 'sumary', 'summary_author' for 'summary_autor'?"), two
    for unrelated in ({**meta, "summary_author": "A", "extra": 1}, {"summary": "S.", "summary_author": "A", "summary2": 1}):
        found = validate.problems("cluster_source", {k: v for k, v in unrelated.items() if k != "summry_author"},
                                  source="f", record_id="c")
        assert found and "did you mean" not in found[0], found  # no key close enough, or the close one is given


def test_missing_fields_are_all_reported() -> None:
    found = validate.problems("document", {"doc_id": "a/1"}, source="f", record_id="a/1")
    assert len(found) == 12  # every missing field, not just the first
    assert found[0] == "f: record 'a/1': $.cluster_id: 'cluster_id' is a required property"  # the field's path


def test_cluster_source_metadata() -> None:
    ok = {"summary": "S.", "summary_author": "A", "split": "test", "documents": {"001.txt": {"source": "WWD"}}}
    assert validate.problems("cluster_source", ok, source="cluster.json", record_id="c") == []
    bad = {"summary": "", "summary_author": "A", "split": "dev", "documents": {"../x.txt": {"date": "May"}}}
    found = validate.problems("cluster_source", bad, source="cluster.json", record_id="c")
    assert any("$.split" in p and "is not one of" in p for p in found)
    assert any("$.summary" in p for p in found)
    assert any("$.documents: '../x.txt' must start with a letter or digit" in p and p.endswith("(a raw file's name)")
               for p in found)
    assert any("$.documents['../x.txt'].date" in p for p in found)


def test_cluster_record_uses_the_document_definitions() -> None:
    record = {"cluster_id": "c", "summary": "S.", "summary_author": "A", "source_cluster_id": None, "date": None,
              "category": None, "documents": [
        {"doc_id": "c/1", "title": None, "date": "2024-13-01", "source": None, "url": None, "text": "T.",
         "raw_sha256": "0" * 64, "position": None, "source_doc_id": None, "origin": None, "timestamp": None}
    ]}
    found = validate.problems("cluster", record, source="raw/c", record_id="c")
    assert len(found) == 1 and "$.documents[0].date" in found[0]


def test_a_record_nested_too_deep_for_jsonschema_is_a_problem_not_a_crash() -> None:
    title: list = []
    for _ in range(5000):
        title = [title]
    record = {"type": "document", "cluster_id": "a", "name": "d1", "text": "x", "title": title}
    assert validate.problems("raw_line", record, source="f", record_id="a", definition="document") == [
        "f: record 'a': $: arrays or objects nested too deep to check"]


def test_problems_come_in_document_order_items_by_index() -> None:
    """Sorted as text, $.documents[10] came before $.documents[2]."""
    document = {"doc_id": "c/1", "title": None, "date": None, "source": None, "url": None, "text": "T.",
                "raw_sha256": "0" * 64, "position": None, "source_doc_id": None, "origin": None, "timestamp": None}
    documents = [{**document, "date": "2024-13-01"} if i in (2, 10) else document for i in range(11)]
    record = {"cluster_id": "c", "summary": "S.", "summary_author": "A", "source_cluster_id": None, "date": None,
              "category": None, "documents": documents}
    found = validate.problems("cluster", record, source="raw/c", record_id="c")
    assert ["$.documents[2].date" in found[0], "$.documents[10].date" in found[1]] == [True, True], found


def test_batch_validation_names_each_bad_record() -> None:
    good = good_document()
    extra = {**good_document(), "extra": 1}
    missing = {k: v for k, v in good_document().items() if k != "title"}
    wrong = {**good_document(), "removed": [{"line": "1", "text": "x", "rule": "related_link_v1"}]}
    bad_date = {**good_document(), "date": "2024-02-30"}
    found = validate.batch_problems("document", [good, extra, missing, wrong, bad_date],
                                    ["a", "b", "c", "d", "e"], ["1", "2", "3", "4", "5"])
    assert [p.split(":")[0] for p in found] == ["b", "c", "d", "e"]
    assert "'extra' was unexpected" in found[0] and "'title' is a required property" in found[1]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["line", "text", "rule", "x"]), inner),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from([*good_document(), "extra"]), _JSON | st.lists(
    st.fixed_dictionaries({"line": st.integers() | st.booleans() | st.text(max_size=2), "text": _JSON,
                           "rule": st.text(max_size=3)}), max_size=3)), max_size=4))
def test_batches_say_what_each_record_says(changes: list[dict]) -> None:
    """The jsonschema-rs screen drops no problem: a batch reports exactly jsonschema's messages, in order."""
    batch = [{**good_document(), **change} for change in changes]
    names = [str(i) for i in range(len(batch))]
    expected = [p for i, r in enumerate(batch) for p in validate.problems("document", r, source=names[i],
                                                                          record_id=names[i])]
    assert validate.batch_problems("document", batch, names, names) == expected


def test_records_jsonschema_rs_cannot_read_get_jsonschemas_messages() -> None:
    """A key that is not a string, or a value that is not JSON, makes jsonschema-rs raise: jsonschema explains."""
    odd = [{**good_document(), 1: "x"}, {**good_document(), "title": b"x"}, {**good_document(), "text": "\ud800"}]
    assert list(validate.failing("document", odd)) == [0, 1]
    found = validate.batch_problems("document", odd, ["a", "b", "c"], ["1", "2", "3"])
    assert [p.split(":")[0] for p in found] == ["a", "b"]


def test_tables_are_checked_row_by_row() -> None:
    rows = [good_document(), {**good_document(), "doc_id": "x/2", "date": "2024-02-30"}, good_document()]
    table = pa.Table.from_pylist(rows, schema=arrow_schema("documents"))
    assert validate.table_problems("document", table, "doc_id", source="shard s") == [
        "shard s: record 'x/2': $.date: '2024-02-30' is not a 'date'"]


def test_a_json_null_or_boolean_is_named_as_json_names_it() -> None:
    record = {"summary": None, "summary_author": True}
    assert validate.problems("cluster_source", record, source="cluster.json", record_id="c") == [
        "cluster.json: record 'c': $.summary: null is not of type 'string'",
        "cluster.json: record 'c': $.summary_author: true is not of type 'string'"]


@pytest.mark.parametrize("field", ["summary", "summary_author"])
def test_a_blank_summary_is_named_in_plain_words(field: str) -> None:
    """Not "'  ' does not match '\\\\S'": a curator should not need to read a regular expression."""
    record = {"summary": "S.", "summary_author": "A", field: " \t "}
    assert validate.problems("cluster_source", record, source="cluster.json", record_id="c") == [
        f"cluster.json: record 'c': $.{field}: must not be blank (it is ' \\t ')"]
    empty = validate.problems("cluster_source", {**record, field: ""}, source="cluster.json", record_id="c")
    assert empty == [f"cluster.json: record 'c': $.{field}: '' should be non-empty"]  # said once, not twice


@pytest.mark.parametrize("summary", ["TBD", "tbd.", "[TODO]", "<summary here>", "N/A", "Lorem ipsum dolor sit amet.",
                                     "To be written", "  XXX  ", "(placeholder)", "summary_here", "TBD TBD",
                                     "Summary: TBD", "Missing summary: TODO", "xxx xxx", "The summary goes here.",
                                     "Summary to be written.", "Summary pending"])
def test_a_placeholder_summary_is_refused(summary: str) -> None:
    assert "is a placeholder, not a reference summary" in (placeholder_summary(summary) or "")


def test_the_readme_s_template_values_copied_as_they_stand_are_refused() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert f'"summary": "{TEMPLATE_SUMMARY}"' in readme
    assert "is a placeholder" in (placeholder_summary(TEMPLATE_SUMMARY) or "")
    assert f'"summary_author": "{TEMPLATE_AUTHOR}"' in readme and placeholder_author(TEMPLATE_AUTHOR)
    assert f'"url": "{TEMPLATE_URL}"' in readme and placeholder_url(TEMPLATE_URL)


@pytest.mark.parametrize("author", ["A", "Jane Doe", "Your name is on the masthead", "Multi-News authors",
                                    "山田太郎"])
def test_an_author_with_a_name_passes(author: str) -> None:
    assert placeholder_author(author) is None


@pytest.mark.parametrize("url", ["https://example.com/...", "https://www.wwd.com/a", "https://.../"])
def test_an_address_other_than_the_template_s_passes(url: str) -> None:
    assert placeholder_url(url) is None


@pytest.mark.parametrize("summary", [
    "TBD: the council put off its vote on the budget to next week.",  # a summary that starts with the word
    "Summary judgment was granted to the city.",
    "None of the 40 passengers was hurt when the ferry ran aground.",
    "Test match abandoned after rain in Colombo.",
    "Pending: a recount in two counties.",
    "Testing", "To be done: the dredging.",
    # a corpus's own short summaries, whatever they say, are not markers of one still to be written
    "A summary.", "None", "Missing", "Test", "Done.", "Pending", "Be here", "Na to do",
])
def test_a_summary_that_only_starts_like_one_is_kept(summary: str) -> None:
    assert placeholder_summary(summary) is None


@pytest.mark.parametrize("summary, refused", [("...", True), ("–", True), ("– Five people died.", False), ("42", False)])
def test_a_summary_needs_a_word(summary: str, refused: bool) -> None:
    assert (placeholder_summary(summary) is not None) == refused
