"""`newsclusters bench`: it shows where it is while it runs, and its table names the build's stages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsclusters.bench.run import bench_table
from newsclusters.cli import main
from newsclusters.release.build import STAGES


def test_near_instant_stages_get_no_rates() -> None:
    table = bench_table({"discover": 0.0004, "read+clean+validate": 2.0}, 2.5, 1000, 10.0).splitlines()
    assert re.fullmatch(r"discover\s+0\.00\s+-\s+-", table[1])
    assert re.fullmatch(r"read\+clean\+validate\s+2\.00\s+500\s+5\.0", table[2])
    assert re.fullmatch(r"total\s+2\.50\s+400\s+4\.0", table[3])


def test_bench_shows_each_stage_while_it_runs_and_times_them_by_the_same_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["bench", "--docs", "40", "--work", str(tmp_path), "--workers", "1"]) == 0
    captured = capsys.readouterr()
    shown = [line.split(":")[0] for line in captured.err.splitlines()]  # piped: one line per finished stage
    assert shown == [s for s in STAGES if s not in ("discover", "swap")]
    rows = [line.split("  ")[0].strip() for line in captured.out.splitlines()]
    assert rows[rows.index("stage") + 1:][:len(STAGES) + 1] == [*STAGES, "total"]
    assert "corpus: writing 40 synthetic documents" in captured.out
