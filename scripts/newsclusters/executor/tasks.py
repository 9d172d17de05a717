"""The task functions engines run in worker processes.

Kept apart from `release` so a worker imports only what the work needs (no `datasets`, no card).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import ParamSpec, TypeVar

import pyarrow as pa

from newsclusters.executor.counts import count_unit, frequent_in_bucket
from newsclusters.executor.plan import (
    PairCheck,
    PartitionCheck,
    Shard,
    check_pairs,
    check_partition,
    duplicates_in_bucket,
    near_duplicate_candidates,
    send_signatures,
)
from newsclusters.executor.shards import ShardResult, reduce_shard
from newsclusters.executor.units import Rejection, UnitSummary, map_unit
from newsclusters.limits import Limits
from newsclusters.pipeline.clean import default_cleaner
from newsclusters.pipeline.raw import Unit

P = ParamSpec("P")
R = TypeVar("R")


def release_memory() -> None:
    """Hand memory Arrow has freed back to the OS: a worker's footprint stays that of its largest task."""
    pa.default_memory_pool().release_unused()


def _releasing(task: Callable[P, R]) -> Callable[P, R]:
    """The task, then `release_memory`, whether it succeeds or fails."""

    @functools.wraps(task)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return task(*args, **kwargs)
        finally:
            release_memory()

    return run


@_releasing
def count_task(root: Path, spill: Path, buckets: int, limits: Limits, item: tuple[int, Unit]) -> int:
    index, unit = item
    return count_unit(root, unit, index, spill, buckets, limits)


def frequent_task(spill: Path, bucket: int) -> dict[int, int]:
    return frequent_in_bucket(spill, bucket)


@_releasing
def map_task(root: Path, spill: Path, partitions: int, key_partitions: int, limits: Limits,
             line_counts: dict[int, int], item: tuple[int, Unit]) -> UnitSummary:
    index, unit = item
    return map_unit(root, unit, index, spill, partitions, key_partitions, limits, default_cleaner(), line_counts)


@_releasing
def duplicates_task(spill: Path, key_partitions: int, published: Mapping[str, tuple[int, int, int]],
                    bucket: int) -> list[Rejection]:
    return duplicates_in_bucket(spill, bucket, key_partitions, published)


@_releasing
def candidates_task(spill: Path, key_partitions: int, bucket: int) -> int:
    return near_duplicate_candidates(spill, bucket, key_partitions)


@_releasing
def send_task(spill: Path, partition: int) -> None:
    send_signatures(spill, partition)


@_releasing
def pair_check_task(spill: Path, dropped: frozenset[str], batch: int, partition: int) -> PairCheck:
    return check_pairs(spill, partition, dropped, batch)


@_releasing
def check_task(spill: Path, root: Path, moves: dict[str, str], published: dict[str, str],
               partition: int) -> PartitionCheck:
    return check_partition(spill, partition, root, moves, published)


@_releasing
def reduce_task(spill: Path, key_partitions: int, staging: Path, metadata: dict[str, dict[str, str]],
                shard: Shard) -> ShardResult:
    return reduce_shard(spill, shard, key_partitions, staging, metadata)
