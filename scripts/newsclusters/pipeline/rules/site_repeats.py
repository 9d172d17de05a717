"""Lines a site prints on the pages of its other stories: its template, found by the count pass.

Registered after every other rule, so that what it removes changes no other rule's view of the page
(a list's heading, a line above the article): it only takes lines the others kept.
"""

from __future__ import annotations

from newsclusters.pipeline.rules.page import Page
from newsclusters.pipeline.rules.registry import page_rule
from newsclusters.pipeline.rules.repeats import REPEAT_MIN_CLUSTERS, low_line_key, repeat_candidates, site_line_key

SITE_REPEAT_MIN_CLUSTERS = 2  # story clusters of the same site holding the line: its template


@page_rule(
    "site_repeated_v1",
    f"A short, non-prose line on pages of {SITE_REPEAT_MIN_CLUSTERS}+ story clusters from one site is its template.",
)
def _site_repeated(page: Page) -> list[int]:
    """Prose is exempt, as for `corpus_repeated_v2`. Two copies of one story from a site (an update)
    are one cluster, so they count once. A line in `REPEAT_MIN_CLUSTERS` clusters of the corpus is
    that rule's, never this one's: so a build need not keep the (site, line) counts of such lines."""
    counts, site = page.line_counts, page.site
    if not counts or site is None:
        return []  # no count pass, or a page of no known site: the rule stays silent
    get = counts.get
    return [
        i
        for i, low in repeat_candidates(page)
        if get(key := low_line_key(low), 0) < REPEAT_MIN_CLUSTERS
        and get(site_line_key(key, site), 0) >= SITE_REPEAT_MIN_CLUSTERS
    ]
