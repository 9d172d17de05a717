"""Fault injection for tests: kill the process at a named point of a build.

The atomicity tests set NEWSCLUSTERS_FAILPOINT to a point's name and check that a build killed
there (SIGKILL, so no cleanup code runs) leaves the previous release intact.
"""

from __future__ import annotations

import os
import signal

POINTS = ("after-validate", "mid-write", "after-staging", "mid-swap", "before-commit", "after-swap")


def failpoint(name: str) -> None:
    """Kill this process here if NEWSCLUSTERS_FAILPOINT names this point."""
    if name not in POINTS:
        raise ValueError(f"unknown failpoint {name!r}")
    if os.environ.get("NEWSCLUSTERS_FAILPOINT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
