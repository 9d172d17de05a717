"""The raw layer's JSON: a key given twice is refused, and the message says where the second one is."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsclusters.pipeline.strict_json import DuplicateKeyError, parse_json


@pytest.mark.parametrize("text, key, line, column", [
    ('{"summary": "a", "summary": "b"}', "summary", 1, 18),
    ('{\n  "documents": {"a.txt": {"source": "X"}, "b.txt": {"source": "Y"}},\n  "documents": {}\n}',
     "documents", 3, 3),  # the same key in sibling objects is no repeat
    ('{"a": "\\"a\\": 1", "b": [{"a": 1}, {"a": 2}], "a": 2}', "a", 1, 46),  # nor in a string or in nested objects
    ('[{"x": 1}, {"y": 1, "y": 2}]', "y", 1, 21),
    # json builds an object when it closes, inner ones first: the inner repeat is the one it stops at,
    # though the outer one comes first in the text
    ('{"a": 1, "a": {"x": 1, "x": 2}}', "x", 1, 24),
    ('{"a": {"x": 1, "y": 2}, "a": 1, "b": {"y": 1, "y": 2}}', "y", 1, 47),
])
def test_a_repeated_key_is_named_with_its_line_and_column(text: str, key: str, line: int, column: int) -> None:
    with pytest.raises(DuplicateKeyError) as caught:
        parse_json(text)
    assert (caught.value.key, caught.value.lineno, caught.value.colno) == (key, line, column)
    assert str(caught.value) == f"duplicate key {key!r} at line {line} column {column}"


_KEYS = st.text(alphabet=st.sampled_from('ab"\\é\n'), max_size=3)
_VALUES = st.recursive(st.none() | st.integers() | st.text(max_size=4),
                       lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=3),
                       max_leaves=8)


@given(st.dictionaries(_KEYS, _VALUES, min_size=1, max_size=4), st.data(), st.booleans())
def test_the_position_given_is_the_repeated_key_itself(obj: dict, data: st.DataObject, indent: bool) -> None:
    """Whatever surrounds it, the line and column point at the second occurrence of the key."""
    key = data.draw(st.sampled_from(sorted(obj)))
    text = json.dumps(obj, indent=2 if indent else None)
    text = text[:-1].rstrip() + f', {json.dumps(key)}: 0' + "}"  # the key again, last in the outer object
    with pytest.raises(DuplicateKeyError) as caught:
        parse_json(text)
    lines = text.split("\n")
    column = caught.value.colno - 1
    assert lines[caught.value.lineno - 1][column:].startswith(json.dumps(key) + ": 0}")


def test_json_without_repeats_parses_as_json_loads_does() -> None:
    text = '{"a": {"b": [1, {"a": 2}]}, "c": "a"}'
    assert parse_json(text) == json.loads(text)


@pytest.mark.parametrize("text, message", [
    ('{"a": "x\\ud800y"}', "$.a: holds a lone surrogate (the escape \\ud800, half of a UTF-16 pair): not text"),
    ('{"a": [1, {"b c": "\\udc80"}]}', "$.a[1]['b c']: holds a lone surrogate (the escape \\udc80"),
    ('{"\\ud800": 1}', "$ (a key): holds a lone surrogate"),
    ('[' * 100_000 + ']' * 100_000, "arrays or objects nested too deep to read"),
    ('{"n": ' + "7" * 5000 + "}", "a number of more than 4,300 digits"),
])
def test_what_json_reads_but_is_not_text_or_too_deep_is_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_json(text)
    assert str(caught.value).startswith(message), caught.value


def test_a_surrogate_pair_and_an_escaped_backslash_are_text() -> None:
    assert parse_json('{"a": "\\ud83d\\ude00", "b": "\\\\ud800"}') == {"a": "\U0001F600", "b": "\\ud800"}
