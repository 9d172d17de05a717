"""The same build on every engine and worker count gives the same bytes."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pytest

from newsclusters.bench.synthetic import synthetic_clusters
from newsclusters.executor.engines import DaskEngine, LocalEngine
from newsclusters.executor.plan import Sizing
from newsclusters.release.build import build_release

from conftest import write_cluster

# Tiny units, partitions and shards, so that a small corpus takes every path a large one does.
SMALL = Sizing(unit_raw_bytes=40_000, partition_raw_bytes=100_000, shard_text_bytes=200_000)


def _sha256_of_every_file(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Folders and JSONL shards together, several units and partitions, all three splits."""
    raw = tmp_path_factory.mktemp("corpus") / "raw"
    raw.mkdir()
    clusters = list(synthetic_clusters(240, seed=7))
    for cluster in clusters[:20]:
        write_cluster(raw, cluster.cluster_id, {d.name: d.text for d in cluster.documents}, cluster.metadata())
    for shard in range(3):
        lines = []
        for cluster in clusters[20 + shard::3]:
            lines.append({"type": "cluster", "cluster_id": cluster.cluster_id, "summary": cluster.summary,
                          "summary_author": cluster.summary_author})
            lines += [{"type": "document", "cluster_id": cluster.cluster_id, "name": d.name[:-4], "text": d.text}
                      for d in cluster.documents]
        (raw / f"part-{shard}.jsonl").write_text("".join(json.dumps(x) + "\n" for x in reversed(lines)), "utf-8")
    return raw


@pytest.fixture(scope="module")
def reference(small_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("one") / "dataset"
    build_release(small_corpus, out, engine=LocalEngine(1), sizing=SMALL)
    return _sha256_of_every_file(out)


def test_the_small_corpus_exercises_units_partitions_and_splits(reference: dict[str, str]) -> None:
    shards = [name for name in reference if name.startswith("data/documents/train-")]
    assert len(shards) >= 2 and all(name.endswith(f"-of-{len(shards):05d}.parquet") for name in shards)
    assert any(name.startswith("data/documents/validation-") for name in reference)
    assert any(name.startswith("data/documents/test-") for name in reference)


def test_worker_count_does_not_change_the_bytes(small_corpus: Path, reference: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    build_release(small_corpus, out, engine=LocalEngine(2), sizing=SMALL)
    assert _sha256_of_every_file(out) == reference


def test_key_partitioning_does_not_change_the_bytes(small_corpus: Path, reference: dict[str, str],
                                                   tmp_path: Path) -> None:
    """The planner's keys in one key partition per record partition, then in one for all of them."""
    partitions = SMALL.partitions(sum(p.stat().st_size for p in small_corpus.rglob("*") if p.is_file()))
    assert partitions > 1
    for fanin in (1, partitions):
        out = tmp_path / f"fanin-{fanin}"
        build_release(small_corpus, out, engine=LocalEngine(2), sizing=replace(SMALL, key_fanin=fanin))
        assert _sha256_of_every_file(out) == reference


def test_dask_engine_gives_the_same_bytes(small_corpus: Path, reference: dict[str, str], tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed", reason="the Dask engine is an optional extra")
    out = tmp_path / "dataset"
    build_release(small_corpus, out, engine=DaskEngine(workers=2), sizing=SMALL)
    assert _sha256_of_every_file(out) == reference


def test_rest_stops_the_workers_and_a_later_map_starts_new_ones() -> None:
    engine = LocalEngine(2)
    try:
        assert engine.map(abs, [-1, -2, -3]) == [1, 2, 3]
        workers = list(engine._pool._processes.values())  # type: ignore[union-attr]
        assert workers and all(p.is_alive() for p in workers)
        engine.rest()
        assert not any(p.is_alive() for p in workers)  # their memory is given back
        assert engine.map(abs, [-4, -5]) == [4, 5]
    finally:
        engine.close()


def _sigint_blocked() -> bool:
    import signal

    return signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, [])


def test_processes_started_while_sigint_is_deferred_start_with_it_blocked_and_a_press_is_not_lost() -> None:
    """A worker still starting when Ctrl-C comes prints no traceback from multiprocessing's bootstrap (the
    pool's `start_worker` then makes Ctrl-C end it quietly); the command gets the press when the start is over."""
    import multiprocessing
    import os
    import signal
    from concurrent.futures import ProcessPoolExecutor

    from newsclusters.executor.engines import sigint_deferred

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        with pytest.raises(KeyboardInterrupt):
            with sigint_deferred():
                started_blocked = pool.submit(_sigint_blocked)
                os.kill(os.getpid(), signal.SIGINT)  # pressed while the worker starts: held, not dropped
                assert started_blocked.result() is True
    assert not _sigint_blocked()  # this process's mask is as it was
    engine = LocalEngine(2)
    try:
        assert engine.map(_sigint_blocked_after_start, [1, 2]) == [False, False]  # start_worker unblocked it
    finally:
        engine.close()


def _sigint_blocked_after_start(_: int) -> bool:
    return _sigint_blocked()


class _Recording(LocalEngine):
    def __init__(self) -> None:
        super().__init__(1)
        self.calls: list[str] = []

    def map(self, fn, items, done=None):  # type: ignore[no-untyped-def]
        self.calls.append("map")
        return super().map(fn, items, done)

    def rest(self) -> None:
        self.calls.append("rest")
        super().rest()


def test_the_build_rests_its_workers_after_the_last_map_stage(small_corpus: Path, tmp_path: Path) -> None:
    engine = _Recording()
    build_release(small_corpus, tmp_path / "dataset", engine=engine, sizing=SMALL)
    assert engine.calls.count("rest") == 1 and engine.calls[-1] == "rest"  # before the card, after every map


@pytest.mark.parametrize("compress", ["gz", "zst"])
def test_compressing_the_shards_gives_the_same_bytes(small_corpus: Path, reference: dict[str, str], tmp_path: Path,
                                                     compress: str) -> None:
    """The plan sizes partitions by the JSON Lines a shard holds, not by its compressed size on disk: a
    gzipped corpus had fewer partitions, so its rows came in another order and every file differed."""
    import gzip
    import shutil

    import zstandard

    raw = tmp_path / "raw"
    shutil.copytree(small_corpus, raw)
    for shard in sorted(raw.glob("*.jsonl")):
        data = shard.read_bytes()
        packed = gzip.compress(data, mtime=0) if compress == "gz" else zstandard.ZstdCompressor().compress(data)
        shard.with_name(f"{shard.name}.{compress}").write_bytes(packed)
        shard.unlink()
    out = tmp_path / "dataset"
    build_release(raw, out, engine=LocalEngine(1), sizing=SMALL)
    assert _sha256_of_every_file(out) == reference
