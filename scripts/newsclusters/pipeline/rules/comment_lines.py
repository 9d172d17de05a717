"""Reader comments printed a line each, the signature and the text together: the comments of sites of the
2000s. Before the span rules, which would otherwise read a thread as the article's last paragraphs (and,
cleaning again without it, find other lines outside the article)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from newsclusters.pipeline.rules.page import Page
from newsclusters.pipeline.rules.registry import page_rule
from newsclusters.pipeline.rules.shapes import DAY, MONTH, strip_bullets

CLOCK = r"\d{1,2}[:.]\d{2}(?::\d{2})? ?(?:[ap]\.?m\b\.?)?"
COMMENT_MIN_SIGNATURES = 3  # signed comments that make a thread
COMMENT_HEADING_REACH = 3  # lines above a thread's first comment where its heading may be
ARTICLE_RUN_MIN = 3  # paragraphs in a row, no record among them: the article a thread follows
# A thread's heading alone on a line ('Comments (12)', 'Readers' comments', 'Have your say', the blog themes'
# '3 thoughts on "..."'), at most COMMENT_HEADING_REACH lines above the thread's first record or signature.
THREAD_HEADING_LINE = re.compile(
    r"(?:\d+ )?(?:readers?'?s?'? |your )?comments(?: \(\d+\))?:?|have your say"
    r"|(?:\d+|one|no) (?:responses?|thoughts?|comments?|replies)(?: (?:to|on) .+)?"
)


def article_run_end(prose: Sequence[bool], records: AbstractSet[int]) -> int:
    """The last line of the page's first run of ARTICLE_RUN_MIN paragraphs that follow each other with
    no record line among them (else of its longest run), or -1 without any paragraph.

    That run is the article: a comment's paragraphs are cut short by the next record, and records
    above the article are a sidebar's ('Jo Bloggs 2 hours ago' over a teaser's summary), however
    many follow it, so a thread only starts below it.
    """
    best = run = 0
    end = -1
    for i, is_prose in enumerate(prose):
        run = run + 1 if is_prose and i not in records else 0
        if run > best:
            best, end = run, i
        elif best >= ARTICLE_RUN_MIN:
            break  # the first run long enough is the article; its end is found
    return end


# Sites of the 2000s print a comment as one line: the signature and the text together, the name and
# the stamp first ('Posted by sandiaman at 7:42 a.m.: Told you so.', 'Thabo, Soweto (22/01/2008
# 07:02): Five years?', 'Jordan K. · 1 day ago: Love this.'), or the text first and the signature at
# its end ('... Period. — Bishop on March 21, 2011 at 8:46 PM', 'Synova said... Shelter from what?
# 3/10/09 8:21 AM | Report Abuse'). The stamp makes the signature: a name and a colon alone is how
# an article prints an interview ('Smith: We knew.'), and a stamp alone, with no name before it, is a
# live blog's entry ('7:42 a.m.: Police closed the road.').
_DATE = (
    rf"(?:{DAY} )?(?:{MONTH} \d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?|\d{{1,2}}(?:st|nd|rd|th)? {MONTH},? \d{{4}}"
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})"
)
_STAMP = (
    rf"(?:{_DATE}(?:,? (?:at |@ |- )?{CLOCK})?|{CLOCK}(?: (?:on )?{_DATE})?"
    r"|(?:\d{1,2}|an?) (?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?) ago)"
)
# The whole stamp, not its start: 'Posted by: tom on 8:21pm Tue 1 Jan 08' is a signature alone, its stamp no clock
# with the comment's text after it.
_STAMP_END = rf"(?!\d|:\d|\s+(?:{DAY}|{MONTH}|[ap]\.?m\b|\d))"
_SEPARATOR = r"[\s,|·(—–-]{0,6}"
_COMMENT_HEAD = re.compile(  # the name, maybe a place, then the stamp and a colon, in front of the text
    r"(?:\d{1,3}[.)] )?(?:(?P<posted>posted by:? )|avatar: |poster: )?(?P<name>[^:]{1,60}?)" + _SEPARATOR
    + r"(?:(?:posted|wrote|said|says)\b )?(?:(?:on|at|@|date:) )?" + _STAMP + _STAMP_END + r"\)?(?P<colon>:)?\s+\S"
)
_DIGIT = re.compile(r"\d")
_COMMENT_SAID = re.compile(  # Blogger's and the forums' verb in front of the text: 'Synova said... Shelter ...'
    rf"(?:at {CLOCK},? )?(?P<name>[^:.]{{1,40}}?) (?:said|says|wrote)(?P<mark>\.\.\.|…|:) \S"
)
_COMMENT_ACTION = re.compile(  # one of the links printed after each comment, at the end of the text
    r"(?<!\w)(?:recommend|report abuse|report|suggest removal|reply|flag|permalink|like)$"
)
# A signature after the text has a date, and a name of a few words ('— Bishop on March 21, 2011 at 8:46 PM'): a box
# score's play ('ASU — Pierce 17 pass from Thomas (Beard kick), 2:51.') ends in a clock after its words.
_DATED_STAMP = rf"(?:{_DATE}(?:,? (?:at |@ |- )?{CLOCK})?|{CLOCK},? (?:on )?{_DATE})"
_TAIL_NAME = r"[^\s\d()—–][^\s()—–]*(?: [^\s\d()—–][^\s()—–]*){0,3}"
_COMMENT_TAIL = re.compile(
    rf"(?:(?<!\S)[—–-]{{1,2}} ?(?P<name>{_TAIL_NAME}),? (?:on |at )?{_DATED_STAMP}|# posted {CLOCK} by .{{1,40}})\)?\W?$"
)
_COMMENT_TAIL_STAMP = re.compile(rf"\(?{_STAMP}\)?\W?$")
# Words that can stand before a stamp without naming anyone: a live blog's 'Updated 9:40 a.m.:'.
_NOT_NAMES = frozenset("update updated updates posted last edited correction note editor's at on by - | ·".split())
COMMENT_HEAD_CHARS = 120  # the start of a line a signature before the text fits in (a name, a place, a stamp)
COMMENT_TAIL_CHARS = 160  # the end of a line a signature after the text fits in (a name, a stamp, the links)
COMMENT_LINE_GAP = 2  # lines between two signed comments of one thread (a comment's second paragraph)


def _without_actions(text: str) -> str:
    """The text without the links after it ('| Recommend | Report Abuse'), taken off one at a time from the end:
    a pattern for the whole run backtracks over every space of a line padded by its layout."""
    text = text.rstrip(" |")
    while (action := _COMMENT_ACTION.search(text)) is not None:
        text = text[:action.start()].rstrip(" |")
    return text


def _names_someone(name: str) -> bool:
    return any(word not in _NOT_NAMES for word in name.split())


def is_signed_comment(low: str) -> bool:
    """A lower-cased line that is one reader comment with its signature: the name and the stamp before
    the text or after it, or the name and Blogger's 'said...' before it with a stamp anywhere."""
    start = low[:COMMENT_HEAD_CHARS]  # a stamp has a digit or 'ago', and a colon or 'Posted by' ends the signature
    head = (_COMMENT_HEAD.match(low) if (": " in start or low.startswith("posted by"))
            and (" ago" in start or _DIGIT.search(start)) else None)
    if head is not None and (head["colon"] or head["posted"]) and _names_someone(head["name"]):
        return True  # the colon, or 'Posted by' in front, ends the signature where the text begins
    said = _COMMENT_SAID.match(low)
    said_by = said is not None and _names_someone(said["name"])
    if said_by and said["mark"] != ":":
        return True  # 'said...' signs on its own, as Blogger's whole-line signatures do
    end = _without_actions(low[-COMMENT_TAIL_CHARS:])  # the signature's end, not the whole text
    if said_by:
        return _COMMENT_TAIL_STAMP.search(end) is not None  # 'wrote:' quotes in an article too: a stamp ends the comment
    tail = _COMMENT_TAIL.search(end)
    return tail is not None and (tail["name"] is None or _names_someone(tail["name"]))


# Where a signature may be: a clock or a numeric date ('7:42', '22/01/2008'), a relative stamp or Blogger's
# verb ('2 hours ago', 'said...'), each found as a string: a regex scan of every page costs ten times more,
# and most pages have no thread. A stamp of words alone ('March 21, 2011') is missed.
_COMMENT_LINE_WORDS = (":", "/", " ago", "said...", "said…", "says...")


def _line_numbers(text: str, offsets: list[int]) -> list[int]:
    """The numbers of the lines of `Page.low_text` (each line after an LF) that hold the offsets, each once, in
    order: newlines counted between them."""
    numbers: list[int] = []
    line, at = -1, 0
    for offset in sorted(offsets):
        line += text.count("\n", at, offset)
        at = offset
        if not numbers or numbers[-1] != line:
            numbers.append(line)
    return numbers


def _signature_hints(text: str) -> list[int]:
    """Where in the page's text the words are, a separator only between digits ('7:42', not 'Note:')."""
    hits = []
    for word in _COMMENT_LINE_WORDS:
        at = text.find(word)
        while at >= 0:
            if len(word) > 1 or (text[at - 1:at].isdigit() and text[at + 1:at + 3].isdigit()):
                hits.append(at)
            at = text.find(word, at + 1)
    return hits


COMMENT_LINE_MAX_CHARS = 2000


@page_rule(
    "comment_lines_v1",
    "Reader comments printed a line each, a name and a stamp before or after the text, under the article, are not news.",
)
def _comment_lines(page: Page) -> list[int]:
    # Two signed lines make a thread under the thread's own heading ('Readers' comments'); an article
    # quoting three stamped posts in a row is rarer than a heading over two comments.
    joined, low, removed = page.low_text, page.low, page.removed
    hits = _signature_hints(joined)
    if len(hits) < 2:
        return []
    hinted = _line_numbers(joined, hits)
    if len(hinted) < 2:
        return []
    signed = [i for i in hinted if i not in removed and len(low[i]) <= COMMENT_LINE_MAX_CHARS
              and is_signed_comment(strip_bullets(low[i]))]
    if len(signed) < 2:
        return []
    begins = article_run_end(page.prose, set(signed))
    signed = [i for i in signed if i > begins >= 0]
    found: list[int] = []
    for thread in _threads(signed):
        first, last = thread[0], thread[-1]
        heading = _thread_heading(page, first, begins)
        if len(thread) < COMMENT_MIN_SIGNATURES and heading is None:
            continue
        while last + 1 < len(low) and last + 1 - thread[-1] <= COMMENT_LINE_GAP and _is_thread_heading(low[last + 1]):
            last += 1  # the thread's own links under it: 'View all comments | Post a comment', 'Log in to comment'
        found.extend(i for i in range(first if heading is None else heading, last + 1) if i not in removed)
    return found


# A thread's heading and its links: short lines that name comments ('Comments (12) | Add a comment',
# 'Have your say (14)', 'Comments on: <headline>', 'Talkback: Submit a Comment'). Above the thread, an
# article's 'declined to comment' is none.
_THREAD_WORDS = re.compile(r"\bcomments?\b|have your say|\btalkback\b|\bresponses? to\b|\bdiscuss this\b")
_NOT_THREAD_WORDS = re.compile(r"\b(?:for|to|declined|refused|no|without) comment\b")
THREAD_HEADING_MAX_WORDS = 20


def _thread_heading(page: Page, first: int, begins: int) -> int | None:
    """The thread's heading: the farthest within reach above its first comment, since a policy note ('Comments are
    moderated.') may stand under it, but none above a heading alone that a rule removed ('Comments (4)')."""
    heading = None
    for i in range(first - 1, max(begins, first - 1 - COMMENT_HEADING_REACH), -1):
        low = page.low[i]
        if _is_thread_heading(low) and _NOT_THREAD_WORDS.search(low) is None:
            heading = i
            if i in page.removed and THREAD_HEADING_LINE.fullmatch(strip_bullets(low)):
                break
    return heading


def _is_thread_heading(low: str) -> bool:
    return low.count(" ") < THREAD_HEADING_MAX_WORDS and _THREAD_WORDS.search(low) is not None


def _threads(signed: Sequence[int]) -> list[list[int]]:
    """Signed lines grouped where no more than `COMMENT_LINE_GAP` lines part them, with two or more to a group."""
    groups: list[list[int]] = []
    for i in signed:
        if groups and i - groups[-1][-1] - 1 <= COMMENT_LINE_GAP:
            groups[-1].append(i)
        else:
            groups.append([i])
    return [group for group in groups if len(group) >= 2]
