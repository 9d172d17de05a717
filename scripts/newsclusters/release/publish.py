"""Stage 4, publish: Parquet splits, card, citation and checksums, swapped in all at once.

Bytes are deterministic: rows come in a fixed order, writer options are fixed, and no timestamp or
pandas metadata is written, so the same raw input and locked dependencies give the same files.
The release is first written to a staging folder beside the release folder, then its entries are
swapped in by renames; if anything fails before the swap, the previous release is untouched.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from newsclusters.errors import PublishError
from newsclusters.executor.faults import failpoint
from newsclusters.pipeline.records import arrow_schema

CHECKSUMS = "SHA256SUMS"
CARD = "README.md"
CITATION = "CITATION.cff"
LICENSE = "LICENSE.md"  # the terms, where the card's `license_link` points (the Hub links a file of this name)
CHANGELOG = "CHANGELOG.md"
CROISSANT = "croissant.json"  # Croissant 1.0 metadata; lists every other file but SHA256SUMS with its SHA-256
REJECTIONS = "rejections.jsonl"
LEAKAGE = "leakage.jsonl"
DATA = "data"
IMAGES = "images"  # the card's figures
# Everything a build owns inside the release folder; anything else there (raw/) is left alone.
RELEASE_ENTRIES = (CARD, CITATION, LICENSE, CHANGELOG, CROISSANT, REJECTIONS, LEAKAGE, CHECKSUMS, DATA, IMAGES)



def others_in(folder: Path, raw: Path) -> list[str]:
    """Entries of a release folder that are not the release's and not the raw folder: left alone by a build,
    covered by no checksum, and not published with it."""
    raw_real = raw.resolve()
    return sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir()
                  if p.name not in RELEASE_ENTRIES and p.resolve() != raw_real)


def features_metadata(config: str) -> dict[str, str]:
    """The `datasets` features as Parquet schema metadata, so any reader sees the card's types."""
    from datasets import Features  # heavy: only the driver needs it, never a worker

    features = Features.from_arrow_schema(arrow_schema(config))
    return {"huggingface": json.dumps({"info": {"features": features.to_dict()}}, sort_keys=True)}


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def release_files(folder: Path) -> list[str]:
    """Relative paths of every file a build owns in `folder`, sorted, checksums file excluded."""
    found = [name for name in (CARD, CITATION, LICENSE, CHANGELOG, CROISSANT, REJECTIONS, LEAKAGE)
             if (folder / name).is_file()]
    for sub in (DATA, IMAGES):
        if (folder / sub).is_dir():
            found += [p.relative_to(folder).as_posix() for p in (folder / sub).rglob("*") if p.is_file()]
    return sorted(found)


def checksums_text(folder: Path) -> str:
    return "".join(f"{sha256_file(folder / name)}  {name}\n" for name in release_files(folder))


def config_digest(folder: Path, config: str) -> str:
    """The SHA-256 of a config's lines of SHA256SUMS (its Parquet files, as that file lists them).

    The card carries it in the config's `dataset_info`, because `datasets` (5.x) keys its cache of a
    local folder on the card's YAML alone, not on the files' contents or times: two builds whose YAML
    is the same (a change of text that keeps every size) would load the first one's cached rows.
    """
    prefix = f"{DATA}/{config}/"
    lines = "".join(f"{sha256_file(folder / name)}  {name}\n" for name in release_files(folder)
                    if name.startswith(prefix))
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def parse_checksums(text: str, source: str) -> dict[str, str]:
    sums: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64:
            raise PublishError(f"{source}: line {number}: expected '<sha256>  <path>', got {line!r}")
        sums[name] = digest
    return sums


def _sibling(out: Path, kind: str) -> str:
    # Work files live beside the release folder (same file system: renames are atomic), never in it.
    return f".newsclusters-{kind}-{out.name}"


def check_places(raw: Path, out: Path) -> None:
    """The release folder may hold the raw folder (dataset/raw), never be it, sit inside it, or own it."""
    raw_real, out_real = raw.resolve(), out.resolve()
    if out_real == raw_real or raw_real in out_real.parents:
        raise PublishError(f"{out}: the release folder would be the raw folder {raw} or inside it, and its files "
                           "would be read as raw texts by the next build; give --out a folder of its own")
    if out_real in raw_real.parents and raw_real.relative_to(out_real).parts[0] in RELEASE_ENTRIES:
        raise PublishError(f"{raw}: the raw folder is inside {out}'s "
                           f"{raw_real.relative_to(out_real).parts[0]}, which a build replaces, raw texts and all; "
                           "keep the raw texts outside the release's own entries (as dataset/raw)")


@contextmanager
def release_lock(out: Path) -> Iterator[None]:
    """One build at a time per release folder. The OS drops the lock if the holder dies, even by SIGKILL.

    The lock file is removed by its holder before unlocking, so none is left behind; a process that
    locked a file already removed (opened before the removal) sees another inode at the path and
    starts again.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    path = out.parent / (_sibling(out, "lock"))
    while True:
        handle = path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise PublishError(
                f"{out}: another build is writing this release ({holder}); wait for it to finish and try again"
            ) from None
        if _same_file(handle.fileno(), path):
            break
        handle.close()  # locked a file its holder had just removed: lock the one at the path now
    with handle:
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            recover(out)
            yield
        finally:
            path.unlink(missing_ok=True)  # still locked: no one else can hold this file
            fcntl.flock(handle, fcntl.LOCK_UN)


def _same_file(descriptor: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(descriptor), path.stat())
    except FileNotFoundError:
        return False


@contextmanager
def staging_folder(out: Path, kind: str = "staging") -> Iterator[Path]:
    """A fresh work folder beside `out`, removed afterwards whatever happens."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=_sibling(out, kind) + "-", dir=out.parent))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _fsync_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _journal(out: Path) -> Path:
    return out.parent / (_sibling(out, "swap") + ".json")


def swap_in(staging: Path, out: Path) -> None:
    """Replace the release entries of `out` with those of `staging`, all or nothing.

    The old entries move to a backup folder and a journal naming it is written first; removing the
    journal is the commit point. If the process dies in between, `recover` (run by the next build
    under the lock) moves the old entries back, so the previous release is never lost or mixed.
    """
    _fsync_tree(staging)
    out.mkdir(parents=True, exist_ok=True)
    backup = Path(tempfile.mkdtemp(prefix=_sibling(out, "backup") + "-", dir=out.parent))
    journal = _journal(out)
    previous = [name for name in RELEASE_ENTRIES if (out / name).exists()]
    journal.write_text(json.dumps({"backup": backup.name, "previous": previous}), encoding="utf-8")
    _fsync_dir(out.parent)
    try:
        for name in previous:
            os.replace(out / name, backup / name)
            failpoint("mid-swap")
        for name in RELEASE_ENTRIES:
            if (staging / name).exists():
                os.replace(staging / name, out / name)
        _fsync_dir(out)
    except OSError as err:
        recover(out)
        raise PublishError(f"{out}: could not swap in the new release ({err}); the previous release is kept") from err
    failpoint("before-commit")
    journal.unlink()
    _fsync_dir(out.parent)
    shutil.rmtree(backup, ignore_errors=True)


def recover(out: Path) -> None:
    """Undo a swap that a killed build left half-done, and remove its stray work folders."""
    journal = _journal(out)
    if journal.exists():
        state = json.loads(journal.read_text(encoding="utf-8"))
        backup = out.parent / state["backup"]
        for name in RELEASE_ENTRIES:
            if (backup / name).exists():  # moved aside: put it back, over any new entry
                _remove(out / name)
                os.replace(backup / name, out / name)
            elif name not in state["previous"]:  # not in the old release: drop what the swap installed
                _remove(out / name)
            # else: an old entry the swap had not moved yet, still in place
        _fsync_dir(out)
        journal.unlink()
        _fsync_dir(out.parent)
    for kind in ("staging", "spill", "backup"):
        for stray in out.parent.glob(_sibling(out, kind) + "-*"):
            shutil.rmtree(stray, ignore_errors=True)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
