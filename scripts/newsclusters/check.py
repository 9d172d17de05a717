"""Checking a published release as a consumer would: files, checksums, Parquet schemas and rows.

Unlike `verify`, this needs no raw texts: it reads what was published and holds it to the schemas.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from newsclusters import validate
from newsclusters.errors import ValidationFailed
from newsclusters.publish import DATA
from newsclusters.records import CONFIGS, arrow_schema
from newsclusters.release import check_checksums


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
        table = pq.read_table(path)
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
        raise ValidationFailed(problems)
    return rows
