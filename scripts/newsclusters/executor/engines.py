"""Where the parallel work runs: this machine's cores, or a Dask cluster.

Both engines run the same two task functions over the same inputs and return results in input
order, so outputs are identical whichever engine or how many workers ran them. An engine knows
nothing about news or Parquet: it maps a picklable function over a list.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol, TypeVar

from newsclusters.errors import NewsclustersError

T = TypeVar("T")
R = TypeVar("R")
Done = Callable[[Any], None]  # called with each result as it arrives (progress)


class Engine(Protocol):
    def map(self, fn: Callable[[T], R], items: Sequence[T], done: Done | None = None) -> list[R]: ...

    def rest(self) -> None:
        """The map stages are over for now: give back what idle workers hold (a later `map` may follow)."""

    def close(self) -> None: ...


def start_worker() -> None:
    """A worker process's initializer: it dies with its parent, and exits quietly on Ctrl-C.

    The terminal sends SIGINT to every process of the command: the parent says once that it was
    interrupted (`cli.main`); a worker printing its own KeyboardInterrupt traceback would only bury that.
    """
    die_with_parent()
    signal.signal(signal.SIGINT, lambda signum, _frame: os._exit(128 + signum))
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # started blocked (`sigint_deferred`)


@contextlib.contextmanager
def sigint_deferred() -> Iterator[None]:
    """SIGINT blocked in this thread while it starts processes: they start with it blocked (a signal mask is
    inherited and kept across exec), and a press meanwhile reaches this process when the block ends.

    A pool's worker still starting when Ctrl-C came printed a traceback from multiprocessing's bootstrap;
    `start_worker` unblocks it once its quiet exit is in place.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """SIGINT ignored while a local Dask cluster starts, so its processes start ignoring it (Python keeps an
    inherited SIG_IGN) and print no KeyboardInterrupt traceback each; the command answers Ctrl-C and its
    `close` ends them. Unlike `sigint_deferred`, whose blocked mask a nanny's thread would not pass on to
    the worker it starts, a press during the cluster's start (about half a second) is lost."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def _environment(variables: dict[str, str]) -> Iterator[None]:
    """`variables` set in os.environ while processes start (they read them at start), then as they were."""
    before = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def die_with_parent() -> None:
    """Linux: have the kernel kill this worker if the build process dies (even by SIGKILL), so a
    killed build leaves no orphans behind. Elsewhere workers exit when they next find no parent."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except OSError:
            pass
    if os.getppid() == 1:  # the parent died before the line above ran
        os._exit(1)


class LocalEngine:
    """Worker processes on this machine; with one worker, everything runs in this process."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn: children start clean (no threads or locks copied from this process), and they are
            # its direct children, so they can be told to die with it.
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=start_worker)
        return self._pool

    def map(self, fn: Callable[[T], R], items: Sequence[T], done: Done | None = None) -> list[R]:
        if self.workers == 1 or len(items) <= 1:
            results = []
            for item in items:
                results.append(fn(item))
                if done:
                    done(results[-1])
            return results
        pool = self._executor()
        with sigint_deferred():  # a submit starts the workers not yet started
            futures: dict[Future[R], int] = {pool.submit(fn, item): i for i, item in enumerate(items)}
        ordered: list[Any] = [None] * len(items)
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                try:
                    ordered[futures[future]] = future.result()
                except BrokenProcessPool as err:
                    self.close()
                    raise NewsclustersError(
                        "a worker process died (killed, or out of memory); nothing was published"
                    ) from err
                if done:
                    done(ordered[futures[future]])
        return ordered

    def rest(self) -> None:
        """Stop the worker processes (each holds a few hundred MB after the build's stages); a later
        `map` starts new ones. The card's research tools run their own pool: without this, both
        pools would be alive at once."""
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)  # interrupted: the tasks not started yet are not run
            self._pool = None


# A local cluster's workers are the command's own: a task's error reaches the command through its future,
# and what they would log besides (a heartbeat to a scheduler closing after Ctrl-C) is a traceback for nobody.
QUIET_WORKERS = {"DASK_LOGGING__DISTRIBUTED": "critical"}


class DaskEngine:
    """Plain Dask futures (`client.map`) calling the package's own task functions.

    With an address it joins a running scheduler; without one it starts a local cluster of
    `workers` processes (as the tests do). Every worker must see the raw and output folders at the
    same paths (a shared file system), since tasks read and write files there.
    """

    def __init__(self, address: str | None = None, workers: int | None = None) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as err:
            raise NewsclustersError(
                "the Dask engine needs the optional extra: pip install 'newsclusters[dask]'"
            ) from err
        self._cluster = None
        if address:
            self.client = Client(address)
        else:
            with _sigint_ignored(), _environment(QUIET_WORKERS):  # the cluster's processes start with both
                self._cluster = LocalCluster(
                    n_workers=max(1, workers or os.cpu_count() or 1), threads_per_worker=1,
                    processes=True, dashboard_address=None,
                )
            self.client = Client(self._cluster)

    def map(self, fn: Callable[[T], R], items: Sequence[T], done: Done | None = None) -> list[R]:
        from dask.distributed import as_completed

        futures = self.client.map(fn, list(items), pure=False)
        if done:
            for future in as_completed(futures):
                done(future.result())
        return self.client.gather(futures)

    def rest(self) -> None:
        """Nothing to give back here: the cluster's workers may serve other clients, and their memory is the cluster's."""

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
