"""A text browser's side column on the article's line: cut off as `side_column_v1`, and nothing else parted."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsclusters.pipeline.clean import SIDE_COLUMN_RULE, TRANSFORMS, Cleaner
from newsclusters.pipeline.rules import line_keys, low_line_key, side_columns
from newsclusters.pipeline.rules.columns import SIDE_MAX_WORDS
from newsclusters.pipeline.rules.shapes import normalise_line

PARAGRAPH = ("Politicians and campaign groups say that fertility patients should be encouraged to donate spare "
             "embryos to childless couples.")
SHORT_PARAGRAPH = "Hill bought three of the players as Christmas presents for his children."  # 13 words, a stop


@pytest.mark.parametrize(("line", "main", "side"), [
    # a menu's item in the left column (the raw line's indentation and gap as a text browser prints them)
    (f"                  Horoscopes                      {PARAGRAPH}", PARAGRAPH, ("Horoscopes",)),
    # a box's link in the right column
    (f"{SHORT_PARAGRAPH}                    Top Classifieds", SHORT_PARAGRAPH, ("Top Classifieds",)),
    # a teaser list's numbered title, ten words
    (f"1. Web site lets CEOs rate VCs and more besides   {PARAGRAPH}", PARAGRAPH,
     ("1. Web site lets CEOs rate VCs and more besides",)),
    # columns on both sides of the article's
    (f"Have Your Say     {PARAGRAPH}     Trauma and mistakes", PARAGRAPH, ("Have Your Say", "Trauma and mistakes")),
    # a date, a question and a site's name: none is a sentence closed by a full stop
    (f"Fri Dec 28, 7:05 AM ET      {SHORT_PARAGRAPH}", SHORT_PARAGRAPH, ("Fri Dec 28, 7:05 AM ET",)),
    (f"Forgot password?      {SHORT_PARAGRAPH}", SHORT_PARAGRAPH, ("Forgot password?",)),
    (f"{SHORT_PARAGRAPH}   Prescott Herald", SHORT_PARAGRAPH, ("Prescott Herald",)),
    # an ellipsis ends a truncated link, not the article's sentence
    (f"View all issues...    {PARAGRAPH}", PARAGRAPH, ("View all issues...",)),
    # a column's heading after the paragraph may end in a colon: it labels nothing of the paragraph's
    (f"{SHORT_PARAGRAPH}     Features:", SHORT_PARAGRAPH, ("Features:",)),
])
def test_a_side_columns_words_come_off_the_articles_line(line: str, main: str, side: tuple[str, ...]) -> None:
    assert side_columns(line) == (main, side)


@pytest.mark.parametrize("line", [
    # a data table: several gaps, no cell a paragraph
    "6     Ryan Blaney            2339         1      1      11     18",
    "Women                                                              47       36     8",
    # two spaces part sentences, not columns
    "resolution and incorporates LG's slim and narrow design.  The unit has",
    # the short piece reads as the article's own sentence, beside a side column's teaser
    f"He declined to comment.      {PARAGRAPH}",
    # a label run into its paragraph: a comment's signature, which the comment rules read
    "Posted by Jambo1874 on Apr 14 2010, 8:14AM:    Should have built a bus lane and been done with it.",
    # the side piece is longer than a column's link
    f"One two three four five six seven eight nine ten eleven    {PARAGRAPH}",
    # of three columns, the paragraph is not the middle one (a table's last cell: '... 2 tackles, 1 assist.')
    f"DL   Sheldon Richardson   {PARAGRAPH}",
    # two paragraphs side by side: nothing tells which is the article's
    f"{PARAGRAPH}      {SHORT_PARAGRAPH}",
    # a table layout's row: its cells are judged one by one
    f"| Horoscopes |      {PARAGRAPH} |",
    # four columns
    f"News     Sport     {PARAGRAPH}     Weather",
    # a gap only before or after the text (indentation, padding)
    f"                    {PARAGRAPH}                    ",
    "Horoscopes                ",
])
def test_other_lines_stay_whole(line: str) -> None:
    assert side_columns(line) == (line, ())


def test_the_side_pieces_limit_is_inclusive() -> None:
    ten = " ".join(["word"] * SIDE_MAX_WORDS)
    assert side_columns(f"{ten}    {PARAGRAPH}") == (PARAGRAPH, (ten,))
    assert side_columns(f"{ten} more    {PARAGRAPH}")[1] == ()


_WORDS = st.sampled_from(["Horoscopes", "News", "the", "council", "said", "it", "would", "vote.", "Top", "3.",
                          "embryos", "?", "-----", "|", "GMT", "donate", "couples,", "and", "to", "on", "Friday."])
_GAPS = st.sampled_from([" ", "  ", "   ", "      ", "\t", "    "])


@given(st.lists(st.tuples(_WORDS, _GAPS), max_size=40))
def test_parting_loses_and_invents_no_word(parts: list[tuple[str, str]]) -> None:
    line = "".join(word + gap for word, gap in parts)
    main, side = side_columns(line)
    if not side:
        assert main == line
        return
    assert sorted(" ".join((main, *side)).split()) == sorted(line.split())
    assert all(piece == normalise_line(piece) and piece for piece in (main, *side))


def test_the_cleaner_lists_the_cut_and_keeps_the_paragraph() -> None:
    raw = f"Horoscopes                      {PARAGRAPH}\n\n{SHORT_PARAGRAPH}       Top Classifieds\n"
    cleaned = Cleaner().clean(raw)
    assert cleaned.text == f"{PARAGRAPH}\n{SHORT_PARAGRAPH}"
    assert [(r.line, r.text, r.rule) for r in cleaned.removed] == [
        (1, "Horoscopes", SIDE_COLUMN_RULE), (3, "Top Classifieds", SIDE_COLUMN_RULE)]
    assert SIDE_COLUMN_RULE in TRANSFORMS and SIDE_COLUMN_RULE in Cleaner().reasons
    again = Cleaner().clean(cleaned.text)
    assert again.text == cleaned.text and not again.removed


def test_the_count_pass_keys_the_line_the_cleaner_judges() -> None:
    # A paragraph a site prints on every page is counted as such whatever its side column holds on each page.
    keys = line_keys(f"Crossword        {SHORT_PARAGRAPH}\nHoroscopes          {SHORT_PARAGRAPH}\n")
    assert keys == {low_line_key(SHORT_PARAGRAPH.lower())}
