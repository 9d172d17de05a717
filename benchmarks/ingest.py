"""Ingest speed and memory: a synthetic Multi-News split of N examples -> raw JSONL shards.

    python benchmarks/ingest.py [--examples 20000] [--work benchmarks/out/ingest] [--shard-mb 64]

Writes `test.src`/`test.tgt` shaped like the Multi-News release (about 2.7 articles and 2,100
words of source and 260 words of summary per example, paragraphs joined by NEWLINE_CHAR, articles
by |||||; the same for the same N), caches them under --work, then times `ingest("multinews", ...)`
in this process. Prints examples/s, source MB/s and the process's peak RSS (getrusage): the reader
streams, so the peak should not grow with N.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import time
from pathlib import Path

from newsclusters.ingest import ingest

WORDS = ("the city council said on tuesday that officials would review the plan after residents raised "
         "concerns about costs and delays while the state agency reported new figures for the region "
         "showing that prices rose faster than expected in the last quarter as companies cut jobs and "
         "police confirmed two people were injured when a truck hit a bridge near the station").split()


def paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def write_split(folder: Path, examples: int, seed: int = 1) -> None:
    """A synthetic Multi-News split, written line by line (deterministic for a given N and seed)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    src_path, tgt_path = folder / "test.src", folder / "test.tgt"
    with src_path.open("w", encoding="utf-8") as src, tgt_path.open("w", encoding="utf-8") as tgt:
        for _ in range(examples):
            articles = []
            for _ in range(rng.choice((2, 2, 3, 3, 3, 4))):
                paragraphs = [paragraph(rng, rng.randint(30, 90)) for _ in range(rng.randint(6, 16))]
                articles.append(" NEWLINE_CHAR NEWLINE_CHAR ".join(paragraphs))
            src.write(" ||||| ".join(articles) + "\n")
            tgt.write("– " + " ".join(paragraph(rng, 26) for _ in range(10)) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=20_000)
    parser.add_argument("--work", type=Path, default=Path("benchmarks/out/ingest"))
    parser.add_argument("--shard-mb", type=float, default=64.0)
    args = parser.parse_args()
    corpus = args.work / f"multinews-{args.examples}"
    if not (corpus / "test.tgt").is_file():
        write_split(corpus, args.examples)
    out = args.work / "raw"
    shutil.rmtree(out, ignore_errors=True)
    source_mb = ((corpus / "test.src").stat().st_size + (corpus / "test.tgt").stat().st_size) / 2**20
    started = time.perf_counter()
    result = ingest("multinews", [corpus / "test.src"], out, shard_mb=args.shard_mb)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    written_mb = sum(p.stat().st_size for p in result.shards) / 2**20
    print(result.summary())
    print(f"{args.examples:,} examples ({source_mb:,.0f} MB of source) in {seconds:.1f} s: "
          f"{args.examples / seconds:,.0f} examples/s, {source_mb / seconds:.1f} MB/s; "
          f"{written_mb:,.0f} MB of zstd shards; peak RSS {peak_mb:,.0f} MB")
    print(json.dumps({"examples": args.examples, "seconds": round(seconds, 2),
                      "examples_per_s": round(args.examples / seconds),
                      "source_mb_per_s": round(source_mb / seconds, 1), "shards": len(result.shards),
                      "peak_rss_mb": round(peak_mb)}))


if __name__ == "__main__":
    main()
