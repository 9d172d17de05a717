"""Short lines printed left of the column the article's paragraphs stand in: a text browser's side column.

A text browser prints each of a page's columns at its own indentation (`Page.indents`, where each line starts in
the raw text); the article's paragraphs all stand at one. The rule runs after the span and tail rules, which read
the page as its lines stand (a side column's item between two of the article's paragraphs parts them as any short
line does), and takes only what they kept.
"""

from __future__ import annotations

from collections import Counter

from newsclusters.pipeline.rules.page import Page
from newsclusters.pipeline.rules.registry import page_rule

# The article's column: the indentation of most of the page's paragraph words. A text browser prints each of a page's
# columns at its own indentation; the article's paragraphs all stand at one (on the heavy pages, the gold's words
# at their most common indentation: median share 100%, tenth percentile 96%).
COLUMN_PARAGRAPH_WORDS = 15  # a line this long counts for the column (a side box's lines are shorter)
COLUMN_MIN_SHARE = 0.6  # of those lines' words at one indentation: the page has one column of paragraphs
OFF_COLUMN_MIN = 3  # columns left of the article's: one or two apart, a lead or a quote may stand


@page_rule(
    "off_column_v1",
    "A short line left of the column the article's paragraphs stand in (a text browser's dump) is a side column's.",
)
def _off_column(page: Page) -> list[int]:
    # A line shorter than a paragraph, three or more columns left of the article's: on the heavy pages 1,335
    # boilerplate words and 6 of the gold's (a list's items further in, blockquotes and captions, stand right).
    indents = page.indents
    if not indents or max(indents) < OFF_COLUMN_MIN:
        return []  # a page with no indentation: an extracted text, or the synthetic corpus
    words, kept = page.words, page.kept()
    weight: Counter[int] = Counter()
    for i in kept:
        if words[i] >= COLUMN_PARAGRAPH_WORDS and indents[i] >= 0:
            weight[indents[i]] += words[i]
    if not weight:
        return []
    column, top = weight.most_common(1)[0]
    if top < COLUMN_MIN_SHARE * sum(weight.values()):
        return []
    return [i for i in kept if 0 <= indents[i] <= column - OFF_COLUMN_MIN and words[i] < COLUMN_PARAGRAPH_WORDS]
