"""croissant.json: valid Croissant 1.0 for mlcroissant, loadable offline, true to the files and the schemas.

mlcroissant is a test dependency (the `test` extra), not optional: a metadata file nobody validated
would be worse than none, because search engines and loaders trust it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from pathlib import Path
from typing import Any

import mlcroissant as mlc
import pyarrow.parquet as pq
import pytest

from newsclusters.pipeline.records import CONFIGS, field_docs
from newsclusters.release.croissant import croissant_metadata, croissant_text, encoding_format
from newsclusters.release.publish import CHECKSUMS, CROISSANT, release_files

# rdflib and pandas deprecations raised inside mlcroissant: not ours to fix, only noise in the report.
pytestmark = [
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:The inplace keyword:Warning"),
]

# What the release passes in (card.bibtex() and friends); literals keep these tests about Croissant alone.
BIBTEX = ("@misc{newsclusters_0_2_0,\n  title = {{NewsClusters}: a dataset},\n"
          "  howpublished = {\\url{https://x.example}}\n}")


def _args() -> dict[str, str]:
    return {
        "name": "NewsClusters",
        "version": "0.2.0",
        "date_published": "2026-12-04",
        "description": "A reproducible multi-document news summarization dataset.",
        "citation": BIBTEX,
        "license_url": "https://github.com/newsclusters/newsclusters/blob/main/dataset/LICENSE.md",
        "url": "https://github.com/newsclusters/newsclusters",
    }


def _listed(folder: Path) -> list[str]:
    """What the caller lists: every release file but croissant.json itself (SHA256SUMS is never in release_files)."""
    return [name for name in release_files(folder) if name != CROISSANT]


@pytest.fixture
def release(seed_release: Path, tmp_path: Path) -> Path:
    """A private copy of the seed release (the session fixture must stay unchanged)."""
    target = tmp_path / "dataset"
    shutil.copytree(seed_release, target)
    return target


def _write(folder: Path) -> Path:
    path = folder / CROISSANT
    path.write_text(croissant_text(folder, _listed(folder), **_args()), encoding="utf-8")
    return path


def _load(path: Path, caplog: pytest.LogCaptureFixture) -> mlc.Dataset:
    """Load with mlcroissant, failing on its errors (it raises) and on its warnings (it only logs)."""
    with caplog.at_level(logging.WARNING):
        dataset = mlc.Dataset(jsonld=path)
    issues = dataset.metadata.ctx.issues
    assert not issues.errors and not issues.warnings, issues.report()
    logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert not logged, logged
    return dataset


def _text(value: Any) -> Any:
    # mlcroissant yields sc:Text values as bytes.
    return value.decode("utf-8") if isinstance(value, bytes) else value


def test_mlcroissant_validates_without_warnings(release: Path, caplog: pytest.LogCaptureFixture) -> None:
    dataset = _load(_write(release), caplog)
    metadata = dataset.metadata
    assert metadata.name == "NewsClusters"
    assert metadata.version == "0.2.0"
    assert sorted(rs.id for rs in metadata.record_sets) == sorted(CONFIGS)


def test_the_validation_check_has_teeth(release: Path, caplog: pytest.LogCaptureFixture) -> None:
    """mlcroissant only logs some problems (a non-standard @context): `_load` must still fail on them."""
    path = _write(release)
    document = json.loads(path.read_text(encoding="utf-8"))
    del document["@context"]["samplingRate"]
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(AssertionError, match="not standard"):
        _load(path, caplog)
    del document["distribution"][0]["sha256"]
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(mlc.ValidationError, match="sha256"):
        mlc.Dataset(jsonld=path)


def test_documents_records_match_parquet(release: Path, caplog: pytest.LogCaptureFixture) -> None:
    dataset = _load(_write(release), caplog)
    records = list(dataset.records("documents"))
    paths = sorted((release / "data" / "documents").glob("*.parquet"))
    rows = [(path.name.split("-", 1)[0], row) for path in paths for row in pq.read_table(path).to_pylist()]
    assert len(records) == len(rows) > 0
    for record, (split, row) in zip(records, rows, strict=True):
        assert _text(record["documents/doc_id"]) == row["doc_id"]
        assert _text(record["documents/text"]) == row["text"]
        assert record["documents/position"] == row["position"]
        assert _text(record["documents/split"]) == split
        removed = [(r["documents/removed/line"], _text(r["documents/removed/rule"]))
                   for r in record["documents/removed"] or []]
        assert removed == [(r["line"], r["rule"]) for r in row["removed"]]


def test_clusters_records_nest_their_documents(release: Path, caplog: pytest.LogCaptureFixture) -> None:
    dataset = _load(_write(release), caplog)
    records = list(dataset.records("clusters"))
    rows = [row for path in sorted((release / "data" / "clusters").glob("*.parquet"))
            for row in pq.read_table(path).to_pylist()]
    assert len(records) == len(rows) > 0
    for record, row in zip(records, rows, strict=True):
        assert _text(record["clusters/cluster_id"]) == row["cluster_id"]
        assert _text(record["clusters/summary"]) == row["summary"]
        assert [_text(d["clusters/documents/doc_id"]) for d in record["clusters/documents"]] == [
            d["doc_id"] for d in row["documents"]]


def _file_objects(metadata: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["contentUrl"]: d for d in metadata["distribution"] if d["@type"] == "cr:FileObject"}


def test_every_release_file_listed_exactly_once(release: Path) -> None:
    _write(release)  # present in the folder, yet not listed: the caller leaves it out
    files = _listed(release)
    metadata = croissant_metadata(release, files, **_args())
    urls = [d["contentUrl"] for d in metadata["distribution"] if d["@type"] == "cr:FileObject"]
    assert urls == sorted(files)
    on_disk = sorted(p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file())
    assert urls == [name for name in on_disk if name not in (CROISSANT, CHECKSUMS)]
    ids = [d["@id"] for d in metadata["distribution"]]
    assert len(ids) == len(set(ids))


def test_sha256_follows_the_bytes(release: Path) -> None:
    files = _listed(release)
    before = _file_objects(croissant_metadata(release, files, **_args()))
    for name, entry in before.items():
        assert entry["sha256"] == hashlib.sha256((release / name).read_bytes()).hexdigest()
    name = next(p for p in files if p.startswith("data/documents/"))
    data = bytearray((release / name).read_bytes())
    data[len(data) // 2] ^= 0x01
    (release / name).write_bytes(bytes(data))
    assert before[name]["sha256"] != hashlib.sha256(bytes(data)).hexdigest()
    after = _file_objects(croissant_metadata(release, files, **_args()))
    assert after[name]["sha256"] == hashlib.sha256(bytes(data)).hexdigest()
    assert {n: e["sha256"] for n, e in after.items() if n != name} == {
        n: e["sha256"] for n, e in before.items() if n != name}


def test_same_folder_same_bytes(release: Path) -> None:
    files = _listed(release)
    first = croissant_text(release, files, **_args())
    assert croissant_text(release, list(reversed(files)), **_args()) == first
    assert first.endswith("}\n")
    json.loads(first)


def test_descriptions_come_from_the_schemas(release: Path) -> None:
    metadata = croissant_metadata(release, _listed(release), **_args())
    for record_set in metadata["recordSet"]:
        expected = {doc.path.replace("[].", "/").replace(".", "/"): doc.description
                    for doc in field_docs(record_set["@id"])}
        seen: dict[str, str] = {}
        for field in record_set["field"]:
            seen[field["name"]] = field["description"]
            for sub in field.get("subField", []):
                seen[f"{field['name']}/{sub['name']}"] = sub["description"]
        assert seen.pop("split")  # not a column: the only field the schemas do not describe
        assert seen == expected
        assert all(seen.values())


def test_required_dataset_properties(release: Path) -> None:
    metadata = croissant_metadata(release, _listed(release), **_args())
    assert metadata["@type"] == "sc:Dataset"
    assert metadata["conformsTo"] == "http://mlcommons.org/croissant/1.0"
    assert metadata["citeAs"] == BIBTEX
    for key in ("name", "description", "license", "url", "version", "datePublished"):
        assert metadata[key]


def test_refuses_what_it_cannot_describe(release: Path) -> None:
    files = _listed(release)
    with pytest.raises(ValueError, match="encodingFormat"):
        encoding_format("data/notes.docx")
    with pytest.raises(ValueError, match="twice"):
        croissant_metadata(release, [*files, files[0]], **_args())
    with pytest.raises(ValueError, match="documents"):
        croissant_metadata(release, [f for f in files if not f.startswith("data/documents/")], **_args())


@pytest.mark.parametrize(("path", "mime"), [
    ("data/clusters/train-00000-of-00001.parquet", "application/x-parquet"),
    ("rejections.jsonl", "application/jsonlines"),
    ("README.md", "text/markdown"),
    ("CITATION.cff", "application/yaml"),
    ("images/lengths.png", "image/png"),
])
def test_encoding_formats(path: str, mime: str) -> None:
    assert encoding_format(path) == mime
