"""The ``zonesum`` command and its ``run`` and ``bench`` commands; ``batch``, ``eval`` and ``models``
are mounted from their own modules. Heavy imports happen inside commands."""
from __future__ import annotations

import gc
import os
import signal
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

import typer

from ..atomic import signal_handlers
from ..version import __version__
from .common import ConfigOpt, configure, fail, guarded, state

app = typer.Typer(
    name="zonesum",
    help="Bilingual briefs of Chinese newspaper reports on a city's functional zones.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
def _version(value: bool) -> None:
    if value:
        typer.echo(f"zonesum {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks on errors."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    state["debug"] = debug


@app.command()
@guarded
def run(
    article: Path = typer.Argument(..., help="The article: a text file (any common Chinese encoding) or a PDF page."),
    out: str = typer.Option("zonesum-out", "--out", "-o", help="Output folder, or - for standard output."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="json, md or html (default: all three into -o)."),
    config: Optional[str] = ConfigOpt,
    offline: bool = typer.Option(False, "--offline", help="Use no models: extractive summaries, no translation."),
    threads: Optional[int] = typer.Option(None, "--threads", min=1, help="Torch threads for the models."),
    device: Optional[str] = typer.Option(None, "--device", help="auto, cpu, cuda or mps."),
    to_simplified: bool = typer.Option(False, "--to-simplified", help="Convert Traditional Chinese input to Simplified (OpenCC)."),
    require_zones: bool = typer.Option(False, "--require-zones", help="Fail (exit 3, nothing written) when no "
                                       "zone is found, instead of writing a brief that says so."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks on errors."),
) -> None:
    """One article in, a bilingual brief out (JSON, Markdown and HTML)."""
    from .. import writers
    from ..config import load_config
    from ..pipeline import run_file

    state["debug"] = state["debug"] or debug
    if fmt is not None and fmt not in writers.FORMATS:
        fail(f"unknown format '{fmt}': choose json, md or html", 2)
    if out == "-" and fmt is None:
        fail("-o - writes one format to standard output: add --format json|md|html", 2)
    with _sigterm_ends_the_run(), _cyclic_gc_paused():
        cfg = configure(load_config(config), threads=threads, device=device, to_simplified=to_simplified)
        result = run_file(article, cfg, offline=offline, require_zones=require_zones)
        to_stdout = out == "-"
        _print_zones(result, err=to_stdout)
        if not result.zones:
            typer.echo(f"note: {article}: no zone found; the brief has the article's summary only "
                       "(--require-zones makes this an error)", err=True)
        if to_stdout:
            sys.stdout.write(writers.render(result, fmt))
            sys.stdout.flush()
            return
        paths = writers.write(result, out, stem=article.stem, formats=[fmt] if fmt else writers.FORMATS)
    typer.echo("wrote " + ", ".join(str(p) for p in paths), err=True)


class _Terminated(BaseException):
    """SIGTERM, raised wherever the run is (not an Exception: nothing may swallow it)."""


@contextmanager
def _sigterm_ends_the_run():
    """SIGTERM stops the run like an error: the atomic writer removes its temp files on the way
    out, one ``error:`` line is printed and the exit code is 143 (128 + SIGTERM)."""
    def terminate(signum, frame):
        raise _Terminated()

    with signal_handlers({signal.SIGTERM: terminate}):
        try:
            yield
        except _Terminated:
            fail("terminated by SIGTERM", 128 + signal.SIGTERM)


@contextmanager
def _cyclic_gc_paused():
    """One page's run builds its tables (zone lists, word classes, models) and is over: the cyclic
    collector's passes over them, a tenth of the run, free nothing. Reference counting still
    frees all else, and the collector is back on after the run (tests run commands in-process)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _print_zones(result, *, err: bool) -> None:
    from rich.console import Console

    from ..result import PageResult

    console = Console(stderr=err, soft_wrap=False)
    if isinstance(result, PageResult):
        for article in result.articles:
            _zone_table(console, article.result)
        for warning in result.warnings:
            console.print(f"warning: {warning}", highlight=False, markup=False)
    else:
        _zone_table(console, result)


def _zone_table(console, result) -> None:
    from rich.table import Table
    table = Table(title=f"{result.meta.title or '(untitled)'} — {len(result.zones)} zones", title_justify="left")
    table.add_column("zone", no_wrap=True, min_width=10)
    table.add_column("English", max_width=20, no_wrap=True, overflow="ellipsis")
    table.add_column("paras", justify="right", no_wrap=True, min_width=5)
    table.add_column("summary (zh)", overflow="ellipsis", max_width=22, no_wrap=True)
    for zone in result.zones:
        table.add_row(zone.name, zone.name_en or "—", str(len(zone.paragraphs)), zone.summary_zh or "")
    if result.zones:
        console.print(table)
    else:
        console.print(f"{result.meta.title or '(untitled)'} — no zone found", highlight=False, markup=False)
    from rich.markup import escape

    for warning in result.warnings:
        console.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False)


def _mount_batch() -> None:
    from .batch import batch

    app.command("batch")(guarded(batch))


def _mount_facts() -> None:
    from .facts import facts

    app.command("facts")(guarded(facts))


@app.command()
@guarded
def bench(
    quick: bool = typer.Option(False, "--quick", help="Translator only, first two zones, baseline vs default (<50 s)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object (progress goes to stderr)."),
    threads: Optional[int] = typer.Option(None, "--threads", min=1, help="Threads per path (default: the CPUs this process may use)."),
    memory: bool = typer.Option(False, "--memory", help="Also translate the example --pages times; report RSS."),
    pages: int = typer.Option(100, "--pages", min=1, help="Pages for --memory."),
) -> None:
    """Time translation (and summaries) against naive transformers, on random real-size models."""
    import json

    from ..bench.driver import run_bench, say_to_stderr
    from ..bench.report import render

    report = run_bench(quick=quick, threads=threads, memory=memory, pages=pages, say=say_to_stderr,
                       command=" ".join(["zonesum", *sys.argv[1:]]))
    typer.echo(json.dumps(report, ensure_ascii=False) if as_json else render(report))


def _mount_subapps() -> None:
    from .evaluate import app as eval_app

    app.add_typer(eval_app, name="eval", help="Score outputs against references and compare configs.")
    try:
        from .models import app as models_app
    except ImportError:  # pragma: no cover - ships with the seq2seq backends
        return
    app.add_typer(models_app, name="models", help="List, check and download the models configs use.")


_mount_batch()
_mount_facts()
_mount_subapps()


def main() -> None:
    """Run the command line. ``kill -USR1 <pid>`` prints every thread's stack to stderr (for a run
    that seems stuck; the test suite does it before giving up on a child)."""
    if hasattr(signal, "SIGUSR1"):
        import faulthandler

        faulthandler.register(signal.SIGUSR1, all_threads=True)
    signal.signal(signal.SIGINT, _ctrl_c)
    try:
        app()
    except KeyboardInterrupt:  # raised outside typer's own handling
        _say_interrupted()
        raise SystemExit(130) from None


_GUARDED = guarded(lambda: None).__code__  # the code of every guarded command's wrapper
_said: list[bool] = []


def _ctrl_c(signum, frame) -> None:
    """Ctrl-C raises KeyboardInterrupt as usual; outside a guarded command (typer parsing the
    command line, which loads pydantic, or an unguarded command) it is also said here, in one
    line, because typer turns it into a silent exit 130."""
    f = frame
    while f is not None and f.f_code is not _GUARDED:
        f = f.f_back
    if f is None:
        _say_interrupted()
    raise KeyboardInterrupt


def _say_interrupted() -> None:
    if not _said:
        _said.append(True)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not interrupt the goodbye
        os.write(2, b"error: interrupted (Ctrl-C)\n")


if __name__ == "__main__":
    main()
