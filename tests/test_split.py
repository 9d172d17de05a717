from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from newsclusters.pipeline.split import SPLIT_POLICY, SPLITS, hashed_split, split_of


@given(st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True))
def test_split_is_a_pure_function_of_the_cluster_id(cluster_id: str) -> None:
    assert hashed_split(cluster_id) == hashed_split(cluster_id) in SPLITS


def test_shares_follow_the_policy() -> None:
    counts = Counter(hashed_split(f"story-{i}") for i in range(20_000))
    for name, share in SPLIT_POLICY:
        assert abs(counts[name] / 20_000 - share / 100) < 0.01, name


def test_known_assignment_is_stable_across_releases() -> None:
    # Changing the hash or salt would move clusters between splits and leak test data into train.
    assert [hashed_split(f"story-{i}") for i in range(6)] == [
        "validation", "train", "train", "train", "validation", "train"
    ]
    assert hashed_split("balenciaga-campaign-apology-2022") == "train"


def test_pin_overrides_the_hash() -> None:
    assert split_of("balenciaga-campaign-apology-2022", "test") == "test"
    assert split_of("balenciaga-campaign-apology-2022", None) == "train"
