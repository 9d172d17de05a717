"""The corpus-level pass: in how many story clusters each short line occurs, as a sharded aggregation.

Boilerplate repeats across a site's pages (CCNet drops paragraphs repeated across a shard); the
cleaner's `corpus_repeated_v5` rule needs those counts, and `site_repeated_v4` the counts of each
(site, line) pair: in how many story clusters a line occurs on a page of one site. Clusters, not
documents, are counted: the copies of one wire story in a cluster share subheads and captions that
are article text. Counting
every line of a large corpus in one dictionary would not fit in memory, so it is done like a
distributed group-by: each unit spills (line key, cluster key) pairs, bucketed by line key
(`count_unit`, through the spill), then each bucket counts the distinct clusters of its keys on
its own and only keys frequent enough to matter come back (`frequent_in_bucket`). A cluster whose
documents are spread over several shards is counted once. Buckets, not workers, decide the
result: the counts are exact and the same however the work is spread.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newsclusters.errors import RawInputError
from newsclusters.executor.spill import Spiller, read_partition
from newsclusters.executor.units import stable_hash64
from newsclusters.limits import Limits
from newsclusters.pipeline.clean import REPEAT_MIN_CLUSTERS, decode_raw, line_keys
from newsclusters.pipeline.raw import RawCluster, Unit, jsonl_texts, read_unit
from newsclusters.pipeline.rules.repeats import site_key, site_line_key
from newsclusters.pipeline.rules.templates import SITE_REPEAT_MIN_CLUSTERS

KEYS = "line-keys"
SITE_KEYS = "site-line-keys"  # (site, line) keys: counted apart, they have a threshold of their own
KEYS_PER_CHUNK = 65_536  # (line, cluster) pairs held as Python ints before they go to Arrow
LINE_KEYS = pa.schema([("key", pa.uint64()), ("cluster", pa.uint64())])
SITE_LINE_KEYS = pa.schema([("key", pa.uint64()), ("cluster", pa.uint64()), ("line", pa.uint64())])


def _texts(root: Path, unit: Unit, limits: Limits) -> Iterator[tuple[str, str, str | None]]:
    """(cluster id, text, site) of the unit's documents; input problems are reported by the main pass, not twice."""
    if unit.kind == "jsonl":
        yield from jsonl_texts(root / unit.paths[0], limits)
        return
    ignored: list[str] = []
    for item in read_unit(root, unit, ignored, limits):
        for raw_doc in item.documents if isinstance(item, RawCluster) else ():
            try:
                yield item.cluster_id, decode_raw(raw_doc.data, raw_doc.source, raw_doc.encoding), raw_doc.site
            except RawInputError:
                continue


def count_unit(root: Path, unit: Unit, index: int, spill: Path, buckets: int, limits: Limits) -> int:
    """Spill the (line key, cluster key) pairs of one unit, and the ((site, line) key, cluster key, line
    key) triples of its documents with a site apart, both bucketed by line key; return how many documents.

    Consecutive documents of one cluster (the usual layout) share a key set, so a repeated line
    is spilled once per cluster run; the buckets remove what repeats beyond that.
    """
    spiller = Spiller(spill, index, {KEYS: LINE_KEYS, SITE_KEYS: SITE_LINE_KEYS})
    keys: list[int] = []
    clusters: list[int] = []
    sited: list[tuple[int, int]] = []  # (line key, site key)
    sited_clusters: list[int] = []
    run: set[int] = set()
    site_run: set[tuple[int, int]] = set()
    run_cluster: str | None = None
    documents = 0
    for cluster_id, text, site in _texts(root, unit, limits):
        if cluster_id != run_cluster:
            _add_run(keys, clusters, run, run_cluster)
            _add_run(sited, sited_clusters, site_run, run_cluster)
            run, site_run, run_cluster = set(), set(), cluster_id
        found = line_keys(text)
        run |= found
        if site:
            site_hash = site_key(site)
            site_run.update((key, site_hash) for key in found)
        documents += 1
        if len(keys) >= KEYS_PER_CHUNK:
            _spill_keys(spiller, keys, clusters, buckets)
        if len(sited) >= KEYS_PER_CHUNK:
            _spill_site_keys(spiller, sited, sited_clusters, buckets)
    _add_run(keys, clusters, run, run_cluster)
    _add_run(sited, sited_clusters, site_run, run_cluster)
    _spill_keys(spiller, keys, clusters, buckets)
    _spill_site_keys(spiller, sited, sited_clusters, buckets)
    spiller.close()
    return documents


def _add_run(keys: list[Any], clusters: list[int], run: set[Any], cluster_id: str | None) -> None:
    if cluster_id is not None and run:
        keys.extend(run)
        clusters.extend([stable_hash64(cluster_id)] * len(run))


def _spill_keys(spiller: Spiller, keys: list[int], clusters: list[int], buckets: int) -> None:
    key_array = np.array(keys, np.uint64)
    table = pa.table({"key": key_array, "cluster": np.array(clusters, np.uint64)}, schema=LINE_KEYS)
    keys.clear()
    clusters.clear()
    spiller.add_table(KEYS, table, key_array & np.uint64(buckets - 1))  # buckets is a power of two


def _spill_site_keys(spiller: Spiller, sited: list[tuple[int, int]], clusters: list[int], buckets: int) -> None:
    """In the bucket of the line key, beside that line's own pairs: its bucket decides whether it is frequent."""
    pairs = np.array(sited, np.uint64).reshape(-1, 2)
    lines = pairs[:, 0]
    table = pa.table({"key": site_line_key(lines, pairs[:, 1]), "cluster": np.array(clusters, np.uint64),
                      "line": lines}, schema=SITE_LINE_KEYS)
    sited.clear()
    clusters.clear()
    spiller.add_table(SITE_KEYS, table, lines & np.uint64(buckets - 1))


def frequent_in_bucket(spill: Path, bucket: int, min_clusters: int = REPEAT_MIN_CLUSTERS,
                       site_min_clusters: int = SITE_REPEAT_MIN_CLUSTERS) -> dict[int, int]:
    """Keys of one bucket found in enough distinct clusters to matter, with their counts: line keys in
    `min_clusters`, and (site, line) keys in `site_min_clusters` whose line is in fewer than
    `min_clusters` (a line that frequent is corpus_repeated_v5's, never site_repeated_v4's, and
    keeping its site counts cost a 1M-article build 300 MB)."""
    lines = _frequent(read_partition(spill, KEYS, bucket, LINE_KEYS), min_clusters)
    sited = read_partition(spill, SITE_KEYS, bucket, SITE_LINE_KEYS)
    if lines and sited.num_rows:
        sited = sited.filter(pc.invert(pc.is_in(sited.column("line"), pa.array(list(lines), pa.uint64()))))
    return {**lines, **_frequent(sited.select(["key", "cluster"]), site_min_clusters)}


def _frequent(pairs: pa.Table, min_clusters: int) -> dict[int, int]:
    if not pairs.num_rows:
        return {}
    distinct = pairs.group_by(["key", "cluster"]).aggregate([])
    counted = pc.value_counts(distinct.column("key").combine_chunks())
    frequent = counted.filter(pc.greater_equal(counted.field("counts"), min_clusters))
    return dict(zip(frequent.field("values").to_pylist(), frequent.field("counts").to_pylist()))
