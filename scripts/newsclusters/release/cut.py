"""`newsclusters release X.Y.Z`: cut a new version, checked against what actually changed.

The new release is built beside the published one, compared with it (`diff.py`), and swapped in
only if the version bump covers the change (a PATCH may not add clusters, a MINOR may not change the
schema) and every cluster that changed split is declared. Then the release history (with the new
release's SHA256SUMS digest), the split ledger and the root copies of the card, CITATION.cff and
CHANGELOG.md are written. A refused release changes nothing.

The comparison is only as good as the folder compared with: one rebuilt after the raw texts changed
still carries the old version's name, and a diff against it would see no new clusters. So the
published folder must be the bytes its version recorded, or the release is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from newsclusters.errors import ReleaseError
from newsclusters.executor.engines import Engine, LocalEngine
from newsclusters.limits import Limits
from newsclusters.pipeline.corpus import CORPUS, read_corpus
from newsclusters.pipeline.ledger import LEDGER, Entry, ledger_text, read_ledger, updated_ledger
from newsclusters.progress import Report
from newsclusters.release.build import BuildResult, checksum_differences, work_folders, write_release
from newsclusters.release.diff import ReleaseDiff, ReleaseIndex, diff_indexes, index_release, release_version
from newsclusters.release.publish import (
    CHECKSUMS,
    DATA,
    check_copy_places,
    check_places,
    sha256_file,
    swap_in,
    uninterrupted,
    written_beside,
)
from newsclusters.versioning import (
    BUMPS,
    Release,
    bump_kind,
    load_releases,
    parse_releases,
    releases_text,
    required_bump,
)
from newsclusters.wording import counted, listed


@dataclass(frozen=True)
class CutRelease:
    release: Release
    kind: str  # the bump: major, minor or patch
    build: BuildResult
    diff: ReleaseDiff
    needed: str = "patch"  # the smallest bump the change needs: `kind` may be larger, never smaller
    published: bool = True  # False for a dry run: checked, nothing written


def _why(diff: ReleaseDiff) -> str:
    if diff.fields_changed:  # a field's meaning, as its description says it
        return (f"the schema of {', '.join(diff.schema_changed)} changed (the description or type of "
                f"{listed(diff.fields_changed, 5)})")
    if diff.schema_changed:
        return f"the schema of {', '.join(diff.schema_changed)} changed"
    c, d = diff.clusters, diff.documents
    counts = [f"{counted(len(ids), name)} {kind}" for name, changes in (("cluster", c), ("document", d))
              for kind, ids in (("added", changes.added), ("removed", changes.removed)) if ids]
    counts += [f"{counted(len(diff.moved_split), 'cluster')} moved to another split"] if diff.moved_split else []
    return ", ".join(counts) or "no cluster or document added, removed or moved, the schema unchanged"


def check_bump(kind: str, diff: ReleaseDiff, declared_moves: tuple[str, ...], larger: bool = False) -> str:
    """The bump the change needs; refuses a smaller one, a larger one unless asked for, undeclared split moves."""
    needed = required_bump(bool(diff.schema_changed), diff.data_added_or_removed or bool(diff.moved_split))
    if BUMPS.index(kind) < BUMPS.index(needed):
        raise ReleaseError(f"a {kind.upper()} release cannot publish this change ({_why(diff)}): it needs a "
                           f"{needed.upper()} version; nothing was released")
    if BUMPS.index(kind) > BUMPS.index(needed) and not larger:
        raise ReleaseError(f"a {kind.upper()} release for a change that needs a {needed.upper()} ({_why(diff)}): "
                           f"the versioning policy says what each number means, and a version is permanent; "
                           f"pass --larger-bump if the larger number is meant; nothing was released")
    undeclared = [c for c in diff.moved_split if c not in declared_moves]
    if undeclared:
        moves = ", ".join(f"{c} ({diff.moves[c][0]} -> {diff.moves[c][1]})" for c in undeclared)
        raise ReleaseError(f"clusters changed split without being declared: {moves}; declare each with "
                           "--declare-moved CLUSTER_ID if the move is intended; nothing was released")
    not_moved = [c for c in declared_moves if c not in diff.moves]
    if not_moved:
        raise ReleaseError(f"declared as moved, but no cluster of that id changed split (it is still in its split, "
                           f"or there is none): {', '.join(not_moved)}; nothing was released")
    return needed


def restore_commands(out: Path, copies: Sequence[Path] = ()) -> tuple[str, str]:
    """The git commands that put back a published folder a build rewrote, its raw texts kept: the files
    (with the copies a build writes outside it, such as the root's DATACARD.md), then the files it added."""
    outside = "".join(f" {path}" for path in copies)
    return f"git checkout HEAD -- {out} ':!{out}/raw'{outside}", f"git clean -f -- {out} ':!{out}/raw'"


def check_published(out: Path, current: Release, copies: Sequence[Path] = ()) -> None:
    """Refuse to compare with a folder that is not the bytes `current` recorded when it was released."""
    checkout, clean = restore_commands(out, copies)
    restore = (f"Restore the published files, keeping the raw texts ({checkout}), remove the files a build added "
               f"since ({clean}; -n instead of -f lists them), then release again; preview a build with --out "
               "elsewhere. Nothing was released")
    published = release_version(out)
    if published != current.version:
        raise ReleaseError(f"{out} holds version {published}, but the history's latest is {current.version}, "
                           f"which a release is compared with. {restore}")
    sums = out / CHECKSUMS
    if current.sha256sums is not None and (not sums.is_file() or sha256_file(sums) != current.sha256sums):
        raise ReleaseError(
            f"{out} is not the published {current.version}: its {CHECKSUMS} is not the one {current.version} "
            "recorded, so it was rebuilt since (new raw texts or code) and a diff against it would miss what "
            f"changed. {restore}")
    if not sums.is_file():
        return  # a release from before checksums were written
    found = checksum_differences(out)
    groups = (("not listed in it", found.unlisted), ("changed", found.changed), ("missing", found.missing))
    if any(names for _, names in groups):
        what = "; ".join(f"{label}: {', '.join(names[:3])}{' ...' if len(names) > 3 else ''}"
                         for label, names in groups if names)
        raise ReleaseError(f"{out} is not the published {current.version}: its files differ from its {CHECKSUMS} "
                           f"({what}), so a diff against it would miss what changed. {restore}")


def with_ledger_moves(diff: ReleaseDiff, new: ReleaseIndex, ledger: Mapping[str, Entry]) -> ReleaseDiff:
    """`diff` with the clusters that come back in another split than the ledger recorded for them.

    A cluster taken down and added again is "added" to a diff of the two releases, so a pin that puts
    it elsewhere would pass unseen; the ledger remembers where it was published.
    """
    returning = {cluster: (ledger[cluster].split, split) for cluster, (split, _) in new.clusters.items()
                 if cluster in ledger and cluster not in diff.moves and ledger[cluster].split != split}
    if not returning:
        return diff
    return replace(diff, moved_split=sorted({*diff.moved_split, *returning}), moves={**diff.moves, **returning})


def _next_history(history: tuple[Release, ...], release: Release,
                  registry: Path) -> tuple[Release, str, tuple[Release, ...]]:
    """The release `release` follows, its kind of bump, and the history with it (the file's own checks)."""
    current = history[-1]
    kind = bump_kind(current.version, release.version)
    if release.date < current.date:  # said of the option given, not of the history it would be written into
        raise ReleaseError(f"--date {release.date} is before {current.version}'s date, {current.date}: a release "
                           "is dated on or after the one it follows")
    return current, kind, parse_releases(releases_text(history + (release,)), str(registry))


def cut_release(raw: Path, out: Path, version: str, note: str, *, registry: Path, date: str | None = None,
                declared_moves: tuple[str, ...] = (), limits: Limits = Limits(), engine: Engine | None = None,
                report: Report | None = None, copies: dict[str, Path] | None = None,
                dry_run: bool = False, larger_bump: bool = False) -> CutRelease:
    """Build `version` from `raw`, check it against the release in `out`, and publish it there.

    `registry` is the release history (releases.json) the new entry is added to; `copies` maps release
    files (README.md, CITATION.cff, CHANGELOG.md) to copies kept outside the release, e.g. at the root.
    A dry run makes every check and the diff, and writes nothing: versions are permanent.
    """
    if (corpus := read_corpus(raw)) is not None:
        raise ReleaseError(f"{raw} holds {corpus.name} ({CORPUS}): release cuts versions of NewsClusters's own "
                           "clusters, in the package's history; build an ingested corpus with newsclusters build "
                           "--out FOLDER; nothing was released")
    date = date or dt.datetime.now(dt.timezone.utc).date().isoformat()
    release = Release(version, date, " ".join(note.split()), tuple(sorted(set(declared_moves))))
    if not release.note:
        raise ReleaseError("a release needs a one-line note (--note) saying what changed")
    check_places(raw, out)
    check_copy_places(out, [*(copies or {}).values(), registry], raw)  # before the work; the ledger is raw's own
    engine = engine or LocalEngine()
    with work_folders(out, engine) as (spill, staging):
        # Read under the lock, after `recover` (and before the work: a wrong version fails in a moment): a
        # release killed while its history and ledger went in place has just had them finished, and this one
        # must follow them, not the files as they were.
        history = load_releases(registry)
        current, kind, new_history = _next_history(history, release, registry)
        ledger = read_ledger(raw)
        if not (out / DATA).is_dir():
            raise ReleaseError(f"{out}: no published release to compare with; build {current.version} first")
        check_published(out, current, list((copies or {}).values()))  # under the lock: no build changes it now
        built = write_release(raw, staging, spill, limits, engine, report, history=new_history)
        new_index = index_release(staging)
        diff = with_ledger_moves(diff_indexes(index_release(out), new_index), new_index, ledger)
        needed = check_bump(kind, diff, release.moved_split, larger_bump)
        if dry_run:
            return CutRelease(release, kind, built, diff, needed, published=False)
        splits = {c: split for c, (split, _) in new_index.clusters.items()}
        release = replace(release, sha256sums=sha256_file(staging / CHECKSUMS))
        outside = {path: (staging / name).read_bytes() for name, path in (copies or {}).items()}
        outside[raw / LEDGER] = ledger_text(updated_ledger(ledger, splits, version)).encode("utf-8")
        outside[registry] = releases_text(history + (release,)).encode("utf-8")
        # Written before the swap and renamed after it, under the lock: no build reads an old ledger
        # beside the new release, and a failure to write them leaves the previous release as it was.
        with written_beside(out, outside) as beside, uninterrupted():
            swap_in(staging, out, beside)
    return CutRelease(release, kind, built, diff, needed)

