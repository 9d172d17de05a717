"""Reading the raw corpus: the I/O edge of the pipeline, and its first line of defence.

Two layouts, mixable under one raw root:

* one folder per story cluster, named by its id (a lowercase slug), holding the raw `.txt` files
  exactly as received and a `cluster.json` (schema/cluster_source.schema.json);
* sharded JSON Lines files (`*.jsonl`, `*.jsonl.gz`, `*.jsonl.zst`), one raw article or one
  cluster's metadata per line (schema/raw_line.schema.json).

Problems are collected, not raised one by one, so a curator sees all of them in one run. Nothing
here executes or evaluates input: JSON is parsed by the standard library, duplicate keys are
refused, and no path may lead outside the raw root.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from newsclusters import validate

CLUSTER_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DOC_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.txt")
METADATA_FILE = "cluster.json"
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.zst")


@dataclass(frozen=True)
class Limits:
    """Input limits, defined once; the CLI can raise them."""

    max_file_bytes: int = 16 * 2**20  # one raw document
    max_line_chars: int = 100_000  # one line of a raw document
    max_rejected_share: float = 0.05  # content-level drops beyond this fail the build


@dataclass(frozen=True)
class RawDocument:
    name: str  # unique within the cluster; the document id is '<cluster_id>/<name>'
    source: str  # where it came from, for messages: a path, or 'path:line N'
    rel: str  # the same, relative to the raw root: what published reports show
    data: bytes  # exactly as received (a JSONL document: its text, UTF-8 encoded)
    meta: Mapping[str, Any] = field(default_factory=dict)  # source, url, date
    encoding: str | None = None  # declared encoding; None means UTF-8


@dataclass(frozen=True)
class RawCluster:
    cluster_id: str
    source: str  # the folder, or the JSONL line of its metadata
    rel: str  # the same, relative to the raw root
    metadata: Mapping[str, Any] | None  # None when unreadable (a problem says why)
    documents: tuple[RawDocument, ...]


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"duplicate key {key!r}")
        seen[key] = value
    return seen


def parse_json(text: str) -> Any:
    """json.loads that refuses duplicate keys (which would silently drop a value)."""
    return json.loads(text, object_pairs_hook=_no_duplicate_keys)


def _json_problem(where: str, err: Exception) -> str:
    if isinstance(err, json.JSONDecodeError):
        return f"{where}: invalid JSON at line {err.lineno} column {err.colno}: {err.msg}"
    return f"{where}: invalid JSON: {err}"


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except ValueError:
        return False
    return True


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name


def _check_encoding(name: str | None, where: str, problems: list[str]) -> str | None:
    if name is None:
        return None
    try:
        codecs.lookup(name)
    except LookupError:
        problems.append(f"{where}: unknown text encoding {name!r}; use a Python codec name such as 'cp1252'")
        return None
    return name


def read_raw_tree(root: Path, limits: Limits = Limits()) -> tuple[list[RawCluster], list[str]]:
    """Every cluster under `root`, sorted by id, and the problems met reading them."""
    if not root.is_dir():
        return [], [f"{root}: raw folder not found (expected one sub-folder per story cluster, or *.jsonl files)"]
    real_root = root.resolve()
    problems: list[str] = []
    folders: list[RawCluster] = []
    jsonl = _JsonlCorpus(limits)
    for entry in sorted(root.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_symlink() and not _inside(entry, real_root):
            problems.append(f"{entry}: symbolic link points outside the raw folder {root}")
            continue
        if entry.is_file() and entry.name.endswith(JSONL_SUFFIXES):
            jsonl.read(entry, entry.name, problems)
        elif entry.is_dir():
            if not CLUSTER_ID.fullmatch(entry.name):
                problems.append(f"{entry}: cluster folder name must be a lowercase slug like 'flood-in-valencia-2024'")
                continue
            folders.append(_read_folder(entry, root, real_root, limits, problems))
        else:
            problems.append(
                f"{entry}: unexpected file; the raw folder holds cluster folders and *.jsonl[.gz|.zst] files"
            )
    clusters = _merge(folders, jsonl.clusters(problems), problems)
    if not clusters and not problems:
        problems.append(f"{root}: no clusters found")
    return clusters, problems


def _merge(folders: list[RawCluster], from_jsonl: list[RawCluster], problems: list[str]) -> list[RawCluster]:
    by_id = {c.cluster_id: c for c in folders}
    for cluster in from_jsonl:
        if cluster.cluster_id in by_id:
            problems.append(
                f"{cluster.source}: cluster {cluster.cluster_id!r} is also a folder ({by_id[cluster.cluster_id].source}); "
                "give each cluster in one place"
            )
            continue
        by_id[cluster.cluster_id] = cluster
    return [by_id[k] for k in sorted(by_id)]


def _read_bytes(path: Path, limits: Limits, problems: list[str]) -> bytes | None:
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            problems.append(
                f"{path}: file is {size} bytes; the limit is {limits.max_file_bytes} (raise it with --max-file-bytes)"
            )
            return None
        return path.read_bytes()
    except OSError as err:
        problems.append(f"{path}: cannot read: {err.strerror or err}")
        return None


def _read_folder(folder: Path, root: Path, real_root: Path, limits: Limits, problems: list[str]) -> RawCluster:
    meta_path = folder / METADATA_FILE
    metadata: Mapping[str, Any] | None = None
    if not meta_path.is_file():
        problems.append(f"{meta_path}: missing; every cluster needs a cluster.json with its reference summary")
    elif meta_path.is_symlink() and not _inside(meta_path, real_root):
        problems.append(f"{meta_path}: symbolic link points outside the raw folder {root}")
    else:
        data = _read_bytes(meta_path, limits, problems)
        if data is not None:
            try:
                parsed = parse_json(data.decode("utf-8-sig"))
            except UnicodeDecodeError as err:
                problems.append(f"{meta_path}: not valid UTF-8 at byte {err.start}; JSON files must be UTF-8")
            except ValueError as err:
                problems.append(_json_problem(str(meta_path), err))
            else:
                found = validate.problems("cluster_source", parsed, source=str(meta_path), record_id=folder.name)
                problems.extend(found)
                metadata = parsed if not found else None
    listed = (metadata or {}).get("documents", {})
    default_encoding = _check_encoding((metadata or {}).get("encoding"), str(meta_path), problems)
    documents = []
    for path in sorted(folder.iterdir()):
        if path.name == METADATA_FILE or path.name.startswith("."):
            continue
        if path.is_symlink() and not _inside(path, real_root):
            problems.append(f"{path}: symbolic link points outside the raw folder {root}")
            continue
        if not DOC_FILE.fullmatch(path.name) or not path.is_file():
            problems.append(f"{path}: unexpected entry; raw documents are '<name>.txt' files")
            continue
        data = _read_bytes(path, limits, problems)
        if data is None:
            continue
        meta = dict(listed.get(path.name, {}))
        encoding = _check_encoding(meta.pop("encoding", None), f"{meta_path}: $.documents['{path.name}']", problems)
        documents.append(
            RawDocument(
                name=path.name.removesuffix(".txt"),
                source=str(path),
                rel=_rel(path, root),
                data=data,
                meta=meta,
                encoding=encoding or default_encoding,
            )
        )
    if not documents:
        problems.append(f"{folder}: cluster has no .txt documents")
    for name in sorted(set(listed) - {p.name for p in folder.iterdir()}):
        problems.append(
            f"{meta_path}: record {folder.name!r}: $.documents['{name}']: metadata for a file that is not in {folder}"
        )
    return RawCluster(folder.name, str(folder), folder.name, metadata, tuple(documents))


def open_jsonl(path: Path) -> IO[bytes]:
    """Open a JSON Lines shard as bytes, decompressing .gz or .zst on the fly."""
    if path.name.endswith(".gz"):
        return gzip.open(path, "rb")
    if path.name.endswith(".zst"):
        import zstandard

        return io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(path.open("rb")))
    return path.open("rb")


def iter_jsonl(path: Path, max_line_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, raw line) pairs; None for a line over the limit (the caller reports it)."""
    with open_jsonl(path) as handle:
        for number, line in enumerate(handle, start=1):
            yield number, (line if len(line) <= max_line_bytes else None)


class _JsonlCorpus:
    """Accumulates documents and cluster metadata from JSONL shards, checking them across files."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.docs: dict[str, list[RawDocument]] = {}
        self.meta: dict[str, tuple[str, str, dict[str, Any]]] = {}  # cluster id -> (where, rel, fields)
        self.first_seen: dict[tuple[str, str], str] = {}

    def read(self, path: Path, rel: str, problems: list[str]) -> None:
        max_line = self.limits.max_file_bytes + 4096
        try:
            for number, line in iter_jsonl(path, max_line):
                where = f"{path}:{number}"
                if line is None:
                    problems.append(f"{where}: line is longer than {max_line} bytes (limit from --max-file-bytes)")
                    continue
                if not line.strip():
                    continue
                self._line(line, where, f"{rel}:{number}", problems)
        except (OSError, EOFError) as err:
            problems.append(f"{path}: cannot read: {err}")
        except Exception as err:  # noqa: BLE001 - zstandard/gzip raise their own error types for corrupt data
            problems.append(f"{path}: corrupt compressed data: {err}")

    def _line(self, line: bytes, where: str, rel: str, problems: list[str]) -> None:
        try:
            record = parse_json(line.decode("utf-8").rstrip("\r\n"))
        except UnicodeDecodeError as err:
            problems.append(f"{where}: not valid UTF-8 at byte {err.start} of the line")
            return
        except json.JSONDecodeError as err:
            problems.append(f"{where}: invalid JSON at column {err.colno}: {err.msg}")
            return
        except ValueError as err:
            problems.append(_json_problem(where, err))
            return
        label = record.get("cluster_id") if isinstance(record, dict) else None
        kind = record.get("type") if isinstance(record, dict) else None
        definition = kind if kind in ("document", "cluster") else None  # else the oneOf says what is allowed
        found = validate.problems("raw_line", record, source=where, record_id=str(label), definition=definition)
        if found:
            problems.extend(found)
            return
        cluster_id = record["cluster_id"]
        if record["type"] == "cluster":
            fields = {k: v for k, v in record.items() if k not in ("type", "cluster_id")}
            if cluster_id in self.meta and self.meta[cluster_id][2] != fields:
                first, _, earlier = self.meta[cluster_id]
                changed = sorted(k for k in set(fields) | set(earlier) if fields.get(k) != earlier.get(k))
                problems.append(
                    f"{where}: record {cluster_id!r}: $.{changed[0]}: conflicts with the metadata at {first} "
                    f"({earlier.get(changed[0])!r} there, {fields.get(changed[0])!r} here)"
                )
            else:
                self.meta.setdefault(cluster_id, (where, rel, fields))
            return
        key = (cluster_id, record["name"])
        if key in self.first_seen:
            problems.append(
                f"{where}: record '{cluster_id}/{record['name']}': $.name: duplicate document id, "
                f"first given at {self.first_seen[key]}"
            )
            return
        self.first_seen[key] = where
        meta = {k: record[k] for k in ("source", "url", "date") if k in record}
        self.docs.setdefault(cluster_id, []).append(
            RawDocument(record["name"], where, rel, record["text"].encode("utf-8"), meta)
        )

    def clusters(self, problems: list[str]) -> list[RawCluster]:
        out = []
        for cluster_id in sorted(set(self.meta) - set(self.docs)):
            problems.append(f"{self.meta[cluster_id][0]}: record {cluster_id!r}: summary for an unknown cluster (no documents)")
        for cluster_id in sorted(self.docs):
            docs = sorted(self.docs[cluster_id], key=lambda d: d.name)
            if cluster_id not in self.meta:
                problems.append(
                    f"{docs[0].source}: record {cluster_id!r}: $.cluster_id: no cluster metadata line "
                    '({"type": "cluster", ...}) gives this cluster a summary'
                )
                continue
            where, rel, fields = self.meta[cluster_id]
            out.append(RawCluster(cluster_id, where, rel, fields, tuple(docs)))
        return out
