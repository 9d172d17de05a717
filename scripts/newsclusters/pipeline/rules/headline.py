"""The headline (moved to the record's title) and the repeats removed after it (of the
headline, or of the line just before)."""

from __future__ import annotations

import re

from newsclusters.pipeline.rules.page import Page, is_title_shaped
from newsclusters.pipeline.rules.registry import page_rule
from newsclusters.pipeline.rules.repeats import REPEATED_RULE
from newsclusters.pipeline.rules.shapes import AGENCY, FACT_FIELD, MONTH, SENT_END, STOP_WORDS, is_name_alone
from newsclusters.pipeline.rules.span import article_span, is_box_label, with_boxes

# The headline is decided after the other rules. It sits just above the article's first paragraph
# (a kicker, the headline, a standfirst, a byline, a share bar): on a page saved with its chrome the
# first headline-shaped line is a menu item far above the article, so the first line won't do. The
# candidates are headline-shaped lines in the window above the article's run: lines a page rule removed
# (the span rule sees a headline as a short line outside the article) above the first kept line or
# under it, and the few kept lines before the article (the span keeps a long headline that touches it).
# The evidence that one is this article's headline: its words restated in the article's first words (a
# share bar or a site's name over the dateline has none, a teaser for another story on the same subject
# at most a word or two), then a byline or dateline under it, the larger share restated, the longest; of
# a headline over its standfirst, both restated, the upper (`_best`). A restated line comes first
# wherever it stands (`_choose`); a removed line under the first kept line, a question, or a line that
# starts with a number is a candidate only when restated: teasers, reader prompts and numbered lists of
# other stories have those shapes too. In the output the title comes
# first, so a cleaned document (title, then body) cleaned again finds the same title: the chosen line
# is the first kept line there, or a removed line above it. Without a run of prose the window is the
# whole page, and there is no lead to restate anything.
HEADLINE_RULE = "headline_to_title_v16"
HEADLINE_WINDOW = 20  # lines above the article's first paragraph where a removed headline is looked for
HEADLINE_RESTATED_WINDOW = 40  # ... and where one the article's lead restates is
HEADLINE_BYLINE_REACH = 2  # lines under a headline where its byline or dateline is looked for
_BYLINE_RULES = frozenset({"byline_v5", "timestamp_v7", "clock_stamp_v1", "author_contact_v1"})
HEADLINE_NAME_WORDS = 3  # a byline's name, a role or an outlet alone has at most this many words
HEADLINE_KEPT_GAP = 3  # kept lines (standfirst, caption) the headline may have between it and the article
HEADLINE_LEAD_WORDS = 200  # the article's first paragraphs (about three), where a report restates its headline
HEADLINE_LEAD_SHARE = 0.2  # share of a line's words found there for it to restate the article ...
HEADLINE_SHARED_ENOUGH = 3  # restated words: past this many, the larger share decides (a kicker restates 2 of 2)
HEADLINE_LEAD_MIN = 2  # ... and at least this many: one word in common is chance ('Michigan State', a Michigan story)
STEM_CHARS = 5  # a word's first letters: 'kidnapped' and 'kidnapping', 'plague' and 'plagues' meet
_CONTENT_WORD = re.compile(r"[^\W\d_]{3,}")  # words of 3+ letters (numbers and 'of' say nothing of the subject)
_LIST_MARK = re.compile(r"(?:[-*•+·›»–]|o(?= ))\s")  # '* News', '+ Home', 'o Sport': menu items
_AGENCY_LINE = re.compile(r"(?:the )?" + AGENCY + r"(?: (?:writer|correspondent|staff))?\W{0,2}", re.I)
# 'Home » World', 'Search →', 'News / South Africa / Western Cape', 'Hong Kong / Health & Environment',
# 'Appellate · Employment · Ninth Circuit': short parts, parted by a spaced slash or middle dot
_BREADCRUMB = re.compile(r" [>»›] |^[>»›]|\s[>»›→]$|^you are (?:here|in)\b|^[^/]{1,30}(?: / [^/]{1,30})+$"
                         r"|^[^·]{1,30}(?: · [^·]{1,30}){2,}$", re.I)
# A byline's or dateline's stamp ('10:42', '1/6/08', 'Jan. 6', '6 January 2008', 'Posted ...', 'By:', '3 hours
# ago'), on the lower-cased line. One alternation with IGNORECASE took 25 us on an article paragraph;
# each alternative alone, tried only where its literal part is, a fifth of that.
_CLOCK_STAMP = re.compile(r"\d{1,2}:\d\d")
_SLASH_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")
_MONTH_NAME = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")
_MONTH_DATE = re.compile(rf"\b{MONTH} \d{{1,2}}\b|\b\d{{1,2}} {MONTH} \d{{4}}\b")
_STAMP_WORDS = ("posted", "written", "updated", "published", "last updated", "filed")
_STAMP_WORD = re.compile("(?:" + "|".join(_STAMP_WORDS) + r")\b")
_BY_COLON = re.compile(r"\bby:")
_AGO = re.compile(r"\b\d+ (?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?) ago\b")


def has_dateline(low: str) -> bool:
    """A byline's or dateline's stamp in the lower-cased line."""
    return bool(
        (":" in low and _CLOCK_STAMP.search(low))
        or ("/" in low and _SLASH_DATE.search(low))
        or (low.startswith(_STAMP_WORDS) and _STAMP_WORD.match(low))
        or ("by:" in low and _BY_COLON.search(low))
        or (" ago" in low and _AGO.search(low))
        or (_MONTH_NAME.search(low) and _MONTH_DATE.search(low))
    )


def is_headline_candidate(page: Page, i: int, loose: bool = False) -> bool:
    """Title-shaped (`loose`: a question or a leading number allowed), and not a menu item (one item or
    a menu run together), breadcrumb, dateline, or a line the line rules or the corpus count removed
    (site chrome, which a headline never is)."""
    line = page.lines[i]
    return (
        i not in page.by_line_rules
        and page.removed.get(i) != REPEATED_RULE
        and is_title_shaped(page, i, loose)
        and i not in page.menus
        and not _LIST_MARK.match(line)
        and not _BREADCRUMB.search(line)
        and not has_dateline(page.low[i])
        and not FACT_FIELD.match(line)  # 'Starring: Paul Mescal, ...': the lead restates the names
        and not _AGENCY_LINE.fullmatch(line)  # 'The Associated Press' under a byline, over its dateline
        and not is_box_label(line)  # 'Serves 4', 'Key figures:' head a box, not the page
        and not _is_section_name(page, i)
        and not _names_the_site(page, i)
    )


# A site's own line that names its owner: a copyright notice or a platform's credit ('© 2013 Reel Rundown. Powered by
# Blogger.', 'Crooked Timber is proudly powered by WordPress').
_OWNER_LINE = re.compile(r"©|\(c\) \d{4}|\bcopyright (?:\(c\) )?\d{4}\b|\ball rights reserved\b|\bpowered by\b")
_OWNER_WORDS = ("©", "(c) ", "copyright", "rights reserved", "powered by")  # one of them in every line it reads


def _names_the_site(page: Page, i: int) -> bool:
    """The site's name over the page ('REEL RUNDOWN', 'Ledger Line'), which the site's notice under it opens with
    ('Copyright © 2011 Reel Rundown.', '© 2024 Ledger Line', 'Crooked Timber is proudly powered by WordPress'). Only
    a notice another rule removed, and only one that opens with the name: a photo's credit ('Nelson Mandela in 1990.
    © Reuters'), a paragraph ('the plane powered by the sun') or a syndication line ('This article, <headline>,
    first appeared in ...') names the article's subject too. Only a line another rule removed: a kept line stays in
    the cleaned document, where the notice may be gone, and cleaning it again must find the same title."""
    name = page.low[i].strip(" .:|-")
    if i not in page.removed or not name:
        return False
    owners = page.remembered(("owner lines",), lambda: _owner_lines(page))
    # a notice holds the name itself: looked for first, so that a pattern is compiled only for a notice that does
    # (compiled for every candidate, they cost ~1.8 ms a page on the bench's pages)
    notices = [page.low[j].lstrip("|•* ") for j in owners if j != i and j in page.removed]
    notices = [notice for notice in notices if name in notice]
    if not notices:
        return False
    own = re.escape(name)
    pattern = re.compile(
        rf"(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:\d{{4}}(?:\s*[-–]\s*\d{{4}})?,?\s*)?(?:the\s+)?{own}(?!\w)"
        rf"|{own}\s*(?:©|\(c\)|copyright)|{own}\W*(?:\d{{4}}\W*)?(?:is (?:proudly )?)?powered by")
    return any(pattern.match(notice) for notice in notices)


def _owner_lines(page: Page) -> list[int]:
    """The lines that may be the site's notice (`_OWNER_LINE`): those holding one of its words, found in the page's
    text by `str.find` (a scan with the pattern took half a millisecond a page)."""
    text, starts = page.low_text, set()
    for word in _OWNER_WORDS:
        at = text.find(word)
        while at >= 0:
            starts.add(text.rfind("\n", 0, at) + 1)
            at = text.find(word, at + len(word))
    found = []
    for start in sorted(starts):
        end = text.find("\n", start)
        if _OWNER_LINE.search(text, start, end if end >= 0 else len(text)):
            found.append(text.count("\n", 0, start) - 1)  # `low_text` opens with a line break
    return found


MENU_ITEM_WORDS = 3  # a menu's item: a few words, no figures, no sentence


def _is_menu_item(page: Page, i: int) -> bool:
    """A few words, no figures, no sentence, no byline ('By staff writers' under a short headline)."""
    line = page.lines[i]
    return (0 < page.words[i] <= MENU_ITEM_WORDS and not page.ends[i] and not any(c.isdigit() for c in line)
            and page.removed.get(i) not in _BYLINE_RULES and not line[:3].lower() == "by ")


def _in_menu(page: Page, i: int) -> bool:
    """A menu's item between two more ('Home', 'Local News', 'Sport')."""
    return 0 < i < len(page.lines) - 1 and all(_is_menu_item(page, j) for j in (i - 1, i, i + 1))


def _is_section_name(page: Page, i: int) -> bool:
    """An item of the page's menu, or a repeat of one over the headline (the section's name, 'Local News'),
    which the lead restates when the site's own lines use its words ('local, up-to-date news'). Only a line
    another rule removed: a kept line stays in the cleaned document, whose menu may be gone, and cleaning it
    again must find the same title."""
    if i not in page.removed or not _is_menu_item(page, i):
        return False
    own = page.lines[i].casefold()
    return _in_menu(page, i) or any(page.lines[j].casefold() == own and _in_menu(page, j) for j in range(i))


@page_rule(
    HEADLINE_RULE,
    "The headline just above the article (the one its lead restates, or the metadata's title) is the `title`, "
    "not body text.",
    claims=True,
)
def _headline(page: Page) -> list[int]:
    n = len(page.lines)
    # The article's run as the cleaned document has it: without the repeats duplicate_line_v1 removes later;
    # without a run, the document's last line (removed lines after it are not in the cleaned document).
    distinct = _distinct_kept(page, 0, n)
    span = article_span(page, set(page.kept()).difference(distinct))
    end = with_boxes(page, span[0], -1) if span is not None else (distinct[-1] if distinct else n - 1)
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
    # The lead starts at the first kept line, not at the run: the cleaned document keeps the same lines,
    # while its run can start elsewhere once the removed lines that parted it are gone.
    before = [i for i in distinct if first_kept <= i < end] or [first_kept]  # kept lines before the article
    # Removed lines between the first kept line and the article: the headline under a kept 'Back to overview'
    between = range(max(first_kept + 1, end - HEADLINE_WINDOW), end) if gap <= HEADLINE_KEPT_GAP else range(0)
    if page.title is not None:  # the metadata names the headline: only a line printing it is taken
        window = sorted({*range(max(0, end - HEADLINE_WINDOW), end), *before})
        best = next((i for i in window if _same(page.lines[i], page.title)), None)
    else:
        lead = Lead(page, distinct, first_kept if span is not None else n, end - HEADLINE_WINDOW)
        # Farther up, a line the lead restates still counts: a tool bar or a comment box can stand between a
        # headline and its article. On equal evidence the nearer line wins (`_evidence`).
        far = range(max(0, end - HEADLINE_RESTATED_WINDOW), above.start) if above else range(0)
        far_restated = [i for i in far if i < first_kept and _is_candidate(page, i, lead) and _restated(page, i, lead)[0]]
        best = _choose(page, lead, far_restated + [i for i in above if _is_candidate(page, i, lead)],
                       [i for i in between if i in page.removed and _is_candidate(page, i, lead)],
                       before if own_gap <= HEADLINE_KEPT_GAP else [])
    if best is None:
        return []
    line = page.lines[best]
    if not any(i != best and not _same(page.lines[i], line) for i in page.kept()):
        return []  # nothing else would be left as body: the text is all body
    return [best]


def _choose(page: Page, lead: Lead, above: list[int], between: list[int], kept: list[int]) -> int | None:
    """The headline among the removed candidates `above` the first kept line or `between` it and the
    article, and the `kept` lines before the article (the first kept line first), or None.

    The article's restatement decides first: a line it restates beats one it doesn't, wherever the
    two stand (a section's name or a 'Back to overview' link removed above a headline that was kept).
    In order: a restated line above; the first kept line, restated; another kept line, restated; a
    line above; the first kept line. Each choice is the first kept line of the cleaned document, so
    cleaning it again takes the same line by the same step or an earlier one, as long as the other
    rules keep the same lines there (the property tests hold it; docs/cleaning-quality.md says where not).
    """
    first = kept[:1]
    kept = [i for i in kept if _is_candidate(page, i, lead)]
    if not between and (not kept and len(above) <= 1 or not above and kept == first):
        return (above or kept or [None])[0]  # one candidate: the order below can't change (and the lead is not read)
    restated = [i for i in above + between if _restated(page, i, lead)[0]]
    if restated:
        return _best(page, restated, lead)
    kept_restated = [i for i in kept if _restated(page, i, lead)[0]]
    if kept_restated:
        return kept_restated[0] if kept_restated[:1] == first else _best(page, kept_restated, lead)
    if above:
        return _best(page, above, lead)
    return kept[0] if kept and kept[0] == first[0] else None


def _best(page: Page, candidates: list[int], lead: Lead) -> int:
    if len(candidates) == 1:
        return candidates[0]
    best = max(candidates, key=lambda i: _evidence(page, i, lead))
    # A headline over its standfirst: both restated, the standfirst nearer the byline. The line right
    # above the best, restating as many words, is the headline (a kicker restates fewer), unless it
    # holds the best line (a breadcrumb ending in the headline: 'Home > News > <headline>').
    upper = best - 1
    if (upper in candidates and _evidence(page, upper, lead)[1] >= HEADLINE_SHARED_ENOUGH
            and page.low[best] not in page.low[upper]):
        return upper
    return best


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


def _stems(low: str) -> set[str]:
    """A lower-cased line's subject words, cut to their first letters: function words and numbers left out."""
    return {w[:STEM_CHARS] for w in _CONTENT_WORD.findall(low) if w not in STOP_WORDS}


class Lead:
    """The document's first `HEADLINE_LEAD_WORDS` words of kept text, as whole lines (the `distinct` kept
    lines from `start` on), where a report restates its headline. Only sentences: a headline-shaped line
    (a kicker, a subhead, another candidate) restates nothing, and the title taken from above the first
    kept line is such a line in the cleaned document, where it must not restate another candidate. A
    line's own copies are not its restatement either: its repeats, which `duplicate_headline_v1` removes
    once it is the title. Each line's words are read on first use: most pages have one candidate and
    nothing to weigh."""

    def __init__(self, page: Page, distinct: list[int], start: int, near_from: int = 0) -> None:
        self._page = page
        self._lines = distinct
        self._start = start  # filtered on use: a page with nothing to weigh builds no list
        self.near_from = near_from  # candidates from here on are in the near window (the far one yields to them)
        self._stems: dict[int, set[str] | None] = {}  # None: a headline-shaped line, not part of the lead

    def restating(self, line: str) -> set[str]:
        """The lead's subject words, `line` and its copies left out."""
        page, own = self._page, line.casefold()
        found: set[str] = set()
        taken = 0
        for i in self._lines:
            if i < self._start or page.lines[i].casefold() == own:
                continue
            if i not in self._stems:
                text = page.lines[i]  # a sentence closed inside a quote is prose, though shaped like a headline
                quoted = text[-1:] in "'\"’”)" and SENT_END.search(text) is not None
                self._stems[i] = None if is_title_shaped(page, i, loose=True) and not quoted else _stems(page.low[i])
            if (stems := self._stems[i]) is None:
                continue
            found |= stems
            taken += page.words[i]
            if taken >= HEADLINE_LEAD_WORDS:
                break
        return found


def _is_candidate(page: Page, i: int, lead: Lead) -> bool:
    """Headline-shaped; a question or a line that starts with a number only if the article restates it."""
    if not is_headline_candidate(page, i, loose=True):
        return False
    if not page.lines[i][:1].isdigit() and is_title_shaped(page, i):
        return True
    return _restated(page, i, lead)[0]


def _evidence(page: Page, i: int, lead: Lead) -> tuple[int, int, bool, float, int, int]:
    """How a candidate ranks as the headline: the signs it is one (a byline or dateline under it, the
    article restating its words), the share of its words restated, its length (a kicker is shorter),
    and its position (ties: the nearer to the article)."""
    restated, share = _restated(page, i, lead)
    shared = round(share * len(_stems(page.low[i])))
    near = i >= lead.near_from  # a line of the far window yields to a near one with as much evidence
    # A name of two or three words alone ('Anika Deshpande', 'The West Australian', 'Senior Culture Critic') stands
    # over a date as a byline does, and the lead names the writer's outlet: its date is no sign of a headline (a
    # headline in capitals is longer: 'Town Hall Says Yes').
    line = page.lines[i]
    dated = _dated(page, i) and not (line.count(" ") < HEADLINE_NAME_WORDS and is_name_alone(line))
    return dated + restated, min(shared, HEADLINE_SHARED_ENOUGH), near, share, page.words[i], i


def _restated(page: Page, i: int, lead: Lead) -> tuple[bool, float]:
    """Whether the lead restates the line (`HEADLINE_LEAD_MIN`+ of its word stems, and
    `HEADLINE_LEAD_SHARE` of them), and the share it restates. A text in a script without spaces (CJK)
    is one long word to `_CONTENT_WORD`, so it is never restated: such a page keeps the plain shapes."""
    own = _stems(page.low[i])
    shared = len(own & lead.restating(page.lines[i]))
    share = shared / len(own) if own else 0.0
    return shared >= HEADLINE_LEAD_MIN and share >= HEADLINE_LEAD_SHARE, share


def _dated(page: Page, i: int) -> bool:
    """A byline or dateline right under the line: where a headline stands, and a site's name doesn't."""
    return any(
        page.removed.get(j) in _BYLINE_RULES or has_dateline(page.low[j])
        for j in range(i + 1, min(i + 1 + HEADLINE_BYLINE_REACH, len(page.lines)))
    )


def _same(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


@page_rule("duplicate_headline_v1", "A repeat of the headline (page title and on-page heading) is not body text.")
def _duplicate_headline(page: Page) -> list[int]:
    heads = [page.lines[i] for i, rule in page.removed.items() if rule == HEADLINE_RULE]
    if not heads:
        return []
    head = heads[0].casefold()
    return [i for i in page.kept() if page.lines[i].casefold() == head]


# After the headline's repeats are gone: 'X / headline / X' leaves 'X / X' in the cleaned document, and
# cleaning it again must find the same repeat. (The headline rule counts kept lines as this rule leaves them.)
@page_rule(
    "duplicate_line_v1",
    "An exact repeat of the previous kept line is a heading or caption rendered twice.",
)
def _duplicate_line(page: Page) -> list[int]:
    distinct = set(_distinct_kept(page, 0, len(page.lines)))
    return [i for i in page.kept() if i not in distinct]
