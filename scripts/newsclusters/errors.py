"""Every exception the package raises on purpose; the CLI catches `NewsclustersError` and nothing broader."""

from __future__ import annotations

from collections.abc import Sequence

from newsclusters.wording import counted


class NewsclustersError(Exception):
    """Base class: a problem a person can act on, printed by the CLI without a traceback."""


class RuleError(NewsclustersError):
    """Unknown or duplicate cleaning-rule name."""


class RawInputError(NewsclustersError):
    """A raw file or its metadata cannot be read as the layout promises."""

    def __init__(self, source: str, problem: str, *, record: str | None = None, field: str | None = None) -> None:
        where = source
        if record:
            where += f", record {record!r}"
        if field:
            where += f", field {field!r}"
        super().__init__(f"{where}: {problem}")
        self.source, self.record, self.field, self.problem = source, record, field, problem


class ResearchInputErrors(NewsclustersError):
    """Every problem found in one research input, reported together (each a ResearchInputError)."""

    SHOWN = 25  # problems listed; the rest are counted

    def __init__(self, errors: Sequence[ResearchInputError], outcome: str) -> None:
        self.errors, self.outcome = list(errors), outcome
        listing = "\n".join(f"  - {e}" for e in self.errors[:self.SHOWN])
        more = f"\n  ... and {len(self.errors) - self.SHOWN} more" if len(self.errors) > self.SHOWN else ""
        super().__init__(f"{counted(len(self.errors), 'problem')}; {outcome}:\n{listing}{more}")


def raise_all(errors: Sequence[ResearchInputError], outcome: str) -> None:
    """Raise the one problem as itself, several as one ResearchInputErrors; nothing when there are none."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ResearchInputErrors(errors, outcome)


# What a failed check means, by the command that ran it: `ValidationFailed` and `TooManyRejections`
# are raised deep in the pipeline, which does not know whether it is building, verifying or only
# checking; the command that does re-raises them with its own outcome (`with_outcome`).
NOT_PUBLISHED = "nothing was published"
NOT_BUILDABLE = "a build would fail; nothing was written"  # validate --raw
NOT_VERIFIABLE = "the raw texts do not build, so the release cannot be verified"  # verify
NOT_VALID = "the release failed its checks"  # validate DIR
NOT_SCORED = "nothing was scored"  # evaluate


class DateHeaderError(NewsclustersError):
    """A first line that has the form of a date header but holds no real date ('date 2022-13-45').

    Raised by the cleaner, which sees only text; the build and `clean` add the file it came from.
    Kept as text it would put the header into the article and leave `date` null without a word.
    """

    def __init__(self, line: int, value: str) -> None:
        date = value.removeprefix("date ")
        written = len(date) == 10 and date[4] == date[7] == "-" and date.replace("-", "").isdigit()
        what = "is not a real date" if written else "is not written YYYY-MM-DD"  # 2022-13-45; 30-10-2022, 2022-1-5
        super().__init__(f"line {line}: date header {value!r} {what} (expected 'date YYYY-MM-DD', "
                         "e.g. 'date 2022-12-03')")
        self.line, self.value = line, value


class ValidationFailed(NewsclustersError):
    """One or more records broke their schema; carries every problem, not just the first."""

    def __init__(self, problems: Sequence[str], outcome: str = NOT_PUBLISHED) -> None:
        self.problems, self.outcome = list(problems), outcome
        listing = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{counted(len(self.problems), 'problem')}; {outcome}:\n{listing}")

    def with_outcome(self, outcome: str) -> ValidationFailed:
        return ValidationFailed(self.problems, outcome)


class TooManyRejections(NewsclustersError):
    """More documents were dropped for their content than the build allows: likely a broken source.

    The build fails only when the drops exceed both the share (`--max-rejected`) and the small count
    any corpus may drop (`Limits.min_rejected_allowed`), so one empty or duplicate article in a
    corpus of a few dozen is recorded, not fatal.
    """

    def __init__(self, rejected: Sequence[object], total: int, limit: float, allowed: int,
                 outcome: str = NOT_PUBLISHED) -> None:
        self.rejected, self.total, self.limit, self.allowed = list(rejected), total, limit, allowed
        self.outcome = outcome
        reasons: dict[str, int] = {}
        for item in self.rejected:
            reasons[item.reason] = reasons.get(item.reason, 0) + 1  # type: ignore[attr-defined]
        listing = ", ".join(f"{k}: {v}" for k, v in sorted(reasons.items()))
        examples = "\n".join(f"  - {r}" for r in self.rejected[:10])  # a Rejection says where, why and what
        super().__init__(
            f"{len(self.rejected)} of {counted(total, 'document')} rejected ({listing}); a build allows up to "
            f"{limit:.0%} of the documents (--max-rejected) or {allowed}, whichever is more; {outcome}. "
            f"First ones:\n{examples}"
        )

    def with_outcome(self, outcome: str) -> TooManyRejections:
        return TooManyRejections(self.rejected, self.total, self.limit, self.allowed, outcome)


class VerifyFailed(NewsclustersError):
    """The committed release does not match a fresh rebuild from the raw texts."""


class ReleaseError(NewsclustersError):
    """A version, a release history or a release's changes that break the versioning rules."""


class PublishError(NewsclustersError):
    """The release folder could not be written or swapped in."""


class ResearchInputError(NewsclustersError):
    """A research input (a corpus to ingest, a predictions file, a release folder) is not as expected.

    Names the file, and where known the line, the record and the field, as the raw-input errors do.
    A Parquet file (read as one by its suffix) has rows, not lines: `line` is then the row's number.
    """

    def __init__(self, source: str, problem: str, *, line: int | None = None, record: str | None = None,
                 field: str | None = None) -> None:
        if line is None:
            where = source
        else:
            where = f"{source}, row {line}" if source.endswith(".parquet") else f"{source}:{line}"
        if record is not None:
            where += f", record {record!r}"
        if field is not None:
            where += f", field {field!r}"
        super().__init__(f"{where}: {problem}")
        self.source, self.line, self.record, self.field, self.problem = source, line, record, field, problem
