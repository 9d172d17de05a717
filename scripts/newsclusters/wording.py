"""How counts are written for people: "1 cluster", "2 clusters", never "1 clusters" or "cluster(s)".

Its own module, with no imports, so the CLI, the errors, the card and the figures share it without
loading the pipeline.
"""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None, *, bold: bool = False) -> str:
    """`count` and the noun in the number it needs, the count with thousands separators.

    `plural` is for nouns that do not just add "s"; `bold` wraps the number in Markdown `**` (the card).
    """
    number = f"**{count:,}**" if bold else f"{count:,}"
    return f"{number} {noun if count == 1 else plural or noun + 's'}"
