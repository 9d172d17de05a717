"""The read-only view of one document that page rules look at, with its per-line features."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from newsclusters.pipeline.rules.shapes import (
    FLAT_MENU_MIN_WORDS,
    REPEAT_MAX_LEN,
    SENT_END,
    TERMINAL,
    is_flattened_menu,
    is_glued_menu,
    is_nested_item,
    is_prose,
    is_sorted_index,
    last_char,
    low_line_key,
)


T = TypeVar("T")

# Chinese and Japanese are written without spaces between words: a line's spaces undercount them, and
# characters / 7 (a word and its space in a Latin script) undercounts them by about three times, so an
# article paragraph of 40 characters counted as a 5-word line, not prose, and the span rule removed it.
# A word of these scripts is about 1.5-3 characters (Chinese about 1.7, Japanese more with its particles).
UNSPACED_CHARS_PER_WORD = 2.5
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")  # kana and Han


def effective_words(line: str) -> int:
    """Words, or characters / 7 for a long unbroken string, or for Chinese and Japanese their
    characters / `UNSPACED_CHARS_PER_WORD` (Korean puts spaces between its words)."""
    words = max(line.count(" ") + 1, len(line) // 7)
    if line.isascii() or not _UNSPACED.search(line):
        return words
    return max(words, int(len(_UNSPACED.findall(line)) / UNSPACED_CHARS_PER_WORD))


@dataclass(frozen=True)
class Page:
    """A read-only view of one document for page rules.

    ``lines`` are the normalised non-blank lines; ``blocks[i]`` numbers the run of lines (separated
    by blank lines) that line i belongs to; ``removed`` maps a line index to the rule that already
    removed it; ``by_line_rules`` are the indices the line rules (or the date header) took;
    ``line_counts`` maps `line_key` to the number of story clusters holding the line (and a (site, line)
    key to the number holding it on a page of that site), or is None; ``site`` is the `site_key` of
    the page's site, when known; ``title`` the headline the metadata gives, when it gives one. Features
    are computed on first use and shared by all page rules.
    """

    lines: tuple[str, ...]
    blocks: tuple[int, ...]
    removed: Mapping[int, str] = field(default_factory=dict)
    by_line_rules: frozenset[int] = frozenset()
    line_counts: Mapping[int, int] | None = None
    site: int | None = None
    title: str | None = None  # the headline the document's metadata gives (a corpus's own), normalised
    # While a page is cleaned, `removed` only grows (each rule's lines are added to it, none taken out), so
    # the number of lines removed names which ones are: `remembered` keeps answers that depend on them.

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
        """The lines no rule has removed yet (a new list: callers may change it)."""
        return list(self.remembered(("kept",), lambda: tuple(i for i in range(len(self.lines))
                                                             if i not in self.removed)))

    def remembered(self, what: tuple[object, ...], compute: Callable[[], T]) -> T:
        """`compute()`, kept for the lines removed so far: asked again before a rule removes another line, the
        page gives the same answer without computing it (the article span, its boxes and the kept lines are
        asked for by several rules, between which most rules remove nothing)."""
        key = (*what, len(self.removed))
        if key not in self._by_removed:
            self._by_removed[key] = compute()
        return self._by_removed[key]  # type: ignore[no-any-return]

    def block_members(self, index: int) -> list[int]:
        block = self.blocks[index]
        return [i for i, b in enumerate(self.blocks) if b == block]

    @cached_property
    def _by_removed(self) -> dict[tuple[object, ...], Any]:
        return {}  # `remembered`'s answers, by (what, its arguments, the number of lines removed)

    @cached_property
    def low(self) -> tuple[str, ...]:
        return tuple(map(str.lower, self.lines))

    @cached_property
    def line_keys(self) -> tuple[int | None, ...]:
        """Each line's count-pass key (`low_line_key`), None for one too long to be counted: computed
        once for the rules that look lines up in `line_counts`."""
        return tuple([low_line_key(low) if len(low) <= REPEAT_MAX_LEN else None for low in self.low])

    @cached_property
    def low_text(self) -> str:
        """The lower-cased lines joined, each after an LF: one string for a rule to scan in C first."""
        return "\n" + "\n".join(self.low)

    @cached_property
    def words(self) -> tuple[int, ...]:
        """Effective words (`effective_words`)."""
        return tuple([effective_words(line) for line in self.lines])  # a list first: faster

    @cached_property
    def ends(self) -> tuple[bool, ...]:
        """Ends like a sentence (a trailing table pipe ignored)."""
        return tuple([(line[-1:] if line[-1:] != "|" else last_char(line)) in TERMINAL for line in self.lines])

    @cached_property
    def blocky(self) -> bool:
        """Paragraph-per-block layout: blank lines separate most lines."""
        return len(self.lines) >= 4 and (self.blocks[-1] + 1) >= 0.6 * len(self.lines)

    @cached_property
    def browser_items(self) -> frozenset[int]:
        """'o Item' lines that are a text browser's third-level list items: in a run of marked lines ('* ', '+ ',
        'o ') that holds a first- or second-level item. A line of a hard-wrapped paragraph in Portuguese may start
        'o Governo', an article's own list 'o INSS passa a ...;', and neither stands in such a run. Runs are read
        as the cleaned text will have them, without the lines a line rule removed (as `prose` pairs lines), and
        end where a paragraph does."""
        if "\no " not in self.low_text:
            return frozenset()  # the common case, decided in C
        lines, blocks, gone, n = self.lines, self.blocks, self.by_line_rules, len(self.lines)
        found: set[int] = set()
        for i in [i for i, line in enumerate(lines) if line[:2] == "o "]:
            if i in found or i in gone or not is_nested_item(lines[i]):
                continue
            run, higher = [i], False  # the run of marked lines around it, in its paragraph
            for step in (-1, 1):
                k = i + step
                while 0 <= k < n and blocks[k] == blocks[i]:
                    if k not in gone:
                        if lines[k][:2] in ("* ", "+ "):
                            higher = True
                        elif is_nested_item(lines[k]):
                            run.append(k)
                        else:
                            break
                    k += step
            if higher:
                found.update(j for j in run if lines[j][:1] == "o")
        return frozenset(found)

    @cached_property
    def menus(self) -> frozenset[int]:
        """Lines that are a menu run together into one line, its items apart (`is_flattened_menu`) or in alphabetical
        order (`is_sorted_index`) or glued (`is_glued_menu`); the last two on a line that ends no sentence: most
        lines of a page do, and are not read."""
        return frozenset(
            i for i, (line, w, ends) in enumerate(zip(self.lines, self.words, self.ends))
            if (w >= FLAT_MENU_MIN_WORDS and (is_flattened_menu(line) or (not ends and is_sorted_index(line))))
            or (not ends and is_glued_menu(line))
        )

    @cached_property
    def prose(self) -> tuple[bool, ...]:
        """Article-paragraph shape (not a menu run together into one line); a line continued by a
        lower-case line (hard wrap) counts too, unless either is a menu or the second a text browser's
        list item ('o Contests', `browser_items`).

        Lines are paired as the cleaned text will have them, without the lines a line rule removed: a
        removed line neither wraps nor continues one, and the lines either side of it may. A table row
        ('| ... |', closed by its pipe) wraps nothing, and a line of a table's cells ('a |  |  |') continues
        none: a later rule may remove either, and the line next to it must read the same when the cleaned
        text is cleaned again.
        """
        lines, words, removed, menus = self.lines, self.words, self.by_line_rules, self.menus
        prose = [is_prose(line, w, e) for line, w, e in zip(lines, words, self.ends)]
        for i in menus:
            prose[i] = False
        kept = [i for i in range(len(lines)) if i not in removed]  # neighbours as the cleaned text has them
        for i, j in zip(kept, kept[1:]):
            if (not prose[i] and words[i] >= 6 and lines[i][-1] != "|" and i not in menus and j not in menus
                    and lines[j][:1].islower() and words[j] >= 4 and "|" not in lines[j]
                    and j not in self.browser_items):  # 'o Contests' only looks lower case
                prose[i] = True
                if words[j] >= 6:
                    prose[j] = True
        return tuple(prose)


_TITLE_BAD_START = re.compile(r"(?:[-*•|»›]|by\s|https?:|www\.)", re.I)
_NUMBERED_ITEM = re.compile(r"\d{1,3}[.)](?!\d)")  # '3. Sweden drops ...', '3)': an item of a numbered list


def is_title_shaped(page: Page, i: int, loose: bool = False) -> bool:
    """2-25 words, no sentence end (a closing quote is fine), not a bullet, byline or URL.

    `loose` also lets a line end with a question or exclamation mark, or start with a number (not as a
    numbered list's item, '3. ...'): some headlines do ('Is Football Violence a Crime?', '10 things in
    tech you need to know today'), but so do a reader prompt ('Have a news tip?') and a list of other
    stories ('7 Shop man describes raid terror'), so a caller that asks for it needs other evidence too.
    """
    line = page.lines[i]
    words = page.words[i]
    if words < 2 or words > 25 or len(line) > 200 or line.count("|") >= 2:
        return False
    asks = loose and line[-1] in "?!？！"
    if SENT_END.search(line) and not line.endswith(("'", "’", '"', "”", ")")) and not asks:
        return False
    if line.rstrip("'’\"”)").endswith((".", "。")):  # a quoted sentence ('He said it was "a sad day."'), not a headline
        return False
    if line.endswith((",", ";", ":")) or _TITLE_BAD_START.match(line):
        return False
    if loose and line[0].isdigit():
        return not _NUMBERED_ITEM.match(line)
    return any(c.isalpha() for c in line[:3]) or line[0] in "'\"‘“"
