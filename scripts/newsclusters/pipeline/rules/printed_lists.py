"""Lists and menus as a text browser prints them: nested list items, a menu run together into one line."""

from __future__ import annotations

import re

from newsclusters.pipeline.rules.page import Page
from newsclusters.pipeline.rules.registry import page_rule
from newsclusters.pipeline.rules.shapes import is_nested_item

_NESTED_START = re.compile(r"\n[+o] ")  # on the lower-cased page: a candidate for `is_nested_item`


@page_rule(
    "nested_list_item_v1",
    "Second- and third-level items of a text-rendered list ('+ ...', 'o ...') in a run are nested menus.",
)
def _nested_list_items(page: Page) -> list[int]:
    # Full-page text renderings keep a site's nested menus as '* Section / + Subsection / o Item';
    # articles rarely nest their lists, and a prose-shaped item is kept all the same. A lone marked
    # line is not enough: nested items come with siblings.
    if _NESTED_START.search(page.low_text) is None:
        return []  # the common case, decided without a call per line
    lines, prose, n = page.lines, page.prose, len(page.lines)
    marked = [not prose[i] and is_nested_item(lines[i]) for i in range(n)]
    return [
        i for i in range(n)
        if marked[i] and i not in page.removed and ((i > 0 and marked[i - 1]) or (i + 1 < n and marked[i + 1]))
    ]


# After the span rules: removed before them, a menu line cost their runs as a removed line does, and on
# three bench sites of two-column layouts the tail rule then took article lines with it.
@page_rule(
    "flattened_menu_v3",
    "A line of capitalised names, apart with few function words or glued ('TownTelevisionBusiness'), is a menu.",
)
def _flattened_menu(page: Page) -> list[int]:
    return sorted(i for i in page.menus if i not in page.removed)
