"""Lines a site, or a network of sites, prints on the pages of other stories: templates, found by the count pass.

Registered after every other rule, so that what they remove changes no other rule's view of the page
(a list's heading, a line above the article): they only take lines the others kept. The site rule
comes last of all, so that a page's URL changes no other rule's verdict.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from newsclusters.pipeline.rules.page import Page
from newsclusters.pipeline.rules.registry import page_rule
from newsclusters.pipeline.rules.repeats import REPEAT_MIN_CLUSTERS, counted_lines, reads_as_report, site_line_key
from newsclusters.pipeline.rules.span import article_span

SITE_REPEAT_MIN_CLUSTERS = 2  # story clusters of the same site holding the line: its template


@page_rule(
    "corpus_repeated_paragraph_v3",
    f"A paragraph in {REPEAT_MIN_CLUSTERS}+ story clusters at the article's edges that doesn't report"
    " is a network's template.",
)
def _corpus_repeated_paragraph(page: Page) -> list[int]:
    """`site_repeated_v4`'s paragraphs, counted over the corpus instead of one site: the lines a network
    prints on its stations' pages ('Like online video? Then you'll love Now See This.') or a platform on
    its blogs'. A syndicated wire paragraph reads as reporting and stays, wherever it stands. A page
    of no known site is judged too: the counts need no URL."""
    counts = page.line_counts
    if not counts:
        return []  # no count pass was run: the rule stays silent
    get, prose, lines = counts.get, page.prose, page.lines
    paragraphs = [
        i
        for i, key in counted_lines(page)
        if prose[i] and get(key, 0) >= REPEAT_MIN_CLUSTERS and not reads_as_report(lines[i])
    ]
    return at_article_edges(page, paragraphs, frozenset()) if paragraphs else []


@page_rule(
    "site_repeated_v4",
    f"A line on pages of {SITE_REPEAT_MIN_CLUSTERS}+ story clusters of one site is its template"
    " (paragraphs: at the article's edges).",
)
def _site_repeated(page: Page) -> list[int]:
    """No line that reads as a reported sentence goes: a site's follow-up stories reuse background
    paragraphs and short lines ('The company declined to comment.'), and those are article text. Other
    short non-prose lines go wherever they stand; a paragraph, only outside the article's run or at
    either end of it. Two copies of one story from a site (an update) are one cluster, so they count
    once. A line in `REPEAT_MIN_CLUSTERS` clusters of the corpus is `corpus_repeated_v5`'s or syndicated
    prose: a build need not keep its (site, line) counts."""
    counts, site = page.line_counts, page.site
    if not counts or site is None:
        return []  # no count pass, or a page of no known site: the rule stays silent
    get, prose, lines = counts.get, page.prose, page.lines
    short: list[int] = []
    paragraphs: list[int] = []
    for i, key in counted_lines(page):
        if (get(key, 0) < REPEAT_MIN_CLUSTERS and get(site_line_key(key, site), 0) >= SITE_REPEAT_MIN_CLUSTERS
                and not reads_as_report(lines[i])):
            (paragraphs if prose[i] else short).append(i)
    if not paragraphs:
        return short
    return sorted(short + at_article_edges(page, paragraphs, frozenset(short)))


def at_article_edges(page: Page, candidates: list[int], gone: AbstractSet[int]) -> list[int]:
    """The candidates outside the article's run, or in the unbroken run of candidates that opens or
    closes its kept lines (a notice under the last paragraph); never one between two other lines of it.
    `gone` are lines this rule removes too, so the run is found as it will be."""
    span = article_span(page, gone)
    if span is None:
        return candidates
    first, last = span
    removed, wanted = page.removed, set(candidates)
    inside = [i for i in range(first, last + 1) if i not in removed and i not in gone]
    lo, hi = 0, len(inside)
    while lo < hi and inside[lo] in wanted:
        lo += 1
    while hi > lo and inside[hi - 1] in wanted:
        hi -= 1
    middle = set(inside[lo:hi])
    return [i for i in candidates if i not in middle]
