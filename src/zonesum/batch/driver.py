"""``zonesum batch`` as a library call: many pages in parallel, resumable, safe to kill.

The driver (this module) plans, hashes inputs, skips what is up to date and writes every file;
engines (``local_engine``, ``ray_engine``) only run ``PageWorker.process`` and hand back rendered
briefs. Writes go through a small thread pool so the disk's time overlaps with the workers' CPU work.
"""
from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Protocol, Sequence

from ..backends.engines import usable_cpus
from ..config import Config
from ..errors import OutputError, ZonesumError
from ..version import __version__
from .facts_csv import write_facts_csv
from .inputs import DEFAULT_GLOB, BatchUsageError, InputItem, expand_inputs
from .state import (IndexEntry, OutLock, Records, commit, counts, entry_from_record, file_sha256, finished,
                    now, sweep_temp_files, write_index)
from .server import start_early
from .stopping import Stop
from .worker import PageOutcome, PageTask, worker_threads

ENGINES = ("local", "ray")
_WRITER_THREADS = 8
_QUEUED_COMMITS = 64  # rendered briefs waiting for the disk, at most (bounds memory)
_FACTS_CSV_KEPT = 64 << 20  # characters of facts.csv rows kept from this run's outcomes; past it, read back


class BatchAborted(ZonesumError):
    """The batch cannot go on (no model to load, a full disk…); what was finished is kept."""

    def __init__(self, message: str, *, exit_code: int = 1, hint: str | None = None):
        super().__init__(message, hint=hint)
        self.exit_code = exit_code


class Progress(Protocol):
    """What the CLI's progress bar is told; ``advance`` is called from writer threads."""

    def start(self, total: int, skipped: int) -> None: ...

    def advance(self, entry: IndexEntry) -> None: ...

    def stop(self) -> None: ...


@dataclass
class BatchReport:
    out: Path
    entries: list[IndexEntry]
    seconds: float  # processing time (after planning)
    interrupted: bool  # pages were left undone
    index: list[Path]
    # Ctrl-C (or stop.request()) came, even if only once every page was done: the run still ends
    # with 130, as a shell loop around it expects of a command the user stopped
    stop_requested: bool = False

    @property
    def counts(self) -> dict[str, int]:
        return counts(self.entries)

    @property
    def processed(self) -> int:
        """Pages worked on in this run (ok or failed), as opposed to skipped or never reached."""
        c = self.counts
        return c["ok"] + c["failed"]

    @property
    def pages_per_second(self) -> float:
        return self.processed / self.seconds if self.seconds > 0 else 0.0

    @property
    def failures(self) -> list[IndexEntry]:
        return [e for e in self.entries if e.status == "failed"]

    @property
    def exit_code(self) -> int:
        if self.interrupted or self.stop_requested:
            return 130
        return 1 if self.counts["failed"] else 0


def run_batch(inputs: Sequence[str | os.PathLike], out_dir: str | os.PathLike, *, config: Config,
              offline: bool = False, jobs: Optional[int] = None, glob: str | Sequence[str] = DEFAULT_GLOB,
              engine: str = "local", ray_address: Optional[str] = None,
              progress: Optional[Progress] = None, stop: Optional[Stop] = None) -> BatchReport:
    """Brief every input into ``out_dir`` (three files each, plus ``index.json``/``index.html``).

    On the main thread, Ctrl-C (or ``stop.request()`` from anywhere) stops the run: pages in
    flight are dropped, the index is written and the report says ``interrupted``; a second
    Ctrl-C, or ``stop.grace`` seconds without having stopped, ends the process at once (exit 130).
    """
    out = Path(out_dir)
    if engine not in ENGINES:
        raise BatchUsageError(f"unknown engine '{engine}'", hint="choose local or ray")
    if jobs is not None and jobs < 1:
        raise BatchUsageError("--jobs must be at least 1")
    if engine == "ray":  # say so before touching OUT
        from .ray_engine import import_ray

        import_ray()
    if out.exists() and not out.is_dir():
        raise BatchUsageError(f"{out}: exists and is not a folder", hint="choose an output folder with -o")
    start_early(engine, out)  # for a library caller (the command line has started it already)
    items = expand_inputs(inputs, glob, exclude=out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {out}: {exc.strerror}", hint="choose a writable folder with -o") from exc
    # --offline changes every output, so it is part of what "up to date" means
    signature = (config.offline() if offline else config).signature()
    header = {"zonesum_version": __version__, "config": config.name, "config_signature": signature,
              "offline": offline, "engine": engine, "jobs": jobs or (None if ray_address else usable_cpus()),
              "glob": [glob] if isinstance(glob, str) else list(glob), "started": now(), "finished": None}
    stop = stop or Stop()
    try:
        with OutLock(out), stop.on_ctrl_c():
            sweep_temp_files(out)
            with Records(out) as records:
                run = _Run(records, items, header, progress)
                return run.execute(lambda n: _engine(engine, n, jobs, config, offline, ray_address), stop)
    finally:
        stop.close()


def _engine(engine: str, todo: int, jobs: Optional[int], config: Config, offline: bool,
            ray_address: Optional[str]):
    if engine == "ray":
        from .ray_engine import RayEngine

        return RayEngine(jobs=min(jobs, todo) if jobs else (None if ray_address else min(usable_cpus(), todo)),
                         config=config, offline=offline, address=ray_address)
    from .local_engine import LocalEngine

    workers = min(jobs or usable_cpus(), todo)  # no idle processes for a handful of pages
    return LocalEngine(jobs=workers, config=config, offline=offline, threads=worker_threads(config, workers))


def _hash(path: str) -> tuple[Optional[str], Optional[str]]:
    """The input's sha256, or None and why it cannot be read (FIFOs and devices are not pages)."""
    if not os.path.isfile(path):
        return None, f"{path}: not a regular file"
    try:
        return file_sha256(path), None
    except OSError as exc:
        return None, f"{path}: cannot be read ({exc.strerror or exc})"


class _Run:
    """One batch: the index rows, the writer threads and the periodic index."""

    def __init__(self, records: Records, items: list[InputItem], header: dict, progress: Optional[Progress]):
        self.records, self.out, self.items, self.header, self.progress = records, records.out, items, header, progress
        self.signature = header["config_signature"]
        self.entries: list[IndexEntry] = []
        self.lock = threading.Lock()
        self.slots = threading.BoundedSemaphore(_QUEUED_COMMITS)
        self.write_error: Optional[BaseException] = None
        self.last_index, self.index_every = 0.0, 2.0
        self.facts_csv: dict[int, str] = {}  # entry position -> the rows of its brief written in this run
        self.facts_csv_size = 0

    def plan(self, stop: Stop) -> list[PageTask]:
        """Hash every input; what has a current, complete brief is skipped."""
        todo: list[PageTask] = []
        for i, item in enumerate(self.items):
            entry = IndexEntry(input=item.path, status="pending", config_signature=self.signature)
            if stop.requested:  # stopped while hashing: the rest stay pending
                self.entries.append(entry)
                continue
            entry.sha256, entry.error = _hash(item.path)
            if entry.sha256 is None:
                entry.status = "failed"
                self.entries.append(entry)
                continue
            record = finished(self.records, item.stem, entry.sha256, self.signature)
            if record is not None:
                entry = entry_from_record(item.path, record)
            else:
                todo.append(PageTask(index=i, path=item.path, stem=item.stem, sha256=entry.sha256))
            self.entries.append(entry)
        return todo

    def execute(self, make_engine, stop: Stop) -> BatchReport:
        todo = self.plan(stop)
        if self.progress:
            self.progress.start(len(todo), sum(e.status == "skipped" for e in self.entries))
        started = time.perf_counter()
        try:
            if todo and not stop.requested:
                with ThreadPoolExecutor(_WRITER_THREADS, thread_name_prefix="zonesum-write") as writers, \
                        make_engine(len(todo)) as engine:
                    for task, outcome in engine.map_unordered(todo, stop):
                        if outcome.fatal_exit_code is not None:
                            raise BatchAborted(outcome.error or "a worker could not start",
                                               exit_code=outcome.fatal_exit_code)
                        if not self.last_index:  # the first index (all pending) before the first brief:
                            self.write_index()  # written while the workers work, not before they start
                        if not self._take_slot(stop):
                            break
                        writers.submit(self._commit, task, outcome)
                        self._raise_write_error()
                        self._maybe_write_index()
                    if stop.requested:
                        # Pages in flight and briefs still queued for the disk are dropped (they stay
                        # pending): stopping waits for no page and for at most the writes under way.
                        engine.close(abort=True)
                        writers.shutdown(wait=False, cancel_futures=True)
                self._raise_write_error()
        except BaseException:
            self._best_effort_index()
            raise
        finally:
            if self.progress:
                self.progress.stop()
        seconds = time.perf_counter() - started
        interrupted = stop.requested and any(e.status == "pending" for e in self.entries)
        if not interrupted:
            self.header["finished"] = now()
        index = self.write_index()
        # every brief's facts, rebuilt from the briefs (this run's from the rows their workers rendered)
        index.append(write_facts_csv(self.out, self.entries, self.facts_csv))
        return BatchReport(out=self.out, entries=list(self.entries), seconds=seconds, interrupted=interrupted,
                           index=index, stop_requested=stop.requested)

    def _commit(self, task: PageTask, outcome: PageOutcome) -> None:
        try:
            entry = commit(self.records, task, outcome, self.signature)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the driver's thread
            self.write_error = self.write_error or exc
            return
        finally:
            self.slots.release()
        with self.lock:
            self.entries[task.index] = entry
            rows = outcome.facts_csv
            if entry.status == "ok" and rows is not None and self.facts_csv_size + len(rows) <= _FACTS_CSV_KEPT:
                self.facts_csv[task.index] = rows
                self.facts_csv_size += len(rows)
        if self.progress:
            self.progress.advance(entry)

    def _take_slot(self, stop: Stop) -> bool:
        """A place in the write queue; False once a stop is requested while waiting for one."""
        while not self.slots.acquire(timeout=0.2):
            if stop.requested:
                return False
        return True

    def _raise_write_error(self) -> None:
        if self.write_error is not None:
            raise self.write_error

    def _maybe_write_index(self) -> None:
        """Rewrite the index now and then (it is O(inputs); the per-input records are the truth)."""
        if time.monotonic() - self.last_index >= self.index_every:
            self.write_index()

    def write_index(self) -> list[Path]:
        began = time.monotonic()
        with self.lock:
            entries = list(self.entries)
        paths = write_index(self.out, self.header, entries)
        self.last_index = time.monotonic()
        self.index_every = max(2.0, 20 * (self.last_index - began))  # never more than ~5% of the time
        return paths

    def _best_effort_index(self) -> None:
        try:
            self.write_index()
        except (ZonesumError, OSError):
            pass
