"""Stage 3 (split), corpus-wide: near-duplicate documents across splits, found with MinHash LSH.

A test split is only a test if its articles are not, nearly word for word, in train: syndicated
wire copy and re-crawled pages put the same article into several clusters. Each kept document gets
a MinHash signature of its word 5-gram shingles (datasketch's "affine32" MinHash, computed in
batches with NumPy); documents that share one of `BANDS` bands of the signature are candidates, and
a candidate pair is a near-duplicate when the signatures agree on at least `THRESHOLD` of their
values (the estimated Jaccard similarity).

How the split policy uses the pairs (`resolve`): the clusters linked by near-duplicates form
groups; in each group, every cluster split by hash follows the earliest split (train, then
validation, then test) any member is in, so a hashed cluster never sits in a later split than its
near-duplicate. Pinned clusters (an ingested corpus keeps its official splits) never move; the
pairs still across splits are reported in `leakage.jsonl` and counted in the card.

Scale: signatures and band keys are computed where the documents are cleaned and spilled like the
planner's other keys; candidates are found per band bucket with NumPy sorts, so the driver only
sees candidate pairs and the few signatures needed to check them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import xxhash

from newsclusters.pipeline.split import SPLITS, split_of

SHINGLE_WORDS = 5  # words per shingle: long enough that unrelated news rarely shares one
NUM_PERM = 64  # MinHash values per signature
BANDS, ROWS = 16, 4  # LSH bands x rows = NUM_PERM; P(candidate) at J=0.7 is 0.99, at J=0.3 0.12
THRESHOLD = 0.7  # estimated Jaccard similarity of shingle sets from which two documents are near-duplicates
# Consistent sampling: only shingles whose hash is 0 modulo SAMPLE_MOD enter the signature (the same
# shingles in every document, so the Jaccard similarity of the samples estimates that of the sets),
# unless that leaves fewer than MIN_SAMPLED, when all are used. It cuts the MinHash work by 4.
SAMPLE_MOD = 4
MIN_SAMPLED = 16
SEED = 1  # of the MinHash permutations: part of the versioned split policy
WORD_CACHE = 1 << 18  # distinct words whose hashes a process keeps
SIGNATURE_BATCH = 128  # texts signed together
# Odd 64-bit multipliers, one per word position of a shingle (digits of pi and e): fixed forever.
_MULTIPLIERS = tuple(np.uint64(m) for m in (0x243F6A8885A308D3, 0x13198A2E03707345, 0xA4093822299F31D1,
                                            0x082EFA98EC4E6C89, 0xB7E151628AED2A6B))

SIGNATURES = pa.schema([
    ("doc_key", pa.uint64()), ("doc_id", pa.string()), ("cluster_id", pa.string()),
    ("signature", pa.binary(4 * NUM_PERM)),
])
BAND_KEYS = pa.schema([("band", pa.uint64()), ("doc_key", pa.uint64()), ("cluster_key", pa.uint64())])


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The NUM_PERM affine permutations h -> a*h + b (mod 2^32) of datasketch's "affine32" MinHash
    with seed SEED, the same values (a test compares them).

    Made here rather than asked of datasketch: its import (scipy with it) cost 0.8 s in every worker
    process for 128 numbers, and its default scheme differs between its releases (1.x drew 64-bit
    'legacy' parameters), which would have changed the splits with the library's version.
    """
    draw = np.random.RandomState(SEED)
    odd = draw.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)  # odd: a bijection
    return odd, draw.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)


class _WordHashes(dict[str, int]):
    """xxh64 of each word lower-cased, memoised by the word as written (news reuses its vocabulary)."""

    def __missing__(self, word: str) -> int:
        value = self[word] = _word_hash(word.lower())
        return value


_WORD_HASHES = _WordHashes()  # an exact cache, bounded by WORD_CACHE: the same hashes whatever it holds


def _word_hash(word: str) -> int:
    return xxhash.xxh64_intdigest(word.encode("utf-8"))


@cache
def _other_white_space() -> str:
    """White space other than the space and the line break, as `str.split` reads it (every character
    `str.isspace` holds), as a class in the RE2 syntax Arrow's regex kernels read."""
    return "[" + "".join(f"\\x{{{code:x}}}" for code in range(0x110000)
                         if chr(code).isspace() and chr(code) not in " \n") + "]"


def _batch_words(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The hash of every word of `texts` lower-cased, in order, and how many words each text has.

    Arrow splits the texts at white space (every white-space character made a space, then split at
    spaces, the empty pieces of runs dropped) and lists a batch's distinct words, so only those are
    lower-cased and hashed in Python (about one word in 45 of a synthetic batch). Lower-casing a word
    alone gives what lower-casing its text gives: white space is neither cased nor case-ignorable, so
    it ends every context a case mapping looks at (the final sigma's), and lower-casing neither makes
    nor unmakes white space.

    Not `utf8_split_whitespace`: in pyarrow 26 it sometimes kept a text's trailing white space as a
    word (U+1680, U+3000, U+00A0, even a space), a different answer from one call to the next.
    """
    if len(_WORD_HASHES) > WORD_CACHE:
        _WORD_HASHES.clear()
    spaced = pc.replace_substring_regex(pa.array(texts, pa.large_string()), _other_white_space(), " ")
    pieces = pc.split_pattern(pc.replace_substring(spaced, "\n", " "), " ")
    encoded = pc.dictionary_encode(pieces.flatten())
    distinct = encoded.dictionary.to_pylist()
    hashes = np.fromiter(map(_WORD_HASHES.__getitem__, distinct), np.uint64, len(distinct))
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    counts = pc.list_value_length(pieces).to_numpy(zero_copy_only=False).astype(np.int64)
    if "" not in distinct:
        return hashes[indices], counts
    word = indices != distinct.index("")  # the pieces between two spaces in a row, or before or after all words
    owner = np.repeat(np.arange(len(texts)), counts)
    return hashes[indices[word]], np.bincount(owner[word], minlength=len(texts))


def _mix(values: np.ndarray) -> np.ndarray:
    """A 64-bit finaliser (MurmurHash3's), so every bit of a shingle hash depends on all its words."""
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xFF51AFD7ED558CCD)
    return values ^ (values >> np.uint64(33))


def _combine(word_hashes: np.ndarray, width: int) -> np.ndarray:
    """The hash of every run of `width` words: a fixed odd-multiplier combination of their hashes, mixed."""
    count = len(word_hashes) - width + 1
    combined = np.zeros(count, np.uint64)
    for k, multiplier in enumerate(_MULTIPLIERS[:width]):
        combined += word_hashes[k:k + count] * multiplier  # wraps modulo 2^64, as intended
    return _mix(combined)


def shingle_hashes(text: str) -> list[int]:
    """32-bit hashes of the sampled word 5-gram shingles of `text` (lower-cased, split at white space)."""
    return _sampled_shingles(text).tolist()


def _sampled_shingles(text: str) -> np.ndarray:
    """`shingle_hashes` as a uint32 array: the definition, one text at a time (`_batch_shingles` is
    the same for many texts at once). A text shorter than a shingle is one shingle of all its words."""
    words = text.lower().split()  # punctuation stays on its word: copies of an article keep it too
    if not words:
        return np.zeros(0, np.uint32)
    word_hashes = np.fromiter(map(_word_hash, words), np.uint64, len(words))
    hashes = _combine(word_hashes, min(SHINGLE_WORDS, len(words)))
    sampled = hashes[(hashes >> np.uint64(32)) % np.uint64(SAMPLE_MOD) == 0]
    if len(sampled) < MIN_SAMPLED:
        sampled = hashes
    return (sampled & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def _batch_shingles(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """`_sampled_shingles` of every text, concatenated, and how many each text has.

    The words of all texts are hashed in one call and combined as one array: a shingle that would
    run from one text into the next is dropped, and sampling (with its fallback to every shingle of
    a text with too few sampled) is counted per text. Per-text NumPy calls on small arrays cost
    more than the arithmetic.
    """
    word_hashes, lengths = _batch_words(texts)
    total = len(word_hashes)
    owner = np.repeat(np.arange(len(texts)), lengths)  # the text of each word
    ends = np.cumsum(lengths)  # one past each text's last word
    if total >= SHINGLE_WORDS:
        first = np.arange(total - SHINGLE_WORDS + 1)  # the first word of every run of the batch's words
        inside = first + SHINGLE_WORDS <= ends[owner[first]]
        hashes = _combine(word_hashes, SHINGLE_WORDS)[inside]
        text_of = owner[first[inside]]
    else:
        hashes, text_of = np.zeros(0, np.uint64), np.zeros(0, np.int64)
    sampled = (hashes >> np.uint64(32)) % np.uint64(SAMPLE_MOD) == 0
    too_few = np.bincount(text_of[sampled], minlength=len(texts)) < MIN_SAMPLED
    keep = sampled | too_few[text_of]
    values = (hashes[keep] & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    sizes = np.bincount(text_of[keep], minlength=len(texts))
    short = np.flatnonzero((lengths > 0) & (lengths < SHINGLE_WORDS))
    if len(short):  # fewer words than a shingle: one shingle of them all, from the definition
        parts = np.split(values, np.cumsum(sizes)[:-1])
        for i in short.tolist():
            parts[i] = _sampled_shingles(texts[i])
        values, sizes = np.concatenate(parts), np.fromiter(map(len, parts), np.int64, len(parts))
    return values, sizes


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature (NUM_PERM uint32 values) of a text, or None when it has no words."""
    return signatures([text])[0]


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser: what datasketch's "affine32" scheme applies to each input hash."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def signatures(texts: Sequence[str]) -> list[np.ndarray | None]:
    """`signature` of many texts at once, the same values: one array computation for the whole batch.

    A MinHash per text costs more in object set-up and small-array calls than in arithmetic; here the
    shingles of every text are permuted together (uint32 arithmetic wraps, as datasketch's affine32
    does), one permutation at a time over all of them (a shingles x permutations array would not
    stay in cache), and each text's minimum taken over its own slice.
    """
    if len(texts) > SIGNATURE_BATCH:
        return [s for start in range(0, len(texts), SIGNATURE_BATCH)
                for s in signatures(texts[start:start + SIGNATURE_BATCH])]
    values, sizes = _batch_shingles(texts)
    result: list[np.ndarray | None] = [None] * len(texts)
    present = np.flatnonzero(sizes)
    if not len(present):
        return result
    a, b = _permutations()
    mixed = _fmix32(values)
    starts = np.r_[0, np.cumsum(sizes[present])[:-1]]
    minima = np.empty((len(present), NUM_PERM), "<u4")
    permuted = np.empty_like(mixed)
    for k in range(NUM_PERM):
        np.multiply(mixed, a[k], out=permuted)  # wrapping modulo 2^32
        np.add(permuted, b[k], out=permuted)
        minima[:, k] = np.minimum.reduceat(permuted, starts)
    for row, i in enumerate(present.tolist()):
        result[i] = minima[row]
    return result


def band_keys(sig: np.ndarray) -> list[int]:
    """One 64-bit key per band; the band's index is the hash seed, so equal keys mean the same band."""
    rows = sig.astype("<u4").reshape(BANDS, ROWS)
    return [xxhash.xxh64_intdigest(rows[b].tobytes(), seed=b) for b in range(BANDS)]


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity: the share of signature values the two documents agree on."""
    return float(agreement(np.frombuffer(a, "<u4")[None], np.frombuffer(b, "<u4")[None])[0])


PAIRS = pa.schema([("doc_a", pa.uint64()), ("doc_b", pa.uint64()), ("cluster_a", pa.uint64()),
                   ("cluster_b", pa.uint64())])  # doc_a < doc_b; each document's cluster key beside it


EVERY_PAIR_GROUP = 16  # documents sharing a band: up to this many, every pair of them is a candidate (120 pairs)


def candidate_pairs(bands: pa.Table) -> pa.Table:
    """Pairs of documents of different clusters that share a band (`PAIRS`, smaller doc key first),
    each once, sorted.

    A group of up to `EVERY_PAIR_GROUP` documents sharing a band gives every pair of them. In a larger
    one each is paired with the group's first document and with the previous one of another cluster:
    n copies of one article give O(n) pairs, not n^2, where one pair below the similarity threshold can
    part a chain (the price of a template's hundreds of copies).
    """
    if not bands.num_rows:
        return PAIRS.empty_table()
    band = bands.column("band").to_numpy()
    docs = bands.column("doc_key").to_numpy()
    clusters = bands.column("cluster_key").to_numpy()
    order = np.lexsort((docs, clusters, band))
    band, docs, clusters = band[order], docs[order], clusters[order]
    starts = np.flatnonzero(np.r_[True, band[1:] != band[:-1]])
    sizes = np.diff(np.r_[starts, len(band)])
    rows = np.arange(len(band))
    head = np.repeat(starts, sizes)  # each row's group's first row
    small = np.repeat(sizes <= EVERY_PAIR_GROUP, sizes)
    # Small groups: each row with every row before it in its group.
    earlier = np.where(small, rows - head, 0)
    current_small = np.repeat(rows, earlier)
    other_small = np.repeat(head, earlier) + np.arange(earlier.sum()) - np.repeat(np.cumsum(earlier) - earlier, earlier)
    # Large groups: each row (but the first) with the row before it and with the group's first.
    later = rows[(rows > head) & ~small]
    other = np.concatenate([other_small, later - 1, head[later]])
    current = np.concatenate([current_small, later, later])
    keep = clusters[other] != clusters[current]
    other, current = other[keep], current[keep]
    swap = docs[other] > docs[current]
    first, second = np.where(swap, current, other), np.where(swap, other, current)
    found = np.unique(np.stack([docs[first], docs[second], clusters[first], clusters[second]], axis=1), axis=0)
    return pa.table([pa.array(found[:, k], pa.uint64()) for k in range(4)], schema=PAIRS)


def agreement(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """`similarity` of many pairs at once: rows of two (n, NUM_PERM) signature matrices."""
    return (a == b).mean(axis=1)


def signature_matrix(column: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """A column of signatures (fixed-size binary) as an (n, NUM_PERM) array of the 32-bit values."""
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    values = np.frombuffer(array.buffers()[1], "<u4") if len(array) else np.empty(0, "<u4")
    return values[array.offset * NUM_PERM:(array.offset + len(array)) * NUM_PERM].reshape(-1, NUM_PERM)


@dataclass(frozen=True)
class NearDuplicate:
    """A checked pair, with each side's cluster and the split it was first assigned."""

    doc_a: str
    doc_b: str
    similarity: float
    cluster_a: str
    cluster_b: str


@dataclass(frozen=True)
class Leakage:
    """What the split policy did with the near-duplicates: moves, and one report row per cross-split pair."""

    moves: dict[str, str]  # cluster id -> the split it follows (hash-split clusters only)
    rows: tuple[dict[str, object], ...]  # leakage.jsonl, sorted

    def remaining(self) -> int:
        return sum(1 for row in self.rows if row["split_a"] != row["split_b"])


def starting_splits(clusters: Iterable[str], pins: Mapping[str, str | None],
                    published: Mapping[str, str]) -> tuple[dict[str, str], dict[str, bool]]:
    """Each cluster's split before the leakage step, and whether it is fixed (pinned or published)."""
    initial = {c: split_of(c, pins.get(c), published.get(c)) for c in clusters}
    return initial, {c: pins.get(c) is not None or c in published for c in initial}


def final_splits(clusters: Iterable[str], pins: Mapping[str, str | None], published: Mapping[str, str],
                 pairs: Iterable[NearDuplicate]) -> dict[str, str]:
    """Every cluster's split as a build decides it: the split policy, then the leakage step's moves."""
    initial, fixed = starting_splits(clusters, pins, published)
    moves = resolve(pairs, initial, fixed).moves
    return {c: moves.get(c, split) for c, split in initial.items()}


def resolve(pairs: Iterable[NearDuplicate], initial: Mapping[str, str], pinned: Mapping[str, bool]) -> Leakage:
    """Move hash-split clusters to one split with their near-duplicate group; report the rest.

    `initial` is each cluster's split before this step (its pin, its published split, or its hash),
    `pinned` whether a pin or a past release decided it (such a cluster never moves). A group goes to
    the earliest split of its pinned clusters if it has any, else to its earliest split: a new
    near-duplicate of a published test cluster joins test, and never drags it into train.
    Order-free: the result depends only on the pairs, not the order they come in.
    """
    pairs = sorted(pairs, key=lambda p: (p.doc_a, p.doc_b))
    parent: dict[str, str] = {}

    def find(c: str) -> str:
        while parent.setdefault(c, c) != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for pair in pairs:
        a, b = find(pair.cluster_a), find(pair.cluster_b)
        if a != b:
            parent[max(a, b)] = min(a, b)
    earliest: dict[str, int] = {}
    earliest_pinned: dict[str, int] = {}
    for cluster in parent:
        root = find(cluster)
        earliest[root] = min(earliest.get(root, len(SPLITS)), SPLITS.index(initial[cluster]))
        if pinned[cluster]:
            earliest_pinned[root] = min(earliest_pinned.get(root, len(SPLITS)), SPLITS.index(initial[cluster]))
    moves = {}
    for cluster in sorted(parent):
        root = find(cluster)
        target = SPLITS[earliest_pinned.get(root, earliest[root])]
        if not pinned[cluster] and initial[cluster] != target:
            moves[cluster] = target
    final = {c: moves.get(c, initial[c]) for c in parent}
    rows = []
    for pair in pairs:
        if initial[pair.cluster_a] == initial[pair.cluster_b] and final[pair.cluster_a] == final[pair.cluster_b]:
            continue  # never across splits: not leakage (a pair one side of which moved away is)
        rows.append({
            "doc_a": pair.doc_a, "doc_b": pair.doc_b, "similarity": round(pair.similarity, 4),
            "split_a": final[pair.cluster_a], "split_b": final[pair.cluster_b],
            "resolution": "moved" if final[pair.cluster_a] == final[pair.cluster_b] else "reported",
        })
    return Leakage(moves, tuple(rows))
