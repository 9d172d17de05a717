"""Multi-News as the Hugging Face loader gives it: records of `document` (the articles joined by
`|||||`, real newlines) and `summary`, one file per split, as JSON Lines (.jsonl/.json, optionally
.gz) or Parquet (read in batches of rows, never whole).

Cluster ids use the `multinews` prefix and the index in the split, as the `multinews` format does:
the same example gets the same id and the same lines whichever form it came in (only
`source_cluster_id`, '<file>:<line or row>', differs). The summary's leading "– " is dropped as
there (the Hub's copies keep it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsclusters.errors import ResearchInputError
from newsclusters.ingest.common import Example, Naming, Options, Read, attempt, json_records, require
from newsclusters.ingest.multinews import CORPUS, PREFIX, SUMMARY_AUTHOR, example

__all__ = ["CORPUS", "PREFIX", "SUMMARY_AUTHOR", "SUFFIXES", "example", "read"]

SUFFIXES = (".jsonl", ".json", ".jsonl.gz", ".json.gz", ".parquet")
COLUMNS = ("document", "summary")
PARQUET_BATCH_ROWS = 256  # rows decoded at a time


def read(path: Path, naming: Naming, options: Options) -> Iterator[Read]:
    """The examples of one split file, streamed (a bad one as its problem)."""
    rows = _parquet_rows(path, naming) if path.name.endswith(".parquet") else _json_rows(path, naming)
    for index, (line, document, summary_text) in enumerate(rows):
        yield document if isinstance(document, ResearchInputError) else attempt(
            lambda: example(document, summary_text, naming=naming, index=index, source=str(path), line=line,
                            summaries=str(path), field="document", newline_token=False))


def _json_rows(path: Path, naming: Naming) -> Iterator[tuple[int, Any, Any]]:
    for index, (line, record) in enumerate(json_records(path)):
        label = naming.cluster_id(index, str(naming.split))
        try:
            if isinstance(record, ResearchInputError):  # not JSON
                raise record
            row = line, require(record, "document", str(path), line, label), require(record, "summary", str(path),
                                                                                      line, label)
        except ResearchInputError as err:  # the line's problem, in the document's place: the reader goes on
            row = line, err, None
        yield row


def _parquet_rows(path: Path, naming: Naming) -> Iterator[tuple[int, Any, Any]]:
    """(1-based row, document, summary) of a Parquet file, one batch of rows in memory at a time; a row with
    a null gives its problem in the document's place, and the reader goes on (every bad row is reported)."""
    import pyarrow.parquet as pq

    try:
        handle = pq.ParquetFile(path)
        missing = [c for c in COLUMNS if c not in handle.schema_arrow.names]
        if missing:
            raise ResearchInputError(str(path), f"missing column (has: {', '.join(handle.schema_arrow.names)})",
                                     field=missing[0])
        row = 0
        for batch in handle.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=list(COLUMNS)):
            for document, summary_text in zip(batch.column(0).to_pylist(), batch.column(1).to_pylist()):
                row += 1
                if document is None or summary_text is None:
                    field = "document" if document is None else "summary"
                    yield row, ResearchInputError(str(path), "missing value (null)", line=row, field=field,
                                                  record=naming.cluster_id(row - 1, str(naming.split))), None
                    continue
                yield row, document, summary_text
    except (OSError, ValueError) as err:  # pyarrow raises ArrowInvalid (a ValueError) for a corrupt file
        raise ResearchInputError(str(path), f"cannot read Parquet: {err}") from err
