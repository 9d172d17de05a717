"""Train the line scorer (`newsclusters.pipeline.line_scorer`) on the bench's gold pages; write its JSON weights.

    python benchmarks/train_line_scorer.py GOLD.jsonl [GOLD2.jsonl ...] [--folds 5] [--out PATH]

Each gold file is a corpus of its own, as in a build: the count pass runs over it, every rule
cleans every page, and the lines the rules kept become training rows (`page_features`), labelled
boilerplate when fewer than 70% of their tokens are gold tokens of the page (`line_oracle`'s
test). Rows are weighted by their token count, since the metrics count tokens.

The model class (logistic regression or gradient-boosted trees) and the removal threshold are
chosen by host-grouped cross-validation (folds by `site_of`, as in `benchmarks/cleaning.py
--cv-folds`): out-of-fold scores of every line give, per threshold, each held-out fold's tok_F1 and
content deletion; the threshold kept is the one with the best mean F1 (light and heavy) among those
whose mean content deletion stays within CONTENT_DEL_BUDGET of the rules' own on every file. The
final model is fitted on all pages. scikit-learn (the `bench` extra) is needed only here.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cleaning  # noqa: E402  (the bench's metrics, folds and loader)

from newsclusters.pipeline.clean import Cleaner, count_lines  # noqa: E402
from newsclusters.pipeline.line_scorer import (  # noqa: E402
    FEATURES,
    MODEL_FORMAT,
    RULE_NAME,
    LineScorer,
    data_sha256,
    model_path,
    page_features,
    scorer_from_dict,
    with_line_scorer,
)
from newsclusters.pipeline.rules import RULES, Page, Rule  # noqa: E402

SEED = 20261204
GOLD_SHARE = 0.7  # a line with at least this share of gold tokens is article text (the line oracle's test)
# The probabilities tried for the removal threshold: finer where precision is bought.
THRESHOLDS = tuple(round(0.5 + 0.01 * k, 3) for k in range(45)) + tuple(round(0.95 + 0.005 * k, 3) for k in range(10))
CONTENT_DEL_BUDGET = 0.001  # extra content deletion allowed over the rules alone (mean over folds, per file)
CONTENT_DEL_MAX = 0.010  # and never above this mean
MODELS = ("logistic", "trees")


@dataclass(frozen=True)
class PageRows:
    """One gold page after the rules: the kept lines, their features and labels."""

    gold: str
    raw: str
    site: str
    corpus: int  # which gold file (light, heavy): the metrics are reported per file
    kept: tuple[str, ...]  # the lines the rules kept, in order
    features: np.ndarray  # one row per kept line
    labels: np.ndarray  # 1 = boilerplate
    tokens: np.ndarray  # token count of each kept line


def rule_pages(pages: Sequence[dict]) -> list[Page]:
    """Each page as the rules leave it (count pass over `pages`, as a build does over its corpus)."""
    captured: list[Page] = []

    def capture(page: Page) -> list[int]:
        captured.append(page)
        return []

    rules = [*RULES.values(), Rule("capture_v1", "Training capture.", capture)]
    cleaner = Cleaner(rules)
    counts = count_lines(p["raw_text"] for p in pages)
    out: list[Page] = []
    for page in pages:
        captured.clear()
        cleaner.clean(page["raw_text"], counts)
        out.append(captured[0] if captured else Page((), ()))
    return out


def line_label(line: str, gold: Counter[str]) -> int:
    """1 when fewer than GOLD_SHARE of the line's tokens are gold tokens of the page."""
    tokens = Counter(cleaning.TOKEN.findall(line))
    total = sum(tokens.values())
    return int(total == 0 or sum((tokens & gold).values()) < GOLD_SHARE * total)


def page_rows(pages: Sequence[dict], corpus: int) -> list[PageRows]:
    """Training rows of one corpus (a gold file, or the part of it being fitted on)."""
    out = []
    for page, seen in zip(pages, rule_pages(pages)):
        kept = [i for i in range(len(seen.lines)) if i not in seen.removed]
        gold = Counter(cleaning.TOKEN.findall(page["gold_text"] or ""))
        lines = tuple(seen.lines[i] for i in kept)
        features = page_features(seen, kept)
        out.append(PageRows(
            gold=page["gold_text"], raw=page["raw_text"], site=cleaning.site_of(page), corpus=corpus, kept=lines,
            features=features,
            labels=np.array([line_label(line, gold) for line in lines], dtype=np.int64),
            tokens=np.array([len(cleaning.TOKEN.findall(line)) for line in lines], dtype=np.float64),
        ))
    return out


def stack(rows: Sequence[PageRows]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    features = np.vstack([r.features for r in rows]) if rows else np.zeros((0, len(FEATURES)))
    return features, np.concatenate([r.labels for r in rows]), np.concatenate([r.tokens for r in rows])


def fit(kind: str, rows: Sequence[PageRows], seed: int = SEED) -> dict[str, object]:
    """Fit one model class on the rows; its weights as the JSON fields `scorer_from_dict` reads."""
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression

    x, y, w = stack(rows)
    weight = np.maximum(w, 1.0)
    if kind == "logistic":
        mean, scale = x.mean(axis=0), x.std(axis=0)
        scale[scale == 0] = 1.0
        model = LogisticRegression(C=1.0, max_iter=2000, random_state=seed)
        model.fit((x - mean) / scale, y, sample_weight=weight)
        return {"kind": kind, "mean": mean.tolist(), "scale": scale.tolist(), "coef": model.coef_[0].tolist(),
                "intercept": float(model.intercept_[0])}
    model = GradientBoostingClassifier(n_estimators=150, max_depth=3, learning_rate=0.1, subsample=0.8,
                                       random_state=seed)
    model.fit(x, y, sample_weight=weight)
    prior = float(np.average(y, weights=weight))
    trees = []
    for estimator in model.estimators_[:, 0]:
        t = estimator.tree_
        trees.append({"feature": t.feature.tolist(), "threshold": t.threshold.tolist(),
                      "left": t.children_left.tolist(), "right": t.children_right.tolist(),
                      "value": [round(v, 9) for v in t.value[:, 0, 0].tolist()]})
    weights = {"kind": kind, "intercept": float(np.log(prior / (1 - prior))), "learning_rate": model.learning_rate,
               "trees": trees}
    worst = float(np.abs(as_scorer(weights, 1.0).scores(x) - model.predict_proba(x)[:, 1]).max())
    if worst > 1e-6:
        raise SystemExit(f"the exported trees disagree with scikit-learn's (largest difference {worst:.2g})")
    return weights


def as_scorer(weights: dict[str, object], threshold: float) -> LineScorer:
    return scorer_from_dict({"format": MODEL_FORMAT, "features": list(FEATURES), "threshold": threshold, **weights})


def texts_at(rows: Sequence[PageRows], scores: Sequence[np.ndarray], threshold: float | None) -> list[str]:
    """Each page's cleaned text with the scorer removing lines at or above `threshold` (None: rules alone)."""
    return ["\n".join(line for line, s in zip(r.kept, p) if threshold is None or s < threshold)
            for r, p in zip(rows, scores)]


def metrics(rows: Sequence[PageRows], texts: Sequence[str]) -> dict[str, float]:
    return cleaning.aggregate([cleaning.page_counts(r.gold, r.raw, t) for r, t in zip(rows, texts)])


def out_of_fold(kind: str, rows: Sequence[PageRows], folds: int) -> list[np.ndarray]:
    """Each page's line scores from a model fitted on the other folds' sites."""
    fold = [cleaning.fold_of(r.site, folds) for r in rows]
    scores: list[np.ndarray] = [np.zeros(0)] * len(rows)
    for k in range(folds):
        train = [r for r, f in zip(rows, fold) if f != k]
        scorer = as_scorer(fit(kind, train), 1.0)
        for n, (r, f) in enumerate(zip(rows, fold)):
            if f == k:
                scores[n] = scorer.scores(r.features) if len(r.kept) else np.zeros(0)
    return scores


def fold_table(rows: Sequence[PageRows], scores: Sequence[np.ndarray], folds: int,
               threshold: float | None) -> dict[int, list[dict[str, float]]]:
    """Per corpus, the held-out fold metrics at one threshold."""
    out: dict[int, list[dict[str, float]]] = {}
    for corpus in sorted({r.corpus for r in rows}):
        per_fold = []
        for k in range(folds):
            chosen = [(r, s) for r, s in zip(rows, scores)
                      if r.corpus == corpus and cleaning.fold_of(r.site, folds) == k]
            if chosen:
                part, part_scores = zip(*chosen)
                per_fold.append(metrics(part, texts_at(part, part_scores, threshold)))
        out[corpus] = per_fold
    return out


def choose_threshold(rows: Sequence[PageRows], scores: Sequence[np.ndarray], folds: int) -> tuple[float, float]:
    """The threshold with the best mean held-out tok_F1 whose content deletion stays within budget; its F1."""
    base = fold_table(rows, scores, folds, None)
    limit = {c: min(CONTENT_DEL_MAX, statistics.mean(m["content_del"] for m in v) + CONTENT_DEL_BUDGET)
             for c, v in base.items()}
    best = (1.01, statistics.mean(statistics.mean(m["tok_F1"] for m in v) for v in base.values()))
    for threshold in THRESHOLDS:
        table = fold_table(rows, scores, folds, threshold)
        if any(statistics.mean(m["content_del"] for m in v) > limit[c] for c, v in table.items()):
            continue
        f1 = statistics.mean(statistics.mean(m["tok_F1"] for m in v) for v in table.values())
        if f1 > best[1]:
            best = (threshold, f1)
    return best


def train_rows(files: Sequence[Sequence[dict]]) -> list[PageRows]:
    return [row for corpus, pages in enumerate(files) for row in page_rows(pages, corpus)]


def fit_with_threshold(kind: str, rows: Sequence[PageRows], folds: int) -> LineScorer:
    """The recipe: threshold by grouped CV on `rows`, then the model fitted on all of them."""
    threshold, _ = choose_threshold(rows, out_of_fold(kind, rows, folds), folds)
    return as_scorer(fit(kind, rows), threshold)


def fold_cleaner_for(kind: str, folds: int = 4) -> Callable[[list[list[dict]], list[dict]], list[str]]:
    """For `cleaning.py --cv-folds --cv-scorer`: fit the recipe on the training folds (threshold by an
    inner grouped CV on them), then clean the held-out pages with the rules and that scorer."""
    fitted: dict[tuple[str, ...], LineScorer] = {}

    def clean(train: list[list[dict]], test: list[dict]) -> list[str]:
        key = tuple(p["id"] for pages in train for p in pages)
        if key not in fitted:
            fitted[key] = fit_with_threshold(kind, train_rows(train), folds)
        return cleaning.run_cleaner(test, with_line_scorer(fitted[key]))

    return clean


def library_versions() -> dict[str, str]:
    import sklearn

    return {"python": platform.python_version(), "numpy": np.__version__, "scikit-learn": sklearn.__version__}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="+", type=Path)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=model_path())
    parser.add_argument("--kind", choices=MODELS, help="skip the model-class choice")
    args = parser.parse_args(argv)

    files = [cleaning.load(p) for p in args.gold]
    rows = train_rows(files)
    x, y, w = stack(rows)
    share = w[y == 1].sum() / w.sum()
    print(f"{len(rows)} pages, {len(y)} kept lines, {int(y.sum())} boilerplate ({share:.1%} of their tokens)")
    results = {}
    for kind in ([args.kind] if args.kind else MODELS):
        scores = out_of_fold(kind, rows, args.folds)
        threshold, f1 = choose_threshold(rows, scores, args.folds)
        table = fold_table(rows, scores, args.folds, threshold if threshold <= 1 else None)
        results[kind] = {"threshold": threshold, "mean_f1": f1, "folds": {
            args.gold[c].name: {m: [round(v[m], 4) for v in per] for m in cleaning.COLUMNS[1:]}
            for c, per in table.items()}}
        print(f"{kind}: threshold {threshold}, mean held-out tok_F1 {f1:.4f}")
        for c, per in table.items():
            print("  " + args.gold[c].name + ": " + ", ".join(
                f"{m} {statistics.mean(v[m] for v in per):.3f}" for m in cleaning.COLUMNS[1:]))
    kind = max(results, key=lambda k: results[k]["mean_f1"])
    threshold = results[kind]["threshold"]
    model = {
        "format": MODEL_FORMAT, "rule": RULE_NAME, "features": list(FEATURES), "threshold": threshold,
        **fit(kind, rows),
        "training": {
            "command": "python benchmarks/train_line_scorer.py " + " ".join(
                f"{p.parent.name}/{p.name}" for p in args.gold) + f" --folds {args.folds}",
            "seed": SEED, "versions": library_versions(), "data_sha256": data_sha256(args.gold),
            "pages": len(rows), "lines": int(len(y)), "gold_share": GOLD_SHARE,
            "content_del_budget": CONTENT_DEL_BUDGET, "cv": results,
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, separators=(",", ":"), sort_keys=False) + "\n", encoding="utf-8")
    print(f"chose {kind} (threshold {threshold}); wrote {args.out} ({args.out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
