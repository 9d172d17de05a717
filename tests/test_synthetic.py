"""The synthetic corpus for scale benchmarks: deterministic, exactly sized, raw-looking, and cleanable."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from newsclusters.bench.synthetic import SyntheticCluster, synthetic_clusters
from newsclusters.pipeline.clean import DATE_HEADER_RULE, Cleaner
from newsclusters.pipeline.rules import HEADLINE_RULE
from newsclusters.pipeline.validate import problems

N_DOCS = 300
SEED = 11
SMALL = {"pool_size": 50}  # small pools build fast; for tests that only count
CLUSTER_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # the raw folder and `cluster_id` pattern
DOC_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.txt")  # a raw document's file name


@pytest.fixture(scope="module")
def corpus() -> list[SyntheticCluster]:
    return list(synthetic_clusters(N_DOCS, seed=SEED))


@pytest.fixture(scope="module")
def cleaned(corpus: list[SyntheticCluster]) -> list[tuple]:
    cleaner = Cleaner()
    return [(doc, cleaner.clean(doc.text)) for cluster in corpus for doc in cluster.documents]


def test_same_seed_same_output_and_different_seed_different_output() -> None:
    first = list(synthetic_clusters(40, seed=3, **SMALL))
    assert first == list(synthetic_clusters(40, seed=3, **SMALL))
    other = list(synthetic_clusters(40, seed=4, **SMALL))
    assert [d.text for c in first for d in c.documents] != [d.text for c in other for d in c.documents]


@pytest.mark.parametrize(
    ("n_docs", "bounds"), [(0, (3, 8)), (1, (3, 8)), (2, (3, 8)), (9, (3, 8)), (57, (3, 8)), (23, (1, 1)), (31, (5, 5))]
)
def test_total_documents_is_exactly_n_docs(n_docs: int, bounds: tuple[int, int]) -> None:
    clusters = list(synthetic_clusters(n_docs, seed=1, docs_per_cluster=bounds, **SMALL))
    assert sum(len(c.documents) for c in clusters) == n_docs
    low, high = bounds
    sizes = [len(c.documents) for c in clusters]
    assert all(size <= high for size in sizes)
    assert all(size >= low for size in sizes[:-1])  # only the last may be short, when n_docs forces it


def test_cluster_ids_are_unique_slugs(corpus: list[SyntheticCluster]) -> None:
    ids = [c.cluster_id for c in corpus]
    assert len(set(ids)) == len(ids)
    for cluster_id in ids:
        assert CLUSTER_ID.fullmatch(cluster_id) and len(cluster_id) <= 100, cluster_id


def test_summaries_have_80_to_150_words(corpus: list[SyntheticCluster]) -> None:
    for cluster in corpus:
        assert 80 <= len(cluster.summary.split()) <= 150, cluster.summary
        assert cluster.summary_author.strip()


def test_documents_have_valid_names_and_metadata(corpus: list[SyntheticCluster]) -> None:
    for cluster in corpus:
        names = [d.name for d in cluster.documents]
        assert len(set(names)) == len(names)
        for doc in cluster.documents:
            assert DOC_FILE.fullmatch(doc.name) and re.fullmatch(r"\d{3}\.txt", doc.name)
            assert doc.date is None or dt.date.fromisoformat(doc.date).isoformat() == doc.date
            assert doc.url is None or doc.url.startswith("https://")
            assert doc.source is None or doc.source.strip()
            assert doc.injected >= 0
        assert problems("cluster_source", cluster.metadata(), source="synthetic", record_id=cluster.cluster_id) == []


def test_mean_size_is_near_the_target(corpus: list[SyntheticCluster]) -> None:
    sizes = [len(d.text.encode("utf-8")) for c in corpus for d in c.documents]
    assert 0.9 * 4000 <= sum(sizes) / len(sizes) <= 1.1 * 4000
    assert len(set(sizes)) > len(sizes) // 2  # sizes vary
    short = synthetic_clusters(200, seed=2, mean_bytes=1500, pool_size=300)
    small = [len(d.text.encode("utf-8")) for c in short for d in c.documents]
    assert 0.85 * 1500 <= sum(small) / len(small) <= 1.15 * 1500


def test_texts_look_like_raw_news(corpus: list[SyntheticCluster]) -> None:
    texts = [d.text for c in corpus for d in c.documents]
    assert sum(t.lstrip(" ").startswith("date ") for t in texts) > len(texts) // 10  # some have a date header
    assert sum("\n\n" not in t.strip() for t in texts) > len(texts) // 20  # some have no blank lines
    assert sum("\u00a0" in t for t in texts) > 0
    assert sum("“" in t for t in texts) > len(texts) // 3
    assert sum(d.injected == 0 for c in corpus for d in c.documents) > 0  # some are clean already
    lines = [line for t in texts for line in t.split("\n") if line.strip()]
    injected = sum(d.injected for c in corpus for d in c.documents)
    assert 0.10 <= injected / len(lines) <= 0.30


def test_cleaner_removes_most_injected_residue_and_keeps_the_article(cleaned: list[tuple]) -> None:
    injected = found = 0
    for doc, result in cleaned:
        assert result.text.strip(), doc.text[:500]
        removed = [r for r in result.removed if r.rule not in (DATE_HEADER_RULE, HEADLINE_RULE)]
        injected += doc.injected
        found += min(len(removed), doc.injected)
        if doc.text.lstrip(" ").startswith("date "):
            assert result.date is not None
    assert found >= 0.7 * injected, (found, injected)
    # the generated article text doesn't itself look like boilerplate to the cleaner
    total_removed = sum(
        1 for _, result in cleaned for r in result.removed if r.rule not in (DATE_HEADER_RULE, HEADLINE_RULE)
    )
    assert total_removed <= injected
    assert sum(result.title is not None for _, result in cleaned) >= 0.95 * len(cleaned)


@pytest.mark.parametrize(
    "kwargs",
    [{"n_docs": -1}, {"n_docs": 5, "docs_per_cluster": (0, 3)}, {"n_docs": 5, "docs_per_cluster": (4, 3)},
     {"n_docs": 5, "mean_bytes": 100}, {"n_docs": 5, "residue_rate": 0.9}, {"n_docs": 5, "pool_size": 3}],
)
def test_bad_arguments_are_refused(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        synthetic_clusters(**kwargs)  # at the call, not at the first next()
