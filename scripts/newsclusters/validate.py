"""Stage 2, validate: every record against its JSON Schema, with format checking.

Returns problems as strings naming the file, the record, the JSON path and the message, and lets
the caller decide whether to raise: the build collects every problem before it stops.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

import pyarrow as pa

from newsclusters.fastcheck import TableCheck, compile_checks, compile_schema
from newsclusters.records import CONFIGS, arrow_schema, fields, load_schemas, resolved


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
    return [f"{source}: record {record_id!r}: {e.json_path}: {_message(e)}" for e in errors if not _repeats(e, errors)]


def _repeats(error: Any, errors: Sequence[Any]) -> bool:
    """A "not blank" failure on an empty string, where a minLength failure at the same place already says so."""
    return (error.validator == "pattern" and error.validator_value == NOT_BLANK and error.instance == ""
            and any(e.validator == "minLength" and e.absolute_path == error.absolute_path for e in errors))


NOT_BLANK = "\\S"  # the schemas' way of saying "not blank": at least one character that is not white space


def _message(error: Any) -> str:
    """jsonschema's message, in plain words where its own would quote a regular expression at a curator."""
    if error.validator == "pattern" and error.validator_value == NOT_BLANK:
        message = f"must not be blank (it is {error.instance!r})"
    else:
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
    """Problems of many records at once: a vectorized screen, then exact messages for the failures.

    Only records that map onto Arrow without loss (no extra or missing keys, no wrong types) take
    the vectorized path; the others go straight to jsonschema.
    """
    arrow = arrow_schema(_CONFIG_OF[name])
    fits = screen(arrow, frozenset(arrow.names))
    fast = [i for i, r in enumerate(records) if fits(r)]
    exact = set(range(len(records))) - set(fast)
    if fast:
        table = pa.Table.from_pylist([records[i] for i in fast], schema=arrow)
        exact |= {fast[j] for j in _compiled(_CONFIG_OF[name]).failing_rows(table)}
    found: list[str] = []
    for i in sorted(exact):
        found.extend(problems(name, records[i], source=sources[i], record_id=record_ids[i]))
    return found


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
    failing = _compiled(_CONFIG_OF[name]).failing_rows(table)
    found: list[str] = []
    for i in failing:
        record = rows[i] if rows is not None else table.slice(i, 1).to_pylist()[0]
        record_id = record_ids[i] if record_ids is not None else str(record[id_column])
        where = sources[i] if sources is not None else str(source)
        found.extend(problems(name, record, source=where, record_id=record_id))
    return found


_CONFIG_OF = {schema: config for config, schema in CONFIGS.items()}
_compiled = cache(compile_checks)


@cache
def _definition_check(name: str, definition: str) -> tuple[pa.Schema, Screen, TableCheck]:
    """Arrow schema, screen and compiled checks of one `$defs` entry (raw JSONL lines).

    An optional key left out becomes a null in Arrow, which the schema allows; a null the schema
    forbids can only come from the record saying `null`, and the screen keeps such records off
    the fast path (jsonschema explains them). So the compiled checks let those nulls pass.
    """
    schema = load_schemas()[0][name]
    node, base = resolved(schema["$defs"][definition], schema["$id"])
    arrow = pa.schema(list(fields(node, base)))
    check = compile_schema({"$ref": f"{schema['$id']}#/$defs/{definition}"}, arrow)
    required = frozenset(node.get("required", ()))
    not_null = set()
    for index, child in check.root.fields:
        if arrow.field(index).name not in required and not child.null_ok:
            child.null_ok = True
            not_null.add(arrow.field(index).name)
    return arrow, screen(arrow, required, frozenset(not_null)), check


Screen = Callable[[Any], bool]


@cache
def screen(arrow: pa.Schema | pa.StructType, required: frozenset[str], not_null: frozenset[str] = frozenset()) -> Screen:
    """Can a record become an Arrow row of `arrow` without losing anything jsonschema would see?

    Keys in `not_null` must not hold null (an absent key and a null look the same in Arrow).
    Built once per schema into nested closures: the build asks this of every record and of every
    entry of its `removed` list, so no type is looked up per value.
    """
    checks = {f.name: _value_screen(f.type) for f in arrow}
    names = frozenset(checks)

    def fits(record: Any) -> bool:
        if not isinstance(record, dict):
            return False
        keys = record.keys()
        if not required <= keys or not keys <= names:
            return False
        for key, value in record.items():
            if value is None:
                if key in not_null:
                    return False
            elif not checks[key](value):
                return False
        return True

    return fits


def _value_screen(kind: pa.DataType) -> Screen:
    if pa.types.is_string(kind):
        return lambda value: isinstance(value, str)
    if pa.types.is_integer(kind):
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    if pa.types.is_list(kind):
        item = kind.value_type
        if pa.types.is_struct(item):
            entry = screen(item, frozenset(item.field(i).name for i in range(item.num_fields)))
            return lambda value: isinstance(value, list) and all(map(entry, value))
        element = _value_screen(item)
        return lambda value: isinstance(value, list) and all(v is not None and element(v) for v in value)
    return lambda value: False  # a type this screen does not know: let jsonschema decide


def problems_each(name: str, definition: str, records: Sequence[Any], sources: Sequence[str],
                  record_ids: Sequence[str]) -> list[list[str]]:
    """Problems of each record against one `$defs` entry of schema `name`, in bulk.

    Records that map cleanly onto Arrow go through the vectorized checks; the rest, and every row
    those flag, get jsonschema's exact messages. An empty list means the record is valid.
    """
    arrow, fits, check = _definition_check(name, definition)
    found: list[list[str]] = [[] for _ in records]
    exact = [i for i, r in enumerate(records) if not fits(r)]
    skip = set(exact)
    fast = [i for i in range(len(records)) if i not in skip]
    if fast:
        table = pa.Table.from_pylist([records[i] for i in fast], schema=arrow)
        exact += [fast[j] for j in check.failing_rows(table)]
    for i in exact:
        found[i] = problems(name, records[i], source=sources[i], record_id=record_ids[i], definition=definition)
    return found
