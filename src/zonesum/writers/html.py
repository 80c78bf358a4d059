"""A self-contained HTML page: zones side by side, Chinese | English, everything escaped."""
from __future__ import annotations

from functools import lru_cache

from ..result import PageResult, Result

# Nothing is loaded from anywhere: no scripts at all, styles inline only.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def template(name: str):
    """A template of ``zonesum/writers/templates``, everything it prints escaped (compiled once per
    process: the templates ship with the package, so they are not checked for changes on each use)."""
    return _environment().get_template(name)


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    from .facts import change_chart, scoreboard

    environment = Environment(loader=PackageLoader("zonesum.writers", "templates"), auto_reload=False,
                              autoescape=select_autoescape(default=True, default_for_string=True),
                              bytecode_cache=_compiled_templates())
    environment.globals.update(board_of=scoreboard, chart_of=change_chart)  # facts views for the templates
    return environment


def render_html(result: Result) -> str:
    return template("brief.html.j2").render(r=result, csp=CSP, script=result.source.script)


def render_page_html(page: PageResult) -> str:
    return template("page.html.j2").render(p=page, csp=CSP, script=page.source.script)


def _compiled_templates():
    """The templates as compiled by an earlier run (compiling them is about 0.1 s of every start),
    in jinja2's private folder in the temp directory (created 0700, refused if anyone else owns
    it). Jinja2 checks each against its template's source hash and its own and Python's versions;
    the environment's settings (this module) are in the file names. A cache that cannot be read
    or written only means compiling again."""
    from hashlib import sha256
    from pathlib import Path

    from jinja2 import FileSystemBytecodeCache, __version__

    class CompiledTemplates(FileSystemBytecodeCache):
        def load_bytecode(self, bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:  # noqa: BLE001 - a damaged entry is a miss
                bucket.reset()

        def dump_bytecode(self, bucket) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:  # a full or read-only disk: compiled again next time
                pass

    try:
        settings = sha256(Path(__file__).read_bytes() + __version__.encode()).hexdigest()[:16]
        return CompiledTemplates(pattern=f"__zonesum_{settings}_%s.cache")
    except (OSError, RuntimeError):  # no private folder to be had
        return None
