"""The trial scorer: labelled pages in, chrome kept and article lines removed out."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import benchmark_script
from newsclusters.pipeline.clean import Cleaned, Cleaner

TRIALS = Path(__file__).resolve().parents[1] / "benchmarks" / "trials"


@pytest.fixture(scope="module")
def trials():
    with benchmark_script("trials") as module:
        yield module


PAGE = """# a comment
=== herald
C:nav Home
C:share Copy article link
H Council votes to close the central library
A The council voted on Tuesday to close the central library at the end of the year, despite a petition.
A The leader said the building needed repairs the council could not afford, and services would move.
C:promo We're a nonprofit newsroom. Donate today to keep our reporting free for everyone.
=== gazette
C:nav Home
H Storm cuts power to thousands of homes
A Thousands of homes lost power overnight after Storm Bert brought strong winds to the coast.
A Engineers worked through the night, and the operator said most homes would be reconnected by Monday.
A Storm cuts power to thousands of homes
"""


def test_counts_chrome_once_and_finds_article_lines_removed(trials) -> None:
    found = trials.score(trials.read_trials(PAGE.splitlines()), Cleaner())
    assert (found["pages"], found["chrome"], found["articles"], found["headlines"]) == (2, 3, 5, 2)
    assert found["chrome_kept"] == []  # 'Home' on both pages counts once, and goes on both
    assert found["titles"] == 2 and found["title_misses"] == []
    # the repeated headline at the gazette's end is an article line here: the cleaner's removal is reported
    assert [(site, rule) for site, _, rule in found["article_removed"]] == [("gazette", "duplicate_headline_v1")]


def test_counts_each_rules_article_and_chrome_lines(trials) -> None:
    found = trials.score(trials.read_trials(PAGE.splitlines()), Cleaner())
    assert found["by_rule"]["article"] == {"duplicate_headline_v1": 1}  # the headlines moved to the title don't count
    assert sum(found["by_rule"]["chrome"].values()) == 4  # 'Home' twice, the share link, the donation prompt


class _Flipping:
    """A cleaner whose every second answer differs: what a page that cleans differently the second time gives."""

    def __init__(self) -> None:
        self.calls = 0

    def clean(self, raw: str) -> Cleaned:
        self.calls += 1
        return Cleaned(title=None, date=None, text=raw if self.calls % 2 else raw + " again", removed=(), kept=())


def test_lists_the_pages_whose_cleaned_text_cleans_differently(trials) -> None:
    pages = trials.read_trials(PAGE.splitlines())
    assert trials.unstable(pages, Cleaner()) == []
    assert trials.unstable(pages, _Flipping()) == ["herald", "gazette"]


@pytest.mark.parametrize("line", ["no label here", "A-list author backs the campaign", "C: no kind"])
def test_a_line_without_a_label_names_its_number(trials, line: str) -> None:
    with pytest.raises(ValueError, match="line 2"):
        trials.read_trials(["=== site", line])


def test_a_title_that_misses_the_headline_is_listed(trials) -> None:
    page = ("=== herald\nH Who will pay for the storm?\n"
            "A Thousands of homes lost power overnight after Storm Bert brought strong winds to the coast.\n"
            "A Engineers worked through the night, and the operator said most homes would be reconnected by Monday.\n")
    found = trials.score(trials.read_trials(page.splitlines()), Cleaner())
    assert found["titles"] == 0 and found["title_misses"] == [("herald", "Who will pay for the storm?", None)]


def test_a_line_cut_in_part_counts_as_kept(trials) -> None:
    page = ("=== herald\nH Council votes to close the central library\n"
            "A The council voted on Tuesday to close the central library at the end of the year, despite a petition "
            "signed by 12,000 residents. Click here to sign up for our newsletter.\n"
            "A The leader said the building needed repairs the council could not afford, and services would move.\n"
            "C:promo Library users can still borrow e-books from home, the council said. Click here to subscribe.\n")
    found = trials.score(trials.read_trials(page.splitlines()), Cleaner())
    assert found["article_removed"] == [] and found["partial"] == 2


@pytest.mark.parametrize(("name", "count"), [("sites-checked-0.2.39.txt", 72), ("sites-checked-0.2.40.txt", 73),
                                           ("sites-checked-0.2.41.txt", 70), ("sites-checked-0.2.42.txt", 70),
                                           ("sites-checked-0.2.43.txt", 70), ("sites-checked-0.2.44.txt", 70),
                                           ("sites-checked-0.2.44-heldout.txt", 70), ("sites-checked-0.2.45.txt", 60),
                                           ("sites-checked-0.2.45-heldout.txt", 60), ("sites-checked-0.2.47.txt", 60),
                                           ("sites-checked-0.2.47-heldout.txt", 60),
                                           ("sites-checked-0.2.53-heldout.txt", 30),
                                           ("blogs-checked-0.2.53-heldout.txt", 30),
                                           ("sites-edges-checked-0.2.54-heldout.txt", 25),
                                           ("blogs-edges-checked-0.2.54-heldout.txt", 25),
                                           ("news-2018-checked-0.2.57.txt", 25),
                                           ("magazines-2017-checked-0.2.57.txt", 25),
                                           ("mixed-2016-checked-0.2.57-heldout.txt", 30),
                                           ("light-2008-checked-0.2.61-heldout.txt", 30),
                                           ("news-2008-checked-0.2.71-heldout.txt", 25),
                                           ("blogs-2011-checked-0.2.71-heldout.txt", 25),
                                           ("world-2008-checked-0.2.72-heldout.txt", 25),
                                           ("usuk-2009-checked-0.2.72-heldout.txt", 25),
                                           ("features-2008-checked-0.2.73-heldout.txt", 25),
                                           ("local-2008-checked-0.2.73-heldout.txt", 25),
                                           ("threads-2008-checked-0.2.76-heldout.txt", 20),
                                           ("us-2008-checked-0.2.78-heldout.txt", 25),
                                           ("intl-2009-checked-0.2.78-heldout.txt", 25),
                                           ("sports-reviews-2008-checked-0.2.80-heldout.txt", 25),
                                           ("blogs-local-2009-checked-0.2.80-heldout.txt", 25),
                                           ("stations-features-2008-checked-0.2.81-heldout.txt", 25),
                                           ("tech-opinion-2009-checked-0.2.81-heldout.txt", 25),
                                           ("business-2008-checked-0.2.84-heldout.txt", 25),
                                           ("lifestyle-2009-checked-0.2.84-heldout.txt", 25),
                                           ("national-2015-checked-0.2.84-heldout.txt", 25),
                                           ("regional-2010-checked-0.2.84-heldout.txt", 25),
                                           ("portals-2008-checked-0.2.84-heldout.txt", 25),
                                           ("blogs-2012-checked-0.2.84-heldout.txt", 25),
                                           ("news-2008-checked-0.2.85-heldout.txt", 25),
                                           ("tech-2010-checked-0.2.85-heldout.txt", 25),
                                           ("entertainment-health-2008-checked-0.2.86-heldout.txt", 25),
                                           ("web-2011-checked-0.2.86-heldout.txt", 25),
                                           ("local-stations-2008-checked-0.2.87-heldout.txt", 25),
                                           ("nationals-2009-checked-0.2.87-heldout.txt", 25),
                                           ("science-2012-checked-0.2.88-heldout.txt", 25),
                                           ("community-2010-checked-0.2.88-heldout.txt", 25),
                                           ("money-2009-checked-0.2.89-heldout.txt", 25),
                                           ("wire-2007-checked-0.2.89-heldout.txt", 25),
                                           ("politics-2008-checked-0.2.90-heldout.txt", 25),
                                           ("arts-2010-checked-0.2.90-heldout.txt", 25),
                                           ("health-edu-2009-checked-0.2.91-heldout.txt", 25),
                                           ("breaking-2008-checked-0.2.91-heldout.txt", 25),
                                           ("opinion-2010-checked-0.2.92-heldout.txt", 25)])
def test_the_committed_trial_files_read(trials, name: str, count: int) -> None:
    pages = trials.read_trials((TRIALS / name).read_text(encoding="utf-8").splitlines())
    assert len(pages) == count and all(sum(line.label == "H" for line in lines) == 1 for lines in pages.values())
