"""``zonesum models``: which models are known or configured, where they are, and pulling them."""
from __future__ import annotations

from typing import Optional

import typer

from ..errors import ZonesumError
from .common import fail

app = typer.Typer(help="List the seq2seq models and download them.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)


@app.command("list")
def list_models() -> None:
    """Each known and configured model: task, size, licence, and whether it is on disk."""
    from rich.console import Console
    from rich.table import Table

    from ..backends import registry
    from ..config import models_dir

    try:
        statuses = registry.list_models()
    except ZonesumError as exc:
        fail(exc.line(), exc.exit_code)
    table = Table(title=f"models (local folder: {models_dir()})", title_justify="left")
    for column in ("name", "task", "size", "licence", "present", "where", "configs"):
        table.add_column(column, overflow="fold")
    for status in statuses:
        card = status.card
        table.add_row(status.name, card.task if card else "?", card.size_on_disk if card else "?",
                      card.licence.split(" (")[0] if card else "?", "yes" if status.present else "no",
                      str(status.path) if status.present else "-", ", ".join(status.configs) or "-")
    Console().print(table)
    if not all(status.present for status in statuses):
        typer.echo("download a missing model with: zonesum models pull NAME")


@app.command("pull")
def pull(name: str = typer.Argument(..., help="A model name from `zonesum models list`, or a hub id (owner/name)."),
         revision: Optional[str] = typer.Option(None, "--revision", help="Branch, tag or commit to download.")) -> None:
    """Download a model from the Hugging Face hub into the local models folder."""
    from ..backends import registry

    try:
        path = registry.pull(name, revision=revision)
    except ZonesumError as exc:
        fail(exc.line(), exc.exit_code)
    typer.echo(f"pulled {name} into {path}")
