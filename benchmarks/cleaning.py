"""Cleaning quality and speed on gold files: the package cleaner against jusText.

    python benchmarks/cleaning.py GOLD.jsonl [GOLD2.jsonl ...] [--repeat 3] [--no-justext]
                                  [--oracle] [--pred-dir DIR] [--check-with path/to/score.py]

A gold file holds one JSON object per line: {"id", "source", "raw_text", "gold_text"}. For each
file, as a build would, the count pass (corpus line repetition) runs over the file first, then
every page is cleaned with those counts; the score is computed on the cleaned body text (the
extracted title is not part of it).

Metrics (re-implemented here from the bench's score.py; on the dev bench they agree with it to
3 decimals, and `--check-with score.py` re-checks that in the same run):
  tokens = re.findall(r"\\w+", text), compared as multisets per page;
  tok_P, tok_R: per-page precision and recall, averaged over pages; tok_F1 = F1 of the two means;
  content_del: gold tokens present in the raw text that the cleaner removed, over all of them (micro);
  bp_removed: raw tokens that are not gold (boilerplate) and were removed, over all of them (micro).

Speed, single process, best of `--repeat` runs:
  command: `newsclusters clean --jsonl IN --out OUT` as a new process, so Python's start, the
    imports, the count pass, the cleaning and the JSON in and out are all counted; its output is
    what gets scored;
  in process: a fresh `Cleaner`, the count pass and `clean` of every page (must give the same text);
  no-op pass-through command: a new Python process that reads the same input and writes the texts
    back unchanged: the ceiling for any command on this machine (start, JSON in and out, no work);
  jusText: the English stoplist, each non-blank raw line wrapped in <p>, `justext.justext` on every
    page, in process (its interpreter start and import are not counted: the ratio is conservative).
`--oracle` also scores a line cleaner that knows the gold (`line_oracle`): the ceiling for any
cleaner that keeps or removes whole raw lines.
jusText (the `bench` extra) is only needed here, and only imported when it runs.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from newsclusters.clean import Cleaner, count_lines

TOKEN = re.compile(r"\w+")
ORACLE_SHARE = 0.7  # of a line's tokens in the gold: the line oracle's best L3S tok_P on the dev set
TARGETS = "targets: light L3S tok_P >= .95 with content_del <= .01; light all tok_F1 >= .95; bp_removed >= .6; heavy tok_F1 >= .85; speed >= 30x jusText"


# --- metrics (same definitions as the bench's score.py) -----------------------------------------


def page_counts(gold: str, raw: str, pred: str) -> dict[str, int]:
    """Token multiset overlaps of one page."""
    g, p, r = Counter(TOKEN.findall(gold or "")), Counter(TOKEN.findall(pred or "")), Counter(TOKEN.findall(raw or ""))
    tp = sum((g & p).values())
    raw_gold, raw_bp = r & g, r - g
    return {
        "tp": tp,
        "fp": sum(p.values()) - tp,
        "fn": sum(g.values()) - tp,
        "raw_gold": sum(raw_gold.values()),
        "kept_gold": sum((raw_gold & p).values()),
        "raw_bp": sum(raw_bp.values()),
        "kept_bp": sum((raw_bp & (p - g)).values()) if raw_bp else 0,
    }


def _precision(c: dict[str, int]) -> float:
    if c["fp"] == c["fn"] == 0:
        return 1.0
    return 0.0 if c["tp"] == c["fp"] == 0 else c["tp"] / (c["tp"] + c["fp"])


def _recall(c: dict[str, int]) -> float:
    if c["fp"] == c["fn"] == 0:
        return 1.0
    return 0.0 if c["tp"] == c["fn"] == 0 else c["tp"] / (c["tp"] + c["fn"])


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def aggregate(pages: list[dict[str, int]]) -> dict[str, float]:
    precision = statistics.mean(_precision(c) for c in pages)
    recall = statistics.mean(_recall(c) for c in pages)
    total = {k: sum(c[k] for c in pages) for k in ("raw_gold", "kept_gold", "raw_bp", "kept_bp")}
    return {
        "n": len(pages),
        "tok_P": precision,
        "tok_R": recall,
        "tok_F1": _f1(precision, recall),
        "content_del": 1 - total["kept_gold"] / max(1, total["raw_gold"]),
        "bp_removed": 1 - total["kept_bp"] / max(1, total["raw_bp"]),
    }


def score(gold: list[dict], preds: list[str]) -> dict[str, dict[str, float]]:
    """Scores for all pages and per source."""
    counts = [page_counts(g["gold_text"], g.get("raw_text", ""), p) for g, p in zip(gold, preds)]
    groups: dict[str, list[dict[str, int]]] = defaultdict(list)
    for g, c in zip(gold, counts):
        groups[g.get("source", "all")].append(c)
    return {"all": aggregate(counts), **{s: aggregate(groups[s]) for s in sorted(groups)}}


def line_oracle(pages: list[dict], share: float = ORACLE_SHARE) -> list[str]:
    """A line cleaner that knows the gold: it keeps exactly the raw lines of which at least `share`
    of the tokens are gold tokens of the page. No cleaner that keeps or drops whole lines can do much
    better on these metrics, so its scores are the ceiling for this kind of cleaner."""
    out = []
    for page in pages:
        gold = Counter(TOKEN.findall(page["gold_text"] or ""))
        kept = []
        for line in page["raw_text"].split("\n"):
            tokens = Counter(TOKEN.findall(line))
            if tokens and sum((tokens & gold).values()) >= share * sum(tokens.values()):
                kept.append(line)
        out.append("\n".join(kept))
    return out


# --- the two cleaners, timed --------------------------------------------------------------------


def run_cleaner(pages: list[dict]) -> list[str]:
    """What a build does: the count pass over the corpus, then every page cleaned with the counts."""
    cleaner = Cleaner()
    counts = count_lines(p["raw_text"] for p in pages)
    return [cleaner.clean(p["raw_text"], counts).text for p in pages]


def run_command(pages: list[dict]) -> list[str]:
    """The cleaned body texts from `newsclusters clean --jsonl`, run as a new process."""
    return _run_process(pages, ["-m", "newsclusters.cli", "clean", "--jsonl"], out_flag="--out")


def _run_process(pages: list[dict], arguments: list[str], out_flag: str = "") -> list[str]:
    """Run `python ARGUMENTS IN [OUT_FLAG] OUT` on the pages as {"id", "text"} lines; the output texts."""
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.jsonl", Path(folder) / "out.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for page in pages:
                handle.write(json.dumps({"id": page["id"], "text": page["raw_text"]}, ensure_ascii=False) + "\n")
        flag = [out_flag] if out_flag else []
        subprocess.run([sys.executable, *arguments, str(source), *flag, str(target)], check=True)
        with target.open(encoding="utf-8") as handle:
            return [json.loads(line)["text"] for line in handle]


# The ceiling for a whole command: a new Python process that reads the same JSONL and writes the
# texts back unchanged. No cleaner run as a command can be faster than this on the same machine.
PASS_THROUGH = """
import json, sys
with open(sys.argv[1], encoding="utf-8") as source, open(sys.argv[2], "w", encoding="utf-8") as target:
    for line in source:
        record = json.loads(line)
        target.write(json.dumps({"id": record["id"], "text": record["text"]}, ensure_ascii=False) + "\\n")
"""


def run_pass_through(pages: list[dict]) -> list[str]:
    """The raw texts, through a no-op process with the command's input and output."""
    return _run_process(pages, ["-c", PASS_THROUGH])


def run_justext(pages: list[dict]) -> list[str]:
    import justext  # the `bench` extra; imported only when jusText runs

    stoplist = justext.get_stoplist("English")
    out = []
    for page in pages:
        lines = "".join(f"<p>{html.escape(line)}</p>" for line in page["raw_text"].splitlines() if line.strip())
        paragraphs = justext.justext(f"<html><body>{lines}</body></html>", stoplist)
        out.append("\n".join(p.text for p in paragraphs if not p.is_boilerplate))
    return out


def timed(run: Callable[[list[dict]], list[str]], pages: list[dict], repeat: int) -> tuple[list[str], float]:
    """The output and the best wall time of `repeat` whole runs."""
    best, out = float("inf"), []
    for _ in range(repeat):
        start = time.perf_counter()
        out = run(pages)
        best = min(best, time.perf_counter() - start)
    return out, best


# --- report -------------------------------------------------------------------------------------

COLUMNS = ("n", "tok_P", "tok_R", "tok_F1", "content_del", "bp_removed")


def table(name: str, ours: dict, theirs: dict | None) -> list[str]:
    head = f"| {name} | " + " | ".join(COLUMNS) + (" | jusText tok_F1 |" if theirs else " |")
    rows = [head, "|" + "---|" * (len(COLUMNS) + 1 + (1 if theirs else 0))]
    for subset, values in ours.items():
        cells = [str(values["n"])] + [f"{values[c]:.3f}" for c in COLUMNS[1:]]
        if theirs:
            cells.append(f"{theirs[subset]['tok_F1']:.3f}")
        rows.append(f"| {subset} | " + " | ".join(cells) + " |")
    return rows


def speed_line(pages: int, command_s: float, in_process_s: float, ceiling_s: float, justext_s: float | None) -> str:
    def rate(name: str, seconds: float) -> str:
        ratio = f", {justext_s / seconds:.1f}x jusText" if justext_s else ""
        return f"{name} {pages / seconds:,.0f} pages/s ({seconds:.2f} s{ratio})"

    parts = [rate("command", command_s), rate("in process", in_process_s)]
    parts.append(rate("no-op pass-through command", ceiling_s))
    if justext_s:
        parts.append(f"jusText {pages / justext_s:,.0f} pages/s ({justext_s:.2f} s)")
    return "speed: " + "; ".join(parts)


def check_against(score_py: Path, gold_path: Path, preds: list[str], gold: list[dict], ours: dict) -> str:
    """Score the same predictions with the bench's own script; differences above 0.0005 are errors."""
    import importlib.util
    import tempfile

    spec = importlib.util.spec_from_file_location("bench_score", score_py)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as handle:
        for g, p in zip(gold, preds):
            handle.write(json.dumps({"id": g["id"], "cleaned_text": p}, ensure_ascii=False) + "\n")
    theirs = module.score(handle.name, str(gold_path))
    Path(handle.name).unlink()
    worst = max(abs(ours[s][c] - theirs[s][c]) for s in ours for c in COLUMNS[1:])
    verdict = "agree to 3 decimals" if worst < 0.0005 else "DISAGREE"
    return f"check against {score_py}: {verdict} (largest difference {worst:.5f})"


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="+", type=Path, help="gold JSONL files (id, source, raw_text, gold_text)")
    parser.add_argument("--repeat", type=int, default=1, help="time each side this many times, keep the best")
    parser.add_argument("--no-justext", action="store_true", help="skip jusText (no speed ratio)")
    parser.add_argument("--oracle", action="store_true", help="also score the gold-knowing line cleaner (the ceiling)")
    parser.add_argument("--pred-dir", type=Path, help="also write <name>.pred.jsonl ({id, cleaned_text}) here")
    parser.add_argument("--check-with", type=Path, help="the bench's score.py: re-score and compare")
    args = parser.parse_args(list(argv) if argv is not None else None)

    print("Cleaning benchmark: package cleaner (count pass + clean) against jusText; single process.")
    print("Metrics as defined by the bench's score.py, re-implemented here (agreement to 3 decimals checked).")
    for path in args.gold:
        gold = load(path)
        preds, command_s = timed(run_command, gold, args.repeat)
        in_process, ours_s = timed(run_cleaner, gold, args.repeat)
        if in_process != preds:
            raise SystemExit(f"{path}: `newsclusters clean --jsonl` and the in-process cleaner disagree")
        unchanged, ceiling_s = timed(run_pass_through, gold, args.repeat)
        if unchanged != [page["raw_text"] for page in gold]:
            raise SystemExit(f"{path}: the pass-through process changed a text")
        ours = score(gold, preds)
        theirs, theirs_s = (None, None) if args.no_justext else timed(run_justext, gold, args.repeat)
        print()
        print("\n".join(table(path.name, ours, score(gold, theirs) if theirs else None)))
        if args.oracle:
            ceiling = score(gold, line_oracle(gold))
            print(f"ceiling, a line cleaner that knows the gold (keeps lines >= {ORACLE_SHARE:.0%} gold tokens):")
            print("\n".join(table(path.name, ceiling, None)))
        print(speed_line(len(gold), command_s, ours_s, ceiling_s, theirs_s))
        if args.check_with:
            print(check_against(args.check_with, path, preds, gold, ours))
        if args.pred_dir:
            args.pred_dir.mkdir(parents=True, exist_ok=True)
            with (args.pred_dir / f"{path.stem}.pred.jsonl").open("w", encoding="utf-8") as out:
                for g, p in zip(gold, preds):
                    out.write(json.dumps({"id": g["id"], "cleaned_text": p}, ensure_ascii=False) + "\n")
    print()
    print(TARGETS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
