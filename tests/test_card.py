"""The card, the citation and the version: computed from the data, defined once."""

from __future__ import annotations

import re
import tomllib

import yaml

from newsclusters import RELEASES, __version__
from newsclusters.card import bibtex
from newsclusters.records import field_docs
from newsclusters.rules import RULES

from conftest import RELEASE, ROOT


def _card() -> str:
    return (RELEASE / "README.md").read_text(encoding="utf-8")


def test_version_is_defined_once_and_shown_everywhere() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    assert __version__ == declared and declared in RELEASES
    assert f"Version **{declared}**" in _card()
    assert f"version   = {{{declared}}}" in _card() and bibtex() in _card()
    citation = yaml.safe_load((RELEASE / "CITATION.cff").read_text("utf-8"))
    assert citation["version"] == declared and citation["type"] == "dataset"
    assert citation["date-released"] == RELEASES[declared][0]


def test_card_numbers_come_from_the_data(gold: list[dict]) -> None:
    import pyarrow.parquet as pq
    from collections import Counter

    documents = pq.read_table(RELEASE / "data" / "documents").to_pylist()
    clusters = pq.read_table(RELEASE / "data" / "clusters").to_pylist()
    card = _card()
    words = [len(d["text"].split()) for d in documents]
    assert f"**{len(clusters)}** cluster(s) and **{len(documents)}** documents" in card
    assert f"({sum(words)} words of cleaned article text; {min(words)} to {max(words)} words per" in card
    fired = Counter(r["rule"] for d in documents for r in d["removed"])
    for name, count in fired.items():
        assert re.search(rf"\| `{name}` \| [^|]+ \| {count} \|", card), name
    not_content = sum(1 for g in gold for line in g["lines"] if line["label"] != "content")
    dated = sum(1 for g in gold if g["date"])
    assert sum(fired.values()) == not_content + dated  # date headers are recorded too
    kept = sum(len(d["text"].split("\n")) for d in documents)
    assert f"In this release {kept} lines were" in card


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
