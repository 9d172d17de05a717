"""Files written whole or not at all, with the permissions the umask gives any other new file.

`tempfile` creates its files readable by their owner only (0600) and a rename keeps that mode, so a
release's images, the root copies of the card and an export came out unreadable to the other users
of a shared machine while every other file was 0644. Here a temporary file is opened with mode 0666
and the umask applies, as it does for `open()`.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def temporary_beside(path: Path) -> Path:
    """A new empty hidden file in `path`'s folder (same file system: the rename is atomic)."""
    while True:
        candidate = path.with_name(f".{path.name}-{secrets.token_hex(6)}.tmp")
        try:
            os.close(os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        except FileExistsError:
            continue
        return candidate


def write_atomically(path: Path, data: bytes) -> None:
    """`data` at `path`, replacing what was there in one rename; a reader never sees half a file.

    Synced before and after the rename, so that after a crash the file holds the old bytes or the
    new, never an empty file under the new name (releases.json and splits.lock are written so).
    """
    temporary = temporary_beside(path)
    try:
        with temporary.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
