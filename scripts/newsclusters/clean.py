"""Stage 1, clean: raw text in, title/date/body text and an audit of every removal out.

Pure functions on strings. Normalisation only touches white space (NBSP and other Unicode spaces
become one ASCII space, runs collapse, lines are stripped, blank lines separate paragraphs); words,
quotes and spelling are never changed. Every raw line that does not reach `text` is listed in
`removed` with the rule that decided it.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import ftfy

from newsclusters.errors import RawInputError
from newsclusters.rules import HEADLINE_RULE, RULES, Page, Rule

DATE_HEADER_RULE = "date_header_v1"
MOJIBAKE_RULE = "mojibake_repair_v1"
# Steps that take raw text out of the body without being boilerplate rules: listed in `removed`
# like any rule, so the audit stays complete. Name -> reason, as for rules.
TRANSFORMS: dict[str, str] = {
    DATE_HEADER_RULE: "An inline 'date YYYY-MM-DD' header is metadata: it becomes the record's `date`.",
    MOJIBAKE_RULE: "UTF-8 text once decoded as Windows-1252/Latin-1 ('donâ€™t') is repaired by ftfy; the "
    "broken line is listed here and the repaired one kept.",
}

# A lead byte of a UTF-8 sequence read as Latin-1/Windows-1252, followed by a continuation byte read
# the same way: the mark of mojibake. Only such lines go to ftfy (which decides), keeping it fast.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_SPACES = re.compile(r"[^\S\n]+")  # every Unicode white-space character except the line break
_DATE_HEADER = re.compile(r"date (\d{4}-\d{2}-\d{2})(?: (.*))?$")


@dataclass(frozen=True)
class Removal:
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
        raise RawInputError(source, f"binary content: NUL character at byte {nul}; raw documents must be text")
    try:
        text = data.decode(encoding or "utf-8-sig")
    except UnicodeDecodeError as err:
        declared = f"declared encoding {encoding!r}" if encoding else "UTF-8"
        hint = "" if encoding else '; convert the file to UTF-8 or declare its "encoding" in cluster.json'
        raise RawInputError(
            source, f"not valid {declared} at byte {err.start} ({data[err.start:err.start + 4]!r}){hint}"
        ) from err
    nul = text.find("\x00")
    if nul >= 0:
        raise RawInputError(source, f"binary content: NUL character at character {nul}; raw documents must be text")
    return text


def normalise_line(line: str) -> str:
    return _SPACES.sub(" ", line).strip()


def split_lines(text: str) -> list[str]:
    """Split on LF, CRLF or CR only (str.splitlines would also split on form feeds and U+2028)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


class Cleaner:
    """The rules compiled once: line rules into a single alternation, page rules in order."""

    def __init__(self, rules: Iterable[Rule] | None = None):
        chosen = list(RULES.values() if rules is None else rules)
        self.rules = tuple(chosen)
        line_rules = [r for r in chosen if r.is_line_rule]
        self.page_rules = tuple(r for r in chosen if not r.is_line_rule)
        self._line_names = tuple(r.name for r in line_rules)
        alternation = "|".join(
            f"(?P<r{i}>(?{'i' if r.ignore_case else '-i'}:{r.pattern}))" for i, r in enumerate(line_rules)
        )
        self._line_matcher = re.compile(alternation) if line_rules else None

    def _line_rule_for(self, line: str) -> str | None:
        if self._line_matcher is None:
            return None
        hit = self._line_matcher.fullmatch(line)
        return None if hit is None else self._line_names[int(hit.lastgroup[1:])]

    def clean(self, raw: str) -> Cleaned:
        removals: list[Removal] = []
        texts: list[str] = []  # the non-blank lines, normalised
        numbers: list[int] = []  # their raw line numbers
        blocks: list[int] = []  # their paragraph block (blank lines separate blocks)
        block = 0
        for number, line in enumerate(split_lines(raw), start=1):
            text = normalise_line(line)
            if _MOJIBAKE_HINT.search(text):
                repaired = normalise_line(ftfy.fix_encoding(text))
                if repaired != text:
                    removals.append(Removal(number, text, MOJIBAKE_RULE))
                    text = repaired
            if not text:
                if texts and blocks[-1] == block:
                    block += 1
                continue
            texts.append(text)
            numbers.append(number)
            blocks.append(block)

        date = self._take_date_header(texts, numbers, removals)
        removed: dict[int, str] = {}
        for i, text in enumerate(texts):
            if not text:
                removed[i] = DATE_HEADER_RULE  # the header was the whole line
                continue
            name = self._line_rule_for(text)
            if name is not None:
                removed[i] = name
        for rule in self.page_rules:
            page = Page(tuple(texts), tuple(blocks), dict(removed))
            for i in rule.find(page):
                removed.setdefault(i, rule.name)

        title = next((texts[i] for i, name in removed.items() if name == HEADLINE_RULE), None)
        removals.extend(Removal(numbers[i], texts[i], rule) for i, rule in sorted(removed.items()) if texts[i])
        removals.sort(key=lambda r: r.line)
        kept = [i for i in range(len(texts)) if i not in removed]
        return Cleaned(
            title=title,
            date=date,
            text="\n".join(texts[i] for i in kept),
            removed=tuple(removals),
            kept=tuple(numbers[i] for i in kept),
        )

    @staticmethod
    def _take_date_header(texts: list[str], numbers: list[int], removals: list[Removal]) -> str | None:
        """Split an inline 'date YYYY-MM-DD' header off the first non-blank line, where the layout puts it."""
        header = _DATE_HEADER.match(texts[0]) if texts else None
        if header is None or not _is_date(header.group(1)):
            return None
        removals.append(Removal(numbers[0], f"date {header.group(1)}", DATE_HEADER_RULE))
        texts[0] = header.group(2) or ""
        return header.group(1)


@cache
def default_cleaner() -> Cleaner:
    """The cleaner with every registered rule, built once per process (it is immutable)."""
    return Cleaner()


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True
