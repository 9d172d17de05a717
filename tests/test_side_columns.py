"""A text browser's side column on the article's line: cut off as `side_column_v3`, and nothing else parted."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsclusters.errors import DateHeaderError
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
    # a side column's date after the paragraph, a site's name, a two-letter section
    (f"{SHORT_PARAGRAPH}      Fri Dec 28, 7:05 AM ET", SHORT_PARAGRAPH, ("Fri Dec 28, 7:05 AM ET",)),
    (f"{SHORT_PARAGRAPH}   Prescott Herald", SHORT_PARAGRAPH, ("Prescott Herald",)),
    (f"UK   {PARAGRAPH}", PARAGRAPH, ("UK",)),
    # an ellipsis ends a truncated link, not the article's sentence
    (f"View all issues...    {PARAGRAPH}", PARAGRAPH, ("View all issues...",)),
    # a menu run together, however long: a league's teams beside the game story
    (f"NHL Teams Avalanche Blackhawks Blue Jackets Blues Bruins Canadiens Canucks Capitals Coyotes Devils Ducks Flames Flyers    "
     f"{PARAGRAPH}", PARAGRAPH,
     ("NHL Teams Avalanche Blackhawks Blue Jackets Blues Bruins Canadiens Canucks Capitals Coyotes Devils Ducks Flames Flyers",)),
])
def test_a_side_columns_words_come_off_the_articles_line(line: str, main: str, side: tuple[str, ...]) -> None:
    assert side_columns(line) == (main, side)


@pytest.mark.parametrize("line", [
    # a data table: several gaps, no cell a paragraph
    "6     Ryan Blaney            2339         1      1      11     18",
    "Women                                                              47       36     8",
    # two spaces part sentences, not columns
    "resolution and incorporates LG's slim and narrow design.  The unit has",
    # a piece that is a sentence of its own, however short, beside a side column's teaser or the article's paragraph
    f"He declined to comment.      {PARAGRAPH}",
    f"What happened next?   {PARAGRAPH}",
    f"{PARAGRAPH}   \"We are ready.\"",
    f"No.   {PARAGRAPH}",
    f"Forgot password?      {SHORT_PARAGRAPH}",
    # a label run into its paragraph, before or after it
    "Posted by Jambo1874 on Apr 14 2010, 8:14AM:    Should have built a bus lane and been done with it.",
    f"{PARAGRAPH}    They include:",
    # a table a text browser prints without bars: a row's head, a list's marker, a drop cap
    f"1969   {PARAGRAPH}",
    f"Ward 3   {PARAGRAPH}",
    f"Q.   {PARAGRAPH}",
    f"(a)   {PARAGRAPH}",
    f"Step 1   {PARAGRAPH}",
    "T   he Senate voted to approve the budget after a long debate on Tuesday night in the chamber.",
    # a date or a time before the paragraph: a comment's signature, a live blog's or a timeline's stamp
    f"Posted by Sam on Apr 14 2010, 8:14AM   {PARAGRAPH}",
    f"10:42pm   {PARAGRAPH}",
    f"Fri Dec 28, 7:05 AM ET      {SHORT_PARAGRAPH}",
    # a sentence with a wide gap in it: the paragraph goes on in lower case
    "The council voted   to approve the budget on Tuesday after a long debate in the chamber.",
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


def test_a_date_header_stays_whole_for_the_header() -> None:
    cleaned = Cleaner().clean(f"date 2024-05-01   {PARAGRAPH}\n")
    assert (cleaned.date, cleaned.text) == ("2024-05-01", PARAGRAPH)
    with pytest.raises(DateHeaderError):
        Cleaner().clean(f"date 2024-13-45   {PARAGRAPH}\n")


def test_a_comment_thread_printed_in_columns_keeps_its_signatures() -> None:
    # The signatures the comment rules read stay on the comments' lines: the thread goes as it went before.
    article = "\n".join([PARAGRAPH, SHORT_PARAGRAPH, PARAGRAPH.replace("Politicians", "Doctors")])
    thread = "\n".join(f"Posted by {name} on Apr 14 2010, {time}   {text}" for name, time, text in [
        ("Sam", "8:14AM", "Should have built a bus lane and been done with it, if you ask me, years ago."),
        ("Jo", "9:02AM", "Scrap it now before they waste another penny of our money on the whole thing."),
        ("Al", "10:31AM", "Glasgow taxpayers are paying for this too, and nobody asked any of us about it."),
    ])
    cleaned = Cleaner().clean(f"{article}\n\n{thread}\n")
    assert cleaned.text == article
    assert SIDE_COLUMN_RULE not in {r.rule for r in cleaned.removed}


def test_the_count_pass_keys_the_line_the_cleaner_judges() -> None:
    # A paragraph a site prints on every page is counted as such whatever its side column holds on each page.
    keys = line_keys(f"Crossword        {SHORT_PARAGRAPH}\nHoroscopes          {SHORT_PARAGRAPH}\n")
    assert keys == {low_line_key(SHORT_PARAGRAPH.lower())}
