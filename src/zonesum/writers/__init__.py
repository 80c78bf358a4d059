"""Result -> JSON, Markdown and a self-contained HTML page, written atomically."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..atomic import write_text_atomic
from ..result import Result
from .html import render_html
from .markdown import render_markdown

FORMATS = ("json", "md", "html")


def render(result: Result, fmt: str) -> str:
    if fmt == "json":
        return result.to_json()
    if fmt == "md":
        return render_markdown(result)
    if fmt == "html":
        return render_html(result)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write(result: Result, out_dir: str | Path, stem: str | None = None,
          formats: Iterable[str] = FORMATS) -> list[Path]:
    """Write ``<stem>.json/.md/.html`` into ``out_dir``; the stem defaults to the input's name."""
    stem = stem or (Path(result.source.path).stem if result.source.path else "article")
    out_dir = Path(out_dir)
    return [write_text_atomic(out_dir / f"{stem}.{fmt}", render(result, fmt)) for fmt in formats]
