"""NewsClusters: raw news texts -> clean, validated, citable multi-document summarization data.

The dataset version is the package version, defined once in pyproject.toml.
"""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # `__version__` is read from the installed metadata on first use: importlib.metadata costs
    # tens of milliseconds, which `newsclusters clean` (a per-file command) should not pay.
    if name == "__version__":
        from importlib.metadata import version

        return version("newsclusters")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

# One entry per release: version -> (release date, what changed). The card and CITATION.cff read it.
RELEASES: dict[str, tuple[str, str]] = {
    "0.1.0": ("2026-11-23", "First release: the bundled Balenciaga campaign story cluster, end to end."),
    "0.2.0": ("2026-12-04", "Fields for ingested corpora (article position, source ids, origin, timestamp; event date "
                            "and category), cross-split leakage report, summarization statistics and baselines in the card."),
}
