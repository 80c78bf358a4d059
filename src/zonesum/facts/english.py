"""A fact as one line of English, built from its fields (an extracted figure, not a translation)."""
from __future__ import annotations

from typing import Optional

from ..types import Fact

QUALIFIERS_EN = {"more_than": "more than", "at_least": "at least", "at_most": "at most",
                 "less_than": "less than", "about": "about", "nearly": "nearly"}
_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def format_number_en(value: float) -> str:
    """545200000000 -> "545.2 billion", 4000 -> "4,000", 10.19 -> "10.19"."""
    for scale, word in _SCALES:
        if abs(value) >= scale:
            return f"{_trim(value / scale)} {word}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return _trim(value)


def format_value_en(value: Optional[float], unit_en: Optional[str], qualifier: Optional[str] = None,
                    value_max: Optional[float] = None) -> str:
    """"545.2 billion CNY", "more than 4,000", "10–15%"; "" for a change with no level."""
    if value is None:
        return ""
    number = format_number_en(value)
    if value_max is not None:
        number = f"{number}–{format_number_en(value_max)}"
    if unit_en == "%":
        text = f"{number}%"
    elif unit_en:
        text = f"{number} {unit_en}"
    else:
        text = number
    prefix = QUALIFIERS_EN.get(qualifier or "")
    return f"{prefix} {text}" if prefix else text


def format_change_en(change: Optional[float], change_max: Optional[float] = None) -> str:
    """+10.19%, -3%, +10–15%; "" when no change is stated."""
    if change is None:
        return ""
    text = f"{'+' if change >= 0 else '-'}{_trim(abs(change))}"
    if change_max is not None:
        text += f"–{_trim(abs(change_max))}"
    return text + "%"


def describe_en(fact: Fact, value: Optional[str] = None, change: Optional[str] = None) -> str:
    """"Loans outstanding: 545.2 billion CNY, +10.19% (Q1)"; a Chinese indicator with no glossary
    entry is kept in Chinese, in quotes, rather than guessed. ``value`` and ``change``: the fact's
    ``format_value_en`` and ``format_change_en``, where the caller has them already."""
    label = fact.indicator_en or (f"“{fact.indicator_zh}”" if fact.indicator_zh else "figure")
    label = label[:1].upper() + label[1:]
    if change is None:
        change = format_change_en(fact.change_pct, fact.change_pct_max)
    if value is None:
        value = format_value_en(fact.value, fact.unit_en, fact.qualifier, fact.value_max)
    if fact.value is None and change:  # a change alone keeps its qualifier: "at least +8%"
        prefix = QUALIFIERS_EN.get(fact.qualifier or "")
        change = f"{prefix} {change}" if prefix else change
    body = ", ".join(part for part in (value, change) if part)
    notes = [n for n in (fact.period_en, "target" if fact.kind == "target" else None) if n]
    return f"{label}: {body}" + (f" ({'; '.join(notes)})" if notes else "")


def _trim(number: float) -> str:
    """At most four decimals, no trailing zeros: 545.2, 3.26, 450."""
    text = f"{number:.4f}".rstrip("0").rstrip(".")
    return text or "0"
