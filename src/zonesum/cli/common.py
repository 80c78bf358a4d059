"""What every ``zonesum`` command shares: one ``error:`` line and its exit code, --debug, config options."""
from __future__ import annotations

import functools

import typer

from ..errors import ZonesumError

state = {"debug": False}  # --debug, from the main callback or a command's own flag

ConfigOpt = typer.Option(None, "--config", "-c", help="Config name in configs/ or a YAML path [default: default].")


def fail(message: str, code: int = 1) -> None:
    """Print one ``error:`` line on stderr and exit."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def guarded(func):
    """Turn library errors into one line (a traceback only with --debug)."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ZonesumError as exc:
            if state["debug"]:
                raise
            fail(exc.line(), exc.exit_code)
        except (typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt:
            typer.echo("error: interrupted (Ctrl-C); nothing half-written was left", err=True)
            raise typer.Exit(130)
        except Exception as exc:  # noqa: BLE001 - the last line of defence for users
            if state["debug"]:
                raise
            fail(f"unexpected {type(exc).__name__}: {exc} (rerun with --debug for the traceback)", 1)

    return wrapper


def configure(cfg, *, threads=None, device=None, to_simplified=False):
    """The config with the command line's --threads, --device and --to-simplified applied."""
    update = {k: v for k, v in (("threads", threads), ("device", device)) if v is not None}
    if to_simplified:
        update["to_simplified"] = True
    if device is not None and device not in ("auto", "cpu", "cuda", "mps"):
        fail(f"unknown device '{device}': choose auto, cpu, cuda or mps", 2)
    return cfg.model_copy(update=update) if update else cfg
