"""Work over chunks of a stream in worker processes, results in input order: the research tools' only parallelism."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import TypeVar

from newsclusters.executor.engines import sigint_deferred, start_worker

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Pool:
    """Worker processes kept for several `map_chunks` calls: see `worker_pool`."""

    executor: ProcessPoolExecutor
    workers: int


Workers = int | Pool | None  # how `map_chunks` runs: in this process (None, 0, 1), a pool of its own, or a kept one


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of `size` items (the last may be shorter), drawn lazily."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@contextmanager
def worker_pool(workers: int | None) -> Iterator[Pool | None]:
    """`workers` spawned processes (as `LocalEngine` starts them) for every `map_chunks` call inside.

    A worker takes seconds of CPU to start (importing nltk alone is 1.7 s), which the card paid for
    each split it described or scored; one pool pays it once, and its workers keep their memos
    (stems, punkt's verdicts) from split to split. None for one worker. The processes start with the
    first task, so a pool no call uses costs nothing.
    """
    if not workers or workers <= 1:
        yield None
        return
    with _executor(workers) as executor:
        yield Pool(executor, workers)


def _executor(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=start_worker)


def map_chunks(fn: Callable[[list[T]], list[R]], chunks: Iterable[list[T]], workers: Workers) -> Iterator[R]:
    """`fn` over chunks, results flattened in chunk order whatever finishes first.

    With more than one worker (or a `Pool`) the chunks run in spawned processes, at most two per
    worker in flight, so a large split is streamed rather than held whole.
    """
    if isinstance(workers, Pool):
        yield from _in_pool(fn, chunks, workers)
        return
    if not workers or workers <= 1:
        for chunk in chunks:
            yield from fn(chunk)
        return
    with _executor(workers) as executor:
        yield from _in_pool(fn, chunks, Pool(executor, workers))


def _in_pool(fn: Callable[[list[T]], list[R]], chunks: Iterable[list[T]], pool: Pool) -> Iterator[R]:
    pending: deque[Future[list[R]]] = deque()
    for chunk in chunks:
        with sigint_deferred():  # a submit may start a worker
            pending.append(pool.executor.submit(fn, chunk))
        if len(pending) >= 2 * pool.workers:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()
