"""The fork server the local engine's workers are forked from.

Its own module, importing nothing of the pipeline, so that ``zonesum batch`` can start the server
before anything else: the server then loads the pipeline (``preload``) on another core while the
driver loads its config and plans the inputs, instead of after.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from contextlib import contextmanager
from multiprocessing import resource_tracker
from pathlib import Path
from typing import Iterator

STATE_DIR = ".zonesum"  # as batch.state has it: OUT of a batch that ran before


def exit_now() -> None:
    """Leave without the interpreter's teardown, which frees every loaded table one object at a
    time (0.4 s a worker; 40 ms the server, which holds the batch's output streams meanwhile): for
    the workers and the server, which write no file and leave nothing to clean up."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    os._exit(0)


def context():
    """The fork server with the pipeline preloaded where there is one, else spawn (Windows)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Once per process (the server is shared). Each worker would import the driver's main module
    # again (the `zonesum` script, and with it the CLI: a tenth of a second a worker): the server
    # imports it once instead, as the workers would ("__main__" for a script; by name for
    # `python -m`, except a package's __main__, which workers never import).
    main = getattr(sys.modules.get("__main__"), "__spec__", None)
    by_name = [main.name] if main is not None and not main.name.endswith("__main__") else []
    context.set_forkserver_preload([f"{__package__}.preload", "__main__", *by_name])
    return context


def start_early(engine: str, out: str | Path) -> None:
    """Start the server now when the batch will need it: the local engine, and an OUT no batch
    has run in (a resumed batch may have nothing left to do; it starts the server with its first
    worker). No-op where workers are spawned, or when the server is running already."""
    if engine != "local" or (Path(out) / STATE_DIR).is_dir():
        return
    chosen = context()
    if chosen.get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    with born_with_sigint_blocked():
        forkserver.ensure_running()


@contextmanager
def born_with_sigint_blocked() -> Iterator[None]:
    """Processes started inside are born with SIGINT blocked (the mask survives exec and fork),
    so a terminal's Ctrl-C never reaches one before it ignores SIGINT; blocked, not ignored, so
    that a Ctrl-C meant for the driver meanwhile waits instead of being lost. multiprocessing's
    resource tracker, started with the first process, unblocks SIGINT afterwards (CPython 3.11):
    it is started before the mask is set, not inside."""
    resource_tracker.ensure_running()
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks (and no terminal SIGINT to the group)
        yield
        return
    masked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, masked)
