"""Statistics figures: PNG files whose bytes depend only on the numbers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from newsclusters.research.plots import figure_name, figure_title, histograms_png, render_png
from newsclusters.research.statistics import per_cluster_values


def rows(count: int) -> list[dict]:
    words = "the cat sat on a mat while dogs bark at night and birds sing".split()
    out = []
    for c in range(count):
        text = " ".join(words[(c + k) % len(words)] for k in range(20 + 7 * (c % 5)))
        summary = " ".join(words[(c * 3 + k) % len(words)] for k in range(5 + c % 4)) + " suddenly"
        out.append({"cluster_id": f"c{c:03d}", "summary": summary,
                    "documents": [{"text": text}, {"text": text[: len(text) // 2]}]})
    return out


def test_png_bytes_are_deterministic(tmp_path: Path):
    values = {"train": per_cluster_values(rows(40)), "test": per_cluster_values(rows(7))}
    titles = {"train": "NewsClusters, train", "test": "NewsClusters, test"}
    first = histograms_png(values, titles, tmp_path / "one")
    second = histograms_png(values, titles, tmp_path / "two")
    assert first == second == [figure_name("train"), figure_name("test")] == ["statistics-train.png",
                                                                               "statistics-test.png"]
    for name in first:
        data = (tmp_path / "one" / name).read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        assert data == (tmp_path / "two" / name).read_bytes()
        assert b"Software" not in data and b"matplotlib" not in data
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == sorted(first)  # no temporary files left


def test_different_numbers_give_a_different_figure():
    assert render_png(per_cluster_values(rows(40)), "train") != render_png(per_cluster_values(rows(39)), "train")
    assert render_png(per_cluster_values(rows(40)), "train") != render_png(per_cluster_values(rows(40)), "test")


def test_an_empty_split_still_renders(tmp_path: Path):
    assert histograms_png({"validation": per_cluster_values([])}, {"validation": "V"}, tmp_path) == [
        "statistics-validation.png"]
    assert (tmp_path / "statistics-validation.png").stat().st_size > 0


def test_importing_the_module_does_not_import_matplotlib():
    code = "import sys, newsclusters.research.plots; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_title_names_the_dataset_and_counts_in_words():
    assert figure_title("NewsClusters", "test", 1, 1, 1) == "NewsClusters, test: 1 cluster, 1 document"
    assert figure_title("Multi-News, cleaned by NewsClusters", "train", 44_972, 250_001, 3_012) == (
        "Multi-News, cleaned by NewsClusters, train: 44,972 clusters, 250,001 documents "
        "(histograms of a sample of 3,012)")
