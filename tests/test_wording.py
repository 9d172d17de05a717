"""Counts in messages, the card and figure titles: "1 cluster", "2 clusters"."""

from __future__ import annotations

from newsclusters.wording import counted, listed


def test_counts_take_the_number_they_need() -> None:
    assert counted(1, "cluster") == "1 cluster"
    assert counted(0, "cluster") == "0 clusters"
    assert counted(12_345, "document") == "12,345 documents"
    assert counted(2, "match", "matches") == "2 matches"
    assert counted(1, "pair", bold=True) == "**1** pair"


def test_a_span_of_one_value_is_that_value() -> None:
    from newsclusters.wording import spanning

    assert spanning(2, 5) == "2 to 5" and spanning(5, 5) == "5" and spanning("2019-11-20", "2019-11-20") == "2019-11-20"


def test_a_long_list_shows_its_first_items_and_how_many_more() -> None:
    assert listed(["a", "b"], 2) == "a, b"
    assert listed(["a", "b", "c"], 2) == "a, b, ... (1 more)"
