"""The card's summarization section: sampled statistics, figures, baselines, all from the written rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsclusters.release.build import build_release
from newsclusters.research import parallel, report
from newsclusters.research.report import FIGURE_MIN_CLUSTERS, SAMPLE_CLUSTERS, in_sample

from conftest import write_cluster

SENTENCES = [
    "The council approved the new budget on Monday after a long debate.",
    "Spending on buses and trams rises by a fifth next year.",
    "Opponents said the plan depends on a grant that is not yet confirmed.",
    "Work on the tram extension is due to start in the spring.",
]


def test_the_sample_is_whole_for_small_splits_and_about_the_cap_for_large_ones() -> None:
    assert all(in_sample(f"c-{i}", SAMPLE_CLUSTERS) for i in range(200))
    total = 10 * SAMPLE_CLUSTERS
    taken = sum(in_sample(f"c-{i}", total) for i in range(total))
    assert abs(taken - SAMPLE_CLUSTERS) < 0.05 * SAMPLE_CLUSTERS
    assert [in_sample(f"c-{i}", total) for i in range(500)] == [in_sample(f"c-{i}", total) for i in range(500)]


def _council_release(tmp_path: Path) -> tuple[Path, str]:
    """A release of FIGURE_MIN_CLUSTERS one-document clusters, all in test, and its card."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    for n in range(FIGURE_MIN_CLUSTERS):
        text = "\n".join(SENTENCES[n % 4:] + SENTENCES[: n % 4]) + f"\nThe vote was number {n} this year."
        write_cluster(raw, f"council-{n}", {"001.txt": text},
                      {"summary": f"The council passed budget {n}.", "summary_author": "T", "split": "test"})
    build_release(raw, out)
    return out, (out / "README.md").read_text()


def test_a_split_of_many_clusters_gets_a_figure_listed_in_the_checksums(tmp_path: Path) -> None:
    out, card = _council_release(tmp_path)
    assert "![Statistics of the test split](images/statistics-test.png)" in card
    assert (out / "images" / "statistics-test.png").read_bytes().startswith(b"\x89PNG")
    assert "images/statistics-test.png" in (out / "SHA256SUMS").read_text()
    assert f"| Clusters | {FIGURE_MIN_CLUSTERS} |" in card
    for name in ("lead", "random", "oracle"):
        assert f"| test | {name} |" in card


def test_a_small_release_has_tables_but_no_figure(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write_cluster(raw, "council", {"001.txt": "\n".join(SENTENCES)}, {"summary": "Budget passed.", "summary_author": "T"})
    out = tmp_path / "out"
    build_release(raw, out)
    card = (out / "README.md").read_text()
    assert "## Summarization Statistics" in card and "![" not in card and not (out / "images").exists()


def test_a_split_described_from_a_sample_shows_its_own_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample gives the means and percentiles; the Clusters and Documents rows are the split's, as the
    YAML and the split table say (at Multi-News scale: 44,972 training clusters, not the sample's 3,000)."""
    monkeypatch.setattr(report, "STATISTICS_SAMPLE_CLUSTERS", 20)
    _, card = _council_release(tmp_path)
    assert "Splits over 20 clusters (test) are described from a fixed sample" in card
    assert f"| Clusters | {FIGURE_MIN_CLUSTERS} |" in card and f"| Documents | {FIGURE_MIN_CLUSTERS} |" in card


def test_the_card_starts_one_pool_of_workers_for_all_its_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Starting a pool costs about 2 s; the statistics of each split and the baselines of each evaluation
    split share one, and give the section a pool-less run gives."""
    out, _ = _council_release(tmp_path)
    started: list[int] = []

    class Counted(parallel.ProcessPoolExecutor):
        def __init__(self, *args: object, **kwargs: object) -> None:
            started.append(1)
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", Counted)
    monkeypatch.setattr(report, "PARALLEL_MIN_CLUSTERS", 10)
    sizes = {"test": FIGURE_MIN_CLUSTERS}
    alone = report.research_section(out, sizes, sizes, None, images_folder="images", name="NewsClusters")
    assert not started
    pooled = report.research_section(out, sizes, sizes, 2, images_folder="images", name="NewsClusters")
    assert len(started) == 1
    assert pooled == alone
