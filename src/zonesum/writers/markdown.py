"""A bilingual brief a person can read: per zone, the Chinese summary and its English."""
from __future__ import annotations

import html

from ..result import PageResult, Result

_MISSING = "_(no translation model installed)_"


def _escape(text: str) -> str:
    # Article text must not turn into Markdown structure (headings, links, HTML).
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def render_markdown(result: Result) -> str:
    title = result.meta.title or "(untitled article)"
    lines = [f"# {_escape(title)}", ""]
    if result.title_en:
        lines += [f"*{_escape(result.title_en)}*", ""]
    if result.meta.byline:
        lines += [f"{_escape(result.meta.byline)}", ""]
    if result.summary_zh:
        lines += ["## 摘要 · Summary", "", _escape(result.summary_zh), ""]
    lines += [f"## 功能区 · Zones ({len(result.zones)})", ""]
    for zone in result.zones:
        name = _escape(zone.name) + (f" · {_escape(zone.name_en)}" if zone.name_en else "")
        lines += [f"### {name}", ""]
        lines += [f"- **中文摘要**: {_escape(zone.summary_zh or '')}",
                  f"- **English summary**: {_escape(zone.summary_en) if zone.summary_en else _MISSING}", ""]
        sections = list(dict.fromkeys(p.section or "导语" for p in zone.paragraphs))
        # An HTML block: Markdown escapes do not apply inside it, HTML escapes do.
        lines += [f"<details><summary>原文 · Source ({len(zone.paragraphs)} paragraphs: "
                  f"{html.escape(' / '.join(sections))})</summary>", ""]
        lines += [_escape(p.text) + "\n" for p in zone.paragraphs]
        if zone.translation_en:
            lines += ["**English translation**", "", _escape(zone.translation_en), ""]
        lines += ["</details>", ""]
    if result.warnings:
        lines += ["## Warnings", ""] + [f"- {_escape(w)}" for w in result.warnings] + [""]
    lines += [f"<sub>zonesum {_escape(result.run.zonesum_version)} · config {_escape(result.run.config)} "
              f"({_escape(result.run.config_signature)}) · summaries: {_escape(result.backends.summary_zh)} · "
              f"translation: {_escape(result.backends.translation_en or 'none')} · "
              f"source {_escape(result.source.encoding)}, sha256 {_escape(result.source.sha256[:12])}</sub>", ""]
    return "\n".join(lines)


def render_page_markdown(page: PageResult) -> str:
    furniture = " · ".join(x for x in (page.page.masthead, page.page.section, page.page.date,
                                       f"page {page.page.page_number}" if page.page.page_number else None) if x)
    parts = [f"<sub>{_escape(furniture or page.source.path or 'PDF page')} · {len(page.articles)} articles</sub>", ""]
    for article in page.articles:
        if article.note:
            parts += [f"> {_escape(article.note)}", ""]
        parts += [render_markdown(article.result).replace("\n# ", "\n# ", 1), "---", ""]
    return "\n".join(parts)
