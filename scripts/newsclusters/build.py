"""The pipeline in one place: raw -> clean -> validate -> split, ending in Arrow tables per config.

Nothing here writes files; `publish` does. Every problem in the corpus is collected and raised
together as `ValidationFailed`, so a curator fixes them in one round.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from newsclusters import validate
from newsclusters.clean import Cleaner, decode_raw
from newsclusters.errors import RawInputError, ValidationFailed
from newsclusters.raw import RawCluster
from newsclusters.records import CONFIGS, arrow_schema
from newsclusters.split import SPLITS, split_of

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class Corpus:
    """Validated records, ready to publish. Rows are ordered by cluster id, then doc id."""

    clusters: tuple[dict[str, Any], ...]
    documents: tuple[dict[str, Any], ...]
    split_by_cluster: dict[str, str]

    def rows(self, config: str, split: str) -> list[dict[str, Any]]:
        rows = self.clusters if config == "clusters" else self.documents
        return [r for r in rows if self.split_by_cluster[r["cluster_id"]] == split]

    def table(self, config: str, split: str) -> pa.Table:
        return pa.Table.from_pylist(self.rows(config, split), schema=arrow_schema(config))

    def splits(self) -> list[str]:
        """Splits with at least one row, in canonical order (an empty split is not published)."""
        used = set(self.split_by_cluster.values())
        return [s for s in SPLITS if s in used]


def document_record(cluster: RawCluster, raw_doc: Any, cleaner: Cleaner) -> dict[str, Any]:
    """Clean one raw file into a document record (not yet validated)."""
    text = decode_raw(raw_doc.data, raw_doc.path)
    cleaned = cleaner.clean(text)
    meta = ((cluster.metadata or {}).get("documents") or {}).get(raw_doc.file_name) or {}
    date = cleaned.date
    if date is None and isinstance(meta, dict):
        date = meta.get("date")
    return {
        "doc_id": f"{cluster.cluster_id}/{raw_doc.file_name.removesuffix('.txt')}",
        "cluster_id": cluster.cluster_id,
        "title": cleaned.title,
        "date": date,
        "source": meta.get("source") if isinstance(meta, dict) else None,
        "url": meta.get("url") if isinstance(meta, dict) else None,
        "text": cleaned.text,
        "raw_sha256": hashlib.sha256(raw_doc.data).hexdigest(),
        "removed": [r.as_dict() for r in cleaned.removed],
    }


def _cross_checks(cluster: RawCluster, docs: list[dict[str, Any]]) -> list[str]:
    problems = []
    meta = cluster.metadata if isinstance(cluster.metadata, dict) else {}
    listed = meta.get("documents") if isinstance(meta.get("documents"), dict) else {}
    present = {d.file_name for d in cluster.documents}
    for name in sorted(set(listed) - present):
        problems.append(
            f"{cluster.metadata_path}: record {cluster.cluster_id!r}: $.documents['{name}']: "
            f"metadata for a file that is not in {cluster.path}"
        )
    by_name = {d["doc_id"].rsplit("/", 1)[1] + ".txt": d for d in docs}
    for name, entry in listed.items():
        doc = by_name.get(name)
        header_date = doc and next((r["text"][5:] for r in doc["removed"] if r["rule"] == "date_header_v1"), None)
        if isinstance(entry, dict) and header_date and entry.get("date") not in (None, header_date):
            problems.append(
                f"{cluster.metadata_path}: record {cluster.cluster_id!r}: $.documents['{name}'].date: "
                f"{entry.get('date')!r} contradicts the raw text's date header {header_date!r}"
            )
    return problems


def build_corpus(clusters: list[RawCluster], cleaner: Cleaner, progress: Progress | None = None) -> Corpus:
    """Clean and validate every cluster; raise `ValidationFailed` listing every problem."""
    problems: list[str] = []
    cluster_rows: list[dict[str, Any]] = []
    doc_rows: list[dict[str, Any]] = []
    split_by_cluster: dict[str, str] = {}
    total = sum(len(c.documents) for c in clusters)
    done = 0
    for cluster in clusters:
        if cluster.metadata is not None:
            problems += validate.problems(
                "cluster_source", cluster.metadata, source=cluster.metadata_path, record_id=cluster.cluster_id
            )
        docs = []
        for raw_doc in cluster.documents:
            try:
                record = document_record(cluster, raw_doc, cleaner)
            except RawInputError as err:
                problems.append(str(err))
                continue
            problems += validate.problems("document", record, source=raw_doc.path, record_id=record["doc_id"])
            docs.append(record)
            done += 1
            if progress:
                progress("clean+validate", done, total)
        problems += _cross_checks(cluster, docs)
        meta = cluster.metadata if isinstance(cluster.metadata, dict) else {}
        record = {
            "cluster_id": cluster.cluster_id,
            "summary": meta.get("summary"),
            "summary_author": meta.get("summary_author"),
            "documents": [{k: d[k] for k in _nested_document_fields()} for d in docs],
        }
        problems += validate.problems("cluster", record, source=cluster.path, record_id=cluster.cluster_id)
        cluster_rows.append(record)
        doc_rows.extend(docs)
        pinned = meta.get("split")
        split_by_cluster[cluster.cluster_id] = split_of(cluster.cluster_id, pinned if isinstance(pinned, str) else None)
    if problems:
        raise ValidationFailed(problems)
    return Corpus(tuple(cluster_rows), tuple(doc_rows), split_by_cluster)


def _nested_document_fields() -> list[str]:
    documents = arrow_schema("clusters").field("documents").type.value_type
    return [documents.field(i).name for i in range(documents.num_fields)]


__all__ = ["CONFIGS", "Corpus", "build_corpus", "document_record"]
