"""The corpus a raw folder holds: `corpus.json` (schema/corpus.schema.json).

A release names, licenses and cites the corpus it was built from. A raw folder of clusters curated
here has no `corpus.json` and builds NewsClusters; `newsclusters ingest` writes one into the raw
folder of a corpus brought in from elsewhere (Multi-News, WCEP), so that the card, LICENSE.md,
CITATION.cff and croissant.json of its release say whose texts and summaries they are, under whose
terms, and whom to cite, instead of calling them NewsClusters under NewsClusters's licence.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsclusters.errors import RawInputError
from newsclusters.pipeline import validate
from newsclusters.pipeline.strict_json import parse_json, parse_problem

CORPUS = "corpus.json"


@dataclass(frozen=True)
class License:
    id: str  # the Hub's licence id: 'other', 'unknown', 'cc-by-sa-4.0', ...
    terms: str  # Markdown, one bullet per owner
    name: str | None = None  # a slug, when id is 'other'
    url: str | None = None


ENGLISH = ("en",)  # the language of NewsClusters's own clusters, and of a corpus.json that names none


@dataclass(frozen=True)
class Corpus:
    """Who a corpus is from and on what terms; the fields of corpus.json."""

    name: str
    description: str
    license: License
    summaries: str  # who wrote the reference summaries, and how
    homepage: str | None = None
    authors: tuple[str, ...] = ()
    citation: str | None = None  # BibTeX
    source_datasets: tuple[str, ...] = ()
    annotations_creators: tuple[str, ...] = ("other",)  # the Hub's names for who wrote the summaries
    prefixes: tuple[str, ...] = ()  # the cluster-id prefixes ingest wrote: how a re-ingest knows its corpus
    language: tuple[str, ...] = ENGLISH  # the card's language tags

    def as_dict(self) -> dict[str, Any]:
        """The corpus.json object: fields in schema order, unset optional ones left out."""
        license_ = {"id": self.license.id, "name": self.license.name, "url": self.license.url,
                    "terms": self.license.terms}
        data = {"name": self.name, "description": self.description, "homepage": self.homepage,
                "authors": list(self.authors), "citation": self.citation,
                "source_datasets": list(self.source_datasets), "prefixes": list(self.prefixes),
                "annotations_creators": list(self.annotations_creators),
                "language": [] if self.language == ENGLISH else list(self.language),
                "license": {k: v for k, v in license_.items() if v is not None}, "summaries": self.summaries}
        return {k: v for k, v in data.items() if v not in (None, [])}


def corpus_from_dict(data: Mapping[str, Any]) -> Corpus:
    """A Corpus from an object already valid against corpus.schema.json."""
    license_ = data["license"]
    return Corpus(
        name=data["name"], description=data["description"],
        license=License(license_["id"], license_["terms"], license_.get("name"), license_.get("url")),
        summaries=data["summaries"], homepage=data.get("homepage"), authors=tuple(data.get("authors", ())),
        citation=data.get("citation"), source_datasets=tuple(data.get("source_datasets", ())),
        annotations_creators=tuple(data.get("annotations_creators", ("other",))),
        prefixes=tuple(data.get("prefixes", ())), language=tuple(data.get("language", ENGLISH)),
    )


def corpus_text(corpus: Corpus) -> str:
    """corpus.json's bytes: fixed key order, two-space indent, UTF-8 kept readable."""
    return json.dumps(corpus.as_dict(), indent=2, ensure_ascii=False) + "\n"


def parse_corpus(text: str, source: str) -> Corpus:
    """A corpus.json's text, checked against its schema; the first problem raises, naming the field."""
    try:
        data = parse_json(text)
    except ValueError as err:  # not JSON, or a key given twice
        raise RawInputError(source, parse_problem(err)) from err
    errors = sorted(validate.validator("corpus").iter_errors(data), key=validate.in_document_order)
    if errors:  # all of them at once, the first naming its field: a curator fixes the file in one go
        first, *others = errors
        also = "".join(f"; also {e.json_path}: {validate.plain_message(e)}" for e in others)
        field = ".".join(str(p) for p in first.absolute_path) or None
        raise RawInputError(source, f"{validate.plain_message(first)}{also} (schema/corpus.schema.json)", field=field)
    return corpus_from_dict(data)


def read_corpus(raw: Path) -> Corpus | None:
    """The corpus raw folder `raw` holds, or None for NewsClusters's own (no corpus.json)."""
    path = raw / CORPUS
    if not path.is_file():
        return None
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise RawInputError(str(path), f"cannot read: {err}") from err
    return parse_corpus(text, str(path))
