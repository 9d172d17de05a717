"""Navigation printed as text: pipe-separated strips and the link lists under a related-links heading."""

from __future__ import annotations

import re

from newsclusters.pipeline.rules.page import Page
from newsclusters.pipeline.rules.registry import page_rule
from newsclusters.pipeline.rules.repeats import REPEATED_RULE
from newsclusters.pipeline.rules.shapes import RELATED_HEADING, SECTION_HEADING_RULE, SENT_END, section_heading

_MENU_SPLIT = re.compile(r"\s*\\?\|\s*|\s+[·•»]\s+")


@page_rule(
    "pipe_menu_v4",
    "A strip of three or more short segments split by '|', '·', '•' or '»' is navigation, not a table's header or row.",
)
def _pipe_menu(page: Page) -> list[int]:
    found: list[int] = []
    tables = _numeric_tables(page)
    for i, line in enumerate(page.lines):
        if i in page.removed or i in tables:
            continue
        if "|" in line:
            if line.count("|") < 2:
                continue
            cells = _pipe_cells(line)
        elif "·" in line or "•" in line or "»" in line:
            cells = [c for c in _MENU_SPLIT.split(line) if c]
        else:
            continue
        if len(cells) < 3:
            continue
        if _is_data_row(cells):
            continue  # a data-table row (scores, standings), not navigation
        if _heads_data_rows(page, i):
            continue  # the header of such a table ('| Pos | Player | Plays | % |'): its rows mean nothing without it
        lengths = [c.strip().count(" ") + 1 for c in cells]
        short = sum(1 for n in lengths if n <= 4)
        if (
            max(lengths) <= 6
            or (len(cells) >= 4 and short >= 0.7 * len(cells) and max(lengths) < 16)
            or (len(cells) >= 5 and max(lengths) <= 12 and not SENT_END.search(line))
        ):
            found.append(i)
    return found


def _pipe_cells(line: str) -> list[str]:
    return [c for c in line.replace("\\|", "|").split("|") if len(c) > 1 and not c.isspace()]


def _is_data_row(cells: list[str]) -> bool:
    return sum(1 for c in cells if any(ch.isdigit() for ch in c)) >= 0.3 * len(cells)


TABLE_ROWS_MIN = 3  # rows under a header (or without one) that share a column of figures


def _numeric_tables(page: Page) -> set[int]:
    """The lines of tables under the article's first paragraph whose rows mostly hold words ('Chikkanur | H R
    Nagaraju | Congress | 7,418'), which the share of figures in a row would call a menu: runs of rows as wide as each
    other, one line after another, where one column gives a figure in every row but the first (a header's),
    TABLE_ROWS_MIN distinct rows at least, and a line more (a header, or a fourth row: three comments a line each,
    each with its date, make no table)."""
    if sum(1 for line in page.lines if line.count("|") >= 2) <= TABLE_ROWS_MIN:
        return set()  # most pages: too few rows for a table
    found: set[int] = set()
    run: list[int] = []
    # under the article's first paragraph: a table over it is a box of the page's (prices, a market's figures)
    first = next((i for i, prose in enumerate(page.prose) if prose and i not in page.removed), len(page.lines))
    for i in [*range(first + 1, len(page.lines)), len(page.lines)]:  # past the last line: the last run ends
        line = page.lines[i] if i < len(page.lines) and i not in page.removed else ""
        if line.count("|") >= 2 and (not run or (_width(line), line[:1] == "|")
                                      == (_width(page.lines[run[-1]]), page.lines[run[-1]][:1] == "|")):
            run.append(i)
            continue
        if len(run) > TABLE_ROWS_MIN and _figures_column(page, run):
            found.update(run)
        run = [i] if line.count("|") >= 2 else []
    return found


def _figures_column(page: Page, run: list[int]) -> bool:
    # distinct rows: a repeated one goes (duplicate_line_v1), and the table must stand when cleaned again
    rows = [line.strip().removeprefix("|").removesuffix("|").split("|")
            for line in dict.fromkeys(page.lines[i] for i in run)]
    body = rows[1:] if not any(ch.isdigit() for ch in "".join(rows[0])) else rows
    if len(body) < TABLE_ROWS_MIN:
        return False
    return any(all(any(ch.isdigit() for ch in row[c]) for row in body) for c in range(len(body[0])))


_TABLE_RULE = re.compile(r"[|:\- ]+")  # a Markdown table's '|---|:---:|' line between its header and its rows
HEADED_ROWS_MIN = 3  # distinct data rows under a header: as many as make a table the span rule keeps with the article


def _heads_data_rows(page: Page, i: int) -> bool:
    """Whether line `i` heads a table: the rows under it (past a '|---|' line) start with HEADED_ROWS_MIN
    distinct data rows as wide as it, with borders as it has them or without them as it has none. Distinct: a repeated row goes (duplicate_line_v1), and the header
    must stand the same when the cleaned text is cleaned again. Three: with fewer, the span rule would
    keep a header and two rows of chrome (a ticker) as a table, which without the header it drops."""
    width, bordered = _width(page.lines[i]), page.lines[i][:1] == "|"
    rows: list[str] = []
    for j in range(i + 1, len(page.lines)):
        line = page.lines[j]
        if j in page.removed or _TABLE_RULE.fullmatch(line):  # gone from the cleaned text: not there to head
            continue
        if (line[:1] == "|") != bordered or _width(line) != width or not _is_data_row(_pipe_cells(line)):
            break
        if line not in rows:
            rows.append(line)
        if len(rows) == HEADED_ROWS_MIN:
            return True
    return False


def _width(line: str) -> int:
    """A table row's cells, empty ones too ('|  | Team | W |' is 3 wide)."""
    return len(line.strip().removeprefix("|").removesuffix("|").split("|"))


LIST_HEAD = re.compile(
    r"(?:[-*•]\s*)?(?:" + RELATED_HEADING + r"|related(?: \w+)?|read more|more (?:stories|news|from [\w.'’ ]+|on this)"
    r"|you (?:may|might) also like|"
    r"don'?t miss|must read|most (?:read|popular|viewed)(?: [\w ]{1,25})?|recommended(?: for you)?|latest (?:news|stories)|"
    r"top stories|popular on [\w.]+|trending(?: now)?|further reading|see also|also read|what to read next|"
    r"editor'?s picks?|around the web|more)\W*$",
    re.I,
)
_LIST_HEAD_RULES = frozenset({"related_link_v12", "more_from_outlet_v1", REPEATED_RULE, "share_social_v13"})
BULLET = re.compile(r"[-*•»›·–]\s")
RELATED_PARAGRAPH_WORDS = 20  # a bulleted line this long that ends a sentence is a paragraph, not a teaser


@page_rule(
    "related_list_v4",
    "Short or bulleted link lines right after a related-links heading ('Most read') are teasers.",
)
def _related_list(page: Page) -> list[int]:
    found: list[int] = []
    n = len(page.lines)
    for i in range(n):
        rule = page.removed.get(i)
        listed = rule in _LIST_HEAD_RULES and LIST_HEAD.match(page.lines[i]) is not None
        # A section's heading alone heads the list ('More Valley news: <a headline>' is one of its items); it
        # reads like more of the page's own headings than a related-links label does, so its items must look like
        # headlines (`_section_items`).
        sectioned = not listed and rule == SECTION_HEADING_RULE and section_heading(page.lines[i]) == page.lines[i]
        if not (listed or sectioned):
            continue
        found += _section_items(page, i) if sectioned else _listed_items(page, i)
    return found


def _listed_items(page: Page, i: int) -> list[int]:
    """The short or bulleted lines under a related-links heading, up to the first paragraph."""
    items: list[int] = []
    j = i + 1
    while j < len(page.lines) and j - i <= 12:
        if j in page.removed:
            j += 1
            continue
        bulleted_paragraph = page.words[j] >= RELATED_PARAGRAPH_WORDS and page.ends[j]  # article text: ends the list
        if not ((BULLET.match(page.lines[j]) and not bulleted_paragraph) or (page.words[j] <= 16 and not page.ends[j])):
            break
        items.append(j)
        j += 1
    return items


SECTION_ITEMS_MIN = 2  # a section's heading over one headline-shaped line is the article's heading and its line
SECTION_ITEM_MIN_WORDS = 3  # 'Four stars', 'Tickets' are a box's; a headline has a few words
SECTION_ITEM_MAX_WORDS = 16
# A box's field: a label of a word or two, a short value ('Best Actor: Ramon Soriano', 'Samaritans: 116 123'); a
# teaser's kicker is longer ('Norbridge 3-1 Fenwick Athletic: Hosts go top')
_SHORT_FIELD = re.compile(r"[-*•»›·–]?\s*[^:\s]+(?: [^:\s]+)?: \S+(?: \S+){0,3}$")


def _section_items(page: Page, i: int) -> list[int]:
    """The headlines under a section's heading: each of a few words, none ending a sentence or giving a box's
    field, all printed one way (bulleted or not); the list ends at the first line that is none of these."""
    items: list[int] = []
    bulleted: bool | None = None
    j = i + 1
    while j < len(page.lines) and j - i <= 12:
        if j in page.removed:
            j += 1
            continue
        line = page.lines[j]
        bullet = BULLET.match(line) is not None
        if ((bulleted is not None and bullet != bulleted) or page.ends[j] or _SHORT_FIELD.match(line)
                or not SECTION_ITEM_MIN_WORDS <= page.words[j] <= SECTION_ITEM_MAX_WORDS):
            break
        bulleted = bullet
        items.append(j)
        j += 1
    return items if len(items) >= SECTION_ITEMS_MIN else []
