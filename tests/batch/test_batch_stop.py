"""Stopping a batch: Ctrl-C at any moment, a second Ctrl-C, the deadline, and Ctrl-C during start-up."""
from __future__ import annotations

import random
import select
import signal
import subprocess
import sys
import threading
import time

import pytest
from test_batch import _assert_complete, _cli, _corpus, _stderr_or_stacks, _wait_for

from zonesum.batch import driver
from zonesum.batch.state import IndexEntry
from zonesum.batch.stopping import Stop
from zonesum.batch.worker import PageOutcome
from zonesum.config import load_config

from articles import EXAMPLE

STUCK = """
import os, signal, sys, threading, time
from zonesum.batch.stopping import Stop

stop = Stop(grace=float(sys.argv[1]))
with stop.on_ctrl_c():
    os.kill(os.getpid(), signal.SIGINT)
    if sys.argv[2] == "twice":
        time.sleep(0.2)
        os.kill(os.getpid(), signal.SIGINT)
    lock = threading.Lock()
    lock.acquire()
    lock.acquire()  # stuck for good, like a thread waiting for a lock nobody gives back
print("not reached")
"""


@pytest.mark.parametrize("grace, presses, why", [(1, "once", "still stopping 1 s after Ctrl-C"),
                                                 (60, "twice", "a second Ctrl-C")])
def test_stop_ends_a_stuck_process_at_the_deadline_or_on_a_second_ctrl_c(grace, presses, why):
    done = subprocess.run([sys.executable, "-c", STUCK, str(grace), presses], capture_output=True, text=True,
                          timeout=30)
    assert done.returncode == 130, done.stderr
    assert done.stderr.strip().splitlines() == [
        f"error: {why}: stopped at once; every input finished so far is kept "
        "(run the same command again to finish the rest)"]
    assert "not reached" not in done.stdout


class EndlessEngine:
    """Stands in for the worker pool: finished pages as fast as it can, until the stop; a Ctrl-C
    is sent to the main thread a random moment after it starts."""

    def __init__(self, todo: int):
        self.todo = todo

    def __enter__(self):
        main = threading.main_thread().ident
        self.timer = threading.Timer(random.uniform(0.0, 0.05), signal.pthread_kill, (main, signal.SIGINT))
        self.timer.start()
        return self

    def __exit__(self, *exc):
        self.timer.join()

    def close(self, *, abort: bool = False) -> None:
        pass

    def map_unordered(self, tasks, stop):
        for task in tasks:
            if stop.requested:
                return
            yield task, PageOutcome(status="ok")
        select.select([stop.fileno()], [], [], 10)  # only the stop ends this engine


def slow_commit(out, task, outcome, signature):
    """A writer's work, holding the GIL a while (as hashing and JSON do)."""
    sum(i * i for i in range(2000))
    return IndexEntry(input=task.path, status="ok", config_signature=signature)


@pytest.mark.timeout(60)
def test_batch_ctrl_c_at_any_moment_never_hangs(tmp_path, monkeypatch):
    """Ctrl-C used to raise KeyboardInterrupt wherever the driver was, once inside
    Condition.__enter__ after its lock was taken: the writers then waited for that lock for ever
    and the driver for them. A tiny GIL switch interval makes such interleavings common."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(300):
        (folder / f"p{i:03d}.txt").write_text(f"{i}\n", encoding="utf-8")
    monkeypatch.setattr(driver, "commit", slow_commit)
    monkeypatch.setattr(driver, "_engine", lambda engine, todo, *args: EndlessEngine(todo))
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        for run in range(15):
            report = driver.run_batch([str(folder)], tmp_path / f"out{run}", config=load_config("offline"),
                                      offline=True, jobs=1)
            assert report.interrupted and report.exit_code == 130
            assert report.counts["pending"] > 0 and report.counts["ok"] + report.counts["pending"] == 300
    finally:
        sys.setswitchinterval(interval)


class StopAfterTheLastPage:
    """A progress bar whose user presses Ctrl-C just as the last page is counted."""

    def __init__(self, stop: Stop):
        self.stop_ = stop

    def start(self, total: int, skipped: int) -> None:
        self.left = total - skipped

    def advance(self, entry: IndexEntry) -> None:
        self.left -= 1
        if not self.left:
            self.stop_.request()

    def stop(self) -> None:
        pass


def test_batch_stopped_after_its_last_page_is_complete_and_exits_130(tmp_path):
    """A script around ``zonesum batch`` must learn that the user stopped it (exit 130) even when
    the stop came too late to leave anything undone; the batch itself is then complete."""
    folder, out = tmp_path / "in", tmp_path / "out"
    _corpus(folder, 3)
    stop = Stop()
    report = driver.run_batch([str(folder)], out, config=load_config("offline"), offline=True, jobs=1,
                              progress=StopAfterTheLastPage(stop), stop=stop)
    assert not report.interrupted and report.exit_code == 130
    _assert_complete(out, 3)


@pytest.mark.parametrize("delay", [0.1, 0.25, 0.5])
def test_batch_ctrl_c_during_start_up_is_one_line(tmp_path, delay):
    """The command line takes most of a second to load; a Ctrl-C then is one line and exit 130.
    (The child says when Python itself is up: a Ctrl-C before that is Python's own business.)
    Whenever the Ctrl-C lands (loading, running, or after the last page) the exit is 130; the
    pages are enough that the run cannot have ended before it."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(40):
        (folder / f"p{i:02d}.txt").write_bytes(EXAMPLE.read_bytes())
    # Ctrl-C as from a terminal: a parent that ignores SIGINT (a background job, nohup) passes
    # that on to its children, and Python keeps it ignored.
    up = ("import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
          "print('up', flush=True); from zonesum.cli import main; main()")
    proc = subprocess.Popen([sys.executable, "-c", up, "batch", str(folder), "-o", str(tmp_path / "out"),
                             "-c", "offline"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "up\n"
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    stderr = proc.communicate(timeout=60)[1]
    assert proc.returncode == 130 and "Traceback" not in stderr, stderr
    if "stopping: " not in stderr:  # stopped before the batch was running
        lines = stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: interrupted"), stderr


def test_batch_second_ctrl_c_stops_at_once_and_the_next_run_finishes(tmp_path):
    folder, out, n = tmp_path / "in", tmp_path / "out", 200
    _corpus(folder, n)
    args = _cli(str(folder), "-o", str(out), "-c", "offline", "--jobs", "1")
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _wait_for(lambda: any(out.glob("page*.json")) or proc.poll() is not None)
    proc.send_signal(signal.SIGINT)
    proc.send_signal(signal.SIGINT)
    stderr = _stderr_or_stacks(proc, 30)
    assert proc.returncode == 130 and "Traceback" not in stderr, stderr
    assert "stopped at once" in stderr or "interrupted:" in stderr  # the second press may come after the stop
    rerun = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    _assert_complete(out, n)
