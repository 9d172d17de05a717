"""Cleaning quality and speed on gold files: the package cleaner against jusText and datatrove's C4 filter.

    python benchmarks/cleaning.py GOLD.jsonl [GOLD2.jsonl ...] [--repeat 3] [--no-justext] [--no-c4]
                                  [--speed-pages 20000] [--stages]
                                  [--oracle] [--pred-dir DIR] [--check-with path/to/score.py]
                                  [--cv-folds 5 [--cv-scorer]] [--rule-hosts]

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
    page, in process (its interpreter start and import are not counted: the ratio is conservative);
  datatrove C4 (`datatrove.pipeline.filters.C4QualityFilter`, in process, the `Document`s built
    outside the clock): as shipped (it also counts each kept line's sentences with spaCy's English
    sentencizer, to drop pages of fewer than 5), and its line-level logic alone
    (`min_num_sentences=-1`: terminal punctuation, 3 words, 'javascript', policy phrases, long
    words, citations), the cheapest line filter of its kind. Both are scored as well.
`--speed-pages N` times the command, the in-process cleaner, the pass-through and C4 again on the
file's pages repeated up to N (ids suffixed), so that the command's start-up is amortised. The count
pass then sees every line N/len(file) times, so corpus_repeated_v3 removes every short non-prose
line: the work per page is not the same as on the file alone, which is why both are reported.
`--stages` prints the cleaner's CPU per page and stage (count pass, line rules, page features,
each page rule, the rest) in microseconds, on the file's own pages.
`--oracle` also scores a line cleaner that knows the gold (`line_oracle`): the ceiling for any
cleaner that keeps or removes whole raw lines.
`--cv-folds K` adds host-grouped cross-validation: pages are grouped by site (the registrable
domain of `source_url`, so ca.reuters.com and www.reuters.com are one site), each site goes to fold
`sha256(site) % K` (deterministic, no site in two folds, the same fold in every gold file), and the
mean, standard deviation and min-max over the K held-out folds are reported for no cleaning, the
rules alone and, with `--cv-scorer`, the rules with the line scorer refitted on the other K-1 folds
of all gold files (`benchmarks/train_line_scorer.py`; needs scikit-learn). As in a build, the count
pass runs over the pages being cleaned: each held-out fold of each file, each page its own story
cluster with its site (`source_url`'s registrable domain, as the cleaner takes a document's URL).
`--rule-hosts` lists, per rule, the sites, pages, lines and tokens it removed on each gold file and
the busiest site's share of those tokens: a rule that serves a single site is a sign of fitting.
`--line-scorer` also scores and times the rules with the committed line scorer (off by default;
in-sample here, since its weights were fitted on the bench).
jusText and datatrove (the `bench` extra) are only needed here, and only imported when they run.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import hashlib
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
from urllib.parse import urlsplit

from newsclusters.pipeline.clean import Cleaned, Cleaner, count_lines
from newsclusters.pipeline.clean import site_of as site_of_url
from newsclusters.pipeline.rules import Page, Rule

TOKEN = re.compile(r"\w+")
ORACLE_SHARE = 0.7  # of a line's tokens in the gold: the line oracle's best L3S tok_P on the dev set
TARGETS = "targets: light L3S tok_P >= .95 with content_del <= .01; light all tok_F1 >= .95; bp_removed >= .6; heavy tok_F1 >= .85; speed >= 30x jusText, above C4's line logic alone"


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


# --- host-grouped cross-validation -------------------------------------------------------------

def site_of(page: dict) -> str:
    """The page's site for folds: `site_of` its URL, as the cleaner sees it (its `source` when it has
    none): sub-hosts of one site (ca.reuters.com, www.reuters.com) share templates, so they must fall
    in the same fold."""
    return page_site(page) or str(page.get("source", ""))


def page_site(page: dict) -> str | None:
    """The site the cleaner is given for a page, as a build takes a document's: from its URL only."""
    return site_of_url(page.get("source_url"))


def counted(pages: list[dict]) -> Counter[int]:
    """The count pass over the pages as a build runs it: each page its own story cluster, by site too."""
    return count_lines((p["raw_text"] for p in pages), [page_site(p) for p in pages])


def fold_of(site: str, folds: int) -> int:
    """A site's fold: a hash, not a random draw, so every run and every gold file agree."""
    return int.from_bytes(hashlib.sha256(site.encode("utf-8")).digest()[:8], "big") % folds


def assign_folds(pages: list[dict], folds: int) -> list[int]:
    """The fold of each page, by its site."""
    return [fold_of(site_of(page), folds) for page in pages]


def spread(values: list[dict[str, float]]) -> dict[str, tuple[float, float, float, float]]:
    """Per metric over folds: (mean, standard deviation, min, max)."""
    return {
        c: (statistics.mean(v[c] for v in values), statistics.pstdev(v[c] for v in values),
            min(v[c] for v in values), max(v[c] for v in values))
        for c in COLUMNS[1:]
    }


FoldCleaner = Callable[[list[list[dict]], list[dict]], list[str]]  # (training pages per file, held-out pages) -> texts


def rules_alone(train: list[list[dict]], test: list[dict]) -> list[str]:
    """The rule cleaner has nothing to fit: the training fold is not used, the count pass runs on `test`."""
    return run_cleaner(test, Cleaner())


def rules_with_title(train: list[list[dict]], test: list[dict]) -> list[str]:
    """As `rules_alone`, with the extracted title as the first line: the protocol the pages of unseen
    sites were scored with outside the project (`title` + `text` against a gold without the headline)."""
    return run_cleaner(test, Cleaner(), with_title=True)


def no_cleaning(train: list[list[dict]], test: list[dict]) -> list[str]:
    return [page["raw_text"] for page in test]


def cross_validate(files: list[list[dict]], folds: int, cleaner: FoldCleaner) -> list[dict[str, dict[str, float]]]:
    """Per gold file, the scores of each held-out fold (all of its pages) cleaned by `cleaner`,
    given the other folds of every file to fit on."""
    fold_ids = [assign_folds(pages, folds) for pages in files]
    results: list[dict[str, dict[str, float]]] = [{} for _ in files]
    for k in range(folds):
        train = [[p for p, f in zip(pages, ids) if f != k] for pages, ids in zip(files, fold_ids)]
        for n, (pages, ids) in enumerate(zip(files, fold_ids)):
            test = [p for p, f in zip(pages, ids) if f == k]
            if test:
                results[n][str(k)] = aggregate([page_counts(g["gold_text"], g.get("raw_text", ""), t)
                                                for g, t in zip(test, cleaner(train, test))])
    return results


def cv_rows(name: str, per_fold: dict[str, dict[str, float]]) -> list[str]:
    """One markdown row: each metric as mean ± std (min-max) over the folds."""
    cells = [f"{v[0]:.3f} ± {v[1]:.3f} ({v[2]:.3f}-{v[3]:.3f})" for v in spread(list(per_fold.values())).values()]
    return [f"| {name} | {len(per_fold)} | " + " | ".join(cells) + " |"]


def deleted_article_tokens(gold: str, raw: str, cleaned: Cleaned) -> Counter[str]:
    """Per rule, the article tokens its removals cost the page: gold tokens that were in the raw text
    and are not in the output, charged to the removed lines that hold them, in line order. They add
    up to the page's share of `content_del`'s numerator."""
    raw_gold = Counter(TOKEN.findall(raw or "")) & Counter(TOKEN.findall(gold or ""))
    lost = raw_gold - Counter(TOKEN.findall(cleaned.text))
    charged: Counter[str] = Counter()
    for removal in cleaned.removed:
        for token in TOKEN.findall(removal.text):
            if lost[token] > 0:
                lost[token] -= 1
                charged[removal.rule] += 1
    return charged


def rule_hosts(pages: list[dict]) -> dict[str, tuple[int, int, int, int, float, int]]:
    """Per rule that removed anything: the sites, pages, lines and tokens it removed, the share of
    those tokens that came from its busiest site (near 1: the rule mostly serves one site), and the
    article tokens it deleted (its part of content_del)."""
    cleaner = Cleaner()
    counts = counted(pages)
    hits: dict[str, set[str]] = defaultdict(set)
    lines: Counter[str] = Counter()
    tokens: dict[str, Counter[str]] = defaultdict(Counter)
    deleted: Counter[str] = Counter()
    for page in pages:
        cleaned = cleaner.clean(page["raw_text"], counts, page_site(page))
        for removal in cleaned.removed:
            hits[removal.rule].add(page["id"])
            lines[removal.rule] += 1
            tokens[removal.rule][site_of(page)] += len(TOKEN.findall(removal.text))
        deleted += deleted_article_tokens(page["gold_text"], page["raw_text"], cleaned)
    out = {}
    for rule in sorted(lines):
        total = sum(tokens[rule].values())
        top = max(tokens[rule].values(), default=0)
        out[rule] = (len(tokens[rule]), len(hits[rule]), lines[rule], total, top / total if total else 0.0, deleted[rule])
    return out


# --- the two cleaners, timed --------------------------------------------------------------------


URL_HEADLINE_MIN_WORDS = 4  # a URL segment of fewer words is an id or a section name, not a headline
URL_HEADLINE_MATCH = 0.5  # word-set overlap (Jaccard) for a raw line to be the headline the URL names


def url_headline(page: dict) -> str | None:
    """The raw line the page's URL names (the slug 'council-approves-flood-budget'): the line of at
    most 30 words whose words best match the URL's most hyphenated path segment. The gold has no
    headline, so this is the independent check of the extracted `title`; pages without a slug have none."""
    segments = [s for s in urlsplit(page.get("source_url") or "").path.split("/") if s]
    slug = max(segments, key=lambda s: s.count("-") + s.count("_"), default="")
    slug = re.sub(r"\.(?:html?|php|ece|stm|aspx?)$", "", slug.lower())
    wanted = {w for w in re.split(r"[-_+]", slug) if w and not w.isdigit()}
    if len(wanted) < URL_HEADLINE_MIN_WORDS:
        return None
    best, best_overlap = None, 0.0
    for raw_line in page["raw_text"].splitlines():
        line = " ".join(raw_line.split())
        found = set(re.findall(r"[^\W_]+", line.lower().replace("'", "").replace("’", "")))
        if not found or line.count(" ") >= 30:
            continue
        overlap = len(wanted & found) / len(wanted | found)
        if overlap > best_overlap:
            best, best_overlap = line, overlap
    return best if best_overlap >= URL_HEADLINE_MATCH else None


def title_check(pages: list[dict], cleaner: Cleaner | None = None) -> dict[str, int]:
    """Pages whose URL names a headline, and how many got it as `title` (a list marker or a site name
    around it allowed), another line, or none."""
    cleaner = cleaner or Cleaner()
    counts = counted(pages)
    tally = Counter({"with a headline in the URL": 0, "right": 0, "wrong": 0, "none": 0})
    for page in pages:
        headline = url_headline(page)
        if headline is None:
            continue
        title = cleaner.clean(page["raw_text"], counts, page_site(page)).title
        tally["with a headline in the URL"] += 1
        tally["none" if title is None else "right" if title.casefold() in headline.casefold() else "wrong"] += 1
    return dict(tally)


def run_cleaner(pages: list[dict], cleaner: Cleaner | None = None, with_title: bool = False) -> list[str]:
    """What a build does: the count pass over the corpus, then every page cleaned with the counts
    (`with_title`: the extracted title, if any, as the first line of the text)."""
    cleaner = cleaner or Cleaner()
    counts = counted(pages)
    cleaned = (cleaner.clean(p["raw_text"], counts, page_site(p)) for p in pages)
    return [f"{c.title}\n{c.text}" if with_title and c.title else c.text for c in cleaned]


def run_command(pages: list[dict]) -> list[str]:
    """The cleaned body texts from `newsclusters clean --jsonl`, run as a new process."""
    return _run_process(pages, ["-m", "newsclusters.cli", "clean", "--jsonl"], out_flag="--out")


def _run_process(pages: list[dict], arguments: list[str], out_flag: str = "") -> list[str]:
    """Run `python ARGUMENTS IN [OUT_FLAG] OUT` on the pages as {"id", "text", "url"} lines; the output texts."""
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.jsonl", Path(folder) / "out.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for page in pages:
                line = {"id": page["id"], "text": page["raw_text"], "url": page.get("source_url")}
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
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


def c4_runner(line_logic_only: bool) -> Callable[[list[dict]], list[str]]:
    """datatrove's C4 filter on every page; a page it drops gives ''. Documents are built before the clock."""

    def run(pages: list[dict]) -> list[str]:
        from datatrove.data import Document  # the `bench` extra; imported only when C4 runs
        from datatrove.pipeline.filters import C4QualityFilter

        c4 = C4QualityFilter(min_num_sentences=-1) if line_logic_only else C4QualityFilter()
        c4.filter(Document(text="Warm the sentencizer up. It loads on first use.", id="warm-up"))
        docs = [Document(text=page["raw_text"], id=str(page["id"])) for page in pages]
        start = time.perf_counter()
        kept = [c4.filter(doc) is True for doc in docs]
        run.seconds = time.perf_counter() - start  # type: ignore[attr-defined]
        return [doc.text if keep else "" for doc, keep in zip(docs, kept)]

    return run


def timed(run: Callable[[list[dict]], list[str]], pages: list[dict], repeat: int) -> tuple[list[str], float]:
    """The output and the best wall time of `repeat` whole runs (a run may time itself in `run.seconds`)."""
    best, out = float("inf"), []
    for _ in range(repeat):
        start = time.perf_counter()
        out = run(pages)
        best = min(best, getattr(run, "seconds", time.perf_counter() - start))
    return out, best


def repeated(pages: list[dict], total: int) -> list[dict]:
    """The pages repeated up to `total`, each copy's id suffixed ('-r3')."""
    return [dict(pages[k % len(pages)], id=f"{pages[k % len(pages)]['id']}-r{k // len(pages)}") for k in range(total)]


_FEATURES = ("low", "low_text", "words", "ends", "prose")


def _features(page: Page) -> list[int]:
    """Computes the page features the page rules share (cached on the page), removes nothing."""
    for name in _FEATURES:
        getattr(page, name)
    return []


def _clocked(spent: defaultdict[str, float], name: str, function: Callable) -> Callable:
    """`function`, adding the CPU time of each call to `spent[name]`."""

    def run(*args: object) -> object:
        start = time.process_time()
        try:
            return function(*args)
        finally:
            spent[name] += time.process_time() - start

    return run


def stages(pages: list[dict], repeat: int) -> dict[str, float]:
    """CPU microseconds per page of each stage of the count pass and `Cleaner.clean`, best total of `repeat`.

    Each stage is timed by wrapping it in a copy of the cleaner (no global patching): the line
    matcher, a first page rule computing the shared page features, each page rule; 'the rest' is the
    split, normalisation, table cells, date header and audit of `clean` itself.
    """
    texts = [page["raw_text"] for page in pages]
    sites = [page_site(page) for page in pages]
    best: dict[str, float] = {}
    for _ in range(repeat):
        spent: defaultdict[str, float] = defaultdict(float)
        clocked = functools.partial(_clocked, spent)
        start = time.process_time()
        counts = count_lines(texts, sites)
        spent["count pass"] = time.process_time() - start
        cleaner = Cleaner()
        cleaner._matcher.verdicts = clocked("line rules", cleaner._matcher.verdicts)  # type: ignore[method-assign]
        features = Rule("page_features_v1", "", clocked("page features", _features))
        cleaner.page_rules = (features,) + tuple(
            dataclasses.replace(rule, find=clocked(f"page rule {rule.name}", rule.find)) for rule in cleaner.page_rules
        )
        start = time.process_time()
        for text, site in zip(texts, sites):
            cleaner.clean(text, counts, site)
        total = time.process_time() - start
        spent["the rest of clean"] = total - sum(v for k, v in spent.items() if k != "count pass")
        spent["total"] = total + spent["count pass"]
        if not best or spent["total"] < best["total"] * len(pages) / 1e6:
            best = {k: v / len(pages) * 1e6 for k, v in spent.items()}
    return best


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


def speed_line(
    pages: int, command_s: float, in_process_s: float, ceiling_s: float, justext_s: float | None,
    c4: tuple[float, float] | None = None, justext_pages: int | None = None,
) -> str:
    """One line of rates; jusText may have run on fewer pages (`justext_pages`): ratios are per page.
    `c4` holds pages/s of datatrove's C4 filter as shipped and of its line logic alone."""
    justext_rate = (justext_pages or pages) / justext_s if justext_s else None

    def rate(name: str, seconds: float) -> str:
        ratio = f", {pages / seconds / justext_rate:.1f}x jusText" if justext_rate else ""
        return f"{name} {pages / seconds:,.0f} pages/s ({seconds:.2f} s{ratio})"

    parts = [rate("command", command_s), rate("in process", in_process_s)]
    parts.append(rate("no-op pass-through command", ceiling_s))
    if c4:
        parts.append(f"datatrove C4 as shipped {c4[0]:,.0f} pages/s")
        parts.append(f"C4 line logic alone {c4[1]:,.0f} pages/s (ours in process {pages / in_process_s / c4[1]:.2f}x)")
    if justext_s and justext_rate:
        parts.append(f"jusText {justext_rate:,.0f} pages/s ({justext_s:.2f} s)")
    return "speed: " + "; ".join(parts)


def stage_table(rows: dict[str, dict[str, float]]) -> list[str]:
    """Per-stage microseconds per page, one column per gold file."""
    names = list(rows)
    order = sorted({k for r in rows.values() for k in r}, key=lambda k: (k == "total", -rows[names[0]].get(k, 0)))
    out = ["| stage, CPU us/page | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    out += [f"| {k} | " + " | ".join(f"{rows[n].get(k, 0):.0f}" for n in names) + " |" for k in order]
    return out


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
    parser.add_argument("--no-c4", action="store_true", help="skip datatrove's C4 filter")
    parser.add_argument("--speed-pages", type=int, default=0,
                        help="also time on the pages repeated up to this many (start-up amortised)")
    parser.add_argument("--stages", action="store_true", help="print the cleaner's CPU per page and stage")
    parser.add_argument("--oracle", action="store_true", help="also score the gold-knowing line cleaner (the ceiling)")
    parser.add_argument("--pred-dir", type=Path, help="also write <name>.pred.jsonl ({id, cleaned_text}) here")
    parser.add_argument("--check-with", type=Path, help="the bench's score.py: re-score and compare")
    parser.add_argument("--line-scorer", action="store_true",
                        help="also score and time the rules + the committed line scorer (in-sample on the bench)")
    parser.add_argument("--cv-folds", type=int, default=0, help="also report host-grouped K-fold figures")
    parser.add_argument("--cv-scorer", action="store_true", help="with --cv-folds: refit the line scorer per fold")
    parser.add_argument("--rule-hosts", action="store_true", help="per rule: sites, pages and lines it fires on")
    parser.add_argument("--titles", action="store_true", help="check `title` against the headline the URL names")
    args = parser.parse_args(list(argv) if argv is not None else None)

    print("Cleaning benchmark: package cleaner (count pass + clean) against jusText and C4; single process.")
    stage_rows: dict[str, dict[str, float]] = {}
    print("Metrics as defined by the bench's score.py, re-implemented here (agreement to 3 decimals checked).")
    for path in args.gold:
        gold = load(path)
        preds, command_s = timed(run_command, gold, args.repeat)
        in_process, ours_s = timed(lambda pages: run_cleaner(pages), gold, args.repeat)
        if in_process != preds:
            raise SystemExit(f"{path}: `newsclusters clean --jsonl` and the in-process cleaner disagree")
        unchanged, ceiling_s = timed(run_pass_through, gold, args.repeat)
        if unchanged != [page["raw_text"] for page in gold]:
            raise SystemExit(f"{path}: the pass-through process changed a text")
        ours = score(gold, preds)
        theirs, theirs_s = (None, None) if args.no_justext else timed(run_justext, gold, args.repeat)
        c4 = None
        if not args.no_c4:
            shipped, shipped_s = timed(c4_runner(line_logic_only=False), gold, args.repeat)
            lines_only, lines_s = timed(c4_runner(line_logic_only=True), gold, args.repeat)
            c4 = (len(gold) / shipped_s, len(gold) / lines_s)
        print()
        print("\n".join(table(path.name, ours, score(gold, theirs) if theirs else None)))
        if c4:
            for name, texts in (("datatrove C4 as shipped", shipped), ("C4 line logic alone", lines_only)):
                print(f"{name}:")
                print("\n".join(table(path.name, {"all": score(gold, texts)["all"]}, None)))
        if args.cv_folds:
            print("no cleaning (the raw text), the reference of the CV below:")
            print("\n".join(table(path.name, {"all": score(gold, [p["raw_text"] for p in gold])["all"]}, None)))
        if args.oracle:
            ceiling = score(gold, line_oracle(gold))
            print(f"ceiling, a line cleaner that knows the gold (keeps lines >= {ORACLE_SHARE:.0%} gold tokens):")
            print("\n".join(table(path.name, ceiling, None)))
        print(speed_line(len(gold), command_s, ours_s, ceiling_s, theirs_s, c4))
        if args.speed_pages:
            print(speed_repeated(gold, args.speed_pages, args.repeat, theirs_s, c4))
        if args.stages:
            stage_rows[path.name] = stages(gold, max(args.repeat, 3))
        if args.line_scorer:
            from newsclusters.pipeline.line_scorer import with_line_scorer

            scored, scored_s = timed(lambda pages: run_cleaner(pages, with_line_scorer()), gold, args.repeat)
            print("rules + line scorer (committed weights, fitted on these pages: in-sample):")
            print("\n".join(table(path.name, score(gold, scored), None)))
            per_page = (ours_s / len(gold) * 1e3, scored_s / len(gold) * 1e3)
            print(f"speed: in process, rules alone {len(gold) / ours_s:,.0f} pages/s ({per_page[0]:.2f} ms/page); "
                  f"with the line scorer {len(gold) / scored_s:,.0f} pages/s ({per_page[1]:.2f} ms/page)")
        if args.titles:
            tally = title_check(gold)
            print("title against the headline the page's URL names: " + ", ".join(f"{k} {v}" for k, v in tally.items()))
        if args.check_with:
            print(check_against(args.check_with, path, preds, gold, ours))
        if args.pred_dir:
            args.pred_dir.mkdir(parents=True, exist_ok=True)
            with (args.pred_dir / f"{path.stem}.pred.jsonl").open("w", encoding="utf-8") as out:
                for g, p in zip(gold, preds):
                    out.write(json.dumps({"id": g["id"], "cleaned_text": p}, ensure_ascii=False) + "\n")
    if stage_rows:
        print("\nwhere the cleaner's time goes (count pass and clean, in process, best of 3):")
        print("\n".join(stage_table(stage_rows)))
    if args.rule_hosts:
        print_rule_hosts(args.gold)
    if args.cv_folds:
        print_cv(args.gold, args.cv_folds, args.cv_scorer)
    print()
    print(TARGETS)
    return 0


def speed_repeated(
    gold: list[dict], total: int, repeat: int, justext_s: float | None, c4: tuple[float, float] | None
) -> str:
    """The speed line on the pages repeated up to `total`. jusText's and C4-as-shipped's rates are the
    ones on the file itself (they keep no corpus state; on 20,000 pages they would take minutes)."""
    pages = repeated(gold, total)
    preds, command_s = timed(run_command, pages, repeat)
    in_process, ours_s = timed(lambda chosen: run_cleaner(chosen), pages, repeat)
    if in_process != preds:
        raise SystemExit("repeated pages: `newsclusters clean --jsonl` and the in-process cleaner disagree")
    _, ceiling_s = timed(run_pass_through, pages, repeat)
    if c4:
        c4 = (c4[0], len(pages) / timed(c4_runner(line_logic_only=True), pages, repeat)[1])
    line = speed_line(len(pages), command_s, ours_s, ceiling_s, justext_s, c4, justext_pages=len(gold))
    return f"{len(pages):,} pages ({len(gold)} repeated), " + line


def print_rule_hosts(paths: list[Path]) -> None:
    for path in paths:
        found = rule_hosts(load(path))
        single = [rule for rule, row in found.items() if row[0] == 1]
        print(f"\nrules by site, {path.name}; {len(single)} fire on one site only:")
        print("| rule | sites | pages | lines | tokens | busiest site's share of tokens | article tokens deleted |\n"
              "|---|---|---|---|---|---|---|")
        for rule, (sites, pages, lines, tokens, top, deleted) in sorted(found.items(), key=lambda item: (item[1][0], item[0])):
            print(f"| {rule} | {sites} | {pages} | {lines} | {tokens} | {top:.2f} | {deleted} |")


def print_cv(paths: list[Path], folds: int, with_scorer: bool) -> None:
    """Host-grouped CV: mean ± std (min-max) over the held-out folds, per gold file."""
    files = [load(path) for path in paths]
    cleaners: dict[str, FoldCleaner] = {"no cleaning": no_cleaning, "rules alone": rules_alone,
                                        "rules alone, scored as title + text": rules_with_title}
    if with_scorer:
        cleaners["rules + line scorer (refit per fold)"] = _scorer_fold_cleaner()
    results = {name: cross_validate(files, folds, cleaner) for name, cleaner in cleaners.items()}
    for n, path in enumerate(paths):
        sizes = [int(v["n"]) for v in results["no cleaning"][n].values()]
        print(f"\nhost-grouped {folds}-fold CV, {path.name} (held-out pages per fold: {sizes}); mean ± std (min-max):")
        print("| cleaner | folds | " + " | ".join(COLUMNS[1:]) + " |\n|---|---|" + "---|" * (len(COLUMNS) - 1))
        for name, per_file in results.items():
            print("\n".join(cv_rows(name, per_file[n])))


def _scorer_fold_cleaner() -> FoldCleaner:
    """Train the line scorer on the training folds (the training script's recipe), clean the held-out one."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("train_line_scorer", Path(__file__).with_name("train_line_scorer.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    from newsclusters.pipeline.line_scorer import load_model

    return module.fold_cleaner_for(str(load_model()["kind"]))


if __name__ == "__main__":
    sys.exit(main())
