"""JSON as the raw layer reads it: a duplicate key is an error, not a silently dropped value.

`json.loads` keeps the last of two equal keys, so a cluster.json or corpus.json with a field given
twice would publish one of them without a word.
"""

from __future__ import annotations

import json
from typing import Any


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"duplicate key {key!r}")
        seen[key] = value
    return seen


def parse_json(text: str) -> Any:
    """json.loads that refuses duplicate keys (which would silently drop a value)."""
    return json.loads(text, object_pairs_hook=_no_duplicate_keys)
