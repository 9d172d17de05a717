"""A learned line scorer beside the named rules: features of a line and its neighbours, a small model.

The rules recognise kinds of boilerplate by what they say; on sites they were not written for,
many menu, teaser and footer lines say nothing a rule knows. The scorer judges such a line by its
shape and place instead: length, punctuation, stop-word and link-word density, where it stands
relative to the article's run of paragraphs, the run of short lines around it, how often the
corpus repeats it and what the rules removed next to it. It runs after every rule, sees only the
lines they kept, and removes a line only when the model's boilerplate score clears a threshold
chosen for precision: by host-grouped cross-validation, the best tok_F1 whose content deletion
stays within 0.001 of the rules' own.

Off by default: it is not in the rule registry, so `Cleaner()` and a build don't run it;
`with_line_scorer()` gives a Cleaner that runs every registered rule and then the scorer. Why off:
under host-grouped cross-validation it raises heavy tok_F1 but deletes a little more article text
than the rules alone, and its verdicts depend on the neighbours the rules left, so cleaning a
cleaned text again may remove more (the rules alone are idempotent); see docs/cleaning-quality.md.

Inference is plain Python and numpy on weights committed as JSON in the package
(`models/line_scorer.json`); scikit-learn is only needed to train them
(`benchmarks/train_line_scorer.py`). Features are computed from a read-only `Page`, so the scorer
is a page rule like any other: its removals are listed in `removed` under its name.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from newsclusters.errors import RuleError
from newsclusters.pipeline.rules import OPTIONAL, RULES, STOP_WORDS, Page, Rule, article_span, low_line_key

if TYPE_CHECKING:
    from newsclusters.pipeline.clean import Cleaner

RULE_NAME = "line_scorer_v1"  # reserved in rules.OPTIONAL
MODEL_FORMAT = "newsclusters-line-scorer/1"
MODEL_RESOURCE = "line_scorer.json"
REASON = "A kept line the learned line scorer judges boilerplate by its shape, place and neighbours."

# Words of navigation, sharing, subscription and teaser links.
LINK_WORDS = frozenset(
    "share tweet email mail print comment comments reply login log sign subscribe subscription newsletter follow "
    "facebook twitter instagram youtube linkedin whatsapp pinterest reddit click read more menu home search next "
    "previous back top related video videos photo photos gallery watch listen podcast advertisement sponsored "
    "privacy cookies terms contact about rss app download register account edition sections news latest "
    "trending popular".split()
)
_PUNCT = re.compile(r"[|/\\\-–—•·»›«‹*:;()\[\]{}<>#@+=_~^&%$]")
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[a-z]+")  # on the lower-cased line: the stop and link words are ASCII
_CAPITALISED = re.compile(r"(?:^| )[A-ZÀ-ÖØ-ÞΑ-ΩА-Я]")  # a token with a Latin, Greek or Cyrillic capital
_LABEL = re.compile(r"\S+: \S")  # 'Topics: ...', 'Photo: ...': a label first
REPEAT_CAP = 8  # corpus counts above this are all "very repeated": the bench and a large build agree there
DENSITY_CHARS = 240  # characters of a line its densities are measured on
NEIGHBOUR_REACH = 3  # lines either side for the "removed around it" share

FEATURES: tuple[str, ...] = (
    "log_words", "log_chars", "ends_sentence", "prose", "ellipsis_end", "punct_share", "digit_share",
    "capitalised_share", "stop_share", "link_share", "starts_lower", "label_colon", "pipe_or_bullet",
    "position", "in_span", "log_above_span", "log_below_span", "no_span", "log_short_run", "repeat",
    "removed_around", "prev_removed", "next_removed", "prev_prose", "next_prose", "log_prev_words",
    "log_next_words", "page_removed_share", "log_page_lines", "log_block_size",
)


def _tokens(line: str) -> list[str]:
    return line.split()


def line_shape(line: str) -> tuple[float, ...]:
    """Features of one line alone: length, punctuation, digits, capitals, stop and link words, form.

    Densities are taken over the first DENSITY_CHARS characters: a paragraph's start tells as much as
    all of it, and long lines would otherwise cost most of the scorer's time.
    """
    tokens = line.count(" ") + 1 if line else 0
    head = line[:DENSITY_CHARS]
    n = max(1, head.count(" ") + 1)
    chars = max(1, len(head))
    words = _WORD.findall(head.lower())
    return (
        math.log1p(tokens),
        math.log1p(len(line)),
        len(_PUNCT.findall(head)) / chars,
        len(_DIGIT.findall(head)) / chars,
        len(_CAPITALISED.findall(head)) / n,
        sum(map(STOP_WORDS.__contains__, words)) / n,
        sum(map(LINK_WORDS.__contains__, words)) / n,
        float(line[:1].islower()),
        float(_LABEL.match(line) is not None),
        float("|" in line or line[:1] in "-*•»›·+"),
        float(line.endswith(("...", "…"))),
    )


def short_runs(prose: Sequence[bool]) -> list[int]:
    """For each line, the length of the run of consecutive non-prose lines it belongs to (0 for prose)."""
    runs = [0] * len(prose)
    i = 0
    while i < len(prose):
        if prose[i]:
            i += 1
            continue
        j = i
        while j < len(prose) and not prose[j]:
            j += 1
        runs[i:j] = [j - i] * (j - i)
        i = j
    return runs


def kept_lines(page: Page) -> list[int]:
    """The lines no rule removed: the only ones the scorer judges."""
    removed = page.removed
    return [i for i in range(len(page.lines)) if i not in removed]


def page_features(page: Page, indices: Sequence[int] | None = None) -> np.ndarray:
    """One row of FEATURES for each line in `indices` (default: every line); every line is a neighbour.

    The shape of a line is computed only for the lines asked for (the kept ones, in the cleaner), so
    the cost follows what the rules left, not the page's length.
    """
    lines, prose, ends, words = page.lines, page.prose, page.ends, page.words
    n = len(lines)
    wanted = range(n) if indices is None else indices
    removed = page.removed
    is_removed = [i in removed for i in range(n)]
    prefix = [0, *accumulate(is_removed)]
    span = article_span(page)
    first, last = span if span is not None else (n, -1)
    runs = short_runs(prose)
    counts = page.line_counts
    block_size = Counter(page.blocks)
    removed_share = prefix[-1] / max(1, n)
    log_n = math.log1p(n)
    rows = np.empty((len(wanted), len(FEATURES)), dtype=np.float64)
    for row, i in enumerate(wanted):
        shape = line_shape(lines[i])
        lo, hi = max(0, i - NEIGHBOUR_REACH), min(n, i + NEIGHBOUR_REACH + 1)
        repeat = 0.0
        if counts and len(lines[i]) <= 300:
            repeat = min(max(counts.get(low_line_key(page.low[i]), 0) - 1, 0), REPEAT_CAP) / REPEAT_CAP
        rows[row] = (
            shape[0], shape[1], float(ends[i]), float(prose[i]), shape[10], *shape[2:10],
            i / max(1, n - 1),
            float(first <= i <= last),
            math.log1p(first - i) if i < first and span is not None else 0.0,
            math.log1p(i - last) if i > last and span is not None else 0.0,
            float(span is None),
            math.log1p(runs[i]),
            repeat,
            (prefix[hi] - prefix[lo] - is_removed[i]) / max(1, hi - lo - 1),
            float(i > 0 and is_removed[i - 1]),
            float(i + 1 < n and is_removed[i + 1]),
            float(i > 0 and prose[i - 1]),
            float(i + 1 < n and prose[i + 1]),
            math.log1p(words[i - 1]) if i > 0 else 0.0,
            math.log1p(words[i + 1]) if i + 1 < n else 0.0,
            removed_share,
            log_n,
            math.log1p(block_size[page.blocks[i]]),
        )
    return rows


def _forest(trees: Sequence[Mapping[str, Sequence[float]]]) -> tuple[np.ndarray, ...]:
    """All trees' nodes in flat arrays (a leaf's children point at itself) and each tree's root, so a
    page's lines go through every tree at once, one level per step."""
    offsets = np.cumsum([0] + [len(t["left"]) for t in trees])
    feature, cut, left, right, value = [], [], [], [], []
    depth = 0
    for offset, tree in zip(offsets.tolist(), trees):
        for node, (lo, hi) in enumerate(zip(tree["left"], tree["right"])):
            leaf = lo < 0
            feature.append(0 if leaf else int(tree["feature"][node]))
            cut.append(tree["threshold"][node])
            left.append(offset + node if leaf else offset + int(lo))
            right.append(offset + node if leaf else offset + int(hi))
            value.append(tree["value"][node])
        stack = [(0, 0)]
        while stack:  # the deepest path bounds the steps
            node, d = stack.pop()
            depth = max(depth, d)
            if tree["left"][node] >= 0:
                stack += [(int(tree["left"][node]), d + 1), (int(tree["right"][node]), d + 1)]
    return (np.array(feature, dtype=np.intp), np.array(cut, dtype=np.float64), np.array(left, dtype=np.intp),
            np.array(right, dtype=np.intp), np.array(value, dtype=np.float64), offsets[:-1].astype(np.intp),
            np.array(depth))


@dataclass(frozen=True)
class LineScorer:
    """A fitted model: standardised logistic regression or boosted trees, and its removal threshold."""

    kind: str  # "logistic" or "trees"
    threshold: float  # probability of boilerplate at or above which a kept line is removed
    mean: tuple[float, ...] = ()
    scale: tuple[float, ...] = ()
    coef: tuple[float, ...] = ()
    intercept: float = 0.0
    trees: tuple[Mapping[str, Sequence[float]], ...] = ()
    learning_rate: float = 0.0

    def scores(self, features: np.ndarray) -> np.ndarray:
        """Probability that each row is boilerplate."""
        if self.kind == "logistic":
            z = ((features - np.asarray(self.mean)) / np.asarray(self.scale)) @ np.asarray(self.coef) + self.intercept
        elif self.kind == "trees":
            feature, cut, left, right, value, roots, depth = self._forest
            features = features.astype(np.float32).astype(np.float64)  # the trees were split on float32 values
            node = np.broadcast_to(roots, (len(features), len(roots)))
            for _ in range(int(depth)):
                x = np.take_along_axis(features, feature[node], axis=1)
                node = np.where(x <= cut[node], left[node], right[node])
            z = self.intercept + self.learning_rate * value[node].sum(axis=1)
        else:
            raise RuleError(f"unknown line scorer kind {self.kind!r}")
        return 1.0 / (1.0 + np.exp(-z))

    @cached_property
    def _forest(self) -> tuple[np.ndarray, ...]:
        return _forest(self.trees)

    def line_scores(self, page: Page) -> dict[int, float]:
        """Every kept line's probability of being boilerplate."""
        candidates = kept_lines(page)
        if not candidates:
            return {}
        return dict(zip(candidates, self.scores(page_features(page, candidates)).tolist()))

    def find(self, page: Page) -> list[int]:
        """The kept lines whose score clears the threshold."""
        return [i for i, s in self.line_scores(page).items() if s >= self.threshold]


def scorer_from_dict(model: Mapping[str, object]) -> LineScorer:
    """Check the file's format and feature list, then build the scorer."""
    if model.get("format") != MODEL_FORMAT:
        raise RuleError(f"line scorer model: format {model.get('format')!r}, expected {MODEL_FORMAT!r}")
    if tuple(model.get("features", ())) != FEATURES:  # type: ignore[arg-type]
        raise RuleError("line scorer model: its feature list differs from this code's; retrain it")
    return LineScorer(
        kind=str(model["kind"]),
        threshold=float(model["threshold"]),  # type: ignore[arg-type]
        mean=tuple(model.get("mean", ())),  # type: ignore[arg-type]
        scale=tuple(model.get("scale", ())),  # type: ignore[arg-type]
        coef=tuple(model.get("coef", ())),  # type: ignore[arg-type]
        intercept=float(model.get("intercept", 0.0)),  # type: ignore[arg-type]
        trees=tuple(model.get("trees", ())),  # type: ignore[arg-type]
        learning_rate=float(model.get("learning_rate", 0.0)),  # type: ignore[arg-type]
    )


def model_path() -> Path:
    return Path(str(resources.files("newsclusters.pipeline") / "models" / MODEL_RESOURCE))


def load_model(path: Path | None = None) -> dict[str, object]:
    with (path or model_path()).open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def default_scorer() -> LineScorer:
    """The committed model, read once per process."""
    return scorer_from_dict(load_model())


def scorer_rule(scorer: LineScorer) -> Rule:
    """The scorer as a page rule under its permanent (reserved, unregistered) name."""
    if RULE_NAME not in OPTIONAL:
        raise RuleError(f"{RULE_NAME} must be reserved in rules.OPTIONAL")
    return Rule(RULE_NAME, f"{REASON[:-1]} (score >= {scorer.threshold:g}).", scorer.find)


def with_line_scorer(scorer: LineScorer | None = None) -> Cleaner:
    """A Cleaner with every registered rule, then the line scorer (the committed one by default)."""
    from newsclusters.pipeline.clean import Cleaner  # clean imports rules, not this module: no cycle either way

    return Cleaner([*RULES.values(), scorer_rule(scorer or default_scorer())])


def data_sha256(paths: Sequence[Path]) -> dict[str, str]:
    """The training files' hashes, recorded in the model so a retrain on other data shows."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}
