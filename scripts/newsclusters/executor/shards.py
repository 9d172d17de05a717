"""Stage 3 and 4 at scale: split and publish one output shard from the spilled records.

`reduce_shard` is the second unit of parallel work. It reads the spill partitions a shard owns,
keeps the clusters of its split minus the exact duplicates (both spilled by the planner, per key
partition), writes them partition by partition, each partition's rows ordered by cluster id then doc
id (so a split is in that order only within a partition: match rows by id, not by position), nests
documents into cluster rows, validates
every record, and writes the shard of both configs with the same writer code whatever engine runs
it. It returns mergeable statistics for the card.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newsclusters.executor.faults import failpoint
from newsclusters.executor.plan import DROPPED, SPILL_DROPPED, SPILL_SPLITS, SPLITS_SCHEMA, Shard
from newsclusters.executor.spill import Runs
from newsclusters.executor.units import CLUSTER_META_SCHEMA, SPILL_CLUSTERS, SPILL_DOCS
from newsclusters.pipeline import validate
from newsclusters.pipeline.records import CONFIGS, arrow_schema

PARQUET_OPTIONS: Mapping[str, object] = {
    "compression": "zstd",
    "compression_level": 3,
    "use_dictionary": True,
    "write_statistics": True,
    "write_page_index": True,
    "data_page_version": "2.0",
}


def data_file(config: str, split: str, shard: int = 0, shards: int = 1) -> str:
    """Hub naming: data/<config>/<split>-00000-of-00001.parquet."""
    return f"data/{config}/{split}-{shard:05d}-of-{shards:05d}.parquet"


@dataclass
class Stats:
    """Numbers for the card, merged across shards (every field combines associatively)."""

    rows: dict[str, dict[str, int]] = field(default_factory=dict)  # config -> split -> rows
    nbytes: dict[str, dict[str, int]] = field(default_factory=dict)  # config -> split -> Arrow bytes
    documents: int = 0
    clusters: int = 0
    words: int = 0
    words_min: int | None = None
    words_max: int | None = None
    summary_words: int = 0
    summary_words_min: int | None = None
    summary_words_max: int | None = None
    cluster_size_min: int | None = None
    cluster_size_max: int | None = None
    date_min: str | None = None
    date_max: str | None = None
    dated: int = 0
    titles: int = 0
    attributed: int = 0  # documents whose metadata names their outlet (`source`)
    linked: int = 0  # ... and those that give their address (`url`)
    kept_lines: int = 0
    ingested: int = 0  # clusters with a source_cluster_id: brought in from another corpus
    removed_by_rule: Counter = field(default_factory=Counter)
    example: dict[str, Any] | None = None  # the cluster with the smallest id

    def merge(self, other: Stats) -> Stats:
        def low(a, b):  # noqa: ANN001, ANN202
            return b if a is None else a if b is None else min(a, b)

        def high(a, b):  # noqa: ANN001, ANN202
            return b if a is None else a if b is None else max(a, b)

        rows = {c: dict(v) for c, v in self.rows.items()}
        nbytes = {c: dict(v) for c, v in self.nbytes.items()}
        for target, source in ((rows, other.rows), (nbytes, other.nbytes)):
            for config, splits in source.items():
                for split, n in splits.items():
                    target.setdefault(config, {})
                    target[config][split] = target[config].get(split, 0) + n
        examples = [e for e in (self.example, other.example) if e is not None]
        return Stats(
            rows=rows, nbytes=nbytes,
            documents=self.documents + other.documents, clusters=self.clusters + other.clusters,
            words=self.words + other.words, words_min=low(self.words_min, other.words_min),
            words_max=high(self.words_max, other.words_max),
            summary_words=self.summary_words + other.summary_words,
            summary_words_min=low(self.summary_words_min, other.summary_words_min),
            summary_words_max=high(self.summary_words_max, other.summary_words_max),
            cluster_size_min=low(self.cluster_size_min, other.cluster_size_min),
            cluster_size_max=high(self.cluster_size_max, other.cluster_size_max),
            date_min=low(self.date_min, other.date_min), date_max=high(self.date_max, other.date_max),
            dated=self.dated + other.dated, titles=self.titles + other.titles,
            attributed=self.attributed + other.attributed, linked=self.linked + other.linked,
            kept_lines=self.kept_lines + other.kept_lines, ingested=self.ingested + other.ingested,
            removed_by_rule=self.removed_by_rule + other.removed_by_rule,
            example=min(examples, key=lambda e: e["cluster_id"]) if examples else None,
        )


@dataclass
class ShardResult:
    shard: Shard
    files: list[str]
    stats: Stats
    problems: list[str]


def _word_counts(texts: pa.ChunkedArray | pa.Array) -> pa.Array:
    return pc.list_value_length(pc.utf8_split_whitespace(texts))


def _lines_and_words(texts: pa.ChunkedArray | pa.Array) -> tuple[pa.Array, pa.Array]:
    """Lines and words of cleaned texts, by counting separators: no list of words is built.

    Exact because cleaned text is normalised (non-empty lines, single spaces, no other white
    space: a property test of the cleaner), and Arrow's white space is Python's.
    """
    breaks = pc.count_substring(texts, "\n")
    lines = pc.add(breaks, 1)
    return lines, pc.add(pc.count_substring(texts, " "), lines)


def _nest(docs: pa.Table, meta: pa.Table) -> pa.Table:
    """One row per cluster with its documents nested, in cluster id order (docs come sorted)."""
    cluster_type = arrow_schema("clusters").field("documents").type
    item = cluster_type.value_field
    cluster_ids = docs.column("cluster_id").to_pylist()
    offsets = [0]
    for i in range(1, len(cluster_ids)):
        if cluster_ids[i] != cluster_ids[i - 1]:
            offsets.append(i)
    offsets.append(len(cluster_ids))
    nested_names = [item.type.field(i).name for i in range(item.type.num_fields)]
    children = [docs.column(n).combine_chunks() for n in nested_names]
    structs = pa.StructArray.from_arrays(children, fields=list(item.type))
    lists = pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), structs, type=cluster_type)
    ids = [cluster_ids[o] for o in offsets[:-1]]
    meta = meta.filter(pc.is_in(meta.column("cluster_id"), pa.array(ids, pa.string())))
    if meta.column("cluster_id").to_pylist() != ids:
        raise AssertionError("cluster metadata and documents fell out of step")
    columns = {name: meta.column(name) for name in arrow_schema("clusters").names if name != "documents"}
    return pa.table({**columns, "documents": lists}, schema=arrow_schema("clusters"))


def _stats(split: str, docs: pa.Table, clusters: pa.Table) -> Stats:
    stats = Stats(rows={"clusters": {split: clusters.num_rows}, "documents": {split: docs.num_rows}},
                  nbytes={"clusters": {split: clusters.nbytes}, "documents": {split: docs.nbytes}})
    if not docs.num_rows:
        return stats
    lines, words = _lines_and_words(docs.column("text"))
    summary = _word_counts(clusters.column("summary"))
    sizes = pc.list_value_length(clusters.column("documents"))
    dates = pc.min_max(docs.column("date")).as_py()
    rules = pc.struct_field(pc.list_flatten(docs.column("removed")), "rule")
    stats.documents, stats.clusters = docs.num_rows, clusters.num_rows
    stats.words = pc.sum(words).as_py()
    stats.words_min, stats.words_max = pc.min_max(words).as_py().values()
    stats.summary_words = pc.sum(summary).as_py()
    stats.summary_words_min, stats.summary_words_max = pc.min_max(summary).as_py().values()
    stats.cluster_size_min, stats.cluster_size_max = pc.min_max(sizes).as_py().values()
    stats.date_min, stats.date_max = dates["min"], dates["max"]
    stats.dated = docs.num_rows - docs.column("date").null_count
    stats.titles = docs.num_rows - docs.column("title").null_count
    stats.attributed = docs.num_rows - docs.column("source").null_count
    stats.linked = docs.num_rows - docs.column("url").null_count
    stats.kept_lines = pc.sum(lines).as_py()
    stats.ingested = clusters.num_rows - clusters.column("source_cluster_id").null_count
    counts = pc.value_counts(rules)
    stats.removed_by_rule = Counter(dict(zip(counts.field("values").to_pylist(), counts.field("counts").to_pylist())))
    stats.example = clusters.slice(0, 1).to_pylist()[0]
    return stats


def reduce_shard(
    spill: Path, shard: Shard, key_partitions: int, staging: Path, schema_metadata: Mapping[str, Mapping[str, str]],
) -> ShardResult:
    """Write one shard of every config into `staging`; return its statistics and any problems."""
    files = {config: data_file(config, shard.split, shard.index, shard.count) for config in CONFIGS}
    writers = {}
    for config, name in files.items():
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        schema = arrow_schema(config).with_metadata(schema_metadata[config])
        writers[config] = pq.ParquetWriter(staging / name, schema, **PARQUET_OPTIONS)
    stats = Stats(rows={c: {shard.split: 0} for c in CONFIGS}, nbytes={c: {shard.split: 0} for c in CONFIGS})
    problems: list[str] = []
    try:
        plans: dict[int, tuple[pa.ChunkedArray, pa.ChunkedArray]] = {}
        runs = {kind: Runs(spill / kind, schema) for kind, schema in (
            (SPILL_SPLITS, SPLITS_SCHEMA), (SPILL_DROPPED, DROPPED),
            (SPILL_DOCS, arrow_schema("documents")), (SPILL_CLUSTERS, CLUSTER_META_SCHEMA))}
        for partition in shard.partitions:
            key = partition % key_partitions  # where the planner spilled this partition's splits and drops
            if key not in plans:
                splits = runs[SPILL_SPLITS].read(key)
                plans[key] = (
                    splits.filter(pc.equal(splits.column("split"), shard.split)).column("cluster_id"),
                    runs[SPILL_DROPPED].read(key).column("doc_id"),
                )
            mine, dropped = plans[key]  # of this partition and others: the filter copes
            if not len(mine):
                continue
            docs = runs[SPILL_DOCS].read(partition)
            keep = pc.and_(pc.is_in(docs.column("cluster_id"), mine),
                           pc.invert(pc.is_in(docs.column("doc_id"), dropped)))
            docs = docs.filter(keep).sort_by([("cluster_id", "ascending"), ("doc_id", "ascending")])
            if not docs.num_rows:
                continue
            meta = runs[SPILL_CLUSTERS].read(partition)
            meta = meta.filter(pc.is_in(meta.column("cluster_id"), mine)).sort_by("cluster_id")
            meta = meta.take(_first_of_runs(meta.column("cluster_id")))
            clusters = _nest(docs, meta)
            problems += validate.table_problems("cluster", clusters, "cluster_id", source=f"shard {files['clusters']}")
            docs = docs.combine_chunks()
            writers["documents"].write_table(docs)
            failpoint("mid-write")
            writers["clusters"].write_table(clusters)
            stats = stats.merge(_stats(shard.split, docs, clusters))
    finally:
        for writer in writers.values():
            writer.close()
    return ShardResult(shard, sorted(files.values()), stats, problems)


def _first_of_runs(values: pa.ChunkedArray) -> pa.Array:
    """Indices of the first row of each run of equal values (metadata repeated across shards)."""
    items = values.to_pylist()
    return pa.array([i for i, v in enumerate(items) if i == 0 or v != items[i - 1]], pa.int64())
