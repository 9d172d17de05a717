"""Each rule's own cases from tests/rule_cases/<rule>.yaml: a line it removes, a near-miss it keeps."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from newsclusters.errors import RuleError
from newsclusters.pipeline.clean import Cleaner, count_cluster_lines
from newsclusters.pipeline.rules import (
    RETIRED, RULES, WITHDRAWN, Page, get_rule, is_headline_candidate, line_rule, page_rule,
)
from newsclusters.pipeline.rules.headline import has_dateline
from newsclusters.pipeline.rules import shapes
from newsclusters.pipeline.rules.menus import LIST_HEAD
from newsclusters.pipeline.rules.page import effective_words
from newsclusters.pipeline.rules.registry import successor
from newsclusters.pipeline.rules.shapes import MONTH
from newsclusters.pipeline.rules.span import COMMENTS_HEAD, TAIL_HEAD
from newsclusters.pipeline.rules.repeats import reads_as_report

CASE_DIR = Path(__file__).parent / "rule_cases"


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML keeps the last of two cases of one name and drops the first unseen: a name given twice is an error."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        twice = sorted({key for key in keys if keys.count(key) > 1})
        if twice:
            raise yaml.constructor.ConstructorError(None, None, f"cases named twice: {', '.join(twice)}",
                                                    node.start_mark)
        return super().construct_mapping(node, deep=deep)


def _read_cases(text: str) -> dict:
    return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader that also refuses repeated keys)


def load_cases() -> list:
    docs = [_read_cases(p.read_text(encoding="utf-8")) for p in sorted(CASE_DIR.glob("*.yaml"))]
    return [pytest.param(d["rule"], c, id=f"{d['rule']}-{cid}") for d in docs for cid, c in d["cases"].items()]


def test_a_case_named_twice_is_refused() -> None:
    with pytest.raises(yaml.constructor.ConstructorError, match="cases named twice: keeps_a_line"):
        _read_cases("rule: r\ncases:\n  keeps_a_line: {line: a, removed: false}\n"
                    "  keeps_a_line: {line: b, removed: false}\n")


Doc = str | dict[str, str]  # a document's text, or {"text": ..., "site": ...}


def removed_by(rule_name: str, text: str, corpus: list[Doc | list[Doc]] | None = None,
               site: str | None = None) -> list[str]:
    """`corpus` lists documents, each its own story cluster, or clusters given as lists of documents;
    `site` is the site of the page cleaned."""
    counts = None
    if corpus is not None:
        clusters = [[c] if isinstance(c, (str, dict)) else c for c in corpus]
        docs = [[(d, None) if isinstance(d, str) else (d["text"], d["site"]) for d in cluster] for cluster in clusters]
        counts = count_cluster_lines([[t for t, _ in c] for c in docs], [[s for _, s in c] for c in docs])
    return [r.text for r in Cleaner().clean(text, counts, site).removed if r.rule == rule_name]


@pytest.mark.parametrize("rule_name, case", load_cases())
def test_rule_case(rule_name: str, case: dict) -> None:
    rule = get_rule(rule_name)
    if "line" in case:
        assert rule.is_line_rule, f"{rule_name} is a page rule: give its cases as 'text' and 'removes'"
        assert rule.matches(case["line"]) is case["removed"]
    else:
        assert removed_by(rule_name, case["text"], case.get("corpus"), case.get("site")) == case["removes"]


def test_every_rule_has_a_removal_and_a_near_miss() -> None:
    outcomes: dict[str, set[bool]] = defaultdict(set)
    for param in load_cases():
        name, case = param.values
        outcomes[name].add(case["removed"] if "line" in case else bool(case["removes"]))
    assert outcomes == {name: {True, False} for name in RULES}


def test_case_files_are_named_after_their_rule() -> None:
    for path in CASE_DIR.glob("*.yaml"):
        assert yaml.safe_load(path.read_text(encoding="utf-8"))["rule"] == path.stem


def test_every_rule_has_a_reason_sentence() -> None:
    for rule in RULES.values():
        assert rule.reason.endswith(".") and len(rule.reason) < 120, rule.name


def test_unknown_and_duplicate_rule_names_are_errors() -> None:
    with pytest.raises(RuleError, match="unknown rule 'no_such_rule_v1'"):
        get_rule("no_such_rule_v1")
    with pytest.raises(RuleError, match="already registered"):
        line_rule("widget_error_v2", "Duplicate.", start=r"x")


def test_retired_names_are_never_reused() -> None:
    assert not set(RETIRED) & set(RULES)
    from newsclusters.pipeline.clean import TRANSFORMS

    live = set(RULES) | set(TRANSFORMS)  # a transform is renamed as a rule is
    assert {name: successor(name, live) for name in RETIRED if successor(name, live) is None} == {}
    assert successor("related_link_v1", live) == "related_link_v12"
    assert successor("repeated_caption_before_credit_v1", live) == "caption_with_credit_v5"  # a new stem
    with pytest.raises(RuleError, match="retired"):
        line_rule("widget_error_v1", "Reused.", start=r"x")
    with pytest.raises(RuleError, match="retired: use related_link_v12"):
        get_rule("related_link_v1")


def test_withdrawn_names_are_never_reused_and_say_why() -> None:
    # A rule taken back with no successor keeps its name out of use, and asking for it says why it went.
    assert WITHDRAWN and not set(WITHDRAWN) & (set(RULES) | set(RETIRED))
    name = next(iter(WITHDRAWN))
    with pytest.raises(RuleError, match="retired; names are permanent"):
        page_rule(name, "Reused.")(lambda page: [])
    with pytest.raises(RuleError, match=f"withdrawn: {re.escape(WITHDRAWN[name][:40])}"):
        get_rule(name)


def test_transforms_have_names_of_their_own() -> None:
    """The cleaner's transforms are named in `removed` like rules: one name space, versioned the same way."""
    from newsclusters.pipeline.clean import TRANSFORMS
    from newsclusters.pipeline.rules import OPTIONAL

    assert not set(TRANSFORMS) & (set(RULES) | set(RETIRED) | set(OPTIONAL))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*_v[0-9]+", name) for name in TRANSFORMS)
    assert all(reason.strip() for reason in TRANSFORMS.values())


def test_a_line_rule_case_says_which_rule_the_cleaner_blames() -> None:
    # The cleaner's fast matcher names the same rule as trying `matches` in registry order.
    line_rules = [r for r in RULES.values() if r.is_line_rule]
    for param in load_cases():
        _, case = param.values
        if "line" in case:
            expected = next((r.name for r in line_rules if r.matches(case["line"])), None)
            got = [r.rule for r in Cleaner(line_rules).clean(case["line"]).removed]
            assert got == ([expected] if expected else []), case["line"]


def test_rule_names_that_page_rules_read_are_registered() -> None:
    # Page rules read earlier verdicts by rule name: a rename must not silently turn a check off.
    from newsclusters.pipeline.rules import captions, headline, menus, repeats, span

    read = {captions._CREDIT_RULE, repeats.REPEATED_RULE, *menus._LIST_HEAD_RULES, menus.SECTION_HEADING_RULE,
            *headline._BYLINE_RULES, *span._OTHER_STORIES_RULES, *span._TABLE_FORMAT_RULES, *span._ARTICLE_END_RULES,
            *span._PAGE_END_RULES}
    assert read <= RULES.keys(), sorted(read - RULES.keys())


def test_rules_register_in_the_order_of_their_modules() -> None:
    # The package imports its rule modules in the order the cleaner applies them (its docstring's list):
    # every line rule first, then each module's page rules, the span rules before the printed lists.
    order = ["stamps", "captions", "repeats", "menus", "comment_lines", "bios", "span", "printed_lists", "comments",
             "headline", "header", "templates"]
    kinds = [rule.is_line_rule for rule in RULES.values()]
    assert kinds == sorted(kinds, reverse=True)
    modules = [rule.find.__module__.rsplit(".", 1)[1] for rule in RULES.values() if not rule.is_line_rule]
    assert modules == sorted(modules, key=order.index)
    assert set(modules) == set(order)


def test_a_menu_run_together_is_not_an_article_paragraph() -> None:
    # 15+ words make a line prose for the article span; a menu printed as one line must not pull the
    # span (and the rules that read it) over the page's chrome, nor be taken for the headline.
    menu = "Sports Menu Home Betting Zone Football Racing Cricket Tennis Rugby Union Rugby League Greyhounds Golf"
    names = "Squad: Graeme Smith (captain), Herschelle Gibbs, Jacques Kallis, AB de Villiers, JP Duminy, Justin Ontong"
    page = Page.from_blocks([[menu], [names], ["The council approved the budget on Monday after a long debate."]])
    assert page.prose == (False, True, True)
    assert not is_headline_candidate(Page.from_blocks([["Golf Formula Boxing"], [menu]]), 1)
    assert is_headline_candidate(Page.from_blocks([["Golf Formula Boxing"], ["Council Approves Flood Budget"]]), 1)


def test_a_table_cell_of_links_with_a_notice_among_them_is_not_an_article_paragraph() -> None:
    # A footer printed in one cell: a run of links, then the copyright notice. Counted as a paragraph, it drew the
    # article's span over the menu between the story and it.
    links = " \\| ".join(["The Hindu Group: Home", "About Us", "Copyright", "Archives", "Contacts", "Sportstar",
                            "Frontline", "Publications", "eBooks", "Images", "Home"])
    notice = "Copyright © 2007, The Hindu. Republication or redissemination of the contents of this screen are expressly"
    page = Page.from_blocks([[f"| {links} \\| {notice} prohibited without the written consent of The Hindu |"]])
    assert page.prose == (False,)
    sentence = "The council approved the flood defence budget on Monday after a long debate that ran late into the night"
    sentences = " \\| ".join([sentence] * 3)  # sentences a danda parts (Hindi), or a pull quote's
    assert Page.from_blocks([[f"| {sentences} |"]]).prose == (True,)


def test_neither_a_menu_nor_a_text_browsers_item_continues_a_wrapped_line() -> None:
    # A line followed by one in lower case is a hard-wrapped paragraph's first half. A text browser's
    # third-level item ('o Contests') only looks lower case, and two menus run together (a site's sections,
    # then its tag cloud in alphabetical order) are no paragraph: read as one, either pulled the article
    # span over the page's chrome.
    menu = "Administração Agricultura Campanha Capacitação Combustíveis Comunicado Concurso Conselhos Cultura Defesa"
    menu += " Civil Economia Educação Esportes Eventos Fazenda"
    tags = "agua alerta ambiente amizade atendimento atirador biblioteca caminhada campanha capacitacao carnaval civil"
    assert Page.from_blocks([[menu, tags + " cultura curso dança defesa"]]).prose == (False, False)
    item, next_item = 'o Blue Man Group - "Escape to Las Vegas" Contest', "o Professional Bull Riders Event Contest"
    assert Page.from_blocks([["+ Contests", item, next_item]]).prose == (False, False, False)
    assert Page.from_blocks([["+ Contests"], [item, next_item]]).prose == (False, True, True)  # no item of its own
    wrapped = "The council approved the flood defence budget on Monday after"
    assert Page.from_blocks([[wrapped, "a long debate that ran late into the evening."]]).prose == (True, True)
    assert Page.from_blocks([[wrapped, "o presidente disse que a obra vai começar"]]).prose == (True, True)
    assert Page.from_blocks([[wrapped, "o Governo Federal disse que a obra vai começar"]]).prose == (True, True)


@pytest.mark.parametrize(("line", "words"), [
    ("The council approved the budget on Monday.", 7),
    ("工事の費用は国と市が半分ずつ負担することになりました。", 10),  # 26 kana and Han: about 10 words, not 3
    ("市议会周一批准了防洪预算。", 4),  # Chinese: 12 Han
    ("Kindle for PCの設定画面からでは変更できません。", 6),  # mixed: 16 kana and Han beat 3 spaced words
    ("시의회는 월요일 홍수 방지 예산을 승인했다.", 6),  # Korean spaces its words: counted by them
    ("ab" * 40, 11),  # a long unbroken string: characters / 7
])
def test_words_are_counted_for_scripts_written_without_spaces(line: str, words: int) -> None:
    # A Japanese article paragraph of 40 characters counted as characters / 7 was a 5-word line, not
    # prose, and the span rule removed it with the chrome around it.
    assert effective_words(line) == words
    assert Page.from_blocks([[line]]).words == (words,)


def test_a_line_opening_with_an_address_is_not_an_article_paragraph() -> None:
    # A theme prints an image's address with its size and author: counted as a paragraph, it moved the
    # article's span and the tail rule took a post's closing lines for teasers.
    image = "http://example.com/wp-content/uploads/2018/10/show.jpeg 1200 676 jdadmin http://example.com/wp-content"
    record = "1200 676 admin and the rest of the theme's image record, printed here as words"
    shouted = f"HTTPS://EXAMPLE.COM/uploads/show.jpeg {record}"
    bare = f"www.example.com/uploads/show.jpeg {record}"
    cited = "The report, published at http://example.com/report, found that the walls would last a century."
    page = Page.from_blocks([[image], ["Share"], [shouted], ["Share"], [bare], ["Share"], [cited]])
    assert page.prose == (False, False, False, False, False, False, True)


@pytest.mark.parametrize(
    ("line", "report"),
    [
        ("The harbour wall was built in 1890 and has been repaired after every major storm since.", True),
        ('"We will rebuild it," the mayor said after the vote.', True),  # a source's 'we', inside quotes
        ("The wall, the mayor said, was \"built for us\".", True),  # a quote may close the sentence
        ("US officials declined to comment, according to a statement on the agency's website.", True),
        ("‘We owe it to the families to find out what went wrong,’ Novak told colleagues.", True),
        ("'We don't know yet,' the minister said on the harbour wall.", True),
        ("He said in an email that the site of the crash had been closed.", True),
        ("The harbour wall was built in 1890 and has been repaired after every major storm since", False),
        ("We will rebuild it, the council has said after the vote.", False),  # the site's own voice
        ("Please note that your comment will be checked by a moderator.", False),
        ("1. The harbour wall was built in 1890 and repaired after every storm.", False),  # a list's item
        ("The lure of winning the league and the cup at the same time...", False),  # a teaser, cut short
        ("Originally Published On The Harbour Gazette Website.", False),  # a headline's capitals
    ],
)
def test_a_repeated_paragraph_reads_as_a_report(line: str, report: bool) -> None:
    # site_repeated_v4 spares a paragraph a site reprints only when it reads like one of its stories'.
    assert reads_as_report(line) is report


def test_the_tail_after_a_heading_stops_at_an_article_paragraph() -> None:
    # An article paragraph below the heading means the article's run was cut short (an advert block
    # inside it): tail_after_heading_v1 then takes nothing. Built by hand, as the span rule's own dense-
    # region test would take such a paragraph first in a whole cleaning.
    article = [("The council approved the flood defence budget on Monday after a long debate that ran late into"
                " the evening, with members from every ward speaking for and against the plan.")] * 3
    chrome = ["Share this article"] * 16
    paragraph = "Engineers will first survey the old harbour wall, " + "which was built in 1890 and repaired " * 12
    rest = ["Related", paragraph]
    removed = {i: "share_social_v13" for i in range(3, 19)} | {19: "related_link_v12"}
    lines = tuple(article + chrome + rest)
    page = Page(lines, tuple(range(len(lines))), removed)
    rule = get_rule("tail_after_heading_v1")
    assert list(rule.find(page)) == []
    last = ("A rare seabird has been spotted on the pier for the first time.",)
    shorter = Page(lines[:-1] + last, page.blocks, removed)
    assert list(rule.find(shorter)) == [20]


def test_the_article_span_kept_on_a_page_follows_its_removed_lines() -> None:
    # Rules ask for the span again and again; the answer kept for the lines removed so far must be dropped
    # once a rule removes more (the cleaner only ever adds to a page's removed lines).
    from newsclusters.pipeline.rules.span import article_span

    paragraph = ("The council approved the flood defence budget on Monday after a long debate that ran late into"
                 " the evening, with members from every ward speaking for and against the plan.")
    lines = ("Menu", paragraph, paragraph, "Share this", paragraph, "Related")
    removed: dict[int, str] = {}
    page = Page(lines, tuple(range(len(lines))), removed)
    assert article_span(page) == (1, 4) == article_span(page) and page.kept() == list(range(6))
    removed.update({1: "a_rule", 2: "a_rule"})
    assert article_span(page) == (4, 4)
    assert article_span(page, gone={4}) is None and article_span(page) == (4, 4)
    assert page.kept() == [0, 3, 4, 5] and page.kept() is not page.kept()  # a new list each time: callers change it


def test_the_boxes_kept_on_a_page_follow_its_removed_lines() -> None:
    from newsclusters.pipeline.rules.span import with_boxes

    paragraph = ("The council approved the flood defence budget on Monday after a long debate that ran late into"
                 " the evening, with members from every ward speaking for and against the plan.")
    lines = (paragraph, paragraph, "Key facts:", "Price: $5", "Battery: 10 hours", "Weight: 2 kg", "Related")
    removed: dict[int, str] = {}
    page = Page(lines, tuple(range(len(lines))), removed)
    assert with_boxes(page, 1, 1) == 5 == with_boxes(page, 1, 1)  # the article's end moved over its fact box
    removed.update({3: "a_rule", 4: "a_rule", 5: "a_rule"})
    assert with_boxes(page, 1, 1) == 1


# The dateline test as one case-insensitive alternation, as it was written before it was split for speed.
_DATELINE_REFERENCE = re.compile(
    rf"\d{{1,2}}:\d\d|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b|\b{MONTH} \d{{1,2}}\b|\b\d{{1,2}} {MONTH} \d{{4}}\b"
    r"|^(?:posted|written|updated|published|last updated|filed)\b|\bby:"
    r"|\b\d+ (?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?) ago\b",
    re.I,
)


@pytest.mark.parametrize("line, dated", [
    ("Updated 10:42 GMT", True), ("1/6/08", True), ("Jan. 6, 2008", True), ("6 January 2008", True),
    ("Posted in World", True), ("By: Jane Doe", True), ("3 hours ago", True),
    ("DEAR ABBY: My husband bought tickets", False), ("A 24-hour trip from the USA", False),
    ("January was cold", False), ("Reposted by many", False), ("Ratio 3/4 of them", False),
])
def test_a_dateline_is_one_of_the_stamps(line: str, dated: bool) -> None:
    assert has_dateline(line.lower()) is dated
    assert (_DATELINE_REFERENCE.search(line) is not None) is dated


@given(st.lists(st.sampled_from([
    "10:42", "1:5", "1/6/08", "12/31/2019", "jan.", "January", "Sept", "may", "6", "2008", "posted", "Updated",
    "last updated", "by:", "abby:", "By", "3", "hours", "ago", "days", "ago.", "x", "the", ",", "-", "/", ":",
]), max_size=8).map(" ".join))
def test_the_split_dateline_test_equals_the_alternation(line: str) -> None:
    assert has_dateline(line.lower()) == (_DATELINE_REFERENCE.search(line) is not None)


_INNER_SENTENCE_REFERENCE = re.compile(r"[a-z][.!?][\"'”’)]?\s+[A-Z]")  # the definition, written from the letter


@given(st.lists(st.sampled_from([
    "a", "b.", "c!", "d?", "E", "F.", "x.'", "y.”", "z)", "A.", ".", "!", "?", "'", ")", "Go", "stop.", "é.", "1.",
]), max_size=12).flatmap(lambda words: st.sampled_from([" ", "  ", "\t"]).map(lambda gap: gap.join(words))))
def test_the_inner_sentences_are_counted_as_the_definition_says(line: str) -> None:
    # shapes.py writes the pattern from the stop so that `re` skips to the stops in C; it must count
    # the same sentence ends as the pattern written from the letter.
    expected = sum(1 for _ in _INNER_SENTENCE_REFERENCE.finditer(line))
    assert sum(1 for _ in shapes._INNER_SENTENCE.finditer(line)) == expected
    for allowed in range(4):
        ends = line.count(";") + (line[-1:] in ".!?") + expected
        assert shapes._more_sentences_than(line, allowed) is (ends > allowed)


@pytest.mark.parametrize("line", [
    "Related", "- Most read this week", "Comments (3)", "Reader comments:", "Comments are closed.", "Leave a reply",
    "MORE FROM THE BBC", "Discussion", "Related stories: the flood", "Comment", "The comments", "More",
])
def test_the_tail_heading_is_either_heading(line: str) -> None:
    assert (TAIL_HEAD.match(line) is not None) is bool(LIST_HEAD.match(line) or COMMENTS_HEAD.match(line))


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Tomás Lindqvist", True),
        ("Pieter van Dam", True),  # a particle in lower case
        ("ŁUKASZ NOWAK", True),  # capitals outside Latin-1
        ("Kevin O'Brien", True),
        ("Rene Johnston Toronto Star", True),  # the photographer and the paper
        ("Madonna", False),  # one word: a section as often as a name
        ("Term 3 Rules", False),  # a figure
        ("Phones Go Dark.", False),  # a sentence's full stop
        ("Hong Kong to fine restaurants", False),  # lower-case words
        ("One Two Three Four Five Six", False),  # too many words for a name
    ],
)
def test_a_name_alone(line: str, name: bool) -> None:
    from newsclusters.pipeline.rules.shapes import is_name_alone

    assert is_name_alone(line) is name
