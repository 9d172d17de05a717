"""A text browser's side column, printed on the same line as the article's paragraph.

A page laid out in columns comes out of a text browser (lynx, w3m) with each screen line holding a piece of
every column, the columns apart by a run of spaces: 'Horoscopes                      Politicians and campaign
groups say that ...'. Normalising white space would glue the menu's item to the paragraph, where no line rule
can see it. On the bench's heavy pages, 3 or more spaces inside a line part the columns: of the 901 lines cut, the
words cut are the side column's (a menu item, a box's link, a section's name, a date) on 789 the gold keeps the
paragraph of, and the article's on none (two were rules of dashes). A data table is parted the same way ('6   Ryan
Blaney   2339   1'), but no cell of it is a paragraph; a table whose cells are a row's head and a paragraph (a
timeline's year, a glossary's term) is what `_is_own` guards, as far as a piece's shape tells.
"""

from __future__ import annotations

import re

from newsclusters.pipeline.rules.shapes import MONTH, SENT_END, is_flattened_menu, is_prose, normalise_line

COLUMN_GAP = "   "  # three or more spaces part columns (two part sentences: 'design.  The unit has')
SIDE_MAX_WORDS = 10  # a side column's piece: a link, a heading, a short teaser's title
MAX_COLUMNS = 3
_SPACES = re.compile(" +")
# What stands beside a paragraph as the article's own: a sentence of its own, however short ('It passed.', 'Who
# pays?', '"We are ready."', a Hindi danda); a label run into its text ('Posted by Sam at 8:14AM:', 'They include:');
# a table's row head or a list's marker as a text browser prints a table ('1969', '3', 'Q.', '(a)', 'Step 1', '10:42pm',
# a drop cap's 'T'); and, before the paragraph, a date or a time (a comment's signature, a live blog's or a timeline's
# stamp: 'Posted by Sam on Apr 14 2010, 8:14AM').
_OWN_SENTENCE = re.compile(r"(?<!\.\.)(?<!\. \.)[.!?。！？।۔]['\"”’)\]»]*$")
_MARKER = re.compile(r"\(?(?:[^\W_]|[^\W\d_]{1,3}[.)]|\d{1,3}[.)]?)|(?:step|section|part|chapter|article) \d+[.):]?", re.I)
_DATED = re.compile(r"\d[:.]\d\d|\b" + MONTH + r" \d|\d (?:" + MONTH + r")\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b", re.I)


def side_columns(line: str) -> tuple[str, tuple[str, ...]]:
    """(the line to judge, the side columns' pieces taken off it), the pieces normalised.

    Only a line of two or three columns, one of them a paragraph (in the middle, of three), the others at most
    `SIDE_MAX_WORDS` words or a menu run together (`is_flattened_menu`: a league's 30 team names), is parted, and only when no other piece may be the article's own (`_is_own`); any
    other line comes back as it is, with no pieces.
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
    menus = {k for k, piece in enumerate(pieces) if words[k] > SIDE_MAX_WORDS and is_flattened_menu(piece)}
    paragraphs = [k for k, piece in enumerate(pieces)
                  if k not in menus and is_prose(piece, words[k], SENT_END.search(piece) is not None)]
    if len(paragraphs) != 1 or (len(pieces) == 3 and paragraphs[0] != 1):
        return line, ()
    main = paragraphs[0]
    if main and pieces[main][0].islower():
        return line, ()  # the paragraph goes on from the piece before it: one sentence with a wide gap in it
    if any(k != main and ((words[k] > SIDE_MAX_WORDS and k not in menus) or _is_own(piece, words[k], before=k < main))
           for k, piece in enumerate(pieces)):
        return line, ()
    return pieces[main], tuple(piece for k, piece in enumerate(pieces) if k != main)


def _is_own(piece: str, words: int, before: bool) -> bool:
    """The piece may be the article's: a sentence, a label, a marker, or (before the paragraph) a date or time."""
    if _OWN_SENTENCE.search(piece) or piece.endswith(":"):
        return True
    if (words <= 2 and any(c.isdigit() for c in piece)) or _MARKER.fullmatch(piece):
        return True
    return before and _DATED.search(piece) is not None


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
