"""Reading `dataset/raw/`: the I/O edge of the pipeline.

Layout: one folder per story cluster, named by its id (a lowercase slug), holding the raw `.txt`
files exactly as received and a `cluster.json` (see schema/cluster_source.schema.json). Problems are
collected, not raised one by one, so a curator sees all of them in one run.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CLUSTER_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DOC_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.txt")
METADATA_FILE = "cluster.json"


@dataclass(frozen=True)
class RawDocument:
    file_name: str
    path: str  # for messages
    data: bytes


@dataclass(frozen=True)
class RawCluster:
    cluster_id: str
    path: str
    metadata_path: str
    metadata: dict[str, Any] | None  # None when unreadable (a problem says why)
    documents: tuple[RawDocument, ...]


def read_raw_tree(root: Path) -> tuple[list[RawCluster], list[str]]:
    """Every cluster under `root`, sorted by id, and the problems met reading them."""
    problems: list[str] = []
    if not root.is_dir():
        return [], [f"{root}: raw folder not found (expected one sub-folder per story cluster)"]
    clusters: list[RawCluster] = []
    for folder in sorted(root.iterdir()):
        if folder.name.startswith("."):
            continue
        if not folder.is_dir():
            problems.append(f"{folder}: unexpected file; raw/ holds only one folder per cluster")
            continue
        if not CLUSTER_ID.fullmatch(folder.name):
            problems.append(f"{folder}: cluster folder name must be a lowercase slug like 'flood-in-valencia-2024'")
            continue
        clusters.append(_read_cluster(folder, problems))
    if not clusters and not problems:
        problems.append(f"{root}: no cluster folders found")
    return clusters, problems


def _read_cluster(folder: Path, problems: list[str]) -> RawCluster:
    meta_path = folder / METADATA_FILE
    metadata = None
    if not meta_path.is_file():
        problems.append(f"{meta_path}: missing; every cluster needs a cluster.json with its reference summary")
    else:
        try:
            metadata = json.loads(meta_path.read_bytes().decode("utf-8-sig"))
        except UnicodeDecodeError as err:
            problems.append(f"{meta_path}: not valid UTF-8 at byte {err.start}")
        except json.JSONDecodeError as err:
            problems.append(f"{meta_path}: invalid JSON at line {err.lineno} column {err.colno}: {err.msg}")
    documents = []
    for path in sorted(folder.iterdir()):
        if path.name == METADATA_FILE or path.name.startswith("."):
            continue
        if not DOC_FILE.fullmatch(path.name) or not path.is_file():
            problems.append(f"{path}: unexpected entry; raw documents are '<name>.txt' files")
            continue
        documents.append(RawDocument(path.name, str(path), path.read_bytes()))
    if not documents:
        problems.append(f"{folder}: cluster has no .txt documents")
    return RawCluster(folder.name, str(folder), str(meta_path), metadata, tuple(documents))
