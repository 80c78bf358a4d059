"""The local engine: a process pool with one ``PageWorker`` (models loaded once) per process.

A worker that dies (out of memory, a crash in native code) breaks the whole pool in
``concurrent.futures``; the pages it was running are then retried one at a time in a fresh
pool, so the page that kills a worker is the only one marked failed.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, Optional

from .batch_worker import PageOutcome, PageTask, PageWorker
from .config import Config
from .errors import ZonesumError

WORKER_DIED = "the worker process died while processing this input (out of memory or a crash)"
_MAX_BREAKS_IN_A_ROW = 10  # workers that die on every page: stop rather than fail them all slowly

_worker: Optional[PageWorker] = None
_parent: Optional[int] = None


def _init_worker(config: Config, offline: bool, threads: int) -> None:
    global _worker, _parent
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's to handle
    _parent = os.getppid()
    threading.Thread(target=_exit_with_parent, daemon=True, name="zonesum-orphan-watch").start()
    _worker = PageWorker(config, offline, threads)


def _exit_with_parent() -> None:
    """A killed driver leaves its workers blocked on a queue they hold both ends of: end them."""
    while os.getppid() == _parent:
        time.sleep(1.0)
    os._exit(0)


def process_in_worker(task: PageTask) -> PageOutcome:
    """The function the pool runs (module level, so it pickles by name)."""
    if _parent is not None and os.getppid() != _parent:  # the driver was killed: do no more work
        os._exit(0)
    assert _worker is not None, "worker not initialised"
    return _worker.process(task)


class WorkersKeepDying(ZonesumError):
    """Every fresh pool broke at once: something is wrong with the workers, not with a page."""


class LocalEngine:
    """``map_unordered`` over a process pool; ``close`` stops the workers at once."""

    name = "local"

    def __init__(self, *, jobs: int, config: Config, offline: bool, threads: int,
                 work: Callable[[PageTask], PageOutcome] = process_in_worker):
        self.jobs, self.work = jobs, work
        self._init_args = (config, offline, threads)
        self._pool: Optional[ProcessPoolExecutor] = None

    def __enter__(self) -> "LocalEngine":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(abort=exc_type is not None)

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn: workers start clean (no inherited locks, threads or OUT lock), on every OS alike
        return ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init_worker, initargs=self._init_args)

    def map_unordered(self, tasks: Iterable[PageTask]) -> Iterator[tuple[PageTask, PageOutcome]]:
        pending, suspects = deque(tasks), deque()
        inflight: dict[Future, PageTask] = {}
        isolated: set[int] = set()  # task indexes run alone after a pool broke
        breaks_in_a_row = 0
        self._pool = self._new_pool()
        while pending or suspects or inflight:
            with _sigint_ignored():  # processes spawned here must not inherit the terminal's Ctrl-C
                if suspects:
                    if not inflight:
                        task = suspects.popleft()
                        isolated.add(task.index)
                        inflight[self._pool.submit(self.work, task)] = task
                else:
                    while pending and len(inflight) < 2 * self.jobs:  # keep every worker fed
                        task = pending.popleft()
                        inflight[self._pool.submit(self.work, task)] = task
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            broke = False
            for future in done:
                task = inflight.pop(future)
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    broke = True
                    if task.index in isolated:
                        yield task, PageOutcome.failed(f"{task.path}: {WORKER_DIED}")
                    else:
                        suspects.append(task)
                    continue
                breaks_in_a_row = 0
                yield task, outcome
            if broke:
                breaks_in_a_row += 1
                if breaks_in_a_row >= _MAX_BREAKS_IN_A_ROW:
                    raise WorkersKeepDying("worker processes die as soon as they start",
                                           hint="rerun with --jobs 1 --debug, or check free memory")
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new_pool()

    def close(self, *, abort: bool = False) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if not abort:
            pool.shutdown(wait=True)
            return
        processes = list(getattr(pool, "_processes", {}).values())  # no public way to stop running work
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=5)


@contextmanager
def _sigint_ignored():
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
