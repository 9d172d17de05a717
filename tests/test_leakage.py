"""Near-duplicate documents across splits: the detector, the split policy, and the build's report."""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import example, given
from hypothesis import strategies as st

from newsclusters.pipeline import leakage
from newsclusters.pipeline.leakage import NearDuplicate, band_keys, candidate_pairs, resolve, signature, similarity
from newsclusters.pipeline.split import hashed_split
from newsclusters.release.build import build_release

from conftest import write_cluster

WIRE_STORY = """Flood waters rose through the night in the river town of Alder, forcing hundreds of families to leave their homes before dawn on Tuesday.
Emergency crews used boats to reach residents stranded on the upper floors of houses near the old mill, the county sheriff said at a briefing.
The river crested at nearly nine metres, two metres above the level reached during the record flood of 1997, according to the national weather service.
Schools across the county were closed and the regional hospital moved patients from its ground floor as a precaution.
Officials said the levee on the east bank held, but engineers would inspect it once the water begins to recede later this week.
The governor declared a state of emergency and asked the federal government for help with the cost of the clean-up."""
OTHER_STORY = """The city council voted on Monday to approve a new budget that raises spending on public transport by a fifth.
Councillors argued for three hours over the cost of extending the tram line to the airport before the measure passed by seven votes to four.
The mayor said the extension would cut journey times for thousands of commuters and reduce traffic on the ring road.
Opponents warned that the plan depends on a grant from the national government that has not yet been confirmed.
Work on the first section is due to begin next spring, and the council expects the line to open within four years."""


def near_copy(text: str) -> str:
    """The same wire story as another outlet runs it: its own last paragraph instead of the original's."""
    return text.rsplit("\n", 1)[0] + "\nThe outlet's reporter filed the piece from the state capital late on Tuesday evening."


def test_a_near_copy_is_similar_and_a_different_story_is_not() -> None:
    original, copy, other = signature(WIRE_STORY), signature(near_copy(WIRE_STORY)), signature(OTHER_STORY)
    assert similarity(original.tobytes(), copy.tobytes()) >= leakage.THRESHOLD
    assert similarity(original.tobytes(), other.tobytes()) < 0.2
    assert set(band_keys(original)) & set(band_keys(copy))  # a near copy shares a band: it becomes a candidate
    assert not set(band_keys(original)) & set(band_keys(other))


def test_signature_is_deterministic_and_empty_for_no_words() -> None:
    assert signature(WIRE_STORY).tobytes() == signature(WIRE_STORY).tobytes()
    assert signature(" \n\t ") is None
    assert len(signature("one two").tobytes()) == 4 * leakage.NUM_PERM  # shorter than a shingle still hashes


def _bands(rows: list[tuple[int, int, int]]) -> pa.Table:
    band, doc, cluster = zip(*rows)
    return pa.table({"band": pa.array(band, pa.uint64()), "doc_key": pa.array(doc, pa.uint64()),
                     "cluster_key": pa.array(cluster, pa.uint64())}, schema=leakage.BAND_KEYS)


def test_candidates_pair_documents_of_different_clusters_only() -> None:
    # docs 1 and 2 share band 7 but are in one cluster; doc 3 (cluster 20) shares it too; band 9 is unshared.
    table = _bands([(7, 1, 10), (7, 2, 10), (7, 3, 20), (9, 4, 30)])
    pairs = candidate_pairs(table)
    assert pairs.to_pylist() == [{"doc_a": 1, "doc_b": 3, "cluster_a": 10, "cluster_b": 20},
                                 {"doc_a": 2, "doc_b": 3, "cluster_a": 10, "cluster_b": 20}]


def test_candidates_come_once_with_the_smaller_key_first_and_each_documents_cluster() -> None:
    # doc 9 (cluster 20) shares band 7 with doc 1 (cluster 10) and band 8 too: one pair, keys in order
    table = _bands([(7, 9, 20), (7, 1, 10), (8, 1, 10), (8, 9, 20), (8, 5, 10)])
    assert candidate_pairs(table).to_pylist() == [{"doc_a": 1, "doc_b": 9, "cluster_a": 10, "cluster_b": 20},
                                                  {"doc_a": 5, "doc_b": 9, "cluster_a": 10, "cluster_b": 20}]
    assert candidate_pairs(_bands([(3, 1, 10)])).num_rows == 0


def datasketch_signature(text: str) -> np.ndarray | None:
    """The reference: datasketch's own MinHash of the sampled shingles, one text at a time."""
    from datasketch import MinHash

    hashes = leakage.shingle_hashes(text)
    if not hashes:
        return None
    sketch = MinHash(num_perm=leakage.NUM_PERM, seed=leakage.SEED, hashfunc=lambda v: v,
                     permutations=leakage._permutations(), scheme="affine32")  # noqa: SLF001
    sketch.update_batch(hashes)
    return sketch.hashvalues.astype("<u4")


def test_the_permutations_are_datasketchs_affine32() -> None:
    from datasketch import MinHash

    expected = MinHash(num_perm=leakage.NUM_PERM, seed=leakage.SEED, scheme="affine32").permutations
    a, b = leakage._permutations()  # noqa: SLF001
    assert a.dtype == b.dtype == np.uint32
    assert a.tobytes() == expected[0].tobytes() and b.tobytes() == expected[1].tobytes()


def test_batched_signatures_are_datasketchs_one_by_one() -> None:
    texts = [WIRE_STORY, near_copy(WIRE_STORY), OTHER_STORY, "", "one two", " \n ", "Ünïcode wörds ÄÖ " * 40]
    # around a shingle's width and the sampling's fallback, between long texts (a shingle must not
    # run from one text into the next)
    texts += [" ".join(OTHER_STORY.split()[:n]) for n in (4, 5, 6, 20, 60)] + [WIRE_STORY, "word"]
    texts += [f"{OTHER_STORY} {n}" for n in range(leakage.SIGNATURE_BATCH + 5)]  # more than one batch
    batched = leakage.signatures(texts)
    for text, got in zip(texts, batched):
        expected = datasketch_signature(text)
        assert (got is None and expected is None) or got.tobytes() == expected.tobytes()


# Every white-space character of Unicode, as `str.split` reads it; and characters whose lower case
# depends on their word (the final sigma) or is longer than they are (dotted capital I).
_WHITE_SPACE = "".join(chr(code) for code in range(0x110000) if chr(code).isspace())
_CASED = "ΣσςİIiẞßΑ'\u0301"


def test_arrow_is_asked_to_replace_the_white_space_str_split_splits_at_but_the_space_and_line_break() -> None:
    every = [chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000]
    replaced = pc.replace_substring_regex(pa.array(every), leakage._other_white_space(), "_")  # noqa: SLF001
    changed = "".join(c for c, got in zip(every, replaced.to_pylist()) if got != c)
    assert changed == _WHITE_SPACE.replace(" ", "").replace("\n", "")


def _words_one_by_one(texts: list[str]) -> tuple[list[int], list[int]]:
    words = [text.lower().split() for text in texts]
    return [leakage._word_hash(w) for ws in words for w in ws], [len(ws) for ws in words]  # noqa: SLF001


@given(st.lists(st.text(alphabet=st.sampled_from([*_WHITE_SPACE, *_CASED, "a", "B", "."]), max_size=20)
                | st.text(max_size=40), max_size=6))
@example(["ΟΔΟΣ ΣΑΣ", "ΑΣ\u00a0Σ", "İstanbul", "  ", ""])
@example(["a\x1cb\x85c\u3000d", "\u200bword\u200b"])
def test_batched_words_are_the_texts_lower_cased_and_split(texts: list[str]) -> None:
    hashes, lengths = leakage._batch_words(texts)  # noqa: SLF001
    assert (hashes.tolist(), lengths.tolist()) == _words_one_by_one(texts)


def test_the_signatures_are_the_values_the_published_splits_were_made_with() -> None:
    # The split policy depends on these values: a change of word splitting, lower-casing, hashing or
    # permutations must show here (the tests above compare the batch with a definition of the same code).
    texts = [WIRE_STORY, near_copy(WIRE_STORY), OTHER_STORY, "Ünïcode wörds ÄÖ ΟΔΟΣ\u00a0ΣΑΣ İstanbul " * 20, "one two"]
    digest = hashlib.sha256(b"".join(s.tobytes() for s in leakage.signatures(texts))).hexdigest()
    assert digest == "30f32c66bc8f05e4970644e8dd1651645ca84816d99e577eac8207c70f4bde99"


def test_many_copies_give_linearly_many_candidates() -> None:
    table = _bands([(5, doc, doc) for doc in range(1, 501)])
    assert candidate_pairs(table).num_rows < 2 * 500


def _pair(a: str, b: str) -> NearDuplicate:
    return NearDuplicate(f"{a}/000", f"{b}/000", 0.9, a, b)


def test_a_hash_split_cluster_follows_its_near_duplicate_to_the_earlier_split() -> None:
    result = resolve([_pair("a", "b")], {"a": "train", "b": "test"}, {"a": False, "b": False})
    assert result.moves == {"b": "train"}
    assert result.rows[0]["resolution"] == "moved" and result.remaining() == 0


def test_pinned_clusters_stay_and_the_pair_is_reported() -> None:
    result = resolve([_pair("a", "b")], {"a": "train", "b": "test"}, {"a": True, "b": True})
    assert result.moves == {} and result.remaining() == 1
    assert result.rows[0] == {"doc_a": "a/000", "doc_b": "b/000", "similarity": 0.9, "split_a": "train",
                              "split_b": "test", "resolution": "reported"}


def test_a_group_follows_its_earliest_member_and_the_order_of_pairs_does_not_matter() -> None:
    pairs = [_pair("a", "b"), _pair("b", "c"), _pair("d", "e")]
    initial = {"a": "test", "b": "validation", "c": "train", "d": "test", "e": "test"}
    pinned = {"a": False, "b": False, "c": True, "d": False, "e": False}
    first = resolve(pairs, initial, pinned)
    assert first.moves == {"a": "train", "b": "train"}
    assert [r["doc_a"] for r in first.rows] == ["a/000", "b/000"]  # d-e never crossed splits: not leakage
    shuffled = pairs[:]
    random.Random(0).shuffle(shuffled)
    assert resolve(shuffled, initial, pinned) == first


def _ids_hashed_to(split: str, count: int) -> list[str]:
    found = [f"story-{n}" for n in range(1000) if hashed_split(f"story-{n}") == split]
    return found[:count]


def test_the_build_moves_a_hashed_cluster_and_reports_pinned_pairs(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    hashed_test = _ids_hashed_to("test", 2)
    write_cluster(raw, "alder-floods", {"001.txt": WIRE_STORY}, {"summary": "Floods.", "summary_author": "T", "split": "train"})
    write_cluster(raw, hashed_test[0], {"001.txt": near_copy(WIRE_STORY)})  # hashed to test: follows to train
    write_cluster(raw, hashed_test[1], {"001.txt": OTHER_STORY})  # a different story: stays in test
    write_cluster(raw, "pinned-copy", {"001.txt": near_copy(WIRE_STORY) + "\nOne more line of its own."},
                  {"summary": "Floods again.", "summary_author": "T", "split": "validation"})
    build_release(raw, tmp_path / "out")

    rows = [json.loads(line) for line in (tmp_path / "out" / "leakage.jsonl").read_text().splitlines()]
    by_docs = {(r["doc_a"], r["doc_b"]): r for r in rows}
    moved = by_docs[("alder-floods/001", f"{hashed_test[0]}/001")]
    assert moved["resolution"] == "moved" and moved["split_b"] == "train"
    reported = by_docs[("alder-floods/001", "pinned-copy/001")]
    assert (reported["resolution"], reported["split_a"], reported["split_b"]) == ("reported", "train", "validation")
    assert not any(hashed_test[1] in key for pair in by_docs for key in pair)

    import pyarrow.parquet as pq

    def cluster_ids(split: str) -> list[str]:
        return pq.read_table(tmp_path / "out" / f"data/clusters/{split}-00000-of-00001.parquet").column("cluster_id").to_pylist()

    assert hashed_test[0] in cluster_ids("train") and cluster_ids("test") == [hashed_test[1]]
    card = (tmp_path / "out" / "README.md").read_text()
    assert f"**{len(rows)}** pairs across splits found, **1** cluster moved" in card


def test_the_same_leakage_report_whatever_the_workers(tmp_path: Path) -> None:
    from newsclusters.executor.engines import LocalEngine

    raw = tmp_path / "raw"
    write_cluster(raw, "alder-floods", {"001.txt": WIRE_STORY}, {"summary": "F.", "summary_author": "T", "split": "train"})
    write_cluster(raw, "alder-copy", {"001.txt": near_copy(WIRE_STORY)}, {"summary": "F.", "summary_author": "T", "split": "test"})
    outputs = []
    for workers in (1, 2):
        out = tmp_path / f"out{workers}"
        build_release(raw, out, engine=LocalEngine(workers))
        outputs.append((out / "leakage.jsonl").read_bytes())
    assert outputs[0] == outputs[1] and outputs[0].count(b"\n") == 1


def test_pairs_checked_across_many_key_partitions_are_exactly_the_near_duplicates(tmp_path: Path) -> None:
    # Candidates are spilled to the partition of one document and its partner's signature is sent
    # there: with many key partitions, pairs cross partitions. The leakage report must hold exactly
    # the cross-split pairs of published texts that share a band and agree on THRESHOLD or more
    # (brute force over every pair).
    from dataclasses import replace

    import pyarrow.parquet as pq

    from newsclusters.bench.synthetic import synthetic_clusters
    from newsclusters.executor.engines import LocalEngine
    from newsclusters.executor.plan import Sizing

    raw = tmp_path / "raw"
    pins: dict[str, str | None] = {}
    texts = []
    for cluster in synthetic_clusters(60, seed=5):
        write_cluster(raw, cluster.cluster_id, {d.name: d.text for d in cluster.documents}, cluster.metadata())
        pins[cluster.cluster_id] = cluster.metadata().get("split")
        texts += [d.text for d in cluster.documents]
    for n, text in enumerate(texts[::2]):
        write_cluster(raw, f"copy-{n:02d}", {"001.txt": near_copy(text)}, {"summary": "S.", "summary_author": "T"})
        pins[f"copy-{n:02d}"] = None
    # Three candidate pairs' signatures gathered at a time: every partition's check runs in batches.
    sizing = replace(Sizing(unit_raw_bytes=20_000, partition_raw_bytes=8_000, shard_text_bytes=200_000),
                     key_fanin=1, pair_batch=3)
    out = tmp_path / "out"
    build_release(raw, out, engine=LocalEngine(2), sizing=sizing)
    assert sizing.key_partitions(sizing.partitions(sum(len(t) for t in texts))) >= 16

    published = pa.concat_tables(pq.read_table(p, columns=["doc_id", "cluster_id", "text"])
                                 for p in sorted((out / "data" / "documents").glob("*.parquet"))).to_pylist()
    signed = sorted((row["doc_id"], row["cluster_id"], signature(row["text"])) for row in published)
    start = {cluster: pins[cluster] or hashed_split(cluster) for _, cluster, _ in signed}
    expected = set()
    for i, (a, cluster_a, sig_a) in enumerate(signed):
        for b, cluster_b, sig_b in signed[i + 1:]:
            if start[cluster_a] == start[cluster_b] or not set(band_keys(sig_a)) & set(band_keys(sig_b)):
                continue
            if similarity(sig_a.tobytes(), sig_b.tobytes()) >= leakage.THRESHOLD:
                expected.add((a, b))
    rows = [json.loads(line) for line in (out / "leakage.jsonl").read_text().splitlines()]
    assert len(expected) >= 5 and {(r["doc_a"], r["doc_b"]) for r in rows} == expected


def test_a_pair_that_a_move_puts_across_splits_is_reported() -> None:
    """a (pinned test) and b started in one split; b followed c (pinned train): a and b now leak, and say so."""
    result = resolve([_pair("a", "b"), _pair("b", "c")], {"a": "test", "b": "test", "c": "train"},
                     {"a": True, "b": False, "c": True})
    assert result.moves == {"b": "train"}
    assert {(r["doc_a"], r["split_a"], r["split_b"], r["resolution"]) for r in result.rows} == {
        ("a/000", "test", "train", "reported"), ("b/000", "train", "train", "moved")}
    assert result.remaining() == 1


def test_a_small_group_sharing_a_band_gives_every_pair_of_clusters() -> None:
    """x1, y1, y2, z1 in one band: y1-z1 was never a candidate, so a near-duplicate pair could go unseen."""
    table = _bands([(5, 1, 10), (5, 2, 20), (5, 3, 20), (5, 4, 30)])
    pairs = {(p["doc_a"], p["doc_b"]) for p in candidate_pairs(table).to_pylist()}
    assert pairs == {(1, 2), (1, 3), (1, 4), (2, 4), (3, 4)}


def test_every_pair_of_a_group_at_the_limit_and_linearly_many_past_it() -> None:
    at_limit = leakage.EVERY_PAIR_GROUP
    assert candidate_pairs(_bands([(5, doc, doc) for doc in range(1, at_limit + 1)])).num_rows == \
        at_limit * (at_limit - 1) // 2
    past = candidate_pairs(_bands([(5, doc, doc) for doc in range(1, at_limit + 2)]))
    assert past.num_rows < 2 * (at_limit + 1)


def test_small_groups_give_what_every_pair_sharing_a_band_gives() -> None:
    rng = random.Random(7)
    rows = [(rng.randrange(60), doc, rng.randrange(12)) for doc in range(1, 400)]
    assert max(Counter(band for band, _, _ in rows).values()) <= leakage.EVERY_PAIR_GROUP
    expected = {(min(a, b), max(a, b)) for band_a, a, c in rows for band_b, b, d in rows
                if band_a == band_b and a != b and c != d}
    assert {(p["doc_a"], p["doc_b"]) for p in candidate_pairs(_bands(rows)).to_pylist()} == expected
