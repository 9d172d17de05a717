"""Reading a published release: the rows of one split of the `clusters` config, in shard order."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from newsclusters.errors import ResearchInputError
from newsclusters.pipeline.split import SPLITS

CLUSTERS_DATA = Path("data") / "clusters"
READ_BATCH_ROWS = 256  # rows per Arrow batch: a split is streamed, never held whole


def split_files(release: Path, split: str) -> list[Path]:
    """The Parquet shards of one split of the clusters config, in order (raises if there are none)."""
    if split not in SPLITS:
        raise ResearchInputError(str(release), f"unknown split {split!r}; expected one of {', '.join(SPLITS)}")
    folder = release / CLUSTERS_DATA
    if not folder.is_dir():
        raise ResearchInputError(str(release), f"not a NewsClusters release: {folder} is missing")
    files = sorted(folder.glob(f"{split}-*-of-*.parquet"))
    if not files:
        present = sorted({p.name.split("-", 1)[0] for p in folder.glob("*.parquet")})
        raise ResearchInputError(str(folder), f"no {split!r} split in this release (it has: {', '.join(present) or 'none'})")
    return files


def inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def check_outside(out: Path, release: Path, what: str) -> None:
    """Refuse to write `what` into a release: it is published with checksums, and a file added to it
    would travel with the release without being part of it."""
    if inside(out, release):
        raise ResearchInputError(str(out), f"the {what} is inside the release {release}; a release is published "
                                 "with checksums and is not written to: choose a place outside it")


def splits_of(release: Path) -> list[str]:
    """The splits a release publishes, in SPLITS order."""
    folder = release / CLUSTERS_DATA
    present = {p.name.split("-", 1)[0] for p in folder.glob("*.parquet")} if folder.is_dir() else set()
    return [s for s in SPLITS if s in present]


def iter_clusters(release: Path, split: str, columns: list[str] | None = None,
                  keep: Callable[[str], bool] | None = None) -> Iterator[dict[str, Any]]:
    """Each cluster row of `split` as a dict (documents nested as a list of dicts), in the release's order
    (shard by shard; cluster id order within each spill partition, not across the split: match rows by id).

    With `keep`, only the rows whose cluster id it accepts: the ids are read first and the other rows
    never become Python objects (a sample of a large split costs the sample, not the split).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    for path in split_files(release, split):
        try:
            handle = pq.ParquetFile(path)
            for batch in handle.iter_batches(batch_size=READ_BATCH_ROWS, columns=columns):
                if keep is not None:
                    ids = batch.column(batch.schema.get_field_index("cluster_id")).to_pylist()
                    chosen = [i for i, cluster_id in enumerate(ids) if keep(cluster_id)]
                    batch = batch.take(pa.array(chosen, pa.int64())) if len(chosen) < len(ids) else batch
                yield from batch.to_pylist()
        except (OSError, ValueError) as err:  # pyarrow raises ArrowInvalid (a ValueError) for a corrupt file
            raise ResearchInputError(str(path), f"cannot read Parquet: {err}") from err
