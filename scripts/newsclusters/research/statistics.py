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
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from itertools import repeat
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


OTHER, BOUNDARY = -1, -2  # the id of an article word the summary lacks, and of the end of a document


class Encoded(NamedTuple):
    """A cluster's tokens as small integers: the ids of the summary's distinct words, in first-seen order.

    Fragments and novel n-grams only ever compare article words with summary words, so every other
    word can be one id (OTHER), and each document ends in a BOUNDARY id that nothing matches: then
    the documents are one array NumPy can search for the summary's bigrams at once. An n-gram is
    one integer, its ids as base-`words` digits.
    """

    summary: list[int]  # the summary's ids
    words: int  # distinct summary words: the ids are 0 .. words - 1
    article: list[int]  # every document's ids followed by BOUNDARY, documents in order
    array: np.ndarray  # `article` as int64, for NumPy
    starts: list[int]  # where each document starts in `article`
    pair_at: np.ndarray  # the article positions where a summary bigram starts, in order
    pairs: np.ndarray  # the code of the bigram starting at each of them


def encode(documents: Sequence[Sequence[str]], summary: Sequence[str]) -> Encoded:
    """The cluster's tokens as ids and where the summary's bigrams are, made once for the fragments
    and the novel n-grams (a bigram's code is exact below 3 billion distinct summary words)."""
    ids = {word: k for k, word in enumerate(dict.fromkeys(summary))}
    article: list[int] = []
    starts: list[int] = []
    for doc in documents:
        starts.append(len(article))
        article += map(ids.get, doc, repeat(OTHER))
        article.append(BOUNDARY)
    array = np.asarray(article, dtype=np.int64)
    summary_ids = [ids[word] for word in summary]
    wanted = np.unique(_ngram_codes(np.asarray(summary_ids, dtype=np.int64), 2, len(ids)))
    codes = _ngram_codes(array, 2, len(ids))
    pair_at = np.flatnonzero((array[:-1] >= 0) & (array[1:] >= 0) & _present(codes, wanted))
    return Encoded(summary_ids, len(ids), article, array, starts, pair_at, codes[pair_at])


def _ngram_codes(ids: np.ndarray, n: int, base: int) -> np.ndarray:
    """The code of each n-gram of `ids`; meaningless for one holding OTHER or BOUNDARY."""
    count = max(len(ids) - n + 1, 0)
    codes = ids[:count]
    for k in range(1, n):
        codes = codes * base + ids[k:k + count]
    return codes


def _present(codes: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Whether each of `codes` is in `wanted` (sorted, distinct): np.isin's answer without its cost per
    call, which is most of the time on a few hundred codes."""
    if not len(wanted):
        return np.zeros(len(codes), dtype=bool)
    return wanted[np.minimum(np.searchsorted(wanted, codes), len(wanted) - 1)] == codes


def _bigram_starts(encoded: Encoded) -> dict[int, list[int]]:
    """Summary bigram (its code) -> the article positions where it starts, in order."""
    order = np.argsort(encoded.pairs, kind="stable")  # grouped by bigram, positions still in order
    keys, positions = encoded.pairs[order].tolist(), encoded.pair_at[order].tolist()
    cuts = [0, *(np.flatnonzero(np.diff(encoded.pairs[order])) + 1).tolist(), len(keys)]
    return {keys[a]: positions[a:b] for a, b in zip(cuts, cuts[1:]) if a < b}


def _first_positions(encoded: Encoded) -> dict[int, int]:
    """Summary word id -> its first position in the article, for the words the article has."""
    known = np.flatnonzero(encoded.array >= 0)
    found, first = np.unique(encoded.array[known], return_index=True)
    return dict(zip(found.tolist(), known[first].tolist()))


def encoded_fragments(encoded: Encoded) -> list[Fragment]:
    """`cluster_fragments` of an encoded cluster: Newsroom's scan, visiting only the starts that can win.

    Newsroom's scan at summary position i tries each article position holding summary[i], keeps a
    match only if strictly longer than the best, and resumes after each match. A start that matches
    one word alone can neither beat a longer match nor skip a later start (the scan resumes right
    after it anyway), so only the starts of the bigram summary[i:i+2] are tried; if none matches,
    the best is one word at the first position holding summary[i]. A match stops at a BOUNDARY, and
    the scan resuming after it never reaches into the next document, so one scan over all the
    documents is the per-document scan.
    """
    summary, article, base = encoded.summary, encoded.article, encoded.words
    by_bigram = _bigram_starts(encoded)
    first = _first_positions(encoded)
    found: list[Fragment] = []
    n = len(summary)
    i = 0
    while i < n:
        best = best_start = resume = 0
        room = n - i  # a match cannot run past the summary's end
        for p in by_bigram.get(summary[i] * base + summary[i + 1], ()) if room > 1 else ():
            if p < resume:
                continue
            k = 2
            while k < room and article[p + k] == summary[i + k]:
                k += 1
            if k > best:
                best, best_start = k, p
            resume = p + k
        if not best and summary[i] in first:
            best, best_start = 1, first[summary[i]]
        if best:
            document = bisect_right(encoded.starts, best_start) - 1
            found.append(Fragment(i, document, best_start - encoded.starts[document], best))
            i += best
        else:
            i += 1
    return found


def cluster_fragments(documents: Sequence[Sequence[str]], summary: Sequence[str]) -> list[Fragment]:
    """Newsroom's greedy fragments of `summary` in a cluster of documents (token lists).

    The result is exactly that of Grusky et al.'s algorithm (and of their reference code,
    `newsroom.analyze.Fragments._match`) run on the documents concatenated in order with a
    separator token that matches nothing between them, so no fragment crosses a document
    boundary. Their algorithm, for summary position i: scan the article left to right; at each j
    where A[j] == S[i], extend the match as far as it goes, keep it if strictly longer than the best
    so far, and resume the scan *after* the match (j jumps to its end, so a start inside a match
    is never tried); then emit the best match and move i past it, or move i by one if nothing
    matched. `encoded_fragments` says how the scan skips the positions that cannot change it.
    """
    return encoded_fragments(encode(documents, summary))


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
    return encoded_novel_rates(encode(documents, summary), orders)


def encoded_novel_rates(encoded: Encoded, orders: Sequence[int] = NGRAM_ORDERS) -> dict[int, float | None]:
    """`novel_ngram_rates` of an encoded cluster, from the numbers of distinct summary n-grams the
    article has (`_found_ngrams`); with sets of tuples for an n whose codes would overflow int64."""
    summary = np.asarray(encoded.summary, dtype=np.int64)
    found = _found_ngrams(encoded, max(orders, default=0))
    rates: dict[int, float | None] = {}
    for n in orders:
        if n < 1 or len(summary) < n:
            rates[n] = None
        elif n in found:
            wanted = len(np.unique(_ngram_codes(summary, n, max(encoded.words, 1))))
            rates[n] = (wanted - found[n]) / wanted
        else:
            rates[n] = _novel_rate_by_sets(encoded, n)
    return rates


def _found_ngrams(encoded: Encoded, top: int) -> dict[int, int]:
    """n -> how many distinct summary n-grams the article has, for n = 1 .. `top` while codes fit int64.

    Every summary n-gram in the article (n > 1) starts where a summary bigram does, so the bigrams
    found are extended one word at a time, keeping those still summary n-grams: a few hundred codes
    a step, not every n-gram of the article.
    """
    base = max(encoded.words, 1)
    summary = np.asarray(encoded.summary, dtype=np.int64)
    found = {1: int(np.count_nonzero(np.bincount(encoded.array[encoded.array >= 0], minlength=base)))}
    at, codes = encoded.pair_at, encoded.pairs
    for n in range(2, top + 1):
        if base ** n >= 2 ** 63:
            break
        if n > 2:
            following = encoded.array[at + n - 1]  # in range: at + n - 2 holds a word, so no final BOUNDARY
            codes = codes * base + following
            keep = (following >= 0) & _present(codes, np.unique(_ngram_codes(summary, n, base)))
            at, codes = at[keep], codes[keep]
        found[n] = len(np.unique(codes))
    return found


def _novel_rate_by_sets(encoded: Encoded, n: int) -> float:
    """One novel n-gram rate with n-grams as tuples, when their codes would overflow int64 (4-grams of
    a summary of 55,109 distinct words or more)."""
    wanted = ngrams(encoded.summary, n)
    return len(wanted - ngrams(encoded.article, n)) / len(wanted)


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
    encoded = encode(doc_tokens, summary_tokens)
    found = encoded_fragments(encoded)
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
    for n, rate in encoded_novel_rates(encoded).items():
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
