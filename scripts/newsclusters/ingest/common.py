"""What every ingest format shares: the raw line shapes, cluster ids, splits from file names, reading sources.

The line builders are pure and fix the key order of every line written, so the same source gives
the same bytes. Reading (`open_source`, `json_records`) is the only I/O here: formats stream a
source one record at a time and never hold a whole file.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TypeVar

from newsclusters.errors import ResearchInputError
from newsclusters.pipeline.split import SPLITS
from newsclusters.pipeline.strict_json import parse_json, parse_problem
from newsclusters.wording import json_type

ARTICLE_SEPARATOR = "|||||"  # Multi-News's separator between the articles of one example
CLUSTER_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # schema/document.schema.json#/properties/cluster_id
MAX_PREFIX = 60  # so '<prefix>-validation-<index>' fits the schema's 100 characters with room for any index
# Names a file's split may carry, as the corpora spell them; the value is the published split.
SPLIT_WORDS: Mapping[str, str] = {
    "train": "train", "training": "train",
    "val": "validation", "valid": "validation", "validation": "validation", "dev": "validation",
    "test": "test",
}
# The --split value that pins nothing: the build's split policy assigns each cluster (by a hash of its id),
# as it does a folder cluster without a pin. It stands where a split does in cluster ids and shard names.
UNPINNED = "unpinned"
SHARD_SPLITS = (*SPLITS, UNPINNED)  # the words a shard's or cluster id's split part may be
PART = re.compile(r"-(\d+)-of-(\d+)$")  # Hugging Face shard names: test-00000-of-00002.parquet
# The key order of every line written: metadata first, the long text last, so `zstdcat | head` reads well.
CLUSTER_KEYS = ("type", "cluster_id", "summary", "summary_author", "split", "source_cluster_id", "date", "category")
REQUIRED_CLUSTER_KEYS = frozenset(CLUSTER_KEYS[:5])  # written even when blank, so the schema names the problem
DOCUMENT_KEYS = ("type", "cluster_id", "name", "position", "title", "source", "url", "date", "timestamp",
                 "source_doc_id", "origin", "text")


@dataclass(frozen=True)
class Options:
    """Every ingest option with its default; `ingest(**options)` takes these names."""

    shard_mb: float = 64.0  # MiB of uncompressed JSON per shard; one cluster's lines always share a shard
    force: bool = False  # replace shards of the same name instead of refusing
    name: str | None = None  # cluster-id and shard-name prefix (a lowercase slug); default: the format's
    summary_author: str | None = None  # default: the source corpus, with its paper
    split: str | None = None  # pins every file to this split (or UNPINNED) instead of reading it from the file name
    mapping: Mapping[str, str] = field(default_factory=dict)  # jsonl: {map key: record field}
    separator: str = ARTICLE_SEPARATOR  # jsonl: between the documents of a `documents` string
    summary_index: int | None = None  # jsonl: which reference to keep when `summary` is a list


@dataclass(frozen=True)
class Naming:
    """How the clusters of one source file are named and attributed."""

    prefix: str
    summary_author: str
    split: str | None  # the file's split or UNPINNED; None when each record names its own (jsonl --map split=...)
    start: int = 0  # index of the file's first example in its split: the parts of one split continue

    def cluster_id(self, index: int, split: str) -> str:
        """'<prefix>-<split>-<index:06d>': says where the cluster came from, stable across runs."""
        return f"{self.prefix}-{split}-{self.start + index:06d}"


@dataclass(frozen=True)
class Example:
    """One example of a source corpus as raw lines: its cluster line and its document lines in source order."""

    source: str  # the file it came from, for messages
    line: int  # 1-based line of that file (Parquet: row)
    cluster: dict[str, Any]
    documents: list[dict[str, Any]]
    documents_field: str  # the source field holding the articles, e.g. 'articles'
    # line field -> the source field it came from (cluster, then document lines), so errors name the latter
    fields: Mapping[str, str] = field(default_factory=dict)
    document_fields: Mapping[str, str] = field(default_factory=dict)

    @property
    def split(self) -> str:
        """The split the example was pinned to, or UNPINNED: what its shard is named after."""
        return str(self.cluster.get("split", UNPINNED))

    def source_field(self, document: int | None, line_field: str) -> str:
        """The source field a line field came from, e.g. 'articles[2].time' for document 2's 'timestamp'."""
        if document is None:
            return self.fields.get(line_field, line_field)
        return f"{self.documents_field}[{document}].{self.document_fields.get(line_field, line_field)}"


def cluster_line(cluster_id: str, summary: str, summary_author: str, split: str, **meta: Any) -> dict[str, Any]:
    """A cluster line in the fixed key order; metadata that is None or empty is left out, and so is the split
    of an UNPINNED cluster (a pin is what the build reads the key as)."""
    values = {"type": "cluster", "cluster_id": cluster_id, "summary": summary, "summary_author": summary_author,
              "split": split, **meta}
    keys = [k for k in CLUSTER_KEYS if not (k == "split" and split == UNPINNED)]
    return {k: values[k] for k in keys if k in REQUIRED_CLUSTER_KEYS or _present(values.get(k))}


def document_lines(cluster_id: str, documents: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Document lines named by zero-padded position ('000', '001', ...), so name order is source order.

    Each of `documents` holds 'text' and any optional metadata of DOCUMENT_KEYS.
    """
    width = max(3, len(str(len(documents) - 1)))
    lines = []
    for position, document in enumerate(documents):
        values = {**document, "type": "document", "cluster_id": cluster_id, "name": f"{position:0{width}d}",
                  "position": position}
        lines.append({k: values[k] for k in DOCUMENT_KEYS if k == "text" or _present(values.get(k))})
    return lines


def _present(value: Any) -> bool:
    """An optional value worth writing: not None and not an empty string (the schema wants 1+ characters)."""
    return value is not None and value != ""


def split_articles(document: str, separator: str = ARTICLE_SEPARATOR) -> list[str]:
    """The articles of a joined document, each stripped of the white space around it.

    An empty piece between two separators is kept (the build reports it as an empty document), but a
    separator ending the string is a terminator, not an article: Multi-News's raw release appends one
    to every story, and an empty last piece would otherwise be reported for most examples.
    """
    pieces = [piece.strip() for piece in document.split(separator)]
    if len(pieces) > 1 and not pieces[-1]:
        pieces.pop()
    return pieces


def split_from_name(path: Path) -> str | None:
    """The split a file's name gives ('test.src', 'val.jsonl.gz', 'test-00000-of-00001.parquet',
    'wcep_train.jsonl'), or None when it names none or more than one."""
    stem = PART.sub("", path.name.split(".", 1)[0])
    found = {SPLIT_WORDS[w] for w in re.split(r"[-_ ]+", stem.lower()) if w in SPLIT_WORDS}
    return found.pop() if len(found) == 1 else None


def part_of(path: Path) -> tuple[int, int] | None:
    """(part, parts) of a Hugging Face shard name, e.g. (0, 2) for 'train-00000-of-00002.parquet'."""
    found = PART.search(path.name.split(".", 1)[0])
    return (int(found.group(1)), int(found.group(2))) if found else None


def canonical_split(value: Any, source: str, *, line: int | None = None, record: str | None = None,
                    field: str | None = None) -> str:
    """A split as published ('val' and 'dev' are 'validation'), or an error naming where it came from."""
    if isinstance(value, str) and value.strip().lower() in SPLIT_WORDS:
        return SPLIT_WORDS[value.strip().lower()]
    raise ResearchInputError(source, f"unknown split {value!r}; expected one of {', '.join(SPLITS)} "
                             "(or train/val/dev/test as corpora spell them)", line=line, record=record, field=field)


def check_text(value: Any, source: str, line: int, record: str, field: str) -> str:
    """A text (article or summary) as given, or an error: it must be a string, and text (no NUL character)."""
    if not isinstance(value, str):
        raise ResearchInputError(source, f"expected a string, got {json_type(value)}", line=line,
                                 record=record, field=field)
    if "\x00" in value:
        raise ResearchInputError(source, f"binary content: NUL character at character {value.index(chr(0))}",
                                 line=line, record=record, field=field)
    return value


def require(record: Any, key: str, source: str, line: int, record_id: str | None,
            hint: Callable[[dict[str, Any]], str] | None = None) -> Any:
    """record[key], or an error naming the file, the line and the missing field (`hint(record)` after it: how a
    format's reader would find the field under another name)."""
    if not isinstance(record, dict):
        raise ResearchInputError(source, f"expected a JSON object, got {json_type(record)}", line=line,
                                 record=record_id)
    if record.get(key) is None:
        raise ResearchInputError(source, "missing field" + (hint(record) if hint else ""), line=line,
                                 record=record_id, field=key)
    return record[key]


def as_id(value: Any, source: str, line: int, record: str, field: str) -> str | None:
    """A source id as a string (WCEP's event ids are numbers); None when absent."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ResearchInputError(source, f"an id must be a string or an integer, got {json_type(value)}",
                                 line=line, record=record, field=field)
    return str(value)


def open_source(path: Path) -> IO[bytes]:
    """A source file as bytes, gunzipped on the fly when its name ends in .gz."""
    return gzip.open(path, "rb") if path.name.endswith(".gz") else path.open("rb")


def source_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(1-based line number, line) of a UTF-8 text file, split on LF only (a stray CR or U+2028 in an
    article is text, not a line break), without the line ending. A line that is not UTF-8 stops the read."""
    for number, raw in _byte_lines(path):
        text = _decoded(raw, path, number)
        if isinstance(text, ResearchInputError):
            raise text
        yield number, text


def _byte_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """`source_lines` before decoding: (line number, the line's bytes without its ending or a BOM)."""
    with open_source(path) as handle:
        for number, raw in enumerate(_read_lines(handle, path), start=1):
            raw = raw[:-1] if raw.endswith(b"\n") else raw
            raw = raw[:-1] if raw.endswith(b"\r") else raw
            yield number, raw[3:] if number == 1 and raw.startswith(b"\xef\xbb\xbf") else raw


def _decoded(raw: bytes, path: Path, number: int) -> str | ResearchInputError:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return ResearchInputError(str(path), f"not valid UTF-8 at byte {err.start + 1} of the line", line=number)


def _read_lines(handle: IO[bytes], path: Path) -> Iterator[bytes]:
    """The lines of an open source; a file cut short or corrupt is an error naming it, not a traceback."""
    number = 0
    try:
        for number, line in enumerate(handle, start=1):  # noqa: B007 - the count names where it broke
            yield line
    except (OSError, EOFError, zlib.error) as err:  # gzip: BadGzipFile is an OSError; a cut file, EOFError
        raise ResearchInputError(str(path), f"cannot read after line {number}: {err} (is the file complete?)") from err


Read = Example | ResearchInputError  # what a format's reader yields: an example, or one record's problem
T = TypeVar("T")


def attempt(convert: Callable[[], T]) -> T | ResearchInputError:
    """One record converted (or encoded), or its problem: reading goes on, so an ingest reports every bad
    record at once."""
    try:
        return convert()
    except ResearchInputError as err:  # kept without its traceback and causes, whose frames hold the record
        err.__cause__ = err.__context__ = None
        return err.with_traceback(None)


def json_records(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value) of each non-blank line of a JSON Lines file (.gz too); a line that is not
    UTF-8 or not JSON gives its ResearchInputError as the value, and the lines after it are still read."""
    for number, raw in _byte_lines(path):
        text = _decoded(raw, path, number)
        if isinstance(text, ResearchInputError):
            yield number, text
            continue
        if not text.strip():
            continue
        try:
            yield number, parse_json(text)
        except ValueError as err:  # not JSON, a key given twice, a lone surrogate, a number of 4,300+ digits
            hint = (" (JSON Lines expected: one object per line)" if isinstance(err, json.JSONDecodeError)
                    and number == 1 and text.strip() in "[{" else "")
            yield number, ResearchInputError(str(path), parse_problem(err, one_line=True) + hint, line=number)


def count_lines(path: Path) -> int:
    """Lines in a file as `source_lines` reads them, counted in 1 MiB blocks (memory stays flat)."""
    count, last = 0, b"\n"
    with open_source(path) as handle:
        try:
            while block := handle.read(2**20):
                count += block.count(b"\n")
                last = block[-1:]
        except (OSError, EOFError, zlib.error) as err:
            raise ResearchInputError(str(path), f"cannot read after line {count}: {err} (is the file complete?)") from err
    return count + (last != b"\n")
