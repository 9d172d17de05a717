"""Work over chunks of a stream in worker processes, results in input order: the research tools' only parallelism."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import TypeVar

from newsclusters.executor.engines import sigint_deferred, start_worker

T = TypeVar("T")
R = TypeVar("R")


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of `size` items (the last may be shorter), drawn lazily."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def map_chunks(fn: Callable[[list[T]], list[R]], chunks: Iterable[list[T]], workers: int | None) -> Iterator[R]:
    """`fn` over chunks, results flattened in chunk order whatever finishes first.

    With more than one worker the chunks run in spawned processes (as `LocalEngine` does), at most
    two per worker in flight, so a large split is streamed rather than held whole.
    """
    if not workers or workers <= 1:
        for chunk in chunks:
            yield from fn(chunk)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=start_worker) as pool:
        pending: deque[Future[list[R]]] = deque()
        for chunk in chunks:
            with sigint_deferred():  # a submit may start a worker
                pending.append(pool.submit(fn, chunk))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
