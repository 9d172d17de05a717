"""Reading the raw corpus: the I/O edge of the pipeline, and its first line of defence.

Two layouts, mixable under one raw root:

* one folder per story cluster, named by its id (a lowercase slug), holding the raw `.txt` files
  exactly as received and a `cluster.json` (schema/cluster_source.schema.json);
* sharded JSON Lines files (`*.jsonl`, `*.jsonl.gz`, `*.jsonl.zst`), one raw article or one
  cluster's metadata per line (schema/raw_line.schema.json).

Beside them, `splits.lock` (the split ledger, `ledger.py`) and, in the raw folder of an ingested
corpus, `corpus.json` (whose data it is, `corpus.py`) are read by the build, not as raw texts.

Problems are collected, not raised one by one, so a curator sees all of them in one run. Nothing
here executes or evaluates input: JSON is parsed by the standard library, duplicate keys are
refused, and no path may lead outside the raw root.
"""

from __future__ import annotations

import codecs
import errno
import gzip
import io
import json
import os
import re
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from newsclusters.limits import Limits
from newsclusters.pipeline import validate
from newsclusters.pipeline.cluster_meta import (METADATA_FILE, encoding_problem, metadata_problems, parse_cluster_json,
                                                placeholder_url)
from newsclusters.pipeline.corpus import CORPUS
from newsclusters.pipeline.ledger import LEDGER
from newsclusters.pipeline.strict_json import LoneSurrogateError, parse_json, parse_problem
from newsclusters.pipeline.rules.repeats import document_site
from newsclusters.wording import byte_position

CLUSTER_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DOC_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.txt")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.zst")
RELEASE_MARK = "SHA256SUMS"  # every release folder holds it (release/publish.py's CHECKSUMS; a test holds them equal)


@dataclass(frozen=True)
class RawDocument:
    name: str  # unique within the cluster; the document id is '<cluster_id>/<name>'
    source: str  # where it came from, for messages: a path, or 'path:line N'
    rel: str  # the same, relative to the raw root: what published reports show
    data: bytes  # exactly as received (a JSONL document: its text, UTF-8 encoded)
    meta: Mapping[str, Any] = field(default_factory=dict)  # source, url, date (+ DOCUMENT_META from JSONL)
    encoding: str | None = None  # declared encoding; None means UTF-8

    @property
    def site(self) -> str | None:
        return document_site(self.meta)


@dataclass(frozen=True)
class RawCluster:
    cluster_id: str
    source: str  # the folder, or the JSONL line of its metadata
    rel: str  # the same, relative to the raw root
    metadata: Mapping[str, Any] | None  # None when unreadable (a problem says why)
    documents: tuple[RawDocument, ...]


def _json_problem(where: str, err: ValueError, one_line: bool = False) -> str:
    """A JSON file's problem where it stands: line and column, or the column alone in a JSON Lines line."""
    if isinstance(err, LoneSurrogateError):
        return f"{where}: {err}"
    return f"{where}: {parse_problem(err, one_line=one_line)}"


def _link_problem(path: Path, root: Path, shown_root: Path) -> str | None:
    """Why a symbolic link in the raw folder can't be read as what it stands for, or None (not a link, or a
    link to a file or folder inside the raw folder)."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:  # the last link of a chain names nothing
        return f"{path}: symbolic link to nothing ({os.path.realpath(path)} is not there)"
    except RuntimeError:  # Python 3.11's word for a loop
        return f"{path}: symbolic link loop (it leads back to itself)"
    except OSError as err:
        if err.errno == errno.ELOOP:
            return f"{path}: symbolic link loop (it leads back to itself)"
        return f"{path}: symbolic link that can't be followed ({err.strerror or err})"
    return None if target.is_relative_to(root) else f"{path}: symbolic link points outside the raw folder {shown_root}"


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name


def _check_encoding(name: str | None, where: str, problems: list[str]) -> str | None:
    if name is None:
        return None
    if (problem := encoding_problem(name)) is not None:
        problems.append(f"{where}: {problem}")
        return None
    return name


def _document_name_problem(name: str, is_file: bool) -> str:
    """Why an entry of a cluster folder is not a raw document, naming what to change.

    A file called '005 copy.txt' is a document with a bad name, not a stray file: say which
    characters are not allowed rather than blame its suffix.
    """
    if not is_file:
        return "unexpected entry; a cluster folder holds '<name>.txt' files and cluster.json, no folders"
    if name.lower().endswith(".txt") and not name.endswith(".txt"):
        return "the suffix must be a lowercase '.txt'"
    if not name.endswith(".txt"):
        return "unexpected entry; raw documents are '<name>.txt' files"
    stem = name.removesuffix(".txt")
    bad = sorted({c for c in stem if not (c.isascii() and (c.isalnum() or c in "._-"))})
    if bad:
        shown = ", ".join("a space" if c == " " else repr(c) for c in bad)
        return (f"file name has {shown}; document file names may hold only letters, digits, '.', '_' and '-' "
                "(the name becomes the document id), e.g. rename it to " + repr(_suggested_name(stem) + ".txt"))
    return "document file names must start with a letter or digit (the name becomes the document id)"


def _suggested_name(stem: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-._")
    return cleaned or "document"


@dataclass(frozen=True)
class Unit:
    """A piece of the raw corpus one worker reads on its own: a JSONL shard, or a run of cluster folders."""

    kind: str  # "jsonl" or "folders"
    paths: tuple[str, ...]  # relative to the raw root, sorted
    nbytes: int  # raw bytes, for planning


def discover(root: Path, unit_bytes: int = 32 * 2**20) -> tuple[list[Unit], list[str]]:
    """The work units under `root`, in a fixed order, and the problems met listing them.

    Units depend only on the corpus (never on the number of workers), which keeps outputs identical
    however the work is spread.
    """
    if not root.is_dir():
        return [], [f"{root}: raw folder not found (expected one sub-folder per story cluster, or *.jsonl files)"]
    if (root / RELEASE_MARK).is_file():  # the release itself, as `--raw dataset` for `--raw dataset/raw`
        inner = f": did you mean --raw {root / 'raw'}?" if (root / "raw").is_dir() else ""
        return [], [f"{root}: a release folder, not a raw folder{inner}"]
    real_root = root.resolve()
    problems: list[str] = []
    units: list[Unit] = []
    batch: list[str] = []
    batch_bytes = 0
    for entry in sorted(root.iterdir()):
        if entry.name.startswith(".") or entry.name in (LEDGER, CORPUS):  # read by the build itself
            continue
        if problem := _link_problem(entry, real_root, root):
            problems.append(problem)
        elif entry.is_file() and entry.name.endswith(JSONL_SUFFIXES):
            units.append(Unit("jsonl", (entry.name,), jsonl_size(entry)))
        elif entry.is_dir():
            if not CLUSTER_ID.fullmatch(entry.name):
                problems.append(f"{entry}: cluster folder name {validate.SLUG_WORDS}")
                continue
            if (mistaken := _not_a_cluster(entry)) is not None:
                problems.append(mistaken)
                continue
            batch.append(entry.name)
            batch_bytes += sum(p.stat().st_size for p in entry.iterdir() if p.is_file() and not p.is_symlink())
            if batch_bytes >= unit_bytes:
                units.append(Unit("folders", tuple(batch), batch_bytes))
                batch, batch_bytes = [], 0
        else:
            problems.append(
                f"{entry}: unexpected file; the raw folder holds cluster folders and *.jsonl[.gz|.zst] files"
            )
    if batch:
        units.append(Unit("folders", tuple(batch), batch_bytes))
    if not units and not problems:
        problems.append(f"{root}: no clusters found")
    return units, problems


def _not_a_cluster(folder: Path) -> str | None:
    """Why a folder is a raw folder or a release rather than a story's texts (a --raw one level too high)."""
    names = {p.name for p in folder.iterdir()}
    if RELEASE_MARK in names:
        return f"{folder}: a release folder, not a story cluster: is --raw one folder too high?"
    if names & {CORPUS, LEDGER} or any(name.endswith(JSONL_SUFFIXES) for name in names):
        return (f"{folder}: a raw folder itself (JSON Lines shards, {CORPUS} or {LEDGER}), not a story cluster: "
                f"did you mean --raw {folder}?")
    return None


@dataclass(frozen=True)
class LooseDocument:
    """A document from a JSONL line; its cluster's metadata may be on another line or in another shard."""

    cluster_id: str
    document: RawDocument


@dataclass(frozen=True)
class ClusterMetadata:
    """A cluster's metadata from a JSONL line."""

    cluster_id: str
    where: str
    rel: str
    fields: Mapping[str, Any]


def read_unit(root: Path, unit: Unit, problems: list[str], limits: Limits = Limits()) -> Iterator[
    RawCluster | LooseDocument | ClusterMetadata
]:
    """Stream one unit's contents; problems are appended as they are met.

    Checks that span units (duplicate ids, conflicting metadata) are the planner's job.
    """
    real_root = root.resolve()
    if unit.kind == "folders":
        for name in unit.paths:
            yield _read_folder(root / name, root, real_root, limits, problems)
    else:
        yield from _read_jsonl(root / unit.paths[0], unit.paths[0], limits, problems)


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
    if problem := _link_problem(meta_path, real_root, root):
        problems.append(problem)
    elif not meta_path.is_file():
        problems.append(f"{meta_path}: missing; every cluster needs a cluster.json with its reference summary")
    else:
        data = _read_bytes(meta_path, limits, problems)
        if data is not None:
            try:
                parsed = parse_cluster_json(data)
            except UnicodeDecodeError as err:
                problems.append(f"{meta_path}: not valid UTF-8 at {byte_position(data, err.start)}; JSON files "
                                "must be UTF-8")
            except ValueError as err:
                problems.append(_json_problem(str(meta_path), err))
            else:
                found = validate.problems("cluster_source", parsed, source=str(meta_path), record_id=folder.name)
                problems.extend(found)
                metadata = parsed if not found else None
                if metadata is not None:
                    problems.extend(metadata_problems(metadata, str(meta_path), folder.name))
    listed = (metadata or {}).get("documents", {})
    default_encoding = _check_encoding((metadata or {}).get("encoding"), f"{meta_path}: $.encoding", problems)
    documents = []
    for path in sorted(folder.iterdir()):
        if path.name == METADATA_FILE or path.name.startswith("."):
            continue
        if problem := _link_problem(path, real_root, root):
            problems.append(problem)
            continue
        if not DOC_FILE.fullmatch(path.name) or not path.is_file():
            problems.append(f"{path}: {_document_name_problem(path.name, path.is_file())}")
            continue
        data = _read_bytes(path, limits, problems)
        if data is None:
            continue
        meta = dict(listed.get(path.name, {}))
        encoding = _check_encoding(meta.pop("encoding", None), f"{meta_path}: $.documents['{path.name}'].encoding",
                                   problems)
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
    if path.name.endswith((".gz", ".zst")) and path.stat().st_size == 0:
        raise EOFError("empty file: compressed data holds at least a header (was the copy cut short?)")
    if path.name.endswith(".gz"):
        return gzip.open(path, "rb")
    if path.name.endswith(".zst"):
        import zstandard

        handle = path.open("rb")
        try:
            check_zstd_frames(handle)
            handle.seek(0)
        except BaseException:
            handle.close()
            raise
        reader = zstandard.ZstdDecompressor().stream_reader(handle, read_across_frames=True)
        return io.BufferedReader(reader)  # type: ignore[arg-type]
    return path.open("rb")


class NotZstdError(ValueError):
    """A .zst file whose frames are not zstd frames."""


def unreadable_errors() -> tuple[type[BaseException], ...]:
    """What reading a shard raises when the file, not the code, is at fault: I/O, truncation, corrupt data."""
    import zstandard

    return OSError, EOFError, zlib.error, zstandard.ZstdError, NotZstdError


_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_SKIPPABLE = range(0x184D2A50, 0x184D2A60)


def check_zstd_frames(handle: IO[bytes]) -> None:
    """Walk the frames and block headers of a zstd stream, and raise EOFError if it is cut short.

    zstandard's stream reader ends quietly at a truncated frame (it gives what it decoded, or
    nothing), so a shard cut in a copy would lose its clusters without a word; gzip raises. The walk
    reads only headers and seeks over block contents, so it costs little, and the decompression
    itself stays with zstandard's bounded reader.
    """
    import zstandard

    def need(size: int) -> bytes:
        data = handle.read(size)
        if len(data) < size:
            raise EOFError("zstd data ends inside a frame: the file is truncated")
        return data

    while head := handle.read(4):
        if len(head) < 4:
            raise EOFError("zstd data ends inside a frame header: the file is truncated")
        if int.from_bytes(head, "little") in _SKIPPABLE:
            handle.seek(int.from_bytes(need(4), "little"), io.SEEK_CUR)
            continue
        if head != _ZSTD_MAGIC:
            raise NotZstdError("not zstd data (bad frame magic number)")
        header = head + handle.read(14)  # the longest frame header
        try:
            size = zstandard.frame_header_size(header)
            checksum = zstandard.get_frame_parameters(header).has_checksum
        except zstandard.ZstdError as err:  # too few bytes to read the header from
            raise EOFError("zstd data ends inside a frame header: the file is truncated") from err
        if len(header) < size:
            raise EOFError("zstd data ends inside a frame header: the file is truncated")
        handle.seek(size - len(header), io.SEEK_CUR)
        last = False
        while not last:
            block = int.from_bytes(need(3), "little")
            last, kind, length = bool(block & 1), (block >> 1) & 3, block >> 3
            handle.seek(1 if kind == 1 else length, io.SEEK_CUR)  # an RLE block holds one byte
        if checksum:
            need(4)
    if handle.tell() > handle.seek(0, io.SEEK_END):
        raise EOFError("zstd data ends inside a block: the file is truncated")


SIZE_CHUNK = 1 << 20


def jsonl_size(path: Path) -> int:
    """The bytes of JSON Lines a shard holds, decompressed: what the plan sizes the work by, so a corpus
    gzipped or recompressed is cut into the same partitions and published in the same bytes. A shard that
    can't be read counts its size on disk (the main pass reports it)."""
    if path.name.endswith(".jsonl"):
        return path.stat().st_size
    size = 0
    try:
        with open_jsonl(path) as handle:
            while chunk := handle.read(SIZE_CHUNK):
                size += len(chunk)
    except unreadable_errors():
        return path.stat().st_size
    return size


def iter_jsonl(path: Path, max_line_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, raw line) pairs; None for a line over the limit (the caller reports it). An editor's
    byte-order mark before the first line is not part of it, as for raw texts and `ingest`'s sources."""
    with open_jsonl(path) as handle:
        for number, line in enumerate(handle, start=1):
            if number == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8):]
            yield number, (line if len(line) <= max_line_bytes else None)


JSONL_BATCH = 512  # document and cluster lines validated together (vectorized)
# The optional fields of a JSONL document line carried into its published record.
DOCUMENT_META = ("source", "url", "date", "title", "position", "source_doc_id", "origin", "timestamp")
_BATCHED = ("document", "cluster")  # line types with a `$defs` entry of their own in raw_line


def max_line_bytes(limits: Limits) -> int:
    """The longest JSONL line read: a whole document plus room for its metadata."""
    return limits.max_file_bytes + 4096


def jsonl_texts(path: Path, limits: Limits) -> Iterator[tuple[str, str, str | None]]:
    """(cluster id, text, site) of every document line of a shard, parsed but not validated: for the count pass.

    Any line the full read would refuse (bad JSON, a record breaking the schema, a text that is not
    text) is a problem that fails the build in the main pass, so leaving the checks out here cannot
    change the counts of a build that succeeds; it only saves a second validation of every line.
    """
    max_line = max_line_bytes(limits)
    try:
        for _, line in iter_jsonl(path, max_line):
            try:
                record = json.loads(line) if line is not None and line.strip() else None
            except (ValueError, RecursionError):  # bad UTF-8 or JSON, or nested too deep: reported by the main pass
                continue
            if (isinstance(record, dict) and record.get("type") == "document" and isinstance(record.get("text"), str)
                    and isinstance(record.get("cluster_id"), str)):
                text = record["text"]
                text = text[1:] if text.startswith("\ufeff") else text  # as decode_raw reads it
                yield record["cluster_id"], text, document_site(record)
    except unreadable_errors():  # reported by the main pass
        return


def _read_jsonl(path: Path, rel: str, limits: Limits, problems: list[str]) -> Iterator[LooseDocument | ClusterMetadata]:
    max_line = max_line_bytes(limits)
    batch: list[tuple[str, str, Any]] = []  # (where, rel, parsed document line), validated together
    try:
        for number, line in iter_jsonl(path, max_line):
            where = f"{path}:{number}"
            if line is not None and not line.strip():
                continue
            unread: list[str] = []  # a line's own problems, reported after those of the lines before it
            record = _UNPARSABLE if line is None else _parse_line(line, where, unread)
            if isinstance(record, dict) and record.get("type") in _BATCHED:
                batch.append((where, f"{rel}:{number}", record))
                if len(batch) >= JSONL_BATCH:
                    yield from _validated(batch, problems)
                    batch = []
                continue
            yield from _validated(batch, problems)  # what came before is reported first
            batch = []
            if line is None:
                problems.append(f"{where}: line is longer than {max_line} bytes (limit from --max-file-bytes)")
            elif record is _UNPARSABLE:
                problems.extend(unread)
            else:
                _report_other_line(record, where, problems)
        yield from _validated(batch, problems)
    except (OSError, EOFError) as err:
        problems.append(f"{path}: cannot read: {err}")
    except unreadable_errors() as err:
        problems.append(f"{path}: corrupt compressed data: {err}")


_UNPARSABLE = object()


def _parse_line(line: bytes, where: str, problems: list[str]) -> Any:
    try:
        return parse_json(line.decode("utf-8").rstrip("\r\n"))
    except UnicodeDecodeError as err:
        problems.append(f"{where}: not valid UTF-8 at byte {err.start} of the line")
    except ValueError as err:  # JSONDecodeError, DuplicateKeyError
        problems.append(_json_problem(where, err, one_line=True))
    return _UNPARSABLE


def _validated(batch: list[tuple[str, str, Any]], problems: list[str]) -> Iterator[LooseDocument | ClusterMetadata]:
    """Document and cluster lines validated in bulk per kind, then reported and yielded in line order."""
    found: list[list[str]] = [[] for _ in batch]
    for kind in _BATCHED:
        chosen = [k for k, (_, _, record) in enumerate(batch) if record["type"] == kind]
        if not chosen:
            continue
        records = [batch[k][2] for k in chosen]
        wheres = [batch[k][0] for k in chosen]
        labels = [_record_label(r) for r in records]
        for k, bad in zip(chosen, validate.problems_each("raw_line", kind, records, wheres, labels)):
            found[k] = bad
    for (where, rel, record), bad in zip(batch, found):
        if bad:
            problems.extend(bad)
        elif record["type"] == "document" and (why := placeholder_url(record.get("url"))):
            problems.append(f"{where}: record {_record_label(record)!r}: $.url: {why}")
        elif record["type"] == "document":
            meta = {k: record[k] for k in DOCUMENT_META if record.get(k) is not None}
            raw = RawDocument(record["name"], where, rel, record["text"].encode("utf-8"), meta)
            yield LooseDocument(record["cluster_id"], raw)
        else:
            problems.extend(metadata_problems(record, where, record["cluster_id"]))
            fields = {k: v for k, v in record.items() if k not in ("type", "cluster_id")}
            yield ClusterMetadata(record["cluster_id"], where, rel, fields)


def _record_label(record: dict[str, Any]) -> str:
    """The record a JSONL line's problems name: a document's id ('<cluster id>/<name>'), as the build calls it,
    when the line gives both parts as strings; else the cluster id."""
    cluster, name = record.get("cluster_id"), record.get("name")
    if record.get("type") == "document" and isinstance(cluster, str) and isinstance(name, str):
        return f"{cluster}/{name}"
    return str(cluster)


def _report_other_line(record: Any, where: str, problems: list[str]) -> None:
    """A line that is neither a document nor a cluster: the schema's oneOf says what is allowed."""
    label = record.get("cluster_id") if isinstance(record, dict) else None
    found = validate.problems("raw_line", record, source=where, record_id=str(label))
    problems.extend(found or [f"{where}: record {label!r}: not a document or cluster line"])
