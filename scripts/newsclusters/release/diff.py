"""What changed between two releases: clusters and documents added, removed and changed, the clusters
whose reference summary changed, clusters that changed split, each rule's removal count, and the configs
whose schema changed.

Read from the published files alone (Parquet, CITATION.cff), so any two release folders compare,
whichever version of the package built them. Rows are compared by a hash of every published field;
a row's split is the one in its file's name.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from newsclusters.errors import ReleaseError
from newsclusters.pipeline.records import CONFIGS
from newsclusters.release.publish import CHECKSUMS, CITATION, CROISSANT, DATA, read_checksums
from newsclusters.wording import listed

BATCH_ROWS = 4096  # rows read at a time: memory stays flat however large the release


@dataclass(frozen=True)
class ReleaseIndex:
    """A release reduced to what a diff compares."""

    version: str | None
    title: str | None  # its CITATION.cff's: which corpus it is a release of
    clusters: dict[str, tuple[str, bytes]]  # cluster_id -> (split, row hash)
    documents: dict[str, tuple[str, bytes]]  # doc_id -> (split, row hash)
    summaries: dict[str, bytes]  # cluster_id -> hash of its reference summary
    rules: dict[str, int]  # rule -> lines it removed
    schemas: dict[str, str]  # config -> its Parquet schema, with the features `datasets` reads
    # Field id ('documents/position') -> its description and data type in croissant.json: what a field means,
    # written from the JSON Schemas, which the Parquet schema does not carry. Empty without a croissant.json.
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Changes:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[str]]:
        return {"added": self.added, "removed": self.removed, "changed": self.changed}

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True)
class ReleaseDiff:
    old_version: str | None
    new_version: str | None
    clusters: Changes
    documents: Changes
    moved_split: list[str]  # cluster ids
    moves: dict[str, tuple[str, str]]  # cluster id -> (old split, new split)
    # Clusters in both whose summary changed: a takedown's diff must show whether the summary was reread
    # (a cluster row also changes when only its documents do).
    summary_changed: list[str]
    rules: dict[str, dict[str, int]]  # rule -> {"before": n, "after": m}, every rule of either release
    schema_changed: list[str]  # configs
    titles: tuple[str | None, str | None] = (None, None)  # (old, new): the corpora, when they are not one
    fields_changed: list[str] = field(default_factory=list)  # field ids whose description or type changed

    @property
    def data_added_or_removed(self) -> bool:
        c, d = self.clusters, self.documents
        return bool(c.added or c.removed or d.added or d.removed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "old_version": self.old_version, "new_version": self.new_version,
            "clusters": self.clusters.as_dict(), "documents": self.documents.as_dict(),
            "moved_split": self.moved_split, "summary_changed": self.summary_changed, "rules": self.rules, "schema_changed": self.schema_changed,
            "titles": list(self.titles), "fields_changed": self.fields_changed,
        }


def _row_hash(row: dict[str, Any]) -> bytes:
    return hashlib.blake2b(json.dumps(row, sort_keys=True, ensure_ascii=False).encode("utf-8"), digest_size=16).digest()


# The columns a diff reads by name, in every release this package has published.
READ_COLUMNS = {"clusters": ("cluster_id", "summary"), "documents": ("doc_id", "removed")}


def _rows(folder: Path, config: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(split, row) of every row of one config, file by file in name order."""
    import pyarrow.parquet as pq

    for path in sorted((folder / DATA / config).glob("*.parquet")):
        split = path.name.split("-", 1)[0]
        try:
            parquet = pq.ParquetFile(path)
            if missing := [c for c in READ_COLUMNS[config] if c not in parquet.schema_arrow.names]:
                raise ReleaseError(f"{path}: no column {', '.join(map(repr, missing))}, which every {config} file "
                                   f"of a release has; newsclusters validate {folder} checks the whole release")
            for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
                for row in batch.to_pylist():
                    yield split, row
        except (OSError, ValueError) as err:  # pyarrow raises ArrowInvalid (a ValueError) for a corrupt file
            raise ReleaseError(f"{path}: cannot read Parquet: {err}; newsclusters validate {folder} checks the "
                               "whole release") from None


def _schema_text(folder: Path, config: str) -> str:
    import pyarrow.parquet as pq

    first = min((folder / DATA / config).glob("*.parquet"), default=None)
    if first is None:
        return ""
    try:
        return pq.read_schema(first).to_string(show_field_metadata=True, show_schema_metadata=True)
    except (OSError, ValueError) as err:
        raise ReleaseError(f"{first}: cannot read Parquet: {err}") from None


def release_version(folder: Path) -> str | None:
    """The version a release folder says it is (its CITATION.cff), or None; a CITATION.cff that can't be
    read is a ReleaseError naming it."""
    return _citation_field(folder, "version")


def release_title(folder: Path) -> str | None:
    """The title of the corpus a release folder is a release of (its CITATION.cff), or None."""
    return _citation_field(folder, "title")


def _citation_field(folder: Path, key: str) -> str | None:
    path = folder / CITATION
    if not path.is_file():
        return None
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise ReleaseError(f"{path}: cannot read the release's {key}: {err}") from err
    return str(data[key]) if isinstance(data, dict) and key in data else None


def index_release(folder: Path) -> ReleaseIndex:
    if not (folder / DATA).is_dir():
        raise ReleaseError(f"{folder}: not a release folder (no {DATA}/ inside)")
    _check_complete(folder)
    clusters: dict[str, tuple[str, bytes]] = {}
    summaries: dict[str, bytes] = {}
    for split, row in _rows(folder, "clusters"):
        clusters[row["cluster_id"]] = (split, _row_hash(row))
        summaries[row["cluster_id"]] = _row_hash({"summary": row["summary"]})
    documents: dict[str, tuple[str, bytes]] = {}
    rules: Counter[str] = Counter()
    for split, row in _rows(folder, "documents"):
        documents[row["doc_id"]] = (split, _row_hash(row))
        rules.update(r["rule"] for r in row["removed"])
    schemas = {config: _schema_text(folder, config) for config in CONFIGS}
    return ReleaseIndex(release_version(folder), release_title(folder), clusters, documents, summaries, dict(rules),
                        schemas, _field_meanings(folder))


def _check_complete(folder: Path) -> None:
    """Every data file the release's SHA256SUMS lists is there: a diff of a folder missing some would report their
    rows as removed. Their bytes are not hashed (`newsclusters validate` does that)."""
    if not (folder / CHECKSUMS).is_file():
        raise ReleaseError(f"{folder}: not a complete release: no {CHECKSUMS}, where a release lists its files")
    gone = [name for name in read_checksums(folder / CHECKSUMS) if name.startswith(f"{DATA}/")
            and not (folder / name).is_file()]
    if gone:
        raise ReleaseError(f"{folder}: not a complete release: {CHECKSUMS} lists {listed(gone, 3)}, not there; "
                           f"newsclusters validate {folder} checks the whole release")


def _field_meanings(folder: Path) -> dict[str, str]:
    """Each field's description and data type in the release's croissant.json (nested fields too)."""
    path = folder / CROISSANT
    if not path.is_file():
        return {}
    try:
        record_sets = json.loads(path.read_text("utf-8"))["recordSet"]
        found: dict[str, str] = {}
        stack = [f for record_set in record_sets for f in record_set["field"]]
        while stack:
            item = stack.pop()
            found[item["@id"]] = json.dumps([item.get("description"), item.get("dataType")], ensure_ascii=False)
            stack += item.get("subField", [])
    except (OSError, ValueError, KeyError, TypeError) as err:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise ReleaseError(f"{path}: cannot read the fields' descriptions ({type(err).__name__}: {err}); newsclusters "
                           f"validate {folder} checks the whole release") from None
    return found


def _changes(old: dict[str, tuple[str, bytes]], new: dict[str, tuple[str, bytes]]) -> Changes:
    return Changes(
        added=sorted(new.keys() - old.keys()),
        removed=sorted(old.keys() - new.keys()),
        changed=sorted(k for k in old.keys() & new.keys() if old[k][1] != new[k][1]),
    )


def diff_indexes(old: ReleaseIndex, new: ReleaseIndex) -> ReleaseDiff:
    moves = {c: (old.clusters[c][0], new.clusters[c][0])
             for c in sorted(old.clusters.keys() & new.clusters.keys()) if old.clusters[c][0] != new.clusters[c][0]}
    rules = {r: {"before": old.rules.get(r, 0), "after": new.rules.get(r, 0)} for r in sorted(old.rules | new.rules)}
    fields_changed = sorted(k for k in old.fields.keys() | new.fields.keys()
                            if old.fields.get(k) != new.fields.get(k)) if old.fields and new.fields else []
    schema_changed = [c for c in CONFIGS if old.schemas.get(c) != new.schemas.get(c)
                      or any(f.split("/", 1)[0] == c for f in fields_changed)]
    summary_changed = sorted(c for c in old.summaries.keys() & new.summaries.keys()
                             if old.summaries[c] != new.summaries[c])
    titles = (old.title, new.title) if None not in (old.title, new.title) and old.title != new.title else (None, None)
    return ReleaseDiff(old.version, new.version, _changes(old.clusters, new.clusters),
                       _changes(old.documents, new.documents), list(moves), moves, summary_changed, rules,
                       schema_changed, titles, fields_changed)


def diff_releases(old: Path, new: Path) -> ReleaseDiff:
    return diff_indexes(index_release(old), index_release(new))


def undeclared_moves(diff: ReleaseDiff, declared: Collection[str]) -> list[str]:
    return [c for c in diff.moved_split if c not in declared]


def diff_text(diff: ReleaseDiff) -> str:
    """The diff for a person: counts, the first ids of each list, and only the rules whose counts changed."""
    lines = [f"{diff.old_version or '?'} -> {diff.new_version or '?'}"]
    if diff.titles != (None, None):
        lines.append(f"note: releases of two corpora ({diff.titles[0]!r} -> {diff.titles[1]!r}): what is added "
                     "and removed below is one corpus against the other, not a change")
    for name, changes in (("clusters", diff.clusters), ("documents", diff.documents)):
        for kind in ("added", "removed", "changed"):
            ids = getattr(changes, kind)
            lines.append(f"{name} {kind}: {len(ids)}" + (f" ({listed(ids)})" if ids else ""))
        if name == "clusters":
            ids = diff.summary_changed
            lines.append(f"clusters whose summary changed: {len(ids)}" + (f" ({listed(ids)})" if ids else ""))
    lines.append(f"clusters that changed split: {len(diff.moves)}")
    lines += [f"  {c}: {a} -> {b}" for c, (a, b) in diff.moves.items()]
    changed_rules = {r: n for r, n in diff.rules.items() if n["before"] != n["after"]}
    lines.append(f"rules whose removal counts changed: {len(changed_rules)}")
    lines += [f"  {r}: {n['before']} -> {n['after']}" for r, n in changed_rules.items()]
    lines.append("schema changed: " + (", ".join(diff.schema_changed) if diff.schema_changed else "no"))
    if diff.fields_changed:
        lines.append(f"fields whose description or type changed: {listed(diff.fields_changed)}")
    return "\n".join(lines)
