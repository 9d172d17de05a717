"""The planner's corpus-wide checks work on hashes; the few candidates are decided exactly."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsclusters.errors import TooManyRejections, ValidationFailed
from newsclusters.executor.plan import (
    DROPPED,
    SPILL_DROPPED,
    SPILL_SPLITS,
    SPLITS_SCHEMA,
    PartitionCheck,
    Plan,
    Sizing,
    _duplicate_ids,
    _exact_duplicates,
    _repeated,
    check_partition,
    duplicates_in_bucket,
    plan,
)
from newsclusters.executor.spill import Spiller, read_partition
from newsclusters.executor.units import (
    DOC_KEYS,
    SPILL_CLUSTER_KEYS,
    SPILL_DIGESTS,
    SPILL_DOC_KEYS,
    SPILL_SCHEMAS,
    Rejection,
    UnitSummary,
    digest_bucket,
    partition_of,
    stable_hash64,
)
from newsclusters.limits import Limits


@given(st.lists(st.integers(0, 20), max_size=60))
def test_repeated_finds_exactly_the_keys_seen_twice(keys: list[int]) -> None:
    counts = Counter(keys)
    expected = [i for i, k in enumerate(keys) if counts[k] > 1]
    assert _repeated(np.array(keys, np.uint64)).tolist() == expected


def _docs(rows: list[tuple[str, str, int, bytes | None]]) -> pa.Table:
    return pa.Table.from_pylist(
        [{"cluster_id": c, "name": n, "key": k, "rel": f"part.jsonl:{i}", "digest": d, "text_bytes": 10}
         for i, (c, n, k, d) in enumerate(rows)],
        schema=DOC_KEYS,
    )


def test_a_hash_collision_is_not_a_duplicate_id() -> None:
    docs = _docs([("a", "1", 7, None), ("b", "2", 7, None), ("c", "3", 9, None)])
    assert _duplicate_ids(docs, Path("raw")) == []  # same keys, different ids: no problem reported


def test_a_repeated_id_is_reported_at_its_second_place() -> None:
    docs = _docs([("a", "1", 7, None), ("b", "2", 8, None), ("a", "1", 7, None)])
    assert _duplicate_ids(docs, Path("raw")) == [
        "raw/part.jsonl:2: record 'a/1': $.name: duplicate document id, first given at raw/part.jsonl:0"
    ]


def test_exact_duplicates_keep_the_smallest_id_and_ignore_prefix_collisions() -> None:
    same, prefix_a, prefix_b = b"s" * 16, b"p" * 8 + b"a" * 8, b"p" * 8 + b"b" * 8
    docs = _docs([("b", "1", 1, same), ("a", "2", 2, same), ("c", "3", 3, prefix_a), ("d", "4", 4, prefix_b),
                  ("e", "5", 5, None)])
    dropped, rejections = _exact_duplicates(docs)
    assert dropped == [0]
    assert [(r.id, r.reason, r.detail) for r in rejections] == [("b/1", "duplicate_document", "same text as 'a/2'")]
    # A copy of a published article in a new cluster is the one dropped, whatever the ids; of two published
    # copies, the one published first is kept (by version, not as text: 0.10.0 comes after 0.9.0).
    dropped, rejections = _exact_duplicates(docs, published={"b": (0, 1, 0)})
    assert dropped == [1]
    assert [(r.id, r.reason, r.detail) for r in rejections] == [("a/2", "duplicate_document", "same text as 'b/1'")]
    dropped, _ = _exact_duplicates(docs, published={"a": (0, 10, 0), "b": (0, 9, 0)})
    assert dropped == [1]


def _spill_unit(spill: Path, unit: int, partitions: int, docs: list[tuple[str, str, bytes | None]],
                clusters: list[tuple[str, str | None]]) -> UnitSummary:
    """Spill one unit's keys as `map_unit` does: ids by cluster partition, texts by digest bucket."""
    spiller = Spiller(spill, unit, SPILL_SCHEMAS)
    for i, (cluster_id, name, digest) in enumerate(docs):
        rel = f"part-{unit}.jsonl:{i}"
        spiller.add(SPILL_DOC_KEYS, partition_of(cluster_id, partitions),
                    {"cluster_id": cluster_id, "name": name, "key": stable_hash64(f"{cluster_id}/{name}"), "rel": rel,
                     "digest": digest, "text_bytes": 10 if digest else 0})
        if digest is not None:
            spiller.add(SPILL_DIGESTS, digest_bucket(digest, partitions),
                        {"digest": digest, "cluster_id": cluster_id, "name": name, "rel": rel})
    for cluster_id, pin in clusters:
        spiller.add(SPILL_CLUSTER_KEYS, partition_of(cluster_id, partitions),
                    {"cluster_id": cluster_id, "where": f"meta:{cluster_id}", "rel": f"meta:{cluster_id}",
                     "origin": "jsonl", "digest": cluster_id.encode().ljust(16, b"-"), "split": pin})
    spiller.close()
    return UnitSummary(unit, raw_documents=len(docs))


def _run_planner(spill: Path, partitions: int, summaries: list[UnitSummary]) -> tuple[Plan, dict[str, str]]:
    """The plan stage as the release runs it, and every cluster's split as the shard writers will read it."""
    duplicates = [r for bucket in range(partitions) for r in duplicates_in_bucket(spill, bucket, partitions)]
    checks = [check_partition(spill, partition) for partition in range(partitions)]
    result = plan(summaries, checks, duplicates, Limits(max_rejected_share=1.0), partitions)
    splits: dict[str, str] = {}
    for partition in range(partitions):
        for row in read_partition(spill, SPILL_SPLITS, partition, SPLITS_SCHEMA).to_pylist():
            splits[row["cluster_id"]] = row["split"]
    return result, splits


def test_plan_across_units_drops_duplicates_and_rejects_emptied_clusters(tmp_path: Path) -> None:
    partitions = 4
    summaries = [
        _spill_unit(tmp_path, 0, partitions, [("x", "1", b"1" * 16), ("y", "1", b"2" * 16)], [("x", "test"), ("y", None)]),
        _spill_unit(tmp_path, 1, partitions, [("x", "2", b"2" * 16)], []),
    ]
    result, splits = _run_planner(tmp_path, partitions, summaries)
    assert splits == {"x": "test"}
    assert [(r.kind, r.id, r.reason) for r in result.rejections] == [
        ("document", "y/1", "duplicate_document"), ("cluster", "y", "empty_cluster")]  # 'x/2' has the smaller id
    assert [(s.split, s.count) for s in result.shards] == [("test", 1)]
    dropped = [read_partition(tmp_path, SPILL_DROPPED, p, DROPPED).column("doc_id").to_pylist() for p in range(partitions)]
    assert sum(dropped, []) == ["y/1"]
    assert dropped[partition_of("y", partitions)] == ["y/1"]  # spilled where the shard writer of 'y' looks


def test_same_text_in_clusters_of_different_partitions_is_found(tmp_path: Path) -> None:
    partitions = 8
    a, b = next((a, b) for a in ("c1", "c2", "c3") for b in ("d1", "d2", "d3")
                if partition_of(a, partitions) != partition_of(b, partitions))
    summaries = [_spill_unit(tmp_path, 0, partitions, [(b, "1", b"t" * 16), (b, "2", b"u" * 16)], [(b, "train")]),
                 _spill_unit(tmp_path, 1, partitions, [(a, "9", b"t" * 16)], [(a, "train")])]
    result, splits = _run_planner(tmp_path, partitions, summaries)
    assert [(r.id, r.detail) for r in result.rejections] == [(f"{b}/1", f"same text as '{a}/9'")]
    assert splits == {a: "train", b: "train"}


def test_partition_problems_are_all_reported_in_partition_order(tmp_path: Path) -> None:
    partitions = 4
    ids = sorted({f"k{i}" for i in range(12)}, key=lambda c: partition_of(c, partitions))
    first, last = ids[0], ids[-1]
    assert partition_of(first, partitions) < partition_of(last, partitions)
    docs = [(last, "1", b"a" * 16), (first, "1", b"b" * 16), (first, "1", b"c" * 16)]
    summaries = [_spill_unit(tmp_path, 0, partitions, docs, [(first, None)])]
    with pytest.raises(ValidationFailed) as failed:
        _run_planner(tmp_path, partitions, summaries)
    assert failed.value.problems == [  # the partition of `first`, then that of `last`: not the reading order
        f"part-0.jsonl:2: record '{first}/1': $.name: duplicate document id, first given at part-0.jsonl:1",
        f"part-0.jsonl:0: record {last!r}: $.cluster_id: no cluster metadata line "
        '({"type": "cluster", ...}) gives this cluster a summary',
    ]


def test_key_fanin_must_be_a_power_of_two() -> None:
    """Record partition p's keys are found in key partition p % K only when K divides the partition count."""
    with pytest.raises(ValueError, match="power of two"):
        Sizing(key_fanin=3)
    assert [Sizing(key_fanin=4).key_partitions(p) for p in (1, 4, 64)] == [1, 1, 16]


@pytest.mark.parametrize("documents, dropped, share, fails", [
    (9, 1, 0.05, False),  # 11%, but one drop in a small corpus is noise
    (9, 3, 0.05, False),  # up to the minimum, whatever the share
    (9, 4, 0.05, True),
    (9, 4, 0.5, False),  # the share allows more
    (1000, 50, 0.05, False),  # 5% exactly
    (1000, 51, 0.05, True),
])
def test_the_build_fails_only_past_both_the_share_and_the_minimum(documents: int, dropped: int, share: float,
                                                                  fails: bool) -> None:
    limits = Limits(max_rejected_share=share)
    assert limits.min_rejected_allowed == 3
    assert limits.too_many_rejections(dropped, documents) is fails
    drops = [Rejection("document", f"c/{i}", f"c/{i}.txt", "empty_document", "no text") for i in range(dropped)]
    check = PartitionCheck(0)
    check.text_bytes = {"test": 100}
    summary = UnitSummary(0, rejections=drops, raw_documents=documents)
    if fails:
        with pytest.raises(TooManyRejections, match=rf"^{dropped} of {documents:,} documents rejected \(empty_document: "
                           rf"{dropped}\); a build allows up to {share:.0%} of the documents \(--max-rejected\) or 3, "
                           "whichever is more; nothing was published"):
            plan([summary], [check], [], limits, 1)
    else:
        assert len(plan([summary], [check], [], limits, 1).rejections) == dropped
