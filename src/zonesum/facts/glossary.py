"""The facts glossary (``data/glossary.yaml``): indicators, units and periods with their English."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from ..config import load_yaml

GLOSSARY_PATH = Path(__file__).parent / "data" / "glossary.yaml"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
# month ranges (1至9月, 1—3月), a single month (3月份), a year (2023年): read by rule, not listed
_MONTH_RANGE = re.compile(r"(1[0-2]|[1-9])\s*(?:至|到|-|—|–|~|～)\s*(1[0-2]|[1-9])月(?:份)?")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年(?:以来|全年|上半年|下半年)?")


@dataclass(frozen=True)
class Glossary:
    indicators: tuple[tuple[str, str], ...]  # (zh form, en), longest form first
    units: tuple[tuple[str, Optional[str]], ...]  # (measure word, en or None), longest first
    periods: tuple[tuple[str, str], ...]  # (as written, en), longest first
    indicator_pattern: re.Pattern
    period_pattern: re.Pattern
    unit_pattern: re.Pattern
    indicator_map: dict[str, str]
    unit_map: dict[str, Optional[str]]
    period_map: dict[str, str]

    def indicator_en(self, zh: str) -> Optional[str]:
        return self.indicator_map.get(zh)

    def unit_at(self, text: str, pos: int) -> Optional[tuple[str, Optional[str]]]:
        """The unit written at ``text[pos:]`` (longest match), or None."""
        match = self.unit_pattern.match(text, pos)
        return (match.group(), self.unit_map[match.group()]) if match else None

    def last_period(self, text: str) -> tuple[Optional[str], Optional[str]]:
        """The last period named in ``text`` (as written, English), or (None, None)."""
        last = None
        for last in self.period_pattern.finditer(text):
            pass  # matches do not overlap: the last one ends last (only its English is needed)
        return (last.group(), self._period_en(last)) if last is not None else (None, None)

    def _period_en(self, match: re.Match) -> str:
        written = match.group()
        if (months := _MONTH_RANGE.fullmatch(written)) is not None:
            return f"{_MONTHS[int(months[1]) - 1]}–{_MONTHS[int(months[2]) - 1]}"
        if (year := _YEAR.fullmatch(written)) is not None:
            rest = written[len(year[1]) + 1:]
            return year[1] + {"": "", "以来": " to date", "全年": " full year", "上半年": " first half",
                              "下半年": " second half"}[rest]
        return self.period_map[written]


@lru_cache(maxsize=4)
def load_glossary(path: Path = GLOSSARY_PATH) -> Glossary:
    data = load_yaml(path.read_text(encoding="utf-8"))
    indicators = sorted(((form, entry["en"]) for entry in data["indicators"] for form in entry["zh"]),
                        key=lambda pair: -len(pair[0]))
    units = sorted(data["units"].items(), key=lambda pair: -len(pair[0]))
    periods = sorted(data["periods"].items(), key=lambda pair: -len(pair[0]))
    words = "|".join(re.escape(zh) for zh, _ in indicators)
    period_words = "|".join(re.escape(zh) for zh, _ in periods)
    # what a period starts with, said first (a digit, or a listed period's first character): the
    # scan then skips every other character three times as fast
    period_starts = "".join(sorted({re.escape(zh[0]) for zh, _ in periods})) + r"\d"
    period_pattern = f"(?=[{period_starts}])(?:{_MONTH_RANGE.pattern}|{_YEAR.pattern}|{period_words})"
    return Glossary(indicators=tuple(indicators), units=tuple(units), periods=tuple(periods),
                    indicator_pattern=re.compile(words), period_pattern=re.compile(period_pattern),
                    unit_pattern=re.compile("|".join(re.escape(word) for word, _ in units)),
                    indicator_map=dict(indicators), unit_map=dict(units), period_map=dict(periods))
