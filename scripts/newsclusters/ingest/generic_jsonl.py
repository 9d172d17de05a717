"""Any other corpus as JSON Lines (.jsonl/.json, optionally .gz): one example per line, its fields
named with `--map KEY=FIELD` (e.g. a DUC-style corpus, or a CSV converted to JSON Lines).

An example's documents are a list of strings, a list of objects (their text and metadata named by
the document keys below), or one string of documents joined by `--separator` (default `|||||`; a
string without it is one document). A `summary` that is a list (several references, as in DUC)
needs `--summary-index N` to say which one to keep: the release holds one reference per cluster.
Clusters are named `<--name>-<split>-<index>`; the split is `--split`, else the record's own field
if `--map split=FIELD` names one, else the file's name. Keys (`MAP_KEYS`) and their default
fields; a field that is absent, null or empty is left out, except the required ones:

- `summary` (default `summary`): the reference summary (required): a string, or a list with --summary-index
- `documents` (default `documents`): the articles (required): a list of strings or objects, or one joined string
- `id` (default `id`): the example's id in the source corpus -> source_cluster_id
- `split` (default `-`): each record's split (train, val/validation/dev, test); not read unless mapped
- `date` (default `date`): the event date, YYYY-MM-DD -> the cluster's date
- `category` (default `category`): a topic label -> the cluster's category
- `text` (default `text`): in a document object: the article text (required there)
- `title` (default `title`): in a document object: the headline
- `source` (default `source`): in a document object: the outlet's name
- `url` (default `url`): in a document object: the article's address (a URI)
- `doc_date` (default `date`): in a document object: the publication date, YYYY-MM-DD
- `timestamp` (default `timestamp`): in a document object: the publication time, kept verbatim
- `doc_id` (default `id`): in a document object: the article's id in the source corpus -> source_doc_id
- `origin` (default `origin`): in a document object: how the corpus obtained the article
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsclusters.errors import ResearchInputError
from newsclusters.ingest.common import (
    Example,
    Naming,
    Options,
    Read,
    UNPINNED,
    as_id,
    attempt,
    canonical_split,
    check_text,
    cluster_line,
    document_lines,
    json_records,
    require,
    split_articles,
)
from newsclusters.pipeline.corpus import CORPUS, Corpus, License
from newsclusters.wording import counted, json_type

SUFFIXES = (".jsonl", ".json", ".jsonl.gz", ".json.gz")


def corpus(name: str) -> Corpus:
    """What ingest knows of a corpus given only its --name: its terms are left for the curator to write."""
    return Corpus(
        name=name,
        description=(f"The JSON Lines corpus '{name}', ingested with `newsclusters ingest jsonl --name {name}`. "
                     "What it is and where its texts come from were not recorded at ingest: write them here "
                     f"(`description` in {CORPUS}) and rebuild."),
        license=License(
            id="unknown",
            terms=("- **Article texts and reference summaries**: on the terms of the source corpus, which were "
                   f"not recorded at ingest: write them in {CORPUS} (`license`) before sharing this release, and "
                   "rebuild. The article texts remain the copyright of their publishers; no licence to them is "
                   "granted here.")),
        summaries=(f"The reference summaries are {name}'s, kept as ingested. How they were written was not "
                   f"recorded at ingest: say so in {CORPUS} (`summaries`, and `annotations_creators`) and rebuild."),
    )

# map key -> (default record field, what it is). Cluster keys are read from the record, document
# keys from each document object.
MAP_KEYS: Mapping[str, tuple[str | None, str]] = {
    "summary": ("summary", "the reference summary (required): a string, or a list with --summary-index"),
    "documents": ("documents", "the articles (required): a list of strings or objects, or one joined string"),
    "id": ("id", "the example's id in the source corpus -> source_cluster_id"),
    "split": (None, "each record's split (train, val/validation/dev, test); not read unless mapped"),
    "date": ("date", "the event date, YYYY-MM-DD -> the cluster's date"),
    "category": ("category", "a topic label -> the cluster's category"),
    "text": ("text", "in a document object: the article text (required there)"),
    "title": ("title", "in a document object: the headline"),
    "source": ("source", "in a document object: the outlet's name"),
    "url": ("url", "in a document object: the article's address (a URI)"),
    "doc_date": ("date", "in a document object: the publication date, YYYY-MM-DD"),
    "timestamp": ("timestamp", "in a document object: the publication time, kept verbatim"),
    "doc_id": ("id", "in a document object: the article's id in the source corpus -> source_doc_id"),
    "origin": ("origin", "in a document object: how the corpus obtained the article"),
}
CLUSTER_MAP = {"source_cluster_id": "id", "date": "date", "category": "category", "summary": "summary"}
DOCUMENT_MAP = {"text": "text", "title": "title", "source": "source", "url": "url", "date": "doc_date",
                "timestamp": "timestamp", "source_doc_id": "doc_id", "origin": "origin"}


REQUIRED_KEYS = frozenset({"summary", "documents", "text", "split"})  # their absence is an error where it happens


@dataclass
class MappedFields:
    """The optional fields a --map names, until an example gives each a value.

    A field name that matches no record is most likely a typo, and would drop that metadata (every
    url, id or date) from the whole corpus without a word; required keys fail on the first record.
    """

    missing: dict[str, tuple[str, str]]  # map key -> ("cluster" or "document", the line field it fills)

    @classmethod
    def of(cls, mapping: Mapping[str, str]) -> MappedFields:
        levels = [("cluster", CLUSTER_MAP), ("document", DOCUMENT_MAP)]
        return cls({key: (level, line_field) for level, fields in levels for line_field, key in fields.items()
                    if key in mapping and key not in REQUIRED_KEYS})

    def see(self, example: Example) -> None:
        for key, (level, line_field) in list(self.missing.items()):
            lines = [example.cluster] if level == "cluster" else example.documents
            if any(line.get(line_field) is not None for line in lines):
                del self.missing[key]

    def check(self, mapping: Mapping[str, str], examples: int) -> None:
        if self.missing:
            given = ", ".join(f"{key}={mapping[key]}" for key in self.missing)
            raise ResearchInputError("--map", f"{given}: no value in any of the {examples} records read (in a "
                                     "document object for a document key); check the field's name, or leave the "
                                     "key unmapped. Nothing was written")


def parse_mapping(items: Sequence[str]) -> dict[str, str]:
    """`--map` arguments ('summary=abstract') as a dict; an error for a malformed item or an unknown key."""
    mapping: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ResearchInputError("--map", f"expected KEY=FIELD, got {item!r}")
        mapping[key.strip()] = value.strip()
    fields_of(mapping)  # refuses unknown keys
    return mapping


def fields_of(mapping: Mapping[str, str]) -> dict[str, str]:
    """Every map key's record field: the defaults with `mapping` over them (unknown keys are an error)."""
    unknown = sorted(set(mapping) - set(MAP_KEYS))
    if unknown:
        raise ResearchInputError("--map", f"unknown key {unknown[0]!r}; known keys: {', '.join(MAP_KEYS)}")
    defaults = {k: d for k, (d, _) in MAP_KEYS.items() if d is not None}
    return {**defaults, **mapping}


def example(record: Any, *, naming: Naming, index: int, source: str, line: int, fields: Mapping[str, str],
            separator: str, summary_index: int | None) -> Example:
    """One record: the cluster line and a document line per document, fields read through `fields`."""
    split = naming.split or _record_split(record, fields, source, line)
    if not isinstance(record, dict):
        require(record, fields["summary"], source, line, None)  # says it is not a JSON object
    if split == UNPINNED:
        source_id = as_id(record.get(fields["id"]), source, line, None, fields["id"])
        cluster_id = _unpinned_id(naming.prefix, source_id, source, line, fields["id"])
    else:
        cluster_id = naming.cluster_id(index, split)
        source_id = as_id(record.get(fields["id"]), source, line, cluster_id, fields["id"])
    summary = _summary(_required(record, "summary", fields, source, line, cluster_id), summary_index, source, line,
                       cluster_id, fields["summary"])
    documents = [
        _document(value, fields, source, line, cluster_id, f"{fields['documents']}[{i}]")
        for i, value in enumerate(_documents(_required(record, "documents", fields, source, line, cluster_id),
                                             separator, source, line, cluster_id, fields["documents"]))
    ]
    cluster = cluster_line(cluster_id, summary, naming.summary_author, split, source_cluster_id=source_id,
                           date=record.get(fields["date"]), category=record.get(fields["category"]))
    return Example(source, line, cluster, document_lines(cluster_id, documents), fields["documents"],
                   fields={k: fields[v] for k, v in CLUSTER_MAP.items()},
                   document_fields={k: fields[v] for k, v in DOCUMENT_MAP.items()})


def _required(record: Any, key: str, fields: Mapping[str, str], source: str, line: int, record_id: str | None) -> Any:
    """The field a required map key names, or an error that also names the fields the record has."""
    return require(record, fields[key], source, line, record_id, hint=lambda found: _map_hint(found, key, "record"))


MAP_HINT_FIELDS = 8  # a record's fields listed in the hint, at most


def _map_hint(found: dict[str, Any], key: str, what: str) -> str:
    """'; did you mean --map documents=docs?' for a field one short name away, else the fields there are: a
    corpus names its fields its own way, and --map is how a user says which is which."""
    present = [name for name, value in found.items() if value is not None]
    close = difflib.get_close_matches(key, present, n=1, cutoff=0.6)
    if close:
        return f"; did you mean --map {key}={close[0]}?"
    if not present:
        return ""
    shown = ", ".join(repr(name) for name in present[:MAP_HINT_FIELDS])
    more = ", ..." if len(present) > MAP_HINT_FIELDS else ""
    return f"; the {what} has {shown}{more}: name the one to read with --map {key}=FIELD"


def _unpinned_id(prefix: str, source_id: str | None, source: str, line: int, field: str) -> str:
    """'<prefix>-<16 hex digits of the source id's SHA-256>': the split policy hashes the cluster id, so an
    unpinned cluster named by its place in the file would change split when a record is added above it."""
    if source_id is None:
        raise ResearchInputError(source, f"no id: an unpinned cluster is named after its record's id, so that a "
                                 "re-ingest of the grown corpus keeps every story in its split; map the records' "
                                 "id with --map id=FIELD", line=line, field=field)
    return f"{prefix}-{hashlib.sha256(source_id.encode('utf-8')).hexdigest()[:16]}"


def _record_split(record: Any, fields: Mapping[str, str], source: str, line: int) -> str:
    if "split" not in fields:
        raise ResearchInputError(source, "no split: pass --split, map a field with --map split=FIELD, or name "
                                 "the file after its split (train, val, test)", line=line)
    value = _required(record, "split", fields, source, line, None)  # no cluster id without a split
    return canonical_split(value, source, line=line, field=fields["split"])


def _summary(value: Any, index: int | None, source: str, line: int, record: str, field: str) -> str:
    if isinstance(value, list):
        if index is None:
            raise ResearchInputError(source, f"{len(value)} reference summaries; the release keeps one per "
                                     "cluster: choose it with --summary-index N", line=line, record=record, field=field)
        if not -len(value) <= index < len(value):
            given = counted(len(value), "summary", "summaries")
            raise ResearchInputError(source, f"--summary-index {index} but only {given}", line=line, record=record,
                                     field=field)
        return check_text(value[index], source, line, record, f"{field}[{index}]")
    return check_text(value, source, line, record, field)


def _documents(value: Any, separator: str, source: str, line: int, record: str, field: str) -> list[Any]:
    if isinstance(value, str):
        return split_articles(check_text(value, source, line, record, field), separator) if separator else [value]
    if isinstance(value, list):
        return value
    raise ResearchInputError(source, f"expected a list of documents or a string, got {json_type(value)}",
                             line=line, record=record, field=field)


def _document(value: Any, fields: Mapping[str, str], source: str, line: int, record: str, where: str) -> dict[str, Any]:
    if isinstance(value, str):
        return {"text": check_text(value, source, line, record, where)}
    if not isinstance(value, dict):
        raise ResearchInputError(source, f"expected a string or an object, got {json_type(value)}",
                                 line=line, record=record, field=where)
    if value.get(fields["text"]) is None:
        raise ResearchInputError(source, f"missing field{_map_hint(value, 'text', 'document')}", line=line,
                                 record=record, field=f"{where}.{fields['text']}")
    document = {k: value.get(fields[v]) for k, v in DOCUMENT_MAP.items()}
    document["text"] = check_text(document["text"], source, line, record, f"{where}.{fields['text']}")
    document["source_doc_id"] = as_id(document["source_doc_id"], source, line, record, f"{where}.{fields['doc_id']}")
    return document


def read(path: Path, naming: Naming, options: Options) -> Iterator[Read]:
    """The examples of one file, streamed line by line (a bad one as its problem)."""
    fields = fields_of(options.mapping)
    for index, (line, record) in enumerate(json_records(path)):
        yield record if isinstance(record, ResearchInputError) else attempt(
            lambda: example(record, naming=naming, index=index, source=str(path), line=line, fields=fields,
                            separator=options.separator, summary_index=options.summary_index))
