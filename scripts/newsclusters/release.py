"""The commands' work: build a release from the raw texts, and verify a committed one.

This is where the stages meet the file system: read raw/, run the pipeline, write into a staging
folder, swap it in. `verify` runs the same build into a temporary folder and compares bytes.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from newsclusters import __version__
from newsclusters.build import Corpus, Progress, build_corpus
from newsclusters.card import citation_cff, compute_stats, render_card
from newsclusters.clean import Cleaner
from newsclusters.errors import TooManyRejections, ValidationFailed, VerifyFailed
from newsclusters.publish import (
    CARD,
    CHECKSUMS,
    CITATION,
    REJECTIONS,
    checksums_text,
    data_file,
    failpoint,
    parse_checksums,
    release_lock,
    release_files,
    sha256_file,
    staging_folder,
    swap_in,
    write_parquet,
)
from newsclusters.raw import Limits, read_raw_tree
from newsclusters.records import CONFIGS


@dataclass(frozen=True)
class BuildResult:
    version: str
    rows: dict[str, dict[str, int]]
    files: list[str]


def load_corpus(raw: Path, limits: Limits = Limits(), progress: Progress | None = None) -> Corpus:
    """Read, clean and validate everything under `raw`, or raise listing every problem."""
    clusters, problems = read_raw_tree(raw, limits)
    try:
        corpus = build_corpus(clusters, Cleaner(), limits, progress)
    except ValidationFailed as err:
        raise ValidationFailed(problems + err.problems) from None
    except TooManyRejections:
        if not problems:
            raise
    if problems:
        raise ValidationFailed(problems)
    return corpus


def write_release(corpus: Corpus, folder: Path) -> BuildResult:
    """Write every release file into `folder` (which should be empty)."""
    for config in CONFIGS:
        for split in corpus.splits():
            write_parquet(corpus.table(config, split), folder / data_file(config, split))
            failpoint("mid-write")
    (folder / REJECTIONS).write_text(
        "".join(json.dumps(r.as_dict(), ensure_ascii=False, sort_keys=True) + "\n" for r in corpus.rejections),
        encoding="utf-8",
    )
    stats = compute_stats(corpus)
    (folder / CARD).write_text(render_card(corpus, stats), encoding="utf-8")
    (folder / CITATION).write_text(citation_cff(), encoding="utf-8")
    (folder / CHECKSUMS).write_text(checksums_text(folder), encoding="utf-8")
    return BuildResult(__version__, stats.rows, release_files(folder) + [CHECKSUMS])


def build_release(
    raw: Path,
    out: Path,
    card_copy: Path | None = None,
    limits: Limits = Limits(),
    progress: Progress | None = None,
) -> BuildResult:
    """raw -> clean -> validate -> split -> publish into `out`, atomically and one build at a time."""
    with release_lock(out):
        corpus = load_corpus(raw, limits, progress)
        failpoint("after-validate")
        with staging_folder(out) as staging:
            result = write_release(corpus, staging)
            card = (staging / CARD).read_bytes()
            failpoint("after-staging")
            swap_in(staging, out)
        if card_copy is not None:
            _write_atomically(card_copy, card)
        failpoint("after-swap")
    return result


def _write_atomically(path: Path, data: bytes) -> None:
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}-", delete=False) as handle:
        handle.write(data)
    Path(handle.name).replace(path)


def check_checksums(out: Path) -> list[str]:
    """Problems with `out` against its own SHA256SUMS: missing, changed or unlisted files."""
    sums_path = out / CHECKSUMS
    if not sums_path.is_file():
        return [f"{sums_path}: missing"]
    listed = parse_checksums(sums_path.read_text("utf-8"), str(sums_path))
    problems = []
    for name, digest in sorted(listed.items()):
        path = out / name
        if not path.is_file():
            problems.append(f"{path}: listed in {CHECKSUMS} but missing")
        elif sha256_file(path) != digest:
            problems.append(f"{path}: SHA-256 differs from {CHECKSUMS}")
    for name in release_files(out):
        if name not in listed:
            problems.append(f"{out / name}: not listed in {CHECKSUMS}")
    return problems


def verify_release(raw: Path, out: Path, card_copy: Path | None = None, limits: Limits = Limits()) -> list[str]:
    """Rebuild from `raw` into a temporary folder and compare with `out` byte for byte."""
    with release_lock(out):
        return _compare_with_rebuild(raw, out, card_copy, limits)


def _compare_with_rebuild(raw: Path, out: Path, card_copy: Path | None, limits: Limits) -> list[str]:
    problems = check_checksums(out)
    corpus = load_corpus(raw, limits)
    with staging_folder(out) as fresh:
        write_release(corpus, fresh)
        expected = release_files(fresh) + [CHECKSUMS]
        actual = set(release_files(out) + ([CHECKSUMS] if (out / CHECKSUMS).exists() else []))
        for name in expected:
            if name not in actual:
                problems.append(f"{out / name}: a rebuild writes this file but the release lacks it")
            elif (fresh / name).read_bytes() != (out / name).read_bytes():
                problems.append(f"{out / name}: differs from a rebuild from {raw}")
        for name in sorted(actual - set(expected)):
            problems.append(f"{out / name}: not produced by a rebuild from {raw}")
        if card_copy is not None and (
            not card_copy.is_file() or card_copy.read_bytes() != (fresh / CARD).read_bytes()
        ):
            problems.append(f"{card_copy}: differs from the rebuilt card {CARD}")
    return problems


def verify_or_raise(raw: Path, out: Path, card_copy: Path | None = None, limits: Limits = Limits()) -> None:
    problems = verify_release(raw, out, card_copy, limits)
    if problems:
        raise VerifyFailed("release does not match its raw texts:\n" + "\n".join(f"  - {p}" for p in problems))
