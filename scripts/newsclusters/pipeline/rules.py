"""The cleaning rules: a registry to read top to bottom.

A rule answers one question, "which of these lines are not article text?", and nothing else: it
doesn't edit text, count or log. There are two shapes, one interface:

* a *line rule* looks at one normalised line. Its test is data (`LineTest`): a few regexes on the
  lower-cased line, gated by keywords, plus exact whole-line phrases and an optional guard on the
  original-case line. The data lets the cleaner dispatch on the first character and scan keywords
  once per page instead of running every regex on every line; `Rule.matches(line)` is the plain,
  slow definition the fast path must agree with.
* a *page rule* also looks at the line's neighbours through a read-only `Page`: its block (lines
  not separated by a blank line), cheap per-line features (word counts, sentence ends, prose shape),
  what earlier rules already removed and, when the caller has them, corpus line counts.

Both expose ``find(page) -> indices``. Names are permanent (``_vN``): when a rule's behaviour
changes, register a ``_v(N+1)`` and move the old name to `RETIRED`. Order matters: the cleaner
applies line rules first (the first rule in registry order that matches names the removal), then
page rules in registration order, each seeing what the earlier ones removed.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property

from newsclusters.errors import RuleError


@dataclass(frozen=True)
class Page:
    """A read-only view of one document for page rules.

    ``lines`` are the normalised non-blank lines; ``blocks[i]`` numbers the run of lines (separated
    by blank lines) that line i belongs to; ``removed`` maps a line index to the rule that already
    removed it; ``by_line_rules`` are the indices the line rules (or the date header) took;
    ``line_counts`` maps `line_key` to the number of story clusters holding the line, or is None.
    Features are computed on first use and shared by all page rules.
    """

    lines: tuple[str, ...]
    blocks: tuple[int, ...]
    removed: Mapping[int, str] = field(default_factory=dict)
    by_line_rules: frozenset[int] = frozenset()
    line_counts: Mapping[int, int] | None = None

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

    @cached_property
    def low(self) -> tuple[str, ...]:
        return tuple(map(str.lower, self.lines))

    @cached_property
    def low_text(self) -> str:
        """The lower-cased lines joined, each after an LF: one string for a rule to scan in C first."""
        return "\n" + "\n".join(self.low)

    @cached_property
    def words(self) -> tuple[int, ...]:
        """Effective words: words, or characters / 7 for scripts written without spaces (CJK)."""
        return tuple([max(line.count(" ") + 1, len(line) // 7) for line in self.lines])  # a list first: faster

    @cached_property
    def ends(self) -> tuple[bool, ...]:
        """Ends like a sentence (a trailing table pipe ignored)."""
        return tuple([(line[-1:] if line[-1:] != "|" else _last_char(line)) in _TERMINAL for line in self.lines])

    @cached_property
    def blocky(self) -> bool:
        """Paragraph-per-block layout: blank lines separate most lines."""
        return len(self.lines) >= 4 and (self.blocks[-1] + 1) >= 0.6 * len(self.lines)

    @cached_property
    def menus(self) -> frozenset[int]:
        """Lines that are a menu run together into one line (`is_flattened_menu`)."""
        return frozenset(
            i for i, w in enumerate(self.words) if w >= FLAT_MENU_MIN_WORDS and is_flattened_menu(self.lines[i])
        )

    @cached_property
    def prose(self) -> tuple[bool, ...]:
        """Article-paragraph shape (not a menu run together into one line); a line continued by a
        lower-case line (hard wrap) counts too.

        A line a line rule removed wraps nothing, nor does a table row ('| ... |', closed by its pipe):
        either may be gone from the cleaned text, and the line under it must read the same when that
        text is cleaned again.
        """
        lines, words, removed, menus = self.lines, self.words, self.by_line_rules, self.menus
        prose = [_is_prose(line, w, e) for line, w, e in zip(lines, words, self.ends)]
        for i in menus:
            prose[i] = False
        for i in range(len(lines) - 1):
            if (not prose[i] and words[i] >= 6 and i not in removed and lines[i][-1] != "|"
                    and lines[i + 1][:1].islower() and words[i + 1] >= 4):
                prose[i] = True
                if words[i + 1] >= 6:
                    prose[i + 1] = True
        return tuple(prose)


@dataclass(frozen=True)
class LineTest:
    """What a line rule looks for, as data. All regexes run on the lower-cased normalised line.

    ``start`` must match at the line's start (leading bullets and table pipes skipped); ``anywhere``
    is searched only in lines holding one of ``keywords`` or ending with one of ``ends``; ``phrases``
    are whole lines (edge punctuation trimmed). ``guard`` may veto a hit, given the original line.
    """

    start: str = ""
    anywhere: str = ""
    keywords: tuple[str, ...] = ()
    ends: tuple[str, ...] = ()
    phrases: frozenset[str] = frozenset()
    max_len: int = 300
    guard: Callable[[str], bool] | None = None

    def __post_init__(self) -> None:
        if self.anywhere and not (self.keywords or self.ends):
            raise RuleError("an 'anywhere' pattern needs keywords or ends to gate it")

    @cached_property
    def _compiled(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        return (re.compile(self.start) if self.start else None, re.compile(self.anywhere) if self.anywhere else None)

    def __call__(self, line: str) -> bool:
        """The definition: does this (normalised) line match?"""
        if not line or len(line) > self.max_len:
            return False
        start, anywhere = self._compiled
        low = line.lower()
        hit = (
            (self.phrases and phrase_key(low) in self.phrases)
            or (start is not None and start.match(strip_bullets(low)) is not None)
            or (
                anywhere is not None
                and (any(k in low for k in self.keywords) or low.endswith(self.ends))
                and anywhere.search(low) is not None
            )
        )
        return bool(hit) and (self.guard is None or self.guard(line))


@dataclass(frozen=True)
class Rule:
    name: str  # snake_case + _vN, permanent
    reason: str  # one sentence: why such a line is not article text
    find: Callable[[Page], Iterable[int]]  # indices of the lines it removes
    test: LineTest | None = None  # set for line rules
    claims: bool = False  # a page rule that may re-label a line an earlier *page* rule removed (the headline)

    @property
    def is_line_rule(self) -> bool:
        return self.test is not None

    def matches(self, line: str) -> bool:
        """For line rules: does this one line match? (Page rules answer via `find`.)"""
        if self.test is None:
            raise RuleError(f"{self.name} is a page rule: it needs a page, not a line")
        return self.test(" ".join(line.split()))


RULES: dict[str, Rule] = {}
# Names that were used once and must never come back with another meaning: old name -> successor.
RETIRED: dict[str, str] = {
    "notification_prompt_v1": "notification_prompt_v3",
    "newsletter_prompt_v1": "newsletter_prompt_v2",
    "related_link_v1": "related_link_v2",
    "read_full_article_link_v1": "read_full_article_link_v2",
    "topics_tag_line_v1": "topics_tag_line_v2",
    "image_credit_v1": "image_credit_v2",
    "widget_error_v1": "widget_error_v2",
    "caption_with_credit_v1": "caption_with_credit_v2",
    "repeated_caption_before_credit_v1": "caption_with_credit_v2",
    "headline_to_title_v1": "headline_to_title_v3",
    "headline_to_title_v2": "headline_to_title_v3",  # the headline just above the article, not the page's first line
    "outside_article_span_v1": "outside_article_span_v3",  # short table cells no longer count as paragraphs
    "outside_article_span_v2": "outside_article_span_v3",  # tables and lists touching the article are kept with it
    "corpus_repeated_v1": "corpus_repeated_v2",  # counted documents; now story clusters
    "tail_teaser_run_v1": "tail_teaser_run_v2",  # a headline's one-sentence summary now counts with it
    "share_social_v1": "share_social_v2",  # share bars (several buttons in one line) go too
    "cookie_notice_v1": "cookie_notice_v2",  # 'you consent to our use of cookies' too; reported speech is kept
    "notification_prompt_v2": "notification_prompt_v3",  # e-mail alerts and the saved/managed-notification widget
    "paywall_prompt_v1": "paywall_prompt_v2",  # 'Subscribe for unlimited access', 'Please log in to use this feature'
    "timestamp_v1": "timestamp_v2",  # 'Tuesday', 'Wednesday', 'Thursday', 'Saturday' never matched (atomic group)
    "related_list_v1": "related_list_v2",  # a bulleted paragraph (20+ words, a sentence) ends the list
}


# Rules built outside the registry and off by default, their names reserved all the same: the learned
# line scorer (`newsclusters.pipeline.line_scorer`), which a caller adds to a Cleaner's rules to use it.
OPTIONAL: frozenset[str] = frozenset({"line_scorer_v1"})


def _add(rule: Rule) -> Rule:
    if rule.name in OPTIONAL:
        raise RuleError(f"rule name {rule.name!r} is reserved for an optional rule")
    if rule.name in RULES:
        raise RuleError(f"rule {rule.name!r} is already registered")
    if rule.name in RETIRED:
        raise RuleError(f"rule name {rule.name!r} is retired (now {RETIRED[rule.name]}); names are permanent")
    if not re.fullmatch(r"[a-z][a-z0-9_]*_v[0-9]+", rule.name):
        raise RuleError(f"rule name {rule.name!r} must be snake_case ending in _vN")
    RULES[rule.name] = rule
    return rule


def line_rule(
    name: str,
    reason: str,
    *,
    start: str = "",
    anywhere: str = "",
    keywords: Iterable[str] = (),
    ends: Iterable[str] = (),
    phrases: Iterable[str] = (),
    max_len: int = 300,
    guard: Callable[[str], bool] | None = None,
) -> Rule:
    """Register a rule that removes every line its `LineTest` matches."""
    test = LineTest(start, anywhere, tuple(keywords), tuple(ends), frozenset(phrases), max_len, guard)

    def find(page: Page) -> list[int]:
        return [i for i, line in enumerate(page.lines) if test(line)]

    return _add(Rule(name, reason, find, test))


def page_rule(
    name: str, reason: str, *, claims: bool = False
) -> Callable[[Callable[[Page], Iterable[int]]], Callable[[Page], Iterable[int]]]:
    """Register the decorated function as a page rule."""

    def decorate(find: Callable[[Page], Iterable[int]]) -> Callable[[Page], Iterable[int]]:
        _add(Rule(name, reason, find, claims=claims))
        return find

    return decorate


def get_rule(name: str) -> Rule:
    if name not in RULES:
        hint = f" (retired: use {RETIRED[name]})" if name in RETIRED else ""
        raise RuleError(f"unknown rule {name!r}{hint}; known rules: {', '.join(sorted(RULES))}")
    return RULES[name]


# --- shared line shapes -------------------------------------------------------------------------

# English function words: article prose is full of them, menus and link lists are not.
STOP_WORDS = frozenset(
    "a about after all also an and are as at be been but by can could did do from had has have he her his i if in "
    "into is it its more not of on one or our out said she so than that the their them there they this to up was "
    "we were what when which who will with would you".split()
)
_TERMINAL = frozenset(".!?…。！？»\"”’')")  # last character of a sentence-like line
_SENT_END = re.compile(r"[.!?…。！？]['\"”’)\]»]*$")
_BULLETS = "-*•|»›·–+ "  # skipped before `start` patterns ("* Share" -> "share")
_PHRASE_TRIM = " .:!?|»›>-–—…*•·()[]"


def _last_char(line: str) -> str:
    if line[-1:] != "|":
        return line[-1:]
    return (line.rstrip("| ") or "|")[-1]


def _is_prose(line: str, words: int, ends: bool) -> bool:
    """Long and sentence-like, not a strip of short '|' cells."""
    if words < 8:
        return False
    if "|" in line:
        cells = [c for c in line.split("|") if len(c) > 1]
        if len(cells) >= 3 and max(c.count(" ") for c in cells) < 16:
            return False
    if words >= 15:
        return True
    return ends and not line.endswith(("...", "…"))


# A site's menu, tag cloud or index printed as one line ('Home News Sport Football Racing Cricket ...',
# 'Afghanistan Barack Obama Bekam Bid'ah Buku Iman ...'): a long line of capitalised names in which no
# sentence ends and almost no function word stands. An article's list of names ('Squad: Graeme Smith
# (captain), Herschelle Gibbs, ...') separates them with commas; its headlines are shorter. Such a line
# is not prose, so the article span does not run over it.
FLAT_MENU_MIN_WORDS = 15
FLAT_MENU_CAPITALISED = 0.75  # share of its words that start with a capital or a digit
FLAT_MENU_STOP_MAX = 0.2  # share of English function words (article prose has 30-50%; titles in a menu some)
FLAT_MENU_COMMAS_MAX = 0.1  # commas per word
FLAT_MENU_WORDS_PER_END = 50  # a long menu's names may end in '.', '!' or ';' ('Inc.', 'Panic!'): one per 50 words
_INNER_SENTENCE = re.compile(r"[a-z][.!?][\"'”’)]?\s+[A-Z]")  # a sentence ending inside the line


def is_flattened_menu(line: str) -> bool:
    """A menu, tag cloud or site index run together into one line (the shape above), not prose."""
    # Most lines this long are prose, turned away by their sentences before the words are counted one
    # by one (the line's token count, at least its word count, bounds the sentences allowed).
    if _more_sentences_than(line, (line.count(" ") + 1) // FLAT_MENU_WORDS_PER_END):
        return False
    tokens = line.split()
    if sum(1 for t in tokens if t[0].islower()) > (1 - FLAT_MENU_CAPITALISED) * len(tokens):
        return False  # too many words start lower-case
    words = [token for token in tokens if any(c.isalpha() for c in token)]
    n = len(words)
    if n < FLAT_MENU_MIN_WORDS or line.count(",") > FLAT_MENU_COMMAS_MAX * n:
        return False
    if _more_sentences_than(line, n // FLAT_MENU_WORDS_PER_END):
        return False
    if any(sign in line for sign in "$€£¥"):
        return False  # a product with its price ('... Gaming Monitor with RGB, Now $649.99')
    capitalised = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    stop = sum(1 for w in words if w.lower().strip(".,:!?\"'()") in STOP_WORDS)
    return capitalised >= FLAT_MENU_CAPITALISED * n and stop <= FLAT_MENU_STOP_MAX * n


def _more_sentences_than(line: str, allowed: int) -> bool:
    """Sentence ends (and ';') in the line, counted only until there are more than `allowed`."""
    ends = line.count(";") + (line[-1:] in ".!?")
    if ends <= allowed:
        for _ in _INNER_SENTENCE.finditer(line):
            ends += 1
            if ends > allowed:
                break
    return ends > allowed


def phrase_key(low: str) -> str:
    return low.strip(_PHRASE_TRIM)


def strip_bullets(low: str) -> str:
    if low and low[0] in _BULLETS:
        return low.lstrip(_BULLETS) or low
    return low


_END = r"\W{0,3}$"
_BUL = r"(?:[-*•|»›·]\s*)?"  # an optional leading bullet or pipe
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,?"
# The same names for an atomic group, which never backtracks into a longer alternative: whole
# names first ('tue' + 'sday' would otherwise fail where 'tuesday' matches).
_DAY_ATOMIC = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\.?,?"
)
_AGENCY = (
    r"(?:getty(?: images)?|afp|reuters|ap|ap photo|associated press|epa|epa-efe|efe|pa|pa wire|"
    r"pa images|press association|shutterstock|alamy|rex|rex features|bloomberg|xinhua|anadolu|"
    r"ansa|dpa|sipa|sipa usa|zuma|zuma press|ap images|wireimage|filmmagic|imago|corbis|istock|"
    r"istockphoto|handout|upi|tass|kyodo|yonhap|nurphoto|splash news|backgrid|afp/getty images|"
    r"getty images/istockphoto)"
)
_SOCIAL = r"(?:twitter|instagram|facebook|youtube|tiktok|snapchat|linkedin|pinterest|x)"

# "Jamie McCarthy/WireImage": capitalised words on both sides of the slash (possessive: no backtracking).
_CREDIT_NAME_SLASH = re.compile(
    r"^(?:[A-Z@][\w.'’-]*+\s){0,4}+[A-Z@][\w.'’-]*+\s?/\s?[A-Z][\w.'’&-]*+(?:\s[A-Z][\w.'’&-]*+){0,3}+$"
)
_HANDLE_SLASH = re.compile(r"^@?[\w.]{2,30}\s*/\s*" + _SOCIAL + r"$", re.I)
_AGENCY_START = re.compile(r"^" + _AGENCY + r"\b", re.I)
_NAME_PARTICLES = frozenset("and & de van von der den la da di du del le y e et und".split())


def _credit_guard(line: str) -> bool:
    """'Name/Agency' credits need capitalised words on both sides of '/' ('24/7' is not a credit)."""
    if "/" not in line or ":" in line or "(" in line:
        return True
    return bool(_CREDIT_NAME_SLASH.match(line) or _HANDLE_SLASH.match(line) or _AGENCY_START.match(line))


def _byline_guard(line: str) -> bool:
    """'By the end of today' is a sentence: the words after 'By' must be a name."""
    words = line.lstrip("-*•|»›· ").split()
    if not words or words[0].lower().rstrip(":") not in ("by", "por", "von", "par", "di"):
        return True  # the 'Staff writer' shape
    for word in words[1:]:
        if word in ("|", "-", "–", "—", ","):
            return True
        if not (word[0].isupper() or word[0] == "@" or word.lower() in _NAME_PARTICLES):
            return False
        if word.endswith(","):
            return True
    return True


def _fullmatch_case_sensitive(pattern: str) -> Callable[[str], bool]:
    compiled = re.compile(pattern)
    return lambda line: compiled.fullmatch(line) is not None


def _not_reported(line: str) -> bool:
    """An invitation addresses the reader; 'The mayor urged residents to subscribe ...' reports one."""
    return _REPORTED.search(line) is None


_REPORTED = re.compile(r"\b(?:urged|told|asked|said|says|encouraged|were|was|had)\b", re.I)
_SAID = re.compile(r"\b(?:said|says|told|according to)\b", re.I)


# --- line rules: each removes lines of one recognisable kind ------------------------------------

line_rule(
    "markup_only_v1",
    "A line with no word characters (separators, bullets, empty table cells) carries no text.",
    start=r"\W*$",
    max_len=1000,
)
line_rule(
    "notification_prompt_v3",
    "Browser, app or e-mail prompts asking the reader to allow or manage notifications are site chrome.",
    anywhere=r"\b(?:enable|allow|turn on|get|receive)\s+(?:push |browser |desktop |breaking news )?"
    r"(?:notifications?|alerts)\b|\bget e-?mail notifications on .{1,80}\bdaily\b"
    r"|never miss out on (?:your|our|the) (?:\w+ )?(?:new )?(?:stories|news|articles)"
    r"|send you (?:some )?(?:reminders|notifications|alerts)"
    r"|^your notification has been saved|notifications are only sent once a day|^manage followed notifications",
    keywords=("notification", "never miss", "alerts", "send you"),
    max_len=200,
    guard=_not_reported,
)
line_rule(
    "newsletter_prompt_v2",
    "Invitations to sign up for a newsletter, and their confirmations, advertise the outlet.",
    start=r"thanks? (?:you )?for (?:signing up|subscribing)"
    r"|(?:get|sign up for|subscribe to) (?:our|the) [\w' ]{0,40}(?:alerts?|briefings?|emails?|newsletters?)" + _END,
    anywhere=r"^(?:\S+ ){0,3}newsletters?\W{0,3}$"
    r"|\b(?:sign(?:ing)? up|subscribe|register|join)\b.{0,80}\bnewsletters?\b"
    r"|\bnewsletters?\b.{0,80}\b(?:sign(?:ing)? up|subscribe|inbox)\b"
    r"|delivered (?:straight |right |directly |daily )?(?:to|in|into) your inbox"
    r"|\b(?:in|to|meet|hit) your inbox\b|keep an eye on your inbox"
    r"|error processing your (?:subscription|request)",
    keywords=("newsletter", "inbox", "error processing"),
    guard=_not_reported,
)
line_rule(
    "more_from_outlet_v1",
    "'More from <Outlet>' heads a list of the outlet's other stories.",
    start=r"more (?:from|on) \S",
    max_len=80,
    guard=_fullmatch_case_sensitive(
        r"(?:More|MORE) (?:[Ff]rom|FROM|[Oo]n|ON) (?:[A-Z0-9][\w&'’.-]*)(?: [A-Z0-9][\w&'’.-]*){0,3}:?"
    ),
)
line_rule(
    "related_link_v2",
    "A label such as 'RELATED:' or 'Read more:' before a headline, or such a heading, links elsewhere.",
    start=_BUL + r"(?:related(?: stories| articles| posts?| content| coverage| reading| news| links| videos?| topics)?"
    r"|read more|read also|also read|see also|more(?: on this| news| stories| coverage)?|read next|up next|"
    r"watch next|recommended(?: for you| stories| reading| videos?)?|further reading|you (?:may|might) also "
    r"(?:like|enjoy)|don'?t miss|must read|most (?:read|popular|viewed|shared|commented)(?: [\w ]{1,25})?"
    r"|trending(?: now| stories)?|popular on [\w.]+|also on [\w.]+|latest (?:news|stories|headlines|videos?)|"
    r"top stories|more from [\w'’ ]{1,30}(?:\.[a-z]{2,3})?|other stories|in other news|editor'?s picks?|what to read next|"
    r"sponsored stories|around the web|from the web|more about|leia (?:também|mais)|lesen sie auch|"
    r"mehr zum thema|lire aussi|à lire aussi|ver también|lee también|leggi anche)\s*(?:[:|›»\-–—]|\.\.\.|…|$)"
    r"|" + _BUL + r"(?:also )?(?:watch|listen|video|photos|gallery|pictures)\s*:\s*\S"
    r"|(?:also|more|elsewhere) on [\w-]+\.(?:com|net|org|co\.uk|[a-z]{2})\b",
    anywhere=r"\[(?:video|insight|news|pictures|photos|poll|revealed|warning|latest|gallery|analysis|comment)\]\W*$",
    ends=("]", "]|", "] |"),
    max_len=250,
)
line_rule(
    "read_full_article_link_v2",
    "Links that send the reader elsewhere to read, continue or expand the article are not its text.",
    start=r"click here\b|(?:continue|keep) reading\b|to read (?:the|this) (?:full |complete |entire )?(?:story|article)"
    r"|(?:view|see) (?:the )?(?:full|original) (?:story|article|gallery|image)"
    r"|(?:tap|click) (?:here|to) (?:expand|enlarge|play|watch)"
    r"|(?:story|article) continues below\b|scroll (?:down )?to continue\b",
    anywhere=r"\bclick here (?:to|for) (?:read|see|view|watch|get|subscribe|download|more|sign|find|learn)"
    r"|\bread (?:the|this) (?:full|complete|entire|original) (?:story|article|post)",
    keywords=("click here", "read th"),
    max_len=200,
    guard=lambda line: not line.lstrip("\"“'‘").lower().startswith("click here") or _not_reported(line),
)
line_rule(
    "topics_tag_line_v2",
    "Tag and topic lists ('Topics: Fashion, Kim Kardashian') index the page, they don't report.",
    start=_BUL + r"(?:topics?|tags?|tagged(?: with| in)?|filed (?:under|in)|categor(?:y|ies)|keywords|sections?|"
    r"more (?:about|on)|posted in|tópicos|etiquetas|categorias|schlagworte|themen)\s*(?::|\||$)",
    max_len=400,
    guard=lambda line: _SENT_END.search(line) is None or line.count(",") >= 1,
)
line_rule(
    "post_navigation_v1",
    "Links to the previous or next post ('« Previous post', 'Next article: ...') lead away from the article.",
    start=r"(?:[«‹←<]\s*)?(?:previous|prev|next|older|newer) (?:post|entry|article|story|posts|entries|stories|articles)"
    r"\s*[»›→>]?\s*(?::.*|(?:[«‹←<]\s*)?(?:previous|next|older|newer) (?:post|entry|article|story)\s*[»›→>]?)?$",
    max_len=200,
)
line_rule(
    "post_footer_v1",
    "A post's filing line ('Posted in News | Permalink | 3 Comments', 'Filed under china, plague') indexes the blog.",
    start=r"(?:posted in|filed (?:under|in)) [^|.!?]{1,80}\|.*\b(?:permalink|comments?|tagged|leave a comment)\b"
    r"|filed (?:under|in):? [\w'&-]+(?: [\w'&-]+)*(?: ?, [\w'&-]+(?: [\w'&-]+)*)+$"
    r"|this entry was posted in .*\b(?:bookmark|permalink)",
    max_len=300,
)
line_rule(
    "image_credit_v2",
    "Photo credits ('Name/Agency', '@handle/Twitter', 'Photo: ...', '(Getty Images)') attribute pictures.",
    start=r"(?:featured |main |top |lead |header |cover )?(?:image|photo|picture|pic|photograph|video|illustration|"
    r"graphic|foto|bild)s?(?: credits?| courtesy| source| by)?\s*(?::|\||-|–|—|by\b|©)"
    r"|(?:image |photo |picture )?(?:credits?|courtesy(?: of)?)\s*:\s*\S.{0,80}$"
    r"|\(?(?:photo|image|picture)s?(?: by| credit| courtesy)\b[^)]{0,80}\)?$"
    r"|[(\[]?" + _AGENCY + r"(?:\s*(?:/|via|photo|images)\s*[\w .]{0,30})?[)\]]?$",
    anywhere=r"\((?:photo|image|picture|credit|file photo|getty images|afp|reuters|ap)(?: by| via|:)?[^)]{0,60}\)$"
    r"|^@?[\w.]{2,30}\s*/\s*" + _SOCIAL + r"$"
    r"|^(?:[^\W\d_][\w.'’-]*+\s){0,4}+[^\W\d_][\w.'’-]*+\s?/\s?[^\W\d_][\w.'’&-]*+(?:\s[^\W\d_][\w.'’&-]*+){0,3}+$",
    keywords=("/",),
    ends=(")",),
    max_len=120,
    guard=_credit_guard,
)
line_rule(
    "widget_error_v2",
    "Error or loading text of an embedded widget ('Oops! Something went wrong.') is not the story.",
    start=_BUL + r"(?:oops|uh oh|whoops)\b[!.,]?(?:\s.{0,60})?$|" + _BUL + r"sorry[!.]*$"
    r"|something went wrong\b.{0,40}$|please try again(?: later)?" + _END + r"|an? (?:error|problem) (?:has )?occurred\b.{0,60}$"
    r"|there was (?:an|a) (?:error|problem)\b.{0,80}$"
    r"|(?:loading|please wait)(?:\.{0,3}|…)$|please enable javascript|your browser does not support"
    r"|this (?:video|content|embed|media) (?:is )?(?:not available|unavailable|cannot be)"
    r"|(?:we're|we are) sorry\b.{0,60}$|try again$|retry$|refresh$",
    anywhere=r"javascript (?:is )?(?:disabled|required|must be enabled)",
    keywords=("javascript",),
    max_len=160,
    guard=lambda line: not _REPORTED_FAILURE.search(line),
)
_REPORTED_FAILURE = re.compile(r"\b(?:at|with|on|in|during|after) (?:the|a|an|his|her|their)\b.{0,80}[.!]$", re.I)
# One button of a share bar; a bar prints several in one line ('Share on Facebook Share on Twitter').
_SHARE_BUTTON = (
    r"(?:share(?: (?:on|via|to|with) (?:" + _SOCIAL + r"|whatsapp|reddit|tumblr|telegram|messenger|e-?mail|sms|text))?"
    r"|tweet|pin(?: it)?|e-?mail|print|sms|whatsapp|reddit|tumblr|telegram|messenger|flipboard|copy link|comments?"
    r"|" + _SOCIAL + r")"
)
line_rule(
    "share_social_v2",
    "Share, social, comment and print buttons, share bars and follow-us prompts are page widgets.",
    phrases=(
        "share", "tweet", "email", "e-mail", "print", "pin", "pin it", "save", "like", "reply", "comment",
        "comments", "share this", "share this article", "share this story", "share this page",
        "share this post", "share the story", "share article", "share story", "facebook", "twitter",
        "linkedin", "whatsapp", "reddit", "pinterest", "telegram", "messenger", "flipboard", "copy link",
        "copy the link", "link copied", "post comment", "post comment (+)", "leave a comment", "leave a reply",
        "add comment", "add a comment", "view comments", "show comments", "join the discussion",
        "join the conversation", "text size", "font size", "a a a", "order reprints", "print article",
        "print this article", "print this page", "email this article", "email this story", "bookmark",
        "subscribe", "sign in", "log in", "login", "register", "subscribe now", "sign up", "log out",
        "my account", "back to top", "top of page", "go to top", "close", "menu", "search", "explore further",
        "next", "previous", "prev", "back", "home", "more", "listen", "audio", "watch", "play", "expand",
        "download", "del.icio.us", "digg", "digg this", "stumbleupon", "google", "google+", "skip to content",
        "skip to main content", "skip to navigation", "back to headlines", "larger text", "smaller text",
        "print-friendly version", "email to a friend", "share via email", "share on facebook",
        "share on twitter", "share on linkedin", "share on whatsapp", "share on pinterest", "share on reddit",
    ),
    start=r"\d+ comments?" + _END + r"|comments? \(\d+\)" + _END
    + r"|(?:like|love|enjoy(?:ed)?) (?:this|the) (?:story|article|post)\?"
    r"|follow (?:us|me|him|her|them|@?[\w.'’ ]{1,40}) (?:on|via) " + _SOCIAL + r"\b"
    r"|(?:share|follow) (?:this|us|it)\b.{0,40}(?:" + _SOCIAL + r"|friend|email)\b"
    r"|" + _SHARE_BUTTON + r"(?:[\s|/·•,]+" + _SHARE_BUTTON + r")+\W{0,3}$",  # a bar: two or more buttons, nothing else
    max_len=120,
)
line_rule(
    "copyright_v1",
    "Copyright, all-rights-reserved and reuse notices belong to the site, not the story.",
    start=r"(?:[-*•|]\s*)*(?:©|\(c\) ?\d{4}|copyright\b|℗)|rights reserved\W*$",
    anywhere=r"\ball rights reserved\b|\bcopyright (?:©\s*)?\d{4}|©\s*\d{4}"
    r"|this (?:material|article|copy|content) (?:is for your personal|may not be (?:published|reproduced|copied))",
    keywords=("rights reserved", "copyright", "©"),
    max_len=400,
    guard=lambda line: not line.lower().startswith("copyright ") or line[10:11].isdigit() or "©" in line
    or "reserved" in line.lower() or _SENT_END.search(line) is None,
)
line_rule(
    "advertisement_v1",
    "Advertisement labels and sponsored-content or affiliate markers are not article text.",
    phrases=(
        "advertisement", "advertising", "advertisment", "anzeige", "publicidad", "publicité", "publicidade",
        "sponsored", "sponsored content", "sponsored links", "sponsored link", "sponsored stories",
        "paid content", "paid post", "paid partnership", "promoted", "promoted content", "promoted stories",
        "ad", "ads", "ad feedback", "featured advertising", "story continues below",
        "story continues below advertisement", "continue reading below", "article continues below",
        "article continues below this ad", "report this ad", "advertisement - scroll to continue",
    ),
    start=r"ads by \w+" + _END,
    anywhere=r"may (?:get|earn|receive) a (?:share|commission|small commission)\b"
    r"|\b(?:affiliate|commission) (?:links?|earned)\b.{0,80}\b(?:purchase|buy)",
    keywords=("commission", "affiliate", "a share of"),
    max_len=250,
)
line_rule(
    "ad_blocker_notice_v1",
    "Requests to turn off an ad blocker address the reader's browser, not the story.",
    anywhere=r"\byou(?:['’]re| are) (?:using|running) an? ad[- ]?blocker"
    r"|\b(?:turn off|disable|pause|switch off|whitelist us in) (?:your |the )?ad[- ]?block(?:er|ing)?s?\b"
    r"|\bad[- ]?block(?:er|ing)? (?:detected|is (?:enabled|on|active))",
    keywords=("ad block", "adblock", "ad-block"),
    guard=_not_reported,
)
line_rule(
    "cookie_notice_v2",
    "Cookie and privacy consent notices are site chrome.",
    start=r"(?:accept|reject|allow|manage)(?: all)?(?: cookies)?$|(?:privacy(?: and cookie)?|cookie) "
    r"(?:policy|settings|notice|preferences)\W*$",
    anywhere=r"\bcookies?\b.{0,120}\b(?:consent|accept|agree|browsing|this site|our site|our website|policy|settings)\b"
    r"|\b(?:consent|agree|agreeing|accept|accepting)\b.{0,40}\b(?:use of|placement of|our|these) cookies\b"
    r"|\b(?:this|our) (?:site|website|web site|page) uses cookies\b"
    r"|\bby (?:continuing|using|browsing)\b.{0,80}\bcookies\b",
    keywords=("cookie",),
    max_len=400,
    guard=_not_reported,  # 'Shoppers were happy to accept the cookies, she said.' reports
)
line_rule(
    "byline_v1",
    "A short byline ('By Jane Doe') or staff-title line names the writer, it isn't the story.",
    start=_BUL + r"(?:by|por|von|par|di)\s*:?\s+\S++(?:\s+\S+){0,11}+$|by$",
    anywhere=r"^(?:\S+\s){0,3}+(?:staff |senior |national |political |business |sports )?"
    r"(?:writer|correspondent|reporter|editor|columnist|contributor)s?$",
    ends=(
        "writer", "writers", "correspondent", "correspondents", "reporter", "reporters", "editor",
        "editors", "columnist", "contributor", "contributors",
    ),
    max_len=110,
    guard=_byline_guard,
)
line_rule(
    "timestamp_v2",
    "A line that is only a date, time or 'Published/Updated' stamp is page metadata.",
    start=_BUL + r"(?:(?:first |last )?(?:published|updated|posted|created|modified|date|released?|"
    r"publicado|atualizado|veröffentlicht|aktualisiert)(?: on| at)?\s*[:|]?\s*)?"
    r"(?=.*(?:[a-z]{3}|\d{1,4}[/.]\d{1,2}[/.]\d{2,4}|\d{4}-\d\d-\d\d))"
    r"(?>(?>" + _DAY_ATOMIC + r"|" + _MONTH + r"|\d++(?:st|nd|rd|th)?|[/.:,\-–—|@()\[\]]|at|on|de|um|à|às|a\.?m\.?|"
    r"p\.?m\.?|gmt|bst|utc|cet|cest|est|edt|pst|pdt|cst|cdt|ist|aest|et|pt|ct|hrs?|h|ago|minutes?|hours?|"
    r"days?|mins?)\s*+){1,14}+$",
    max_len=90,
)
line_rule(
    "author_contact_v1",
    "An author contact or tip line (e-mail or handle with a contact verb) is not the story.",
    start=r"(?:write to|e-?mail|contact|reach|follow|have a (?:news )?tip|send (?:us )?(?:your )?tips?)\b.{0,120}"
    r"(?:@|\bat\b)",
    anywhere=r"\b(?:may|can) be (?:reached|contacted) at\b",
    keywords=("be reached", "be contacted"),
    max_len=260,
    guard=lambda line: "@" in line or _CONTACT_AT.search(line) is not None,
)
_CONTACT_AT = re.compile(r"\bat\s+\S+\.(?:com|org|net|co\.uk|gov|edu)\b|\bat\s*@|\(\d{3}\)|\d{3}[-.]\d{3}[-.]\d{4}", re.I)
line_rule(
    "paywall_prompt_v2",
    "Subscription, paywall and account prompts sell access; they are not the article.",
    start=r"to (?:read|continue reading|access) (?:this|the|our|more|unlimited)\b.{0,120}\b(?:subscri\w*|"
    r"register\w*|sign(?:ed)? in|log(?:ged)? in|account|premium|members?|full (?:story|article))\b"
    r"|(?:already (?:a )?(?:subscriber|member|have an account)|subscribe (?:now|today|to)|"
    r"subscribe for (?:unlimited|full|digital|only|just|as little|less than|[$£€\d])|"
    r"please (?:log|sign) in to (?:use|access|continue|comment|read)|don['’]?t have an account(?=\?)|"
    r"become a (?:member|subscriber)|get (?:unlimited|full|digital) access|start your (?:free )?trial|"
    r"this (?:article|content|story) is (?:for|available to|only available to) (?:subscribers|members)|"
    r"you have (?:reached|read) (?:your|the|\d+) (?:free|limit)|your account has been|create (?:a |an )?"
    r"(?:free )?account|(?:forgot(?:ten)? your|reset) password|username|password)\b.{0,200}$"
    r"|(?:subscription deals|subscriber agreement|terms (?:of (?:use|service|sale)|and conditions|& conditions))\W*$",
    anywhere=r"\bfor as little as\b.{0,40}\b(?:month|week|year)",
    keywords=("as little as",),
)
line_rule(
    "wire_slug_v1",
    "News-agency slugs ('AP-US--Trump, 4th Ld-Writethru') and reading-time stamps are metadata.",
    start=r"(?:bc|ap)-[a-z]{2,}-{1,2}\S|(?:tempo de leitura|reading time|lesezeit|temps de lecture)\s*:?"
    r"|\d+ min(?:ute)?s? read$",
    anywhere=r"\bld[- ]writethru\b",
    keywords=("writethru",),
    max_len=120,
)
line_rule(
    "code_fragment_v1",
    "Script, CSS or template fragments that leaked into the text are not prose.",
    start=r"[{}();\[\]'\"+,]{1,4}$|(?:else|try|catch|function|var|let|const|return|if|for)\b.{0,80}[{};(]$"
    r"|</?\w+[^>]*>$|\[/?\w+(?: [^\]]*)?\].{0,200}\[/\w+\]$"
    r"|@media\b|\.[\w-]+\s*\{",
    anywhere=r"^\S*[{;]$|^\w+\s*=\s*[\w.\[\]'\"()+ ]+;$|document\.(?:getelementbyid|write|queryselector|cookie)"
    r"|window\.\w+\s*=|\bfunction\s*\(|\{\{.*\}\}",
    keywords=("document.",),
    ends=("{", ";", "}"),
)


# Pages saved as text sometimes print an ad's script, a tracking link or an embed as its HTML source
# ('<script language="JavaScript"> document.write(\'<a href="http://clk.atdmt.com/...') on one line,
# often longer than the other rules look at. Most of such a line is inside tags; a sentence that
# mentions a tag ('type <br> for a line break') is not, and an article paragraph with an ad's tag run
# into it keeps its words outside the tags: that line stays.
MARKUP_MIN_SHARE = 0.5  # share of the line's characters inside '<...>' tags
MARKUP_TEXT_MAX_WORDS = 10  # words outside the tags: more, and the line holds text of its own
_TAG = re.compile(r"<[^<>]{1,2000}>")


def is_mostly_markup(line: str) -> bool:
    """Half the line or more inside tags, and hardly a word outside them."""
    if sum(m.end() - m.start() for m in _TAG.finditer(line)) < MARKUP_MIN_SHARE * len(line):
        return False
    outside = _TAG.sub(" ", line).split()
    return sum(1 for token in outside if any(c.isalpha() for c in token)) <= MARKUP_TEXT_MAX_WORDS


line_rule(
    "html_markup_v1",
    "A line made mostly of HTML tags (an ad's script, a link or an embed printed as its source) is markup, not prose.",
    anywhere=r"<(?:[a-z][a-z0-9]*\b|/[a-z]|!\[|!--)[^<>]*>",
    keywords=("<",),
    max_len=20_000,
    guard=is_mostly_markup,
)


# --- rules for ingested corpora: Multi-News pages come from the Wayback Machine, WCEP's from Common Crawl ---
# Every alternative of the `start` patterns below begins with a literal word, so the regex engine
# skips it on the line's first character: the cleaner tries all `start` patterns on every line.
# Rules whose lines share a rare word look for it (`keywords`) and run their pattern only there.

# One sentence of the Internet Archive's notes on its crawl collections, which Multi-News kept as text.
_ARCHIVE_SENTENCE = (
    r"(?:starting in \d{4},? alexa internet has been donating (?:their|its) crawl data to the internet archive"
    r"|flowing in every day,? these data are added to the wayback machine after an embargo period"
    r"|these crawls are part of an effort to archive pages as they are created and archive the pages that they refer to"
    r"|that way,? as the pages that are referenced are changed or taken from the web,? a link to the version that was "
    r"live when the page was written will be preserved"
    r"|then the internet archive hopes that references to these archived pages will be put in place of a link that "
    r"would (?:be )?(?:otherwise )?be broken,? or a companion link to allow people to see what was originally "
    r"intended by a page['’]?s? authors?"
    r"|the goal is to fix all broken links on the web"
    r"|crawls of supported [\"“”']?no more 404[\"“”']? sites"
    r"|this crawl of online resources of the \d+(?:st|nd|rd|th) (?:us|u\.s\.) congress was started on [^!?]{1,200}?"
    r"|focused crawls are collections of frequently-updated webcrawl data from narrow \(as opposed to broad or wide\) "
    r"web crawls,? often focused on a single domain or subdomain"
    r"|the seed for this crawl was a list of [^.!?]{1,150}"
    r"|this crawl was run at a level \d+ \([^)]{0,150}\)"
    r"|the warc files associated with this crawl are not currently available to the general public"
    r"|web wide crawl with initial seedlist and crawler configuration from [^.!?]{1,80}"
    r"|crawl of outlinks from wikipedia\.org started [^.!?]{1,40}"
    r"|these files are currently not publica?lly accessible"
    r"|properties of this collection"
    r"|this is a collection of web page captures from links added to,? or changed on,? wikipedia pages"
    r"|the idea is to bring a reliability to wikipedia outlinks so that if the pages referenced by wikipedia articles "
    r"are changed,? or go away,? a reader can permanently find what was originally referred to"
    r"|this is part of the internet archive['’]s attempt to rid the web of broken links"
    r"|formed in 2009,? the archive team \(not to be confused with the archive\.org archive-it team\) is a rogue "
    r"archivist collective dedicated to saving copies of rapidly dying or deleted websites for the sake of history and "
    r"digital heritage"
    r"|the group is 100% composed of volunteers and interested parties,? [^.!?]{0,150}"
    r"|history is littered with hundreds of conflicts over the future of a community,? [^.!?]{0,200}"
    r"|with the original point of contention destroyed,? the debates would fall to the wayside"
    r"|archive team believes that by duplicated condemned data,? [^.!?]{0,200}"
    r"|our projects have ranged in size from a single volunteer downloading the data [^.!?]{0,250})"
    r" ?\.?"  # the sentence's end: Multi-News lost some spaces around it ('preserved.Then', 'on the web .')
)
# A part of the Wayback Machine's capture banner, rendered as text; its labels only lead other parts.
_ARCHIVE_BANNER = (
    r"(?:about this capture"
    r"|organization: (?:alexa crawls|internet archive|archive team|archive-it)"
    r"|collection: [\w.'’ -]{0,40}"
    r"(?:crawls?|archive|wayback|no more 404|outlinks|wikipedia near real time(?: \(from irc\))?)"
    r"|the wayback machine - https?://web\.archive\.org/\S+"
    r"|\d[\d,]* captures? \d{1,2} [a-z]{3} \d{4}(?: - \d{1,2} [a-z]{3} \d{4})?"
    r"|collected by:?(?=\s\S)|timestamps:?(?=\s\S))"
)
_ARCHIVE_PART = r"(?:" + _ARCHIVE_SENTENCE + "|" + _ARCHIVE_BANNER + ")"
line_rule(
    "web_archive_notice_v1",
    "The Internet Archive's notes on its crawls and the Wayback Machine's capture banner are not news.",
    # Whole lines only: every sentence of the line must be one of the archive's own, so prose that
    # mentions the archive, or a line where a notice ran into an article's paragraph, is kept.
    start=_ARCHIVE_PART + r"(?:\s*" + _ARCHIVE_PART + r")*\s*$",
    max_len=1500,
)
line_rule(
    "social_embed_prompt_v1",
    "Dialogs and prompts of embedded posts and video players (embed code, tweet location, autoplay) are widgets.",
    start=r"tweet with a location\W+you can add location information to your tweets\b.{0,250}$"
    r"|you can add location information to your tweets\b.{0,250}$|tweet with a location\W*$"
    r"|add a location to your tweets\W+when you tweet with a location,? twitter stores\b.{0,250}$"
    r"|add this (?:tweet|video) to your website by copying the code below\b.{0,20}$"
    r"|embed this (?:tweet|video|post)\W*$"
    r"|hmm,? there was a problem reaching the server\b.{0,20}$"
    r"|by embedding twitter content in your website or app\b.{0,120}$"
    r"|here['’]?s the url for this tweet\b.{0,60}$|copy link to tweet\W*$|include parent tweet\W*$"
    r"|why you['’]?re seeing this ad\W*$"
    r"|welcome home! this timeline is where|this timeline is where you['’]?ll spend most of your time\b.{0,120}$"
    r"|tweets not working for you\? hover over the profile pic\b.{0,120}$"
    r"|say a lot with a little when you see a tweet|when you see a tweet you love, tap the heart\b.{0,120}$"
    r"|spread the word the fastest way to share|the fastest way to share someone else['’]?s tweet with your followers\b"
    r"|join the conversation add your thoughts about any tweet|add your thoughts about any tweet with a reply\b"
    r"|learn the latest get instant insight|get instant insight into what people are talking about now\W*$"
    r"|get more of what you love follow more accounts|follow more accounts to get instant updates about topics you care"
    r"|find what['’]?s happening see the latest conversations"
    r"|see the latest conversations about any topic instantly\W*$"
    r"|never miss a moment catch up instantly|catch up instantly on the best stories happening as they unfold\W*$"
    r"|autoplay when autoplay is enabled|when autoplay is enabled, a suggested video will automatically play next\W*$"
    r"|like this video\? sign in to make your opinion count\W*$"
    r"|don['’]?t like this video\? sign in to make your opinion"
    r"|want to watch this again later\? sign in to add this video"
    r"|sign in to (?:add this video to a playlist|report inappropriate content)\W*$"
    r"|the interactive transcript could not be loaded\W*$|rating is available when the video has been rented\W*$"
    r"|media playback is (?:unsupported|not supported) on (?:your|this) device\W*$"
    r"|these are external links and will open in a new window\W*$|close share panel\W*$",
    max_len=300,
)
# The label as printed ('Image caption The ...'): 'Image caption contests drew 300 entries' is a sentence.
_CAPTION_LABEL = re.compile(
    r"(?:(?:Image|Media|Video|Photo|Picture) (?:caption|copyright)|Hide Caption) [A-Z0-9\"“‘'(©@]"
)
line_rule(
    "caption_label_v1",
    "A picture's caption or credit printed with its label ('Image caption ...', 'Hide Caption 3 of 23') is not news.",
    anywhere=r"^" + _BUL + r"(?:media playback is (?:unsupported|not supported) on (?:your|this) device "
    r"(?:image|media|video) caption \S|(?:image|media|video|photo|picture) caption \S"
    r"|(?:image|picture|photo) copyright \S.{0,80}?(?: (?:image|picture|photo) caption \S.*)?$"
    r"|hide caption \d+ of \d+\W*$)",
    keywords=("caption", "image copyright", "picture copyright", "photo copyright"),
    guard=lambda line: _CAPTION_LABEL.search(line) is not None,
)
line_rule(
    "summary_box_label_v1",
    "The label of a summary box ('Story highlights', 'Key points') alone on its line is page layout.",
    phrases=(
        "story highlights", "highlights of the story", "key points", "key takeaways", "fast facts", "quick facts",
        "at a glance", "story at a glance", "the short version", "quick read", "in brief",
    ),
    max_len=40,
)
_PAGE_GONE = (
    r"(?:the|this) page (?:you (?:requested|are looking for|were looking for|tried to access)|you['’]re looking for) "
    r"(?:was not found|could not be found|cannot be found|can['’]?t be found|does not exist|doesn['’]t exist"
    r"|is (?:no longer available|unavailable)|(?:may|might) have been (?:removed|moved|deleted)"
    r"|has been (?:removed|moved|deleted))\b.{0,120}$"
)
line_rule(
    "error_page_v1",
    "Text of an error or blank page ('Sorry, the page you requested was not found') stands in for a missing article.",
    anywhere=r"^" + _BUL + r"(?:(?:sorry|we['’]re sorry|oops)\W+)?" + _PAGE_GONE
    + r"|^" + _BUL + r"(?:(?:error )?404\W{0,3}(?:error\W{0,3})?(?:(?:page|file) )?not found|(?:error|http) 404"
    r"|page not found|when you have eliminated the javascript, whatever remains must be an empty page)\W*$",
    keywords=("page you", "404", "page not found", "eliminated the javascript"),
    max_len=250,
    guard=lambda line: _SAID.search(line) is None,  # 'the page ... was not found, the clerk told the court' reports
)


# --- corpus repetition: the key the count pass and the rule share --------------------------------

REPEAT_MIN_CLUSTERS = 4  # a line found in at least this many story clusters of the corpus is site boilerplate
REPEAT_MAX_LEN = 300  # longer lines are never counted (they are paragraphs, even when syndicated)
_KEY_STRIP = " |*•·-–—»›>#:.,;!?'\"“”‘’()[]{}"


def low_line_key(low: str) -> int:
    """64-bit stable key of a lower-cased normalised line, edge punctuation and bullets stripped.

    crc32 and adler32 side by side: stable across processes (counts from shards add up), and two
    checksums make an accidental match of a content line with a frequent boilerplate line unlikely.
    """
    data = low.strip(_KEY_STRIP).encode("utf-8", "surrogatepass")
    return zlib.crc32(data) << 32 | zlib.adler32(data)


def line_keys(text: str) -> set[int]:
    """The keys of one document's lines, each once: the document's contribution to `line_counts`."""
    keys = set()
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        low = " ".join(raw.split()).lower()
        if low and len(low) <= REPEAT_MAX_LEN:
            keys.add(low_line_key(low))
    return keys


def cluster_line_keys(texts: Iterable[str]) -> set[int]:
    """The keys of a story cluster's lines, each once: the cluster's contribution to `line_counts`."""
    return set().union(*map(line_keys, texts))


def count_cluster_lines(clusters: Iterable[Iterable[str]]) -> Counter[int]:
    """In how many story clusters each line key occurs; Counters of shards holding other clusters add up.

    Clusters, not documents: copies of one wire story in a cluster repeat its subheads and
    captions, which are article text; site boilerplate recurs across stories.
    """
    counts: Counter[int] = Counter()
    for texts in clusters:
        counts.update(cluster_line_keys(texts))
    return counts


def count_lines(texts: Iterable[str]) -> Counter[int]:
    """`count_cluster_lines` for documents without clusters (the clean command): each its own cluster."""
    return count_cluster_lines([text] for text in texts)


# --- page rules: decisions that need the neighbours ---------------------------------------------

_CREDIT_RULE = "image_credit_v2"
_CAPTION_CUE = re.compile(
    r"\((?:left|right|center|centre|l|r|c|file|top|bottom|front|back|pictured|inset)\b|"
    r"\b(?:pictured|poses|posing|attends|arrives|arriving|is seen|are seen|file photo|seen here|"
    r"in this (?:undated |handout |file )?(?:photo|image|picture))\b",
    re.I,
)


def _is_block_credit(page: Page, i: int) -> bool:
    """A short capitalised unpunctuated line closing a block of 2+ lines (paragraph-per-block pages)."""
    if not page.blocky or i == 0 or page.blocks[i - 1] != page.blocks[i]:
        return False
    if i + 1 < len(page.lines) and page.blocks[i + 1] == page.blocks[i]:
        return False
    line = page.lines[i]
    if page.words[i] > 4 or page.ends[i] or len(line) > 50:
        return False
    return line[0].isupper() or line[0] == "@"


@page_rule(
    "caption_with_credit_v2",
    "A photo caption with its credit line (same block, caption cue or shown twice) describes a picture.",
)
def _caption_with_credit(page: Page) -> list[int]:
    found: list[int] = []
    removed = page.removed
    for i in range(1, len(page.lines)):
        if removed.get(i) != _CREDIT_RULE:
            if i in removed or not _is_block_credit(page, i):
                continue
            found.append(i)
        j = i - 1
        if j in removed or page.words[j] > 45:
            continue
        caption = page.lines[j]
        if j > 0 and page.lines[j - 1] == caption and (j - 1) not in removed:
            found += [j, j - 1]
        elif (page.blocky and page.blocks[j] == page.blocks[i]) or _CAPTION_CUE.search(caption):
            found.append(j)
    return found


REPEATED_RULE = "corpus_repeated_v2"  # other rules read its verdicts


@page_rule(
    REPEATED_RULE,
    f"A short, non-prose line found in {REPEAT_MIN_CLUSTERS}+ story clusters of the corpus is site boilerplate.",
)
def _corpus_repeated(page: Page) -> list[int]:
    """Prose is exempt: one wire story syndicated by several outlets repeats whole paragraphs, and
    stories of the same week share background sentences; those are article text."""
    counts = page.line_counts
    if not counts:
        return []  # no count pass was run: the rule stays silent
    get = counts.get
    prose = page.prose
    return [
        i
        for i, low in enumerate(page.low)
        if len(low) <= REPEAT_MAX_LEN
        and i not in page.removed
        and not prose[i]
        and get(low_line_key(low), 0) >= REPEAT_MIN_CLUSTERS
    ]


_MENU_SPLIT = re.compile(r"\s*\\?\|\s*|\s+[·•»]\s+")


@page_rule("pipe_menu_v1", "A strip of three or more short segments split by '|', '·', '•' or '»' is navigation.")
def _pipe_menu(page: Page) -> list[int]:
    found: list[int] = []
    for i, line in enumerate(page.lines):
        if i in page.removed:
            continue
        if "|" in line:
            if line.count("|") < 2:
                continue
            cells = [c for c in line.replace("\\|", "|").split("|") if len(c) > 1 and not c.isspace()]
        elif "·" in line or "•" in line or "»" in line:
            cells = [c for c in _MENU_SPLIT.split(line) if c]
        else:
            continue
        if len(cells) < 3:
            continue
        if sum(1 for c in cells if any(ch.isdigit() for ch in c)) >= 0.3 * len(cells):
            continue  # a data-table row (scores, standings), not navigation
        lengths = [c.strip().count(" ") + 1 for c in cells]
        short = sum(1 for n in lengths if n <= 4)
        if (
            max(lengths) <= 6
            or (len(cells) >= 4 and short >= 0.7 * len(cells) and max(lengths) < 16)
            or (len(cells) >= 5 and max(lengths) <= 12 and not _SENT_END.search(line))
        ):
            found.append(i)
    return found


_LIST_HEAD = re.compile(
    r"(?:[-*•]\s*)?(?:related(?: \w+)?|read more|more (?:stories|news|from [\w.'’ ]+|on this)|you (?:may|might) also like|"
    r"don'?t miss|must read|most (?:read|popular|viewed)(?: [\w ]{1,25})?|recommended(?: for you)?|latest (?:news|stories)|"
    r"top stories|popular on [\w.]+|trending(?: now)?|further reading|see also|also read|what to read next|"
    r"editor'?s picks?|around the web|more)\W*$",
    re.I,
)
_LIST_HEAD_RULES = frozenset({"related_link_v2", "more_from_outlet_v1", REPEATED_RULE, "share_social_v2"})
_BULLET = re.compile(r"[-*•»›·–]\s")
RELATED_PARAGRAPH_WORDS = 20  # a bulleted line this long that ends a sentence is a paragraph, not a teaser


@page_rule(
    "related_list_v2",
    "Short or bulleted link lines right after a related-links heading ('Most read') are teasers.",
)
def _related_list(page: Page) -> list[int]:
    found: list[int] = []
    n = len(page.lines)
    for i in range(n):
        if page.removed.get(i) not in _LIST_HEAD_RULES or not _LIST_HEAD.match(page.lines[i]):
            continue
        j = i + 1
        while j < n and j - i <= 12:
            if j in page.removed:
                j += 1
                continue
            bulleted_paragraph = page.words[j] >= RELATED_PARAGRAPH_WORDS and page.ends[j]  # article text: ends the list
            if (_BULLET.match(page.lines[j]) and not bulleted_paragraph) or (page.words[j] <= 16 and not page.ends[j]):
                found.append(j)
                j += 1
                continue
            break
    return found


SPAN_SHORT_PENALTY = 2.0  # cost of bridging a short, non-prose line
SPAN_RULE_PENALTY = 4.0  # cost of bridging a line a rule already removed
SPAN_PROSE_CAP = 60  # a paragraph counts at most this many words
# A line wrapped in table-cell pipes ('| ... |') shorter than this is a cell of the page's layout
# (teasers, the site's blurb, a poll) even when it reads like a sentence: it does not count as an
# article paragraph. Table-layout pages put the article in one long cell.
SPAN_CELL_MAX_WORDS = 40
SPAN_DENSE_MIN = 4  # an outside region this long ...
SPAN_DENSE_FRAC = 0.5  # ... with this share of junk lines is a junk region
SPAN_VERY_DENSE_FRAC = 0.7  # ... with this share even sentence-like lines go
_NUMBERED = re.compile(r"\d{1,3}[.)]\s")
_MONTHS3 = frozenset("jan feb mar apr may jun jul aug sep oct nov dec".split())


@page_rule(
    "outside_article_span_v3",
    "Link-, menu- or stamp-shaped lines and short cells outside the article's run (with its tables and lists) are chrome.",
)
def _outside_article_span(page: Page) -> list[int]:
    n = len(page.lines)
    if n < 3:
        return []
    span = _article_span(page)
    if span is None:
        return []
    first, last = _with_structured_runs(page, *span)
    found: list[int] = []
    for lo, hi in ((0, first), (last + 1, n)):  # the region above the article, then the one below
        if lo >= hi:
            continue
        candidates = [i for i in range(lo, hi) if i not in page.removed]
        if not candidates:
            continue
        shapes = {i: _outside_shape(page, i) for i in candidates}
        junk = (hi - lo - len(candidates)) + sum(1 for s in shapes.values() if s == "J")
        size = hi - lo
        dense = size >= SPAN_DENSE_MIN and junk >= SPAN_DENSE_FRAC * size
        very_dense = dense and junk >= SPAN_VERY_DENSE_FRAC * size
        found += [i for i in candidates if shapes[i] == "J" or (dense and (shapes[i] == "N" or very_dense))]
    return found


# Tables and lists that touch the article's run are part of it: a tour's dates, a league table or a
# box score has no prose in it, so the run stops where it starts, and the span rule took it for chrome.
STRUCTURED_RUN_MIN = 3  # rows of one table, or items of one list, that make a structured run
STRUCTURED_ITEM_MIN_WORDS = 4  # a shorter item ('1. Home', '2. News') is a menu or a breadcrumb
STRUCTURED_HEAD_MAX = 2  # heading lines allowed between the article and the run it announces
STRUCTURED_HEAD_MAX_WORDS = 14
_TABLE_FORMAT_RULES = frozenset({"markup_only_v1", "pipe_menu_v1"})  # a table's header row and '|---|' line
_BULLET_WORDS = frozenset("-*•+»›·–")


def _with_structured_runs(page: Page, first: int, last: int) -> tuple[int, int]:
    """The span grown through the tables and lists that touch it, below and above.

    Between the span and a run there may be a heading or two ('Tour dates:', 'Qualified teams') and
    the table's own header and rule lines; a run above the span takes the heading that announces it
    ('Final standings after 36 races:'). A run anywhere else is not claimed.
    """
    for step in (1, -1):
        edge = last if step == 1 else first
        while (start := _next_run_start(page, edge, step)) is not None and (size := _structured_run(page, start, step)):
            edge = start + step * (size - 1)
            if step == -1:
                edge = _announcement_above(page, edge)
        first, last = (first, edge) if step == 1 else (edge, last)
    return first, last


def _next_run_start(page: Page, edge: int, step: int) -> int | None:
    """The first line past `edge` (going `step`) after a table's format lines and at most two headings."""
    j, heads = edge + step, 0
    while 0 <= j < len(page.lines):
        if page.removed.get(j) in _TABLE_FORMAT_RULES:
            j += step
        elif j in page.removed:
            return None
        elif (_structure(page.lines[j]) is None and heads < STRUCTURED_HEAD_MAX
              and page.words[j] <= STRUCTURED_HEAD_MAX_WORDS and not _LIST_HEAD.match(page.lines[j])):
            heads += 1
            j += step
        else:
            return j
    return None


def _structured_run(page: Page, start: int, step: int) -> int:
    """How many lines from `start` (going `step`) are rows of one table or items of one list: 0 unless 3+."""
    shape = _structure(page.lines[start])
    if shape is None:
        return 0
    j = start
    while 0 <= j + step < len(page.lines) and j + step not in page.removed and _structure(page.lines[j + step]) == shape:
        j += step
    run = range(min(start, j), max(start, j) + 1)
    if len(run) < STRUCTURED_RUN_MIN or min(_word_count(page.lines[k]) for k in run) < STRUCTURED_ITEM_MIN_WORDS:
        return 0
    return len(run)


def _structure(line: str) -> tuple[str, ...] | None:
    """What the rows of one table (the number of cells, 3+ filled) or the items of one list (a number or a
    month first, the same separators) share; None for a line that is neither."""
    if line[:1] == "|":
        cells = line.strip("| ").split("|")
        filled = sum(1 for cell in cells if cell.strip())
        return ("|", str(len(cells))) if filled >= 3 else None  # a layout row ('| Bars | | Autos |') is not a record
    word, separators = _list_signature(line)
    if word in ("#", "month") or (separators and word not in _BULLET_WORDS):
        return (word, *separators)
    return None  # a bulleted list with labels ('* Cycling: Rogers back on track') is how teasers are printed


def _word_count(line: str) -> int:
    """Words and numbers, not the pipes and dashes that lay them out."""
    return sum(1 for token in line.split() if any(c.isalnum() for c in token))


def _announcement_above(page: Page, top: int) -> int:
    """The run's top moved up over the line ending in ':' that announces it (and a header row under
    that line); the top as it is when there is no such line just above."""
    for above in range(top - 1, max(top - 1 - STRUCTURED_HEAD_MAX, -1), -1):
        if above in page.by_line_rules or page.words[above] > 25:
            break
        if page.lines[above].endswith(":"):
            return above
    return top


TAIL_BODY_MIN = 3  # paragraphs in a row (nothing between them) that make the article's body
TAIL_LONE_MIN = 3  # lone paragraphs after the body that make a teaser or notice tail
TAIL_JUNK_FRAC = 0.6  # ... when this share of the tail's lines is chrome (removed, or link/menu shaped)


@page_rule(
    "tail_lone_paragraphs_v1",
    "Lone paragraphs between chrome lines after the article's last run of paragraphs are teasers or notices.",
)
def _tail_lone_paragraphs(page: Page) -> list[int]:
    # The span rule's run bridges short lines, so a list of teasers (headline, byline, date, one
    # summary paragraph, 'Read more') after the article is summed into it: every summary outweighs
    # the chrome around it. An article's paragraphs follow each other; a teaser's summary stands
    # alone between chrome lines. Only a tail of several such paragraphs, mostly chrome, goes.
    if len(page.lines) < 8:
        return []
    span = _article_span(page)
    if span is None:
        return []
    first, last = span
    para = {i: _is_span_paragraph(page, i) for i in range(first, last + 1) if i not in page.removed}
    # Paragraphs follow each other: nothing between them, but a removed cell of a table row does not part
    # them (the row is written back without it, and cleaning the cleaned text again must find the same body).
    kept = list(para)
    before = {i: j for j, i in zip(kept, kept[1:]) if all(page.lines[k][:1] == "|" for k in range(j + 1, i))}
    end = max((i for i in para if para[i] and para.get(before.get(i, -1))), default=None)  # the body's last
    if end is None or end >= last:
        return []
    body = [end]
    while (above := before.get(body[-1])) is not None and para[above]:
        body.append(above)
    if len(body) < TAIL_BODY_MIN:
        return []  # no run of paragraphs to call the article: the page is all lone blocks
    tail = [i for i in para if i > end]
    if sum(1 for i in tail if para[i]) < TAIL_LONE_MIN:
        return []
    chrome = (last - end - len(tail)) + sum(1 for i in tail if not para[i] and _outside_shape(page, i) == "J")
    return tail if chrome >= TAIL_JUNK_FRAC * (last - end) else []


def _is_span_paragraph(page: Page, i: int) -> bool:
    """A line the span counts as an article paragraph: prose, and not a short table cell."""
    line = page.lines[i]
    return page.prose[i] and not (page.words[i] < SPAN_CELL_MAX_WORDS and line[:1] == "|" and line[-1:] == "|")


def _article_span(page: Page, gone: AbstractSet[int] = frozenset()) -> tuple[int, int] | None:
    """The maximum-sum run of lines: prose scores its words, short lines, short table cells and removed lines
    (and the lines in `gone`, which a later rule will remove) cost."""
    prose, words, removed, lines = page.prose, page.words, page.removed, page.lines
    best = current = 0.0
    start = first = last = 0
    found = False
    for i in range(len(page.lines)):
        if i in removed or i in gone:
            value = -SPAN_RULE_PENALTY
        elif prose[i] and not (words[i] < SPAN_CELL_MAX_WORDS and lines[i][:1] == "|" and lines[i][-1:] == "|"):
            value = min(words[i], SPAN_PROSE_CAP)
        else:
            value = -SPAN_SHORT_PENALTY
        if current <= 0:
            current, start = value, i
        else:
            current += value
        if current > best:
            best, first, last, found = current, start, i, True
    return (first, _continue_list(page, last)) if found else None


def _list_signature(line: str) -> tuple[str, tuple[str, ...]]:
    word = line.split(" ", 1)[0].lower().rstrip(".,:")
    if word[:1].isdigit():
        word = "#"
    elif word[:3] in _MONTHS3:
        word = "month"
    return word, tuple(s for s in (" – ", " -- ", " - ", " @ ", ": ", " — ") if s in line)


def _continue_list(page: Page, last: int) -> int:
    """Extend the span's end through a list (dates, numbers) whose items started inside it."""
    n = len(page.lines)
    if last + 1 >= n or last < 1:
        return last
    signature = _list_signature(page.lines[last])
    if _list_signature(page.lines[last - 1]) != signature or not (signature[1] or signature[0] in ("#", "month")):
        return last
    j = last + 1
    while j < n and j not in page.removed and _list_signature(page.lines[j]) == signature:
        j += 1
    return j - 1


def _outside_shape(page: Page, i: int) -> str:
    """J = link, menu or stamp shaped; C = content shaped; N = neither."""
    line = page.lines[i]
    words = page.words[i]
    if line[0] == "|" or "|" in line or (line[0] in "-*•»›·" and _BULLET.match(line)):
        return "J"  # a bulleted or table-cell teaser outside the article
    if page.prose[i]:
        return "C"
    if line[0].islower() or _NUMBERED.match(line):
        return "C"
    if page.ends[i] and words >= 3 and not line.endswith(("...", "…")):
        return "C"
    if words <= 2:
        return "J"
    tokens = line.split()
    capitalised = sum(1 for t in tokens if t[0].isupper())
    if words <= 14 and capitalised >= 0.5 * len(tokens):
        return "J"  # headline, teaser or menu-item shape
    return "N"


_PREFIX = re.compile(r"(?:[-*•»›·|–]\s*)*")
_PREFIX_CHARS = frozenset("-*•»›·|–")


@page_rule(
    "tail_teaser_run_v2",
    "A bulleted run of headline-shaped links (with or without a summary each) after the article is a teaser list.",
)
def _tail_teasers(page: Page) -> list[int]:
    lines, prose, words = page.lines, page.prose, page.words
    kept = page.kept()
    if len(kept) < 4:
        return []
    prefix = {i: (_PREFIX.match(lines[i]).group().replace(" ", "") if lines[i][0] in _PREFIX_CHARS else "") for i in kept}
    weight: Counter[str] = Counter()
    for i in kept:
        if prose[i]:
            weight[prefix[i]] += words[i]
    if not weight:
        return []
    main = weight.most_common(1)[0][0]
    last = max((i for i in kept if prose[i] and prefix[i] == main), default=None)
    if last is None:
        return []
    region = [i for i in kept if i > last]
    bulleted = [i for i in region if prefix[i] and prefix[i] != main]
    if len(bulleted) < 3 or len(bulleted) < 0.5 * len(region):
        return []
    # Teasers are headlines, each maybe followed by its one-sentence summary as the next bullet.
    is_head = [_is_teaser_head(lines[i], words[i], page.ends[i]) for i in bulleted]
    heads = sum(is_head)
    summaries = sum(1 for k in range(1, len(bulleted)) if is_head[k - 1] and not is_head[k] and prose[bulleted[k]])
    if heads < 2 or heads + summaries < 0.4 * len(bulleted):
        return []  # a content list (ingredients, results), not teasers
    found = list(bulleted)
    members = set(bulleted)
    for k, i in enumerate(region[:-1]):
        if i not in members and region[k + 1] in members and is_title_shaped(page, i) and not page.ends[i]:
            found.append(i)  # the list's heading
    return found


def _is_teaser_head(line: str, words: int, ends: bool) -> bool:
    """Headline-shaped link text: 5+ words, capitalised, no sentence end, no 'label:' or leading digit."""
    core = _PREFIX.sub("", line, count=1)
    if words < 5 or ends or not core or ":" in core or not core[0].isupper():
        return False
    return not core[0].isdigit()


# A list item's marker as a text browser prints it: '- ', '* ', '+ ', '• ', or 'o ' before a capital.
_ITEM_MARK = re.compile(r"(?:[-*•+»›·–]|o(?= [A-Z0-9\"'“‘]))\s+")
RECORDS_MIN = 3  # teasers with a summary or stamp in a row that make a list
RECORD_LINES_MAX = 4  # lines after a teaser's headline (byline, date, one summary, 'Read more')
RECORD_SUMMARY_MAX_WORDS = 120


@page_rule(
    "teaser_records_v1",
    "Three or more list-marked headlines, each with a byline, date or one summary, after the article are teasers.",
)
def _teaser_records(page: Page) -> list[int]:
    # Lists of other stories repeat one record: a marked headline, then its byline, date and a
    # one-paragraph summary. An article's own list holds items, not records with a paragraph each,
    # and a list followed by more of the article's paragraphs is the article's.
    kept = page.kept()
    if len(kept) < 3 * RECORDS_MIN:
        return []
    lines, prose = page.lines, page.prose
    marks = [_item_mark(lines[i]) for i in kept]
    body = [prose[i] and not marks[k] for k, i in enumerate(kept)]
    start = next((k for k in range(2, len(kept)) if body[k - 2] and body[k - 1] and body[k]), None)
    if start is None:
        return []  # no three unmarked paragraphs in a row: no article body to follow
    heads = [k > start and _is_record_head(page, i, marks[k]) for k, i in enumerate(kept)]
    found: list[int] = []
    k = start + 1
    while k < len(kept):
        if not heads[k]:
            k += 1
            continue
        records, end = _records_from(page, kept, heads, marks, k)
        later = any(body[j] and body[j + 1] for j in range(end, len(kept) - 1))  # the article goes on
        if sum(1 for r in records if len(r) >= 2) >= RECORDS_MIN and not later:
            found += [kept[j] for r in records for j in r]
            above = kept[k - 1]
            if k - 1 > start and not marks[k - 1] and is_title_shaped(page, above) and not page.ends[above]:
                found.append(above)  # the list's heading ('B.C. Headlines')
        k = max(end, k + 1)
    return found


def _item_mark(line: str) -> str:
    hit = _ITEM_MARK.match(line)
    return hit.group().strip() if hit else ""


def _is_record_head(page: Page, i: int, mark: str) -> bool:
    """A list-marked headline: 3-25 words, capitalised, no sentence end ('?' and closing quotes allowed)."""
    if not mark or not 3 <= page.words[i] <= 25:
        return False
    line = page.lines[i]
    core = line[_ITEM_MARK.match(line).end():]  # type: ignore[union-attr]
    if not core or not (core[0].isupper() or core[0].isdigit() or core[0] in "\"'“‘"):
        return False
    return not (page.ends[i] and core[-1] not in "?\"'”’!")


def _figures_share(line: str) -> float:
    """The share of a line's words that hold a digit: high in results and tables, low in a summary."""
    words = line.split()
    return sum(1 for w in words if any(c.isdigit() for c in w)) / len(words) if words else 0.0


def _records_from(
    page: Page, kept: list[int], heads: list[bool], marks: list[str], k: int
) -> tuple[list[list[int]], int]:
    """The records from position k (heads with the same marker, each with at most one summary), and
    the position after the last."""
    records: list[list[int]] = []
    mark = marks[k]
    while k < len(kept) and heads[k] and marks[k] == mark:
        record, summaries = [k], 0
        k += 1
        while k < len(kept) and not heads[k] and len(record) <= RECORD_LINES_MAX:
            i = kept[k]
            if page.prose[i]:
                summaries += 1
                if summaries > 1 or page.words[i] > RECORD_SUMMARY_MAX_WORDS or _figures_share(page.lines[i]) > 0.15:
                    summaries = 2  # not a summary: results or a table row, which a list of teasers doesn't hold
                    break
            record.append(k)
            k += 1
        if summaries > 1:
            break
        records.append(record)
    return records, k


_NESTED_START = re.compile(r"\n[+o] ")  # on the lower-cased page: a candidate for `_nested_item`


def _nested_item(line: str) -> bool:
    """'+ item' or 'o Item': how text browsers (lynx, w3m) mark the second and third list level."""
    if line.startswith("+ "):
        return True  # a normalised line never ends in a space: an item follows
    return line.startswith("o ") and (line[2:3].isupper() or line[2:3].isdigit() or line[2:3] in "\"'“‘(")


@page_rule(
    "nested_list_item_v1",
    "Second- and third-level items of a text-rendered list ('+ ...', 'o ...') in a run are nested menus.",
)
def _nested_list_items(page: Page) -> list[int]:
    # Full-page text renderings keep a site's nested menus as '* Section / + Subsection / o Item';
    # articles rarely nest their lists, and a prose-shaped item is kept all the same. A lone marked
    # line is not enough: nested items come with siblings.
    if _NESTED_START.search(page.low_text) is None:
        return []  # the common case, decided without a call per line
    lines, prose, n = page.lines, page.prose, len(page.lines)
    marked = [not prose[i] and _nested_item(lines[i]) for i in range(n)]
    return [
        i for i in range(n)
        if marked[i] and i not in page.removed and ((i > 0 and marked[i - 1]) or (i + 1 < n and marked[i + 1]))
    ]


# After the span rules: removed before them, a menu line cost their runs as a removed line does, and on
# three bench sites of two-column layouts the tail rule then took article lines with it.
@page_rule(
    "flattened_menu_v1",
    "A long line of capitalised names with no sentence and few function words is a menu or tag cloud run together.",
)
def _flattened_menu(page: Page) -> list[int]:
    return sorted(i for i in page.menus if i not in page.removed)


# A reader comment's signature: 'Posted by Sam on January 6, 2008 11:10 AM', 'Posted by: Lee |
# 01/06/08', 'Posted by: tom, Bolton on 8:21pm Tue 1 Jan 08', 'Submitted by Ann on 6 Jan 2008', or the
# 'Report this comment' link under each comment.
_CLOCK = r"\d{1,2}[:.]\d{2}(?::\d{2})? ?(?:[ap]\.?m\b\.?)?"
_SIGNED_BY = (  # after the verb: the name, then 'on', 'at', '|' or ',' and a date, maybe after a time
    r"(?: by)?:? .{1,60}?(?:\bon\b|\bat\b|\||,)\s*(?:" + _CLOCK + r" )?(?:" + _DAY + r" ?)?"
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|" + _MONTH + r" \d{1,2}|\d{1,2} " + _MONTH + r")"
)
# At the start of a lower-cased line, where a signature stands alone.
_COMMENT_SIGNATURE = re.compile(
    r"(?:posted|written|submitted|added|comment(?:ed)?)" + _SIGNED_BY + r"|report (?:this comment|abuse)$"
)
# In running text: the verb capitalised as signatures print it ('the video was posted by the ministry
# on January 6' is reported speech), with the year, time and report link that follow, so that a
# cut ends where the signature does.
_COMMENT_SIGNATURE_INLINE = re.compile(
    r"\b(?:(?:Posted|POSTED|Written|Submitted|SUBMITTED|Added|Comment(?:ed)?|COMMENT)(?i:" + _SIGNED_BY
    + r"(?:,? (?:\d{4}|\d\d)\b)?(?:,? (?:at )?" + _CLOCK + r")?(?: report (?:this comment|abuse))?)"
    r"|Report (?:this comment|abuse)|REPORT (?:THIS COMMENT|ABUSE))"
)
_SIGNATURE_WORDS = ("posted by", "written by", "submitted by", "added by", "comment by", "commented by",
                    "report this comment", "report abuse")
# The heading of a thread run into a line ('... big clubs. Comments What a ...'): case as printed.
_THREAD_HEADING = re.compile(
    r"(?<=[.!?\"”’)] )(?:Comments|COMMENTS|\d+ [Cc]omments|Comments \(\d+\)|Reader comments|Readers' comments"
    r"|Your comments|Have your say|HAVE YOUR SAY)(?= [A-Z0-9#\"“‘(])"
)
THREAD_HEADING_REACH = 1500  # characters before the first signature where the thread's heading is looked for
# The start of a line that may be a signature, in `Page.low_text`: one scan in C instead of a regex
# call per line (a literal first character lets the engine skip ahead).
_SIGNATURE_LINE_START = re.compile(r"\n[-*•|»›·–+ ]*(?:posted|written|submitted|added|comment|report)")
COMMENT_MIN_SIGNATURES = 3
INLINE_THREAD_MIN_CHARS = 600  # a shorter line can't hold three signed comments


def inline_comment_thread(line: str) -> tuple[int, int] | None:
    """Where reader comments run into one line of article text: (start, end) from the first of three
    or more signatures to the end of the last, or None.

    Table-layout pages rendered as text put a story, its comment thread and the site's links in one
    cell, so a line rule would have to keep or drop the article with its comments. The first
    comment's text, before the first signature, goes only when the thread's heading ('Comments')
    marks where it begins.
    """
    if len(line) < INLINE_THREAD_MIN_CHARS:
        return None
    low = line.lower()
    if low.count(" by") + low.count("report ") < COMMENT_MIN_SIGNATURES:
        return None  # every signature holds one or the other: most paragraphs stop here
    if sum(low.count(word) for word in _SIGNATURE_WORDS) < COMMENT_MIN_SIGNATURES:
        return None
    found = list(_COMMENT_SIGNATURE_INLINE.finditer(line))
    if len(found) < COMMENT_MIN_SIGNATURES:
        return None
    start = found[0].start()
    headings = list(_THREAD_HEADING.finditer(line, max(0, start - THREAD_HEADING_REACH), start))
    return (headings[-1].start() if headings else start), found[-1].end()  # from the last heading before it


@page_rule(
    "comment_thread_v1",
    "Reader comments, from the first comment signature ('Posted by X on <date>') to the last, are not the article.",
)
def _comment_thread(page: Page) -> list[int]:
    # Three signatures make a thread. A signature above the article's run is the post's own byline
    # ('Posted by Jane on Jan 5' under a blog post's title), not a comment: the thread starts after it.
    low, joined = page.low, page.low_text
    starts = [hit.start() for hit in _SIGNATURE_LINE_START.finditer(joined)]
    if len(starts) < COMMENT_MIN_SIGNATURES:
        return []
    candidates = (joined.count("\n", 0, start + 1) - 1 for start in starts)  # line index of each hit
    signatures = [i for i in candidates if len(low[i]) <= 160 and _COMMENT_SIGNATURE.match(strip_bullets(low[i]))]
    if len(signatures) < COMMENT_MIN_SIGNATURES:
        return []
    span = _article_span(page)
    if span is not None:
        signatures = [i for i in signatures if i >= span[0]]
    if len(signatures) < COMMENT_MIN_SIGNATURES:
        return []
    return [i for i in range(signatures[0], signatures[-1] + 1) if i not in page.removed]


# Blog comments print a record per comment: the commenter's name ('Gaye', '3. Bo says:'), a stamp
# line with the date *and* the time ('August 8, 2018 at 3:17 pm'), then the comment; the thread has
# a heading ('10 thoughts on "..."', '34 responses to "..."'). An article's dateline has one stamp;
# a comment thread has one per comment.
_COMMENT_STAMP = re.compile(
    rf"^[-*•+o ]*(?:{_MONTH} \d{{1,2}},? \d{{4}}|\d{{1,2}} {_MONTH},? \d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}),? (?:at|@|-) {_CLOCK}$",
    re.M,
)
_COMMENTS_HEADING = re.compile(r"(?:\d+|one|no) (?:responses?|thoughts?|comments?|replies)(?: (?:to|on) .+)?")
COMMENT_NAME_MAX_WORDS = 6  # the line above a stamp: a name, maybe numbered or followed by 'says:'
COMMENT_HEADING_REACH = 3  # lines between the thread's heading and its first comment


@page_rule(
    "comment_records_v1",
    "Three or more reader comments after the article, each a name over a 'date at time' stamp, are not the article.",
)
def _comment_records(page: Page) -> list[int]:
    joined = page.low_text
    stamps = [joined.count("\n", 0, hit.start()) - 1 for hit in _COMMENT_STAMP.finditer(joined)]
    if len(stamps) < COMMENT_MIN_SIGNATURES:
        return []  # the common case, decided by one scan of the page
    low, prose, words = page.low, page.prose, page.words
    first_prose = next((i for i in range(len(low)) if prose[i]), None)
    if first_prose is None:
        return []  # no article above: a page of comments alone is left as it is
    names = [i - 1 for i in stamps
             if i - 1 > first_prose and not prose[i - 1] and words[i - 1] <= COMMENT_NAME_MAX_WORDS]
    if len(names) < COMMENT_MIN_SIGNATURES:
        return []
    start = names[0]
    heading = next((i for i in range(start - 1, max(first_prose, start - 1 - COMMENT_HEADING_REACH), -1)
                    if _COMMENTS_HEADING.fullmatch(strip_bullets(low[i]))), None)
    end = names[-1] + 2  # the last comment's text runs to the next line another rule removed
    while end < len(low) and end not in page.removed:
        end += 1
    return [i for i in range(start if heading is None else heading, end) if i not in page.removed]


_TITLE_BAD_START = re.compile(r"(?:[-*•|»›]|by\s|https?:|www\.)", re.I)


def is_title_shaped(page: Page, i: int) -> bool:
    """2-25 words, no sentence end (a closing quote is fine), not a bullet, byline or URL."""
    line = page.lines[i]
    words = page.words[i]
    if words < 2 or words > 25 or len(line) > 200 or line.count("|") >= 2:
        return False
    if _SENT_END.search(line) and not line.endswith(("'", "’", '"', "”", ")")):
        return False
    if line.endswith((",", ";", ":")) or _TITLE_BAD_START.match(line):
        return False
    return any(c.isalpha() for c in line[:3]) or line[0] in "'\"‘“"


# The headline is decided after the other rules. It sits just above the article's first paragraph
# (a kicker, the headline, a standfirst, a byline, a share bar): on a page saved with its chrome the
# first headline-shaped line is a menu item far above the article, so the first line won't do. The
# headline is a headline-shaped line in the window above the article's run with nothing kept before
# it: a line a page rule removed (the span rule sees a headline as a short line outside the article)
# before the first kept line, then the one over a byline or dateline, then the longest. Nothing kept
# above it: in the output the title comes first, so a cleaned document (title, then body) cleaned
# again finds the same title, and a body line is never moved above the text it followed. Without a
# run of prose the window is the whole page.
HEADLINE_RULE = "headline_to_title_v3"
HEADLINE_WINDOW = 20  # lines above the article's first paragraph where a removed headline is looked for
HEADLINE_BYLINE_REACH = 2  # lines under a headline where its byline or dateline is looked for
_BYLINE_RULES = frozenset({"byline_v1", "timestamp_v2", "author_contact_v1"})
HEADLINE_KEPT_GAP = 3  # kept lines (standfirst, caption) the headline may have between it and the article
_LIST_MARK = re.compile(r"(?:[-*•+·›»–]|o(?= ))\s")  # '* News', '+ Home', 'o Sport': menu items
_BREADCRUMB = re.compile(r" [>»›] |^[>»›]|\s[>»›→]$|^you are (?:here|in)\b", re.I)  # 'Home » World', 'Search →'
_DATELINE = re.compile(
    rf"\d{{1,2}}:\d\d|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b|\b{_MONTH} \d{{1,2}}\b|\b\d{{1,2}} {_MONTH} \d{{4}}\b"
    r"|^(?:posted|written|updated|published|last updated|filed)\b|\bby:"
    r"|\b\d+ (?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?) ago\b",
    re.I,
)


def is_headline_candidate(page: Page, i: int) -> bool:
    """Title-shaped, and not a menu item (one item or a menu run together), breadcrumb, dateline, or a
    line the line rules or the corpus count removed (site chrome, which a headline never is)."""
    line = page.lines[i]
    return (
        i not in page.by_line_rules
        and page.removed.get(i) != REPEATED_RULE
        and is_title_shaped(page, i)
        and i not in page.menus
        and not _LIST_MARK.match(line)
        and not _BREADCRUMB.search(line)
        and not _DATELINE.search(line)
    )


@page_rule(
    HEADLINE_RULE,
    "The headline, just above the article with nothing kept before it, becomes the record's `title`, not body text.",
    claims=True,
)
def _headline(page: Page) -> list[int]:
    n = len(page.lines)
    # The article's run as the cleaned document has it: without the repeats duplicate_line_v1 removes later;
    # without a run, the document's last line (removed lines after it are not in the cleaned document).
    distinct = _distinct_kept(page, 0, n)
    span = _article_span(page, set(page.kept()).difference(distinct))
    end = span[0] if span is not None else (distinct[-1] if distinct else n - 1)
    first_kept = next((i for i in range(n) if i not in page.removed), n)
    if first_kept > end:
        return []
    # Kept lines between a candidate and the article are counted, not all lines: the cleaned document
    # has the same kept lines, so cleaning it again finds the same title. Removed lines count in the window.
    gap = sum(1 for i in distinct if first_kept <= i < end)  # from a line above first_kept
    above = range(max(0, end - HEADLINE_WINDOW), first_kept) if gap <= HEADLINE_KEPT_GAP else range(0)
    own_gap = gap - 1 if first_kept < end else 0  # from first_kept itself
    # A line the other rules removed comes before first_kept: once the title is the cleaned document's
    # first line and the rules remove it there too, the body's first line must not take its place.
    candidates = [i for i in above if is_headline_candidate(page, i)]
    if not candidates and own_gap <= HEADLINE_KEPT_GAP and is_headline_candidate(page, first_kept):
        candidates = [first_kept]
    if not candidates:
        return []
    best = max(candidates, key=lambda i: (_dated(page, i), page.words[i], i))  # a kicker is shorter; ties: the nearer
    line = page.lines[best]
    if not any(i != best and not _same(page.lines[i], line) for i in page.kept()):
        return []  # nothing else would be left as body: the text is all body
    return [best]


DUPLICATE_MAX_WORDS = 40  # a longer line repeated is a paragraph the page printed twice: left to the reader


def _distinct_kept(page: Page, lo: int, hi: int) -> list[int]:
    """The kept lines in [lo, hi) but a short repeat of the one before: what duplicate_line_v1 leaves."""
    found: list[int] = []
    for i in range(lo, hi):
        if i in page.removed:
            continue
        if not (found and page.words[i] < DUPLICATE_MAX_WORDS and page.lines[i] == page.lines[found[-1]]):
            found.append(i)
    return found


def _dated(page: Page, i: int) -> bool:
    """A byline or dateline right under the line: where a headline stands, and a site's name doesn't."""
    return any(
        page.removed.get(j) in _BYLINE_RULES or _DATELINE.search(page.lines[j]) is not None
        for j in range(i + 1, min(i + 1 + HEADLINE_BYLINE_REACH, len(page.lines)))
    )


def _same(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


@page_rule("duplicate_headline_v1", "A repeat of the headline (page title and on-page heading) is not body text.")
def _duplicate_headline(page: Page) -> list[int]:
    heads = [page.lines[i] for i, rule in page.removed.items() if rule == HEADLINE_RULE]
    if not heads:
        return []
    return [i for i in page.kept() if _same(page.lines[i], heads[0])]


# After the headline's repeats are gone: 'X / headline / X' leaves 'X / X' in the cleaned document, and
# cleaning it again must find the same repeat. (The headline rule counts kept lines as this rule leaves them.)
@page_rule(
    "duplicate_line_v1",
    "An exact repeat of the previous kept line is a heading or caption rendered twice.",
)
def _duplicate_line(page: Page) -> list[int]:
    distinct = set(_distinct_kept(page, 0, len(page.lines)))
    return [i for i in page.kept() if i not in distinct]
