"""Reader comments printed a line each, the signature and the text together (the comments of sites of the
2000s), and the threads a blog's heading names or a comment module's heading counts. Before the span rules, which
would otherwise read a thread as the article's last paragraphs (and, cleaning again without it, find other lines
outside the article)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from itertools import islice

from newsclusters.pipeline.rules.page import Page
from newsclusters.pipeline.rules.registry import page_rule
from newsclusters.pipeline.rules.shapes import DAY, MONTH, strip_bullets

CLOCK = r"\d{1,2}[:.]\d{2}(?::\d{2})? ?(?:[ap]\.?m\b\.?)?"
COMMENT_MIN_SIGNATURES = 3  # signed comments that make a thread
COMMENT_HEADING_REACH = 3  # lines above a thread's first comment where its heading may be
ARTICLE_RUN_MIN = 3  # paragraphs in a row, no record among them: the article a thread follows
COMMENT_NAME_MAX_WORDS = 6  # a commenter's name, maybe numbered, with a place or followed by 'says:'
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
def _date(year: str) -> str:
    """A date's pattern, the year after a month's name as `year` has it (optional or required)."""
    return (rf"(?:{DAY} )?(?:{MONTH} \d{{1,2}}(?:st|nd|rd|th)?{year}|\d{{1,2}}(?:st|nd|rd|th)? {MONTH},? \d{{4}}"
            r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})")


_DATE = _date(r"(?:,? \d{4})?")
_STAMP = (
    rf"(?:{_DATE}(?:,? (?:at |@ |- )?{CLOCK})?|{CLOCK}(?: (?:on )?{_DATE})?"
    r"|(?:\d{1,2}|an?) (?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?) ago)"
)
# The whole stamp, not its start: 'Posted by: tom on 8:21pm Tue 1 Jan 08' is a signature alone, its stamp no clock
# with the comment's text after it.
_STAMP_END = rf"(?!\d|:\d|\s+(?:{DAY}|{MONTH}|[ap]\.?m\b|\d))"
# The name, maybe a place, then the stamp and a colon or a dash, in front of the text. The stamp starts where a number
# does: '10:30 pm - 10:55 am' is a listing's times, not a name '1' and a stamp '0:30 pm'.
_COMMENT_HEAD = re.compile(
    r"(?:\d{1,3}[.)] )?(?:(?P<posted>posted by:? )|avatar: |poster: )?(?P<name>[^:]{1,60}?)"
    r"(?P<sep>[\s,|·(—–-]{0,6})"
    r"(?P<verb>(?:posted|wrote|said|says)\b |(?:on|at|@|date:) )*(?P<stamp>(?<!\d)" + _STAMP + ")" + _STAMP_END
    + r"\)?(?P<colon>:| [—–-])?\s+\S"
)
_TIMED = re.compile(r"\d[:.]\d\d| ago")
_DIGIT = re.compile(r"\d")
_COMMENT_SAID = re.compile(  # Blogger's verb in front of the text: 'Synova said... Shelter ...'
    rf"(?:at {CLOCK},? )?(?P<name>[^:.]{{1,40}}?) (?:said|says)(?:\.\.\.|…) \S"
)
# A name and a colon in front of the text, and the stamp after it: 'cincyjen wrote: ... | 02/23/2010 6:14 AM',
# 'Posted by Tangeni, Windhoek: Good news ... 19/03/2010', 'Hans Bader (mail): ... 3.9.2009 12:15pm'. An interview's
# answer has a name and a colon too: without a verb or 'Posted by', the stamp must hold a time.
_COMMENT_NAMED = re.compile(
    r"(?:\d{1,3}[.)] )?(?P<posted>posted by:? )?(?P<name>[^:]{1,50}?)(?P<verb> (?:said|says|wrote))?: \S"
)
_COMMENT_ACTION = re.compile(  # one of the links printed after each comment, at the end of the text
    r"(?<!\w)(?:recommend|report abuse|report|suggest removal|reply|flag|permalink|like)$"
)
# A signature after the text: a dash, a name of a few words, 'on' and a date with its year ('— Bishop on March 21,
# 2011 at 8:46 PM'), TypePad's 'Posted by: Sam | March 21, 2011 at 08:44 PM' after a sentence (alone on its line
# it is comments.py's), or '# posted 12:47 PM by Brett'. A quote's source ('— Tony Hayward, 5/30/2010'), a
# letter's ('- Jane Miller, Ashford, 14/03/2011') or a schedule's game ('Game 1 — Boston at L.A. Lakers, June 3,
# 9:00 p.m.') has no 'on'.
_YEAR_DATE = _date(r",? \d{4}")
_DATED_STAMP = rf"(?:{_YEAR_DATE}(?:,? (?:at |@ |- )?{CLOCK})?|{CLOCK},? (?:on )?{_YEAR_DATE})"
_TAIL_NAME = r"[^\s\d()—–][^\s()—–]*(?: [^\s\d()—–][^\s()—–]*){0,3}"
_COMMENT_TAIL = re.compile(
    rf"(?:(?<!\S)[—–-]{{1,2}} ?(?P<name>{_TAIL_NAME}) on {_DATED_STAMP}"
    rf"|(?<=[.!?\"”)] )posted by:? (?P<poster>[^|]{{1,40}}?) (?:\||at|on) {_DATED_STAMP}"
    rf"|# posted {CLOCK} by .{{1,40}})\)?\W?$"
)
_COMMENT_TAIL_STAMP = re.compile(rf"\(?{_STAMP}\)?\W?$")
_COMMENT_TAIL_CLOCK = re.compile(rf"\(?(?:{_DATE},? (?:at |@ |- )?{CLOCK}|{CLOCK},? (?:on )?{_DATE})\)?\W?$")
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
    """A word that names someone: not a live blog's 'Updated'."""
    return any(word not in _NOT_NAMES for word in name.split())


UNSIGNED, WEAK, STRONG = 0, 1, 2
# What only a comment's signature prints: the site's word for the poster, a verb, a relative stamp, the links
# under each comment. A link stands after the text, a separator or a sentence's end before it and a separator or
# the line's end after it ('... kickoff. | Report abuse', '... Stay safe. · Reply · Like · May 12 at 6:14am'): a
# timeline's entry says 'reply' or 'recommend' in its own sentence ('Jan. 8, 4:30 p.m. - The district's reply ...').
_STRONG_HEAD = re.compile(r"\b(?:posted|wrote|said|says|commented)\b| ago\b")
_COMMENT_LINKS = re.compile(
    r"(?:^|(?<=[|·•»\]])|(?<=[|·•»\]\-–—.!?\"”)] ))(?:report abuse|suggest removal|reply|recommend|report this comment)"
    r"(?=\s*(?:$|[|·•\-–—]))"
)


def signature_strength(low: str) -> int:
    """How surely a lower-cased line is one reader comment with its signature: STRONG with what only a comment
    prints ('Posted by', 'wrote', 'said...', '2 hours ago', 'Report abuse', '— Bishop on March 21, 2011'), WEAK
    with a name, a stamp and a colon or a dash alone ('Thabo, Soweto (22/01/2008 07:02): ...'), which a live blog,
    a timeline, a police log or a transcript prints too ('Elm Street, 2:14 p.m.: ...'), UNSIGNED otherwise."""
    start = low[:COMMENT_HEAD_CHARS]  # only a pre-check: a stamp has a digit or 'ago'; a colon, a dash or 'Posted
    # by' ends the signature
    head = (_COMMENT_HEAD.match(low) if (": " in start or " —" in start or " –" in start or " - " in start
                                         or low.startswith("posted by")) and (" ago" in start or _DIGIT.search(start))
            else None)
    end = _without_actions(low[-COMMENT_TAIL_CHARS:])  # the signature after the text, not the whole text
    links = _COMMENT_LINKS.search(low[-COMMENT_TAIL_CHARS:]) is not None
    # A date alone comes after a separator or a verb ('techdad99 — Oct 7, 2009:'): 'Weather 19 December 2007: ...'
    # is a menu's cell beside a dated headline.
    if (head is not None and (head["colon"] or head["posted"]) and _names_someone(head["name"])
            and (head["posted"] or head["verb"] or head["sep"].strip() or _TIMED.search(head["stamp"]))):
        strong = head["posted"] or links or _STRONG_HEAD.search(low, 0, head.end())
        return STRONG if strong else WEAK
    said = _COMMENT_SAID.match(low)
    if said is not None and _names_someone(said["name"]):
        return STRONG  # 'said...' signs on its own, as Blogger's whole-line signatures do
    tail = _COMMENT_TAIL.search(end)
    if tail is not None and (tail["name"] is None or _names_someone(tail["name"])):
        return STRONG
    named = _COMMENT_NAMED.match(low)
    if named is not None and named["name"].count(" ") < COMMENT_NAME_MAX_WORDS and _names_someone(named["name"]):
        if named["posted"] or named["verb"]:
            return STRONG if _COMMENT_TAIL_STAMP.search(end) else UNSIGNED
        if _COMMENT_TAIL_CLOCK.search(end):
            return STRONG if links else WEAK
    return UNSIGNED


# Where a signature may be: a clock or a numeric date ('7:42', '22/01/2008'), a relative stamp or Blogger's
# verb ('2 hours ago', 'said...'), each found as a string: a regex scan of every page costs ten times more,
# and most pages have no thread. A stamp of words alone with no colon after it ('March 21, 2011') is missed.
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
    """Where in the page's text the words are, a separator only between digits or after a year ('7:42', 'Oct 7,
    2009: ...', not 'Note:')."""
    hits = []
    for word in _COMMENT_LINE_WORDS:
        at = text.find(word)
        while at >= 0:
            if len(word) > 1 or (text[at - 1:at].isdigit()
                                 and (text[at + 1:at + 3].isdigit() or text[at - 4:at].isdigit())):
                hits.append(at)
            at = text.find(word, at + 1)
    return hits


COMMENT_LINE_MAX_CHARS = 2000


@page_rule(
    "comment_lines_v5",
    "Reader comments printed a line each, a name and a stamp before or after the text, under the article, are"
    " not news.",
)
def _comment_lines(page: Page) -> list[int]:
    # Three surely signed lines make a thread; two, or lines a timeline or a live blog prints too, need the thread's
    # own heading ('Readers' comments') above them. Distances are counted in the lines no rule removed, and the
    # article is found among them: cleaned again, the page has no others.
    joined, low, removed = page.low_text, page.low, page.removed
    hits = _signature_hints(joined)
    if len(hits) < 2:
        return []
    hinted = _line_numbers(joined, hits)
    strength = {i: signature_strength(strip_bullets(low[i])) for i in hinted
                if i not in removed and len(low[i]) <= COMMENT_LINE_MAX_CHARS}
    signed = [i for i in hinted if strength.get(i, UNSIGNED)]
    if len(signed) < 2:
        return []
    kept = [i for i in range(len(low)) if i not in removed]
    at = {line: k for k, line in enumerate(kept)}
    run_end = article_run_end([page.prose[i] for i in kept], {at[i] for i in signed})
    if run_end < 0:
        return []
    found: list[int] = []
    for thread in _threads([at[i] for i in signed if at[i] > run_end]):
        lines = [kept[k] for k in thread]
        heading = _thread_heading(page, kept, thread[0], run_end)
        if heading is None and (len(lines) < COMMENT_MIN_SIGNATURES or any(strength[i] < STRONG for i in lines)):
            continue
        last = thread[-1]
        while (last + 1 < len(kept) and last + 1 - thread[-1] <= COMMENT_LINE_GAP
               and _is_thread_link(low[kept[last + 1]])):
            last += 1  # the thread's own links under it: 'View all comments | Post a comment'
        found.extend(i for i in range(lines[0] if heading is None else heading, kept[last] + 1) if i not in removed)
    return found


# Tumblr prints a post's notes under it, a line each: who liked it, who reblogged it from whom and what they added
# ('kestrel-hikes liked this', 'northcascadiaphoto reblogged this from switchbacksandcoffee'), under the count of
# notes and the buttons ('238 notes', 'Reblog Like'). Its handles are in lower case, with no spaces.
_HANDLE_NAME = r"[a-z0-9][a-z0-9-]{1,31}"
_REBLOG_NOTE = re.compile(rf"(?P<who>{_HANDLE_NAME}) (?:liked this|posted this|reblogged this from {_HANDLE_NAME}"
                          r"(?: and added:.*)?)")
_REBLOG_ADDED = re.compile(rf"(?P<who>{_HANDLE_NAME}) added: .+")
_REBLOG_TOOLS = re.compile(r"[\d,.]+k? notes?|(?:reblog|like)(?: (?:reblog|like))?|show more notes|(?:hide|show) notes",
                           re.I)
REBLOG_NOTES_MIN = 2  # notes in a run: one line so shaped is a sentence as often


@page_rule(
    "reblog_notes_v1",
    "A blog post's notes, a line each ('kestrel-hikes liked this', 'x reblogged this from y'), are readers' not the"
    " post's.",
)
def _reblog_notes(page: Page) -> list[int]:
    if "liked this" not in page.low_text and "reblogged this" not in page.low_text:
        return []  # most pages: one scan of the page's text
    found: list[int] = []
    run: list[int] = []
    notes: set[str] = set()  # the handles of the run's notes: 'x added: ...' is one of theirs
    count = 0
    for i in [*range(len(page.lines)), len(page.lines)]:  # past the last line: the last run ends
        if i in page.removed:
            continue
        line = page.lines[i].strip() if i < len(page.lines) else ""
        if note := _REBLOG_NOTE.fullmatch(line):
            notes.add(note["who"])
            count += 1
        elif not ((added := _REBLOG_ADDED.fullmatch(line)) and added["who"] in notes
                  or line and _REBLOG_TOOLS.fullmatch(line)):
            if count >= REBLOG_NOTES_MIN:
                found += run
            run, notes, count = [], set(), 0
            continue
        run.append(i)
    return found


# A blog's heading of its readers' thread gives their count and the post's name in quotes, as WordPress's themes
# print it ('No Responses to “Title”', 'One Reply to “Title”', '42 thoughts on "Title"'). The comments under it
# need no signature a rule knows: they are sentences, which the span rules would read as the article's last
# paragraphs. A line of that form is an article's too (a subhead over experts' answers or a roundup of posts, a
# rebuttal under the piece it answers, a count linked under the headline), and two reviews wrote such pages, so
# every sign of a thread must be there: the heading quotes the post's headline, printed above it with the
# article's paragraphs between; no copy of the heading stands lower (a count linked at the top is repeated over
# the thread); comments show under it, a short line with a time, a relative stamp, a signature or a 'Reply' link
# for each of the first two (or a signature only a comment prints in front of its text); and the comment form, or
# a notice that comments are closed, comes after them.
_POST_THREAD_COUNT = (r"(?P<count>\d[\d,]*|one|no) (?:comments?|responses?|repl(?:y|ies)|thoughts?|reactions?)"
                      r" (?:on|to) ")
POST_THREAD_HEADING = re.compile(_POST_THREAD_COUNT + r"[\"“‘'«](?P<post>.+)[\"”’'»]:?")
_POST_THREAD_START = re.compile("\n" + _POST_THREAD_COUNT + "[\"“‘'«]")  # the page's lines joined: one scan
POST_THREAD_HEADING_MAX_WORDS = 30
POST_MIN_PARAGRAPHS = 2  # the article's paragraphs between the headline and the thread's heading
THREAD_MARK_REACH = 10  # lines under the heading where the first comment's mark must stand
COMMENT_MARK_MAX_WORDS = 12  # a mark's line: a signature, a stamp or the links, not a paragraph that tells a time
_COMMENT_MARK = re.compile(
    r"\b\d{1,2}:\d{2} ?[ap]\.?m\b|\bat \d{1,2}:\d{2}\b"
    r"|\b(?:an?|\d+) (?:minutes?|hours?|days?|weeks?|months?|years?) ago\b"
    r"|\b(?:says|said|wrote):?$|\bsaid\.\.\.|^(?:reply|report comment|report abuse|log in to reply)$"
    # a date and a 24-hour clock, as Europe's comment systems sign ('28/02/2013 08:12', 'schrieb am 14.06.2012 um
    # 19:05', 'le 15/11/2012 à 22h10', '12 May 2016 7:02'); not a time in seconds ('16.08.2009, 9.58')
    r"|\b\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2}),?(?: (?:um|at|à|a las|alle|às|-|—|–|\|))? \d{1,2}[:h]\d{2}\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)? " + MONTH + r" \d{4},?(?: (?:at|-|—|–|\|))? \d{1,2}:\d{2}\b"
)
# A name, a verb that signs and a time, in front of the comment's text ('farmer joe says: july 9th, 2012 at 7:44 am -').
_SIGNED_TEXT = re.compile(r"(?:\d{1,3}[.)] )?[^:]{1,40}? (?:says|said|wrote):? [^:]{0,40}?\b\d{1,2}:\d{2}")
_THREAD_END = re.compile(  # the comment form, or the notice that takes its place
    r"\b(?:leave|add|post|submit|write) (?:a |your )?(?:comment|reply|response)\b"
    r"|\bcomments? (?:are|is) (?:now )?closed\b"
    r"|\bwill not be published\b|\bnotify me of (?:follow-up|new) comments\b|\bmust be logged in to (?:post a )?comment"
)
# What a headline and the name quoting it may differ by: WordPress curls the quotes and apostrophes of the name it
# prints, and leaves an ampersand escaped.
_NAME_FORMS = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_SITE_AFTER_HEADLINE = re.compile(r" (?:\||-|–|—|::|») \S")  # 'Title | Blog name'


@page_rule(
    "post_thread_heading_v3",
    "Below the article, a blog's heading naming the post ('42 thoughts on “Title”') and all under it are comments.",
)
def _post_thread_heading(page: Page) -> list[int]:
    if _POST_THREAD_START.search(page.low_text) is None:
        return []
    low, removed = page.low, page.removed
    for i, line in enumerate(low):
        if line.count(" ") >= POST_THREAD_HEADING_MAX_WORDS or not (heading := POST_THREAD_HEADING.fullmatch(line)):
            continue
        headline = _headline_quoted(page, i, heading.group("post"))
        if headline is None or line in low[i + 1:]:
            continue  # another name (a subhead, a box's teaser), or a count linked above the thread's own heading
        between, above = (sum(1 for j in lines if j not in removed and page.prose[j])
                          for lines in (range(headline + 1, i), range(headline)))
        if between < POST_MIN_PARAGRAPHS or between <= above:
            continue  # a count linked under the headline, or a headline that is not the page's (a box's teaser)
        if _reads_as_thread(low, i, heading.group("count")):
            return [j for j in range(i, len(low)) if j not in removed]
    return []


def _reads_as_thread(low: Sequence[str], i: int, count: str) -> bool:
    """Whether comments show under heading i (the first within reach, two if it counts two or more) and the
    comment form, or the notice that comments are closed, follows them."""
    wanted = 1 if count == "one" else 2
    marks = list(islice((j for j in range(i + 1, len(low)) if _is_comment_mark(strip_bullets(low[j]))), wanted))
    return (len(marks) >= wanted and marks[0] <= i + THREAD_MARK_REACH
            and any(_THREAD_END.search(low[j]) for j in range(marks[wanted - 1] + 1, len(low))))


def _is_comment_mark(low: str) -> bool:
    """A comment's signature, stamp or link on a short line of its own, or a signature that only a comment prints
    in front of its text ('1. farmer joe says: july 9th, 2012 at 7:44 am - ...', 'Posted by ... 2 hours ago: ...')."""
    if low.count(" ") < COMMENT_MARK_MAX_WORDS:
        return _COMMENT_MARK.search(low) is not None
    return _SIGNED_TEXT.match(low) is not None or signature_strength(low) == STRONG


def _headline_quoted(page: Page, i: int, post: str) -> int | None:
    """The line above heading i that is the headline it quotes ('Title', or 'Title | Blog name'), -1 for the title
    the metadata gives, None for neither."""
    name = _name_form(post)
    if not name:
        return None
    for j in range(i):
        line = _name_form(page.low[j])
        if line == name or (line.startswith(name) and _SITE_AFTER_HEADLINE.match(line, len(name))):
            return j
    return -1 if _name_form((page.title or "").lower()) == name else None


def _name_form(text: str) -> str:
    return " ".join(text.translate(_NAME_FORMS).replace("&amp;", "&").split())


# A thread's heading: a short line that names comments ('Comments (12) | Add a comment', 'Have your say (14)',
# 'Comments on: <headline>', 'Talkback: Submit a Comment') and ends no sentence ('Neither company would comment on
# the talks.' is the article's last line). The links under a thread are short too, or a bar of them.
_THREAD_WORDS = re.compile(r"\bcomments?\b|have your say|\btalkback\b|\bresponses? to\b|\bdiscuss this\b")
_NOT_THREAD_WORDS = re.compile(r"\b(?:for|to|declined|refused|no|without) comment\b")
THREAD_HEADING_MAX_WORDS = 20
THREAD_LINK_MAX_WORDS = 6


def _thread_heading(page: Page, kept: Sequence[int], first: int, run_end: int) -> int | None:
    """The line of the thread's heading, or None: the farthest within reach of kept lines above its first comment
    (`first`, a position in `kept`), since a policy note ('Comments are moderated.') may stand under it; a heading
    a rule removed ('Comments (4)') between them stops the search, being the thread's."""
    heading = None
    for line in range(kept[first] - 1, kept[max(run_end, first - 1 - COMMENT_HEADING_REACH)], -1):
        low = page.low[line]
        if line in page.removed:
            if THREAD_HEADING_LINE.fullmatch(strip_bullets(low)):
                return line if heading is None else heading
            continue
        if _is_thread_heading(low):
            heading = line
    return heading


def _is_thread_heading(low: str) -> bool:
    return (low.count(" ") < THREAD_HEADING_MAX_WORDS and not low.endswith((".", "!", "?"))
            and _THREAD_WORDS.search(low) is not None and _NOT_THREAD_WORDS.search(low) is None)


def _is_thread_link(low: str) -> bool:
    return (("|" in low or low.count(" ") < THREAD_LINK_MAX_WORDS) and not low.endswith((".", "!", "?"))
            and _THREAD_WORDS.search(low) is not None)


def _threads(signed: Sequence[int]) -> list[list[int]]:
    """Signed lines grouped where no more than `COMMENT_LINE_GAP` lines part them, with two or more to a group."""
    groups: list[list[int]] = []
    for i in signed:
        if groups and i - groups[-1][-1] - 1 <= COMMENT_LINE_GAP:
            groups[-1].append(i)
        else:
            groups.append([i])
    return [group for group in groups if len(group) >= 2]


# A thread's heading with the count of its comments, as a comment module prints it over the thread ('Comments (9)',
# '37 comments', "Readers' comments (4)", 'Talkback (4)', 'Conversation (57 comments)', 'Showing 23 comments',
# 'Comments: 2', 'Discuss this story (42 comments)'), alone or as the first cell of a bar ('58 Comments | Add a
# comment', 'Comments (56) — Commenting is moderated.'); none counts no comments. Not 'Views (1,204)' (a page's
# counter) nor 'Reader responses (3)' (a letters page's section).
_COUNTED_THREAD_HEADING = re.compile(
    r"(?:(?:showing|story|article|view all|see all|have your say:?|your say:?|discuss this (?:story|article))\s+)?"
    r"\(?(?:(?:readers?|fans?|users?)['’]?s?['’]? |your )?"
    r"(?:(?:comments?|reactions|replies|talkback|conversation|discussion"
    r"|(?:leser)?kommentare?|commentaires?|réactions|comentarios?|comentários?|commenti)"
    r"\s*(?:\((?:total )?(?P<a>\d[\d,]*)(?: comments?)?\)|: ?(?P<c>\d[\d,]*))"
    r"|(?P<b>\d[\d,]*) (?:comments?|replies|kommentare?|commentaires?|comentarios?|comentários?|commenti))\)?"
)
COUNTED_HEADING_MAX_CHARS = 40
_BAR_CELL = re.compile(r"\s+(?:[|—–]|-(?= ))\s+")  # what parts a bar's cells ('58 Comments | Add a comment')
# A bar's other cells say what a thread's heading says ('Add a comment', 'Sort by: Newest', 'Commenting is moderated.')
# or name the site ('58 Comments | Screen Lantern'). A count among sharing tools ('Comments (58) | Share this live
# blog', '312 Comments | Share | Tweet') is the page's tool bar, over a live blog's entries as often as over a thread,
# and a count before a headline ('412 comments – Council tax to rise 4.9 percent') lists the most-discussed stories.
_BAR_TOOLS = re.compile(r"\b(?:share[sd]?|print|e-?mail|tweet|facebook|twitter|whatsapp|save|likes?|scorecard"
                        r"|permalink)\b")
_BAR_THREAD_WORDS = re.compile(r"comment|repl|sort\b|newest|oldest|threaded|log ?in|sign in|register|moderat|guideline"
                               r"|\bsay\b|discuss|conversation|\bpost\b")
BAR_NAME_MAX_WORDS = 3
_DIGIT = re.compile(r"\d")
# A box of counts ('Likes: 214', 'Comments: 3,812', 'Shares: 1,020') counts a post's reactions; no thread is under it.
_COUNT_FIELD = re.compile(r"[^\W\d_][\w'’ ]{0,20}: ?\d[\d,.]*")
# One of them stands in every heading the pattern reads ('commentaires' and 'commenti' hold 'comment').
_COUNTED_THREAD_WORDS = ("comment", "reaction", "réaction", "replies", "talkback", "conversation", "discussion",
                         "kommentar", "comentario", "comentário")
# What only a comment prints among its marks: its links ('Reply', 'Report abuse', 'Recommend (4)', 'Flag'), a stamp
# relative to now ('2 hours ago'), a name that says ('Dee says:'). An article prints times and 'Smith wrote:' too, and
# a live blog signs its entries with names and times as a comment does ('Jo Hale posted at 9:12 am').
_COMMENT_ONLY_MARK = re.compile(
    r"\b(?:reply|report(?: abuse| comment| this comment)?|recommend(?:ed)?|flag|permalink|like)\b(?: \(\d+\))?\W{0,3}$"
    r"|^(?:reply|report abuse)\b|\|\s*(?:reply|report abuse|recommend|flag)\b"
    r"|\b(?:an?|\d+) (?:minutes?|mins?|hours?|hrs?|days?|weeks?) ago\b|\bsays:"
)
# A user's handle opening a comment's signature, as the reader typed it, in lower case: words joined by '_'
# ('oxleyvale_mum') or a word and a number ('badenixe62'). Read on the line as printed: in capitals the same shape
# is a road's, a flight's or a train's number ('A81', 'MH370', 'LH400'), and initials or a file's name have dots.
_HANDLE = re.compile(r"(?:\d{1,3}[.)] )?(?:[a-z]{3,}(?:_[a-z0-9]+)+\b|[a-z]{4,}\d{2,}\b)")  # numbered ('1. mary_reads')


COMMENT_LINKS_MAX_WORDS = 6
# A comment's links on a line of their own, under its text: 'Recommend (88) | Reply', '24 Likes | Reply', 'Report |
# Reply' (a bar of two cells at least, one a comment's own link).
_LINK_CELL = r"(?:[\d,]+ )?[a-z]+(?: \(\d+\))?(?: [\d,]+)?"  # 'reply', '24 likes', 'recommend (88)', 'like 3'
_LINKS_BAR = re.compile(rf"(?:{_LINK_CELL} \| )+{_LINK_CELL}")
_LINK_WORDS = frozenset({"reply", "report", "recommend", "recommended", "like", "likes", "flag", "permalink", "share",
                         "quote", "abuse"})


def _is_comment_links(low: str) -> bool:
    if low.count(" ") >= COMMENT_LINKS_MAX_WORDS or "|" not in low or not _LINKS_BAR.fullmatch(low):
        return False
    words = set(re.findall(r"[a-z]+", low))
    return words <= _LINK_WORDS and ("reply" in words or "report" in words or "recommend" in words)


def _is_comment_only_mark(page: Page, i: int) -> bool:
    """A mark only a comment prints: its links or a relative stamp (`_COMMENT_ONLY_MARK`), or a user's handle opening
    the line (`_HANDLE`, read on the line as printed)."""
    return (_COMMENT_ONLY_MARK.search(page.low[i]) is not None
            or _HANDLE.match(strip_bullets(page.lines[i])) is not None)


# A comment's signature another rule took ('Reply · Like · 6 · 4 June at 11:20'): a mark of the thread all the same. A
# clock time or a stamp alone ('9:12pm', 'Posted 5 minutes ago') marks a live blog's entries as often.
_SIGNATURE_RULES = frozenset({"stamp_line_v5"})
COUNTED_THREAD_MARKS_MIN = 2  # comment marks under the heading, each within reach of the one before
COUNTED_THREAD_MARK_GAP = 6  # lines from the heading to the first mark, and from one mark to the next
COUNTED_THREAD_TEXT_AFTER = 2  # lines of a comment's text after the last mark (a signature printed first)
COUNTED_THREAD_TAIL_PROSE = 1  # kept paragraphs allowed under the thread: more, and the article goes on below it


@page_rule(
    "counted_thread_v6",
    "A heading counting its comments ('Comments (9)') under the article, and the marked comments below it, are"
    " not news.",
)
def _counted_thread(page: Page) -> list[int]:
    # The heading counts the thread's comments and stands under the article's first run of paragraphs, among the
    # lines still kept (a count linked under the headline, or under a notice another rule removed, stands above it).
    # Every comment system marks its comments, with its own marks, and one of them at least is a comment's own (a
    # 'Reply' link, '2 hours ago'): times and 'Smith wrote:' are an article's too. The thread runs from the heading
    # through the marks that follow each other within reach and the text of the last, and nothing of the article
    # comes after it: the page ends, or a comment form or closed thread's notice follows, with at most one paragraph.
    low, removed = page.low, page.removed
    if not any(word in page.low_text for word in _COUNTED_THREAD_WORDS):
        return []  # most pages: one scan of the page's text, no pattern tried on its short lines
    headings = [i for i, line in enumerate(low) if (line[:1].isalnum() or line[:1] == "(")
                and (len(line) <= COUNTED_HEADING_MAX_CHARS or _BAR_CELL.search(line, 0, COUNTED_HEADING_MAX_CHARS + 3))
                and _DIGIT.search(line, 0, COUNTED_HEADING_MAX_CHARS + 1)  # every count's digits stand in the first cell
                and (found := _counted_heading(low, i)) is not None
                and (found["a"] or found["b"] or found["c"]).replace(",", "").strip("0")]
    if not headings:
        return []
    kept = [i for i in range(len(low)) if i not in removed]
    run_end = article_run_end([page.prose[i] for i in kept], frozenset())
    if run_end < 0:
        return []
    begins = kept[run_end]
    for heading in (i for i in headings if i > begins):
        marks: list[int] = []
        last = heading
        for j in range(heading + 1, len(low)):
            if j - last > COUNTED_THREAD_MARK_GAP:
                break
            if (j not in removed or removed[j] in _SIGNATURE_RULES) and (_is_comment_mark(strip_bullets(low[j]))
                                                                          or _is_comment_links(low[j])):
                marks.append(j)
                last = j
        if len(marks) < COUNTED_THREAD_MARKS_MIN or not any(_is_comment_only_mark(page, j) for j in marks):
            continue
        end = marks[-1]
        while (end + 1 < len(low) and end + 1 not in removed and end - marks[-1] < COUNTED_THREAD_TEXT_AFTER
               and not _is_comment_links(low[marks[-1]])):  # a comment's links stand under its text, not over it
            end += 1
        if _article_goes_on(page, end):
            continue
        return [j for j in range(heading, end + 1) if j not in removed]
    return []


def _counted_heading(low: Sequence[str], i: int) -> re.Match[str] | None:
    """The count of a thread's heading on line `i`: the line's first cell (`_BAR_CELL`), read whole, in a bar of a
    thread's cells (`_BAR_TOOLS`), not in a box of counts (`_COUNT_FIELD`)."""
    cells = _BAR_CELL.split(strip_bullets(low[i]))
    cell = cells[0].rstrip(" :")
    if len(cell) > COUNTED_HEADING_MAX_CHARS or any(
            _BAR_TOOLS.search(other) or (other.count(" ") >= BAR_NAME_MAX_WORDS and not _BAR_THREAD_WORDS.search(other))
            for other in cells[1:]):
        return None
    found = _COUNTED_THREAD_HEADING.fullmatch(cell)
    if found and found["c"] and any(_COUNT_FIELD.fullmatch(low[j].strip())
                                    for j in (i - 1, i + 1) if 0 <= j < len(low)):
        return None
    return found


def _article_goes_on(page: Page, end: int) -> bool:
    """Whether paragraphs follow line `end` before the page ends or a comment form or closed thread's notice stands."""
    prose = 0
    for j in range(end + 1, len(page.low)):
        if _THREAD_END.search(page.low[j]) or page.removed.get(j, "").startswith("comment_form"):
            return False
        if j not in page.removed and page.prose[j]:
            prose += 1
            if prose > COUNTED_THREAD_TAIL_PROSE:
                return True
    return False
