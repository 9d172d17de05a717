"""Versions, the release history, the split ledger and split stability, as pure functions."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclusters.errors import RawInputError, ReleaseError
from newsclusters.pipeline.leakage import NearDuplicate, final_splits
from newsclusters.pipeline.ledger import Entry, ledger_text, parse_ledger, published_splits, updated_ledger
from newsclusters.pipeline.split import SPLIT_SALT, SPLITS, hashed_split
from newsclusters.release.cut import check_bump
from newsclusters.release.diff import Changes, ReleaseDiff
from newsclusters.versioning import (
    bump_kind,
    Release,
    changelog,
    declared_between,
    load_releases,
    parse_releases,
    releases_text,
    required_bump,
)


@pytest.mark.parametrize("old, new, kind", [("0.2.0", "0.2.1", "patch"), ("0.2.3", "0.3.0", "minor"),
                                             ("0.2.3", "1.0.0", "major"), ("9.9.9", "9.10.0", "minor")])
def test_the_next_version_names_its_bump(old: str, new: str, kind: str) -> None:
    assert bump_kind(old, new) == kind


@pytest.mark.parametrize("old, new", [("0.2.0", "0.2.0"), ("0.2.0", "0.2.2"), ("0.2.0", "0.1.9"), ("0.2.0", "0.3.1"),
                                      ("0.2.0", "1.0.1"), ("0.2.0", "v0.3.0"), ("0.2.0", "0.3"), ("0.2.0", "0.03.0"),
                                      ("0.2.12", "0.2.1\u0663"), ("0.2.0", "0.1\u0660.0")])
def test_anything_but_the_next_version_is_refused(old: str, new: str) -> None:
    with pytest.raises(ReleaseError):
        bump_kind(old, new)


@pytest.mark.parametrize("new, said", [("0.2.0", "0.2.0 is the latest release: a version names the same bytes "
                                                 "forever and is never released again"),
                                       ("0.1.9", "0.1.9 comes before the latest release, 0.2.0: versions only go up;"),
                                       ("0.2.2", "0.2.2 does not follow 0.2.0")])
def test_a_refused_version_says_why(new: str, said: str) -> None:
    with pytest.raises(ReleaseError, match=re.escape(said)):
        bump_kind("0.2.0", new)


def test_the_package_history_is_valid_and_its_changelog_is_newest_first() -> None:
    history = load_releases()
    text = changelog(history)
    assert text.index(f"## {history[-1].version} ") < text.index(f"## {history[0].version} ")
    assert parse_releases(releases_text(history), "again") == history


@pytest.mark.parametrize("entry, fragment", [
    ({"version": "0.4.0"}, "release 2, field 'version': 0.4.0 does not follow 0.1.0"),
    ({"date": "2026-11-01"}, "release 2, field 'date': 2026-11-01 is before the previous release's 2026-11-23"),
    ({"date": "4 Dec 2026"}, "release 2, field 'date': expected a date YYYY-MM-DD"),
    ({"date": "2026-99-99"}, "release 2, field 'date': expected a date YYYY-MM-DD, got '2026-99-99'"),
    ({"date": "2026-02-30"}, "release 2, field 'date': expected a date YYYY-MM-DD, got '2026-02-30'"),
    ({"version": "0.1\u0660.0"}, "release 2, field 'version': '0.1\u0660.0' is not a version of the form"),
    ({"note": "two\nlines"}, "release 2, field 'note': expected one non-blank line"),
    ({"moved_split": "a"}, "release 2, field 'moved_split': expected a list of cluster ids"),
    ({"sha256sums": "ABC"}, "release 2, field 'sha256sums': expected 64 lowercase hex digits"),
    ({"sha256": "0" * 64}, "release 2: expected an object with version, date, note, moved_split and optionally"),
])
def test_a_broken_history_names_the_release_and_field(entry: dict, fragment: str) -> None:
    first = {"version": "0.1.0", "date": "2026-11-23", "note": "First.", "moved_split": []}
    second = {**first, "version": "0.2.0", "date": "2026-12-04", **entry}
    with pytest.raises(ReleaseError, match="releases.json: " + fragment.replace("(", r"\(").replace(")", r"\)")):
        parse_releases(json.dumps([first, second]), "releases.json")


def test_the_smallest_bump_follows_the_change() -> None:
    assert required_bump(schema_changed=True, data_added_or_removed=True) == "major"
    assert required_bump(schema_changed=False, data_added_or_removed=True) == "minor"
    assert required_bump(schema_changed=False, data_added_or_removed=False) == "patch"


def _diff(*, added: list[str] = (), schema: list[str] = (), moves: dict | None = None) -> ReleaseDiff:
    moves = moves or {}
    return ReleaseDiff("0.2.0", "x", Changes(added=list(added)), Changes(), list(moves), moves, [], {}, list(schema))


def test_a_patch_that_adds_clusters_and_a_minor_that_changes_the_schema_are_refused() -> None:
    with pytest.raises(ReleaseError, match="a PATCH release cannot publish this change \\(1 cluster added\\): "
                                           "it needs a MINOR version"):
        check_bump("patch", _diff(added=["new-story"]), ())
    with pytest.raises(ReleaseError, match="the schema of documents changed\\): it needs a MAJOR version"):
        check_bump("minor", _diff(schema=["documents"]), ())
    check_bump("minor", _diff(added=["new-story"]), ())
    check_bump("major", _diff(schema=["documents"]), ())  # a bigger bump than needed is allowed


def test_a_split_move_must_be_declared_and_a_declared_move_must_happen() -> None:
    moved = _diff(moves={"story": ("test", "train")})
    with pytest.raises(ReleaseError, match="changed split without being declared: story \\(test -> train\\)"):
        check_bump("minor", moved, ())
    assert check_bump("minor", moved, ("story",)) == "minor"  # a split's membership changed
    with pytest.raises(ReleaseError, match="1 cluster moved to another split"):
        check_bump("patch", moved, ("story",))
    with pytest.raises(ReleaseError, match=r"declared as moved, but no cluster of that id changed split \(it is still in its split, or there is none\): other"):
        check_bump("minor", moved, ("story", "other"))


def test_the_ledger_keeps_first_versions_and_taken_down_clusters() -> None:
    ledger = {"a": Entry("test", "0.1.0"), "gone": Entry("train", "0.1.0")}
    after = updated_ledger(ledger, {"a": "test", "b": "train"}, "0.3.0")
    assert after == {"a": Entry("test", "0.1.0"), "gone": Entry("train", "0.1.0"), "b": Entry("train", "0.3.0")}
    assert parse_ledger(ledger_text(after), "splits.lock") == after


@pytest.mark.parametrize("line, fragment", [
    ('{"cluster_id": "a", "split": "dev", "since": "0.1.0"}', "splits.lock, record 'a', field 'split': line 1: 'dev'"),
    ('{"cluster_id": "a"}', "splits.lock: line 1: expected an object with cluster_id, split, since"),
    ("not json", "splits.lock: line 1: invalid JSON"),
    ('{"cluster_id": "a", "split": "test", "split": "train", "since": "0.1.0"}',
     "splits.lock: line 1: invalid JSON (duplicate key 'split'"),
    ('{"cluster_id": "a", "split": "test", "since": "0.1.0", "n": ' + "9" * 5000 + "}",
     "splits.lock: line 1: invalid JSON (a number of more than 4,300 digits"),
    ('{"cluster_id": "a", "split": "test", "since": "latest"}',
     "splits.lock, record 'a', field 'since': line 1: expected a version MAJOR.MINOR.PATCH"),
])
def test_a_broken_ledger_names_the_line(line: str, fragment: str) -> None:
    with pytest.raises(RawInputError, match=fragment.replace("(", r"\(")):
        parse_ledger(line + "\n", "splits.lock")


# Split stability: the property behind "v1.2.0 means the same bytes forever, and no test example moves".
IDS = st.lists(st.from_regex(r"[a-z]{1,6}-[0-9]{1,3}", fullmatch=True), min_size=1, max_size=25, unique=True)


def _pairs(ids: list[str], links: list[tuple[int, int]]) -> list[NearDuplicate]:
    pairs: list[NearDuplicate] = []
    if not ids:
        return pairs
    for i, j in links:
        a, b = sorted((ids[i % len(ids)], ids[j % len(ids)]))
        if a != b:
            pairs.append(NearDuplicate(f"{a}/000", f"{b}/000", 0.9, a, b))
    return pairs


LINKS = st.lists(st.tuples(st.integers(0, 99), st.integers(0, 99)), max_size=20)


@settings(max_examples=150)
@given(old=IDS, new=IDS, old_links=LINKS, new_links=LINKS, removed=st.sets(st.integers(0, 24), max_size=5))
def test_adding_or_removing_other_clusters_never_moves_a_published_cluster(
    old: list[str], new: list[str], old_links: list, new_links: list, removed: set[int]
) -> None:
    first = final_splits(old, {}, {}, _pairs(old, old_links))
    ledger = published_splits(updated_ledger({}, first, "1.0.0"))
    kept = [c for i, c in enumerate(old) if i not in removed]
    corpus = kept + [c for c in new if c not in old]
    second = final_splits(corpus, {}, ledger, _pairs(corpus, old_links + new_links))
    assert all(second[c] == first[c] for c in kept)


@settings(max_examples=100)
@given(ids=IDS, others=IDS)
def test_the_hash_split_of_a_cluster_depends_on_its_id_and_the_salt_alone(ids: list[str], others: list[str]) -> None:
    alone = final_splits(ids, {}, {}, [])
    together = final_splits(ids + [o for o in others if o not in ids], {}, {}, [])
    assert all(alone[c] == together[c] == hashed_split(c, SPLIT_SALT) for c in ids)


def test_the_salt_is_part_of_the_policy() -> None:
    ids = [f"story-{n}" for n in range(200)]
    moved = sum(hashed_split(c) != hashed_split(c, "another-salt") for c in ids)
    assert moved > 50  # a new salt reshuffles: it can only come with a new split policy, declared
    assert all(hashed_split(c) in SPLITS for c in ids)


def test_a_new_near_duplicate_joins_a_published_test_cluster() -> None:
    published, new = "story-a", "story-b"
    pair = [NearDuplicate(f"{new}/000", f"{published}/000", 0.9, new, published)]
    splits = final_splits([published, new], {}, {published: "test"}, pair)
    assert splits == {published: "test", new: "test"}


def test_releases_file_is_package_data() -> None:
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text("utf-8"))
    assert "releases.json" in pyproject["tool"]["setuptools"]["package-data"]["newsclusters"]


def test_a_diff_over_several_releases_takes_the_moves_each_of_them_declared() -> None:
    # 0.4.0 moved story-a on purpose and 0.4.1 only fixed a summary: `diff 0.3.0 0.4.1` called the move
    # undeclared, because only 0.4.1's declarations were read.
    history = (Release("0.3.0", "2026-01-01", "a"), Release("0.4.0", "2026-01-02", "b", ("story-a",)),
               Release("0.4.1", "2026-01-03", "c"), Release("0.5.0", "2026-01-04", "d", ("story-b",)))
    assert declared_between(history, "0.3.0", "0.4.1") == {"story-a"}
    assert declared_between(history, "0.4.1", "0.3.0") == {"story-a"}  # read backwards
    assert declared_between(history, "0.4.0", "0.4.1") == set()  # 0.4.0's own move is before the diff
    assert declared_between(history, "0.3.0", "0.5.0") == {"story-a", "story-b"}
    assert declared_between(history, None, "0.5.0") == {"story-b"}
