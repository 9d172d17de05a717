"""The cleaner against the hand-labelled gold, and its promises: white space only, every line accounted for."""

from __future__ import annotations

import json

import pytest

from newsclusters.errors import DateHeaderError, RawInputError
from newsclusters.pipeline.clean import Cleaner, decode_raw, normalise_line
from newsclusters.pipeline.rules.shapes import is_glued_menu

from conftest import SEED_CLUSTER


def clean_seed(doc_id: str):
    path = SEED_CLUSTER / f"{doc_id}.txt"
    return Cleaner().clean(decode_raw(path.read_bytes(), str(path)))


def test_reproduces_gold_exactly(gold: list[dict]) -> None:
    assert len(gold) == 5
    for record in gold:
        cleaned = clean_seed(record["id"])
        assert (cleaned.title, cleaned.date, cleaned.text) == (record["title"], record["date"], record["text"]), record["id"]


def test_removes_exactly_the_lines_gold_labels_as_not_content(gold: list[dict]) -> None:
    for record in gold:
        expected = {line["line"] for line in record["lines"] if line["label"] != "content"}
        removed = {r.line for r in clean_seed(record["id"]).removed if r.rule != "date_header_v1"}
        assert removed == expected, record["id"]


def test_every_raw_line_is_kept_or_listed_as_removed(gold: list[dict]) -> None:
    for record in gold:
        cleaned = clean_seed(record["id"])
        raw = (SEED_CLUSTER / f"{record['id']}.txt").read_text(encoding="utf-8")
        kept = cleaned.text.split("\n")
        listed = {r.text for r in cleaned.removed}
        for line in raw.split("\n"):
            norm = normalise_line(line)
            if norm.startswith("date "):
                norm = norm.split(" ", 2)[2] if norm.count(" ") >= 2 else ""
            assert not norm or norm in kept or norm in listed, (record["id"], line)


_STRIKE = "\n\n".join([
    "Workers Walk Out At The Port",
    "The strike began on Monday when dock workers left their posts after talks on pay broke down on Sunday.",
    "The port authority said ships would be diverted to other harbours until the dispute was settled.",
])


def test_a_title_from_the_metadata_is_the_only_line_the_headline_rule_takes() -> None:
    """A corpus that gives each article's title: a line printing it is the title, not body text; another
    headline-shaped line is not moved to a title it would not be (the record keeps the corpus's)."""
    headline = "headline_to_title_v16"
    assert Cleaner().clean(_STRIKE).title == "Workers Walk Out At The Port"
    other = Cleaner().clean(_STRIKE, title="Dock strike closes the port")
    assert other.title is None and headline not in {r.rule for r in other.removed}
    printed = Cleaner().clean(_STRIKE, title="workers walk out at  the port")  # however cased and spaced
    assert printed.title == "Workers Walk Out At The Port" and [r.rule for r in printed.removed] == [headline]
    asked = _STRIKE.replace("Workers Walk Out At The Port", "Will The Port Reopen?")  # a shape the rule refuses alone
    assert Cleaner().clean(asked).title is None
    assert Cleaner().clean(asked, title="Will the port reopen?").title == "Will The Port Reopen?"


def test_a_blank_metadata_title_is_no_title(tmp_path) -> None:
    """A corpus's empty title says nothing: the headline is found as without one, in a build and in `clean`."""
    from newsclusters.cli import main

    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": i, "text": _STRIKE, "title": t}) + "\n"
                              for i, t in (("none", None), ("empty", ""), ("blank", "   "))), "utf-8")
    assert main(["clean", "--jsonl", str(source), "--out", str(tmp_path / "out.jsonl")]) == 0
    titles = {r["id"]: r["title"] for r in map(json.loads, (tmp_path / "out.jsonl").read_text("utf-8").splitlines())}
    assert set(titles.values()) == {"Workers Walk Out At The Port"}
    # ... and in a build's record, the same.
    from newsclusters.executor.units import document_record
    from newsclusters.pipeline.clean import metadata_title
    from newsclusters.pipeline.raw import RawDocument

    for given in (None, "", "   "):
        raw = RawDocument("d", "in.jsonl:1", "in.jsonl:1", _STRIKE.encode(), {"title": given} if given is not None else {})
        record = document_record("c", raw, Cleaner().clean(_STRIKE, title=metadata_title(raw.meta)))
        assert Cleaner().clean(_STRIKE, title=given).title == record["title"]  # the cleaner reads a blank one as none
        assert record["title"] == "Workers Walk Out At The Port"


def test_words_and_spelling_are_never_changed() -> None:
    text = clean_seed("002_b0343c4e5a5c96f4").text
    assert "He ackowledged that he needs to" in text  # the source's typo stays


def test_unicode_spaces_become_one_space() -> None:
    cleaned = Cleaner().clean("Title Line Here\n\nPARIS\u00a0\u2014\u00a0Kim\u2009said  it\u3000was\tfine.\nNext one.")
    assert cleaned.text == "PARIS \u2014 Kim said it was fine.\nNext one."


def test_crlf_and_cr_line_endings_are_normalised() -> None:
    assert Cleaner().clean("First line.\r\nSecond line.\rThird line.").text == "First line.\nSecond line.\nThird line."


def test_date_header_becomes_date_and_rest_of_line_stays() -> None:
    cleaned = Cleaner().clean(" date 2022-12-03 The story starts here.\n\nMore text.")
    assert cleaned.date == "2022-12-03"
    assert cleaned.text.startswith("The story starts here.")
    assert cleaned.removed[0].rule == "date_header_v1"


@pytest.mark.parametrize("header, said", [("date 2022-13-45", "is not a real date"),
                                           ("date 2022-02-30", "is not a real date"),
                                           ("date 2022-1-5", "is not written YYYY-MM-DD"),
                                           ("date 0000-00-00", "is not a real date")])
def test_impossible_date_header_is_an_error_naming_the_line(header: str, said: str) -> None:
    with pytest.raises(DateHeaderError, match=f"line 2: date header '{header}' {said}"):
        Cleaner().clean(f"\n {header} The story starts here.")


@pytest.mark.parametrize("header", ["date 2024/10/30", "date 30-10-2024", "date 30.10.2024", "date 10/30/24"])
def test_a_date_header_written_another_way_is_an_error_not_a_line_for_the_rules(header: str) -> None:
    """'date 30-10-2024' became the title, 'date 2024/10/30' went as a timestamp: the date was lost without a word."""
    with pytest.raises(DateHeaderError, match=f"line 1: date header '{header}' is not written YYYY-MM-DD "
                                              r"\(expected 'date YYYY-MM-DD'"):
        Cleaner().clean(f"{header}\nThe story starts here.")


@pytest.mark.parametrize("text", ["The date 2022-13-45 was a typo.", "date night at the 2024 games", "date 2024/10/30x", "dated 2022-13-45 text", "date 2022-13-456x text",
                                  "Second line.\ndate 2022-13-45"])
def test_only_a_first_line_of_the_header_form_is_a_header(text: str) -> None:
    assert Cleaner().clean(text).date is None


def test_invalid_utf8_names_the_file_line_and_byte() -> None:
    with pytest.raises(RawInputError, match=r"bad\.txt: not valid UTF-8 at line 1, byte 7 of the line \(offset 6 in"):
        decode_raw(b"Hello \xff world", "bad.txt")
    # the byte's place in its line, not in the file: an editor shows lines, a hex dump offsets
    with pytest.raises(RawInputError, match=r"bad\.txt: not valid UTF-8 at line 3, byte 4 of the line \(offset 15 in"):
        decode_raw(b"Hello\nworld\nCaf\xe9", "bad.txt")


def test_utf8_bom_is_dropped() -> None:
    assert decode_raw("\ufeffHello".encode("utf-8"), "x.txt") == "Hello"
    for declared in ("utf-8", "UTF8", "utf_8"):  # however UTF-8 is named
        assert decode_raw("\ufeffHello".encode("utf-8"), "x.txt", declared) == "Hello"
    assert decode_raw("\ufeffHello".encode("utf-8"), "x.txt", "cp1252") == "ï»¿Hello"  # another encoding's text


@pytest.mark.parametrize("codec", ["hex", "base64", "rot13", "no-such-codec"])
def test_an_encoding_that_is_not_a_text_codec_names_the_file(codec: str) -> None:
    with pytest.raises(RawInputError, match=rf"x\.txt: .*{codec!r} is not a text encoding|x\.txt: unknown text encoding"):
        decode_raw(b"00", "x.txt", codec)


def test_a_subset_of_rules_can_be_chosen() -> None:
    from newsclusters.pipeline.rules import get_rule

    only_related = Cleaner([get_rule("related_link_v12")])
    cleaned = only_related.clean("A sentence.\nRELATED: Other story\nAdvertisement")
    assert cleaned.text == "A sentence.\nAdvertisement"
    assert [r.rule for r in cleaned.removed] == ["related_link_v12"]


# --- reader comments run into a line of article text -------------------------------------------

STORY = (
    "| Harry Redknapp has denied speculation linking him with the vacant managerial position at St James' Park. "
    "Redknapp had been the favourite to replace Sam Allardyce, who was sacked yesterday after eight months in charge, "
    "but he insisted he was happy at Fratton Park and had no intention of leaving the club this season."
)
COMMENTS = [
    "What a marvellous opportunity for Allardyce, he can further develop his career abroad.",
    "Posted by Idealist on January 10, 2008 5:58 PM Report this comment",
    "Harry lives in a large house in one of the most expensive areas of real estate on the planet.",
    "Posted by John on January 10, 2008 5:29 PM Report this comment",
    "They can have our Southampton one for free.",
    "Posted by: rupert, Bolton on 5:15pm Thu 10 Jan 08",
]


def test_a_comment_thread_run_into_the_article_line_is_cut_out_from_its_heading() -> None:
    cleaned = Cleaner().clean(" ".join([STORY, "Comments", *COMMENTS, "Post a comment |"]))
    assert cleaned.text == STORY + " |"  # the form's call, left at the line's end, is cut off it (`glued_pieces`)
    (cut,) = [r for r in cleaned.removed if r.rule == "inline_comment_thread_v1"]
    assert (cut.line, cut.text) == (1, " ".join(["Comments", *COMMENTS]))
    assert [(r.line, r.text) for r in cleaned.removed if r.rule == "comment_form_v16"] == [(1, "| Post a comment |")]
    assert cleaned.kept == (1,)


def test_a_call_to_action_the_thread_stood_before_is_cut_once_the_thread_is_out() -> None:
    # Only the cut brings the prompt after the article's last sentence: the raw line has it after a signature.
    story, prompt = STORY.removeprefix("| "), "Click here to see the gallery."
    cleaned = Cleaner().clean(" ".join([story, "Comments", *COMMENTS, prompt]))
    assert cleaned.text == story
    assert [r.rule for r in cleaned.removed] == ["inline_comment_thread_v1", "trailing_prompt_v3"]


def test_without_a_heading_the_cut_starts_at_the_first_signature() -> None:
    cleaned = Cleaner().clean(" ".join([STORY, *COMMENTS]))
    assert cleaned.text == " ".join([STORY, COMMENTS[0]])  # nothing marks where the first comment begins


def test_two_signatures_or_a_short_line_are_not_a_thread() -> None:
    two = " ".join([STORY, *COMMENTS[:4]])
    assert Cleaner().clean(two).text == two
    short = " ".join(c.split(" on ")[0] + " on Jan 6, 2008" for c in COMMENTS[1::2])  # three signatures, 100-odd characters
    assert "inline_comment_thread_v1" not in {r.rule for r in Cleaner().clean(short).removed}


def test_reported_speech_about_posting_is_not_a_signature() -> None:
    prose = " ".join([STORY, STORY] + ["The video was posted by the ministry on January 6, officials said."] * 3)
    assert len(prose) > 600 and Cleaner().clean(prose).text == prose


# --- long table-layout rows are judged cell by cell ---------------------------------------------


def test_table_cells_are_the_non_empty_cells_of_a_long_row() -> None:
    from newsclusters.pipeline.clean import ROW_SPLIT_MIN_CHARS, table_cells

    story = STORY.removeprefix("| ")
    # a site's bars inside a cell ('Home \\| News', escaped in the dump) part its links as the cells' borders do
    assert table_cells(f"| | Home \\| News | {story} | |") == ["| Home |", "| News |", f"| {story} |"]
    assert table_cells(f"| | Home \\| News \\|{story} |") == ["| Home |", "| News |", f"| {story} |"]  # one cell
    assert table_cells(f"| | {story} | |") == []  # one cell: nothing to judge apart
    assert table_cells(f"Home | {story}") == []  # not a table row
    short = "| Home | " + "x" * (ROW_SPLIT_MIN_CHARS - 20) + " |"
    assert len(short) < ROW_SPLIT_MIN_CHARS and table_cells(short) == []


def test_a_row_keeps_its_article_cell_and_lists_the_cells_it_drops() -> None:
    story = STORY.removeprefix("| ")
    row = f"| | Sign up for our daily newsletter | {story} | Share this article |"
    cleaned = Cleaner().clean(f"A headline for the page\n\n{row}\n\nThe second paragraph of the story follows here.")
    assert cleaned.text.split("\n")[0] == f"| {story} |"
    assert cleaned.kept[0] == 3
    dropped = [(r.line, r.text) for r in cleaned.removed if r.line == 3]
    assert dropped == [(3, "| Sign up for our daily newsletter |"), (3, "| Share this article |")]


@pytest.mark.parametrize("cell, parts", [
    # a run of links opening the cell (two are a breadcrumb), or three in a row after the story: cut out
    ("Home \\| Local \\|{story}", ["Home", "Local", "{story}"]),
    ("{story} \\| Print \\| E-mail \\| Share", ["{story}", "Print", "E-mail", "Share"]),
    # not links: a match's score, a pull quote, sentences parted by a danda stay with the story, bars and all
    ("{story} \\| Arsenal 2 \\| Chelsea 1", None),
    ("{story} \\| \"Thirty seconds is all it takes,\" the chief said. \\| Crews left at noon.", None),
    ("{story} \\| Print \\| Share", None),  # two links after the story: a pair is no menu
    ("{story} \\| Crews left. \\| Roads reopened. \\| Schools closed.", None),  # short sentences, not links
    ("Sensex 20,465 \\| Nifty 6,100 \\| Gold 10,950 \\|{story}", None),  # figures: data, not a menu
])
def test_a_cell_is_cut_only_around_runs_of_links(cell: str, parts: list[str] | None) -> None:
    from newsclusters.pipeline.clean import table_cells

    story = STORY.removeprefix("| ")
    row = f"| | {cell.format(story=story)} |"
    expected = [f"| {part.format(story=story)} |" for part in parts] if parts else []
    assert table_cells(row) == expected


def test_briefs_among_links_are_not_cut_at_their_bars() -> None:
    # No part is a story's length: cut, the briefs would be short cells outside any span, and go.
    from newsclusters.pipeline.clean import table_cells

    brief = "Mary E. Sullivan, 84, of Dover, retired schoolteacher, died Jan. 2. Services Saturday at St. Mary's."
    links = " \\| ".join(["Home", "Obituaries", brief, "Guest book", "Send flowers", "Print this story"] * 3)
    assert len(f"| | {links} |") >= 300 and table_cells(f"| | {links} |") == []


def test_a_menu_printed_with_bars_before_the_story_in_its_cell_is_cut_away() -> None:
    # The dump escapes the bars a site prints between its links ('\\|'): the menu and the story share a cell.
    story = STORY.removeprefix("| ")
    menu = " \\| ".join(["News: ePaper", "Front Page", "National", "Tamil Nadu", "Karnataka", "Kerala", "Sport"])
    row = f"| | {menu} \\|National {story} |"
    cleaned = Cleaner().clean(f"{row}\n\nThe second paragraph of the story follows here, the minister said.")
    assert cleaned.text.split("\n")[0] == f"| National {story} |"
    assert [r.text for r in cleaned.removed if r.line == 1] == [f"| {item} |" for item in menu.split(" \\| ")]


def test_a_row_with_every_cell_kept_is_the_row_as_it_was() -> None:
    story = STORY.removeprefix("| ")
    row = f"| | {story} | | {story.upper()} |"
    assert Cleaner().clean(row).text == row


# A call to action run onto the end of a line of article text: the prompt is cut off, the article kept.
@pytest.mark.parametrize("article, prompt", [
    ('"We will not leave anyone behind," Mr Sánchez said in a televised address.',
     "Click here to read more about the floods."),
    ("At least 40 homes were damaged, the council said on Friday.", "Sign up for our newsletter to get the latest."),
    ("The council said it would follow up on the complaints next week.", "Follow us on Twitter for more."),
])
def test_a_call_to_action_closing_an_article_line_is_cut_off_it(article: str, prompt: str) -> None:
    cleaned = Cleaner().clean(f"{article} {prompt}")
    assert cleaned.text == article
    assert [(r.line, r.text, r.rule) for r in cleaned.removed] == [(1, prompt, "trailing_prompt_v3")]


def test_a_call_to_action_behind_a_repaired_quote_is_cut() -> None:
    # Only the repair ('.â€™' -> '.’') puts the prompt after a sentence's end: the raw line has it after mojibake.
    article = "The council met on Monday and voted to close the bridge, said the mayor.’"
    cleaned = Cleaner().clean(f"{article.replace('’', 'â€™')} Click here for the map.")
    assert cleaned.text == article
    assert [r.rule for r in cleaned.removed] == ["mojibake_repair_v2", "trailing_prompt_v3"]


@pytest.mark.parametrize("line", [
    "Click here to read the full article.",  # the whole line is the prompt: a line rule's, as before
    'The study found "click here" was the most common link text. Researchers said it was vague.',
    "He said he would sign up for the programme later this year. Sign up for the draft closes Friday.",
    "Flood pictures. Click here for live updates.",  # too little before it to be a line of article text
    "The vote is on Sunday, and turnout is expected to be high. Register for email alerts about the vote, "
    "officials urged residents.",  # reported speech
])
def test_near_misses_of_a_trailing_call_to_action_are_not_cut(line: str) -> None:
    assert "trailing_prompt_v3" not in {r.rule for r in Cleaner().clean(line).removed}



# A line that is only the outlet's pitch and the call it leads to goes whole (from the bench and the trial pages).
@pytest.mark.parametrize("pitch, prompt", [
    ("Want more TV and culture writing?", "Subscribe to Salon's free newsletter."),
    ("Stay up to date with Ascom.", "Subscribe to our newsletter."),
    ("Sign Up: Stay on top of the latest breaking film and TV news!", "Sign up for our Email Newsletters here."),
    ("Get the latest from Nieman Lab.", "Sign up for our daily email."),
    ("Do you rely on Snopes reporting?", "Click here to support it."),
    ("Looking for more stories like this one?", "Sign up for the Science Times newsletter."),
])
def test_a_pitch_before_a_call_to_action_goes_with_it(pitch: str, prompt: str) -> None:
    cleaned = Cleaner().clean(f"{SENTENCE}\n\n{pitch} {prompt}")
    assert cleaned.text == SENTENCE
    assert [(r.text, r.rule) for r in cleaned.removed] == [(prompt, "trailing_prompt_v3"), (pitch, "trailing_prompt_v3")]


@pytest.mark.parametrize("article", [
    "The council meets again on March 3 to vote on the plan.",
    # from a review: a short article sentence that speaks to the reader or asks opens otherwise than a pitch
    "If you live in Zone A, you must evacuate by noon Wednesday.",
    "Stay off the roads until the ploughs have been through.",
    "Never leave children or pets in a parked car, even for a minute.",
    "Residents who want more parking can apply for a permit online.",  # a pitch opens the line
    "Is it worth the $1,200 price tag? For most people, yes.",
    "Stay up to date with your vaccinations, the health board said.",  # reported
    "Want more green space in the town centre? The new plan adds two parks and a riverside walk by 2027.",  # too long
])
def test_an_article_sentence_before_a_call_to_action_is_kept(article: str) -> None:
    cleaned = Cleaner().clean(f"{article} Sign up for our newsletter to get the latest.")
    assert cleaned.text == article


def test_a_pitch_shaped_line_with_no_call_after_it_is_judged_as_any_line() -> None:
    line = "Stay up to date with the latest figures on the county's website."
    assert Cleaner().clean(f"{SENTENCE}\n\n{line}").text == f"{SENTENCE}\n{line}"


SENTENCE = "The council met on Monday and voted to close the bridge over the river for two weeks of repairs, the mayor said."


def test_a_date_header_before_a_long_table_row_leaves_the_row_to_be_judged_cell_by_cell() -> None:
    # The header was split off after the row had been judged as one line: the tag cell took the article's.
    row = f"| Tags: Politics, Elections | {' '.join([SENTENCE] * 3)} |"
    cleaned = Cleaner().clean(f"date 2024-01-02 {row}\n\nWork on the new walls will start in May.")
    assert cleaned.date == "2024-01-02"
    assert SENTENCE in cleaned.text
    assert [(r.text, r.rule) for r in cleaned.removed] == [("date 2024-01-02", "date_header_v1"),
                                                            ("| Tags: Politics, Elections |", "topics_tag_line_v3")]


def test_a_byte_order_mark_does_not_hide_the_date_header() -> None:
    # decode_raw drops it from a file; a JSON line's text reached the cleaner with it.
    cleaned = Cleaner().clean(f"\ufeffdate 2024-01-02 Council Approves Budget\n\n{SENTENCE}")
    assert (cleaned.date, cleaned.title, cleaned.text) == ("2024-01-02", "Council Approves Budget", SENTENCE)


def test_a_header_alone_on_its_line_changes_nothing_the_rules_see() -> None:
    body = "Home\n18:03 Baku\nxi\nThe work will end before winter, officials said."
    with_header, without = Cleaner().clean(f"date 2024-01-02\n{body}"), Cleaner().clean(body)
    assert with_header.text == without.text
    assert [(r.text, r.rule) for r in with_header.removed[1:]] == [(r.text, r.rule) for r in without.removed]


def test_a_cells_guard_reads_its_sentence_without_the_borders() -> None:
    # Judged as '| By Law, ... |', the byline and link-label guards saw no 'By' first and no full stop last.
    cells = ["More from the report: the agency found that 40% of homes lacked insurance.",
             "By Law, the council must publish its accounts every year."]
    row = f"| {' '.join([SENTENCE] * 2)} | {cells[0]} | {cells[1]} |"
    rules = {r.rule for r in Cleaner().clean(row).removed}  # the span rule judges short cells on its own terms
    assert not rules & {"related_link_v12", "byline_v5"}


def test_every_call_to_action_closing_a_line_is_cut() -> None:
    # Only the last was: the line kept the first ('... Click here for the map.') until a second cleaning,
    # or the whole line went as a newsletter prompt with its article sentence.
    text = "The council met on Monday and voted to close the bridge."
    for prompts in ("Click here for the map. Click here for photos.", "Sign up for our daily newsletter. Follow us on Twitter."):
        cleaned = Cleaner().clean(f"{text} {prompts}")
        assert cleaned.text == text and {r.rule for r in cleaned.removed} == {"trailing_prompt_v3"}
        assert Cleaner().clean(cleaned.text).text == cleaned.text


@pytest.mark.parametrize(("broken", "fixed"), [("Ã¥", "å"), ("Ñ€", "р"), ("Ø£", "أ"), ("Ä¢", "Ģ")])
def test_mojibake_opening_a_cell_is_repaired_on_the_first_cleaning(broken: str, fixed: str) -> None:
    # Written without a space after the cell's pipe, ftfy read it otherwise than in the row written back.
    body = " ".join([SENTENCE] * 2)
    walls = "Work on the new walls will start in May and should be finished before the winter storms arrive next year."
    cleaned = Cleaner().clean(f"| Advertisement | {body} |{broken}x {walls} |\n{body}")
    assert f"| {fixed}x Work on" in cleaned.text
    assert Cleaner().clean(cleaned.text).text == cleaned.text


# Found by two trials of the guards: sentences that use a rule's words, and boilerplate as sites print it, each
# as a paragraph of a short article (in its middle and as its last paragraph).
ARTICLE = ["The council approved the flood defence budget on Monday after a long debate that ran late into the evening.",
           "Work on the new walls will start in May and should be finished before the winter storms arrive next year, "
           "the mayor said.",
           "Insurers had warned that premiums in the river towns would rise sharply without new defences."]
ARTICLE_SENTENCES = [
    'According to the lawsuit, by using the app you agree to let the company sell your location data.',
    'According to the settlement, by using the service you agree to arbitration, a clause consumer groups oppose.',
    'According to the agency, the photographs may not be reproduced without permission from the family.',
    'According to the complaint, the material may not be republished by other outlets without a license.',
    'Residents were able to get alerts on their phones, but many arrived after the flames had reached their street.',
    'Few residents in the canyon were signed up to receive alerts, and many slept through the sirens.',
    'Some families were unable to receive alerts after power lines came down across the canyon.',
    'By March, prices had doubled.',
    'More from the report: the agency found that 40% of homes lacked insurance.',
    'Photos by residents posted online showed cars floating down the high street.',
    'Video by a bystander shows police officers wading through waist-deep water to reach a stranded car.',
    'Brokers may receive a commission from insurers for every policy they sell.',
    'Under a court order, the names of the children may not be published.',
    'The regulator fined the company 150 million euros for making it harder to reject cookies than to accept them.',
    'Subscribe to the flood insurance scheme now, the minister told homeowners on Tuesday.',
    'Already a member of the scheme, Lopez received her payout within a week.',
    'Reporting by ProPublica found that the agency had ignored the warnings for years.',
    'With assistance from the army, residents were evacuated from the river towns.',
    'Residents can download the county\'s app to report blocked drains.',
    'Our reporting was made possible by records obtained under the Freedom of Information Act.',
    'The study was originally published in Nature in 2019 and has been cited widely.',
    'Follow the money, the auditor told the council.',
    'Social tariffs offer broadband for as little as £12 a month to people claiming Universal Credit.',
    "Under US law, copyrighted works may not be reproduced without the owner's permission, though there are exceptions.",
    'Ovens vary, so check the cookies after eight minutes and adjust your oven settings if they brown too quickly.',
    'Many influencers use affiliate links, earning a commission when followers click through and buy a product.',
    'Up next: the fourth Test begins in Sydney on 4 January.',
    'Password reuse is the single biggest cause of hacked accounts, the report found.',
    'Evan Gershkovich is a reporter for The Wall Street Journal who was detained in Russia in March.',
]
SITE_LINES = [
    'Information about the cookies we use can be found in our Cookie Policy.',
    'Details of how we use cookies and how you can manage them can be found in our cookie settings.',
    'Our partners use cookies to measure how many people visit our site and to analyse industry trends. Accept',
    'Subscribe now for $1 a week. Offer terms apply unless otherwise stated.',
    'Subscribe for just $1 a week. Prices as stated at checkout.',
    'Subscribe today for unlimited access. Applicable sales tax added at checkout.',
    'Already a subscriber? Manage your subscription',
    'Already a subscriber? Activate your digital access here',
    'Already a member? Link your account to continue reading',
    'Products are independently selected by editors; the publisher may earn a commission on sales.',
    'Wirecutter may earn a commission on sales.',
    'By Jane Doe, with additional reporting by John Smith.',
    'By Mark Johnson, a reporter at the Daily Courier.',
    'By Ana Lopez, a freelance writer based in Madrid.',
    'Photos by Jane Doe; prop styling by John Smith; food styling by Ann Lee.',
    'Video by Jane Doe, edited by John Smith, produced by the visuals team.',
    'Photograph by Noah Berger, taken on Saturday near the highway for the Associated Press.',
    "Any reproduction, even partial, is prohibited without the publisher's agreement.",
    'Readers are reminded that by submitting a comment you agree to our terms of use.',
    'Read more: eBay to cut 1,000 jobs as sales slow.',
    'Read more: The council voted on Tuesday to delay a decision on the bus fare increase until next year.',
    'Related: iPhone users can now get wildfire alerts on their lock screens.',
    'Would you like to receive breaking news alerts?',
    'Please be advised that this website uses cookies to improve your experience.',
    'Unauthorized reproduction of this article is prohibited by law.',
    'Photo by Jonathan Alcorn for The Washington Post via Getty Images.',
    'The Independent may earn a commission on purchases made through links in the article.',
    'Subscribe now for unlimited digital access. Offer available to new subscribers in the United States only.',
    'By May Bulman',
    'Associated Press writers Jill Lawless in London and Jamey Keaton in Paris contributed to this report.',
    '(Reporting by Adrian Croft; Editing by Luke Baker)',
    'This article originally appeared on USA TODAY: Storm batters coast',
    'A version of this article appears in print on Oct. 23, 2024, Section A, Page 14 of the New York edition.',
    'Download the NBC News app for breaking news and politics',
    'Our journalism needs your support. Please subscribe today.',
    'Listen to this article · 5 min',
    'Copy article link',
    'Editor’s Note: This article has been updated to reflect the closing price of the S&P 500.',
    'Megan Henney has been a business reporter for FOXBusiness.com since 2017.',
    'Not a subscriber? Start today for just 99 cents.',
    'We’re a nonprofit newsroom. Donate today to keep our reporting free for everyone.',
    'Follow Sky News on WhatsApp',
]


def _removed_in_an_article(line: str, last: bool) -> list[str]:
    paragraphs = [*ARTICLE, line] if last else [*ARTICLE[:2], line, ARTICLE[2]]
    cleaned = Cleaner().clean("Flood defences approved\n\n" + "\n\n".join(paragraphs))
    return [r.rule for r in cleaned.removed if r.text == line]


@pytest.mark.parametrize("last", [False, True])
@pytest.mark.parametrize("line", ARTICLE_SENTENCES)
def test_an_article_sentence_with_a_rules_words_stays(line: str, last: bool) -> None:
    assert _removed_in_an_article(line, last) == []


@pytest.mark.parametrize("last", [False, True])
@pytest.mark.parametrize("line", SITE_LINES)
def test_a_sites_line_inside_an_article_goes(line: str, last: bool) -> None:
    assert _removed_in_an_article(line, last)


# Boxes beside the article (a label over bulleted items or fields) found by a seeded fuzz of cleaning twice: each
# page must clean to the same title and text the second time.
_BOX_ARTICLE = ("The council approved the new central library on Tuesday after a long debate that ran late into the "
                "evening, the leader said.\n\nWork on the building will start in May and should be finished before the "
                "winter storms arrive next year, officials said.")
BOX_PAGES = [
    # a repeat next to its item: duplicate_line_v1 removes it after the span counted it
    f"Council approves new library\n\n{_BOX_ARTICLE}\n\nKey facts\n- Books: about 85,000\n- Books: about 85,000",
    # a box's label as the page's first line: no headline
    f"Serves 4\nIngredients\n- 1 onion, chopped\n- 2 garlic cloves, crushed\nMethod\n\n{_BOX_ARTICLE}",
    # an advert between the box and the article
    f"Council approves new library\n\n{_BOX_ARTICLE}\n\nAdvertisement\n\nKey facts\n- Books: about 85,000\n- Staff: 14",
]


@pytest.mark.parametrize("page", BOX_PAGES)
def test_a_page_with_a_box_cleans_the_same_twice(page: str) -> None:
    once = Cleaner().clean(page)
    twice = Cleaner().clean(f"{once.title}\n\n{once.text}" if once.title else once.text)
    assert (twice.title, twice.text) == (once.title, once.text)


def test_a_boxs_label_is_no_headline() -> None:
    assert Cleaner().clean(BOX_PAGES[1]).title is None


@pytest.mark.parametrize(
    ("line", "glued"),
    [
        ("Company TownTelevisionBusinessEntertainment & Arts", True),
        # six words for three joins is the most a glued menu has
        ("AlphaBetaGammaDelta internationally-recognised telecommunications conglomerates extraordinary meetings", True),
        ("AlphaBetaGammaDelta internationally-recognised telecommunications conglomerates shareholders"
         " extraordinary meetings", False),
        ("SoundCloud acquires WordPress", False),  # two joins: names
        ("homeNews sportWorld techLife a", False),  # three joins, but short words: not items glued together
    ],
)
def test_a_menu_glued_together_is_told_by_its_joins_and_long_words(line: str, glued: bool) -> None:
    assert is_glued_menu(line) is glued
