"""Result -> JSON, Markdown and a self-contained HTML page, written atomically.

Owns: ``markdown``, ``html`` and the jinja2 ``templates`` beside them. May import only
``result`` and ``atomic``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..atomic import write_texts_atomic
from ..result import PageResult, Result
from .html import render_html, render_page_html
from .markdown import render_markdown, render_page_markdown

FORMATS = ("json", "md", "html")


def render(result: Result | PageResult, fmt: str) -> str:
    """One format of an article's brief, or of a PDF page's briefs."""
    page = isinstance(result, PageResult)
    if fmt == "json":
        return result.to_json()
    if fmt == "md":
        return render_page_markdown(result) if page else render_markdown(result)
    if fmt == "html":
        return render_page_html(result) if page else render_html(result)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write(result: Result | PageResult, out_dir: str | Path, stem: str | None = None,
          formats: Iterable[str] = FORMATS) -> list[Path]:
    """Write ``<stem>.json/.md/.html`` into ``out_dir``; the stem defaults to the input's name."""
    stem = stem or (Path(result.source.path).stem if result.source.path else "article")
    out_dir = Path(out_dir)
    # Every format is rendered before any is written, and written all or none.
    return write_texts_atomic({out_dir / f"{stem}.{fmt}": render(result, fmt) for fmt in formats})
