"""The Multi-News view: separator, round trip, JSON Lines and Parquet exports, the `datasets` view."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import datasets
import pytest

from newsclusters.errors import ResearchInputError
from newsclusters.files import write_atomically
from newsclusters.release.build import build_release
from newsclusters.research.multinews_view import (
    MULTINEWS_SEPARATOR,
    export_multinews,
    jsonl_line,
    multinews_view,
    to_multinews,
)
from newsclusters.research.release import iter_clusters

from conftest import RELEASE, split_rows, tree_bytes, write_cluster


def cluster(*texts: str) -> dict:
    return {"cluster_id": "c1", "summary": "A summary.", "summary_author": "Someone",
            "documents": [{"doc_id": f"c1/{i:03d}", "title": f"Title {i}", "text": t} for i, t in enumerate(texts)]}


def test_documents_are_joined_with_the_separator_and_split_back():
    texts = ["First article.\nSecond paragraph.", "Another | article with a pipe.", "Third."]
    view = to_multinews(cluster(*texts))
    assert list(view) == ["document", "summary", "cluster_id"]
    assert MULTINEWS_SEPARATOR == " ||||| "
    assert view["document"] == "First article.\nSecond paragraph. ||||| Another | article with a pipe. ||||| Third."
    assert view["document"].split(MULTINEWS_SEPARATOR) == texts
    assert [part.strip() for part in view["document"].split("|||||")] == texts  # how Multi-News scripts split
    assert view["summary"] == "A summary." and view["cluster_id"] == "c1"
    assert "Title" not in view["document"]


def test_documents_as_a_dict_of_lists_give_the_same_view():
    row = cluster("One.", "Two.")
    columns = {"doc_id": [d["doc_id"] for d in row["documents"]], "text": [d["text"] for d in row["documents"]]}
    assert to_multinews({**row, "documents": columns}) == to_multinews(row)


def test_a_document_containing_the_separator_is_refused():
    with pytest.raises(ResearchInputError, match=r"record 'c1', field 'documents'.*document 1 contains '\|\|\|\|\|'"):
        to_multinews(cluster("Fine.", "Broken |||||"))


def test_jsonl_line_is_one_line_of_utf8_json():
    line = jsonl_line({"document": "Café\nline\u2028two", "summary": "s", "cluster_id": "c"})
    assert line.count("\n") == 1 and line.endswith("\n") and len(line.splitlines()) == 1
    assert "Café" in line
    assert json.loads(line) == {"document": "Café\nline\u2028two", "summary": "s", "cluster_id": "c"}


def expected_rows() -> list[dict]:
    return [to_multinews(row) for row in iter_clusters(RELEASE, "test")]


def names(folder: Path) -> set[str]:
    """The release's file names: a cache or lock file written into it would show up here."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def test_export_jsonl_from_the_bundled_release(tmp_path: Path):
    before = names(RELEASE)
    splits = split_rows(RELEASE, "clusters")
    assert export_multinews(RELEASE, tmp_path / "mn") == splits
    assert sorted(p.name for p in (tmp_path / "mn").iterdir()) == sorted(f"{s}.jsonl" for s in splits)  # nothing else
    lines = (tmp_path / "mn" / "test.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == expected_rows()
    assert list(json.loads(lines[0])) == ["document", "summary", "cluster_id"]
    loaded = datasets.load_dataset("json", data_files={"test": str(tmp_path / "mn" / "test.jsonl")})["test"]
    assert loaded.column_names == ["document", "summary", "cluster_id"]
    assert loaded.to_list() == expected_rows()
    first = next(iter_clusters(RELEASE, "test"))
    assert len(loaded[0]["document"].split(MULTINEWS_SEPARATOR)) == len(first["documents"])
    assert names(RELEASE) == before


def test_an_export_replaces_an_earlier_one_and_leaves_no_split_of_it(tmp_path: Path, seed_release: Path):
    out = tmp_path / "mn"
    out.mkdir()
    for stale in ("train.jsonl", "validation.jsonl", "test.parquet"):  # another release's view, the other format
        (out / stale).write_text("{}\n", encoding="utf-8")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    export_multinews(seed_release, out)  # the bundled cluster alone: a test split only
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt", "test.jsonl"]


def test_a_failed_export_leaves_the_folder_as_it_was(tmp_path: Path, seed_release: Path):
    """The test split is the last written: a document there that holds the separator fails the export after
    the other splits are written, and none of them may replace the earlier export's (a view of two releases)."""
    raw = tmp_path / "raw"
    write_cluster(raw, "fine", {"a.txt": "A story told in full.\n\nIt went on."},
                  {"summary": "A story.", "summary_author": "T", "split": "train"})
    write_cluster(raw, "piped", {"a.txt": "Scores: 3 ||||| 4, the board said.\n\nMore after."},
                  {"summary": "Scores.", "summary_author": "T", "split": "test"})
    release = tmp_path / "release"
    build_release(raw, release)
    out = tmp_path / "mn"
    export_multinews(seed_release, out)
    before = tree_bytes(out)
    with pytest.raises(ResearchInputError, match=rf"{release}, test split, record 'piped', field 'documents': "
                                                 r"document 0 contains '\|\|\|\|\|'"):
        export_multinews(release, out)
    assert tree_bytes(out) == before  # no train.jsonl of the new release beside the old test.jsonl, no temporary


def test_exported_and_released_files_get_the_umask_s_permissions(tmp_path: Path):
    """A temporary file renamed into place used to keep tempfile's 0600: unreadable to the machine's other users."""
    import os

    previous = os.umask(0o022)
    try:
        export_multinews(RELEASE, tmp_path / "mn")
        write_atomically(tmp_path / "card.md", b"x")
    finally:
        os.umask(previous)
    assert (tmp_path / "mn" / "test.jsonl").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "card.md").stat().st_mode & 0o777 == 0o644


def test_export_parquet_from_the_bundled_release(tmp_path: Path):
    assert export_multinews(RELEASE, tmp_path / "mn", fmt="parquet") == split_rows(RELEASE, "clusters")
    loaded = datasets.load_dataset("parquet", data_files={"test": str(tmp_path / "mn" / "test.parquet")})["test"]
    assert loaded.column_names == ["document", "summary", "cluster_id"]
    assert loaded.to_list() == expected_rows()


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_exports_are_byte_for_byte_repeatable(tmp_path: Path, fmt: str):
    export_multinews(RELEASE, tmp_path / "one", fmt)
    export_multinews(RELEASE, tmp_path / "two", fmt)
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")


def test_view_of_the_loaded_dataset_equals_the_export(tmp_path: Path):
    before = names(RELEASE)
    test = datasets.load_dataset(str(RELEASE))["test"]
    view = multinews_view(test)
    assert view.column_names == ["document", "summary", "cluster_id"]
    export_multinews(RELEASE, tmp_path / "mn")
    exported = [json.loads(line) for line in (tmp_path / "mn" / "test.jsonl").read_text("utf-8").splitlines()]
    assert view.to_list() == exported
    assert view.cache_files == []  # kept in memory: nothing written next to the data
    assert names(RELEASE) == before


def test_view_refuses_a_dataset_that_is_not_the_clusters_config():
    with pytest.raises(ResearchInputError, match="not the clusters config"):
        multinews_view(datasets.Dataset.from_dict({"doc_id": ["a"], "text": ["b"]}))


def test_export_refuses_a_folder_that_is_not_a_release(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(ResearchInputError, match="not a NewsClusters release"):
        export_multinews(tmp_path / "empty", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_export_refuses_an_unknown_format_and_a_folder_inside_the_release(tmp_path: Path):
    release = tmp_path / "release"
    shutil.copytree(RELEASE / "data", release / "data")
    with pytest.raises(ResearchInputError, match="unknown export format 'csv'"):
        export_multinews(release, tmp_path / "out", fmt="csv")
    with pytest.raises(ResearchInputError, match="inside the release"):
        export_multinews(release, release / "multinews")
    assert not (release / "multinews").exists()
