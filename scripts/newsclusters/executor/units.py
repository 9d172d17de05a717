"""Stage 1 and 2 at scale: read -> clean -> validate one unit of the raw corpus, spilling records.

`map_unit` is the unit of parallel work (a process in the local engine, a task in Dask). It reads
one unit, cleans and validates every document, and spills the records (`spill.Spiller`) by a
hash of the cluster id, so that every cluster's documents meet again in one partition however the
corpus was sharded. The keys the planner's corpus-wide checks need (ids,
text digests, cluster metadata digests) are spilled the same way, so those checks run partition by
partition too; only a small `UnitSummary` (problems, content-level drops, counts) goes back to the
driver. Nothing here knows how many workers there are.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from newsclusters.errors import DateHeaderError, RawInputError
from newsclusters.executor.spill import Spiller
from newsclusters.limits import Limits
from newsclusters.pipeline import leakage, validate
from newsclusters.pipeline.clean import (
    ALL_BOILERPLATE,
    DATE_HEADER_RULE,
    EMPTY_DOCUMENT,
    Cleaned,
    Cleaner,
    content_rejection,
    decode_raw,
    metadata_title,
)
from newsclusters.pipeline.raw import ClusterMetadata, LooseDocument, RawCluster, RawDocument, Unit, read_unit
from newsclusters.pipeline.records import arrow_schema
from newsclusters.wording import counted

# Why a record can be left out of a release; the card and the rejections report use these names.
REJECTION_REASONS: Mapping[str, str] = {
    EMPTY_DOCUMENT: "The raw text is empty or only white space.",
    ALL_BOILERPLATE: "Every line was removed by the cleaning rules; nothing is left to summarise.",
    "duplicate_document": "The cleaned text is identical to that of a document kept: one a past release published, "
                          "else the one with the smallest id.",
    "empty_cluster": "None of the cluster's documents was kept.",
}

SPILL_DOCS = "docs"
SPILL_CLUSTERS = "clusters"
# The planner's keys, spilled by key partition (coarser than the records' partitions: keys are small).
SPILL_DOC_KEYS = "doc-keys"  # per document: id, where, text digest, size; by its cluster's key partition
SPILL_CLUSTER_KEYS = "cluster-keys"  # per metadata record: where, origin, digest, split pin; likewise
SPILL_DIGESTS = "digests"  # per document with text: its digest and id; by digest bucket
SPILL_SIGNATURES = "signatures"  # per kept document: its MinHash signature; by its cluster's key partition
SPILL_BANDS = "bands"  # per kept document and LSH band: the band's key; by band key bucket
BATCH_ROWS = 512  # records validated together
# What an ingested corpus records about its clusters and articles, passed through as given (schema/*.json).
SOURCE_CLUSTER_FIELDS = ("source_cluster_id", "date", "category")
SOURCE_DOCUMENT_FIELDS = ("position", "source_doc_id", "origin", "timestamp")
# Cluster metadata as spilled: what a cluster record needs besides its documents.
CLUSTER_META_SCHEMA = pa.schema(
    [
        pa.field("cluster_id", pa.string(), nullable=False),
        pa.field("summary", pa.string()),
        pa.field("summary_author", pa.string()),
        pa.field("split", pa.string()),
        *(pa.field(name, pa.string()) for name in SOURCE_CLUSTER_FIELDS),
    ]
)


@dataclass(frozen=True)
class Rejection:
    kind: str  # "document" or "cluster"
    id: str
    source: str  # relative to the raw root
    reason: str  # a key of REJECTION_REASONS
    detail: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "id": self.id, "source": self.source, "reason": self.reason, "detail": self.detail}

    def __str__(self) -> str:
        return f"{self.source}: {self.reason} ({self.detail})"


def stable_hash64(text: str) -> int:
    """A real hash (not Python's salted hash()): the same value in every process and machine."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def partition_of(cluster_id: str, partitions: int) -> int:
    return stable_hash64(cluster_id) % partitions


def text_digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def digest_bucket(digest: bytes, buckets: int) -> int:
    """Documents with the same text meet in one bucket, whichever unit or cluster they came from."""
    return int.from_bytes(digest[:8], "big") % buckets


@dataclass
class UnitSummary:
    """What the driver gets back from one unit: nothing per document but its problems and drops."""

    unit: int
    problems: list[str] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    raw_bytes: int = 0
    raw_documents: int = 0


def utf8_length(text: str) -> int:
    """Bytes of `text` in UTF-8, what a shard's size is counted in (a character of Chinese is three)."""
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


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
        "title": metadata_title(raw_doc.meta) or cleaned.title,  # a corpus's own headline beats a guessed one
        "date": cleaned.date if cleaned.date is not None else raw_doc.meta.get("date"),
        "source": raw_doc.meta.get("source"),
        "url": raw_doc.meta.get("url"),
        "text": cleaned.text,
        "raw_sha256": hashlib.sha256(raw_doc.data).hexdigest(),
        **{name: raw_doc.meta.get(name) for name in SOURCE_DOCUMENT_FIELDS},
        "removed": [r.as_dict() for r in cleaned.removed],
    }


def _date_conflict(raw_doc: RawDocument, doc_id: str, cleaned: Cleaned) -> str | None:
    declared = raw_doc.meta.get("date")
    if declared is None or cleaned.date is None or declared == cleaned.date:
        return None
    header = next(r for r in cleaned.removed if r.rule == DATE_HEADER_RULE)
    return (
        f"{raw_doc.source}: record {doc_id!r}: $.date: metadata says {declared!r} "
        f"but line {header.line} of the raw text says {cleaned.date!r}"
    )


def meta_digest(fields: Mapping[str, Any]) -> bytes:
    """Identity of a cluster's metadata, to spot conflicting copies across shards."""
    items = sorted((k, repr(v)) for k, v in fields.items() if k != "documents")
    return hashlib.blake2b(repr(items).encode("utf-8"), digest_size=16).digest()


DOC_KEYS = pa.schema(
    [
        ("cluster_id", pa.string()),
        ("name", pa.string()),
        ("key", pa.uint64()),  # a 64-bit hash of the doc id: the planner finds repeated ids on it cheaply
        ("rel", pa.string()),  # where it came from, relative to the raw root
        ("digest", pa.binary(16)),  # of the cleaned text; null when the document was dropped for its content
        ("text_bytes", pa.int64()),
        ("loose", pa.bool_()),  # a JSON Lines document line (not a file of a cluster folder)
    ]
)
# One row per cluster metadata record: origin is "folder", "jsonl" or "invalid" (unreadable cluster.json).
CLUSTER_KEYS = pa.schema(
    [("cluster_id", pa.string()), ("where", pa.string()), ("rel", pa.string()), ("origin", pa.string()),
     ("digest", pa.binary(16)), ("split", pa.string())]
)
DIGESTS = pa.schema(
    [("digest", pa.binary(16)), ("cluster_id", pa.string()), ("name", pa.string()), ("rel", pa.string())]
)
SPILL_SCHEMAS = {SPILL_DOCS: arrow_schema("documents"), SPILL_CLUSTERS: CLUSTER_META_SCHEMA,
                 SPILL_DOC_KEYS: DOC_KEYS, SPILL_CLUSTER_KEYS: CLUSTER_KEYS, SPILL_DIGESTS: DIGESTS,
                 SPILL_SIGNATURES: leakage.SIGNATURES, SPILL_BANDS: leakage.BAND_KEYS}


def map_unit(
    root: Path, unit: Unit, index: int, spill: Path, partitions: int, key_partitions: int, limits: Limits,
    cleaner: Cleaner, line_counts: Mapping[int, int] | None = None,
) -> UnitSummary:
    """Read, clean and validate one unit; spill its records; summarise it for the planner."""
    summary = UnitSummary(index, raw_bytes=unit.nbytes)
    spiller = Spiller(spill, index, SPILL_SCHEMAS)
    pending: list[tuple[dict[str, Any], RawDocument]] = []
    bands: tuple[list[int], list[int], list[int]] = ([], [], [])  # band key, doc key, cluster key; spilled with pending
    unsigned: list[tuple[str, str]] = []  # (cluster id, doc id) of pending documents still to sign, in order
    unsigned_texts: list[str] = []

    def flush_pending() -> None:
        add_signatures()
        records = [r for r, _ in pending]
        sources = [d.source for _, d in pending]
        bad = validate.batch_problems("document", records, sources, [r["doc_id"] for r in records])
        summary.problems.extend(bad)
        for record, _ in pending:
            spiller.add(SPILL_DOCS, partition_of(record["cluster_id"], partitions), record)
        pending.clear()
        if bands[0]:  # a document's 16 band keys go to Arrow as arrays, not as 16 dicts
            keys = np.array(bands[0], np.uint64)
            table = pa.table([pa.array(keys), pa.array(np.array(bands[1], np.uint64)),
                              pa.array(np.array(bands[2], np.uint64))], schema=leakage.BAND_KEYS)
            spiller.add_table(SPILL_BANDS, table, (keys % np.uint64(key_partitions)).astype(np.int64))
            for column in bands:
                column.clear()

    def add_keys(cluster_id: str, raw_doc: RawDocument, doc_id: str, digest: bytes | None, text_bytes: int,
                 loose: bool) -> None:
        key = {"cluster_id": cluster_id, "name": raw_doc.name, "key": stable_hash64(doc_id), "rel": raw_doc.rel,
               "digest": digest, "text_bytes": text_bytes, "loose": loose}
        spiller.add(SPILL_DOC_KEYS, partition_of(cluster_id, key_partitions), key)
        if digest is not None:
            spiller.add(SPILL_DIGESTS, digest_bucket(digest, key_partitions),
                        {"digest": digest, "cluster_id": cluster_id, "name": raw_doc.name, "rel": raw_doc.rel})

    def add_signatures() -> None:
        """MinHash signatures and band keys of the pending documents, computed as one batch."""
        for (cluster_id, doc_id), signature in zip(unsigned, leakage.signatures(unsigned_texts)):
            if signature is None:
                continue
            doc_key, cluster_key = stable_hash64(doc_id), stable_hash64(cluster_id)
            spiller.add(SPILL_SIGNATURES, partition_of(cluster_id, key_partitions),
                        {"doc_key": doc_key, "doc_id": doc_id, "cluster_id": cluster_id,
                         "signature": signature.tobytes()})
            found = leakage.band_keys(signature)
            bands[0].extend(found)
            bands[1].extend([doc_key] * len(found))
            bands[2].extend([cluster_key] * len(found))
        unsigned.clear()
        unsigned_texts.clear()

    def add_document(cluster_id: str, raw_doc: RawDocument, loose: bool) -> None:
        summary.raw_documents += 1
        doc_id = f"{cluster_id}/{raw_doc.name}"
        try:
            text = decode_raw(raw_doc.data, raw_doc.source, raw_doc.encoding)
            check_lines(text, raw_doc.source, limits)
        except RawInputError as err:  # the file's bytes are the record's text
            summary.problems.append(str(RawInputError(raw_doc.source, err.problem, record=doc_id, field="text")))
            return
        if content_rejection(text) == EMPTY_DOCUMENT:
            summary.rejections.append(Rejection("document", doc_id, raw_doc.rel, EMPTY_DOCUMENT, "no text"))
            add_keys(cluster_id, raw_doc, doc_id, None, 0, loose)
            return
        try:
            cleaned = cleaner.clean(text, line_counts, raw_doc.site, metadata_title(raw_doc.meta))
        except DateHeaderError as err:
            summary.problems.append(str(RawInputError(raw_doc.source, str(err), record=doc_id, field="date")))
            return
        if conflict := _date_conflict(raw_doc, doc_id, cleaned):
            summary.problems.append(conflict)
        if content_rejection(text, cleaned) == ALL_BOILERPLATE:
            by_rule = Counter(r.rule for r in cleaned.removed).most_common()
            detail = f"{counted(len(cleaned.removed), 'line')} removed: " + ", ".join(f"{r} {n}" for r, n in by_rule)
            summary.rejections.append(Rejection("document", doc_id, raw_doc.rel, ALL_BOILERPLATE, detail))
            add_keys(cluster_id, raw_doc, doc_id, None, 0, loose)
            return
        record = document_record(cluster_id, raw_doc, cleaned)
        add_keys(cluster_id, raw_doc, doc_id, text_digest(cleaned.text), utf8_length(record["text"]), loose)
        unsigned.append((cluster_id, doc_id))
        unsigned_texts.append(cleaned.text)
        pending.append((record, raw_doc))
        if len(pending) >= BATCH_ROWS:
            flush_pending()

    def add_metadata(cluster_id: str, where: str, rel: str, origin: str, fields: Mapping[str, Any]) -> None:
        keys = {"cluster_id": cluster_id, "where": where, "rel": rel, "origin": origin,
                "digest": meta_digest(fields), "split": fields.get("split")}
        spiller.add(SPILL_CLUSTER_KEYS, partition_of(cluster_id, key_partitions), keys)
        record = {"cluster_id": cluster_id, "summary": fields.get("summary"),
                  "summary_author": fields.get("summary_author"), "split": fields.get("split"),
                  **{name: fields.get(name) for name in SOURCE_CLUSTER_FIELDS}}
        spiller.add(SPILL_CLUSTERS, partition_of(cluster_id, partitions), record)

    for item in read_unit(root, unit, summary.problems, limits):
        if isinstance(item, RawCluster):
            if item.metadata is None:  # unreadable or invalid: reported, but not "missing"
                spiller.add(SPILL_CLUSTER_KEYS, partition_of(item.cluster_id, key_partitions),
                            {"cluster_id": item.cluster_id, "where": item.source, "rel": item.rel,
                             "origin": "invalid", "digest": None, "split": None})
            else:
                add_metadata(item.cluster_id, item.source, item.rel, "folder", item.metadata)
            for raw_doc in item.documents:
                add_document(item.cluster_id, raw_doc, loose=False)
        elif isinstance(item, LooseDocument):
            add_document(item.cluster_id, item.document, loose=True)
        elif isinstance(item, ClusterMetadata):
            add_metadata(item.cluster_id, item.where, item.rel, "jsonl", item.fields)
    if pending:
        flush_pending()
    spiller.close()
    return summary
