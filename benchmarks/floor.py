"""The build's floor: what a build costs when the cleaner has no rules at all.

    python benchmarks/floor.py [--docs 20000] [--work benchmarks/out] [--cores 2]

The scale target (1M articles in 2 minutes on 2 cores) is a budget of CPU time per article. This
builds the same synthetic corpus as `newsclusters bench` twice, in this process with one worker so
every stage's seconds are CPU seconds of one core: once with the package's rules, once with a
cleaner that has none (raw lines are still decoded, split and normalised, the corpus line counts
still taken, records validated, split and written to Parquet). It prints both per stage, CPU
microseconds per article, and the best wall time at 1M articles on `--cores` cores if they scaled
perfectly. The rule-less build is a lower bound for any cleaner run by this pipeline.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from unittest import mock

from newsclusters.bench.run import write_corpus
from newsclusters.executor.engines import LocalEngine
from newsclusters.pipeline.clean import Cleaner
from newsclusters.release.build import build_release

ARTICLES_AT_SCALE = 1_000_000


def build_seconds(corpus: Path, out: Path, cleaner: Cleaner | None) -> dict[str, float]:
    """Stage seconds of one single-process build; `cleaner` replaces the default one when given."""
    started = time.perf_counter()
    if cleaner is None:
        result = build_release(corpus, out, engine=LocalEngine(1))
    else:  # one worker runs every task in this process, so the patch reaches the map tasks
        with mock.patch("newsclusters.executor.tasks.default_cleaner", return_value=cleaner):
            result = build_release(corpus, out, engine=LocalEngine(1))
    return {**result.seconds, "total": time.perf_counter() - started}


def report(docs: int, cores: int, runs: dict[str, dict[str, float]]) -> list[str]:
    names = list(runs)
    stages = list(runs[names[0]])
    rows = ["| stage | " + " | ".join(f"{n} s | {n} us/article" for n in names) + " |",
            "|---|" + "---|---|" * len(names)]
    for stage in stages:
        cells = [f"{runs[n][stage]:.2f} | {runs[n][stage] / docs * 1e6:,.0f}" for n in names]
        rows.append(f"| {stage} | " + " | ".join(cells) + " |")
    for name in names:
        at_scale = runs[name]["total"] / docs * ARTICLES_AT_SCALE / cores
        rows.append(f"{name}: {ARTICLES_AT_SCALE:,} articles on {cores} cores, perfectly scaled: {at_scale:,.0f} s")
    return rows


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=20_000, help="synthetic articles (default 20,000)")
    parser.add_argument("--work", type=Path, default=Path("benchmarks/out"), help="corpus cache and releases")
    parser.add_argument("--cores", type=int, default=2, help="cores for the at-scale estimate")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(list(argv) if argv is not None else None)

    corpus = args.work / f"corpus-{args.docs}-seed{args.seed}"
    write_corpus(corpus, args.docs, args.seed)
    runs = {
        "rules": build_seconds(corpus, args.work / f"floor-{args.docs}-rules", None),
        "no rules": build_seconds(corpus, args.work / f"floor-{args.docs}-no-rules", Cleaner(())),
    }
    print(f"Build floor: {args.docs:,} synthetic articles, one process (seconds are CPU seconds of one core)")
    print("\n".join(report(args.docs, args.cores, runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
