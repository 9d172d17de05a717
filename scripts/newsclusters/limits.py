"""Input limits: their own module so the CLI can show the defaults without loading the pipeline."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Input limits, defined once; the CLI can raise them."""

    max_file_bytes: int = 16 * 2**20  # one raw document
    max_line_chars: int = 100_000  # one line of a raw document
    max_rejected_share: float = 0.05  # content-level drops beyond this fail the build
