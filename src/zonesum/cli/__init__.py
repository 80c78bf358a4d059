"""The ``zonesum`` command line: a thin layer over the library's public calls.

Owns: ``main`` (the app, ``run``, ``bench``), ``batch``, ``evaluate`` (``zonesum eval``),
``models`` and ``common`` (one error line, --debug, config options). May import every other
package; nothing imports it. Heavy libraries load inside the commands, so ``--help`` is instant.
"""
from __future__ import annotations

import sys

__all__ = ["app", "main"]


def main() -> None:
    """The console script. The command line loads inside it (typer, rich, the commands: most of
    the first second), so a Ctrl-C meanwhile is one line and exit 130, never a traceback."""
    try:
        from .main import main as run_command_line
    except KeyboardInterrupt:
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not interrupt the goodbye
        sys.stderr.write("error: interrupted (Ctrl-C)\n")
        raise SystemExit(130) from None
    run_command_line()


def __getattr__(name: str):
    if name == "app":  # loaded on first use, like the commands
        from .main import app

        return app
    raise AttributeError(f"module 'zonesum.cli' has no attribute {name!r}")
