"""Files written whole or not at all, with the permissions the umask gives any other new file.

`tempfile` creates its files readable by their owner only (0600) and a rename keeps that mode, so a
release's images, the root copies of the card and an export came out unreadable to the other users
of a shared machine while every other file was 0644. Here a temporary file is opened with mode 0666
and the umask applies, as it does for `open()`.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

TOKEN_BYTES = 6  # random bytes in a temporary's name, as hex digits


def temporary_beside(path: Path) -> Path:
    """A new empty hidden file in `path`'s folder (same file system: the rename is atomic)."""
    while True:
        candidate = path.with_name(f".{path.name}-{secrets.token_hex(TOKEN_BYTES)}.tmp")
        try:
            os.close(os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        except FileExistsError:
            continue
        return candidate


def remove_stale_temporaries(path: Path) -> None:
    """Remove the temporaries `temporary_beside(path)` made that a killed process left: they were never
    renamed over `path`."""
    own = re.compile(re.escape(f".{path.name}-") + f"[0-9a-f]{{{2 * TOKEN_BYTES}}}" + re.escape(".tmp"))
    folder = path.parent
    for stale in (p for p in folder.iterdir() if own.fullmatch(p.name)) if folder.is_dir() else ():
        stale.unlink(missing_ok=True)


def synced_temporary(path: Path, data: bytes) -> Path:
    """`data` in a new temporary file beside `path`, flushed to disk: ready to be renamed over `path`."""
    temporary = temporary_beside(path)
    try:
        with temporary.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename in it) to disk."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_atomically(path: Path, data: bytes) -> None:
    """`data` at `path`, replacing what was there in one rename; a reader never sees half a file.

    Synced before and after the rename, so that after a crash the file holds the old bytes or the
    new, never an empty file under the new name (releases.json and splits.lock are written so).
    """
    temporary = synced_temporary(path, data)
    try:
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    sync_folder(path.parent)
