"""The cleaning rules: a registry to read top to bottom.

A rule answers one question, "which of these lines are not article text?", and nothing else: it
doesn't edit text, count or log. There are two shapes, one interface:

* a *line rule* looks at one normalised line (a regex or a small predicate);
* a *page rule* also looks at the line's neighbours: its block (lines not separated by a blank
  line), the headline, what earlier rules already removed.

Both expose ``find(page) -> indices``; line rules also expose ``matches(line)``. Names are permanent
(``_v1``): when a rule's behaviour changes, register a ``_v2`` and retire the ``_v1``. Order matters:
the cleaner applies line rules first (the first that matches names the removal), then page rules in
registration order, each seeing what the earlier ones removed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from newsclusters.errors import RuleError


@dataclass(frozen=True)
class Page:
    """A read-only view of one document for page rules.

    ``lines`` are the normalised non-blank lines; ``blocks[i]`` numbers the run of lines (separated
    by blank lines) that line i belongs to; ``removed`` maps a line index to the rule that already
    removed it.
    """

    lines: tuple[str, ...]
    blocks: tuple[int, ...]
    removed: Mapping[int, str] = field(default_factory=dict)

    @classmethod
    def from_blocks(cls, blocks: Iterable[Iterable[str]]) -> Page:
        """Build a page from paragraphs of lines (handy in tests)."""
        lines: list[str] = []
        ids: list[int] = []
        for number, block in enumerate(blocks):
            for line in block:
                lines.append(line)
                ids.append(number)
        return cls(tuple(lines), tuple(ids))

    def kept(self) -> list[int]:
        return [i for i in range(len(self.lines)) if i not in self.removed]

    def block_members(self, index: int) -> list[int]:
        block = self.blocks[index]
        return [i for i, b in enumerate(self.blocks) if b == block]


@dataclass(frozen=True)
class Rule:
    name: str  # snake_case + _vN, permanent
    reason: str  # one sentence: why such a line is not article text
    find: Callable[[Page], Iterable[int]]  # indices of the lines it removes
    pattern: str | None = None  # set for line rules: fullmatch on the normalised line
    ignore_case: bool = True

    @property
    def is_line_rule(self) -> bool:
        return self.pattern is not None

    def matches(self, line: str) -> bool:
        """For line rules: does this one line match? (Page rules answer via `find`.)"""
        return bool(set(self.find(Page((line,), (0,)))))


RULES: dict[str, Rule] = {}


def _add(rule: Rule) -> Rule:
    if rule.name in RULES:
        raise RuleError(f"rule {rule.name!r} is already registered")
    if not re.fullmatch(r"[a-z][a-z0-9_]*_v[0-9]+", rule.name):
        raise RuleError(f"rule name {rule.name!r} must be snake_case ending in _vN")
    RULES[rule.name] = rule
    return rule


def line_rule(name: str, reason: str, pattern: str, *, ignore_case: bool = True) -> Rule:
    """Register a rule that removes every line the pattern matches in full."""
    compiled = re.compile(pattern, re.IGNORECASE if ignore_case else 0)

    def find(page: Page) -> list[int]:
        return [i for i, line in enumerate(page.lines) if compiled.fullmatch(line)]

    return _add(Rule(name, reason, find, pattern=pattern, ignore_case=ignore_case))


def page_rule(name: str, reason: str) -> Callable[[Callable[[Page], Iterable[int]]], Callable[[Page], Iterable[int]]]:
    """Register the decorated function as a page rule."""

    def decorate(find: Callable[[Page], Iterable[int]]) -> Callable[[Page], Iterable[int]]:
        _add(Rule(name, reason, find))
        return find

    return decorate


def get_rule(name: str) -> Rule:
    if name not in RULES:
        raise RuleError(f"unknown rule {name!r}; known rules: {', '.join(sorted(RULES))}")
    return RULES[name]


# --- shared line shapes -------------------------------------------------------------------------

# A sentence ends in . ! ? … (or : ;), possibly followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…:;,][\"'”’»)\]]*$")
_WORD = re.compile(r"\w+(?:['’.-]\w+)*")

# "Jamie McCarthy/WireImage", "@KimKardashian/Twitter", "Balenciaga / LANDMARK MEDIA / Alamy":
# a few name-like words, then one or more "/ Agency" parts; no sentence punctuation.
_NAME = r"@?[\w][\w.'’&-]*(?: [\w][\w.'’&-]*){0,4}"
_AGENCY = r"[A-Z@][\w.'’&-]*(?: [\w.'’&-]+){0,3}"
CREDIT_SLASH = rf"{_NAME}(?: ?/ ?{_AGENCY})+"


def word_count(line: str) -> int:
    return len(_WORD.findall(line))


def ends_sentence(line: str) -> bool:
    return _SENTENCE_END.search(line) is not None


def is_credit_shaped(line: str) -> bool:
    """Short, name-like and unpunctuated: how a photo credit looks when it has no slash."""
    words = word_count(line)
    return 1 <= words <= 4 and not ends_sentence(line) and not line[:1].islower()


# --- line rules: each removes lines of one recognisable kind ------------------------------------

line_rule(
    "notification_prompt_v1",
    "Browser or app prompts asking the reader to allow notifications are site chrome.",
    r"(?:(?:click|tap|press|select)\b.{0,60}\b(?:allow|ok|enable)\b.{0,60}\bnotifications?\b.*"
    r"|(?:enable|turn on|allow|get) (?:push |browser |breaking news )?(?:notifications|alerts)\b.*"
    r"|.*\bnever miss (?:out|a story|an update)\b.{0,80}\b(?:send you|reminders|notifications|alerts)\b.*)",
)
line_rule(
    "newsletter_prompt_v1",
    "Invitations to sign up for a newsletter advertise the outlet, not the story.",
    r"(?:never miss[^.]{0,40}?[—–:-]\s*)?(?:sign up|subscribe|register)\b.{0,120}\bnewsletters?\b.*"
    r"|.{0,120}\bnewsletters?\b.{0,120}\b(?:to|in) your inbox\b.*",
)
line_rule(
    "related_link_v1",
    "A label such as 'RELATED:' or 'Read more:' followed by a headline links to another story.",
    r"(?:related|related articles?|related stories|read more|read also|also read|see also|more on this"
    r"|recommended|watch|listen)\s*[:|»>]\s*\S.*",
)
line_rule(
    "more_from_outlet_v1",
    "'More from <Outlet>' heads a list of the outlet's other stories.",
    r"(?:More|MORE) (?:[Ff]rom|FROM|[Oo]n|ON) (?:[A-Z0-9][\w&'’.-]*)(?: [A-Z0-9][\w&'’.-]*){0,3}:?",
    ignore_case=False,
)
line_rule(
    "read_full_article_link_v1",
    "Links that send the reader elsewhere to read or continue the article are not its text.",
    r"(?:click|tap) here to (?:read|see|view|continue|watch)\b.{0,80}"
    r"|(?:continue reading|read the full (?:article|story)|read full (?:article|story))(?: here)?\W{0,3}",
)
line_rule(
    "topics_tag_line_v1",
    "Tag and topic lists ('Topics: Fashion, Kim Kardashian') index the page, they don't report.",
    r"(?:topics|tags|tagged|tagged with|filed under|categories)\s*:\s*\S[^.!?]{0,200}",
)
line_rule(
    "image_credit_v1",
    "Photo credits ('Name/Agency', '@handle/Twitter', 'Featured Image Credit: ...') attribute pictures.",
    r"(?:featured )?(?:image|photo|picture|photograph)s?(?: credits?)?\s*[:|]\s*[^.!?]{1,120}"
    r"|(?:photo|image|picture)s? (?:by|courtesy(?: of)?)\s+[^.!?]{1,80}"
    rf"|\(?(?:{CREDIT_SLASH})\)?",
)
line_rule(
    "widget_error_v1",
    "Error text of an embedded widget that failed to load ('Oops! Something went wrong.').",
    r"(?:[•·*-]\s*)?(?:oops[!.]?(?: something went wrong[.!]?)?(?: please try again(?: later)?[.!]?)?"
    r"|something went wrong[.!]?(?: please try again(?: later)?[.!]?)?"
    r"|please try again(?: later)?[.!]?)",
)


# --- page rules: decisions that need the neighbours ---------------------------------------------

_CREDIT_RULE = "image_credit_v1"


@page_rule(
    "caption_with_credit_v1",
    "A short block whose last line is a photo credit is an image caption and its credit.",
)
def _caption_with_credit(page: Page) -> list[int]:
    found: list[int] = []
    if len(set(page.blocks)) < 3:
        return found  # without blank-line paragraphs there are no figure blocks to tell apart
    seen: set[int] = set()
    for i in range(len(page.lines)):
        block = page.blocks[i]
        if block in seen:
            continue
        seen.add(block)
        members = page.block_members(i)
        if not 2 <= len(members) <= 3:
            continue
        last = members[-1]
        credit = page.removed.get(last) == _CREDIT_RULE or (
            last not in page.removed and is_credit_shaped(page.lines[last])
        )
        captions = members[:-1]
        if credit and all(ends_sentence(page.lines[c]) and word_count(page.lines[c]) <= 60 for c in captions):
            found.extend(i for i in members if i not in page.removed)
    return found


@page_rule(
    "repeated_caption_before_credit_v1",
    "A line shown twice (alt text and caption) right before a photo credit is an image caption.",
)
def _repeated_caption(page: Page) -> list[int]:
    found: list[int] = []
    for credit in (i for i, rule in page.removed.items() if rule == _CREDIT_RULE):
        before = [i for i in range(credit) if page.blocks[i] == page.blocks[credit] - 1]
        if len(before) >= 2 and all(_same(page.lines[i], page.lines[before[0]]) for i in before):
            found.extend(i for i in before if i not in page.removed)
    return found


# The headline is decided last: it is the first line that every other rule kept.
HEADLINE_RULE = "headline_to_title_v1"


@page_rule(HEADLINE_RULE, "The headline opens the page; it becomes the record's `title`, not body text.")
def _headline(page: Page) -> list[int]:
    kept = page.kept()
    if not kept:
        return []
    first = kept[0]
    line = page.lines[first]
    if not any(not _same(page.lines[i], line) for i in kept[1:]):
        return []  # a text that is only this line (or its repeats) is all body
    if 2 <= word_count(line) <= 30 and len(line) <= 250 and not ends_sentence(line) and not line[:1].islower():
        return [first]
    return []


def _same(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


@page_rule("duplicate_headline_v1", "A repeat of the headline (page title and on-page heading) is not body text.")
def _duplicate_headline(page: Page) -> list[int]:
    heads = [page.lines[i] for i, rule in page.removed.items() if rule == HEADLINE_RULE]
    if not heads:
        return []
    return [i for i in page.kept() if _same(page.lines[i], heads[0])]
