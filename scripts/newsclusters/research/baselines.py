"""Extractive baselines every multi-document summarization paper reports: Lead, Random and the greedy Oracle.

A baseline sees a cluster's cleaned documents (in source order) and the reference's length; only the
oracle sees the reference text, which makes it an upper bound for extractive systems, not a system.
A summary is the chosen sentences, one per line, so rougeLsum scores exactly those sentences.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newsclusters.errors import ResearchInputError
from newsclusters.files import write_atomically
from newsclusters.research.parallel import Workers, chunked, map_chunks
from newsclusters.research.release import check_outside, iter_clusters, splits_of
from newsclusters.research.rouge import (
    Evaluation,
    Tokens,
    check_coverage,
    prepare,
    rouge_tokens,
    score_prepared,
    sentence_tokens,
    summarize,
    words,
)
from newsclusters.research.sentences import may_break, split_sentences

BASELINES = ("lead", "random", "oracle")
RANDOM_SALT = "newsclusters-random-baseline-v1"  # change it and every random summary changes
CHUNK_CLUSTERS = 32  # clusters per task in worker processes
READ_COLUMNS = ["cluster_id", "summary", "documents"]

DocSentences = Sequence[Sequence[str]]  # the sentences of each document, documents in source order


def document_sentences(documents: Sequence[str]) -> list[list[str]]:
    """Split each document once; every baseline of a cluster reuses the result."""
    return [split_sentences(text) for text in documents]


def join(sentences: Iterable[str]) -> str:
    """A summary: one sentence per line."""
    return "\n".join(sentences)


def lead_sentences(sentences: DocSentences, reference_words: int) -> list[str]:
    """Sentences taken round-robin (1st of each document, then 2nd, ...) until the reference length is reached."""
    chosen: list[str] = []
    total = 0
    for position in range(max((len(doc) for doc in sentences), default=0)):
        for doc in sentences:
            if total >= reference_words:
                return chosen
            if position < len(doc):
                chosen.append(doc[position])
                total += words(doc[position])
    return chosen


def lead(documents: Sequence[str], reference_words: int) -> str:
    """The Lead baseline: the opening sentences of all documents in turn, as long as the reference."""
    return join(lead_sentences(document_sentences(documents), reference_words))


def seed_of(key: str) -> int:
    """A seed from a string that is the same in every process and Python run (unlike hash())."""
    return int.from_bytes(hashlib.sha256(f"{RANDOM_SALT}:{key}".encode()).digest()[:8], "big")


def random_sentences(sentences: DocSentences, reference_words: int, seed_key: str) -> list[str]:
    """Sentences drawn without replacement until the reference length is reached, output in source order."""
    flat = [s for doc in sentences for s in doc]
    order = np.random.default_rng(seed_of(seed_key)).permutation(len(flat)).tolist()
    chosen: list[int] = []
    total = 0
    for index in order:
        if total >= reference_words:
            break
        chosen.append(index)
        total += words(flat[index])
    return [flat[i] for i in sorted(chosen)]


def random_baseline(documents: Sequence[str], reference_words: int, seed_key: str) -> str:
    """The Random baseline; the same `seed_key` (a cluster id) always draws the same sentences."""
    return join(random_sentences(document_sentences(documents), reference_words, seed_key))


def oracle_indices(sentences: Sequence[Sequence[str]], reference_tokens: Sequence[str]) -> list[int]:
    """Greedy oracle over tokenized sentences: add the one that most raises mean(ROUGE-1 F, ROUGE-2 F)
    until none raises it.

    As in Nallapati et al. (2017) and Kedzie et al. (2018); bigrams are counted within sentences,
    ties go to the earlier sentence, and the indices come back in source order. F1 = 2o / (n + r) for
    o overlapping n-grams, n predicted and r reference ones, so the mean of the two is
    o1/(n1+r1) + o2/(n2+r2), computed from counts kept incrementally, never from text.

    Each sentence is a row of counts of the reference's n-grams it holds, so a step scores every
    sentence at once in NumPy (its gain is what it holds, capped by what the reference has left);
    only building the rows is Python work per token.
    """
    ref1 = Counter(reference_tokens)
    ref2 = Counter(zip(reference_tokens, reference_tokens[1:]))
    r1, r2 = len(reference_tokens), max(len(reference_tokens) - 1, 0)
    unigram_id = {g: k for k, g in enumerate(ref1)}
    bigram_id = {g: k for k, g in enumerate(ref2)}
    kept: list[int] = []  # source index of each row
    lengths: list[int] = []
    rows1: list[int] = []
    ids1: list[int] = []
    rows2: list[int] = []
    ids2: list[int] = []
    for index, tokens in enumerate(sentences):
        shared = [unigram_id[t] for t in tokens if t in unigram_id]
        if not shared:  # no shared unigram means no shared bigram: it could only lengthen the summary
            continue
        row = len(kept)
        kept.append(index)
        lengths.append(len(tokens))
        ids1 += shared
        rows1 += [row] * len(shared)
        pairs = [bigram_id[b] for b in zip(tokens, tokens[1:]) if b in bigram_id]
        ids2 += pairs
        rows2 += [row] * len(pairs)
    if not kept:
        return []
    row1, gram1, count1 = _counts(rows1, ids1, len(ref1))
    row2, gram2, count2 = _counts(rows2, ids2, len(ref2))
    cap1 = np.fromiter(ref1.values(), np.int64, len(ref1))
    cap2 = np.fromiter(ref2.values(), np.int64, len(ref2))
    have1, have2 = np.zeros_like(cap1), np.zeros_like(cap2)
    len1 = np.array(lengths, dtype=np.int64)
    len2 = np.maximum(len1 - 1, 0)
    alive = np.ones(len(kept), dtype=bool)
    o1 = o2 = n1 = n2 = 0
    current = 0.0
    chosen: list[int] = []
    while alive.any():
        gain1 = np.bincount(row1, np.minimum(count1, np.maximum(cap1 - have1, 0)[gram1]), len(kept))
        gain2 = np.bincount(row2, np.minimum(count2, np.maximum(cap2 - have2, 0)[gram2]), len(kept))
        score = (o1 + gain1) / np.maximum(n1 + len1 + r1, 1) + (o2 + gain2) / np.maximum(n2 + len2 + r2, 1)
        score[~alive] = -1.0
        at = int(np.argmax(score))  # the first of the best: ties go to the earlier sentence
        if not score[at] > current:
            break
        np.add.at(have1, gram1[row1 == at], count1[row1 == at])
        np.add.at(have2, gram2[row2 == at], count2[row2 == at])
        o1, o2 = o1 + int(gain1[at]), o2 + int(gain2[at])
        n1, n2, current = n1 + int(len1[at]), n2 + int(len2[at]), float(score[at])
        alive[at] = False
        chosen.append(kept[at])
    return sorted(chosen)


def _counts(rows: list[int], ids: list[int], width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, n-gram id) pairs, each once, with how often it occurs: a sparse sentence-by-n-gram matrix."""
    width = max(width, 1)
    keys, counts = np.unique(np.array(rows, dtype=np.int64) * width + np.array(ids, dtype=np.int64),
                             return_counts=True)
    return keys // width, keys % width, counts


def oracle_sentences(sentences: DocSentences, reference: str | Sequence[str],
                     tokens: Sequence[Sequence[str]] | None = None) -> list[str]:
    """The oracle's sentences; `reference` as text or as its rouge tokens (`Tokens.flat`), `tokens` the
    sentences' own (`sentence_tokens` of them all, documents in order) if already made."""
    flat = [s for doc in sentences for s in doc]
    reference_tokens = rouge_tokens(reference) if isinstance(reference, str) else reference
    return [flat[i] for i in oracle_indices(sentence_tokens(flat) if tokens is None else tokens, reference_tokens)]


def oracle(documents: Sequence[str], reference: str) -> str:
    """The greedy extractive oracle against `reference`, sentences in source order."""
    return join(oracle_sentences(document_sentences(documents), reference))


def _unknown(name: str) -> ValueError:
    return ValueError(f"unknown baseline {name!r}; known baselines: {', '.join(BASELINES)}")


def check_names(names: Iterable[str]) -> None:
    for name in names:
        if name not in BASELINES:
            raise _unknown(name)


def predict_sentences(name: str, sentences: DocSentences, row: Mapping[str, Any],
                      reference: Tokens | None = None, tokens: Sequence[Sequence[str]] | None = None) -> list[str]:
    """One baseline's sentences for a cluster row whose documents are already split.

    `reference`, the row's prepared summary, and `tokens`, the sentences' (as `oracle_sentences`
    takes them), save the oracle tokenizing them again.
    """
    if name == "lead":
        return lead_sentences(sentences, words(row["summary"]))
    if name == "random":
        return random_sentences(sentences, words(row["summary"]), row["cluster_id"])
    if name == "oracle":
        return oracle_sentences(sentences, row["summary"] if reference is None else reference.flat, tokens)
    raise _unknown(name)


def prepare_chosen(chosen: Sequence[str], tokens_of: Mapping[str, Sequence[str]]) -> Tokens:
    """`prepare(join(chosen))` for sentences `split_sentences` made, from their tokens in `tokens_of`.

    The summary's lines are its sentences, and a sentence punkt cannot cut (`may_break`) is its own
    line again, so its tokens are those it had in its document: the summary is neither split nor
    tokenized again. With a sentence punkt might cut, it is prepared from its text.
    """
    if any(may_break(s) for s in chosen):
        return prepare(join(chosen))
    sentences = [list(tokens_of[s]) for s in chosen]
    flat = [t for sentence in sentences for t in sentence]
    return Tokens(sentences, Counter(flat), Counter(zip(flat, flat[1:])))


def predict(name: str, row: Mapping[str, Any]) -> str:
    """One baseline's summary of a cluster row (as `iter_clusters` yields it)."""
    check_names([name])
    return join(predict_sentences(name, document_sentences([d["text"] for d in row["documents"]]), row))


def predict_all(row: Mapping[str, Any], names: Sequence[str] = BASELINES) -> dict[str, str]:
    """Every named baseline's summary of one cluster row, splitting its documents once."""
    sentences = document_sentences([d["text"] for d in row["documents"]])
    return {name: join(predict_sentences(name, sentences, row)) for name in names}


def predict_and_score(row: Mapping[str, Any], names: Sequence[str] = BASELINES
                      ) -> tuple[dict[str, str], dict[str, dict[str, float]]]:
    """Each baseline's summary and its ROUGE F1s against the row's summary (what `evaluate` computes).

    The documents are split, and they and the reference tokenized, once for all baselines.
    """
    sentences = document_sentences([d["text"] for d in row["documents"]])
    flat = [s for doc in sentences for s in doc]
    tokens = sentence_tokens(flat)
    reference = prepare(row["summary"])
    chosen = {name: predict_sentences(name, sentences, row, reference, tokens) for name in names}
    tokens_of = dict(zip(flat, tokens))
    return ({name: join(c) for name, c in chosen.items()},
            {name: score_prepared(prepare_chosen(c, tokens_of), reference) for name, c in chosen.items()})


Task = tuple[list[dict[str, Any]], tuple[str, ...], bool]
Result = tuple[str, dict[str, str], dict[str, dict[str, float]]]


def _chunk(task: Task) -> list[Result]:
    rows, names, score = task
    if not score:
        return [(row["cluster_id"], predict_all(row, names), {}) for row in rows]
    return [(row["cluster_id"], *predict_and_score(row, names)) for row in rows]


def _slim(row: Mapping[str, Any]) -> dict[str, Any]:
    """Only what a baseline reads, so less crosses to a worker process."""
    return {"cluster_id": row["cluster_id"], "summary": row["summary"],
            "documents": [{"text": d["text"]} for d in row["documents"]]}


def _results(rows: Iterable[Mapping[str, Any]], names: Sequence[str], score: bool,
             workers: Workers) -> Iterator[Result]:
    check_names(names)
    tasks = ((chunk, tuple(names), score) for chunk in chunked((_slim(r) for r in rows), CHUNK_CLUSTERS))
    return map_chunks(_chunk, tasks, workers)


def run_baselines(rows: Iterable[Mapping[str, Any]], workers: Workers = None,
                  names: Sequence[str] = BASELINES) -> dict[str, dict[str, str]]:
    """baseline -> cluster_id -> summary over cluster rows (streamed); identical for any `workers`."""
    result: dict[str, dict[str, str]] = {name: {} for name in names}
    for cluster_id, summaries, _ in _results(rows, names, False, workers):
        for name, summary in summaries.items():
            result[name][cluster_id] = summary
    return result


ScoreRows = dict[str, list[dict[str, Any]]]  # baseline -> per-cluster rows, as Evaluation.per_cluster


def run_and_score(rows: Iterable[Mapping[str, Any]], workers: Workers = None,
                  names: Sequence[str] = BASELINES) -> tuple[dict[str, dict[str, str]], ScoreRows]:
    """Summaries as `run_baselines`, plus each baseline's per-cluster score rows for `summarize`.

    One pass in the workers instead of a prediction pass and one `evaluate` per baseline; the rows
    are in cluster id order, as `evaluate` makes them.
    """
    summaries: dict[str, dict[str, str]] = {name: {} for name in names}
    rows_of: ScoreRows = {name: [] for name in names}
    for cluster_id, predicted, scores in _results(rows, names, True, workers):
        for name in names:
            summaries[name][cluster_id] = predicted[name]
            rows_of[name].append({"cluster_id": cluster_id, **scores[name], "words": words(predicted[name])})
    for table in rows_of.values():
        table.sort(key=lambda row: row["cluster_id"])
    return summaries, rows_of


def baseline_evaluations(rows: Iterable[Mapping[str, Any]], workers: Workers = None
                         ) -> tuple[dict[str, dict[str, str]], dict[str, Evaluation]]:
    """Every baseline's summaries and its Evaluation against the rows' references, in one pass over
    the rows (streamed: a split is never held whole)."""
    reference_words: list[int] = []

    def counted(rows: Iterable[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
        for row in rows:
            reference_words.append(words(row["summary"]))
            yield row

    summaries, rows_of = run_and_score(counted(rows), workers)
    mean_reference = sum(reference_words) / max(1, len(reference_words))
    return summaries, {name: summarize(rows_of[name], mean_reference) for name in BASELINES}


def predictions_jsonl(predictions: Mapping[str, str]) -> str:
    """JSON Lines of {"cluster_id", "summary"}, sorted by cluster id: what `read_predictions` reads."""
    return "".join(json.dumps({"cluster_id": c, "summary": predictions[c]}, ensure_ascii=False) + "\n"
                   for c in sorted(predictions))


def _write(path: Path, text: str) -> None:
    try:
        write_atomically(path, text.encode("utf-8"))
    except OSError as err:
        raise ResearchInputError(str(path), f"cannot write: {err.strerror or err}") from err


def write_baselines(release: Path, out: Path, splits: Sequence[str] | None = None,
                    workers: int | None = None) -> dict[str, dict[str, dict[str, Any]]]:
    """Run every baseline on each split and write predictions and scores under `out/<split>/`.

    Writes `<baseline>.predictions.jsonl` and `scores.json` (baseline -> `Evaluation.as_dict()`) and
    returns split -> those scores. `splits` defaults to every split the release publishes.
    """
    published = splits_of(release)
    if not published:
        raise ResearchInputError(str(release), "not a NewsClusters release: it publishes no splits")
    check_outside(out, release, "baselines folder")
    chosen = list(published if splits is None else splits)
    for split in chosen:
        if split not in published:
            raise ResearchInputError(str(release), f"no {split!r} split in this release (it has: "
                                     f"{', '.join(published)})")
    results: dict[str, dict[str, dict[str, Any]]] = {}
    for split in chosen:
        rows = [_slim(r) for r in iter_clusters(release, split, READ_COLUMNS)]
        references = {r["cluster_id"]: r["summary"] for r in rows}
        if not any(references.values()):
            continue
        summaries, evaluations = baseline_evaluations(rows, workers)
        folder = out / split
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise ResearchInputError(str(folder), f"cannot create: {err.strerror or err}") from err
        scores = {}
        for name in BASELINES:
            path = folder / f"{name}.predictions.jsonl"
            _write(path, predictions_jsonl(summaries[name]))
            check_coverage(summaries[name], references, str(path), split)
            scores[name] = evaluations[name].as_dict()
        _write(folder / "scores.json", json.dumps(scores, indent=2, sort_keys=True) + "\n")
        results[split] = scores
    return results
