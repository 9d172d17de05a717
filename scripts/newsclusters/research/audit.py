"""What the cleaner did to a corpus, by line: the most frequent removed lines and the most frequent kept ones,
and the documents it left out.

Reading a new source's audit is how a curator finds boilerplate no rule knows yet (a kept line that
repeats across hundreds of articles) and rules that overreach (a removed line that is article text, or
a whole article removed line by line: it is not published, so only `rejections.jsonl` shows it).
Kept lines are counted only when short (`KEPT_MAX_CHARS`): paragraphs of article text rarely repeat,
and leaving them out keeps the count's memory small on a corpus of millions of lines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsclusters.errors import ResearchInputError
from newsclusters.pipeline.strict_json import parse_json, parse_problem
from newsclusters.wording import counted

KEPT_MAX_CHARS = 200
DOCUMENTS_DATA = Path("data") / "documents"


@dataclass(frozen=True)
class LineAudit:
    documents: int
    removed: list[tuple[str, str, int]]  # (rule, line, documents it was removed from), most frequent first
    kept: list[tuple[str, int]]  # (short line, documents it was kept in), most frequent first
    by_rule: dict[str, int]  # rule -> lines removed


def audit_rows(rows: Iterable[Mapping[str, Any]], top: int = 20) -> LineAudit:
    """Count removed (rule, line) pairs and short kept lines, once per document each."""
    removed: Counter[tuple[str, str]] = Counter()
    kept: Counter[str] = Counter()
    by_rule: Counter[str] = Counter()
    documents = 0
    for row in rows:
        documents += 1
        pieces = {(r["rule"], r["text"]) for r in row["removed"]}
        by_rule.update(r["rule"] for r in row["removed"])
        removed.update(pieces)
        kept.update({line for line in row["text"].split("\n") if len(line) <= KEPT_MAX_CHARS})
    ordered_removed = sorted(removed.items(), key=lambda item: (-item[1], item[0]))[:top]
    ordered_kept = sorted(kept.items(), key=lambda item: (-item[1], item[0]))[:top]
    return LineAudit(documents, [(rule, line, n) for (rule, line), n in ordered_removed], ordered_kept,
                     dict(sorted(by_rule.items(), key=lambda item: (-item[1], item[0]))))


def iter_documents(release: Path) -> Iterable[dict[str, Any]]:
    """Every row of the documents config (text and removal audit only), shard by shard."""
    import pyarrow.parquet as pq

    files = sorted((release / DOCUMENTS_DATA).glob("*.parquet"))
    if not files:
        raise ResearchInputError(str(release), f"not a NewsClusters release: no Parquet files in {DOCUMENTS_DATA}")
    for path in files:
        try:
            for batch in pq.ParquetFile(path).iter_batches(batch_size=512, columns=["text", "removed"]):
                yield from batch.to_pylist()
        except (OSError, ValueError) as err:
            raise ResearchInputError(str(path), f"cannot read Parquet: {err}") from err


REJECTION_FIELDS = ("kind", "id", "source", "reason", "detail")  # `Rejection.as_dict`'s, which the build writes


def read_rejections(path: Path) -> list[dict[str, str]]:
    """A release's list of what it left out (its `rejections.jsonl`), in the build's order."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as err:
        raise ResearchInputError(str(path), f"cannot read: {err.strerror or err}") from err
    rows = []
    for number, line in enumerate(lines, 1):
        try:
            row = parse_json(line)
        except ValueError as err:
            raise ResearchInputError(str(path), parse_problem(err, one_line=True), line=number) from err
        if not isinstance(row, dict):
            raise ResearchInputError(str(path), f"expected an object with {', '.join(REJECTION_FIELDS)}", line=number)
        for field in REJECTION_FIELDS:
            if not isinstance(row.get(field), str):
                raise ResearchInputError(str(path), "missing, or not a string", line=number, field=field)
        rows.append(row)
    return rows


def format_audit(audit: LineAudit, rejections: Sequence[Mapping[str, str]] = (), top: int = 20,
                 width: int = 100) -> str:
    def cut(line: str) -> str:
        return line if len(line) <= width else line[: width - 1] + "…"

    none = [f"  {'none':>8}"]  # an empty section says so, as each of them does
    out = [counted(audit.documents, "document"), "", "lines removed, by rule:"]
    out += [f"  {n:>8,}  {rule}" for rule, n in audit.by_rule.items()] or none
    out += ["", "most frequent removed lines (documents, rule, line):"]
    out += [f"  {n:>8,}  {rule:<28} {cut(line)}" for rule, line, n in audit.removed] or none
    out += ["", f"most frequent kept lines of up to {KEPT_MAX_CHARS} characters (documents, line):"]
    out += [f"  {n:>8,}  {cut(line)}" for line, n in audit.kept] or none
    reasons = Counter(f"{r['kind']} {r['reason']}" for r in rejections)
    out += ["", "left out of the release, by reason:"]
    by_count = sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
    out += [f"  {n:>8,}  {reason}" for reason, n in by_count] or none
    if rejections:
        out += ["", f"the first {min(top, len(rejections))} left out (id, reason, detail):"]
        out += [f"  {cut(r['id'] + '  ' + r['reason'] + '  ' + r['detail'])}" for r in rejections[:top]]
    return "\n".join(out)
