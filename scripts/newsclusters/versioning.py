"""The dataset's versions: the release history, defined once, and the rules a new version must follow.

`releases.json` beside this module is the one place a version, its date and its one-line note are
written (by `newsclusters release`). The package version, the card, CITATION.cff, the BibTeX,
CHANGELOG.md and croissant.json all read it. Each release also records the SHA-256 of its
`SHA256SUMS` file, the bytes the version names: a release is checked against the published folder,
and a folder rebuilt since (new raw texts, new code) is no longer the version its card names.

The versioning policy (`POLICY`, what each bump means) is written here once: the card, CHANGELOG.md
and the README say it in these words (a test holds the README to them). A cluster never changes
split unless its release declares it in `moved_split`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from newsclusters.errors import ReleaseError

REGISTRY = "releases.json"
# What each bump means, in markdown: one sentence, read by the card, CHANGELOG.md and the README's test.
POLICY = (
    "Versions follow semantic versioning, for data: **MAJOR** when the schema or a published field's meaning "
    "changes, **MINOR** when clusters or documents are added or removed (a takedown too) or a cluster moves "
    "to another split, **PATCH** for the rest: cleaning that changes existing texts, a corrected summary, the card."
)
BUMPS = ("patch", "minor", "major")  # in order of weight
_SEMVER = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")  # ASCII digits: '\d' takes '٩' too
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_FIELDS = {"version", "date", "note", "moved_split"}


@dataclass(frozen=True)
class Release:
    version: str
    date: str  # YYYY-MM-DD
    note: str  # one line: what changed
    moved_split: tuple[str, ...] = field(default=())  # clusters this release moves between splits, declared
    sha256sums: str | None = None  # SHA-256 of the release's SHA256SUMS; recorded from 0.2.18 on

    def as_dict(self) -> dict[str, object]:
        item: dict[str, object] = {"version": self.version, "date": self.date, "note": self.note,
                                   "moved_split": list(self.moved_split)}
        if self.sha256sums is not None:
            item["sha256sums"] = self.sha256sums
        return item


def is_version(text: str) -> bool:
    return _SEMVER.fullmatch(text) is not None


def parse_version(text: str) -> tuple[int, int, int]:
    match = _SEMVER.fullmatch(text)
    if match is None:
        raise ReleaseError(f"{text!r} is not a version of the form MAJOR.MINOR.PATCH, e.g. 1.2.0")
    major, minor, patch = (int(g) for g in match.groups())
    return major, minor, patch


def bump_kind(old: str, new: str) -> str:
    """'major', 'minor' or 'patch': which number `new` raises over `old`; an error unless it is the next one."""
    o, n = parse_version(old), parse_version(new)
    successors = {"major": (o[0] + 1, 0, 0), "minor": (o[0], o[1] + 1, 0), "patch": (o[0], o[1], o[2] + 1)}
    for kind, version in successors.items():
        if n == version:
            return kind
    allowed = ", ".join(".".join(map(str, v)) for v in successors.values())
    if n <= o:
        said = ("is the latest release: a version names the same bytes forever and is never released again"
                if n == o else f"comes before the latest release, {old}: versions only go up")
        raise ReleaseError(f"{new} {said}; the next version is one of {allowed}")
    raise ReleaseError(f"{new} does not follow {old}: the next version is one of {allowed}")


def parse_releases(text: str, source: str) -> tuple[Release, ...]:
    """The history in `text`, oldest first, checked: each version the next one after its predecessor."""
    try:
        items = json.loads(text)
    except json.JSONDecodeError as err:
        raise ReleaseError(f"{source}: invalid JSON at line {err.lineno} column {err.colno}") from err
    if not isinstance(items, list) or not items:
        raise ReleaseError(f"{source}: expected a non-empty list of releases")
    releases: list[Release] = []
    for number, item in enumerate(items, start=1):
        where = f"{source}: release {number}"
        if not isinstance(item, dict) or not _FIELDS <= set(item) <= _FIELDS | {"sha256sums"}:
            raise ReleaseError(f"{where}: expected an object with version, date, note, moved_split "
                               "and optionally sha256sums")
        version, date, note, moved = item["version"], item["date"], item["note"], item["moved_split"]
        sums = item.get("sha256sums")
        if not isinstance(version, str):
            raise ReleaseError(f"{where}, field 'version': expected a string")
        try:
            parse_version(version)
        except ReleaseError as err:
            raise ReleaseError(f"{where}, field 'version': {err}") from None
        if not isinstance(date, str) or not is_date(date):
            raise ReleaseError(f"{where}, field 'date': expected a date YYYY-MM-DD, got {date!r}")
        if not isinstance(note, str) or not note.strip() or "\n" in note:
            raise ReleaseError(f"{where}, field 'note': expected one non-blank line")
        if not isinstance(moved, list) or not all(isinstance(c, str) for c in moved):
            raise ReleaseError(f"{where}, field 'moved_split': expected a list of cluster ids")
        if sums is not None and not (isinstance(sums, str) and _SHA256.fullmatch(sums)):
            raise ReleaseError(f"{where}, field 'sha256sums': expected 64 lowercase hex digits")
        if releases:
            try:
                bump_kind(releases[-1].version, version)
            except ReleaseError as err:
                raise ReleaseError(f"{where}, field 'version': {err}") from None
            if date < releases[-1].date:
                raise ReleaseError(f"{where}, field 'date': {date} is before the previous release's {releases[-1].date}")
        releases.append(Release(version, date, note, tuple(moved), sums))
    return tuple(releases)


def is_date(text: str) -> bool:
    """YYYY-MM-DD naming a day of the calendar: CITATION.cff and croissant.json publish it as a date."""
    try:
        return bool(_DATE.fullmatch(text)) and dt.date.fromisoformat(text) is not None
    except ValueError:
        return False


def load_releases(path: Path | None = None) -> tuple[Release, ...]:
    """The history in `path`, or the package's own."""
    if path is None:
        return parse_releases(resources.files("newsclusters").joinpath(REGISTRY).read_text("utf-8"), REGISTRY)
    try:
        return parse_releases(path.read_text("utf-8"), str(path))
    except OSError as err:
        raise ReleaseError(f"{path}: cannot read: {err.strerror}") from err


def releases_text(releases: tuple[Release, ...]) -> str:
    return json.dumps([r.as_dict() for r in releases], indent=2, ensure_ascii=False) + "\n"


def declared_between(releases: tuple[Release, ...], old: str | None, new: str | None) -> set[str]:
    """The clusters whose move to another split the releases after `old` up to `new` declare (either way
    round: a diff may be read backwards); only `new`'s when either version is not a release's."""
    if old is None or new is None or not (is_version(old) and is_version(new)):
        return {c for r in releases if r.version == new for c in r.moved_split}
    low, high = sorted((parse_version(old), parse_version(new)))
    return {c for r in releases if low < parse_version(r.version) <= high for c in r.moved_split}


def required_bump(schema_changed: bool, data_added_or_removed: bool) -> str:
    """The smallest bump a change needs (a split's membership changed counts as data added or removed: a
    score on the old test split no longer compares); anything else (texts re-cleaned, the card) is a PATCH."""
    return "major" if schema_changed else "minor" if data_added_or_removed else "patch"


def changelog(releases: tuple[Release, ...]) -> str:
    """CHANGELOG.md: newest first, one entry per release, from the history alone."""
    lines = ["# Changelog", "", f"{POLICY} A version names the same bytes forever (`SHA256SUMS`).", ""]
    for release in reversed(releases):
        lines += [f"## {release.version} ({release.date})", "", release.note, ""]
        if release.moved_split:
            lines += ["Clusters moved between splits, as declared: " + ", ".join(f"`{c}`" for c in release.moved_split),
                      ""]
    return "\n".join(lines)
