"""A log's day headings: the stamp rule's lines that the page shows to be the article's."""

from __future__ import annotations

import pytest

from newsclusters.pipeline.clean import Cleaner
from newsclusters.pipeline.rules import Page, get_rule
from newsclusters.pipeline.rules.entries import ENTRY_LINES_MAX, day_entry_headings, day_heading, entry_headings

LOG = [
    "The following calls were reported by the sheriff's office for the week of Oct. 1-7.",
    "Tuesday, Oct. 1",
    "7:14 a.m. — A caller on Ridge Road reported six cows in the roadway. The owner was contacted.",
    "Wednesday, Oct. 2",
    "11:52 p.m. — A resident of Mill Street reported hearing someone trying to open his back door.",
    "Thursday, Oct. 3",
    "9:30 a.m. — A 34-year-old Alder Creek man was arrested on a warrant for failure to appear in court.",
]


@pytest.mark.parametrize("line, place", [
    ("Aug. 1", 8 * 32 + 1), ("Tuesday, Oct. 1", 10 * 32 + 1), ("5th June", 6 * 32 + 5), ("Sat. Dec 31", 12 * 32 + 31),
    ("Aug. 1:", 8 * 32 + 1),
])
def test_a_day_alone_is_a_heading(line: str, place: int) -> None:
    stamp = day_heading(line)
    assert stamp is not None and stamp[1] == place


@pytest.mark.parametrize("line", ["Aug. 1, 2011", "Aug. 1 at 3:40 pm", "Tuesday", "Posted Aug. 1", "Aug. 1-7"])
def test_a_stamp_with_a_year_a_time_or_words_is_none(line: str) -> None:
    assert day_heading(line) is None


def test_the_cleaner_keeps_a_logs_days_and_keeps_them_again() -> None:
    cleaned = Cleaner().clean("\n".join(LOG))
    assert cleaned.text.splitlines() == LOG
    assert Cleaner().clean(cleaned.text).text == cleaned.text


def test_the_rule_alone_spares_the_same_days() -> None:
    rule = get_rule("timestamp_v7")
    assert list(rule.find(Page(tuple(LOG), tuple(range(len(LOG)))))) == []
    two = LOG[:5]  # two days are a range's ends: both go
    assert list(rule.find(Page(tuple(two), tuple(range(len(two)))))) == [1, 3]


def _stamps(lines: list[str]) -> dict[int, tuple[tuple[object, ...], int]]:
    return {i: stamp for i, line in enumerate(lines) if (stamp := day_heading(line)) is not None}


def test_days_too_far_apart_make_no_run() -> None:
    filler = ["A resident reported a bicycle stolen from a front porch on Elm Street."] * ENTRY_LINES_MAX
    lines = LOG[:3] + filler + LOG[3:]
    assert entry_headings(lines, _stamps(lines)) == []


def test_only_days_oldest_first_head_entries() -> None:
    items = ["* 7pm: Festival parade, from Memorial St to Earnslaw Park"] * 3
    oldest_first = ["Aug. 1", items[0], "Aug. 2", items[1], "Aug. 3", items[2]]
    assert entry_headings(oldest_first, _stamps(oldest_first)) == [0, 2, 4]
    # Newest first, or a day twice, is how teasers are dated (a headline, its summary, its date), whatever is under it.
    for days in (["Aug. 3", "Aug. 2", "Aug. 1"], ["Aug. 1", "Aug. 1", "Aug. 2"]):
        lines = [days[0], LOG[2], days[1], LOG[4], days[2], LOG[6]]
        assert entry_headings(lines, _stamps(lines)) == []


def test_a_headline_alone_is_no_entry() -> None:
    lines = ["Aug. 1", "Bus lanes", "Aug. 2", "Crash", "Aug. 3", "Robotics prize"]
    assert entry_headings(lines, _stamps(lines)) == []


def test_days_are_judged_among_the_kept_lines() -> None:
    matched = [1, 3, 5]
    # An advertisement a rule removed under a day is not there: the calls below it are the day's entry.
    with_ad = [*LOG[:2], "Advertisement", *LOG[2:]]
    assert day_entry_headings(with_ad, [1, 4, 6], removed={1, 2, 4, 6}) == [1, 4, 6]
    # A calendar the page rules removed leaves its days with no entries.
    assert day_entry_headings(LOG, matched, removed={1, 2, 3, 4, 5, 6}) == []
    assert day_entry_headings(LOG, matched, removed=set(matched)) == matched


def test_the_cleaner_leaves_a_removed_sidebars_days() -> None:
    sidebar = ["Community Calendar", "Tuesday, Aug. 6", "Farmers market, 4 p.m., Town Square",
               "Wednesday, Aug. 7", "Library book sale, 10 a.m.", "Thursday, Aug. 8", "Concert in the park, 7 p.m."]
    page = [*LOG[:1], *(LOG[2:3] * 4), *sidebar]
    cleaned = Cleaner().clean("\n".join(page))
    kept_days = [line for line in cleaned.text.splitlines() if day_heading(line)]
    calendar_kept = "Farmers market, 4 p.m., Town Square" in cleaned.text.splitlines()
    assert bool(kept_days) == calendar_kept  # the days go with their entries, or stay with them
    assert Cleaner().clean(cleaned.text).text == cleaned.text
