"""Building, publishing and verifying a release: loadable, deterministic, atomic."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from datasets import load_dataset

from newsclusters.errors import TooManyRejections, ValidationFailed
from newsclusters.executor.plan import Sizing
from newsclusters.limits import Limits
from newsclusters.pipeline.records import arrow_schema
from newsclusters.pipeline.split import hashed_split
from newsclusters.release.build import (
    STAGE_CARD,
    STAGE_CHECK,
    STAGE_COUNT,
    STAGE_DISCOVER,
    STAGE_MAP,
    STAGE_SWAP,
    STAGE_WRITE,
    STAGES,
    build_release,
    verify_release,
)

from newsclusters.release.diff import release_version
from newsclusters.release.publish import sha256_file
from newsclusters.versioning import load_releases

from conftest import RAW, RELEASE, ROOT, SEED_CLUSTER, split_rows, tree_bytes, write_cluster


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("release") / "dataset"
    build_release(RAW, out)
    return out


def test_committed_release_is_what_the_scripts_build(built: Path) -> None:
    assert tree_bytes(built) == {k: v for k, v in tree_bytes(RELEASE).items() if not k.startswith("raw/")}
    assert (ROOT / "DATACARD.md").read_bytes() == (RELEASE / "README.md").read_bytes()
    assert (ROOT / "CITATION.cff").read_bytes() == (RELEASE / "CITATION.cff").read_bytes()  # GitHub's "Cite"


def test_the_committed_release_is_the_bytes_its_version_recorded() -> None:
    latest = load_releases()[-1]
    assert release_version(RELEASE) == latest.version
    assert sha256_file(RELEASE / "SHA256SUMS") == latest.sha256sums, (
        f"dataset/ was rebuilt since {latest.version} was released (new raw texts or code) and is no longer the "
        "version it names: cut a release (README, Releasing), or preview builds with --out elsewhere")


def test_two_builds_give_the_same_bytes(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build_release(RAW, again)
    assert tree_bytes(again) == tree_bytes(built)


def test_verify_passes_on_the_committed_release() -> None:
    assert verify_release(RAW, RELEASE, ROOT / "DATACARD.md", citation_copy=ROOT / "CITATION.cff") == []


def test_build_writes_and_verify_checks_the_copies_outside_the_release(tmp_path: Path) -> None:
    out, card, citation = tmp_path / "dataset", tmp_path / "DATACARD.md", tmp_path / "CITATION.cff"
    build_release(RAW, out, card, citation_copy=citation)
    assert card.read_bytes() == (out / "README.md").read_bytes()
    assert citation.read_bytes() == (out / "CITATION.cff").read_bytes()
    assert verify_release(RAW, out, card, citation_copy=citation) == []
    citation.write_text("cff-version: 1.2.0\n", "utf-8")
    card.unlink()
    assert verify_release(RAW, out, card, citation_copy=citation) == [
        f"{card}: missing; a build writes it as a copy of the release's README.md",
        f"{citation}: differs from the rebuilt CITATION.cff",
    ]


def test_verify_fails_after_one_byte_changes(built: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(built, copy)
    target = copy / "data" / "documents" / "test-00000-of-00001.parquet"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    problems = verify_release(RAW, copy)
    assert any("SHA-256 differs from SHA256SUMS" in p and "documents/test-00000" in p for p in problems)
    assert any("differs from a rebuild" in p for p in problems)


def test_verify_fails_on_a_stray_data_file(built: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(built, copy)
    (copy / "data" / "clusters" / "stray-00000-of-00001.parquet").write_bytes(b"x")  # a name no build writes
    assert any("not listed in SHA256SUMS" in p for p in verify_release(RAW, copy))


@pytest.mark.parametrize("streaming", [False, True])
@pytest.mark.parametrize("config, rows", [("clusters", 1), ("documents", 5)])
def test_load_dataset_gives_declared_features_and_counts(seed_release: Path, config: str, rows: int,
                                                         streaming: bool) -> None:
    dataset = load_dataset(str(seed_release), config, streaming=streaming)
    assert list(dataset) == ["test"]
    split = dataset["test"]
    if streaming:
        records = list(split)
        assert len(records) == rows
        assert split.features is None or set(split.features) == set(records[0])
    else:
        assert split.num_rows == rows
        assert split.info.splits["test"].num_examples == rows
        records = list(split)
    if config == "clusters":
        assert records[0]["cluster_id"] == SEED_CLUSTER.name
        assert len(records[0]["documents"]) == 5
    else:
        assert {r["cluster_id"] for r in records} == {SEED_CLUSTER.name}
        assert all(r["removed"] is not None for r in records)


def test_committed_release_loads_with_the_counts_it_declares() -> None:
    """Whatever dataset/raw holds: every split of the card's YAML loads with the rows its Parquet files hold."""
    for config in ("clusters", "documents"):
        dataset = load_dataset(str(RELEASE), config)
        assert {split: dataset[split].num_rows for split in dataset} == split_rows(RELEASE, config)


def test_each_config_names_its_release_and_files_digest(built: Path) -> None:
    sums = (built / "SHA256SUMS").read_text(encoding="utf-8").splitlines(keepends=True)
    citation = yaml.safe_load((built / "CITATION.cff").read_text(encoding="utf-8"))
    version = release_version(built)
    for config in ("clusters", "documents"):
        lines = "".join(line for line in sums if line.split("  ", 1)[1].startswith(f"data/{config}/"))
        info = load_dataset(str(built), config, split="test").info
        assert info.description == (f"NewsClusters {version}, config {config}; SHA-256 of its SHA256SUMS "
                                    f"lines: {hashlib.sha256(lines.encode()).hexdigest()}")
        # What to cite comes with the rows: the release's BibTeX (with its version), where it lives, its licence.
        assert f"version   = {{{version}}}" in info.citation
        assert info.citation.startswith("@misc{newsclusters_") and info.homepage == citation["repository-code"]
        assert info.license == "other"


def test_a_rebuild_with_other_text_of_the_same_sizes_loads_its_own_rows(tmp_path: Path) -> None:
    """`datasets` keys its cache of a local folder on the card's YAML, not on the files: a change of one
    word for another of the same length changes no size in the YAML, only the digest."""
    raw, out = tmp_path / "raw", tmp_path / "dataset"
    shutil.copytree(RAW, raw)
    build_release(raw, out)
    before = list(load_dataset(str(out), "documents", split="test")["text"])
    article = sorted((raw / SEED_CLUSTER.name).glob("*.txt"))[1]
    text = article.read_text(encoding="utf-8")
    at = text.index(" the ", len(text) // 2)
    article.write_text(text[:at] + " thy " + text[at + 5:], encoding="utf-8")
    build_release(raw, out)
    after = list(load_dataset(str(out), "documents", split="test")["text"])
    assert after != before
    assert after == pq.read_table(out / "data" / "documents" / "test-00000-of-00001.parquet").column("text").to_pylist()


def test_default_config_is_clusters(seed_release: Path) -> None:
    assert load_dataset(str(seed_release))["test"].column_names == arrow_schema("clusters").names


def test_pandas_and_pyarrow_read_the_files(seed_release: Path) -> None:
    frame = pd.read_parquet(seed_release / "data" / "documents" / "test-00000-of-00001.parquet")
    assert frame.shape == (5, len(arrow_schema("documents")))
    table = pq.read_table(seed_release / "data" / "clusters" / "test-00000-of-00001.parquet")
    assert table.num_rows == 1 and b"pandas" not in (table.schema.metadata or {})


def test_invalid_utf8_fails_the_build_and_leaves_the_release_unchanged(built: Path, raw_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    shutil.copytree(built, out)
    before = tree_bytes(out)
    bad = raw_copy / SEED_CLUSTER.name / "002_b0343c4e5a5c96f4.txt"
    bad.write_bytes(bad.read_bytes() + b"\n\xc3\x28 broken\n")
    with pytest.raises(ValidationFailed) as caught:
        build_release(raw_copy, out)
    assert str(bad) in str(caught.value) and "not valid UTF-8" in str(caught.value)
    assert tree_bytes(out) == before
    assert not [p for p in tmp_path.glob(".newsclusters-*") if not p.name.startswith(".newsclusters-lock")]


def test_every_problem_is_listed_not_just_the_first(raw_copy: Path, tmp_path: Path) -> None:
    write_cluster(raw_copy, "second-story", {"a.txt": b"\xff"}, {"summary": "", "summary_author": "X", "split": "dev"})
    with pytest.raises(ValidationFailed) as caught:
        build_release(raw_copy, tmp_path / "out")
    problems = caught.value.problems
    assert any("a.txt, record 'second-story/a', field 'text': not valid UTF-8" in p for p in problems)
    assert any("cluster.json: record 'second-story': $.split" in p for p in problems)
    assert any("$.summary" in p for p in problems)
    assert not (tmp_path / "out").exists()


def _ids_for(split: str, count: int) -> list[str]:
    found, i = [], 0
    while len(found) < count:
        if hashed_split(f"story-{i}") == split:
            found.append(f"story-{i}")
        i += 1
    return found


def test_empty_splits_are_neither_written_nor_declared(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    for cluster_id in _ids_for("train", 2):
        write_cluster(raw, cluster_id, {"001.txt": f"Headline Here\n\nOne paragraph about {cluster_id}.\n\nAnother one."})
    out = tmp_path / "dataset"
    result = build_release(raw, out)
    assert result.rows == {"clusters": {"train": 2}, "documents": {"train": 2}}
    assert sorted(p.name for p in (out / "data").rglob("*.parquet")) == ["train-00000-of-00001.parquet"] * 2
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "split: test" not in card and "split: validation" not in card
    assert load_dataset(str(out), "documents")["train"].num_rows == 2


def test_documents_share_their_clusters_split(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    train_id, = _ids_for("train", 1)
    write_cluster(raw, train_id, {"a.txt": "Story text one.", "b.txt": "Story text two."},
                  {"summary": "S.", "summary_author": "A", "split": "validation"})
    result = build_release(raw, tmp_path / "dataset")
    assert result.rows == {"clusters": {"validation": 1}, "documents": {"validation": 2}}


def test_per_document_metadata_fills_source_url_and_date(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write_cluster(raw, "meta-story", {"a.txt": "Story text one."}, {
        "summary": "S.", "summary_author": "A",
        "documents": {"a.txt": {"source": "WWD", "url": "https://wwd.example/a", "date": "2022-11-28"}},
    })
    out = tmp_path / "dataset"
    build_release(raw, out)
    row = pq.read_table(next((out / "data" / "documents").glob("*.parquet"))).to_pylist()[0]
    assert (row["source"], row["url"], row["date"]) == ("WWD", "https://wwd.example/a", "2022-11-28")


def test_metadata_for_a_missing_file_fails(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write_cluster(raw, "meta-story", {"a.txt": "Story text one."}, {
        "summary": "S.", "summary_author": "A", "documents": {"b.txt": {"source": "WWD"}},
    })
    with pytest.raises(ValidationFailed, match=r"\$\.documents\['b\.txt'\]: metadata for a file that is not in"):
        build_release(raw, tmp_path / "dataset")


def test_a_document_left_empty_by_cleaning_is_rejected_not_published(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write_cluster(raw, "empty-story", {"a.txt": "RELATED: Something else\n\nMore from WWD"})
    with pytest.raises(ValidationFailed) as caught:  # one drop is within the threshold, but nothing is left
        build_release(raw, tmp_path / "dataset")
    assert caught.value.problems == ["no document is left to publish: 1 document read, none kept "
                                     "(each was left out for its content)",
                                     "empty-story/a.txt: all_boilerplate (2 lines removed: related_link_v12 1, more_from_outlet_v1 1)"]
    assert not (tmp_path / "dataset").exists()


def test_one_drop_in_a_small_corpus_is_recorded_not_fatal(tmp_path: Path) -> None:
    """1 of 9 documents is 11%, over the 5% share, but within the 3 documents any corpus may drop."""
    raw = tmp_path / "raw"
    write_cluster(raw, "story-a", {f"{i}.txt": f"Story A, article {i}: a sentence of news." for i in range(5)})
    write_cluster(raw, "story-b", {"0.txt": "Story B: a sentence of news.", "1.txt": "Story B: more news.",
                                   "2.txt": "Story B: the end of it.", "3.txt": "  \n"})
    out = tmp_path / "dataset"
    result = build_release(raw, out)
    assert sum(result.rows["documents"].values()) == 8
    assert (out / "rejections.jsonl").read_text("utf-8").count("empty_document") == 1


def test_more_drops_than_share_and_minimum_fail(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    texts = {f"{i}.txt": f"Story A, article {i}: a sentence of news." for i in range(5)}
    write_cluster(raw, "story-a", {**texts, **{f"empty-{i}.txt": "" for i in range(4)}})
    with pytest.raises(TooManyRejections) as caught:
        build_release(raw, tmp_path / "dataset", limits=Limits(max_rejected_share=0.4))
    assert str(caught.value).startswith(
        "4 of 9 documents rejected (empty_document: 4); a build allows up to 40% of the documents "
        "(--max-rejected) or 3, whichever is more; nothing was published.")
    build_release(raw, tmp_path / "dataset", limits=Limits(max_rejected_share=0.45))  # 4 of 9 is 44%


def test_progress_reports_running_totals_for_every_long_stage(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    for n in range(3):
        write_cluster(raw, f"story-{n}", {f"a{i}.txt": f"Story {n}, article {i}: a full sentence of news.\n" for i in range(2)})
    calls: list[tuple[str, int, int, int]] = []
    build_release(raw, tmp_path / "out", report=lambda *call: calls.append(call), sizing=Sizing(unit_raw_bytes=1))
    stages = [stage for stage, *_ in calls]
    assert list(dict.fromkeys(stages)) == [STAGE_COUNT, STAGE_MAP, STAGE_CHECK, STAGE_WRITE, STAGE_CARD]
    for stage in dict.fromkeys(stages):  # each stage says it started (0 parts done) before any part is done
        assert next(call for call in calls if call[0] == stage)[1] == 0
    for stage in (STAGE_COUNT, STAGE_MAP):
        seen = [(done, total, docs) for name, done, total, docs in calls if name == stage]
        assert [done for done, _, _ in seen] == [0, 1, 2, 3]  # one unit per cluster folder here
        assert {total for _, total, _ in seen} == {3}
        assert [docs for _, _, docs in seen] == sorted(docs for _, _, docs in seen)
        assert seen[-1][2] == 6  # documents so far, not of the last part
    written = [call for call in calls if call[0] == STAGE_WRITE]
    assert written[-1][1] == written[-1][2] and written[-1][3] == 6


def test_stages_have_one_name_each_everywhere(tmp_path: Path) -> None:
    """The progress reports and the timings (what `bench` prints) name the same stages the same way."""
    raw = tmp_path / "raw"
    write_cluster(raw, "story", {"a.txt": "Story text one.", "b.txt": "Story text two."})
    reported: set[str] = set()
    result = build_release(raw, tmp_path / "out", report=lambda stage, *_: reported.add(stage))
    assert list(result.seconds) == list(STAGES)
    assert reported == set(STAGES) - {STAGE_DISCOVER, STAGE_SWAP}  # the two near-instant ones are only timed


def test_tasks_hand_memory_back_even_when_they_fail(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each worker task releases Arrow's freed memory after it runs, success or not."""
    from newsclusters.executor import tasks
    released: list[bool] = []
    monkeypatch.setattr(tasks, "release_memory", lambda: released.append(True))
    assert tasks.check_task(tmp_path, tmp_path, {}, {}, 0).problems == []  # an empty partition checks clean
    broken = tmp_path / "digests" / "unit-000000-0000.run"  # a spill file cut short
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"ARROW1 and then nothing")
    with pytest.raises(pa.ArrowInvalid):
        tasks.duplicates_task(tmp_path, 1, {}, 0)
    assert released == [True, True]
