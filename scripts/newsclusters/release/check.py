"""Checking a published release as a consumer would: files, checksums, Parquet schemas and rows.

Unlike `verify`, this needs no raw texts: it reads what was published and holds it to the schemas.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from newsclusters.errors import NOT_VALID, ValidationFailed
from newsclusters.pipeline import validate
from newsclusters.pipeline.records import CONFIGS, arrow_schema
from newsclusters.release.build import check_checksums
from newsclusters.release.publish import CARD, DATA
from newsclusters.wording import counted

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


def card_metadata(folder: Path) -> tuple[dict[str, Any] | None, str | None]:
    """(the YAML front matter of the release's card, which `datasets` reads, or None; the problem with it)."""
    path = folder / CARD
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return None, f"{path}: cannot read the card: {err}"
    head, sep, _ = text.removeprefix("---\n").partition("\n---\n")
    if not text.startswith("---\n") or not sep:
        return None, f"{path}: no YAML front matter between '---' lines (what `datasets` reads for configs and splits)"
    try:
        metadata = yaml.safe_load(head)
    except yaml.YAMLError as err:
        return None, f"{path}: the front matter is not YAML: {err}"
    return (metadata, None) if isinstance(metadata, dict) else (None, f"{path}: the front matter is not a mapping")


def declared_problems(folder: Path, metadata: dict[str, Any], rows: Mapping[str, int],
                      unread: AbstractSet[str] = frozenset()) -> list[str]:
    """The card's configs and splits against the Parquet files: every declared split has files, holds the row
    count the card gives (where it gives one), and no file lies outside them (`rows`: rows read per file,
    release-relative; `unread`: files that could not be read, a problem said already, so their split's
    count is not compared). A split's `path` may be one pattern or a list of them, as `datasets` reads it."""
    card = folder / CARD
    files = sorted(rows.keys() | unread)
    declared: dict[tuple[Any, Any], list[str]] = {}
    for config in metadata.get("configs") or []:
        for data_files in (config.get("data_files") or []) if isinstance(config, dict) else []:
            if isinstance(data_files, dict):
                path = data_files.get("path")
                patterns = [path] if isinstance(path, str) else path if isinstance(path, list) else []
                declared[config.get("config_name"), data_files.get("split")] = [p for p in patterns if isinstance(p, str)]
    counts = {(c.get("config_name"), s.get("name")): s.get("num_examples")
              for c in metadata.get("dataset_info") or [] if isinstance(c, dict)
              for s in c.get("splits") or [] if isinstance(s, dict)}
    problems = [f"{card}: no config {config!r} (the package publishes {', '.join(CONFIGS)})"
                for config in CONFIGS if config not in {c for c, _ in declared}]
    covered: set[str] = set()
    for (config, split), patterns in declared.items():
        matched = sorted({f for pattern in patterns for f in fnmatch.filter(files, pattern)})
        covered.update(matched)
        if not matched:
            problems.append(f"{card}: config {config!r}, split {split!r}: no file matches "
                            f"{' or '.join(map(repr, patterns)) or 'its path'}")
        elif (expected := counts.get((config, split))) is not None and not unread & set(matched):
            if expected != (found := sum(rows[f] for f in matched)):
                problems.append(f"{card}: config {config!r}, split {split!r}: {expected} rows declared, "
                                f"{found} in {counted(len(matched), 'file')}")
    problems += [f"{folder / f}: in no config or split of the card" for f in files if f not in covered]
    return problems


def schema_differences(found: pa.Schema, expected: pa.Schema) -> list[str]:
    """How a Parquet file's columns differ from the schema's, column by column (a curator fixes what is named);
    nothing when they are the same."""
    if found.equals(expected):
        return []
    have = {field.name: field for field in found}
    want = {field.name: field for field in expected}
    differences = [f"missing column {name!r}" for name in want if name not in have]
    differences += [f"unexpected column {name!r}" for name in have if name not in want]
    for name, field in want.items():
        if name in have and not have[name].equals(field):
            got = have[name]
            if got.type != field.type:
                differences.append(f"column {name!r} is {got.type}, expected {field.type}")
            else:
                nullable = "nullable" if got.nullable else "not nullable"
                differences.append(f"column {name!r} is {nullable}, expected the opposite")
    if not differences and found.names != expected.names:
        differences.append(f"columns in the order {', '.join(found.names)}; expected {', '.join(expected.names)}")
    return differences or [f"{found} is not {expected}"]  # not expected: every field compared the same


def check_release(folder: Path) -> tuple[int, list[str]]:
    """(rows checked, problems) for every Parquet file under `folder/data`, and the card's configs and
    splits against them."""
    problems = check_checksums(folder)
    rows = 0
    if not (folder / DATA).is_dir():
        return rows, problems + [f"{folder / DATA}: missing"]
    metadata, problem = card_metadata(folder)
    problems += [problem] if problem else []
    per_file: dict[str, int] = {}  # release-relative path -> rows
    unread: set[str] = set()
    for path in sorted((folder / DATA).rglob("*.parquet")):
        config = path.parent.name
        if config not in CONFIGS:
            problems.append(f"{path}: unknown config {config!r}; expected one of {', '.join(CONFIGS)}")
            continue
        relative = path.relative_to(folder).as_posix()
        try:
            found, table = parquet_layout_problems(path), pq.read_table(path)
        except (pa.ArrowException, OSError) as err:  # truncated, overwritten or not Parquet at all
            problems.append(f"{path}: not a readable Parquet file ({err})")
            unread.add(relative)
            continue
        problems += found
        expected = arrow_schema(config)
        if differences := schema_differences(table.schema.remove_metadata(), expected):
            problems.append(f"{path}: Parquet schema differs from schema/{CONFIGS[config]}.schema.json: "
                            + "; ".join(differences))
            unread.add(relative)
            continue
        id_field = "doc_id" if config == "documents" else "cluster_id"
        per_file[relative] = table.num_rows
        for record in table.to_pylist():
            rows += 1
            problems += validate.problems(CONFIGS[config], record, source=str(path), record_id=record[id_field])
    if metadata is not None:
        problems += declared_problems(folder, metadata, per_file, unread)
    return rows, problems


def check_release_or_raise(folder: Path) -> int:
    rows, problems = check_release(folder)
    if problems:
        raise ValidationFailed(problems, NOT_VALID)
    return rows
