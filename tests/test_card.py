"""The card, the citation and the version: computed from the data, defined once."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection
from importlib.metadata import version

import yaml

from newsclusters import __version__
from newsclusters.pipeline.records import field_docs
from newsclusters.pipeline.rules import RULES
from newsclusters.release.card import ISSUES, REPOSITORY, bibtex, citation_cff
from newsclusters.versioning import changelog, load_releases

from conftest import RELEASE, ROOT, SEED_CLUSTER


def _card() -> str:
    return (RELEASE / "README.md").read_text(encoding="utf-8")


def test_version_is_defined_once_and_shown_everywhere() -> None:
    latest = load_releases()[-1]
    assert __version__ == latest.version == version("newsclusters")  # the installed metadata reads it too
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]  # not written twice
    assert f"Version **{latest.version}** ({latest.date}). {latest.note}" in _card()
    assert f"version   = {{{latest.version}}}" in _card() and bibtex(latest) in _card()
    citation = yaml.safe_load((RELEASE / "CITATION.cff").read_text("utf-8"))
    assert citation["version"] == latest.version and citation["type"] == "dataset"
    assert citation["date-released"] == latest.date
    assert (RELEASE / "CHANGELOG.md").read_text("utf-8") == (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert (ROOT / "CHANGELOG.md").read_text("utf-8") == changelog(load_releases())


def test_versioning_policy_is_said_in_one_set_of_words() -> None:
    from newsclusters.versioning import POLICY

    assert POLICY in _card() and POLICY in (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert POLICY in (ROOT / "README.md").read_text("utf-8")  # written by hand there: held to the same words


def _bold_count(count: int, noun: str) -> str:
    return f"**{count:,}** {noun}{'' if count == 1 else 's'}"


def test_card_numbers_come_from_the_data(gold: list[dict]) -> None:
    from collections import Counter

    import pyarrow.parquet as pq

    documents = pq.read_table(RELEASE / "data" / "documents").to_pylist()
    clusters = pq.read_table(RELEASE / "data" / "clusters").to_pylist()
    card = _card()
    words = [len(d["text"].split()) for d in documents]
    assert f"holds {_bold_count(len(clusters), 'cluster')} and {_bold_count(len(documents), 'document')}" in card
    def span(values: Collection[int]) -> str:  # '5', not '5 to 5'
        return f"{min(values)}" if min(values) == max(values) else f"{min(values)} to {max(values)}"

    assert f"({sum(words)} words of cleaned article text; {span(words)} words per" in card
    assert f"Clusters have {span(Counter(d['cluster_id'] for d in documents).values())}\ndocuments (mean" in card
    fired = Counter(r["rule"] for d in documents for r in d["removed"])
    for name, count in fired.items():
        assert re.search(rf"\| `{name}` \| (?:[^|\\]|\\.)+ \| {count} \|", card), name  # '\|' inside a reason
    # The gold covers the bundled cluster, whatever else the release holds.
    seed_fired = sum(len(d["removed"]) for d in documents if d["cluster_id"] == SEED_CLUSTER.name)
    not_content = sum(1 for g in gold for line in g["lines"] if line["label"] != "content")
    dated = sum(1 for g in gold if g["date"])
    assert seed_fired == not_content + dated  # date headers are recorded too
    kept = sum(len(d["text"].split("\n")) for d in documents)
    assert f"In this release {kept} lines were" in card
    # How many documents can be attributed: the licence promises attribution where the curator recorded one.
    titled, attributed, linked = (sum(1 for d in documents if d[k] is not None) for k in ("title", "source", "url"))
    assert " ".join(f"{titled} a headline, {attributed} the name of their outlet (`source`) and {linked} their "
                    "address".split()) in " ".join(card.split())


def test_card_lists_every_rule_and_every_field() -> None:
    card = _card()
    for name in RULES:
        assert f"`{name}`" in card
    for config in ("clusters", "documents"):
        for field in field_docs(config):
            assert f"| `{field.path}` | {field.type} |" in card


def test_card_has_the_template_sections() -> None:
    card = _card()
    for heading in ("Dataset Summary", "Uses", "Dataset Structure", "Curation Rationale", "Source Data",
                    "Annotations", "Personal and Sensitive Information", "Bias, Risks, and Limitations", "Citation"):
        assert f"## {heading}" in card or f"### {heading}" in card, heading
    assert "Every statement must be supported" in card  # the reference-summary guidelines


def test_card_yaml_links_the_licence_file_the_release_holds() -> None:
    header = yaml.safe_load(_card().split("---\n")[1])
    assert header["license"] == "other" and header["license_name"]
    assert (RELEASE / header["license_link"]).is_file()  # the Hub links a file of the repository by its name
    terms = (RELEASE / header["license_link"]).read_text("utf-8")
    assert "CC BY 4.0" in terms and "non-commercial research only" in terms and ISSUES in terms
    assert "### Licensing" in _card() and "CC BY 4.0" in _card().split("### Licensing", 1)[1]


def test_card_says_how_to_reach_the_maintainers() -> None:
    contact = _card().split("## Dataset Card Contact", 1)[1]
    assert ISSUES == f"{REPOSITORY}/issues" and ISSUES in contact
    assert "takedown" in contact and "the project's repository" in contact


def test_citation_cff_is_also_at_the_repository_root() -> None:
    """GitHub's "Cite this repository" reads the root copy; `verify` checks it is the release's bytes."""
    assert (ROOT / "CITATION.cff").read_text("utf-8") == (RELEASE / "CITATION.cff").read_text("utf-8") == citation_cff(load_releases()[-1])


def test_card_counts_read_as_english() -> None:
    assert "(s)" not in _card().split("---\n", 2)[2]


def test_each_word_count_says_how_it_counts_and_holds(seed_release: Path) -> None:
    """The summary counts words between white space, the statistics count word tokens: both are said, both true.

    On the bundled cluster alone (one split, so the table has one column), whatever a curator added."""
    import pyarrow.parquet as pq

    from newsclusters.research.statistics import tokens

    texts = [d["text"] for d in pq.read_table(seed_release / "data" / "documents").to_pylist()]
    spaced = sum(len(t.split()) for t in texts) / len(texts)
    tokenized = sum(len(tokens(t)) for t in texts) / len(texts)
    card = (seed_release / "README.md").read_text(encoding="utf-8")
    assert f"mean {spaced:.1f})" in card and f"| Words per document, mean | {tokenized:,.1f} |" in card
    assert "The Dataset Summary counts words between white space" in card


def test_the_size_category_is_one_the_hub_accepts_at_every_boundary() -> None:
    import json
    from importlib.resources import files

    from newsclusters.release.card import size_category

    valid = json.loads(files("datasets.utils.resources").joinpath("size_categories.json").read_text("utf-8"))
    ladder = [c for c in valid if c != "unknown"]  # in order: n<1K, 1K<n<10K, ..., n>1T
    for step, category in enumerate(ladder[:-1]):
        first, last = (0 if step == 0 else 10 ** (step + 2)), 10 ** (step + 3) - 1
        assert size_category(first) == size_category(last) == category
    assert size_category(10 ** 12) == size_category(10 ** 15) == ladder[-1] == "n>1T"
    assert size_category(250_000) == "100K<n<1M"  # an ingested Multi-News: not 'n>100K', which the Hub rejects
