"""Building, publishing and verifying a release: loadable, deterministic, atomic."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from datasets import load_dataset

from newsclusters.errors import TooManyRejections, ValidationFailed
from newsclusters.plan import Sizing
from newsclusters.records import arrow_schema
from newsclusters.release import build_release, verify_release
from newsclusters.split import hashed_split

from conftest import RAW, RELEASE, ROOT, tree_bytes, write_cluster


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("release") / "dataset"
    build_release(RAW, out)
    return out


def test_committed_release_is_what_the_scripts_build(built: Path) -> None:
    assert tree_bytes(built) == {k: v for k, v in tree_bytes(RELEASE).items() if not k.startswith("raw/")}
    assert (ROOT / "DATACARD.md").read_bytes() == (RELEASE / "README.md").read_bytes()


def test_two_builds_give_the_same_bytes(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build_release(RAW, again)
    assert tree_bytes(again) == tree_bytes(built)


def test_verify_passes_on_the_committed_release() -> None:
    assert verify_release(RAW, RELEASE, ROOT / "DATACARD.md") == []


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
    (copy / "data" / "clusters" / "train-00000-of-00001.parquet").write_bytes(b"x")
    assert any("not listed in SHA256SUMS" in p for p in verify_release(RAW, copy))


@pytest.mark.parametrize("streaming", [False, True])
@pytest.mark.parametrize("config, rows", [("clusters", 1), ("documents", 5)])
def test_load_dataset_gives_declared_features_and_counts(built: Path, config: str, rows: int, streaming: bool) -> None:
    dataset = load_dataset(str(built), config, streaming=streaming)
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
        assert records[0]["cluster_id"] == "balenciaga-campaign-apology-2022"
        assert len(records[0]["documents"]) == 5
    else:
        assert {r["cluster_id"] for r in records} == {"balenciaga-campaign-apology-2022"}
        assert all(r["removed"] is not None for r in records)


def test_default_config_is_clusters(built: Path) -> None:
    assert load_dataset(str(built))["test"].column_names == arrow_schema("clusters").names


def test_pandas_and_pyarrow_read_the_files(built: Path) -> None:
    frame = pd.read_parquet(built / "data" / "documents" / "test-00000-of-00001.parquet")
    assert frame.shape == (5, len(arrow_schema("documents")))
    table = pq.read_table(built / "data" / "clusters" / "test-00000-of-00001.parquet")
    assert table.num_rows == 1 and b"pandas" not in (table.schema.metadata or {})


def test_invalid_utf8_fails_the_build_and_leaves_the_release_unchanged(built: Path, raw_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    shutil.copytree(built, out)
    before = tree_bytes(out)
    bad = raw_copy / "balenciaga-campaign-apology-2022" / "002_b0343c4e5a5c96f4.txt"
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
    assert any("a.txt: not valid UTF-8" in p for p in problems)
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
    with pytest.raises(TooManyRejections, match=r"empty-story/a\.txt: all_boilerplate"):
        build_release(raw, tmp_path / "dataset")


def test_progress_reports_running_totals_for_every_long_stage(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    for n in range(3):
        write_cluster(raw, f"story-{n}", {f"a{i}.txt": f"Story {n}, article {i}: a full sentence of news.\n" for i in range(2)})
    calls: list[tuple[str, int, int, int]] = []
    build_release(raw, tmp_path / "out", report=lambda *call: calls.append(call), sizing=Sizing(unit_raw_bytes=1))
    stages = [stage for stage, *_ in calls]
    assert list(dict.fromkeys(stages)) == ["count lines", "read+clean+validate", "check corpus", "split+write"]
    for stage in ("count lines", "read+clean+validate"):
        seen = [(done, total, docs) for name, done, total, docs in calls if name == stage]
        assert [done for done, _, _ in seen] == [1, 2, 3]  # one unit per cluster folder here
        assert {total for _, total, _ in seen} == {3}
        assert [docs for _, _, docs in seen] == sorted(docs for _, _, docs in seen)
        assert seen[-1][2] == 6  # documents so far, not of the last part
    written = [call for call in calls if call[0] == "split+write"]
    assert written[-1][1] == written[-1][2] and written[-1][3] == 6


def test_tasks_hand_memory_back_even_when_they_fail(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each worker task releases Arrow's freed memory after it runs, success or not."""
    from newsclusters import tasks

    released: list[bool] = []
    monkeypatch.setattr(tasks, "release_memory", lambda: released.append(True))
    assert tasks.check_task(tmp_path, tmp_path, {}, 0).problems == []  # an empty partition checks clean
    broken = tmp_path / "digests" / "unit-000000-0000.arrow"  # a spill file cut short
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"ARROW1 and then nothing")
    with pytest.raises(pa.ArrowInvalid):
        tasks.duplicates_task(tmp_path, 1, 0)
    assert released == [True, True]
