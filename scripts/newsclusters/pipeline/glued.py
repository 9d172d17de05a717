"""Chrome glued into a table layout's cell: the pieces at the edges of a long cell that the rules judge apart.

A page laid out with tables, flattened to text, prints the article in one cell and runs the cell's blocks together:
the headline, byline, date and page tools into the article's first paragraph ('EMI managers will have to sing for
their supper By Juliette Garside and Helen Power Last Updated: 12:59am GMT 13/01/2008 Guy Hands will ...'), and the
copyright and links into its last ('... on the road. Copyright 2008 Courtesy of The Sports Network. More Sports').
Judged as one line, such a cell is kept whole, chrome and all.

`glued_pieces` cuts a long line at its edges only, and only where a line rule removes the piece cut off as a line
of its own: the cleaner then judges every piece as a line (so each removal is a named rule's) and writes the kept
pieces back as one cell. Nothing is cut inside the article: a head is a headline, then pieces the rules take
(a byline, a date, page tools), then an opening capital; a tail is sentences the rules take, the last first. The
cleaner asks only a table layout's rows and cells (release 0.2.65: other paragraphs held little glued chrome, and
asking each cost a judge's call); the function reads any line.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from newsclusters.pipeline.rules.shapes import REPEAT_MAX_LEN

GLUED_MIN_CHARS = REPEAT_MAX_LEN + 1  # a paragraph the count pass does not count, so no repetition rule judges it
HEAD_MAX_CHARS = 300  # the headline, byline, date and tools glued before an article's first words
TAIL_MAX_CHARS = 400  # the closing sentences that may be chrome run onto a paragraph's end
TAIL_PIECE_MAX_SENTENCES = 3  # one piece: 'Copyright 2008 AP. All rights reserved. This material may not be ...'
TAIL_AFTER_MAX_WORDS = 3  # a sentence after a piece's first that no rule takes, and is still the piece's: 'More Sports'
BODY_MIN_WORDS = 12  # what is left is a paragraph, not a scrap for the rules to judge alone
NOTICE_MAX_WORDS = 7  # 'Copyright 2008 Courtesy of The Sports Network.': a name and a year, or the rights after them
HEADLINE_MIN_WORDS = 3  # a headline over a stamp ('Bush signs bill'), not a word leading into a date ('Starting')

# The kinds of rule (a rule's name without its version) whose chrome a page prints at an article's edges: a byline,
# a stamp and tools over it; a notice, tools, a form's call, a credit line and links under it. A rule made for a
# line of another kind (a widget's error, a caption's credit, a paywall's call) would take an article's first or
# last sentence that opens as its line does ('Something went wrong after halftime.', 'Become an organ donor.').
HEAD_KINDS = frozenset({"byline", "timestamp", "stamp_line", "share_social", "page_tools"})
TAIL_KINDS = frozenset({"copyright", "share_social", "page_tools", "comment_form", "contributor_credit", "site_terms",
                        "post_navigation", "timestamp"})

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"  # 'Sept.', 'January'
_DAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?"  # 'Thurs.,', 'Tuesday'
_DATE = (
    rf"(?:{_DAY} )?(?:{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}|\d{{1,2}}(?:st|nd|rd|th)? {_MONTH},? \d{{4}}"
    r"|\d{1,2}/\d{1,2}/(?:\d{4}|\d\d)\b|\d{1,2}\.\d{1,2}\.(?:\d{4}|\d\d)\b|\d{1,2}-\d{1,2}-(?:\d{4}|\d\d)\b"
    r"|\d{4}[/-]\d{1,2}(?:[/-]\d{1,2})?\b)"  # one separator throughout: 'Rating: 8.5/10' is no date
)
_CLOCK = r"\d{1,2}[:.]\d\d(?::\d\d)?(?: ?(?:[ap]\.?m\.?|[AP]\.?M\.?))?(?: [A-Z]{2,4}\b)?"
# A page's stamp as a flattened head prints it: a date with its year, a clock time beside it, or an age ('47 minutes
# ago'), with the label a site puts before it, and the next block's first word after it. A date in the article's prose
# follows a preposition ('on Monday, January 7, 2008'), or ends a sentence or a clause ('for the quarter ended Dec. 31,
# 2007.', 'By Election Day, Nov. 4, 2008, ...'), so neither is a stamp.
_LABEL = r"(?:Last Updated|Updated|Posted|POSTED|Published|PUBLISHED)"  # a site's word before its stamp
_STAMP = re.compile(
    rf"(?<![\w,])(?=[A-Z0-9])(?:{_LABEL}(?: on)?:? )?"
    rf"(?:{_DATE}(?:,? (?:at )?{_CLOCK})?|{_CLOCK},? {_DATE}|\d+ (?:minutes?|hours?|days?)(?:, \d+ minutes?)? ago)"
    r"(?: [-–—|])?(?= +[^\s.,;:!?()\]]| *$)"  # with the dash or bar that parts it from the text ('9:00 GMT - The ...')
)
_PREPOSITIONS = frozenset(
    "on at by since until till from before after of in to between and or than that as for through".split()
)
_BYLINE = re.compile(r"B[yY]:? (?=[A-Z])")  # at a word's start (`_head` checks)
# A sentence's end before the next one's capital, where the next one starts; not the stop of a short capitalised
# word ('Jan. 11', 'Mr. Smith', 'St. Louis'), where a dateline or a name goes on, nor of 'a.m.' ('at 10 a.m. Saturday')
# (`_sentence_starts`).
_SENTENCE_END = re.compile(r"[.!?…][\"”’)]*\s+(?=[A-Z0-9\"“‘(©>·\[_])")
_ABBREVIATION = re.compile(r"(?:^|\W)[A-Z][a-z]{0,2}$")
_NOTICE = re.compile(r"(?:Copyright|COPYRIGHT|©|\([Cc]\)) ?\d{4}\b")  # run onto the last sentence without its stop
_MAY_STAMP = re.compile(r"\d[\d:.]\d")  # what a stamp holds, but for an age ('47 minutes ago'): a year or a clock
_OPENING = re.compile(r"[A-Z0-9\"“‘(]")  # what an article's first words start with
_STOP = re.compile(r"[.!?] ")
_PAGE_STAMP = re.compile(  # a stamp that says it is the page's: its label, a time zone or an age
    rf"^\[?{_LABEL}\b"
    r"|\b(?:GMT|BST|UTC|EST|EDT|CST|CDT|MST|MDT|PST|PDT|IST|AEST|AEDT|CET|CEST|ET|PT|CT)(?: [-–—|])?$|\bago$"
)
_CLAUSE_OPEN = frozenset(",;:(-–—")  # what a headline does not end with, and a clause going on does
_RIGHTS = re.compile(r"rights reserved", re.I)

Judge = Callable[[list[str]], list[str | None]]  # lines -> the rule that removes each, or None


def glued_pieces(text: str, opening_rule: Judge, any_rule: Judge) -> list[str]:
    """The pieces of a long line with chrome glued to its edges, head pieces first; [] when nothing is cut.

    `opening_rule` names the rule whose phrase is a piece or whose `start` pattern matches it (chrome known by how it
    opens); `any_rule` the rule that removes a line at all. A row of a table layout ('| ... |') gives one-cell rows,
    as `table_cells` writes them; any other line gives its pieces' text, which joined by spaces is the line again.
    """
    if len(text) < GLUED_MIN_CHARS:
        return []
    row = text[:1] == "|" and text[-1:] == "|"
    inner = _bars_off(text) if row else text

    def form(piece: str) -> str:
        return f"| {piece} |" if row else piece

    def kinds(pieces: list[str], opening: bool = True) -> list[str | None]:
        """The kind of rule (its name without the version) that takes each piece, as the cleaner will judge it."""
        rules = (opening_rule if opening else any_rule)([form(piece) for piece in pieces])
        return [None if rule is None else rule.rsplit("_v", 1)[0] for rule in rules]

    head: list[str] = []
    body = inner
    # After a head's chrome, what follows is read as a head again, as a second cleaning would, within the reach.
    while (reach := HEAD_MAX_CHARS - (len(inner) - len(body))) > 0 and (found := _head(body, kinds, reach))[0]:
        head += found[0]
        body = found[1]
    body, tail = _tail(body, kinds)
    if (not head and not tail) or any_rule([text])[0] is not None:  # a line a rule takes whole is not cut
        return []
    return [form(piece) for piece in (*head, body, *tail)]


Kinds = Callable[..., list[str | None]]  # pieces (and whether by how they open) -> the kind of rule that takes each


def _head(text: str, kinds: Kinds, reach: int) -> tuple[list[str], str]:
    """(the head's pieces, the rest): a headline (one piece, may be none), then pieces a byline's, a stamp's or a tool's
    rule takes, all within `reach` characters of the start."""
    window = len(text) if len(text) <= reach else text.rfind(" ", 0, reach) + 1
    region = text[:window]
    stamped = _MAY_STAMP.search(region) is not None or " ago" in region
    if not stamped and "By" not in region and "BY" not in region:
        return [], text
    stamps: list[tuple[int, int]] = []
    for match in _STAMP.finditer(text, 0, min(len(text), window + 2)) if stamped else ():
        before = region[max(0, match.start() - 12):match.start()].split()
        if match.end() <= window and (not before or before[-1].lower() not in _PREPOSITIONS):
            stamps.append(match.span())
    # Dates with sentences between them are a timeline's ('Jan. 8, 2008 Obama wins Iowa. Jan. 9, 2008 ...'), three a
    # list's (of dated headlines), and two parted by a dash a span ('March 3, 1962 - Aug. 4, 2008'): not a page's stamps.
    if len(stamps) > 2 or any(_STOP.search(text, a, b) or (text[a:b].strip() or text[a - 1]) in ("-", "–", "—")
                              for (_, a), (b, _) in zip(stamps, stamps[1:])):
        return [], text
    anchors = {at for span in stamps for at in span}
    anchors.update(at for at in (match.start() for match in _BYLINE.finditer(region)) if at == 0 or region[at - 1] == " ")
    if not anchors:
        return [], text
    ends = _sentence_starts(text, 0, window)
    anchors.update(at for at in ends if not any(start < at < end for start, end in stamps))  # not 'a.m.' in a stamp
    bounds = sorted({0, *(_next_word(text, at) for at in anchors if 0 < at < window)})
    segments = [text[a:b].strip() for a, b in zip(bounds, bounds[1:])]
    if not segments:
        return [], text
    found = kinds(segments)
    # A piece a stamp's rule takes is no sentence: 'Saturday, Jan. 12, 2008.' closes one.
    chrome = [kind in HEAD_KINDS and not (kind == "timestamp" and _is_sentence(segment))
              for kind, segment in zip(found, segments)]
    first = 0 if chrome[0] else 1  # one headline before the chrome, at most; not a dateline's city ('LONDON,')
    if first and segments[0][-1:] in _CLAUSE_OPEN:
        return [], text
    end = first
    while end < len(segments) and chrome[end]:
        end += 1
    # The article starts after the last piece the rules take where a capital (a digit, a quote) opens it.
    while end > first and not _OPENING.match(text, bounds[end]):
        end -= 1
    if end == first or text.count(" ", bounds[end]) + 1 < BODY_MIN_WORDS:
        return [], text
    # A date alone before the text may be the article's own (an event's, a timeline's, a court's calendar: 'Saturday,
    # March 8, 2008 7:30 p.m. The Springfield Symphony ...'): a page's stamp has a headline of a few words over it, a
    # byline or tools beside it, or says what it is ('Posted:', 'GMT', '47 minutes ago').
    stamps_only = all(kind == "timestamp" for kind in found[first:end])
    if stamps_only and not (first and len(segments[0].split()) >= HEADLINE_MIN_WORDS) and not any(
            _PAGE_STAMP.search(segment) for segment in segments[first:end]):
        return [], text
    return [segment for segment in segments[:end] if segment], text[bounds[end]:]


def _tail(text: str, kinds: Kinds) -> tuple[str, list[str]]:
    """(the rest, the tail's pieces): each the last sentence, or up to three, that a closing rule takes, the last
    piece first, all within TAIL_MAX_CHARS of the end. A piece of several sentences opens as the rule's line does,
    and each sentence after the first is chrome too, or a few words ('... Sports Network. More Sports')."""
    tail: list[str] = []
    cut = len(text)
    floor = max(0, len(text) - TAIL_MAX_CHARS)
    starts = _sentence_starts(text, floor, len(text))
    while True:
        candidates = [at for at in reversed([at for at in starts if at < cut][-TAIL_PIECE_MAX_SENTENCES:])
                      if text.count(" ", 0, at) >= BODY_MIN_WORDS]
        if not candidates:
            break
        verdicts = kinds([text[at:cut].strip() for at in candidates])
        found = next((at for at, kind in zip(candidates, verdicts)
                      if kind in TAIL_KINDS and _closes_too(text, at, cut, starts, kinds)
                      and _is_notice(text[at:cut], kind)), None)
        if found is None:
            break
        tail.insert(0, text[found:cut].strip())
        cut = found
    return text[:cut].rstrip(), tail


def _is_notice(piece: str, kind: str | None) -> bool:
    """Whether a closing piece the rules take is the page's, not the article's last sentence: a copyright notice is a
    name and a year, or says its rights ('Copyright 2008 filings at the federal court are up.' reports), and a stamp
    or a button is no sentence ('10 a.m. Saturday.' tells when, 'Comments?' asks), and a stamp says it is the page's
    ('01/09 18:48:47 ET', not an event's '10 a.m. Saturday')."""
    if kind == "copyright":
        first = _SENTENCE_END.split(piece, 1)[0]
        return len(first.split()) <= NOTICE_MAX_WORDS or _RIGHTS.search(piece) is not None
    if kind in ("share_social", "page_tools"):  # a button's label has no stop: '... place left to go. Home.' tells
        return piece.rstrip()[-1:] not in ".?!"
    return kind != "timestamp" or (not _is_sentence(piece) and _PAGE_STAMP.search(piece) is not None)


def _is_sentence(stamp: str) -> bool:
    """Whether a stamp closes with a sentence's stop, not a clock's ('10:15 a.m.')."""
    stamp = stamp.rstrip()
    return stamp.endswith(".") and not stamp.lower().endswith(("a.m.", "p.m."))


def _closes_too(text: str, at: int, cut: int, starts: list[int], kinds: Kinds) -> bool:
    """Whether every sentence of text[at:cut] after its first is chrome or a few words."""
    later = [start for start in starts if at < start < cut]
    sentences = [text[a:b].strip() for a, b in zip(later, [*later[1:], cut])]
    long = [sentence for sentence in sentences if len(sentence.split()) > TAIL_AFTER_MAX_WORDS]
    return not long or all(kind is not None for kind in kinds(long, opening=False))


def _sentence_starts(text: str, start: int, end: int) -> list[int]:
    """Where a sentence starts in text[start:end], after another's end or as a notice run onto it."""
    found = [match.end() for match in _SENTENCE_END.finditer(text, start, end)
             if text[stop := match.start()] != "." or (_ABBREVIATION.search(text, max(0, stop - 4), stop) is None
                                                       and text[stop - 3:stop].lower() not in ("a.m", "p.m"))]
    if "opyright" in text or "OPYRIGHT" in text or "©" in text or "(" in text:
        found += [at for at in (match.start() for match in _NOTICE.finditer(text, start, end))
                  if at > 0 and text[at - 1] == " "]
        found = sorted(set(found))
    return found


def _bars_off(row: str) -> str:
    """A row's text without its borders ('| | a |' -> 'a'); a bar printed in the text ('a \\|') stays."""
    begin, end = 0, len(row)
    while begin < end and row[begin] in "| ":
        begin += 1
    while end > begin and row[end - 1] in "| " and row[end - 2:end] != "\\|":
        end -= 1
    return row[begin:end]


def _next_word(text: str, at: int) -> int:
    """`at`, moved past white space to where a word starts."""
    while at < len(text) and text[at] == " ":
        at += 1
    return at
