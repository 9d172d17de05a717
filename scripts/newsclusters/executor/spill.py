"""The shuffle between map and reduce tasks: rows of each kind sorted into partitions on disk.

A map task (one unit of the corpus) hands its rows to a `Spiller`, each with the partition it
belongs to. The spiller writes *run* files: a run holds a bounded amount of rows sorted by
partition (stably: rows keep their order within a partition), one record batch per partition,
and its footer lists the partition of every batch. `read_partition` gathers one
partition from every run file of a kind in file-name order, which is unit order: the corpus's
reading order, so a partition reads the same whatever the engine or the number of workers.

Files grow with the units, not with units x partitions: at 4,096 partitions and thousands of
units, a file per unit and partition would be tens of millions of tiny files.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

RUN_BYTES = 16 * 2**20  # Arrow bytes a spiller holds (all kinds together) before it writes runs
CHUNK_ROWS = 2048  # rows turned from Python dicts into Arrow at a time
_INDEX = b"newsclusters.batch_partitions"  # footer key: the partition of each record batch, in order


def write_run(path: Path, table: pa.Table, partitions: np.ndarray) -> None:
    """One run file: the rows of `table` stably sorted by their `partitions`, a batch per partition."""
    if len(partitions) != table.num_rows:
        raise ValueError(f"{path}: {table.num_rows} rows but {len(partitions)} partitions")
    order = np.argsort(partitions, kind="stable")
    parts = partitions[order]
    starts = np.flatnonzero(np.r_[True, parts[1:] != parts[:-1]]) if len(parts) else np.array([], np.int64)
    ends = np.r_[starts[1:], len(parts)].astype(np.int64)
    index = [int(p) for p in parts[starts]]
    path.parent.mkdir(parents=True, exist_ok=True)
    with pa.ipc.new_file(path, table.schema, metadata={_INDEX: json.dumps(index).encode()}) as writer:
        for rows in table.take(pa.array(order)).combine_chunks().to_batches():  # one batch (none if empty)
            for start, end in zip(starts.tolist(), ends.tolist()):
                writer.write_batch(rows.slice(start, end - start))


def read_partition(spill: Path, kind: str, partition: int, schema: pa.Schema) -> pa.Table:
    """Partition `partition` of spill `kind`: its rows from every run file, in file-name order."""
    batches: list[pa.RecordBatch] = []
    for path in sorted((spill / kind).glob("*.arrow")):
        reader = pa.ipc.open_file(pa.memory_map(str(path)))
        footer = reader.metadata or {}
        if _INDEX not in footer:
            raise pa.ArrowInvalid(f"{path}: not a spill run file (no partition index in its footer)")
        index = json.loads(footer[_INDEX])
        batches += [reader.get_batch(i) for i in range(bisect_left(index, partition), bisect_right(index, partition))]
    return pa.Table.from_batches(batches, schema) if batches else schema.empty_table()


class Spiller:
    """One unit's rows, by kind, written as run files; what it holds stays under `run_bytes` of Arrow.

    Run files are named by unit and run number (`unit-000012-0003.arrow`, numbered per kind), so
    their names sort in the order the rows were added.
    """

    def __init__(self, spill: Path, unit: int, schemas: Mapping[str, pa.Schema], run_bytes: int = RUN_BYTES):
        self.spill, self.unit, self.schemas, self.run_bytes = spill, unit, dict(schemas), run_bytes
        self.rows: dict[str, list[dict[str, Any]]] = {kind: [] for kind in schemas}
        self.row_parts: dict[str, list[int]] = {kind: [] for kind in schemas}
        self.chunks: dict[str, list[tuple[pa.Table, np.ndarray]]] = {kind: [] for kind in schemas}
        self.pending_rows = 0
        self.pending_bytes = 0
        self.runs = {kind: 0 for kind in schemas}

    def add(self, kind: str, partition: int, record: dict[str, Any]) -> None:
        self.rows[kind].append(record)
        self.row_parts[kind].append(partition)
        self.pending_rows += 1
        if self.pending_rows >= CHUNK_ROWS:
            self._rows_to_arrow()

    def add_table(self, kind: str, table: pa.Table, partitions: np.ndarray) -> None:
        """Rows already in Arrow (the count pass's line keys), with the partition of each."""
        self._rows_to_arrow()  # rows added before keep their place
        self._buffer(kind, table, np.asarray(partitions, np.int64))

    def close(self) -> None:
        self._rows_to_arrow()
        self._write_runs(everything=True)

    def _rows_to_arrow(self) -> None:
        for kind, rows in self.rows.items():
            if rows:
                table = pa.Table.from_pylist(rows, schema=self.schemas[kind])
                self.rows[kind], parts, self.row_parts[kind] = [], self.row_parts[kind], []
                self._buffer(kind, table, np.array(parts, np.int64))
        self.pending_rows = 0

    def _buffer(self, kind: str, table: pa.Table, partitions: np.ndarray) -> None:
        if not table.num_rows:
            return
        self.chunks[kind].append((table, partitions))
        self.pending_bytes += table.nbytes
        if self.pending_bytes >= self.run_bytes:
            self._write_runs(everything=False)

    def _write_runs(self, everything: bool) -> None:
        """Runs of the largest kinds until half the budget is free (of every kind when closing).

        Small kinds (the planner's keys) mostly wait for the close: one file per unit for them.
        """
        sizes = {kind: sum(t.nbytes for t, _ in chunks) for kind, chunks in self.chunks.items() if chunks}
        for kind in sorted(sizes, key=lambda k: (-sizes[k], k)):
            if not everything and self.pending_bytes <= self.run_bytes // 2:
                break
            chunks = self.chunks[kind]
            table = pa.concat_tables([t for t, _ in chunks])
            partitions = np.concatenate([p for _, p in chunks])
            chunks.clear()
            write_run(self.spill / kind / f"unit-{self.unit:06d}-{self.runs[kind]:04d}.arrow", table, partitions)
            self.runs[kind] += 1
            self.pending_bytes -= sizes[kind]
