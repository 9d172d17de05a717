"""Stage 2, validate: every record against its JSON Schema, with format checking.

Returns problems as strings naming the file, the record, the JSON path and the message, and lets
the caller decide whether to raise: the build collects every problem before it stops.

Two validators per schema. jsonschema-rs (compiled, fast) decides whether each record is valid;
jsonschema explains the records it rejects, so every message is jsonschema's, word for word, and
a record jsonschema-rs rejects but jsonschema accepts has no problems. jsonschema-rs runs
`pattern` with Python's `re.search` and `format` with jsonschema's own format checker, because its
ECMA-262 regexes and its formats differ from those (`\\S` on "\\x1c", a date in year 0): with
those two taken from Python it is never laxer than jsonschema on our schemas
(tests/test_validate.py holds them to the same verdicts). Both read a pattern's final `$` as
ECMA-262 does, the end of the text (`python_pattern`).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

import jsonschema_rs
import pyarrow as pa
from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from jsonschema.validators import extend

from newsclusters.pipeline.records import load_schemas

TABLE_BATCH = 256  # rows of an Arrow table (clusters, with their texts) turned into Python objects at a time


@cache
def python_pattern(pattern: str) -> re.Pattern[str]:
    """A schema's `pattern` as ECMA-262 reads it, run by Python's `re.search`: a final `$` is the end of the
    text. Python's `$` also matches before a final newline, so 'd1\\n' passed '^[A-Za-z0-9]+$' and was
    published as a document id."""
    return re.compile(pattern[:-1] + "\\Z" if pattern.endswith("$") and not pattern.endswith("\\$") else pattern)


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """jsonschema's `pattern` keyword, word for word, with `python_pattern`'s end of text."""
    if validator.is_type(instance, "string") and not python_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


SchemaValidator = extend(Draft202012Validator, {"pattern": _pattern})


def _formats() -> FormatChecker:
    """jsonschema's format checks, with a `uri` that ends where the text does: its own check is a Python
    regex whose `$` let 'https://example.com/story\\n' through, as `pattern` did (`python_pattern`)."""
    checker = FormatChecker(formats=())
    checker.checkers = dict(Draft202012Validator.FORMAT_CHECKER.checkers)
    check, raises = checker.checkers["uri"]
    checker.checkers["uri"] = (lambda value: not (isinstance(value, str) and value.endswith("\n")) and check(value),
                               raises)
    return checker


FORMATS = _formats()


@cache
def validator(name: str, definition: str | None = None) -> Draft202012Validator:
    """A validator for schema `name`, or for one of its `$defs` (precise messages where `oneOf` is vague)."""
    schemas, registry = load_schemas()
    SchemaValidator.check_schema(schemas[name])
    return SchemaValidator(_target(name, definition), registry=registry, format_checker=FORMATS)


def _target(name: str, definition: str | None) -> dict[str, Any]:
    schema = load_schemas()[0][name]
    return schema if definition is None else {"$ref": f"{schema['$id']}#/$defs/{definition}"}


class PythonPattern:
    """The `pattern` keyword as jsonschema runs it, Python's `re.search`, for jsonschema-rs.

    jsonschema-rs reads patterns as ECMA-262 regexes, where `\\s` leaves out "\\x1c"-"\\x1f" and
    "\\x85" and `$` never matches before a final newline: it would let a blank text through.
    """

    def __init__(self, parent_schema: dict[str, Any], value: str, schema_path: list[str | int]) -> None:
        self.regex = python_pattern(value)

    def validate(self, instance: Any) -> None:
        if isinstance(instance, str) and self.regex.search(instance) is None:
            raise ValueError(f"{instance!r} does not match {self.regex.pattern!r}")


@cache
def fast_validator(name: str, definition: str | None = None) -> jsonschema_rs.Validator:
    """jsonschema-rs for schema `name` (or one of its `$defs`), with Python's patterns and formats."""
    schemas = load_schemas()[0]
    registry = jsonschema_rs.Registry([(s["$id"], s) for s in schemas.values()])
    checker = validator(name, definition).format_checker
    formats = {fmt: (lambda value, fmt=fmt: checker.conforms(value, fmt)) for fmt in checker.checkers}
    return jsonschema_rs.Draft202012Validator(_target(name, definition), registry=registry, validate_formats=True,
                                              formats=formats, keywords={"pattern": PythonPattern})


def failing(name: str, records: Sequence[Any], definition: str | None = None) -> Iterator[int]:
    """Indices of the records that may break schema `name`: all that jsonschema-rs does not accept."""
    fast = fast_validator(name, definition)
    for i, record in enumerate(records):
        try:
            valid = fast.is_valid(record)
        except (ValueError, TypeError, OverflowError):  # not JSON to jsonschema-rs (a key that is not a string)
            valid = False
        if not valid:
            yield i


def problems(
    name: str, record: Any, *, source: str, record_id: str, definition: str | None = None
) -> list[str]:
    """Every way `record` breaks schema `name`, one message each, in document order."""
    try:
        errors = sorted(validator(name, definition).iter_errors(record), key=in_document_order)
    except RecursionError:  # jsonschema descends (and words) the record recursively
        return [f"{source}: record {record_id!r}: $: arrays or objects nested too deep to check"]
    return [f"{source}: record {record_id!r}: {_path(e)}: {plain_message(e)}"
            for e in errors if not _repeats(e, errors)]


def _path(error: Any) -> str:
    """Where the error is: jsonschema's JSON path, and for a missing property the property's own ('$.summary'), not
    the object that lacks it ('$'), written as jsonschema writes paths."""
    if error.validator == "required" and isinstance(error.validator_value, list):
        for name in error.validator_value:
            if isinstance(name, str) and error.message == f"{name!r} is a required property":
                return str(ValidationError(error.message, path=[*error.absolute_path, name]).json_path)
    return str(error.json_path)


def in_document_order(error: Any) -> list[tuple[int, int, str]]:
    """A sort key for errors: by place in the record, items by index ($.documents[2] before [10]), keys by name."""
    return [(0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in error.absolute_path]


def _repeats(error: Any, errors: Sequence[Any]) -> bool:
    """A "not blank" failure on an empty string, where a minLength failure at the same place already says so."""
    return (error.validator == "pattern" and error.validator_value == NOT_BLANK and error.instance == ""
            and any(e.validator == "minLength" and e.absolute_path == error.absolute_path for e in errors))


NOT_BLANK = "\\S"  # the schemas' way of saying "not blank": at least one character that is not white space


SLUG_WORDS = ("must be a lowercase slug (letters a-z and digits, words joined by single hyphens) like "
              "'flood-in-valencia-2024'")
NAME_WORDS = "must start with a letter or digit and hold only letters, digits, '.', '_' and '-'"


@cache
def _pattern_words() -> dict[tuple[str, str], str]:
    """The id patterns a curator meets, by (field, pattern) as the schemas define them, in words."""
    schemas = load_schemas()[0]
    document, source = schemas["document"]["properties"], schemas["cluster_source"]["properties"]
    name = schemas["raw_line"]["$defs"]["document"]["properties"]["name"]["pattern"]
    return {("cluster_id", document["cluster_id"]["pattern"]): SLUG_WORDS, ("name", name): NAME_WORDS,
            ("documents", source["documents"]["propertyNames"]["pattern"]):
                f"{NAME_WORDS}, and end in '.txt' (a raw file's name)"}


def _words_for(error: Any) -> str | None:
    field = error.absolute_path[-1] if error.absolute_path else None
    return _pattern_words().get((field, error.validator_value)) if isinstance(field, str) else None


def plain_message(error: Any) -> str:
    """jsonschema's message, in plain words where its own would quote a regular expression at a curator."""
    if error.validator == "pattern" and error.validator_value == NOT_BLANK:
        message = f"must not be blank (it is {error.instance!r})"
    elif error.validator == "pattern" and (words := _words_for(error)):
        message = f"{error.instance!r} {words}"
    elif error.validator == "type" and (error.instance is None or isinstance(error.instance, bool)):
        message = error.message.replace(repr(error.instance), json.dumps(error.instance), 1)  # null, not None
    else:
        message = error.message
    message = message if len(message) <= 300 else message[:297] + "..."
    return message + _did_you_mean(error)


def _did_you_mean(error: Any) -> str:
    """"; did you mean 'summary'?" for an unexpected key one typo away from a key the schema names."""
    if error.validator != "additionalProperties" or not isinstance(error.instance, dict):
        return ""
    named = error.schema.get("properties", {})
    unexpected = [key for key in error.instance if key not in named]
    known = [key for key in named if key not in error.instance]
    close = {key: difflib.get_close_matches(str(key), known, n=1, cutoff=0.8) for key in unexpected}
    if len(unexpected) == 1 and close[unexpected[0]]:
        return f"; did you mean {close[unexpected[0]][0]!r}?"
    hints = [f"{match[0]!r} for {key!r}" for key, match in close.items() if match]
    return f"; did you mean {', '.join(hints)}?" if hints else ""


def batch_problems(name: str, records: Sequence[Any], sources: Sequence[str], record_ids: Sequence[str]) -> list[str]:
    """Problems of many records at once, in record order: jsonschema-rs screens, jsonschema explains."""
    found: list[str] = []
    for i in failing(name, records):
        found.extend(problems(name, records[i], source=sources[i], record_id=record_ids[i]))
    return found


def problems_each(name: str, definition: str, records: Sequence[Any], sources: Sequence[str],
                  record_ids: Sequence[str]) -> list[list[str]]:
    """Problems of each record against one `$defs` entry of schema `name`; an empty list means valid."""
    found: list[list[str]] = [[] for _ in records]
    for i in failing(name, records, definition):
        found[i] = problems(name, records[i], source=sources[i], record_id=record_ids[i], definition=definition)
    return found


def table_problems(name: str, table: pa.Table, id_column: str, *, source: str) -> list[str]:
    """Every problem of the rows of an Arrow table against schema `name`, a batch of rows at a time."""
    found: list[str] = []
    for batch in table.to_batches(max_chunksize=TABLE_BATCH):
        rows = batch.to_pylist()
        for i in failing(name, rows):
            found.extend(problems(name, rows[i], source=source, record_id=str(rows[i][id_column])))
    return found
