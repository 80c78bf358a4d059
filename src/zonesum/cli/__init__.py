"""The ``zonesum`` command line: a thin layer over the library's public calls.

Owns: ``main`` (the app, ``run``, ``bench``), ``batch``, ``evaluate`` (``zonesum eval``),
``models`` and ``common`` (one error line, --debug, config options). May import every other
package; nothing imports it. Heavy libraries load inside the commands, so ``--help`` is instant.
"""
from __future__ import annotations

import gc
import sys

__all__ = ["app", "main"]


def main() -> None:
    """The console script. The command line loads inside it (typer, rich, the commands: most of
    the first second), so a Ctrl-C meanwhile is one line and exit 130, never a traceback."""
    try:
        _start_workers_server(sys.argv[1:])
        from .main import main as run_command_line
    except KeyboardInterrupt:
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not interrupt the goodbye
        sys.stderr.write("error: interrupted (Ctrl-C)\n")
        raise SystemExit(130) from None
    try:
        run_command_line()
    finally:
        # The process ends here: the interpreter's last full collection would walk every table
        # loaded (a twentieth of a run) to free nothing. Frozen, they are left to the OS.
        gc.freeze()


def _start_workers_server(args: list[str]) -> None:
    """``zonesum batch`` on the local engine: start its workers' fork server before typer and the
    commands load (a quarter of a second), so that the server loads the pipeline on another core
    meanwhile. Read from the raw arguments; a wrong guess (a usage error that typer reports next)
    only starts a server that ends with this process. ``batch`` starts it too, where this did not."""
    if args[:1] != ["batch"] or "--help" in args:
        return
    out = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg.startswith("--ray-address"):
            return
        if arg.startswith("--engine"):  # any engine but local (Ray, a misspelling) is left to `batch`
            engine = arg.removeprefix("--engine=") if "=" in arg else (args[i + 1] if i + 1 < len(args) else "")
            if engine != "local":
                return
        if arg in ("-o", "--out") and i + 1 < len(args):
            out = args[i + 1]
        elif arg.startswith("--out="):
            out = arg.removeprefix("--out=")
        elif arg.startswith("-o") and not arg.startswith("--"):
            out = arg[2:]
    if out:
        from ..batch.server import start_early

        start_early("local", out)


def __getattr__(name: str):
    if name == "app":  # loaded on first use, like the commands
        from .main import app

        return app
    raise AttributeError(f"module 'zonesum.cli' has no attribute {name!r}")
