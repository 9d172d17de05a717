"""Every CITATION.cff we ship validates against the official Citation File Format 1.2.0 schema.

GitHub's "Cite this repository" button and Zenodo read CITATION.cff and silently ignore a file that
does not validate, so "it parses as YAML" is not enough.

tests/fixtures/cff-1.2.0.schema.json is vendored unchanged from citation-file-format/citation-file-format
(schema.json of release 1.2.0, licensed CC-BY-4.0), as shipped inside the cffconvert 2.0.0 wheel
(cffconvert/schemas/1.2.0/schema.json). It is vendored rather than depending on cffconvert, whose pins
would downgrade jsonschema; tests run offline, so it cannot be fetched either.
"""

from __future__ import annotations

import datetime
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator, FormatChecker

from newsclusters.release import card
from newsclusters.versioning import load_releases

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = Path(__file__).parent / "fixtures" / "cff-1.2.0.schema.json"
SHIPPED = ["CITATION.cff", "dataset/CITATION.cff"]


@cache
def validator() -> Draft7Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=FormatChecker())


def _dates_as_strings(value: Any) -> Any:
    # The schema's own note: "it is necessary to cast YAML 'date' objects to string objects when
    # validating", since an unquoted date-released is valid CFF but parses as a date.
    if isinstance(value, dict):
        return {key: _dates_as_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dates_as_strings(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def load_cff(text: str) -> Any:
    return _dates_as_strings(yaml.safe_load(text))


def errors(document: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
            for e in sorted(validator().iter_errors(document), key=str)]


@pytest.mark.parametrize("relative", SHIPPED)
def test_shipped_citation_files_validate(relative: str) -> None:
    path = ROOT / relative
    assert errors(load_cff(path.read_text(encoding="utf-8"))) == [], relative


def test_generated_citation_validates() -> None:
    document = load_cff(card.citation_cff(load_releases()[-1]))
    assert errors(document) == []
    assert isinstance(yaml.safe_load(card.citation_cff(load_releases()[-1]))["date-released"], str)


def test_missing_authors_fails() -> None:
    document = load_cff(card.citation_cff(load_releases()[-1]))
    del document["authors"]
    assert any("'authors' is a required property" in e for e in errors(document))


def test_format_checker_is_active() -> None:
    """Values the schema's patterns let through must still fail on their `format` (date, uri)."""
    document = load_cff(card.citation_cff(load_releases()[-1]))
    assert errors({**document, "date-released": "2026-02-31"}) == ["date-released: '2026-02-31' is not a 'date'"]
    assert errors({**document, "repository-code": "https://example.org/a b"}) == [
        "repository-code: 'https://example.org/a b' is not a 'uri'"]


def test_unquoted_date_is_cast_like_cff_tools_do() -> None:
    text = card.citation_cff(load_releases()[-1])
    released = yaml.safe_load(text)["date-released"]
    unquoted = text.replace(f"'{released}'", released)
    assert isinstance(yaml.safe_load(unquoted)["date-released"], datetime.date)
    assert errors(load_cff(unquoted)) == []


@pytest.mark.parametrize(("doi", "pages", "expected"), [
    ("https://doi.org/10.18653/v1/P19-1102", "1074--1084", {"doi": "10.18653/v1/P19-1102", "start": "1074", "end": "1084"}),
    ("10.18653/v1/P19-1102", "1074-1084", {"doi": "10.18653/v1/P19-1102", "start": "1074", "end": "1084"}),
    ("doi:10.1145/3292500.3330701", "12", {"doi": "10.1145/3292500.3330701", "start": "12"}),
    ("not a doi", "e1234", {"start": "e1234"}),
])
def test_a_corpus_papers_doi_and_page_range_are_cff_fields(doi: str, pages: str, expected: dict[str, str]) -> None:
    # An ACL Anthology entry's 'pages = {1074--1084}' went to CFF's `pages` (the number of pages) and its
    # resolver address to `doi`, which the CFF schema refuses.
    from dataclasses import replace

    from newsclusters.ingest import multinews

    bib = multinews.CORPUS.citation.replace("  year", f"  doi = {{{doi}}},\n  pages = {{{pages}}},\n  year")
    document = load_cff(card.citation_cff(load_releases()[-1], replace(multinews.CORPUS, citation=bib)))
    assert errors(document) == []
    cited = document["preferred-citation"]
    assert {key: cited[key] for key in ("doi", "start", "end", "pages") if key in cited} == expected
