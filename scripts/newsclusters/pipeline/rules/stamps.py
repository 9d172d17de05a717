"""A clock time alone on its line: a live blog's or a video's stamp, unless it is one of a timetable's times."""

from __future__ import annotations

import re

from newsclusters.pipeline.rules.page import Page
from newsclusters.pipeline.rules.registry import page_rule

# '6:42pm', '7:40 PM', '1:05 a.m. ET', '02:14', '6.30pm', and the same after a bullet.
_CLOCK = re.compile(
    r"(?:[-*•|»›·]\s*)?(?:\d{1,2}(?::\d\d){1,2}(?:\s?[ap]\.?m\.?)?|\d{1,2}\.\d\d\s?[ap]\.?m\.?)(?:\s[a-z]{2,4})?",
    re.I,
)


CLOCK_MAX_CHARS = 24  # '- 12:45:30 p.m. AEST' is 20
_BULLETS = frozenset("-*•|»›·")


# A line rule can't tell the two apart: a live blog's stamps stand one above each entry, a timetable's times
# one under another ('6:20 a.m.', '8:45 a.m.', ...). A time next to another time is the timetable's. The
# times are judged before any other page rule removes a line, and only times count as neighbours, so the
# cleaned text (stamps gone, timetables whole) is judged the same way.
@page_rule(
    "clock_stamp_v1",
    "A clock time alone ('6:42pm', '02:14') stamps a live blog's entry or a video; a timetable lists several in a row.",
)
def _clock_stamp(page: Page) -> list[int]:
    clocks = {
        i for i, line in enumerate(page.lines)
        if len(line) <= CLOCK_MAX_CHARS and (line[0].isdigit() or line[0] in _BULLETS)
        and i not in page.removed and _CLOCK.fullmatch(line)
    }
    return sorted(i for i in clocks if i - 1 not in clocks and i + 1 not in clocks)
