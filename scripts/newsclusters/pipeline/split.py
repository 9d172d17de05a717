"""Stage 3, split: which split a cluster belongs to.

Splits are decided per cluster, never per document, so articles about one story never straddle
train and test. The assignment hashes the cluster id (order-free and stable across machines and
Python processes, and independent of every other cluster) unless cluster.json pins a split, or a
past release published the cluster (the split ledger, `ledger.py`): then it keeps that split.
"""

from __future__ import annotations

import hashlib

SPLITS = ("train", "validation", "test")
# The policy, defined once: (split, share of hash buckets in percent); the card quotes it.
SPLIT_POLICY: tuple[tuple[str, int], ...] = (("train", 80), ("validation", 10), ("test", 10))
SPLIT_SALT = "newsclusters-split-v1"


def hashed_split(cluster_id: str, salt: str = SPLIT_SALT) -> str:
    bucket = int.from_bytes(hashlib.sha256(f"{salt}:{cluster_id}".encode()).digest()[:8], "big") % 100
    for name, share in SPLIT_POLICY:
        if bucket < share:
            return name
        bucket -= share
    raise AssertionError("SPLIT_POLICY shares must add up to 100")


def split_of(cluster_id: str, pinned: str | None = None, published: str | None = None) -> str:
    """A pin in the cluster's metadata, else the split a past release published it in, else its hash."""
    if pinned is not None:
        return pinned
    return published if published is not None else hashed_split(cluster_id)
