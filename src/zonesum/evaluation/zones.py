"""Zone finding scored against hand annotations of real articles (``zonesum eval zones``).

The gold format and the four figures are those of ``../shared/real-news/README.md``: a
JSON line per article (``file``, ``zones[]`` with ``name``, ``forms``, ``paragraphs``,
``role`` main|mention), the article's first line its headline and every following
non-empty line one body paragraph, numbered from 0.

- zone precision: predicted zones whose name (or an alias) is a gold zone's name or form,
  over all predicted zones (whitespace ignored);
- main-zone recall: gold ``main`` zones that some predicted zone names, over all of them;
- paragraph agreement: the mean Jaccard of predicted and gold paragraph sets over the main
  zones found;
- zones on articles that name none (a folder of them): each one is a false zone.

A predicted paragraph is placed among the gold paragraphs by its text, not by its index,
so clean-up that joins, cuts or drops lines differently is not counted against chunking.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from ..errors import InputError

if TYPE_CHECKING:
    from ..config import Config

_SPACE = re.compile(r"\s+")

# article path -> Result.to_dict()
ZoneRunner = Callable[[Path], "dict[str, Any]"]


@dataclass(frozen=True)
class GoldZone:
    name: str
    forms: tuple[str, ...]
    paragraphs: frozenset[int]
    role: str  # main | mention

    @property
    def spellings(self) -> set[str]:
        return {_bare(f) for f in (self.name, *self.forms)}


@dataclass(frozen=True)
class GoldArticle:
    path: Path
    zones: tuple[GoldZone, ...]
    zone_report: bool = True


@dataclass
class ArticleScore:
    file: str
    predicted: list[str]
    correct: list[str]
    wrong: list[str]
    missed: list[str]  # gold main zones no predicted zone names
    jaccard: dict[str, float] = field(default_factory=dict)  # per found main zone


@dataclass
class ZoneScores:
    articles: list[ArticleScore]
    no_zone_files: list[str] = field(default_factory=list)
    no_zone_found: dict[str, list[str]] = field(default_factory=dict)  # file -> zones reported there

    @property
    def predicted(self) -> int:
        return sum(len(a.predicted) for a in self.articles)

    @property
    def correct(self) -> int:
        return sum(len(a.correct) for a in self.articles)

    @property
    def main(self) -> int:
        return sum(len(a.jaccard) + len(a.missed) for a in self.articles)

    @property
    def main_found(self) -> int:
        return sum(len(a.jaccard) for a in self.articles)

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.main_found / self.main if self.main else None

    @property
    def jaccard(self) -> float | None:
        values = [v for a in self.articles for v in a.jaccard.values()]
        return sum(values) / len(values) if values else None

    @property
    def zones_on_no_zone_articles(self) -> int:
        return sum(len(z) for z in self.no_zone_found.values())

    def table(self) -> str:
        """The four figures, one line each, with their counts."""
        def pct(value: float | None) -> str:
            return "n/a" if value is None else f"{value:.3f}"
        return "\n".join([
            f"zone precision            {pct(self.precision)}  ({self.correct}/{self.predicted} zones found are zones)",
            f"main-zone recall          {pct(self.recall)}  ({self.main_found}/{self.main} main zones found)",
            f"paragraph agreement       {pct(self.jaccard)}  (mean Jaccard over the main zones found)",
            f"zones on no-zone articles {self.zones_on_no_zone_articles}  ({len(self.no_zone_files)} articles)",
        ])

    def to_dict(self) -> dict[str, Any]:
        return {
            "zone_precision": self.precision, "main_zone_recall": self.recall, "paragraph_jaccard": self.jaccard,
            "zones_on_no_zone_articles": self.zones_on_no_zone_articles,
            "predicted": self.predicted, "correct": self.correct, "main": self.main, "main_found": self.main_found,
            "no_zone_articles": len(self.no_zone_files),
            "articles": [a.__dict__ for a in self.articles],
            "no_zone_found": self.no_zone_found,
        }


def load_gold(path: str | Path) -> list[GoldArticle]:
    """Gold lines; each ``file`` is looked up beside the gold file, then in ``articles/`` there."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such gold file", hint="give a JSONL file in the format of "
                         "../shared/real-news/README.md")
    articles = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            zones = tuple(GoldZone(z["name"], tuple(z.get("forms", ())), frozenset(z.get("paragraphs", ())),
                                   z.get("role", "main")) for z in row["zones"])
            file = row["file"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(f"{path}:{n}: not a gold line ({type(exc).__name__}: {exc})",
                             hint="each line needs file and zones[] with name, forms, paragraphs, role") from None
        where = next((p for p in (path.parent / file, path.parent / "articles" / file) if p.is_file()), None)
        if where is None:
            raise InputError(f"{path}:{n}: article {file} not found beside the gold file or in articles/")
        articles.append(GoldArticle(where, zones, bool(row.get("zone_report", True))))
    return articles


def score_zones(gold: Sequence[GoldArticle], run: ZoneRunner, no_zone_files: Iterable[Path] = ()) -> ZoneScores:
    """Run every gold article (and every article that names no zone) and score the zones found."""
    scores = ZoneScores([score_article(a, run(a.path)) for a in gold])
    for path in sorted(no_zone_files):
        scores.no_zone_files.append(path.name)
        found = [z["name"] for z in (run(path) or {}).get("zones", [])]
        if found:
            scores.no_zone_found[path.name] = found
    return scores


def score_article(gold: GoldArticle, result: dict[str, Any] | None) -> ArticleScore:
    predicted = (result or {}).get("zones", [])
    body = _body_paragraphs(gold.path)
    score = ArticleScore(gold.path.name, [z["name"] for z in predicted], [], [], [])
    for zone in predicted:
        spellings = {_bare(zone["name"]), *(_bare(a) for a in zone.get("aliases", ()))}
        match = next((g for g in gold.zones if g.spellings & spellings), None)
        (score.correct if match else score.wrong).append(zone["name"])
    for g in gold.zones:
        if g.role != "main":
            continue
        mine = [z for z in predicted
                if g.spellings & {_bare(z["name"]), *(_bare(a) for a in z.get("aliases", ()))}]
        if not mine:
            score.missed.append(g.name)
            continue
        found = {i for z in mine for p in z.get("paragraphs", ()) for i in _place(p, body)}
        union = found | g.paragraphs
        score.jaccard[g.name] = len(found & g.paragraphs) / len(union) if union else 1.0
    return score


def _body_paragraphs(path: Path) -> list[str]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return [_bare(ln) for ln in lines[1:]]


def _place(paragraph: dict[str, Any], body: list[str]) -> set[int]:
    """The gold paragraphs a predicted paragraph holds or lies in (its index when none match)."""
    text = _bare(paragraph["text"])
    if not text:
        return set()
    inside = {i for i, gold in enumerate(body) if text in gold}
    if inside:
        return inside
    holds = {i for i, gold in enumerate(body) if gold and gold in text}
    return holds or ({paragraph["index"]} if 0 <= paragraph.get("index", -1) < len(body) else set())


def _bare(text: str) -> str:
    return _SPACE.sub("", text)


def zone_runner(config: "Config") -> ZoneRunner:
    """Run the pipeline under ``config`` with its models off: zone finding does not use them."""
    from ..backends import get_backends
    from ..pipeline import run

    backends = get_backends(config, offline=True)
    return lambda path: run(path, config, offline=True, backends=backends).to_dict()
