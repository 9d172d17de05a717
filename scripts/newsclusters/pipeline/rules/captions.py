"""A photo caption with its credit line."""

from __future__ import annotations

import re

from newsclusters.pipeline.rules.page import Page
from newsclusters.pipeline.rules.registry import page_rule
from newsclusters.pipeline.rules.shapes import FIELD

_CREDIT_RULE = "image_credit_v11"
_CAPTION_CUE = re.compile(
    r"\((?:left|right|center|centre|l|r|c|file|top|bottom|front|back|pictured|inset)\b|"
    r"\b(?:pictured|poses|posing|attends|arrives|arriving|is seen|are seen|file photo|seen here|"
    r"in this (?:undated |handout |file )?(?:photo|image|picture))\b",
    re.I,
)


def _is_block_credit(page: Page, i: int) -> bool:
    """A short capitalised unpunctuated line closing a block of 2+ lines (paragraph-per-block pages)."""
    if not page.blocky or i == 0 or page.blocks[i - 1] != page.blocks[i]:
        return False
    if i + 1 < len(page.lines) and page.blocks[i + 1] == page.blocks[i]:
        return False
    line = page.lines[i]
    if page.words[i] > 4 or page.ends[i] or len(line) > 50 or FIELD.match(line):
        return False  # a fact box's fields ('Certificate: 15', 'Running time: 118 minutes') are no caption and credit
    return line[0].isupper() or line[0] == "@"


@page_rule(
    "caption_with_credit_v5",
    "A photo caption with its credit line (same block, caption cue or shown twice) describes a picture.",
)
def _caption_with_credit(page: Page) -> list[int]:
    found: list[int] = []
    removed = page.removed
    for i in range(1, len(page.lines)):
        if removed.get(i) != _CREDIT_RULE:
            if i in removed or not _is_block_credit(page, i):
                continue
            found.append(i)
        j = i - 1
        if j in removed or page.words[j] > 45:
            continue
        caption = page.lines[j]
        if j > 0 and page.lines[j - 1] == caption and (j - 1) not in removed:
            found += [j, j - 1]
        elif (page.blocky and page.blocks[j] == page.blocks[i]) or _CAPTION_CUE.search(caption):
            found.append(j)
    return found
