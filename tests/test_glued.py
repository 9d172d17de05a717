"""Chrome glued onto a paragraph's edges: cut off only where a rule takes the piece, and nothing else moves."""

from __future__ import annotations

import pytest

from newsclusters.pipeline.clean import Cleaner
from newsclusters.pipeline.glued import (
    BODY_MIN_WORDS, GLUED_MIN_CHARS, HEAD_KINDS, HEAD_MAX_CHARS, TAIL_KINDS, TAIL_MAX_CHARS, glued_pieces,
)
from newsclusters.pipeline.rules import RULES
from newsclusters.pipeline.rules.shapes import REPEAT_MAX_LEN

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


def judged_by(chrome: set[str] | dict[str, str]):
    """A judge that takes exactly these pieces (as a line rule would take them on lines of their own), by the rule a
    dict names or, for a set, a byline's rule at the head and a copyright notice's at the tail (both kinds allowed)."""
    rules = chrome if isinstance(chrome, dict) else {piece: "byline_v1" for piece in chrome}
    return lambda lines: [rules.get(line.strip("| ")) for line in lines]


def tail_judged_by(chrome: set[str]):
    return judged_by({piece: "copyright_v1" for piece in chrome})


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
    assert glued_pieces(line, judged_by({BYLINE, STAMP}), lambda lines: ["copyright_v1"] * len(lines)) == []


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
    assert glued_pieces(line, tail_judged_by({NOTICE, "Back to headlines"}), NOTHING) == [
        BODY, NOTICE, "Back to headlines"]
    assert glued_pieces(line, tail_judged_by({NOTICE}), NOTHING) == []  # the last piece is the article's: stop there
    assert glued_pieces(line, tail_judged_by({f"{NOTICE} Back to headlines"}), NOTHING) == [
        BODY, f"{NOTICE} Back to headlines"]  # a notice of three sentences at most, its last a few words


def test_a_notice_run_onto_the_last_sentence_without_its_stop_is_cut_there() -> None:
    line = f"{BODY[:-1]} near Ventura {NOTICE}"
    assert glued_pieces(line, tail_judged_by({NOTICE}), NOTHING) == [f"{BODY[:-1]} near Ventura", NOTICE]


def test_the_cleaner_removes_the_pieces_by_their_rules_and_writes_the_rest_as_the_line() -> None:
    cleaned = Cleaner().clean(f"| | {HEADLINE} {BYLINE} {STAMP} {BODY} {NOTICE} |")
    rules = {removal.text: removal.rule for removal in cleaned.removed}
    assert rules[f"| {BYLINE} |"] == "byline_v5" and rules[f"| {STAMP} |"] == "timestamp_v7"
    assert rules[f"| {NOTICE} |"] == "copyright_v10"
    assert cleaned.text.endswith(f"{BODY} |") and BYLINE not in cleaned.text and STAMP not in cleaned.text
    assert cleaned.kept == (1,)
    again = Cleaner().clean(cleaned.text)
    assert again.text == cleaned.text


def test_a_cell_of_a_long_row_is_cut_and_its_pieces_stay_one_cell() -> None:
    row = f"| Local Teams | {BYLINE} {STAMP} {BODY} |"
    cleaned = Cleaner().clean(row)
    assert f"| {BODY} |" in cleaned.text and f"{BODY} |" == cleaned.text.split("| ")[-1]
    assert {r.rule for r in cleaned.removed} >= {"byline_v5", "timestamp_v7"}


def stamp_taken(stamp: str):
    return judged_by({stamp: "timestamp_v1"})


@pytest.mark.parametrize("stamp", [
    "47 minutes ago", "1 hour, 32 minutes ago", "Last Updated: 12:59am GMT 13/01/2008", "Posted on: Jan 8, 2008",
    "POSTED: 11:54 pm EST January 9, 2008", "Sun, 13 Jan 2008 10:15a.m.", "Wednesday, January 09, 2008",
    "Sept. 3, 2008", "Thurs., Jan. 10, 2008", "2008-01-13", "2007/12", "13.01.2008", "1/14/08 11:15 AM ET",
    "Jan 8, 2008 at 12:30 PM", "18:48:47 GMT 8 January 2008", "29th December, 2007", "30 December 2007 9:00 GMT -",
])
def test_a_stamp_of_every_shape_parts_a_headline_from_the_article(stamp: str) -> None:
    assert glued_pieces(f"Council plan approved {stamp} {BODY}", stamp_taken(stamp), NOTHING) == [
        "Council plan approved", stamp, BODY]


@pytest.mark.parametrize("line", [
    f"Rating: 8.5/10 {BODY}",  # a score, not a date
    f"Profits for the quarter ended Dec. 31, 2007. {BODY}",  # a date that ends a sentence
    f"By Election Day, Nov. 4, 2008, {BODY}",  # ... or a clause
    f"The rules take effect Jan. 1, 2009 (subject to approval). {BODY}",
    f"LONDON, Jan 8, 2008 {BODY}",  # a dateline's city is no headline
    f"On this day: Dec. 7, 1941 {BODY}",
    f"Jan. 8, 2008 Obama wins Iowa. Jan. 9, 2008 {BODY}",  # a chronology
    f"Film review 8.5/10 {BODY}",
    f"Code X12/01/2008 {BODY}",  # no stamp inside a word
    f"March 3, 1962 - Aug. 4, 2008 {BODY}",  # a life's span
    f"Jan. 8, 2008 Iowa Jan. 9, 2008 Wyoming Jan. 10, 2008 {BODY}",  # a list of dated items
])
def test_a_date_of_the_article_is_no_stamp(line: str) -> None:
    dates = ["8.5/10", "12/01/2008", "X12/01/2008", "Code X", "Code", "Dec. 31, 2007", "Nov. 4, 2008", "Jan. 1, 2009", "Jan 8, 2008", "Dec. 7, 1941", "Jan. 8, 2008",
             "Jan. 9, 2008", "Jan. 10, 2008", "March 3, 1962", "March 3, 1962 -", "Aug. 4, 2008"]
    assert glued_pieces(line, judged_by({date: "timestamp_v1" for date in dates}), NOTHING) == []


def test_only_a_byline_stamp_or_tool_rule_takes_a_head_piece_and_only_a_closing_rule_a_tail_piece() -> None:
    assert {"byline", "timestamp", "stamp_line", "share_social", "page_tools"} == HEAD_KINDS
    assert {"copyright", "share_social", "page_tools", "comment_form", "contributor_credit", "site_terms",
            "post_navigation", "timestamp"} == TAIL_KINDS
    stems = {name.rsplit("_v", 1)[0] for name in RULES}
    assert HEAD_KINDS | TAIL_KINDS <= stems  # a renamed rule must not turn a kind off unseen
    line = f"{HEADLINE} {BYLINE} {STAMP} {BODY}"
    assert glued_pieces(line, judged_by({BYLINE: "widget_error_v1", STAMP: "timestamp_v1"}), NOTHING) == []
    tail = f"{BODY} Something went wrong"
    assert glued_pieces(tail, judged_by({"Something went wrong": "widget_error_v1"}), NOTHING) == []
    assert glued_pieces(tail, judged_by({"Something went wrong": "page_tools_v1"}), NOTHING) == [
        BODY, "Something went wrong"]


def test_a_tail_piece_of_several_sentences_is_chrome_in_each() -> None:
    said = "The man is described as white, about six feet tall."
    line = f"{BODY} Contact the office at 555-0100. {said}"
    opening = judged_by({f"Contact the office at 555-0100. {said}": "contributor_credit_v1"})
    assert glued_pieces(line, opening, NOTHING) == []  # its second sentence is the article's
    assert glued_pieces(line, opening, judged_by({said: "contributor_credit_v1"})) == [
        BODY, f"Contact the office at 555-0100. {said}"]


def test_a_notice_is_a_name_and_a_year_or_its_rights_and_a_stamp_no_sentence() -> None:
    filings = "Copyright 2008 filings at the federal court in Manhattan are up 30 percent."
    assert glued_pieces(f"{BODY} {filings}", tail_judged_by({filings}), NOTHING) == []
    network = "Copyright 2008 Courtesy of The Sports Network."
    assert glued_pieces(f"{BODY} {network}", tail_judged_by({network}), NOTHING) == [BODY, network]
    longer = "Copyright 2008 Courtesy of The Sports Network Inc."
    assert glued_pieces(f"{BODY} {longer}", tail_judged_by({longer}), NOTHING) == []
    rights = "Copyright 2008 The Example Publishing Company of Greater Springfield. All rights reserved."
    assert glued_pieces(f"{BODY} {rights}", tail_judged_by({rights}), NOTHING) == [BODY, rights]
    assert glued_pieces(f"{BODY} 10 a.m. Saturday.", judged_by({"10 a.m. Saturday.": "timestamp_v1"}), NOTHING) == []
    wire = "01/09 18:48:47 ET"
    assert glued_pieces(f"{BODY} {wire}", judged_by({wire: "timestamp_v1"}), NOTHING) == [BODY, wire]


@pytest.mark.parametrize(("run_on", "cut"), [
    ("near Ventura COPYRIGHT 2008 AP", True), ("near Ventura (c) 2008 AP", True), ("near Ventura ©2008 AP", True),
    ("and the box still reads © 2008 Acme Toys, even though the company was sold last year", False),
])
def test_a_notice_runs_on_only_to_the_end(run_on: str, cut: bool) -> None:
    notice = run_on.split(" ", 2)[2] if run_on.startswith("near") else "© 2008 Acme Toys, even though the company was sold last year"
    line = f"{BODY[:-1]} {run_on}"
    expected = [line[:-len(notice)].rstrip(), notice] if cut else []
    assert glued_pieces(line, tail_judged_by({notice}), NOTHING) == expected


def test_the_tail_reaches_back_so_far_and_so_many_sentences_a_piece() -> None:
    back = "Back to headlines."
    many = f"{BODY} " + " ".join([back] * 40)
    pieces = glued_pieces(many, tail_judged_by({back}), NOTHING)
    assert pieces[1:] == [back] * (len(pieces) - 1) and 0 < sum(len(p) + 1 for p in pieces[1:]) <= TAIL_MAX_CHARS
    four = "Copyright 2008 AP. All rights reserved. Do not copy. Ever."
    assert glued_pieces(f"{BODY} {four}", tail_judged_by({four}), NOTHING) == []  # three sentences a piece at most
    three = "Copyright 2008 AP. All rights reserved. Do not copy."
    assert glued_pieces(f"{BODY} {three}", tail_judged_by({three}), NOTHING) == [BODY, three]


def test_the_rest_is_a_paragraph_of_so_many_words_and_the_line_so_long() -> None:
    assert GLUED_MIN_CHARS > REPEAT_MAX_LEN  # a line the repetition rules judge is never cut apart
    back = "Back to headlines"
    assert glued_pieces(f"{'X' * GLUED_MIN_CHARS} and more. {back}", tail_judged_by({back}), NOTHING) == []
    words = " ".join(["word"] * (BODY_MIN_WORDS - 1))
    filler = "X" * GLUED_MIN_CHARS
    assert glued_pieces(f"{BYLINE} {STAMP} {filler} {words}", judged_by({BYLINE, STAMP}), NOTHING) == [
        BYLINE, STAMP, f"{filler} {words}"]  # twelve words
    assert glued_pieces(f"{BYLINE} {STAMP} {filler} {words[:-5]}", judged_by({BYLINE, STAMP}), NOTHING) == []
    prefix = f"{BYLINE} {STAMP} Guy "
    short = prefix + ("word " * 100)[:GLUED_MIN_CHARS - 2 - len(prefix)] + "s"
    assert len(short) == GLUED_MIN_CHARS - 1 and glued_pieces(short, judged_by({BYLINE, STAMP}), NOTHING) == []
    assert glued_pieces(short + "s", judged_by({BYLINE, STAMP}), NOTHING) != []


def test_sentence_ends_quotes_ellipses_and_capitals() -> None:
    quoted = 'He said "we are done."'
    assert glued_pieces(f"{BODY} {quoted} {NOTICE}", tail_judged_by({NOTICE}), NOTHING)[-1] == NOTICE
    assert glued_pieces(f"{BODY} And then… {NOTICE}", tail_judged_by({NOTICE}), NOTHING)[-1] == NOTICE
    back = "Back to headlines"
    for before in ('He said "we are done."', "And then…", "Done?"):
        assert glued_pieces(f"{BODY} {before} {back}", tail_judged_by({back}), NOTHING)[-1] == back, before
    assert glued_pieces(f"{BODY} Near Ventura©2008 AP", tail_judged_by({"©2008 AP"}), NOTHING) == []
    assert glued_pieces(f"{BODY} Ask Mr. Smith Copyright", tail_judged_by({"Smith Copyright"}), NOTHING) == []
    for opening in ("“Guy Hands", "2008 was"):
        rest = BODY.replace("Guy Hands", opening, 1)
        assert glued_pieces(f"{BYLINE} {STAMP} {rest}", judged_by({BYLINE, STAMP}), NOTHING)[-1] == rest


def test_by_opens_a_byline_before_a_capital_only() -> None:
    line = f"Council plan By the council {STAMP} {BODY}"
    taken = judged_by({"By the council": "byline_v1", STAMP: "timestamp_v1"})
    assert glued_pieces(line, taken, NOTHING) == ["Council plan By the council", STAMP, BODY]


def test_an_upper_case_byline_with_no_stamp_is_found() -> None:
    byline = "BY JOHN SMITH."
    assert glued_pieces(f"{byline} {BODY}", judged_by({byline}), NOTHING) == [byline, BODY]
    assert glued_pieces(f"{HEADLINE}BY JOHN SMITH. {BODY}", judged_by({byline}), NOTHING) == []  # not at a word's start


def test_a_row_is_judged_as_the_cleaner_will_see_its_pieces() -> None:
    def row_only(lines: list[str]) -> list[str | None]:
        return ["byline_v1" if line in (f"| {BYLINE} |", f"| {STAMP} |") else None for line in lines]
    assert glued_pieces(f"| {BYLINE} {STAMP} {BODY} |", row_only, NOTHING) == [
        f"| {BYLINE} |", f"| {STAMP} |", f"| {BODY} |"]
    assert glued_pieces(f"| {BYLINE} {STAMP} {BODY}", row_only, NOTHING) == []  # no closing border: not a row


def test_a_rule_found_anywhere_is_not_a_piece_and_the_two_verdicts_do_not_share_a_memo() -> None:
    cleaner = Cleaner()
    contact = "John Harris can be reached at jharris@example.com or 412-481-5432."
    assert cleaner._opening_rule([contact]) == [None]
    assert cleaner._removing_rule([contact]) == ["author_contact_v1"]
    assert cleaner._opening_rule([contact]) == [None]


def test_kept_pieces_go_back_into_their_row_or_cell_and_a_paragraph_is_not_cut() -> None:
    only_lines = Cleaner([rule for rule in RULES.values() if rule.is_line_rule])
    paragraph = f"{HEADLINE} {BYLINE} {STAMP} {BODY}"
    assert only_lines.clean(paragraph).text == paragraph  # not a table layout's: judged whole
    assert only_lines.clean(f"| {HEADLINE} {BYLINE} {STAMP} {BODY} |").text == f"| {HEADLINE} {BODY} |"
    row = f"| Local Teams | {HEADLINE} {BYLINE} {STAMP} {BODY} |"
    assert only_lines.clean(row).text == f"| Local Teams | {HEADLINE} {BODY} |"


@pytest.mark.parametrize(("head", "cut"), [
    ("Saturday, March 8, 2008 7:30 p.m.", False),  # an event's date and time
    ("Nov. 4, 2008", False),  # a timeline's entry
    ("Starting Jan. 1, 2009", False),  # a word leading into a date is no headline
    ("Posted: Jan 8, 2008", True), ("Monday January 7 2008 09:43 IST", True), ("47 minutes ago", True),
    ("Bush signs bill Jan. 8, 2008", True),
])
def test_a_date_alone_before_the_text_is_the_pages_only_when_it_says_so(head: str, cut: bool) -> None:
    stamp = head.removeprefix("Starting ").removeprefix("Bush signs bill ")
    pieces = glued_pieces(f"{head} {BODY}", stamp_taken(stamp), NOTHING)
    assert (pieces[-1] == BODY) if cut else pieces == []


def test_a_clock_is_no_sentence_end_and_a_sentence_no_stamp() -> None:
    date = "Saturday, Jan. 12, 2008"
    assert glued_pieces(f"{BODY[:-1]} at 10 a.m. {date}", stamp_taken(date), NOTHING) == []
    taken = judged_by({f"{date}.": "timestamp_v1", BYLINE: "byline_v1"})
    assert glued_pieces(f"{BYLINE} Services at 10 a.m. {date}. {BODY}", taken, NOTHING) == []


def test_a_stamp_closing_a_paragraph_says_it_is_the_pages() -> None:
    for event in ("10 a.m. Saturday", "Saturday, Jan. 12"):
        assert glued_pieces(f"{BODY} {event}", stamp_taken(event), NOTHING) == [], event
    for page in ("01/09 18:48:47 ET", "[Published: 8-Jan-2008]", "Updated 47 minutes ago"):
        assert glued_pieces(f"{BODY} {page}", stamp_taken(page), NOTHING) == [BODY, page], page


def test_a_buttons_label_closing_a_paragraph_has_no_stop() -> None:
    assert glued_pieces(f"{BODY} Home.", judged_by({"Home.": "share_social_v1"}), NOTHING) == []
    assert glued_pieces(f"{BODY} Comments?", judged_by({"Comments?": "share_social_v1"}), NOTHING) == []
    back = "Back to headlines"
    assert glued_pieces(f"{BODY} {back}", judged_by({back: "share_social_v1"}), NOTHING) == [BODY, back]
