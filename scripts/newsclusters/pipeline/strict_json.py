"""JSON as the raw layer reads it: a duplicate key is an error, not a silently dropped value, and a
string must be text.

`json.loads` keeps the last of two equal keys, so a cluster.json or corpus.json with a field given
twice would publish one of them without a word. It also turns the escape "\\ud800" into half of a
UTF-16 pair, which no UTF-8 file or Parquet column can hold: the build would fail writing it.
"""

from __future__ import annotations

import json
import sys
from json.decoder import scanstring
from typing import Any

from newsclusters.wording import json_message


class DuplicateKeyError(ValueError):
    """A key given twice in one object, with where the second one stands (1-based, as JSONDecodeError)."""

    def __init__(self, key: str, lineno: int | None = None, colno: int | None = None) -> None:
        where = f" at line {lineno} column {colno}" if lineno is not None else ""
        super().__init__(f"duplicate key {key!r}{where}")
        self.key, self.lineno, self.colno = key, lineno, colno


TOO_DEEP = "arrays or objects nested too deep to read"  # json and the surrogate walk recurse, one call a level


class LoneSurrogateError(ValueError):
    """A string holding half of a UTF-16 pair (an escape such as "\\ud800" alone), with the JSON path to it."""

    def __init__(self, path: str, char: str) -> None:
        super().__init__(f"{path}: holds a lone surrogate (the escape \\u{ord(char):04x}, half of a UTF-16 pair): "
                         "not text")
        self.path = path


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise DuplicateKeyError(key)
        seen[key] = value
    return seen


def parse_json(text: str) -> Any:
    """json.loads that refuses duplicate keys (which would silently drop a value), saying where the
    second one is: the hook that finds it sees the object's pairs but not their place in the text."""
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except DuplicateKeyError as err:
        offset = _repeated_key_offset(text)
        if offset is None or scanstring(text, offset + 1)[0] != err.key:  # not expected: the walk agrees with json
            raise
        line = text.count("\n", 0, offset) + 1
        raise DuplicateKeyError(err.key, line, offset - text.rfind("\n", 0, offset)) from None
    except RecursionError:
        raise ValueError(TOO_DEEP) from None
    except ValueError as err:
        if "digits" not in str(err) or isinstance(err, json.JSONDecodeError):
            raise
        limit = sys.get_int_max_str_digits()  # Python refuses to read longer integers from text
        raise ValueError(f"a number of more than {limit:,} digits") from None
    if "\\u" in text:  # only an escape makes a surrogate: a text without one needs no walk
        try:
            _refuse_lone_surrogates(value, "$")
        except RecursionError:
            raise ValueError(TOO_DEEP) from None
    return value


def _refuse_lone_surrogates(value: Any, path: str) -> None:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as err:
            raise LoneSurrogateError(path, value[err.start]) from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_lone_surrogates(key, f"{path} (a key)")
            _refuse_lone_surrogates(item, f"{path}.{key}" if key.isidentifier() else f"{path}[{key!r}]")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_lone_surrogates(item, f"{path}[{index}]")


def _repeated_key_offset(text: str) -> int | None:
    """Offset of the key json.loads stopped at: the first repeat of the first object to close holding one
    (json builds an object when it closes, inner ones first). Run only to word an error, on a text that
    is JSON up to there, so a plain walk over the characters is fast enough."""
    # per open container: (the object's keys so far, offset of its first repeat), or None for an array
    open_: list[tuple[set[str], list[int]] | None] = []
    expect_key = False
    i = 0
    while i < len(text):
        char = text[i]
        if char == '"':
            value, end = scanstring(text, i + 1)
            if expect_key and open_ and (own := open_[-1]) is not None:
                keys, repeats = own
                if value in keys and not repeats:
                    repeats.append(i)
                keys.add(value)
                expect_key = False
            i = end
            continue
        if char == "{":
            open_.append((set(), []))
            expect_key = True
        elif char == "[":
            open_.append(None)
        elif char in "]}":
            closed = open_.pop()
            if closed is not None and closed[1]:
                return closed[1][0]
        elif char == ",":
            expect_key = bool(open_) and open_[-1] is not None
        i += 1
    return None


def parse_problem(err: ValueError, *, one_line: bool = False) -> str:
    """What a `parse_json` failure says, placed where the text has it: 'invalid JSON at line 3 column 8: Expecting
    value', or the column alone for one line of JSON Lines; a key given twice names the key."""
    if isinstance(err, (json.JSONDecodeError, DuplicateKeyError)) and err.colno is not None:
        at = f"column {err.colno}" if one_line else f"line {err.lineno} column {err.colno}"
        what = json_message(err.msg) if isinstance(err, json.JSONDecodeError) else f"duplicate key {err.key!r}"
        return f"invalid JSON at {at}: {what}"
    return f"invalid JSON: {err}"  # a lone surrogate, an integer of more than 4,300 digits, nesting too deep
