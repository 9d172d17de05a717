"""`newsclusters bench`: build a synthetic corpus of N articles and measure every stage.

The corpus (realistic article bodies with injected residue, from `synthetic`) is written once as
JSON Lines shards and cached; only the build is timed. Peak memory is the largest sum of resident
memory over this process and all its children, sampled from /proc (Linux), since the build's
workers are separate processes.
"""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from newsclusters.bench.synthetic import synthetic_clusters
from newsclusters.executor.engines import Engine
from newsclusters.progress import Report, rate
from newsclusters.release.build import STAGES, build_release

SHARD_BYTES = 64 * 2**20  # raw JSONL per shard file


def _marker(folder: Path) -> Path:
    return folder / ".complete"


def write_corpus(folder: Path, docs: int, seed: int) -> int:
    """Write the synthetic corpus as JSONL shards; return its raw text bytes. Cached by a marker."""
    marker = _marker(folder)
    if marker.is_file():
        return int(marker.read_text())
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.jsonl"):
        old.unlink()
    shard, written, total = 0, 0, 0
    handle = (folder / f"part-{shard:05d}.jsonl").open("w", encoding="utf-8")
    for cluster in synthetic_clusters(docs, seed=seed):
        lines = [json.dumps({"type": "cluster", "cluster_id": cluster.cluster_id, "summary": cluster.summary,
                             "summary_author": cluster.summary_author}, ensure_ascii=False)]
        for doc in cluster.documents:
            record = {"type": "document", "cluster_id": cluster.cluster_id, "name": doc.name.removesuffix(".txt"),
                      "text": doc.text}
            record.update({k: v for k, v in (("source", doc.source), ("url", doc.url), ("date", doc.date)) if v})
            lines.append(json.dumps(record, ensure_ascii=False))
            total += len(doc.text.encode("utf-8"))
        block = "\n".join(lines) + "\n"
        handle.write(block)
        written += len(block)
        if written >= SHARD_BYTES:
            handle.close()
            shard, written = shard + 1, 0
            handle = (folder / f"part-{shard:05d}.jsonl").open("w", encoding="utf-8")
    handle.close()
    marker.write_text(str(total))
    return total


class PeakMemory:
    """Samples the resident memory of this process tree; `peak_mb` is the largest total seen, and
    `stage_peaks_mb` the largest seen while each stage (set in `stage` by the build's progress) ran."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval, self.peak = interval, 0
        self.stage: str | None = None  # the stage running now; samples before the first one count in `peak` only
        self._stage_peaks: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    @property
    def peak_mb(self) -> float:
        return self.peak / 2**20

    @property
    def stage_peaks_mb(self) -> dict[str, float]:
        return {stage: peak / 2**20 for stage, peak in self._stage_peaks.items()}

    def track(self, report: Report | None) -> Report:
        """A progress reporter that marks the stage running for the sampler, then passes the call on."""

        def tracked(stage: str, done: int, total: int, documents: int) -> None:
            self.stage = stage
            if report is not None:
                report(stage, done, total, documents)

        return tracked

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def _sample(self) -> None:
        rss, stage = _tree_rss(os.getpid()), self.stage
        self.peak = max(self.peak, rss)
        if stage is not None:
            self._stage_peaks[stage] = max(self._stage_peaks.get(stage, 0), rss)


def _tree_rss(root: int) -> int:
    proc = Path("/proc")
    if not proc.is_dir():
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            status = (entry / "status").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss[int(entry.name)] = int(line.split()[1]) * 1024
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


@dataclass(frozen=True)
class BenchResult:
    docs: int
    raw_mb: float
    seconds: float
    stages: dict[str, float]
    peak_rss_mb: float
    workers: int
    engine: str
    stage_peak_rss_mb: dict[str, float]

    def as_dict(self) -> dict[str, object]:
        return {
            "docs": self.docs, "raw_mb": round(self.raw_mb, 1), "seconds": round(self.seconds, 2),
            "docs_per_s": round(self.docs / self.seconds, 1), "mb_per_s": round(self.raw_mb / self.seconds, 2),
            "peak_rss_mb": round(self.peak_rss_mb, 1), "workers": self.workers, "engine": self.engine,
            "stages": {k: round(v, 2) for k, v in self.stages.items()},
            "stage_peak_rss_mb": {k: round(v, 1) for k, v in self.stage_peak_rss_mb.items()},
        }


STAGE_WIDTH = max(len(name) for name in (*STAGES, "total")) + 2


def stage_row(stage: str, seconds: float, docs: int, raw_mb: float) -> str:
    """One row of the bench table; no rates for a stage too short to measure one ("-")."""
    docs_per_s, mb_per_s = rate(docs, seconds), rate(raw_mb, seconds)
    return (f"{stage:<{STAGE_WIDTH}}{seconds:>10.2f}"
            f"{'-' if docs_per_s is None else f'{docs_per_s:,.0f}':>14}"
            f"{'-' if mb_per_s is None else f'{mb_per_s:.1f}':>10}\n")


def bench_table(stages: dict[str, float], seconds: float, docs: int, raw_mb: float) -> str:
    """Seconds, docs/s and MB/s per stage and in total, the stages named as the build's progress names them."""
    header = f"{'stage':<{STAGE_WIDTH}}{'seconds':>10}{'docs/s':>14}{'MB/s':>10}\n"
    return header + "".join(stage_row(stage, spent, docs, raw_mb) for stage, spent in stages.items()) + stage_row(
        "total", seconds, docs, raw_mb)


def run_bench(docs: int, work: Path, engine: Engine, engine_name: str, workers: int, seed: int,
              out: TextIO, report: Report | None = None) -> BenchResult:
    """Build the cached synthetic corpus, timing each stage; `report` shows the build's progress as it runs."""
    corpus = work / f"corpus-{docs}-seed{seed}"
    started = time.perf_counter()
    if not _marker(corpus).is_file():  # writing a large corpus takes minutes: say so before
        out.write(f"corpus: writing {docs:,} synthetic documents to {corpus} (once; not timed)\n")
        out.flush()
    raw_bytes = write_corpus(corpus, docs, seed)
    out.write(f"corpus: {docs:,} documents, {raw_bytes / 2**20:,.0f} MB of raw text in {corpus} "
              f"(prepared in {time.perf_counter() - started:.1f} s, not timed)\n")
    out.flush()
    release = work / f"release-{docs}"
    with PeakMemory() as memory:
        started = time.perf_counter()
        result = build_release(corpus, release, engine=engine, report=memory.track(report))
        seconds = time.perf_counter() - started
    raw_mb = raw_bytes / 2**20
    out.write(bench_table(result.seconds, seconds, docs, raw_mb))
    by_stage = ", ".join(f"{stage} {peak:,.0f}" for stage, peak in memory.stage_peaks_mb.items())
    out.write(f"peak RSS (all processes): {memory.peak_mb:,.0f} MB; while each stage ran: {by_stage} MB\n")
    return BenchResult(docs, raw_mb, seconds, dict(result.seconds), memory.peak_mb, workers, engine_name,
                       memory.stage_peaks_mb)
