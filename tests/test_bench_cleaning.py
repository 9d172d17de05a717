"""The cleaning benchmark script: its metrics follow score.py's definitions, its runs time what they say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import benchmark_script


@pytest.fixture(scope="module")
def bench():
    with benchmark_script("cleaning") as module:
        yield module


RAW = "Share this article\nThe council voted on Tuesday to close the bridge.\nSign up for our newsletter"
GOLD = "The council voted on Tuesday to close the bridge."
PAGES = [
    {"id": "a", "source": "one", "raw_text": RAW, "gold_text": GOLD},
    {"id": "b", "source": "two", "raw_text": "Menu\nHome\nA short story about rain in the city today.", "gold_text": "A short story about rain in the city today."},
]


def test_perfect_output_scores_one_and_deletes_nothing(bench) -> None:
    result = bench.score(PAGES, [GOLD, PAGES[1]["gold_text"]])["all"]
    assert (result["tok_P"], result["tok_R"], result["content_del"], result["bp_removed"]) == (1.0, 1.0, 0.0, 1.0)


def test_identity_output_removes_no_boilerplate(bench) -> None:
    result = bench.score(PAGES, [p["raw_text"] for p in PAGES])
    assert result["all"]["bp_removed"] == 0.0 and result["all"]["content_del"] == 0.0
    assert result["all"]["tok_R"] == 1.0 and result["all"]["tok_P"] < 1.0
    assert set(result) == {"all", "one", "two"}  # per source too


def test_content_del_counts_only_gold_words_that_were_in_the_raw_text(bench) -> None:
    # 'Tuesday' removed: 1 of the 9 gold tokens present in raw; the gold's extra word isn't the cleaner's loss.
    page = dict(PAGES[0], gold_text=GOLD + " Extra")
    counts = bench.page_counts(page["gold_text"], page["raw_text"], GOLD.replace(" on Tuesday", " on"))
    assert (counts["raw_gold"], counts["kept_gold"]) == (9, 8)


def test_the_command_and_the_pass_through_read_and_write_the_same_lines(bench) -> None:
    assert bench.run_pass_through(PAGES) == [p["raw_text"] for p in PAGES]
    assert bench.run_command(PAGES) == bench.run_cleaner(PAGES)


def test_main_prints_the_table_and_every_speed(bench, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "tiny.jsonl"
    gold.write_text("".join(json.dumps(p) + "\n" for p in PAGES), encoding="utf-8")
    assert bench.main([str(gold), "--no-justext", "--no-c4", "--oracle", "--pred-dir", str(tmp_path / "pred")]) == 0
    out = capsys.readouterr().out
    assert "| tiny.jsonl | n | tok_P |" in out and "| one | 1 |" in out
    assert "command " in out and "in process " in out and "no-op pass-through command " in out
    assert "ceiling, a line cleaner that knows the gold" in out
    preds = [json.loads(line) for line in (tmp_path / "pred" / "tiny.pred.jsonl").read_text().splitlines()]
    assert [p["id"] for p in preds] == ["a", "b"] and preds[0]["cleaned_text"] == GOLD


def test_repeated_pages_keep_their_text_and_get_new_ids(bench) -> None:
    pages = bench.repeated(PAGES, 5)
    assert [p["raw_text"] for p in pages] == [p["raw_text"] for p in PAGES * 3][:5]
    assert [p["id"] for p in pages] == ["a-r0", "b-r0", "a-r1", "b-r1", "a-r2"]


def test_stages_account_for_every_page_rule_and_add_up(bench) -> None:
    from newsclusters.pipeline.clean import Cleaner

    spent = bench.stages(PAGES * 5, repeat=1)
    names = {f"page rule {rule.name}" for rule in Cleaner().page_rules}
    assert names | {"count pass", "line rules", "page features", "the rest of clean", "total"} == set(spent)
    assert abs(sum(v for k, v in spent.items() if k != "total") - spent["total"]) < 1e-6 * max(1.0, spent["total"])
    table = bench.stage_table({"tiny.jsonl": spent})
    assert table[0] == "| stage, CPU us/page | tiny.jsonl |" and table[-1].startswith("| total | ")


def test_speed_line_gives_per_page_ratios_to_justext_and_c4(bench) -> None:
    line = bench.speed_line(100, 1.0, 0.5, 0.1, 10.0, c4=(20.0, 400.0), justext_pages=50)
    # jusText: 50 pages in 10 s = 5 pages/s; ours in process 200 pages/s = 40x; C4's line logic 400 pages/s
    assert "in process 200 pages/s (0.50 s, 40.0x jusText)" in line
    assert "C4 line logic alone 400 pages/s (ours in process 0.50x)" in line and "jusText 5 pages/s" in line


def test_c4_line_logic_keeps_sentences_and_drops_menus(bench) -> None:
    pytest.importorskip("datatrove")
    page = {"id": "a", "raw_text": "Home | News\nThe council voted on Tuesday to close the bridge.\nShare"}
    assert bench.c4_runner(line_logic_only=True)([page]) == ["The council voted on Tuesday to close the bridge."]
    # as shipped it also needs 5 sentences on the page: this one has 1, so the page goes
    pytest.importorskip("spacy")
    assert bench.c4_runner(line_logic_only=False)([page]) == [""]


# --- the build floor ----------------------------------------------------------------------------



def test_floor_builds_with_and_without_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from newsclusters.pipeline.clean import TRANSFORMS
    from newsclusters.pipeline.rules import RULES

    with benchmark_script("floor") as floor:
        assert floor.main(["--docs", "300", "--work", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "| read+clean+validate |" in out and "no rules: 1,000,000 articles on 2 cores" in out

    def rules_used(release: Path) -> set[str]:
        tables = [pq.read_table(f, columns=["removed"]) for f in sorted(release.glob("data/documents/*.parquet"))]
        return {r for t in tables for r in pc.struct_field(pc.list_flatten(t["removed"]), "rule").to_pylist()}

    assert rules_used(tmp_path / "floor-300-rules") & set(RULES)  # the patch is undone after its build
    assert rules_used(tmp_path / "floor-300-no-rules") <= set(TRANSFORMS)  # and reached the map tasks


def test_line_oracle_keeps_exactly_the_mostly_gold_lines(bench) -> None:
    page = {"raw_text": "Menu Home News\nThe bridge closes on Tuesday, the council said.\nThe bridge closes. Share it now",
            "gold_text": "The bridge closes on Tuesday, the council said. The bridge closes."}
    # line 3: 3 of its 6 tokens are gold tokens (50%): kept at a half share, dropped at 70%
    assert bench.line_oracle([page], share=0.5) == ["\n".join(page["raw_text"].split("\n")[1:])]
    assert bench.line_oracle([page]) == ["The bridge closes on Tuesday, the council said."]


# --- host-grouped cross-validation --------------------------------------------------------------


def test_sites_group_the_hosts_of_one_registrable_domain(bench) -> None:
    site = lambda url: bench.site_of({"source_url": url, "source": "x"})  # noqa: E731
    assert site("https://www.reuters.com/a") == site("https://ca.reuters.com/b") == "reuters.com"
    assert site("http://news.bbc.co.uk/1/hi/x.stm") == "bbc.co.uk" and site("https://www.smh.com.au/") == "smh.com.au"
    assert site("https://WWW.NYTimes.com/x") == "nytimes.com" and bench.site_of({"source": "aeb"}) == "aeb"


def test_fold_assignment_is_a_deterministic_partition_by_site(bench) -> None:
    urls = [f"https://{h}.example{n}.com/story-{k}" for n in range(40) for h in ("www", "news") for k in range(3)]
    pages = [{"id": str(i), "source_url": url} for i, url in enumerate(urls)]
    folds = bench.assign_folds(pages, 5)
    assert folds == bench.assign_folds(list(reversed(pages)), 5)[::-1]  # no draw, no order effect
    assert set(folds) == set(range(5))  # 40 sites fill all five folds
    by_site: dict[str, set[int]] = {}
    for page, fold in zip(pages, folds):
        by_site.setdefault(bench.site_of(page), set()).add(fold)
    assert all(len(f) == 1 for f in by_site.values())  # no site in two folds
    assert bench.fold_of("reuters.com", 5) == int(__import__("hashlib").sha256(b"reuters.com").hexdigest()[:16], 16) % 5


def test_cross_validate_reports_every_held_out_fold(bench) -> None:
    pages = [dict(p, source_url=f"https://site{k}.com/x", id=f"{p['id']}{k}") for k in range(6) for p in PAGES]
    per_fold = bench.cross_validate([pages], 3, bench.no_cleaning)[0]
    assert sum(v["n"] for v in per_fold.values()) == len(pages)
    assert all(v["bp_removed"] == 0.0 for v in per_fold.values())
    row = bench.cv_rows("no cleaning", per_fold)[0]
    assert row.startswith(f"| no cleaning | {len(per_fold)} | ") and " ± " in row


def test_title_protocol_puts_the_extracted_headline_first(bench) -> None:
    page = {"id": "t", "raw_text": "Bridge Closes for Repairs\nThe council voted on Tuesday to close the bridge for a month.",
            "gold_text": "The council voted on Tuesday to close the bridge for a month."}
    assert bench.rules_alone([], [page]) == ["The council voted on Tuesday to close the bridge for a month."]
    assert bench.rules_with_title([], [page]) == [
        "Bridge Closes for Repairs\nThe council voted on Tuesday to close the bridge for a month."]
    assert bench.rules_with_title([], PAGES[1:]) == bench.rules_alone([], PAGES[1:])  # no title: the text alone


def test_deleted_article_tokens_are_charged_to_the_rule_that_removed_them(bench) -> None:
    from newsclusters.pipeline.clean import Cleaned, Removal

    raw = "Rain closed the bridge today\nShare this story today\nThe council met"
    gold = "Rain closed the bridge today. The council met"
    cleaned = Cleaned(title=None, date=None, text="Rain closed the bridge", removed=(
        Removal(2, "Share this story today", "share_v1"), Removal(3, "The council met", "span_v1")))
    # the gold holds 'today' once and the output lost it: charged once, to the first removal holding
    # it (line 2); line 3 lost all three of its tokens
    charged = bench.deleted_article_tokens(gold, raw, cleaned)
    assert charged == {"share_v1": 1, "span_v1": 3}
    total_lost = bench.page_counts(gold, raw, cleaned.text)
    assert sum(charged.values()) == total_lost["raw_gold"] - total_lost["kept_gold"]


def test_rule_hosts_reports_the_article_tokens_each_rule_deleted(bench) -> None:
    pages = [{"id": "a", "source_url": "https://example.com/a", "raw_text": RAW,
              "gold_text": GOLD + " Sign up for our newsletter"}]
    found = bench.rule_hosts(pages)
    assert found["newsletter_prompt_v8"][5] == 5  # the gold keeps the prompt: its five tokens were article text
    assert found["share_social_v13"][5] == 0


MENU_PAGE = {
    "id": "m",
    "source": "three",
    "source_url": "https://news.example.com/local/2019/11/council-approves-flood-defence-budget.html",
    "raw_text": "* Home\n* World\n* Sport\nCouncil Approves Flood Defence Budget\nBy Jane Smith\n"
    "The council approved the flood defence budget on Monday after a long debate that ran late into the evening.",
    "gold_text": "The council approved the flood defence budget on Monday after a long debate that ran late into the evening.",
}


def test_url_headline_is_the_raw_line_the_slug_names(bench) -> None:
    assert bench.url_headline(MENU_PAGE) == "Council Approves Flood Defence Budget"
    assert bench.url_headline({**MENU_PAGE, "source_url": "https://news.example.com/story/12345"}) is None
    unnamed = {**MENU_PAGE, "source_url": "https://news.example.com/local/mayor-opens-new-library-wing"}
    assert bench.url_headline(unnamed) is None  # no line shares half its words with the slug


def test_title_check_counts_right_wrong_and_missing_titles(bench) -> None:
    article = MENU_PAGE["gold_text"]
    headline_last = {**MENU_PAGE, "raw_text": f"{article}\nCouncil Approves Flood Defence Budget"}  # no title
    kicker_first = {**MENU_PAGE, "raw_text": "Budget Talks\n" + headline_last["raw_text"]}  # the wrong title
    no_slug = {**MENU_PAGE, "source_url": "https://news.example.com/story/12345"}
    tallies = [bench.title_check([page]) for page in (MENU_PAGE, headline_last, kicker_first, no_slug)]
    assert [(t["with a headline in the URL"], t["right"], t["wrong"], t["none"]) for t in tallies] == [
        (1, 1, 0, 0), (1, 0, 0, 1), (1, 0, 1, 0), (0, 0, 0, 0)]
