"""Lines repeated across story clusters: the keys the count pass and the rules share, and the rule.

A line has two keys: its own (`low_line_key`), counted in every story cluster that holds it, and,
when the document's site is known, the key of the (site, line) pair (`site_line_key`), counted in
every story cluster that holds the line on a page of that site. Both kinds live in one mapping,
`line_counts`: they are 64-bit hashes of different things, so they don't meet.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from itertools import repeat
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

import xxhash

from newsclusters.pipeline.rules.columns import side_columns
from newsclusters.pipeline.rules.page import Page
from newsclusters.pipeline.rules.registry import page_rule
from newsclusters.pipeline.rules.shapes import REPEAT_MAX_LEN, low_line_key, normalise_line

if TYPE_CHECKING:
    import numpy as np

REPEAT_MIN_CLUSTERS = 4  # a line found in at least this many story clusters of the corpus is site boilerplate


def line_keys(text: str) -> set[int]:
    """The keys of one document's lines, each once: the document's contribution to `line_counts`. A line is
    keyed as the cleaner judges it: without the side columns a text browser printed beside it."""
    keys = set()
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = normalise_line(side_columns(raw)[0])
        # A paragraph too long to count is not lower-cased first (lower-casing never shortens a line).
        if line and len(line) <= REPEAT_MAX_LEN and len(low := line.lower()) <= REPEAT_MAX_LEN:
            keys.add(low_line_key(low))
    return keys


# Second-level labels under which a country's sites register ('bbc.co.uk', 'smh.com.au').
_SECOND_LEVEL = frozenset("co com net org ac gov edu ne or go".split())
K = TypeVar("K", int, "np.ndarray")


# The head of an absolute URL: its scheme, '//' and its authority, up to the path, query or fragment.
_URL_HEAD = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*")
_URL_HEADS_KEPT = 16_384  # distinct heads remembered: a corpus has a few thousand sites


def site_of(url: str | None) -> str | None:
    """The site a page comes from: the registrable domain of its URL (ca.reuters.com and
    www.reuters.com share templates, so they are one site), or None without a host.

    Only the URL: an outlet's name is free text (a dataset's name, a wire service for many sites),
    and a site too wide would make its "template" of lines that merely recur.

    Reading a URL (`urlsplit`) cost about 10 us a document in each pass; every URL differs, but the
    part that names the host repeats, so the site is kept per URL head. `urlsplit` takes the host from
    what stands between the scheme's '//' and the first '/', '?' or '#', after deleting every tab and
    line break: the same for the head as for the whole URL, which begins with it.
    """
    if url and (head := _URL_HEAD.match(url)):
        return _site_of_head(head.group())
    return _site_of_url(url)


@lru_cache(maxsize=_URL_HEADS_KEPT)
def _site_of_head(head: str) -> str | None:
    return _site_of_url(head)


def _site_of_url(url: str | None) -> str | None:
    try:
        host = (urlsplit(url or "").hostname or "").lower().rstrip(".")
    except ValueError:  # an address that doesn't parse ('http://[::1'): no site
        return None
    if not host:
        return None
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def document_site(meta: Mapping[str, Any]) -> str | None:
    """The site of a document with this metadata (a raw document's, or a JSON line's, `url`): the
    count pass and the cleaner must agree on it, so both take it from here."""
    url = meta.get("url")
    return site_of(url) if isinstance(url, str) else None


def site_key(site: str) -> int:
    """64-bit stable key of a site's name."""
    return xxhash.xxh64_intdigest(site.encode("utf-8", "surrogatepass"))


def site_line_key(line_key: K, site: K) -> K:
    """The key of a line on a page of a site (`site_key`): the two keys XORed (ints, or uint64 arrays
    of them in the count pass). Both are xxh64 values, so this is a key like any other: it meets
    another (site, line) key or a line's own key only if two lines' keys differ by exactly two sites'
    keys (or a site's), a 2**-64 chance per pair."""
    return line_key ^ site


def site_line_keys(keys: Iterable[int], site: int) -> set[int]:
    """The (site, line) keys of a document's line keys."""
    return {key ^ site for key in keys}


def cluster_line_keys(texts: Iterable[str], sites: Iterable[str | None] | None = None) -> set[int]:
    """The keys of a story cluster's lines, each once: the cluster's contribution to `line_counts`;
    with each document's site (or None), the keys of its (site, line) pairs too."""
    keys: set[int] = set()
    for text, site in zip(texts, repeat(None) if sites is None else sites):
        found = line_keys(text)
        keys |= found
        if site:
            keys |= site_line_keys(found, site_key(site))
    return keys


def count_cluster_lines(clusters: Iterable[Iterable[str]],
                        sites: Iterable[Iterable[str | None]] | None = None) -> Counter[int]:
    """In how many story clusters each line key occurs (and each (site, line) key, given the sites of
    each cluster's documents); Counters of shards holding other clusters add up.

    Clusters, not documents: copies of one wire story in a cluster repeat its subheads and
    captions, which are article text; site boilerplate recurs across stories.
    """
    counts: Counter[int] = Counter()
    for texts, cluster_sites in zip(clusters, repeat(None) if sites is None else sites):
        counts.update(cluster_line_keys(texts, cluster_sites))
    return counts


def count_lines(texts: Iterable[str], sites: Iterable[str | None] | None = None) -> Counter[int]:
    """`count_cluster_lines` for documents without clusters (the clean command): each its own cluster."""
    return count_cluster_lines(([text] for text in texts), None if sites is None else ([site] for site in sites))


# Words by which a site's own paragraph speaks of itself or to the reader ('Your comment will not be
# published immediately', 'Our online news publishes a local news story regularly'). Not 'site',
# 'email' or 'comment': a report says 'according to a statement on its website', 'declined to comment';
# not 'US' in capitals.
_SITE_VOICE = re.compile(r"\b(?:(?i:you|your|we|our|please|click|subscribe|newsletters?|this (?:article|story|content|page|"
                         r"post|site|website|report)|opinions expressed|(?:is|are) (?:loading|unavailable))|us)\b")
# A quote's 'we' is a source speaking, not the site: double, curly and single quotes (a single one
# opens after a non-word character, so an apostrophe starts none; a quote cut at one still hides its 'we').
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’|(?<!\w)'[^']*'")
_LIST_ITEM = re.compile(r"^(?:[-*•+o]|\d{1,2}[.)])\s")
HEADLINE_CAPITALISED = 0.6  # share of words starting with a capital or digit: a headline, not a sentence


@lru_cache(maxsize=1 << 14)
def reads_as_report(line: str) -> bool:
    """A sentence as a story tells it: a full stop at its end, no word of the site speaking of itself or
    to the reader (outside quotes), not a headline's capitals, not a list item. A teaser's summary has
    no full stop; a notice addresses the reader; those are the template's paragraphs. Memoised: it is
    asked about lines repeated across the corpus, the same ones on page after page."""
    end = line.rstrip("\"'”’)] ")
    if end[-1:] != "." or end.endswith(".."):
        return False  # no full stop, or a teaser's '...'
    if _LIST_ITEM.match(line) or _SITE_VOICE.search(_QUOTED.sub(" ", line)):
        return False
    words = line.split()
    return sum(1 for w in words if w[0].isupper() or w[0].isdigit()) < HEADLINE_CAPITALISED * len(words)


REPEATED_RULE = "corpus_repeated_v5"  # other rules read its verdicts


def counted_lines(page: Page) -> Iterator[tuple[int, int]]:
    """(index, `low_line_key`) of the lines the count pass counted that no rule has removed yet."""
    removed = page.removed
    return ((i, key) for i, key in enumerate(page.line_keys) if key is not None and i not in removed)


def repeat_candidates(page: Page) -> Iterator[tuple[int, int]]:
    """`counted_lines` that a repetition rule may take anywhere on the page: not prose. One wire story
    syndicated by several outlets repeats whole paragraphs, and stories of the same week share
    background sentences; those are article text."""
    prose = page.prose
    return ((i, key) for i, key in counted_lines(page) if not prose[i])


@page_rule(
    REPEATED_RULE,
    f"A short, non-prose line found in {REPEAT_MIN_CLUSTERS}+ story clusters of the corpus that doesn't report"
    " is site boilerplate.",
)
def _corpus_repeated(page: Page) -> list[int]:
    """A short sentence as a story tells it ('No one was injured.', 'He denies the charges.', 'The company
    declined to comment.') stands in many clusters of a large corpus, and is article text."""
    counts = page.line_counts
    if not counts:
        return []  # no count pass was run: the rule stays silent
    get, lines = counts.get, page.lines
    return [i for i, key in repeat_candidates(page)
            if get(key, 0) >= REPEAT_MIN_CLUSTERS and not reads_as_report(lines[i])]
