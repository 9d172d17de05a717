"""The planner: checks that span the whole corpus, and the plan for writing the shards.

It runs once, on the driver, over the small `UnitSummary`s of every unit: duplicate document ids,
conflicting or missing cluster metadata, exact duplicates (kept: the smallest doc id), clusters
left empty, the rejection threshold, each cluster's split, and how many shards each split gets.
Everything is computed with Arrow on keys and digests, never on article text.
"""

from __future__ import annotations

import math
from pathlib import Path
from collections.abc import Sequence
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from newsclusters.build import Rejection, UnitSummary
from newsclusters.errors import TooManyRejections, ValidationFailed
from newsclusters.raw import Limits
from newsclusters.split import SPLITS, split_of

@dataclass(frozen=True)
class Sizing:
    """How work and output are cut, from the data's size alone (never from the number of workers)."""

    unit_raw_bytes: int = 32 * 2**20  # cluster folders grouped into map units of about this much raw text
    partition_raw_bytes: int = 32 * 2**20  # raw text per spill partition: bounds a reduce task's memory
    shard_text_bytes: int = 256 * 2**20  # cleaned text per output shard: Parquet shards stay well under 500 MB

    def partitions(self, raw_bytes: int) -> int:
        """Spill partitions for a corpus of this size: a power of two."""
        wanted = max(1, math.ceil(raw_bytes / self.partition_raw_bytes))
        return min(4096, 1 << (wanted - 1).bit_length())


@dataclass(frozen=True)
class Shard:
    split: str
    index: int
    count: int
    partitions: tuple[int, ...]  # spill partitions whose clusters of this split it holds


@dataclass(frozen=True)
class Plan:
    splits: pa.Table  # cluster_id -> split, for clusters that keep at least one document
    dropped: pa.Array  # doc ids left out by the planner (duplicates)
    rejections: tuple[Rejection, ...]  # every content-level drop, sorted
    shards: tuple[Shard, ...]
    documents: int  # raw documents read
    raw_bytes: int


def _concat(tables: Sequence[pa.Table | None]) -> pa.Table:
    return pa.concat_tables([t for t in tables if t is not None])


def _metadata_problems(clusters: pa.Table, doc_clusters: set[str]) -> list[str]:
    problems: list[str] = []
    # Stable sort: within a cluster, the folder first, then JSONL lines in the order they were read.
    rows = sorted(clusters.to_pylist(), key=lambda r: (r["cluster_id"], r["origin"] != "folder"))
    first: dict[str, dict] = {}
    for row in rows:
        cluster_id = row["cluster_id"]
        if cluster_id not in first:
            first[cluster_id] = row
            continue
        earlier = first[cluster_id]
        if "folder" in (earlier["origin"], row["origin"]) or "invalid" in (earlier["origin"], row["origin"]):
            problems.append(
                f"{row['where']}: cluster {cluster_id!r} is also a folder ({earlier['where']}); give each cluster in one place"
            )
        elif row["digest"] != earlier["digest"]:
            field = "split" if row["split"] != earlier["split"] else "summary"
            problems.append(
                f"{row['where']}: record {cluster_id!r}: $.{field}: conflicts with the metadata at {earlier['where']}"
                + (f" ({earlier['split']!r} there, {row['split']!r} here)" if field == "split" else "")
            )
    for cluster_id in sorted(set(first) - doc_clusters):
        if first[cluster_id]["origin"] == "jsonl":
            problems.append(f"{first[cluster_id]['where']}: record {cluster_id!r}: summary for an unknown cluster (no documents)")
    return problems


def _duplicate_ids(docs: pa.Table, root: Path) -> list[str]:
    counts = docs.group_by(["cluster_id", "name"]).aggregate([("name", "count")])
    repeated = counts.filter(pc.greater(counts.column("name_count"), 1))
    if not repeated.num_rows:
        return []
    wanted = set(zip(repeated.column("cluster_id").to_pylist(), repeated.column("name").to_pylist()))
    problems, seen = [], {}
    for row in docs.select(["cluster_id", "name", "rel"]).to_pylist():
        key = (row["cluster_id"], row["name"])
        if key not in wanted:
            continue
        where = root / row["rel"]
        if key in seen:
            problems.append(
                f"{where}: record '{key[0]}/{key[1]}': $.name: duplicate document id, first given at {seen[key]}"
            )
        else:
            seen[key] = where
    return problems


def _exact_duplicates(kept: pa.Table) -> tuple[pa.Table, list[Rejection]]:
    """Of documents with the same cleaned text keep the smallest doc id; the rest are rejections."""
    groups = kept.group_by("digest").aggregate([("doc_id", "min"), ("doc_id", "count")])
    repeated = groups.filter(pc.greater(groups.column("doc_id_count"), 1))
    if not repeated.num_rows:
        return kept, []
    first = dict(zip(repeated.column("digest").to_pylist(), repeated.column("doc_id_min").to_pylist()))
    copies = kept.filter(pc.is_in(kept.column("digest"), repeated.column("digest")))
    rejections = []
    drop = []
    for row in copies.select(["digest", "doc_id", "rel"]).to_pylist():
        if row["doc_id"] != first[row["digest"]]:
            drop.append(row["doc_id"])
            rejections.append(Rejection("document", row["doc_id"], row["rel"], "duplicate_document",
                                        f"same text as {first[row['digest']]!r}"))
    survivors = kept.filter(pc.invert(pc.is_in(kept.column("doc_id"), pa.array(drop, pa.string()))))
    return survivors, rejections


def plan(
    summaries: Sequence[UnitSummary], limits: Limits, partitions: int, problems: Sequence[str] = (),
    sizing: Sizing = Sizing(), root: Path = Path("."),
) -> Plan:
    """Check the corpus as a whole and decide splits and shards; raise listing every problem.

    `problems` are those already found (e.g. in the layout); they are reported with the rest.
    """
    summaries = sorted(summaries, key=lambda s: s.unit)
    problems = list(problems) + [p for s in summaries for p in s.problems]
    rejections = [r for s in summaries for r in s.rejections]
    docs = _concat([s.documents for s in summaries])
    clusters = _concat([s.clusters for s in summaries])
    total_docs = sum(s.raw_documents for s in summaries)
    raw_bytes = sum(s.raw_bytes for s in summaries)

    problems += _duplicate_ids(docs, root)
    doc_clusters = set(pc.unique(docs.column("cluster_id")).to_pylist())
    problems += _metadata_problems(clusters, doc_clusters)
    for cluster_id in sorted(doc_clusters - set(clusters.column("cluster_id").to_pylist())):
        where = root / docs.filter(pc.equal(docs.column("cluster_id"), cluster_id)).column("rel")[0].as_py()
        problems.append(
            f"{where}: record {cluster_id!r}: $.cluster_id: no cluster metadata line "
            '({"type": "cluster", ...}) gives this cluster a summary'
        )
    if problems:
        raise ValidationFailed(problems)

    kept = docs.filter(pc.is_valid(docs.column("digest")))
    kept = kept.append_column("doc_id", pc.binary_join_element_wise(kept.column("cluster_id"), kept.column("name"), "/"))
    survivors, duplicates = _exact_duplicates(kept)
    rejections += duplicates

    first_meta = {}
    for row in clusters.to_pylist():  # in reading order: the first copy of each cluster's metadata
        first_meta.setdefault(row["cluster_id"], row)
    alive = set(pc.unique(survivors.column("cluster_id")).to_pylist())
    per_cluster = docs.group_by("cluster_id").aggregate([("name", "count")])
    counts = dict(zip(per_cluster.column("cluster_id").to_pylist(), per_cluster.column("name_count").to_pylist()))
    for cluster_id in sorted(doc_clusters - alive):
        rejections.append(Rejection("cluster", cluster_id, first_meta[cluster_id]["rel"], "empty_cluster",
                                    f"{counts[cluster_id]} document(s), none kept"))

    rejected_docs = sorted((r for r in rejections if r.kind == "document"), key=lambda r: r.id)
    if total_docs and len(rejected_docs) / total_docs > limits.max_rejected_share:
        raise TooManyRejections(rejected_docs, total_docs, limits.max_rejected_share)

    # Splits, and shards sized by the cleaned text each split holds.
    ids = sorted(alive)
    splits = pa.table({"cluster_id": pa.array(ids, pa.string()),
                       "split": pa.array([split_of(c, first_meta[c]["split"]) for c in ids], pa.string())})
    sized = survivors.select(["cluster_id", "text_bytes"]).join(splits, "cluster_id")
    by_split = sized.group_by("split").aggregate([("text_bytes", "sum")])
    text_bytes = dict(zip(by_split.column("split").to_pylist(), by_split.column("text_bytes_sum").to_pylist()))
    shards = []
    for split in (s for s in SPLITS if s in text_bytes):
        count = min(partitions, max(1, math.ceil(text_bytes[split] / sizing.shard_text_bytes)))
        for index in range(count):
            owned = tuple(p for p in range(partitions) if p * count // partitions == index)
            shards.append(Shard(split, index, count, owned))
    dropped = pa.array(sorted(r.id for r in duplicates), pa.string())
    return Plan(
        splits=splits,
        dropped=dropped,
        rejections=tuple(sorted(rejections, key=lambda r: (r.kind != "document", r.id))),
        shards=tuple(shards),
        documents=total_docs,
        raw_bytes=raw_bytes,
    )
