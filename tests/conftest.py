"""Shared fixtures. Tests run offline and never touch the committed release unless they say so.

`dataset/raw` grows: a curator adds clusters (README, "Adding a story cluster") and `make test` must
still pass. So a test never assumes the bundled cluster is the whole corpus: it builds its own corpus
in a temporary folder (`seed_raw`, `seed_release`, `raw_copy`, `write_cluster`), or derives what it
expects from the committed files (`split_rows`). That the committed release matches dataset/raw is
checked by rebuilding it (`verify`, tests/test_release.py), not by counts typed into tests.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "dataset" / "raw"
RELEASE = ROOT / "dataset"
FIXTURES = Path(__file__).parent / "fixtures"
SEED_CLUSTER = RAW / "balenciaga-campaign-apology-2022"

# Property tests: in CI (CI=true) a random draw must never decide whether a change lands, so the
# "ci" profile derandomizes (the examples follow from each test's source) and keeps no example
# database; elsewhere "dev" keeps exploring new random examples and remembers the failing ones.
# NC_EXAMPLES overrides the number of examples per test in both (e.g. NC_EXAMPLES=5000 for a soak).
_EXAMPLES = int(os.environ.get("NC_EXAMPLES", "400"))
_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("ci", derandomize=True, database=None, max_examples=_EXAMPLES, print_blob=True, **_COMMON)
settings.register_profile("dev", max_examples=_EXAMPLES, **_COMMON)
settings.load_profile("ci" if os.environ.get("CI", "").lower() == "true" else "dev")


BENCHMARKS = ROOT / "benchmarks"


@contextmanager
def benchmark_script(name: str) -> Iterator[ModuleType]:
    """A script of `benchmarks/` imported as a module for the length of a test (the folder is no package)."""
    spec = importlib.util.spec_from_file_location(f"benchmarks_{name}", BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[spec.name] = module  # type: ignore[union-attr]
    try:
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        yield module
    finally:
        sys.modules.pop(spec.name, None)  # type: ignore[union-attr]


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path_factory.mktemp("hf-cache")))


@pytest.fixture(scope="session")
def gold() -> list[dict]:
    with (FIXTURES / "seeds_gold.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A private raw corpus holding a copy of the bundled cluster alone, to break on purpose."""
    target = tmp_path / "raw"
    shutil.copytree(SEED_CLUSTER, target / SEED_CLUSTER.name)
    return target


@pytest.fixture(scope="session")
def seed_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A raw corpus of the bundled cluster alone (1 cluster, pinned to test, 5 documents), never to be changed."""
    target = tmp_path_factory.mktemp("seed") / "raw"
    shutil.copytree(SEED_CLUSTER, target / SEED_CLUSTER.name)
    return target


@pytest.fixture(scope="session")
def seed_release(seed_raw: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A release built from `seed_raw`: for tests that count rows, whatever else dataset/raw holds."""
    from newsclusters.release.build import build_release

    out = tmp_path_factory.mktemp("seed-release") / "dataset"
    build_release(seed_raw, out)
    return out


def split_rows(release: Path, config: str) -> dict[str, int]:
    """Rows per split of one config of a release, from its Parquet files: what a test may expect of any release."""
    import pyarrow.parquet as pq

    rows: dict[str, int] = {}
    for path in sorted((release / "data" / config).glob("*.parquet")):
        split = path.name.split("-", 1)[0]
        rows[split] = rows.get(split, 0) + pq.ParquetFile(path).metadata.num_rows
    return rows


def write_cluster(root: Path, cluster_id: str, docs: dict[str, str | bytes], meta: dict | None = None) -> Path:
    folder = root / cluster_id
    folder.mkdir(parents=True)
    for name, text in docs.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (folder / name).write_bytes(data)
    meta = {"summary": f"Summary of {cluster_id}.", "summary_author": "Test author"} if meta is None else meta
    (folder / "cluster.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` by relative path: to prove a folder is unchanged."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def json_objects(node: object) -> Iterator[dict]:
    """Every JSON object in `node`, itself included, depth first: to inspect every level of a schema."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from json_objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from json_objects(value)
