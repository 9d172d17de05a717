"""`newsclusters validate DIR`: a damaged release is a list of problems naming the file, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from newsclusters.cli import main
from newsclusters.errors import ReleaseError, ValidationFailed
from newsclusters.release.check import check_release, check_release_or_raise


def test_a_corrupt_parquet_file_is_a_problem_not_a_crash(seed_release: Path, tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    shutil.copytree(seed_release, out)
    broken = out / "data" / "clusters" / "test-00000-of-00001.parquet"
    broken.write_bytes(broken.read_bytes()[:100])
    rows, problems = check_release(out)
    assert rows == 5  # the documents file is still read and checked
    assert problems[0] == f"{broken}: SHA-256 differs from SHA256SUMS"
    assert problems[1].startswith(f"{broken}: not a readable Parquet file (") and len(problems) == 2
    with pytest.raises(ValidationFailed, match=r"^2 problems; the release failed its checks:"):
        check_release_or_raise(out)


def test_a_good_release_checks_clean(seed_release: Path) -> None:
    assert check_release(seed_release) == (6, [])


def _without(out: Path, prefix: str) -> None:
    """Delete the release's files under `prefix` and their lines in SHA256SUMS, as a careless copy would."""
    for path in sorted(out.glob(f"{prefix}*")):
        path.unlink()
    sums = out / "SHA256SUMS"
    sums.write_text("".join(line for line in sums.read_text("utf-8").splitlines(keepends=True)
                            if f"  {prefix}" not in line), "utf-8")


def test_a_release_missing_a_config_the_card_declares_fails(seed_release: Path, tmp_path: Path) -> None:
    # Its checksums matched and every row left was valid, so it passed: `load_dataset(out, "documents")` fails.
    out = tmp_path / "dataset"
    shutil.copytree(seed_release, out)
    _without(out, "data/documents/")
    rows, problems = check_release(out)
    assert rows == 1
    assert problems == [f"{out / 'README.md'}: config 'documents', split 'test': no file matches "
                        "'data/documents/test-*.parquet'"]
    _without(out, "data/clusters/")
    assert len(check_release(out)[1]) == 2  # no data at all: not 'all 0 rows valid'


def test_a_card_whose_row_counts_or_files_disagree_with_the_data_fails(seed_release: Path, tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    shutil.copytree(seed_release, out)
    card = out / "README.md"
    text = card.read_text("utf-8")
    card.write_text(text.replace("num_examples: 5", "num_examples: 4", 1), "utf-8")
    stray = out / "data" / "documents" / "extra.parquet"
    shutil.copy(out / "data" / "documents" / "test-00000-of-00001.parquet", stray)
    problems = check_release(out)[1]
    assert f"{card}: config 'documents', split 'test': 4 rows declared, 5 in 1 file" in problems
    assert f"{stray}: in no config or split of the card" in problems
    card.write_text("no front matter\n", "utf-8")
    assert any("no YAML front matter" in p for p in check_release(out)[1])


def test_a_sha256sums_that_is_not_text_is_one_line(seed_release: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "dataset"
    shutil.copytree(seed_release, out)
    (out / "SHA256SUMS").write_bytes(b"\xff\n")
    assert main(["validate", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{out / 'SHA256SUMS'}: not UTF-8 text (invalid start byte at byte 0)" in err and "Traceback" not in err


def test_a_diff_of_a_release_missing_a_column_is_one_line(seed_release: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "dataset"
    shutil.copytree(seed_release, out)
    shard = out / "data" / "documents" / "test-00000-of-00001.parquet"
    pq.write_table(pq.read_table(shard).drop_columns(["removed"]), shard)
    assert main(["diff", str(seed_release), str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{shard}: no column 'removed', which every documents file of a release has" in err


def test_build_options_given_to_validate_a_release_folder_are_refused(seed_release: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    # They apply to `validate --raw` only: accepted and ignored, they looked as if they had been used.
    assert main(["validate", str(seed_release), "--engine", "dask", "--max-line-chars", "1"]) == 1
    assert (f"--engine, --max-line-chars apply to a raw corpus (validate --raw DIR), not to the release folder "
            f"{seed_release}") in capsys.readouterr().err
    assert main(["validate", str(seed_release)]) == 0


def test_a_changed_field_description_is_a_schema_change(seed_release: Path, tmp_path: Path) -> None:
    """A field whose meaning changes ('0-based' -> '1-based') is a MAJOR change; its Parquet type stays the
    same, so the diff reads what the field means from croissant.json, written from the JSON Schemas."""
    import json

    from newsclusters.release.cut import check_bump
    from newsclusters.release.diff import diff_releases

    out = tmp_path / "dataset"
    shutil.copytree(seed_release, out)
    assert diff_releases(seed_release, out).schema_changed == []
    path = out / "croissant.json"
    croissant = json.loads(path.read_text("utf-8"))
    [documents] = [r for r in croissant["recordSet"] if r["@id"] == "documents"]
    [position] = [f for f in documents["field"] if f["@id"] == "documents/position"]
    position["description"] = "1-based position of the article in its cluster."
    path.write_text(json.dumps(croissant), "utf-8")
    diff = diff_releases(seed_release, out)
    assert diff.schema_changed == ["documents"] and diff.fields_changed == ["documents/position"]
    with pytest.raises(ReleaseError, match=r"a PATCH release cannot publish this change \(the schema of documents "
                                           r"changed \(the description or type of documents/position\)\)"):
        check_bump("patch", diff, ())
    path.unlink()  # a release without croissant.json: nothing to compare the meanings by
    assert diff_releases(seed_release, out).schema_changed == []


def test_a_card_with_a_list_of_paths_or_an_extra_config_is_valid(seed_release: Path, tmp_path: Path) -> None:
    # `datasets` reads both: a split's path as a list of patterns, and a config with no dataset_info.
    out = tmp_path / "dataset"
    shutil.copytree(seed_release, out)
    card = out / "README.md"
    text = card.read_text("utf-8")
    text = text.replace("    path: data/clusters/test-*.parquet", "    path:\n    - data/clusters/test-*.parquet", 1)
    text = text.replace("configs:\n", "configs:\n- config_name: documents_again\n  data_files:\n  - split: test\n"
                        "    path: data/documents/test-*.parquet\n", 1)
    card.write_text(text, "utf-8")
    problems = check_release(out)[1]
    assert problems == [f"{card}: SHA-256 differs from SHA256SUMS"]
