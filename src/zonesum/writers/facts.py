"""Views of the zones' facts that every writer shares: table rows (CSV/JSON), the cross-zone
scoreboard and the chart of changes. Pure functions of a ``Result``; no formatting of text here
beyond what the facts already carry in English."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Iterable, Optional

from ..result import FactOut, PageResult, Result, ZoneOut, plain_number

# one row per fact: where it is, the zone, then every field of the fact
ROW_FIELDS = ("input", "article", "date", "zone", "zone_en", "zone_en_source", "indicator_zh", "indicator_en",
              "value", "value_max", "unit", "unit_en", "qualifier", "change_pct", "change_pct_max", "period",
              "period_en", "kind", "text", "paragraph", "start", "end", "statement_en")
# counted things too general to compare across zones ("3 projects" of one zone and "40" of
# another are different projects)
_GENERIC = frozenset({"项目", "企业", "案例"})
MIN_ZONES_FOR_CHART = 3
# the fact's own fields among ROW_FIELDS (every field of FactOut is in its JSON)
_FACT_FIELDS = tuple(key for key in ROW_FIELDS if key in FactOut.model_fields)
_NUMBERS = frozenset({"value", "value_max"})  # written by their JSON form (plain_number): 5452e8 as 545200000000


def fact_rows(result: Result | PageResult | dict, input_name: Optional[str] = None) -> list[dict]:
    """Every fact of an article's brief (or of each article on a PDF page), one flat row each.
    Takes the result or its JSON as a dict (a batch reads back thousands of briefs: no validation);
    both give the same rows."""
    if isinstance(result, PageResult):
        return [row for article in result.articles
                for row in _result_rows(article.result, input_name or result.source.path,
                                        article.title or article.result.meta.title, result.page.date)]
    if isinstance(result, Result):
        return _result_rows(result, input_name or result.source.path, result.meta.title, None)
    data = result
    source = (data.get("source") or {}).get("path")
    if data.get("kind") == "page":
        date = (data.get("page") or {}).get("date")
        return [row for article in data.get("articles", [])
                for row in _article_rows(article["result"], input_name or source,
                                         article.get("title") or (article["result"].get("meta") or {}).get("title"),
                                         date)]
    return _article_rows(data, input_name or source, (data.get("meta") or {}).get("title"), None)


def _article_rows(data: dict, input_name: Optional[str], title: Optional[str], date: Optional[str]) -> list[dict]:
    rows = []
    for zone in data.get("zones", []):
        for fact in zone.get("facts", []):
            rows.append({"input": input_name, "article": title, "date": date, "zone": zone.get("name"),
                         "zone_en": zone.get("name_en"), "zone_en_source": zone.get("name_en_source"),
                         **{key: fact.get(key) for key in ROW_FIELDS if key in fact}})
    return rows


def _result_rows(result: Result, input_name: Optional[str], title: Optional[str], date: Optional[str]) -> list[dict]:
    """``_article_rows`` read from the records themselves (no JSON round trip)."""
    rows = []
    for zone in result.zones:
        where = {"input": input_name, "article": title, "date": date, "zone": zone.name, "zone_en": zone.name_en,
                 "zone_en_source": zone.name_en_source}
        for fact in zone.facts:
            row = dict(where)
            for key in _FACT_FIELDS:
                value = getattr(fact, key)
                row[key] = plain_number(value) if key in _NUMBERS else value
            rows.append(row)
    return rows


def render_facts_csv(rows: Iterable[dict], *, header: bool = True) -> str:
    """CSV with a header row; empty cells for nulls; UTF-8 text (spreadsheets read it as such).
    Without the header, for rows to be joined to others (each row is a line of its own)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")  # writes None, like a missing key, as an empty cell
    if header:
        writer.writerow(ROW_FIELDS)
    writer.writerows([row.get(key) for key in ROW_FIELDS] for row in rows)
    return buffer.getvalue()


def render_facts_json(rows: Iterable[dict]) -> str:
    return json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n"


# --- the scoreboard (擂台): zones x the indicators two or more zones report ---------------------

@dataclass(frozen=True)
class BoardColumn:
    indicator_zh: str
    indicator_en: Optional[str]
    unit: Optional[str]
    kind: str

    @property
    def label_en(self) -> str:
        what = self.indicator_en or f"“{self.indicator_zh}”"
        what = what[:1].upper() + what[1:]
        unit = f", {self.unit}" if self.unit and self.unit not in ("%",) and self.unit.isascii() else ""
        return f"{what}{unit}" + (" (target)" if self.kind == "target" else "")


@dataclass
class BoardRow:
    zone: str
    zone_en: Optional[str]
    cells: list[list[FactOut]] = field(default_factory=list)  # per column: the zone's facts for it
    ascending: list[int] = field(default_factory=list)  # per column: this row's place when sorted
    descending: list[int] = field(default_factory=list)


@dataclass
class Scoreboard:
    columns: list[BoardColumn]
    rows: list[BoardRow]


def scoreboard(result: Result) -> Optional[Scoreboard]:
    """The indicators (with a glossary name) that two or more zones report, side by side; None
    when there are none. A zone's facts for one indicator share its cell; the first one sorts."""
    by_key: dict[BoardColumn, dict[str, list[FactOut]]] = {}
    for zone in result.zones:
        for fact in zone.facts:
            if not fact.indicator_en or fact.indicator_zh in _GENERIC:
                continue
            key = BoardColumn(fact.indicator_zh or "", fact.indicator_en, fact.unit if fact.value is not None else None,
                              fact.kind)
            by_key.setdefault(key, {}).setdefault(zone.name, []).append(fact)
    columns = sorted((key for key, zones in by_key.items() if len(zones) >= 2),
                     key=lambda key: key.kind != "actual")  # actual figures first, stable otherwise
    if not columns:
        return None
    rows = [BoardRow(zone.name, zone.name_en, [by_key[c].get(zone.name, []) for c in columns])
            for zone in result.zones if any(by_key[c].get(zone.name) for c in columns)]
    for j in range(len(columns)):
        keyed = [(i, _sort_value(row.cells[j])) for i, row in enumerate(rows)]
        present = [(i, v) for i, v in keyed if v is not None]
        missing = [i for i, v in keyed if v is None]
        ascending = [i for i, _ in sorted(present, key=lambda p: p[1])] + missing  # missing last both ways
        descending = [i for i, _ in sorted(present, key=lambda p: -p[1])] + missing
        for place, i in enumerate(ascending):
            rows[i].ascending.append(place)
        for place, i in enumerate(descending):
            rows[i].descending.append(place)
    return Scoreboard(columns, rows)


def _sort_value(facts: list[FactOut]) -> Optional[float]:
    if not facts:
        return None
    first = facts[0]
    return first.value if first.value is not None else first.change_pct


# --- the chart of changes ----------------------------------------------------------------------

@dataclass(frozen=True)
class Bar:
    label_zh: str
    label_en: str
    change: float
    text: str  # "+10.19%"
    x: float  # geometry in SVG user units
    width: float
    y: float


@dataclass(frozen=True)
class ChangeChart:
    bars: list[Bar]
    width: int
    height: int
    zero_x: float
    label_width: int
    bar_height: int


def change_chart(result: Result, *, width: int = 720, label_width: int = 300, bar_height: int = 18) -> Optional[ChangeChart]:
    """Bars of every stated change (actual figures), when at least three zones state one."""
    entries = [(zone, fact) for zone in result.zones for fact in zone.facts
               if fact.change_pct is not None and fact.kind == "actual"]
    if len({zone.name for zone, _ in entries}) < MIN_ZONES_FOR_CHART:
        return None
    entries.sort(key=lambda entry: -(entry[1].change_pct or 0.0))
    low = min(0.0, *(fact.change_pct for _, fact in entries))
    high = max(0.0, *(fact.change_pct for _, fact in entries))
    span = (high - low) or 1.0
    plot = width - label_width - 70  # room for the value after the bar
    zero_x = label_width + plot * (-low / span)
    bars = []
    for i, (zone, fact) in enumerate(entries):
        length = plot * abs(fact.change_pct) / span
        x = zero_x if fact.change_pct >= 0 else zero_x - length
        indicator_en = fact.indicator_en or fact.indicator_zh or ""
        bars.append(Bar(label_zh=f"{zone.name} · {indicator_en}", label_en=f"{zone.name_en or zone.name}: "
                        f"{indicator_en}", change=fact.change_pct, text=fact.change_en, x=round(x, 1),
                        width=round(max(length, 1.0), 1), y=8 + i * (bar_height + 8)))
    height = 16 + len(bars) * (bar_height + 8)
    return ChangeChart(bars, width, height, round(zero_x, 1), label_width, bar_height)


def zones_with_facts(result: Result) -> list[ZoneOut]:
    return [zone for zone in result.zones if zone.facts]
