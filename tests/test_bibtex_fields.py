"""Reading a source corpus's BibTeX into the fields CITATION.cff cites it by."""

from __future__ import annotations

import pytest

from newsclusters.ingest import multinews, wcep
from newsclusters.release.bibtex_fields import entry_fields


def test_the_identities_papers_are_read_whole() -> None:
    kind, fields = entry_fields(wcep.CORPUS.citation)  # type: ignore[misc]
    assert kind == "inproceedings"
    assert fields["title"] == ("A Large-Scale Multi-Document Summarization Dataset from the Wikipedia Current "
                               "Events Portal")  # '{W}ikipedia' loses the braces that protect its case
    assert fields["year"] == "2020" and fields["eprint"] == "2005.10070" and fields["archiveprefix"] == "arXiv"
    assert entry_fields(multinews.CORPUS.citation)[1]["author"].startswith("Fabbri, Alexander R. and")  # type: ignore[index]


@pytest.mark.parametrize(("text", "fields"), [
    ('@article{k, title = "A {B}, c", year = 2020, journal = {J}}', {"title": "A B, c", "year": "2020", "journal": "J"}),
    ("@Misc{k,\n  Title = {Nested {a {b}} c},\n}\n", {"title": "Nested a b c"}),
    ("@book{k, title = {One}}", {"title": "One"}),
])
def test_values_in_braces_quotes_or_bare(text: str, fields: dict[str, str]) -> None:
    assert entry_fields(text)[1] == fields  # type: ignore[index]


@pytest.mark.parametrize("text", [
    "not bibtex", "", "@article{k, title = {unbalanced, year = 2020}", "@article{k, title = {A}} trailing",
    "@article{k, title = {A}}\n@article{j, title = {B}}",  # two entries: which one is the paper is not ours to guess
])
def test_what_is_not_one_entry_is_none(text: str) -> None:
    assert entry_fields(text) is None
