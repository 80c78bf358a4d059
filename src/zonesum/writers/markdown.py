"""A bilingual brief a person can read: per zone, the Chinese summary and its English."""
from __future__ import annotations

import html
import re

from ..result import PageResult, Result, ZoneOut
from .facts import change_chart, scoreboard

_MISSING = "_(no translation model installed)_"
_MARKDOWN = "\\`*_[]<>#|"
_HAS_MARKDOWN = re.compile(f"[{re.escape(_MARKDOWN)}]")
_LINE_END = re.compile(r"\r\n?|\n")  # Markdown's line endings


def _escape(text: str) -> str:
    # Article text must not turn into Markdown structure (headings, links, HTML).
    if not _HAS_MARKDOWN.search(text):
        return text  # most text has none of these: one scan instead of ten
    for ch in _MARKDOWN:
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
        if zone.name_en and zone.name_en_source in ("rule", "model"):
            name += f" <sub>(English name {'by rule' if zone.name_en_source == 'rule' else 'by the model'})</sub>"
        lines += [f"### {name}", ""]
        lines += [f"- **中文摘要**: {_escape(zone.summary_zh or '')}",
                  f"- **English summary**: {_escape(zone.summary_en) if zone.summary_en else _MISSING}", ""]
        lines += _facts_table(zone)
        sections = list(dict.fromkeys(p.section or "导语" for p in zone.paragraphs))
        # An HTML block: Markdown escapes do not apply inside it, HTML escapes do; and it must stay
        # one line (a blank line would end the block, and Markdown would read what follows).
        lines += [f"<details><summary>原文 · Source ({len(zone.paragraphs)} paragraphs: "
                  f"{html.escape(_one_line(' / '.join(sections)))})</summary>", ""]
        lines += [_escape(p.text) + "\n" for p in zone.paragraphs]
        if zone.translation_en:
            lines += ["**English translation**", "", _escape(zone.translation_en), ""]
        lines += ["</details>", ""]
    lines += _scoreboard(result) + _changes(result)
    if result.warnings:
        lines += ["## Warnings", ""] + [f"- {_escape(w)}" for w in result.warnings] + [""]
    lines += [f"<sub>zonesum {_escape(result.run.zonesum_version)} · config {_escape(result.run.config)} "
              f"({_escape(result.run.config_signature)}) · summaries: {_escape(result.backends.summary_zh)} · "
              f"translation: {_escape(result.backends.translation_en or 'none')} · "
              f"source {_escape(result.source.encoding)}, sha256 {_escape(result.source.sha256[:12])}</sub>", ""]
    return "\n".join(lines)


def _row(cells) -> str:
    """A table row: one line, whatever its cells hold."""
    return "| " + " | ".join(_escape(_one_line(str(c))) if c not in (None, "") else "—" for c in cells) + " |"


def _one_line(text: str) -> str:
    return _LINE_END.sub(" ", text)


def _facts_table(zone: ZoneOut) -> list[str]:
    """The zone's figures, Chinese and English side by side (English by rule, not translated)."""
    if not zone.facts:
        return []
    lines = [f"**数据 · Figures** ({len(zone.facts)}; extracted from the source by rule, not a translation)", "",
             "| 指标 | Indicator | 数值 · Value | 变化 · Change | 时期 · Period | 类型 · Kind | 原文 · Source |",
             "|---|---|--:|--:|---|---|---|"]
    for f in zone.facts:
        period = f"{f.period} · {f.period_en}" if f.period else ""
        lines.append(_row([f.indicator_zh, f.indicator_en, f.value_en, f.change_en, period,
                           "目标 · target" if f.kind == "target" else "实绩 · actual", f.text]))
    return lines + [""]


def _scoreboard(result: Result) -> list[str]:
    board = scoreboard(result)
    if board is None:
        return []
    head = ["功能区 · Zone", *(f"{c.indicator_zh} · {c.label_en}" for c in board.columns)]
    lines = ["## 擂台 · Scoreboard", "", "Indicators two or more zones report, side by side.", "",
             _row(head), "|" + "---|" * len(head)]
    for row in board.rows:
        cells = ["; ".join(" · ".join(x for x in (f.value_en, f.change_en) if x) for f in cell) for cell in row.cells]
        lines.append(_row([f"{row.zone} · {row.zone_en}" if row.zone_en else row.zone, *cells]))
    return lines + [""]


def _changes(result: Result) -> list[str]:
    chart = change_chart(result)
    if chart is None:
        return []
    lines = ["## 增速 · Changes", "", "| 功能区 · Zone | Indicator | 变化 · Change |", "|---|---|--:|"]
    for bar in chart.bars:
        zone, _, indicator = bar.label_en.partition(": ")
        lines.append(_row([zone, indicator, bar.text]))
    return lines + [""]


def render_page_markdown(page: PageResult) -> str:
    furniture = " · ".join(x for x in (page.page.masthead, page.page.section, page.page.date,
                                       f"page {page.page.page_number}" if page.page.page_number else None) if x)
    parts = [f"<sub>{_escape(furniture or page.source.path or 'PDF page')} · {len(page.articles)} articles</sub>", ""]
    for article in page.articles:
        if article.note:
            parts += [f"> {_escape(article.note)}", ""]
        parts += [render_markdown(article.result).replace("\n# ", "\n# ", 1), "---", ""]
    return "\n".join(parts)
