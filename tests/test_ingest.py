"""Ingest: corpora in their published formats -> raw JSONL shards the build reads."""

from __future__ import annotations

import gzip
import inspect
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from newsclusters.errors import ResearchInputError, ResearchInputErrors
from newsclusters.ingest import FORMATS, IngestResult, ingest, multinews, parse_mapping, wcep
from newsclusters.ingest.common import Naming, Options, split_articles, split_from_name
from newsclusters.limits import Limits
from newsclusters.pipeline.corpus import CORPUS, Corpus, License, corpus_text
from newsclusters.pipeline.validate import problems
from newsclusters.release.build import build_release

from conftest import FIXTURES, tree_bytes

CORPORA = FIXTURES / "corpora"
MULTINEWS = CORPORA / "multinews"
HF = CORPORA / "multinews-hf"
WCEP = CORPORA / "wcep" / "test.jsonl"
DUC = CORPORA / "jsonl" / "duc-style-test.jsonl"
DUC_MAP = {"summary": "abstract", "documents": "articles", "text": "body", "id": "uid", "title": "headline",
           "doc_id": "docno", "doc_date": "published", "category": "topic"}


def shard_lines(path: Path) -> list[dict[str, Any]]:
    with path.open("rb") as handle, zstandard.ZstdDecompressor().stream_reader(handle) as reader:
        return [json.loads(line) for line in io.TextIOWrapper(reader, encoding="utf-8")]


def lines_of(raw: Path) -> list[dict[str, Any]]:
    """Every line of every shard in `raw`, shards in name order."""
    return [line for path in sorted(raw.glob("*.jsonl.zst")) for line in shard_lines(path)]


def clusters_of(lines: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {line["cluster_id"]: line for line in lines if line["type"] == "cluster"}


def documents_of(lines: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f"{line['cluster_id']}/{line['name']}": line for line in lines if line["type"] == "document"}


def gzipped(source: Path, target: Path) -> Path:
    """A deterministic gzip copy (mtime 0, no file name)."""
    with target.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as handle:
        handle.write(source.read_bytes())
    return target


def ingest_duc(out: Path, **options: Any) -> IngestResult:
    return ingest("jsonl", [DUC], out, name="duc-style", summary_author="DUC-style test corpus", mapping=DUC_MAP,
                  **options)


# --- multinews -----------------------------------------------------------------------------------

def test_multinews_fixture(tmp_path: Path) -> None:
    result = ingest("multinews", [MULTINEWS], tmp_path)
    assert (result.clusters, result.documents, result.empty_documents) == (8, 19, 1)
    assert {s: (c.clusters, c.documents, c.empty_documents, c.shards) for s, c in result.splits.items()} == {
        "validation": (4, 9, 0, 1), "test": (4, 10, 1, 1)}
    names = ["multinews-test-00000.jsonl.zst", "multinews-validation-00000.jsonl.zst"]
    assert [p.name for p in result.shards] == names
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.json", *names]  # no temporary files left
    assert result.summary().startswith("ingested 8 clusters (validation 4, test 4) with 19 documents (1 empty)")

    lines = lines_of(tmp_path)
    clusters, documents = clusters_of(lines), documents_of(lines)
    assert list(clusters) == [f"multinews-{split}-{i:06d}" for split in ("test", "validation") for i in range(4)]
    first = clusters["multinews-test-000000"]
    assert list(first) == ["type", "cluster_id", "summary", "summary_author", "split", "source_cluster_id"]
    assert first["summary"].startswith("Bus and light-rail drivers in Port Alder")  # the "– " bullet is gone
    assert first["summary_author"] == "Multi-News (Fabbri et al., 2019)"
    assert clusters["multinews-validation-000002"]["source_cluster_id"] == "val.src.cleaned:3"
    assert {c["split"] for i, c in clusters.items() if "-test-" in i} == {"test"}
    assert {c["split"] for i, c in clusters.items() if "-validation-" in i} == {"validation"}
    for line in lines:  # every line is a valid raw line
        assert problems("raw_line", line, source="shard", record_id=line["cluster_id"]) == []

    per_cluster = {cid: [d for d in documents.values() if d["cluster_id"] == cid] for cid in clusters}
    assert {cid: len(docs) for cid, docs in per_cluster.items()} == {
        "multinews-test-000000": 3, "multinews-test-000001": 3, "multinews-test-000002": 2,
        "multinews-test-000003": 2,  # the trailing ||||| ends the line; it adds no article
        "multinews-validation-000000": 2, "multinews-validation-000001": 2, "multinews-validation-000002": 3,
        "multinews-validation-000003": 2}
    for docs in per_cluster.values():
        assert [d["name"] for d in docs] == [f"{i:03d}" for i in range(len(docs))]
        assert [d["position"] for d in docs] == list(range(len(docs)))
    assert documents["multinews-test-000001/001"]["text"] == ""  # the empty article stays, for rejections.jsonl
    wire = documents["multinews-test-000000/001"]["text"]
    assert wire.startswith("PORT ALDER (AP) — Thousands of commuters") and "\n \n Advertisement \n \n" in wire
    assert not any(multinews.NEWLINE_TOKEN in d["text"] or d["text"] != d["text"].strip() for d in documents.values())


def test_multinews_output_is_the_same_bytes_every_time_and_in_any_order(tmp_path: Path) -> None:
    ingest("multinews", [MULTINEWS / "test.src", MULTINEWS / "val.src.cleaned"], tmp_path / "a")
    ingest("multinews", [MULTINEWS / "val.src.cleaned", MULTINEWS / "test.src", MULTINEWS / "test.tgt"],
           tmp_path / "b")
    assert tree_bytes(tmp_path / "a") == tree_bytes(tmp_path / "b")
    assert sorted(tree_bytes(tmp_path / "a")) == [
        "corpus.json", "multinews-test-00000.jsonl.zst", "multinews-validation-00000.jsonl.zst"]


def test_multinews_pieces() -> None:
    line = "First para. NEWLINE_CHAR NEWLINE_CHAR Second. |||||  ||||| Other NEWLINE_CHAR text |||||"
    assert multinews.articles(line) == ["First para. \n \n Second.", "", "Other \n text"]
    assert multinews.summary("– The summary – with a dash.\n") == "The summary – with a dash."
    assert multinews.summary("- A hyphen, as the loader strips.") == "A hyphen, as the loader strips."
    for kept in ("A well-known actor died at 90.", "The 9-year-old boy – and his sister – were found.",
                 "-5 C was the coldest night of the year."):  # only a leading bullet goes
        assert multinews.summary(kept + "\n") == kept
    assert split_articles("only one article") == ["only one article"]
    assert split_articles("") == [""]
    assert multinews.summary_candidates(Path("d/test.src.cleaned")) == [Path("d/test.tgt.cleaned"), Path("d/test.tgt")]
    assert multinews.summary_candidates(Path("train.txt.src.tokenized")) == [
        Path("train.txt.tgt.tokenized"), Path("train.txt.tgt")]


@pytest.mark.parametrize("name, split", [
    ("test.src", "test"), ("val.src.cleaned", "validation"), ("train.jsonl.gz", "train"),
    ("validation.parquet", "validation"), ("test-00000-of-00002.parquet", "test"), ("wcep_10_dev.jsonl", "validation"),
    ("duc-style-test.jsonl", "test"), ("articles.jsonl", None), ("train-test.jsonl", None),
])
def test_split_from_the_file_name(name: str, split: str | None) -> None:
    assert split_from_name(Path(name)) == split


def test_the_reader_is_a_generator() -> None:
    """Examples are streamed one at a time; nothing reads a whole file."""
    naming = Naming("multinews", "x", "test")
    assert inspect.isgenerator(multinews.read(MULTINEWS / "test.src", naming, Options()))
    assert inspect.isgenerator(wcep.read(WCEP, naming, Options()))


def test_a_large_split_is_cut_into_bounded_shards_between_clusters(tmp_path: Path) -> None:
    src, tgt = tmp_path / "train.src", tmp_path / "train.tgt"
    with src.open("w", encoding="utf-8") as s, tgt.open("w", encoding="utf-8") as t:
        for i in range(3000):
            articles = [f"Story {i} part {k}. NEWLINE_CHAR NEWLINE_CHAR " + f"Paragraph {i} {k} of news text. " * 8
                        for k in range(1 + i % 3)]
            s.write(" ||||| ".join(articles) + "\n")
            t.write(f"– Summary of example {i}.\n")
    limit_mb = 0.25
    result = ingest("multinews", [src], tmp_path / "raw", shard_mb=limit_mb)
    assert result.clusters == 3000 and result.documents == 1000 * (1 + 2 + 3)
    assert len(result.shards) >= 4 and result.splits["train"].shards == len(result.shards)
    assert [p.name for p in result.shards] == [f"multinews-train-{i:05d}.jsonl.zst" for i in range(len(result.shards))]
    seen: list[str] = []
    for path in result.shards:
        with path.open("rb") as handle, zstandard.ZstdDecompressor().stream_reader(handle) as reader:
            data = reader.read()
        assert len(data) <= limit_mb * 2**20
        lines = [json.loads(line) for line in data.splitlines()]
        assert lines[0]["type"] == "cluster"  # a shard starts with a cluster ...
        ids = [line["cluster_id"] for line in lines if line["type"] == "cluster"]
        assert {line["cluster_id"] for line in lines} == set(ids)  # ... and holds all of its documents
        seen += ids
    assert seen == [f"multinews-train-{i:06d}" for i in range(3000)]


# --- multinews-hf ----------------------------------------------------------------------------------

def test_multinews_hf_gives_the_same_lines_as_multinews(tmp_path: Path) -> None:
    hf = ingest("multinews-hf", [HF / "test.jsonl", HF / "validation.parquet"], tmp_path / "hf")
    ingest("multinews", [MULTINEWS], tmp_path / "mn")
    assert (hf.clusters, hf.documents, hf.empty_documents) == (8, 19, 1)
    assert [p.name for p in hf.shards] == ["multinews-test-00000.jsonl.zst", "multinews-validation-00000.jsonl.zst"]
    hf_lines, mn_lines = lines_of(tmp_path / "hf"), lines_of(tmp_path / "mn")
    assert clusters_of(hf_lines)["multinews-validation-000001"]["source_cluster_id"] == "validation.parquet:2"
    assert clusters_of(hf_lines)["multinews-test-000003"]["source_cluster_id"] == "test.jsonl:4"

    def without_origin(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in line.items() if k != "source_cluster_id"} for line in lines]

    assert without_origin(hf_lines) == without_origin(mn_lines)


def test_multinews_hf_reads_gzip_and_the_parts_of_one_split_in_order(tmp_path: Path) -> None:
    table = pq.read_table(HF / "validation.parquet")
    parts = tmp_path / "parts"
    parts.mkdir()
    pq.write_table(table.slice(0, 3), parts / "validation-00000-of-00002.parquet")
    pq.write_table(table.slice(3), parts / "validation-00001-of-00002.parquet")
    gzipped(HF / "test.jsonl", parts / "test.jsonl.gz")
    ingest("multinews-hf", [HF], tmp_path / "whole")
    result = ingest("multinews-hf", [parts], tmp_path / "split")
    assert result.splits["validation"].clusters == 4
    whole, split = lines_of(tmp_path / "whole"), lines_of(tmp_path / "split")
    assert [line["cluster_id"] for line in split] == [line["cluster_id"] for line in whole]
    last = clusters_of(split)["multinews-validation-000003"]
    assert last["source_cluster_id"] == "validation-00001-of-00002.parquet:1"  # the index ran on across parts

    (parts / "validation-00001-of-00002.parquet").unlink()
    with pytest.raises(ResearchInputError, match=r"validation split has 2 parts but 1 were given"):
        ingest("multinews-hf", [parts], tmp_path / "missing")


# --- wcep ----------------------------------------------------------------------------------------

def test_a_truncated_gzip_source_is_an_error_naming_it_and_writes_nothing(tmp_path: Path) -> None:
    whole = gzipped(WCEP, tmp_path / "whole.jsonl.gz").read_bytes()
    cut = tmp_path / "test.jsonl.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ResearchInputError, match=r"test\.jsonl\.gz: cannot read after line \d+: .*is the file complete"):
        ingest("wcep", [cut], tmp_path / "raw")
    assert not (tmp_path / "raw").exists()  # not even an empty folder
    with pytest.raises(ResearchInputError):
        ingest("wcep", [cut], tmp_path / "new" / "nested" / "raw")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["test.jsonl.gz", "whole.jsonl.gz"]  # nor the ones above


def test_a_line_that_is_not_utf8_is_one_bad_record_among_the_others(tmp_path: Path) -> None:
    # It stopped the read: the records before it in their batch were never checked, those after it never read.
    records = [json.loads(line) for line in WCEP.read_text(encoding="utf-8").splitlines()]
    records[0]["summary"] = ""
    records[2]["articles"][0]["title"] = 5
    source = tmp_path / "test.jsonl"
    source.write_bytes(b"\n".join([json.dumps(records[0]).encode(), b'{"id": "caf\xe9"}', json.dumps(records[2]).encode()]))
    with pytest.raises(ResearchInputErrors) as raised:
        ingest("wcep", [source], tmp_path / "raw")
    assert [e.line for e in raised.value.errors] == [1, 2, 3]
    assert "not valid UTF-8 at byte 12 of the line" in str(raised.value.errors[1])  # from 1, as the build counts


def test_a_source_cut_short_still_reports_the_bad_records_before_the_cut(tmp_path: Path) -> None:
    records = [json.loads(line) for line in WCEP.read_text(encoding="utf-8").splitlines()]
    records[0]["summary"] = ""
    text = "".join(json.dumps(r) + "\n" for r in records * 40).encode()
    whole = tmp_path / "whole.jsonl.gz"
    with whole.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as handle:
        handle.write(text)
    cut = tmp_path / "test.jsonl.gz"
    cut.write_bytes(whole.read_bytes()[:-40])
    with pytest.raises(ResearchInputErrors) as raised:
        ingest("wcep", [cut], tmp_path / "raw")
    messages = [str(e) for e in raised.value.errors]
    assert any("is the file complete" in m for m in messages)
    assert any(m.startswith(f"{cut}:1, ") and "'summary'" in m for m in messages), messages


def test_an_out_that_is_a_file_is_refused_by_name(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("notes", encoding="utf-8")
    with pytest.raises(ResearchInputError, match=r"afile: not a folder"):  # was FileExistsError's traceback
        ingest("wcep", [WCEP], tmp_path / "afile")
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "notes"


def test_wcep_keeps_every_field(tmp_path: Path) -> None:
    source = gzipped(WCEP, tmp_path / "test.jsonl.gz")
    result = ingest("wcep", [source], tmp_path / "raw")
    assert (result.clusters, result.documents, result.empty_documents) == (3, 7, 0)
    assert [p.name for p in result.shards] == ["wcep-test-00000.jsonl.zst"]
    lines = lines_of(tmp_path / "raw")
    clusters, documents = clusters_of(lines), documents_of(lines)
    assert clusters["wcep-test-000000"] == {
        "type": "cluster", "cluster_id": "wcep-test-000000",
        "summary": "A magnitude 6.1 earthquake strikes Veran Province, killing at least 12 people and damaging "
                   "hundreds of homes.",
        "summary_author": "WCEP (Gholipour Ghalandari et al., 2020)", "split": "test", "source_cluster_id": "120445",
        "date": "2019-03-14", "category": "Disasters and accidents"}
    cited = documents["wcep-test-000000/000"]
    assert {k: v for k, v in cited.items() if k != "text"} == {
        "type": "document", "cluster_id": "wcep-test-000000", "name": "000", "position": 0,
        "title": "Earthquake in Veran Province kills at least 12",
        "url": "https://www.example.com/world/2019/03/14/veran-earthquake", "date": "2019-03-14",
        "timestamp": "2019-03-14T08:12:00", "origin": "WCEP"}
    assert cited["text"].startswith("A magnitude 6.1 earthquake struck") and "\n\nShare on Facebook" in cited["text"]
    found = documents["wcep-test-000000/001"]
    assert (found["source_doc_id"], found["origin"], found["timestamp"], found["date"]) == (
        "5c2e1f0a9b7d4e38", "CommonCrawl", "2019-03-14 10:05:41", "2019-03-14")
    untitled = documents["wcep-test-000000/002"]  # title "" and time null: left out, not written empty
    assert "title" not in untitled and "timestamp" not in untitled and "date" not in untitled
    assert documents["wcep-test-000001/000"]["date"] == "2019-03-15"  # the day as written, whatever the zone
    assert wcep.day_of("March 16, 2019") is None and wcep.day_of("2019-03-14T23:10:00Z") == "2019-03-14"


def test_wcep_output_is_the_same_bytes_every_time(tmp_path: Path) -> None:
    ingest("wcep", [WCEP], tmp_path / "a")
    ingest("wcep", [gzipped(WCEP, tmp_path / "test.jsonl.gz")], tmp_path / "b")
    assert tree_bytes(tmp_path / "a") == tree_bytes(tmp_path / "b")


# --- jsonl ---------------------------------------------------------------------------------------

def test_jsonl_with_a_field_map(tmp_path: Path) -> None:
    result = ingest_duc(tmp_path / "raw")
    assert (result.clusters, result.documents) == (2, 4)
    lines = lines_of(tmp_path / "raw")
    cluster = clusters_of(lines)["duc-style-test-000000"]
    assert (cluster["source_cluster_id"], cluster["category"], cluster["split"], cluster["summary_author"]) == (
        "d30001t", "Weather", "test", "DUC-style test corpus")
    document = documents_of(lines)["duc-style-test-000000/001"]
    assert (document["title"], document["source_doc_id"], document["date"], document["position"]) == (
        "Farmers count losses as Tamsen stays high", "NYT19981017.0112", "1998-10-17", 1)
    assert document["text"].startswith("Share this article\nFarmers along the lower Tamsen")
    again = ingest_duc(tmp_path / "again")
    assert tree_bytes(tmp_path / "raw") == tree_bytes(tmp_path / "again")
    assert [p.name for p in again.shards] == ["duc-style-test-00000.jsonl.zst"]


def write_jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.mark.parametrize(("mapping", "named"), [
    ({"url": "link"}, "url=link"),  # the records say 'url'
    ({"id": "eid", "date": "when"}, "id=eid, date=when"),
    ({"doc_id": "story_id"}, "doc_id=story_id"),  # only in document objects, and these documents are strings
])
def test_a_mapped_field_no_record_has_is_an_error_and_nothing_is_written(
        tmp_path: Path, mapping: dict[str, str], named: str) -> None:
    """A misspelt --map field would drop that metadata from every cluster without a word."""
    source = write_jsonl(tmp_path / "corpus.jsonl", [
        {"summary": "S.", "id": "e1", "date": "2020-01-01", "story_id": 7,
         "documents": [{"text": "A.", "url": "https://example.com/a"}]},
        {"summary": "T.", "documents": ["B."]},
    ])
    with pytest.raises(ResearchInputError, match=f"--map: {named}: no value in any of the 2 records read"):
        ingest("jsonl", [source], tmp_path / "raw", name="typo", split="test", mapping=mapping)
    assert not (tmp_path / "raw").exists()


def test_a_mapped_field_some_records_have_is_kept_where_given(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "corpus.jsonl", [
        {"summary": "S.", "documents": [{"body": "A.", "link": "https://example.com/a"}]},
        {"summary": "T.", "documents": ["B."]},
    ])
    ingest("jsonl", [source], tmp_path / "raw", name="some", split="test", mapping={"text": "body", "url": "link"})
    assert [d.get("url") for d in documents_of(lines_of(tmp_path / "raw")).values()] == ["https://example.com/a", None]


def test_jsonl_document_shapes_summaries_and_splits(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "corpus.jsonl", [
        {"summary": "Two strings.", "documents": ["First article.", "Second article."], "part": "val"},
        {"summary": "Joined.", "documents": "One. ||||| Two. ||||| Three.", "part": "train"},
        {"summary": ["Reference A.", "Reference B."], "part": "test",
         "documents": [{"text": "Object document.", "url": "https://example.com/a"}]},
    ])
    result = ingest("jsonl", [source], tmp_path / "raw", name="mixed", mapping={"split": "part"}, summary_index=1)
    assert {s: c.clusters for s, c in result.splits.items()} == {"train": 1, "validation": 1, "test": 1}
    lines = lines_of(tmp_path / "raw")
    clusters, documents = clusters_of(lines), documents_of(lines)
    # the index is the example's place in its file, whatever split its record names
    assert sorted(clusters) == ["mixed-test-000002", "mixed-train-000001", "mixed-validation-000000"]
    assert clusters["mixed-test-000002"]["summary"] == "Reference B."
    assert clusters["mixed-test-000002"]["summary_author"] == "mixed"
    joined = [d["text"] for d in documents.values() if d["cluster_id"] == "mixed-train-000001"]
    assert joined == ["One.", "Two.", "Three."]
    assert documents["mixed-test-000002/000"]["url"] == "https://example.com/a"

    single = write_jsonl(tmp_path / "single.jsonl", [{"summary": "S.", "documents": "A :: B"}])
    ingest("jsonl", [single], tmp_path / "sep", name="sep", split="dev", separator="::")
    assert [line["text"] for line in lines_of(tmp_path / "sep")[1:]] == ["A", "B"]
    assert lines_of(tmp_path / "sep")[0]["split"] == "validation"


def test_placeholder_summaries_are_found_at_ingest_as_the_build_would(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "test.jsonl", [
        {"abstract": "The council voted to build the walls.", "documents": ["The council voted on Monday."]},
        {"abstract": "TBD", "documents": ["The walls will cost two million."]},
        {"abstract": "...", "documents": ["Work starts in May."]},
    ])
    with pytest.raises(ResearchInputErrors) as caught:
        ingest("jsonl", [source], tmp_path / "raw", name="duc", mapping={"summary": "abstract"})
    assert [(e.line, e.field) for e in caught.value.errors] == [(2, "abstract"), (3, "abstract")]
    assert "'TBD' is a placeholder" in str(caught.value) and "'...' has no words" in str(caught.value)
    assert not (tmp_path / "raw").exists() or not any((tmp_path / "raw").iterdir())


def test_a_corpus_without_splits_is_left_to_the_split_policy(tmp_path: Path) -> None:
    """--split unpinned: no pin in the lines, and the build assigns each cluster as it does an unpinned folder;
    clusters are named after their records' ids, so a record added above the others moves none of them."""
    import hashlib

    from newsclusters.pipeline.split import hashed_split

    records = [{"id": f"story-{i}", "summary": f"Story {i} in brief.",
                "documents": [f"Story {i}: the council voted on the walls."]} for i in range(30)]
    source = write_jsonl(tmp_path / "my_corpus.jsonl", records)
    with pytest.raises(ResearchInputError, match="--split unpinned to let the build's split policy assign"):
        ingest("jsonl", [source], tmp_path / "refused", name="mine")
    result = ingest("jsonl", [source], tmp_path / "raw", name="mine", split="unpinned")
    assert {s: c.clusters for s, c in result.splits.items()} == {"unpinned": 30}
    assert "(unpinned 30)" in result.summary()
    assert [p.name for p in result.shards] == ["mine-unpinned-00000.jsonl.zst"]
    clusters = clusters_of(lines_of(tmp_path / "raw"))
    named = {f"mine-{hashlib.sha256(f'story-{i}'.encode()).hexdigest()[:16]}": f"story-{i}" for i in range(30)}
    assert {c: line["source_cluster_id"] for c, line in clusters.items()} == named
    assert not any("split" in line for line in clusters.values())
    build_release(tmp_path / "raw", tmp_path / "release")
    published = {row["cluster_id"]: path.name.split("-", 1)[0]
                 for path in (tmp_path / "release" / "data" / "clusters").glob("*.parquet")
                 for row in pq.read_table(path, columns=["cluster_id"]).to_pylist()}
    assert published == {c: hashed_split(c) for c in clusters} and len(set(published.values())) > 1

    (tmp_path / "grown").mkdir()
    grown = write_jsonl(tmp_path / "grown" / "my_corpus.jsonl", [{**records[0], "id": "new-story"}, *records])
    ingest("jsonl", [grown], tmp_path / "grown-raw", name="mine", split="unpinned")
    assert set(clusters) < set(clusters_of(lines_of(tmp_path / "grown-raw")))  # every old id, and one more


@pytest.mark.parametrize("options, message", [
    ({"split": "unpinned"}, "no id: an unpinned cluster is named after its record's id"),
    ({"split": "unpinned", "mapping": {"split": "part"}}, "--split and --map split=FIELD both say"),
])
def test_unpinned_clusters_need_an_id_and_no_second_split(tmp_path: Path, options: dict, message: str) -> None:
    source = write_jsonl(tmp_path / "corpus.jsonl", [{"summary": "In brief.", "documents": ["Text."], "part": "x"}])
    with pytest.raises((ResearchInputError, ResearchInputErrors), match=message):
        ingest("jsonl", [source], tmp_path / "raw", name="mine", **options)


def test_unpinned_records_that_share_an_id_are_refused_with_both_places(tmp_path: Path) -> None:
    """Two records with one id would be one cluster id twice: the build would refuse the shard's lines, which
    the curator never wrote. Ingest names the source's, across files too, and writes nothing."""
    records = [{"ref": f"story-{i}", "summary": f"Story {i} in brief.", "documents": [f"Story {i} told."]}
               for i in range(3)]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write_jsonl(tmp_path / "a" / "part.jsonl", records)
    second = write_jsonl(tmp_path / "b" / "part.jsonl", [{**records[2], "summary": "Another."}, records[1]])
    with pytest.raises(ResearchInputErrors) as caught:
        ingest("jsonl", [first, second], tmp_path / "raw", name="mine", split="unpinned", mapping={"id": "ref"})
    said = str(caught.value)
    assert f"{second}:1, record 'mine-" in said and f"field 'ref': the same id as {first}:3 ('story-2')" in said
    assert f"{second}:2" in said and f"the same id as {first}:2 ('story-1')" in said
    assert not (tmp_path / "raw").exists() or not any((tmp_path / "raw").iterdir())


def test_a_corpus_with_official_splits_is_not_unpinned(tmp_path: Path) -> None:
    with pytest.raises(ResearchInputError, match="multinews has official splits"):
        ingest("multinews", [MULTINEWS / "test.src"], tmp_path / "raw", split="unpinned")


def test_map_arguments() -> None:
    assert parse_mapping(["summary=abstract", "text = body"]) == {"summary": "abstract", "text": "body"}
    with pytest.raises(ResearchInputError, match="unknown key 'body'"):
        parse_mapping(["body=text"])
    with pytest.raises(ResearchInputError, match="expected KEY=FIELD"):
        parse_mapping(["summary"])


# --- the published release -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build of every format: Multi-News test from the release, validation from the Hugging Face
    Parquet (same prefix, other split), WCEP and the DUC-style corpus."""
    root = tmp_path_factory.mktemp("built")
    ingest("multinews", [MULTINEWS / "test.src"], root / "multinews")
    ingest("multinews-hf", [HF / "validation.parquet"], root / "multinews")  # same corpus: one folder
    ingest("wcep", [WCEP], root / "wcep")
    ingest_duc(root / "duc")
    raw = root / "raw"  # the shards of all three side by side, with a corpus.json for the mix written by hand
    raw.mkdir()
    for shard in sorted(root.glob("*/*.jsonl.zst")):
        shutil.copyfile(shard, raw / shard.name)
    mix = Corpus("Test mix", "Multi-News, WCEP and a DUC-style corpus.", License("unknown", "Theirs."), "Theirs.")
    (raw / CORPUS).write_text(corpus_text(mix), encoding="utf-8")
    build_release(raw, root / "dataset", limits=Limits(max_rejected_share=0.5))
    return root / "dataset"


def rows(release: Path, config: str) -> dict[str, dict[str, Any]]:
    key = "cluster_id" if config == "clusters" else "doc_id"
    return {r[key]: r for path in sorted((release / "data" / config).glob("*.parquet"))
            for r in pq.read_table(path).to_pylist()}


def test_the_build_publishes_ingested_corpora_with_their_fields(built: Path) -> None:
    clusters, documents = rows(built, "clusters"), rows(built, "documents")
    published = {p.name.split("-")[0] for p in (built / "data" / "clusters").glob("*.parquet")}
    assert published == {"test", "validation"}  # every cluster in the split it was pinned to
    assert [c for c in clusters if "-validation-" in c] == [f"multinews-validation-{i:06d}" for i in range(4)]
    assert len([c for c in clusters if c.startswith(("multinews-test-", "wcep-test-", "duc-style-test-"))]) == 9
    assert clusters["multinews-test-000002"]["source_cluster_id"] == "test.src:3"
    assert clusters["wcep-test-000001"]["date"] == "2019-03-15"
    assert clusters["wcep-test-000001"]["category"] == "Business and economy"
    assert clusters["duc-style-test-000001"]["source_cluster_id"] == "d30002t"
    found = documents["wcep-test-000000/001"]
    assert (found["position"], found["source_doc_id"], found["origin"], found["timestamp"], found["date"]) == (
        1, "5c2e1f0a9b7d4e38", "CommonCrawl", "2019-03-14 10:05:41", "2019-03-14")
    assert found["title"] == "Survivors describe moment quake struck"
    assert found["url"] == "https://dailyherald.example.org/2019/03/14/quake-survivors"
    assert found["removed"] and found["text"].startswith("Residents of Sarat")  # cleaned like any raw text
    assert documents["duc-style-test-000000/000"]["source_doc_id"] == "APW19981016.0240"
    assert documents["multinews-test-000000/002"]["position"] == 2
    rejected = [json.loads(line) for line in (built / "rejections.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {(r["id"], r["reason"]) for r in rejected} >= {("multinews-test-000001/001", "empty_document")}
    # The near-duplicate wire story, in a test and a validation cluster (both pinned: reported).
    pairs = [json.loads(line) for line in (built / "leakage.jsonl").read_text(encoding="utf-8").splitlines()]
    wire = ("multinews-test-000000/001", "multinews-validation-000000/000")
    assert wire in {(p["doc_a"], p["doc_b"]) for p in pairs}


# The boilerplate the fixtures carry, as these corpora do: none of it may reach a published text.
PLANTED_BOILERPLATE = [
    "Alexa Internet has been donating their crawl data", "These crawls are part of an effort to archive pages",
    "Tweet with a location", "Advertisement", "Share this article", "Share on Facebook", "We use cookies",
    "Subscribe now for unlimited access", "Sign up for our newsletter", "Click here to read the full story",
]


def test_no_planted_boilerplate_survives_in_any_format_and_every_removal_is_named(built: Path) -> None:
    documents = rows(built, "documents")
    for doc_id, document in documents.items():
        for line in document["text"].split("\n"):
            assert not any(line.startswith(b) or line == b for b in PLANTED_BOILERPLATE), (doc_id, line)
    removed = [r for d in documents.values() for r in d["removed"]]
    prefixes = {doc_id.split("-test-")[0].split("-validation-")[0] for doc_id, d in documents.items() if d["removed"]}
    assert prefixes == {"multinews", "wcep", "duc-style"}  # every format's fixture had some removed
    assert all(r["rule"].rsplit("_v", 1)[1].isdigit() for r in removed)


# --- errors --------------------------------------------------------------------------------------

def test_an_unparsable_line_names_file_and_line(tmp_path: Path) -> None:
    source = tmp_path / "test.jsonl"
    source.write_text(WCEP.read_text(encoding="utf-8") + '{"id": 1, "summary": "cut off\n', encoding="utf-8")
    with pytest.raises(ResearchInputError, match=rf"{source}:4: invalid JSON"):
        ingest("wcep", [source], tmp_path / "raw")
    assert not (tmp_path / "raw").exists() or not any((tmp_path / "raw").iterdir())  # nothing written, not even a temp


@pytest.mark.parametrize("line, message", [
    ('{"id": "e1", "summary": "The first draft.", "summary": "The second draft.", "documents": ["A text."]}',
     "invalid JSON at column 45: duplicate key 'summary'"),  # json.loads kept the second without a word
    ('{"id": "e1", "views": ' + "1" * 5000 + ', "summary": "S.", "documents": ["A text."]}',
     "invalid JSON: a number of more than 4,300 digits"),
    ('{"id": "e1", "summary": "A \\ud800 summary.", "documents": ["A text."]}',
     "invalid JSON: $.summary: holds a lone surrogate"),
])
def test_a_line_json_reads_loosely_is_refused(tmp_path: Path, line: str, message: str) -> None:
    source = tmp_path / "test.jsonl"
    source.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ResearchInputError, match=rf"{source}:1: {re.escape(message)}"):
        ingest("jsonl", [source], tmp_path / "raw", name="demo", split="test")


def test_every_bad_record_is_reported_at_once_and_nothing_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A curator fixes a corpus in one pass: conversion problems, lines that are not JSON and schema problems
    of every record come in one report, in file order, as a build reports its problems."""
    source = tmp_path / "corpus.jsonl"
    good = {"abstract": "The story in brief.", "docs": [{"text": "Body."}]}
    source.write_text("\n".join([
        json.dumps(good), json.dumps({**good, "docs": [{"body": "no text"}]}), json.dumps({**good, "abstract": ""}),
        '{"abstract": "cut off', json.dumps({**good, "docs": []}), json.dumps(good),
    ]) + "\n", encoding="utf-8")
    options = {"name": "corp", "split": "test", "mapping": {"summary": "abstract", "documents": "docs"}}
    with pytest.raises(ResearchInputErrors) as raised:
        ingest("jsonl", [source], tmp_path / "raw", **options)
    assert [(e.line, e.field) for e in raised.value.errors] == [
        (2, "docs[0].text"), (3, "abstract"), (4, None), (5, "docs")]
    assert "4 problems; nothing was ingested" in str(raised.value)
    assert not (tmp_path / "raw").exists() or not any((tmp_path / "raw").iterdir())
    # A broken export is not read to its end: reading stops at the limit, and the report says so.
    monkeypatch.setattr("newsclusters.ingest.MAX_PROBLEMS", 2)
    with pytest.raises(ResearchInputErrors, match="reading stopped after 2 problems") as raised:
        ingest("jsonl", [source], tmp_path / "raw", **options)
    assert [e.line for e in raised.value.errors] == [2, 4]  # the schema's problems come with their batch, later


def test_problems_of_every_file_come_together_and_ids_count_the_bad_records(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that can't be read at all is reported with the bad records of the others; the parts of a
    split number their clusters on from the records before them, bad ones included; reading stops at
    the limit across files."""
    good = json.dumps({"document": "Body of the article.", "summary": "The story in brief."})
    bad = json.dumps({"document": "Body of the article."})  # no summary
    parts = [tmp_path / f"test-0000{i}-of-00003.jsonl" for i in range(3)]
    parts[0].write_text("\n".join([bad, good, good]) + "\n", encoding="utf-8")
    parts[1].write_text("\n".join([bad, good]) + "\n", encoding="utf-8")
    parts[2].write_bytes(b"\xff\xfe not UTF-8\n")
    with pytest.raises(ResearchInputErrors) as raised:
        ingest("multinews-hf", parts, tmp_path / "raw")
    found = [(Path(e.source).name, e.line, e.record) for e in raised.value.errors]
    assert found[:2] == [(parts[0].name, 1, "multinews-test-000000"), (parts[1].name, 1, "multinews-test-000003")]
    assert [name for name, _, _ in found[2:]] == [parts[2].name]  # not UTF-8: the file, after the others
    assert not (tmp_path / "raw").exists() or not any((tmp_path / "raw").iterdir())
    monkeypatch.setattr("newsclusters.ingest.MAX_PROBLEMS", 1)
    with pytest.raises(ResearchInputError, match="summary") as one:
        ingest("multinews-hf", parts, tmp_path / "raw")
    assert Path(one.value.source).name == parts[0].name  # the later files were not read


def test_a_line_count_mismatch_names_both_files(tmp_path: Path) -> None:
    for name in ("test.src", "test.tgt"):
        shutil.copy(MULTINEWS / name, tmp_path / name)
    tgt = tmp_path / "test.tgt"
    tgt.write_text("".join(tgt.read_text(encoding="utf-8").splitlines(keepends=True)[:3]), encoding="utf-8")
    with pytest.raises(ResearchInputError) as caught:
        ingest("multinews", [tmp_path / "test.src"], tmp_path / "raw")
    message = str(caught.value)
    assert f"{tmp_path / 'test.src'}:4" in message and str(tgt) in message and "diverge at line 4" in message


@pytest.mark.parametrize("fmt, record, options, where, problem", [
    ("wcep", {"id": 1, "articles": []}, {}, "field 'summary'", "missing field"),
    ("wcep", {"id": 1, "summary": "S.", "articles": [{"text": "ok"}, {"text": 42}]}, {}, "field 'articles[1].text'",
     "expected a string, got a number"),
    ("wcep", {"id": 1, "summary": "S.", "date": "2019-02-30", "articles": [{"text": "ok"}]}, {}, "field 'date'",
     "is not a 'date'"),
    ("wcep", {"id": 1, "summary": "S.", "articles": [{"text": "ok", "url": "not a url"}]}, {},
     "field 'articles[0].url'", "is not a 'uri'"),
    ("wcep", {"id": 1, "summary": "S.", "articles": []}, {}, "field 'articles'", "no documents"),
    ("wcep", [1, 2], {}, "record 'wcep-test-000000'", "expected a JSON object, got an array"),
    ("wcep", {"id": 1, "summary": "S.", "articles": [{"text": "ok", "time": 1552550400}]}, {},
     "field 'articles[0].time'", "is not of type 'string'"),
    ("wcep", {"id": 1, "summary": " \t ", "articles": [{"text": "ok"}]}, {}, "field 'summary'",
     "must not be blank (it is ' \\t ')"),  # in the build's words, not a regular expression's
    ("multinews-hf", {"summary": "S."}, {}, "field 'document'", "missing field"),
    ("multinews-hf", {"document": ["a", "b"], "summary": "S."}, {}, "field 'document'",
     "expected a string, got an array"),
    ("multinews-hf", {"document": "a ||||| b", "summary": "–  "}, {}, "field 'summary'", "blank summary"),
    ("jsonl", {"abstract": "S."}, {"name": "x", "mapping": {"summary": "abstract"}}, "field 'documents'",
     "missing field"),
    ("jsonl", {"summary": "S.", "documents": [{"body": "no text key"}]}, {"name": "x"}, "field 'documents[0].text'",
     "missing field"),
    ("jsonl", {"summary": ["A.", "B."], "documents": ["d"]}, {"name": "x"}, "field 'summary'", "--summary-index"),
    # a corpus's own name for a required field: the hint says how to map it
    ("jsonl", {"summary": "S.", "docs": ["d"]}, {"name": "x"}, "field 'documents'",
     "missing field; did you mean --map documents=docs?"),
    ("jsonl", {"id": 7, "abstract": "S.", "documents": ["d"]}, {"name": "x"}, "field 'summary'",
     "missing field; the record has 'id', 'abstract', 'documents': name the one to read with --map summary=FIELD"),
    ("jsonl", {"summary": "S.", "documents": [{"body": "B."}]}, {"name": "x"}, "field 'documents[0].text'",
     "the document has 'body': name the one to read with --map text=FIELD"),
])
def test_what_cannot_be_converted_names_file_line_and_field(
        tmp_path: Path, fmt: str, record: Any, options: dict[str, Any], where: str, problem: str) -> None:
    source = write_jsonl(tmp_path / "test.jsonl", [record])
    with pytest.raises(ResearchInputError) as caught:
        ingest(fmt, [source], tmp_path / "raw", **options)
    message = str(caught.value)
    assert message.startswith(f"{source}:1") and where in message and problem in message


def test_every_null_row_of_a_parquet_file_is_reported_with_its_record(tmp_path: Path) -> None:
    """The first null stopped the reading, and named no record."""
    table = pq.read_table(HF / "validation.parquet")
    summaries, documents = table.column("summary").to_pylist(), table.column("document").to_pylist()
    summaries[1], documents[2] = None, None
    source = tmp_path / "test-00000-of-00001.parquet"
    pq.write_table(table.set_column(table.schema.get_field_index("summary"), "summary", pa.array(summaries, pa.string()))
                   .set_column(table.schema.get_field_index("document"), "document", pa.array(documents, pa.string())),
                   source)
    with pytest.raises(ResearchInputErrors) as caught:
        ingest("multinews-hf", [source], tmp_path / "raw")
    said = str(caught.value)
    assert f"{source}, row 2, record 'multinews-test-000001', field 'summary': missing value (null)" in said
    assert f"{source}, row 3, record 'multinews-test-000002', field 'document': missing value (null)" in said


def test_unknown_format_and_options(tmp_path: Path) -> None:
    with pytest.raises(ResearchInputError, match=r"unknown format 'duc'; known formats: multinews, multinews-hf, wcep"):
        ingest("duc", [WCEP], tmp_path)
    assert list(FORMATS) == ["multinews", "multinews-hf", "wcep", "jsonl"]
    with pytest.raises(ResearchInputError, match="unknown option 'shards'"):
        ingest("wcep", [WCEP], tmp_path, shards=3)
    with pytest.raises(ResearchInputError, match="'mapping' applies to the jsonl format only"):
        ingest("wcep", [WCEP], tmp_path, mapping={"summary": "abstract"})
    with pytest.raises(ResearchInputError, match="--name: missing: the jsonl format needs"):
        ingest("jsonl", [DUC], tmp_path)
    with pytest.raises(ResearchInputError, match="not a lowercase slug"):
        ingest("jsonl", [DUC], tmp_path, name="DUC 2004")
    assert not any(tmp_path.iterdir())


def test_existing_shards_are_kept_unless_forced(tmp_path: Path) -> None:
    source = tmp_path / "train.src"
    source.write_text("".join(f"Article {i}. ||||| Another {i}.\n" for i in range(50)), encoding="utf-8")
    (tmp_path / "train.tgt").write_text("".join(f"– Summary {i}.\n" for i in range(50)), encoding="utf-8")
    raw = tmp_path / "raw"
    first = ingest("multinews", [source], raw, shard_mb=0.001)
    assert len(first.shards) > 2
    before = tree_bytes(raw)
    with pytest.raises(ResearchInputError, match=r"multinews-train-00000\.jsonl\.zst: shard exists .* --force"):
        ingest("multinews", [source], raw)
    assert tree_bytes(raw) == before
    ingest("multinews", [MULTINEWS / "test.src"], raw)  # another split: no clash
    forced = ingest("multinews", [source], raw, force=True)  # one big shard replaces the small ones
    assert [p.name for p in forced.shards] == ["multinews-train-00000.jsonl.zst"]
    assert sorted(p.name for p in raw.iterdir()) == [
        "corpus.json", "multinews-test-00000.jsonl.zst", "multinews-train-00000.jsonl.zst"]  # stale shards gone
    assert len([line for line in lines_of(raw) if line["type"] == "cluster"]) == 50 + 4


def test_two_files_of_one_split_are_refused(tmp_path: Path) -> None:
    shutil.copy(MULTINEWS / "test.src", tmp_path / "test.src")
    shutil.copy(MULTINEWS / "test.src", tmp_path / "test.src.cleaned")
    shutil.copy(MULTINEWS / "test.tgt", tmp_path / "test.tgt")
    with pytest.raises(ResearchInputError, match=r"a second test file \(with .*test.src\)"):
        ingest("multinews", [tmp_path], tmp_path / "raw")


def test_inputs_that_are_not_what_the_format_reads(tmp_path: Path) -> None:
    with pytest.raises(ResearchInputError, match="not a Multi-News articles file"):
        ingest("multinews", [MULTINEWS / "test.tgt"], tmp_path / "raw")
    with pytest.raises(ResearchInputError, match="cannot tell the split from the file name"):
        ingest("wcep", [shutil.copy(WCEP, tmp_path / "events.jsonl")], tmp_path / "raw")
    with pytest.raises(ResearchInputError, match="not found"):
        ingest("wcep", [tmp_path / "missing.jsonl"], tmp_path / "raw")
    pq.write_table(pa.table({"text": ["x"]}), tmp_path / "test.parquet")
    with pytest.raises(ResearchInputError, match=r"test.parquet, field 'document': missing column"):
        ingest("multinews-hf", [tmp_path / "test.parquet"], tmp_path / "raw")
