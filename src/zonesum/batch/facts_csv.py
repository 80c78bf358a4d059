"""``OUT/facts.csv``: every fact of every finished brief, one row each, in input order.

Rebuilt at the end of each run from the per-input JSON briefs (the files a finished record
vouches for), never appended to, so a resumed or re-run batch writes the same file as one
uninterrupted run. The briefs written in this run come with their rows already rendered (by
the worker, from the same result): only the skipped ones are read back.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Mapping, Optional

from ..atomic import write_text_atomic
from ..writers.facts import fact_rows, render_facts_csv
from .state import IndexEntry

FACTS_CSV = "facts.csv"


def write_facts_csv(out: Path, entries: Iterable[IndexEntry], rendered: Optional[Mapping[int, str]] = None) -> Path:
    """``rendered``: entry position -> its rows as CSV lines, for the briefs written in this run."""
    rendered = rendered or {}
    parts = [render_facts_csv([])]  # the header
    for i, entry in enumerate(entries):
        if entry.status not in ("ok", "skipped"):
            continue
        if entry.status == "ok" and i in rendered:
            parts.append(rendered[i])
            continue
        brief = next((o for o in entry.outputs if o.endswith(".json")), None)
        if brief is None:
            continue
        try:
            data = json.loads((out / brief).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # a brief that vanished or is damaged: its page is redone by the next run
        if isinstance(data, dict):
            parts.append(render_facts_csv(fact_rows(data, input_name=entry.input), header=False))
    path, text = out / FACTS_CSV, "".join(parts)
    try:
        if path.read_text(encoding="utf-8") == text:
            return path  # unchanged: an up-to-date batch leaves every file as it was
    except OSError:
        pass
    return write_text_atomic(path, text)
