"""Which pipeline an input file takes: the one place that knows both text articles and PDF pages."""
from __future__ import annotations

from pathlib import Path

from ..backends.factory import Backends
from ..config import Config
from ..result import PageResult, Result
from .article import run
from .page import run_pdf


def run_file(path: str | Path, config: Config | str | None = None, *, offline: bool = False,
             backends: Backends | None = None) -> Result | PageResult:
    """Any supported input: a text article gives a ``Result``, a PDF page a ``PageResult``."""
    if Path(path).suffix.lower() == ".pdf":
        return run_pdf(path, config, offline=offline, backends=backends)
    return run(path, config, offline=offline, backends=backends)
