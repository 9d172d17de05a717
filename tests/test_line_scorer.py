"""The learned line scorer: its features on hand-made lines, its committed model file, its removals."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

from newsclusters.errors import RuleError
from newsclusters.pipeline.clean import Cleaner, count_lines
from newsclusters.pipeline.line_scorer import (
    FEATURES,
    MODEL_FORMAT,
    RULE_NAME,
    LineScorer,
    default_scorer,
    line_shape,
    load_model,
    model_path,
    page_features,
    scorer_from_dict,
    short_runs,
    with_line_scorer,
)
from newsclusters.pipeline.rules import OPTIONAL, RULES, Page, line_rule

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"  # beside the checkout, as in CI
SHAPE = ("log_words", "log_chars", "punct_share", "digit_share", "capitalised_share", "stop_share", "link_share",
         "starts_lower", "label_colon", "pipe_or_bullet", "ellipsis_end")

ARTICLE = [
    "The city council voted on Tuesday to close the Harbour Bridge for six months of repairs, after engineers found "
    "deep cracks in two of its main supports.",
    "The closure will begin in March, and drivers will be sent over the river by the old ferry road, which the "
    "council said would add about twenty minutes to most trips.",
    "Residents who spoke at the meeting were divided, with shop owners near the bridge warning that they would lose "
    "customers while the work went on.",
    "The repairs are expected to cost about 12 million dollars, most of it paid by the regional government.",
    "The mayor said the council had no choice.",
]


def shape(line: str) -> dict[str, float]:
    return dict(zip(SHAPE, line_shape(line)))


# --- features ----------------------------------------------------------------------------------


def test_a_share_bar_is_link_words_and_a_sentence_is_stop_words() -> None:
    bar, sentence = shape("Share | Tweet | Email"), shape(ARTICLE[0])
    assert shape("Share Tweet Email")["link_share"] == 1.0  # shares of the line's space-separated tokens
    assert bar["link_share"] == 3 / 5 and bar["stop_share"] == 0.0 and bar["pipe_or_bullet"] == 1.0
    assert sentence["stop_share"] > 0.3 and sentence["link_share"] == 0.0 and sentence["pipe_or_bullet"] == 0.0
    assert bar["punct_share"] > sentence["punct_share"]


def test_line_shape_reads_labels_ellipses_digits_and_capitals() -> None:
    assert shape("Topics: Fashion, Kim Kardashian")["label_colon"] == 1.0
    assert shape("He said: no")["label_colon"] == 0.0  # a label is the line's first word
    assert shape("Read the whole story...")["ellipsis_end"] == 1.0
    assert shape("2019-11-19 08:38")["digit_share"] > 0.7
    assert shape("Police Identify Man Found Dead")["capitalised_share"] == 1.0
    assert shape("and then it rained")["starts_lower"] == 1.0
    assert shape("one two three")["log_words"] == pytest.approx(np.log1p(3))


def test_short_runs_measure_the_run_of_non_prose_lines_around_each_line() -> None:
    assert short_runs([True, False, False, True, False]) == [0, 2, 2, 0, 1]
    assert short_runs([]) == []


def test_page_features_place_lines_around_the_article_span() -> None:
    page = Page.from_blocks([["Home", "News"], ARTICLE[:4], ["View all local news"]])
    rows = page_features(page)
    assert rows.shape == (len(page.lines), len(FEATURES))
    column = {name: rows[:, k] for k, name in enumerate(FEATURES)}
    assert column["in_span"].tolist() == [0, 0, 1, 1, 1, 1, 0]
    assert column["log_above_span"][0] == pytest.approx(np.log1p(2))
    assert column["log_below_span"][6] == pytest.approx(np.log1p(1))
    assert column["log_short_run"][0] == pytest.approx(np.log1p(2)) and column["log_short_run"][3] == 0.0
    assert column["position"][0] == 0.0 and column["position"][-1] == 1.0
    # only the asked-for lines, in the asked-for order, with the same values
    assert np.array_equal(page_features(page, [6, 0]), rows[[6, 0]])


def test_the_corpus_repetition_and_the_rules_removals_are_features() -> None:
    lines = ("Home", ARTICLE[0], ARTICLE[1])
    counts = count_lines(["Home\nsomething else", "Home", "Home", ARTICLE[0]])
    page = Page(lines, (0, 1, 2), removed={0: "share_social_v13"}, line_counts=counts)
    column = {name: page_features(page)[:, k] for k, name in enumerate(FEATURES)}
    assert column["repeat"][0] > 0 and column["repeat"][2] == 0.0  # 'Home' is in 4 documents, ARTICLE[1] in none
    assert column["prev_removed"].tolist() == [0, 1, 0] and column["page_removed_share"][0] == pytest.approx(1 / 3)


# --- the model file ----------------------------------------------------------------------------


def test_the_committed_model_loads_with_its_training_record() -> None:
    model = load_model()
    assert model["format"] == MODEL_FORMAT and model["rule"] == RULE_NAME and tuple(model["features"]) == FEATURES
    training = model["training"]
    assert "train_line_scorer.py" in training["command"] and isinstance(training["seed"], int)
    assert {"python", "numpy", "scikit-learn"} <= set(training["versions"])
    assert set(training["data_sha256"]) == {"light.jsonl", "heavy.jsonl"}
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in training["data_sha256"].values())
    assert 0.5 <= model["threshold"] <= 1.0
    assert model_path().stat().st_size < 200_000  # small enough to sit in the package


@pytest.mark.skipif(not BENCH.is_dir(), reason="the bench's gold files are not on this machine")
def test_the_model_was_trained_on_the_bench_files_as_they_are() -> None:
    recorded = load_model()["training"]["data_sha256"]
    assert recorded == {name: hashlib.sha256((BENCH / name).read_bytes()).hexdigest() for name in recorded}


def test_a_model_of_another_format_or_feature_list_is_refused() -> None:
    model = load_model()
    with pytest.raises(RuleError, match="format"):
        scorer_from_dict({**model, "format": "something/0"})
    with pytest.raises(RuleError, match="feature list"):
        scorer_from_dict({**model, "features": list(FEATURES[:-1])})


def test_tree_and_logistic_inference_by_hand() -> None:
    # One stump: feature 0 <= 0.5 -> leaf value -2, else +2; intercept 0, learning rate 1.
    stump = {"feature": [0, -2, -2], "threshold": [0.5, -2.0, -2.0], "left": [1, -1, -1], "right": [2, -1, -1],
             "value": [0.0, -2.0, 2.0]}
    trees = LineScorer("trees", 0.5, trees=(stump,), learning_rate=1.0)
    x = np.zeros((2, len(FEATURES)))
    x[1, 0] = 1.0
    assert trees.scores(x) == pytest.approx(1 / (1 + np.exp([2.0, -2.0])))
    n = len(FEATURES)
    logistic = LineScorer("logistic", 0.5, mean=(0.0,) * n, scale=(1.0,) * n, coef=(1.0,) + (0.0,) * (n - 1))
    assert logistic.scores(x) == pytest.approx([0.5, 1 / (1 + np.exp(-1.0))])


# --- the rule ----------------------------------------------------------------------------------


def page(*tail: str) -> str:
    return "\n\n".join(["Council Closes Harbour Bridge", *ARTICLE, *tail])


def test_its_removals_are_listed_under_its_name_and_a_near_miss_is_kept() -> None:
    stamp = "First Published: Tuesday, November 19, 2019 08:38 AM"  # timestamp_v1 removes it: a removed neighbour
    cleaned = with_line_scorer().clean(page(stamp, "View all local news"))
    assert [(r.rule, r.text) for r in cleaned.removed if r.rule == RULE_NAME] == [(RULE_NAME, "View all local news")]
    assert cleaned.text.split("\n") == ARTICLE  # the short last sentence of the article stays


def test_clean_explain_shows_its_removals_when_asked_for(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from newsclusters.cli import main

    source = tmp_path / "page.txt"
    source.write_text(page("First Published: Tuesday, November 19, 2019 08:38 AM", "View all local news"), "utf-8")
    assert main(["clean", "--explain", str(source)]) == 0
    assert RULE_NAME not in capsys.readouterr().out
    assert main(["clean", "--explain", "--line-scorer", str(source)]) == 0
    assert f"{RULE_NAME:<36} View all local news" in capsys.readouterr().out


def test_without_the_page_around_it_the_same_line_is_kept() -> None:
    cleaned = with_line_scorer().clean(page("View all local news"))
    assert RULE_NAME not in {r.rule for r in cleaned.removed} and cleaned.text.endswith("View all local news")


def test_it_is_off_by_default_and_its_name_is_reserved() -> None:
    assert RULE_NAME in OPTIONAL and RULE_NAME not in RULES
    assert RULE_NAME not in {r.name for r in Cleaner().rules}
    assert RULE_NAME in {r.name for r in with_line_scorer().rules}
    with pytest.raises(RuleError, match="reserved"):
        line_rule(RULE_NAME, "Reused.", start=r"x")


def test_scores_are_deterministic_and_the_threshold_is_the_models() -> None:
    scorer = default_scorer()
    lines = Page.from_blocks([ARTICLE, ["View all local news"]])
    assert scorer.line_scores(lines) == scorer.line_scores(lines)
    assert scorer.threshold == load_model()["threshold"]
