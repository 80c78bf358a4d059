"""``OUT/facts.csv``: every fact of every finished brief, one row each, in input order.

Rebuilt at the end of each run from the per-input JSON briefs (the files a finished record
vouches for), never appended to, so a resumed or re-run batch writes the same file as one
uninterrupted run.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from ..atomic import write_text_atomic
from ..writers.facts import fact_rows, render_facts_csv
from .state import IndexEntry

FACTS_CSV = "facts.csv"


def write_facts_csv(out: Path, entries: Iterable[IndexEntry]) -> Path:
    rows: list[dict] = []
    for entry in entries:
        if entry.status not in ("ok", "skipped"):
            continue
        brief = next((o for o in entry.outputs if o.endswith(".json")), None)
        if brief is None:
            continue
        try:
            data = json.loads((out / brief).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # a brief that vanished or is damaged: its page is redone by the next run
        if isinstance(data, dict):
            rows.extend(fact_rows(data, input_name=entry.input))
    path, text = out / FACTS_CSV, render_facts_csv(rows)
    try:
        if path.read_text(encoding="utf-8") == text:
            return path  # unchanged: an up-to-date batch leaves every file as it was
    except OSError:
        pass
    return write_text_atomic(path, text)
