"""Lead, Random and the greedy Oracle: their rules, determinism, and the files `write_baselines` leaves."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newsclusters.errors import ResearchInputError
from newsclusters.release.build import build_release
from newsclusters.research.baselines import (
    BASELINES,
    baseline_evaluations,
    document_sentences,
    join,
    lead,
    lead_sentences,
    oracle,
    oracle_indices,
    predict,
    predict_all,
    predict_and_score,
    prepare_chosen,
    random_baseline,
    run_and_score,
    run_baselines,
    seed_of,
    write_baselines,
)
from newsclusters.research.release import iter_clusters
from newsclusters.research.rouge import evaluate, prepare, read_predictions, score_pair, sentence_tokens

from conftest import RELEASE, split_rows, tree_bytes, write_cluster

CLUSTERS = {  # cluster id -> (documents, reference): small hand-written multi-document stories
    "harbour-fire": ([
        "A fire broke out at a warehouse on the harbour on Monday night. Residents saw smoke for miles.\n"
        "Firefighters from three towns fought the blaze until dawn. Nobody was hurt, the fire service said.\n"
        "The warehouse stored fishing nets and rope. The owner said the damage would cost millions.",
        "Smoke rose over the harbour after the warehouse fire. Police closed the coast road overnight.\n"
        "Investigators said an electrical fault was the likely cause. The road reopened on Tuesday morning.",
        "Local fishermen fear for their season after losing their nets in the fire.\n"
        "The harbour master said boats could still use the port. A fund for the fishermen has been opened.",
    ], "A warehouse fire on the harbour on Monday night destroyed nets and rope but nobody was hurt. "
       "Investigators blamed an electrical fault. Fishermen fear for their season and a fund has been opened."),
    "council-budget": ([
        "The city council met on Tuesday evening. Members debated for four hours.\n"
        "The budget passed by five votes to four. It raises spending on schools by ten percent.",
        "Opposition members said the budget cuts bus services. The mayor defended the plan.\n"
        "Parents welcomed the extra money for schools. Teachers' unions called it a good first step.",
        "Bus riders protested outside the town hall before the vote. Several routes will end in June.",
    ], "The council passed the budget by five votes to four, raising school spending by ten percent. "
       "Bus routes will be cut in June, which riders protested before the vote."),
    "storm-power": ([
        "A storm swept across the region overnight. Winds reached ninety miles an hour on the coast.\n"
        "About forty thousand homes lost power. Crews expect to restore most supplies by Friday.",
        "Trains were cancelled across the north on Wednesday. Fallen trees blocked several lines.\n"
        "The rail operator advised people not to travel. Services should resume on Thursday.",
        "Schools closed in three counties because of the storm. Forecasters warned of more rain at the weekend.",
    ], "A storm with ninety mile an hour winds cut power to forty thousand homes and cancelled trains "
       "across the north. Schools closed in three counties and more rain is forecast for the weekend."),
    "museum-theft": ([
        "Thieves broke into the city museum early on Sunday. They took three gold coins from a display.\n"
        "Alarms sounded at four in the morning. Guards found a broken window at the back of the building.",
        "Police released images of two suspects on Monday. Both wore dark clothes and masks.\n"
        "The coins date from the Roman period. Experts say they are worth about a million euros.",
        "The museum will stay closed until Wednesday. Its director thanked the public for their support.",
    ], "Thieves took three Roman gold coins worth about a million euros from the city museum on Sunday. "
       "Police released images of two masked suspects and the museum stays closed until Wednesday."),
}


def _row(cluster_id: str) -> dict:
    documents, reference = CLUSTERS[cluster_id]
    return {"cluster_id": cluster_id, "summary": reference,
            "documents": [{"doc_id": f"{cluster_id}/{i:03d}", "text": text} for i, text in enumerate(documents)]}


def _mean_r12(prediction: str, reference: str) -> float:
    scores = score_pair(prediction, reference)
    return (scores["rouge1"] + scores["rouge2"]) / 2


def _words(text: str) -> int:
    return len(text.split())


# --- Lead ---------------------------------------------------------------------------------------------


def test_lead_takes_first_sentences_in_turn_and_stops_after_reaching_the_length() -> None:
    documents = ["A1 one two. A2 one two three.", "B1 one.\nB2 one two.", "C1 one two three four."]
    assert lead(documents, 10).split("\n") == ["A1 one two.", "B1 one.", "C1 one two three four."]  # 3+2+5 words
    assert lead(documents, 11).split("\n") == ["A1 one two.", "B1 one.", "C1 one two three four.",
                                               "A2 one two three."]
    assert lead(documents, 3) == "A1 one two."  # exactly reached by the first sentence
    assert lead(documents, 0) == ""


def test_lead_returns_everything_when_documents_run_out() -> None:
    documents = ["One two. Three four.", "Five six."]
    assert lead(documents, 1000).split("\n") == ["One two.", "Five six.", "Three four."]


@pytest.mark.parametrize("cluster_id", sorted(CLUSTERS))
def test_lead_length_rule_on_clusters(cluster_id: str) -> None:
    documents, reference = CLUSTERS[cluster_id]
    target = _words(reference)
    sentences = lead_sentences(document_sentences(documents), target)
    total = sum(_words(s) for s in sentences)
    assert total >= target
    assert total - _words(sentences[-1]) < target  # the last sentence is the one that reached it


# --- Random -------------------------------------------------------------------------------------------


def test_random_is_deterministic_per_key_and_differs_between_keys() -> None:
    documents = [" ".join(f"Sentence {d}-{i} has words." for i in range(12)) for d in range(4)]
    first = random_baseline(documents, 40, "cluster-a")
    assert first == random_baseline(documents, 40, "cluster-a")
    others = {random_baseline(documents, 40, f"cluster-{k}") for k in "bcdef"}
    assert first not in others and len(others) > 1
    assert seed_of("cluster-a") == seed_of("cluster-a") != seed_of("cluster-b")


def test_random_keeps_source_order_and_the_length_rule() -> None:
    documents = [" ".join(f"Doc{d} sentence {i:02d} here." for i in range(10)) for d in range(3)]
    flat = [s for doc in document_sentences(documents) for s in doc]
    chosen = random_baseline(documents, 25, "x").split("\n")
    positions = [flat.index(s) for s in chosen]
    assert positions == sorted(positions)
    total = sum(_words(s) for s in chosen)
    assert total >= 25 and total - min(_words(s) for s in chosen) < 25


def test_seed_of_does_not_depend_on_python_hash() -> None:
    assert seed_of("harbour-fire") == 17819980556465467786  # pinned: a change re-draws every Random summary


# --- Oracle -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cluster_id", sorted(CLUSTERS))
def test_oracle_scores_at_least_lead(cluster_id: str) -> None:
    documents, reference = CLUSTERS[cluster_id]
    oracle_score = _mean_r12(oracle(documents, reference), reference)
    assert oracle_score >= _mean_r12(lead(documents, _words(reference)), reference)
    assert oracle_score >= _mean_r12(random_baseline(documents, _words(reference), cluster_id), reference)


def test_oracle_on_the_bundled_cluster_beats_lead(seed_release: Path) -> None:
    (row,) = iter_clusters(seed_release, "test")
    assert _mean_r12(predict("oracle", row), row["summary"]) > _mean_r12(predict("lead", row), row["summary"])


def test_oracle_keeps_source_order_and_picks_a_copied_sentence() -> None:
    documents = ["Cats sleep a lot. The mayor resigned on Friday.", "Dogs bark at night. Rain is due later."]
    assert oracle(documents, "The mayor resigned on Friday.") == "The mayor resigned on Friday."
    picked = oracle(documents, "Rain is due later. Cats sleep a lot.").split("\n")
    assert picked == ["Cats sleep a lot.", "Rain is due later."]
    assert oracle(documents, "Nothing in common whatsoever") == ""


def _naive_greedy(sentences: list[list[str]], reference: list[str]) -> list[int]:
    """The textbook greedy oracle: recount every sentence every step, first best on ties."""
    ref1, ref2 = Counter(reference), Counter(zip(reference, reference[1:]))
    r1, r2 = len(reference), max(len(reference) - 1, 0)
    chosen: list[int] = []
    current = 0.0
    while True:
        best, best_at = current, -1
        for index, tokens in enumerate(sentences):
            if index in chosen:
                continue
            picked = [t for i in chosen for t in sentences[i]] + tokens
            uni = Counter(picked)
            bi = Counter(b for i in [*chosen, index] for b in zip(sentences[i], sentences[i][1:]))
            o1 = sum(min(c, ref1[g]) for g, c in uni.items())
            o2 = sum(min(c, ref2[g]) for g, c in bi.items())
            n1, n2 = sum(uni.values()), sum(bi.values())
            score = o1 / max(n1 + r1, 1) + o2 / max(n2 + r2, 1)
            if score > best:
                best, best_at = score, index
        if best_at < 0:
            return sorted(chosen)
        chosen.append(best_at)
        current = best


def test_oracle_chooses_what_the_naive_greedy_chooses() -> None:
    rng = random.Random(12)
    for _ in range(400):
        vocabulary = [f"w{i}" for i in range(rng.choice([3, 6, 20, 80]))]
        sentences = [[rng.choice(vocabulary) for _ in range(rng.randint(0, 12))] for _ in range(rng.randint(0, 25))]
        reference = [rng.choice(vocabulary) for _ in range(rng.randint(0, 40))]
        assert oracle_indices(sentences, reference) == _naive_greedy(sentences, reference)


# --- predict / run --------------------------------------------------------------------------------------


def test_predict_all_matches_each_baseline_alone() -> None:
    row = _row("storm-power")
    documents, reference = CLUSTERS["storm-power"]
    expected = {"lead": lead(documents, _words(reference)),
                "random": random_baseline(documents, _words(reference), "storm-power"),
                "oracle": oracle(documents, reference)}
    assert predict_all(row) == expected
    assert {name: predict(name, row) for name in BASELINES} == expected
    summaries, scores = predict_and_score(row)
    assert summaries == expected
    assert scores == {name: score_pair(summary, reference) for name, summary in expected.items()}


# Paragraphs of sentences punkt cuts in various ways: abbreviations, numbers, quotes, marks inside, and
# 'Wow!!!', a sentence punkt cuts again.
_paragraphs = st.lists(st.sampled_from([
    "The council met.", "Mr. Smith said no.", "It rose 3.5 percent!", 'He said "Stop." Then left.', "Why?",
    "U.S. officials agreed", "(See below.)", "Prices fell... again.", "No stop here", "caf\u00e9 \u212aelvin.",
    "Wow!!!", "\n", "\n\n", " "]), max_size=12).map(" ".join)


@given(st.lists(_paragraphs, min_size=1, max_size=3), st.integers(min_value=0))
@example(["Wow!!! Then quiet."], 1)  # chooses 'Wow!!!', which alone punkt cuts into 'Wow!!' and '!'
def test_a_summary_of_chosen_sentences_is_prepared_as_its_text(documents: list[str], picks: int) -> None:
    """`prepare_chosen` (the sentences' tokens reused) equals `prepare` of the summary's text; bit k of
    `picks` chooses sentence k."""
    flat = [s for doc in document_sentences(documents) for s in doc]
    chosen = [s for k, s in enumerate(flat) if picks >> k & 1]
    assert prepare_chosen(chosen, dict(zip(flat, sentence_tokens(flat)))) == prepare(join(chosen))


def test_unknown_baseline() -> None:
    with pytest.raises(ValueError, match="unknown baseline 'textrank'"):
        predict("textrank", _row("storm-power"))
    with pytest.raises(ValueError, match="unknown baseline"):
        run_baselines([_row("storm-power")], names=("lead", "textrank"))


def test_run_baselines_and_run_and_score_agree_with_evaluate() -> None:
    rows = [_row(c) for c in CLUSTERS]
    predictions = run_baselines(rows)
    assert set(predictions) == set(BASELINES)
    assert predictions["lead"]["council-budget"] == predict("lead", _row("council-budget"))
    summaries, rows_of = run_and_score(reversed(rows))
    assert summaries == predictions
    references = {c: reference for c, (_, reference) in CLUSTERS.items()}
    for name in BASELINES:
        assert rows_of[name] == evaluate(predictions[name], references).per_cluster


def test_workers_do_not_change_predictions() -> None:
    rows = [_row(c) for c in CLUSTERS] * 10  # more than one chunk of clusters
    rows = [{**row, "cluster_id": f"{row['cluster_id']}-{i}"} for i, row in enumerate(rows)]
    assert run_baselines(rows, workers=2) == run_baselines(rows, workers=1)


# --- write_baselines ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    for index, (cluster_id, (documents, reference)) in enumerate(sorted(CLUSTERS.items())):
        docs = {f"{i:03d}.txt": f"Headline {i}\n\n" + text.replace("\n", "\n\n") for i, text in enumerate(documents)}
        split = "test" if index < 3 else "validation"
        write_cluster(raw, cluster_id, docs, {"summary": reference, "summary_author": "Tests", "split": split})
    out = tmp_path_factory.mktemp("release") / "release"
    build_release(raw, out)
    return out


def test_write_baselines_writes_predictions_and_scores(small_release: Path, tmp_path: Path) -> None:
    out = tmp_path / "baselines"
    scores = write_baselines(small_release, out, None, None)
    assert set(scores) == {"validation", "test"}
    for split in scores:
        references = {r["cluster_id"]: r["summary"] for r in iter_clusters(small_release, split)}
        written = json.loads((out / split / "scores.json").read_text(encoding="utf-8"))
        assert written == scores[split]
        assert set(written) == set(BASELINES)
        for name in BASELINES:
            path = out / split / f"{name}.predictions.jsonl"
            lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
            assert [line["cluster_id"] for line in lines] == sorted(references)
            assert all(set(line) == {"cluster_id", "summary"} for line in lines)
            assert written[name] == evaluate(read_predictions(path), references).as_dict()
        oracle_r12 = written["oracle"]["rouge1"]["f"] + written["oracle"]["rouge2"]["f"]
        assert oracle_r12 >= written["lead"]["rouge1"]["f"] + written["lead"]["rouge2"]["f"]


def test_write_baselines_is_byte_for_byte_repeatable(small_release: Path, tmp_path: Path) -> None:
    write_baselines(small_release, tmp_path / "one", ["test"], None)
    write_baselines(small_release, tmp_path / "two", ["test"], 2)
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")
    assert sorted(tree_bytes(tmp_path / "one")) == ["test/lead.predictions.jsonl", "test/oracle.predictions.jsonl",
                                                   "test/random.predictions.jsonl", "test/scores.json"]


def test_write_baselines_on_the_bundled_release_leaves_it_alone(tmp_path: Path) -> None:
    before = tree_bytes(RELEASE / "data")
    scores = write_baselines(RELEASE, tmp_path / "out", None, None)
    assert tree_bytes(RELEASE / "data") == before
    assert {split: by_name["lead"]["clusters"] for split, by_name in scores.items()} == split_rows(RELEASE, "clusters")


def test_write_baselines_rejects_an_absent_split_and_a_non_release(small_release: Path, tmp_path: Path) -> None:
    with pytest.raises(ResearchInputError, match="no 'train' split"):
        write_baselines(small_release, tmp_path / "out", ["train"], None)
    with pytest.raises(ResearchInputError, match="not a NewsClusters release"):
        write_baselines(tmp_path, tmp_path / "out", None, None)
    assert not (tmp_path / "out").exists()


def test_a_sample_reads_the_rows_it_keeps_and_only_those(small_release: Path) -> None:
    every = list(iter_clusters(small_release, "test"))
    chosen = {row["cluster_id"] for row in every[::2]}
    assert len(every) == 3 and len(chosen) == 2
    kept = list(iter_clusters(small_release, "test", keep=chosen.__contains__))
    assert kept == [row for row in every if row["cluster_id"] in chosen]  # the same rows, in the same order
    assert list(iter_clusters(small_release, "test", keep=lambda _: False)) == []


def test_baseline_evaluations_stream_the_rows(small_release: Path) -> None:
    rows = list(iter_clusters(small_release, "validation"))
    summaries, from_list = baseline_evaluations(rows)
    streamed_summaries, streamed = baseline_evaluations(iter_clusters(small_release, "validation"))
    assert streamed_summaries == summaries
    assert {k: v.as_dict() for k, v in streamed.items()} == {k: v.as_dict() for k, v in from_list.items()}
    mean_reference = sum(len(r["summary"].split()) for r in rows) / len(rows)
    assert all(v.as_dict()["reference_words"] == pytest.approx(mean_reference) for v in streamed.values())
