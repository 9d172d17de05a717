"""The command line: thin, JSON lines out, errors as one readable message and a non-zero exit."""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsclusters.cli import main
from newsclusters.versioning import load_releases

from conftest import RAW, ROOT, SEED_CLUSTER, tree_bytes, write_cluster


def test_clean_prints_json_lines(capsys: pytest.CaptureFixture[str], gold: list[dict]) -> None:
    files = sorted(SEED_CLUSTER.glob("*.txt"))
    assert main(["clean", *map(str, files)]) == 0
    results = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in results] == [g["id"] for g in gold]
    assert [(r["title"], r["date"], r["text"]) for r in results] == [(g["title"], g["date"], g["text"]) for g in gold]
    assert set(results[0]) == {"id", "title", "date", "text", "removed"}


def test_clean_explain_shows_rule_per_removed_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clean", "--explain", str(SEED_CLUSTER / "004_43b94baa6551b378.txt")]) == 0
    out = capsys.readouterr().out
    assert "line   11  more_from_outlet_v1" in out and "More from WWD" in out
    from newsclusters.pipeline.rules import RULES

    assert f"  why more_from_outlet_v1: {RULES['more_from_outlet_v1'].reason}\n" in out  # why, beside which
    assert out.startswith(f"== {SEED_CLUSTER / '004_43b94baa6551b378.txt'}  id='004_43b94baa6551b378'  title=")
    assert main(["clean", "--explain", str(write_cluster(tmp_path, "story", {"a.txt": "Walls.\n"}) / "a.txt")]) == 0
    assert "id='a'  title=none  date=none\n" in capsys.readouterr().out  # not Python's None


def test_clean_explain_says_which_texts_a_build_would_leave_out(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_cluster(tmp_path, "story", {"a.txt": "  \n", "b.txt": "RELATED: Another story\nMore from WWD\n",
                                               "c.txt": "The council voted on Monday to build the walls."})
    assert main(["clean", "--explain", *(str(folder / n) for n in ("a.txt", "b.txt", "c.txt"))]) == 0
    out = capsys.readouterr().out
    assert out.count("(nothing is left") == 2
    assert "(nothing is left: a build leaves this document out as empty_document)" in out.split("== ")[1]
    assert "(nothing is left: a build leaves this document out as all_boilerplate)" in out.split("== ")[2]


def test_clean_counts_the_files_of_one_folder_as_one_story_cluster(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """As a build does: two copies of a story in one cluster share its lines without making them a site's
    template (each file counted as its own cluster, `clean --explain` showed removals a build doesn't make)."""
    body = ("The council voted on Monday to build new flood walls along the river, after a long debate that ran "
            "late into the evening and ended in a narrow majority.\nDailyfoo Weekend Edition\n")
    def meta(*names: str) -> dict:
        return {"summary": "S.", "summary_author": "A",
                "documents": {n: {"url": f"https://dailyfoo.com/{n}"} for n in names}}
    one = write_cluster(tmp_path / "one", "story", {"a.txt": body, "b.txt": body.replace("Monday", "Tuesday")},
                        meta("a.txt", "b.txt"))
    assert main(["clean", "--explain", str(one / "a.txt"), str(one / "b.txt")]) == 0
    assert "site_repeated_v4" not in capsys.readouterr().out
    first = write_cluster(tmp_path / "two", "story-1", {"a.txt": body}, meta("a.txt"))
    second = write_cluster(tmp_path / "two", "story-2", {"b.txt": body.replace("Monday", "Tuesday")}, meta("b.txt"))
    assert main(["clean", "--explain", str(first / "a.txt"), str(second / "b.txt")]) == 0
    assert len(re.findall(r"line +2  site_repeated_v4 ", capsys.readouterr().out)) == 2  # two stories of a site


@pytest.mark.parametrize("meta", [
    {"encoding": "cp1252"},  # the cluster's
    {"encoding": "utf-8", "documents": {"a.txt": {"encoding": "cp1252"}}},  # the document's own wins
])
def test_clean_reads_the_encoding_cluster_json_declares(meta: dict, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_cluster(tmp_path, "latin-story", {"a.txt": "Le café a ouvert à Paris.\nRELATED: x".encode("cp1252")},
                           {"summary": "S.", "summary_author": "A", **meta})
    assert main(["clean", str(folder / "a.txt")]) == 0
    assert json.loads(capsys.readouterr().out)["text"] == "Le café a ouvert à Paris."
    assert main(["clean", "--explain", str(folder / "a.txt")]) == 0
    assert "related_link_v12" in capsys.readouterr().out


def test_clean_names_an_unknown_declared_encoding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_cluster(tmp_path, "story", {"a.txt": "Text."},
                           {"summary": "S.", "summary_author": "A", "documents": {"a.txt": {"encoding": "klingon"}}})
    assert main(["clean", str(folder / "a.txt")]) == 1
    err = capsys.readouterr().err
    assert f"{folder / 'cluster.json'}: $.documents['a.txt'].encoding: unknown text encoding 'klingon'" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(("meta_text", "message"), [
    ('{"summary": "S.", "encoding": "cp1252", "encoding": "utf-8"}', "duplicate key 'encoding'"),
    ('["not", "an", "object"]', "not a JSON object"),
    ('{"summary": "S.",', "cannot read it for a.txt"),
])
def test_clean_refuses_a_cluster_json_a_build_would_refuse(meta_text: str, message: str, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """`clean FILE` shows the text a build would clean: a cluster.json the build cannot read is an error here too."""
    folder = write_cluster(tmp_path, "story", {"a.txt": "Text."}, {"summary": "S.", "summary_author": "A"})
    (folder / "cluster.json").write_text(meta_text, encoding="utf-8")
    assert main(["clean", str(folder / "a.txt")]) == 1
    err = capsys.readouterr().err
    assert str(folder / "cluster.json") in err and message in err and "Traceback" not in err


def test_clean_refuses_the_cluster_json_itself(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_cluster(tmp_path, "story", {"a.txt": "Text."}, {"summary": "S.", "summary_author": "A"})
    assert main(["clean", str(folder / "a.txt"), str(folder / "cluster.json")]) == 1
    err = capsys.readouterr().err
    assert f"{folder / 'cluster.json'}: the cluster's metadata, not an article" in err and "Traceback" not in err


def test_clean_jsonl_in_and_out(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "p1", "text": "A Headline\nBody sentence one.\nRELATED: x"}) + "\n", "utf-8")
    assert main(["clean", "--jsonl", str(source), "--out", str(tmp_path / "out.jsonl")]) == 0
    result = json.loads((tmp_path / "out.jsonl").read_text("utf-8"))
    assert result["id"] == "p1" and result["title"] == "A Headline" and result["text"] == "Body sentence one."
    # A line's own `title` is its headline, as a corpus's is in a build: the rules don't guess another.
    source.write_text(json.dumps({"id": "p2", "title": "Port Strike", "text": "A Headline\nBody sentence one."}) + "\n")
    assert main(["clean", "--jsonl", str(source), "--out", str(tmp_path / "out.jsonl")]) == 0
    result = json.loads((tmp_path / "out.jsonl").read_text("utf-8"))
    assert result["title"] == "Port Strike" and "headline_to_title_v16" not in {r["rule"] for r in result["removed"]}
    assert result["date"] is None


@pytest.mark.parametrize("where", ["no-such-folder/out.jsonl", "a-folder"])
def test_clean_out_that_cannot_be_written_is_one_line(tmp_path: Path, where: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "p1", "text": "A Headline\nBody sentence one."}) + "\n", "utf-8")
    (tmp_path / "a-folder").mkdir()
    assert main(["clean", "--jsonl", str(source), "--out", str(tmp_path / where)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"newsclusters clean: {tmp_path / where}: ") and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-folder", "in.jsonl"]  # nothing left behind


def test_clean_dates_a_document_as_a_build_does(tmp_path: Path) -> None:
    """The text's date header, else the metadata's date: a JSON line's `date`, or the cluster.json's for a file."""
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": "Body sentence one.", "date": "2022-11-28"}) + "\n"
                      + json.dumps({"id": "b", "text": "date 2022-12-03\nBody sentence one.", "date": "2022-11-28"})
                      + "\n", "utf-8")
    write_cluster(tmp_path / "raw", "story", {"d.txt": "Body sentence one."},
                  {"summary": "S.", "summary_author": "A", "documents": {"d.txt": {"date": "2022-11-30"}}})
    out = tmp_path / "out.jsonl"
    assert main(["clean", "--jsonl", str(source), str(tmp_path / "raw" / "story" / "d.txt"), "--out", str(out)]) == 0
    dates = {r["id"]: r["date"] for r in map(json.loads, out.read_text("utf-8").splitlines())}
    assert dates == {"a": "2022-11-28", "b": "2022-12-03", "d": "2022-11-30"}


def test_clean_counts_a_sites_lines_by_the_url_of_each_input(tmp_path: Path) -> None:
    """A JSON line's `url` (and the cluster.json beside a file) names the page's site, as in a build:
    a line on two pages of one site is its template; on one page of another site it stays."""
    body = "The council approved the flood defence budget on Monday after a long debate that ran late."
    pages = {"a": "https://www.gazette.co.uk/a", "c": "https://other.com/c"}
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": i, "text": f"{body}\n\nHarbour Gazette Weekend Pages", "url": url}) + "\n"
                              for i, url in pages.items()), "utf-8")
    write_cluster(tmp_path / "raw", "story", {"d.txt": f"{body}\n\nHarbour Gazette Weekend Pages"},
                  {"summary": "S.", "summary_author": "A", "documents": {"d.txt": {"url": "https://gazette.co.uk/d"}}})
    out = tmp_path / "out.jsonl"
    assert main(["clean", "--jsonl", str(source), str(tmp_path / "raw" / "story" / "d.txt"), "--out", str(out)]) == 0
    results = {r["id"]: r for r in map(json.loads, out.read_text("utf-8").splitlines())}
    assert {i: [x["rule"] for x in r["removed"]] for i, r in results.items()} == {
        "a": ["site_repeated_v4"], "c": [], "d": ["site_repeated_v4"]}


def test_clean_loads_only_the_cleaner() -> None:
    """`clean` runs per file or per batch: the CLI must not import the pipeline's heavy libraries to start."""
    heavy = ("pyarrow", "datasets", "jsonschema", "ftfy", "importlib.metadata", "newsclusters.release.build")
    probe = f"import sys, newsclusters.cli; print([m for m in {heavy!r} if m in sys.modules])"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_version_is_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    declared = json.loads((Path(__file__).parents[1] / "scripts/newsclusters/releases.json").read_text("utf-8"))[-1]["version"]
    assert exit_.value.code == 0 and capsys.readouterr().out == f"newsclusters {declared}\n"


# Each bad --jsonl line and what clean says of it. A key given twice cleaned the second text, a `url` that is no string
# quietly turned the site's rule off, a line that is not UTF-8 stopped the read, named by a read buffer's offset, and a
# date a build's schema refuses was printed as the document's.
BAD_CLEAN_LINES = [
    (b'{"id": "p1"}', "1, record 'p1', field 'text': missing (the line has 'id')"),
    (b'{"id": "p2", "text": "Fine."}', None),
    (b"[1]", '3: expected a JSON object ({"id": ..., "text": ...}), got an array'),
    (b'{"id": "p4", "text": null}', "4, record 'p4', field 'text': expected a string, got null"),
    (b'{"id": ', "5: invalid JSON at column 8: Expecting value"),
    (b'{"id": "a", "text": "first", "text": "second"}', "6: invalid JSON at column 30: duplicate key 'text'"),
    (b'{"id": "b", "text": "Fine.", "url": 3}', "7, record 'b', field 'url': expected a string, got a number"),
    (b'{"id": "caf\xe9", "text": "x"}', "8: not valid UTF-8 at byte 12 of the line"),
    (b'{"id": "c", "text": "Fine.", "date": "yesterday"}', "9, record 'c', field 'date': expected a date as YYYY-MM-DD, got 'yesterday'"),
    (b'{"id": "d", "text": "Fine.", "date": "2022-02-30"}', "10, record 'd', field 'date': expected a date as YYYY-MM-DD, got '2022-02-30'"),
]


def test_clean_jsonl_names_every_bad_line_before_cleaning_any(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"".join(line + b"\n" for line, _ in BAD_CLEAN_LINES))
    assert main(["clean", "--jsonl", str(source)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "9 problems; nothing was cleaned" in err  # not the first alone, and no output
    for _, message in BAD_CLEAN_LINES:
        assert message is None or f"{source}:{message}" in err, message


def test_clean_names_the_file_with_an_impossible_date_header(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.txt"
    page.write_text(" date 2022-13-45 The story starts here.\n", "utf-8")
    assert main(["clean", str(page)]) == 1
    assert f"{page}, record 'page', field 'date': line 1: date header 'date 2022-13-45'" in capsys.readouterr().err


def test_build_error_is_one_message_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    (raw / "balenciaga-campaign-apology-2022" / "cluster.json").write_text("{broken", "utf-8")
    out = tmp_path / "dataset"
    assert main(["build", "--raw", str(raw), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "cluster.json: invalid JSON at line 1 column 2" in err and "Traceback" not in err
    assert not out.exists()


def test_verify_names_what_else_is_in_the_release_folder(tmp_path: Path, seed_raw: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "dataset"
    shutil.copytree(seed_raw, out / "raw")
    assert main(["build", "--raw", str(out / "raw"), "--out", str(out)]) == 0
    assert main(["verify", "--raw", str(out / "raw"), "--out", str(out)]) == 0
    assert "also in" not in capsys.readouterr().out  # the raw folder inside it is not "else"
    (out / "notes.txt").write_text("mine", "utf-8")
    (out / "baselines").mkdir()
    assert main(["verify", "--raw", str(out / "raw"), "--out", str(out)]) == 0
    assert f"also in {out}, not part of the release (no checksum covers them): baselines/, notes.txt" in capsys.readouterr().out


def test_a_card_copy_that_cannot_be_written_fails_the_build_before_the_swap(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    out, raw = tmp_path / "dataset", tmp_path / "raw"
    shutil.copytree(RAW, raw)
    write_cluster(raw, "second-story", {"a.txt": "Second Story Headline\n\nIt happened on Tuesday.\n\nMore later."})
    assert main(["build", "--raw", str(raw), "--out", str(out)]) == 0  # a release the next build would replace
    before = tree_bytes(out)
    card = tmp_path / "no-such-folder" / "DATACARD.md"
    capsys.readouterr()
    assert main(["build", "--raw", str(RAW), "--out", str(out), "--card", str(card)]) == 1
    err = capsys.readouterr().err
    assert f"{card}: can't be written (no folder {card.parent}); nothing was published" in err
    assert "Traceback" not in err and tree_bytes(out) == before


def test_build_verify_validate_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "dataset"
    card = tmp_path / "DATACARD.md"
    assert main(["build", "--raw", str(RAW), "--out", str(out), "--card", str(card)]) == 0
    assert card.read_bytes() == (out / "README.md").read_bytes()
    assert main(["verify", "--raw", str(RAW), "--out", str(out), "--card", str(card)]) == 0
    assert main(["validate", str(out)]) == 0
    assert main(["validate", "--raw", str(RAW)]) == 0
    capsys.readouterr()
    before = tree_bytes(out)
    (out / "README.md").write_text("tampered", "utf-8")
    assert main(["verify", "--raw", str(RAW), "--out", str(out)]) == 1
    assert "README.md: SHA-256 differs from SHA256SUMS" in capsys.readouterr().err
    assert set(tree_bytes(out)) == set(before)


def test_validate_rejects_a_release_with_a_wrong_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = tmp_path / "dataset"
    assert main(["build", "--raw", str(RAW), "--out", str(out)]) == 0
    path = out / "data" / "documents" / "test-00000-of-00001.parquet"
    table = pq.read_table(path)
    pq.write_table(table.drop_columns(["url"]).append_column("link", pa.array([None] * table.num_rows, pa.string())), path)
    assert main(["validate", str(out)]) == 1
    err = capsys.readouterr().err
    assert ("Parquet schema differs from schema/document.schema.json: missing column 'url'; "
            "unexpected column 'link'") in err


def test_a_schema_difference_names_the_column_and_the_types() -> None:
    import pyarrow as pa

    from newsclusters.pipeline.records import arrow_schema
    from newsclusters.release.check import schema_differences

    expected = arrow_schema("documents")
    text = expected.get_field_index("text")
    assert schema_differences(expected, expected) == []
    assert schema_differences(expected.set(text, pa.field("text", pa.large_string())), expected) == [
        "column 'text' is large_string, expected string"]
    flipped = expected.set(text, expected.field(text).with_nullable(not expected.field(text).nullable))
    assert schema_differences(flipped, expected) == [
        f"column 'text' is {'' if flipped.field(text).nullable else 'not '}nullable, expected the opposite"]
    swapped = pa.schema([expected.field(1), expected.field(0), *list(expected)[2:]])
    assert schema_differences(swapped, expected)[0].startswith(f"columns in the order {swapped.names[0]}, ")


def test_validate_checks_the_parquet_layout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "dataset"
    assert main(["build", "--raw", str(RAW), "--out", str(out)]) == 0
    path = out / "data" / "documents" / "test-00000-of-00001.parquet"
    table = pq.read_table(path)
    pq.write_table(table, path, write_page_index=False)  # same rows, no page index
    assert main(["validate", str(out)]) == 1
    assert "row group 0 has no page index" in capsys.readouterr().err


@pytest.mark.parametrize("damage", ["truncated", "overwritten", "pages corrupted"])
def test_validate_lists_a_corrupt_parquet_file_without_a_traceback(
    damage: str, seed_release: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "dataset"
    shutil.copytree(seed_release, out)
    path = out / "data" / "documents" / "test-00000-of-00001.parquet"
    data = bytearray(path.read_bytes())
    if damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "overwritten":
        data = bytearray(b"not a Parquet file")
    else:
        data[len(data) // 3: len(data) // 3 + 64] = bytes(b ^ 0xFF for b in data[len(data) // 3: len(data) // 3 + 64])
    path.write_bytes(bytes(data))
    assert main(["validate", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.startswith("newsclusters validate: 2 problems; the release failed its checks:")
    assert f"{path}: SHA-256 differs from SHA256SUMS" in err and f"{path}: not a readable Parquet file (" in err


def test_validate_raw_says_what_a_build_would_do(seed_raw: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--raw", str(seed_raw)]) == 0
    assert capsys.readouterr().out == f"{seed_raw}: 1 cluster and 5 documents would be published; no problems\n"
    with_empty = tmp_path / "with-empty"
    shutil.copytree(seed_raw, with_empty)
    (with_empty / SEED_CLUSTER.name / "009_empty.txt").write_text(" \n", "utf-8")
    assert main(["validate", "--raw", str(with_empty)]) == 0  # one drop is within what a build allows
    assert capsys.readouterr().out.splitlines()[1:] == [
        "left out: 1 document (empty_document 1)", f"  {SEED_CLUSTER.name}/009_empty.txt: empty_document (no text)"]
    raw = tmp_path / "raw"
    write_cluster(raw, "story", {"a.txt": "Text."}, {"summary": " ", "summary_author": "A"})
    assert main(["validate", "--raw", str(raw)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("newsclusters validate: 1 problem; a build would fail; nothing was written:\n")
    assert "$.summary: must not be blank (it is ' ')" in err and "published" not in err
    write_cluster(raw, "many-empty", {f"{i}.txt": "" for i in range(4)})
    (raw / "story" / "cluster.json").write_text(json.dumps({"summary": "S.", "summary_author": "A"}), "utf-8")
    assert main(["validate", "--raw", str(raw)]) == 1
    err = capsys.readouterr().err
    assert "4 of 5 documents rejected" in err and "a build would fail; nothing was written" in err
    assert "published" not in err


def test_verify_of_a_corpus_that_does_not_build_says_so(seed_release: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    raw = tmp_path / "raw"
    write_cluster(raw, "story", {"a.txt": b"\xff"})
    assert main(["verify", "--raw", str(raw), "--out", str(seed_release)]) == 1
    err = capsys.readouterr().err
    assert "1 problem; the raw texts do not build, so the release cannot be verified:" in err
    assert "a.txt, record 'story/a', field 'text': not valid UTF-8" in err


def test_build_and_verify_keep_a_root_copy_of_citation_cff(tmp_path: Path, seed_raw: Path) -> None:
    out, card, citation = tmp_path / "dataset", tmp_path / "card.md", tmp_path / "CITATION.cff"
    assert main(["build", "--raw", str(seed_raw), "--out", str(out), "--card", str(card), "--citation", str(citation)]) == 0
    assert citation.read_bytes() == (out / "CITATION.cff").read_bytes()
    assert main(["verify", "--raw", str(seed_raw), "--out", str(out), "--card", str(card), "--citation", str(citation)]) == 0
    citation.write_text("stale\n", "utf-8")
    assert main(["verify", "--raw", str(seed_raw), "--out", str(out), "--citation", str(citation)]) == 1


def test_make_passes_args_on_to_build_and_verify() -> None:
    """`make dataset ARGS="--max-rejected 0.2"`: a small corpus's curator must reach the options through make."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    for target, command in (("dataset", "build"), ("verify", "verify")):
        shown = subprocess.run(["make", "-n", "-o", ".venv/.build-stamp", "-C", str(ROOT), target,
                                "ARGS=--max-rejected 0.2"], capture_output=True, text=True, check=True).stdout
        assert f"newsclusters {command} --max-rejected 0.2" in shown, shown


def test_a_new_release_reinstalls_the_package_alone() -> None:
    """After `newsclusters release` (releases.json changed), `make dataset` refreshes the package's version,
    not the 500 MB of locked dependencies."""
    if shutil.which("make") is None or not (ROOT / ".venv" / ".build-stamp").exists():
        pytest.skip("make is not installed, or the environment was not made by make")
    shown = subprocess.run(["make", "-n", "-W", "scripts/newsclusters/releases.json", "-C", str(ROOT), "dataset"],
                           capture_output=True, text=True, check=True).stdout
    installs = [line for line in shown.splitlines() if " install " in line]
    assert len(installs) == 1 and "--no-deps -e ." in installs[0], shown


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_build_shows_progress_on_a_terminal(seed_raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["build", "--raw", str(seed_raw), "--out", str(tmp_path / "dataset"), "--card", str(tmp_path / "card.md")]) == 0
    shown = terminal.getvalue()
    for stage in ("count lines", "read+clean+validate", "check corpus", "split+write", "card+checksums"):
        assert f"\r{stage}: 0/1 part, 0 documents, " in shown  # the stage's clock starts when it starts
        assert f"\r{stage}: 1/1 part, 5 documents, " in shown
    # (A note that this is a preview follows once a curator's release holds more than the bundled cluster.)
    finished = [line.rsplit("\r", 1)[-1] for line in shown.split("\n") if line and not line.startswith("note: ")]
    assert len(finished) == 5  # each finished stage keeps its line
    for line in finished:  # a near-instant stage shows its time, not a rate measured over a few milliseconds
        assert re.fullmatch(r"[a-z+ ]+: 1/1 part, 5 documents, (\d+\.\d s|[\d,]+ docs/s)\s*", line), line


def test_build_is_quiet_when_not_on_a_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--raw", str(RAW), "--out", str(tmp_path / "dataset"), "--card", str(tmp_path / "card.md")]) == 0
    assert "docs/s" not in capsys.readouterr().err


def test_rebuilding_the_published_folder_into_other_bytes_says_so(
        seed_raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """`make dataset` after adding a cluster rebuilds dataset/ under its old version: said, not found at release."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)  # the committed raw texts, whatever a curator added: they build the published bytes
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--raw", str(raw)]) == 0  # the bundled raw texts: the published bytes again
    assert "no longer the published" not in capsys.readouterr().err
    write_cluster(raw, "new-story", {"000_a.txt": "A new story about something else entirely, told at length."},
                  {"summary": "S.", "summary_author": "A"})
    assert main(["build", "--raw", str(raw)]) == 0
    err = capsys.readouterr().err
    assert f"note: dataset is no longer the published {load_releases()[-1].version}" in err
    # The build rewrote the root's copies of the card, citation and changelog too: restored with the folder.
    assert "git checkout HEAD -- dataset ':!dataset/raw' DATACARD.md CITATION.cff CHANGELOG.md" in err
    assert "git clean -f -- dataset ':!dataset/raw'" in err
    # Its bytes are what the scripts build, but it is not the version its card names: verify says so.
    assert main(["verify", "--raw", str(raw)]) != 0
    assert f"dataset is no longer the published {load_releases()[-1].version}" in capsys.readouterr().err


@pytest.mark.parametrize("spelled", ["absolute", "link"])
def test_the_default_folder_written_another_way_is_the_default(
        seed_raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        spelled: str) -> None:
    """`--out $PWD/dataset` is `--out dataset`: the root copies are written and checked with it (they
    were skipped, and the root's CITATION.cff went on naming the old version)."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    monkeypatch.chdir(tmp_path)
    out = str(tmp_path / "dataset")
    if spelled == "link":  # a link to the default folder (pathlib makes './dataset/' 'dataset' by itself)
        (tmp_path / "dataset").mkdir()
        (tmp_path / "published").symlink_to(tmp_path / "dataset")
        out = "published"
    assert main(["build", "--raw", str(raw), "--out", out]) == 0
    assert {"DATACARD.md", "CITATION.cff", "CHANGELOG.md"} <= {p.name for p in tmp_path.iterdir()}
    write_cluster(raw, "new-story", {"000_a.txt": "A new story about something else entirely, told at length."},
                  {"summary": "S.", "summary_author": "A"})
    capsys.readouterr()
    assert main(["build", "--raw", str(raw), "--out", out]) == 0
    assert f"note: {Path(out)} is no longer the published {load_releases()[-1].version}" in capsys.readouterr().err


def test_a_build_elsewhere_of_other_raw_texts_says_it_is_a_preview(
        seed_raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw, out = tmp_path / "raw", tmp_path / "preview"
    shutil.copytree(RAW, raw)  # the committed raw texts: they build the published bytes
    assert main(["build", "--raw", str(raw), "--out", str(out)]) == 0  # the published bytes: nothing to say
    assert "preview" not in capsys.readouterr().err
    write_cluster(raw, "new-story", {"000_a.txt": "A new story about something else entirely, told at length."},
                  {"summary": "S.", "summary_author": "A"})
    assert main(["build", "--raw", str(raw), "--out", str(out)]) == 0
    assert f"note: {out} is a preview, not the published {load_releases()[-1].version}" in capsys.readouterr().err


def test_a_raw_folder_inside_an_entry_a_build_replaces_is_refused(
        seed_raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = tmp_path / "dataset" / "data" / "raw"  # a build swaps data/ out, and the raw texts with it
    shutil.copytree(seed_raw, raw)
    before = tree_bytes(tmp_path)
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "dataset")]) == 1
    assert "which a build replaces, raw texts and all" in capsys.readouterr().err
    assert tree_bytes(tmp_path) == before


@pytest.mark.parametrize("out", [".", "release"])
def test_a_release_folder_that_is_the_raw_folder_or_inside_it_is_refused(
        seed_raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], out: str) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(seed_raw, raw)
    before = tree_bytes(raw)
    assert main(["build", "--raw", str(raw), "--out", str(raw / out)]) == 1
    assert "would be the raw folder" in capsys.readouterr().err
    assert tree_bytes(raw) == before and sorted(p.name for p in tmp_path.iterdir()) == ["raw"]


def test_ingest_map_keys_lists_every_key_with_its_meaning(capsys: pytest.CaptureFixture[str]) -> None:
    from newsclusters.ingest.generic_jsonl import MAP_KEYS

    with pytest.raises(SystemExit) as done:
        main(["ingest", "--map-keys"])
    assert done.value.code == 0
    shown = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in shown] == list(MAP_KEYS)
    assert all(meaning in line for line, (_, meaning) in zip(shown, MAP_KEYS.values()))


def test_clean_out_is_written_whole_or_not_at_all(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "in.jsonl"
    bad.write_text('{"id": "a", "text": "Fine."}\n{"id": "b", "text": 3}\n', encoding="utf-8")
    assert main(["clean", "--jsonl", str(bad), "--out", str(tmp_path / "out.jsonl")]) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]  # no OUT, no temporary file
    assert "in.jsonl:2, record 'b', field 'text': expected a string, got a number" in capsys.readouterr().err


def test_a_release_folder_given_as_raw_points_at_its_raw_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--raw", str(RAW.parent)]) == 1
    assert f"{RAW.parent}: a release folder, not a raw folder: did you mean --raw {RAW}?" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "message"), [
    (["evaluate", "--predictions", "p.jsonl", "--resamples", "0"], "--resamples: must be at least 1, got 0"),
    (["evaluate", "--predictions", "p.jsonl", "--seed", "-1"], "--seed: must be at least 0, got -1"),
    (["bench", "--docs", "-1"], "--docs: must be at least 1, got -1"),
    (["bench", "--docs", "ten"], "--docs: not an integer: 'ten'"),
    (["build", "--workers", "0"], "--workers: must be at least 1, got 0"),
    (["build", "--max-rejected", "2"], "--max-rejected: must be a share between 0 and 1, got 2"),
    (["build", "--max-rejected", "nan"], "--max-rejected: must be a share between 0 and 1, got nan"),
    (["build", "--max-file-bytes", "0"], "--max-file-bytes: must be at least 1, got 0"),
    (["validate", "dataset", "--max-line-chars", "-1"], "--max-line-chars: must be at least 1, got -1"),
    (["ingest", "jsonl", "x.jsonl", "--out", "raw", "--shard-mb", "0"], "--shard-mb: must be above 0, got 0"),
    (["audit", "--top", "0"], "--top: must be at least 1, got 0"),
    (["baselines", "--workers", "-2"], "--workers: must be at least 1, got -2"),
])
def test_out_of_range_options_are_usage_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Refused by argparse before any work, instead of a traceback from deep inside (or a silent default)."""
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2 and message in capsys.readouterr().err


def test_option_choices_and_defaults_are_the_library_s() -> None:
    """The CLI names the ingest formats and a few defaults without importing the modules that define them
    (start-up time): this holds each copy to its source."""
    import inspect

    from newsclusters.cli import parser
    from newsclusters.ingest import FORMATS, Options
    from newsclusters.ingest.common import SHARD_SPLITS
    from newsclusters.research import audit, rouge

    def option(command: str, flag: str) -> argparse.Action:
        sub = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))  # noqa: SLF001
        return next(a for a in sub.choices[command]._actions if flag in a.option_strings or a.dest == flag)  # noqa: SLF001

    assert tuple(option("ingest", "format").choices) == tuple(FORMATS)
    assert tuple(option("ingest", "--split").choices) == SHARD_SPLITS
    assert option("ingest", "--shard-mb").default == Options().shard_mb
    assert option("evaluate", "--resamples").default == inspect.signature(rouge.bootstrap).parameters["resamples"].default
    assert option("evaluate", "--seed").default == inspect.signature(rouge.bootstrap).parameters["seed"].default
    assert option("audit", "--top").default == inspect.signature(audit.audit_rows).parameters["top"].default


def test_clean_jsonl_that_cannot_be_read_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "latin.jsonl").write_bytes(b'{"id": "a", "text": "caf\xe9"}\n')
    for path, message in ((tmp_path / "absent.jsonl", ": cannot read: No such file"),
                          (tmp_path / "latin.jsonl", ":1: not valid UTF-8 at byte 25 of the line")):
        assert main(["clean", "--jsonl", str(path)]) == 1
        err = capsys.readouterr().err
        assert f"{path}{message}" in err and "Traceback" not in err


def test_build_says_what_it_left_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A dropped article or cluster (an official test example of an ingested corpus, say) is said on the console,
    not only in rejections.jsonl and the card."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "before")]) == 0
    assert "left out" not in capsys.readouterr().out
    write_cluster(raw, "empty-story", {"a.txt": " \n", "b.txt": ""}, {"summary": "S.", "summary_author": "A"})
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "after")]) == 0
    out = capsys.readouterr().out
    assert (f"left out: 2 documents (empty_document 2), 1 cluster (empty_cluster 1); each is listed in "
            f"{tmp_path / 'after' / 'rejections.jsonl'}") in out


def test_output_to_a_reader_that_went_away_ends_quietly(seed_release: Path) -> None:
    """`newsclusters diff A B | head -1`: the reader closes the pipe; nothing on stderr, a non-zero status."""
    command = [sys.executable, "-c", "import sys; from newsclusters.cli import main; sys.exit(main(sys.argv[1:]))",
               "diff", str(seed_release), str(seed_release)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # gone before the first line is written
    err = process.stderr.read().decode()
    assert process.wait() == 1
    assert err == ""


def test_a_broken_pipe_that_is_not_stdout_is_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a reader that went away ends quietly: a worker's pipe breaking is a fault to show."""
    import newsclusters.cli as cli

    def broken(_: argparse.Namespace) -> None:
        raise BrokenPipeError("a worker's pipe")

    monkeypatch.setattr(cli, "cmd_audit", broken)
    with pytest.raises(BrokenPipeError, match="a worker's pipe"):
        cli.main(["audit"])


def test_every_command_and_argument_says_what_it_is() -> None:
    """`--help` is where a curator looks first: no command, option or positional argument without a line."""
    from newsclusters.cli import parser

    sub = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))  # noqa: SLF001
    helped = {a.dest for a in sub._choices_actions if a.help}  # noqa: SLF001
    silent = [name for name in sub.choices if name not in helped]
    silent += [f"{name} {a.option_strings[0] if a.option_strings else a.dest}"
               for name, command in sub.choices.items() for a in command._actions  # noqa: SLF001
               if not a.help and not isinstance(a, argparse._HelpAction)]  # noqa: SLF001
    assert silent == []
