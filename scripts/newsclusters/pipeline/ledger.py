"""The split ledger: the split every published cluster was released in, so that it keeps it.

A cluster's split is a hash of its id, which no other cluster changes, except where the leakage
check moves a cluster to join a near-duplicate in another split. Without a record of what was
published, adding a near-duplicate of a test cluster could move that test cluster into train.
`splits.lock` in the raw folder is that record: one JSON line per published cluster, written by
`newsclusters release` (never by hand) and read by every build, where a listed cluster keeps its
split unless its own metadata pins another (a move its release must declare).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from newsclusters.errors import RawInputError
from newsclusters.pipeline.split import SPLITS
from newsclusters.pipeline.strict_json import parse_json
from newsclusters.versioning import is_version, parse_version
from newsclusters.wording import json_message

LEDGER = "splits.lock"
_FIELDS = ("cluster_id", "split", "since")


@dataclass(frozen=True)
class Entry:
    split: str
    since: str  # the version that first published the cluster


def parse_ledger(text: str, source: str) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = parse_json(line)
        except json.JSONDecodeError as err:
            problem = f"invalid JSON ({json_message(err.msg)} at column {err.colno})"
            raise RawInputError(source, f"line {number}: {problem}") from err
        except ValueError as err:  # a key given twice, a lone surrogate, an integer of more than 4,300 digits
            raise RawInputError(source, f"line {number}: invalid JSON ({err})") from err
        if not isinstance(item, dict) or set(item) != set(_FIELDS):
            raise RawInputError(source, f"line {number}: expected an object with {', '.join(_FIELDS)}")
        cluster_id = item["cluster_id"]
        if not isinstance(cluster_id, str) or not cluster_id:
            raise RawInputError(source, f"line {number}: expected a cluster id", field="cluster_id")
        if item["split"] not in SPLITS:
            raise RawInputError(source, f"line {number}: {item['split']!r} is not one of {', '.join(SPLITS)}",
                                record=cluster_id, field="split")
        if not isinstance(item["since"], str) or not is_version(item["since"]):
            raise RawInputError(source, f"line {number}: expected a version MAJOR.MINOR.PATCH", record=cluster_id,
                                field="since")
        if cluster_id in entries:
            raise RawInputError(source, f"line {number}: listed twice", record=cluster_id, field="cluster_id")
        entries[cluster_id] = Entry(item["split"], item["since"])
    return entries


def read_ledger(raw: Path) -> dict[str, Entry]:
    """The ledger of the raw folder `raw`; empty for a corpus never released."""
    path = raw / LEDGER
    if not path.is_file():
        return {}
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise RawInputError(str(path), f"cannot read: {err}") from err
    return parse_ledger(text, str(path))


def published_splits(entries: Mapping[str, Entry]) -> dict[str, str]:
    return {cluster_id: entry.split for cluster_id, entry in entries.items()}


def first_published(entries: Mapping[str, Entry]) -> dict[str, tuple[int, int, int]]:
    """The version that first published each cluster, as numbers that order ('0.10.0' after '0.9.0')."""
    return {cluster_id: parse_version(entry.since) for cluster_id, entry in entries.items()}


def updated_ledger(entries: Mapping[str, Entry], splits: Mapping[str, str], version: str) -> dict[str, Entry]:
    """The ledger after releasing `version` with these cluster splits.

    Every published cluster gets its split (a declared move updates it); a cluster listed before keeps its
    `since`, a new one gets `version`; a cluster no longer published (taken down) keeps its line, so
    that its id, should it come back, returns to its split.
    """
    result = dict(entries)
    for cluster_id, split in splits.items():
        since = entries[cluster_id].since if cluster_id in entries else version
        result[cluster_id] = Entry(split, since)
    return result


def ledger_text(entries: Mapping[str, Entry]) -> str:
    return "".join(
        json.dumps({"cluster_id": c, "split": e.split, "since": e.since}, ensure_ascii=False) + "\n"
        for c, e in sorted(entries.items())
    )
