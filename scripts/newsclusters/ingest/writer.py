"""The shard writer: raw JSON Lines, zstd-compressed, cut into shards of bounded size per split.

Shards are named `<prefix>-<split>-NNNNN.jsonl.zst`, numbered from 0 in the order examples arrive,
and cut only between examples, so a cluster's lines never straddle two shards. Each is written
under a hidden temporary name beside its final one (the build skips names starting with '.') and
nothing is renamed into place until `commit()`: an ingest that fails half-way leaves the raw folder
as it was. Only the bytes of the example being written are held; zstd streams the rest.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import zstandard

from newsclusters.errors import ResearchInputError
from newsclusters.wording import counted

SHARD_SUFFIX = ".jsonl.zst"
ZSTD_LEVEL = 3  # fixed, so the same lines give the same bytes; zstd's default: ~5x faster than 9, shards ~4% larger


def shard_name(prefix: str, split: str, number: int) -> str:
    return f"{prefix}-{split}-{number:05d}{SHARD_SUFFIX}"


def existing_shards(out: Path, prefix: str, split: str) -> list[Path]:
    """The shards an earlier ingest with this prefix wrote for `split`, in order."""
    if not out.is_dir():
        return []
    pattern = re.compile(rf"{re.escape(prefix)}-{split}-\d{{5}}{re.escape(SHARD_SUFFIX)}")
    return sorted(p for p in out.iterdir() if pattern.fullmatch(p.name))


def temporary_name(final: Path) -> Path:
    """Where a shard is written until the ingest commits: hidden, so a build never reads it."""
    return final.with_name(f".{final.name}.partial")


@dataclass
class _Shard:
    final: Path
    file: IO[bytes]
    stream: Any  # zstandard.ZstdCompressionWriter
    size: int = 0  # uncompressed bytes written


class ShardWriter:
    """Writes examples' lines into per-split shards of at most `shard_bytes` uncompressed bytes.

    An example bigger than the limit gets a shard of its own. Use as a context manager and call
    `commit()` at the end; leaving the block without committing removes every temporary file.
    """

    def __init__(self, out: Path, prefix: str, splits: Iterable[str], shard_bytes: int, force: bool = False) -> None:
        self.out, self.prefix, self.shard_bytes, self.force = out, prefix, max(1, shard_bytes), force
        self.splits = tuple(splits)
        self.replaced = {split: existing_shards(out, prefix, split) for split in self.splits}
        taken = [p for paths in self.replaced.values() for p in paths]
        if taken and not force:
            raise ResearchInputError(
                str(taken[0]), f"shard exists ({counted(len(taken), 'shard')} named "
                f"{prefix}-<split>-NNNNN{SHARD_SUFFIX} in {out}); pass --force to replace them, or --name to ingest "
                "under another prefix")
        self._open: dict[str, _Shard] = {}
        self._numbers: dict[str, int] = {}
        self._done: list[Path] = []  # finished shards (final names), written under their temporary names
        self.uncompressed_bytes = 0

    def write(self, split: str, lines: Sequence[bytes]) -> None:
        """Append one example's lines (each ending in a newline) to its split's current shard."""
        size = sum(len(line) for line in lines)
        shard = self._open.get(split)
        if shard is not None and shard.size and shard.size + size > self.shard_bytes:
            self._close(split)
            shard = None
        if shard is None:
            shard = self._start(split)
        for line in lines:
            shard.stream.write(line)
        shard.size += size
        self.uncompressed_bytes += size

    def _start(self, split: str) -> _Shard:
        if split not in self.splits:
            raise ValueError(f"split {split!r} was not announced to the writer")
        number = self._numbers.get(split, 0)
        self._numbers[split] = number + 1
        final = self.out / shard_name(self.prefix, split, number)
        handle = temporary_name(final).open("wb")
        compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL, write_checksum=True)
        shard = _Shard(final, handle, compressor.stream_writer(handle, closefd=False))
        self._open[split] = shard
        return shard

    def _close(self, split: str) -> None:
        shard = self._open.pop(split)
        shard.stream.close()  # ends the zstd frame
        shard.file.flush()
        os.fsync(shard.file.fileno())
        shard.file.close()
        self._done.append(shard.final)

    def commit(self) -> list[Path]:
        """Finish every shard, rename all into place, remove the replaced shards not written again."""
        for split in list(self._open):
            self._close(split)
        written = sorted(self._done)
        for final in written:
            temporary_name(final).replace(final)
        for paths in self.replaced.values():
            for stale in set(paths) - set(written):
                stale.unlink()
        self._done = []
        return written

    def abort(self) -> None:
        """Drop every temporary file (on an error): the raw folder is left as it was."""
        for shard in self._open.values():
            shard.file.close()
            temporary_name(shard.final).unlink(missing_ok=True)
        for final in self._done:
            temporary_name(final).unlink(missing_ok=True)
        self._open, self._done = {}, []

    def __enter__(self) -> ShardWriter:
        # The folders this makes, the deepest first: a failed ingest removes them again.
        self._created = list(itertools.takewhile(lambda folder: not folder.exists(), (self.out, *self.out.parents)))
        self.out.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.abort()
        if error is not None:  # a failed ingest into a new folder leaves no folder either, nor the ones above it
            for folder in self._created:
                if any(folder.iterdir()):
                    break
                folder.rmdir()
