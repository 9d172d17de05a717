"""A researcher's path end to end: ingest Multi-News -> build -> load_dataset -> export -> evaluate -> baselines."""

from __future__ import annotations

import codecs
import gzip
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from datasets import load_dataset

from newsclusters.cli import main
from newsclusters.ingest import ingest
from newsclusters.limits import Limits
from newsclusters.release.build import build_release
from newsclusters.research.multinews_view import MULTINEWS_SEPARATOR, multinews_view
from newsclusters.research.release import iter_clusters
from newsclusters.research.rouge import ROUGE_TYPES, read_predictions

from conftest import FIXTURES, tree_bytes

MULTINEWS = FIXTURES / "corpora" / "multinews"
ARCHIVE_NOTICE = "Alexa Internet has been donating their crawl data"


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("multinews")
    ingest("multinews", [MULTINEWS / "test.src", MULTINEWS / "val.src.cleaned"], root / "raw")
    # The fixture has an empty and an all-boilerplate source among 19: more than the default 5%.
    build_release(root / "raw", root / "release", limits=Limits(max_rejected_share=0.3))
    return root / "release"


def _source_examples(src: Path) -> list[list[str]]:
    return [[a.strip() for a in line.rstrip("\n").split("|||||") if a.strip()] for line in src.open(encoding="utf-8")]


def test_round_trip_gives_back_the_clusters_with_cleaned_documents(release: Path, tmp_path: Path) -> None:
    assert main(["export", "multinews", "--release", str(release), "--out", str(tmp_path / "view")]) == 0
    exported = load_dataset("json", data_files={"test": str(tmp_path / "view" / "test.jsonl")})["test"]
    loaded = load_dataset(str(release))["test"]
    assert exported.column_names[:2] == ["document", "summary"]
    assert exported.to_list() == multinews_view(loaded).to_list()

    summaries = [line.rstrip("\n") for line in (MULTINEWS / "test.tgt").open(encoding="utf-8")]
    by_id = {row["cluster_id"]: row for row in loaded}
    assert sorted(by_id) == [f"multinews-test-{i:06d}" for i in range(len(summaries))]
    for index, (summary, articles) in enumerate(zip(summaries, _source_examples(MULTINEWS / "test.src"))):
        row = by_id[f"multinews-test-{index:06d}"]
        view = next(r for r in exported if r["cluster_id"] == row["cluster_id"])
        assert view["summary"] == summary.removeprefix("– ") == row["summary"]
        texts = view["document"].split(MULTINEWS_SEPARATOR)
        assert texts == [d["text"] for d in row["documents"]]
        assert [d["position"] for d in row["documents"]] == sorted(d["position"] for d in row["documents"])
        assert ARCHIVE_NOTICE not in view["document"]
        # Every kept paragraph is a paragraph of a source article, word for word.
        source_paragraphs = {p.strip() for a in articles for p in a.split("NEWLINE_CHAR") if p.strip()}
        assert all(p in source_paragraphs for text in texts for p in text.split("\n"))


def test_removed_boilerplate_is_attributed_and_archive_only_sources_are_listed(release: Path) -> None:
    documents = load_dataset(str(release), "documents")["test"]
    removed = [r for d in documents for r in d["removed"]]
    assert removed and all(r["rule"] for r in removed)
    rejections = [json.loads(line) for line in (release / "rejections.jsonl").read_text().splitlines()]
    reasons = {r["id"]: r["reason"] for r in rejections}
    assert "empty_document" in reasons.values() and "all_boilerplate" in reasons.values()


def test_the_planted_near_duplicate_is_reported_across_pinned_splits(release: Path) -> None:
    rows = [json.loads(line) for line in (release / "leakage.jsonl").read_text().splitlines()]
    assert len(rows) == 1 and rows[0]["resolution"] == "reported"
    assert {rows[0]["split_a"], rows[0]["split_b"]} == {"test", "validation"}
    assert "**1** pair across splits found" in (release / "README.md").read_text()


def test_evaluate_and_baselines_commands(release: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "baselines"
    assert main(["baselines", "--release", str(release), "--out", str(out)]) == 0
    scores = json.loads((out / "test" / "scores.json").read_text())
    lead = out / "test" / "lead.predictions.jsonl"
    capsys.readouterr()
    per_cluster = tmp_path / "per-cluster.jsonl"
    assert main(["evaluate", "--release", str(release), "--predictions", str(lead), "--json",
                 "--per-cluster", str(per_cluster)]) == 0
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert {k: printed[k] for k in ROUGE_TYPES} == {k: scores["lead"][k] for k in ROUGE_TYPES}
    assert printed["clusters"] == len(read_predictions(lead)) == len(per_cluster.read_text().splitlines())
    # What was scored travels with the scores: the release's own version (its CITATION.cff), the split, the files.
    version = yaml.safe_load((release / "CITATION.cff").read_text())["version"]
    assert {k: printed[k] for k in ("release", "version", "split", "predictions")} == {
        "release": str(release), "version": str(version), "split": "test", "predictions": str(lead)}
    # The oracle scores at least Lead on every cluster (mean of ROUGE-1 and ROUGE-2, what it maximises).
    oracle = out / "test" / "oracle.predictions.jsonl"
    assert main(["evaluate", "--release", str(release), "--predictions", str(oracle),
                 "--per-cluster", str(tmp_path / "oracle.jsonl")]) == 0
    lead_rows = [json.loads(line) for line in per_cluster.read_text().splitlines()]
    oracle_rows = [json.loads(line) for line in (tmp_path / "oracle.jsonl").read_text().splitlines()]
    for lead_row, oracle_row in zip(lead_rows, oracle_rows, strict=True):
        assert oracle_row["rouge1"] + oracle_row["rouge2"] >= lead_row["rouge1"] + lead_row["rouge2"]


def test_evaluate_names_a_researchers_usual_mistakes(release: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    test_ids = [row["cluster_id"] for row in iter_clusters(release, "test", ["cluster_id"])]
    assert len(test_ids) > 1
    # The test split's predictions scored against validation ('val' is how corpora spell it): the split to use.
    predictions = tmp_path / "p.jsonl"
    predictions.write_text("".join(json.dumps({"cluster_id": c, "summary": "A."}) + "\n" for c in test_ids))
    assert main(["evaluate", "--release", str(release), "--predictions", str(predictions), "--split", "val"]) == 1
    err = capsys.readouterr().err
    assert f"record {test_ids[0]!r}, field 'cluster_id': unknown cluster: not in the 'validation' split but in the " \
           "'test' split" in err
    assert f"all {len(test_ids)} unknown clusters are in the 'test' split" in err
    assert err.index("have no prediction") < err.index(f"{predictions}:1")  # file-wide first: a long list is cut
    # Mostly this split's, and one of another: that one is named, but no other split is advised.
    predictions.write_text("".join(json.dumps({"cluster_id": c, "summary": "A."}) + "\n" for c in test_ids[:1]))
    valid = next(iter_clusters(release, "validation", ["cluster_id"]))["cluster_id"]
    with predictions.open("a") as handle:
        handle.write(json.dumps({"cluster_id": valid, "summary": "A."}) + "\n")
    assert main(["evaluate", "--release", str(release), "--predictions", str(predictions)]) == 1
    err = capsys.readouterr().err
    assert "but in the 'validation' split" in err and "unknown clusters are in" not in err
    # Compressed, with an editor's byte-order mark, one summary empty: read, scored, and the empty one said.
    lines = [json.dumps({"cluster_id": c, "summary": "" if i == 0 else "A."}) for i, c in enumerate(test_ids)]
    packed = tmp_path / "p.jsonl.gz"
    packed.write_bytes(gzip.compress(codecs.BOM_UTF8 + "\n".join(lines).encode("utf-8")))
    assert main(["evaluate", "--release", str(release), "--predictions", str(packed), "--json"]) == 0
    out = capsys.readouterr()
    assert f"note: 1 prediction of {len(test_ids)} is empty and scored 0" in out.err
    assert json.loads(out.out.splitlines()[-1])["empty_predictions"] == 1
    assert "outside ASCII" not in out.err and json.loads(out.out.splitlines()[-1])["unscored_letter_share"] < 0.01
    # Predictions in another script: ROUGE can't see them, and says so.
    predictions.write_text("".join(json.dumps({"cluster_id": c, "summary": "日本語の要約。" * 200}, ensure_ascii=False)
                                   + "\n" for c in test_ids), encoding="utf-8")
    assert main(["evaluate", "--release", str(release), "--predictions", str(predictions), "--json"]) == 0
    out = capsys.readouterr()
    assert "of the letters and digits of the references and predictions are outside ASCII (日本語の要, ...)" in out.err
    assert json.loads(out.out.splitlines()[-1])["unscored_letter_share"] > 0.5
    for broken in (gzip.compress(b"{}")[:-6], gzip.compress(b"{}")[:-8] + b"\0" * 8):  # cut short; a bad checksum
        packed.write_bytes(broken)
        assert main(["evaluate", "--release", str(release), "--predictions", str(packed)]) == 1
        assert "not a readable gzip file" in capsys.readouterr().err
    # Other field names: each missing field, with what the line has.
    predictions.write_text(json.dumps({"id": test_ids[0], "prediction": "A."}) + "\n")
    assert main(["evaluate", "--release", str(release), "--predictions", str(predictions)]) == 1
    err = capsys.readouterr().err
    for field in ("cluster_id", "summary"):
        assert f"{predictions}:1, field {field!r}: missing field (the line has 'id', 'prediction'; a prediction" in err


def test_evaluate_scores_a_release_whose_citation_cannot_be_read(release: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "release"
    shutil.copytree(release, copy)
    (copy / "CITATION.cff").write_text("version: [unclosed\n", encoding="utf-8")
    predictions = tmp_path / "p.jsonl"
    predictions.write_text("".join(json.dumps({"cluster_id": row["cluster_id"], "summary": "A."}) + "\n"
                                   for row in iter_clusters(copy, "test", ["cluster_id"])))
    assert main(["evaluate", "--release", str(copy), "--predictions", str(predictions), "--json"]) == 0
    out = capsys.readouterr().out
    assert f"(release version unknown: {copy / 'CITATION.cff'}: cannot read the release's version" in out
    assert json.loads(out.splitlines()[-1])["version"] is None


def test_evaluate_does_not_name_a_version_whose_files_were_edited(release: Path, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "release"
    shutil.copytree(release, copy)
    predictions = tmp_path / "p.jsonl"
    predictions.write_text("".join(json.dumps({"cluster_id": row["cluster_id"], "summary": "A."}) + "\n"
                                   for row in iter_clusters(copy, "test", ["cluster_id"])))
    assert main(["evaluate", "--release", str(copy), "--predictions", str(predictions), "--json"]) == 0
    out = capsys.readouterr().out
    version = json.loads(out.splitlines()[-1])["version"]
    assert version is not None and f"(release {version})" in out
    (copy / "README.md").write_text("edited", encoding="utf-8")
    assert main(["evaluate", "--release", str(copy), "--predictions", str(predictions), "--json"]) == 0
    out = capsys.readouterr().out
    assert "(release version unknown: its files differ from its SHA256SUMS (README.md); newsclusters validate" in out
    assert json.loads(out.splitlines()[-1])["version"] is None
    (copy / "SHA256SUMS").write_text("garbage\n", encoding="utf-8")  # damaged: scored all the same
    assert main(["evaluate", "--release", str(copy), "--predictions", str(predictions)]) == 0
    assert "(release version unknown: its SHA256SUMS can't be read" in capsys.readouterr().out


def test_evaluate_refuses_a_duplicated_cluster(release: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    predictions = tmp_path / "p.jsonl"
    line = json.dumps({"cluster_id": "multinews-test-000000", "summary": "A summary."})
    predictions.write_text(line + "\n" + line + "\n")
    assert main(["evaluate", "--release", str(release), "--predictions", str(predictions)]) == 1
    err = capsys.readouterr().err
    assert f"{predictions}:2" in err and "multinews-test-000000" in err and "cluster_id" in err


def test_evaluate_reports_every_problem_of_the_file_at_once(release: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    known = "multinews-test-000000"
    predictions = tmp_path / "p.jsonl"
    predictions.write_text("\n".join([
        json.dumps({"cluster_id": "no-such-cluster", "summary": "A."}),
        json.dumps({"cluster_id": known, "summary": "A."}),
        json.dumps({"cluster_id": known, "summary": "B."}),
        json.dumps({"cluster_id": "other", "summary": None}),
        f'{{"cluster_id": "{known}", "summary": "C.", "summary": "D."}}',
    ]) + "\n")
    assert main(["evaluate", "--release", str(release), "--predictions", str(predictions)]) == 1
    err = capsys.readouterr().err
    assert "5 problems; nothing was scored" in err  # the four lines, and the clusters left without a prediction
    for where in (f"{predictions}:1, record 'no-such-cluster'", f"{predictions}:3, record '{known}'",
                  f"{predictions}:4, record 'other', field 'summary'", f"{predictions}:5: invalid JSON at column "):
        assert where in err
    column = len(f'{{"cluster_id": "{known}", "summary": "C.", ') + 1  # where the second 'summary' starts
    assert f"{predictions}:5: invalid JSON at column {column}: duplicate key 'summary'" in err
    assert "have no prediction" in err and "Traceback" not in err


def test_evaluate_and_baselines_write_outside_the_release_and_say_so_first(
        release: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    predictions = tmp_path / "lead.jsonl"
    assert main(["baselines", "--release", str(release), "--out", str(tmp_path / "b")]) == 0
    predictions.write_bytes((tmp_path / "b" / "test" / "lead.predictions.jsonl").read_bytes())
    before = tree_bytes(release)
    capsys.readouterr()
    for argv in (["evaluate", "--predictions", str(predictions), "--per-cluster", str(release / "scores.jsonl")],
                 ["baselines", "--out", str(release / "baselines")]):
        assert main([*argv, "--release", str(release)]) == 1
        assert "is inside the release" in capsys.readouterr().err
    assert tree_bytes(release) == before  # the release's checksums still cover every file in it
    kept = predictions.read_bytes()
    assert main(["evaluate", "--release", str(release), "--predictions", str(predictions),
                 "--per-cluster", str(tmp_path / "." / predictions.name)]) == 1
    assert "is the predictions file" in capsys.readouterr().err and predictions.read_bytes() == kept
    assert main(["evaluate", "--release", str(release), "--predictions", str(predictions),
                 "--per-cluster", str(tmp_path / "no" / "such" / "folder.jsonl")]) == 1
    err = capsys.readouterr().err
    assert "cannot write: no folder" in err and "Traceback" not in err


def test_audit_lists_removed_and_kept_lines(release: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--release", str(release), "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "most frequent removed lines" in out and "most frequent kept lines" in out
    # A document every line of which was removed is published nowhere: the audit names it and the rules.
    rejections = [json.loads(line) for line in (release / "rejections.jsonl").read_text().splitlines()]
    emptied = next(r for r in rejections if r["reason"] == "all_boilerplate")
    assert re.fullmatch(r"\d+ lines? removed: [a-z0-9_]+_v\d+ \d+(, [a-z0-9_]+_v\d+ \d+)*", emptied["detail"])
    left_out = out.split("left out of the release, by reason:")[1]
    assert "document all_boilerplate" in left_out and "document empty_document" in left_out
    assert f"{emptied['id']}  all_boilerplate  {emptied['detail']}" in left_out


def test_audit_says_when_the_rejection_list_is_unreadable(release: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "release"
    shutil.copytree(release, copy)
    for text, said in (('{"kind": "document"\n', "rejections.jsonl:1: invalid JSON at column 20: Expecting ',' delimiter"),
                       ('[1]\n', "rejections.jsonl:1: expected an object with kind, id, source, reason, detail"),
                       ('{"kind": "document", "id": "a", "source": "s", "detail": "d"}\n',
                        "rejections.jsonl:1, field 'reason': missing, or not a string")):
        (copy / "rejections.jsonl").write_text(text)
        assert main(["audit", "--release", str(copy)]) == 1
        err = capsys.readouterr().err
        assert said in err and "Traceback" not in err


def test_ingest_command_prints_a_summary_and_refuses_map_for_other_formats(tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", "multinews", str(MULTINEWS / "test.src"), "--out", str(tmp_path / "raw")]) == 0
    assert "clusters" in capsys.readouterr().out
    assert main(["ingest", "wcep", str(MULTINEWS / "test.src"), "--out", str(tmp_path / "raw2"),
                 "--map", "summary=abstract"]) == 1
    assert "--map" in capsys.readouterr().err


def test_an_audit_of_nothing_removed_says_none_in_every_section() -> None:
    from newsclusters.research.audit import LineAudit, format_audit

    text = format_audit(LineAudit(documents=1, removed=[], kept=[], by_rule={}))
    sections = text.split("\n\n")[1:]
    assert len(sections) == 4 and all(section.endswith("    none") for section in sections)


def test_a_prediction_for_a_cluster_the_build_left_out_is_said_to_be_so(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """An official test example with no usable article is not in the release: 'unknown cluster' sent the
    researcher looking for a wrong id."""
    from conftest import write_cluster

    raw = tmp_path / "raw"
    for name in ("flood-a", "flood-b", "flood-c"):
        write_cluster(raw, name, {"a.txt": f"The river rose in {name} on Monday.\n\nResidents left their homes."},
                      {"summary": f"The river rose in {name}.", "summary_author": "A", "split": "test"})
    write_cluster(raw, "flood-d", {"a.txt": "RELATED: Something else\n\nMore from WWD\n"},
                  {"summary": "Nothing usable.", "summary_author": "A", "split": "test"})
    build_release(raw, tmp_path / "release", limits=Limits(max_rejected_share=0.5))
    predictions = tmp_path / "p.jsonl"
    predictions.write_text("".join(json.dumps({"cluster_id": c, "summary": "The river rose."}) + "\n"
                                   for c in ("flood-a", "flood-b", "flood-c", "flood-d")))
    capsys.readouterr()
    assert main(["evaluate", "--release", str(tmp_path / "release"), "--predictions", str(predictions)]) == 1
    assert ("record 'flood-d', field 'cluster_id': unknown cluster: not in the 'test' split: the build left it out of "
            "this release (empty_cluster, in rejections.jsonl), so drop its prediction") in capsys.readouterr().err
