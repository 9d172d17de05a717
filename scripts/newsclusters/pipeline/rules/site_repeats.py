"""Lines a site prints on the pages of its other stories: its template, found by the count pass.

Registered after every other rule, so that what it removes changes no other rule's view of the page
(a list's heading, a line above the article): it only takes lines the others kept.
"""

from __future__ import annotations

from newsclusters.pipeline.rules.page import Page
from newsclusters.pipeline.rules.registry import page_rule
from newsclusters.pipeline.rules.repeats import REPEAT_MAX_LEN, low_line_key, site_line_key

SITE_REPEAT_MIN_CLUSTERS = 2  # story clusters of the same site holding the line: its template


@page_rule(
    "site_repeated_v1",
    f"A short, non-prose line on pages of {SITE_REPEAT_MIN_CLUSTERS}+ story clusters from one site is its template.",
)
def _site_repeated(page: Page) -> list[int]:
    """Prose is exempt, as for `corpus_repeated_v2`: a site reuses background paragraphs across
    stories. Two copies of one story from a site (an update) are one cluster, so they count once."""
    counts, site = page.line_counts, page.site
    if not counts or site is None:
        return []  # no count pass, or a page of no known site: the rule stays silent
    get = counts.get
    prose = page.prose
    return [
        i
        for i, low in enumerate(page.low)
        if len(low) <= REPEAT_MAX_LEN
        and i not in page.removed
        and not prose[i]
        and get(site_line_key(low_line_key(low), site), 0) >= SITE_REPEAT_MIN_CLUSTERS
    ]
