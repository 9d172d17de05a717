"""Labelled pages written outside the bench: how much chrome the cleaner keeps and what article text it removes.

    python benchmarks/trials.py benchmarks/trials/sites-checked-0.2.39.txt [--list]

A trial file holds pages as labelled lines: '=== <site>' starts a page, then 'H <headline>', 'A <article line>'
or 'C:<kind> <chrome line>', one line of the page each. The page is the lines joined, cleaned as one
document; a line counts as kept when the cleaned text holds it (`kept`, even when a step cut part of it off:
those are counted apart as `partial`), as removed otherwise. The headline is right when it becomes the `title`.
Chrome is counted once per distinct text (menus repeat on every page). `--by-rule` adds, per rule, the article
lines and the chrome lines it removed; `--twice` lists the pages whose cleaned document (title, then text) cleans
to something else.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from newsclusters.pipeline.clean import TRANSFORMS, Cleaner


@dataclass(frozen=True)
class TrialLine:
    label: str  # 'H', 'A' or 'C:<kind>'
    text: str


def read_trials(lines: Iterable[str]) -> dict[str, list[TrialLine]]:
    """Pages by site, in file order; comment lines ('# ...') and blank lines are skipped."""
    pages: dict[str, list[TrialLine]] = {}
    current: list[TrialLine] | None = None
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("=== "):
            current = pages.setdefault(line[4:].strip(), [])
            continue
        label, _, text = line.partition(" ")
        if current is None or not (label in ("H", "A") or (label.startswith("C:") and len(label) > 2)) or not text:
            raise ValueError(f"line {number}: expected '=== <site>' or '<H|A|C:kind> <text>', got {line[:60]!r}")
        current.append(TrialLine(label, text))
    return pages


def score(pages: dict[str, list[TrialLine]], cleaner: Cleaner) -> dict[str, object]:
    """Distinct chrome kept, article lines removed (site, text, rule) and headlines that became the title."""
    chrome: dict[str, bool] = {}
    article_removed: list[tuple[str, str, str]] = []
    by_rule: dict[str, Counter[str]] = {"article": Counter(), "chrome": Counter()}  # lines each rule removed
    title_misses: list[tuple[str, str, str | None]] = []
    articles = titles = headlines = partial = 0
    for site, lines in pages.items():
        result = cleaner.clean("\n".join(line.text for line in lines))
        kept = set(result.kept)
        touched = {removal.line for removal in result.removed if removal.rule != "mojibake_repair_v2"}  # a repair cuts nothing
        rules = {removal.line: removal.rule for removal in result.removed if removal.rule not in TRANSFORMS}
        for number, line in enumerate(lines, 1):
            gone = number not in kept
            partial += not gone and number in touched
            if line.label == "H":
                headlines += 1
                right = result.title is not None and " ".join(line.text.split()) == result.title
                titles += right
                if not right:
                    title_misses.append((site, line.text, result.title))
            elif line.label == "A":
                articles += 1
                if gone:
                    article_removed.append((site, line.text, rules.get(number, "?")))
            else:
                chrome[line.text] = chrome.get(line.text, False) or not gone
            if number in rules and line.label != "H":  # a headline moved to the title is not taken out
                by_rule["chrome" if line.label.startswith("C:") else "article"][rules[number]] += 1
    return {"pages": len(pages), "chrome": len(chrome), "chrome_kept": [text for text, kept in chrome.items() if kept],
            "articles": articles, "article_removed": article_removed, "headlines": headlines, "titles": titles,
            "title_misses": title_misses, "partial": partial, "by_rule": by_rule}


def unstable(pages: dict[str, list[TrialLine]], cleaner: Cleaner) -> list[str]:
    """The sites whose cleaned document (the title, then the text) cleans to another title or text."""
    found = []
    for site, lines in pages.items():
        once = cleaner.clean("\n".join(line.text for line in lines))
        twice = cleaner.clean(f"{once.title}\n\n{once.text}" if once.title else once.text)
        if (twice.title, twice.text) != (once.title, once.text):
            found.append(site)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trials", type=Path, nargs="+")
    parser.add_argument("--list", action="store_true", help="also list the chrome kept and the titles that miss the headline")
    parser.add_argument("--by-rule", action="store_true",
                        help="also count, per rule, the article and chrome lines it removed")
    parser.add_argument("--twice", action="store_true",
                        help="also list the pages whose cleaned text cleans differently")
    args = parser.parse_args()
    cleaner = Cleaner()
    for path in args.trials:
        pages = read_trials(path.read_text(encoding="utf-8").splitlines())
        found = score(pages, cleaner)
        print(f"{path.name}: {found['pages']} pages; chrome kept {len(found['chrome_kept'])} of {found['chrome']} distinct lines;"
              f" article lines removed {len(found['article_removed'])} of {found['articles']};"
              f" headline as title {found['titles']} of {found['headlines']}; lines cut in part {found['partial']}")
        for site, text, rule in found["article_removed"]:
            print(f"  article line removed ({site}, {rule}): {text[:100]}")
        if args.list:
            for text in found["chrome_kept"]:
                print(f"  chrome kept: {text[:100]}")
            for site, headline, title in found["title_misses"]:
                print(f"  title ({site}): {str(title)[:70]!r} for the headline {headline[:70]!r}")
        if args.by_rule:
            counts = found["by_rule"]
            for rule in sorted({*counts["article"], *counts["chrome"]}, key=lambda r: (-counts["article"][r], r)):
                print(f"  rule {rule}: article lines {counts['article'][rule]}, chrome lines {counts['chrome'][rule]}")
        if args.twice:
            sites = unstable(pages, cleaner)
            print(f"  cleaned again, {len(sites)} of {found['pages']} pages differ" + "".join(f"\n    {s}" for s in sites))


if __name__ == "__main__":
    main()
