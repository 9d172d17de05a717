"""The corpus-level pass: how many documents each short line occurs in, as a sharded aggregation.

Boilerplate repeats across a site's pages (CCNet drops paragraphs repeated across a shard); the
cleaner's `corpus_repeated_v1` rule needs those document frequencies. Counting every line of a
large corpus in one dictionary would not fit in memory, so it is done like a distributed group-by:
each unit hashes its documents' lines (each line once per document) into buckets of 64-bit keys
on disk (`count_unit`, through the spill), then each bucket is counted on its own and only keys frequent enough to
matter come back (`frequent_in_bucket`). Buckets, not workers, decide the result: the counts are
exact and the same however the work is spread.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newsclusters.clean import REPEAT_MIN_DOCS, decode_raw, line_keys
from newsclusters.errors import RawInputError
from newsclusters.limits import Limits
from newsclusters.raw import RawCluster, Unit, jsonl_texts, read_unit
from newsclusters.spill import Spiller, read_partition

KEYS = "line-keys"
KEYS_PER_CHUNK = 65_536  # line keys held as Python ints before they go to Arrow
LINE_KEYS = pa.schema([("key", pa.uint64())])


def _texts(root: Path, unit: Unit, limits: Limits) -> Iterator[str]:
    """The unit's document texts; input problems are reported by the main pass, not twice."""
    if unit.kind == "jsonl":
        yield from jsonl_texts(root / unit.paths[0], limits)
        return
    ignored: list[str] = []
    for item in read_unit(root, unit, ignored, limits):
        for raw_doc in item.documents if isinstance(item, RawCluster) else ():
            try:
                yield decode_raw(raw_doc.data, raw_doc.source, raw_doc.encoding)
            except RawInputError:
                continue


def count_unit(root: Path, unit: Unit, index: int, spill: Path, buckets: int, limits: Limits) -> int:
    """Spill the line keys of every document of one unit, bucketed; return how many documents."""
    spiller = Spiller(spill, index, {KEYS: LINE_KEYS})
    keys: list[int] = []
    documents = 0
    for text in _texts(root, unit, limits):
        keys.extend(line_keys(text))
        documents += 1
        if len(keys) >= KEYS_PER_CHUNK:
            _spill_keys(spiller, keys, buckets)
    _spill_keys(spiller, keys, buckets)
    spiller.close()
    return documents


def _spill_keys(spiller: Spiller, keys: list[int], buckets: int) -> None:
    array = np.array(keys, np.uint64)
    keys.clear()
    spiller.add_table(KEYS, pa.table({"key": array}, schema=LINE_KEYS), array & np.uint64(buckets - 1))


def frequent_in_bucket(spill: Path, bucket: int, min_docs: int = REPEAT_MIN_DOCS) -> dict[int, int]:
    """Keys of one bucket found in at least `min_docs` documents, with their counts."""
    keys = read_partition(spill, KEYS, bucket, LINE_KEYS).column("key")
    if not len(keys):
        return {}
    counted = pc.value_counts(keys.combine_chunks())
    frequent = counted.filter(pc.greater_equal(counted.field("counts"), min_docs))
    return dict(zip(frequent.field("values").to_pylist(), frequent.field("counts").to_pylist()))
