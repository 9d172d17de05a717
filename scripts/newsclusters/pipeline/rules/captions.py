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
# What a caption over a credit line says, when it has no cue: what the picture shows, in one sentence or a phrase
# ('Volunteers fill sandbags outside the fire station on Tuesday.', 'Crowds at last year's festival'). An article's
# paragraph over a credit quotes or reports ('"That was the surprise," said Dr. Aldous'), looks ahead ('The routes
# will link ...'), goes on from the one before ('She taught third grade ...'), or is a list's item or a timeline's
# ('3. Funding guaranteed', 'Mid-2011: Full service ...'), or gives advice ('Don't pour hot water on ice').
CAPTION_SHAPE_MAX_WORDS = 45
_REPORTS = re.compile(r"[\"“”]|\b(?:said|says|told|asked|added|will|would|can|could|should|must|may|might|has been"
                      r"|have been|had been|expected)\b", re.I)
_NO_CAPTION_OPENING = re.compile(
    r"\d{1,4}[.):]\s|[-*•+»·–]\s|[^:]{0,15}\d[^:]{0,15}:"
    r"|(?:he|she|they|it|we|i|you|this|these|that|those|there|here"
    r"|however|but|and|so|also|meanwhile|still|yet|don't|don’t|do not|never)\b",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
# A credit line that closes a caption of its own ('Protesters wore masks (Image: Getty)') credits a picture shown
# elsewhere, and a page's main picture is often credited under the article's last paragraph ('Main image credit:
# Getty', '- REUTERS'): a shaped line over a credit is a caption when the credit is bare and the article goes on.
CREDIT_CAPTION_WORDS = 4  # more words before a closing '(...)' credit: the credit line holds its own caption
CAPTION_AFTER_REACH = 3  # lines after the credit where the article's next paragraph is looked for


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


def is_caption_shaped(line: str, words: int) -> bool:
    """What the picture shows, as a caption says it (see `_REPORTS`): a capitalised phrase or one sentence."""
    stripped = line.rstrip()
    return (2 <= words <= CAPTION_SHAPE_MAX_WORDS and (stripped[:1].isupper() or stripped[:1].isdigit())
            and not stripped.endswith((":", "?")) and len(_SENTENCE_END.findall(stripped)) <= 1
            and not _REPORTS.search(line) and not _NO_CAPTION_OPENING.match(line))


def _credits_a_caption_above(page: Page, i: int) -> bool:
    """The credit line `i` is bare, and a paragraph follows it: the picture stands inside the article."""
    credit = page.lines[i].strip()
    if credit.endswith(")") and not credit.startswith("(") and page.words[i] > CREDIT_CAPTION_WORDS:
        return False
    after = (k for k in range(i + 1, min(len(page.lines), i + 1 + CAPTION_AFTER_REACH)) if k not in page.removed)
    return any(page.prose[k] for k in after)


@page_rule(
    "caption_with_credit_v6",
    "A photo caption with its credit line (same block, caption cue, caption shape or shown twice) describes a picture.",
)
def _caption_with_credit(page: Page) -> list[int]:
    found: list[int] = []
    removed = page.removed
    for i in range(1, len(page.lines)):
        credited = removed.get(i) == _CREDIT_RULE
        if not credited:
            if i in removed or not _is_block_credit(page, i):
                continue
            found.append(i)
        j = i - 1
        if j in removed or page.words[j] > 45:
            continue
        caption = page.lines[j]
        if j > 0 and page.lines[j - 1] == caption and (j - 1) not in removed:
            found += [j, j - 1]
        elif ((page.blocky and page.blocks[j] == page.blocks[i]) or _CAPTION_CUE.search(caption)
              or (credited and is_caption_shaped(caption, page.words[j]) and _credits_a_caption_above(page, i))):
            found.append(j)
    return found
