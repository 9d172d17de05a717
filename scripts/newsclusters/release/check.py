"""Checking a published release as a consumer would: files, checksums, Parquet schemas and rows.

Unlike `verify`, this needs no raw texts: it reads what was published and holds it to the schemas.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newsclusters.errors import NOT_VALID, ValidationFailed
from newsclusters.pipeline import validate
from newsclusters.pipeline.records import CONFIGS, arrow_schema
from newsclusters.release.build import check_checksums
from newsclusters.release.publish import DATA

MAX_SHARD_BYTES = 500 * 10**6  # Hub convention: shards up to 500 MB
MAX_ROW_GROUP_BYTES = 100 * 10**6  # row groups up to 100 MB, so readers can stream them


def parquet_layout_problems(path: Path) -> list[str]:
    """Shard size, row-group size and the page index: what makes a shard cheap to stream and skim."""
    problems = []
    if path.stat().st_size > MAX_SHARD_BYTES:
        problems.append(f"{path}: {path.stat().st_size} bytes; shards must stay under {MAX_SHARD_BYTES}")
    metadata = pq.ParquetFile(path).metadata
    for i in range(metadata.num_row_groups):
        group = metadata.row_group(i)
        if group.total_byte_size > MAX_ROW_GROUP_BYTES:
            problems.append(f"{path}: row group {i} holds {group.total_byte_size} bytes; the limit is {MAX_ROW_GROUP_BYTES}")
        if not all(group.column(j).has_offset_index for j in range(group.num_columns)):
            problems.append(f"{path}: row group {i} has no page index")
    return problems


def check_release(folder: Path) -> tuple[int, list[str]]:
    """(rows checked, problems) for every Parquet file under `folder/data`."""
    problems = check_checksums(folder)
    rows = 0
    if not (folder / DATA).is_dir():
        return rows, problems + [f"{folder / DATA}: missing"]
    for path in sorted((folder / DATA).rglob("*.parquet")):
        config = path.parent.name
        if config not in CONFIGS:
            problems.append(f"{path}: unknown config {config!r}; expected one of {', '.join(CONFIGS)}")
            continue
        try:
            found, table = parquet_layout_problems(path), pq.read_table(path)
        except (pa.ArrowException, OSError) as err:  # truncated, overwritten or not Parquet at all
            problems.append(f"{path}: not a readable Parquet file ({err})")
            continue
        problems += found
        expected = arrow_schema(config)
        if not table.schema.remove_metadata().equals(expected):
            problems.append(f"{path}: Parquet schema differs from schema/{CONFIGS[config]}.schema.json")
            continue
        id_field = "doc_id" if config == "documents" else "cluster_id"
        for record in table.to_pylist():
            rows += 1
            problems += validate.problems(CONFIGS[config], record, source=str(path), record_id=record[id_field])
    return rows, problems


def check_release_or_raise(folder: Path) -> int:
    rows, problems = check_release(folder)
    if problems:
        raise ValidationFailed(problems, NOT_VALID)
    return rows
