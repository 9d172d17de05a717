"""jsonschema-rs (the fast path) accepts a record exactly when jsonschema (the messages) does.

The build trusts jsonschema-rs for every record it accepts, so it must never be laxer than
jsonschema on our schemas; where it is stricter, a valid record merely costs a jsonschema run.
These tests hold the two to the same verdict on hand-made records, every pattern and format of
schema/*.json at its edges, and generated near misses.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import rfc3986_validator
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from newsclusters.pipeline import records, validate

from conftest import json_objects

SETTINGS = settings(
    max_examples=int(os.environ.get("NC_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def rs_accepts(name: str, record: Any, definition: str | None = None) -> bool:
    return not list(validate.failing(name, [record], definition))


def py_accepts(name: str, record: Any, definition: str | None = None) -> bool:
    return validate.validator(name, definition).is_valid(record)


def assert_same_verdict(name: str, record: Any, definition: str | None = None) -> None:
    assert rs_accepts(name, record, definition) == py_accepts(name, record, definition), (name, definition, record)


# ---------------------------------------------------------------------------------------------
# Hand-made good records, one per schema (every optional field present, so every keyword applies)
# ---------------------------------------------------------------------------------------------


def good_document() -> dict[str, Any]:
    return {
        "doc_id": "some-story/001", "cluster_id": "some-story", "title": "A title", "date": "2024-05-01",
        "source": "Outlet", "url": "https://example.org/a", "text": "A paragraph.", "raw_sha256": "0" * 64,
        "position": 0, "source_doc_id": "x1", "origin": "WCEP", "timestamp": "2024-05-01 09:30:00",
        "removed": [{"line": 1, "text": "RELATED: x", "rule": "related_link_v1"}],
    }


def good_cluster() -> dict[str, Any]:
    document = {k: v for k, v in good_document().items() if k not in ("cluster_id", "removed")}
    return {"cluster_id": "some-story", "summary": "S.", "summary_author": "A", "source_cluster_id": "e1",
            "date": "2024-05-01", "category": "Politics", "documents": [document]}


def good_cluster_source() -> dict[str, Any]:
    return {"summary": "S.", "summary_author": "A", "split": "test", "source_cluster_id": "e1", "date": "2024-05-01",
            "category": "Politics", "encoding": "cp1252",
            "documents": {"001.txt": {"source": "WWD", "url": "https://example.org/a", "date": "2024-05-01",
                                      "encoding": "latin-1"}}}


def good_document_line() -> dict[str, Any]:
    return {"type": "document", "cluster_id": "some-story", "name": "001", "text": "Raw text.", "source": "Outlet",
            "url": "https://example.org/a", "date": "2024-05-01", "title": "A title", "position": 3,
            "source_doc_id": "x1", "origin": "WCEP", "timestamp": "2024-05-01 09:30:00"}


def good_cluster_line() -> dict[str, Any]:
    return {"type": "cluster", "cluster_id": "some-story", "summary": "S.", "summary_author": "A", "split": "train",
            "source_cluster_id": "e1", "date": "2024-05-01", "category": "Politics"}


def good_corpus() -> dict[str, Any]:
    return {"name": "A corpus", "description": "What it is.", "homepage": "https://example.org",
            "authors": ["A. Author"], "citation": "@article{a}", "source_datasets": ["a/b"], "prefixes": ["mine"],
            "annotations_creators": ["expert-generated"], "language": ["de", "zh-Hant"],
            "license": {"id": "other", "name": "ours", "url": "https://example.org/terms", "terms": "- Ours."},
            "summaries": "Written by editors."}


GOOD = [
    ("document", None, good_document()),
    ("cluster", None, good_cluster()),
    ("cluster_source", None, good_cluster_source()),
    ("raw_line", "document", good_document_line()),
    ("raw_line", "cluster", good_cluster_line()),
    ("raw_line", None, good_document_line()),
    ("raw_line", None, good_cluster_line()),
]


@pytest.mark.parametrize("name, definition, record", GOOD)
def test_the_good_records_pass_both(name: str, definition: str | None, record: dict) -> None:
    assert rs_accepts(name, record, definition) and py_accepts(name, record, definition)


# ---------------------------------------------------------------------------------------------
# Every value position of every good record, replaced by values at the edges of the patterns,
# formats, lengths, types and bounds; every key replaced too (propertyNames, additionalProperties)
# ---------------------------------------------------------------------------------------------

# Every kind of Python white space (\s), things that look like it but are not, digits that are not
# ASCII, and the punctuation the patterns and the URI grammar care about.
TRICKY = list(
    "aAzZ09-_./:@?#[]%!$&'()*+,;=~ \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2003\u2028\u3000"
    "\u200b\ufeff\x00é٣２ü"
)
BAD_DATES = [
    "2024-02-30", "31-12-2024", "2024-2-3", "0000-01-01", "2023-02-29", "2024-02-29", "1900-02-29",
    "2000-02-29", "2024-01-01\n", "\n2024-01-01", "２０２４-01-01", "٢٠٢٤-٠١-٠١", "2024-13-01", "2024-00-10",
    "2024-01-00", "2024-04-31", "2024-04-30", "2024-01-01T00:00", "20240101", "2024-W01-1", " 2024-01-01",
    "+2024-01-01", "9999-12-31", "0001-01-01",
]
URIS = [
    "https://example.org/a", "http://[::1]:80/x?y#z", "urn:isbn:0451450523", "a:", "mailto:x@y.z", "http://x\n",
    "not a url", "http://é.com", "http://x/ y", "http://x/%zz", "x:%41", "1a:b", "a:é", "//x", "/a", "", "http://[::1",
    "http://x:y", "HTTP://X", "a+b-c.d:", "http://x/\u00a0", "http://x#a#b", "urn:a\x00",
]
SHAS = ["0" * 64, "0" * 63, "A" * 64, "0" * 64 + "\n", "\n" + "0" * 64, "0" * 64 + "x", "0" * 65, "g" * 64, "٣" * 64]
IDS = ["a", "abc-def", "Abc", "a--b", "a-", "-a", "a" * 100, "a" * 101, "a" * 99 + "\n", "a" * 100 + "\n", "abc\n",
       "abc\n\n", "a/b", "abc/x", "abc/x\n", "abc/.x", "abc/x y", "a-b/ü", "a/b/c", "abc//x", "a/B.c_d-e", "001.txt",
       "../x.txt", "a.txt\n", ".txt", "x.TXT", "x.txt.txt", "cp1252", "utf-8", "latin_1", "x y", "x\n", "x" * 200,
       "x" * 201, "rule_v1", "Rule_v1", "rule_v", "rule_v1\n", "1rule_v1", "rule-v1", "r_v12", "rule_v1 ", "_v1",
       "a_v", "test", "dev", "train", "validation", "document", "cluster"]
BLANKS = ["", " ", "\t\n", "\xa0", "\u2003\u3000", "\x1c", "\x1d\x1e\x1f", "\x0b", "\x85", "\u200b", "\ufeff", "\n\nx",
          "\ud800", "x\ud800", "😀"]
STRINGS = sorted(set(TRICKY) | {c + "\n" for c in TRICKY} | {c * 2 for c in TRICKY} | set(BAD_DATES) | set(URIS)
                 | set(SHAS) | set(IDS) | set(BLANKS))
# JSON values only, as json.loads and Arrow's to_pylist give them (see the tuple test below).
OTHERS = [None, True, False, 0, 1, -1, 2**63, 2**70, -(2**70), 1.0, 0.0, -0.0, 1.5, float("nan"), float("inf"), [],
          [None], ["x"], {}, {"x": 1}]
EDGES = STRINGS + OTHERS


def value_paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every position in a JSON value: the value itself and everything nested in it."""
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from value_paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from value_paths(value, (*path, index))


def replaced(record: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    out = copy.deepcopy(record)
    parent = out
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return out


def renamed(record: Any, path: tuple[Any, ...], key: Any) -> Any:
    """The dict at `path` with its first key renamed (a key pattern or an unexpected key)."""
    out = copy.deepcopy(record)
    parent = out
    for step in path:
        parent = parent[step]
    first = next(iter(parent))
    parent[key] = parent.pop(first)
    return out


def edge_cases(record: Any) -> Iterator[Any]:
    for path in value_paths(record):
        for value in EDGES:
            yield replaced(record, path, value)
        parent = record
        for step in path:
            parent = parent[step]
        if isinstance(parent, dict) and parent:
            for key in STRINGS:
                yield renamed(record, path, key)
            first = next(iter(parent))
            yield replaced(record, path, {**parent, "extra": 1})
            yield replaced(record, path, {k: v for k, v in parent.items() if k != first})


def schemajson_objects() -> Iterator[dict]:
    """Every object anywhere in schema/*.json."""
    return json_objects(records.load_schemas()[0])


def schema_keywords(keyword: str) -> set[str]:
    """Every value of `keyword` anywhere in schema/*.json."""
    return {node[keyword] for node in schemajson_objects() if isinstance(node.get(keyword), str)}


@pytest.mark.parametrize("name, definition, record", GOOD)
def test_every_edge_value_in_every_position_gets_the_same_verdict(name: str, definition: str | None,
                                                                   record: dict) -> None:
    cases = list(edge_cases(record))
    rejected = set(validate.failing(name, cases, definition))
    wrong = [case for i, case in enumerate(cases) if (i in rejected) == py_accepts(name, case, definition)]
    assert wrong == [], wrong[:5]


def test_a_tuple_is_an_array_to_jsonschema_rs_only() -> None:
    """The one difference found: not JSON, and never in a record (json.loads and to_pylist give lists)."""
    record = {**good_document(), "removed": ()}
    assert rs_accepts("document", record) and not py_accepts("document", record)


def test_the_edge_cases_break_every_pattern_and_format() -> None:
    """Guard against a vacuous comparison: each pattern and format of the schemas fails somewhere. corpus.json
    is only ever checked by jsonschema (it is read once per build), so it is here but not in GOOD."""
    wanted = {("pattern", p) for p in schema_keywords("pattern")} | {("format", f) for f in schema_keywords("format")}
    for name, definition, record in [*GOOD, ("corpus", None, good_corpus())]:
        for case in edge_cases(record):
            for error in validate.validator(name, definition).iter_errors(case):
                wanted -= {(e.validator, e.validator_value) for e in [error, *(error.context or [])]
                           if e.validator in ("pattern", "format")}
            if not wanted:
                return
    assert wanted == set()


def test_every_regex_in_the_schemas_is_a_pattern_keyword() -> None:
    """`validate.PythonPattern` replaces `pattern` only: a regex anywhere else (`patternProperties`,
    `format: regex`) would run as ECMA-262 in jsonschema-rs and could let through what jsonschema refuses."""
    keys = {key for node in schemajson_objects() for key in node}
    assert "patternProperties" not in keys
    assert "regex" not in schema_keywords("format")


@pytest.mark.parametrize("pattern", sorted(schema_keywords("pattern")))
def test_patterns_are_pythons_re_search(pattern: str) -> None:
    rs = validate.jsonschema_rs.Draft202012Validator({"pattern": pattern}, keywords={"pattern": validate.PythonPattern})

    def accepts(value: str) -> bool:
        try:
            return rs.is_valid(value)
        except ValueError:  # a lone surrogate is not UTF-8: jsonschema-rs refuses "x\ud800" (validate.failing
            return False  # sends such records to jsonschema)

    assert [v for v in STRINGS if accepts(v) != (re.search(pattern, v) is not None) and "\ud800" not in v
            and not (pattern.endswith("$") and v.endswith("\n"))] == []
    anchored = [v + "\n" for v in STRINGS if re.fullmatch(pattern.strip("^$"), v) and pattern.endswith("$")]
    assert anchored or not pattern.endswith("$")
    assert [v for v in anchored if accepts(v)] == []  # a final `$` ends the text, as in ECMA-262: not 'a.txt\n'


# ---------------------------------------------------------------------------------------------
# Generated records: valid, then broken in one or two places
# ---------------------------------------------------------------------------------------------

tricky = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(codec="utf-8"), max_size=12)
slug = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
file_stem = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,8}", fullmatch=True)
sha = st.binary(min_size=32, max_size=32).map(bytes.hex)
rule = st.from_regex(r"[a-z][a-z0-9_]{0,6}_v[0-9]{1,2}", fullmatch=True)
good_text = st.text(max_size=30).map(lambda s: "x" + s) | st.text(min_size=1, max_size=30).filter(
    lambda s: re.search(r"\S", s) is not None
)
uri_from_grammar = st.from_regex(rfc3986_validator.URI_RE_COMP)
good_url = st.sampled_from(URIS[:6]) | uri_from_grammar


@st.composite
def uri_like(draw: st.DrawFn) -> str:
    """Strings from the URI grammar, often with one character spliced in: the near misses."""
    base = draw(uri_from_grammar | st.text(alphabet=st.sampled_from(TRICKY), max_size=20))
    if draw(st.booleans()) and base:
        at = draw(st.integers(0, len(base)))
        base = base[:at] + draw(st.sampled_from(TRICKY)) + base[at:]
    return base


date_like = st.sampled_from(BAD_DATES) | st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\n?", fullmatch=True) | tricky
sha_like = st.sampled_from(SHAS) | st.from_regex(r"[0-9a-fA-F]{63,65}\n{0,2}", fullmatch=True) | tricky
text_like = st.sampled_from(BLANKS) | tricky | st.text(alphabet=st.sampled_from(" \t\n\x0b\x0c\r\x1c\x85\xa0\u3000"))
id_like = st.sampled_from(IDS) | st.text(alphabet=st.sampled_from(list("ab1-/._AZ\n ")), max_size=8)
number_like = st.sampled_from([0, -1, 1, 2**63 - 1, -(2**63), 2**70, 1.0, 0.5, True]) | st.integers(-5, 5)
json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["line", "text", "rule", "x"]), inner),
    max_leaves=6,
)
anything = st.none() | tricky | number_like | json_like


@st.composite
def removed_item(draw: st.DrawFn) -> Any:
    item = {"line": draw(st.integers(1, 10**6)), "text": draw(st.text(max_size=10)), "rule": draw(rule)}
    for name in draw(st.lists(st.sampled_from(["line", "text", "rule", "none", "drop", "extra"]), max_size=2)):
        if name == "none":
            return None
        if name == "drop":
            item.pop(draw(st.sampled_from(sorted(item))), None)
        elif name == "extra":
            item["x"] = draw(anything)
        else:
            item[name] = draw({"line": number_like, "text": anything, "rule": id_like | anything}[name])
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
        "doc_id": st.none() | id_like,
        "title": anything,
        "date": st.none() | date_like,
        "source": anything,
        "url": st.none() | uri_like(),
        "text": st.none() | text_like,
        "raw_sha256": st.none() | sha_like,
        "position": st.none() | number_like,
        "source_doc_id": anything,
        "origin": anything,
        "timestamp": anything,
    }
    for name in draw(st.lists(st.sampled_from([*sorted(breakers), "drop", "extra"]), max_size=2)):
        if name == "drop":
            doc.pop(draw(st.sampled_from(sorted(doc))), None)
        elif name == "extra":
            doc[draw(tricky)] = draw(anything)
        else:
            doc[name] = draw(breakers[name])
    return doc


@st.composite
def document_record(draw: st.DrawFn) -> dict[str, Any]:
    cluster_id = draw(slug)
    record = {"cluster_id": cluster_id, **draw(article(cluster_id)),
              "removed": draw(st.lists(removed_item(), max_size=4))}
    for name in draw(st.lists(st.sampled_from(["cluster_id", "removed"]), max_size=1)):
        record[name] = draw(st.none() | (id_like if name == "cluster_id" else anything))
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
        "cluster_id": st.none() | id_like,
        "summary": st.none() | text_like,
        "summary_author": st.none() | text_like,
        "documents": anything,
        "source_cluster_id": anything,
        "date": st.none() | date_like,
        "category": anything,
    }
    for name in draw(st.lists(st.sampled_from(sorted(breakers)), max_size=1)):
        record[name] = draw(breakers[name])
    return record


@st.composite
def raw_line(draw: st.DrawFn) -> dict[str, Any]:
    """A JSONL document or cluster line, valid, then maybe broken."""
    if draw(st.booleans()):
        record = {"type": "document", **{k: v for k, v in draw(article(draw(slug))).items() if k != "doc_id"}}
        record.update(cluster_id=draw(slug), name=draw(file_stem | id_like), text=draw(st.text(max_size=10)))
        record.pop("raw_sha256", None)
    else:
        record = {k: v for k, v in draw(cluster_record()).items() if k != "documents"}
        record["type"] = "cluster"
        if draw(st.booleans()):
            record["split"] = draw(st.sampled_from(["train", "validation", "test", "dev"]) | anything)
    if draw(st.booleans()):
        record[draw(st.sampled_from(sorted(record)))] = draw(anything)
    return record


@SETTINGS
@given(document_record())
def test_documents_get_the_same_verdict(record: dict) -> None:
    assert_same_verdict("document", record)


@SETTINGS
@given(cluster_record())
def test_clusters_get_the_same_verdict(record: dict) -> None:
    assert_same_verdict("cluster", record)


@SETTINGS
@given(raw_line())
def test_raw_lines_get_the_same_verdict(record: dict) -> None:
    assert_same_verdict("raw_line", record)
    for definition in ("document", "cluster"):
        assert_same_verdict("raw_line", record, definition)


@pytest.mark.parametrize("name", ["document", "cluster", "raw_line"])
@pytest.mark.parametrize("valid", [True, False])
def test_the_generators_produce_both_kinds(name: str, valid: bool) -> None:
    """Guard against a vacuous property: both valid and invalid records are generated.

    `find` searches until it meets one, so the guard does not hang on how likely a valid record is in
    the first hundred draws (which moves with the constants Hypothesis collects from loaded modules).
    """
    strategy = {"document": document_record(), "cluster": cluster_record(), "raw_line": raw_line()}[name]
    search = settings(max_examples=5_000, derandomize=True, database=None, deadline=None, phases=[Phase.generate],
                      suppress_health_check=list(HealthCheck))
    find(strategy, lambda record: py_accepts(name, record) is valid, settings=search)
