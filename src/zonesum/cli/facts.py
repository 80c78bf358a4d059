"""``zonesum facts FILE``: every figure of an article's zones as CSV or JSON rows, with no model."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .common import ConfigOpt, configure, state


class FactsFormat(str, Enum):
    csv = "csv"
    json = "json"


def facts(
    article: Path = typer.Argument(..., help="The article: a text file (any common Chinese encoding) or a PDF page."),
    fmt: FactsFormat = typer.Option(FactsFormat.csv, "--format", "-f", help="csv or json."),
    out: str = typer.Option("-", "--out", "-o", help="Output file, or - for standard output."),
    config: Optional[str] = ConfigOpt,
    to_simplified: bool = typer.Option(False, "--to-simplified", help="Convert Traditional Chinese input to Simplified (OpenCC)."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks on errors."),
) -> None:
    """Each zone's figures (value, unit, change, period, actual or target) as rows; no model is used."""
    from ..atomic import write_text_atomic
    from ..config import load_config
    from ..pipeline import run_file
    from ..writers.facts import fact_rows, render_facts_csv, render_facts_json

    state["debug"] = state["debug"] or debug
    cfg = configure(load_config(config), to_simplified=to_simplified)
    result = run_file(article, cfg, offline=True)  # facts and English names need no model
    rows = fact_rows(result, input_name=str(article))
    text = render_facts_csv(rows) if fmt is FactsFormat.csv else render_facts_json(rows)
    if out == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_text_atomic(Path(out), text)
    typer.echo(f"wrote {out} ({len(rows)} facts)", err=True)
