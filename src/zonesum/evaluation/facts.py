"""Fact extraction scored against hand-written references (``eval/facts.jsonl``).

Format (``eval/README.md``): JSON Lines, one fact a line::

    {"article": "linjiang-zones", "path": "examples/linjiang-zones.txt", "zone": "临江滨海新区",
     "value": 41200000000, "unit": "CNY", "change": 8.1, "note": "Q1 GDP"}

``value`` is in base units (null for a change stated alone), ``unit`` as zonesum writes it (CNY,
USD, %, or the measure word), ``change`` the stated growth in percent (null if none); ``aliases``
(optional) are other zone names that count; ``note`` is for people. A fact found counts as right
when its zone, unit, value (within a relative tolerance) and change (within 0.01 points) match a
reference fact not matched yet; precision = right / found, recall = right / expected.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from ..config import REPO_ROOT
from ..errors import InputError, ZonesumError
from .references import _resolve

DEFAULT_TOLERANCE = 0.005  # relative, on values: 5452亿 written 545.2 billion still matches
_CHANGE_TOLERANCE = 0.01  # percentage points


def default_fact_references() -> Path:
    return REPO_ROOT / "eval" / "facts.jsonl"


@dataclass(frozen=True)
class FactReference:
    zone: str
    aliases: tuple[str, ...]
    value: Optional[float]
    unit: Optional[str]
    change: Optional[float]
    note: str = ""

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.zone, *self.aliases)


@dataclass(frozen=True)
class ArticleFacts:
    id: str
    path: Path  # resolved; may not exist
    facts: tuple[FactReference, ...]


def load_fact_references(path: str | Path) -> tuple[ArticleFacts, ...]:
    """Read and check a fact references file; articles keep the file's order."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"fact references not found: {path}")
    articles: dict[str, tuple[str, list[FactReference]]] = {}
    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not rows:
        raise InputError(f"{path}: no fact references in the file")
    for n, line in enumerate(rows, start=1):
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise InputError(f"{path}: row {n}: not JSON ({exc})", hint="one JSON object a line") from None
        for key in ("article", "path", "zone"):
            if not isinstance(row.get(key), str) or not row[key].strip():
                raise InputError(f"{path}: row {n}: '{key}' is missing or empty")
        for key in ("value", "change"):
            if row.get(key) is not None and not isinstance(row[key], (int, float)):
                raise InputError(f"{path}: row {n}: '{key}' must be a number or null")
        if row.get("value") is None and row.get("change") is None:
            raise InputError(f"{path}: row {n}: a fact needs a value or a change")
        article_path, facts = articles.setdefault(row["article"], (row["path"], []))
        if row["path"] != article_path:
            raise InputError(f"{path}: row {n}: article '{row['article']}' has two paths")
        facts.append(FactReference(zone=row["zone"].strip(), aliases=tuple(row.get("aliases") or ()),
                                   value=row.get("value"), unit=row.get("unit"), change=row.get("change"),
                                   note=row.get("note") or ""))
    return tuple(ArticleFacts(article_id, _resolve(article_path, path), tuple(facts))
                 for article_id, (article_path, facts) in articles.items())


@dataclass
class FactScores:
    right: int = 0
    found: int = 0
    expected: int = 0
    articles: list[dict] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1, "right": self.right,
                "found": self.found, "expected": self.expected, "articles": self.articles}


def matches(found: dict, zone_name: str, reference: FactReference, tolerance: float) -> bool:
    """Whether a fact of the output (a ``zones[].facts[]`` dict) states the reference fact."""
    if zone_name not in reference.forms or found.get("unit") != reference.unit:
        return False
    return _close(found.get("value"), reference.value, tolerance) \
        and _close(found.get("change_pct"), reference.change, None)


def _close(got: Optional[float], want: Optional[float], relative: Optional[float]) -> bool:
    if got is None or want is None:
        return got is None and want is None
    if relative is None:
        return abs(got - want) <= _CHANGE_TOLERANCE
    return math.isclose(got, want, rel_tol=relative, abs_tol=1e-9)


def score_article(result: dict, article: ArticleFacts, tolerance: float = DEFAULT_TOLERANCE) -> dict:
    """Match one article's output facts to its references, each reference used once."""
    found = [(zone.get("name", ""), fact) for zone in result.get("zones", []) for fact in zone.get("facts", [])]
    unmatched = list(article.facts)
    wrong: list[str] = []
    for zone_name, fact in found:
        hit = next((ref for ref in unmatched if matches(fact, zone_name, ref, tolerance)), None)
        if hit is None:
            wrong.append(f"{zone_name}: {fact.get('text')}")
        else:
            unmatched.remove(hit)
    return {"article": article.id, "found": len(found), "expected": len(article.facts),
            "right": len(found) - len(wrong), "extra": wrong,
            "missed": [f"{r.zone}: {_describe(r)}" for r in unmatched]}


def _describe(ref: FactReference) -> str:
    parts = [f"{ref.value:g} {ref.unit}" if ref.value is not None else "",
             f"{ref.change:+g}%" if ref.change is not None else "", f"({ref.note})" if ref.note else ""]
    return " ".join(p for p in parts if p)


Runner = Callable[[Path], dict]  # article path -> Result.to_dict()


def score_facts(articles: Sequence[ArticleFacts], runner: Runner,
                tolerance: float = DEFAULT_TOLERANCE) -> tuple[FactScores, list[str]]:
    """Run every article whose text exists and score its facts; also the articles left out."""
    scores = FactScores()
    missing = [f"{a.id}: {a.path}" for a in articles if not a.path.is_file()]
    for article in articles:
        if not article.path.is_file():
            continue
        try:
            result = runner(article.path)
        except ZonesumError:  # no zone found: every reference fact of it is missed
            result = {}
        detail = score_article(result, article, tolerance)
        scores.right += detail["right"]
        scores.found += detail["found"]
        scores.expected += detail["expected"]
        scores.articles.append(detail)
    return scores, missing


def offline_runner(config: Any = "offline") -> Runner:
    """The pipeline with no model: facts are read by rule, so models change nothing here."""
    from ..pipeline import run

    def run_one(path: Path) -> dict:
        return run(path, config=config, offline=True).to_dict()

    return run_one
