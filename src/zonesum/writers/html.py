"""A self-contained HTML page: zones side by side, Chinese | English, everything escaped."""
from __future__ import annotations

from functools import lru_cache

from ..result import PageResult, Result

# Nothing is loaded from anywhere: no scripts at all, styles inline only.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


@lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("zonesum", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    return env


def render_html(result: Result) -> str:
    return _template().get_template("brief.html.j2").render(r=result, csp=CSP, script=result.source.script)


def render_page_html(page: PageResult) -> str:
    return _template().get_template("page.html.j2").render(p=page, csp=CSP, script=page.source.script)
