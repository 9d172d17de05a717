"""Stage 2, validate: every record against its JSON Schema, with format checking.

Returns problems as strings naming the file, the record, the JSON path and the message, and lets
the caller decide whether to raise: the build collects every problem before it stops.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

from newsclusters.records import load_schemas


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
