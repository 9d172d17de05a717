"""Chrome glued onto a paragraph's edges: cut off only where a rule takes the piece, and nothing else moves."""

from __future__ import annotations

from newsclusters.pipeline.clean import Cleaner
from newsclusters.pipeline.glued import BODY_MIN_WORDS, GLUED_MIN_CHARS, HEAD_MAX_CHARS, glued_pieces

BODY = (
    "Guy Hands will this week pledge to invest tens of millions of pounds recruiting new talent scouts and managing "
    "EMI's existing acts, as the private equity owner of the music group tries to win over artists unsettled by a "
    "wave of job cuts. The plan, to be set out to staff on Tuesday, follows weeks of talks with managers of the "
    "label's biggest names."
)
HEADLINE = "EMI managers will have to sing for their supper"
BYLINE = "By Juliette Garside and Helen Power"
STAMP = "Last Updated: 12:59am GMT 13/01/2008"
NOTICE = "Copyright 2008 The Associated Press. All rights reserved."


def judged_by(chrome: set[str]):
    """A judge that takes exactly these pieces (as a line rule would take them on lines of their own)."""
    return lambda lines: [line.strip("| ") in chrome for line in lines]


NOTHING = judged_by(set())


def test_a_headline_byline_and_stamp_run_into_the_first_paragraph_come_apart() -> None:
    line = f"{HEADLINE} {BYLINE} {STAMP} {BODY}"
    pieces = glued_pieces(line, judged_by({BYLINE, STAMP}), NOTHING)
    assert pieces == [HEADLINE, BYLINE, STAMP, BODY]
    assert " ".join(pieces) == line  # white space only: the pieces are the line


def test_a_table_cell_gives_one_cell_rows_and_keeps_a_bar_printed_in_it() -> None:
    body = BODY + " Tickets \\|"
    pieces = glued_pieces(f"| | {BYLINE} {STAMP} {body} |", judged_by({BYLINE, STAMP}), NOTHING)
    assert pieces == [f"| {BYLINE} |", f"| {STAMP} |", f"| {body} |"]


def test_nothing_is_cut_unless_a_rule_takes_the_piece() -> None:
    line = f"{HEADLINE} {BYLINE} {STAMP} {BODY}"
    assert glued_pieces(line, NOTHING, NOTHING) == []
    assert glued_pieces(line, judged_by({STAMP}), NOTHING) == []  # two pieces before the chrome: not a headline's
    assert glued_pieces(f"{BYLINE} {STAMP} {BODY}", judged_by({BYLINE, STAMP}), NOTHING) == [BYLINE, STAMP, BODY]
    assert glued_pieces(f"{BYLINE} {BODY}", judged_by({BYLINE}), NOTHING) == []  # where the byline ends is not known


def test_a_line_a_rule_takes_whole_is_not_cut() -> None:
    line = f"{BYLINE} {STAMP} {BODY}"
    assert glued_pieces(line, judged_by({BYLINE, STAMP}), lambda lines: [True] * len(lines)) == []


def test_short_lines_and_short_rests_stay_whole() -> None:
    short = f"{BYLINE} " + "word " * (BODY_MIN_WORDS + 2)
    assert len(short) < GLUED_MIN_CHARS and glued_pieces(short, judged_by({BYLINE}), NOTHING) == []
    scrap = f"{BYLINE} {STAMP} " + "x" * GLUED_MIN_CHARS + " Two words."
    assert glued_pieces(scrap, judged_by({BYLINE, STAMP}), NOTHING) == []  # what is left would be a scrap


def test_a_date_in_the_article_prose_is_no_stamp() -> None:
    line = f"The council met on Monday, January 7, 2008 Officials said the plan would pass. {BODY}"
    stamp_taken = judged_by({"Monday, January 7, 2008"})
    assert glued_pieces(line, stamp_taken, NOTHING) == []  # after 'on': the article's date
    assert glued_pieces(f"Council plan approved Monday, January 7, 2008 {BODY}", stamp_taken, NOTHING) == [
        "Council plan approved", "Monday, January 7, 2008", BODY]


def test_the_article_starts_at_a_capital() -> None:
    line = f"{BYLINE} {STAMP} rolled out three concept cars. {BODY}"
    assert glued_pieces(line, judged_by({BYLINE, STAMP}), NOTHING) == [BYLINE, f"{STAMP} rolled out three concept cars. {BODY}"]


def test_a_short_capitalised_word_stop_is_no_sentence_end() -> None:
    line = f"By Heather Smith Jan. 11 (Bloomberg) -- {BODY}"
    assert glued_pieces(line, judged_by({"By Heather Smith Jan."}), NOTHING) == []


def test_a_head_is_read_again_after_its_chrome_as_a_second_cleaning_would() -> None:
    line = f"Music players launched By SanDisk By David Richards Monday 07/01/2008 {BODY}"
    chrome = judged_by({"By SanDisk", "Monday 07/01/2008"})
    assert glued_pieces(line, chrome, NOTHING) == [
        "Music players launched", "By SanDisk", "By David Richards", "Monday 07/01/2008", BODY]
    far = "Then " + "word " * ((HEAD_MAX_CHARS - len(BYLINE) - len(STAMP)) // 5)
    chrome = judged_by({BYLINE, STAMP, far.strip()})
    assert glued_pieces(f"{BYLINE} {STAMP} {far}{STAMP} {BODY}", chrome, NOTHING) == [
        BYLINE, STAMP, f"{far}{STAMP} {BODY}"]  # a stamp past the head's reach is the article's
    near = far[:len(far) // 2]
    assert glued_pieces(f"{BYLINE} {STAMP} {near}{STAMP} {BODY}", judged_by({BYLINE, STAMP}), NOTHING) == [
        BYLINE, STAMP, near.strip(), STAMP, BODY]


def test_the_tail_is_cut_a_piece_at_a_time_the_last_first() -> None:
    line = f"{BODY} {NOTICE} Back to headlines"
    assert glued_pieces(line, judged_by({NOTICE, "Back to headlines"}), NOTHING) == [
        BODY, NOTICE, "Back to headlines"]
    assert glued_pieces(line, judged_by({NOTICE}), NOTHING) == []  # the last piece is the article's: stop there
    assert glued_pieces(line, judged_by({f"{NOTICE} Back to headlines"}), NOTHING) == [
        BODY, f"{NOTICE} Back to headlines"]  # a notice of three sentences at most


def test_a_notice_run_onto_the_last_sentence_without_its_stop_is_cut_there() -> None:
    line = f"{BODY[:-1]} near Ventura {NOTICE}"
    assert glued_pieces(line, judged_by({NOTICE}), NOTHING) == [f"{BODY[:-1]} near Ventura", NOTICE]


def test_the_cleaner_removes_the_pieces_by_their_rules_and_writes_the_rest_as_the_line() -> None:
    cleaned = Cleaner().clean(f"| | {HEADLINE} {BYLINE} {STAMP} {BODY} {NOTICE} |")
    rules = {removal.text: removal.rule for removal in cleaned.removed}
    assert rules[f"| {BYLINE} |"] == "byline_v5" and rules[f"| {STAMP} |"] == "timestamp_v5"
    assert rules[f"| {NOTICE} |"] == "copyright_v8"
    assert cleaned.text.endswith(f"{BODY} |") and BYLINE not in cleaned.text and STAMP not in cleaned.text
    assert cleaned.kept == (1,)
    again = Cleaner().clean(cleaned.text)
    assert again.text == cleaned.text


def test_a_cell_of_a_long_row_is_cut_and_its_pieces_stay_one_cell() -> None:
    row = f"| Local Teams | {BYLINE} {STAMP} {BODY} |"
    cleaned = Cleaner().clean(row)
    assert f"| {BODY} |" in cleaned.text and f"{BODY} |" == cleaned.text.split("| ")[-1]
    assert {r.rule for r in cleaned.removed} >= {"byline_v5", "timestamp_v5"}
