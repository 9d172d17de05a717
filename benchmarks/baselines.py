"""Baseline speed at Multi-News scale: Lead, Random and the greedy Oracle on a synthetic test split.

    python benchmarks/baselines.py [--clusters 5600] [--workers 2] [--seed 0] [--check 20]

Builds a test split shaped like Multi-News's (5,600 clusters of 2-10 cleaned documents of 300-1,500
words, one paragraph per line; 250-word references, about half their sentences copied from the
documents, mostly from the leads) out of a seeded invented vocabulary, then does what
`write_baselines` does for one split: every baseline on every cluster in `--workers` processes
(documents split into sentences once per cluster, shared by the three baselines), then `evaluate`
of each baseline against the references (ROUGE in the same worker processes, bootstrap in this one).

Prints the wall time, and the CPU seconds of each step measured inside the workers (process time,
so other load on the machine does not inflate them) summed over workers: a baseline's own
prediction and scoring, and the steps the three share (splitting the documents into sentences,
tokenizing the reference). "2-core estimate" is all worker CPU seconds / workers + this process's
bootstrap: the wall time on otherwise idle cores with perfect scaling. `--check N` also scores N pairs per baseline with
rouge-score's own `RougeScorer` and fails unless the numbers are identical. Data generation is not
counted. The target: all three baselines, predicted and scored, in under 3 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from newsclusters.research.baselines import BASELINES, document_sentences, join, predict_sentences
from newsclusters.research.parallel import chunked, map_chunks
from newsclusters.research.rouge import (
    ROUGE_TYPES,
    format_table,
    lsum_text,
    prepare,
    score_pair,
    score_prepared,
    scorer,
    summarize,
    words,
)

VOCABULARY = 30_000
DOCS = (2, 10)
DOC_WORDS = (300, 1_500)
SENTENCE_WORDS = (6, 36)
PARAGRAPH_SENTENCES = (1, 5)
REFERENCE_WORDS = 250
COPIED_SHARE = 0.5  # of a reference's sentences, taken verbatim from the documents
CHUNK = 32


def vocabulary(rng: np.random.Generator, size: int) -> np.ndarray:
    """Invented lower-case words of 1-12 letters (a few hundred are short, frequent function words)."""
    letters = np.array(list("etaoinshrdlcumwfgypbvkjxqz"))
    weights = 1 / np.arange(1, 27)
    lengths = np.clip(rng.poisson(6, size), 1, 12)
    words = {"".join(rng.choice(letters, n, p=weights / weights.sum())) for n in lengths}
    return np.array(sorted(words), dtype=object)


def sentence(rng: np.random.Generator, words: np.ndarray, cdf: np.ndarray) -> str:
    picked = words[np.searchsorted(cdf, rng.random(int(rng.integers(*SENTENCE_WORDS))), side="right")]
    return " ".join(picked).capitalize() + "."


def document(rng: np.random.Generator, words: np.ndarray, cdf: np.ndarray) -> list[list[str]]:
    """Paragraphs of sentences, about DOC_WORDS long; word frequencies follow the story's `cdf`."""
    target, total, paragraphs = int(rng.integers(*DOC_WORDS)), 0, []
    while total < target:
        paragraph = [sentence(rng, words, cdf) for _ in range(int(rng.integers(*PARAGRAPH_SENTENCES)))]
        total += sum(s.count(" ") + 1 for s in paragraph)
        paragraphs.append(paragraph)
    return paragraphs


def synthetic_split(clusters: int, seed: int) -> list[dict[str, Any]]:
    """Cluster rows as `iter_clusters` yields them (only the fields baselines read)."""
    rng = np.random.default_rng(seed)
    words = vocabulary(rng, VOCABULARY)
    zipf = 1 / np.arange(1, len(words) + 1) ** 1.05
    rows = []
    for number in range(clusters):
        topic = rng.choice(len(words), 40, replace=False)  # the story's own words, frequent in it
        p = zipf.copy()
        p[topic] += zipf.sum() * 0.15 / len(topic)
        cdf = np.cumsum(p / p.sum())
        cdf[-1] = 1.0
        docs = [document(rng, words, cdf) for _ in range(int(rng.integers(DOCS[0], DOCS[1] + 1)))]
        sentences = [[s for paragraph in doc for s in paragraph] for doc in docs]
        summary, total = [], 0
        while total < REFERENCE_WORDS:
            if rng.random() < COPIED_SHARE:
                doc = sentences[int(rng.integers(len(sentences)))]
                pick = doc[min(int(rng.geometric(0.15)) - 1, len(doc) - 1)]  # mostly early sentences
            else:
                pick = sentence(rng, words, cdf)
            summary.append(pick)
            total += pick.count(" ") + 1
        rows.append({
            "cluster_id": f"synthetic-{number:06d}",
            "summary": " ".join(summary),
            "documents": [{"text": "\n".join(" ".join(paragraph) for paragraph in doc)} for doc in docs],
        })
    return rows


def timed_chunk(rows: list[dict[str, Any]]) -> list[tuple[str, dict[str, str], dict[str, Any], dict[str, float]]]:
    """`predict_and_score` of each row, with the seconds of its shared steps and of each baseline."""
    out = []
    for row in rows:
        seconds: dict[str, float] = {}
        clock = time.process_time()
        sentences = document_sentences([d["text"] for d in row["documents"]])
        seconds["split"] = time.process_time() - clock
        clock = time.process_time()
        reference = prepare(row["summary"])
        seconds["reference"] = time.process_time() - clock
        summaries, scores = {}, {}
        for name in BASELINES:
            clock = time.process_time()
            summaries[name] = join(predict_sentences(name, sentences, row, reference))
            seconds[name] = time.process_time() - clock
            clock = time.process_time()
            scores[name] = score_prepared(prepare(summaries[name]), reference)
            seconds[f"{name} score"] = time.process_time() - clock
        out.append((row["cluster_id"], summaries, scores, seconds))
    return out


def check_against_rouge_score(pairs: Sequence[tuple[str, str]]) -> int:
    """Pairs whose fast scores differ from rouge-score's own RougeScorer (should be 0)."""
    reference_scorer = scorer()
    bad = 0
    for prediction, reference in pairs:
        ours = score_pair(prediction, reference)
        theirs = reference_scorer.score(lsum_text(reference), lsum_text(prediction))
        bad += any(ours[k] != theirs[k].fmeasure for k in ROUGE_TYPES)
    return bad


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clusters", type=int, default=5_600, help="synthetic test clusters (default 5,600)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--check", type=int, default=20, help="pairs per baseline re-scored by rouge-score")
    args = parser.parse_args(list(argv) if argv is not None else None)

    clock = time.perf_counter()
    rows = synthetic_split(args.clusters, args.seed)
    docs = sum(len(r["documents"]) for r in rows)
    doc_words = sum(d["text"].count(" ") + d["text"].count("\n") + 1 for r in rows for d in r["documents"])
    print(f"generated {len(rows):,} clusters, {docs:,} documents, {doc_words:,} words "
          f"in {time.perf_counter() - clock:.1f} s (not counted)")
    references = {r["cluster_id"]: r["summary"] for r in rows}

    started = time.perf_counter()
    predictions: dict[str, dict[str, str]] = {name: {} for name in BASELINES}
    rows_of: dict[str, list[dict[str, Any]]] = {name: [] for name in BASELINES}
    worker_seconds: dict[str, float] = {}
    for cluster_id, summaries, scores, seconds in map_chunks(timed_chunk, chunked(rows, CHUNK), args.workers):
        for name in BASELINES:
            predictions[name][cluster_id] = summaries[name]
            rows_of[name].append({"cluster_id": cluster_id, **scores[name], "words": words(summaries[name])})
        for phase, value in seconds.items():
            worker_seconds[phase] = worker_seconds.get(phase, 0.0) + value
    worker_wall = time.perf_counter() - started

    clock = time.perf_counter()
    reference_words = sum(words(text) for text in references.values()) / len(references)
    evaluations = {name: summarize(sorted(rows_of[name], key=lambda r: r["cluster_id"]), reference_words)
                   for name in BASELINES}
    bootstrap_wall = time.perf_counter() - clock
    total = time.perf_counter() - started

    cpu = sum(worker_seconds.values())
    shared = worker_seconds["split"] + worker_seconds["reference"]
    print(f"\n{args.clusters:,} clusters, {args.workers} worker processes")
    print(f"measured wall: {total:.1f} s = workers (predict + score, one pass) {worker_wall:.1f} s "
          f"+ bootstrap (3 x {evaluations[BASELINES[0]].resamples} resamples, this process) {bootstrap_wall:.1f} s")
    print(f"worker CPU: {cpu:.1f} s, of which shared by the three baselines: split into sentences "
          f"{worker_seconds['split']:.1f} s, reference tokens {worker_seconds['reference']:.1f} s")
    print("| baseline | predict, CPU s | score, CPU s | 2-core s (own + 1/3 shared) | R-1 | R-2 | R-Lsum | words |")
    print("|---|---|---|---|---|---|---|---|")
    for name in BASELINES:
        own = worker_seconds[name] + worker_seconds[f"{name} score"]
        estimate = (own + shared / len(BASELINES)) / args.workers + bootstrap_wall / len(BASELINES)
        s = evaluations[name].scores
        print(f"| {name} | {worker_seconds[name]:.1f} | {worker_seconds[f'{name} score']:.1f} | {estimate:.1f} | "
              + " | ".join(f"{s[k]['f'] * 100:.2f}" for k in ROUGE_TYPES)
              + f" | {evaluations[name].prediction_words:.0f} |")
    print(f"all three, predicted and scored: {total:.1f} s measured wall; 2-core estimate "
          f"{cpu / args.workers + bootstrap_wall:.1f} s (target < 180 s)")
    for name in BASELINES:
        print(f"\n{name}\n{format_table(evaluations[name])}")

    if args.check:
        ids = sorted(references)[:: max(1, len(references) // args.check)][: args.check]
        bad = sum(check_against_rouge_score([(predictions[n][c], references[c]) for c in ids]) for n in BASELINES)
        print(f"\nrouge-score check: {bad} of {len(ids) * len(BASELINES)} pairs differ")
        if bad:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
