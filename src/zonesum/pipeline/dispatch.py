"""Which pipeline an input file takes: the one place that knows both text articles and PDF pages."""
from __future__ import annotations

from pathlib import Path

from ..backends.factory import Backends
from ..config import Config
from ..errors import NO_ZONES_HINT, NoZonesError
from ..result import PageResult, Result
from .article import run
from .page import run_pdf


def run_file(path: str | Path, config: Config | str | None = None, *, offline: bool = False,
             backends: Backends | None = None, require_zones: bool = False) -> Result | PageResult:
    """Any supported input: a text article gives a ``Result``, a PDF page a ``PageResult``.

    ``require_zones``: a ``NoZonesError`` when no zone is found (on a PDF, in no article).
    """
    if Path(path).suffix.lower() != ".pdf":
        return run(path, config, offline=offline, backends=backends, require_zones=require_zones)
    page = run_pdf(path, config, offline=offline, backends=backends)
    if require_zones and not page.zones:
        raise NoZonesError(f"{path}: no zone found in any article of the page", hint=NO_ZONES_HINT)
    return page
