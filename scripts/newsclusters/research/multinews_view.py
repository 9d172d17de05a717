"""The Multi-News-compatible view of the clusters: one `document` string and one `summary` per cluster.

Multi-News (Fabbri et al. 2019) stores a cluster's source articles as one string with the articles
separated by "|||||"; in the original .src files a newline is written as the token NEWLINE_CHAR.
The Hugging Face `multi_news` loading script (which this view follows) yields
`document = src_line.strip().replace("NEWLINE_CHAR", "\\n")` and
`summary = tgt_line.strip().lstrip("- ")`: real newlines, and the reference without the dash that
opens every Multi-News summary. Code written for that loader (training scripts, `split("|||||")`
to get the articles back) therefore runs unchanged on this view:

* `document`: the cleaned texts of the cluster's documents in source (doc_id) order, joined by
  MULTINEWS_SEPARATOR (" ||||| "), paragraphs separated by "\\n" as in the release. No separator
  after the last article (Multi-News has a trailing one on some examples, which readers strip).
  Titles are left out: Multi-News' documents are article bodies only, and a title line would
  change the inputs, lengths and extractiveness that Multi-News models are tuned for.
* `summary`: the reference as released (NewsClusters summaries carry no leading dash).
* `cluster_id`: kept as a third column so outputs can be scored against the release
  (`newsclusters.research.rouge` keys predictions by cluster id) and traced back to it. Multi-News
  training scripts only read `document` and `summary`, so the extra column breaks none of them;
  drop it with `dataset.remove_columns("cluster_id")` if a tool insists on exactly two.

A document whose text contains "|||||" would make the articles impossible to split back apart, so
it is refused with ResearchInputError instead of being silently merged with its neighbour.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsclusters.errors import ResearchInputError
from newsclusters.files import temporary_beside
from newsclusters.pipeline.corpus import CORPUS
from newsclusters.pipeline.ledger import LEDGER
from newsclusters.pipeline.raw import JSONL_SUFFIXES
from newsclusters.pipeline.split import SPLITS
from newsclusters.research.release import check_outside, iter_clusters, splits_of

if TYPE_CHECKING:
    import datasets

MULTINEWS_SEPARATOR = " ||||| "
SEPARATOR_TOKEN = MULTINEWS_SEPARATOR.strip()  # what readers split on; no document may contain it
MULTINEWS_COLUMNS = ("document", "summary", "cluster_id")  # the view's columns, in this order
EXPORT_FORMATS = ("jsonl", "parquet")
READ_COLUMNS = ["cluster_id", "summary", "documents"]
PARQUET_BATCH_ROWS = 256  # rows per Parquet row group when exporting: a split is streamed, never held whole
PARQUET_COMPRESSION = "zstd"
# Characters str.splitlines() treats as line breaks that json.dumps(ensure_ascii=False) leaves raw;
# escaping them keeps "one object per line" true for every reader, not only those splitting on "\n".
_LINE_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _texts(documents: Sequence[Mapping[str, Any]] | Mapping[str, Sequence[Any]]) -> list[str]:
    """The documents' texts, from a list of dicts or the dict of lists `datasets` gives for a Sequence feature."""
    if isinstance(documents, Mapping):
        return [text or "" for text in documents["text"]]
    return [doc["text"] or "" for doc in documents]


def multinews_document(texts: Sequence[str], cluster_id: str | None = None) -> str:
    """The articles joined as Multi-News does; raises if one contains the separator token."""
    for position, text in enumerate(texts):
        if SEPARATOR_TOKEN in text:
            raise ResearchInputError(
                "cluster row", f"document {position} contains {SEPARATOR_TOKEN!r}, the Multi-News article "
                "separator: its articles could not be split apart again", record=cluster_id, field="documents")
    return MULTINEWS_SEPARATOR.join(texts)


def to_multinews(row: Mapping[str, Any]) -> dict[str, str]:
    """One cluster row (as from `iter_clusters`) as {"document", "summary", "cluster_id"}, in that key order."""
    cluster_id = row["cluster_id"]
    return {
        "document": multinews_document(_texts(row["documents"]), cluster_id),
        "summary": row["summary"],
        "cluster_id": cluster_id,
    }


def _to_multinews_batch(batch: Mapping[str, list[Any]]) -> dict[str, list[str]]:
    rows = [to_multinews(dict(zip(READ_COLUMNS, values))) for values in zip(*(batch[c] for c in READ_COLUMNS))]
    return {column: [row[column] for row in rows] for column in MULTINEWS_COLUMNS}


def multinews_view(dataset: datasets.Dataset) -> datasets.Dataset:
    """The Multi-News view of a loaded split of the `clusters` config: columns document, summary, cluster_id.

    Example::

        from datasets import load_dataset
        from newsclusters.research.multinews_view import multinews_view

        test = multinews_view(load_dataset("dataset")["test"])  # "dataset": the release folder
        articles = test[0]["document"].split("|||||")

    The result is kept in memory (no cache file is written anywhere, least of all in the release
    folder) and recomputed on every call, so it is the same whatever the cache holds.
    """
    import datasets as hf

    missing = [c for c in READ_COLUMNS if c not in dataset.column_names]
    if missing:
        raise ResearchInputError("dataset", f"not the clusters config: no column(s) {', '.join(missing)} "
                                 f"(it has: {', '.join(dataset.column_names)})")
    features = hf.Features({column: hf.Value("string") for column in MULTINEWS_COLUMNS})
    return dataset.map(_to_multinews_batch, batched=True, remove_columns=dataset.column_names, features=features,
                       keep_in_memory=True, load_from_cache_file=False)


def iter_multinews(release: Path, split: str) -> Iterator[dict[str, str]]:
    """The Multi-News view of one split of a release folder, row by row, in the release's order (`iter_clusters`)."""
    for row in iter_clusters(release, split, columns=READ_COLUMNS):
        try:
            view = to_multinews(row)
        except ResearchInputError as err:  # name the release and split the row came from
            raise ResearchInputError(f"{release}, {split} split", err.problem, record=err.record,
                                     field=err.field) from None
        yield view


def jsonl_line(row: Mapping[str, str]) -> str:
    """One JSON Lines record: UTF-8 text as is, keys in the row's order, ending in a newline."""
    line = json.dumps(dict(row), ensure_ascii=False)
    for char, escaped in _LINE_BREAKS.items():
        line = line.replace(char, escaped)
    return line + "\n"


def _write_jsonl(path: Path, rows: Iterable[Mapping[str, str]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for row in rows:
            handle.write(jsonl_line(row))
            count += 1
    return count


def _write_parquet(path: Path, rows: Iterable[Mapping[str, str]]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(column, pa.string()) for column in MULTINEWS_COLUMNS])
    count = 0
    with pq.ParquetWriter(path, schema, compression=PARQUET_COMPRESSION) as writer:
        batch: list[Mapping[str, str]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == PARQUET_BATCH_ROWS:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or count == 0:  # an empty split still gets a readable file with the schema
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def export_multinews(release: Path, out: Path, fmt: str = "jsonl") -> dict[str, int]:
    """Write the Multi-News view of every split of `release` as `out/<split>.jsonl` or `out/<split>.parquet`.

    JSON Lines: one object per line, keys document, summary, cluster_id, UTF-8 unescaped. Parquet:
    three string columns, zstd-compressed. Each split is streamed from the release into a temporary
    file in `out`; the files are renamed into place once every split is written, so a reader never sees
    half a file and a failed export leaves the folder as it was (no view of two releases). Then view
    files of an earlier export that this one did not write (another release's split, the other format)
    are removed: `load_dataset(out)` reads every split file in the folder. Returns the rows written per
    split.
    """
    if fmt not in EXPORT_FORMATS:
        expected = ", ".join(EXPORT_FORMATS)
        raise ResearchInputError(str(out), f"unknown export format {fmt!r}; expected one of {expected}")
    splits = splits_of(release)
    if not splits:
        raise ResearchInputError(str(release), "not a NewsClusters release: no Parquet shards in data/clusters")
    check_outside(out, release, "export folder")
    if out.is_dir() and (raw := [p.name for p in out.iterdir() if p.name in (CORPUS, LEDGER) or p.name.endswith(
            JSONL_SUFFIXES) and p.name.split(".")[0] not in SPLITS]):
        raise ResearchInputError(str(out), f"a raw folder ({raw[0]}): the view's split files would be read as raw "
                                 "texts by the next build; export into a folder of its own")
    out.mkdir(parents=True, exist_ok=True)
    write = _write_jsonl if fmt == "jsonl" else _write_parquet
    counts: dict[str, int] = {}
    written: dict[str, Path] = {}  # file name -> its temporary, renamed into place once every split is written
    try:
        for split in splits:
            name = f"{split}.{fmt}"
            written[name] = temporary_beside(out / name)
            counts[split] = write(written[name], iter_multinews(release, split))
        for name, temporary in list(written.items()):
            os.replace(temporary, out / name)
            del written[name]  # in place: no longer ours to remove
    finally:
        for temporary in written.values():
            temporary.unlink(missing_ok=True)
    for stale in sorted({f"{s}.{f}" for s in SPLITS for f in EXPORT_FORMATS} - {f"{s}.{fmt}" for s in splits}):
        (out / stale).unlink(missing_ok=True)  # an earlier export's split would be loaded with this one
    return counts
