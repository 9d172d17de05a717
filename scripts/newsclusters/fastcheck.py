"""Vectorized schema checks over Arrow tables, equivalent to `validate.problems` for each row.

`compile_checks(config)` walks the JSON Schema of a published config once and turns every keyword
into `pyarrow.compute` work on whole columns; `TableCheck.failing_rows(table)` then says which rows
break the schema. It is the fast path only: the caller runs the exact jsonschema validation
(`validate.problems`) on the rows it returns, for the precise messages.

Equivalence with jsonschema, row by row, is the contract:

* A row is the JSON object `Table.to_pylist()` gives: every column is present as a property and an
  Arrow null is the JSON value null. (So `required` can never fail on a table; a null where the
  schema does not allow null fails through `type`, `enum` or `const`, exactly as jsonschema sees it.)
* Only a closed list of keywords is understood (`SUPPORTED`). Any other keyword anywhere in the
  schema, after following `$ref`s, raises `UnsupportedSchema` at compile time, so a schema change can
  never silently skip a check. `$ref` siblings apply together with the target, as in 2020-12.
* `pattern` is what jsonschema runs: Python's `re.search`, not ECMA-262. Patterns are translated to
  RE2 by `python_regex_to_re2`, which understands a subset of Python's syntax and maps every
  difference explicitly (Python's `$` also matches before a final newline; `\\s`, `\\d`, `\\w` are
  Unicode classes, enumerated from Python's own `re`; `{,n}`; verbose mode). A pattern outside that
  subset is checked by calling `re.search` itself on each distinct value (`ExactValues`).
* `format` is checked by the very format checker `validate` uses. For "date" and "uri" that checker
  is replicated in Arrow when its implementation is the one this module knows (jsonschema's
  `is_date`, and `is_uri` backed by `rfc3986_validator`); any other format, or an implementation
  this module does not recognise, is checked by calling the checker on each distinct value.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import urljoin

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from newsclusters import records

# `validate` is imported inside functions only: it imports this module, and a cycle at import time
# would leave one of the two half-initialised.

Mask = np.ndarray  # bool, one per value; True = the value breaks the schema

# Keywords that never change whether an instance is valid (annotations, and `$defs`, which only
# holds targets for `$ref`).
ANNOTATIONS = frozenset(
    {"$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default", "deprecated",
     "readOnly", "writeOnly"}
)
APPLIED = frozenset(
    {"$ref", "type", "enum", "const", "properties", "required", "additionalProperties", "items", "minItems",
     "maxItems", "pattern", "minLength", "maxLength", "format", "minimum", "maximum", "exclusiveMinimum",
     "exclusiveMaximum"}
)
SUPPORTED = ANNOTATIONS | APPLIED
JSON_TYPES = frozenset({"string", "integer", "number", "boolean", "array", "object", "null"})
RE2_MAX_REPEAT = 1000


class UnsupportedSchema(ValueError):
    """The schema uses something the fast checker cannot replicate exactly; fix fastcheck, not the data."""


# --------------------------------------------------------------------------------------------------
# Python `re` -> RE2
# --------------------------------------------------------------------------------------------------

MAX_CP = 0x10FFFF
SURROGATES = (0xD800, 0xDFFF)  # cannot occur in Arrow strings (valid UTF-8), so never emitted
Ranges = tuple[tuple[int, int], ...]


class _NotTranslatable(Exception):
    pass


def _normalise(ranges: Iterable[tuple[int, int]]) -> Ranges:
    """Sorted, merged, surrogate-free code point ranges."""
    cut: list[tuple[int, int]] = []
    for lo, hi in ranges:
        if lo <= SURROGATES[1] and hi >= SURROGATES[0]:
            if lo < SURROGATES[0]:
                cut.append((lo, SURROGATES[0] - 1))
            if hi > SURROGATES[1]:
                cut.append((SURROGATES[1] + 1, hi))
        else:
            cut.append((lo, hi))
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(cut):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return tuple(merged)


def _complement(ranges: Ranges) -> Ranges:
    out, start = [], 0
    for lo, hi in ranges:
        if lo > start:
            out.append((start, lo - 1))
        start = hi + 1
    if start <= MAX_CP:
        out.append((start, MAX_CP))
    return _normalise(out)


@cache
def _python_class(escape: str, ascii_only: bool) -> Ranges:
    """The code points Python's `\\d`, `\\s` or `\\w` matches, asked of `re` itself for every code point."""
    everything = "".join(map(chr, range(MAX_CP + 1)))
    found = re.finditer(escape, everything, re.ASCII if ascii_only else 0)
    return _normalise((m.start(), m.start()) for m in found)


def _class_escape(letter: str, ascii_only: bool) -> Ranges:
    positive = _python_class("\\" + letter.lower(), ascii_only)
    return _complement(positive) if letter.isupper() else positive


def _re2_class(ranges: Ranges) -> str:
    if not ranges:
        return r"[^\x{0}-\x{10FFFF}]"  # matches nothing
    parts = [f"\\x{{{lo:X}}}" if lo == hi else f"\\x{{{lo:X}}}-\\x{{{hi:X}}}" for lo, hi in ranges]
    return "[" + "".join(parts) + "]"


_VERBOSE_SPACE = frozenset(" \t\n\r\v\f")  # sre_parse.WHITESPACE
_SIMPLE_ESCAPES = {"n": 0x0A, "t": 0x09, "r": 0x0D, "f": 0x0C, "v": 0x0B, "a": 0x07}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
_QUANTIFIER = re.compile(r"\{([0-9]*)(?:(,)([0-9]*))?\}")


class _Translator:
    """Recursive descent over the subset of Python regex syntax with an exact RE2 equivalent."""

    def __init__(self, pattern: str, flags: int):
        unknown = flags & ~(re.UNICODE | re.VERBOSE | re.ASCII)
        if unknown:
            raise _NotTranslatable(f"flags {re.RegexFlag(unknown)!r}")
        self.src, self.pos = pattern, 0
        self.verbose = bool(flags & re.VERBOSE)
        self.ascii = bool(flags & re.ASCII)

    # -- lexing helpers --
    def _skip(self) -> None:
        """What sre_parse skips between tokens in verbose mode: whitespace and # comments."""
        while self.verbose and self.pos < len(self.src):
            c = self.src[self.pos]
            if c in _VERBOSE_SPACE:
                self.pos += 1
            elif c == "#":
                end = self.src.find("\n", self.pos)
                self.pos = len(self.src) if end < 0 else end + 1
            else:
                return

    def _peek(self) -> str:
        return self.src[self.pos] if self.pos < len(self.src) else ""

    def _take(self) -> str:
        c = self._peek()
        if not c:
            raise _NotTranslatable("unexpected end of pattern")
        self.pos += 1
        return c

    # -- grammar --
    def translate(self) -> str:
        body = self._alternation(depth=0)
        self._skip()
        if self.pos != len(self.src):
            raise _NotTranslatable(f"unbalanced ')' at {self.pos}")
        return body

    def _alternation(self, depth: int) -> str:
        branches = [self._sequence(depth)]
        while self._peek() == "|":
            self.pos += 1
            branches.append(self._sequence(depth))
        return "|".join(branches)

    def _sequence(self, depth: int) -> str:
        out: list[str] = []
        while True:
            self._skip()
            c = self._peek()
            if c in ("", "|", ")"):
                return "".join(out)
            atom, repeatable = self._atom(depth)
            self._skip()
            if self._peek() in ("*", "+", "?", "{"):
                if not repeatable:
                    raise _NotTranslatable("quantifier after an assertion")
                atom = f"(?:{atom}){self._quantifier()}"
            out.append(atom)

    def _quantifier(self) -> str:
        c = self._take()
        if c == "{":
            m = _QUANTIFIER.match(self.src, self.pos - 1)
            if not m or m.group(0) == "{}":
                raise _NotTranslatable("'{' that is not a repeat count")  # Python reads it as a literal
            self.pos = m.end()
            lo, comma, hi = m.group(1), m.group(2), m.group(3)
            low = int(lo) if lo else 0
            high = (int(hi) if hi else None) if comma else low
            if low > RE2_MAX_REPEAT or (high is not None and high > RE2_MAX_REPEAT):
                raise _NotTranslatable("repeat count above RE2's limit")
            quant = f"{{{low}}}" if high == low else f"{{{low},}}" if high is None else f"{{{low},{high}}}"
        else:
            quant = c
        # Directly after a quantifier (no verbose skipping, as in sre_parse): '?' makes it lazy,
        # which cannot change whether a match exists; '+' makes it possessive, which can.
        if self._peek() == "?":
            self.pos += 1
        elif self._peek() == "+":
            raise _NotTranslatable("possessive quantifier")
        self._skip()
        if self._peek() in ("*", "+", "?", "{"):
            raise _NotTranslatable("repeated quantifier")
        return quant

    def _atom(self, depth: int) -> tuple[str, bool]:
        c = self._take()
        if c == "(":
            if self._peek() == "?":
                if self.src.startswith("?:", self.pos):
                    self.pos += 2
                elif self.src.startswith("?P<", self.pos):
                    end = self.src.find(">", self.pos)
                    if end < 0 or not self.src[self.pos + 3 : end].isidentifier():
                        raise _NotTranslatable("bad group name")
                    self.pos = end + 1
                else:
                    raise _NotTranslatable(f"group extension at {self.pos}")  # lookaround, flags, ...
            inner = self._alternation(depth + 1)
            if self._take() != ")":
                raise _NotTranslatable("missing ')'")
            return f"(?:{inner})", True
        if c == "[":
            return _re2_class(self._class()), True
        if c == "\\":
            return _re2_class(self._escape()), True
        if c == ".":
            return _re2_class(_complement(((0x0A, 0x0A),))), True  # no DOTALL: anything but \n
        if c == "^":
            return "^", False  # no MULTILINE: start of the string, as RE2's ^
        if c == "$":
            # Python's $ (no MULTILINE) matches at the end *or before a final newline*. That is
            # rendered exactly only where nothing follows it in the pattern.
            self._skip()
            if depth or self.pos != len(self.src):
                raise _NotTranslatable("'$' before the end of the pattern")
            return "\x00DOLLAR\x00", False
        if c in "*+?{":
            raise _NotTranslatable("quantifier with nothing to repeat")
        return _re2_class(((ord(c), ord(c)),)), True

    def _escape(self) -> Ranges:
        """The code points one escape stands for (after the backslash), inside a class or not."""
        c = self._take()
        if c in "dDsSwW":
            return _class_escape(c, self.ascii)
        if c in _SIMPLE_ESCAPES:
            return ((_SIMPLE_ESCAPES[c],) * 2,)
        if c in _HEX_ESCAPES:
            digits = self.src[self.pos : self.pos + _HEX_ESCAPES[c]]
            if len(digits) != _HEX_ESCAPES[c] or not all(d in "0123456789abcdefABCDEF" for d in digits):
                raise _NotTranslatable("bad hex escape")
            self.pos += len(digits)
            cp = int(digits, 16)
            if cp > MAX_CP:
                raise _NotTranslatable("escape beyond Unicode")
            return _normalise(((cp, cp),))
        if c.isascii() and c.isalnum():
            raise _NotTranslatable(f"escape \\{c}")  # \b, \A, \Z, \B, back references, octal, \N{...}
        return ((ord(c), ord(c)),)  # escaped punctuation (or non-ASCII): the character itself

    def _class(self) -> Ranges:
        negate = self._peek() == "^"
        if negate:
            self.pos += 1
        items: list[tuple[int, int]] = []
        first = True
        while True:
            c = self._take()
            if c == "]" and not first:
                break
            first = False
            lo = self._class_item(c)
            if self._peek() == "-" and self.src[self.pos + 1 : self.pos + 2] not in ("]", ""):
                self.pos += 1
                hi = self._class_item(self._take())
                if len(lo) != 1 or len(hi) != 1 or lo[0][0] != lo[0][1] or hi[0][0] != hi[0][1]:
                    raise _NotTranslatable("range with a class escape")
                if lo[0][0] > hi[0][0]:
                    raise _NotTranslatable("bad character range")
                items.append((lo[0][0], hi[0][0]))
            else:
                items.extend(lo)
        ranges = _normalise(items)
        return _complement(ranges) if negate else ranges

    def _class_item(self, c: str) -> Ranges:
        return self._escape() if c == "\\" else ((ord(c), ord(c)),)


def python_regex_to_re2(pattern: str, flags: int = 0, *, mode: str = "search") -> str:
    """An RE2 regex that `pc.match_substring_regex` can run with the same verdict as Python.

    `mode` is the Python call to replicate: "search" (`re.search`, what JSON Schema `pattern` runs),
    "match" or "fullmatch". Raises `UnsupportedSchema` outside the translated subset.
    """
    try:
        re.compile(pattern, flags)
    except re.error as err:
        raise UnsupportedSchema(f"not a Python regex: {pattern!r}: {err}") from err
    translator = _Translator(pattern, flags)
    try:
        body = translator.translate()
    except (_NotTranslatable, IndexError) as err:
        raise UnsupportedSchema(f"regex {pattern!r} has no exact RE2 translation here: {err}") from err
    # Python's `$` at the very end: at the end of the string, or before a final "\n" (unless the
    # call is fullmatch, which must consume that "\n" and has nothing left to do so).
    body = body.replace("\x00DOLLAR\x00", "$" if mode == "fullmatch" else r"\n?$")
    wrap = {"search": "{}", "match": "^(?:{})", "fullmatch": "^(?:{})$"}
    if mode not in wrap:
        raise ValueError(f"unknown mode {mode!r}")
    re2 = wrap[mode].format(body)
    try:
        pc.match_substring_regex(pa.array([""], pa.string()), pattern=re2)
    except pa.ArrowInvalid as err:  # e.g. RE2's size limits
        raise UnsupportedSchema(f"regex {pattern!r}: RE2 rejects the translation: {err}") from err
    return re2


# --------------------------------------------------------------------------------------------------
# Value checks: each takes a non-chunked Arrow array and returns a Mask (nulls: don't care)
# --------------------------------------------------------------------------------------------------

ValueCheck = Callable[[pa.Array], Mask]


def _np(mask: pa.Array) -> Mask:
    return pc.fill_null(mask, False).to_numpy(zero_copy_only=False)


@dataclass(frozen=True)
class Regex:
    """Fails strings that do not contain a match of an RE2 regex."""

    re2: str
    label: str

    def __call__(self, arr: pa.Array) -> Mask:
        return ~_np(pc.match_substring_regex(arr, pattern=self.re2))


@dataclass(frozen=True)
class ExactValues:
    """Fails values a Python predicate rejects, calling it once per distinct non-null value."""

    accept: Callable[[Any], bool]
    label: str

    def __call__(self, arr: pa.Array) -> Mask:
        distinct = pc.unique(arr.drop_null())
        bad = [v for v in distinct.to_pylist() if not self.accept(v)]
        if not bad:
            return np.zeros(len(arr), dtype=bool)
        return _np(pc.is_in(arr, value_set=pa.array(bad, type=arr.type)))


@dataclass(frozen=True)
class Length:
    """minLength/maxLength in code points; counts code points only where byte lengths leave a doubt."""

    limit: int
    is_min: bool

    def __call__(self, arr: pa.Array) -> Mask:
        nbytes = pc.fill_null(pc.binary_length(arr), 0).to_numpy(zero_copy_only=False)
        # code points <= UTF-8 bytes <= 4 * code points: only a few lengths need counting
        if self.is_min:
            fail, doubt = nbytes < self.limit, (nbytes >= self.limit) & (nbytes < 4 * self.limit)
        else:
            fail, doubt = nbytes > 4 * self.limit, (nbytes > self.limit) & (nbytes <= 4 * self.limit)
        idx = np.flatnonzero(doubt)
        if len(idx):
            counts = pc.fill_null(pc.utf8_length(arr.take(pa.array(idx))), 0).to_numpy(zero_copy_only=False)
            fail[idx] = counts < self.limit if self.is_min else counts > self.limit
        return fail


@dataclass(frozen=True)
class Compare:
    """minimum/maximum/exclusiveMinimum/exclusiveMaximum, with Python's exact int/float comparison."""

    op: str  # the pc comparison that *fails* a value: less (minimum), greater (maximum), less_equal, greater_equal
    bound: int | float

    def __call__(self, arr: pa.Array) -> Mask:
        if pa.types.is_floating(arr.type):
            return _np(getattr(pc, self.op)(arr, pa.scalar(_float_bound(self.op, self.bound), arr.type)))
        op, bound = _integer_bound(self.op, self.bound)
        if op in ("never", "always"):
            return np.full(len(arr), op == "always")
        info = np.iinfo(arr.type.to_pandas_dtype())
        if bound < info.min or bound > info.max:  # the verdict is the same for every value
            below_all = bound < info.min
            return np.full(len(arr), below_all == (op == "greater"))
        return _np(getattr(pc, op)(arr, pa.scalar(bound, arr.type)))


def _float_bound(op: str, bound: int | float) -> float:
    """The float that makes a float comparison decide as Python's exact `float < int` does."""
    if isinstance(bound, float):
        return bound
    try:
        nearest = float(bound)
    except OverflowError:
        nearest = math.inf if bound > 0 else -math.inf
    if nearest == bound:  # Python compares int and float exactly
        return nearest
    above = nearest if nearest > bound else math.nextafter(nearest, math.inf)  # smallest float >= bound
    below = nearest if nearest < bound else math.nextafter(nearest, -math.inf)  # largest float <= bound
    # x < b <=> x < above;  x >= b <=> x >= above;  x > b <=> x > below;  x <= b <=> x <= below
    return above if op in ("less", "greater_equal") else below


def _integer_bound(op: str, bound: int | float) -> tuple[str, int]:
    """The same test for integer values with an integer bound: `x < 1.5` is `x < 2`, `x <= 1.5` is `x < 2`."""
    if isinstance(bound, int):
        if op == "less_equal":
            return "less", bound + 1
        if op == "greater_equal":
            return "greater", bound - 1
        return op, bound
    if math.isnan(bound):
        return "never", 0  # every comparison with NaN is False
    if math.isinf(bound):
        fails_every_value = (bound > 0) == op.startswith("less")
        return ("always" if fails_every_value else "never"), 0
    if op.startswith("less"):  # x < b or x <= b
        return "less", math.ceil(bound) if (op == "less" or not bound.is_integer()) else int(bound) + 1
    return "greater", math.floor(bound) if (op == "greater" or not bound.is_integer()) else int(bound) - 1


@dataclass(frozen=True)
class Members:
    """enum/const: fails values outside a set (already narrowed to values of the column's kind)."""

    allowed: tuple[Any, ...]

    def __call__(self, arr: pa.Array) -> Mask:
        if not self.allowed:
            return np.ones(len(arr), dtype=bool)
        return ~_np(pc.is_in(arr, value_set=pa.array(list(self.allowed), type=arr.type)))


@dataclass(frozen=True)
class NotIntegral:
    """JSON Schema "integer" on a float column: a float counts when it is finite and whole."""

    def __call__(self, arr: pa.Array) -> Mask:
        whole = pc.and_(pc.is_finite(arr), pc.equal(pc.floor(arr), arr))
        return ~_np(whole)


@dataclass(frozen=True)
class Always:
    """Fails every value (a `false` schema, a type the column's values never have, ...)."""

    why: str

    def __call__(self, arr: pa.Array) -> Mask:
        return np.ones(len(arr), dtype=bool)


_DAYS = pa.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], pa.int64())


@dataclass(frozen=True)
class IsoDate:
    """jsonschema's `is_date`: `^\\d{4}-\\d{2}-\\d{2}$` (re.ASCII, fullmatch) and `date.fromisoformat`."""

    label: str = "format 'date' (jsonschema's is_date, vectorized)"

    def __call__(self, arr: pa.Array) -> Mask:
        shaped = _np(pc.match_substring_regex(arr, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))
        if not shaped.any():
            return ~shaped
        # Only well-shaped strings are parsed; the rest become a harmless valid date first.
        safe = pc.if_else(pa.array(shaped), arr, pa.scalar("2000-01-01", arr.type))

        def part(start: int, stop: int) -> pa.Array:
            return pc.cast(pc.utf8_slice_codeunits(safe, start, stop), pa.int64())

        year, month, day = part(0, 4), part(5, 7), part(8, 10)
        good_month = pc.and_(pc.greater_equal(month, 1), pc.less_equal(month, 12))
        month0 = pc.if_else(good_month, month, 0)
        days = pc.take(_DAYS, month0)
        leap = pc.or_(
            pc.and_(_divisible(year, 4), pc.invert(_divisible(year, 100))),
            _divisible(year, 400),
        )
        days = pc.if_else(pc.and_(pc.equal(month0, 2), leap), 29, days)
        ok = pc.and_(
            pc.and_(pc.greater_equal(year, 1), good_month),  # date.MINYEAR is 1
            pc.and_(pc.greater_equal(day, 1), pc.less_equal(day, days)),
        )
        return ~(shaped & _np(ok))


def _divisible(values: pa.Array, by: int) -> pa.Array:
    return pc.equal(pc.multiply(pc.divide(values, by), by), values)


# --------------------------------------------------------------------------------------------------
# Format checkers: replicate the implementation jsonschema actually calls, or call it
# --------------------------------------------------------------------------------------------------


def _format_checker() -> Any:
    """The format checker `validate` hands to its validators (the same for every schema)."""
    from newsclusters import validate

    return validate.validator(records.CONFIGS[records.DEFAULT_CONFIG]).format_checker


def _format_check(fmt: str) -> ValueCheck:
    checker = _format_checker()
    if checker is None or fmt not in checker.checkers:
        raise UnsupportedSchema(f"format {fmt!r} is not checked by jsonschema here (typo or missing extra?)")
    func, _raises = checker.checkers[fmt]
    fast = _recognised_format(fmt, func)
    if fast is not None:
        return fast
    return ExactValues(lambda value: checker.conforms(value, fmt), f"format {fmt!r} (exact, per distinct value)")


def _recognised_format(fmt: str, func: Callable[..., Any]) -> ValueCheck | None:
    module = sys.modules.get(getattr(func, "__module__", ""), None)
    names = getattr(getattr(func, "__code__", None), "co_names", ())
    if fmt == "date" and module is not None and func is getattr(module, "is_date", None):
        shape = getattr(module, "_RE_DATE", None)
        if (
            isinstance(shape, re.Pattern)
            and shape.pattern == r"^\d{4}-\d{2}-\d{2}$"
            and shape.flags & re.ASCII
            and {"_RE_DATE", "fullmatch", "fromisoformat"} <= set(names)
        ):
            return IsoDate()
    if fmt == "uri" and module is not None and func is getattr(module, "is_uri", None):
        try:
            import rfc3986_validator
        except ImportError:
            return None
        validate_rfc3986 = rfc3986_validator.validate_rfc3986
        if (
            func.__globals__.get("validate_rfc3986") is validate_rfc3986
            and "validate_rfc3986" in names
            and "rfc3987" not in names
            and "URI_RE_COMP" in validate_rfc3986.__code__.co_names
            and {"match"} <= set(validate_rfc3986.__code__.co_names)
        ):
            compiled = rfc3986_validator.URI_RE_COMP
            try:
                re2 = python_regex_to_re2(compiled.pattern, compiled.flags, mode="match")
                return Regex(re2, "format 'uri' (rfc3986_validator's URI regex, in RE2)")
            except UnsupportedSchema:
                return None
    return None


def _pattern_check(pattern: Any, path: str) -> ValueCheck:
    """What jsonschema's `pattern` runs: `re.search(pattern, value)`, in RE2 when translatable."""
    if not isinstance(pattern, str):
        raise UnsupportedSchema(f"{path}: pattern is not a string")
    try:
        compiled = re.compile(pattern)
    except re.error as err:
        raise UnsupportedSchema(f"{path}: pattern {pattern!r} is not a Python regex: {err}") from err
    try:
        return Regex(python_regex_to_re2(pattern), f"pattern {pattern!r}")
    except UnsupportedSchema:
        return ExactValues(lambda value: compiled.search(value) is not None, f"pattern {pattern!r} (exact)")


# --------------------------------------------------------------------------------------------------
# Compiling a schema against an Arrow type
# --------------------------------------------------------------------------------------------------


def _kind(t: pa.DataType) -> str:
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return "string"
    if pa.types.is_boolean(t):
        return "boolean"
    if pa.types.is_integer(t):
        return "integer"
    if pa.types.is_float64(t):  # float32 would need its own rounding of bounds and enum values
        return "float"
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return "array"
    if pa.types.is_struct(t):
        return "object"
    raise UnsupportedSchema(f"no JSON kind for Arrow type {t}")


# JSON Schema types each kind of Arrow value satisfies outright ("integer" on floats is checked per value).
_SATISFIES = {
    "string": {"string"},
    "boolean": {"boolean"},
    "integer": {"integer", "number"},
    "float": {"number"},
    "array": {"array"},
    "object": {"object"},
}


@dataclass
class Node:
    """The checks of one Arrow value position (a column, a struct field, a list's items)."""

    path: str
    null_ok: bool = True
    checks: list[tuple[str, ValueCheck]] = field(default_factory=list)
    fields: list[tuple[int, Node]] = field(default_factory=list)  # struct children by field index
    items: Node | None = None  # list children

    def fails(self, arr: pa.Array) -> Mask:
        n = len(arr)
        valid = np.ones(n, dtype=bool) if arr.null_count == 0 else _np(arr.is_valid())
        fail = np.zeros(n, dtype=bool) if self.null_ok else ~valid
        for _, check in self.checks:
            fail |= valid & check(arr)
        if self.fields:
            children = arr.flatten()  # offsets applied; parent nulls become child nulls, masked below
            for index, child in self.fields:
                fail |= valid & child.fails(children[index])
        if self.items is not None and len(arr):
            # Every value the offsets span, null lists' ranges included, so that it lines up with
            # list_parent_indices (pc.list_flatten skips those ranges and would not line up).
            start, stop = arr.offsets[0].as_py(), arr.offsets[-1].as_py()
            bad = self.items.fails(arr.values.slice(start, stop - start))
            if bad.any():
                parents = pc.list_parent_indices(arr).to_numpy(zero_copy_only=False)
                has_bad = np.zeros(n, dtype=bool)
                has_bad[parents[bad]] = True
                fail |= valid & has_bad
        return fail

    def describe(self) -> Iterable[str]:
        if not self.null_ok:
            yield f"{self.path}: not null"
        for label, _ in self.checks:
            yield f"{self.path}: {label}"
        for _, child in self.fields:
            yield from child.describe()
        if self.items is not None:
            yield from self.items.describe()


class _Compiler:
    def __init__(self, registry: Registry):
        self.registry = registry

    def expand(self, node: Any, base: str, path: str, seen: frozenset[tuple[str, str]]) -> list[tuple[Any, str]]:
        """The node and, transitively, every `$ref` target: all of them apply to the same value."""
        if isinstance(node, bool):
            return [(node, base)]
        if not isinstance(node, dict):
            raise UnsupportedSchema(f"{path}: schema is not an object or boolean")
        unknown = set(node) - SUPPORTED
        if unknown:
            raise UnsupportedSchema(f"{path}: unsupported keyword(s) {sorted(unknown)}")
        if "$id" in node and urljoin(base, node["$id"]).rstrip("#") != base.rstrip("#"):
            raise UnsupportedSchema(f"{path}: nested $id {node['$id']!r} (only a document's own $id)")
        if "type" in node:
            declared = node["type"]
            names = [declared] if isinstance(declared, str) else declared
            if not isinstance(names, list) or not names or not set(names) <= JSON_TYPES:
                raise UnsupportedSchema(f"{path}: bad type {declared!r}")
        out = [(node, base)]
        if "$ref" in node:
            try:
                resolved = self.registry.resolver(base_uri=base).lookup(node["$ref"])
            except Unresolvable as err:
                raise UnsupportedSchema(f"{path}: cannot resolve $ref {node['$ref']!r}") from err
            target_base = resolved.resolver._base_uri  # noqa: SLF001 - as records._resolved does
            key = (target_base, node["$ref"])
            if key in seen:
                raise UnsupportedSchema(f"{path}: $ref cycle through {node['$ref']!r}")
            out += self.expand(resolved.contents, target_base, path, seen | {key})
        return out

    def vet(self, node: Any, base: str, path: str, seen: frozenset[tuple[str, str]]) -> None:
        """Raise on any unsupported keyword in any subschema reachable from `node` (not only those
        this table's columns exercise), so that no part of the schema goes unseen."""
        for schema, schema_base in self.expand(node, base, path, seen):
            if not isinstance(schema, dict):
                continue
            key = (schema_base, path)
            properties = schema.get("properties", {})
            if not isinstance(properties, dict):
                raise UnsupportedSchema(f"{path}: properties is not an object")
            for name, sub in properties.items():
                self.vet(sub, schema_base, f"{path}.{name}", seen | {key})
            if "additionalProperties" in schema:
                self.vet(schema["additionalProperties"], schema_base, f"{path}.*", seen | {key})
            if "items" in schema:
                self.vet(schema["items"], schema_base, f"{path}[]", seen | {key})
            if len(seen) > 64:
                raise UnsupportedSchema(f"{path}: schema nests too deep (recursive $ref?)")

    def compile(self, schemas: list[tuple[Any, str]], arrow_type: pa.DataType, path: str) -> Node:
        kind = _kind(arrow_type)
        node = Node(path)
        subs: dict[str, list[tuple[Any, str]]] = {}
        for schema, base in schemas:
            if schema is True:
                continue
            if schema is False:
                node.null_ok = False
                node.checks.append(("false schema", Always("false schema")))
                continue
            self._keywords(node, schema, base, kind, arrow_type, subs)
        if kind == "array":
            item_schemas = subs.get("items", [])
            if item_schemas:
                node.items = self.compile(item_schemas, arrow_type.value_type, f"{path}[]")
        if kind == "object":
            for index, child in enumerate(arrow_type):
                child_schemas = subs.get(f"properties/{child.name}", [])
                if child_schemas:
                    node.fields.append((index, self.compile(child_schemas, child.type, f"{path}.{child.name}")))
        return node

    def _keywords(
        self,
        node: Node,
        schema: dict[str, Any],
        base: str,
        kind: str,
        arrow_type: pa.DataType,
        subs: dict[str, list[tuple[Any, str]]],
    ) -> None:
        path = node.path
        if "type" in schema:
            declared = schema["type"]
            allowed = {declared} if isinstance(declared, str) else set(declared)
            if "null" not in allowed:
                node.null_ok = False
            if not allowed & _SATISFIES[kind]:
                if kind == "float" and "integer" in allowed:
                    node.checks.append(("type integer", NotIntegral()))
                else:
                    node.checks.append((f"type {sorted(allowed)}", Always(f"never of type {sorted(allowed)}")))
        for keyword in ("enum", "const"):
            if keyword in schema:
                values = schema["enum"] if keyword == "enum" else [schema["const"]]
                if not isinstance(values, list):
                    raise UnsupportedSchema(f"{path}: enum is not a list")
                if not any(v is None for v in values):
                    node.null_ok = False
                node.checks.append((f"{keyword} {values!r}", Members(_members(values, kind, path))))
        if kind == "string":
            if "pattern" in schema:
                check = _pattern_check(schema["pattern"], path)
                node.checks.append((getattr(check, "label", "pattern"), check))
            for keyword, is_min in (("minLength", True), ("maxLength", False)):
                if keyword in schema:
                    node.checks.append((f"{keyword} {schema[keyword]}", Length(_count(schema, keyword, path), is_min)))
            if "format" in schema:
                check = _format_check(schema["format"])
                node.checks.append((getattr(check, "label", f"format {schema['format']!r}"), check))
        elif "format" in schema:
            _format_check(schema["format"])  # unknown formats raise even where they cannot apply
        if kind in ("integer", "float"):
            for keyword, op in (
                ("minimum", "less"),
                ("maximum", "greater"),
                ("exclusiveMinimum", "less_equal"),
                ("exclusiveMaximum", "greater_equal"),
            ):
                if keyword in schema:
                    bound = schema[keyword]
                    if isinstance(bound, bool) or not isinstance(bound, (int, float)):
                        raise UnsupportedSchema(f"{path}: {keyword} is not a number")
                    node.checks.append((f"{keyword} {bound}", Compare(op, bound)))
        if kind == "array":
            for keyword, op in (("minItems", "less"), ("maxItems", "greater")):
                if keyword in schema:
                    limit = _count(schema, keyword, path)
                    node.checks.append((f"{keyword} {limit}", _item_count(op, limit)))
            if "items" in schema:
                subs.setdefault("items", []).extend(self.expand(schema["items"], base, f"{path}[]", frozenset()))
        if kind == "object":
            names = [f.name for f in arrow_type]
            properties = schema.get("properties", {})
            missing = [r for r in schema.get("required", []) if r not in names]
            if missing:
                node.checks.append((f"required {missing}", Always(f"{missing} are never present")))
            for name in names:
                if name in properties:
                    sub = self.expand(properties[name], base, f"{path}.{name}", frozenset())
                elif "additionalProperties" in schema:
                    sub = self.expand(schema["additionalProperties"], base, f"{path}.{name}", frozenset())
                else:
                    continue
                subs.setdefault(f"properties/{name}", []).extend(sub)


def _count(schema: dict[str, Any], keyword: str, path: str) -> int:
    value = schema[keyword]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UnsupportedSchema(f"{path}: {keyword} must be a non-negative integer")
    return value


def _item_count(op: str, limit: int) -> ValueCheck:
    def check(arr: pa.Array) -> Mask:
        return _np(getattr(pc, op)(pc.list_value_length(arr), limit))

    return check


def _members(values: Sequence[Any], kind: str, path: str) -> tuple[Any, ...]:
    """The enum values a non-null value of this kind can equal, under jsonschema's `equal`."""
    out: list[Any] = []
    for v in values:
        if v is None:
            continue
        if isinstance(v, bool):
            if kind == "boolean":
                out.append(v)
        elif isinstance(v, str):
            if kind == "string":
                out.append(v)
        elif isinstance(v, int):
            if kind == "integer":
                out.append(v)
            elif kind == "float":
                if abs(v) > 2**53:
                    raise UnsupportedSchema(f"{path}: enum value {v} is not exact as a float")
                out.append(float(v))
        elif isinstance(v, float):
            if kind == "integer" and v.is_integer():
                out.append(int(v))
            elif kind == "float":
                out.append(v)
        elif isinstance(v, (list, dict)):
            if kind in ("array", "object"):
                raise UnsupportedSchema(f"{path}: enum/const of arrays or objects")
        else:
            raise UnsupportedSchema(f"{path}: enum value {v!r}")
    if kind in ("array", "object") and out:
        raise UnsupportedSchema(f"{path}: enum/const on {kind}")
    return tuple(out)


# --------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------


def _shape(t: pa.DataType) -> Any:
    """An Arrow type with nullability and string/list width forgotten, for comparing tables to plans."""
    kind = _kind(t)
    if kind == "array":
        return ("array", _shape(t.value_type))
    if kind == "object":
        return ("object", tuple((f.name, _shape(f.type)) for f in t))
    if kind in ("integer", "float"):
        return str(t)
    return kind


@dataclass(frozen=True)
class TableCheck:
    """Compiled checks for one config; `failing_rows` is the fast path, `validate.problems` the exact one."""

    config: str
    arrow_schema: pa.Schema
    root: Node

    def failing_mask(self, table: pa.Table | pa.RecordBatch) -> Mask:
        self._check_shape(table.schema)
        if isinstance(table, pa.RecordBatch):
            batches = [table]
        else:
            chunks = table.column(0).num_chunks if table.num_columns else 0
            if chunks > 1 and table.num_rows / chunks < 8192:
                table = table.combine_chunks()  # many tiny chunks: the per-chunk overhead would dominate
            batches = table.to_batches()
        parts = [self._batch_mask(batch) for batch in batches if batch.num_rows]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)

    def failing_rows(self, table: pa.Table | pa.RecordBatch) -> list[int]:
        """Indices of the rows that break the schema (exactly those jsonschema would reject)."""
        return np.flatnonzero(self.failing_mask(table)).tolist()

    def describe(self) -> list[str]:
        return list(self.root.describe())

    def _batch_mask(self, batch: pa.RecordBatch) -> Mask:
        # The root is a struct node whose fields are the batch's columns (rows are never null).
        fail = np.zeros(batch.num_rows, dtype=bool)
        for _, check in self.root.checks:  # only `Always` can sit here (e.g. required but no such column)
            fail |= check(pa.nulls(batch.num_rows))
        for index, child in self.root.fields:
            name = self.arrow_schema.field(index).name
            fail |= child.fails(batch.column(batch.schema.get_field_index(name)))
        return fail

    def _check_shape(self, schema: pa.Schema) -> None:
        if set(schema.names) != set(self.arrow_schema.names) or len(schema.names) != len(set(schema.names)):
            raise ValueError(
                f"table columns {schema.names} are not the {self.config!r} columns {self.arrow_schema.names}"
            )
        for expected in self.arrow_schema:
            if _shape(schema.field(expected.name).type) != _shape(expected.type):
                raise TypeError(
                    f"column {expected.name!r} is {schema.field(expected.name).type}, not {expected.type}; "
                    f"cast the table to records.arrow_schema({self.config!r})"
                )


def compile_schema(
    root: dict[str, Any], arrow_schema: pa.Schema, *, registry: Registry | None = None, config: str = "?"
) -> TableCheck:
    """Compile any object schema against the Arrow schema of its rows (`compile_checks` is the usual entry)."""
    if registry is None:
        registry = load_registry()
    base = root.get("$id", "urn:newsclusters:fastcheck:anonymous")
    if base not in registry:
        registry = registry.with_resource(base, Resource.from_contents(root, default_specification=DRAFT202012))
    compiler = _Compiler(registry)
    compiler.vet(root, base, "$", frozenset())  # every reachable subschema, applicable here or not
    struct = pa.struct(list(arrow_schema))
    node = compiler.compile(compiler.expand(root, base, "$", frozenset()), struct, "$")
    node.null_ok = True  # rows themselves are never null
    return TableCheck(config, arrow_schema, node)


def load_registry() -> Registry:
    return records.load_schemas()[1]


@cache
def compile_checks(config: str) -> TableCheck:
    """The checks of a published config (`records.CONFIGS`), against `records.arrow_schema(config)`."""
    from newsclusters import validate

    name = records.CONFIGS[config]
    validate.validator(name)  # the schema must be valid 2020-12 first (check_schema)
    return compile_schema(records.schema(name), records.arrow_schema(config), config=config)
