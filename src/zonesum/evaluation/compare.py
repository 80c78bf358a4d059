"""Score pipeline configs side by side: on the hand-written reference articles, or
translation only on a parallel test set. ``report.py`` turns a ``Comparison`` into files.

Article mode, per config, over every reference article:
- zone chunking: precision/recall/F1 of the zone names found against the expected ones;
- Chinese summaries: ROUGE-1/2/L F1 (character tokens) against the hand-written ones;
- English summaries and zone translations: BLEU/chrF (sacrebleu defaults);
- figure-fidelity warnings (warnings that mention "figure") and seconds per article.
An expected zone the pipeline missed scores as an empty output, so chunking errors show in
every column. A field a config never produces (English offline) is n/a, not 0.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from ..config import Config
from ..errors import InputError, ModelLoadError, ModelMissingError, ZonesumError
from .facts import ArticleFacts, FactScores, default_fact_references, load_fact_references, score_article
from .metrics import Significance, chinese_scores, english_scores, paired_bootstrap
from .references import ArticleReference, ZoneReference
from .segments import check_aligned, read_segments
from .zones import GoldArticle, score_zones, zone_runner

# article path, config, its backends -> Result.to_dict()
Runner = Callable[[Path, Config, Any], dict]
# config -> (backends, None), or (None, why it cannot run as configured)
Loader = Callable[[Config], "tuple[Any, str | None]"]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    higher_is_better: bool = True
    chart: bool = True  # a 0-100 quality score drawn on the bar chart
    digits: int = 2  # shown (and compared for "best") at this precision


ARTICLE_COLUMNS = (
    Column("zones_precision", "zones P"),
    Column("zones_recall", "zones R"),
    Column("zones_f1", "zones F1"),
    Column("summary_zh_rouge1", "summary zh ROUGE-1"),
    Column("summary_zh_rouge2", "summary zh ROUGE-2"),
    Column("summary_zh_rougeL", "summary zh ROUGE-L"),
    Column("summary_en_bleu", "summary en BLEU"),
    Column("summary_en_chrf", "summary en chrF"),
    Column("translation_bleu", "translation BLEU"),
    Column("translation_chrf", "translation chrF"),
    Column("facts_precision", "facts P"),
    Column("facts_recall", "facts R"),
    # zone finding on real articles with hand annotations (--gold); see evaluation.zones
    Column("real_zone_precision", "real zones P"),
    Column("real_main_zone_recall", "real main-zone R"),
    Column("real_paragraph_jaccard", "real paragraphs J"),
    Column("real_zones_on_no_zone_articles", "zones on no-zone articles", higher_is_better=False, chart=False,
           digits=0),
    Column("figure_warnings", "figure warnings", higher_is_better=False, chart=False, digits=0),
    Column("seconds_per_article", "s/article", higher_is_better=False, chart=False, digits=3),
)
TRANSLATION_COLUMNS = (
    Column("bleu", "BLEU"),
    Column("chrf", "chrF"),
    Column("seconds_per_segment", "s/segment", higher_is_better=False, chart=False, digits=4),
)


@dataclass
class Row:
    """One config's outcome: scores by column key, or skipped with the reason."""

    config: str
    signature: str | None
    status: str = "ok"  # or "skipped"
    reason: str | None = None
    scores: dict[str, float | None] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)  # per-article facts, models…


@dataclass
class Comparison:
    mode: str  # "articles" or "translation"
    columns: tuple[Column, ...]
    rows: list[Row]
    significance: list[Significance] = field(default_factory=list)
    significance_signatures: dict[str, str] = field(default_factory=dict)
    significance_note: str | None = None  # why there is no significance test
    meta: dict[str, Any] = field(default_factory=dict)

    def best(self) -> dict[str, list[str]]:
        """Per column, the configs with the best value (ties at display precision share it)."""
        best: dict[str, list[str]] = {}
        for column in self.columns:
            values = {row.config: round(row.scores[column.key], column.digits)
                      for row in self.rows
                      if row.status == "ok" and row.scores.get(column.key) is not None}
            if values:
                top = (max if column.higher_is_better else min)(values.values())
                best[column.key] = [name for name, value in values.items() if value == top]
        return best


# --- article mode -------------------------------------------------------------------------

def compare_articles(configs: Sequence[Config], articles: Sequence[ArticleReference],
                     runner: Runner | None = None, loader: Loader | None = None,
                     n_samples: int = 1000, facts: Sequence[ArticleFacts] | None = None,
                     gold: ZoneGold | None = None) -> Comparison:
    """Run every config on every reference article whose text exists, and score it.

    ``runner`` and ``loader`` default to the real pipeline and model loading; tests swap
    them. Models load once per config, before the clock starts.
    """
    present = [a for a in articles if a.path.is_file()]
    absent = [f"{a.id}: {a.path}" for a in articles if not a.path.is_file()]
    if not present:
        raise InputError("none of the reference articles exists: " + "; ".join(absent))
    rows, translations = [], {}
    for config in configs:
        backends, reason = (loader or load_backends)(config)
        if reason:
            rows.append(Row(config.name, config.signature(), "skipped", reason))
            continue
        row, hyps = _run_config(config, backends, present, runner or _pipeline_runner,
                                _facts_by_path(facts))
        if gold is not None:
            row.scores.update(_real_zone_scores(config, gold))
        rows.append(row)
        if hyps is not None:
            translations[config.name] = hyps
    references = [z.translation_en for a in present for z in a.zones]
    comparison = Comparison("articles", ARTICLE_COLUMNS, rows, meta={
        "articles": [{"id": a.id, "path": str(a.path), "zones": len(a.zones)} for a in present],
        "missing_articles": absent,
    })
    _significance(comparison, translations, [references], n_samples,
                  unit="zone translations")
    return comparison


@dataclass(frozen=True)
class ZoneGold:
    """Real articles with zone annotations, and articles that name none (``evaluation.zones``)."""

    articles: Sequence[GoldArticle]
    no_zone_files: Sequence[Path] = ()


def _real_zone_scores(config: Config, gold: ZoneGold) -> dict[str, float | None]:
    found = score_zones(gold.articles, zone_runner(config), gold.no_zone_files)
    as_pct = {k: (None if v is None else 100 * v) for k, v in
              (("real_zone_precision", found.precision), ("real_main_zone_recall", found.recall),
               ("real_paragraph_jaccard", found.jaccard))}
    return {**as_pct, "real_zones_on_no_zone_articles": found.zones_on_no_zone_articles}


def _pipeline_runner(path: Path, config: Config, backends: Any) -> dict:
    from ..pipeline import run

    return run(path, config=config, backends=backends).to_dict()


FIELDS = ("summary_zh", "summary_en", "translation_en")  # per-zone outputs that are scored


@dataclass
class _Tally:
    """One config's outputs over all articles, aligned with the expected zones."""

    outputs: dict[str, list[str | None]] = field(
        default_factory=lambda: {key: [] for key in FIELDS})
    produced: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(FIELDS, False))
    matched: int = 0
    found: int = 0
    expected: int = 0
    figures: int = 0
    seconds: float = 0.0
    articles: list[dict] = field(default_factory=list)
    backends: Any = None

    def add(self, article: ArticleReference, result: dict, seconds: float, error: str | None):
        found = {z["name"].strip(): z for z in result.get("zones", []) if z.get("name")}
        match = match_zones(list(found), article.zones)
        for ref in article.zones:
            zone = found.get(match.pairs.get(ref.name, ""))
            for key in FIELDS:  # a missed zone scores as an empty output
                self.outputs[key].append(zone.get(key) if zone else "")
                self.produced[key] |= zone is not None and zone.get(key) is not None
        figures = [w for w in result.get("warnings", []) if "figure" in str(w).lower()]
        self.matched += len(match.pairs)
        self.found += match.n_found
        self.expected += len(article.zones)
        self.figures += len(figures)
        self.seconds += seconds
        self.backends = self.backends or result.get("backends")
        self.articles.append({
            "article": article.id, "seconds": round(seconds, 3), "error": error,
            "zones_expected": len(article.zones), "zones_found": match.n_found,
            "missing": match.missing, "extra": match.extra, "figure_warnings": len(figures),
            "title": (result.get("meta") or {}).get("title"),
        })


def _facts_by_path(facts: Sequence[ArticleFacts] | None) -> dict[Path, ArticleFacts]:
    """Fact references by article file (the shipped ones unless given); none: facts columns are n/a."""
    if facts is None:
        path = default_fact_references()
        facts = load_fact_references(path) if path.is_file() else ()
    return {a.path.resolve(): a for a in facts}


def _run_config(config: Config, backends: Any, articles: Sequence[ArticleReference],
                runner: Runner, facts: dict[Path, ArticleFacts] | None = None) -> tuple[Row, list[str] | None]:
    """Run one config over the articles; its row, and its zone translations if it has any."""
    tally = _Tally()
    fact_scores = FactScores()
    for article in articles:
        started = time.perf_counter()
        try:
            result, error = runner(article.path, config, backends), None
        except ZonesumError as exc:  # one article failing (no zones…) does not sink the rest
            result, error = {}, exc.line()
        tally.add(article, result, time.perf_counter() - started, error)
        if facts and article.path.resolve() in facts:  # facts of this article against its fact references
            detail = score_article(result, facts[article.path.resolve()])
            fact_scores.right += detail["right"]
            fact_scores.found += detail["found"]
            fact_scores.expected += detail["expected"]

    refs = {key: [[getattr(z, key) for a in articles for z in a.zones]] for key in FIELDS}
    hyps = {key: _filled(tally.outputs[key]) for key in FIELDS}
    scores: dict[str, float | None] = dict(zip(
        ("zones_precision", "zones_recall", "zones_f1"),
        _prf(tally.matched, tally.found, tally.expected)))
    zh = chinese_scores(hyps["summary_zh"], refs["summary_zh"])
    scores.update(summary_zh_rouge1=zh.rouge1, summary_zh_rouge2=zh.rouge2,
                  summary_zh_rougeL=zh.rougeL)
    signatures = {"summary_zh": zh.signatures["ROUGE"]}
    for key, prefix in (("summary_en", "summary_en"), ("translation_en", "translation")):
        en = english_scores(hyps[key], refs[key]) if tally.produced[key] else None
        scores[f"{prefix}_bleu"] = en.bleu if en else None  # never produced: n/a, not 0
        scores[f"{prefix}_chrf"] = en.chrf if en else None
        if en:
            signatures[key] = en.signature
    scored_facts = bool(fact_scores.expected)
    scores["facts_precision"] = 100 * fact_scores.precision if scored_facts else None
    scores["facts_recall"] = 100 * fact_scores.recall if scored_facts else None
    scores["figure_warnings"] = float(tally.figures)
    scores["seconds_per_article"] = tally.seconds / len(articles)
    row = Row(config.name, config.signature(), scores=scores, details={
        "backends": tally.backends, "models": _models(config),
        "metric_signatures": signatures, "articles": tally.articles,
    })
    return row, (hyps["translation_en"] if tally.produced["translation_en"] else None)


@dataclass(frozen=True)
class ZoneMatch:
    pairs: dict[str, str]  # expected name -> found name
    n_found: int  # distinct zone names found
    missing: list[str]
    extra: list[str]


def match_zones(found: Sequence[str], expected: Sequence[ZoneReference]) -> ZoneMatch:
    """Pair found zone names with expected zones (by name or alias), each used once."""
    distinct = list(dict.fromkeys(name.strip() for name in found))
    pairs: dict[str, str] = {}
    for ref in expected:
        hit = next((name for name in distinct
                    if name in ref.forms and name not in pairs.values()), None)
        if hit is not None:
            pairs[ref.name] = hit
    return ZoneMatch(pairs, len(distinct),
                     missing=[z.name for z in expected if z.name not in pairs],
                     extra=[name for name in distinct if name not in pairs.values()])


def _prf(tp: int, found: int, expected: int) -> tuple[float, float, float]:
    precision = 100 * tp / found if found else 0.0
    recall = 100 * tp / expected if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# --- translation-only mode ---------------------------------------------------------------

def compare_translation(configs: Sequence[Config], testset: Path, limit: int | None = None,
                        n_samples: int = 1000, loader: Loader | None = None) -> Comparison:
    """Translate ``src.zh`` of a parallel test set under each config; score against every
    ``ref.*.en`` beside it. ``loader`` defaults to real model loading (tests swap it)."""
    loader = loader or (lambda config: load_backends(config, translation_only=True))
    testset = Path(testset)
    ref_paths = sorted(testset.glob("ref.*.en"))
    if not ref_paths:
        raise InputError(f"{testset}: no ref.*.en reference files",
                         hint="a test set folder holds src.zh and ref.A.en, ref.B.en…")
    source = read_segments(testset / "src.zh")
    refs = {p.name: read_segments(p) for p in ref_paths}
    check_aligned("src.zh", source, refs)
    if limit is not None:
        source, refs = source[:limit], {name: ref[:limit] for name, ref in refs.items()}
    streams = list(refs.values())
    rows, translations = [], {}
    for config in configs:
        backends, reason = loader(config)
        translator = backends.translator if backends else None
        if translator is None:
            rows.append(Row(config.name, config.signature(), "skipped", reason or
                            "no translation model in this config (translator.backend: none)"))
            continue
        started = time.perf_counter()
        hyps = [g.text or "" for g in translator.translate(source)]
        elapsed = time.perf_counter() - started
        en = english_scores(hyps, streams)
        rows.append(Row(config.name, config.signature(), scores={
            "bleu": en.bleu, "chrf": en.chrf, "seconds_per_segment": elapsed / len(source),
        }, details={"models": _models(config), "metric_signatures": {"translation": en.signature},
                    "seconds": round(elapsed, 3)}))
        translations[config.name] = hyps
    comparison = Comparison("translation", TRANSLATION_COLUMNS, rows, meta={
        "testset": str(testset), "segments": len(source), "references": list(refs),
    })
    _significance(comparison, translations, streams, n_samples, unit="test-set segments")
    return comparison


# --- shared --------------------------------------------------------------------------------

def load_backends(config: Config, translation_only: bool = False) -> tuple[Any, str | None]:
    """The config's backends, or None and why it cannot run as configured (model missing).

    The pipeline would quietly fall back to the extractive path; a comparison must not
    report that fallback under this config's name, so it asks for the models strictly.
    Translation-only runs do not need the summariser, so its model is not asked for.
    """
    from ..backends import get_backends

    if translation_only:
        config = config.model_copy(update={
            "summarizer": config.summarizer.model_copy(update={"backend": "extractive"})})
    try:
        backends = get_backends(config.model_copy(update={"require_models": True}))
    except (ModelMissingError, ModelLoadError) as exc:
        return None, exc.line()
    why = "; ".join(backends.warnings) or "model not available"
    if config.translator.backend != "none" and backends.translator is None:
        return None, why
    if (config.summarizer.backend != "extractive"
            and getattr(backends.summarizer, "backend", None) == "extractive"):
        return None, why
    return backends, None


def _significance(comparison: Comparison, translations: dict[str, list[str]],
                  refs: list[list[str]], n_samples: int, unit: str) -> None:
    if len(translations) < 2:
        comparison.significance_note = (
            f"paired bootstrap needs two or more configs with translations "
            f"(have {len(translations)})")
        return
    rows, signatures = paired_bootstrap(list(translations.items()), refs, n_samples)
    comparison.significance = rows
    comparison.significance_signatures = signatures
    comparison.meta["significance_unit"] = unit
    comparison.meta["significance_baseline"] = next(iter(translations))


def _filled(values: Sequence[str | None]) -> list[str]:
    return [value or "" for value in values]


def _models(config: Config) -> dict[str, Any]:
    return {"summarizer": {"backend": config.summarizer.backend, "model": config.summarizer.model},
            "translator": {"backend": config.translator.backend, "model": config.translator.model}}
