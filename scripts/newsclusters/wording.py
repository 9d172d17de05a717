"""How counts and places are written for people: "1 cluster", "2 clusters", never "1 clusters" or "cluster(s)";
"line 12, byte 5 of the line (offset 329 in the file)" for a bad byte; "got null" for a JSON value of the wrong type.

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


def spanning(low: object, high: object) -> str:
    """'2 to 5', or '5' when both ends are one value: "clusters have 5 documents", not "5 to 5"."""
    return f"{low}" if low == high else f"{low} to {high}"


def listed(items: list[str], limit: int = 10) -> str:
    """'a, b, c, ... (7 more)': the first `limit` items of a long list, and how many are left out."""
    shown = ", ".join(items[:limit])
    return shown + (f", ... ({len(items) - limit} more)" if len(items) > limit else "")


def byte_position(data: bytes, offset: int) -> str:
    """'line 12, byte 5 of the line (offset 329 in the file)': where a bad byte is, as an editor counts lines and
    as a hex dump counts offsets (from 0)."""
    line = data.count(b"\n", 0, offset) + 1
    column = offset - data.rfind(b"\n", 0, offset)  # from 1: the line's first byte follows its LF
    return f"line {line}, byte {column} of the line (offset {offset} in the file)"


def json_message(message: str) -> str:
    """The message of a `json.JSONDecodeError` without the 'at' it ends with ('Unterminated string starting at'):
    every caller says where, in its own words."""
    return message.removesuffix(" starting at").removesuffix(" at")


def json_type(value: object) -> str:
    """A parsed JSON value's type as JSON names it ('null', 'an array'), for a person who wrote JSON, not Python."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    for kind, name in ((str, "a string"), (int, "a number"), (float, "a number"), (list, "an array"),
                       (dict, "an object")):
        if isinstance(value, kind):
            return name
    return type(value).__name__
