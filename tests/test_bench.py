"""`newsclusters bench`: it shows where it is while it runs, and its table names the build's stages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newsclusters.bench.run import PeakMemory, bench_table
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
    result = json.loads(captured.out.splitlines()[-1])
    peaks = result["stage_peak_rss_mb"]
    assert set(peaks) <= set(STAGES) and max(peaks.values()) <= result["peak_rss_mb"]
    assert "peak RSS (all processes)" in captured.out and "while each stage ran: " in captured.out


def test_peak_memory_charges_each_sample_to_the_stage_the_build_reported_last() -> None:
    calls: list[tuple[str, int, int, int]] = []
    memory = PeakMemory()
    report = memory.track(lambda *call: calls.append(call))
    memory._sample()  # before any stage: counted in the overall peak only
    assert memory.stage_peaks_mb == {} and memory.peak_mb > 0
    report("count lines", 0, 2, 0)
    memory._sample()
    report("read+clean+validate", 1, 3, 10)
    memory._sample()
    assert calls == [("count lines", 0, 2, 0), ("read+clean+validate", 1, 3, 10)]  # passed on unchanged
    assert set(memory.stage_peaks_mb) == {"count lines", "read+clean+validate"}
    assert max(memory.stage_peaks_mb.values()) <= memory.peak_mb
