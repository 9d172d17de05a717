"""Stage 1, clean: raw text in, title/date/body text and an audit of every removal out.

Pure functions on strings. Normalisation only touches white space (NBSP and other Unicode spaces
become one ASCII space, runs collapse, lines are stripped, blank lines separate paragraphs); words,
quotes and spelling are never changed. Every raw line that does not reach `text` is listed in
`removed` with the rule that decided it; so is every cell of a long table row judged apart
(`table_cells`) and every comment thread cut out of a line (`inline_comment_thread`).

The corpus-repetition rules need a count pass first: `count_cluster_lines(clusters, sites)` (in how
many story clusters each line occurs, and each line on a page of each site; shard counters add up),
or `count_lines(texts, sites)` for documents without clusters, gives `line_counts` for
`Cleaner.clean`. Without counts those rules don't fire (nor the site rule for a document of no known
site); every other rule looks at one document only.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any, NamedTuple

from ahocorasick_rs import MATCHKIND_STANDARD, AhoCorasick, Implementation

from newsclusters.errors import DateHeaderError, RawInputError
from newsclusters.pipeline.cluster_meta import encoding_problem
from newsclusters.pipeline.glued import GLUED_MIN_CHARS, glued_pieces
from newsclusters.pipeline.regex_prefixes import prefix_trie
from newsclusters.pipeline.rules import (
    HEADLINE_RULE,
    INLINE_THREAD_MIN_CHARS,
    REPEAT_MIN_CLUSTERS,
    RULES,
    Page,
    Rule,
    cluster_line_keys,
    count_cluster_lines,
    count_lines,
    document_site,
    guarded_text,
    inline_comment_thread,
    line_keys,
    normalise_line,
    phrase_key,
    prompt_lead_in,
    site_key,
    side_columns,
    site_of,
    strip_bullets,
    trailing_prompt,
)
from newsclusters.pipeline.rules.span import SPAN_CELL_MAX_WORDS
from newsclusters.versioning import is_date
from newsclusters.wording import byte_position

__all__ = [
    "REPEAT_MIN_CLUSTERS", "TRANSFORMS", "Cleaned", "Cleaner", "Removal", "cluster_line_keys", "count_cluster_lines",
    "count_lines", "decode_raw", "default_cleaner", "document_site", "line_keys", "metadata_title", "normalise_line",
    "site_of", "split_lines",
]

DATE_HEADER_RULE = "date_header_v1"
MOJIBAKE_RULE = "mojibake_repair_v2"
INLINE_THREAD_RULE = "inline_comment_thread_v1"
TRAILING_PROMPT_RULE = "trailing_prompt_v3"
SIDE_COLUMN_RULE = "side_column_v3"
# Steps that take raw text out of the body without being boilerplate rules: listed in `removed`
# like any rule, so the audit stays complete. Name -> reason, as for rules.
TRANSFORMS: Mapping[str, str] = MappingProxyType({
    DATE_HEADER_RULE: "An inline 'date YYYY-MM-DD' header is metadata: it becomes the record's `date`.",
    SIDE_COLUMN_RULE: "A few words (or a menu run together) a wide gap (3+ spaces) parts from a paragraph on its line are "
    "a side column's (a menu's item, a box's link), which a text browser prints beside the article; they are cut off the "
    "line.",
    MOJIBAKE_RULE: "UTF-8 text once decoded as Windows-1252/Latin-1 ('donâ€™t') is repaired by ftfy; the "
    "broken line is listed here and the repaired one kept.",
    INLINE_THREAD_RULE: "Reader comments run into a line of article text (three or more 'Posted by X on <date>') are "
    "cut out of it, from the thread's heading or first signature to the end of the last.",
    TRAILING_PROMPT_RULE: "Calls to action closing a line of article text ('Click here to ...', 'Sign up for our "
    "newsletter') are cut off it, the last first; the sentences before them are judged as a line of their own, "
    "unless they are a short pitch leading to the call ('Want more TV writing?', 'Stay up to date with us.').",
})

# A lead byte of a UTF-8 sequence read as Latin-1/Windows-1252, followed by a continuation byte read
# the same way: the mark of mojibake. Only such lines go to ftfy (which decides), keeping it fast.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
# The header's form: anything of this shape on the first line is a date header, and must hold a real date.
_DATE_HEADER = re.compile(r"date (\d{4}-\d{1,2}-\d{1,2})(?: (.*))?$")
# The header with its date written another way ('date 2024/10/30', 'date 30-10-2024'): meant as one, so an error,
# not a line for the rules (a timestamp, or the title) with the date lost.
_OTHER_DATE_HEADER = re.compile(r"date (\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4})(?= |$)")
_CELL_BORDER = re.compile(r"(?<!\\)\|")  # a table cell's border; an escaped pipe ('\|') is a bar inside a cell
# Inside a cell, the bars a site prints between its links ('News: ePaper \| Front Page \| ... \|National <story>'):
# a run of such links is cut out of the cell, as a menu on a line of its own would be. A bar also parts a story
# from its scores ('... \| Arsenal 2 \| Chelsea 1'), a pull quote, or, in Hindi, its sentences (the danda): those
# parts are not links, and stay with the story in one unit.
_ESCAPED_PIPE = re.compile(r"\\\|")
LINK_PART_MAX_WORDS = 5  # a link's words, at most
LINK_RUN_MIN = 3  # links in a row that make a menu
LINK_RUN_OPENING_MIN = 2  # ... or that open a cell (a breadcrumb, a byline)
LINK_RUN_DIGITS_MAX = 0.3  # share of parts with a figure beyond which a run is data (scores, prices), not links
# A row is cut at its bars only when one part is a story: a cell as long as the span counts as a paragraph
# (SPAN_CELL_MAX_WORDS). Cut among briefs, the short stories would be cells outside any span, and go.
_CLAUSE_END = re.compile(r"[.!?:;,\"”]$")
ROW_SPLIT_MIN_CHARS = 300  # a table-layout row this long holds several blocks of the page: judged cell by cell


class Removal(NamedTuple):
    """One line (or part of one) a rule took out. A named tuple: a page has a hundred of these, and
    one is made in half the time of a frozen dataclass."""

    line: int  # 1-based line number in the raw text
    text: str
    rule: str

    def as_dict(self) -> dict[str, object]:
        return {"line": self.line, "text": self.text, "rule": self.rule}


@dataclass(frozen=True)
class Cleaned:
    title: str | None
    date: str | None
    text: str
    removed: tuple[Removal, ...]
    kept: tuple[int, ...] = ()  # raw line number of each line of `text`, for audits and tests

    def as_dict(self) -> dict[str, object]:
        return {
            "title": self.title,
            "date": self.date,
            "text": self.text,
            "removed": [r.as_dict() for r in self.removed],
        }


def _codec(encoding: str | None) -> str:
    """UTF-8 drops a byte-order mark however it is named ('UTF8', 'utf_8'): declared or not, it is not text."""
    return "utf-8-sig" if encoding is None or codecs.lookup(encoding).name == "utf-8" else encoding


def decode_raw(data: bytes, source: str, encoding: str | None = None) -> str:
    """Strict UTF-8 (a BOM is dropped) unless the metadata declares an encoding: never a guess.

    A wrong byte names the file and offset; so does a NUL byte, which no news text contains.
    """
    if encoding is None and data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise RawInputError(
            source,
            'UTF-16 text (byte-order mark); convert it to UTF-8 or declare "encoding": "utf-16" in cluster.json',
        )
    if encoding is None and b"\x00" in data:
        nul = data.index(b"\x00")
        raise RawInputError(source, f"binary content: NUL character at {byte_position(data, nul)}; raw documents "
                                    "must be text")
    if encoding is not None and (problem := encoding_problem(encoding)):
        raise RawInputError(source, problem)  # `clean` on a file whose cluster.json the build would refuse
    codec = _codec(encoding)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as err:
        declared = f"declared encoding {encoding!r}" if encoding else "UTF-8"
        hint = "" if encoding else '; convert the file to UTF-8 or declare its "encoding" in cluster.json'
        raise RawInputError(
            source, f"not valid {declared} at {byte_position(data, err.start)} ({data[err.start:err.start + 4]!r}){hint}"
        ) from err
    if codec != "utf-8-sig":  # a declared 'utf-7' or 'unicode_escape' can make a surrogate; UTF-8 never does
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as err:
            raise RawInputError(source, f"decoded as {encoding!r}, it holds a lone surrogate at character {err.start} "
                                        f"({text[err.start]!r}, half of a UTF-16 pair): not text") from None
    nul = text.find("\x00")
    if nul >= 0:
        raise RawInputError(source, f"binary content: NUL character at character {nul}; raw documents must be text")
    return text


EMPTY_DOCUMENT, ALL_BOILERPLATE = "empty_document", "all_boilerplate"  # reasons in rejections.jsonl


def content_rejection(raw_text: str, cleaned: Cleaned | None = None) -> str | None:
    """Why a build leaves a document out for its content, or None: nothing but white space (judged before
    cleaning, so `cleaned` may be None), or every line removed. Read by the build and by `clean --explain`."""
    if not raw_text or raw_text.isspace():  # as `not raw_text.strip()`, without copying the text
        return EMPTY_DOCUMENT
    if cleaned is not None and not cleaned.text:
        return ALL_BOILERPLATE
    return None


def metadata_title(meta: Mapping[str, Any]) -> str | None:
    """The headline a document's metadata gives (a corpus's own: not guessed from the text); a blank one is
    none. The build and `clean` read it here, so both title a document alike."""
    title = meta.get("title")
    return title if isinstance(title, str) and title.strip() else None


def table_cells(line: str) -> list[str]:
    """The non-empty cells of a long table-layout row ('| a | b |'), each written as a one-cell row, and
    within a cell the parts a bar printed in it ('\\|') separates.

    Pages laid out with tables, rendered as text, put the article in one cell of a row and the site's
    blurb, ads or links in the others, or the site's menu before the article in the same cell; judged as
    one line, the row is kept or dropped whole. A row with fewer than two non-empty parts, or shorter than
    ROW_SPLIT_MIN_CHARS, gives [].
    """
    if len(line) < ROW_SPLIT_MIN_CHARS or line[:1] != "|":
        return []
    cells = [cell for cell in map(str.strip, _CELL_BORDER.split(line)) if cell]
    parts = [part for cell in cells for part in _link_runs_apart(cell)]
    if len(parts) > len(cells) and any(len(part.split()) >= SPAN_CELL_MAX_WORDS for part in parts):
        cells = parts  # a story and the links around it; not briefs among links, which would be cut away
    return [f"| {cell} |" for cell in cells] if len(cells) >= 2 else []


def _link_runs_apart(cell: str) -> list[str]:
    """The cell with each run of links its bars part (a menu, a breadcrumb) cut out, link by link; the text
    between runs is one part, as the cell printed it (its bars kept)."""
    bars = [m.span() for m in _ESCAPED_PIPE.finditer(cell)]
    if not bars:
        return [cell]
    bounds = [0, *(at for span in bars for at in span), len(cell)]  # piece k is cell[bounds[2k]:bounds[2k + 1]]
    pieces = [cell[bounds[2 * k]:bounds[2 * k + 1]].strip() for k in range(len(bars) + 1)]
    parts: list[str] = []
    held = 0  # the first piece not yet given to a part
    i = 0
    while i < len(pieces):
        j = i
        while j < len(pieces) and _is_link(pieces[j]):
            j += 1
        run = pieces[i:j]
        figures = sum(1 for piece in run if any(c.isdigit() for c in piece))
        least = LINK_RUN_OPENING_MIN if i == 0 else LINK_RUN_MIN
        if len(run) >= least and figures < LINK_RUN_DIGITS_MAX * len(run):
            if held < i:
                parts.append(cell[bounds[2 * held]:bounds[2 * i - 1]].strip())
            parts += run
            held = i = j
        else:
            i += 1
    if held < len(pieces):
        parts.append(cell[bounds[2 * held]:].strip())
    return [part for part in parts if part]


def _is_link(piece: str) -> bool:
    """A link's text: a few words that end no sentence or clause."""
    return 0 < len(piece.split()) <= LINK_PART_MAX_WORDS and _CLAUSE_END.search(piece) is None


def _may_hold_mojibake(text: str) -> bool:
    """Whether any line of `text` may need `_repair_mojibake`.

    A hint opens with a character of U+00C2-U+00F4, which UTF-8 writes with the lead byte 0xC3: a page
    without that byte (most pages, ASCII ones known from a flag) skips the pattern's scan of every character.
    """
    return (not text.isascii() and b"\xc3" in text.encode("utf-8", "surrogatepass")
            and _MOJIBAKE_HINT.search(text) is not None)


def _repair_mojibake(line: str) -> str:
    """ftfy's repair of a normalised line; a long table row is repaired cell by cell as well.

    ftfy judges a string as a whole: a row holding one cell it can't re-decode ('• Oops!') keeps its
    other broken cells ('Ä¢'), which would be repaired on the next pass, once a rule has dropped that
    cell and the row is written back without it. Repairing each cell too makes cleaning idempotent.
    """
    import ftfy  # only pages with mojibake pay for its import

    repaired = normalise_line(ftfy.fix_encoding(line))
    if len(repaired) >= ROW_SPLIT_MIN_CHARS and repaired[0] == "|" and _MOJIBAKE_HINT.search(repaired):
        cells = _CELL_BORDER.split(repaired)
        # Each cell as a row written back holds it ('| cell |'): ftfy reads 'Ã¥x' after a space otherwise than after a pipe.
        repaired = normalise_line("|".join(ftfy.fix_encoding(f" {c.strip()} ") if _MOJIBAKE_HINT.search(c) else c
                                           for c in cells))
    return repaired


def split_lines(text: str) -> list[str]:
    """Split on LF, CRLF or CR only (str.splitlines would also split on form feeds and U+2028)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


_NO_RULE = -1
START_HEAD = 3  # characters: a line's first ones (after bullets) choose the `start` patterns tried on it


class _LineMatcher:
    """All line rules at once, giving the same verdict as trying `Rule.matches` in registry order.

    Fast paths, each exact: whole-line phrases are one dict lookup; `start` patterns are tried in
    registry order, only those whose match can begin with the line's first START_HEAD characters
    (`regex_prefixes`; the choice is memoised per head) and whose max_len allows the line;
    `anywhere` and gated patterns run only on lines holding their keywords, found for every pattern at
    once by one Aho-Corasick scan of each line (every occurrence, overlaps included). A guard's veto falls
    back to the plain definition. Verdicts of short lines are memoised per instance (bounded)
    because menus and buttons repeat.
    """

    MEMO_MAX = 50_000  # entries; the memo is dropped when full
    MEMO_LINE_MAX = 80  # characters: longer lines rarely repeat

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        tests = [r.test for r in rules]
        self.max_len = max((t.max_len for t in tests), default=0)
        self.phrases: dict[str, list[int]] = {}
        for index, test in enumerate(tests):
            for phrase in test.phrases:
                self.phrases.setdefault(phrase, []).append(index)
        self.phrase_max = max((t.max_len for t in tests if t.phrases), default=0)
        self.starts = [(re.compile(t.start).match, i, t.max_len) for i, t in enumerate(tests) if t.start]
        self.start_prefixes = prefix_trie(tuple(t.start for t in tests if t.start), START_HEAD)
        self.starts_by_head: dict[str, tuple[tuple[Callable[[str], re.Match[str] | None], int, int], ...]] = {}
        # One entry per `anywhere` pattern and per gated pattern, each with the keywords that gate it.
        entries = [(i, re.compile(t.anywhere), t.ends, t.max_len, t.guard, t.keywords)
                   for i, t in enumerate(tests) if t.anywhere]
        entries += [(i, pattern, (), t.max_len, t.guard, keywords)
                    for i, t in enumerate(tests) for keywords, pattern in t.gated_compiled]
        entries.sort(key=lambda entry: entry[0])
        self.anywhere = [entry[:5] for entry in entries]
        self.keywords = _KeywordFinder([entry[5] for entry in entries])
        self.memo: dict[str, int] = {}

    def verdicts(self, lines: list[str], anywhere: bool = True) -> list[int]:
        """The index of the first matching rule for each line, or -1; with `anywhere` False, of the first rule
        whose phrase is the line or whose `start` pattern matches it (not memoised: a verdict of its own)."""
        n = len(lines)
        best = [_NO_RULE] * n
        open_: list[int] = []  # lines the anywhere patterns may still decide
        lows: list[str] = [""] * n
        memo = self.memo if anywhere else {}
        if len(memo) > self.MEMO_MAX:
            memo.clear()
        if len(self.starts_by_head) > self.MEMO_MAX:
            self.starts_by_head.clear()
        rules, starts_by_head = self.rules, self.starts_by_head
        for i, line in enumerate(lines):
            cached = memo.get(line)
            if cached is not None:
                best[i] = cached
                continue
            size = len(line)
            if not size or size > self.max_len:
                continue
            low = line.lower()
            lows[i] = low
            verdict = len(rules)
            if size <= self.phrase_max:
                for index in self.phrases.get(phrase_key(low), ()):
                    if size <= rules[index].test.max_len:
                        verdict = index
                        break
            stripped = strip_bullets(low)
            head = stripped[:START_HEAD]
            starts = starts_by_head[head] if head in starts_by_head else self._starts(head)
            for match, index, max_len in starts:
                if index >= verdict:
                    break
                if size <= max_len and match(stripped) is not None:
                    verdict = index
                    break
            if verdict < len(rules):
                guard = rules[verdict].test.guard  # (phrases and starts were only tried within their max_len)
                if guard is not None and not guard(guarded_text(line)):
                    verdict = self._slow(line) if anywhere else _NO_RULE  # vetoed: the plain definition decides
                    best[i] = verdict
                    if size <= self.MEMO_LINE_MAX:
                        memo[line] = verdict
                    continue
            best[i] = verdict if verdict < len(rules) else _NO_RULE
            open_.append(i)
        if open_ and self.anywhere and anywhere:
            self._anywhere(lines, lows, best, open_)
        for i in open_:
            if len(lines[i]) <= self.MEMO_LINE_MAX:
                memo[lines[i]] = best[i]
        return best

    def _anywhere(self, lines: list[str], lows: list[str], best: list[int], open_: list[int]) -> None:
        # Lines ending with one of `ends` are found by their last character; the rest of a rule's
        # candidates hold one of its keywords.
        holding = self.keywords.holding(open_, lows)
        by_last: dict[str, list[int]] | None = None
        for position, (index, pattern, ends, max_len, guard) in enumerate(self.anywhere):
            candidates = holding.get(position, set())
            if ends:
                by_last = _by_last_char(open_, lows) if by_last is None else by_last
                lasts = {end[-1:] for end in ends}
                pool = open_ if "" in lasts else [i for last in lasts for i in by_last.get(last, ())]
                candidates = candidates.union(i for i in pool if lows[i].endswith(ends))
            for i in candidates:
                if 0 <= best[i] <= index or len(lines[i]) > max_len:
                    continue
                if pattern.search(lows[i]) is not None and (guard is None or guard(guarded_text(lines[i]))):
                    best[i] = index

    def _starts(self, head: str) -> tuple[tuple[Callable[[str], re.Match[str] | None], int, int], ...]:
        """The `start` patterns a line beginning with `head` may match, in registry order (memoised)."""
        found = tuple(self.starts[k] for k in self.start_prefixes.admitted(head))
        self.starts_by_head[head] = found
        return found

    def _slow(self, line: str) -> int:
        return next((index for index, rule in enumerate(self.rules) if rule.test(line)), _NO_RULE)


class _KeywordFinder:
    """Which lines hold which rules' keywords, all keywords found in one pass over a line.

    Searching each keyword in turn cost a scan of the page per keyword (90 of them); one
    Aho-Corasick automaton reports every occurrence of every keyword, overlapping ones included
    ('reporting' holds 'report'), so each rule gets exactly the lines `any(k in line ...)` gives.
    """

    def __init__(self, keywords_by_rule: list[tuple[str, ...]]) -> None:
        distinct = sorted({k for keywords in keywords_by_rule for k in keywords if k})
        found_by: dict[str, list[int]] = {k: [] for k in distinct}
        for position, keywords in enumerate(keywords_by_rule):
            for keyword in set(keywords) - {""}:
                found_by[keyword].append(position)
        self.keywords = distinct  # the automaton's patterns, in its order
        self.rules_of = [tuple(found_by[k]) for k in distinct]  # automaton's pattern index -> rule positions
        self.everywhere = [position for position, keywords in enumerate(keywords_by_rule) if "" in keywords]
        # A DFA, asked for: the library picks one by itself only under 100 patterns, and its NFA took the scan
        # from about 34 to 62 us a bench page when the keywords passed 100.
        self.automaton = (AhoCorasick(distinct, matchkind=MATCHKIND_STANDARD, implementation=Implementation.DFA)
                          if distinct else None)

    def holding(self, indices: list[int], lows: list[str]) -> dict[int, set[int]]:
        """Rule position -> the line indices (of `indices`) whose lower-cased text holds one of its keywords."""
        found: dict[int, set[int]] = {position: set(indices) for position in self.everywhere}
        if self.automaton is None:
            return found
        find, rules_of = self.automaton.find_matches_as_indexes, self.rules_of
        for i in indices:
            try:
                patterns = [pattern for pattern, _, _ in find(lows[i], overlapping=True)]
            except UnicodeEncodeError:  # a lone surrogate: the automaton reads UTF-8, `in` reads any str
                patterns = [pattern for pattern, keyword in enumerate(self.keywords) if keyword in lows[i]]
            for pattern in patterns:
                for position in rules_of[pattern]:
                    found.setdefault(position, set()).add(i)
        return found


def _by_last_char(open_: list[int], lows: list[str]) -> dict[str, list[int]]:
    """The open lines by their last character, for the rules that look at how a line ends."""
    found: dict[str, list[int]] = {}
    for i in open_:
        found.setdefault(lows[i][-1:], []).append(i)
    return found


class Cleaner:
    """The rules compiled once: line rules into one matcher, page rules in order.

    Apart from a bounded memo of line verdicts (an exact cache), a Cleaner holds no state between
    documents; `clean` is a pure function of its arguments.
    """

    def __init__(self, rules: Iterable[Rule] | None = None) -> None:
        chosen = list(RULES.values() if rules is None else rules)
        self.rules = tuple(chosen)
        line_rules = tuple(r for r in chosen if r.is_line_rule)
        self.page_rules = tuple(r for r in chosen if not r.is_line_rule)
        self._line_names = tuple(r.name for r in line_rules)
        self._spares = tuple((r.name, r.spare) for r in line_rules if r.spare is not None)
        self._matcher = _LineMatcher(line_rules)

    def _removing_rule(self, lines: list[str]) -> list[str | None]:
        """The line rule that removes each line, or None."""
        names = self._line_names
        return [names[verdict] if verdict >= 0 else None for verdict in self._matcher.verdicts(lines)]

    def _opening_rule(self, lines: list[str]) -> list[str | None]:
        """The line rule whose phrase is each line or whose `start` pattern matches it, or None: chrome known by how
        it opens, what `glued_pieces` cuts off a cell's edges."""
        names = self._line_names
        return [names[verdict] if verdict >= 0 else None for verdict in self._matcher.verdicts(lines, anywhere=False)]

    @property
    def reasons(self) -> dict[str, str]:
        """Why each of this cleaner's rules and transforms takes text out, by name."""
        return {**TRANSFORMS, **{rule.name: rule.reason for rule in self.rules}}

    def clean(self, raw: str, line_counts: Mapping[int, int] | None = None, site: str | None = None,
              title: str | None = None) -> Cleaned:
        """Clean one document; `line_counts` (from the count pass over the corpus) enables corpus_repeated_v5,
        and with the document's `site` (`site_of` its URL), site_repeated_v4. A `title` from the document's
        metadata is its headline: the headline rule then takes only a line that prints it."""
        removals: list[Removal] = []
        texts: list[str] = []  # the non-blank lines, normalised
        numbers: list[int] = []  # their raw line numbers
        blocks: list[int] = []  # their paragraph block (blank lines separate blocks)
        # Lines judged in parts: raw line number -> (the line, its parts), for a long row's cells and a cell's glued
        # pieces; `units` gives each part the index of its cell's first part.
        rows: dict[int, tuple[str, int]] = {}
        units: list[int] = []
        block = 0
        date: str | None = None
        first = True  # the first non-blank line, where a date header stands
        raw = raw.removeprefix("\ufeff")  # as decode_raw reads a file; a JSON line's text may still hold one
        mojibake = _may_hold_mojibake(raw)
        for number, line in enumerate(split_lines(raw), start=1):
            if not (first and line.lstrip().startswith("date ")):  # a date header is taken whole, below
                line, side = side_columns(line)
                removals.extend(Removal(number, piece, SIDE_COLUMN_RULE) for piece in side)
            text = normalise_line(line)
            if mojibake and _MOJIBAKE_HINT.search(text):
                repaired = _repair_mojibake(text)
                if repaired != text:
                    removals.append(Removal(number, text, MOJIBAKE_RULE))
                    text = repaired
            if len(text) >= INLINE_THREAD_MIN_CHARS and (thread := inline_comment_thread(text)) is not None:
                start, end = thread
                removals.append(Removal(number, text[start:end], INLINE_THREAD_RULE))
                text = normalise_line(f"{text[:start]} {text[end:]}")
            prompted = False
            while text and (cut := trailing_prompt(text)) is not None:  # each prompt of a line's tail, the last first
                removals.append(Removal(number, text[cut:], TRAILING_PROMPT_RULE))
                text, prompted = text[:cut].rstrip(), True
            if prompted and prompt_lead_in(text):  # nothing but the pitch was left
                removals.append(Removal(number, text, TRAILING_PROMPT_RULE))
                text = ""
            if first and text:
                # Before a long row is cut into cells: the header is not a cell, the row after it is a row.
                first = False
                date, text = self._take_date_header(text, number, removals)
            if not text:
                if texts and blocks[-1] == block:
                    block += 1
                continue
            cells = table_cells(text) if len(text) >= ROW_SPLIT_MIN_CHARS and text[0] == "|" else []
            parts = 0
            for cell in cells or (text,):
                # Only a table layout's row or cell: it runs a page's blocks together (a paragraph that is not one
                # held 28 of the bench's 900 glued boilerplate tokens, and each cost the cleaner a judge's call).
                glued = len(cell) >= GLUED_MIN_CHARS and cell[0] == "|"
                pieces = glued_pieces(cell, self._opening_rule, self._removing_rule) if glued else []
                units.extend([len(texts)] * (len(pieces) or 1))
                texts.extend(pieces or (cell,))
                parts += len(pieces) or 1
            numbers.extend([number] * parts)
            blocks.extend([block] * parts)
            if parts > 1:
                rows[number] = (text, parts)

        removed: dict[int, str] = {}
        names = self._line_names
        for i, verdict in enumerate(self._matcher.verdicts(texts)):
            if verdict >= 0:
                removed[i] = names[verdict]
        if self.page_rules and texts:
            page = Page(tuple(texts), tuple(blocks), MappingProxyType(removed), frozenset(removed), line_counts,
                        None if site is None else site_key(site), normalise_line(title or "") or None)
            for rule in self.page_rules:
                found = list(rule.find(page))  # materialised before the page changes
                for i in found:
                    if rule.claims and i not in page.by_line_rules:
                        removed[i] = rule.name
                    else:
                        removed.setdefault(i, rule.name)

        # A line rule's lines the page shows to be the article's (a log's days), judged among the lines kept.
        for name, spare in self._spares:
            if matched := [i for i, rule in removed.items() if rule == name]:
                for i in spare(texts, matched, removed):
                    del removed[i]
        title = next((texts[i] for i, name in removed.items() if name == HEADLINE_RULE), None)
        removals.extend(Removal(numbers[i], texts[i], rule) for i, rule in sorted(removed.items()) if texts[i])
        removals.sort(key=lambda r: r.line)
        lines, kept = _output_lines(texts, numbers, [i for i in range(len(texts)) if i not in removed], rows, units)
        return Cleaned(title=title, date=date, text="\n".join(lines), removed=tuple(removals), kept=tuple(kept))

    @staticmethod
    def _take_date_header(text: str, number: int, removals: list[Removal]) -> tuple[str | None, str]:
        """(the date, the rest of the line) of the first non-blank line, with an inline 'date YYYY-MM-DD'
        header split off where the layout puts it; (None, the line) when it has none. A line the header was
        all of leaves nothing for the rules, so a page with a header reads as the same page without one.

        A header of that form whose date is impossible ('date 2022-13-45') is an error, not text.
        """
        header = _DATE_HEADER.match(text)
        if header is None:
            if other := _OTHER_DATE_HEADER.match(text):
                raise DateHeaderError(number, f"date {other.group(1)}")
            return None, text
        if not is_date(header.group(1)):
            raise DateHeaderError(number, f"date {header.group(1)}")
        removals.append(Removal(number, f"date {header.group(1)}", DATE_HEADER_RULE))
        return header.group(1), header.group(2) or ""


def _output_lines(
    texts: list[str], numbers: list[int], kept: list[int], rows: Mapping[int, tuple[str, int]], units: list[int]
) -> tuple[list[str], list[int]]:
    """The kept lines and their raw line numbers. A line judged in parts goes back together from its kept parts:
    a cell's pieces joined by spaces ('| a |' + '| b |' -> '| a b |'), a row's cells as cells ('| a |' + '| b |' ->
    '| a | b |'); the line as it was (empty cells too) when every part stays."""
    if not rows:
        return [texts[i] for i in kept], [numbers[i] for i in kept]
    lines: list[str] = []
    origin: list[int] = []
    parts_kept: dict[int, int] = {}
    last = -1  # the part written last
    for i in kept:
        number = numbers[i]
        if number in rows and origin and origin[-1] == number:
            if units[i] != units[last]:
                lines[-1] += texts[i][1:]  # the next cell
            else:
                lines[-1] = f"{lines[-1][:-2]} {texts[i][2:]}"  # the cell's next piece
        else:
            lines.append(texts[i])
            origin.append(number)
        parts_kept[number] = parts_kept.get(number, 0) + 1
        last = i
    for k, number in enumerate(origin):
        if number in rows and parts_kept[number] == rows[number][1]:
            lines[k] = rows[number][0]
    return lines, origin


@cache
def default_cleaner() -> Cleaner:
    """The cleaner with every registered rule, built once per process."""
    return Cleaner()
