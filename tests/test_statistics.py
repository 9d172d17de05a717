"""Dataset statistics: tokens, Newsroom fragments, novel n-grams, summaries of values, the card's tables."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsclusters.errors import ResearchInputError
from newsclusters.research.release import iter_clusters
from newsclusters.research.statistics import (
    NGRAM_ORDERS,
    STATS_COLUMNS,
    Fragment,
    aggregate,
    cluster_fragments,
    cluster_stats,
    compression,
    coverage,
    dataset_statistics,
    density,
    describe,
    fragments,
    novel_ngram_rates,
    per_cluster_values,
    statistics_markdown,
    tokens,
)

from conftest import RELEASE, split_rows


def newsroom_match(summary: list[str], text: list[str]) -> list[tuple[int, int, int]]:
    """Grusky et al.'s matching loop transcribed from newsroom.analyze.Fragments._match: the reference."""
    matches = []
    a_start = b_start = 0
    while a_start < len(summary):
        best, best_length = None, 0
        while b_start < len(text):
            if summary[a_start] == text[b_start]:
                a_end, b_end = a_start, b_start
                while a_end < len(summary) and b_end < len(text) and text[b_end] == summary[a_end]:
                    a_end += 1
                    b_end += 1
                if a_end - a_start > best_length:
                    best, best_length = (a_start, b_start, a_end - a_start), a_end - a_start
                b_start = b_end
            else:
                b_start += 1
        b_start = 0
        if best:
            matches.append(best)
            a_start += best_length
        else:
            a_start += 1
    return matches


def lengths(found: list[Fragment]) -> list[int]:
    return [f.length for f in found]


def test_tokens_are_lowercased_words_with_inner_apostrophes():
    assert tokens("Kim Kardashian’s brand didn't — U.S. 2022, “shaken”!") == [
        "kim", "kardashian's", "brand", "didn't", "u", "s", "2022", "shaken"]
    assert tokens("  \n ...  ") == []


def test_fully_copied_summary_has_coverage_one_and_density_its_length():
    article = tokens("The brand apologized and removed the campaign from all platforms on Monday.")
    summary = tokens("removed the campaign from all platforms")
    found = fragments(article, summary)
    assert found == [Fragment(summary=0, document=0, text=4, length=6)]
    assert coverage(found, len(summary)) == 1.0
    assert density(found, len(summary)) == len(summary)
    assert compression(len(article), len(summary)) == 12 / 6


def test_summary_of_new_words_has_no_fragments():
    found = fragments(tokens("the cat sat on the mat"), tokens("dogs bark loudly"))
    assert found == []
    assert coverage(found, 3) == 0.0
    assert density(found, 3) == 0.0


def test_mixed_summary_by_hand():
    article = tokens("the cat sat on the mat today")
    summary = tokens("the cat sat quietly on the mat")
    found = fragments(article, summary)
    # "the cat sat" (3), "quietly" is new, "on the mat" (3)
    assert [(f.summary, f.text, f.length) for f in found] == [(0, 0, 3), (4, 3, 3)]
    assert coverage(found, 7) == pytest.approx(6 / 7)
    assert density(found, 7) == pytest.approx((9 + 9) / 7)


def test_scan_resumes_after_a_match_as_in_the_paper():
    # At "a": the match at 0 ("a a") is taken, the scan resumes at 2, so "a a b" at 1 is never tried.
    article, summary = ["a", "a", "a", "b"], ["a", "a", "b"]
    assert lengths(fragments(article, summary)) == [2, 1]
    assert [(m[0], m[2]) for m in newsroom_match(summary, article)] == [(0, 2), (2, 1)]


def test_fragments_do_not_cross_document_boundaries():
    documents = [["x", "a", "b"], ["c", "d"]]
    summary = ["a", "b", "c", "d"]
    found = cluster_fragments(documents, summary)
    assert found == [Fragment(0, 0, 1, 2), Fragment(2, 1, 0, 2)]
    assert density(found, 4) == (4 + 4) / 4  # one fragment of 4 if the documents were simply concatenated
    assert lengths(fragments(documents[0] + documents[1], summary)) == [4]


def test_first_longest_match_wins_across_documents():
    found = cluster_fragments([["a", "b"], ["z", "a", "b"], ["a", "b", "c"]], ["a", "b", "c"])
    assert found == [Fragment(0, 2, 0, 3)]
    found = cluster_fragments([["q", "a", "b"], ["a", "b"]], ["a", "b"])
    assert found == [Fragment(0, 0, 1, 2)]


def test_fragments_equal_the_reference_loop_on_random_clusters():
    rng = random.Random(20180601)
    vocabulary = "a b c d e".split()
    for _ in range(400):
        documents = [[rng.choice(vocabulary) for _ in range(rng.randint(0, 12))] for _ in range(rng.randint(1, 4))]
        summary = [rng.choice(vocabulary + ["new"]) for _ in range(rng.randint(1, 10))]
        joined: list[str] = []
        for doc in documents:
            joined += doc + ["\x00boundary"]  # a token no summary contains: fragments stop there
        expected = [(s, length) for s, _, length in newsroom_match(summary, joined)]
        assert [(f.summary, f.length) for f in cluster_fragments(documents, summary)] == expected


# Documents of two words, so repeats and the starts Newsroom's scan skips are common (with four words,
# 400 examples never met one); summaries may hold a word no document has; empty documents too.
_words = st.sampled_from(["a", "b"])
_documents = st.lists(st.lists(_words, max_size=14), max_size=4)
_summaries = st.lists(st.sampled_from(["a", "b", "new"]), max_size=14)


@given(_documents, _summaries)
def test_fragments_equal_newsroom_on_the_joined_documents(documents: list[list[str]], summary: list[str]):
    """The indexed scan is Grusky et al.'s loop on the documents joined with a boundary token: every
    fragment's summary start, document, start in it and length."""
    joined: list[str] = []
    where: list[tuple[int, int]] = []  # joined position -> (document, position in it)
    for d, doc in enumerate(documents):
        joined += doc + ["\x00boundary"]
        where += [(d, p) for p in range(len(doc) + 1)]
    expected = [Fragment(s, *where[t], length) for s, t, length in newsroom_match(summary, joined)]
    assert cluster_fragments(documents, summary) == expected


def novel_by_definition(documents: list[list[str]], summary: list[str], n: int) -> float | None:
    """The share of the summary's distinct n-grams in no document, from sets of tuples."""
    wanted = {tuple(summary[k:k + n]) for k in range(len(summary) - n + 1)}
    have = {tuple(doc[k:k + n]) for doc in documents for k in range(len(doc) - n + 1)}
    return len(wanted - have) / len(wanted) if wanted else None


@given(_documents, _summaries)
def test_novel_ngram_rates_equal_the_definition(documents: list[list[str]], summary: list[str]):
    orders = (1, 2, 3, 4, 5, 6)
    expected = {n: novel_by_definition(documents, summary, n) for n in orders}
    assert novel_ngram_rates(documents, summary, orders) == expected


def test_novel_ngram_rates_of_a_summary_too_varied_for_int64_codes():
    """55,109 distinct summary words: a 4-gram's code would overflow int64, so 4-grams are counted as tuples."""
    summary = [f"w{k}" for k in range(55_109)]
    documents = [summary[:3] + ["x"] + summary[5:9], summary[100:104]]
    expected = {n: novel_by_definition(documents, summary, n) for n in NGRAM_ORDERS}
    assert novel_ngram_rates(documents, summary) == expected


def test_novel_ngram_rates_by_hand():
    documents = [["the", "cat", "sat"]]
    summary = ["the", "cat", "ran", "the", "cat"]
    # distinct summary n-grams: 1: {the, cat, ran}; 2: {the cat, cat ran, ran the}; 3 and 4: all new
    assert novel_ngram_rates(documents, summary) == {1: 1 / 3, 2: 2 / 3, 3: 1.0, 4: 1.0}


def test_novel_ngrams_do_not_cross_documents_and_need_n_words():
    assert novel_ngram_rates([["a", "b"], ["c"]], ["b", "c"]) == {1: 0.0, 2: 1.0, 3: None, 4: None}


def test_describe_known_values():
    assert describe([4, 1, 3, 2]) == {"count": 4, "mean": 2.5, "min": 1.0, "p10": pytest.approx(1.3), "p50": 2.5,
                                      "p90": pytest.approx(3.7), "max": 4.0}
    assert describe([]) == {"count": 0, "mean": None, "min": None, "p10": None, "p50": None, "p90": None,
                            "max": None}


def row(cluster_id: str, summary: str, *texts: str) -> dict:
    return {"cluster_id": cluster_id, "summary": summary,
            "documents": [{"doc_id": f"{cluster_id}/{i:03d}", "text": text} for i, text in enumerate(texts)]}


def test_cluster_stats_by_hand():
    stats = cluster_stats(row("c1", "The cat sat quietly.", "The cat sat on the mat.", "A dog barked."))
    assert stats == {"cluster_id": "c1", "documents": 2, "document_words": [6, 3], "summary_words": 4,
                     "compression": 9 / 4, "coverage": 3 / 4, "density": 9 / 4,
                     "novel_1": 1 / 4, "novel_2": 1 / 3, "novel_3": 1 / 2, "novel_4": 1.0}


def test_a_summary_without_words_is_refused():
    with pytest.raises(ResearchInputError, match="record 'c1', field 'summary'"):
        cluster_stats(row("c1", " -- ", "Some text."))


def test_dataset_statistics_aggregates_per_cluster_numbers():
    rows = [row("c1", "The cat sat quietly.", "The cat sat on the mat.", "A dog barked."),
            row("c2", "Dogs bark", "Dogs bark at night.")]
    values = per_cluster_values(rows)
    assert values["words_per_document"] == [6, 3, 4]
    assert values["novel_3"] == [0.5]  # c2's summary has no 3-gram
    stats = dataset_statistics(iter(rows))
    assert stats == aggregate(values)
    assert stats["clusters"] == 2 and stats["documents"] == 3
    assert stats["documents_per_cluster"]["mean"] == 1.5
    assert stats["words_per_summary"]["max"] == 4.0
    assert stats["coverage"]["mean"] == pytest.approx((3 / 4 + 1) / 2)
    assert stats["novel_1"] == pytest.approx((1 / 4 + 0) / 2)
    assert stats["novel_3"] == 0.5


def test_empty_split_has_counts_and_no_numbers():
    stats = dataset_statistics([])
    assert stats["clusters"] == 0 and stats["coverage"]["mean"] is None and stats["novel_1"] is None
    assert "| Coverage, mean | – |" in statistics_markdown({"test": stats})


def test_bundled_release_statistics_are_sane_and_repeatable():
    first = dataset_statistics(iter_clusters(RELEASE, "test", columns=STATS_COLUMNS))
    again = dataset_statistics(iter_clusters(RELEASE, "test", columns=STATS_COLUMNS))
    assert first == again
    assert first["clusters"] == split_rows(RELEASE, "clusters")["test"]
    assert first["documents"] == split_rows(RELEASE, "documents")["test"]
    assert 0.0 <= first["coverage"]["mean"] <= 1.0
    assert first["density"]["mean"] >= first["coverage"]["mean"]  # every fragment is at least one word long
    assert first["compression"]["mean"] > 1.0
    assert 0.0 <= first["novel_1"] <= first["novel_2"] <= first["novel_3"] <= first["novel_4"] <= 1.0


def test_statistics_markdown_one_column_per_split_fixed_decimals():
    def stats(clusters: int) -> dict:
        return dataset_statistics([row("c1", "The cat sat quietly.", "The cat sat on the mat.", "A dog barked."),
                                   row("c2", "Dogs bark", "Dogs bark at night.")][:clusters])

    text = statistics_markdown({"train": stats(2), "test": stats(1)})
    lines = text.splitlines()
    assert "| Statistic | train | test |" in lines
    assert "| Clusters | 2 | 1 |" in lines
    assert "| Documents | 3 | 2 |" in lines
    assert "| Words per document, mean | 4.3 | 4.5 |" in lines
    assert "| Coverage, mean | 0.875 | 0.750 |" in lines
    assert "| Density, mean | 2.12 | 2.25 |" in lines  # 2.125 is exact in binary: rounds half to even
    assert "| Words per summary, p10 / p50 / p90 | 2.2 / 3.0 / 3.8 | 4.0 / 4.0 / 4.0 |" in lines
    assert "| Novel 4-grams in the summary (%) | 100.00 | 100.00 |" in lines
    assert "| Novel 1-grams in the summary (%) | 12.50 | 25.00 |" in lines
    assert text == statistics_markdown({"train": stats(2), "test": stats(1)})
