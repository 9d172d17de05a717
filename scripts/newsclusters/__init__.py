"""NewsClusters: raw news texts -> clean, validated, citable multi-document summarization data.

The dataset version is the newest entry of the release history, `releases.json` (see
`newsclusters.versioning`); the package version, the card and the citation files all read it there.
"""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # Read on first use, from the history itself: after `newsclusters release` the new version holds at
    # once, without reinstalling, and `newsclusters clean` (a per-file command) never pays for it.
    if name == "__version__":
        from newsclusters.versioning import load_releases

        return load_releases()[-1].version
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
