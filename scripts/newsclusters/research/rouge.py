"""ROUGE-1, ROUGE-2 and ROUGE-Lsum of predicted summaries against the release's references.

The numbers are rouge-score's (Google's `rouge_score`, which most summarization papers report):
`rouge_scorer.RougeScorer(ROUGE_TYPES, use_stemmer=True).score(lsum_text(reference),
lsum_text(prediction))`, F1 of each type, averaged over clusters. rougeLsum needs one sentence per
line, so predictions and references alike go through `lsum_text` (our offline sentence splitter).

The scorer itself is not called: at Multi-News scale it would take most of the time budget (about
20 ms per 250-word pair here, nearly all in rougeLsum's pure-Python LCS tables). Instead, with the
same results, proven equal to the scorer by tests/test_evaluate.py and by `benchmarks/baselines.py
--check`:

* tokens come from rouge-score's own tokenizing steps, compiled patterns and Porter stemmer, with
  the per-word step memoised (stemming is most of its tokenizing time; a word always comes out the
  same); a text is tokenized once however many systems are scored against it (`prepare`);
* ROUGE-N uses rouge-score's n-gram counts and arithmetic (`_score_ngrams`, `scoring.fmeasure`);
* rougeLsum fills the LCS tables with numpy, a row of every table at once, then reads each LCS out
  with rouge-score's own backtracking rule on those tables, so the union LCS, the hit counts and
  the floats are identical (about 2 ms per pair).

Confidence intervals come from our own bootstrap, not rouge-score's `BootstrapAggregator`, which
draws from numpy's global, unseeded random state and so gives different intervals on every run.
"""

from __future__ import annotations

import codecs
import gzip
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from nltk.stem import porter
from rouge_score import rouge_scorer, scoring, tokenize

from newsclusters.errors import NOT_SCORED, ResearchInputError, raise_all
from newsclusters.pipeline.strict_json import parse_json, parse_problem
from newsclusters.research.parallel import chunked, map_chunks
from newsclusters.research.sentences import split_sentences
from newsclusters.wording import counted, json_type

ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")
ROUGE_LABELS = {"rouge1": "ROUGE-1", "rouge2": "ROUGE-2", "rougeLsum": "ROUGE-Lsum"}
STEM_CACHE_WORDS = 1 << 20  # distinct words whose stems are kept per process: a few tens of MB at most
SCORE_CHUNK_PAIRS = 64  # pairs per task when scoring in worker processes
MISSING_SHOWN = 5  # ids listed when references have no prediction
BOOTSTRAP_CHUNK_DRAWS = 1 << 22  # bootstrap indices held at once: 32 MB, whatever the split's size

# Byte -> itself for a-z, 0-9 and the line break, else a space: rouge-score's NON_ALPHANUM_RE as a table.
_ALPHANUM_OR_NEWLINE = bytes(b if b in b"abcdefghijklmnopqrstuvwxyz0123456789\n" else 0x20 for b in range(256))


UNSCORED_NOTE_SHARE = 0.01  # a note when at least this share of the letters and digits are ones ROUGE drops
_NON_ASCII_ALNUM = re.compile(r"[^\W_a-zA-Z0-9]")  # a letter or digit outside ASCII: rouge-score's tokenizer drops it
_NOT_ALNUM = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Unscored:
    """The letters and digits of some texts that rouge-score's tokenizer drops (those outside ASCII: 'é',
    'ß', '日'), out of all of them, and the first few distinct ones."""

    dropped: int
    total: int
    examples: str

    @property
    def share(self) -> float:
        return self.dropped / self.total if self.total else 0.0


def unscored_letters(texts: Iterable[str], shown: int = 5) -> Unscored:
    """What ROUGE will not see of `texts`: a summary in German or Japanese scores on its ASCII letters alone,
    so a wrong sentence in another script can score as a right one."""
    dropped = total = 0
    seen: dict[str, None] = {}
    for text in texts:
        total += len(_NOT_ALNUM.sub("", text))
        if not text.isascii():
            found = _NON_ASCII_ALNUM.findall(text)
            dropped += len(found)
            for char in found:
                if len(seen) < shown:
                    seen.setdefault(char)
    return Unscored(dropped, total, "".join(seen))


def lsum_text(text: str) -> str:
    """A summary as rougeLsum expects it: one sentence per line. Used for predictions and references alike."""
    return "\n".join(split_sentences(text))


def scorer() -> rouge_scorer.RougeScorer:
    """The reference scorer whose numbers this module reproduces (tests call it directly)."""
    return rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)


class _WordTokens(dict[str, str]):
    """Word -> rouge-score's token for it ("" to drop), filled on first sight: a per-process memo.

    rouge-score's per-word step: Porter-stem words over 3 letters, keep the result only if it is
    [a-z0-9]+. Stemming is most of rouge-score's tokenizing time and a word always comes out the
    same, so the memo changes no output. It is emptied if it ever holds STEM_CACHE_WORDS words.
    """

    def __init__(self) -> None:
        super().__init__()
        self._stem = porter.PorterStemmer().stem

    def __missing__(self, word: str) -> str:
        if len(self) >= STEM_CACHE_WORDS:
            self.clear()
        token = self._stem(word) if len(word) > 3 else word
        token = token if tokenize.VALID_TOKEN_RE.match(token) else ""
        self[word] = token
        return token


@cache
def _word_tokens() -> _WordTokens:
    return _WordTokens()


def rouge_tokens(text: str) -> list[str]:
    """rouge-score's tokens of `text` with stemming: what `DefaultTokenizer(use_stemmer=True)` returns.

    The same steps as `rouge_score.tokenize.tokenize`, with its compiled patterns and stemmer.
    """
    spaced = tokenize.NON_ALPHANUM_RE.sub(" ", text.lower())
    return [t for t in map(_word_tokens().__getitem__, tokenize.SPACES_RE.split(spaced)) if t]


def sentence_tokens(sentences: Sequence[str]) -> list[list[str]]:
    """`rouge_tokens` of each sentence, with one pattern pass over them all.

    rouge-score's steps are per word, so tokenizing the sentences joined by line breaks, with the
    line breaks kept, and cutting at them gives each sentence's tokens. Its pattern pass makes every
    character but a-z and 0-9 a space, as a byte table does, 15 times faster, once the lower-cased
    text is ASCII (each other character one '?'): a run of spaces splits words as one space does.
    """
    if not sentences:
        return []
    if any("\n" in s for s in sentences):
        return [rouge_tokens(s) for s in sentences]
    table = _word_tokens().__getitem__
    lowered = "\n".join(sentences).lower()
    spaced = lowered.encode("ascii", "replace").translate(_ALPHANUM_OR_NEWLINE).decode("ascii")
    return [[t for t in map(table, line.split()) if t] for line in spaced.split("\n")]


@dataclass(frozen=True)
class Tokens:
    """A text as the three ROUGE types see it; made once per text, however often it is scored."""

    sentences: list[list[str]]  # rougeLsum's sentences: the lines of lsum_text(text), tokenized
    unigrams: Counter[str]
    bigrams: Counter[tuple[str, str]]  # over the whole text, across sentence ends, as rouge-score counts

    @property
    def flat(self) -> list[str]:
        return [t for s in self.sentences for t in s]


def prepare(text: str) -> Tokens:
    """Tokens of a prediction or reference. Tokenizing sentence by sentence gives the same tokens as
    the whole text, since a line break only separates tokens."""
    sentences = sentence_tokens([line for line in lsum_text(text).split("\n") if len(line)])
    flat = [t for s in sentences for t in s]
    return Tokens(sentences, Counter(flat), Counter(zip(flat, flat[1:])))


def ngram_f(reference: Counter[Any], prediction: Counter[Any]) -> float:
    """ROUGE-N F1 from two n-gram multisets, with rouge-score's exact arithmetic (`_score_ngrams`).

    The overlap sums over the n-grams both hold (the others add 0): asking a Counter for an n-gram it
    lacks runs its `__missing__`, in Python, for each.
    """
    overlap = sum(min(reference[gram], prediction[gram]) for gram in reference.keys() & prediction.keys())
    precision = overlap / max(sum(prediction.values()), 1)
    recall = overlap / max(sum(reference.values()), 1)
    return scoring.fmeasure(precision, recall)


def _lcs_tables(reference: Sequence[Sequence[int]], prediction: Sequence[Sequence[int]]
                ) -> tuple[np.ndarray, list[int]]:
    """The LCS table of every (reference sentence, prediction sentence) pair, filled with numpy.

    tables[i, s, starts[j] + k] is cell (i, k) of the table of reference sentence s against
    prediction sentence j; column starts[j] is that table's all-zero column 0. A row of an LCS table
    is the running maximum of "diagonal + 1 on a match, else the cell above", so row i of every table
    is a few array operations; an offset per table keeps the running maximum from leaking from one
    table into the next, and a padded (finished) reference sentence keeps its last row.
    """
    starts, columns, table_of = [], [], []
    for index, sentence in enumerate(prediction):
        starts.append(len(columns))
        columns.append(-1)  # the zero column: matches no token
        columns.extend(sentence)
        table_of.extend([index] * (len(sentence) + 1))
    depth = max(map(len, reference))
    tokens = np.full((len(reference), depth), -2, dtype=np.int64)  # -2: past the end, matches nothing
    for s, sentence in enumerate(reference):
        tokens[s, :len(sentence)] = sentence
    cols = np.asarray(columns, dtype=np.int64)
    offset = np.asarray(table_of, dtype=np.int64) * (depth + 1)
    tables = np.zeros((depth + 1, len(reference), len(cols)), dtype=np.int64)
    shifted = np.zeros((len(reference), len(cols)), dtype=np.int64)
    for i in range(depth):
        row = tables[i]
        shifted[:, 1:] = row[:, :-1]
        step = np.where(cols == tokens[:, i:i + 1], shifted + 1, row)
        step += offset
        np.maximum.accumulate(step, axis=1, out=tables[i + 1])
        tables[i + 1] -= offset
    return tables, starts


def _summary_lcs_f(reference: Sequence[Sequence[str]], prediction: Sequence[Sequence[str]]) -> float:
    """rouge-score's `_summary_level_lcs` F1, with the tables filled by `_lcs_tables`."""
    if not reference or not prediction:
        return 0.0
    m, n = sum(map(len, reference)), sum(map(len, prediction))
    if not m or not n:
        return 0.0
    ids: dict[str, int] = {}
    ref_ids = [[ids.setdefault(t, len(ids)) for t in s] for s in reference]
    can_ids = [[ids.setdefault(t, len(ids)) for t in s] for s in prediction]
    tables, starts = _lcs_tables(ref_ids, can_ids)
    ends = [start + len(c) for c, start in zip(can_ids, starts)]
    left_r = Counter(t for s in reference for t in s)
    left_c = Counter(t for s in prediction for t in s)
    hits = 0
    for s, (sentence, r) in enumerate(zip(reference, ref_ids)):
        last = tables[len(r), s, ends].tolist()  # each table's LCS length: 0 means nothing to read out
        pairs = [(c, start) for c, start, length in zip(can_ids, starts, last) if length]
        union: set[int] = set()
        if pairs:
            table = tables[:len(r) + 1, s].tolist()
            for c, start in pairs:
                i, j = len(r), len(c)
                while i > 0 and j > 0:  # rouge-score's _backtrack_norec, on this table's cells
                    if r[i - 1] == c[j - 1]:
                        union.add(i - 1)
                        i -= 1
                        j -= 1
                    elif table[i][start + j - 1] > table[i - 1][start + j]:
                        j -= 1
                    else:
                        i -= 1
        for index in sorted(union):
            token = sentence[index]
            if left_c[token] > 0 and left_r[token] > 0:
                hits += 1
                left_c[token] -= 1
                left_r[token] -= 1
    return scoring.fmeasure(hits / n, hits / m)


def score_prepared(prediction: Tokens, reference: Tokens) -> dict[str, float]:
    """F1 of each ROUGE type for one pair of prepared texts."""
    return {
        "rouge1": ngram_f(reference.unigrams, prediction.unigrams),
        "rouge2": ngram_f(reference.bigrams, prediction.bigrams),
        "rougeLsum": _summary_lcs_f(reference.sentences, prediction.sentences),
    }


def score_pair(prediction: str, reference: str) -> dict[str, float]:
    """F1 of each ROUGE type for one (prediction, reference) pair: rouge-score's numbers."""
    return score_prepared(prepare(prediction), prepare(reference))


def _score_chunk(pairs: Sequence[tuple[str, str]]) -> list[dict[str, float]]:
    return [score_pair(p, r) for p, r in pairs]


def score_pairs(pairs: Sequence[tuple[str, str]], workers: int | None = None) -> list[dict[str, float]]:
    """(prediction, reference) -> F1 of each ROUGE type per pair, in order; same numbers for any `workers`."""
    return list(map_chunks(_score_chunk, chunked(pairs, SCORE_CHUNK_PAIRS), workers))


def bootstrap(per_pair: Sequence[Mapping[str, float]], resamples: int = 1000, seed: int = 0,
              confidence: float = 0.95, chunk_draws: int = BOOTSTRAP_CHUNK_DRAWS) -> dict[str, dict[str, float]]:
    """Mean F1 of each type with a percentile bootstrap interval over pairs.

    Every type is resampled with the same draws (pairs stay paired), from `default_rng(seed)`, so a
    seed gives the same intervals on every run and machine. The draws are made `chunk_draws` at a time:
    all at once, a train split of 45,000 clusters held 360 MB of indices and as much again per type.
    """
    if not per_pair:
        raise ValueError("bootstrap needs at least one scored pair")
    if resamples < 1:
        raise ValueError(f"resamples must be at least 1, got {resamples}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    rng, pairs = np.random.default_rng(seed), len(per_pair)
    values = {kind: np.asarray([pair[kind] for pair in per_pair], dtype=np.float64) for kind in ROUGE_TYPES}
    means: dict[str, list[np.ndarray]] = {kind: [] for kind in ROUGE_TYPES}
    rows = max(1, chunk_draws // pairs)  # resamples drawn at a time: the generator's stream is the same in chunks
    for start in range(0, resamples, rows):
        draws = rng.integers(0, pairs, size=(min(rows, resamples - start), pairs))
        for kind in ROUGE_TYPES:
            means[kind].append(values[kind][draws].mean(axis=1))
    tail = (1 - confidence) / 2 * 100
    result = {}
    for kind in ROUGE_TYPES:
        low, high = np.percentile(np.concatenate(means[kind]), [tail, 100 - tail])
        result[kind] = {"f": float(values[kind].mean()), "low": float(low), "high": float(high)}
    return result


def _read_lines(path: Path) -> tuple[dict[str, tuple[int, str]], list[ResearchInputError]]:
    """The file's predictions and every problem of its lines, each naming the line, record and field."""
    source = str(path)
    try:
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":  # gzip's magic number: 'predictions.jsonl.gz', read as the text it holds
            data = gzip.decompress(data)
    except (EOFError, zlib.error, gzip.BadGzipFile) as err:  # BadGzipFile is an OSError: before it
        return {}, [ResearchInputError(source, f"not a readable gzip file: {err}")]
    except OSError as err:
        return {}, [ResearchInputError(source, f"cannot read predictions: {err.strerror or err}")]
    data = data.removeprefix(codecs.BOM_UTF8)  # as for raw texts: an editor's byte-order mark is not content
    found: dict[str, tuple[int, str]] = {}
    problems: list[ResearchInputError] = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            problems.append(ResearchInputError(source, f"not UTF-8 text ({err.reason} at byte {err.start})", line=number))
            continue
        if line.strip():
            item = _prediction(line, source, number, found, problems)
            if item is not None:
                found[item[0]] = (number, item[1])
    if not found and not problems:
        problems.append(ResearchInputError(source, "no predictions: the file is empty"))
    return found, problems


def _prediction(line: str, source: str, number: int, found: Mapping[str, tuple[int, str]],
                problems: list[ResearchInputError]) -> tuple[str, str] | None:
    """(cluster_id, summary) of one line, or None with its problem added."""
    try:
        item = parse_json(line)
    except ValueError as err:  # not JSON, or a key given twice (which summary was meant?)
        problems.append(ResearchInputError(source, parse_problem(err, one_line=True), line=number))
        return None
    if not isinstance(item, dict):
        problems.append(ResearchInputError(source, f"expected a JSON object, got {json_type(item)}", line=number))
        return None
    record = item.get("cluster_id") if isinstance(item.get("cluster_id"), str) else None
    missing = [field for field in ("cluster_id", "summary") if field not in item]
    if missing:
        has = ", ".join(repr(key) for key in item) or "no fields"
        problems.extend(ResearchInputError(source, f'missing field (the line has {has}; a prediction is '
                                                   '{"cluster_id": ..., "summary": ...})',
                                           line=number, record=record, field=field) for field in missing)
        return None
    cluster_id, summary = item["cluster_id"], item["summary"]
    if not isinstance(cluster_id, str) or not cluster_id:
        problems.append(ResearchInputError(source, f"expected a non-empty string, got {cluster_id!r}", line=number,
                                           field="cluster_id"))
        return None
    if not isinstance(summary, str):
        problems.append(ResearchInputError(source, f"expected a string, got {json_type(summary)}", line=number,
                                           record=cluster_id, field="summary"))
        return None
    if cluster_id in found:
        problems.append(ResearchInputError(source, f"duplicate prediction (first on line {found[cluster_id][0]})",
                                           line=number, record=cluster_id, field="cluster_id"))
        return None
    return cluster_id, summary


def read_numbered_predictions(path: Path) -> dict[str, tuple[int, str]]:
    """cluster_id -> (line number, summary) from a JSON Lines file of {"cluster_id", "summary"} objects.

    Every problem of the file is reported at once (ResearchInputErrors; one alone as itself).
    """
    found, problems = _read_lines(path)
    raise_all(problems, NOT_SCORED)
    return found


def checked_predictions(path: Path, references: Mapping[str, str], split: str | None = None,
                        locate: Callable[[], tuple[Mapping[str, str], Mapping[str, str]]] | None = None
                        ) -> dict[str, tuple[int, str]]:
    """`read_numbered_predictions`, with the ids checked against the references in the same report.

    `locate` gives the other splits' cluster ids (id -> split) and the clusters the release left out (id
    -> reason), read only if some id is unknown: an id of another split is named as such, and when they
    all are, the split to score instead; an id the build left out is said to be so.
    """
    found, problems = _read_lines(path)
    if found:
        summaries = {c: s for c, (_, s) in found.items()}
        lines = {c: n for c, (n, _) in found.items()}
        unknown = [c for c in summaries if c not in references]
        elsewhere, left_out = locate() if unknown and locate is not None else ({}, {})
        problems += coverage_problems(summaries, references, str(path), split, lines, elsewhere, left_out)
    # File-wide problems first (the clusters without a prediction, the split to use): a long list is cut.
    raise_all(sorted(problems, key=lambda e: (e.line is not None, e.line or 0)), NOT_SCORED)
    return found


def read_predictions(path: Path) -> dict[str, str]:
    """cluster_id -> predicted summary from a JSON Lines file; blank lines are skipped."""
    return {cluster_id: summary for cluster_id, (_, summary) in read_numbered_predictions(path).items()}


def words(text: str) -> int:
    return len(text.split())


@dataclass(frozen=True)
class Evaluation:
    """Scores of one system on one split: fractions in [0, 1], means over clusters."""

    clusters: int
    scores: dict[str, dict[str, float]]  # type -> {"f", "low", "high"}
    prediction_words: float
    reference_words: float
    per_cluster: list[dict[str, Any]]  # {"cluster_id", "rouge1", "rouge2", "rougeLsum", "words"}, id order
    resamples: int
    seed: int

    def as_dict(self) -> dict[str, Any]:
        """JSON-able summary (no per-cluster rows)."""
        return {
            **{kind: dict(self.scores[kind]) for kind in ROUGE_TYPES},
            "clusters": self.clusters,
            "prediction_words": self.prediction_words,
            "reference_words": self.reference_words,
            "resamples": self.resamples,
            "seed": self.seed,
        }


def coverage_problems(predictions: Mapping[str, str], references: Mapping[str, str], source: str,
                      split: str | None = None, lines: Mapping[str, int] | None = None,
                      elsewhere: Mapping[str, str] | None = None,
                      left_out: Mapping[str, str] | None = None) -> list[ResearchInputError]:
    """Every prediction for a cluster not in the references, and the references without a prediction;
    `elsewhere` (id -> split) names the split an unknown id is in, `left_out` (id -> reason) why the
    build left it out of the release (an official test example with no usable article)."""
    where = f"the {split!r} split" if split else "the references"
    elsewhere, left_out = elsewhere or {}, left_out or {}
    unknown = sorted((c for c in predictions if c not in references), key=lambda c: (lines or {}).get(c, 0))
    found_in = {c: f" but in the {elsewhere[c]!r} split" for c in unknown if c in elsewhere}
    found_in |= {c: f": the build left it out of this release ({left_out[c]}), so drop its prediction"
                 for c in unknown if c in left_out and c not in elsewhere}
    if unknown:  # an id written with other case or spaces around it: said, not guessed at
        written = {reference.strip().lower(): reference for reference in references}
        found_in |= {c: f"; did you mean {written[c.strip().lower()]!r}?" for c in unknown
                     if c not in found_in and c.strip().lower() in written}
    problems = [ResearchInputError(source, f"unknown cluster: not in {where}{found_in.get(cluster_id, '')}",
                                   line=(lines or {}).get(cluster_id), record=cluster_id, field="cluster_id")
                for cluster_id in unknown]
    other = {elsewhere.get(c) for c in unknown}
    if len(unknown) == len(predictions) > 1 and len(other) == 1 and None not in other:  # the whole file
        problems.append(ResearchInputError(source, f"all {len(unknown)} unknown clusters are in the {other.pop()!r} "
                                                   "split: score them with --split set to it", field="cluster_id"))
    missing = sorted(set(references) - set(predictions))
    if missing:
        shown = ", ".join(repr(c) for c in missing[:MISSING_SHOWN])
        more = f" and {len(missing) - MISSING_SHOWN} more" if len(missing) > MISSING_SHOWN else ""
        verb = "has" if len(missing) == 1 else "have"
        problems.append(ResearchInputError(source, f"{len(missing)} of the {counted(len(references), 'cluster')} of "
                                           f"{where} {verb} no prediction: {shown}{more}", field="cluster_id"))
    return problems


def check_coverage(predictions: Mapping[str, str], references: Mapping[str, str], source: str,
                   split: str | None = None, lines: Mapping[str, int] | None = None) -> None:
    """Raise unless the predictions cover the references exactly: no unknown ids, none missing."""
    raise_all(coverage_problems(predictions, references, source, split, lines), NOT_SCORED)


def summarize(rows: Sequence[Mapping[str, Any]], reference_words: float, *, resamples: int = 1000,
              seed: int = 0) -> Evaluation:
    """An Evaluation from per-cluster score rows ({"cluster_id", each ROUGE type, "words"}, id order)."""
    return Evaluation(
        clusters=len(rows),
        scores=bootstrap(rows, resamples, seed),
        prediction_words=sum(row["words"] for row in rows) / len(rows),
        reference_words=reference_words,
        per_cluster=[dict(row) for row in rows],
        resamples=resamples,
        seed=seed,
    )


def evaluate(predictions: Mapping[str, str], references: Mapping[str, str], *, source: str = "predictions",
             split: str | None = None, lines: Mapping[str, int] | None = None, resamples: int = 1000,
             seed: int = 0, workers: int | None = None) -> Evaluation:
    """Score predictions against references (both cluster_id -> summary); every reference needs one prediction.

    `source`, `split` and `lines` (cluster_id -> line in the predictions file) only make errors precise;
    `workers` > 1 scores in that many processes, with the same result.
    """
    check_coverage(predictions, references, source, split, lines)
    if not references:
        raise ResearchInputError(source, "nothing to score: there are no references")
    ids = sorted(references)
    per_pair = score_pairs([(predictions[c], references[c]) for c in ids], workers)
    rows = [{"cluster_id": c, **scores, "words": words(predictions[c])} for c, scores in zip(ids, per_pair)]
    reference_words = sum(words(references[c]) for c in ids) / len(ids)
    return summarize(rows, reference_words, resamples=resamples, seed=seed)


def format_table(evaluation: Evaluation) -> str:
    """Percentages with two decimals and the bootstrap interval, as papers report them."""
    confidence = "95%"  # bootstrap() default, used by evaluate()
    lines = [f"{counted(evaluation.clusters, 'cluster')}; mean words: prediction {evaluation.prediction_words:.1f}, "
             f"reference {evaluation.reference_words:.1f}",
             f"{'metric':<11}{'F1':>7}  {confidence} bootstrap CI ({evaluation.resamples} resamples, "
             f"seed {evaluation.seed})"]
    for kind in ROUGE_TYPES:
        s = evaluation.scores[kind]
        lines.append(f"{ROUGE_LABELS[kind]:<11}{s['f'] * 100:>7.2f}  [{s['low'] * 100:.2f}, {s['high'] * 100:.2f}]")
    return "\n".join(lines)
