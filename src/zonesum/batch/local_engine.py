"""The local engine: worker processes, each holding one ``PageWorker`` (models loaded once).

Written on ``multiprocessing`` rather than ``concurrent.futures.ProcessPoolExecutor`` because
the executor cannot do two things a batch needs (CPython 3.11, measured):
- say which page killed a worker: a dead worker breaks the whole pool and fails every page in it;
- stop at once on Ctrl-C: terminating its workers can leave its manager thread blocked on half a
  result message, and the interpreter then hangs at exit joining that thread.
Here each worker has its own pipe and runs one page at a time, so a death is pinned on exactly
one page, and stopping is terminate + close with no helper thread left to wait for. Each worker
is handed its next page before it finishes the one in hand, so it never waits for the driver to
read a brief and answer (the pages come back in the order handed out: a death is still pinned
on the first page it holds, and the one behind it goes back in the queue).

Workers are forked from ``multiprocessing``'s fork server where the OS has one (POSIX), else
spawned. The fork server is a fresh process (started with exec, like a spawned worker: no
inherited locks, threads or OUT lock) that imports the pipeline and builds its tables once
(``preload``); each worker forked from it starts at once instead of spending about a second
of CPU building the same tables again.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Callable, Iterable, Iterator, Optional

from ..config import Config
from ..errors import ZonesumError
from .server import born_with_sigint_blocked, context, exit_now
from .stopping import Stop
from .worker import PageOutcome, PageTask, PageWorker

WORKER_DIED = "the worker process died while processing this input (out of memory or a crash)"
_MAX_DEATHS_IN_A_ROW = 10  # workers that die on every page: stop rather than fail them all slowly
_IN_FLIGHT = 2  # pages handed to a worker at once: the one it works on and the next

_worker: Optional[PageWorker] = None


def _init_worker(config: Config, offline: bool, threads: int) -> None:
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's to handle
    threading.Thread(target=_exit_with_driver, daemon=True, name="zonesum-orphan-watch").start()
    _worker = PageWorker(config, offline, threads)


def _exit_with_driver() -> None:
    """A killed driver must not leave workers computing pages nobody will write. The driver is
    the process that started the worker (a forked worker's parent is the fork server, which
    outlives it): its end of the start-up pipe closes when it dies."""
    multiprocessing.parent_process().join()
    os._exit(0)


def process_in_worker(task: PageTask) -> PageOutcome:
    """The default work function (module level, so it pickles by name)."""
    assert _worker is not None, "worker not initialised"
    return _worker.process(task)


def _serve(conn: Connection, init_args: tuple, work: Callable[[PageTask], PageOutcome],
           environ: dict[str, str]) -> None:
    """A worker process: pages in, outcomes out, until the driver sends None or goes away."""
    # The driver's environment as it is now, as a spawned worker would have it: a forked one
    # has the fork server's, which is that of the process's first batch.
    os.environ.clear()
    os.environ.update(environ)
    _init_worker(*init_args)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            exit_now()
        if task is None:
            exit_now()
        conn.send(work(task))


class WorkersKeepDying(ZonesumError):
    """Fresh workers die on page after page: something is wrong with the workers, not with a page."""


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    tasks: deque = field(default_factory=deque)  # pages handed to it, in order: it works on the first

    def tell_to_stop(self, *, at_once: bool) -> None:
        if at_once:
            self.process.terminate()
        else:
            try:
                self.conn.send(None)
            except OSError:  # already gone
                pass

    def wait_stopped(self, *, at_once: bool) -> None:
        self.process.join(timeout=2 if at_once else 60)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()

    def stop(self, *, at_once: bool) -> None:
        self.tell_to_stop(at_once=at_once)
        self.wait_stopped(at_once=at_once)


class LocalEngine:
    """``map_unordered`` over ``jobs`` worker processes; ``close`` stops them."""

    def __init__(self, *, jobs: int, config: Config, offline: bool, threads: int,
                 work: Callable[[PageTask], PageOutcome] = process_in_worker):
        self.jobs, self.work = jobs, work
        self._init_args = (config, offline, threads)
        self._workers: list[_Worker] = []
        self._context = context()

    def __enter__(self) -> "LocalEngine":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(abort=exc_type is not None)

    def _start_worker(self) -> _Worker:
        ours, theirs = self._context.Pipe()
        args = (theirs, self._init_args, self.work, dict(os.environ))
        process = self._context.Process(target=_serve, args=args, name="zonesum-worker", daemon=True)
        # Born with SIGINT blocked (a forked worker has the fork server's mask, which is started
        # here too, or by ``server.start_early``, the same way) until _init_worker ignores it.
        with born_with_sigint_blocked():
            process.start()
        theirs.close()  # the worker's end: closed here, so its death reads as EOF
        worker = _Worker(process, ours)
        self._workers.append(worker)
        return worker

    def _replace(self, dead: _Worker) -> None:
        self._workers.remove(dead)
        dead.stop(at_once=True)
        self._start_worker()

    def map_unordered(self, tasks: Iterable[PageTask],
                      stop: Optional[Stop] = None) -> Iterator[tuple[PageTask, PageOutcome]]:
        """Outcomes as workers finish them; returns early, with pages in flight, once ``stop`` is requested."""
        pending = deque(tasks)
        for _ in range(min(self.jobs, len(pending))):
            self._start_worker()
        deaths_in_a_row = 0

        def hand_out() -> None:
            nonlocal deaths_in_a_row
            for _ in range(_IN_FLIGHT):  # a page to each worker in turn, then a second one each
                for worker in list(self._workers):
                    if not pending or len(worker.tasks) >= _IN_FLIGHT:
                        continue
                    task = pending.popleft()
                    try:
                        worker.conn.send(task)
                    except OSError:  # it died (the OOM killer picks any process): not this page's fault
                        pending.appendleft(task)
                        if not worker.tasks:  # idle: nothing of its own to fail, so it is replaced here
                            self._replace(worker)
                            deaths_in_a_row = self._count_death(deaths_in_a_row)
                        continue  # else its death reads as EOF below, where its page fails
                    worker.tasks.append(task)

        while pending or any(w.tasks for w in self._workers):
            if stop is not None and stop.requested:
                return
            hand_out()
            busy = [w for w in self._workers if w.tasks]
            woken_by = [stop.fileno()] if stop is not None else []
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy] + woken_by))
            for worker in busy:
                if worker.conn not in ready and worker.process.sentinel not in ready:
                    continue
                task = worker.tasks.popleft()
                try:
                    outcome = worker.conn.recv()  # a worker that died mid-message reads as EOF
                except (EOFError, OSError):
                    outcome = PageOutcome.failed(f"{task.path}: {WORKER_DIED}")
                    pending.extendleft(reversed(worker.tasks))  # never started: back to the front
                    worker.tasks.clear()
                    self._replace(worker)
                    deaths_in_a_row = self._count_death(deaths_in_a_row)
                else:
                    deaths_in_a_row = 0
                # Its next page before this one is handed on: whatever the caller does with an
                # outcome, the worker is not kept waiting for it.
                if stop is None or not stop.requested:
                    hand_out()
                yield task, outcome

    @staticmethod
    def _count_death(deaths_in_a_row: int) -> int:
        deaths_in_a_row += 1
        if deaths_in_a_row >= _MAX_DEATHS_IN_A_ROW:
            raise WorkersKeepDying(f"{deaths_in_a_row} worker processes died in a row",
                                   hint="rerun with --jobs 1 --debug, or check free memory")
        return deaths_in_a_row

    def close(self, *, abort: bool = False) -> None:
        """Stop every worker: at once when aborting (their pages are lost), else after their last page."""
        workers, self._workers = self._workers, []
        for worker in workers:  # all told first, so they stop together
            worker.tell_to_stop(at_once=abort)
        for worker in workers:
            worker.wait_stopped(at_once=abort)
