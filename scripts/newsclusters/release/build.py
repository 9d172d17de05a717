"""The commands' work: build a release from the raw texts, and verify a committed one.

The flow, whatever the engine: discover units -> map_unit over units (read, clean, validate, spill)
-> plan (corpus-wide checks per digest bucket, LSH band bucket and key partition; splits, shards) -> reduce_shard
over shards (split, nest, validate, write Parquet) -> card, citation, rejections, checksums ->
swap into place. Work folders live beside the release folder, never in it.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from newsclusters.errors import (
    NOT_BUILDABLE,
    NOT_VERIFIABLE,
    RawInputError,
    TooManyRejections,
    ValidationFailed,
    VerifyFailed,
)
from newsclusters.executor.engines import Engine, LocalEngine
from newsclusters.executor.faults import failpoint
from newsclusters.executor.plan import Plan, Sizing, plan
from newsclusters.executor.shards import ShardResult, Stats
from newsclusters.executor.tasks import (
    candidates_task,
    check_task,
    count_task,
    duplicates_task,
    frequent_task,
    map_task,
    pair_check_task,
    reduce_task,
    release_memory,
    send_task,
)
from newsclusters.executor.units import Rejection, UnitSummary
from newsclusters.limits import Limits
from newsclusters.pipeline.corpus import CORPUS, read_corpus
from newsclusters.pipeline.leakage import Leakage, NearDuplicate, resolve, starting_splits
from newsclusters.pipeline.ledger import first_published, published_splits, read_ledger
from newsclusters.pipeline.raw import discover
from newsclusters.pipeline.records import CONFIGS
from newsclusters.progress import Report
from newsclusters.release.card import (
    PRETTY_NAME,
    changelog_text,
    citation_cff,
    croissant,
    display_name,
    license_text,
    render_card,
)
from newsclusters.release.publish import (
    CARD,
    CHANGELOG,
    CHECKSUMS,
    CITATION,
    CROISSANT,
    IMAGES,
    LEAKAGE,
    LICENSE,
    REJECTIONS,
    check_copy_places,
    check_places,
    check_release_folder,
    checksums_text,
    config_digest,
    features_metadata,
    read_checksums,
    release_files,
    release_lock,
    sha256_file,
    staging_folder,
    swap_in,
    uninterrupted,
    written_beside,
)
from newsclusters.research.report import require_research_extra, research_section
from newsclusters.versioning import Release, load_releases
from newsclusters.wording import counted

# The stages, named once: progress reports, `BuildResult.seconds` and the bench table all use these.
STAGE_DISCOVER = "discover"
STAGE_COUNT = "count lines"
STAGE_MAP = "read+clean+validate"
STAGE_CHECK = "check corpus"  # the corpus-wide checks (duplicates, near-duplicates, metadata) and the plan
STAGE_WRITE = "split+write"
STAGE_CARD = "card+checksums"  # with the card's statistics, figures and baselines, and the reports
STAGE_SWAP = "swap"
STAGES = (STAGE_DISCOVER, STAGE_COUNT, STAGE_MAP, STAGE_CHECK, STAGE_WRITE, STAGE_CARD, STAGE_SWAP)


@dataclass
class _StageProgress:
    """Running totals of one stage (parts finished, documents in them), passed on to the report.

    Created when the stage starts, it reports 0 parts done at once, so that a reader's clock (and so
    its rate) starts with the stage rather than when the first part is finished.
    """

    stage: str
    total: int
    report: Report | None
    done: int = 0
    documents: int = 0

    def __post_init__(self) -> None:
        if self.report is not None:
            self.report(self.stage, self.done, self.total, self.documents)

    def add(self, documents: int) -> None:
        self.done += 1
        self.documents += documents
        if self.report is not None:
            self.report(self.stage, self.done, self.total, self.documents)


@dataclass(frozen=True)
class BuildResult:
    version: str
    rows: dict[str, dict[str, int]]
    files: list[str]
    documents: int = 0  # raw documents read
    raw_bytes: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # per stage
    name: str = PRETTY_NAME  # what the release calls itself: NewsClusters, or an ingested corpus cleaned by it
    rejections: tuple[Rejection, ...] = ()  # what was left out, as rejections.jsonl lists it

    @property
    def rejected(self) -> dict[str, dict[str, int]]:
        """Kind ("document", "cluster") -> reason -> how many were left out for it, in rejections.jsonl's order."""
        counts: dict[str, dict[str, int]] = {}
        for rejection in self.rejections:
            by_reason = counts.setdefault(rejection.kind, {})
            by_reason[rejection.reason] = by_reason.get(rejection.reason, 0) + 1
        return counts


def write_release(raw: Path, folder: Path, spill: Path, limits: Limits, engine: Engine,
                  report: Report | None = None, sizing: Sizing = Sizing(),
                  history: tuple[Release, ...] | None = None) -> BuildResult:
    """Run the whole pipeline, writing every release file into the empty `folder`.

    `history` is the release history whose newest entry this release is (default: the package's own).
    """
    require_research_extra()
    history = history or load_releases()
    release = history[-1]
    seconds: dict[str, float] = {}
    clock = time.perf_counter()
    units, layout_problems = discover(raw, sizing.unit_raw_bytes)
    try:
        corpus = read_corpus(raw)  # whose data this is, for the card
    except RawInputError as err:  # reported with the layout's problems, all in one run
        corpus, layout_problems = None, [*layout_problems, str(err)]
    if not units:
        raise ValidationFailed(layout_problems)
    partitions = sizing.partitions(sum(u.nbytes for u in units))
    key_partitions = sizing.key_partitions(partitions)
    seconds[STAGE_DISCOVER] = time.perf_counter() - clock

    clock = time.perf_counter()
    counting = _StageProgress(STAGE_COUNT, len(units), report)
    # (line, cluster) pairs in as many buckets as record partitions: a bucket's distinct count stays
    # small, and the spill's run files hold every bucket of a unit (any bucket count gives exact counts).
    engine.map(partial(count_task, raw, spill, partitions, limits), list(enumerate(units)), counting.add)
    line_counts: dict[int, int] = {}
    for frequent in engine.map(partial(frequent_task, spill), list(range(partitions))):
        line_counts.update(frequent)
    seconds[STAGE_COUNT] = time.perf_counter() - clock

    clock = time.perf_counter()
    mapping = _StageProgress(STAGE_MAP, len(units), report)
    task = partial(map_task, raw, spill, partitions, key_partitions, limits, line_counts)
    summaries: list[UnitSummary] = engine.map(
        task, list(enumerate(units)), lambda summary: mapping.add(summary.raw_documents)
    )
    seconds[STAGE_MAP] = time.perf_counter() - clock

    clock = time.perf_counter()
    checking = _StageProgress(STAGE_CHECK, key_partitions, report)
    ledger = read_ledger(raw)
    published = published_splits(ledger)
    duplicates = engine.map(partial(duplicates_task, spill, key_partitions, first_published(ledger)),
                            list(range(key_partitions)))
    dropped = [r for found in duplicates for r in found]
    leaks = _near_duplicates(engine, spill, key_partitions, [r.id for r in dropped], published, sizing.pair_batch)
    checks = engine.map(partial(check_task, spill, raw, leaks.moves, published), list(range(key_partitions)),
                        lambda check: checking.add(check.documents))
    the_plan: Plan = plan(summaries, checks, dropped, limits, partitions, layout_problems, sizing)
    del summaries, checks, duplicates
    release_memory()
    seconds[STAGE_CHECK] = time.perf_counter() - clock
    failpoint("after-validate")

    clock = time.perf_counter()
    metadata = {config: features_metadata(config) for config in CONFIGS}
    writing = _StageProgress(STAGE_WRITE, len(the_plan.shards), report)
    task2 = partial(reduce_task, spill, key_partitions, folder, metadata)
    results: list[ShardResult] = engine.map(
        task2, list(the_plan.shards), lambda result: writing.add(result.stats.documents)
    )
    problems = [p for r in results for p in r.problems]
    if problems:
        raise ValidationFailed(problems)
    stats = Stats()
    for result in results:
        stats = stats.merge(result.stats)
    seconds[STAGE_WRITE] = time.perf_counter() - clock
    if corpus is None and stats.ingested:
        raise ValidationFailed([
            f"{raw}: {counted(stats.ingested, 'cluster')} came from another corpus (their source_cluster_id is set) "
            f"but the raw folder has no {CORPUS}, so the release would be named, licensed and cited as NewsClusters: "
            f"ingest them again (newsclusters ingest writes {CORPUS}) or write one (schema/corpus.schema.json)"])
    engine.rest()  # no map stage is left: the workers' memory goes back before the card's research pool starts

    clock = time.perf_counter()
    carding = _StageProgress(STAGE_CARD, 1, report)
    (folder / REJECTIONS).write_text(
        "".join(json.dumps(r.as_dict(), ensure_ascii=False, sort_keys=True) + "\n" for r in the_plan.rejections),
        encoding="utf-8",
    )
    (folder / LEAKAGE).write_text(
        "".join(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n" for row in leaks.rows), encoding="utf-8"
    )
    research = research_section(folder, stats.rows["clusters"], stats.rows["documents"],
                                getattr(engine, "workers", None), images_folder=IMAGES, name=display_name(corpus))
    digests = {config: config_digest(folder, config) for config in CONFIGS}
    (folder / CARD).write_text(render_card(release, stats, the_plan.rejections, leaks, research.markdown,
                                           corpus, digests), encoding="utf-8")
    (folder / CITATION).write_text(citation_cff(release, corpus), encoding="utf-8")
    (folder / LICENSE).write_text(license_text(release, corpus), encoding="utf-8")
    (folder / CHANGELOG).write_text(changelog_text(history, corpus), encoding="utf-8")
    (folder / CROISSANT).write_text(croissant(folder, release, corpus), encoding="utf-8")  # after every file it lists
    (folder / CHECKSUMS).write_text(checksums_text(folder), encoding="utf-8")
    carding.add(stats.documents)
    seconds[STAGE_CARD] = time.perf_counter() - clock
    rows = {c: {s: n for s, n in stats.rows.get(c, {}).items()} for c in CONFIGS}
    return BuildResult(release.version, rows, release_files(folder) + [CHECKSUMS], the_plan.documents,
                       the_plan.raw_bytes, seconds, display_name(corpus), tuple(the_plan.rejections))


def _near_duplicates(engine: Engine, spill: Path, key_partitions: int, dropped: list[str],
                     published: dict[str, str], pair_batch: int) -> Leakage:
    """Near-duplicate documents across splits, and the clusters the split policy moves because of them.

    Candidates are found per band bucket and checked where their documents' signatures are, in three
    map stages; only the pairs that pass reach this process. A cluster pinned by its metadata or
    published by a past release (`published`) never moves: its new near-duplicates join it instead.
    """
    partitions = list(range(key_partitions))
    if not sum(engine.map(partial(candidates_task, spill, key_partitions), partitions)):
        return Leakage({}, ())
    engine.map(partial(send_task, spill), partitions)
    pairs: list[NearDuplicate] = []
    pins: dict[str, str | None] = {}
    for check in engine.map(partial(pair_check_task, spill, frozenset(dropped), pair_batch), partitions):
        pairs += check.pairs
        pins.update(check.pins)
    clusters = {c for pair in pairs for c in (pair.cluster_a, pair.cluster_b)}
    # A cluster without metadata has no pin; the checks report it, and nothing is published then.
    return resolve(pairs, *starting_splits(clusters, pins, published))


def _copies(card_copy: Path | None, citation_copy: Path | None, changelog_copy: Path | None = None) -> dict[str, Path]:
    """Release files also kept outside the release (name in the release -> path), e.g. at the repository root.

    GitHub shows a root `CITATION.cff` as "Cite this repository" and the root card is what a reader of
    the repository sees first; both must be the release's own bytes.
    """
    pairs = ((CARD, card_copy), (CITATION, citation_copy), (CHANGELOG, changelog_copy))
    return {name: path for name, path in pairs if path is not None}


def build_release(
    raw: Path,
    out: Path,
    card_copy: Path | None = None,
    limits: Limits = Limits(),
    engine: Engine | None = None,
    report: Report | None = None,
    sizing: Sizing = Sizing(),
    citation_copy: Path | None = None,
    changelog_copy: Path | None = None,
    history: tuple[Release, ...] | None = None,
) -> BuildResult:
    """raw -> clean -> validate -> split -> publish into `out`, atomically and one build at a time."""
    check_places(raw, out)
    check_release_folder(out)
    check_copy_places(out, list(_copies(card_copy, citation_copy, changelog_copy).values()), raw)  # before the work
    engine = engine or LocalEngine()
    with work_folders(out, engine) as (spill, staging):
        result = write_release(raw, staging, spill, limits, engine, report, sizing, history)
        copies = {path: (staging / name).read_bytes()
                  for name, path in _copies(card_copy, citation_copy, changelog_copy).items()}
        failpoint("after-staging")
        clock = time.perf_counter()
        with written_beside(out, copies) as beside, uninterrupted():
            swap_in(staging, out, beside)
        result.seconds[STAGE_SWAP] = time.perf_counter() - clock
        failpoint("after-swap")
    return result


@contextlib.contextmanager
def work_folders(out: Path, engine: Engine) -> Iterator[tuple[Path, Path]]:
    """`out`'s lock, and its spill and staging folders, removed on the way out after the engine has stopped.

    A build that fails or is interrupted may leave tasks running (a process pool finishes the ones it
    started; a Dask worker does not stop on Ctrl-C): stopped after the folders went, they would write
    them again, and leave them behind.
    """
    try:
        with release_lock(out), staging_folder(out, "spill") as spill, staging_folder(out) as staging:
            try:
                yield spill, staging
            finally:
                engine.close()
    finally:
        engine.close()  # also when the lock or a folder could not be had; closing twice is closing once


@dataclass(frozen=True)
class ChecksumDifferences:
    """How the files of a release folder differ from its own SHA256SUMS (release-relative names, sorted)."""

    missing: list[str]  # listed, not there
    changed: list[str]  # there, another SHA-256
    unlisted: list[str]  # there, not listed


def checksum_differences(out: Path) -> ChecksumDifferences:
    """`out` against its SHA256SUMS, which must exist."""
    listed = read_checksums(out / CHECKSUMS)
    found = set(release_files(out))
    return ChecksumDifferences(
        missing=sorted(set(listed) - found),
        changed=sorted(name for name in set(listed) & found if sha256_file(out / name) != listed[name]),
        unlisted=sorted(found - set(listed)),
    )


def check_checksums(out: Path) -> list[str]:
    """Problems with `out` against its own SHA256SUMS: missing, changed or unlisted files."""
    sums_path = out / CHECKSUMS
    if not sums_path.is_file():
        return [f"{sums_path}: missing"]
    found = checksum_differences(out)
    return (
        [f"{out / name}: listed in {CHECKSUMS} but missing" for name in found.missing]
        + [f"{out / name}: SHA-256 differs from {CHECKSUMS}" for name in found.changed]
        + [f"{out / name}: not listed in {CHECKSUMS}" for name in found.unlisted]
    )


def verify_release(raw: Path, out: Path, card_copy: Path | None = None, limits: Limits = Limits(),
                   engine: Engine | None = None, citation_copy: Path | None = None,
                   changelog_copy: Path | None = None) -> list[str]:
    """Rebuild from `raw` into a temporary folder and compare with `out` (and the copies) byte for byte."""
    check_places(raw, out)
    engine = engine or LocalEngine()
    with work_folders(out, engine) as (spill, fresh):
        problems = check_checksums(out)
        try:
            write_release(raw, fresh, spill, limits, engine)
        except (ValidationFailed, TooManyRejections) as err:
            raise err.with_outcome(NOT_VERIFIABLE) from None
        expected = release_files(fresh) + [CHECKSUMS]
        actual = set(release_files(out) + ([CHECKSUMS] if (out / CHECKSUMS).exists() else []))
        for name in expected:
            if name not in actual:
                problems.append(f"{out / name}: a rebuild writes this file but the release lacks it")
            elif sha256_file(fresh / name) != sha256_file(out / name):
                problems.append(f"{out / name}: differs from a rebuild from {raw}")
        for name in sorted(actual - set(expected)):
            problems.append(f"{out / name}: not produced by a rebuild from {raw}")
        for name, path in _copies(card_copy, citation_copy, changelog_copy).items():
            if not path.is_file():
                problems.append(f"{path}: missing; a build writes it as a copy of the release's {name}")
            elif path.read_bytes() != (fresh / name).read_bytes():
                problems.append(f"{path}: differs from the rebuilt {name}")
    return problems


def verify_or_raise(raw: Path, out: Path, card_copy: Path | None = None, limits: Limits = Limits(),
                    engine: Engine | None = None, citation_copy: Path | None = None,
                    changelog_copy: Path | None = None) -> None:
    problems = verify_release(raw, out, card_copy, limits, engine, citation_copy, changelog_copy)
    if problems:
        raise VerifyFailed("release does not match its raw texts:\n" + "\n".join(f"  - {p}" for p in problems))


def validate_raw(raw: Path, limits: Limits = Limits(), engine: Engine | None = None) -> BuildResult:
    """Everything a build checks, written to a throwaway folder: for curators checking a corpus."""
    engine = engine or LocalEngine()
    try:
        with tempfile.TemporaryDirectory(prefix="newsclusters-validate-") as tmp:
            folder, spill = Path(tmp) / "release", Path(tmp) / "spill"
            folder.mkdir()
            spill.mkdir()
            try:
                return write_release(raw, folder, spill, limits, engine)
            finally:
                engine.close()  # before the folder goes: no task still running writes it again
    except (ValidationFailed, TooManyRejections) as err:
        raise err.with_outcome(NOT_BUILDABLE) from None
    finally:
        engine.close()
