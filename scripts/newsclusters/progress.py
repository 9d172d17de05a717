"""Showing a build's progress to a person: per stage, parts done, documents and a rate that means something.

A stage reports (stage, parts done, parts in all, documents so far), first with 0 parts done when it
starts (`release/build.py`'s `_StageProgress`), so the clock of a rate starts with the stage. A rate over a very
short time is noise (4,059,348,966 docs/s after a millisecond), so below `MIN_RATE_SECONDS` the time
is shown instead. No heavy imports: the CLI loads this for every command.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from newsclusters.wording import counted

MIN_RATE_SECONDS = 0.5  # a rate measured over less time than this is mostly start-up cost, not throughput

Report = Callable[[str, int, int, int], None]  # (stage, parts done, parts in all, documents so far)


def rate(count: float, seconds: float) -> float | None:
    """`count` per second, or None when `seconds` is too short for the rate to mean anything."""
    return count / seconds if seconds >= MIN_RATE_SECONDS else None


def progress_line(stage: str, done: int, total: int, documents: int, seconds: float) -> str:
    """One stage's state for a person: parts, documents, and the rate (or the time, if too short for one)."""
    per_second = rate(documents, seconds)
    speed = f"{per_second:,.0f} docs/s" if per_second is not None else f"{seconds:.1f} s"
    return f"{stage}: {done}/{counted(total, 'part')}, {counted(documents, 'document')}, {speed}"


def terminal_progress(stream: TextIO, *, piped_lines: bool = False,
                      clock: Callable[[], float] = time.perf_counter) -> Report | None:
    """A reporter rewriting one line per stage on a terminal; each finished stage keeps its line.

    Not on a terminal (CI, a pipe) it shows nothing, or with `piped_lines` one line per finished
    stage (for long runs such as `bench`, whose log should say where it is).
    """
    live = stream.isatty()
    if not live and not piped_lines:
        return None
    started: dict[str, float] = {}

    def show(stage: str, done: int, total: int, documents: int) -> None:
        now = clock()
        line = progress_line(stage, done, total, documents, now - started.setdefault(stage, now))
        finished = done == total
        if live:
            stream.write("\r" + line + "   " + ("\n" if finished else ""))
        elif finished:
            stream.write(line + "\n")
        stream.flush()

    return show
