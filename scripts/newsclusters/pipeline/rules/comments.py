"""Reader comments: threads with signatures, inline threads run into an article line, and comment records."""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsclusters.pipeline.rules.comment_lines import (
    CLOCK,
    COMMENT_HEADING_REACH,
    COMMENT_MIN_SIGNATURES,
    COMMENT_NAME_MAX_WORDS,
    THREAD_HEADING_LINE,
    article_run_end,
)
from newsclusters.pipeline.rules.page import Page
from newsclusters.pipeline.rules.registry import page_rule
from newsclusters.pipeline.rules.shapes import DAY, MONTH, strip_bullets
from newsclusters.pipeline.rules.span import article_span

# A reader comment's signature: 'Posted by Sam on January 6, 2008 11:10 AM', 'Posted by: Lee |
# 01/06/08', 'Posted by: tom, Bolton on 8:21pm Tue 1 Jan 08', 'Submitted by Ann on 6 Jan 2008', or the
# 'Report this comment' link under each comment.
_SIGNED_BY = (  # after the verb: the name, then 'on', 'at', '|' or ',' and a date, maybe after a time
    r"(?: by)?:? .{1,60}?(?:\bon\b|\bat\b|\||,)\s*(?:" + CLOCK + r" )?(?:" + DAY + r" ?)?"
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|" + MONTH + r" \d{1,2}|\d{1,2} " + MONTH + r")"
)
# At the start of a lower-cased line, where a signature stands alone.
_COMMENT_SIGNATURE = re.compile(
    r"(?:posted|written|submitted|added|comment(?:ed)?)" + _SIGNED_BY + r"|report (?:this comment|abuse)$"
)
# In running text: the verb capitalised as signatures print it ('the video was posted by the ministry
# on January 6' is reported speech), with the year, time and report link that follow, so that a
# cut ends where the signature does.
_COMMENT_SIGNATURE_INLINE = re.compile(
    r"\b(?:(?:Posted|POSTED|Written|Submitted|SUBMITTED|Added|Comment(?:ed)?|COMMENT)(?i:" + _SIGNED_BY
    + r"(?:,? (?:\d{4}|\d\d)\b)?(?:,? (?:at )?" + CLOCK + r")?(?: report (?:this comment|abuse))?)"
    r"|Report (?:this comment|abuse)|REPORT (?:THIS COMMENT|ABUSE))"
)
_SIGNATURE_WORDS = ("posted by", "written by", "submitted by", "added by", "comment by", "commented by",
                    "report this comment", "report abuse")
# The heading of a thread run into a line ('... big clubs. Comments What a ...'): case as printed.
_THREAD_HEADING = re.compile(
    r"(?<=[.!?\"”’)] )(?:Comments|COMMENTS|\d+ [Cc]omments|Comments \(\d+\)|Reader comments|Readers' comments"
    r"|Your comments|Have your say|HAVE YOUR SAY)(?= [A-Z0-9#\"“‘(])"
)
THREAD_HEADING_REACH = 1500  # characters before the first signature where the thread's heading is looked for
# The start of a line that may be a signature, in `Page.low_text`: one scan in C instead of a regex
# call per line (a literal first character lets the engine skip ahead).
_SIGNATURE_LINE_START = re.compile(r"\n[-*•|»›·–+ ]*(?:posted|written|submitted|added|comment|report)")
INLINE_THREAD_MIN_CHARS = 600  # a shorter line can't hold three signed comments


def inline_comment_thread(line: str) -> tuple[int, int] | None:
    """Where reader comments run into one line of article text: (start, end) from the first of three
    or more signatures to the end of the last, or None.

    Table-layout pages rendered as text put a story, its comment thread and the site's links in one
    cell, so a line rule would have to keep or drop the article with its comments. The first
    comment's text, before the first signature, goes only when the thread's heading ('Comments')
    marks where it begins.
    """
    if len(line) < INLINE_THREAD_MIN_CHARS:
        return None
    low = line.lower()
    if low.count(" by") + low.count("report ") < COMMENT_MIN_SIGNATURES:
        return None  # every signature holds one or the other: most paragraphs stop here
    if sum(low.count(word) for word in _SIGNATURE_WORDS) < COMMENT_MIN_SIGNATURES:
        return None
    found = list(_COMMENT_SIGNATURE_INLINE.finditer(line))
    if len(found) < COMMENT_MIN_SIGNATURES:
        return None
    start = found[0].start()
    headings = list(_THREAD_HEADING.finditer(line, max(0, start - THREAD_HEADING_REACH), start))
    return (headings[-1].start() if headings else start), found[-1].end()  # from the last heading before it


@page_rule(
    "comment_thread_v3",
    "Reader comments, from the thread's heading or first signature ('Posted by X on <date>') to the last, are not news.",
)
def _comment_thread(page: Page) -> list[int]:
    # Three signatures make a thread. A signature above the article's run is the post's own byline
    # ('Posted by Jane on Jan 5' under a blog post's title), not a comment: the thread starts after it.
    low, joined = page.low, page.low_text
    candidates = _line_indices(_SIGNATURE_LINE_START, joined)
    if len(candidates) < COMMENT_MIN_SIGNATURES:
        return []
    signatures = [i for i in candidates if len(low[i]) <= 160 and _COMMENT_SIGNATURE.match(strip_bullets(low[i]))]
    if len(signatures) < COMMENT_MIN_SIGNATURES:
        return []
    span = article_span(page)
    if span is not None:
        # The run may open with a long headline over the post's own byline and date: signatures count from its
        # first paragraph that ends a sentence.
        lead = next((i for i in range(span[0], span[1] + 1) if i not in page.removed and page.prose[i] and page.ends[i]),
                    span[0])
        signatures = [i for i in signatures if i > lead]
    if len(signatures) < COMMENT_MIN_SIGNATURES:
        return []
    # Where the signature follows its comment (TypePad's 'Posted by: Sam | <date>'), the first comment
    # sits between the thread's heading and the first signature: the thread starts at the heading.
    first = signatures[0]
    heading = next((i for i in range(first - 1, max(-1, first - 1 - COMMENT_HEADING_REACH), -1)
                    if THREAD_HEADING_LINE.fullmatch(strip_bullets(low[i]))), None)
    return [i for i in range(first if heading is None else heading, signatures[-1] + 1) if i not in page.removed]


# Blog comments print a record per comment: the commenter's name ('Gaye', '3. Bo says:'), a stamp
# line with the date *and* the time ('August 8, 2018 at 3:17 pm'), then the comment; the thread has
# a heading ('10 thoughts on "..."', '34 responses to "..."'). An article's dateline has one stamp;
# a comment thread has one per comment. Themes print the day as an ordinal ('March 5th, 2012 at
# 3:45 pm', WordPress's long-time default) or the date in ISO form ('2012-03-05 15:45'); forums and
# comment widgets say the day relatively, still with the clock ('2 days ago at 07:52 am', 'Yesterday at 3:45 pm').
_COMMENT_STAMP = re.compile(
    rf"\n[-*•+o ]*(?:(?:{MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}|\d{{1,2}}(?:st|nd|rd|th)? {MONTH},? \d{{4}}"
    rf"|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|(?:\d{{1,2}}|an?) (?:days?|weeks?) ago|yesterday|today),? (?:at|@|-)"
    rf"|\d{{4}}-\d{{2}}-\d{{2}},?(?: (?:at|@|-))?) {CLOCK}(?=\n|\Z)",
)
COMMENT_SIGNATURE_MAX_WORDS = 14  # a signature line: a name, maybe with a date and time, and its verb
# Blogger signs a comment above its text: 'Anonymous said...', 'Jo Bloggs said…', alone on its line.
# Comment widgets sign with a relative stamp beside the name: 'Jo Bloggs 2 hours ago'. WordPress
# themes and forums sign with the date and the time before the verb: 'Sam on March 5, 2012 at 3:45 pm
# said:', 'On 05/03/2012 at 15:45, Sam wrote:'. Each is a whole line; the words it must end with find
# the few lines worth matching. Only the trailing dots, or the date and the clock, make a signature:
# 'The minister said:' and 'At 10:42 the minister said:' before a quote are how articles print speech.
_SIGNATURES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r".{1,60}? said(?:\.\.\.|…)"), ("said...", "said…")),
    (re.compile(r".{1,40}? (?:\d{1,2}|an?) (?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?) ago"),
     (" ago",)),
    (re.compile(
        rf"[-*•+ ]*.{{0,60}}?(?:{MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}|\d{{1,2}}(?:st|nd|rd|th)? {MONTH},? \d{{4}}"
        rf"|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}),? (?:(?:at|@|-) )?{CLOCK},? (?:.{{1,60}}? )?(?:wrote|said|says):?"
    ), ("wrote", "wrote:", "said", "said:", "says", "says:")),
)
_SIGNATURE_ENDINGS = tuple(ending for _, endings in _SIGNATURES for ending in endings)


def _line_indices(pattern: re.Pattern[str], joined: str) -> list[int]:
    """Indices in `Page.low` of the lines a pattern that starts with the line's LF finds in `Page.low_text`:
    a literal LF lets the engine skip to line starts, where '^' in multi-line mode tries every character."""
    return [joined.count("\n", 0, hit.start()) for hit in pattern.finditer(joined)]


@page_rule(
    "comment_records_v4",
    "Three or more reader comments after the article, each signed ('Sam said...', a name over a stamp), are not news.",
)
def _comment_records(page: Page) -> list[int]:
    joined = page.low_text
    stamps = _line_indices(_COMMENT_STAMP, joined)
    signed = _signature_lines(page.low)
    if max(len(stamps), len(signed)) < COMMENT_MIN_SIGNATURES:
        return []  # the common case, decided by one scan of the page
    low, prose, words = page.low, page.prose, page.words
    begins = article_run_end(prose, {*stamps, *(i - 1 for i in stamps), *signed})
    if begins < 0:
        return []  # no article above: a page of comments alone is left as it is

    def short_after(i: int, most: int) -> bool:
        return i > begins and not prose[i] and words[i] <= most

    # A record is counted by its stamp or by its signature, not both: under a Blogger signature the
    # line above the stamp is the comment itself, and a short one is name-shaped too.
    above_stamps = [i - 1 for i in stamps if short_after(i - 1, COMMENT_NAME_MAX_WORDS)]
    signed = [i for i in signed if short_after(i, COMMENT_SIGNATURE_MAX_WORDS)]
    if max(len(above_stamps), len(signed)) < COMMENT_MIN_SIGNATURES:
        return []
    names = sorted({*above_stamps, *signed})
    start = names[0]
    heading = next((i for i in range(start - 1, max(begins, start - 1 - COMMENT_HEADING_REACH), -1)
                    if THREAD_HEADING_LINE.fullmatch(strip_bullets(low[i]))), None)
    end = min(names[-1] + 2, len(low))  # the last comment's text runs to the next line another rule removed
    while end < len(low) and end not in page.removed:
        end += 1
    return [i for i in range(start if heading is None else heading, end) if i not in page.removed]


def _signature_lines(low: Sequence[str]) -> list[int]:
    """The lines that sign a comment on their own (`_SIGNATURES`): the lines ending with one of its
    words (one `str.endswith` a line, cheaper than a `str.find` of each word on the page's text),
    then matched whole."""
    endings = _SIGNATURE_ENDINGS
    found = []
    for i in [i for i, line in enumerate(low) if line.endswith(endings)]:
        line = low[i]
        if any(line.endswith(words) and pattern.fullmatch(line) for pattern, words in _SIGNATURES):
            found.append(i)
    return found
