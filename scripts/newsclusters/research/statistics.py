"""The dataset statistics a summarization paper reports: lengths, extractive fragments, novel n-grams.

Every count here is in word tokens from `tokens()`, the one tokenizer of this module: the text is
lower-cased, the typographic apostrophe (U+2019) is folded to "'", and a token is a run of word
characters (`\\w`: letters, digits, underscore, any script) that may carry apostrophes inside it,
so "Balenciaga's" and "don't" are one token each while "U.S." is two ("u", "s") and punctuation
is never a token. Numbers therefore differ slightly from papers that count spaCy or Penn Treebank
tokens (those count punctuation); they are comparable between splits and releases of this dataset.

Extractiveness follows Grusky et al. 2018 (Newsroom, NAACL), section 4: `fragments()` runs their
greedy matching algorithm, and coverage, density and compression are computed from the fragments.
A cluster's "article" is the concatenation of its documents in source order, with a boundary no
fragment may cross (see `cluster_fragments`).

Aggregation is streaming-friendly: `per_cluster_values()` keeps a few numbers per cluster (and one
word count per document), never texts, so a 50,000-cluster split fits in a few MB. To describe a
release, read each split with `newsclusters.research.release.iter_clusters(release, split,
columns=STATS_COLUMNS)`, pass the rows to `per_cluster_values`, then `aggregate` the values (and
hand the same values to `newsclusters.research.plots`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np

from newsclusters.errors import ResearchInputError

STATS_COLUMNS = ["cluster_id", "summary", "documents"]  # the cluster columns the statistics read
NGRAM_ORDERS = (1, 2, 3, 4)
PERCENTILES = (10, 50, 90)
PERCENTILE_METHOD = "linear"  # numpy's default, fixed here so a numpy upgrade cannot move the numbers
DESCRIBED = ("documents_per_cluster", "words_per_document", "words_per_summary", "compression", "coverage",
             "density")

_TOKEN = re.compile(r"\w+(?:'\w+)*")


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens of `text`; the only tokenizer used for every statistic here."""
    return _TOKEN.findall(text.lower().replace("\u2019", "'"))


class Fragment(NamedTuple):
    """One extractive fragment: summary[summary:summary+length] == documents[document][text:text+length]."""

    summary: int  # start in the summary
    document: int  # index of the document (0 for a single article)
    text: int  # start in that document
    length: int


def cluster_fragments(documents: Sequence[Sequence[str]], summary: Sequence[str]) -> list[Fragment]:
    """Newsroom's greedy fragments of `summary` in a cluster of documents (token lists).

    The result is exactly that of Grusky et al.'s algorithm (and of their reference code,
    `newsroom.analyze.Fragments._match`) run on the documents concatenated in order with a
    separator token that matches nothing between them, so no fragment crosses a document
    boundary. Their algorithm, for summary position i: scan the article left to right; at each j
    where A[j] == S[i], extend the match as far as it goes, keep it if strictly longer than the best
    so far, and resume the scan *after* the match (j jumps to its end, so a start inside a match
    is never tried); then emit the best match and move i past it, or move i by one if nothing
    matched. Scanning per document and keeping the first longest reproduces the concatenated scan.

    Instead of scanning every token, each document gets an index of the positions of the summary's
    words; visiting those positions in order, skipping the ones inside the previous match, is the
    same scan without the mismatching positions.
    """
    wanted = set(summary)
    index: dict[str, list[tuple[int, list[int]]]] = {}
    for d, doc in enumerate(documents):
        positions: dict[str, list[int]] = {}
        for p, word in enumerate(doc):
            if word in wanted:
                positions.setdefault(word, []).append(p)
        for word, found in positions.items():
            index.setdefault(word, []).append((d, found))

    found_fragments: list[Fragment] = []
    n = len(summary)
    i = 0
    while i < n:
        best = best_doc = best_start = 0
        for d, positions_in_doc in index.get(summary[i], ()):
            doc = documents[d]
            room = n - i  # a match cannot run past the summary's end ...
            resume = 0
            for p in positions_in_doc:
                if p < resume:
                    continue
                k = 1
                stop = min(room, len(doc) - p)  # ... nor past the document's
                while k < stop and doc[p + k] == summary[i + k]:
                    k += 1
                if k > best:
                    best, best_doc, best_start = k, d, p
                resume = p + k
        if best:
            found_fragments.append(Fragment(i, best_doc, best_start, best))
            i += best
        else:
            i += 1
    return found_fragments


def fragments(article_tokens: Sequence[str], summary_tokens: Sequence[str]) -> list[Fragment]:
    """Newsroom's greedy extractive fragments of a summary in a single article (`document` is 0)."""
    return cluster_fragments([article_tokens], summary_tokens)


def coverage(found: Sequence[Fragment], summary_words: int) -> float:
    """Share of summary words inside a fragment, sum(|f|) / |S|: 1 for a fully copied summary."""
    return sum(f.length for f in found) / summary_words if summary_words else 0.0


def density(found: Sequence[Fragment], summary_words: int) -> float:
    """Mean length of the fragment each summary word lies in, sum(|f|^2) / |S|: |S| if copied whole."""
    return sum(f.length * f.length for f in found) / summary_words if summary_words else 0.0


def compression(article_words: int, summary_words: int) -> float:
    """Article words per summary word, |A| / |S|."""
    return article_words / summary_words if summary_words else 0.0


def ngrams(words: Sequence[str], n: int) -> set[tuple[str, ...]]:
    """The distinct n-grams of one token sequence."""
    return set(zip(*(words[k:] for k in range(n))))


def novel_ngram_rates(documents: Sequence[Sequence[str]], summary: Sequence[str],
                      orders: Sequence[int] = NGRAM_ORDERS) -> dict[int, float | None]:
    """For each n, the share of the summary's distinct n-grams found in none of the documents.

    Distinct n-grams (a set, not a multiset) is the usual convention of dataset papers (Narayan et
    al. 2018 for XSum, Fabbri et al. 2019 for Multi-News report "% novel n-grams in the summary");
    a repeated novel phrase counts once. Source n-grams do not cross document boundaries; summary
    n-grams are taken over the whole summary. None when the summary is shorter than n words.
    """
    rates: dict[int, float | None] = {}
    for n in orders:
        wanted = ngrams(summary, n)
        if not wanted:
            rates[n] = None
            continue
        missing = set(wanted)
        for doc in documents:
            missing.difference_update(zip(*(doc[k:] for k in range(n))))  # no set of the document's n-grams
            if not missing:
                break
        rates[n] = len(missing) / len(wanted)
    return rates


def _documents(row: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """A row's documents as a list of dicts, also for the dict-of-lists shape `datasets` can produce."""
    docs = row["documents"]
    if isinstance(docs, Mapping):
        keys = list(docs)
        return [dict(zip(keys, values)) for values in zip(*(docs[k] for k in keys))]
    return list(docs)


def cluster_stats(row: Mapping[str, Any]) -> dict[str, Any]:
    """The statistics of one cluster row (as yielded by `iter_clusters`).

    Returns {"cluster_id", "documents": int, "document_words": [int per document],
    "summary_words": int, "compression", "coverage", "density": float, "novel_1".."novel_4": float
    or None}. Raises ResearchInputError if the summary has no word token (every ratio would be
    undefined; a validated release never has one).
    """
    cluster_id = row.get("cluster_id")
    doc_tokens = [tokens(doc["text"] or "") for doc in _documents(row)]
    summary_tokens = tokens(row["summary"] or "")
    if not summary_tokens:
        raise ResearchInputError("cluster row", "the summary has no word tokens", record=cluster_id, field="summary")
    found = cluster_fragments(doc_tokens, summary_tokens)
    words = [len(doc) for doc in doc_tokens]
    stats: dict[str, Any] = {
        "cluster_id": cluster_id,
        "documents": len(doc_tokens),
        "document_words": words,
        "summary_words": len(summary_tokens),
        "compression": compression(sum(words), len(summary_tokens)),
        "coverage": coverage(found, len(summary_tokens)),
        "density": density(found, len(summary_tokens)),
    }
    for n, rate in novel_ngram_rates(doc_tokens, summary_tokens).items():
        stats[f"novel_{n}"] = rate
    return stats


def per_cluster_values(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[float]]:
    """The numbers `aggregate` and the plots need, one list per measure, cluster by cluster.

    Keys: the names in DESCRIBED plus "novel_1".."novel_4". "words_per_document" has one entry per
    document, the others one per cluster; a novel-n list skips clusters whose summary is shorter
    than n words. Only numbers are kept, so `rows` can be a stream of any length.
    """
    values: dict[str, list[float]] = {name: [] for name in DESCRIBED}
    values.update({f"novel_{n}": [] for n in NGRAM_ORDERS})
    for row in rows:
        stats = cluster_stats(row)
        values["documents_per_cluster"].append(stats["documents"])
        values["words_per_document"].extend(stats["document_words"])
        values["words_per_summary"].append(stats["summary_words"])
        for name in ("compression", "coverage", "density"):
            values[name].append(stats[name])
        for n in NGRAM_ORDERS:
            if stats[f"novel_{n}"] is not None:
                values[f"novel_{n}"].append(stats[f"novel_{n}"])
    return values


def describe(values: Sequence[float]) -> dict[str, Any]:
    """{"count", "mean", "min", "p10", "p50", "p90", "max"} of `values`; all but count None if empty.

    Percentiles interpolate linearly between order statistics (numpy's "linear" method, named
    explicitly), and the mean is numpy's over float64, so the same values give the same numbers.
    """
    if len(values) == 0:
        return {"count": 0, "mean": None, "min": None, **{f"p{q}": None for q in PERCENTILES}, "max": None}
    array = np.asarray(values, dtype=np.float64)
    quantiles = np.percentile(array, PERCENTILES, method=PERCENTILE_METHOD)
    return {
        "count": int(array.size),
        "mean": float(array.mean()),
        "min": float(array.min()),
        **{f"p{q}": float(v) for q, v in zip(PERCENTILES, quantiles)},
        "max": float(array.max()),
    }


def _mean(values: Sequence[float]) -> float | None:
    return float(np.asarray(values, dtype=np.float64).mean()) if len(values) else None


def aggregate(values: Mapping[str, Sequence[float]]) -> dict[str, Any]:
    """Dataset statistics from `per_cluster_values` output.

    Returns {"clusters": int, "documents": int, <each name in DESCRIBED>: describe(...),
    "novel_1".."novel_4": mean rate over clusters (a fraction in [0, 1]) or None}.
    """
    stats: dict[str, Any] = {
        "clusters": len(values["documents_per_cluster"]),
        "documents": len(values["words_per_document"]),
    }
    stats.update({name: describe(values[name]) for name in DESCRIBED})
    stats.update({f"novel_{n}": _mean(values[f"novel_{n}"]) for n in NGRAM_ORDERS})
    return stats


def dataset_statistics(rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Statistics of a stream of cluster rows (one split, or any set of clusters); see `aggregate`."""
    return aggregate(per_cluster_values(rows))


# label, key in the stats, decimals; a described measure gets a "mean" and a "p10 / p50 / p90" row
_DESCRIBED_ROWS = (
    ("Documents per cluster", "documents_per_cluster", 2),
    ("Words per document", "words_per_document", 1),
    ("Words per summary", "words_per_summary", 1),
    ("Compression (document words / summary word)", "compression", 2),
    ("Coverage", "coverage", 3),
    ("Density", "density", 2),
)
NOVEL_DECIMALS = 2  # novel n-gram rates are shown as percentages with this many decimals


def _number(value: float | None, decimals: int) -> str:
    return "–" if value is None else f"{value:,.{decimals}f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join([" --- "] + [" ---: "] * (len(header) - 1)) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def statistics_markdown(stats_by_split: Mapping[str, Mapping[str, Any]]) -> str:
    """Markdown tables for the card, one column per split in the mapping's order.

    Two tables: sizes and lengths (counts, then mean and p10 / p50 / p90 of each measure), and
    extractiveness (coverage, density, compression as Newsroom defines them, and novel n-gram
    rates as percentages). Decimals are fixed per measure, so the same statistics give the same text.
    """
    splits = list(stats_by_split)
    header = ["Statistic", *splits]

    def described(label: str, key: str, decimals: int) -> list[list[str]]:
        cells_mean, cells_spread = [], []
        for split in splits:
            d = stats_by_split[split][key]
            cells_mean.append(_number(d["mean"], decimals))
            cells_spread.append(" / ".join(_number(d[f"p{q}"], decimals) for q in PERCENTILES))
        return [[f"{label}, mean", *cells_mean], [f"{label}, p10 / p50 / p90", *cells_spread]]

    sizes = [
        ["Clusters", *(f"{stats_by_split[s]['clusters']:,}" for s in splits)],
        ["Documents", *(f"{stats_by_split[s]['documents']:,}" for s in splits)],
    ]
    for label, key, decimals in _DESCRIBED_ROWS[:3]:
        sizes.extend(described(label, key, decimals))
    extractive: list[list[str]] = []
    for label, key, decimals in _DESCRIBED_ROWS[3:]:
        extractive.extend(described(label, key, decimals))
    for n in NGRAM_ORDERS:
        cells = [_number(None if (v := stats_by_split[s][f"novel_{n}"]) is None else 100 * v, NOVEL_DECIMALS)
                 for s in splits]
        extractive.append([f"Novel {n}-grams in the summary (%)", *cells])

    lines = ["Word counts here are word tokens, the one tokenizer of every statistic below: runs of letters and "
             "digits with inner apostrophes, so punctuation is not counted and a hyphenated word counts as its "
             "parts. The Dataset Summary counts words between white space, so its counts differ slightly.", ""]
    lines += _table(header, sizes)
    lines += ["", "Extractiveness of the summaries (Grusky et al. 2018; a cluster's documents form its article; "
              "novel n-grams are the distinct summary n-grams absent from every document, averaged over "
              "clusters).", ""]
    lines += _table(header, extractive)
    return "\n".join(lines) + "\n"
