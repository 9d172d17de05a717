"""The shuffle between map and reduce tasks: rows of each kind sorted into partitions on disk.

A map task (one unit of the corpus) hands its rows to a `Spiller`, each with the partition it
belongs to. The spiller writes *run* files: a run holds a bounded amount of rows sorted by
partition (stably: rows keep their order within a partition), one Arrow IPC record batch message
per partition, and ends with an index of the byte range of every partition. `read_partition`
gathers one partition from every run file of a kind in file-name order, which is unit order: the
corpus's reading order, so a partition reads the same whatever the engine or the number of workers.

Files grow with the units, not with units x partitions: at 4,096 partitions and thousands of
units, a file per unit and partition would be tens of millions of tiny files. So every partition
is read from every run file, and a read costs what touching a file costs: the index is read with
plain file reads (an Arrow IPC file's footer took about 110 us to open, whatever its size, which
at 1M articles was most of the reduce stage), and `Runs` reads each file's index once for a task
that reads many partitions.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pyarrow as pa
import xxhash

RUN_BYTES = 16 * 2**20  # Arrow bytes a spiller holds (all kinds together) before it writes runs
CHUNK_ROWS = 2048  # rows turned from Python dicts into Arrow at a time
RUN_SUFFIX = ".run"
# A run file: the batches' IPC messages, then the index, (partition, first byte, end byte) as int64
# triples, then this trailer: the schema's fingerprint, the number of triples and a marker.
_TRAILER = struct.Struct("<QQ8s")
_MAGIC = b"NCRUN001"


def _schema_id(schema: pa.Schema) -> int:
    """A fingerprint of `schema`: a run is read only with the schema it was written with."""
    return xxhash.xxh64_intdigest(schema.serialize().to_pybytes())


def write_run(path: Path, table: pa.Table, partitions: np.ndarray) -> None:
    """One run file: the rows of `table` stably sorted by their `partitions`, a batch per partition."""
    if len(partitions) != table.num_rows:
        raise ValueError(f"{path}: {table.num_rows} rows but {len(partitions)} partitions")
    order = np.argsort(partitions, kind="stable")
    parts = partitions[order]
    starts = np.flatnonzero(np.r_[True, parts[1:] != parts[:-1]]) if len(parts) else np.array([], np.int64)
    ends = np.r_[starts[1:], len(parts)].astype(np.int64)
    rows = table.take(pa.array(order)).combine_chunks().to_batches()  # one batch (none if empty)
    ranges = np.zeros((len(starts), 3), np.int64)
    ranges[:, 0] = parts[starts]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        for i, (start, end) in enumerate(zip(starts.tolist(), ends.tolist())):
            ranges[i, 1] = out.tell()
            out.write(rows[0].slice(start, end - start).serialize())
            ranges[i, 2] = out.tell()
        out.write(ranges.astype("<i8").tobytes())
        out.write(_TRAILER.pack(_schema_id(table.schema), len(ranges), _MAGIC))


class Runs:
    """The run files of one spill kind, each one's index read once: a task reading many partitions
    (a reduce task reads one per shard's partition) touches a file only where it holds rows."""

    def __init__(self, folder: Path, schema: pa.Schema) -> None:
        self.paths = sorted(folder.glob(f"*{RUN_SUFFIX}"))
        self.schema = schema
        self._schema_id = _schema_id(schema)
        self._indexes: dict[Path, np.ndarray] = {}  # a file's (partition, first, end) rows, by partition

    def read(self, partition: int) -> pa.Table:
        """Partition `partition`: its rows from every run file, in file-name order."""
        batches: list[pa.RecordBatch] = []
        for path in self.paths:
            index = self._indexes.get(path)
            found = None if index is None else _find(index, partition)
            if index is not None and found is None:
                continue
            with path.open("rb") as run:
                if index is None:
                    index = self._indexes[path] = self._read_index(path, run)
                    found = _find(index, partition)
                    if found is None:
                        continue
                first, end = found
                run.seek(first)
                data = pa.py_buffer(run.read(end - first))
            batches += [pa.ipc.read_record_batch(message, self.schema)
                        for message in pa.ipc.MessageReader.open_stream(data)]
        return pa.Table.from_batches(batches, self.schema) if batches else self.schema.empty_table()

    def _read_index(self, path: Path, run: BinaryIO) -> np.ndarray:
        size = run.seek(0, 2)
        if size >= _TRAILER.size:
            run.seek(size - _TRAILER.size)
            schema_id, count, magic = _TRAILER.unpack(run.read(_TRAILER.size))
            if magic == _MAGIC and 24 * count <= size - _TRAILER.size:
                if schema_id != self._schema_id:
                    raise pa.ArrowInvalid(f"{path}: written with another schema than the one it is read with")
                run.seek(size - _TRAILER.size - 24 * count)
                return np.frombuffer(run.read(24 * count), "<i8").reshape(count, 3)
        raise pa.ArrowInvalid(f"{path}: not a spill run file (no partition index at its end)")


def _find(index: np.ndarray, partition: int) -> tuple[int, int] | None:
    """The byte range of `partition` in a run with this index, if it holds any of its rows."""
    i = int(np.searchsorted(index[:, 0], partition))
    return (int(index[i, 1]), int(index[i, 2])) if i < len(index) and index[i, 0] == partition else None


def read_partition(spill: Path, kind: str, partition: int, schema: pa.Schema) -> pa.Table:
    """Partition `partition` of spill `kind`: its rows from every run file, in file-name order."""
    return Runs(spill / kind, schema).read(partition)


class Spiller:
    """One unit's rows, by kind, written as run files; what it holds stays under `run_bytes` of Arrow.

    Run files are named by unit and run number (`unit-000012-0003.run`, numbered per kind), so
    their names sort in the order the rows were added.
    """

    def __init__(self, spill: Path, unit: int, schemas: Mapping[str, pa.Schema], run_bytes: int = RUN_BYTES) -> None:
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
            write_run(self.spill / kind / f"unit-{self.unit:06d}-{self.runs[kind]:04d}{RUN_SUFFIX}", table, partitions)
            self.runs[kind] += 1
            self.pending_bytes -= sizes[kind]
