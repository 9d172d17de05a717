"""Input limits: their own module so the CLI can show the defaults without loading the pipeline."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Input limits, defined once; the CLI can raise them."""

    max_file_bytes: int = 16 * 2**20  # one raw document
    max_line_chars: int = 100_000  # one line of a raw document
    max_rejected_share: float = 0.05  # content-level drops beyond this share of the documents fail the build...
    # ...unless there are no more than this many: in a corpus of a few dozen articles one empty or
    # duplicate document is already over 5%, and that is noise, not a broken source.
    min_rejected_allowed: int = 3

    def too_many_rejections(self, rejected: int, documents: int) -> bool:
        """More content-level drops than both the share and the minimum allow: the build fails."""
        return rejected > self.min_rejected_allowed and rejected / max(1, documents) > self.max_rejected_share
