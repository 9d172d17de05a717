"""The pipeline in one place: raw -> clean -> validate -> split, ending in records per config.

Nothing here writes files; `publish` does. Input-format problems are collected across the whole
corpus and raised together as `ValidationFailed`. Content-level drops (a document empty or all
boilerplate after cleaning, an exact duplicate, a cluster left with nothing) are not errors: they
become `Rejection`s that ship with the release, unless there are too many of them.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from newsclusters import validate
from newsclusters.clean import DATE_HEADER_RULE, Cleaned, Cleaner, decode_raw
from newsclusters.errors import RawInputError, TooManyRejections, ValidationFailed
from newsclusters.raw import Limits, RawCluster, RawDocument
from newsclusters.records import arrow_schema
from newsclusters.split import SPLITS, split_of

Progress = Callable[[str, int, int], None]  # (stage, done, total)

# Why a record can be left out of a release; the card and the rejections report use these names.
REJECTION_REASONS: Mapping[str, str] = {
    "empty_document": "The raw text is empty or only white space.",
    "all_boilerplate": "Every line was removed by the cleaning rules; nothing is left to summarise.",
    "duplicate_document": "The cleaned text is identical to an earlier document's.",
    "empty_cluster": "None of the cluster's documents was kept.",
}


@dataclass(frozen=True)
class Rejection:
    kind: str  # "document" or "cluster"
    id: str
    source: str  # relative to the raw root
    reason: str  # a key of REJECTION_REASONS
    detail: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "id": self.id, "source": self.source, "reason": self.reason, "detail": self.detail}


@dataclass(frozen=True)
class Corpus:
    """Validated records, ready to publish. Rows are ordered by cluster id, then doc id."""

    clusters: tuple[dict[str, Any], ...]
    documents: tuple[dict[str, Any], ...]
    split_by_cluster: dict[str, str]
    rejections: tuple[Rejection, ...] = ()

    def rows(self, config: str, split: str) -> list[dict[str, Any]]:
        rows = self.clusters if config == "clusters" else self.documents
        return [r for r in rows if self.split_by_cluster[r["cluster_id"]] == split]

    def table(self, config: str, split: str) -> pa.Table:
        return pa.Table.from_pylist(self.rows(config, split), schema=arrow_schema(config))

    def splits(self) -> list[str]:
        """Splits with at least one row, in canonical order (an empty split is not published)."""
        used = {self.split_by_cluster[c["cluster_id"]] for c in self.clusters}
        return [s for s in SPLITS if s in used]


def check_lines(text: str, source: str, limits: Limits) -> None:
    """Refuse absurdly long lines: they are binary data or a broken export, not paragraphs."""
    if len(text) <= limits.max_line_chars:
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > limits.max_line_chars:
            raise RawInputError(
                source,
                f"line {number} is {len(line)} characters long; the limit is {limits.max_line_chars} "
                "(raise it with --max-line-chars)",
            )


def document_record(cluster_id: str, raw_doc: RawDocument, cleaned: Cleaned) -> dict[str, Any]:
    """A document record from its cleaned text and metadata (not yet validated)."""
    return {
        "doc_id": f"{cluster_id}/{raw_doc.name}",
        "cluster_id": cluster_id,
        "title": cleaned.title,
        "date": cleaned.date if cleaned.date is not None else raw_doc.meta.get("date"),
        "source": raw_doc.meta.get("source"),
        "url": raw_doc.meta.get("url"),
        "text": cleaned.text,
        "raw_sha256": hashlib.sha256(raw_doc.data).hexdigest(),
        "removed": [r.as_dict() for r in cleaned.removed],
    }


def _date_conflict(raw_doc: RawDocument, cleaned: Cleaned) -> str | None:
    declared = raw_doc.meta.get("date")
    if declared is None or cleaned.date is None or declared == cleaned.date:
        return None
    header = next(r for r in cleaned.removed if r.rule == DATE_HEADER_RULE)
    return (
        f"{raw_doc.source}: record {raw_doc.name!r}: $.date: metadata says {declared!r} "
        f"but line {header.line} of the raw text says {cleaned.date!r}"
    )


def _nested_document_fields() -> list[str]:
    documents = arrow_schema("clusters").field("documents").type.value_type
    return [documents.field(i).name for i in range(documents.num_fields)]


def build_corpus(
    clusters: list[RawCluster], cleaner: Cleaner, limits: Limits = Limits(), progress: Progress | None = None
) -> Corpus:
    """Clean and validate every cluster; raise listing every input problem."""
    problems: list[str] = []
    rejections: list[Rejection] = []
    cluster_rows: list[dict[str, Any]] = []
    doc_rows: list[dict[str, Any]] = []
    split_by_cluster: dict[str, str] = {}
    first_with_text: dict[bytes, str] = {}
    nested = _nested_document_fields()
    total = sum(len(c.documents) for c in clusters)
    done = 0
    for cluster in clusters:
        docs = []
        for raw_doc in cluster.documents:
            done += 1
            if progress:
                progress("clean+validate", done, total)
            doc_id = f"{cluster.cluster_id}/{raw_doc.name}"
            try:
                text = decode_raw(raw_doc.data, raw_doc.source, raw_doc.encoding)
                check_lines(text, raw_doc.source, limits)
            except RawInputError as err:
                problems.append(str(err))
                continue
            if not text.strip():
                rejections.append(Rejection("document", doc_id, raw_doc.rel, "empty_document", "no text"))
                continue
            cleaned = cleaner.clean(text)
            if conflict := _date_conflict(raw_doc, cleaned):
                problems.append(conflict)
            if not cleaned.text:
                detail = f"{len(cleaned.removed)} line(s) removed"
                rejections.append(Rejection("document", doc_id, raw_doc.rel, "all_boilerplate", detail))
                continue
            digest = hashlib.blake2b(cleaned.text.encode("utf-8"), digest_size=16).digest()
            if digest in first_with_text:
                detail = f"same text as {first_with_text[digest]!r}"
                rejections.append(Rejection("document", doc_id, raw_doc.rel, "duplicate_document", detail))
                continue
            first_with_text[digest] = doc_id
            record = document_record(cluster.cluster_id, raw_doc, cleaned)
            problems += validate.problems("document", record, source=raw_doc.source, record_id=doc_id)
            docs.append(record)
        if cluster.metadata is None:
            continue  # unreadable or invalid metadata: the reader has reported it
        if not docs:
            if cluster.documents:
                rejections.append(
                    Rejection("cluster", cluster.cluster_id, cluster.rel, "empty_cluster",
                              f"{len(cluster.documents)} document(s), none kept")
                )
            continue
        meta = cluster.metadata
        record = {
            "cluster_id": cluster.cluster_id,
            "summary": meta.get("summary"),
            "summary_author": meta.get("summary_author"),
            "documents": [{k: d[k] for k in nested} for d in docs],
        }
        problems += validate.problems("cluster", record, source=cluster.source, record_id=cluster.cluster_id)
        cluster_rows.append(record)
        doc_rows.extend(docs)
        split_by_cluster[cluster.cluster_id] = split_of(cluster.cluster_id, meta.get("split"))
    if problems:
        raise ValidationFailed(problems)
    rejected_docs = [r for r in rejections if r.kind == "document"]
    if total and len(rejected_docs) / total > limits.max_rejected_share:
        raise TooManyRejections(rejected_docs, total, limits.max_rejected_share)
    return Corpus(tuple(cluster_rows), tuple(doc_rows), split_by_cluster, tuple(rejections))


def rejection_counts(rejections: tuple[Rejection, ...]) -> dict[str, int]:
    counts = Counter(r.reason for r in rejections)
    return {reason: counts.get(reason, 0) for reason in REJECTION_REASONS}
