"""How a regular expression's match can begin, read from the parse `re.compile` itself makes.

The cleaner tries some thirty `start` patterns at the start of every line. Tried as one alternation,
Python's `re` enters branch after branch that could never match the line's first letters: about 3 us
a line, the largest single cost of the line rules. A pattern's *prefixes* are the ways its match can
begin, one character test per character, up to a few characters: a line whose first characters pass
none of them can't match, and the pattern isn't tried on it.

The prefixes are a superset: look-arounds and word boundaries are taken as always true, so a
pattern is never skipped on a line it matches. A construct not understood here (flags, group
references) gives None: try the pattern on every line.
"""

from __future__ import annotations

import re
from functools import lru_cache
from re import _constants as sre  # type: ignore[attr-defined]  # the names of `re`'s parse tree
from re import _parser as sre_parse  # type: ignore[attr-defined]  # `re.compile`'s own parser

# One character test: ("lit", code) | ("not", code) | ("any",) | ("cat", category) | ("in", items).
CharTest = tuple
Prefix = tuple[CharTest, ...]
_State = tuple[Prefix, bool]  # a prefix read so far, and whether the match stops there ('$' read)

MAX_PREFIXES = 5_000  # more ways to begin than this: not worth indexing, always try the pattern
_CATEGORIES = {  # compiled as `re` compiles them for a str pattern (Unicode), so a test agrees with it
    sre.CATEGORY_DIGIT: re.compile(r"\d"),
    sre.CATEGORY_NOT_DIGIT: re.compile(r"\D"),
    sre.CATEGORY_SPACE: re.compile(r"\s"),
    sre.CATEGORY_NOT_SPACE: re.compile(r"\S"),
    sre.CATEGORY_WORD: re.compile(r"\w"),
    sre.CATEGORY_NOT_WORD: re.compile(r"\W"),
}
_SET_ITEMS = frozenset({sre.NEGATE, sre.LITERAL, sre.RANGE, sre.CATEGORY})


class _Unsupported(Exception):
    """A construct whose first characters this module does not read."""


@lru_cache(maxsize=1024)
def prefixes(pattern: str, depth: int) -> frozenset[Prefix] | None:
    """The ways a match of `pattern` at a string's start can begin, each at most `depth` character tests
    long (shorter where the match can end sooner), or None when not known. Cached: a pure function of
    its arguments, asked again by every Cleaner built."""
    parsed = sre_parse.parse(pattern)  # a bad pattern fails here as it would in re.compile
    try:
        if parsed.state.flags & ~re.UNICODE:  # IGNORECASE, ASCII, MULTILINE, DOTALL, ...: not read here
            return None
        return frozenset(path for path, _ in _sequence(parsed.data, depth))
    except Exception:  # noqa: BLE001  a construct not read, or a parse tree of another shape (`re`'s internals
        return None  # are private and may change): the pattern is tried on every line, never skipped


@lru_cache(maxsize=64)
def prefix_trie(patterns: tuple[str, ...], depth: int) -> PrefixTrie:
    """The trie of these patterns' prefixes (`prefixes`), built once per process for each set of patterns:
    every Cleaner with the same rules shares it (it is never changed after it is built)."""
    return PrefixTrie([prefixes(pattern, depth) for pattern in patterns], depth)


class PrefixTrie:
    """The prefixes of several patterns in one trie of character tests, literal ones looked up by code
    point: a string's head walks it once, each distinct test of a level tried once, and collects every
    pattern that may match (a pattern may begin a thousand ways; thirty of them as many more)."""

    def __init__(self, patterns: list[frozenset[Prefix] | None], depth: int) -> None:
        self.count = len(patterns)
        self.always = [k for k, found in enumerate(patterns) if found is None or () in found]
        self.depth = depth  # as asked of `prefixes`: a shorter head may end where '\Z' matches
        tree: dict = {}
        for k, found in enumerate(patterns):
            for path in found or ():
                node = tree
                for test in path:
                    node = node.setdefault(test, {})
                node.setdefault(None, set()).add(k)  # pattern k has a prefix ending here
        self.root = _Node.of(tree)

    def admitted(self, head: str) -> list[int]:
        """The patterns (by position, in order) whose match may begin with `head`, the first `depth` characters
        of a string; all of them for a shorter head (the string ends there, where the prefixes can't tell)."""
        if len(head) < self.depth:
            return list(range(self.count))
        found = set(self.always)
        self.root.collect(head, 0, found)
        return sorted(found)


class _Node:
    __slots__ = ("ends", "literals", "others")

    def __init__(self, ends: frozenset[int], literals: dict[int, _Node], others: list[tuple[CharTest, _Node]]) -> None:
        self.ends, self.literals, self.others = ends, literals, others

    @classmethod
    def of(cls, tree: dict) -> _Node:
        literals = {test[1]: cls.of(sub) for test, sub in tree.items() if test is not None and test[0] == "lit"}
        others = [(test, cls.of(sub)) for test, sub in tree.items() if test is not None and test[0] != "lit"]
        return cls(frozenset(tree.get(None, ())), literals, others)

    def collect(self, head: str, k: int, found: set[int]) -> None:
        found |= self.ends
        if k == len(head):
            return
        child = self.literals.get(ord(head[k]))
        if child is not None:
            child.collect(head, k + 1, found)
        for test, child in self.others:
            if accepts(test, head[k]):
                child.collect(head, k + 1, found)


def accepts(test: CharTest, char: str) -> bool:
    kind = test[0]
    if kind == "lit":
        return ord(char) == test[1]
    if kind == "not":
        return ord(char) != test[1]
    if kind == "any":
        return True  # '.' without DOTALL refuses only LF: a superset
    if kind == "cat":
        return _CATEGORIES[test[1]].match(char) is not None
    code, negate, hit = ord(char), False, False
    for op, value in test[1]:
        if op is sre.NEGATE:
            negate = True
        elif op is sre.LITERAL:
            hit = hit or code == value
        elif op is sre.RANGE:
            hit = hit or value[0] <= code <= value[1]
        else:
            hit = hit or _CATEGORIES[value].match(char) is not None
    return hit != negate


def _sequence(items: list, budget: int) -> set[_State]:
    states: set[_State] = {((), False)}
    for op, value in items:
        following: set[_State] = set()
        for path, stops in states:
            if stops or len(path) >= budget:
                following.add((path, stops))
                continue
            following.update((path + tail, ends) for tail, ends in _item(op, value, budget - len(path)))
        if len(following) > MAX_PREFIXES:
            raise _Unsupported("too many prefixes")
        states = following
    return states


def _item(op: object, value: object, budget: int) -> set[_State]:
    if op is sre.LITERAL:
        return {((("lit", value),), False)}
    if op is sre.NOT_LITERAL:
        return {((("not", value),), False)}
    if op is sre.ANY:
        return {((("any",),), False)}
    if op is sre.CATEGORY:
        if value not in _CATEGORIES:
            raise _Unsupported(str(value))
        return {((("cat", value),), False)}
    if op is sre.IN:
        items = tuple(value)  # type: ignore[arg-type]
        if any(o not in _SET_ITEMS or (o is sre.CATEGORY and v not in _CATEGORIES) for o, v in items):
            raise _Unsupported("set item")
        return {((("in", items),), False)}
    if op is sre.BRANCH:
        return set().union(*(_sequence(alternative.data, budget) for alternative in value[1]))  # type: ignore[index]
    if op is sre.SUBPATTERN:
        _, add_flags, del_flags, sub = value  # type: ignore[misc]
        if add_flags or del_flags:
            raise _Unsupported("scoped flags")
        return _sequence(sub.data, budget)
    if op is sre.ATOMIC_GROUP:
        return _sequence(value.data, budget)  # type: ignore[attr-defined]
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, sub = value  # type: ignore[misc]
        return _repeat(low, high, sub.data, budget)
    if op is sre.AT:
        # At a position before `budget` the text has a character: '\Z' can't match there, and '$' only
        # before a final LF. '^', '\b' and the rest are taken as true.
        if value is sre.AT_END:
            return {((("lit", 10),), True)}
        return set() if value is sre.AT_END_STRING else {((), False)}
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return {((), False)}  # a look-around, taken as true
    raise _Unsupported(str(op))


def _repeat(low: int, high: int, items: list, budget: int) -> set[_State]:
    """`items` repeated low..high times: the repeat may end after each count from `low` on."""
    settled: set[_State] = set()  # prefixes already as long as the budget, or ended by '$'
    result: set[_State] = set()
    seen: set[_State] = set()
    frontier: set[_State] = {((), False)}
    count = 0
    while frontier:
        growing = {s for s in frontier if not s[1] and len(s[0]) < budget}
        settled |= frontier - growing
        if count >= low:
            result |= growing
            growing -= seen  # past `low`, a prefix met before leads nowhere new
            seen |= growing
        if count >= high or not growing:
            break
        frontier = {(path + tail, ends) for path, _ in growing for tail, ends in _sequence(items, budget - len(path))}
        if len(frontier) > MAX_PREFIXES:
            raise _Unsupported("too many prefixes")
        count += 1
    return result | settled
