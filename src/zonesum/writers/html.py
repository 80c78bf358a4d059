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
                              autoescape=select_autoescape(default=True, default_for_string=True))
    environment.globals.update(board_of=scoreboard, chart_of=change_chart)  # facts views for the templates
    return environment


def render_html(result: Result) -> str:
    return template("brief.html.j2").render(r=result, csp=CSP, script=result.source.script)


def render_page_html(page: PageResult) -> str:
    return template("page.html.j2").render(p=page, csp=CSP, script=page.source.script)
