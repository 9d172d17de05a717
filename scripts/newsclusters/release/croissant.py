"""Croissant 1.0 metadata (croissant.json) for a release: files, checksums and record sets.

Croissant is what dataset search engines and ML loaders (mlcroissant, TFDS, the Hub) read to find
and load a dataset. Everything here is derived: file checksums from the release's bytes, record-set
fields and types from the Arrow schema, descriptions from the JSON Schemas (via `records`), so the
metadata cannot drift from the data. Same release folder and arguments -> same bytes.

mlcroissant is not imported here: it is a test dependency only (tests/test_croissant.py validates
and loads the output with it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

import pyarrow as pa

from newsclusters.pipeline.records import CONFIGS, FieldDoc, arrow_schema, field_docs
from newsclusters.release.publish import DATA, sha256_file

CONFORMS_TO = "http://mlcommons.org/croissant/1.0"
# The standard Croissant 1.0 @context: the spec's, plus the terms mlcroissant 1.1 adds to it
# (`equivalentProperty`, `samplingRate`); mlcroissant warns when any of its keys is missing.
CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

# MIME types by suffix. Parquet and JSON Lines are the spellings mlcroissant reads; .cff is YAML
# (application/yaml, RFC 9512). An unknown suffix fails loudly rather than publishing a guess.
ENCODING_FORMATS = {
    ".parquet": "application/x-parquet",
    ".jsonl": "application/jsonlines",
    ".json": "application/json",
    ".md": "text/markdown",
    ".cff": "application/yaml",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".txt": "text/plain",
}

# JSON Schema string formats with a closer Croissant type than sc:Text.
FORMAT_TYPES = {"date": "sc:Date", "uri": "sc:URL", "date-time": "sc:DateTime"}
# The split is the file name's prefix: data/<config>/<split>-NNNNN-of-NNNNN.parquet.
SPLIT_REGEX = r"^(?:.*/)?([a-z]+)-\d{5}-of-\d{5}\.parquet$"


def encoding_format(path: str) -> str:
    suffix = PurePosixPath(path).suffix.lower()
    try:
        return ENCODING_FORMATS[suffix]
    except KeyError:
        raise ValueError(f"{path}: no Croissant encodingFormat for {suffix or 'a file without suffix'!r}") from None


def file_object(folder: Path, path: str) -> dict[str, Any]:
    """One release file; `contentUrl` is relative, so the metadata travels with the folder."""
    return {
        "@type": "cr:FileObject",
        "@id": path,
        "name": path,
        "contentUrl": path,
        "encodingFormat": encoding_format(path),
        "sha256": sha256_file(folder / path),
    }


def file_set_id(config: str) -> str:
    return f"{config}-parquet"


def file_set(config: str) -> dict[str, Any]:
    """Every Parquet shard of a config, all splits: what its record set reads."""
    return {
        "@type": "cr:FileSet",
        "@id": file_set_id(config),
        "name": file_set_id(config),
        "description": f"Parquet shards of the `{config}` config, every split.",
        "encodingFormat": ENCODING_FORMATS[".parquet"],
        "includes": f"{DATA}/{config}/*.parquet",
    }


def _format(doc: FieldDoc) -> str | None:
    # FieldDoc.type reads e.g. "string (date) or null": the JSON Schema format in parentheses.
    match = re.search(r"\(([\w-]+)\)", doc.type)
    return match.group(1) if match else None


def data_type(arrow_type: pa.DataType, doc: FieldDoc) -> str:
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return FORMAT_TYPES.get(_format(doc) or "", "sc:Text")
    if pa.types.is_integer(arrow_type):
        return "sc:Integer"
    if pa.types.is_floating(arrow_type):
        return "sc:Float"
    if pa.types.is_boolean(arrow_type):
        return "sc:Boolean"
    raise ValueError(f"{doc.path}: no Croissant dataType for Arrow type {arrow_type}")


def _source(config: str, column: str, json_path: str | None = None) -> dict[str, Any]:
    source: dict[str, Any] = {"fileSet": {"@id": file_set_id(config)}, "extract": {"column": column}}
    if json_path is not None:
        source["transform"] = {"jsonPath": json_path}
    return source


def field(config: str, arrow_field: pa.Field, docs: dict[str, FieldDoc]) -> dict[str, Any]:
    """A top-level column as a cr:Field; a list of structs becomes a repeated field with subFields.

    Only one level of nesting is supported: that is all the schemas have, and it is all mlcroissant
    reads from Parquet (each subField takes its value from the parent column with a jsonPath).
    """
    name, kind = arrow_field.name, arrow_field.type
    doc = docs[name]
    out: dict[str, Any] = {"@type": "cr:Field", "@id": f"{config}/{name}", "name": name,
                           "description": doc.description}
    repeated = pa.types.is_list(kind) or pa.types.is_large_list(kind)
    item = kind.value_type if repeated else kind
    if repeated:
        out["repeated"] = True
    if pa.types.is_struct(item):
        prefix = f"{name}[]." if repeated else f"{name}."
        out["subField"] = [_sub_field(config, name, item.field(i), docs[prefix + item.field(i).name])
                           for i in range(item.num_fields)]
    else:
        out["dataType"] = data_type(item, doc)
        out["source"] = _source(config, name)
    return out


def _sub_field(config: str, parent: str, arrow_field: pa.Field, doc: FieldDoc) -> dict[str, Any]:
    if pa.types.is_nested(arrow_field.type):
        raise ValueError(f"{doc.path}: nested {arrow_field.type} below a sub-field is not described in Croissant here")
    return {
        "@type": "cr:Field",
        "@id": f"{config}/{parent}/{arrow_field.name}",
        "name": arrow_field.name,
        "description": doc.description,
        "dataType": data_type(arrow_field.type, doc),
        "source": _source(config, parent, arrow_field.name),
    }


def split_field(config: str) -> dict[str, Any]:
    """Which split a row belongs to: not a column, so read from the shard's file name."""
    return {
        "@type": "cr:Field",
        "@id": f"{config}/split",
        "name": "split",
        "description": "The split the row belongs to (train, validation or test), from its Parquet file's name.",
        "dataType": "sc:Text",
        "source": {"fileSet": {"@id": file_set_id(config)}, "extract": {"fileProperty": "filename"},
                   "transform": {"regex": SPLIT_REGEX}},
    }


def record_set(config: str) -> dict[str, Any]:
    docs = {doc.path: doc for doc in field_docs(config)}
    fields = [field(config, f, docs) for f in arrow_schema(config)]
    return {
        "@type": "cr:RecordSet",
        "@id": config,
        "name": config,
        "description": f"Rows of the `{config}` config (one Parquet row each), with the split they belong to.",
        "field": [*fields, split_field(config)],
    }


def croissant_metadata(folder: Path, files: Sequence[str], *, name: str, version: str, date_published: str,
                       description: str, citation: str, license_url: str, url: str) -> dict[str, Any]:
    """The croissant.json document for the release in `folder` listing `files` (release-relative, posix)."""
    listed = sorted(files)
    if len(set(listed)) != len(listed):
        raise ValueError("a release file is listed twice")
    configs = list(CONFIGS)
    for config in configs:
        if not any(p.startswith(f"{DATA}/{config}/") and p.endswith(".parquet") for p in listed):
            raise ValueError(f"no Parquet file of config {config!r} among the files to list")
    return {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "name": name,
        "description": description,
        "license": license_url,
        "url": url,
        "version": version,
        "datePublished": date_published,
        "citeAs": citation,
        "distribution": [*(file_object(folder, p) for p in listed), *(file_set(c) for c in configs)],
        "recordSet": [record_set(c) for c in configs],
    }


def croissant_text(folder: Path, files: Sequence[str], *, name: str, version: str, date_published: str,
                   description: str, citation: str, license_url: str, url: str) -> str:
    """croissant.json's bytes: stable key order as built, no timestamps, UTF-8 kept readable."""
    metadata = croissant_metadata(folder, files, name=name, version=version, date_published=date_published,
                                  description=description, citation=citation, license_url=license_url, url=url)
    return json.dumps(metadata, indent=2, ensure_ascii=False) + "\n"
