"""A release is named, licensed and cited as the corpus its raw folder holds (corpus.json).

NewsClusters's own raw folder has no corpus.json; `ingest` writes one for a corpus brought in from
elsewhere, and the card, LICENSE.md, CITATION.cff and croissant.json of its build follow from it.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import yaml

from newsclusters.cli import main
from newsclusters.errors import RawInputError, ResearchInputError
from newsclusters.ingest import generic_jsonl, ingest, multinews, wcep
from newsclusters.limits import Limits
from newsclusters.pipeline.corpus import CORPUS, corpus_text, parse_corpus, read_corpus
from newsclusters.pipeline.raw import discover
from newsclusters.release import card
from newsclusters.release.build import build_release
from newsclusters.research.multinews_view import export_multinews
from newsclusters.versioning import load_releases

from conftest import FIXTURES, RAW, tree_bytes
from test_citation_schema import errors as cff_errors
from test_ingest import ingest_duc
from test_citation_schema import load_cff

MULTINEWS = FIXTURES / "corpora" / "multinews"
WCEP = FIXTURES / "corpora" / "wcep" / "test.jsonl"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    ingest("multinews", [MULTINEWS / "test.src"], root / "raw")
    build_release(root / "raw", root / "release", limits=Limits(max_rejected_share=0.3))
    return root / "release"


def _header(release: Path) -> dict:
    return yaml.safe_load((release / "README.md").read_text("utf-8").split("---\n")[1])


# --- what ingest writes ----------------------------------------------------------------------------

@pytest.mark.parametrize("fmt, source, expected", [
    ("multinews", MULTINEWS / "test.src", multinews.CORPUS),
    ("wcep", WCEP, wcep.CORPUS),
])
def test_ingest_writes_the_corpus_it_brings_in(tmp_path: Path, fmt: str, source: Path, expected: object) -> None:
    ingest(fmt, [source], tmp_path / "raw")
    path = tmp_path / "raw" / CORPUS
    written = dataclasses.replace(expected, prefixes=(fmt,))  # type: ignore[type-var]
    assert path.read_text("utf-8") == corpus_text(written)
    assert read_corpus(tmp_path / "raw") == written
    units, problems = discover(tmp_path / "raw")
    assert problems == [] and all(CORPUS not in u.paths for u in units)  # read by the card, not as raw text


def test_the_bundled_raw_folder_is_newsclusters_own() -> None:
    assert read_corpus(RAW) is None


def test_a_folder_of_another_corpus_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    ingest("multinews", [MULTINEWS / "test.src"], raw)
    before = tree_bytes(raw)
    with pytest.raises(ResearchInputError, match=r"corpus\.json, field 'name': this raw folder holds Multi-News, "
                                                 r"not WCEP: ingest each corpus into a raw folder of its own"):
        ingest("wcep", [WCEP], raw)
    assert tree_bytes(raw) == before


def test_a_folder_of_newsclusters_own_clusters_is_refused(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "flood-in-valencia-2024").mkdir(parents=True)
    with pytest.raises(ResearchInputError, match=r"flood-in-valencia-2024: .* holds raw texts without a corpus\.json"):
        ingest("wcep", [WCEP], raw)
    assert [p.name for p in raw.iterdir()] == ["flood-in-valencia-2024"]


def test_a_curators_edits_to_the_corpus_survive_a_reingest(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    ingest("multinews", [MULTINEWS / "test.src"], raw)
    edited = json.loads((raw / CORPUS).read_text("utf-8")) | {"description": "Multi-News, test split only."}
    (raw / CORPUS).write_text(json.dumps(edited), encoding="utf-8")
    ingest("multinews", [MULTINEWS / "test.src"], raw, force=True)
    assert json.loads((raw / CORPUS).read_text("utf-8")) == edited
    assert not list(raw.glob(".*"))  # no staged file left


def test_a_renamed_corpus_is_still_itself_to_a_reingest(tmp_path: Path) -> None:
    """The generated corpus.json asks the curator to edit it: a new name must not make the next ingest refuse."""
    raw = tmp_path / "raw"
    ingest_duc(raw)
    edited = json.loads((raw / CORPUS).read_text("utf-8")) | {"name": "DUC 2004", "citation": "@misc{duc}"}
    (raw / CORPUS).write_text(json.dumps(edited), encoding="utf-8")
    ingest_duc(raw, force=True)
    assert json.loads((raw / CORPUS).read_text("utf-8")) == edited
    assert edited["prefixes"] == ["duc-style"]


def test_a_second_prefix_of_the_same_corpus_is_added_to_it(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    ingest("multinews", [MULTINEWS / "test.src"], raw)
    ingest("multinews", [MULTINEWS / "val.src.cleaned"], raw, name="multinews-cleaned")
    assert read_corpus(raw).prefixes == ("multinews", "multinews-cleaned")  # type: ignore[union-attr]


def test_a_failed_ingest_writes_no_corpus(tmp_path: Path) -> None:
    bad = tmp_path / "test.src"
    bad.write_text("An article.\n", encoding="utf-8")  # no test.tgt beside it
    with pytest.raises(ResearchInputError):
        ingest("multinews", [bad], tmp_path / "raw")
    assert not (tmp_path / "raw" / CORPUS).exists()


# --- corpus.json against its schema ----------------------------------------------------------------

def test_every_identity_ingest_writes_is_valid() -> None:
    for corpus in (multinews.CORPUS, wcep.CORPUS, generic_jsonl.corpus("duc-2004")):
        assert parse_corpus(corpus_text(corpus), "corpus.json") == corpus


@pytest.mark.parametrize("change, field, message", [
    ({"name": " "}, "name", "must not be blank|does not match"),
    ({"license": {"id": "other", "terms": "Ours."}}, "license", "'name' is a required property"),
    ({"homepage": "not a uri"}, "homepage", "is not a 'uri'"),
    ({"licence": "typo"}, None, "Additional properties are not allowed"),
    ({"language": ["English"]}, "language.0", "does not match"),
    ({"language": []}, "language", "should be non-empty"),
])
def test_a_bad_corpus_json_names_its_field(change: dict, field: str | None, message: str) -> None:
    data = multinews.CORPUS.as_dict() | change
    with pytest.raises(RawInputError, match=message) as caught:
        parse_corpus(json.dumps(data), "raw/corpus.json")
    assert caught.value.source == "raw/corpus.json" and caught.value.field == field


def test_every_problem_of_a_corpus_json_is_said_at_once() -> None:
    data = multinews.CORPUS.as_dict() | {"homepage": "not a uri", "extra": 1}
    del data["description"]
    with pytest.raises(RawInputError) as caught:
        parse_corpus(json.dumps(data), "raw/corpus.json")
    message = str(caught.value)
    assert "'description' is a required property" in message and "'extra' was unexpected" in message
    assert "also $.homepage: 'not a uri' is not a 'uri'" in message


def test_a_bad_corpus_json_is_reported_with_the_raw_folder_s_other_problems(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = tmp_path / "raw"
    ingest("multinews", [MULTINEWS / "test.src"], raw)
    (raw / CORPUS).write_text('{"name": "Multi-News"}', encoding="utf-8")
    (raw / "Bad Story").mkdir()
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "release")]) != 0
    err = capsys.readouterr().err
    assert "corpus.json" in err and "Bad Story: cluster folder name must be a lowercase slug" in err


def test_a_key_given_twice_in_corpus_json_is_an_error() -> None:
    with pytest.raises(RawInputError, match=r"raw/corpus\.json: invalid JSON at line 1 column 15: duplicate key 'name'"):
        parse_corpus('{"name": "A", "name": "B"}', "raw/corpus.json")


def test_a_build_with_a_bad_corpus_json_publishes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = tmp_path / "raw"
    ingest("multinews", [MULTINEWS / "test.src"], raw)
    (raw / CORPUS).write_text('{"name": "Multi-News"}', encoding="utf-8")
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "release")]) != 0
    assert "corpus.json" in capsys.readouterr().err
    assert not (tmp_path / "release").exists() or not any((tmp_path / "release").iterdir())


def test_ingested_shards_without_their_corpus_json_are_not_published_as_newsclusters(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = tmp_path / "raw"
    ingest("wcep", [WCEP], raw)
    (raw / CORPUS).unlink()  # shards copied without it, or ingested before ingest wrote it
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "release")]) != 0
    err = capsys.readouterr().err
    assert "came from another corpus (their source_cluster_id is set) but the raw folder has no corpus.json" in err
    assert not (tmp_path / "release").exists() or not any((tmp_path / "release").iterdir())


def test_an_ingested_corpus_is_never_built_or_released_into_newsclusters_own_release(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    raw = tmp_path / "mn"
    ingest("multinews", [MULTINEWS / "test.src"], raw)
    monkeypatch.chdir(tmp_path)  # the default --out, dataset/, is NewsClusters's published release
    (tmp_path / "dataset").mkdir()
    assert main(["build", "--raw", str(raw)]) == 1
    err = capsys.readouterr().err
    assert f"newsclusters build: {raw} holds Multi-News" in err and "build: build:" not in err
    assert not any((tmp_path / "dataset").iterdir())
    registry = tmp_path / "releases.json"
    registry.write_text(json.dumps([r.as_dict() for r in load_releases()]), encoding="utf-8")
    before = registry.read_bytes()
    assert main(["release", "9.0.0", "--note", "x", "--raw", str(raw), "--registry", str(registry)]) == 1
    assert "release cuts versions of NewsClusters's own clusters" in capsys.readouterr().err
    assert registry.read_bytes() == before and not (raw / "splits.lock").exists()


def test_an_empty_source_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "test.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(ResearchInputError, match=r"test\.jsonl: no examples: the file is empty"):
        ingest("wcep", [tmp_path / "test.jsonl"], tmp_path / "raw")
    assert not (tmp_path / "raw").exists()


def test_export_refuses_a_raw_folder(built: Path, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    ingest("multinews", [MULTINEWS / "test.src"], raw)
    before = tree_bytes(raw)
    with pytest.raises(ResearchInputError, match=r"raw: a raw folder \(.*\): the view.s split files would be read"):
        export_multinews(built, raw)
    assert tree_bytes(raw) == before


# --- the release built from it ---------------------------------------------------------------------

def test_the_card_names_and_licenses_the_source_corpus(built: Path) -> None:
    header = _header(built)
    assert header["pretty_name"] == "Multi-News, cleaned by NewsClusters"
    assert (header["license"], header["license_name"]) == ("other", "multi-news")
    assert header["source_datasets"] == ["extended|alexfabbri/multi_news"]
    assert header["annotations_creators"] == ["expert-generated"]
    assert "each written by one author" not in (built / "README.md").read_text("utf-8")
    text = (built / "README.md").read_text("utf-8")
    assert text.count(multinews.CORPUS.description) == 1
    licensing = text.split("### Licensing", 1)[1].split("## Citation", 1)[0]
    assert multinews.CORPUS.license.terms in licensing and card.LICENSE_TERMS not in text
    assert "newser.com's editors" in (built / "LICENSE.md").read_text("utf-8")
    assert card.SUMMARY_GUIDELINES not in text and multinews.CORPUS.summaries in text
    assert "https://github.com/Alex-Fabbri/Multi-News" in text.split("## Dataset Card Contact", 1)[1]


def test_a_corpus_in_another_language_is_tagged_so_and_warned_about(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    ingest("multinews", [MULTINEWS / "test.src"], raw)
    edited = dataclasses.replace(read_corpus(raw), language=("de", "fr"))  # type: ignore[type-var]
    (raw / CORPUS).write_text(corpus_text(edited), "utf-8")
    assert json.loads((raw / CORPUS).read_text("utf-8"))["language"] == ["de", "fr"]
    assert read_corpus(raw) == edited
    build_release(raw, tmp_path / "release", limits=Limits(max_rejected_share=0.3))
    header = _header(tmp_path / "release")
    assert header["language"] == ["de", "fr"] and header["multilinguality"] == ["multilingual"]
    text = (tmp_path / "release" / "README.md").read_text("utf-8")
    assert "- News in `de`, `fr` (the `language` of corpus.json). The cleaning rules were written" in text
    assert "English-language news" not in text


def test_an_english_corpus_says_so_and_its_corpus_json_need_not(built: Path) -> None:
    assert _header(built)["language"] == ["en"] and "language" not in multinews.CORPUS.as_dict()
    assert _header(built)["multilinguality"] == ["monolingual"]
    assert "- English-language news; the coverage of a story" in (built / "README.md").read_text("utf-8")
    assert card._language_caveat(dataclasses.replace(multinews.CORPUS, language=("en-GB",))) == "English-language news"
    assert card._language_caveat(dataclasses.replace(multinews.CORPUS, language=("en", "de"))).startswith(
        "News in `en`, `de`")


def test_the_changelog_does_not_list_newsclusters_own_data_releases(built: Path) -> None:
    text = (built / "CHANGELOG.md").read_text("utf-8")
    latest = load_releases()[-1]
    assert latest.note not in text and f"made with NewsClusters {latest.version}" in text
    assert "`newsclusters diff OLD NEW`" in text


def test_removal_requests_go_to_the_source_corpus_throughout_the_card(built: Path) -> None:
    text = (built / "README.md").read_text("utf-8")
    personal = text.split("### Personal and Sensitive Information", 1)[1].split("\n## ", 1)[0]
    assert "Multi-News's maintainers" in personal and "ask the maintainers (see Dataset Card Contact)" not in personal
    assert "documents carry a publication date,\n" in text  # Multi-News has no dates: no "(none to none)"


def test_the_source_is_cited_first(built: Path) -> None:
    text = (built / "README.md").read_text("utf-8")
    citation = text.split("## Citation", 1)[1]
    assert citation.index(multinews.CORPUS.citation) < citation.index(card.bibtex(load_releases()[-1]))
    croissant = json.loads((built / "croissant.json").read_text("utf-8"))
    assert croissant["citeAs"].startswith(multinews.CORPUS.citation)
    assert croissant["name"] == "Multi-News, cleaned by NewsClusters"
    cff = load_cff((built / "CITATION.cff").read_text("utf-8"))
    assert cff_errors(cff) == []
    paper = cff["preferred-citation"]  # the paper its BibTeX names, not just the corpus's name
    assert paper["type"] == "conference-paper" and paper["year"] == 2019
    assert paper["title"].startswith("Multi-News: a Large-Scale Multi-Document Summarization Dataset")
    assert paper["collection-title"].endswith("Association for Computational Linguistics")
    assert paper["identifiers"][0]["value"] == "arXiv:1906.01749"
    assert [a["name"] for a in paper["authors"]] == list(multinews.CORPUS.authors)
    assert "&id" not in (built / "CITATION.cff").read_text("utf-8")  # authors written out, not as YAML anchors


def test_an_unknown_licence_says_what_to_write() -> None:
    corpus = generic_jsonl.corpus("duc-2004")
    release = load_releases()[-1]
    terms = card.license_text(release, corpus)
    assert "not recorded at ingest" in terms and "duc-2004" in terms
    cff = load_cff(card.citation_cff(release, corpus))
    assert cff_errors(cff) == [] and cff["preferred-citation"]["authors"] == [{"name": "The authors of duc-2004"}]
    assert "no BibTeX was recorded" in cff["message"] and "BibTeX is in the card" not in cff["message"]
    assert cff["preferred-citation"]["type"] == "data" and cff["preferred-citation"]["title"] == "duc-2004"


def test_a_corpus_known_only_by_name_claims_nothing_about_its_summaries() -> None:
    corpus = generic_jsonl.corpus("duc-2004")
    release = load_releases()[-1]
    assert corpus.annotations_creators == ("other",)
    annotations = card._annotations(corpus)  # noqa: SLF001
    assert annotations.count("summary_author") == 1 and "not recorded at ingest" in annotations
    citation = card._citation(release, corpus)  # noqa: SLF001
    assert citation.startswith("Cite duc-2004 as its authors ask") and "Cite NewsClusters too" in citation
    assert "each written by one author" not in card._summaries_caveat(corpus)  # noqa: SLF001


def test_who_wrote_the_summaries_is_the_source_s_own_account() -> None:
    assert multinews.CORPUS.annotations_creators == ("expert-generated",)  # newser.com's editors
    assert wcep.CORPUS.annotations_creators == ("crowdsourced",)  # Wikipedia's editors
    assert "each written by one author" in card._summaries_caveat(None)  # noqa: SLF001
