"""`newsclusters release` and `newsclusters diff`, end to end on small corpora of their own.

Each test gets a published release 0.2.0 of a private corpus (the bundled cluster, pinned to test,
and one wire story), its own copy of the release history and a split ledger, as a curator has them.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from newsclusters.cli import main
from newsclusters.errors import PublishError, ReleaseError
from newsclusters.pipeline.ledger import LEDGER, ledger_text, parse_ledger, read_ledger, updated_ledger
from newsclusters.pipeline.split import hashed_split
from newsclusters.release.build import build_release
from newsclusters.release.cut import cut_release
from newsclusters.release.diff import diff_releases, index_release
from newsclusters.versioning import load_releases, parse_releases, releases_text

from conftest import SEED_CLUSTER, tree_bytes, write_cluster

STORY = ("The city council voted on Tuesday to expand the river flood barrier after three winters of damage "
         "to homes along the east bank, a decision that residents had sought for more than a decade. The "
         "plan adds two kilometres of wall and a pumping station, paid for by a regional grant and a bond "
         "that voters approved last spring. Engineers said construction would begin in March and take two "
         "years, with the riverside path closed in stages while the work goes on.")
NEAR_COPY = STORY.replace("take two years", "take about two years")


def _ids_hashed_to(split: str, prefix: str, count: int = 1) -> list[str]:
    return [f"{prefix}-{n}" for n in range(2000) if hashed_split(f"{prefix}-{n}") == split][:count]


@dataclass
class Curator:
    raw: Path
    out: Path
    registry: Path

    def cut(self, version: str, note: str = "A change.", **options: object):
        return cut_release(self.raw, self.out, version, note, registry=self.registry, date="2026-12-05", **options)

    def state(self) -> dict[str, bytes]:
        return {**{f"out/{k}": v for k, v in tree_bytes(self.out).items()},
                "registry": self.registry.read_bytes(), "ledger": (self.raw / LEDGER).read_bytes()}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus released as 0.2.0: raw/ with its ledger, dataset/, releases.json."""
    base = tmp_path_factory.mktemp("published")
    raw = base / "raw"
    shutil.copytree(SEED_CLUSTER, raw / SEED_CLUSTER.name)
    [wire] = _ids_hashed_to("test", "wire-story")
    write_cluster(raw, wire, {"000_wire.txt": STORY})
    registry = base / "releases.json"
    history = tuple(r for r in load_releases() if r.version in ("0.1.0", "0.2.0"))
    registry.write_text(releases_text(history), "utf-8")
    build_release(raw, base / "dataset", history=history)
    splits = {c: s for c, (s, _) in index_release(base / "dataset").clusters.items()}
    (raw / LEDGER).write_text(ledger_text(updated_ledger({}, splits, "0.1.0")), "utf-8")
    return base


@pytest.fixture
def curator(published: Path, tmp_path: Path) -> Curator:
    shutil.copytree(published, tmp_path / "c")
    base = tmp_path / "c"
    return Curator(base / "raw", base / "dataset", base / "releases.json")


def test_a_patch_that_adds_a_cluster_is_refused_and_changes_nothing(curator: Curator) -> None:
    before = curator.state()
    write_cluster(curator.raw, "new-story", {"000_a.txt": "A new story about something else entirely, told at length."})
    with pytest.raises(ReleaseError, match=r"a PATCH release cannot publish this change \(1 cluster added, "
                                           r"1 document added\): it needs a MINOR version; nothing was released"):
        curator.cut("0.2.1")
    assert curator.state() == before
    assert not [p for p in curator.out.parent.iterdir() if p.name.startswith((".newsclusters-staging", ".newsclusters-backup", ".newsclusters-spill"))]


def test_a_minor_release_adds_data_and_everything_follows_its_version(curator: Curator) -> None:
    old = curator.out.parent / "old"
    shutil.copytree(curator.out, old)
    write_cluster(curator.raw, "new-story", {"000_a.txt": "A new story about something else entirely, told at length."})
    cut = curator.cut("0.3.0", "Adds the new story.")
    assert cut.kind == "minor" and cut.diff.clusters.added == ["new-story"]
    history = load_releases(curator.registry)
    assert history[-1].version == "0.3.0" and history[-1].note == "Adds the new story."
    assert yaml.safe_load((curator.out / "CITATION.cff").read_text("utf-8"))["version"] == "0.3.0"
    card = (curator.out / "README.md").read_text("utf-8")
    assert "Version **0.3.0** (2026-12-05). Adds the new story." in card and "version   = {0.3.0}" in card
    assert (curator.out / "CHANGELOG.md").read_text("utf-8").startswith("# Changelog\n\n")
    assert "## 0.3.0 (2026-12-05)\n\nAdds the new story." in (curator.out / "CHANGELOG.md").read_text("utf-8")
    croissant = json.loads((curator.out / "croissant.json").read_text("utf-8"))
    assert croissant["version"] == "0.3.0"
    ledger = read_ledger(curator.raw)
    assert ledger["new-story"].since == "0.3.0" and ledger[SEED_CLUSTER.name].since == "0.1.0"
    diff = diff_releases(old, curator.out)
    assert diff.documents.added == ["new-story/000_a"] and diff.moved_split == []


def test_a_copy_that_cannot_be_written_fails_the_cut_before_anything_changes(curator: Curator) -> None:
    """The root copies, the ledger and the history are written before the swap: a copy whose folder is
    missing fails the cut with the release, the history and the ledger as they were, and the cut can be run
    again once the folder is there."""
    write_cluster(curator.raw, "new-story", {"000_a.txt": "A new story about something else entirely, told at length."})
    before = curator.state()
    card = curator.out.parent / "no-such-folder" / "DATACARD.md"
    said = rf"{card}: can't be written \(no folder {card.parent}\); nothing was published"
    with pytest.raises(PublishError, match=said):
        curator.cut("0.3.0", "Adds the new story.", copies={"README.md": card})
    assert curator.state() == before
    assert not [p.name for p in curator.out.parent.rglob("*.tmp")]  # no temporary left beside the places
    card.parent.mkdir()
    assert curator.cut("0.3.0", "Adds the new story.", copies={"README.md": card}).published
    assert card.read_bytes() == (curator.out / "README.md").read_bytes()
    assert load_releases(curator.registry)[-1].version == "0.3.0"
    assert read_ledger(curator.raw)["new-story"].since == "0.3.0"


def test_a_dry_run_checks_everything_and_writes_nothing(curator: Curator) -> None:
    write_cluster(curator.raw, "new-story", {"000_a.txt": "A new story about something else entirely, told at length."})
    before = curator.state()
    with pytest.raises(ReleaseError, match=r"a PATCH release cannot publish this change"):
        curator.cut("0.2.1", dry_run=True)
    cut = curator.cut("0.3.0", "Adds the new story.", dry_run=True)
    assert not cut.published and cut.diff.clusters.added == ["new-story"] and (cut.kind, cut.needed) == ("minor", "minor")
    assert curator.state() == before
    assert not [p for p in curator.out.parent.iterdir() if p.name.startswith(".newsclusters-")]


def test_a_larger_bump_than_the_change_needs_must_be_asked_for(curator: Curator) -> None:
    write_cluster(curator.raw, "new-story", {"000_a.txt": "A new story about something else entirely, told at length."})
    before = curator.state()
    with pytest.raises(ReleaseError, match=r"a MAJOR release for a change that needs a MINOR \(1 cluster added, "
                                           r"1 document added\).*--larger-bump.*nothing was released"):
        curator.cut("1.0.0")
    assert curator.state() == before
    cut = curator.cut("1.0.0", "A new era.", larger_bump=True)
    assert cut.published and (cut.kind, cut.needed) == ("major", "minor")


def test_a_release_records_the_digest_of_the_bytes_it_names(curator: Curator) -> None:
    write_cluster(curator.raw, "new-story", {"000_a.txt": "A new story about something else entirely, told at length."})
    cut = curator.cut("0.3.0", "Adds the new story.")
    digest = hashlib.sha256((curator.out / "SHA256SUMS").read_bytes()).hexdigest()
    assert cut.release.sha256sums == digest == load_releases(curator.registry)[-1].sha256sums
    assert "sha256sums" not in (curator.out / "CHANGELOG.md").read_text("utf-8")  # no circle: not in the release


def test_a_folder_rebuilt_since_its_release_is_not_what_a_release_compares_with(curator: Curator) -> None:
    """`make dataset` after adding a cluster writes it under the old version's name; a diff against that
    folder would see nothing added, and a PATCH would slip through."""
    curator.cut("0.2.1", "Re-cleaned.")  # a release that records its digest
    published = curator.out.parent / "published"
    shutil.copytree(curator.out, published)
    write_cluster(curator.raw, "new-story", {"000_a.txt": "A new story about something else entirely, told at length."})
    build_release(curator.raw, curator.out, history=load_releases(curator.registry))
    before = curator.state()
    with pytest.raises(ReleaseError, match=r"dataset is not the published 0\.2\.1: its SHA256SUMS is not the one "
                                           r"0\.2\.1 recorded.*git checkout HEAD -- .*dataset ':!.*dataset/raw'.*"
                                           r"Nothing was released"):
        curator.cut("0.2.2")
    assert curator.state() == before
    shutil.rmtree(curator.out)
    shutil.copytree(published, curator.out)  # the published files restored, the raw texts kept
    with pytest.raises(ReleaseError, match=r"a PATCH release cannot publish this change \(1 cluster added"):
        curator.cut("0.2.2")
    assert curator.cut("0.3.0", "Adds the new story.").diff.clusters.added == ["new-story"]


def test_a_folder_restored_over_a_rebuild_is_refused_while_files_the_rebuild_added_remain(curator: Curator) -> None:
    """`git checkout` restores the published files but leaves a new split's Parquet files, untracked: with
    them the published index already holds the added cluster, and a PATCH would publish it unseen."""
    curator.cut("0.2.1", "Re-cleaned.")
    published = curator.out.parent / "published"
    shutil.copytree(curator.out, published)
    write_cluster(curator.raw, "new-story", {"000_a.txt": "A new story about something else entirely, told at length."},
                  {"summary": "S.", "summary_author": "A", "split": "train"})
    build_release(curator.raw, curator.out, history=load_releases(curator.registry))
    shutil.copytree(published, curator.out, dirs_exist_ok=True)  # the published files back, the new ones kept
    assert sorted(p.name for p in (curator.out / "data" / "clusters").iterdir())[-1].startswith("train-")
    before = curator.state()
    with pytest.raises(ReleaseError, match=r"dataset is not the published 0\.2\.1: its files differ from its "
                                           r"SHA256SUMS \(not listed in it: data/clusters/train-.*git clean -f -- "):
        curator.cut("0.2.2")
    assert curator.state() == before


def test_a_folder_of_another_version_is_refused_with_how_to_restore_it(curator: Curator) -> None:
    curator.cut("0.2.1", "Re-cleaned.")
    older = load_releases(curator.registry)[:-1]
    build_release(curator.raw, curator.out, history=older)  # dataset/ back at 0.2.0, the history at 0.2.1
    before = curator.state()
    with pytest.raises(ReleaseError, match=r"dataset holds version 0\.2\.0, but the history's latest is 0\.2\.1.*"
                                           r"Restore the published files.*git checkout HEAD -- .*Nothing was released"):
        curator.cut("0.2.2")
    assert curator.state() == before


def test_a_cluster_moved_to_another_split_must_be_declared(curator: Curator, capsys: pytest.CaptureFixture[str]) -> None:
    old = curator.out.parent / "old"
    shutil.copytree(curator.out, old)
    meta_path = curator.raw / SEED_CLUSTER.name / "cluster.json"
    meta = json.loads(meta_path.read_text("utf-8"))
    meta_path.write_text(json.dumps({**meta, "split": "train"}), "utf-8")
    before = curator.state()
    with pytest.raises(ReleaseError, match=f"clusters changed split without being declared: {SEED_CLUSTER.name} "
                                           r"\(test -> train\)"):
        curator.cut("0.3.0")
    assert curator.state() == before
    with pytest.raises(ReleaseError, match="1 cluster moved to another split\\): it needs a MINOR version"):
        curator.cut("0.2.1", declared_moves=(SEED_CLUSTER.name,))  # a test split's scores no longer compare
    cut = curator.cut("0.3.0", declared_moves=(SEED_CLUSTER.name,))
    assert cut.kind == "minor" and load_releases(curator.registry)[-1].moved_split == (SEED_CLUSTER.name,)
    assert read_ledger(curator.raw)[SEED_CLUSTER.name].split == "train"
    # `diff` reads what each version declares from the package's history, which never declared this move.
    assert main(["diff", str(old), str(curator.out), "--json"]) == 1
    captured = capsys.readouterr()
    last = json.loads(captured.out.strip().splitlines()[-1])
    assert last["moved_split"] == [SEED_CLUSTER.name]
    assert set(last) >= {"clusters", "documents", "moved_split", "rules"}
    assert set(last["clusters"]) == {"added", "removed", "changed"}
    assert f"1 cluster changed split, which release 0.3.0 does not declare: {SEED_CLUSTER.name}" in captured.err


def test_a_diff_over_two_releases_reads_the_move_the_first_declared(
        curator: Curator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    old = curator.out.parent / "old"
    shutil.copytree(curator.out, old)
    meta_path = curator.raw / SEED_CLUSTER.name / "cluster.json"
    meta = json.loads(meta_path.read_text("utf-8"))
    meta_path.write_text(json.dumps({**meta, "split": "train"}), "utf-8")
    curator.cut("0.3.0", declared_moves=(SEED_CLUSTER.name,))
    meta_path.write_text(json.dumps({**meta, "split": "train", "summary": meta["summary"] + " Revised."}), "utf-8")
    curator.cut("0.3.1")  # a summary fixed: it declares no move of its own
    history = load_releases(curator.registry)
    monkeypatch.setattr("newsclusters.versioning.load_releases", lambda path=None: history)
    assert main(["diff", str(old), str(curator.out)]) == 0
    assert main(["diff", str(curator.out), str(old)]) == 0  # read backwards
    assert "does not declare" not in capsys.readouterr().err


def test_a_cluster_taken_down_and_back_in_another_split_is_a_move_to_declare(curator: Curator) -> None:
    """The diff of the two releases sees a new cluster; the ledger remembers where it was published."""
    [wire] = [c for c in read_ledger(curator.raw) if c.startswith("wire-story")]
    kept = curator.raw.parent / "kept"
    shutil.move(curator.raw / wire, kept)
    curator.cut("0.3.0", "Takedown.")
    shutil.move(kept, curator.raw / wire)
    meta = json.loads((curator.raw / wire / "cluster.json").read_text("utf-8"))
    (curator.raw / wire / "cluster.json").write_text(json.dumps({**meta, "split": "train"}), "utf-8")
    before = curator.state()
    with pytest.raises(ReleaseError, match=rf"clusters changed split without being declared: {wire} \(test -> train\)"):
        curator.cut("0.4.0", "Back.")
    assert curator.state() == before
    cut = curator.cut("0.4.0", "Back, in train.", declared_moves=(wire,))
    assert cut.diff.moved_split == [wire] and read_ledger(curator.raw)[wire].split == "train"


def test_a_new_cluster_holding_a_copy_of_a_published_article_does_not_take_it(curator: Curator) -> None:
    """Its id sorts first, but the published article stays where it was; the copy is what is left out."""
    [wire] = [c for c in read_ledger(curator.raw) if c.startswith("wire-story")]
    write_cluster(curator.raw, "aaa-copy", {"x.txt": (curator.raw / wire / "000_wire.txt").read_text("utf-8"),
                                            "y.txt": "A second article, of its own, on another subject entirely."})
    cut = curator.cut("0.3.0", "Adds a cluster.")
    assert cut.diff.documents.removed == [] and cut.diff.documents.added == ["aaa-copy/y"]
    rejected = [json.loads(line) for line in (curator.out / "rejections.jsonl").read_text("utf-8").splitlines()]
    assert [(r["id"], r["detail"]) for r in rejected] == [("aaa-copy/x", f"same text as '{wire}/000_wire'")]
    # Both clusters are published now: the article stays with the one that published it first.
    again = curator.cut("0.3.1", "Nothing changed.")
    assert not again.diff.documents and not again.diff.clusters


def test_a_new_near_duplicate_joins_the_published_cluster_instead_of_moving_it(curator: Curator) -> None:
    [wire] = [c for c in read_ledger(curator.raw) if c.startswith("wire-story")]
    [newcomer] = _ids_hashed_to("train", "wire-copy")
    write_cluster(curator.raw, newcomer, {"000_copy.txt": NEAR_COPY})
    cut = curator.cut("0.3.0", "Adds a wire copy.")
    assert cut.diff.moved_split == []
    ledger = read_ledger(curator.raw)
    assert ledger[wire].split == "test" and ledger[newcomer].split == "test"  # its hash said train
    rows = [json.loads(line) for line in (curator.out / "leakage.jsonl").read_text("utf-8").splitlines()]
    assert [(r["split_a"], r["split_b"], r["resolution"]) for r in rows] == [("test", "test", "moved")]


def test_a_takedown_is_a_minor_release_whose_diff_lists_exactly_the_removed_documents(curator: Curator) -> None:
    old = curator.out.parent / "old"
    shutil.copytree(curator.out, old)
    [wire] = [c for c in read_ledger(curator.raw) if c.startswith("wire-story")]
    shutil.rmtree(curator.raw / wire)
    with pytest.raises(ReleaseError, match="1 cluster removed, 1 document removed"):
        curator.cut("0.2.1")
    curator.cut("0.3.0", "Takedown: one wire story removed at its publisher's request.")
    diff = diff_releases(old, curator.out)
    assert diff.documents.removed == [f"{wire}/000_wire"] and diff.clusters.removed == [wire]
    assert diff.documents.added == diff.documents.changed == [] and diff.moved_split == []
    assert wire in read_ledger(curator.raw)  # its split stays recorded


def test_the_diff_says_whether_a_takedown_reread_the_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A cluster row changes when a document goes, whether or not its summary was rewritten: the diff tells."""
    docs = {f"{i}.txt": f"Article {i} of the flood story: the council voted on the walls on Monday." for i in range(3)}
    write_cluster(tmp_path / "before", "flood-story", docs)
    write_cluster(tmp_path / "kept", "flood-story", {k: v for k, v in docs.items() if k != "2.txt"})
    write_cluster(tmp_path / "reread", "flood-story", {k: v for k, v in docs.items() if k != "2.txt"},
                  {"summary": "The council voted on the walls.", "summary_author": "Test author"})
    for name in ("before", "kept", "reread"):
        build_release(tmp_path / name, tmp_path / f"{name}-release")
    same = diff_releases(tmp_path / "before-release", tmp_path / "kept-release")
    reread = diff_releases(tmp_path / "before-release", tmp_path / "reread-release")
    assert same.clusters.changed == reread.clusters.changed == ["flood-story"]
    assert same.summary_changed == [] and reread.summary_changed == ["flood-story"]
    assert main(["diff", str(tmp_path / "before-release"), str(tmp_path / "reread-release"), "--json"]) == 0
    out = capsys.readouterr().out
    assert "clusters whose summary changed: 1 (flood-story)" in out
    assert json.loads(out.splitlines()[-1])["summary_changed"] == ["flood-story"]


def test_a_release_cut_twice_from_the_same_inputs_gives_the_same_bytes(published: Path, tmp_path: Path) -> None:
    states = []
    for name in ("one", "two"):
        shutil.copytree(published, tmp_path / name)
        curator = Curator(tmp_path / name / "raw", tmp_path / name / "dataset", tmp_path / name / "releases.json")
        write_cluster(curator.raw, "new-story", {"000_a.txt": "A new story about something else entirely."})
        curator.cut("0.3.0", "Adds the new story.")
        states.append(curator.state())
    assert states[0] == states[1]


def test_the_cli_refuses_a_version_that_does_not_follow(curator: Curator, capsys: pytest.CaptureFixture[str]) -> None:
    before = curator.state()
    status = main(["release", "0.4.0", "--note", "Skips one.", "--raw", str(curator.raw), "--out", str(curator.out),
                   "--registry", str(curator.registry)])
    assert status == 1
    assert "0.4.0 does not follow 0.2.0: the next version is one of 1.0.0, 0.3.0, 0.2.1" in capsys.readouterr().err
    assert curator.state() == before
    with pytest.raises(SystemExit) as refused:  # argparse's: before any work, naming the option
        main(["release", "0.2.1", "--note", "A fix.", "--date", "2026-13-45", "--raw", str(curator.raw)])
    assert refused.value.code == 2
    assert "argument --date: must be a date YYYY-MM-DD, got 2026-13-45" in capsys.readouterr().err
    assert curator.state() == before
    status = main(["release", "0.2.1", "--note", "A fix.", "--date", "2020-01-01", "--raw", str(curator.raw),
                   "--out", str(curator.out), "--registry", str(curator.registry)])
    assert status == 1
    err = capsys.readouterr().err
    assert "--date 2020-01-01 is before 0.2.0's date, " in err and "releases.json" not in err
    assert curator.state() == before


def test_a_release_names_what_it_leaves_out(curator: Curator, capsys: pytest.CaptureFixture[str]) -> None:
    """The diff lists only what is published: a document dropped for its content was released without a word."""
    write_cluster(curator.raw, "new-story", {"000_a.txt": "A new story about something else entirely.",
                                             "001_b.txt": "   \n"})
    status = main(["release", "0.3.0", "--note", "Adds the new story.", "--raw", str(curator.raw),
                   "--out", str(curator.out), "--registry", str(curator.registry), "--workers", "1", "--dry-run"])
    assert status == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "left out: 1 document (empty_document 1)" in out and "new-story/001_b" in out


def test_the_cli_cuts_a_patch_and_diff_reports_rule_counts(curator: Curator, capsys: pytest.CaptureFixture[str]) -> None:
    old = curator.out.parent / "old"
    shutil.copytree(curator.out, old)
    [wire] = [c for c in read_ledger(curator.raw) if c.startswith("wire-story")]
    (curator.raw / wire / "000_wire.txt").write_text(STORY + "\n\nClick here to read more stories like this.\n", "utf-8")
    status = main(["release", "0.2.1", "--note", "Re-cleaned.", "--date", "2026-12-05", "--raw", str(curator.raw),
                   "--out", str(curator.out), "--registry", str(curator.registry), "--workers", "1"])
    assert status == 0, capsys.readouterr().err
    assert "released NewsClusters 0.2.1 (patch, 2026-12-05)" in capsys.readouterr().out
    assert main(["diff", str(old), str(curator.out), "--json"]) == 0
    last = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert last["documents"]["changed"] == [f"{wire}/000_wire"] and last["clusters"]["changed"] == [wire]
    changed_rules = {r: n for r, n in last["rules"].items() if n["before"] != n["after"]}
    assert [n["after"] - n["before"] for n in changed_rules.values()] == [1]  # the one "Click here" line


def test_a_release_killed_while_its_history_went_in_place_is_finished_and_not_cut_again(curator: Curator) -> None:
    """The retry read the history before the lock's recovery had finished it, and advised restoring the old
    release beside the new history."""
    import os
    import subprocess
    import sys

    [wire] = [c for c in read_ledger(curator.raw) if c.startswith("wire-story")]
    (curator.raw / wire / "000_wire.txt").write_text(STORY + "\n\nClick here to read more stories like this.\n", "utf-8")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "NEWSCLUSTERS_FAILPOINT": "mid-place"}
    command = [sys.executable, "-m", "newsclusters.cli", "release", "0.2.1", "--note", "Re-cleaned.", "--date",
               "2026-12-05", "--raw", str(curator.raw), "--out", str(curator.out), "--registry", str(curator.registry),
               "--workers", "1"]
    killed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert killed.returncode == -9, killed.stderr
    assert load_releases(curator.registry)[-1].version == "0.2.0"  # killed before the history went in place
    with pytest.raises(ReleaseError, match=r"0\.2\.1 is the latest release"):
        curator.cut("0.2.1", "Re-cleaned.")
    assert load_releases(curator.registry)[-1].version == "0.2.1"
    assert yaml.safe_load((curator.out / "CITATION.cff").read_text("utf-8"))["version"] == "0.2.1"
    assert read_ledger(curator.raw)[wire].split == index_release(curator.out).clusters[wire][0]
    leftovers = [p for folder in (curator.raw, curator.registry.parent, curator.out.parent)
                 for p in folder.iterdir() if p.name.endswith(".tmp") or p.name.startswith(".newsclusters-")]
    assert leftovers == []


def test_diff_names_a_parquet_file_it_cannot_read(published: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(published / "dataset", broken)
    for config in ("clusters", "documents"):
        [first, *_] = sorted((broken / "data" / config).glob("*.parquet"))
        first.write_bytes(first.read_bytes()[: len(first.read_bytes()) // 2])  # cut short, as a failed copy leaves it
        assert main(["diff", str(published / "dataset"), str(broken)]) == 1
        err = capsys.readouterr().err
        assert f"{first}: cannot read Parquet" in err and "Traceback" not in err
        shutil.copy(published / "dataset" / "data" / config / first.name, first)


def test_diff_refuses_a_release_missing_files(published: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    # A copy without its documents' Parquet files was diffed as a release whose documents were all removed.
    partial = tmp_path / "partial"
    shutil.copytree(published / "dataset", partial)
    for path in (partial / "data" / "documents").glob("*.parquet"):
        path.unlink()
    assert main(["diff", str(published / "dataset"), str(partial)]) == 1
    err = capsys.readouterr().err
    assert f"{partial}: not a complete release: SHA256SUMS lists data/documents/" in err and "removed" not in err
    (partial / "SHA256SUMS").unlink()
    assert main(["diff", str(published / "dataset"), str(partial)]) == 1
    assert f"{partial}: not a complete release: no SHA256SUMS" in capsys.readouterr().err


def test_diff_says_when_the_releases_are_of_two_corpora(published: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other"
    shutil.copytree(published / "dataset", other)
    assert main(["diff", str(published / "dataset"), str(other)]) == 0
    assert "two corpora" not in capsys.readouterr().out
    citation = other / "CITATION.cff"
    text = citation.read_text("utf-8")
    title = yaml.safe_load(text)["title"]
    citation.write_text(text.replace(f"title: '{title}'", "title: 'Multi-News, cleaned by NewsClusters'"), "utf-8")
    assert main(["diff", str(published / "dataset"), str(other), "--json"]) == 0
    out = capsys.readouterr().out
    assert f"note: releases of two corpora ({title!r} -> 'Multi-News, cleaned by NewsClusters')" in out
    assert json.loads(out.strip().splitlines()[-1])["titles"] == [title, "Multi-News, cleaned by NewsClusters"]


def test_the_history_file_is_rewritten_in_its_own_format(curator: Curator) -> None:
    write_cluster(curator.raw, "new-story", {"000_a.txt": "A new story about something else entirely."})
    curator.cut("0.3.0", "Adds   the new\nstory.")  # white space folded: one line
    text = curator.registry.read_text("utf-8")
    assert parse_releases(text, "again")[-1].note == "Adds the new story."
    assert parse_ledger((curator.raw / LEDGER).read_text("utf-8"), "again") == read_ledger(curator.raw)
