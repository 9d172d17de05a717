"""`newsclusters validate DIR`: a damaged release is a list of problems naming the file, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsclusters.errors import ValidationFailed
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
