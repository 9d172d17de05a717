"""A text browser's side column, printed on the same line as the article's paragraph.

A page laid out in columns comes out of a text browser (lynx, w3m) with each screen line holding a piece of
every column, the columns apart by a run of spaces: 'Horoscopes                      Politicians and campaign
groups say that ...'. Normalising white space would glue the menu's item to the paragraph, where no line rule
can see it. On the bench's heavy pages, 3 or more spaces inside a line part the columns: of the lines a gap parts
into a paragraph and a few words, the words are the side column's (a menu item, a box's link, a section's name,
a date) on 822, and the article's on none. A data table is parted the same way ('6   Ryan Blaney   2339   1'),
but no cell of it is a paragraph.
"""

from __future__ import annotations

import re

from newsclusters.pipeline.rules.shapes import SENT_END, is_prose, normalise_line

COLUMN_GAP = "   "  # two spaces part sentences ('design.  The unit has'); three or more, columns
SIDE_MAX_WORDS = 10  # a side column's piece: a link, a heading, a date, a short teaser's title
SIDE_SENTENCE_MIN_WORDS = 3  # a piece this long ending in a full stop may be the article's short paragraph
MAX_COLUMNS = 3
_SPACES = re.compile(" +")


def side_columns(line: str) -> tuple[str, tuple[str, ...]]:
    """(the line to judge, the side columns' pieces taken off it), the pieces normalised.

    Only a line of two or three columns, one of them a paragraph (in the middle, of three), the others at most
    `SIDE_MAX_WORDS` words, is parted; any other line comes back as it is, with no pieces. A piece that reads as
    a sentence of its own ('He declined to comment.') may be the article's, beside a side column's teaser, and a
    piece before the paragraph ending in a colon is its label ('Posted by Sam on Apr 14 2010, 8:14AM:    Scrap
    it now.', a comment's signature the comment rules read): such lines are not parted either.
    """
    if COLUMN_GAP not in line or "|" in line:  # a table's row: its cells are judged one by one, padding and all
        return line, ()
    stripped = line.strip()
    if COLUMN_GAP not in stripped:
        return line, ()
    pieces = _columns(stripped)
    if not pieces:
        return line, ()
    words = [piece.count(" ") + 1 for piece in pieces]
    paragraphs = [k for k, piece in enumerate(pieces) if is_prose(piece, words[k], SENT_END.search(piece) is not None)]
    if len(paragraphs) != 1 or (len(pieces) == 3 and paragraphs[0] != 1):
        return line, ()
    main = paragraphs[0]
    side = tuple(piece for k, piece in enumerate(pieces) if k != main)
    if any(piece.count(" ") + 1 > SIDE_MAX_WORDS or _is_sentence(piece) for piece in side):
        return line, ()
    if main and pieces[main - 1].endswith(":"):
        return line, ()
    return pieces[main], side


def _columns(text: str) -> list[str]:
    """The pieces of a stripped line between runs of 3+ spaces, normalised; [] for more than `MAX_COLUMNS`.

    Found gap by gap: a regex split scanned every character of the heavy pages' 300-character lines, and a
    split at each third space made a piece of every three of a column's 100-space gaps.
    """
    pieces: list[str] = []
    start = 0
    while (gap := text.find(COLUMN_GAP, start)) >= 0:
        if len(pieces) == MAX_COLUMNS - 1:
            return []
        pieces.append(normalise_line(text[start:gap]))
        start = _SPACES.match(text, gap).end()  # type: ignore[union-attr]
    pieces.append(normalise_line(text[start:]))
    return pieces


def _is_sentence(piece: str) -> bool:
    """Three or more words closed by one full stop (not an ellipsis): how an article's short paragraph ends."""
    return (piece.count(" ") + 1 >= SIDE_SENTENCE_MIN_WORDS and piece.endswith(".")
            and not piece.endswith(("..", ". .")))
