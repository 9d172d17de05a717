"""The planner's corpus-wide checks work on hashes; the few candidates are decided exactly."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
from hypothesis import given, strategies as st

from newsclusters.build import _CLUSTER_KEYS, _DOC_KEYS, UnitSummary
from newsclusters.plan import _duplicate_ids, _exact_duplicates, _repeated, plan
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
        schema=_DOC_KEYS,
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


def test_plan_across_units_drops_duplicates_and_rejects_emptied_clusters() -> None:
    units = [
        UnitSummary(0, documents=_docs([("x", "1", 1, b"1" * 16), ("y", "1", 2, b"2" * 16)]),
                    clusters=pa.Table.from_pylist([
                        {"cluster_id": "x", "where": "p:0", "rel": "p:0", "origin": "jsonl", "digest": b"m" * 16, "split": "test"},
                        {"cluster_id": "y", "where": "p:1", "rel": "p:1", "origin": "jsonl", "digest": b"n" * 16, "split": None},
                    ], schema=_CLUSTER_KEYS), raw_documents=2),
        UnitSummary(1, documents=_docs([("x", "2", 3, b"2" * 16)]), clusters=_CLUSTER_KEYS.empty_table(), raw_documents=1),
    ]
    result = plan(units, Limits(max_rejected_share=1.0), partitions=4)
    assert result.splits.to_pylist() == [{"cluster_id": "x", "split": "test"}]
    assert result.dropped.to_pylist() == ["y/1"]  # 'x/2' has the same text and the smaller id
    assert [(r.kind, r.id, r.reason) for r in result.rejections] == [
        ("document", "y/1", "duplicate_document"), ("cluster", "y", "empty_cluster")]
    assert [(s.split, s.count) for s in result.shards] == [("test", 1)]
