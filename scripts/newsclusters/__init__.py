"""NewsClusters: raw news texts -> clean, validated, citable multi-document summarization data.

The dataset version is the package version, defined once in pyproject.toml.
"""

from importlib.metadata import version as _version

__version__ = _version("newsclusters")

# One entry per release: version -> (release date, what changed). The card and CITATION.cff read it.
RELEASES: dict[str, tuple[str, str]] = {
    "0.1.0": ("2026-11-23", "First release: the bundled Balenciaga campaign story cluster, end to end."),
}
