"""Ingest: an existing summarization corpus -> raw JSON Lines shards the build reads (`dataset/raw/*.jsonl.zst`).

`ingest(fmt, sources, out, **options)` streams each source file example by example: the format's
module turns a record into plain dicts (a cluster line and its document lines, `common.py`), every
line is checked against `schema/raw_line.schema.json`, and `writer.py` appends it to zstd shards
of bounded size. Memory stays flat in the corpus size: a few hundred examples at most are held,
to validate them together.

What the output says about where it came from:

- Cluster ids are `<prefix>-<split>-<index:06d>`, the index being the example's 0-based position in
  its split file (`multinews-test-000042`); `--name` sets the prefix (required for `jsonl`). Two
  files of one split in one call are refused (their ids would clash: `test.src` and
  `test.src.cleaned` are the same examples), except Hugging Face parts of one split
  (`test-00000-of-00002.parquet`, ...), read in part order with the index running on.
- Each cluster is pinned to its file's split (`split`), so an official test set stays the test set
  and results stay comparable with published ones. `--split unpinned` (UNPINNED; the jsonl format
  only) pins none: for a corpus without official splits, the build assigns each cluster by a hash of
  its id, as it does a folder cluster without a pin. Such a cluster is named after its record's id
  (`<prefix>-<16 hex digits of its SHA-256>`), not its place in the file, so that a re-ingest of the
  grown corpus keeps every story in its split, and its shards are named `<prefix>-unpinned-NNNNN`; `source_cluster_id` is the source's own id (WCEP)
  or '<file>:<line>' (Multi-News; for Parquet, the 1-based row).
- Documents are named by their zero-padded position ('000', '001', ...) and carry `position`; an
  empty article stays, as a document with empty text, which the build drops and lists in
  `rejections.jsonl` (`empty_document`); a separator ending the whole string is a terminator, not an
  empty article (Multi-News's raw release ends every story with one).
- `summary_author` names the corpus and its paper unless `--summary-author` says otherwise.
- `corpus.json` in the output folder names the corpus, its terms and its paper
  (schema/corpus.schema.json), so the release built from it is named, licensed and cited as that
  corpus. One raw folder holds one corpus: an ingest into a folder holding another corpus (another
  `corpus.json` name, or raw texts without one) is refused. A `corpus.json` already naming this
  corpus, or listing this ingest's prefix in `prefixes`, is kept as it is (a new prefix is added to
  it), so a curator's edits (the name and terms of a `jsonl` corpus) survive a re-ingest.
- Optional metadata that is null or an empty string (a WCEP article without a title) is left out
  of the line rather than written empty; the schema wants at least one character.
- An example without any document is an error: the build refuses a summary with no documents.

Output bytes depend only on the inputs and the options (lines in a fixed key order, `json.dumps`
with `ensure_ascii=False`, a fixed zstd level, shards cut at fixed sizes), never on the order the
sources are given in. Shards of the same name are not overwritten without `force`; an ingest that
fails writes nothing (see `writer.py`). Anything that cannot be converted is a `ResearchInputError`
naming the file, the line, the record and the source field; the bad records of a corpus are reported
together (`ResearchInputErrors`, up to MAX_PROBLEMS), as a build reports its problems.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from newsclusters.errors import ResearchInputError, raise_all
from newsclusters.files import temporary_beside
from newsclusters.ingest import generic_jsonl, multinews, multinews_hf, wcep
from newsclusters.ingest.common import (
    CLUSTER_ID,
    MAX_PREFIX,
    Example,
    Naming,
    Options,
    Read,
    SHARD_SPLITS,
    UNPINNED,
    attempt,
    canonical_split,
    part_of,
    split_from_name,
)
from newsclusters.ingest.writer import SHARD_SUFFIX, ShardWriter
from newsclusters.pipeline.cluster_meta import placeholder_summary
from newsclusters.pipeline.corpus import CORPUS, Corpus, corpus_text, read_corpus
from newsclusters.pipeline.ledger import LEDGER
from newsclusters.wording import counted

__all__ = ["FORMATS", "Format", "IngestResult", "Options", "SplitCounts", "ingest", "parse_mapping"]

parse_mapping = generic_jsonl.parse_mapping  # the CLI's `--map KEY=FIELD` arguments -> the `mapping` option
VALIDATE_EXAMPLES = 256  # examples whose lines are validated together (vectorized)
VALIDATE_CHARS = 8 * 2**20  # ... or fewer, when their texts reach this size: memory stays bounded
COMMON_OPTIONS = frozenset({"shard_mb", "force", "name", "summary_author", "split"})
MAX_PROBLEMS = 1_000  # bad records collected before reading stops: a broken export need not be read to the end
NOT_INGESTED = "nothing was ingested"


@dataclass(frozen=True)
class Format:
    """An input format: how its files are found, read and attributed."""

    name: str
    help: str
    read: Callable[[Path, Naming, Options], Iterator[Read]]  # examples, and each bad record as its problem
    suffixes: tuple[str, ...]  # the files taken from a folder given as a source
    prefix: str | None  # default cluster-id prefix; None: --name is required
    summary_author: str | None  # default; None: the prefix
    corpus: Callable[[str], Corpus]  # the prefix -> the corpus.json ingest writes
    options: frozenset[str] = COMMON_OPTIONS
    inputs: Callable[[Sequence[Path]], list[Path]] = list  # picks the files to read from those given
    official_splits: bool = True  # its files are the corpus's own splits, which --split unpinned would drop


FORMATS: Mapping[str, Format] = {
    "multinews": Format(
        "multinews", "Multi-News release: <split>.src[.cleaned] + <split>.tgt, articles joined by |||||",
        multinews.read, (".src", ".src.cleaned"), multinews.PREFIX, multinews.SUMMARY_AUTHOR,
        lambda _: multinews.CORPUS, inputs=multinews.inputs),
    "multinews-hf": Format(
        "multinews-hf", "Multi-News as Hugging Face records (document, summary): JSON Lines or Parquet per split",
        multinews_hf.read, multinews_hf.SUFFIXES, multinews_hf.PREFIX, multinews_hf.SUMMARY_AUTHOR,
        lambda _: multinews_hf.CORPUS),
    "wcep": Format(
        "wcep", "WCEP events (id, date, category, summary, articles): <split>.jsonl[.gz]",
        wcep.read, wcep.SUFFIXES, wcep.PREFIX, wcep.SUMMARY_AUTHOR, lambda _: wcep.CORPUS),
    "jsonl": Format(
        "jsonl", "any JSON Lines corpus, fields named with --map KEY=FIELD (see newsclusters.ingest.generic_jsonl)",
        generic_jsonl.read, generic_jsonl.SUFFIXES, None, None, generic_jsonl.corpus,
        options=COMMON_OPTIONS | {"mapping", "separator", "summary_index"}, official_splits=False),
}


@dataclass(frozen=True)
class SplitCounts:
    clusters: int = 0
    documents: int = 0
    empty_documents: int = 0  # blank texts: the build drops them as `empty_document`
    shards: int = 0


@dataclass(frozen=True)
class IngestResult:
    """What one ingest wrote, for the CLI's summary line."""

    format: str
    prefix: str
    sources: tuple[Path, ...]  # the files read, in the order read
    shards: tuple[Path, ...]  # the shards written, sorted
    splits: Mapping[str, SplitCounts]  # per split written (or UNPINNED), in SHARD_SPLITS order
    clusters: int
    documents: int
    empty_documents: int
    uncompressed_bytes: int  # of JSON written

    def summary(self) -> str:
        per_split = ", ".join(f"{s} {c.clusters:,}" for s, c in self.splits.items())
        return (f"ingested {counted(self.clusters, 'cluster')} ({per_split}) with {counted(self.documents, 'document')} "
                f"({self.empty_documents:,} empty) from {counted(len(self.sources), self.format + ' file')} "
                f"into {counted(len(self.shards), 'shard')}")


@dataclass(frozen=True)
class Job:
    """One source file to read, with the split its clusters go to (None: each record says)."""

    path: Path
    split: str | None
    part: tuple[int, int] | None = None  # (part, parts) of a Hugging Face shard set


def ingest(fmt: str, sources: Sequence[Path], out: Path, **options: Any) -> IngestResult:
    """Convert the `sources` of corpus format `fmt` into raw JSONL shards in `out`.

    Options (`Options`): shard_mb=64.0, force=False, name=None, summary_author=None, split=None;
    for `jsonl` also mapping={}, separator='|||||', summary_index=None.
    """
    spec = format_of(fmt)
    if out.exists() and not out.is_dir():
        raise ResearchInputError(str(out), "not a folder: --out names the raw folder the shards go into")
    opts = options_for(spec, options)
    prefix = prefix_for(spec, opts)
    jobs = plan(spec, [Path(s) for s in sources], opts)
    per_record = any(j.split is None for j in jobs)
    splits = [s for s in SHARD_SPLITS if (per_record and s != UNPINNED) or any(j.split == s for j in jobs)]
    author = opts.summary_author or spec.summary_author or prefix
    identity = corpus_to_write(dataclasses.replace(spec.corpus(prefix), prefixes=(prefix,)), out, prefix)
    counts: dict[str, dict[str, int]] = {}
    mapped = generic_jsonl.MappedFields.of(opts.mapping)
    examples = 0
    problems: list[ResearchInputError] = []  # every bad record, reported together (up to MAX_PROBLEMS)
    named: dict[str, tuple[str, int]] = {}  # unpinned cluster id -> the file and line of its record
    with ShardWriter(out, prefix, splits, int(opts.shard_mb * 2**20), opts.force) as writer:
        for split, group in groupby(jobs, key=lambda j: j.split):
            start = 0  # parts of one split continue the index
            for job in group:
                if len(problems) >= MAX_PROBLEMS:
                    break
                records = _Records(spec.read(job.path, naming=Naming(prefix, author, split, start), options=opts),
                                   problems)
                try:
                    for batch in _batches(records):
                        problems += check_lines(batch) + repeated_ids(batch, named)
                        if len(problems) >= MAX_PROBLEMS:
                            break
                        for example in batch if not problems else ():  # once one failed, nothing will be written
                            if isinstance(encoded := attempt(lambda: encode(example)), ResearchInputError):
                                problems.append(encoded)
                                break
                            writer.write(example.split, encoded)
                            _tally(counts.setdefault(example.split, {}), example)
                            if mapped.missing:
                                mapped.see(example)
                        examples += len(batch)
                except ResearchInputError as err:  # the file as a whole: not UTF-8, cut short, its pair diverges
                    problems.append(err)
                    continue
                if not records.read and not records.broken:
                    problems.append(ResearchInputError(str(job.path), "no examples: the file is empty (is it complete?)"))
                start += records.read  # every record numbers an id, a bad one too
        stopped = f" (reading stopped after {MAX_PROBLEMS:,} problems)" if len(problems) >= MAX_PROBLEMS else ""
        raise_all(sorted(problems[:MAX_PROBLEMS], key=lambda e: (e.source, e.line or 0)), NOT_INGESTED + stopped)
        mapped.check(opts.mapping, examples)  # before anything is committed
        staged = temporary_beside(out / CORPUS) if identity else None  # hidden: no build reads it
        try:
            if staged:
                staged.write_text(corpus_text(identity), encoding="utf-8")
            shards = tuple(writer.commit())
            if staged:
                staged.replace(out / CORPUS)
        finally:
            if staged:
                staged.unlink(missing_ok=True)
    splits_out = {
        s: SplitCounts(**counts[s], shards=sum(1 for p in shards if p.name.startswith(f"{prefix}-{s}-")))
        for s in SHARD_SPLITS if s in counts
    }
    return IngestResult(
        spec.name, prefix, tuple(j.path for j in jobs), shards, splits_out,
        clusters=sum(c.clusters for c in splits_out.values()),
        documents=sum(c.documents for c in splits_out.values()),
        empty_documents=sum(c.empty_documents for c in splits_out.values()),
        uncompressed_bytes=writer.uncompressed_bytes,
    )


def corpus_to_write(identity: Corpus, out: Path, prefix: str) -> Corpus | None:
    """The corpus.json to write into `out`, None to keep the one there; refuses a folder of another corpus.

    Checked before anything is written: a release is named and licensed from its raw folder's
    corpus.json, so one folder must not mix corpora.
    """
    existing = read_corpus(out)
    if existing is not None:
        if prefix in existing.prefixes:
            return None  # this corpus, under whatever name a curator gave it since
        if existing.name != identity.name:
            raise ResearchInputError(str(out / CORPUS), f"this raw folder holds {existing.name}, not {identity.name}: "
                                     "ingest each corpus into a raw folder of its own", field="name")
        return dataclasses.replace(existing, prefixes=tuple(sorted({*existing.prefixes, prefix})))
    ours = re.compile(rf"{re.escape(prefix)}-(?:{'|'.join(SHARD_SPLITS)})-\d{{5}}{re.escape(SHARD_SUFFIX)}")
    others = sorted(p.name for p in out.iterdir() if not p.name.startswith(".") and p.name != LEDGER
                    and not ours.fullmatch(p.name)) if out.is_dir() else []
    if others:
        raise ResearchInputError(str(out / others[0]), f"{out} holds raw texts without a {CORPUS} (NewsClusters's own "
                                 f"clusters, or another ingest's): ingest {identity.name} into a folder of its own, so "
                                 f"that its release is named, licensed and cited as {identity.name}'s")
    return identity


def format_of(fmt: str) -> Format:
    if fmt not in FORMATS:
        raise ResearchInputError("ingest", f"unknown format {fmt!r}; known formats: {', '.join(FORMATS)}")
    return FORMATS[fmt]


def options_for(spec: Format, options: Mapping[str, Any]) -> Options:
    """The options as an `Options`, refusing names the format does not take and values that cannot work."""
    defaults = {f.name: f.default for f in dataclasses.fields(Options)}
    for key in options:
        if key not in defaults:
            raise ResearchInputError("ingest", f"unknown option {key!r}; known options: {', '.join(sorted(defaults))}")
        if key not in spec.options and options[key] not in (None, {}, defaults[key]):
            raise ResearchInputError("ingest", f"option {key!r} applies to the jsonl format only, not {spec.name}")
    opts = Options(**options)
    if not opts.shard_mb > 0:
        raise ResearchInputError("ingest", f"--shard-mb must be positive, got {opts.shard_mb}")
    if opts.split is not None and "split" in opts.mapping:
        raise ResearchInputError("--split", "--split and --map split=FIELD both say which split a record goes to; "
                                 "give one")
    if opts.split == UNPINNED and spec.official_splits:
        raise ResearchInputError("--split", f"{spec.name} has official splits, which the release keeps so that "
                                 f"scores compare with published ones; --split {UNPINNED} is for a corpus without "
                                 "them (the jsonl format)")
    if opts.split is not None and opts.split != UNPINNED:
        opts = dataclasses.replace(opts, split=canonical_split(opts.split, "--split"))
    generic_jsonl.fields_of(opts.mapping)  # unknown keys are an error before any file is read
    return opts


def prefix_for(spec: Format, opts: Options) -> str:
    """The cluster-id prefix: --name, else the format's; a lowercase slug short enough for any index."""
    prefix = opts.name or spec.prefix
    if prefix is None:
        raise ResearchInputError("--name", f"missing: the {spec.name} format needs a lowercase slug saying where the "
                                 "clusters come from (e.g. 'duc-2004'); it starts every cluster id and shard name")
    if not CLUSTER_ID.fullmatch(prefix) or len(prefix) > MAX_PREFIX:
        raise ResearchInputError("--name", f"{prefix!r} is not a lowercase slug of at most {MAX_PREFIX} characters "
                                 "(letters, digits and single hyphens, e.g. 'duc-2004')")
    return prefix


def plan(spec: Format, sources: Sequence[Path], opts: Options) -> list[Job]:
    """The files to read, each with its split, in a fixed order (by split, then part, then name).

    Refuses what would give two clusters one id: two files of one split (unless they are the parts
    of one Hugging Face split), or more than one file when each record names its own split.
    """
    jobs = [_job(path, opts) for path in spec.inputs(_expand(spec, sources))]
    if not jobs:
        raise ResearchInputError("ingest", f"no {spec.name} files among the sources given")
    if any(j.split is None for j in jobs) and len(jobs) > 1:
        raise ResearchInputError(str(jobs[1].path), "with --map split=FIELD, give one file per call (the cluster "
                                 "index runs within a file, so two files would give the same ids)")
    jobs.sort(key=lambda j: (SHARD_SPLITS.index(j.split) if j.split else -1, j.part or (0, 0), j.path.name,
                             str(j.path)))
    for split, group in groupby(jobs, key=lambda j: j.split):
        same = list(group)
        if split != UNPINNED and (len(same) > 1 or same[0].part is not None):  # unpinned ids come from record ids
            _check_parts(split, same)
    return jobs


def _expand(spec: Format, sources: Sequence[Path]) -> list[Path]:
    """The files named, and the format's files in folders named; each file once."""
    files: list[Path] = []
    for source in sources:
        if source.is_dir():
            files.extend(sorted(p for p in source.iterdir() if p.is_file() and p.name.endswith(spec.suffixes)
                                and not p.name.startswith(".")))
        elif source.is_file():
            files.append(source)
        else:
            raise ResearchInputError(str(source), "not found")
    unique = {f.resolve(): f for f in files}
    return list(unique.values())


def _job(path: Path, opts: Options) -> Job:
    if opts.split is not None:
        return Job(path, opts.split, part_of(path))
    if "split" in opts.mapping:
        return Job(path, None)
    split = split_from_name(path)
    if split is None:
        raise ResearchInputError(str(path), "cannot tell the split from the file name (train, val/validation, "
                                 f"test); pass --split, or --split {UNPINNED} to let the build's split policy "
                                 "assign the clusters")
    return Job(path, split, part_of(path))


def _check_parts(split: str | None, jobs: list[Job]) -> None:
    """Several files of one split: only the complete parts of one Hugging Face split, each once."""
    parts = [j.part for j in jobs]
    if None in parts or len({total for _, total in parts}) != 1:  # type: ignore[misc]
        first, second = jobs[0].path, jobs[1].path
        raise ResearchInputError(
            str(second), f"a second {split} file (with {first}): their cluster ids would clash. Ingest one of "
            "them, or each in its own call with its own --name")
    numbers = sorted(number for number, _ in parts)  # type: ignore[misc]
    total = parts[0][1]  # type: ignore[index]
    if numbers != list(range(total)):
        raise ResearchInputError(str(jobs[0].path), f"the {split} split has {total} parts but "
                                 f"{len(numbers)} were given ({', '.join(map(str, numbers))}): give them all, so "
                                 "every cluster's index is its place in the split")


class _Records:
    """The examples a reader yields; its bad records go to `problems` (reading stops at MAX_PROBLEMS), and
    `read` counts both kinds, which number the cluster ids of the next part of a split."""

    def __init__(self, read: Iterable[Read], problems: list[ResearchInputError]) -> None:
        self._read, self._problems, self.read, self.broken = read, problems, 0, False

    def __iter__(self) -> Iterator[Example]:
        try:
            for item in self._read:
                self.read += 1
                if isinstance(item, ResearchInputError):
                    self._problems.append(item)
                    if len(self._problems) >= MAX_PROBLEMS:
                        return
                else:
                    yield item
        except ResearchInputError as err:  # the file as a whole: cut short, or its pair diverges
            self._problems.append(err)  # and the records read before it still go to their batch's checks
            self.broken = True


def _batches(examples: Iterable[Example]) -> Iterator[list[Example]]:
    """Examples in groups for validation, bounded by count and by text size."""
    batch: list[Example] = []
    chars = 0
    for example in examples:
        batch.append(example)
        chars += sum(len(d["text"]) for d in example.documents)
        if len(batch) >= VALIDATE_EXAMPLES or chars >= VALIDATE_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def check_lines(examples: Sequence[Example]) -> list[ResearchInputError]:
    """Every line of `examples` against raw_line.schema.json: a problem per bad line (its first), naming the
    source file and line, the record and the source field it came from."""
    from newsclusters.pipeline import validate
    problems = [ResearchInputError(example.source, "no documents: the build refuses a summary without any",
                                   line=example.line, record=str(example.cluster["cluster_id"]),
                                   field=example.documents_field)
                for example in examples if not example.documents]
    for kind, pick in (("cluster", _cluster_lines), ("document", _document_lines)):
        located = [item for example in examples for item in pick(example)]
        records = [record for _, _, record in located]
        labels = [_label(record) for record in records]
        found = validate.problems_each("raw_line", kind, records, [e.source for e, _, _ in located], labels)
        for (example, document, record), failed in zip(located, found):
            if failed:
                error = min(validate.validator("raw_line", kind).iter_errors(record),
                            key=validate.in_document_order)
                line_field = str(error.absolute_path[0]) if error.absolute_path else None
                where = example.source_field(document, line_field) if line_field else None
                problems.append(ResearchInputError(example.source, validate.plain_message(error), line=example.line,
                                                   record=_label(record), field=where))
    for example in examples:  # as the build will: a corpus's stand-in summaries are found here, not there
        if why := placeholder_summary(example.cluster.get("summary")):
            problems.append(ResearchInputError(example.source, f"{why}; fix the record, or drop it, in the source",
                                               line=example.line,
                                               record=str(example.cluster["cluster_id"]),
                                               field=example.source_field(None, "summary")))
    return problems


def repeated_ids(examples: Sequence[Example], named: dict[str, tuple[str, int]]) -> list[ResearchInputError]:
    """A problem for each unpinned record whose id an earlier one has (`named`, which this adds to).

    An unpinned cluster is named after its record's id: two records with one id would be one cluster
    id twice, which the build refuses with the shard's lines, not the source's. Pinned clusters are
    numbered by their place in their split, so they can't meet.
    """
    problems = []
    for example in examples:
        if example.cluster.get("split") is not None:
            continue
        cluster_id = str(example.cluster["cluster_id"])
        if (first := named.setdefault(cluster_id, (example.source, example.line))) != (example.source, example.line):
            problems.append(ResearchInputError(
                example.source, f"the same id as {first[0]}:{first[1]} ({example.cluster.get('source_cluster_id')!r}): "
                "an unpinned cluster is named after its record's id, so each record needs an id of its own",
                line=example.line, record=cluster_id, field=example.source_field(None, "source_cluster_id")))
    return problems


def _cluster_lines(example: Example) -> list[tuple[Example, int | None, dict[str, Any]]]:
    return [(example, None, example.cluster)]


def _document_lines(example: Example) -> list[tuple[Example, int | None, dict[str, Any]]]:
    return [(example, position, record) for position, record in enumerate(example.documents)]


def _label(record: Mapping[str, Any]) -> str:
    return f"{record['cluster_id']}/{record['name']}" if record.get("type") == "document" else str(record["cluster_id"])


def encode(example: Example) -> list[bytes]:
    """An example's lines as UTF-8 JSON Lines, the cluster line first.

    U+2028, U+2029 and U+0085 are written escaped: json.dumps leaves them raw, and readers that split
    with str.splitlines() would take them for line breaks.
    """
    try:
        return [(_escape_breaks(json.dumps(line, ensure_ascii=False)) + "\n").encode("utf-8")
                for line in (example.cluster, *example.documents)]
    except UnicodeEncodeError as err:  # a lone surrogate from a JSON source's \\ud800 escape
        raise ResearchInputError(example.source, f"not encodable as UTF-8 (lone surrogate at character {err.start})",
                                 line=example.line, record=str(example.cluster["cluster_id"])) from err


def _escape_breaks(text: str) -> str:
    for char, escaped in _LINE_BREAKS.items():
        if char in text:
            text = text.replace(char, escaped)
    return text


_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085"}


def _tally(counts: dict[str, int], example: Example) -> None:
    counts["clusters"] = counts.get("clusters", 0) + 1
    counts["documents"] = counts.get("documents", 0) + len(example.documents)
    counts["empty_documents"] = counts.get("empty_documents", 0) + sum(
        1 for d in example.documents if not d["text"].strip())
