"""Progress for a person: a rate only when there was time to measure one, one line per finished stage."""

from __future__ import annotations

import io

from newsclusters.progress import MIN_RATE_SECONDS, progress_line, rate, terminal_progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _clock(*times: float):
    ticks = iter(times)
    return lambda: next(ticks)


def test_a_rate_over_almost_no_time_is_not_shown() -> None:
    """The first update used to come a millisecond after the clock started: 4,059,348,966 docs/s."""
    assert rate(5, 1e-9) is None and rate(5, MIN_RATE_SECONDS / 2) is None
    assert rate(10, 2.0) == 5.0
    assert progress_line("count lines", 1, 3, 50, 0.001) == "count lines: 1/3 parts, 50 documents, 0.0 s"
    assert progress_line("count lines", 1, 1, 1, 4.0) == "count lines: 1/1 part, 1 document, 0 docs/s"


def test_the_clock_starts_with_the_stage_not_with_its_first_part() -> None:
    terminal = _Terminal()
    show = terminal_progress(terminal, clock=_clock(100.0, 100.001, 102.0, 104.0))
    assert show is not None
    show("count lines", 0, 3, 0)  # the stage starts
    show("count lines", 1, 3, 50)  # a millisecond later: the time, not 50,000 docs/s
    show("count lines", 2, 3, 1000)
    show("count lines", 3, 3, 2000)
    assert terminal.getvalue().split("\r")[1:] == [
        "count lines: 0/3 parts, 0 documents, 0.0 s   ",
        "count lines: 1/3 parts, 50 documents, 0.0 s   ",
        "count lines: 2/3 parts, 1,000 documents, 500 docs/s   ",
        "count lines: 3/3 parts, 2,000 documents, 500 docs/s   \n",  # a finished stage keeps its line
    ]


def test_quiet_when_piped_unless_asked_for_stage_lines() -> None:
    assert terminal_progress(io.StringIO()) is None
    piped = io.StringIO()
    show = terminal_progress(piped, piped_lines=True, clock=_clock(0.0, 1.0, 2.0, 3.0))
    assert show is not None
    show("split+write", 0, 2, 0)
    show("split+write", 1, 2, 10)
    show("split+write", 2, 2, 20)
    show("card+checksums", 0, 1, 0)
    assert piped.getvalue() == "split+write: 2/2 parts, 20 documents, 10 docs/s\n"
