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
import re
import secrets
import shutil
import signal
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from newsclusters.errors import PublishError
from newsclusters.executor.faults import failpoint
from newsclusters.files import (TOKEN_BYTES, remove_stale_temporaries, sync_folder, synced_temporary,
                               write_atomically)
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


def read_checksums(path: Path) -> dict[str, str]:
    """A SHA256SUMS file's listing; one that can't be read or isn't UTF-8 is a PublishError naming it."""
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError as err:
        raise PublishError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start}): not a SHA256SUMS this package "
                           "wrote") from None
    except OSError as err:
        raise PublishError(f"{path}: cannot read: {err.strerror or err}") from None
    return parse_checksums(text, str(path))


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
    return f".newsclusters-{kind}-{out.resolve().name}"


def _beside(out: Path) -> Path:
    """The folder the release folder really is in: a symbolic link to it, or 'x/..', shares its lock and journal."""
    return out.resolve().parent


WORK_KINDS = ("staging", "spill", "backup")  # the work folders a build makes beside the release folder
# `_work_folder`'s suffix, or `tempfile.mkdtemp`'s of releases before 0.2.29: neither holds a hyphen, so the
# folders of a release folder named 'dataset-old' never match those of 'dataset'.
_WORK_SUFFIX = f"(?:[0-9a-f]{{{2 * TOKEN_BYTES}}}|[a-z0-9_]{{8}})"


def _work_folder(out: Path, kind: str) -> Path:
    """A new, empty work folder beside `out`, private to its owner as `tempfile.mkdtemp` makes them.

    Named `<_sibling>-<12 hex digits>`, so that `recover` can tell the folders of `out` from those of a
    release folder beside it whose name starts the same ('dataset' and 'dataset-old').
    """
    _beside(out).mkdir(parents=True, exist_ok=True)
    while True:
        folder = _beside(out) / f"{_sibling(out, kind)}-{secrets.token_hex(TOKEN_BYTES)}"
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue
        return folder


def _work_name(out: Path, kind: str) -> re.Pattern[str]:
    """The names of `out`'s work folders of a kind, and of no other release folder's."""
    return re.compile(re.escape(_sibling(out, kind)) + "-" + _WORK_SUFFIX)


def _work_folders(out: Path, kind: str) -> list[Path]:
    own = _work_name(out, kind)
    return sorted(p for p in _beside(out).iterdir() if own.fullmatch(p.name))


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
    _beside(out).mkdir(parents=True, exist_ok=True)
    path = _beside(out) / (_sibling(out, "lock"))
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
    staging = _work_folder(out, kind)
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _fsync_tree(folder: Path) -> None:
    """Every file of a staged release and every folder's entries on disk, before they are swapped in."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
        elif path.is_dir():
            sync_folder(path)
    sync_folder(folder)


@contextmanager
def written_beside(out: Path, contents: Mapping[Path, bytes]) -> Iterator[dict[Path, Path]]:
    """Files a release updates outside its folder (the root copies of its card, the ledger, the release
    history), written and synced beside their places now: {place: temporary}, for `swap_in` to rename.

    Called before the swap: a missing folder, a path the swap would move away or a full disk fails the
    command while the previous release is still in place, instead of after the swap with the release
    and these files out of step. Whatever `swap_in` did not take is removed on the way out, and so are
    the temporaries a build killed before its swap left beside these places.
    """
    check_copy_places(out, list(contents))
    out.mkdir(parents=True, exist_ok=True)  # a copy may sit in the release folder or beside it
    ready: dict[Path, Path] = {}
    journal = _journal(out)
    if contents:  # killed from here to the swap, the next command's `recover` removes the temporaries
        _write_journal(journal, _Journal(None, [], [str(path.absolute()) for path in contents], None))
    try:
        for path, data in contents.items():
            remove_stale_temporaries(path)
            try:
                ready[path.absolute()] = synced_temporary(path.absolute(), data)
            except OSError as err:
                raise PublishError(f"{path}: can't be written ({err.strerror or err}); nothing was published") from None
        yield ready
    finally:
        for temporary in ready.values():
            temporary.unlink(missing_ok=True)
        if contents and journal.exists() and _read_journal(journal, out).backup is None:
            # No swap began: nothing to recover (one that began keeps its journal, or removed it). A temporary
            # made just before a Ctrl-C was never returned into `ready`: found by its name, then.
            for path in contents:
                remove_stale_temporaries(path.absolute())
            journal.unlink()


@contextmanager
def uninterrupted() -> Iterator[None]:
    """Ctrl-C held back while a release is put in place (the swap, then the files beside it), and raised
    after: stopped between the two, the release and its history would be out of step.

    The Python-level handler is swapped, not the thread's signal mask: the kernel may hand SIGINT to
    any thread (the worker pool's own), and Python then runs the handler in this one all the same.
    """
    pressed: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: pressed.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if pressed:
        signal.raise_signal(signal.SIGINT)  # as if pressed now, to whatever handled it before


def check_copy_places(out: Path, paths: Sequence[Path], raw: Path | None = None) -> None:
    """Each file kept outside the release must be a file's path of its own, in a folder that exists (or in
    the release folder itself), outside the entries the swap replaces and outside the raw folder, whose
    files the next build would read as raw texts."""
    entries = {(out / name).resolve(): name for name in RELEASE_ENTRIES}
    raw_real, out_real = (raw.resolve() if raw is not None else None), out.resolve()
    seen: dict[Path, Path] = {}
    for path in paths:
        real = path.resolve()
        if path.is_dir():
            raise PublishError(f"{path}: a folder, where a file is to be written; nothing was published")
        if inside := next((entries[e] for e in (real, *real.parents) if e in entries), None):
            raise PublishError(f"{path}: inside the release's own {inside}, which a build replaces; keep the copy "
                               "elsewhere; nothing was published")
        if raw_real is not None and raw_real in (real, *real.parents):
            raise PublishError(f"{path}: inside the raw folder {raw}, whose every file the next build reads as raw "
                               "text; keep the copy elsewhere; nothing was published")
        if not path.parent.is_dir() and real.parent not in (out_real, *out_real.parents):  # those, a build makes
            raise PublishError(f"{path}: can't be written (no folder {path.parent}); nothing was published")
        if real in seen:
            raise PublishError(f"{path}: given twice (also as {seen[real]}); nothing was published")
        seen[real] = path


def check_release_folder(out: Path) -> None:
    """A build replaces the release entries of `out`: a folder that holds some but is not a release (no
    SHA256SUMS, no swap to recover) would lose them for good ('--out .' in a repository: its README.md)."""
    if not out.is_dir() or (out / CHECKSUMS).exists() or _journal(out).exists():
        return
    found = [name for name in RELEASE_ENTRIES if (out / name).exists()]
    if found:
        raise PublishError(f"{out}: holds {', '.join(found)} but no {CHECKSUMS}, so it is not a release folder, and a "
                           "build would replace those; give --out an empty folder, or a release folder")


def _journal(out: Path) -> Path:
    return _beside(out) / (_sibling(out, "swap") + ".json")


def swap_in(staging: Path, out: Path, beside: dict[Path, Path] | None = None) -> None:
    """Replace the release entries of `out` with those of `staging`, and the files beside it (`beside`,
    {place: temporary}, as `written_beside` gives them), all or nothing.

    The old entries move to a backup folder and a journal naming it is written first; removing the
    journal is the commit point. If the process dies before the new entries are all in place, `recover`
    (run by the next command under the lock) moves the old entries back, so the previous release is
    never lost or mixed. Once they are, the journal is rewritten to list the files beside: from then
    on `recover` finishes their renames instead, so the release and its history never stay out of step.
    """
    _fsync_tree(staging)
    out.mkdir(parents=True, exist_ok=True)
    backup = _work_folder(out, "backup")
    journal = _journal(out)
    previous = [name for name in RELEASE_ENTRIES if (out / name).exists()]
    places = [str(path) for path in (beside or {})]
    # Synced before the first rename: after a power loss the journal is whole whenever a rename survived.
    _write_journal(journal, _Journal(backup.name, previous, places, None))
    try:
        for name in previous:
            os.replace(out / name, backup / name)
            failpoint("mid-swap")
        for name in RELEASE_ENTRIES:
            if (staging / name).exists():
                os.replace(staging / name, out / name)
        sync_folder(out)
    except OSError as err:
        recover(out)
        raise PublishError(f"{out}: could not swap in the new release ({err}); the previous release is kept") from err
    failpoint("before-commit")
    if beside:
        placing = [(str(temporary), str(path)) for path, temporary in beside.items()]
        _write_journal(journal, _Journal(backup.name, previous, places, placing))
        beside.clear()  # the journal holds them now: `recover` renames them if this process can't
        failpoint("mid-place")
        _place(placing, out, journal)
    journal.unlink()
    sync_folder(_beside(out))
    shutil.rmtree(backup, ignore_errors=True)


def _place(placing: Sequence[tuple[str, str]], out: Path, journal: Path) -> None:
    """Rename each temporary over its place (one already renamed is skipped), then sync their folders."""
    for temporary, path in placing:
        if not Path(temporary).exists():
            continue  # renamed before a kill
        try:
            os.replace(temporary, path)
        except OSError as err:
            waiting = ", ".join(p for t, p in placing if Path(t).exists())
            raise PublishError(f"{path}: can't be put in place ({err.strerror or err}); the new release is in {out}, "
                               f"but these files beside it are not yet: {waiting}. The next build or release of {out} "
                               f"puts them in place (its journal: {journal.name})") from None
    for folder in sorted({str(Path(path).parent) for _, path in placing}):
        sync_folder(Path(folder))


def recover(out: Path) -> None:
    """Finish what a killed command left half-done: undo a swap that had not put the whole new release in
    place, or finish putting the files beside it in place once it had; remove its temporaries and work folders."""
    journal = _journal(out)
    if journal.exists():
        state = _read_journal(journal, out)
        backup = _beside(out) / state.backup if state.backup is not None else None
        if backup is not None and state.placing is None:  # rolled back
            for name in RELEASE_ENTRIES:
                if (backup / name).exists():  # moved aside: put it back, over any new entry
                    _remove(out / name)
                    os.replace(backup / name, out / name)
                elif name not in state.previous:  # not in the old release: drop what the swap installed
                    _remove(out / name)
                # else: an old entry the swap had not moved yet, still in place
            sync_folder(out)
        if state.placing is not None:  # the new release was whole: the files beside it go in place too
            _place(state.placing, out, journal)
        for place in state.beside:  # written for a swap that did not get that far
            remove_stale_temporaries(Path(place))
        journal.unlink()
        sync_folder(_beside(out))
        if backup is not None:
            shutil.rmtree(backup, ignore_errors=True)
    remove_stale_temporaries(journal)  # a journal's own, from a kill while it was written
    for kind in WORK_KINDS:
        for stray in _work_folders(out, kind):
            shutil.rmtree(stray, ignore_errors=True)


@dataclass(frozen=True)
class _Journal:
    """What a command writing a release recorded beside it before each step a kill must not leave half-done."""

    backup: str | None  # the backup folder of a swap begun (None: only the files beside were being written)
    previous: list[str]  # the entries the old release had
    beside: list[str]  # the places of the files beside the release whose temporaries were being written
    placing: list[tuple[str, str]] | None  # (temporary, place) still to rename: the new release was whole


def _read_journal(journal: Path, out: Path) -> _Journal:
    """The journal a killed command left; one that can't be read is not guessed at."""
    try:
        state = json.loads(journal.read_text(encoding="utf-8"))
        backup, previous = state.get("backup"), state.get("previous", [])
        beside, placing = state.get("beside", []), state.get("placing")
        strings = (lambda items: isinstance(items, list) and all(isinstance(item, str) for item in items))
        if not (isinstance(state, dict) and (backup is None or (isinstance(backup, str)
                                                                  and _work_name(out, "backup").fullmatch(backup)))
                and strings(previous) and strings(beside) and (placing is None or (isinstance(placing, list) and all(
                    strings(pair) and len(pair) == 2 for pair in placing)))):
            raise ValueError(f"expected {{'backup': '{_sibling(out, 'backup')}-...', 'previous': [<entries>], "
                             "'beside': [<places>], 'placing': [[<temporary>, <place>], ...]}, each optional")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:  # JSONDecodeError: a ValueError
        backups = ", ".join(p.name for p in _work_folders(out, "backup")) or "none"
        raise PublishError(
            f"{journal}: the journal of an interrupted swap into {out} can't be read ({err}). The previous release's "
            f"entries may be in a backup folder beside it ({backups}): move them back into {out}, remove the "
            "journal, then build again. Nothing was changed"
        ) from None
    return _Journal(backup, previous, beside, None if placing is None else [(t, p) for t, p in placing])


def _write_journal(journal: Path, state: _Journal) -> None:
    fields = {"backup": state.backup, "previous": state.previous, "beside": state.beside, "placing": state.placing}
    write_atomically(journal, json.dumps({k: v for k, v in fields.items() if v is not None}).encode("utf-8"))


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
