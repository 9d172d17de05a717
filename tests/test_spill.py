"""The shuffle: rows come back by partition in the order they were added, from few files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclusters.executor.spill import CHUNK_ROWS, Runs, Spiller, read_partition, write_run

ROWS = pa.schema([("unit", pa.int64()), ("seq", pa.int64()), ("text", pa.string())])
KEYS = pa.schema([("key", pa.uint64())])


def _spill_units(spill: Path, units: list[list[int]], run_bytes: int) -> None:
    for unit, partitions in enumerate(units):
        spiller = Spiller(spill, unit, {"rows": ROWS}, run_bytes=run_bytes)
        for seq, partition in enumerate(partitions):
            spiller.add("rows", partition, {"unit": unit, "seq": seq, "text": "x" * (seq % 7)})
        spiller.close()


@settings(max_examples=40, deadline=None)
@given(
    units=st.lists(st.lists(st.integers(0, 9), max_size=300), min_size=1, max_size=4),
    run_bytes=st.sampled_from([1, 200, 5_000, 2**30]),
)
def test_each_partition_reads_back_in_the_order_rows_were_added(tmp_path_factory: pytest.TempPathFactory,
                                                                 units: list[list[int]], run_bytes: int) -> None:
    spill = tmp_path_factory.mktemp("spill")
    _spill_units(spill, units, run_bytes)
    total = 0
    for partition in range(10):
        rows = read_partition(spill, "rows", partition, ROWS).to_pylist()
        expected = [(u, s) for u, parts in enumerate(units) for s, p in enumerate(parts) if p == partition]
        assert [(r["unit"], r["seq"]) for r in rows] == expected
        total += len(rows)
    assert total == sum(map(len, units))  # every row once, in exactly one partition


def test_files_grow_with_units_not_with_partitions(tmp_path: Path) -> None:
    """4,096 partitions, three units: three files, not 12,288."""
    _spill_units(tmp_path, [list(range(4096))] * 3, run_bytes=2**30)
    assert sorted(p.name for p in (tmp_path / "rows").iterdir()) == [
        "unit-000000-0000.run", "unit-000001-0000.run", "unit-000002-0000.run"]
    assert read_partition(tmp_path, "rows", 4095, ROWS).column("unit").to_pylist() == [0, 1, 2]
    assert read_partition(tmp_path, "rows", 4096, ROWS).num_rows == 0  # no such partition: empty, same schema


def test_memory_budget_writes_runs_of_the_large_kind_first(tmp_path: Path) -> None:
    """Over budget, the big kind is written out; the small one waits for the close (one file)."""
    spiller = Spiller(tmp_path, 0, {"rows": ROWS, "keys": KEYS}, run_bytes=64 * 1024)
    for seq in range(6 * CHUNK_ROWS):
        spiller.add("rows", seq % 3, {"unit": 0, "seq": seq, "text": "y" * 20})
        if seq % 50 == 0:
            spiller.add("keys", seq % 3, {"key": seq})
        assert spiller.pending_bytes < spiller.run_bytes
    spiller.close()
    assert len(list((tmp_path / "rows").iterdir())) > 1
    assert len(list((tmp_path / "keys").iterdir())) == 1
    assert read_partition(tmp_path, "rows", 1, ROWS).column("seq").to_pylist() == list(range(1, 6 * CHUNK_ROWS, 3))


def test_rows_and_tables_keep_their_order_when_mixed(tmp_path: Path) -> None:
    spiller = Spiller(tmp_path, 0, {"keys": KEYS})
    spiller.add("keys", 1, {"key": 10})
    spiller.add_table("keys", pa.table({"key": pa.array([11, 12], pa.uint64())}), np.array([1, 0]))
    spiller.add("keys", 1, {"key": 13})
    spiller.close()
    assert read_partition(tmp_path, "keys", 1, KEYS).column("key").to_pylist() == [10, 11, 13]
    assert read_partition(tmp_path, "keys", 0, KEYS).column("key").to_pylist() == [12]


def test_a_file_without_the_partition_index_is_refused_by_name(tmp_path: Path) -> None:
    stray = tmp_path / "keys" / "unit-000000-0000.run"
    stray.parent.mkdir()
    with pa.ipc.new_file(stray, KEYS) as writer:  # an Arrow file, but not a run
        writer.write_table(pa.table({"key": pa.array([1], pa.uint64())}))
    with pytest.raises(pa.ArrowInvalid, match="unit-000000-0000.run.*no partition index"):
        read_partition(tmp_path, "keys", 0, KEYS)


def test_a_run_cut_short_is_refused_by_name(tmp_path: Path) -> None:
    run = tmp_path / "keys" / "unit-000000-0000.run"
    write_run(run, pa.table({"key": pa.array([1, 2], pa.uint64())}, schema=KEYS), np.array([0, 1]))
    run.write_bytes(run.read_bytes()[:-3])
    with pytest.raises(pa.ArrowInvalid, match="unit-000000-0000.run.*no partition index"):
        read_partition(tmp_path, "keys", 0, KEYS)


def test_a_run_is_read_only_with_the_schema_it_was_written_with(tmp_path: Path) -> None:
    write_run(tmp_path / "keys" / "unit-000000-0000.run", pa.table({"key": pa.array([1], pa.uint64())}, schema=KEYS),
              np.array([0]))
    with pytest.raises(pa.ArrowInvalid, match="unit-000000-0000.run.*another schema"):
        read_partition(tmp_path, "keys", 0, pa.schema([("key", pa.int64())]))


def test_runs_read_each_files_index_once_and_skip_files_without_the_partition(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A reduce task reads many partitions: a file's index is read once, and a file is opened again
    only for a partition it holds."""
    _spill_units(tmp_path, [[0, 1, 2], [2, 3], [4]], run_bytes=2**30)
    opened: list[str] = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self.name) or real_open(self, *a, **k))
    runs = Runs(tmp_path / "rows", ROWS)
    assert [runs.read(p).column("unit").to_pylist() for p in range(6)] == [[0], [0], [0, 1], [1], [2], []]
    # each file: once for its index (all three while reading partition 0), then once per other partition it holds
    assert sorted(opened) == ["unit-000000-0000.run"] * 3 + ["unit-000001-0000.run"] * 3 + ["unit-000002-0000.run"] * 2


def test_write_run_wants_a_partition_per_row(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="2 rows but 1 partitions"):
        write_run(tmp_path / "x.arrow", pa.table({"key": pa.array([1, 2], pa.uint64())}), np.array([0]))
