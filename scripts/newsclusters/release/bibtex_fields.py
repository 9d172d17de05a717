"""The fields of one BibTeX entry, so a source corpus's paper can be cited in CITATION.cff as a paper.

A corpus's citation is the BibTeX its authors ask for, kept verbatim in `corpus.json`; CITATION.cff
wants the same facts as fields (the paper's title, year, proceedings). Only what CFF uses is read:
the entry type and `key = {value}`, `key = "value"` or `key = 2019` fields, braces balanced. Text
that is not one such entry gives None, and the citation falls back to naming the corpus.
"""

from __future__ import annotations

import re

_ENTRY = re.compile(r"\s*@(\w+)\s*\{\s*[^,\s]*\s*,", re.ASCII)
_FIELD = re.compile(r"\s*(\w[\w-]*)\s*=\s*", re.ASCII)
_BARE = re.compile(r"[\w.:/-]+", re.ASCII)

# BibTeX entry type -> CFF reference type, and the field that names where the paper appeared.
CFF_TYPES = {"inproceedings": "conference-paper", "conference": "conference-paper", "article": "article",
             "book": "book", "phdthesis": "thesis", "mastersthesis": "thesis", "techreport": "report",
             "misc": "generic", "online": "website", "dataset": "data"}


def _value(text: str, at: int) -> tuple[str, int] | None:
    """The value starting at `at` and where it ends: in braces (balanced), in quotes, or a bare word."""
    opening = text[at:at + 1]
    if opening not in ("{", '"'):
        bare = _BARE.match(text, at)
        return (bare.group(), bare.end()) if bare else None
    depth = 0
    for i in range(at + 1, len(text)):
        char = text[i]
        if char == "{":
            depth += 1
        elif char == "}" and depth > 0:
            depth -= 1
        elif depth == 0 and char == ("}" if opening == "{" else '"'):
            return text[at + 1:i], i + 1
    return None


def plain(value: str) -> str:
    """A field's text without the braces that protect case ('{W}ikipedia') and with white space collapsed."""
    return " ".join(value.replace("{", "").replace("}", "").split())


def entry_fields(text: str) -> tuple[str, dict[str, str]] | None:
    """(entry type, {field: value}) of the one BibTeX entry in `text`, names lower-cased; None if it is not one."""
    entry = _ENTRY.match(text)
    if entry is None:
        return None
    fields: dict[str, str] = {}
    at = entry.end()
    while (field := _FIELD.match(text, at)) is not None:
        found = _value(text, field.end())
        if found is None:
            return None
        fields[field.group(1).lower()], at = plain(found[0]), found[1]
        at = len(text) - len(text[at:].lstrip())
        if text[at:at + 1] != ",":
            break
        at += 1
    if text[at:].strip() != "}":
        return None
    return entry.group(1).lower(), fields


# CFF 1.2's `doi` is the bare name ('10.18653/v1/P19-1102'); BibTeX often holds the resolver's address.
_DOI = re.compile(r"10\.\d{4,9}(\.\d+)?/[A-Za-z0-9:/_;\-.()\[\]\\]+")  # the CFF 1.2 schema's own pattern
_DOI_PREFIX = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_PAGE_RANGE = re.compile(r"(\w+)\s*(?:-+|–|—)\s*(\w+)")  # '1074--1084', '1074-1084', '1074–1084'


def cff_doi(value: str) -> str | None:
    """The DOI as CFF writes it, from a BibTeX `doi` (bare or a resolver's address); None if it is not one."""
    doi = _DOI_PREFIX.sub("", value.strip(), count=1)
    return doi if _DOI.fullmatch(doi) else None


def cff_pages(value: str) -> dict[str, str]:
    """A BibTeX `pages` range as CFF's `start` and `end` (CFF's own `pages` is how many pages the work has)."""
    value = value.strip()
    if found := _PAGE_RANGE.fullmatch(value):
        return {"start": found.group(1), "end": found.group(2)}
    return {"start": value} if value.isalnum() else {}
