"""A clock time alone on its line: a live blog's or a video's stamp, unless it is one of a timetable's times."""

from __future__ import annotations

import re

from newsclusters.pipeline.rules.page import Page
from newsclusters.pipeline.rules.registry import page_rule

# '6:42pm', '7:40 PM', '1:05 a.m. ET', '02:14', '6.30pm', and the same after a bullet: a whole line of the page.
# Only a line opening with a digit (any `\d` matches: '１８:４２' too) or one of the bullets is tried: a character's
# test per line, where a scan of the page's lines joined tried the pattern at every character.
_CLOCK_LINE = re.compile(
    r"(?:[-*•|»›·] *)?(?:\d{1,2}(?::\d\d){1,2}(?: ?[ap]\.?m\.?)?|\d{1,2}\.\d\d ?[ap]\.?m\.?)(?: [a-z]{2,4})?",
    re.I,
)
_CLOCK_BULLETS = frozenset("-*•|»›·")


# A line rule can't tell the two apart: a live blog's stamps stand one above each entry, a timetable's times
# one under another ('6:20 a.m.', '8:45 a.m.', ...). A time next to another time is the timetable's. The
# times are judged before any other page rule removes a line, and only times count as neighbours, so the
# cleaned text (stamps gone, timetables whole) is judged the same way.
@page_rule(
    "clock_stamp_v1",
    "A clock time alone ('6:42pm', '02:14') stamps a live blog's entry or a video; a timetable lists several in a row.",
)
def _clock_stamp(page: Page) -> list[int]:
    fullmatch, removed = _CLOCK_LINE.fullmatch, page.removed
    clocks = {i for i, line in enumerate(page.lines)
              if (line[:1].isdecimal() or line[:1] in _CLOCK_BULLETS)
              and i not in removed and fullmatch(line) is not None}
    return sorted(i for i in clocks if i - 1 not in clocks and i + 1 not in clocks)
