"""The vectorized checker flags a row exactly when jsonschema (validate.problems) rejects it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pytest
import rfc3986_validator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from newsclusters import fastcheck, records, validate
from newsclusters.fastcheck import UnsupportedSchema, compile_checks, compile_schema, python_regex_to_re2

SETTINGS = settings(
    max_examples=int(os.environ.get("NC_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FORMATS = Draft202012Validator.FORMAT_CHECKER

# ---------------------------------------------------------------------------------------------
# Strategies: valid records, and the many ways to be subtly invalid
# ---------------------------------------------------------------------------------------------

# Every kind of Python whitespace (\s), things that look like it but are not, digits that are not
# ASCII, and the punctuation the patterns and the URI grammar care about.
TRICKY = list(
    "aAzZ09-_./:@?#[]%!$&'()*+,;=~ \t\n\x0b\x0c\r\x1c\x1f\x85\xa0\u1680\u2003\u2028\u3000"
    "\u200b\ufeff\x00é٣２ü"
)
tricky = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(codec="utf-8"), max_size=12)

slug = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
file_stem = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,8}", fullmatch=True)
sha = st.binary(min_size=32, max_size=32).map(bytes.hex)
rule = st.from_regex(r"[a-z][a-z0-9_]{0,6}_v[0-9]{1,2}", fullmatch=True)
good_text = st.text(max_size=30).map(lambda s: "x" + s) | st.text(min_size=1, max_size=30).filter(
    lambda s: re.search(r"\S", s) is not None
)
uri_from_grammar = st.from_regex(rfc3986_validator.URI_RE_COMP)
good_url = st.sampled_from(
    ["https://example.org/a", "http://[::1]:80/x?y#z", "urn:isbn:0451450523", "a:", "mailto:x@y.z", "http://x\n"]
) | uri_from_grammar


@st.composite
def uri_like(draw: st.DrawFn) -> str:
    """Strings from the URI grammar, often with one character spliced in: the near misses."""
    base = draw(uri_from_grammar | st.text(alphabet=st.sampled_from(TRICKY), max_size=20))
    if draw(st.booleans()) and base:
        at = draw(st.integers(0, len(base)))
        base = base[:at] + draw(st.sampled_from(TRICKY)) + base[at:]
    return base


BAD_DATES = [
    "2024-02-30", "31-12-2024", "2024-2-3", "0000-01-01", "2023-02-29", "2024-02-29", "1900-02-29",
    "2000-02-29", "2024-01-01\n", "\n2024-01-01", "２０２４-01-01", "٢٠٢٤-٠١-٠١", "2024-13-01", "2024-00-10",
    "2024-01-00", "2024-04-31", "2024-04-30", "", "2024-01-01T00:00", "20240101", "2024-W01-1", " 2024-01-01",
    "+2024-01-01", "9999-12-31", "0001-01-01",
]
date_like = st.sampled_from(BAD_DATES) | st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\n?", fullmatch=True) | tricky
BAD_SHA = ["0" * 63, "A" * 64, "0" * 64 + "\n", "\n" + "0" * 64, "0" * 64 + "x", "0" * 65, "g" * 64]
sha_like = st.sampled_from(BAD_SHA) | st.from_regex(r"[0-9a-fA-F]{63,65}\n{0,2}", fullmatch=True) | tricky
BAD_TEXT = ["", " ", "\t\n", "\xa0", "\u2003\u3000", "\x1c\x1d\x1e\x1f", "\x0b", "\x85", "\u200b", "\ufeff", "\n\nx"]
text_like = st.sampled_from(BAD_TEXT) | tricky | st.text(alphabet=st.sampled_from(" \t\n\x0b\x0c\r\x1c\x85\xa0\u3000"))
BAD_DOC_ID = ["Abc/x", "abc/", "abc//x", "-abc/x", "abc/.x", "abc/x\n", "abc/x y", "abc/x\n\n", "a-b/ü", "a/b/c"]
doc_id_like = st.sampled_from(BAD_DOC_ID) | st.text(alphabet=st.sampled_from(list("ab1-/._AZ\n ")), max_size=8)
BAD_CLUSTER = ["", "Abc", "a--b", "a-", "-a", "a" * 100, "a" * 101, "a" * 99 + "\n", "a" * 100 + "\n", "abc\n"]
cluster_like = st.sampled_from(BAD_CLUSTER) | st.text(alphabet=st.sampled_from(list("ab1-Z\n ")), max_size=6)
BAD_RULE = ["Rule_v1", "rule_v", "rule_v1\n", "1rule_v1", "rule-v1", "r_v12", "rule_v1 ", "r_v1\n\n", "_v1", "a_v"]
rule_like = st.sampled_from(BAD_RULE) | st.text(alphabet=st.sampled_from(list("ab_v09A\n-")), max_size=8)
line_like = st.sampled_from([0, -1, 1, 2**63 - 1, -(2**63)]) | st.integers(-5, 5)
optional_text = st.none() | st.sampled_from(["", " ", "x"]) | tricky


@st.composite
def removed_item(draw: st.DrawFn) -> dict[str, Any] | None:
    item = {"line": draw(st.integers(1, 10**6)), "text": draw(st.text(max_size=10)), "rule": draw(rule)}
    for name in draw(st.lists(st.sampled_from(["line", "text", "rule", "none", "null-field"]), max_size=2)):
        if name == "none":
            return None
        if name == "null-field":
            item[draw(st.sampled_from(sorted(item)))] = None
        else:
            item[name] = draw({"line": line_like, "text": tricky, "rule": rule_like}[name])
    return item


@st.composite
def article(draw: st.DrawFn, cluster_id: str) -> dict[str, Any]:
    """The fields a document row and a cluster's nested document share, valid, then maybe broken."""
    doc = {
        "doc_id": f"{cluster_id}/{draw(file_stem)}",
        "title": draw(st.none() | st.text(min_size=1, max_size=20)),
        "date": draw(st.none() | st.dates().map(date.isoformat)),
        "source": draw(st.none() | st.text(min_size=1, max_size=20)),
        "url": draw(st.none() | good_url),
        "text": draw(good_text),
        "raw_sha256": draw(sha),
        "position": draw(st.none() | st.integers(0, 500)),
        "source_doc_id": draw(st.none() | st.text(min_size=1, max_size=12)),
        "origin": draw(st.none() | st.sampled_from(["WCEP", "CommonCrawl"])),
        "timestamp": draw(st.none() | st.text(min_size=1, max_size=20)),
    }
    breakers = {
        "doc_id": st.none() | doc_id_like,
        "title": optional_text,
        "date": st.none() | date_like,
        "source": optional_text,
        "url": st.none() | uri_like(),
        "text": st.none() | text_like,
        "raw_sha256": st.none() | sha_like,
        "position": st.none() | line_like,
        "source_doc_id": optional_text,
        "origin": optional_text,
        "timestamp": optional_text,
    }
    for name in draw(st.lists(st.sampled_from(sorted(breakers)), max_size=2)):
        doc[name] = draw(breakers[name])
    return doc


@st.composite
def document_record(draw: st.DrawFn) -> dict[str, Any]:
    cluster_id = draw(slug)
    doc = draw(article(cluster_id))
    record = {
        "doc_id": doc["doc_id"],
        "cluster_id": cluster_id,
        **{k: v for k, v in doc.items() if k != "doc_id"},
        "removed": draw(st.lists(removed_item(), max_size=4)),
    }
    for name in draw(st.lists(st.sampled_from(["cluster_id", "removed"]), max_size=1)):
        record[name] = draw(st.none() | (cluster_like if name == "cluster_id" else st.just([])))
    return record


@st.composite
def cluster_record(draw: st.DrawFn) -> dict[str, Any]:
    cluster_id = draw(slug)
    record = {
        "cluster_id": cluster_id,
        "summary": draw(good_text),
        "summary_author": draw(good_text),
        "source_cluster_id": draw(st.none() | st.text(min_size=1, max_size=12)),
        "date": draw(st.none() | st.dates().map(date.isoformat)),
        "category": draw(st.none() | st.text(min_size=1, max_size=20)),
        "documents": draw(st.lists(article(cluster_id) | st.none(), min_size=0, max_size=3)),
    }
    breakers = {
        "cluster_id": st.none() | cluster_like,
        "summary": st.none() | text_like,
        "summary_author": st.none() | text_like,
        "documents": st.none() | st.just([]),
        "source_cluster_id": optional_text,
        "date": st.none() | date_like,
        "category": optional_text,
    }
    for name in draw(st.lists(st.sampled_from(sorted(breakers)), max_size=1)):
        record[name] = draw(breakers[name])
    return record


# ---------------------------------------------------------------------------------------------
# The equivalence itself
# ---------------------------------------------------------------------------------------------


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON *and* of the same Python types (1.0 is not 1, True is not 1)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def representable(record: dict[str, Any], schema: pa.Schema) -> bool:
    """Records the Arrow schema cannot hold as they are (missing or extra keys, int64 overflow,
    wrong types) are out of scope: a table can only ever be checked for what it holds."""
    try:
        back = pa.Table.from_pylist([record], schema=schema).to_pylist()[0]
    except (pa.ArrowException, OverflowError, TypeError, ValueError):
        return False
    return _same(back, record)


def assert_equivalent(config: str, rows: list[dict[str, Any]], split: int = 0) -> None:
    schema = records.arrow_schema(config)
    kept = [r for r in rows if representable(r, schema)]
    # Several chunks, as a table read back from Parquet or concatenated may have.
    parts = [kept[:split], kept[split:]] if 0 < split < len(kept) else [kept]
    table = pa.concat_tables([pa.Table.from_pylist(part, schema=schema) for part in parts])
    flagged = set(compile_checks(config).failing_rows(table))
    name = records.CONFIGS[config]
    for i, record in enumerate(kept):
        found = validate.problems(name, record, source="t", record_id=str(i))
        assert (i in flagged) == bool(found), (record, found)


@SETTINGS
@given(st.lists(document_record(), min_size=1, max_size=8), st.integers(0, 8))
def test_documents_are_flagged_exactly_when_jsonschema_rejects_them(rows: list[dict], split: int) -> None:
    assert_equivalent("documents", rows, split)


@SETTINGS
@given(st.lists(cluster_record(), min_size=1, max_size=6), st.integers(0, 6))
def test_clusters_are_flagged_exactly_when_jsonschema_rejects_them(rows: list[dict], split: int) -> None:
    assert_equivalent("clusters", rows, split)


def test_the_generators_produce_both_kinds() -> None:
    """Guard against a vacuous property: both valid and invalid records are generated and kept."""
    schema = records.arrow_schema("documents")
    seen = set()

    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(document_record())
    def collect(record: dict) -> None:
        if representable(record, schema):
            seen.add(bool(validate.problems("document", record, source="t", record_id="x")))

    collect()
    assert seen == {True, False}


def good_document() -> dict[str, Any]:
    return {
        "doc_id": "some-story/001", "cluster_id": "some-story", "title": None, "date": "2024-05-01",
        "source": None, "url": "https://example.org/a", "text": "A paragraph.", "raw_sha256": "0" * 64,
        "position": None, "source_doc_id": None, "origin": None, "timestamp": None,
        "removed": [{"line": 1, "text": "RELATED: x", "rule": "related_link_v1"}],
    }


@pytest.mark.parametrize(
    "change",
    [
        {},
        {"date": "2024-02-30"}, {"date": "31-12-2024"}, {"date": "2024-02-29"}, {"date": "2023-02-29"},
        {"date": "0000-01-01"}, {"date": "2024-01-01\n"}, {"url": "not a url"}, {"url": "http://x\n"},
        {"raw_sha256": "0" * 64 + "\n"}, {"raw_sha256": "0" * 63}, {"text": "\xa0"}, {"text": "\u200b"},
        {"text": None}, {"title": ""}, {"cluster_id": "a" * 101}, {"cluster_id": "a" * 99 + "\n"},
        {"removed": None}, {"removed": [None]}, {"removed": [{"line": 0, "text": "x", "rule": "r_v1"}]},
        {"removed": [{"line": 1, "text": None, "rule": "r_v1"}]},
        {"removed": [{"line": 1, "text": "", "rule": "R_v1"}]},
    ],
)
def test_named_cases(change: dict) -> None:
    assert_equivalent("documents", [good_document(), {**good_document(), **change}, good_document()])


def test_null_lists_and_slices_line_up() -> None:
    """A null list whose offsets still span values, and sliced tables, map children to the right rows."""
    schema = records.arrow_schema("documents")
    bad_item = {"line": 0, "text": "x", "rule": "r_v1"}
    rows = [{**good_document(), "removed": [bad_item]}, good_document(), {**good_document(), "removed": [bad_item]}]
    table = pa.Table.from_pylist(rows, schema=schema)
    removed = table.column("removed").chunk(0)
    # Same offsets and values, but row 0 null: its values are still spanned by the offsets.
    nulled = pa.ListArray.from_arrays(
        removed.offsets, removed.values, type=schema.field("removed").type, mask=pa.array([True, False, False])
    )
    table2 = table.set_column(table.schema.get_field_index("removed"), schema.field("removed"), nulled)
    check = compile_checks("documents")
    assert check.failing_rows(table) == [0, 2]
    assert check.failing_rows(table2) == [0, 2]  # null `removed` is itself invalid; row 1 stays good
    assert check.failing_rows(table2.slice(1)) == [1]
    rows2 = [good_document(), {**good_document(), "removed": [bad_item, bad_item]}, good_document()] * 3
    big = pa.Table.from_pylist(rows2, schema=schema)
    assert check.failing_rows(big.slice(2, 6)) == [2, 5]  # rows 4 and 7
    assert check.failing_rows(pa.concat_tables([big.slice(0, 2), big.slice(4)])) == [1, 2, 5]  # rows 1, 4, 7


def test_fast_paths_are_in_use() -> None:
    """date and uri are replicated in Arrow, and no schema pattern fell back to Python."""
    labels = compile_checks("documents").describe() + compile_checks("clusters").describe()
    assert any("is_date, vectorized" in line for line in labels)
    assert any("rfc3986_validator's URI regex, in RE2" in line for line in labels)
    assert not any("(exact" in line for line in labels), labels


def test_tables_of_another_shape_are_refused() -> None:
    check = compile_checks("documents")
    table = pa.Table.from_pylist([good_document()], schema=records.arrow_schema("documents"))
    with pytest.raises(ValueError, match="columns"):
        check.failing_rows(table.drop_columns(["url"]))
    with pytest.raises(TypeError, match="cast the table"):
        check.failing_rows(table.set_column(0, "doc_id", pa.array([1])))
    assert check.failing_rows(table.cast(pa.schema([f.with_type(pa.large_string()) if f.type == pa.string() else f
                                                    for f in table.schema]))) == []


def test_importing_fastcheck_first_leaves_validate_whole() -> None:
    """validate imports fastcheck; fastcheck must not import validate at import time (an import cycle
    would leave whichever module came second half-initialised)."""
    code = (
        "import sys, newsclusters.fastcheck\n"
        "assert 'newsclusters.validate' not in sys.modules\n"
        "import newsclusters.validate as v\n"
        "assert v.compile_checks is newsclusters.fastcheck.compile_checks\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------------------------------------------
# The pieces: regex translation, date, uri
# ---------------------------------------------------------------------------------------------


def _schema_patterns() -> list[str]:
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                found.append(node["pattern"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(records.load_schemas()[0])
    return sorted(set(found))


EXTRA_PATTERNS = [
    r"^a$", r"a$", r"^$", r"$", r"", r"[^\s]", r"\s", r"\d", r"\D+$", r"\w+", r"^\W", r"x{,2}$", r"^x{2,}",
    r"(?P<n>ab)+c", r".", r"^.$", r"[\]\-a]", r"[]a]", r"[^]a]", r"a|b$", r"é\u00e9", r"[-a]", r"[a-]",
    r"[\x00-\x1f]", r"\.\-\#", r"a*?b", r"(a|)+$", r"[\d.]+", r"\U0001F600", r"^(?:a|b\n)$",
]


@SETTINGS
@given(st.sampled_from(_schema_patterns() + EXTRA_PATTERNS), st.lists(tricky, max_size=20))
def test_translated_patterns_agree_with_python_search(pattern: str, values: list[str]) -> None:
    re2 = python_regex_to_re2(pattern)
    got = pc.match_substring_regex(pa.array(values, pa.string()), pattern=re2).to_pylist()
    assert got == [re.search(pattern, v) is not None for v in values], re2


EDGE_STRINGS = sorted(
    {""} | set(TRICKY) | {c + "\n" for c in TRICKY} | {"\n" + c for c in TRICKY} | {c + c for c in TRICKY}
    | {"ab", "abc", "xx", "aab", "b\n", "a\n\n", "😀", "é\u00e9", "x" * 3, "ab\nc", "0" * 64, "0" * 64 + "\n"}
)


@pytest.mark.parametrize("mode", ["search", "match", "fullmatch"])
@pytest.mark.parametrize("pattern", _schema_patterns() + EXTRA_PATTERNS)
def test_translated_patterns_agree_on_edge_strings(pattern: str, mode: str) -> None:
    re2 = python_regex_to_re2(pattern, mode=mode)
    got = pc.match_substring_regex(pa.array(EDGE_STRINGS), pattern=re2).to_pylist()
    want = [getattr(re, mode)(pattern, v) is not None for v in EDGE_STRINGS]
    assert [v for v, a, b in zip(EDGE_STRINGS, got, want, strict=True) if a != b] == [], re2


@pytest.mark.parametrize("pattern", [r"^(?!x)", r"a\b", r"\Aa", r"a\Z", r"(a)\1", r"(?i)a", r"a$|b", r"(a$)", r"a{x}",
                                     r"a*+", r"a{1001}", r"(?#c)a", r"[\b]"])
def test_untranslatable_patterns_fall_back_to_python(pattern: str) -> None:
    with pytest.raises(UnsupportedSchema):
        python_regex_to_re2(pattern)
    check = fastcheck._pattern_check(pattern, "$")
    values = ["a", "b", "x", "", "aa", "a\n", "A", "ab"]
    got = check(pa.array(values, pa.string())).tolist()
    assert got == [re.search(pattern, v) is None for v in values]


def test_verbose_patterns_translate() -> None:
    pattern = r"""
        ^ [a-z]+   # a word
        \  \#      # an escaped space and hash
        [ #]{2}    # space and hash are literal in a class
        $"""
    re2 = python_regex_to_re2(pattern, re.VERBOSE, mode="match")
    values = ["ab # #", "ab #  ", "ab #", "ab # #\n", "ab# #", "AB # #"]
    got = pc.match_substring_regex(pa.array(values), pattern=re2).to_pylist()
    assert got == [re.match(pattern, v, re.VERBOSE) is not None for v in values]


@SETTINGS
@given(st.lists(date_like | st.dates().map(date.isoformat), max_size=30))
def test_date_agrees_with_the_format_checker(values: list[str]) -> None:
    got = fastcheck.IsoDate()(pa.array(values, pa.string())).tolist()
    assert got == [not FORMATS.conforms(v, "date") for v in values]


@SETTINGS
@given(st.lists(uri_like(), max_size=30))
def test_uri_agrees_with_the_format_checker(values: list[str]) -> None:
    check = fastcheck._format_check("uri")
    assert isinstance(check, fastcheck.Regex)
    got = check(pa.array(values, pa.string())).tolist()
    assert got == [not FORMATS.conforms(v, "uri") for v in values]


# ---------------------------------------------------------------------------------------------
# Generic machinery on a made-up schema, and what must not compile
# ---------------------------------------------------------------------------------------------

GENERIC = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://newsclusters.example/test/generic.schema.json",
    "type": "object",
    "required": ["kind", "score", "ratio", "whole", "count", "level", "tags", "meta", "loose", "flag", "mail"],
    "properties": {
        "kind": {"enum": ["a", "b", None, 3]},
        "score": {"type": "integer", "minimum": 1.5, "exclusiveMaximum": 10},
        "ratio": {"type": ["integer", "null"], "exclusiveMinimum": -1, "maximum": 2.5},
        "count": {"type": "integer", "exclusiveMinimum": 0, "maximum": 5.0},
        "whole": {"type": ["integer", "null"]},
        "level": {"type": "integer", "minimum": -2, "exclusiveMaximum": 3.5},
        "tags": {"type": "array", "maxItems": 2, "items": {"$ref": "#/$defs/tag", "maxLength": 3}},
        "meta": {"type": ["object", "null"], "properties": {"n": {"const": 2}}, "additionalProperties": False},
        "loose": {"type": ["object", "null"], "properties": {"n": {"type": "integer"}}, "additionalProperties": False},
        "flag": {"type": "boolean", "const": True},
        "mail": {"type": ["string", "null"], "format": "email"},
    },
    "$defs": {"tag": {"type": "string", "pattern": "^(?!x)", "minLength": 1}},
}
GENERIC_ARROW = pa.schema([
    ("kind", pa.string()),
    ("score", pa.int64()),
    ("ratio", pa.float64()),
    ("tags", pa.list_(pa.string())),
    ("whole", pa.float64()),
    ("count", pa.int64()),
    ("level", pa.int64()),
    ("meta", pa.struct([("n", pa.int64())])),
    ("loose", pa.struct([("n", pa.int64()), ("extra", pa.string())])),
    ("flag", pa.bool_()),
    ("mail", pa.string()),
])
TAGS = ["", "a", "x", "abcd", "abc", "ax", "éé", "ééé", "éééé", "😀😀😀", "😀😀😀😀"]
SPECIAL_FLOATS = [-1.0, -0.5, 0.0, 2.0, 2.5, 3.0, 1.5, float("inf"), float("nan")]
GENERIC_VALID = {
    "kind": st.sampled_from(["a", "b"]) | st.none(),
    "score": st.integers(2, 9),
    "ratio": st.none() | st.sampled_from([0.0, 2.0]),
    "whole": st.none() | st.just(4.0),
    "count": st.integers(1, 5),
    "level": st.integers(-2, 3),
    "tags": st.lists(st.sampled_from(["a", "éé", "ééé"]), max_size=2),
    "meta": st.none() | st.just({"n": 2}),
    "loose": st.none(),
    "flag": st.just(True),
    "mail": st.none() | st.just("a@b.c"),
}
GENERIC_ANY = {
    "kind": st.none() | st.sampled_from(["a", "b", "c", "3"]),
    "score": st.none() | st.integers(-3, 12) | st.sampled_from([2**63 - 1, -(2**63)]),
    "ratio": st.none() | st.floats() | st.sampled_from(SPECIAL_FLOATS),
    "whole": st.none() | st.floats(),
    "count": st.none() | st.integers(-2, 7),
    "level": st.none() | st.integers(-4, 5),
    "tags": st.none() | st.lists(st.none() | st.sampled_from(TAGS), max_size=3),
    "meta": st.none() | st.fixed_dictionaries({"n": st.none() | st.integers(1, 3)}),
    "loose": st.none() | st.fixed_dictionaries({"n": st.none() | st.integers(1, 3), "extra": st.none() | st.just("e")}),
    "flag": st.none() | st.booleans(),
    "mail": st.none() | st.sampled_from(["a@b.c", "nope", "@", "a@b"]),
}


@st.composite
def generic_row(draw: st.DrawFn) -> dict[str, Any]:
    row = {name: draw(strategy) for name, strategy in GENERIC_VALID.items()}
    for name in draw(st.lists(st.sampled_from(sorted(GENERIC_ANY)), max_size=2)):
        row[name] = draw(GENERIC_ANY[name])
    return row


@SETTINGS
@given(st.lists(generic_row(), min_size=1, max_size=8))
def test_generic_keywords_agree_with_jsonschema(rows: list[dict]) -> None:
    check = compile_schema(GENERIC, GENERIC_ARROW)
    table = pa.Table.from_pylist(rows, schema=GENERIC_ARROW)
    flagged = set(check.failing_rows(table))
    validator = Draft202012Validator(GENERIC, format_checker=FORMATS)
    for i, row in enumerate(table.to_pylist()):
        errors = list(validator.iter_errors(row))
        assert (i in flagged) == bool(errors), (row, [e.message for e in errors])


GENERIC_EDGES = {
    "kind": [None, "a", "c", "3", ""],
    "score": [None, 1, 2, 9, 10, 2**63 - 1, -(2**63)],
    "ratio": [None, -1.0, -0.5, 0.0, 1.5, 2.0, 2.5, 3.0, float("inf"), float("-inf"), float("nan"), 2.0**60],
    "whole": [None, 1.0, 1.5, -0.0, float("inf"), float("-inf"), float("nan"), 2.0**60, 1e300],
    "count": [None, 0, 1, 5, 6],
    "level": [None, -3, -2, 3, 4],
    "tags": [None, [], [None], ["a", "b", "c"], ["éé"], ["ééé"], ["éééé"], ["😀😀😀"], ["😀😀😀😀"], [""], ["x"]],
    "meta": [None, {"n": None}, {"n": 2}, {"n": 3}],
    "loose": [None, {"n": None, "extra": None}, {"n": 1, "extra": "e"}],
    "flag": [None, True, False],
    "mail": [None, "a@b.c", "nope"],
}


def test_generic_keywords_at_their_edges() -> None:
    base = {"kind": "a", "score": 2, "ratio": None, "whole": None, "count": 1, "level": 0, "tags": [], "meta": None,
            "loose": None, "flag": True, "mail": None}
    rows = [{**base, name: value} for name, values in GENERIC_EDGES.items() for value in values]
    check = compile_schema(GENERIC, GENERIC_ARROW)
    flagged = set(check.failing_rows(pa.Table.from_pylist(rows, schema=GENERIC_ARROW)))
    validator = Draft202012Validator(GENERIC, format_checker=FORMATS)
    wrong = [row for i, row in enumerate(rows) if (i in flagged) != bool(list(validator.iter_errors(row)))]
    assert not wrong


@pytest.mark.parametrize("keyword", ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"])
@pytest.mark.parametrize("bound", [3, -3, 1.5, -1.5, 2.0, 0.0, 2**70, -(2**70), 2**63, float("inf"), float("-inf"),
                                   float("nan"), 1e300])
def test_numeric_bounds_compare_like_python(keyword: str, bound: float) -> None:
    ints = [-(2**63), -4, -3, -2, -1, 0, 1, 2, 3, 4, 2**63 - 1]
    floats = [float(i) for i in ints] + [1.5, -1.5, 2.5, float("inf"), float("-inf"), float("nan"), 1e300]
    schema = {"type": "number", keyword: bound}
    validator = Draft202012Validator(schema)
    for values, arrow_type in ((ints, pa.int64()), (floats, pa.float64())):
        arr = pa.array(values, arrow_type)
        node = fastcheck._Compiler(fastcheck.load_registry()).compile([(schema, "urn:x")], arrow_type, "$")
        got = node.fails(arr).tolist()
        assert got == [not validator.is_valid(v) for v in values], (arrow_type, keyword, bound)


DOCUMENT_ID = records.schema("document")["$id"]


def _schema(**prop: Any) -> dict[str, Any]:
    return {"$id": "https://newsclusters.example/test/unsupported.schema.json", "type": "object",
            "properties": {"a": {"type": "string", **prop}}, "required": ["a"]}


@pytest.mark.parametrize(
    "schema",
    [
        _schema(uniqueItems=True),
        _schema(oneOf=[{"type": "string"}]),
        _schema(patternProperties={}),
        _schema(notAKeyword=1),
        _schema(format="not-a-format"),
        _schema(items={"contains": {}}),  # unsupported even where it could not apply
        {**_schema(), "$defs": {"d": {"type": "string", "multipleOf": 2}}, "properties": {"a": {"$ref": "#/$defs/d"}}},
        {**_schema(), "properties": {"a": {"$ref": f"{DOCUMENT_ID}#/properties/text", "dependentRequired": {}}}},
        {**_schema(), "properties": {"a": {"$ref": f"{DOCUMENT_ID}#/properties/nothing-here"}}},
        {**_schema(), "properties": {"a": {"$id": "other.json", "type": "string"}}},
        {**_schema(), "if": {"type": "object"}},
    ],
)
def test_unsupported_keywords_raise_at_compile_time(schema: dict) -> None:
    with pytest.raises(UnsupportedSchema):
        compile_schema(schema, pa.schema([("a", pa.string())]))


def test_a_modified_published_schema_raises() -> None:
    """What a future edit of document.schema.json would meet: the compile, not the data, fails."""
    edited = json.loads(json.dumps(records.schema("document")))
    edited["$id"] = "https://newsclusters.example/test/edited.schema.json"
    edited["properties"]["removed"]["uniqueItems"] = True
    with pytest.raises(UnsupportedSchema, match="uniqueItems"):
        compile_schema(edited, records.arrow_schema("documents"))
    edited["properties"]["removed"].pop("uniqueItems")
    recompiled = compile_schema(edited, records.arrow_schema("documents"))
    assert recompiled.describe() == compile_checks("documents").describe()
