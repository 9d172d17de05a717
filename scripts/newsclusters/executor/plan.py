"""The planner: checks that span the whole corpus, and the plan for writing the shards.

The checks run where the keys are, one spill partition at a time, as tasks on the engine, so they
scale out like the cleaning and the driver holds nothing per document. Two groupings bring
together what must be compared:

- by digest bucket (`duplicates_in_bucket`): documents with the same cleaned text, wherever they
  came from. Of each group the smallest doc id is kept; the others become drops, spilled to the
  key partition of their cluster.
- by LSH band bucket (`near_duplicate_candidates`): documents of different clusters that share a
  MinHash band. Each candidate pair is spilled to the key partition of its second document, where
  it is checked (`check_pairs`); the first document's partition sends its signature, id and split
  pin there (`send_signatures`). Only the pairs that pass come back, and `leakage.resolve` decides
  which clusters move. The driver never holds a candidate or a signature: a corpus of near-copies
  (a million articles can give millions of candidates) costs it nothing.
- by key partition of the cluster id (`check_partition`): a cluster's documents and metadata
  records. Duplicate ids, conflicting, missing or orphan metadata, clusters left empty by the
  drops; each surviving cluster's split (spilled for the shard writers) and the cleaned text each
  split holds.

`plan` then adds up the answers: it applies the rejection threshold and cuts the shards. The
checks work with Arrow and NumPy on 64-bit hashes and digests, never on article text; only the few
candidate duplicates are looked at in Python.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newsclusters.errors import TooManyRejections, ValidationFailed
from newsclusters.executor.spill import RUN_SUFFIX, read_partition, write_run
from newsclusters.executor.units import (
    CLUSTER_KEYS,
    DIGESTS,
    DOC_KEYS,
    SPILL_BANDS,
    SPILL_CLUSTER_KEYS,
    SPILL_DIGESTS,
    SPILL_DOC_KEYS,
    SPILL_SIGNATURES,
    Rejection,
    UnitSummary,
    partition_of,
)
from newsclusters.limits import Limits
from newsclusters.pipeline import leakage
from newsclusters.pipeline.split import SPLITS, split_of
from newsclusters.wording import counted

SPILL_DROPPED = "dropped"  # doc ids of exact duplicates, by key partition of their cluster
SPILL_PAIRS = "pairs"  # candidate near-duplicate pairs, by key partition of doc_b's cluster (which checks them)
SPILL_NEEDS = "needs"  # (doc_a, the partition checking it), by key partition of doc_a's cluster
SPILL_SENT = "sent"  # doc_a's signature, id, cluster and pin, by the key partition checking its pairs
NEEDS = pa.schema([("doc_a", pa.uint64()), ("checker", pa.int64())])
SENT = pa.schema([*leakage.SIGNATURES, ("pin", pa.string())])
SPILL_SPLITS = "splits"  # cluster id -> split of the clusters that keep documents, by key partition
DROPPED = pa.schema([("doc_id", pa.string())])
SPLITS_SCHEMA = pa.schema([("cluster_id", pa.string()), ("split", pa.string())])


@dataclass(frozen=True)
class Sizing:
    """How work and output are cut, from the data's size alone (never from the number of workers)."""

    unit_raw_bytes: int = 32 * 2**20  # cluster folders grouped into map units of about this much raw text
    partition_raw_bytes: int = 32 * 2**20  # raw text per spill partition: bounds a reduce task's memory
    shard_text_bytes: int = 256 * 2**20  # cleaned text per output shard: Parquet shards stay well under 500 MB
    # Record partitions per key partition (a power of two). The planner's keys are a few percent of
    # the raw text, so one key partition holds those of 16 record partitions: 16 times fewer check
    # tasks, each reading bigger batches from the spill's run files.
    key_fanin: int = 16
    # Candidate near-duplicate pairs whose two signatures a check task gathers at once (about 20 MB):
    # a key partition of a 1M-article corpus holds about a hundred thousand.
    pair_batch: int = 16_384

    def __post_init__(self) -> None:
        if self.key_fanin < 1 or self.key_fanin & (self.key_fanin - 1):
            raise ValueError(f"key_fanin must be a power of two, not {self.key_fanin}")

    def partitions(self, raw_bytes: int) -> int:
        """Spill partitions for a corpus of this size: a power of two."""
        wanted = max(1, math.ceil(raw_bytes / self.partition_raw_bytes))
        return min(4096, 1 << (wanted - 1).bit_length())

    def key_partitions(self, partitions: int) -> int:
        """Key partitions: a divisor of `partitions`, so record partition p's keys are in key partition p % this."""
        return max(1, partitions // self.key_fanin)


@dataclass(frozen=True)
class Shard:
    split: str
    index: int
    count: int
    partitions: tuple[int, ...]  # spill partitions whose clusters of this split it holds


@dataclass(frozen=True)
class Plan:
    rejections: tuple[Rejection, ...]  # every content-level drop, sorted
    shards: tuple[Shard, ...]
    documents: int  # raw documents read
    raw_bytes: int


@dataclass
class PartitionCheck:
    """What one key partition tells the driver: small, whatever the partition holds."""

    partition: int
    documents: int = 0  # rows looked at (for progress)
    problems: list[str] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)  # clusters left empty
    text_bytes: dict[str, int] = field(default_factory=dict)  # split -> cleaned text of its kept documents


def _ordered_metadata(clusters: pa.Table) -> tuple[pa.Table, pa.Array]:
    """(every metadata row by cluster id in precedence order, True where a cluster's first row is).

    Precedence: a folder's cluster.json first, then JSONL lines in the order they were read.
    """
    ranked = clusters.append_column("rank", pc.cast(pc.not_equal(clusters.column("origin"), "folder"), pa.int8()))
    ranked = ranked.append_column("order", pa.array(range(clusters.num_rows), pa.int64()))
    ordered = ranked.sort_by([("cluster_id", "ascending"), ("rank", "ascending"), ("order", "ascending")])
    return ordered, _run_starts(ordered.column("cluster_id"))


def _run_starts(values: pa.ChunkedArray | pa.Array) -> pa.Array:
    """True where a sorted column starts a new run of equal values."""
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    if len(values) == 0:
        return pa.array([], pa.bool_())
    changed = pc.not_equal(values.slice(1), values.slice(0, len(values) - 1))
    return pa.concat_arrays([pa.array([True]), changed])


def _metadata_problems(ordered: pa.Table, starts: pa.Array, first: pa.Table, doc_clusters: pa.Array) -> list[str]:
    problems: list[str] = []
    repeated = ordered.filter(pc.invert(starts)).column("cluster_id")
    earlier: dict[str, dict] = {}
    for row in ordered.filter(pc.is_in(ordered.column("cluster_id"), repeated)).to_pylist():  # the few given twice
        cluster_id = row["cluster_id"]
        if cluster_id not in earlier:
            earlier[cluster_id] = row
            continue
        first_row = earlier[cluster_id]
        if "folder" in (first_row["origin"], row["origin"]) or "invalid" in (first_row["origin"], row["origin"]):
            problems.append(
                f"{row['where']}: cluster {cluster_id!r} is also a folder ({first_row['where']}); give each cluster in one place"
            )
        elif row["digest"] != first_row["digest"]:
            field = "split" if row["split"] != first_row["split"] else "summary"
            problems.append(
                f"{row['where']}: record {cluster_id!r}: $.{field}: conflicts with the metadata at {first_row['where']}"
                + (f" ({first_row['split']!r} there, {row['split']!r} here)" if field == "split" else "")
            )
    unknown = pc.and_(pc.equal(first.column("origin"), "jsonl"), pc.invert(pc.is_in(first.column("cluster_id"), doc_clusters)))
    for row in first.filter(unknown).select(["cluster_id", "where"]).to_pylist():
        problems.append(f"{row['where']}: record {row['cluster_id']!r}: no document of this cluster was read (none "
                        "is given, or each was refused: see its problems)")
    return problems


def _missing_metadata(docs: pa.Table, first: pa.Table, doc_clusters: pa.Array, root: Path) -> list[str]:
    missing = doc_clusters.filter(pc.invert(pc.is_in(doc_clusters, first.column("cluster_id"))))
    where: dict[str, str] = {}
    for row in docs.filter(pc.is_in(docs.column("cluster_id"), missing)).select(["cluster_id", "rel"]).to_pylist():
        where.setdefault(row["cluster_id"], row["rel"])  # the cluster's first document, in reading order
    return [
        f"{root / where[cluster_id]}: record {cluster_id!r}: $.cluster_id: no cluster metadata line "
        '({"type": "cluster", ...}) gives this cluster a summary'
        for cluster_id in sorted(where)
    ]


def _lines_into_folders(docs: pa.Table, first: pa.Table, root: Path) -> list[str]:
    """JSON Lines documents given to a cluster that is a folder: a cluster lives in one place, and a shard's
    cluster id typed wrong must not add text to a curated (or published) cluster."""
    folders = first.filter(pc.not_equal(first.column("origin"), "jsonl"))  # "folder", or "invalid" (a folder)
    of_folders = pc.is_in(docs.column("cluster_id"), folders.column("cluster_id"))
    stray = docs.filter(pc.and_(docs.column("loose"), of_folders))
    if not stray.num_rows:
        return []
    where = dict(zip(folders.column("cluster_id").to_pylist(), folders.column("where").to_pylist()))
    return [f"{root / row['rel']}: record '{row['cluster_id']}/{row['name']}': $.cluster_id: cluster "
            f"{row['cluster_id']!r} is a folder ({where[row['cluster_id']]}); give each cluster in one place"
            for row in stray.select(["cluster_id", "name", "rel"]).to_pylist()]


def _repeated(keys: np.ndarray) -> np.ndarray:
    """Positions of the keys that occur more than once; sort-based, so memory is a few copies of `keys`."""
    ordered = np.sort(keys)
    values = np.unique(ordered[1:][ordered[1:] == ordered[:-1]])
    del ordered
    if not len(values):
        return np.empty(0, np.int64)
    at = np.searchsorted(values, keys).clip(max=len(values) - 1)
    return np.flatnonzero(values[at] == keys)


def _rows(table: pa.Table, rows: np.ndarray, columns: list[str]) -> list[dict]:
    """The given rows (few, ascending) as dicts, taken chunk by chunk: the table is never combined."""
    found: list[dict] = []
    start = 0
    for batch in table.select(columns).to_batches():
        end = start + batch.num_rows
        mine = rows[(rows >= start) & (rows < end)] - start
        if len(mine):
            found += batch.take(pa.array(mine, pa.int64())).to_pylist()
        start = end
    return found


def _duplicate_ids(docs: pa.Table, root: Path) -> list[str]:
    """Repeated doc ids, found on their 64-bit hashes; only the candidates are compared as strings."""
    rows = _repeated(docs.column("key").to_numpy())
    problems, seen = [], {}
    for row in _rows(docs, rows, ["cluster_id", "name", "rel"]):
        doc_id, where = f"{row['cluster_id']}/{row['name']}", root / row["rel"]
        if doc_id in seen:
            problems.append(f"{where}: record '{doc_id}': $.name: duplicate document id, first given at {seen[doc_id]}")
        else:
            seen[doc_id] = where
    return problems


def _exact_duplicates(docs: pa.Table, published: Mapping[str, tuple[int, int, int]] | None = None
                      ) -> tuple[list[int], list[Rejection]]:
    """Of documents with the same cleaned text keep one: (rows dropped, their rejections).

    The one kept is of the cluster published first (`published`: the version that first published each
    cluster, from the split ledger), then the smallest doc id: a new cluster holding a copy of a
    published article must not take it out of its cluster and split, in the release that adds it or in
    any after. Candidates share the first 8 bytes of their digest; the full digest decides, in Python,
    for those few.
    """
    first = published or {}
    digests = docs.column("digest").combine_chunks()
    valid = np.flatnonzero(np.asarray(digests.is_valid()))
    if not len(valid):
        return [], []
    words = np.frombuffer(digests.buffers()[1], dtype=np.uint64)[2 * digests.offset:][: 2 * len(digests)]
    rows = valid[_repeated(words[0::2][valid])]
    copies = _rows(docs, rows, ["cluster_id", "name", "rel", "digest"])
    groups: dict[bytes, list[tuple[tuple[int, ...], str]]] = {}  # digest -> (rank, doc id): the kept one first
    for row in copies:
        cluster = row["cluster_id"]
        rank = (0, *first[cluster]) if cluster in first else (1,)  # published, and when; or never
        groups.setdefault(row["digest"], []).append((rank, f"{cluster}/{row['name']}"))
    dropped, rejections = [], []
    for index, row in zip(rows.tolist(), copies):
        doc_id, group = f"{row['cluster_id']}/{row['name']}", groups[row["digest"]]
        kept = min(group)[1]
        if len(group) > 1 and doc_id != kept:
            dropped.append(index)
            rejections.append(Rejection("document", doc_id, row["rel"], "duplicate_document", f"same text as {kept!r}"))
    return dropped, rejections


def duplicates_in_bucket(spill: Path, bucket: int, key_partitions: int,
                         published: Mapping[str, tuple[int, int, int]] | None = None) -> list[Rejection]:
    """Exact duplicates among the documents of one digest bucket; their ids are spilled as drops."""
    digests = read_partition(spill, SPILL_DIGESTS, bucket, DIGESTS)
    rows, rejections = _exact_duplicates(digests, published)
    cluster_ids = digests.column("cluster_id").take(pa.array(rows, pa.int64())).to_pylist()
    by_partition: dict[int, list[str]] = {}
    for cluster_id, rejection in zip(cluster_ids, rejections):
        by_partition.setdefault(partition_of(cluster_id, key_partitions), []).append(rejection.id)
    if by_partition:
        ids = sorted((partition, doc_id) for partition, found in by_partition.items() for doc_id in found)
        table = pa.table({"doc_id": pa.array([doc_id for _, doc_id in ids], pa.string())}, schema=DROPPED)
        write_run(spill / SPILL_DROPPED / f"bucket-{bucket:05d}{RUN_SUFFIX}", table,
                  np.array([p for p, _ in ids], np.int64))
    return rejections


def near_duplicate_candidates(spill: Path, bucket: int, key_partitions: int) -> int:
    """The candidate pairs of one band bucket, spilled to the partition that checks them (doc_b's), with
    a request for doc_a's signature spilled to doc_a's partition; how many candidates there were."""
    pairs = leakage.candidate_pairs(read_partition(spill, SPILL_BANDS, bucket, leakage.BAND_KEYS))
    if pairs.num_rows:
        partitions = np.uint64(key_partitions)
        checker = (pairs.column("cluster_b").to_numpy() % partitions).astype(np.int64)
        write_run(spill / SPILL_PAIRS / f"bucket-{bucket:05d}{RUN_SUFFIX}", pairs, checker)
        needs = pa.table([pairs.column("doc_a"), pa.array(checker)], schema=NEEDS)
        owner = (pairs.column("cluster_a").to_numpy() % partitions).astype(np.int64)
        write_run(spill / SPILL_NEEDS / f"bucket-{bucket:05d}{RUN_SUFFIX}", needs, owner)
    return pairs.num_rows


def send_signatures(spill: Path, partition: int) -> None:
    """The signatures of this partition's documents that other partitions' pairs need, with each
    document's id, cluster and its cluster's split pin, spilled to the partitions that check them."""
    needs = read_partition(spill, SPILL_NEEDS, partition, NEEDS)
    if not needs.num_rows:
        return
    wanted = np.unique(np.stack([needs.column("doc_a").to_numpy(),
                                 needs.column("checker").to_numpy().astype(np.uint64)], axis=1), axis=0)
    signatures = read_partition(spill, SPILL_SIGNATURES, partition, leakage.SIGNATURES)
    rows = signatures.take(pc.index_in(pa.array(wanted[:, 0], pa.uint64()), signatures.column("doc_key")))
    pins = _pins(spill, partition, rows.column("cluster_id"))
    sent = rows.append_column("pin", pa.array([pins.get(c) for c in rows.column("cluster_id").to_pylist()], pa.string()))
    write_run(spill / SPILL_SENT / f"partition-{partition:05d}{RUN_SUFFIX}", sent, wanted[:, 1].astype(np.int64))


@dataclass
class PairCheck:
    """The candidate pairs checked in one key partition that are near-duplicates, and their clusters' pins."""

    pairs: list[leakage.NearDuplicate] = field(default_factory=list)
    pins: dict[str, str | None] = field(default_factory=dict)  # cluster id -> its pinned split, or None


def check_pairs(spill: Path, partition: int, dropped: frozenset[str], batch: int) -> PairCheck:
    """The pairs whose doc_b is in this partition and whose signatures agree on THRESHOLD or more;
    documents `dropped` (exact duplicates) are left out.

    Both signatures of a pair are gathered `batch` pairs at a time: a partition of a large corpus
    holds a hundred thousand candidates, and a copy of two signatures per pair is 1.2 KB each.
    """
    check = PairCheck()
    pairs = read_partition(spill, SPILL_PAIRS, partition, leakage.PAIRS)
    if not pairs.num_rows:
        return check
    keys = np.unique(np.stack([pairs.column("doc_a").to_numpy(), pairs.column("doc_b").to_numpy()], axis=1), axis=0)
    sent = read_partition(spill, SPILL_SENT, partition, SENT)
    own = read_partition(spill, SPILL_SIGNATURES, partition, leakage.SIGNATURES)
    passing_a: list[pa.Table] = []
    passing_b: list[pa.Table] = []
    scores: list[np.ndarray] = []
    for start in range(0, len(keys), batch):
        chunk = keys[start:start + batch]
        a = sent.take(pc.index_in(pa.array(chunk[:, 0], pa.uint64()), sent.column("doc_key")))
        b = own.take(pc.index_in(pa.array(chunk[:, 1], pa.uint64()), own.column("doc_key")))
        agree = leakage.agreement(leakage.signature_matrix(a.column("signature")),
                                  leakage.signature_matrix(b.column("signature")))
        passing = np.flatnonzero(agree >= leakage.THRESHOLD)
        passing_a.append(a.select(["doc_id", "cluster_id", "pin"]).take(pa.array(passing)))
        passing_b.append(b.select(["doc_id", "cluster_id"]).take(pa.array(passing)))
        scores.append(agree[passing])
    a, b = pa.concat_tables(passing_a), pa.concat_tables(passing_b)
    if not a.num_rows:
        return check
    side_a = zip(*(a.column(c).to_pylist() for c in ("doc_id", "cluster_id", "pin")))
    side_b = zip(*(b.column(c).to_pylist() for c in ("doc_id", "cluster_id")))
    own_pins = _pins(spill, partition, b.column("cluster_id"))
    for score, (doc_a, cluster_a, pin_a), (doc_b, cluster_b) in zip(np.concatenate(scores).tolist(), side_a, side_b):
        if doc_a in dropped or doc_b in dropped:
            continue
        check.pins[cluster_a], check.pins[cluster_b] = pin_a, own_pins.get(cluster_b)
        (doc_a, cluster_a), (doc_b, cluster_b) = sorted([(doc_a, cluster_a), (doc_b, cluster_b)])
        check.pairs.append(leakage.NearDuplicate(doc_a, doc_b, score, cluster_a, cluster_b))
    return check


def _pins(spill: Path, partition: int, cluster_ids: pa.ChunkedArray | pa.Array) -> dict[str, str | None]:
    """The split pin (or None) of each of these clusters of the partition, from its first metadata record."""
    clusters = read_partition(spill, SPILL_CLUSTER_KEYS, partition, CLUSTER_KEYS)
    ordered, starts = _ordered_metadata(clusters)
    first = ordered.filter(starts)
    first = first.filter(pc.is_in(first.column("cluster_id"), pc.unique(cluster_ids)))
    return dict(zip(first.column("cluster_id").to_pylist(), first.column("split").to_pylist()))


def check_partition(spill: Path, partition: int, root: Path = Path("."),
                    moves: Mapping[str, str] | None = None, published: Mapping[str, str] | None = None) -> PartitionCheck:
    """The corpus-wide checks of the clusters of one key partition (after `duplicates_in_bucket` of every bucket).

    `moves` are the clusters the leakage step sends to another split than they would have; `published`
    the split ledger's splits (clusters a past release published).
    """
    docs = read_partition(spill, SPILL_DOC_KEYS, partition, DOC_KEYS)
    clusters = read_partition(spill, SPILL_CLUSTER_KEYS, partition, CLUSTER_KEYS)
    check = PartitionCheck(partition, docs.num_rows)
    check.problems += _duplicate_ids(docs, root)
    doc_clusters = pc.unique(docs.column("cluster_id").combine_chunks())
    ordered, starts = _ordered_metadata(clusters)
    first = ordered.filter(starts)  # each cluster's metadata
    check.problems += _metadata_problems(ordered, starts, first, doc_clusters)
    check.problems += _missing_metadata(docs, first, doc_clusters, root)
    check.problems += _lines_into_folders(docs, first, root)
    if check.problems or not docs.num_rows:
        return check

    dropped = read_partition(spill, SPILL_DROPPED, partition, DROPPED).column("doc_id")
    doc_ids = pc.binary_join_element_wise(docs.column("cluster_id"), docs.column("name"), "/")
    keep = np.asarray(pc.and_(docs.column("digest").is_valid(), pc.invert(pc.is_in(doc_ids, dropped))))
    # Per-cluster arithmetic on integer codes (a row's cluster as a position in doc_clusters): no string copies.
    codes = np.asarray(pc.index_in(docs.column("cluster_id"), doc_clusters))
    kept_codes = codes[keep]
    kept_per_cluster = np.bincount(kept_codes, minlength=len(doc_clusters))
    empty = np.flatnonzero(kept_per_cluster == 0)
    if len(empty):
        sizes = np.bincount(codes, minlength=len(doc_clusters))
        rels = dict(zip(first.column("cluster_id").to_pylist(), first.column("rel").to_pylist()))
        for code in sorted(empty.tolist(), key=lambda c: doc_clusters[c].as_py()):
            cluster_id = doc_clusters[code].as_py()
            check.rejections.append(Rejection("cluster", cluster_id, rels[cluster_id], "empty_cluster",
                                              f"{counted(int(sizes[code]), 'document')}, none kept"))

    alive = np.flatnonzero(kept_per_cluster)
    if not len(alive):
        return check
    alive = alive[np.asarray(pc.sort_indices(doc_clusters.take(pa.array(alive, pa.int64()))))]
    alive_ids = doc_clusters.take(pa.array(alive, pa.int64()))
    pins = first.column("split").take(pc.index_in(alive_ids, first.column("cluster_id")))
    moves, published = moves or {}, published or {}
    split_names = [moves.get(c) or split_of(c, pin, published.get(c))
                   for c, pin in zip(alive_ids.to_pylist(), pins.to_pylist())]
    splits = pa.table({"cluster_id": alive_ids, "split": pa.array(split_names, pa.string())}, schema=SPLITS_SCHEMA)
    write_run(spill / SPILL_SPLITS / f"partition-{partition:05d}{RUN_SUFFIX}", splits, np.full(len(alive), partition))
    split_of_code = np.zeros(len(doc_clusters), np.int64)
    split_of_code[alive] = [SPLITS.index(s) for s in split_names]
    row_splits = split_of_code[kept_codes]
    sums = np.bincount(row_splits, weights=np.asarray(docs.column("text_bytes"))[keep], minlength=len(SPLITS))
    present = np.bincount(row_splits, minlength=len(SPLITS))
    check.text_bytes = {split: int(sums[i]) for i, split in enumerate(SPLITS) if present[i]}
    return check


def plan(
    summaries: Sequence[UnitSummary], checks: Sequence[PartitionCheck], duplicates: Sequence[Rejection],
    limits: Limits, partitions: int, problems: Sequence[str] = (), sizing: Sizing = Sizing(),
) -> Plan:
    """Add up the units' and partitions' answers; raise listing every problem; cut the shards.

    `problems` are those already found (e.g. in the layout); they are reported first.
    """
    summaries = sorted(summaries, key=lambda s: s.unit)
    checks = sorted(checks, key=lambda c: c.partition)
    problems = list(problems) + [p for s in summaries for p in s.problems] + [p for c in checks for p in c.problems]
    if problems:
        raise ValidationFailed(problems)
    rejections = [r for s in summaries for r in s.rejections] + list(duplicates)
    rejections += [r for c in checks for r in c.rejections]
    total_docs = sum(s.raw_documents for s in summaries)
    rejected_docs = sorted((r for r in rejections if r.kind == "document"), key=lambda r: r.id)
    if limits.too_many_rejections(len(rejected_docs), total_docs):
        raise TooManyRejections(rejected_docs, total_docs, limits.max_rejected_share, limits.min_rejected_allowed)

    # Shards, sized by the cleaned text each split holds.
    text_bytes: dict[str, int] = {}
    for check in checks:
        for split, size in check.text_bytes.items():
            text_bytes[split] = text_bytes.get(split, 0) + size
    if not text_bytes:  # every document left out, yet few enough to pass the threshold: a tiny corpus
        raise ValidationFailed([f"no document is left to publish: {counted(total_docs, 'document')} read, none kept "
                                "(each was left out for its content)"]
                               + [f"{r.source}: {r.reason} ({r.detail})" for r in rejected_docs[:10]])
    shards = []
    for split in (s for s in SPLITS if s in text_bytes):
        count = min(partitions, max(1, math.ceil(text_bytes[split] / sizing.shard_text_bytes)))
        for index in range(count):
            owned = tuple(p for p in range(partitions) if p * count // partitions == index)
            shards.append(Shard(split, index, count, owned))
    return Plan(
        rejections=tuple(sorted(rejections, key=lambda r: (r.kind != "document", r.id))),
        shards=tuple(shards),
        documents=total_docs,
        raw_bytes=sum(s.raw_bytes for s in summaries),
    )
