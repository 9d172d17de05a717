"""Lines repeated across story clusters: the key the count pass and the rule share, and the rule."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import xxhash

from newsclusters.pipeline.rules.page import Page
from newsclusters.pipeline.rules.registry import page_rule

REPEAT_MIN_CLUSTERS = 4  # a line found in at least this many story clusters of the corpus is site boilerplate
REPEAT_MAX_LEN = 300  # longer lines are never counted (they are paragraphs, even when syndicated)
_KEY_STRIP = " |*•·-–—»›>#:.,;!?'\"“”‘’()[]{}"


def low_line_key(low: str) -> int:
    """64-bit stable key of a lower-cased normalised line, edge punctuation and bullets stripped.

    xxh64 without a seed: the same in every process (counts from shards add up), and 64 bits make an
    accidental match of a content line with a frequent boilerplate line unlikely.
    """
    return xxhash.xxh64_intdigest(low.strip(_KEY_STRIP).encode("utf-8", "surrogatepass"))


def line_keys(text: str) -> set[int]:
    """The keys of one document's lines, each once: the document's contribution to `line_counts`."""
    keys = set()
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = " ".join(raw.split())
        # A paragraph too long to count is not lower-cased first (lower-casing never shortens a line).
        if line and len(line) <= REPEAT_MAX_LEN and len(low := line.lower()) <= REPEAT_MAX_LEN:
            keys.add(low_line_key(low))
    return keys


def cluster_line_keys(texts: Iterable[str]) -> set[int]:
    """The keys of a story cluster's lines, each once: the cluster's contribution to `line_counts`."""
    return set().union(*map(line_keys, texts))


def count_cluster_lines(clusters: Iterable[Iterable[str]]) -> Counter[int]:
    """In how many story clusters each line key occurs; Counters of shards holding other clusters add up.

    Clusters, not documents: copies of one wire story in a cluster repeat its subheads and
    captions, which are article text; site boilerplate recurs across stories.
    """
    counts: Counter[int] = Counter()
    for texts in clusters:
        counts.update(cluster_line_keys(texts))
    return counts


def count_lines(texts: Iterable[str]) -> Counter[int]:
    """`count_cluster_lines` for documents without clusters (the clean command): each its own cluster."""
    return count_cluster_lines([text] for text in texts)


REPEATED_RULE = "corpus_repeated_v2"  # other rules read its verdicts


@page_rule(
    REPEATED_RULE,
    f"A short, non-prose line found in {REPEAT_MIN_CLUSTERS}+ story clusters of the corpus is site boilerplate.",
)
def _corpus_repeated(page: Page) -> list[int]:
    """Prose is exempt: one wire story syndicated by several outlets repeats whole paragraphs, and
    stories of the same week share background sentences; those are article text."""
    counts = page.line_counts
    if not counts:
        return []  # no count pass was run: the rule stays silent
    get = counts.get
    prose = page.prose
    return [
        i
        for i, low in enumerate(page.low)
        if len(low) <= REPEAT_MAX_LEN
        and i not in page.removed
        and not prose[i]
        and get(low_line_key(low), 0) >= REPEAT_MIN_CLUSTERS
    ]
