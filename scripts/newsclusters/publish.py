"""Stage 4, publish: Parquet splits, card, citation and checksums, swapped in all at once.

Bytes are deterministic: rows come in a fixed order, writer options are fixed, and no timestamp or
pandas metadata is written, so the same raw input and locked dependencies give the same files.
The release is first written to a staging folder beside the release folder, then its entries are
swapped in by renames; if anything fails before the swap, the previous release is untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from datasets import Features

from newsclusters.errors import PublishError

CHECKSUMS = "SHA256SUMS"
CARD = "README.md"
CITATION = "CITATION.cff"
DATA = "data"
# Everything a build owns inside the release folder; anything else there (raw/) is left alone.
RELEASE_ENTRIES = (CARD, CITATION, CHECKSUMS, DATA)
_STAGING_PREFIX = ".newsclusters-staging-"
_BACKUP_PREFIX = ".newsclusters-backup-"

PARQUET_OPTIONS: Mapping[str, object] = {
    "compression": "zstd",
    "compression_level": 9,
    "use_dictionary": True,
    "write_statistics": True,
    "write_page_index": True,
    "data_page_version": "2.0",
}


def data_file(config: str, split: str, shard: int = 0, shards: int = 1) -> str:
    """Hub naming: data/<config>/<split>-00000-of-00001.parquet."""
    return f"{DATA}/{config}/{split}-{shard:05d}-of-{shards:05d}.parquet"


def with_features_metadata(table: pa.Table) -> pa.Table:
    """Embed the `datasets` features, so any Parquet reader sees the same types as the card."""
    features = Features.from_arrow_schema(table.schema.remove_metadata())
    payload = json.dumps({"info": {"features": features.to_dict()}}, sort_keys=True)
    return table.replace_schema_metadata({"huggingface": payload})


def write_parquet(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(with_features_metadata(table), path, **PARQUET_OPTIONS)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def release_files(folder: Path) -> list[str]:
    """Relative paths of every file a build owns in `folder`, sorted, checksums file excluded."""
    found = [name for name in (CARD, CITATION) if (folder / name).is_file()]
    if (folder / DATA).is_dir():
        found += [p.relative_to(folder).as_posix() for p in (folder / DATA).rglob("*") if p.is_file()]
    return sorted(found)


def checksums_text(folder: Path) -> str:
    return "".join(f"{sha256_file(folder / name)}  {name}\n" for name in release_files(folder))


def parse_checksums(text: str, source: str) -> dict[str, str]:
    sums: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64:
            raise PublishError(f"{source}: line {number}: expected '<sha256>  <path>', got {line!r}")
        sums[name] = digest
    return sums


@contextmanager
def staging_folder(out: Path) -> Iterator[Path]:
    """A fresh folder beside `out` (same file system, so renames are atomic), removed afterwards."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX + out.name + "-", dir=out.parent))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _fsync_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())


def swap_in(staging: Path, out: Path) -> None:
    """Replace the release entries of `out` with those of `staging`.

    The old entries are first moved to a backup folder; if a rename fails midway they are moved back,
    so `out` holds either the old release or the new one, never a mix.
    """
    _fsync_tree(staging)
    out.mkdir(parents=True, exist_ok=True)
    backup = Path(tempfile.mkdtemp(prefix=_BACKUP_PREFIX + out.name + "-", dir=out.parent))
    moved: list[str] = []
    installed: list[str] = []
    try:
        for name in RELEASE_ENTRIES:
            if (out / name).exists():
                os.replace(out / name, backup / name)
                moved.append(name)
        for name in RELEASE_ENTRIES:
            if (staging / name).exists():
                os.replace(staging / name, out / name)
                installed.append(name)
    except OSError as err:
        for name in installed:
            _remove(out / name)
        for name in moved:
            os.replace(backup / name, out / name)
        shutil.rmtree(backup, ignore_errors=True)
        raise PublishError(f"{out}: could not swap in the new release ({err}); the previous release is kept") from err
    shutil.rmtree(backup, ignore_errors=True)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
