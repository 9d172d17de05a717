"""Histograms of the dataset statistics as PNG files whose bytes depend only on the numbers.

One figure per split, three panels: words per document, words per summary, and coverage against
density as a 2-D histogram (Grusky et al. 2018 draw a kernel density estimate there; a histogram
shows the same shape without a bandwidth to choose). The input is `statistics.per_cluster_values`
output per split.

Byte-for-byte reproducible output: matplotlib's default style (not the user's matplotlibrc), a
fixed figure size and dpi, the Agg renderer, fixed bin counts and ranges taken from the data, and
no "Software" entry in the PNG metadata (Agg writes no date). The same matplotlib and FreeType
versions give the same bytes; other versions may antialias text differently.
matplotlib is imported inside the functions, so importing this module stays cheap.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from newsclusters.files import write_atomically
from newsclusters.wording import counted

FIGURE_SIZE = (12.0, 3.6)  # inches
DPI = 100
BINS = 40  # bars per 1-D histogram
BINS_2D = (25, 25)  # coverage x density cells
CLIP_PERCENTILE = 99  # 1-D ranges end here; longer values are counted in the last bar
DENSITY_AXIS_MIN = 5.0  # the density axis spans at least 0..5, as Newsroom's figures do
PNG_METADATA = {"Software": None}  # matplotlib writes its version here by default


def figure_name(split: str) -> str:
    """File name of one split's figure."""
    return f"statistics-{split}.png"


def figure_title(name: str, split: str, clusters: int, documents: int, drawn: int) -> str:
    """The figure's title: the dataset, the split and its size ("1 cluster", "2 clusters"), and how many
    of its clusters the histograms draw when they draw a sample."""
    title = f"{name}, {split}: {counted(clusters, 'cluster')}, {counted(documents, 'document')}"
    return title if drawn == clusters else f"{title} (histograms of a sample of {drawn:,})"


def _clipped_range(values: np.ndarray, floor: float = 1.0) -> tuple[float, float]:
    """0 to the CLIP_PERCENTILE-th percentile (at least `floor`), so a few outliers don't squash the bars."""
    top = float(np.percentile(values, CLIP_PERCENTILE, method="linear")) if values.size else floor
    return 0.0, max(top, floor)


def _histogram(axes, values: Sequence[float], title: str, xlabel: str) -> None:  # noqa: ANN001 (matplotlib Axes)
    array = np.asarray(values, dtype=np.float64)
    low, high = _clipped_range(array)
    axes.hist(np.clip(array, low, high), bins=BINS, range=(low, high), color="#4c72b0")
    if not array.size:
        axes.set_ylim(0.0, 1.0)  # an empty split: a clean empty panel rather than an axis around zero
    axes.set_title(title)
    axes.set_xlabel(xlabel)
    axes.set_ylabel("count")


def _coverage_density(axes, coverage: Sequence[float], density: Sequence[float]) -> None:  # noqa: ANN001
    cov = np.asarray(coverage, dtype=np.float64)
    den = np.asarray(density, dtype=np.float64)
    top = max(_clipped_range(den)[1], DENSITY_AXIS_MIN)
    counts, xedges, yedges = np.histogram2d(np.clip(cov, 0.0, 1.0), np.clip(den, 0.0, top), bins=BINS_2D,
                                            range=((0.0, 1.0), (0.0, top)))
    mesh = axes.pcolormesh(xedges, yedges, counts.T, cmap="Blues", vmin=0.0, vmax=max(float(counts.max()), 1.0))
    axes.figure.colorbar(mesh, ax=axes, label="clusters")
    axes.set_xlim(0.0, 1.0)
    axes.set_ylim(0.0, top)
    axes.set_title("Coverage vs density (clusters)")
    axes.set_xlabel("extractive fragment coverage")
    axes.set_ylabel("extractive fragment density")


def render_png(values: Mapping[str, Sequence[float]], title: str) -> bytes:
    """One split's figure as PNG bytes (same values, same bytes)."""
    import io

    from matplotlib import style
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # Agg without touching pyplot or the backend
    from matplotlib.figure import Figure

    with style.context("default"):
        figure = Figure(figsize=FIGURE_SIZE, dpi=DPI)
        FigureCanvasAgg(figure)
        left, middle, right = figure.subplots(1, 3)
        _histogram(left, values["words_per_document"], "Words per document", "words")
        _histogram(middle, values["words_per_summary"], "Words per summary", "words")
        _coverage_density(right, values["coverage"], values["density"])
        figure.suptitle(title)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI, metadata=PNG_METADATA)
    return buffer.getvalue()


def histograms_png(values_by_split: Mapping[str, Mapping[str, Sequence[float]]], titles: Mapping[str, str],
                   folder: Path) -> list[str]:
    """Write one figure per split, titled `titles[split]`, into `folder` (created if missing); the file
    names, in the mapping's order."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for split, values in values_by_split.items():
        name = figure_name(split)
        write_atomically(folder / name, render_png(values, titles[split]))
        names.append(name)
    return names
