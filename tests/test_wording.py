"""Counts in messages, the card and figure titles: "1 cluster", "2 clusters"."""

from __future__ import annotations

import json

import pytest

from newsclusters.wording import byte_position, counted, json_message, listed


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


@pytest.mark.parametrize("text, expected", [('"ab', "Unterminated string"), ('"a\x01"', "Invalid control character"),
                                            ("", "Expecting value"), ("[1,]", "Expecting value")])
def test_a_json_message_ends_where_the_caller_says_where(text: str, expected: str) -> None:
    with pytest.raises(json.JSONDecodeError) as caught:
        json.loads(text)
    assert json_message(caught.value.msg) == expected


def test_a_bad_bytes_place_is_given_in_its_line_and_in_the_file() -> None:
    assert byte_position(b"\xff", 0) == "line 1, byte 1 of the line (offset 0 in the file)"
    assert byte_position(b"ab\ncd\n\nx\xe9", 8) == "line 4, byte 2 of the line (offset 8 in the file)"
