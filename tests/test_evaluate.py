"""ROUGE scoring: the same numbers as rouge-score itself, reproducible intervals, precise input errors."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nltk.tokenize.punkt import PunktSentenceTokenizer
from rouge_score import rouge_scorer, tokenizers

from newsclusters.errors import ResearchInputError, ResearchInputErrors
from newsclusters.research.release import iter_clusters
from newsclusters.research.rouge import (
    ROUGE_TYPES,
    Evaluation,
    bootstrap,
    evaluate,
    format_table,
    lsum_text,
    read_numbered_predictions,
    read_predictions,
    rouge_tokens,
    score_pair,
    scorer,
    sentence_tokens,
)
from newsclusters.research.sentences import split_sentences

from conftest import RELEASE

HAND_PAIRS = [  # (prediction, reference): shapes that stress tokenizing, sentence cuts and the LCS
    ("The council approved the budget on Tuesday. The vote was 5-4.",
     "On Tuesday the city council approved its budget.\nThe vote was close: 5 to 4."),
    ("", "A reference with no prediction at all."),
    ("!!! ... ???", "Only punctuation in the prediction."),
    ("the the the the the. The the.", "the cat sat on the mat. The the the."),
    ("Mr. Smith went to Washington. He met Dr. Jones at 3.30 p.m. on Jan. 5.",
     "Mr. Smith met Dr. Jones in Washington on January 5."),
    ("Prices rose 3.5% in 2023, officials said.\n\nThey expect 4% in 2024!",
     "Officials said prices rose 3.5 percent in 2023 and expect 4 percent in 2024."),
    ("Café owners in São Paulo — and İstanbul — protested “unfair” taxes.",
     "Cafe owners protested unfair taxes in Sao Paulo and Istanbul."),
    ("Running runners ran; the runner runs running.", "The runner was running and runs."),
    ("One.", "One."),
    ("Word", "Completely different words here."),
]


def _random_pairs(count: int, seed: int) -> list[tuple[str, str]]:
    """Seeded texts over tiny and larger vocabularies, so tokens repeat and LCS tables have ties."""
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choice("abcdefgh") for _ in range(rng.randint(1, 9))) for _ in range(400)]

    def text(words: int, size: int) -> str:
        sentences, total = [], 0
        while total < words:
            sentence = [rng.choice(vocabulary[:size]) for _ in range(rng.randint(1, 25))]
            sentences.append(" ".join(sentence).capitalize() + rng.choice([".", "!", "?", ";"]))
            total += len(sentence)
        return rng.choice([" ", "\n"]).join(sentences)

    pairs = []
    for _ in range(count):
        size = rng.choice([3, 12, 60, 400])
        pairs.append((text(rng.randint(0, 120), size), text(rng.randint(1, 120), size)))
    return pairs


def _direct(pairs: list[tuple[str, str]]) -> list[dict[str, float]]:
    """rouge-score itself on the same pairs: RougeScorer.score(target, prediction) on lsum_text."""
    reference_scorer = scorer()
    results = []
    for prediction, reference in pairs:
        scores = reference_scorer.score(lsum_text(reference), lsum_text(prediction))
        results.append({kind: scores[kind].fmeasure for kind in ROUGE_TYPES})
    return results


def _as_mappings(pairs: list[tuple[str, str]]) -> tuple[dict[str, str], dict[str, str]]:
    ids = [f"c{i:03d}" for i in range(len(pairs))]
    return ({c: p for c, (p, _) in zip(ids, pairs)}, {c: r for c, (_, r) in zip(ids, pairs)})


@pytest.fixture(scope="module")
def release_pairs() -> list[tuple[str, str]]:
    """Each bundled document (as a prediction) against its cluster's reference summary."""
    return [(doc["text"], row["summary"]) for row in iter_clusters(RELEASE, "test") for doc in row["documents"]]


def test_scorer_is_rouge_score_with_stemming() -> None:
    reference_scorer = scorer()
    assert list(reference_scorer.rouge_types) == list(ROUGE_TYPES) == ["rouge1", "rouge2", "rougeLsum"]
    assert reference_scorer.score("Runners running", "runner runs")["rouge1"].fmeasure == 1.0  # stemmed


@pytest.mark.parametrize("prediction, reference", HAND_PAIRS)
def test_each_pair_scores_exactly_as_rouge_score(prediction: str, reference: str) -> None:
    assert score_pair(prediction, reference) == _direct([(prediction, reference)])[0]


def test_random_pairs_score_exactly_as_rouge_score() -> None:
    pairs = _random_pairs(120, seed=7)
    assert [score_pair(p, r) for p, r in pairs] == _direct(pairs)


def test_evaluate_f_is_the_mean_of_rouge_score_per_pair(release_pairs: list[tuple[str, str]]) -> None:
    pairs = release_pairs + HAND_PAIRS + _random_pairs(20, seed=3)
    predictions, references = _as_mappings(pairs)
    result = evaluate(predictions, references, resamples=200)
    direct = _direct(pairs)
    for kind in ROUGE_TYPES:
        assert result.scores[kind]["f"] == pytest.approx(sum(d[kind] for d in direct) / len(direct), abs=1e-12)
        assert [row[kind] for row in result.per_cluster] == [d[kind] for d in direct]  # ids sort as pairs do
    assert result.clusters == len(pairs)


def test_release_documents_score_as_rouge_score(release_pairs: list[tuple[str, str]]) -> None:
    assert release_pairs, "the bundled release has documents"
    assert [score_pair(p, r) for p, r in release_pairs] == _direct(release_pairs)


def test_tokens_are_rouge_scores_own() -> None:
    default = tokenizers.DefaultTokenizer(use_stemmer=True)
    texts = [p for pair in HAND_PAIRS for p in pair] + [p for pair in _random_pairs(10, seed=5) for p in pair]
    for text in texts:
        assert rouge_tokens(text) == default.tokenize(text)
    sentences = [s for text in texts for s in split_sentences(text)]
    assert sentence_tokens(sentences) == [default.tokenize(s) for s in sentences]
    assert sentence_tokens([]) == []
    assert sentence_tokens(["two\nlines", ""]) == [default.tokenize("two\nlines"), []]


# Sentences of any Unicode (no line breaks, as split_sentences gives them), with letters that lower-case
# to ASCII ('K' KELVIN SIGN, 'İ') and ones rouge-score drops.
_line_free = (st.text(st.characters(exclude_characters="\n"))
              | st.sampled_from(["\u212a", "\u0130stanbul", "Caf\u00e9 3.5%"]))


@given(st.lists(_line_free, max_size=6))
def test_sentence_tokens_are_rouge_scores_own_on_any_text(sentences: list[str]) -> None:
    default = tokenizers.DefaultTokenizer(use_stemmer=True)
    assert sentence_tokens(sentences) == [default.tokenize(s) for s in sentences]


def test_lsum_text_puts_one_sentence_per_line() -> None:
    assert lsum_text("First one. Second one!\n\nThird,  on its own line") == \
        "First one.\nSecond one!\nThird,  on its own line"


def test_interval_contains_the_mean_and_a_seed_repeats_it() -> None:
    predictions, references = _as_mappings(HAND_PAIRS + _random_pairs(30, seed=11))
    first = evaluate(predictions, references, resamples=500, seed=4)
    again = evaluate(predictions, references, resamples=500, seed=4)
    other = evaluate(predictions, references, resamples=500, seed=5)
    assert first == again
    assert json.dumps(first.as_dict()) == json.dumps(again.as_dict())
    for kind in ROUGE_TYPES:
        s = first.scores[kind]
        assert 0 <= s["low"] <= s["f"] <= s["high"] <= 1
        assert s["low"] < s["high"]
        assert other.scores[kind]["f"] == s["f"]
    assert other.scores != first.scores  # only the intervals depend on the seed


def test_bootstrap_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="at least one"):
        bootstrap([])
    with pytest.raises(ValueError, match="resamples"):
        bootstrap([{"rouge1": 0.1, "rouge2": 0.1, "rougeLsum": 0.1}], resamples=0)
    with pytest.raises(ValueError, match="confidence"):
        bootstrap([{"rouge1": 0.1, "rouge2": 0.1, "rougeLsum": 0.1}], confidence=1.0)


def test_one_cluster_has_a_point_interval() -> None:
    result = evaluate({"a": "The cat sat."}, {"a": "A cat sat down."})
    for kind in ROUGE_TYPES:
        assert result.scores[kind]["low"] == result.scores[kind]["f"] == result.scores[kind]["high"]


def test_workers_give_the_same_evaluation() -> None:
    predictions, references = _as_mappings(_random_pairs(70, seed=2))  # more than one chunk of pairs
    assert evaluate(predictions, references, workers=2, resamples=100) == \
        evaluate(predictions, references, workers=1, resamples=100)


def test_as_dict_and_table() -> None:
    predictions, references = _as_mappings(HAND_PAIRS)
    result = evaluate(predictions, references, resamples=100, seed=9)
    data = result.as_dict()
    assert set(data) == {"rouge1", "rouge2", "rougeLsum", "clusters", "prediction_words", "reference_words",
                         "resamples", "seed"}
    assert json.loads(json.dumps(data)) == data
    assert set(data["rouge1"]) == {"f", "low", "high"}
    assert (data["clusters"], data["resamples"], data["seed"]) == (len(HAND_PAIRS), 100, 9)
    assert data["prediction_words"] == sum(len(p.split()) for p, _ in HAND_PAIRS) / len(HAND_PAIRS)
    assert data["reference_words"] == sum(len(r.split()) for _, r in HAND_PAIRS) / len(HAND_PAIRS)
    assert [row["cluster_id"] for row in result.per_cluster] == sorted(predictions)
    assert set(result.per_cluster[0]) == {"cluster_id", "rouge1", "rouge2", "rougeLsum", "words"}
    table = format_table(result)
    r1 = result.scores["rouge1"]
    assert f"ROUGE-1    {r1['f'] * 100:>7.2f}  [{r1['low'] * 100:.2f}, {r1['high'] * 100:.2f}]" in table
    assert "ROUGE-2" in table and "ROUGE-Lsum" in table


# --- read_predictions ---------------------------------------------------------------------------------


def _write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "system.predictions.jsonl"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_read_predictions_skips_blank_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, '\n{"cluster_id": "b", "summary": "Two."}\n  \n{"cluster_id": "a", "summary": ""}\n')
    assert read_predictions(path) == {"b": "Two.", "a": ""}
    assert read_numbered_predictions(path) == {"b": (2, "Two."), "a": (4, "")}


BAD_FILES = {  # case: (file content, line, field, words in the message)
    "empty": ("", None, None, "no predictions"),
    "blank_only": ("\n  \n\n", None, None, "no predictions"),
    "not_json": ('{"cluster_id": "a", "summary": "x"}\n{"cluster_id": "b", summary}\n', 2, None,
                 "invalid JSON at column 21: Expecting property name enclosed in double quotes"),
    "not_an_object": ('["a", "x"]\n', 1, None, "expected a JSON object, got an array"),
    "no_cluster_id": ('{"summary": "x"}\n', 1, "cluster_id", "missing field"),
    "no_summary": ('{"cluster_id": "a", "summary": "x"}\n\n{"cluster_id": "b"}\n', 3, "summary", "missing field"),
    "summary_not_string": ('{"cluster_id": "a", "summary": ["x"]}\n', 1, "summary", "expected a string, got an array"),
    "summary_null": ('{"cluster_id": "a", "summary": null}\n', 1, "summary", "expected a string, got null"),  # as JSON says it
    "cluster_id_not_string": ('{"cluster_id": 7, "summary": "x"}\n', 1, "cluster_id", "non-empty string"),
    "duplicate": ('{"cluster_id": "a", "summary": "x"}\n{"cluster_id": "b", "summary": "y"}\n'
                  '{"cluster_id": "a", "summary": "z"}\n', 3, "cluster_id", "first on line 1"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_read_predictions_names_file_line_and_field(tmp_path: Path, case: str) -> None:
    content, line, field, words = BAD_FILES[case]
    path = _write(tmp_path, content)
    with pytest.raises(ResearchInputError) as caught:
        read_predictions(path)
    err = caught.value
    assert (err.source, err.line, err.field) == (str(path), line, field)
    assert words in str(err)
    assert str(err).startswith(str(path) if line is None else f"{path}:{line}")


def test_read_predictions_not_utf8_and_missing_file(tmp_path: Path) -> None:
    path = _write(tmp_path, b'{"cluster_id": "a", "summary": "x"}\n{"cluster_id": "b", "summary": "\xff"}\n')
    with pytest.raises(ResearchInputError, match="UTF-8") as caught:
        read_predictions(path)
    assert caught.value.line == 2
    with pytest.raises(ResearchInputError, match="cannot read"):
        read_predictions(tmp_path / "absent.jsonl")


def test_duplicate_names_the_record(tmp_path: Path) -> None:
    path = _write(tmp_path, '{"cluster_id": "a", "summary": "x"}\n{"cluster_id": "a", "summary": "z"}\n')
    with pytest.raises(ResearchInputError) as caught:
        read_predictions(path)
    assert caught.value.record == "a"
    assert f"{path}:2, record 'a', field 'cluster_id'" in str(caught.value)


# --- evaluate's coverage errors -----------------------------------------------------------------------


def test_unknown_cluster_names_it_the_line_and_the_split(tmp_path: Path) -> None:
    path = _write(tmp_path, '{"cluster_id": "a", "summary": "x"}\n{"cluster_id": "zzz", "summary": "y"}\n')
    numbered = read_numbered_predictions(path)
    predictions = {c: s for c, (_, s) in numbered.items()}
    with pytest.raises(ResearchInputError) as caught:
        evaluate(predictions, {"a": "Ref."}, source=str(path), split="test",
                 lines={c: n for c, (n, _) in numbered.items()})
    err = caught.value
    assert (err.source, err.line, err.record, err.field) == (str(path), 2, "zzz", "cluster_id")
    assert "'test' split" in str(err)


@pytest.mark.parametrize("written", [" story-a", "Story-A", "STORY-A\t"])
def test_an_id_written_with_other_case_or_spaces_is_pointed_to_its_cluster(written: str) -> None:
    with pytest.raises(ResearchInputErrors) as caught:
        evaluate({written: "x"}, {"story-a": "Ref.", "story-b": "Ref."}, source="sys.jsonl", split="test")
    assert f"record {written!r}, field 'cluster_id': unknown cluster: not in the 'test' split; did you mean " \
           "'story-a'?" in str(caught.value)


def test_missing_predictions_list_the_first_ids_and_the_count() -> None:
    references = {f"c{i:02d}": "Ref." for i in range(12)}
    with pytest.raises(ResearchInputError) as caught:
        evaluate({"c03": "x"}, references, source="sys.jsonl", split="validation")
    message = str(caught.value)
    assert caught.value.source == "sys.jsonl" and caught.value.field == "cluster_id"
    assert "11 of the 12 clusters of the 'validation' split have no prediction" in message
    assert "'c00', 'c01', 'c02', 'c04', 'c05' and 6 more" in message
    with pytest.raises(ResearchInputError, match="1 of the 12 clusters of the 'validation' split has no prediction: 'c11'"):
        evaluate({c: "x" for c in list(references)[:11]}, references, source="sys.jsonl", split="validation")
    with pytest.raises(ResearchInputError, match="1 of the 1 cluster of the 'test' split has no prediction: 'c00'"):
        evaluate({}, {"c00": "Ref."}, source="sys.jsonl", split="test")


def test_nothing_to_score() -> None:
    with pytest.raises(ResearchInputError, match="no references"):
        evaluate({}, {})


def test_evaluation_is_frozen() -> None:
    result = evaluate({"a": "x"}, {"a": "x"}, resamples=10)
    assert isinstance(result, Evaluation)
    with pytest.raises(AttributeError):
        result.clusters = 2  # type: ignore[misc]


# --- sentences --------------------------------------------------------------------------------------


def test_split_sentences_cuts_lines_then_sentences() -> None:
    text = "First paragraph. It has two sentences!\n\n  \nSecond paragraph without a stop\nA question? Yes."
    assert split_sentences(text) == ["First paragraph.", "It has two sentences!", "Second paragraph without a stop",
                                     "A question?", "Yes."]
    assert split_sentences("") == [] and split_sentences(" \n\t\n") == []


def test_split_sentences_is_untrained_punkt() -> None:
    """Documented difference from nltk.sent_tokenize's English model: no known abbreviations."""
    assert split_sentences("Mr. Smith arrived. He sat.") == ["Mr.", "Smith arrived.", "He sat."]
    assert split_sentences('He said "Stop." Then he left.') == ['He said "Stop."', "Then he left."]
    assert split_sentences("It rose 3.5 percent.") == ["It rose 3.5 percent."]


# Words, marks and white space punkt decides on, and any text between them.
_sentence_texts = st.lists(st.sampled_from([
    "Mr.", "Smith", "U.S.", "J.", "3.5", "5.", "said.", "He", "the", "end?", "Yes!", "(Sent.)", '"Stop."', "...",
    "a.m.", "etc.", "No", ".", "?!", ")", "-", "", " ", "\n", "\n\n", "\t", "\u2028", "Wow!!!", "e.g.", "x."])
    | st.text(max_size=6), max_size=40).map(" ".join)


@given(_sentence_texts)
def test_split_sentences_equals_plain_punkt(text: str) -> None:
    """Neither the memo of break verdicts nor the lines punkt is spared change a sentence: the cuts of a
    fresh untrained tokenizer on every non-blank line."""
    fresh = PunktSentenceTokenizer()
    expected = [s.strip() for line in text.splitlines() if line.strip() for s in fresh.tokenize(line) if s.strip()]
    assert split_sentences(text) == expected
    assert split_sentences(text) == expected  # again, every verdict from the memo


def test_the_letters_rouge_cannot_see_are_counted() -> None:
    from newsclusters.research.rouge import unscored_letters

    found = unscored_letters(["Größere Flut in València", "日本語", "plain words 42", ""])
    assert (found.dropped, found.total, found.examples) == (6, 36, "ößè日本")
    assert found.share == 6 / 36 and unscored_letters([]).share == 0.0
    # Why it is said: rouge-score scores two summaries that differ only in those letters as the same one.
    scorer = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True)
    assert scorer.score("Flut in Japan: 日本語の要約", "Flut in Japan: 全く違う文")["rouge1"].fmeasure == 1.0


def test_the_bootstrap_in_chunks_gives_the_intervals_of_one_draw_of_all() -> None:
    """Memory stays flat on a large split, and the intervals are the ones all the draws at once give (what
    earlier versions computed), for a chunk of one resample, of a few, or of all."""
    import numpy as np

    rng = random.Random(3)
    per_pair = [{kind: rng.random() for kind in ROUGE_TYPES} for _ in range(37)]
    draws = np.random.default_rng(9).integers(0, 37, size=(301, 37))
    tail = (1 - 0.95) / 2 * 100
    expected = {}
    for kind in ROUGE_TYPES:
        values = np.asarray([pair[kind] for pair in per_pair])
        low, high = np.percentile(values[draws].mean(axis=1), [tail, 100 - tail])
        expected[kind] = {"f": float(values.mean()), "low": float(low), "high": float(high)}
    for chunk in (1, 37 * 3, 37 * 7 + 5, 10**9):
        assert bootstrap(per_pair, resamples=301, seed=9, chunk_draws=chunk) == expected
