"""The record contract, read from schema/*.json and nothing else.

The JSON Schemas are the single source of truth: the Arrow schema of each Parquet config, the
`datasets` features in the card and the card's field table are all derived here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import pyarrow as pa
from referencing import Registry, Resource

SCHEMA_FILES = {
    "cluster_source": "cluster_source.schema.json",
    "document": "document.schema.json",
    "cluster": "cluster.schema.json",
    "raw_line": "raw_line.schema.json",
    "corpus": "corpus.schema.json",
}
# Published configs and the schema each row follows; the first is the default config.
CONFIGS = {"clusters": "cluster", "documents": "document"}
DEFAULT_CONFIG = "clusters"


@cache
def load_schemas() -> tuple[dict[str, dict[str, Any]], Registry]:
    """The schemas by short name, and a registry resolving their cross-file `$ref`s."""
    folder = files("newsclusters.schema")
    schemas = {name: json.loads(folder.joinpath(file).read_text("utf-8")) for name, file in SCHEMA_FILES.items()}
    resources = [(s["$id"], Resource.from_contents(s)) for s in schemas.values()]
    return schemas, Registry().with_resources(resources)


def schema(name: str) -> dict[str, Any]:
    return load_schemas()[0][name]


def resolved(node: dict[str, Any], base: str) -> tuple[dict[str, Any], str]:
    """Follow `$ref` until a concrete node; keep its description if the ref site has one."""
    registry = load_schemas()[1]
    while "$ref" in node:
        resolver = registry.resolver(base_uri=base)
        resolved = resolver.lookup(node["$ref"])
        base = resolved.resolver._base_uri  # noqa: SLF001 - referencing exposes no public getter
        node = {**resolved.contents, **{k: v for k, v in node.items() if k not in ("$ref",)}}
    return node, base


def _types(node: dict[str, Any]) -> list[str]:
    if "const" in node and "type" not in node:
        return ["string" if isinstance(node["const"], str) else type(node["const"]).__name__]
    if "enum" in node:
        return sorted({type(v).__name__.replace("str", "string") for v in node["enum"]})
    declared = node["type"]
    return [declared] if isinstance(declared, str) else list(declared)


def _arrow_type(node: dict[str, Any], base: str) -> tuple[pa.DataType, bool]:
    types = _types(node)
    nullable = "null" in types
    kinds = [t for t in types if t != "null"]
    if len(kinds) != 1:
        raise ValueError(f"schema node with types {types} has no single Arrow type")
    kind = kinds[0]
    if kind == "string":
        return pa.string(), nullable
    if kind == "integer":
        return pa.int64(), nullable
    if kind == "boolean":
        return pa.bool_(), nullable
    if kind == "number":
        return pa.float64(), nullable
    if kind == "array":
        item, item_base = resolved(node["items"], base)
        item_type, item_nullable = _arrow_type(item, item_base)
        return pa.list_(pa.field("item", item_type, nullable=item_nullable)), nullable
    if kind == "object":
        return pa.struct(list(fields(node, base))), nullable
    raise ValueError(f"no Arrow type for JSON Schema type {kind!r}")


def fields(node: dict[str, Any], base: str) -> Iterator[pa.Field]:
    required = set(node.get("required", ()))
    for name, prop in node["properties"].items():
        prop, prop_base = resolved(prop, base)
        arrow_type, nullable = _arrow_type(prop, prop_base)
        yield pa.field(name, arrow_type, nullable=nullable or name not in required)


@cache
def arrow_schema(config: str) -> pa.Schema:
    """Arrow schema of a published config, in the schema's property order."""
    root = schema(CONFIGS[config])
    return pa.schema(list(fields(root, root["$id"])))


def column_names(config: str) -> list[str]:
    return arrow_schema(config).names


@dataclass(frozen=True)
class FieldDoc:
    path: str  # dotted, with [] for list items: documents[].doc_id
    type: str
    description: str


def field_docs(config: str) -> list[FieldDoc]:
    """Every field of a config with its type and description, for the card's field table."""
    root = schema(CONFIGS[config])
    return list(_walk_docs(root, root["$id"], ""))


def _walk_docs(node: dict[str, Any], base: str, prefix: str) -> Iterator[FieldDoc]:
    for name, prop in node["properties"].items():
        prop, prop_base = resolved(prop, base)
        path = f"{prefix}{name}"
        arrow_type, nullable = _arrow_type(prop, prop_base)
        shown = _type_label(prop, prop_base) + (" or null" if "null" in _types(prop) else "")
        yield FieldDoc(path, shown, prop.get("description", ""))
        if "array" in _types(prop):
            item, item_base = resolved(prop["items"], prop_base)
            if "object" in _types(item):
                yield from _walk_docs(item, item_base, f"{path}[].")


def _type_label(node: dict[str, Any], base: str) -> str:
    kinds = [t for t in _types(node) if t != "null"]
    if kinds == ["array"]:
        item, item_base = resolved(node["items"], base)
        inner = "struct" if "object" in _types(item) else _type_label(item, item_base)
        return f"list<{inner}>"
    label = kinds[0]
    fmt = node.get("format")
    return f"{label} ({fmt})" if fmt else label
