"""The cleaner's verdicts on every bench page, line for line, against a committed snapshot.

Speed work on the cleaner (issue 13) must not move a single verdict: for each page of the shared
bench (light and heavy) the snapshot holds every removed line's number and rule name and a sha256
of the whole result (title, date, text and the removed lines' texts). The count pass runs over each
bench file first, as the benchmark and a build do (each page its own story cluster, with its site
from its URL). The snapshot was made from the cleaner as it was
before the speed work; when a rule change is meant to move verdicts, rewrite it with

    PYTHONPATH=scripts python tests/test_bench_verdicts.py

and say in the commit which verdicts moved and why. The test skips only when the bench files are
absent (CI has ../shared beside the checkout).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from pathlib import Path

import pytest

from newsclusters.pipeline.clean import Cleaner, count_lines, site_of

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"
FILES = ("light", "heavy")
SNAPSHOT = Path(__file__).parent / "fixtures" / "bench_verdicts.jsonl.gz"


def line_ranges(numbers: list[int]) -> str:
    """Sorted line numbers as ranges: [3, 7, 8, 9] -> '3,7-9' (a number repeats when cells of one row go)."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def by_rule(removed: list[dict[str, object]]) -> dict[str, str]:
    """The removed line numbers of each rule, as ranges."""
    lines: dict[str, list[int]] = {}
    for removal in removed:
        lines.setdefault(str(removal["rule"]), []).append(int(removal["line"]))  # type: ignore[call-overload]
    return {rule: line_ranges(numbers) for rule, numbers in sorted(lines.items())}


def read_pages(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def page_verdicts(path: Path) -> list[dict[str, object]]:
    """One row per page: id, each rule's removed lines, and a short sha256 of the whole result."""
    pages = read_pages(path)
    sites = [site_of(page["source_url"]) for page in pages]
    counts = count_lines((page["raw_text"] for page in pages), sites)
    cleaner = Cleaner()
    rows: list[dict[str, object]] = []
    for page, site in zip(pages, sites):
        result = cleaner.clean(page["raw_text"], counts, site).as_dict()
        digest = hashlib.sha256(json.dumps(result, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
        removed = by_rule(result["removed"])  # type: ignore[arg-type]
        rows.append({"file": path.stem, "id": page["id"], "removed": removed, "sha256": digest[:16]})
    return rows


def write_snapshot(target: Path = SNAPSHOT) -> None:
    """Deterministic bytes (no time stamp in the gzip header), so an unchanged snapshot has no diff."""
    rows = [row for name in FILES for row in page_verdicts(BENCH / f"{name}.jsonl")]
    data = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode("utf-8")
    with target.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as handle:
        handle.write(data)


def read_snapshot() -> dict[tuple[str, str], dict[str, object]]:
    with gzip.open(SNAPSHOT, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    return {(str(row["file"]), str(row["id"])): row for row in rows}


def bench_file(name: str) -> Path:
    """The shared bench's gold file, or a skip where it is absent."""
    path = BENCH / f"{name}.jsonl"
    if not path.exists():
        pytest.skip(f"bench file {path} is absent")
    return path


@pytest.mark.parametrize("name", FILES)
def test_bench_verdicts_match_the_snapshot(name: str) -> None:
    path = bench_file(name)
    expected = read_snapshot()
    rows = page_verdicts(path)
    assert len(rows) == sum(1 for key in expected if key[0] == name)
    moved = []
    for row in rows:
        want = expected[(name, str(row["id"]))]
        if row["removed"] != want["removed"]:
            now, then = dict(row["removed"]), dict(want["removed"])  # type: ignore[call-overload]
            diff = {r: (then.get(r), now.get(r)) for r in {*now, *then} if now.get(r) != then.get(r)}
            moved.append(f"{row['id']}: rule: (snapshot lines, lines now) {diff}")
        elif row["sha256"] != want["sha256"]:
            moved.append(f"{row['id']}: same removals, different title, date, text or removed texts")
    assert not moved, f"{len(moved)} pages of {name} changed:\n" + "\n".join(moved[:20])


@pytest.mark.parametrize("name", FILES)
def test_the_site_rule_moves_no_other_rules_verdict(name: str) -> None:
    """site_repeated_v4 runs last: with the pages' sites every other removal is the same as without."""
    pages = read_pages(bench_file(name))
    sites = [site_of(page["source_url"]) for page in pages]
    with_sites, without = count_lines((p["raw_text"] for p in pages), sites), count_lines(p["raw_text"] for p in pages)
    cleaner = Cleaner()
    fired = 0
    for page, site in zip(pages, sites):
        found = [r for r in cleaner.clean(page["raw_text"], with_sites, site).removed if r.rule != "site_repeated_v4"]
        fired += len(cleaner.clean(page["raw_text"], with_sites, site).removed) - len(found)
        assert found == list(cleaner.clean(page["raw_text"], without).removed), page["id"]
    assert fired  # the bench has sites with several pages: the rule has something to do


# Bench pages whose cleaned document (title, blank line, text) cleans to something else: the span
# and duplicate-line rules see different neighbours once the removed lines are gone. Known, and left
# for a later round; a change that adds a page here fails, a fix removes its id.
UNSTABLE_WHEN_CLEANED_AGAIN = frozenset({
    "aeb-08f793762792bd25", "aeb-3f65af7b6b98b1c9", "aeb-4a44ab3e4c41d56c",
    "aeb-87bf60570e6e2e33", "aeb-a860fb5eda1ac75d", "aeb-c582d3b772578e8f",
    "aeb-e4c6a3b482403a8f", "aeb-ec7fc408c5ce66c2", "aeb-f6ac15a4d9851139", "aeb-f81c6c05d9cbc933",
    "l3s-506df3c3-f5bf-4f4a-bd32-80a3f1fb97d7", "l3s-6bb2477c-bb70-4027-8851-d15a51cd9a49",
    # 0.2.4: a menu run together into one line is no longer prose; once it is gone, the article span moves
    "aeb-c4a3637c6696f238", "l3s-252824cc-5dda-418c-8693-524ff52586f4", "l3s-92474c42-9ea3-4219-a996-e5e9fed60db3",
    # 0.2.6: a terms-of-use sentence at the page's foot is removed; the cleaned text's span then ends
    # above a 'Most Viewed' heading that the first pass kept inside the span
    "l3s-7c877f3c-cdb1-4be0-88ba-a665b798cd62",
    # 0.2.16: a list of dated headlines is removed; in the cleaned text the region below the article is
    # then short and dense enough for the span rule to take the comment form's labels ('Subject:', 'Message:')
    "l3s-09988ff6-80a0-47c4-9b1d-d7861227461b",
    # 0.2.40: the comment policy under a comment thread is removed (comment_form_v7); in the cleaned text the
    # span then takes the 'Previous: ... | Next: ...' line the first pass kept between the article and the thread
    "l3s-67872f6e-beb1-4c40-a6eb-c21bf419ac69",
})


@pytest.mark.parametrize("name", FILES)
def test_cleaning_a_cleaned_bench_page_again_moves_no_new_page(name: str) -> None:
    path = bench_file(name)
    cleaner = Cleaner()
    unstable = set()
    for page in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
        once = cleaner.clean(page["raw_text"])
        twice = cleaner.clean(f"{once.title}\n\n{once.text}" if once.title else once.text)
        if (twice.title, twice.text) != (once.title, once.text):
            unstable.add(page["id"])
    assert unstable <= UNSTABLE_WHEN_CLEANED_AGAIN, sorted(unstable - UNSTABLE_WHEN_CLEANED_AGAIN)

if __name__ == "__main__":
    write_snapshot()
    print(f"wrote {SNAPSHOT} ({SNAPSHOT.stat().st_size:,} bytes)", file=sys.stderr)
