"""A build killed at any step (SIGKILL) never damages the previous release; builds don't overlap."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from newsclusters.cli import main
from newsclusters.release.build import build_release
from newsclusters.release.publish import RELEASE_ENTRIES, recover, release_lock, staging_folder

from conftest import RAW, tree_bytes, write_cluster

# Every point a build can be killed at, in order; the swap points are inside the final renames.
BEFORE_SWAP = ["after-validate", "mid-write", "after-staging"]
DURING_SWAP = ["mid-swap", "before-commit"]
AFTER_SWAP = ["after-swap"]


def _build(raw: Path, out: Path, failpoint: str | None = None, workers: int = 2,
           extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    env.pop("NEWSCLUSTERS_FAILPOINT", None)
    if failpoint:
        env["NEWSCLUSTERS_FAILPOINT"] = failpoint
    command = [sys.executable, "-m", "newsclusters.cli", "build", "--raw", str(raw), "--out", str(out),
               "--workers", str(workers), *extra]
    log = out.parent / "build.log"
    with log.open("w") as handle:  # a file, not a pipe: nothing can hold the test up after the kill
        done = subprocess.run(command, env=env, stdout=handle, stderr=subprocess.STDOUT, timeout=120)
    return subprocess.CompletedProcess(command, done.returncode, log.read_text(), log.read_text())


@pytest.fixture(scope="module")
def old_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("old") / "dataset"
    build_release(RAW, out)
    (out / "raw").mkdir()  # the release folder also holds the raw texts: they must survive too
    (out / "raw" / "keep.txt").write_text("curator's file", "utf-8")
    return out


@pytest.fixture
def new_raw(tmp_path: Path) -> Path:
    """A corpus whose release differs from the old one (one more cluster)."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    write_cluster(raw, "second-story", {"a.txt": "Second Story Headline\n\nIt happened on Tuesday.\n\nMore later."})
    return raw


@pytest.mark.parametrize("point", BEFORE_SWAP + DURING_SWAP + AFTER_SWAP)
def test_killed_build_leaves_previous_release_intact(point: str, old_release: Path, new_raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "site" / "dataset"
    out.parent.mkdir()
    shutil.copytree(old_release, out)
    before = tree_bytes(out)

    killed = _build(new_raw, out, point, workers=1)  # one process: the kill hits the build itself
    assert killed.returncode == -9, killed.stderr  # really killed, at that point

    inside = {p.name for p in out.iterdir()}
    assert inside <= {*RELEASE_ENTRIES, "raw"}
    if point in BEFORE_SWAP:
        assert tree_bytes(out) == before  # untouched, with no recovery needed
    # The next command recovers under the lock: the previous release is back byte for byte (or, once
    # the swap had committed, the new release is complete and verifies).
    if point in AFTER_SWAP:
        assert main(["verify", "--raw", str(new_raw), "--out", str(out)]) == 0
    else:
        assert main(["verify", "--raw", str(RAW), "--out", str(out)]) == 0
        assert tree_bytes(out) == before
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".newsclusters-") and "lock" not in p.name] == []

    again = _build(new_raw, out)
    assert again.returncode == 0, again.stderr
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".newsclusters-")] == []  # lock file too
    assert main(["verify", "--raw", str(new_raw), "--out", str(out)]) == 0
    assert (out / "raw" / "keep.txt").read_text("utf-8") == "curator's file"


def test_a_killed_worker_fails_the_build_cleanly(old_release: Path, new_raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "site" / "dataset"
    out.parent.mkdir()
    shutil.copytree(old_release, out)
    before = tree_bytes(out)
    write_cluster(new_raw, "fourth-story", {"a.txt": "Another story happened.\n\nIt was on Monday."},
                  {"summary": "S.", "summary_author": "A", "split": "validation"})
    result = _build(new_raw, out, "mid-write", workers=2)  # two shards: the kill hits a worker process
    assert result.returncode == 1
    assert "a worker process died (killed, or out of memory); nothing was published" in result.stderr
    assert tree_bytes(out) == before


def test_a_second_build_is_refused_while_one_runs(old_release: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "dataset"
    shutil.copytree(old_release, out)
    before = tree_bytes(out)
    with release_lock(out):
        assert main(["build", "--raw", str(RAW), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{out}: another build is writing this release (pid {os.getpid()})" in err
    assert tree_bytes(out) == before
    assert main(["build", "--raw", str(RAW), "--out", str(out)]) == 0  # the lock is free again
    assert not (tmp_path / ".newsclusters-lock-dataset").exists()  # and its file removed by its holder


def test_a_build_through_a_link_to_the_release_folder_takes_the_same_lock(old_release: Path, tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Named by the path given, the lock of 'links/alias' (a link to 'dataset') let two builds write at once."""
    out, links = tmp_path / "dataset", tmp_path / "links"
    shutil.copytree(old_release, out)
    links.mkdir()
    (links / "alias").symlink_to(out)
    with release_lock(out):
        assert main(["build", "--raw", str(RAW), "--out", str(links / "alias")]) == 1
        assert main(["build", "--raw", str(RAW), "--out", str(links / ".." / "dataset")]) == 1
    assert capsys.readouterr().err.count("another build is writing this release") == 2
    assert main(["build", "--raw", str(RAW), "--out", str(links / "alias")]) == 0
    assert sorted(p.name for p in links.iterdir()) == ["alias"] and (links / "alias").is_symlink()


def test_a_lock_file_removed_by_its_holder_is_not_taken_for_the_lock(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A build that opened the lock file just before its holder removed it locks an orphan: it must see that
    and lock the file now at the path, or two builds would each hold 'the' lock."""
    import fcntl

    from newsclusters.release import publish

    out = tmp_path / "dataset"
    path = tmp_path / ".newsclusters-lock-dataset"
    real, raced = fcntl.flock, []

    def holder_finishes_first(handle: object, operation: int) -> None:
        if operation & fcntl.LOCK_EX and not raced:  # between our open and our lock, the holder unlinks
            raced.append(True)
            path.unlink()
            path.write_text("")  # ... and the next build creates the file anew
        real(handle, operation)

    monkeypatch.setattr(publish.fcntl, "flock", holder_finishes_first)
    with release_lock(out):
        assert raced and path.read_text() == f"pid {os.getpid()}"  # we hold the file at the path, not the orphan
    assert not path.exists()


def test_recovery_leaves_the_work_folders_of_a_release_folder_whose_name_starts_the_same(tmp_path: Path) -> None:
    """'dataset' and 'dataset-old' side by side: the next build of one must not sweep away the other's staging,
    spill or backup folders (the backup holds a previous release while a swap is under way)."""
    mine, theirs = tmp_path / "dataset", tmp_path / "dataset-old"
    with staging_folder(theirs) as staging, staging_folder(theirs, "spill") as spill, \
            staging_folder(theirs, "backup") as backup, staging_folder(mine, "backup") as stray:
        legacy = tmp_path / ".newsclusters-spill-dataset-k2_x9abq"
        theirs_legacy = tmp_path / ".newsclusters-spill-dataset-old-k2_x9abq"
        legacy.mkdir()  # tempfile.mkdtemp's names, of builds before 0.2.29
        theirs_legacy.mkdir()
        recover(mine)
        assert staging.is_dir() and spill.is_dir() and backup.is_dir() and theirs_legacy.is_dir()
        assert not stray.exists() and not legacy.exists()  # its own strays go, old names too


def test_an_unreadable_swap_journal_stops_the_build_with_what_to_do(old_release: Path, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "dataset"
    shutil.copytree(old_release, out)
    before = tree_bytes(out)
    journal = tmp_path / ".newsclusters-swap-dataset.json"
    for text in ("", '{"backup": "../..", "previous": []}'):
        journal.write_text(text, "utf-8")
        assert main(["build", "--raw", str(RAW), "--out", str(out)]) == 1
        err = capsys.readouterr().err
        assert f"{journal}: the journal of an interrupted swap into {out} can't be read" in err
        assert "move them back into" in err and "Traceback" not in err
        assert tree_bytes(out) == before and journal.exists()


def test_copies_the_swap_would_lose_or_that_collide_are_refused_before_the_build(tmp_path: Path) -> None:
    from newsclusters.errors import PublishError

    out = tmp_path / "dataset"
    (tmp_path / "a-folder").mkdir()
    refused = [
        ({"card_copy": tmp_path / "a-folder"}, "a folder, where a file is to be written"),
        ({"card_copy": out / "data" / "CARD.md"}, "inside the release's own data, which a build replaces"),
        ({"card_copy": out / "README.md"}, "inside the release's own README.md"),
        ({"card_copy": tmp_path / "x.md", "citation_copy": tmp_path / "." / "x.md"}, "given twice"),
    ]
    for options, said in refused:
        with pytest.raises(PublishError, match=said):
            build_release(RAW, out, **options)  # type: ignore[arg-type]
        assert not out.exists()  # refused before any work
    build_release(RAW, out, card_copy=out / "CARD-COPY.md")  # beside the entries, in a folder not made yet
    assert (out / "CARD-COPY.md").read_bytes() == (out / "README.md").read_bytes()
    site = tmp_path / "site"  # the repository's layout, DATACARD.md beside dataset/, somewhere new
    build_release(RAW, site / "dataset", card_copy=site / "DATACARD.md")
    assert (site / "DATACARD.md").read_bytes() == (site / "dataset" / "README.md").read_bytes()


def test_a_copy_s_temporaries_left_by_a_killed_build_are_removed_by_the_next(tmp_path: Path) -> None:
    out, card = tmp_path / "dataset", tmp_path / "CARD.md"
    stale = tmp_path / ".CARD.md-0123456789ab.tmp"
    stale.write_text("half", "utf-8")
    kept = tmp_path / ".CARD.md-notours.tmp"  # not a name the build gives: left alone
    kept.write_text("mine", "utf-8")
    build_release(RAW, out, card_copy=card)
    assert not stale.exists() and kept.exists() and card.read_bytes() == (out / "README.md").read_bytes()


def test_a_copy_that_cannot_be_put_in_place_says_so_and_the_next_command_puts_it_there(tmp_path: Path) -> None:
    from newsclusters.errors import PublishError
    from newsclusters.release.publish import swap_in, written_beside

    out, first, second = tmp_path / "dataset", tmp_path / "one.md", tmp_path / "two.md"
    build_release(RAW, out)
    with release_lock(out), staging_folder(out) as staging:
        shutil.copytree(out, staging, dirs_exist_ok=True)
        with written_beside(out, {first: b"1", second: b"2"}) as beside:
            second.mkdir()  # after the check: the rename over it fails
            with pytest.raises(PublishError, match=rf"{second}: can't be put in place .*not yet: {second}\. The next "
                                                   "build or release"):
                swap_in(staging, out, beside)
    assert first.read_bytes() == b"1" and not second.is_file()
    second.rmdir()
    with release_lock(out):  # the next command: it finishes what the release began
        pass
    assert second.read_bytes() == b"2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset", "one.md", "two.md"]  # no journal, no temporary


@pytest.mark.parametrize("point", ["mid-swap", "before-commit", "mid-place"])
def test_killed_with_copies_the_next_command_leaves_release_and_copies_in_step_and_no_temporary(
        point: str, old_release: Path, new_raw: Path, tmp_path: Path) -> None:
    """Killed after the swap, the new release stood beside the old card and history, for good; killed before
    it, the copies' temporaries stayed beside them."""
    out = tmp_path / "site" / "dataset"
    out.parent.mkdir()
    shutil.copytree(old_release, out)
    card, citation = out.parent / "DATACARD.md", out.parent / "CITATION.cff"
    copies = ("--card", str(card), "--citation", str(citation))
    assert main(["build", "--raw", str(RAW), "--out", str(out), *copies]) == 0
    killed = _build(new_raw, out, point, workers=1, extra=copies)
    assert killed.returncode == -9, killed.stderr
    assert any(p.name.endswith(".tmp") for p in out.parent.iterdir())  # the copies' temporaries, written
    rolled_forward = point == "mid-place"
    if rolled_forward:
        assert card.read_bytes() != (out / "README.md").read_bytes()  # the release is new, the card still old
    assert main(["verify", "--raw", str(new_raw if rolled_forward else RAW), "--out", str(out), *copies]) == 0
    assert sorted(p.name for p in out.parent.iterdir() if p.name != "build.log") == [
        "CITATION.cff", "DATACARD.md", "dataset"]


def test_ctrl_c_just_after_a_copy_s_temporary_was_made_leaves_no_temporary(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Raised inside `temporary_beside` once the file existed, it never reached the list of what to remove."""
    from newsclusters.release import publish

    real = publish.synced_temporary
    made: list[Path] = []

    def pressed_after_creating(path: Path, data: bytes) -> Path:
        made.append(real(path, data))
        if len(made) == 2:
            raise KeyboardInterrupt  # the second copy's temporary exists; its path is not returned
        return made[-1]

    monkeypatch.setattr(publish, "synced_temporary", pressed_after_creating)
    out = tmp_path / "dataset"
    with pytest.raises(KeyboardInterrupt):
        with publish.written_beside(out, {tmp_path / "one.md": b"1", tmp_path / "two.md": b"2"}):
            pass
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset"]


def test_a_journal_half_written_by_a_killed_command_is_removed_by_the_next(old_release: Path, tmp_path: Path) -> None:
    from newsclusters.files import temporary_beside

    out = tmp_path / "dataset"
    shutil.copytree(old_release, out)
    half = temporary_beside(tmp_path / ".newsclusters-swap-dataset.json")
    half.write_text('{"backup": ', "utf-8")  # killed while the journal was written: never renamed into place
    with release_lock(out):
        pass
    assert not half.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["dataset"]


def test_a_copy_in_the_raw_folder_or_in_no_folder_is_refused_before_anything_is_made(tmp_path: Path) -> None:
    from newsclusters.errors import PublishError

    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    out = tmp_path / "a" / "b" / "dataset"
    for options, said in (({"citation_copy": raw / "CITATION.cff"}, "inside the raw folder"),
                          ({"card_copy": tmp_path / "nope" / "card.md"}, r"can't be written \(no folder")):
        with pytest.raises(PublishError, match=said):
            build_release(raw, out, **options)  # type: ignore[arg-type]
        assert sorted(p.name for p in tmp_path.iterdir()) == ["raw"]  # not even the release folder's parents


def test_a_folder_that_is_not_a_release_is_not_built_over(tmp_path: Path) -> None:
    """'--out .' in a repository would have replaced its README.md with the card, for good."""
    from newsclusters.errors import PublishError

    (tmp_path / "README.md").write_text("# My project\n", "utf-8")
    with pytest.raises(PublishError, match=r"holds README.md but no SHA256SUMS, so it is not a release folder"):
        build_release(RAW, tmp_path)
    assert (tmp_path / "README.md").read_text("utf-8") == "# My project\n"
    build_release(RAW, tmp_path / "release")
    build_release(RAW, tmp_path / "release")  # a release folder is rebuilt as before


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_ctrl_c_says_so_once_and_leaves_the_release_and_no_work_folders(old_release: Path, new_raw: Path,
                                                                        tmp_path: Path, engine: str) -> None:
    """SIGINT to the whole command, as a terminal sends it, while a worker writes: one line, no tracebacks
    (a local Dask cluster's nanny and worker processes printed one each)."""
    out = tmp_path / "site" / "dataset"
    out.parent.mkdir()
    shutil.copytree(old_release, out)
    before = tree_bytes(out)
    write_cluster(new_raw, "fourth-story", {"a.txt": "Another story happened.\n\nIt was on Monday."},
                  {"summary": "S.", "summary_author": "A", "split": "validation"})  # two shards: workers write
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "NEWSCLUSTERS_FAILPOINT": "mid-write", "NEWSCLUSTERS_FAILSIGNAL": "INT"}
    command = [sys.executable, "-m", "newsclusters.cli", "build", "--raw", str(new_raw), "--out", str(out), "--workers",
               "2", "--engine", engine]
    # Its own process group (its id is the build's pid): the signal reaches no one else.
    build = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        _, stderr = build.communicate(timeout=120)
    finally:
        Path(tempfile.gettempdir(), f"newsclusters-failsignal-{build.pid}").unlink(missing_ok=True)  # faults' marker
    assert build.returncode == 130, stderr
    assert "newsclusters build: interrupted; nothing half-written is kept" in stderr
    assert "Traceback" not in stderr and stderr.count("interrupted") == 1
    assert tree_bytes(out) == before
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".newsclusters-")] == []


def test_ctrl_c_during_the_swap_is_held_until_the_release_and_its_copies_are_in_place(
        old_release: Path, new_raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import signal

    from newsclusters.release import build

    out, card = tmp_path / "dataset", tmp_path / "DATACARD.md"
    shutil.copytree(old_release, out)
    real_swap = build.swap_in

    def pressed_during_swap(staging: Path, target: Path, beside: dict[Path, Path]) -> None:
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C, while the swap runs
        real_swap(staging, target, beside)

    monkeypatch.setattr(build, "swap_in", pressed_during_swap)
    assert main(["build", "--raw", str(new_raw), "--out", str(out), "--card", str(card)]) == 130
    assert "interrupted; nothing half-written is kept" in capsys.readouterr().err
    monkeypatch.undo()
    assert card.read_bytes() == (out / "README.md").read_bytes()  # the copy went in with the release
    assert main(["verify", "--raw", str(new_raw), "--out", str(out), "--card", str(card)]) == 0
