"""The card's summarization section: statistics, histograms and baseline ROUGE of a written release.

Run by the build on the release it has just written (the Parquet shards in the staging folder), so
every number in the section comes from the published rows. Large splits are described from a
deterministic sample (clusters whose id hashes below a cut-off), so the section costs a bounded
amount of work whatever the corpus size; the card says when a sample was used.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xxhash

from newsclusters.errors import NewsclustersError
from newsclusters.research.parallel import Pool, chunked, map_chunks, worker_pool
from newsclusters.research.release import iter_clusters, splits_of

# Clusters per split the card's baselines look at, at most: Multi-News' validation and test splits
# (5,622 clusters each) are scored whole, as papers report them; a larger split costs the build no
# more than this (about 13-25 ms a cluster of CPU for the three baselines).
SAMPLE_CLUSTERS = 6_000
# The same for the statistics (about 4 ms a cluster): means and percentiles are steady long before.
STATISTICS_SAMPLE_CLUSTERS = 3_000
EVALUATION_SPLITS = ("validation", "test")  # the splits papers report baselines on
# Histograms are drawn for splits of at least this many clusters: fewer say nothing a table does not
# (and drawing costs about a second a figure, which a small corpus's build should not pay).
FIGURE_MIN_CLUSTERS = 50
# Baselines run in worker processes only from this many clusters: starting a worker costs seconds.
PARALLEL_MIN_CLUSTERS = 500
STATISTICS_CHUNK = 256  # clusters per statistics task


# Module -> distribution of the `research` extra; a build needs them all.
RESEARCH_EXTRA = {"rouge_score": "rouge-score", "matplotlib": "matplotlib"}


def require_research_extra() -> None:
    """Fail early, with the install command, when the extra a build needs is missing."""
    from importlib.util import find_spec

    missing = [dist for module, dist in RESEARCH_EXTRA.items() if find_spec(module) is None]
    if missing:
        raise NewsclustersError(
            f"building a release needs the 'research' extra ({', '.join(missing)} missing): "
            "pip install '.[research]' in a clone of the repository"
        )


@dataclass(frozen=True)
class ResearchSection:
    markdown: str
    images: tuple[str, ...]  # relative to the release folder


def in_sample(cluster_id: str, clusters: int, cap: int = SAMPLE_CLUSTERS) -> bool:
    """True for about `cap` of a split's `clusters`, the same ones in every build."""
    if clusters <= cap:
        return True
    return xxhash.xxh64_intdigest(cluster_id.encode("utf-8")) < (cap * 2**64) // clusters


def _sampled(release: Path, split: str, clusters: int, columns: list[str],
             cap: int = SAMPLE_CLUSTERS) -> Iterator[dict[str, Any]]:
    return iter_clusters(release, split, columns, keep=lambda cluster_id: in_sample(cluster_id, clusters, cap))


def _baseline_table(scores: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> str:
    from newsclusters.research.baselines import BASELINES
    from newsclusters.research.rouge import ROUGE_LABELS, ROUGE_TYPES

    header = ["split", "baseline", *(ROUGE_LABELS[k] for k in ROUGE_TYPES), "words"]
    rows = []
    for split, by_name in scores.items():
        for name in BASELINES:
            s = by_name[name]
            cells = [f"{100 * s[k]['f']:.2f} [{100 * s[k]['low']:.2f}, {100 * s[k]['high']:.2f}]" for k in ROUGE_TYPES]
            rows.append([split, name, *cells, f"{s['prediction_words']:.1f}"])
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _chunk_values(rows: list[dict[str, Any]]) -> list[dict[str, list[float]]]:
    from newsclusters.research.statistics import per_cluster_values

    return [per_cluster_values(rows)]


def _statistics(rows: Iterator[dict[str, Any]], pool: Pool | None) -> dict[str, list[float]]:
    """`per_cluster_values` of a stream of rows, chunk by chunk in worker processes, joined in order."""
    joined: dict[str, list[float]] = {}
    for values in map_chunks(_chunk_values, chunked(rows, STATISTICS_CHUNK), pool):
        for name, found in values.items():
            joined.setdefault(name, []).extend(found)
    return joined


def research_section(release: Path, clusters_per_split: Mapping[str, int], documents_per_split: Mapping[str, int],
                     workers: int | None = None, *, images_folder: str, name: str) -> ResearchSection:
    """Statistics of every split, histograms as PNG under `release/images/`, baselines on evaluation splits.

    A split's sizes are its own (`clusters_per_split`, `documents_per_split`), not its sample's: the sample
    gives the means, percentiles and histograms only.
    """
    from newsclusters.research.baselines import READ_COLUMNS, baseline_evaluations
    from newsclusters.research.plots import figure_title, histograms_png
    from newsclusters.research.statistics import STATS_COLUMNS, aggregate, statistics_markdown

    splits = splits_of(release)
    with worker_pool(workers) as pool:  # one pool for every table: starting one costs seconds

        def lent(split: str) -> Pool | None:
            return pool if clusters_per_split[split] >= PARALLEL_MIN_CLUSTERS else None

        values = {s: _statistics(_sampled(release, s, clusters_per_split[s], STATS_COLUMNS,
                                          STATISTICS_SAMPLE_CLUSTERS), lent(s)) for s in splits}
        stats = {s: {**aggregate(v), "clusters": clusters_per_split[s], "documents": documents_per_split[s]}
                 for s, v in values.items()}
        drawn = {s: v for s, v in values.items() if clusters_per_split[s] >= FIGURE_MIN_CLUSTERS}
        titles = {s: figure_title(name, s, clusters_per_split[s], documents_per_split[s],
                                  len(v["documents_per_cluster"])) for s, v in drawn.items()}
        images = histograms_png(drawn, titles, release / images_folder) if drawn else []
        scores: dict[str, dict[str, dict[str, Any]]] = {}
        for split in (s for s in EVALUATION_SPLITS if s in splits):
            rows = _sampled(release, split, clusters_per_split[split], READ_COLUMNS)
            _, evaluations = baseline_evaluations(rows, lent(split))
            scores[split] = {baseline: evaluation.as_dict() for baseline, evaluation in evaluations.items()}
    sampled = [s for s in splits if clusters_per_split[s] > STATISTICS_SAMPLE_CLUSTERS]
    note = (f"Splits over {STATISTICS_SAMPLE_CLUSTERS:,} clusters ({', '.join(sampled)}) are described from a fixed "
            f"sample of about {STATISTICS_SAMPLE_CLUSTERS:,} clusters chosen by a hash of the cluster id (their sizes "
            "are the whole split's). "
            if sampled else "")
    figures = "\n".join(f"![Statistics of the {s} split]({images_folder}/{name})" for s, name in zip(drawn, images))
    baselines = (
        "Extractive baselines on the evaluation splits, scored as `newsclusters evaluate` scores a summarizer "
        "(ROUGE F1 in percent from `rouge-score` with Porter stemming, ROUGE-Lsum over sentences split one per "
        "line; 95% bootstrap intervals, 1,000 resamples, seed 0). **Lead**: the documents' first sentences taken "
        "in turn up to the reference's length; **random**: sentences drawn with a seed per cluster, up to the "
        "reference's length; **oracle**: sentences added greedily while the mean of ROUGE-1 and ROUGE-2 F1 "
        "against the reference rises (an upper bound for sentence extraction). `newsclusters baselines` writes "
        f"their predictions. A split over {SAMPLE_CLUSTERS:,} clusters is scored on a fixed sample of about "
        f"{SAMPLE_CLUSTERS:,}, chosen by a hash of the cluster id.\n\n" + _baseline_table(scores)
        if scores else "No evaluation split (validation or test) in this release: no baselines.")
    markdown = f"""
## Summarization Statistics

{note}{statistics_markdown(stats)}
{figures}

### Baselines

{baselines}
"""
    return ResearchSection(markdown, tuple(f"{images_folder}/{name}" for name in images))
