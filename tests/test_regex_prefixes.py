"""How a pattern's match can begin: never a match missed (a superset), and selective enough to pay."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newsclusters.pipeline.regex_prefixes import PrefixTrie, prefix_trie, prefixes
from newsclusters.pipeline.rules.registry import RULES

DEPTH = 3
# Constructs the reading must get right: optional and repeated parts, empty repeats, anchors, look-arounds,
# classes (negated, ranges, categories), lazy, possessive and atomic repeats, nested alternation.
PATTERNS = (
    r"share this", r"(?:leave|post) a (?:reply|comment)", r"(?:[-*•]\s*)?(?:updated|posted):? \d",
    r"(?:a?){3}b", r"x{0}yz", r"(?=ab)a", r"(?!ab)\w\w", r"\bfoo", r"\W*$", r"a$", r"ab\Z", r"[^a]bc",
    r"\d+ comments?", r"[a-c0-2]{2,}x", r".{0,2}z", r"a*?b", r"a++b", r"(?>ab|a)c", r"((?:ab)|(?:cd)){2}",
    r"(?:x|)y", r"\s?\S", r"[\W\d]q", r"(?:by|from) ", r"é[ß-ÿ]",
)
_pieces = st.sampled_from(["a", "b", "c", "ab", "x", "y", "z", "q", "-", "* ", "•", " ", "1", "2", "é", "ß", "ÿ",
                           "share this", "leave a reply", "updated: 1", "foo", "by ", "comments", "\n", "_", "!"])


@given(st.lists(_pieces, min_size=1, max_size=6).map("".join))
@example("aab")
@example("- updated 3")
@example("•posted: 9")
@example("abab")
@example("a\n")
@example("12 comments")
@example("ééé")
def test_a_pattern_is_never_skipped_on_a_string_it_matches(text: str) -> None:
    trie = PrefixTrie([prefixes(pattern, DEPTH) for pattern in PATTERNS], DEPTH)
    admitted = set(trie.admitted(text[:DEPTH]))
    for k, pattern in enumerate(PATTERNS):
        if re.match(pattern, text):
            assert k in admitted, (pattern, text)


def test_the_rules_start_patterns_are_read_and_narrow_the_lines_they_are_tried_on() -> None:
    # The speed of the line rules rests on this: most patterns are read, and a head rules most of them out.
    starts = tuple(rule.test.start for rule in RULES.values() if rule.test is not None and rule.test.start)
    assert sum(prefixes(start, DEPTH) is None for start in starts) <= 1
    trie = prefix_trie(starts, DEPTH)
    for head in ("the", "sha", "cop", "by "):
        assert len(trie.admitted(head)) <= len(starts) // 3, head


@pytest.mark.parametrize(("pattern", "head", "admitted"), [
    ("share this", "sha", True), ("share this", "shx", False), ("(?:leave|post) a", "pos", True),
    ("(?:leave|post) a", "lex", False), (r"\d+ comments?", "4 c", True), (r"\d+ comments?", "x c", False),
    (r"\d+ comments?", "٤ c", True),  # '\d' is any decimal digit, as `re` reads it
    ("a$", "ab ", False), ("a$", "a\nb", True), (r"ab\Z", "abc", False), ("[^a]bc", "abc", False),
    ("[^a]bc", "xbc", True), ("[^ab1-3]c", "2c ", False), ("[^ab1-3]c", "xc ", True), ("(?=ab)a", "ac ", True),  # a look-ahead is taken as true: a superset
    ("x{0}yz", "yz ", True), ("x{0}yz", "xyz", False), ("(?:a?){3}b", "b  ", True), ("a*?b", "aab", True),
    ("a*?b", "aaa", True),  # 'aaab' would match: the head can't tell
    ("a*?b", "aac", False),
    (r"\W*$", "   ", True), (r"\W*$", "abc", False),
])
def test_a_head_is_admitted_only_when_a_match_could_begin_with_it(pattern: str, head: str, admitted: bool) -> None:
    assert (PrefixTrie([prefixes(pattern, DEPTH)], DEPTH).admitted(head) == [0]) is admitted


@pytest.mark.parametrize("pattern", [r"(?i)share", r"a(?i:b)", r"(a)\1", r"(a)?(?(1)b|c)", r"(?m)^a"])
def test_what_is_not_read_is_always_tried(pattern: str) -> None:
    assert prefixes(pattern, DEPTH) is None
    assert PrefixTrie([prefixes(pattern, DEPTH)], DEPTH).admitted("zzz") == [0]


def test_a_head_shorter_than_the_prefixes_admits_every_pattern() -> None:
    trie = PrefixTrie([prefixes("abc", DEPTH), prefixes("xyz", DEPTH)], DEPTH)
    assert trie.admitted("ab") == [0, 1] and trie.admitted("abc") == [0]


@pytest.mark.parametrize(("pattern", "line"), [(r"ok\Z", "ok"), (r"ab\Z|cd", "ab"), (r"a$", "a")])
def test_a_line_shorter_than_the_head_is_tried_where_its_end_matches(pattern: str, line: str) -> None:
    # '\Z' can't match before the head's last character, so its branch leaves no prefix: a line that ends
    # sooner must still be tried (the trie's depth is the one asked for, not its longest prefix).
    trie = PrefixTrie([prefixes(pattern, DEPTH)], DEPTH)
    assert re.match(pattern, line) and trie.admitted(line[:DEPTH]) == [0]
