"""Entry headings: a day alone over each entry of a log, a diary or a programme.

A date alone on its line is most often page metadata (a post's date, a teaser's stamp), and `timestamp_v7` removes
it. In a sheriff's log ('Aug. 1', its calls, 'Aug. 2', ...) or a festival's programme ('Friday, June 22', its
events, ...) the same line is the heading of the article's entries under it, and they make no sense without their
days. What tells them apart: three or more days of one form, oldest first, each right over an entry (a line of three
words or more) that the rules kept. Lists of other stories date theirs newest first (a teaser's
headline, its summary, its date, the next teaser). A live blog's times over its updates are the same shape, but
people who label pages split on them (the times as the article's, or as stamps): the clock rule still takes them.

The days are judged after every page rule, among the lines the rules kept, as if the removed lines were not there:
the page rules see the days removed (a day kept would let the article's span bridge a sidebar, or head a listing
the span then takes), a calendar or a sidebar the page rules remove leaves its days with no entries, and the
cleaned text, which holds just the kept lines and the days, is judged the same way again.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from newsclusters.pipeline.rules.page import effective_words
from newsclusters.pipeline.rules.shapes import DAY_ATOMIC, MONTH, MONTH_NUMBER

ENTRY_STAMPS_MIN = 3  # days over entries that make a log (two are a date range's ends)
ENTRY_LINES_MAX = 25  # kept lines from one entry's day to the next
ENTRY_LINE_MIN_WORDS = 3  # an entry may be a list's item ('* 7pm: Festival parade') or 'No incidents reported.'

# A day with no year and no time ('Tuesday, Oct. 1', 'Aug. 2', '5th June'): a year or a clock makes a post's or
# a comment's stamp, which no log prints over each of its entries.
_DAY_HEADING = re.compile(
    rf"(?P<weekday>{DAY_ATOMIC} )?(?:(?P<m1>{MONTH}) (?P<d1>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)? (?P<m2>{MONTH})):?",
    re.I,
)

# A stamp's form (days of one form make one run) and its place in time.
Stamp = tuple[tuple[object, ...], int]


def day_heading(line: str) -> Stamp | None:
    """A day alone as a log prints it over its entries (its form, and its place in the year), or None."""
    hit = _DAY_HEADING.fullmatch(line)
    if hit is None:
        return None
    month = MONTH_NUMBER[(hit["m1"] or hit["m2"]).lower()[:3]]
    day = int(hit["d1"] or hit["d2"])
    return (hit["weekday"] is not None, hit["m1"] is not None), month * 32 + day


def day_entry_headings(lines: Sequence[str], matched: Sequence[int], removed: Collection[int]) -> list[int]:
    """Of the lines a stamp rule matched (`spare` of the rule), the days alone that head the article's entries,
    judged among the lines the rules kept (`removed` are all the lines the rules took, the days among them)."""
    if len(matched) < ENTRY_STAMPS_MIN:
        return []
    days = {i: stamp for i in matched if (stamp := day_heading(lines[i])) is not None}
    if len(days) < ENTRY_STAMPS_MIN:
        return []
    present = [i for i in range(len(lines)) if i in days or i not in removed]
    stamps = {k: days[i] for k, i in enumerate(present) if i in days}
    return [present[k] for k in entry_headings([lines[i] for i in present], stamps)]


def entry_headings(lines: Sequence[str], stamps: Mapping[int, Stamp]) -> list[int]:
    """The stamps (line index -> form and time) that head entries: runs of `ENTRY_STAMPS_MIN` or more of one form,
    oldest first (each later than the one before), at most `ENTRY_LINES_MAX` lines apart, each right over an entry
    (`is_entry`). Newest first is how lists of other stories date theirs, and a log is kept oldest first."""
    found: list[int] = []
    run: list[int] = []
    for i in sorted(stamps):
        if run:
            (form, time), (last_form, last_time) = stamps[i], stamps[run[-1]]
            if form == last_form and i - run[-1] <= ENTRY_LINES_MAX and time > last_time:
                run.append(i)
                continue
            found += _entries(lines, run, stamps)
        run = [i]
    found += _entries(lines, run, stamps)
    return found


def _entries(lines: Sequence[str], run: list[int], stamps: Mapping[int, Stamp]) -> list[int]:
    if len(run) < ENTRY_STAMPS_MIN:
        return []
    if all(i + 1 < len(lines) and i + 1 not in stamps and is_entry(lines[i + 1]) for i in run):
        return run
    return []


def is_entry(line: str) -> bool:
    """A log's entry: a line of `ENTRY_LINE_MIN_WORDS` words or more (a paragraph has more); a headline of two words,
    a count or a name is none."""
    return effective_words(line) >= ENTRY_LINE_MIN_WORDS
