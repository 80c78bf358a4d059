"""``zonesum batch``: the command line over ``zonesum.batch.run_batch``, with a progress bar on stderr."""
from __future__ import annotations

import os
import threading
import time
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .common import configure, fail, state

_LISTED_FAILURES = 20  # the rest are in OUT/index.html
_PLAIN_EVERY = 15.0  # seconds between progress lines when stderr is not a terminal


class Engine(str, Enum):
    local = "local"
    ray = "ray"


def batch(
    inputs: List[str] = typer.Argument(..., help="Files, folders (searched recursively) or glob patterns.",
                                       show_default=False),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder: briefs, index.json and index.html."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1,
                                       help="Worker processes (Ray actors) (default: the number of cores)."),
    config: Optional[str] = typer.Option(None, "--config", "-c",
                                         help="Config name in configs/ or a YAML path (default: default)."),
    offline: bool = typer.Option(False, "--offline", help="Use no models: extractive summaries, no translation."),
    engine: Optional[Engine] = typer.Option(None, "--engine", help="local (a process pool) or ray "
                                            "(default: local; ray with --ray-address)."),
    patterns: List[str] = typer.Option(["*.txt"], "--glob", help="Which files to take from folders "
                                       "(case-insensitive; repeat for more, e.g. --glob '*.pdf')."),
    ray_address: Optional[str] = typer.Option(None, "--ray-address",
                                              help="An existing Ray cluster (e.g. auto or ray://host:10001)."),
    to_simplified: bool = typer.Option(False, "--to-simplified",
                                       help="Convert Traditional Chinese input to Simplified (OpenCC)."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks on errors."),
) -> None:
    """Many articles in, one brief each plus an index; resumable, parallel, safe to interrupt."""
    from ..batch.server import start_early

    state["debug"] = state["debug"] or debug
    if str(out) == "-":
        fail("batch writes many files: give a folder with -o", 2)
    chosen = (engine.value if engine else None) or ("ray" if ray_address else "local")
    if ray_address and chosen != "ray":
        fail("--ray-address needs --engine ray", 2)
    start_early(chosen, out)  # the workers' server loads the pipeline while the rest loads here
    from rich.console import Console

    from ..batch.driver import run_batch
    from ..batch.stopping import Stop
    from ..config import load_config

    cfg = configure(load_config(config), to_simplified=to_simplified)
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    stop = Stop(on_request=_say_stopping)
    report = run_batch(inputs, out, config=cfg, offline=offline, jobs=jobs, glob=patterns, engine=chosen,
                       ray_address=ray_address, progress=BatchProgress(console), stop=stop)
    _summarise(report, console)
    raise typer.Exit(report.exit_code)


def _say_stopping() -> None:
    """Told from the signal handler: a raw write, no locks (rich's could be held by the interrupted code)."""
    try:
        os.write(2, (b"\n" if os.isatty(2) else b"") + b"stopping: writing what is finished (Ctrl-C again to stop at once)\n")
    except OSError:
        pass


def _summarise(report, console) -> None:
    from rich.markup import escape

    c = report.counts
    total = len(report.entries)
    if report.interrupted:
        console.print(f"interrupted: {c['ok'] + c['failed'] + c['skipped']} of {total} inputs done "
                      f"({c['ok']} ok, {c['failed']} failed, {c['skipped']} up to date); "
                      "run the same command again to finish the rest")
    else:
        no_zone = sum(1 for e in report.entries if e.status != "failed" and not e.zones)
        console.print(f"batch: {total} inputs · {c['ok']} ok · {c['failed']} failed · {c['skipped']} up to date "
                      f"· {report.seconds:.1f} s ({report.pages_per_second:.1f} pages/s)"
                      + (f" · {no_zone} with no zone found" if no_zone else "")
                      + (" · Ctrl-C came after the last page" if report.stop_requested else ""))
    failures = report.failures
    for entry in failures[:_LISTED_FAILURES]:
        error = entry.error or "failed"
        console.print("[red]failed:[/] " + escape(error if entry.input in error else f"{entry.input}: {error}"))
    if len(failures) > _LISTED_FAILURES:
        console.print(f"… and {len(failures) - _LISTED_FAILURES} more failures")
    console.print(f"index: {escape(str(report.out / 'index.html'))}")


class BatchProgress:
    """A rich progress bar on a terminal; a line every few seconds otherwise (logs, CI)."""

    def __init__(self, console):
        self.console = console
        self.lock = threading.Lock()
        self.bar = None
        self.done = self.ok = self.failed = self.total = 0
        self.started = self.last_line = time.monotonic()

    def start(self, total: int, skipped: int) -> None:
        self.total, self.started = total, time.monotonic()
        if skipped:
            self.console.print(f"{skipped} inputs up to date (skipped)")
        if total and self.console.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("[bold]briefs"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("[green]{task.fields[ok]} ok[/] · [red]{task.fields[failed]} failed[/]"),
                                _rate_column(), TextColumn("ETA"), TimeRemainingColumn(),
                                console=self.console)
            self.task = self.bar.add_task("briefs", total=total, ok=0, failed=0)
            self.bar.start()

    def advance(self, entry) -> None:
        with self.lock:
            self.done += 1
            self.ok += entry.status == "ok"
            self.failed += entry.status == "failed"
            if self.bar is not None:
                self.bar.update(self.task, advance=1, ok=self.ok, failed=self.failed)
            elif time.monotonic() - self.last_line >= _PLAIN_EVERY:
                self.last_line = time.monotonic()
                rate = self.done / max(1e-9, self.last_line - self.started)
                eta = (self.total - self.done) / rate if rate else 0
                self.console.print(f"{self.done}/{self.total} done · {self.failed} failed · {rate:.1f} pages/s "
                                   f"· ETA {eta:.0f} s")

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _rate_column():
    """Pages per second over rich's sliding window (rich.progress loads only when a bar is shown)."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task):
            return Text(f"{task.speed:.1f} pages/s" if task.speed else "– pages/s")

    return RateColumn()

