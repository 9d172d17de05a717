"""Stage 2, validate: every record against its JSON Schema, with format checking.

Returns problems as strings naming the file, the record, the JSON path and the message, and lets
the caller decide whether to raise: the build collects every problem before it stops.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

import pyarrow as pa

try:  # TEMPORARY until fastcheck lands
    from newsclusters.fastcheck import compile_checks
except ImportError:
    compile_checks = None
from newsclusters.records import CONFIGS, arrow_schema, load_schemas


@cache
def validator(name: str, definition: str | None = None) -> Draft202012Validator:
    """A validator for schema `name`, or for one of its `$defs` (precise messages where `oneOf` is vague)."""
    schemas, registry = load_schemas()
    Draft202012Validator.check_schema(schemas[name])
    schema = schemas[name] if definition is None else {"$ref": f"{schemas[name]['$id']}#/$defs/{definition}"}
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def problems(
    name: str, record: Any, *, source: str, record_id: str, definition: str | None = None
) -> list[str]:
    """Every way `record` breaks schema `name`, one message each, in document order."""
    found = validator(name, definition).iter_errors(record)
    errors = sorted(found, key=lambda e: [str(p) for p in e.absolute_path])
    return [f"{source}: record {record_id!r}: {e.json_path}: {_message(e)}" for e in errors]


def _message(error: Any) -> str:
    message = error.message
    return message if len(message) <= 300 else message[:297] + "..."


def check_all(name: str, records: Iterable[tuple[str, str, Mapping[str, Any]]]) -> list[str]:
    """Validate (source, record_id, record) triples against schema `name`."""
    found: list[str] = []
    for source, record_id, record in records:
        found.extend(problems(name, record, source=source, record_id=record_id))
    return found


def batch_problems(name: str, records: Sequence[Mapping[str, Any]], sources: Sequence[str],
                   record_ids: Sequence[str]) -> list[str]:
    """Problems of many records at once: a vectorized screen, then exact messages for the failures."""
    if not records:
        return []
    table = pa.Table.from_pylist(list(records), schema=arrow_schema(_CONFIG_OF[name]))
    return table_problems(name, table, None, sources=sources, record_ids=record_ids, rows=records)


def table_problems(
    name: str,
    table: pa.Table,
    id_column: str | None,
    *,
    source: str | None = None,
    sources: Sequence[str] | None = None,
    record_ids: Sequence[str] | None = None,
    rows: Sequence[Mapping[str, Any]] | None = None,
) -> list[str]:
    """Every problem of the rows of an Arrow table against schema `name`.

    The compiled vectorized checks find the failing rows; jsonschema then explains each of them, so
    messages are the same as for single records and the fast path can never be laxer than the schema.
    """
    failing = _compiled(_CONFIG_OF[name]).failing_rows(table) if compile_checks else range(table.num_rows)
    found: list[str] = []
    for i in failing:
        record = rows[i] if rows is not None else table.slice(i, 1).to_pylist()[0]
        record_id = record_ids[i] if record_ids is not None else str(record[id_column])
        where = sources[i] if sources is not None else str(source)
        found.extend(problems(name, record, source=where, record_id=record_id))
    return found


_CONFIG_OF = {schema: config for config, schema in CONFIGS.items()}
_compiled = cache(compile_checks) if compile_checks else None
