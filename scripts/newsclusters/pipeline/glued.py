"""Chrome glued onto a paragraph: the pieces at the edges of a long line that the rules judge apart.

A page flattened from a table layout, or by an extractor that dropped the breaks between blocks, runs the
headline, byline, date and page tools into the article's first paragraph ('EMI managers will have to sing for
their supper By Juliette Garside and Helen Power Last Updated: 12:59am GMT 13/01/2008 Guy Hands will ...'), and
the copyright and links into its last ('... on the road. Copyright 2008 Courtesy of The Sports Network. More
Sports'). Judged as one line, such a paragraph is kept whole, chrome and all.

`glued_pieces` cuts a long line at its edges only, and only where a line rule removes the piece cut off as a line
of its own: the cleaner then judges every piece as a line (so each removal is a named rule's) and writes the kept
pieces back as one line. Nothing is cut inside the article: a head is a headline, then pieces the rules take
(a byline, a date, page tools), then an opening capital; a tail is sentences the rules take, the last first.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from newsclusters.pipeline.rules.shapes import REPEAT_MAX_LEN

GLUED_MIN_CHARS = REPEAT_MAX_LEN + 1  # a paragraph the count pass does not count, so no repetition rule judges it
HEAD_MAX_CHARS = 300  # the headline, byline, date and tools glued before an article's first words
TAIL_MAX_CHARS = 400  # the sentences at a paragraph's end that may be chrome run onto it
TAIL_PIECE_MAX_SENTENCES = 3  # one piece: 'Copyright 2008 AP. All rights reserved. This material may not be ...'
BODY_MIN_WORDS = 12  # what is left is a paragraph, not a scrap for the rules to judge alone

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\.?,?"
_DATE = (
    rf"(?:{_DAY} )?(?:{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}|\d{{1,2}}(?:st|nd|rd|th)? {_MONTH},? \d{{4}}"
    r"|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d\d)\b|\d{4}[/-]\d{1,2}(?:[/-]\d{1,2})?\b)"
)
_CLOCK = r"\d{1,2}[:.]\d\d(?::\d\d)? ?(?:[ap]\.?m\.?)?(?: (?:[A-Z]{2,4})\b)?"
# A page's stamp as a flattened head prints it: a date with its year, a clock time beside it, or an age ('47 minutes
# ago'), with the label a site puts before it. A date in the article's prose follows a preposition ('on Monday,
# January 7, 2008'), so one does not start a stamp.
_STAMP = re.compile(
    r"(?<![\w,])(?:(?:Last Updated|Updated|Posted|POSTED|Published|PUBLISHED)(?: on)?:? )?"
    rf"(?:{_DATE}(?:,? (?:at )?{_CLOCK})?|{_CLOCK},? {_DATE}|\d+ (?:minutes?|hours?|days?)(?:, \d+ minutes?)? ago)"
)
_PREPOSITIONS = frozenset(
    "on at by since until till from before after of in to between and or than that as for through".split()
)
_BYLINE = re.compile(r"B[yY]:? (?=[A-Z])")  # at a word's start (`_head` checks)
# A sentence's end before the next one's capital, where the next one starts; not the stop of a short capitalised
# word ('Jan. 11', 'Mr. Smith', 'St. Louis'), where a dateline or a name goes on (`_sentence_starts`).
_SENTENCE_END = re.compile(r"[.!?…][\"”’)]*\s+(?=[A-Z0-9\"“‘(©>·\[_])")
_ABBREVIATION = re.compile(r"(?:^|\W)[A-Z][a-z]{0,2}$")
_NOTICE = re.compile(r"(?:Copyright|COPYRIGHT|©|\([Cc]\)) ?\d{4}\b")  # run onto the last sentence without its stop
_MAY_STAMP = re.compile(r"\d[\d:.]\d")  # what a stamp holds, but for an age ('47 minutes ago'): a year or a clock
_OPENING = re.compile(r"[A-Z0-9\"“‘(]")  # what an article's first words start with

Judge = Callable[[list[str]], list[bool]]  # lines -> whether a line rule removes each (by how it opens, or at all)


def glued_pieces(text: str, opens_chrome: Judge, is_chrome: Judge) -> list[str]:
    """The pieces of a long line with chrome glued to its edges, head pieces first; [] when nothing is cut.

    A line in a table layout ('| ... |') gives one-cell rows, as `table_cells` writes them; any other line
    gives its pieces' text, which joined by spaces is the line again.
    """
    if len(text) < GLUED_MIN_CHARS:
        return []
    row = text[:1] == "|"
    inner = _bars_off(text) if row else text
    form = (lambda piece: f"| {piece} |") if row else (lambda piece: piece)

    def judge(pieces: list[str]) -> list[bool]:
        return opens_chrome([form(piece) for piece in pieces])

    head: list[str] = []
    body = inner
    # After a head's chrome, what follows is read as a head again, as a second cleaning would, within the reach.
    while (reach := HEAD_MAX_CHARS - (len(inner) - len(body))) > 0 and (found := _head(body, judge, reach))[0]:
        head += found[0]
        body = found[1]
    body, tail = _tail(body, judge)
    if (not head and not tail) or is_chrome([text])[0]:  # a line a rule takes whole is not cut
        return []
    return [form(piece) for piece in (*head, body, *tail)]


def _head(text: str, judge: Callable[[list[str]], list[bool]], reach: int) -> tuple[list[str], str]:
    """(the head's pieces, the rest): a headline (one piece, may be none), then pieces the rules take, all within
    `reach` characters of the start."""
    window = len(text) if len(text) <= reach else text.rfind(" ", 0, reach) + 1
    region = text[:window]
    stamped = _MAY_STAMP.search(region) is not None or " ago" in region
    if not stamped and "By" not in region and "BY" not in region:
        return [], text
    anchors: set[int] = set()
    stamps: list[tuple[int, int]] = []
    for match in _STAMP.finditer(region) if stamped else ():
        before = region[max(0, match.start() - 12):match.start()].split()
        if not before or before[-1].strip(",;:").lower() not in _PREPOSITIONS:
            stamps.append(match.span())
            anchors.update(match.span())
    anchors.update(at for at in (match.start() for match in _BYLINE.finditer(region))
                   if at == 0 or region[at - 1] == " ")
    if not anchors:
        return [], text
    ends = _sentence_starts(text, 0, window)
    anchors.update(at for at in ends if not any(start < at < end for start, end in stamps))  # not 'a.m.' in a stamp
    bounds = sorted({0, *(_next_word(text, at) for at in anchors if 0 < at < window)})
    segments = [text[a:b].strip() for a, b in zip(bounds, bounds[1:])]
    if not segments:
        return [], text
    verdicts = judge(segments)
    first = 1 if not verdicts[0] else 0  # one headline before the chrome, at most
    end = first
    while end < len(segments) and verdicts[end]:
        end += 1
    # The article starts after the last piece the rules take where a capital (a digit, a quote) opens it.
    while end > first and not _OPENING.match(text, bounds[end]):
        end -= 1
    if end == first or text.count(" ", bounds[end]) < BODY_MIN_WORDS:
        return [], text
    return [segment for segment in segments[:end] if segment], text[bounds[end]:]


def _tail(text: str, judge: Callable[[list[str]], list[bool]]) -> tuple[str, list[str]]:
    """(the rest, the tail's pieces): each the last sentence, or two, that the rules take, the last piece first."""
    tail: list[str] = []
    cut = len(text)
    while True:
        starts = _sentence_starts(text, max(0, cut - TAIL_MAX_CHARS), cut)
        candidates = [at for at in reversed(starts[-TAIL_PIECE_MAX_SENTENCES:])
                      if text.count(" ", 0, at) >= BODY_MIN_WORDS]
        if not candidates:
            break
        verdicts = judge([text[at:cut].strip() for at in candidates])
        found = next((at for at, chrome in zip(candidates, verdicts) if chrome), None)
        if found is None:
            break
        tail.insert(0, text[found:cut].strip())
        cut = found
    return text[:cut].rstrip(), tail


def _sentence_starts(text: str, start: int, end: int) -> list[int]:
    """Where a sentence starts in text[start:end], after another's end or as a notice run onto it."""
    found = [match.end() for match in _SENTENCE_END.finditer(text, start, end)
             if text[stop := match.start()] != "." or _ABBREVIATION.search(text, max(0, stop - 4), stop) is None]
    if "opyright" in text or "©" in text or "(" in text:
        found += [at for at in (match.start() for match in _NOTICE.finditer(text, start, end))
                  if at > 0 and text[at - 1] == " "]
        found.sort()
    return found


def _bars_off(row: str) -> str:
    """A one-cell row's text without its borders ('| | a \\| |' -> 'a \\|': a bar printed in the cell stays)."""
    inner = row.strip("| ")
    return inner + "|" if inner.endswith("\\") else inner


def _next_word(text: str, at: int) -> int:
    """`at`, moved past white space to where a word starts."""
    while at < len(text) and text[at] == " ":
        at += 1
    return at
