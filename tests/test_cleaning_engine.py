"""The cleaner's machinery: the corpus count pass, and the fast line matcher against the rules' definition."""

from __future__ import annotations

import os
from collections import Counter

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsclusters.pipeline.clean import (
    REPEAT_MIN_CLUSTERS,
    Cleaner,
    cluster_line_keys,
    count_cluster_lines,
    count_lines,
    line_keys,
    normalise_line,
)
from newsclusters.errors import RuleError
from newsclusters.pipeline.rules import RULES, LineTest, Rule

PROSE = "The council approved the flood defence budget on Monday after a long debate that ran late."
MENU = "Privacy and Cookie Choices Here"
LINE_RULES = [r for r in RULES.values() if r.is_line_rule]
SETTINGS = settings(
    max_examples=int(os.environ.get("NC_EXAMPLES", "400")), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def test_threshold_is_a_module_constant() -> None:
    assert REPEAT_MIN_CLUSTERS == 4


def test_line_keys_ignore_case_spacing_bullets_and_repeats_within_a_document() -> None:
    assert line_keys(f"{MENU}\n* {MENU.upper()}\n\n  {MENU}  |") == line_keys(MENU)
    assert line_keys("A line\r\nB line") == line_keys("A line\nB line")
    assert line_keys("x" * 301) == set()  # long lines are paragraphs: never counted


def test_counts_from_shards_add_up() -> None:
    docs = [f"{MENU}\nStory {i} is here." for i in range(6)]
    assert count_lines(docs[:2]) + count_lines(docs[2:]) == count_lines(docs)
    assert count_lines(docs)[next(iter(line_keys(MENU)))] == 6


def test_counts_are_of_story_clusters_not_documents() -> None:
    """Five copies of one wire story share a subhead: one cluster, counted once."""
    story = [f"Flood Defences: What Happens Next\nCopy {i} of the wire story." for i in range(5)]
    (subhead,) = line_keys("Flood Defences: What Happens Next")
    counts = count_cluster_lines([story, [MENU], [MENU, MENU]])
    assert counts[subhead] == 1 and counts[next(iter(line_keys(MENU)))] == 2
    assert cluster_line_keys(story) == set().union(*map(line_keys, story))
    assert count_lines(story)[subhead] == 5  # without clusters, each document is its own


def test_repeated_line_is_removed_only_with_counts_at_the_threshold() -> None:
    text = f"{PROSE}\n{MENU}\n{PROSE} Again."
    below = count_lines([MENU] * (REPEAT_MIN_CLUSTERS - 1))
    at = count_lines([MENU] * REPEAT_MIN_CLUSTERS)
    cleaner = Cleaner()
    assert MENU in cleaner.clean(text).text
    assert MENU in cleaner.clean(text, below).text
    assert MENU in cleaner.clean(text, Counter()).text
    cleaned = cleaner.clean(text, at)
    assert MENU not in cleaned.text
    assert [r.rule for r in cleaned.removed] == ["corpus_repeated_v5"]


def test_line_verdict_memo_is_bounded_and_exact() -> None:
    cleaner = Cleaner()
    matcher = cleaner._matcher
    lines = [f"Line number {i} here" for i in range(matcher.MEMO_MAX + 10)]
    matcher.verdicts(lines)
    matcher.verdicts(["Advertisement"])
    assert len(matcher.memo) <= matcher.MEMO_MAX + 10
    assert cleaner.clean("Advertisement\n" + PROSE).removed[0].rule == "advertisement_v12"
    assert cleaner.clean("Advertisement\n" + PROSE).removed[0].rule == "advertisement_v12"  # from the memo


_pieces = st.sampled_from([
    "* ", "| ", "By ", "Photo: ", "Getty Images", "/", "Twitter", "RELATED: ", "Read more", "©", "2019", "Copyright ",
    "all rights reserved", "newsletter", "inbox", "cookie", "Click here", "share", "Advertisement", "Updated:", "Nov. 19",
    "10:40 PM", "{", ";", "document.write", "Jane Doe", "said.", "the council", "İ", "١٢", "writer", "[VIDEO]", ")", " ",
])
_lines = st.one_of(
    st.lists(_pieces, max_size=6).map("".join),
    st.text(max_size=60),
    # long lines around the matcher's length limits (110-400 characters), keywords included
    st.tuples(st.integers(90, 420), st.lists(_pieces, max_size=4)).map(lambda t: "a " * (t[0] // 2) + "".join(t[1])),
)


@SETTINGS
@given(st.lists(_lines, min_size=1, max_size=8))
def test_fast_matcher_agrees_with_rule_definitions(lines: list[str]) -> None:
    normalised = [normalise_line(line) for line in lines]
    normalised = [line for line in normalised if line]
    verdicts = Cleaner(LINE_RULES)._matcher.verdicts(normalised)
    for line, verdict in zip(normalised, verdicts):
        expected = next((i for i, rule in enumerate(LINE_RULES) if rule.matches(line)), -1)
        assert verdict == expected, (line, LINE_RULES[verdict].name if verdict >= 0 else None)


def test_a_header_only_first_line_does_not_break_page_rules() -> None:
    # The date header can be the whole first line: page rules then see an empty, removed line 0.
    text = f"date 2024-01-02\n\nCouncil Approves Budget\n{PROSE}\n{PROSE} Again.\nHome\n* Sport"
    cleaned = Cleaner().clean(text, count_lines([text] + ["Home\n* Sport"] * 4))  # the chrome is in 5 clusters
    assert cleaned.date == "2024-01-02" and cleaned.title == "Council Approves Budget"
    assert PROSE in cleaned.text


@pytest.mark.parametrize("max_len", [110, 199, 200, 201, 250, 300, 301, 399, 400, 401, 1000])
def test_anywhere_rules_see_every_line_up_to_their_length_limit(max_len: int) -> None:
    """A line at the rule's limit must still be looked at for keywords."""
    rule = Rule("needle_v1", "Test rule.", lambda page: [], LineTest(anywhere="needle", keywords=("needle",), max_len=max_len))
    at_limit = ("x " * max_len)[: max_len - 6] + "needle"
    matcher = Cleaner([rule])._matcher
    assert matcher.verdicts(["a short line", at_limit]) == [-1, 0]  # the only line holding the keyword
    assert matcher.verdicts([at_limit + "s", "needle"]) == [-1, 0]


@pytest.mark.parametrize("line", ["reporting today", "an abcdef line", "port", "cdef"])
def test_anywhere_keywords_are_found_inside_and_across_each_other(line: str) -> None:
    """Every rule's keywords are found in one scan: a keyword inside another ('port' in 'reporting') or
    sharing letters with one ('abcd', 'cdef') still gives its rule the line when the other rule passes."""
    def rule(name: str, pattern: str, keyword: str) -> Rule:
        return Rule(name, "Test rule.", lambda page: [], LineTest(anywhere=pattern, keywords=(keyword,)))

    rules = [rule("outer_v1", "reporting live", "reporting"), rule("left_v1", "abcd!", "abcd"),
             rule("inner_v1", "port", "port"), rule("right_v1", "cdef", "cdef")]
    expected = next(i for i, r in enumerate(rules) if r.matches(line))
    assert Cleaner(rules)._matcher.verdicts([line]) == [expected]


@pytest.mark.parametrize("line", ["donate today", "readers like you keep us going", "like you, I donate", "nothing here",
                                  "consider it", "we need your support: donate now"])
def test_gated_patterns_are_searched_in_lines_holding_their_own_keywords(line: str) -> None:
    """A gated pattern runs only where one of its own keywords is; the matcher gives the definition's verdict,
    with a rule's other patterns and an earlier rule's gated one beside it."""
    first = Rule("first_v1", "Test rule.", lambda page: [],
                 LineTest(anywhere="keep us", keywords=("keep",), gated=((("donate",), r"^donate (?:today|now)"),)))
    second = Rule("second_v1", "Test rule.", lambda page: [],
                  LineTest(gated=((("readers like you",), "readers like you"), (("donate",), "donate now"))))
    rules = [first, second]
    expected = next((i for i, r in enumerate(rules) if r.matches(line)), -1)
    assert Cleaner(rules)._matcher.verdicts([line]) == [expected]


def test_a_gated_pattern_needs_keywords_of_its_own() -> None:
    with pytest.raises(RuleError, match="keywords of its own"):
        LineTest(gated=(((), "needle"),))
    with pytest.raises(RuleError, match="keywords of its own"):
        LineTest(gated=((("",), "needle"),))


def test_a_line_with_a_lone_surrogate_gets_the_verdict_of_the_rules() -> None:
    """The keyword automaton reads UTF-8; a line a caller built with a lone surrogate is scanned in Python."""
    lines = ["copyright \udcff 2020 all rights reserved", "\udcff newsletter sign up \udcff"]
    verdicts = Cleaner(LINE_RULES)._matcher.verdicts(lines)
    assert verdicts == [next((i for i, rule in enumerate(LINE_RULES) if rule.matches(line)), -1) for line in lines]
    assert verdicts[0] >= 0


@pytest.mark.parametrize("max_len", [60, 89, 90, 91, 119, 120, 121, 299, 300, 301, 1000])
def test_start_rules_see_every_line_up_to_their_length_limit(max_len: int) -> None:
    """`start` patterns are tried per range of line sizes: a line at the rule's limit must still be tried,
    and a shorter rule's match on a longer line must leave the verdict to the next rule that matches."""
    short = Rule("short_v1", "Test rule.", lambda page: [], LineTest(start="needle", max_len=max_len))
    long = Rule("long_v1", "Test rule.", lambda page: [], LineTest(start="need", max_len=2000))
    at_limit = ("needle " + "x " * max_len)[:max_len]
    matcher = Cleaner([short, long])._matcher
    assert matcher.verdicts([at_limit, at_limit + "y", "* " + at_limit[:-2]]) == [0, 1, 0]


def test_anywhere_rules_with_empty_keywords_or_ends_see_every_line() -> None:
    """An empty keyword or suffix is in every line: the C scans must not skip (nor crash on) them."""
    for test in (LineTest(anywhere="needle", keywords=("",)), LineTest(anywhere="needle", ends=("",))):
        matcher = Cleaner([Rule("needle_v1", "Test rule.", lambda page: [], test)])._matcher
        assert matcher.verdicts(["a needle here", "nothing", "* needle"]) == [0, -1, 0]
        assert matcher.verdicts(["x" * 500]) == [-1]  # longer than every tier: no line to scan


def test_a_documents_site_comes_from_its_url_alone() -> None:
    """Hosts of one registrable domain are one site; no URL, an address without a host or one that
    doesn't parse, and an outlet's name never make a site (the site rule then stays silent)."""
    from newsclusters.pipeline.rules import document_site, site_of

    assert site_of("https://ca.reuters.com/a") == site_of("https://www.reuters.com/b") == "reuters.com"
    assert site_of("http://news.bbc.co.uk/1/hi/x.stm") == "bbc.co.uk"
    assert [site_of(u) for u in (None, "", "not a url", "http://[::1")] == [None, None, None, None]
    assert document_site({"url": "https://gazette.co.uk/a", "source": "Gazette"}) == "gazette.co.uk"
    assert document_site({"source": "Gazette"}) is None and document_site({"url": 7}) is None


# URLs built to reach every branch of `urlsplit`: schemes valid and not, the authority's delimiters,
# brackets, user info, a port, the characters it deletes (tab, line breaks) or strips (leading control
# characters and spaces), and letters NFKC turns into a delimiter ('℀' is 'a/c').
_PIECES = ["/", "?", "#", "@", ":", "[", "]", "[::1]", ":80", ".", " ", "\t", "\n", "\r", "\x00", "\x1f", "\u2100",
           "\uff0f", "é", "%2F", "\ud800", "a", "www", "news.bbc.co.uk", "Example.COM.", "ca.reuters.com"]
_URLS = st.tuples(
    st.sampled_from(["", "http", "HTTPS", "h2+x-y.z", "1http", " http", "\thttp", "ht\ttp", "mailto"]),
    st.sampled_from(["", ":", "://", ":/", ":\t//", "//", ":/\n/"]),
    st.lists(st.sampled_from(_PIECES[5:]), max_size=6),
    st.lists(st.sampled_from(_PIECES), max_size=6),
).map(lambda parts: parts[0] + parts[1] + "".join(parts[2]) + "".join(parts[3]))


@SETTINGS
@given(_URLS)
@example("http://reader:pw@news.bbc.co.uk:8080/1/hi?x=1#top")  # user info and a port: the host is after both
@example("HTTPS://Example.COM./a")
def test_the_site_read_from_a_urls_head_is_the_site_of_the_whole_url(url: str) -> None:
    """`site_of` looks the site up by the URL's head (scheme, '//', authority); it must be what reading
    the whole URL gives, for URLs that parse, that don't, and that `urlsplit` edits before reading."""
    from newsclusters.pipeline.rules.repeats import _site_of_url, site_of

    assert site_of(url) == _site_of_url(url)
    if "reader:pw" in url:
        assert site_of(url) == "bbc.co.uk"


def test_urls_of_one_head_read_their_site_once() -> None:
    """The speed of `site_of` is that a head's site is read once (every article's URL differs)."""
    from newsclusters.pipeline.rules.repeats import _site_of_head, site_of

    _site_of_head.cache_clear()
    sites = {site_of(f"https://www.example.co.uk/2024/story-{n}.html") for n in range(3)}
    assert sites == {"example.co.uk"} and _site_of_head.cache_info().hits == 2
