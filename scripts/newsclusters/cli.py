"""`newsclusters`: argparse in, stage calls out. No logic lives here.

Errors are `NewsclustersError`s with context; they are caught once, here, printed for a person and
turned into a non-zero exit status. The pipeline (pyarrow, datasets, jsonschema) is imported by the
commands that run it, so `clean`, a command run per file or per batch, starts in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from newsclusters.errors import (
    DateHeaderError,
    NewsclustersError,
    RawInputError,
    ResearchInputError,
    ValidationFailed,
)
from newsclusters.limits import Limits
from newsclusters.pipeline.cluster_meta import METADATA_FILE, encoding_problem, own_entry, parse_cluster_json
from newsclusters.pipeline.split import SPLITS
from newsclusters.pipeline.strict_json import parse_json, parse_problem
from newsclusters.pipeline import cluster_meta
from newsclusters.pipeline.clean import (
    Cleaner,
    cluster_line_keys,
    content_rejection,
    decode_raw,
    default_cleaner,
    document_site,
    metadata_title,
)
from newsclusters.progress import terminal_progress
from newsclusters.versioning import is_date
from newsclusters.wording import counted, json_type

if TYPE_CHECKING:
    from newsclusters.executor.engines import Engine
    from newsclusters.release.build import BuildResult

DEFAULT_RAW = Path("dataset/raw")
DEFAULT_OUT = Path("dataset")


class _ShowMapKeys(argparse.Action):
    """`ingest --map-keys`: each key, its default field and what it means, read from the jsonl format itself
    (imported only when asked for, so that every other command starts without the ingest package)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        from newsclusters.ingest.generic_jsonl import MAP_KEYS

        width = max(map(len, MAP_KEYS))
        for key, (default, meaning) in MAP_KEYS.items():
            print(f"{key:<{width}}  {meaning}" + (f" [default field: {default}]" if default else ""))
        parser.exit()
DEFAULT_CARD = Path("DATACARD.md")
LEFT_OUT_SHOWN = 25  # what `validate --raw` lists of the documents and clusters a build would leave out
UNPINNED = "unpinned"  # ingest's word for no split pin (ingest.common.UNPINNED; not imported: start-up time)
DEFAULT_CITATION = Path("CITATION.cff")  # at the repository root, where GitHub looks for it
DEFAULT_CHANGELOG = Path("CHANGELOG.md")


def _checked(convert: Callable[[str], Any], kind: str, holds: Callable[[Any], bool], wanted: str
             ) -> Callable[[str], Any]:
    """An argparse type: `convert(text)` where `holds` of it (nan never does); argparse refuses anything else
    (a usage message and exit status 2) before any work starts."""
    def parse(text: str) -> Any:
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not {kind}: {text!r}") from None
        if not holds(value):
            raise argparse.ArgumentTypeError(f"must be {wanted}, got {text}")
        return value
    return parse


_positive_int = _checked(int, "an integer", lambda value: value >= 1, "at least 1")
_non_negative_int = _checked(int, "an integer", lambda value: value >= 0, "at least 0")
_positive_number = _checked(float, "a number", lambda value: value > 0, "above 0")
_share = _checked(float, "a number", lambda value: 0 <= value <= 1, "a share between 0 and 1")
_release_date = _checked(str, "a date", is_date, "a date YYYY-MM-DD")


def _engine(args: argparse.Namespace) -> Engine:
    from newsclusters.executor.engines import DaskEngine, LocalEngine

    if args.engine == "dask":
        return DaskEngine(args.address, args.workers)
    return LocalEngine(args.workers)


def _limits(args: argparse.Namespace) -> Limits:
    return Limits(args.max_file_bytes, args.max_line_chars, args.max_rejected)


def _add_limit_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--engine", choices=("local", "dask"), default="local",
                         help="where the work runs: this machine's cores, or Dask (default: %(default)s)")
    command.add_argument("--workers", type=_positive_int, help="worker processes (default: one per core)")
    command.add_argument("--address", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: a local cluster)")
    default = Limits()
    command.add_argument("--max-file-bytes", type=_positive_int, default=default.max_file_bytes,
                         help="largest raw document accepted (default: %(default)s)")
    command.add_argument("--max-line-chars", type=_positive_int, default=default.max_line_chars,
                         help="longest line accepted in a raw document (default: %(default)s)")
    command.add_argument("--max-rejected", type=_share, default=default.max_rejected_share,
                         help="share of documents that may be left out for their content before the build fails "
                         "(default: %(default)s)")


def _text_lines(path: Path) -> Iterator[tuple[int, str | RawInputError]]:
    """(number, line) of a UTF-8 text file, or (number, its problem) for a line that is not UTF-8: the lines after
    it are still read. A file that cannot be read is an error naming it."""
    try:
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                try:
                    yield number, raw.decode("utf-8")
                except UnicodeDecodeError as err:
                    yield number, RawInputError(f"{path}:{number}", f"not valid UTF-8 at byte {err.start + 1} of "
                                                                    f"the line ({raw[err.start:err.start + 4]!r})")
    except OSError as err:
        raise RawInputError(str(path), f"cannot read: {err.strerror or err}") from err


CLEAN_FIELDS = ("id", "text", "title", "date", "url")  # a --jsonl line's: strings; `title`, `date`, `url` optional


def _clean_record(line: str, where: str) -> dict[str, Any]:
    """One --jsonl line: an object with a string `id` and `text`, and an optional string `title`, `date` and
    `url`. A key given twice is refused, as the build refuses it: which text was meant?"""
    try:
        item = parse_json(line.rstrip("\r\n"))
    except ValueError as err:  # not JSON, a key given twice, a lone surrogate, a number of 4,300+ digits
        raise RawInputError(where, parse_problem(err, one_line=True)) from None
    if not isinstance(item, dict):
        raise RawInputError(where, f'expected a JSON object ({{"id": ..., "text": ...}}), got {json_type(item)}')
    record = item["id"] if isinstance(item.get("id"), str) else None
    for field in CLEAN_FIELDS:
        if field not in item:
            if field in ("id", "text"):
                has = ", ".join(map(repr, item)) or "no keys"
                raise RawInputError(where, f"missing (the line has {has})", record=record, field=field)
        elif not isinstance(item[field], str) and (field in ("id", "text") or item[field] is not None):
            raise RawInputError(where, f"expected a string, got {json_type(item[field])}", record=record, field=field)
    if isinstance(item.get("date"), str) and not is_date(item["date"]):  # a build's schema refuses it
        raise RawInputError(where, f"expected a date as YYYY-MM-DD, got {item['date']!r}", record=record, field="date")
    return item


def _clean_inputs(args: argparse.Namespace, problems: list[RawInputError] | None = None
                  ) -> Iterator[tuple[str, str, str, str | None, Mapping[str, Any], str]]:
    """(where it came from, id, raw text, site, metadata, story cluster) of every input: the --jsonl lines,
    then the files. Files in one folder are one story cluster, as a cluster folder is in a build; each
    --jsonl line is a cluster of its own, since it carries no cluster id.
    A --jsonl line that is not such a record goes to `problems` when given (the count pass gathers them
    all), else it is raised.

    The site (`document_site`: a JSON line's optional `url`, or what the `cluster.json`
    beside a file says of it) is what site_repeated_v4 counts lines by, as in a build. The metadata is
    a JSON line's optional `title` and `date`, or the date the `cluster.json` gives a file: what a build
    puts in the record when the text has no date header (and a title the rules don't guess).
    """
    if args.jsonl is not None:
        for number, line in _text_lines(args.jsonl):
            where = f"{args.jsonl}:{number}"
            if isinstance(line, str) and not line.strip():
                continue
            try:
                if isinstance(line, RawInputError):
                    raise line
                item = _clean_record(line, where)
            except RawInputError as err:
                if problems is None:
                    raise
                problems.append(err)
                continue
            doc_id, text, title, date = item["id"], item["text"], item.get("title"), item.get("date")
            yield where, doc_id, text, document_site(item), {"title": title, "date": date}, where
    for path in args.files:
        if path.name == METADATA_FILE:
            raise RawInputError(str(path), "the cluster's metadata, not an article: clean the raw .txt files "
                                           "beside it (it is read for their encoding and site)")
        try:
            data = path.read_bytes()
        except OSError as err:
            raise RawInputError(str(path), f"cannot read: {err.strerror}") from err
        declared = own_entry(_cluster_json(path), path.name)
        yield (str(path), path.stem, decode_raw(data, str(path), declared_encoding(path)), document_site(declared),
               {"date": declared.get("date")}, str(path.parent))


def _cluster_json(path: Path) -> Mapping[str, Any]:
    """The `cluster.json` beside a raw file, parsed as a build parses it (empty when there is none).

    A file a build could not read is an error here too: guessing would show a curator other text
    than the build will clean.
    """
    meta_path = path.parent / METADATA_FILE
    if not meta_path.is_file():
        return {}
    try:
        metadata = parse_cluster_json(meta_path.read_bytes())
    except (OSError, ValueError) as err:  # UnicodeDecodeError is a ValueError
        raise RawInputError(str(meta_path), f"cannot read it for {path.name}: {err}") from err
    if not isinstance(metadata, dict):
        raise RawInputError(str(meta_path), f"not a JSON object (a cluster's metadata), so {path.name} cannot be read "
                            "as a build would")
    return metadata


def declared_encoding(path: Path) -> str | None:
    """The encoding the `cluster.json` beside a raw file declares for it (None: UTF-8), as a build reads it."""
    encoding, where = cluster_meta.declared_encoding(_cluster_json(path), path.name)
    if encoding is not None and (problem := encoding_problem(encoding)) is not None:
        raise RawInputError(str(path.parent / METADATA_FILE), f"{where}: {problem}")
    return encoding


def _clean_results(args: argparse.Namespace, cleaner: Cleaner) -> Iterator[tuple[str, dict[str, object], str | None]]:
    """(where it came from, the result as a build would record it, why a build would leave it out or None)."""
    # As in a build: a count pass over all the inputs first (corpus repetition, by story cluster: a line the
    # copies of a wire story in one cluster share is counted once), then the cleaning.
    clusters: dict[str, set[int]] = {}
    problems: list[RawInputError] = []  # every bad --jsonl line, said together before anything is cleaned
    for _, _, text, site, _, cluster in _clean_inputs(args, problems):
        clusters.setdefault(cluster, set()).update(cluster_line_keys([text], [site]))
    counts: Counter[int] = Counter(key for keys in clusters.values() for key in keys)
    if problems:
        raise ValidationFailed([str(p) for p in problems], outcome="nothing was cleaned")
    for source, doc_id, text, site, meta, _ in _clean_inputs(args):
        title, date = metadata_title(meta), meta.get("date")
        try:
            cleaned = cleaner.clean(text, counts, site, title)
        except DateHeaderError as err:
            raise RawInputError(source, str(err), record=doc_id, field="date") from err
        result = cleaned.as_dict()  # titled and dated as a build would: the header's date, else the metadata's
        yield source, {"id": doc_id, **result, "title": title or result["title"],
                       "date": result["date"] if result["date"] is not None else date}, content_rejection(text, cleaned)


def _explain(source: str, result: dict[str, object], left_out: str | None, reasons: dict[str, str],
             out: TextIO) -> None:
    """Where the text came from (a file of many clusters' is named by its path), each removed line with its
    rule, then why each rule that fired takes such lines out; and what a build would do with a text left empty."""
    shown = {key: "none" if result[key] is None else repr(result[key]) for key in ("title", "date")}
    out.write(f"== {source}  id={result['id']!r}  title={shown['title']}  date={shown['date']}\n")
    if left_out:
        out.write(f"  (nothing is left: a build leaves this document out as {left_out})\n")
    removed = result["removed"]
    for removal in removed:  # type: ignore[union-attr]
        out.write(f"  line {removal['line']:>4}  {removal['rule']:<36} {removal['text']}\n")
    for rule in sorted({removal["rule"] for removal in removed}):  # type: ignore[union-attr]
        out.write(f"  why {rule}: {reasons.get(rule, '')}\n")


def cmd_clean(args: argparse.Namespace) -> None:
    if not args.files and args.jsonl is None:
        raise NewsclustersError("clean: give raw .txt files, or --jsonl IN")
    if args.line_scorer:
        from newsclusters.pipeline.line_scorer import with_line_scorer  # numpy: only when asked for

        cleaner = with_line_scorer()
    else:
        cleaner = default_cleaner()
    from newsclusters.files import temporary_beside

    if args.out is not None and args.out.is_dir():
        raise NewsclustersError(f"{args.out}: a folder; --out names the JSON Lines file to write")
    try:
        partial = temporary_beside(args.out) if args.out else None  # OUT appears whole, or not at all
    except OSError as err:
        raise NewsclustersError(f"{args.out}: cannot write beside it: {err.strerror or err}") from None
    out = partial.open("w", encoding="utf-8") if partial else sys.stdout
    try:
        for source, result, left_out in _clean_results(args, cleaner):
            if args.explain:
                _explain(source, result, left_out, cleaner.reasons, out)
            else:
                out.write(json.dumps(result, ensure_ascii=False) + "\n")
        if partial:
            out.close()
            partial.replace(args.out)
    finally:
        if partial:
            out.close()
            partial.unlink(missing_ok=True)


def cmd_build(args: argparse.Namespace) -> None:
    from newsclusters.release.build import build_release
    from newsclusters.release.card import PRETTY_NAME

    if _is_default_out(args.out):
        _refuse_other_corpus(args.raw)
    card, citation, changes = _copies(args)
    result = build_release(args.raw, args.out, card, _limits(args), _engine(args), terminal_progress(sys.stderr),
                           citation_copy=citation, changelog_copy=changes)
    counts = ", ".join(f"{c}: " + " ".join(f"{s}={n}" for s, n in splits.items()) for c, splits in result.rows.items())
    print(f"built {result.name} {result.version} into {args.out} ({counts}; {counted(len(result.files), 'file')})")
    if result.rejected:
        print(f"left out: {_left_out(result.rejected)}; each is listed in {args.out / 'rejections.jsonl'}")
    if _is_default_out(args.out):
        if note := _unreleased(args.out, (card, citation, changes)):
            print(f"note: {note}", file=sys.stderr)
    elif result.name == PRETTY_NAME and (version := _latest_if_other(args.out)):
        print(f"note: {args.out} is a preview, not the published {version}: its card names {version}, the latest "
              "release, until `newsclusters release X.Y.Z` publishes the change as a new version", file=sys.stderr)


def _print_left_out(result: BuildResult) -> None:
    """What a build of the raw texts leaves out, each named: before a curator publishes, not after."""
    if not result.rejected:
        return
    print(f"left out: {_left_out(result.rejected)}")
    for rejection in result.rejections[:LEFT_OUT_SHOWN]:
        print(f"  {rejection}")
    if len(result.rejections) > LEFT_OUT_SHOWN:
        print(f"  ... and {len(result.rejections) - LEFT_OUT_SHOWN} more")


def _left_out(rejected: dict[str, dict[str, int]]) -> str:
    """'3 documents (empty_document 2, all_boilerplate 1), 1 cluster (empty_cluster 1)'."""
    kinds = sorted(rejected.items(), key=lambda item: item[0] != "document")  # documents first
    return ", ".join(f"{counted(sum(reasons.values()), kind)} ({', '.join(f'{r} {n}' for r, n in reasons.items())})"
                     for kind, reasons in kinds)


def _refuse_other_corpus(raw: Path) -> None:
    """dataset/ is NewsClusters's published release: an ingested corpus is built into a folder of its own."""
    from newsclusters.pipeline.corpus import CORPUS, read_corpus

    if (corpus := read_corpus(raw)) is not None:
        raise NewsclustersError(f"{raw} holds {corpus.name} ({raw / CORPUS}), and {DEFAULT_OUT} is "
                                f"NewsClusters's own release: build {corpus.name} into a folder of its own "
                                "(newsclusters build --raw RAW --out FOLDER); nothing was written")


def _latest_if_other(out: Path) -> str | None:
    """The latest release's version when `out` holds other bytes than it recorded; None when it is that release."""
    from newsclusters.release.publish import CHECKSUMS, sha256_file
    from newsclusters.versioning import load_releases

    latest = load_releases()[-1]
    if latest.sha256sums is None or sha256_file(out / CHECKSUMS) == latest.sha256sums:
        return None
    return latest.version


def _unreleased(out: Path, copies: Sequence[Path | None]) -> str | None:
    """Why the published folder, rebuilt, is no longer its version; None while it still is."""
    from newsclusters.release.cut import restore_commands

    if (version := _latest_if_other(out)) is None:
        return None
    checkout, clean = restore_commands(out, [path for path in copies if path is not None])
    return (f"{out} is no longer the published {version} (the raw texts or the code changed since): "
            f"publish it as a new version with `newsclusters release X.Y.Z`, which compares it with the published "
            f"files once they are restored ({checkout}, then {clean}); to preview a change, build with --out "
            "elsewhere")


def _is_default_out(out: Path) -> bool:
    """`out` is the default release folder, however it is written ('dataset', './dataset/', its absolute
    path, a link to it): it gets the root copies and the published-version checks."""
    return out.resolve() == DEFAULT_OUT.resolve()


def _copies(args: argparse.Namespace) -> tuple[Path | None, Path | None, Path | None]:
    """Where the card, CITATION.cff and CHANGELOG.md are also written (and checked): by default at the
    root, for the default --out."""
    default = _is_default_out(args.out)
    card = args.card if args.card is not None else (DEFAULT_CARD if default else None)
    citation = args.citation if args.citation is not None else (DEFAULT_CITATION if default else None)
    return card, citation, DEFAULT_CHANGELOG if default else None


def cmd_verify(args: argparse.Namespace) -> None:
    from newsclusters.release.build import verify_or_raise
    from newsclusters.release.publish import others_in

    card, citation, changes = _copies(args)
    verify_or_raise(args.raw, args.out, card, _limits(args), _engine(args), citation, changes)
    # The bytes hold; the published folder must also be the version its card names.
    if _is_default_out(args.out) and (why := _unreleased(args.out, (card, citation, changes))):
        raise NewsclustersError(f"{args.out} matches its checksums and a fresh rebuild, but {why}")
    print(f"{args.out}: matches SHA256SUMS and a fresh rebuild from {args.raw}, byte for byte")
    if others := others_in(args.out, args.raw):
        print(f"also in {args.out}, not part of the release (no checksum covers them): {', '.join(others)}")


def cmd_release(args: argparse.Namespace) -> None:
    from newsclusters.release.cut import cut_release
    from newsclusters.release.diff import diff_text
    from newsclusters.release.publish import CARD, CHANGELOG, CITATION
    from newsclusters.versioning import REGISTRY

    registry = args.registry or Path(__file__).with_name(REGISTRY)
    if args.registry is None and not (Path(__file__).parents[2] / "pyproject.toml").is_file():
        raise NewsclustersError("release: run it from a source checkout of newsclusters (installed with "
                                "`pip install -e .`), whose releases.json it adds the version to, or give --registry")
    card, citation, changes = _copies(args)
    copies = {name: path for name, path in ((CARD, card), (CITATION, citation), (CHANGELOG, changes))
              if path is not None}
    cut = cut_release(args.raw, args.out, args.version, args.note, registry=registry, date=args.date,
                      declared_moves=tuple(args.declare_moved), limits=_limits(args), engine=_engine(args),
                      report=terminal_progress(sys.stderr), copies=copies, dry_run=args.dry_run,
                      larger_bump=args.larger_bump)
    if cut.published:
        print(f"released NewsClusters {cut.release.version} ({cut.kind}, {cut.release.date}) into {args.out}; "
              f"history: {registry}")
    else:
        print(f"dry run: NewsClusters {cut.release.version} ({cut.kind}) passes every check; nothing was written. "
              f"Against the published {args.out}:")
    print(diff_text(cut.diff))
    _print_left_out(cut.build)


def cmd_diff(args: argparse.Namespace) -> None:
    from newsclusters.release.diff import diff_releases, diff_text, undeclared_moves
    from newsclusters.versioning import declared_between, load_releases

    diff = diff_releases(args.old, args.new)
    print(diff_text(diff))
    declared = declared_between(load_releases(), diff.old_version, diff.new_version)
    if args.json:
        print(json.dumps(diff.as_dict(), ensure_ascii=False, sort_keys=True))
    if undeclared := undeclared_moves(diff, declared):
        raise NewsclustersError(f"{counted(len(undeclared), 'cluster')} changed split, which release "
                                f"{diff.new_version} does not declare: {', '.join(undeclared)}")


def cmd_validate(args: argparse.Namespace) -> None:
    from newsclusters.release.build import validate_raw
    from newsclusters.release.check import check_release_or_raise

    if args.raw:
        result = validate_raw(args.dir, _limits(args), _engine(args))
        clusters = sum(result.rows["clusters"].values())
        documents = sum(result.rows["documents"].values())
        print(f"{args.dir}: {counted(clusters, 'cluster')} and {counted(documents, 'document')} would be published; "
              "no problems")
        _print_left_out(result)  # a build lists them in rejections.jsonl; a curator checking a corpus wants them now
        return
    if given := _raw_only_options(args):  # a published release is read here, not built: they would do nothing
        verb = "applies" if len(given) == 1 else "apply"
        raise NewsclustersError(f"{', '.join(given)} {verb} to a raw corpus (validate --raw DIR), not to the "
                                f"release folder {args.dir}")
    rows = check_release_or_raise(args.dir)
    print(f"{args.dir}: all {counted(rows, 'row')} valid (every config and split); checksums match")


def _raw_only_options(args: argparse.Namespace) -> list[str]:
    """The build options given other values than their defaults, as the command line spells them."""
    default = Limits()
    given = {"--engine": args.engine != "local", "--workers": args.workers is not None,
             "--address": args.address is not None, "--max-file-bytes": args.max_file_bytes != default.max_file_bytes,
             "--max-line-chars": args.max_line_chars != default.max_line_chars,
             "--max-rejected": args.max_rejected != default.max_rejected_share}
    return [option for option, set_ in given.items() if set_]


def cmd_bench(args: argparse.Namespace) -> None:
    from newsclusters.bench.run import run_bench

    engine = _engine(args)
    workers = getattr(engine, "workers", args.workers or 0)
    result = run_bench(args.docs, args.work, engine, args.engine, workers, args.seed, sys.stdout,
                       terminal_progress(sys.stderr, piped_lines=True))
    print(json.dumps(result.as_dict(), sort_keys=True))


def cmd_ingest(args: argparse.Namespace) -> None:
    from newsclusters.ingest import ingest, parse_mapping

    options = {"shard_mb": args.shard_mb, "force": args.force, "name": args.name,
               "summary_author": args.summary_author, "split": args.split}
    if args.format == "jsonl":
        options.update(mapping=parse_mapping(args.map or []), separator=args.separator,
                       summary_index=args.summary_index)
    elif args.map or args.summary_index is not None or args.separator is not None:
        raise NewsclustersError(f"ingest {args.format}: --map, --separator and --summary-index are for the jsonl format")
    options = {k: v for k, v in options.items() if v is not None}
    print(ingest(args.format, args.sources, args.out, **options).summary())


def cmd_export(args: argparse.Namespace) -> None:
    from newsclusters.research.multinews_view import export_multinews

    rows = export_multinews(args.release, args.out, args.format)
    listing = ", ".join(f"{split}: {counted(n, 'row')}" for split, n in rows.items())
    print(f"wrote the Multi-News view of {args.release} to {args.out} as {args.format} ({listing})")


def _split_name(value: str) -> str:
    """A split as corpora spell it ('val', 'dev'), named as it is published ('validation')."""
    from newsclusters.ingest.common import SPLIT_WORDS

    return SPLIT_WORDS.get(value.lower(), value)


def _altered_since_release(release: Path) -> str | None:
    """Why `release`'s files are not the version its CITATION.cff names (they differ from its SHA256SUMS,
    or it has none), or None when they are that version's bytes."""
    from newsclusters.release.build import checksum_differences
    from newsclusters.release.publish import CHECKSUMS

    if not (release / CHECKSUMS).is_file():
        return f"no {CHECKSUMS} to check its files against"
    try:
        found = checksum_differences(release)
    except (NewsclustersError, OSError) as err:  # a damaged SHA256SUMS does not stop the scoring either
        return f"its {CHECKSUMS} can't be read ({err})"
    differ = [*found.changed, *found.missing, *found.unlisted]
    if not differ:
        return None
    return (f"its files differ from its {CHECKSUMS} ({', '.join(differ[:3])}{' ...' if len(differ) > 3 else ''}); "
            f"newsclusters validate {release} says how")


def cmd_evaluate(args: argparse.Namespace) -> None:
    from newsclusters.files import write_atomically
    from newsclusters.release.diff import release_version
    from newsclusters.release.publish import CITATION, REJECTIONS
    from newsclusters.research.audit import read_rejections
    from newsclusters.research.release import check_outside, iter_clusters, splits_of
    from newsclusters.research.rouge import (
        UNSCORED_NOTE_SHARE,
        checked_predictions,
        evaluate,
        format_table,
        unscored_letters,
    )

    try:  # what was scored is said with the scores; a damaged CITATION.cff does not stop the scoring
        version = release_version(args.release)
        unknown = f"no version in its {CITATION}" if (args.release / CITATION).is_file() else f"no {CITATION}"
    except NewsclustersError as err:
        version, unknown = None, str(err)
    if version is not None and (altered := _altered_since_release(args.release)):
        version, unknown = None, altered  # scores of edited files are not scores of the version they name
    if args.per_cluster is not None:  # before the scoring, which can take minutes
        check_outside(args.per_cluster, args.release, "per-cluster file")
        if args.per_cluster.resolve() == args.predictions.resolve():
            raise ResearchInputError(str(args.per_cluster), "is the predictions file, which --per-cluster would "
                                                            "overwrite: choose another path for the scores")
        if not args.per_cluster.parent.is_dir():
            raise ResearchInputError(str(args.per_cluster), f"cannot write: no folder {args.per_cluster.parent}")
    references = {r["cluster_id"]: r["summary"] for r in iter_clusters(args.release, args.split, ["cluster_id", "summary"])}

    def other_splits() -> tuple[dict[str, str], dict[str, str]]:  # read only when an id is not in this split
        splits = {row["cluster_id"]: split for split in splits_of(args.release) if split != args.split
                  for row in iter_clusters(args.release, split, ["cluster_id"])}
        rejected = args.release / REJECTIONS
        left_out = {row["id"]: f"{row['reason']}, in {REJECTIONS}" for row in
                    (read_rejections(rejected) if rejected.is_file() else []) if row["kind"] == "cluster"}
        return splits, left_out

    numbered = checked_predictions(args.predictions, references, args.split, other_splits)
    empty = sum(1 for _, summary in numbered.values() if not summary.strip())
    if empty:  # scored, as an empty summary scores, but rarely what was meant
        print(f"note: {counted(empty, 'prediction')} of {len(numbered)} {'is' if empty == 1 else 'are'} empty "
              "and scored 0", file=sys.stderr)
    unscored = unscored_letters([*references.values(), *(summary for _, summary in numbered.values())])
    if unscored.share >= UNSCORED_NOTE_SHARE:
        print(f"note: {unscored.share:.1%} of the letters and digits of the references and predictions are outside "
              f"ASCII ({unscored.examples}, ...), which rouge-score's tokenizer drops: ROUGE scores the rest alone, "
              "so a wrong word in another script costs nothing", file=sys.stderr)
    result = evaluate({c: s for c, (_, s) in numbered.items()}, references, source=str(args.predictions),
                      split=args.split, lines={c: n for c, (n, _) in numbered.items()}, resamples=args.resamples,
                      seed=args.seed, workers=args.workers)
    if args.per_cluster is not None:
        rows = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in result.per_cluster)
        try:
            write_atomically(args.per_cluster, rows.encode("utf-8"))
        except OSError as err:
            raise ResearchInputError(str(args.per_cluster), f"cannot write: {err.strerror or err}") from err
    print(f"{args.predictions} on the {args.split!r} split of {args.release}"
          + (f" (release {version})" if version else f" (release version unknown: {unknown})"))
    print(format_table(result))
    if args.json:  # what the scores are of travels with them: the release's version, the split, the files
        scored = {"release": str(args.release), "version": version, "split": args.split,
                  "predictions": str(args.predictions), "empty_predictions": empty,
                  "unscored_letter_share": round(unscored.share, 6)}
        print(json.dumps({**result.as_dict(), **scored}, sort_keys=True))


def cmd_baselines(args: argparse.Namespace) -> None:
    from newsclusters.research.baselines import write_baselines
    from newsclusters.research.rouge import ROUGE_LABELS, ROUGE_TYPES

    splits = [args.split] if args.split else None
    scores = write_baselines(args.release, args.out, splits, args.workers)
    for split, by_name in scores.items():
        for name, s in by_name.items():
            cells = "  ".join(f"{ROUGE_LABELS[k]} {100 * s[k]['f']:.2f}" for k in ROUGE_TYPES)
            print(f"{split:<10} {name:<7} {cells}")
    print(f"predictions and scores written under {args.out}")


def cmd_audit(args: argparse.Namespace) -> None:
    from newsclusters.release.publish import REJECTIONS
    from newsclusters.research.audit import audit_rows, format_audit, iter_documents, read_rejections

    audit = audit_rows(iter_documents(args.release), args.top)
    print(format_audit(audit, read_rejections(args.release / REJECTIONS), args.top))


class _ShowVersion(argparse.Action):
    """argparse's "version" action, reading the version only when asked for (importlib.metadata is slow to load)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the dataset version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from newsclusters import __version__

        print(f"newsclusters {__version__}")
        parser.exit()


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="newsclusters", description="Build and check the NewsClusters dataset.")
    top.add_argument("--version", action=_ShowVersion)
    sub = top.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build", help="raw -> clean -> validate -> split -> publish")
    build.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="raw corpus folder (default: %(default)s)")
    build.add_argument("--out", type=Path, default=DEFAULT_OUT, help="release folder (default: %(default)s)")
    build.add_argument("--card", type=Path, help="also write the card here (default: DATACARD.md for the default --out)")
    build.add_argument("--citation", type=Path,
                       help="also write CITATION.cff here (default: CITATION.cff for the default --out)")
    _add_limit_options(build)
    build.set_defaults(run=cmd_build)

    clean = sub.add_parser("clean", help="clean raw texts and print the results as JSON lines")
    clean.add_argument("files", nargs="*", type=Path, help="raw .txt files")
    clean.add_argument("--jsonl", type=Path,
                       help='read {"id", "text"} lines (and optional "url", "title", "date") from this file instead')
    clean.add_argument("--out", type=Path, help="write results here instead of standard output")
    clean.add_argument("--explain", action="store_true", help="show each removed line and its rule instead of JSON")
    clean.add_argument("--line-scorer", action="store_true",
                       help="also run the learned line scorer (line_scorer_v1; experimental, off in builds)")
    clean.set_defaults(run=cmd_clean)

    verify = sub.add_parser("verify", help="rebuild into a temporary folder and compare with the release")
    verify.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="raw folder (default: %(default)s)")
    verify.add_argument("--out", type=Path, default=DEFAULT_OUT, help="release folder to check (default: %(default)s)")
    verify.add_argument("--card", type=Path, help="card copy to compare too (default: DATACARD.md for the default --out)")
    verify.add_argument("--citation", type=Path,
                        help="CITATION.cff copy to compare too (default: CITATION.cff for the default --out)")
    _add_limit_options(verify)
    verify.set_defaults(run=cmd_verify)

    release = sub.add_parser("release", help="cut version X.Y.Z: rebuild, check the bump against the changes, publish")
    release.add_argument("version", help="the new version, the next MAJOR, MINOR or PATCH of the current one")
    release.add_argument("--note", required=True, help="one line: what changed (goes to the card and CHANGELOG.md)")
    release.add_argument("--date", type=_release_date, help="release date, YYYY-MM-DD (default: today, UTC)")
    release.add_argument("--dry-run", action="store_true",
                         help="make every check and print the diff, publish nothing (a version is permanent)")
    release.add_argument("--larger-bump", action="store_true",
                         help="allow a larger bump than the change needs (e.g. MAJOR without a schema change)")
    release.add_argument("--declare-moved", action="append", default=[], metavar="CLUSTER_ID",
                         help="a cluster this release moves to another split on purpose (repeat for each)")
    release.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="raw folder (default: %(default)s)")
    release.add_argument("--out", type=Path, default=DEFAULT_OUT,
                         help="the published release folder, rebuilt beside itself and compared (default: %(default)s)")
    release.add_argument("--card", type=Path, help="also write the card here (default: DATACARD.md for the default --out)")
    release.add_argument("--citation", type=Path,
                         help="also write CITATION.cff here (default: CITATION.cff for the default --out)")
    release.add_argument("--registry", type=Path,
                         help="the release history to add to (default: the package's releases.json)")
    _add_limit_options(release)
    release.set_defaults(run=cmd_release)

    diff = sub.add_parser("diff", help="what changed between two release folders")
    diff.add_argument("old", type=Path, help="the earlier release folder")
    diff.add_argument("new", type=Path, help="the later release folder (or a preview build)")
    diff.add_argument("--json", action="store_true", help="also print the diff as one JSON object, on the last line")
    diff.set_defaults(run=cmd_diff)

    validate = sub.add_parser("validate", help="check a release folder (or, with --raw, a raw corpus) against the schemas")
    validate.add_argument("dir", type=Path, help="a release folder, or with --raw a raw folder")
    validate.add_argument("--raw", action="store_true", help="DIR is a raw corpus: clean and validate it, write nothing")
    _add_limit_options(validate)
    validate.set_defaults(run=cmd_validate)
    bench = sub.add_parser("bench", help="build a synthetic corpus of N articles and time every stage")
    bench.add_argument("--docs", type=_positive_int, required=True, help="number of synthetic articles")
    bench.add_argument("--work", type=Path, default=Path("benchmarks/out"),
                       help="where the cached corpus and the release go (default: %(default)s)")
    bench.add_argument("--seed", type=_non_negative_int, default=0,
                       help="the synthetic corpus's seed: the same seed, the same articles (default: %(default)s)")
    bench.add_argument("--engine", choices=("local", "dask"), default="local",
                       help="local processes or a Dask cluster (default: %(default)s)")
    bench.add_argument("--workers", type=_positive_int, help="worker processes (default: one per core)")
    bench.add_argument("--address", help="Dask scheduler address (default: a local cluster)")
    bench.set_defaults(run=cmd_bench)

    ingest = sub.add_parser("ingest", help="convert an existing corpus (Multi-News, WCEP, JSON Lines) into raw JSONL shards")
    ingest.add_argument("format", choices=("multinews", "multinews-hf", "wcep", "jsonl"),
                        help="multinews: *.src[.cleaned] + *.tgt; multinews-hf: Hub-style JSON Lines or Parquet; "
                        "wcep: WCEP JSON Lines (.gz); jsonl: any JSON Lines corpus with --map")
    ingest.add_argument("sources", nargs="+", type=Path, help="source files; the split is read from each file name")
    ingest.add_argument("--out", type=Path, required=True, help="raw corpus folder to write the shards into")
    ingest.add_argument("--shard-mb", type=_positive_number, default=64.0, help="MiB of JSON per shard (default: %(default)s)")
    ingest.add_argument("--force", action="store_true", help="replace shards of the same name")
    ingest.add_argument("--name", help="prefix of cluster ids and shard names (default: the format's; needed for jsonl)")
    ingest.add_argument("--summary-author", help="who wrote the references (default: the corpus and its paper)")
    ingest.add_argument("--split", choices=(*SPLITS, UNPINNED),
                        help=f"pin every file to this split; {UNPINNED}: pin none, the build's split policy assigns "
                        "each cluster (by a hash of its id), for a corpus without official splits")
    ingest.add_argument("--map", action="append", metavar="KEY=FIELD",
                        help="jsonl: the record field holding KEY (repeatable); --map-keys lists the keys")
    ingest.add_argument("--map-keys", action=_ShowMapKeys, nargs=0,
                        help="list the --map keys, each with its default field and what it means, and exit")
    ingest.add_argument("--separator", help="jsonl: between the documents of a `documents` string (default: |||||)")
    ingest.add_argument("--summary-index", type=int, help="jsonl: which reference to keep when `summary` is a list")
    ingest.set_defaults(run=cmd_ingest)

    export = sub.add_parser("export", help="write a release in another corpus's layout (Multi-News)")
    export.add_argument("layout", choices=("multinews",), help="the layout to write")
    export.add_argument("--release", type=Path, default=DEFAULT_OUT, help="release folder (default: %(default)s)")
    export.add_argument("--out", type=Path, required=True, help="folder for <split>.jsonl or <split>.parquet")
    export.add_argument("--format", choices=("jsonl", "parquet"), default="jsonl",
                        help="one file per split in this format (default: %(default)s)")
    export.set_defaults(run=cmd_export)

    evaluate = sub.add_parser("evaluate", help="score a summarizer's predictions with ROUGE against a release")
    evaluate.add_argument("--predictions", type=Path, required=True, help='JSON Lines of {"cluster_id", "summary"}')
    evaluate.add_argument("--release", type=Path, default=DEFAULT_OUT, help="release folder (default: %(default)s)")
    evaluate.add_argument("--split", type=_split_name, default="test",
                          help="split of the references (default: %(default)s; 'val' and 'dev' mean validation)")
    evaluate.add_argument("--per-cluster", type=Path, help="also write each cluster's scores here (JSON Lines)")
    evaluate.add_argument("--json", action="store_true", help="print the scores as one JSON object on the last line")
    evaluate.add_argument("--resamples", type=_positive_int, default=1000, help="bootstrap resamples (default: %(default)s)")
    evaluate.add_argument("--seed", type=_non_negative_int, default=0, help="bootstrap seed (default: %(default)s)")
    evaluate.add_argument("--workers", type=_positive_int, help="processes for scoring (default: one)")
    evaluate.set_defaults(run=cmd_evaluate)

    baselines = sub.add_parser("baselines", help="Lead, Random and Oracle predictions and scores for a release")
    baselines.add_argument("--release", type=Path, default=DEFAULT_OUT, help="release folder (default: %(default)s)")
    baselines.add_argument("--split", type=_split_name, help="one split (default: every split)")
    baselines.add_argument("--out", type=Path, default=Path("baselines"), help="output folder (default: %(default)s)")
    baselines.add_argument("--workers", type=_positive_int, help="processes (default: one)")
    baselines.set_defaults(run=cmd_baselines)

    audit = sub.add_parser("audit", help="the most frequent removed and kept lines of a release, and what it left "
                                         "out: boilerplate the rules miss, rules that overreach")
    audit.add_argument("--release", type=Path, default=DEFAULT_OUT, help="release folder (default: %(default)s)")
    audit.add_argument("--top", type=_positive_int, default=20, help="lines to show of each kind (default: %(default)s)")
    audit.set_defaults(run=cmd_audit)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        args.run(args)
        sys.stdout.flush()  # here, where a reader that went away (`| head`) is caught, not at the exit
    except NewsclustersError as err:
        print(f"newsclusters {args.command}: {err}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        if not _stdout_gone():
            raise  # another pipe (a worker's, a socket): a fault to show, not a reader that left
        return 1
    except KeyboardInterrupt:  # Ctrl-C: the work folders are gone; a release is put in place whole or not at all
        print(f"newsclusters {args.command}: interrupted; nothing half-written is kept (a release already being put "
              "in place was finished first)", file=sys.stderr)
        return 130
    return 0


def _stdout_gone() -> bool:
    """Whether stdout's reader went away (`| head`: the pipe's write end then polls as an error on Linux, as a
    hang-up on macOS); if so stdout is pointed at /dev/null, or Python's own flush at exit would print a traceback."""
    import select

    try:
        fileno = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # a captured or replaced stdout has no descriptor
        return False
    poller = select.poll()
    poller.register(fileno, select.POLLOUT)
    if not any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0)):
        return False
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fileno)
    os.close(devnull)
    return True


if __name__ == "__main__":
    sys.exit(main())
