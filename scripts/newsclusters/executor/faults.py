"""Fault injection for tests: kill the process at a named point of a build.

The atomicity tests set NEWSCLUSTERS_FAILPOINT to a point's name and check that a build killed
there (SIGKILL, so no cleanup code runs) leaves the previous release intact. With
NEWSCLUSTERS_FAILSIGNAL=INT the point sends SIGINT to its whole process group instead, as Ctrl-C
in a terminal does.
"""

from __future__ import annotations

import os
import signal
import tempfile

POINTS = ("after-validate", "mid-write", "after-staging", "mid-swap", "before-commit", "mid-place", "after-swap")


def failpoint(name: str) -> None:
    """Kill this process here if NEWSCLUSTERS_FAILPOINT names this point."""
    if name not in POINTS:
        raise ValueError(f"unknown failpoint {name!r}")
    if os.environ.get("NEWSCLUSTERS_FAILPOINT") == name:
        if os.environ.get("NEWSCLUSTERS_FAILSIGNAL") == "INT":
            if _first_in_group():
                os.killpg(os.getpgid(0), signal.SIGINT)
        else:
            os.kill(os.getpid(), signal.SIGKILL)


def _first_in_group() -> bool:
    """Whether no other process of this process group reached a failpoint before: workers writing at once
    would each send SIGINT, where a person presses Ctrl-C once."""
    marker = os.path.join(tempfile.gettempdir(), f"newsclusters-failsignal-{os.getpgid(0)}")
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True
