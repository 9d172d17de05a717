"""Work over chunks of a stream in worker processes, results in input order: the research tools' only parallelism."""

from __future__ import annotations

import contextlib
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import TypeVar

from newsclusters.executor.engines import sigint_deferred, start_worker

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Pool:
    """Worker processes lent to every `map_chunks` of one piece of work.

    Starting them costs about 2 s (a spawned interpreter imports the research modules): the card,
    which maps statistics over each split and baselines over two, paid that five times at 100k.
    """

    executor: ProcessPoolExecutor
    workers: int


Workers = int | Pool | None  # a count (a pool of its own, or none for 0 or 1), or a pool already open


@contextlib.contextmanager
def worker_pool(workers: int | None) -> Iterator[Pool | None]:
    """A pool of `workers` spawned processes for the block (None for one worker or fewer: work in this one).

    The processes start at the first task, so a block that lends the pool to no task starts none.
    """
    if not workers or workers <= 1:
        yield None
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=start_worker) as executor:
        yield Pool(executor, workers)


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of `size` items (the last may be shorter), drawn lazily."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def map_chunks(fn: Callable[[list[T]], list[R]], chunks: Iterable[list[T]], workers: Workers) -> Iterator[R]:
    """`fn` over chunks, results flattened in chunk order whatever finishes first.

    With more than one worker the chunks run in spawned processes (as `LocalEngine` does), at most
    two per worker in flight, so a large split is streamed rather than held whole. A `Pool` is used
    and left open; a count opens a pool for this map alone.
    """
    if isinstance(workers, Pool):
        yield from _in_pool(fn, chunks, workers)
        return
    with worker_pool(workers) as pool:
        if pool is None:
            for chunk in chunks:
                yield from fn(chunk)
        else:
            yield from _in_pool(fn, chunks, pool)


def _in_pool(fn: Callable[[list[T]], list[R]], chunks: Iterable[list[T]], pool: Pool) -> Iterator[R]:
    pending: deque[Future[list[R]]] = deque()
    for chunk in chunks:
        with sigint_deferred():  # a submit may start a worker
            pending.append(pool.executor.submit(fn, chunk))
        if len(pending) >= 2 * pool.workers:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()
