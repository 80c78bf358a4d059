"""``zonesum eval``: score files against references, compare configs.

Mounted by ``zonesum.cli`` as the ``eval`` group. Errors print one ``error: …`` line on
stderr and exit non-zero; heavy libraries load inside the commands.
"""
from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from ..errors import ConfigError, ZonesumError
from .common import fail

app = typer.Typer(help="Score outputs against references and compare configs.",
                  no_args_is_help=True, add_completion=False)


class Lang(str, Enum):
    en = "en"
    zh = "zh"


class Format(str, Enum):
    table = "table"
    json = "json"


class Tokenize(str, Enum):
    char = "char"
    jieba = "jieba"


@app.command()
def score(
    hyp: str = typer.Option(..., "--hyp", help="Hypotheses, one segment a line ('-': stdin)."),
    ref: List[Path] = typer.Option(..., "--ref", help="Reference file, aligned with --hyp; "
                                   "repeat for several references."),
    lang: Lang = typer.Option(..., "--lang", help="en: BLEU + chrF; zh: ROUGE-1/2/L + BLEU."),
    fmt: Format = typer.Option(Format.table, "--format", help="table or json."),
    tokenize: Tokenize = typer.Option(Tokenize.char, "--tokenize",
                                      help="Chinese ROUGE tokens: characters or jieba words "
                                           "(--lang zh only)."),
) -> None:
    """Corpus scores of a hypothesis file against one or more reference files."""
    from ..evaluation.metrics import chinese_scores, english_scores
    from ..evaluation.segments import check_aligned, read_segments

    try:
        hyps = read_segments(hyp)
        refs = {str(path): read_segments(path) for path in ref}
        check_aligned(hyp, hyps, refs)
    except ZonesumError as exc:
        fail(exc.line(), exc.exit_code)
    streams = list(refs.values())
    if lang is Lang.en:
        scores = english_scores(hyps, streams)
        rows = [("BLEU", scores.bleu), ("chrF", scores.chrf)]
    else:
        scores = chinese_scores(hyps, streams, tokenize.value)
        rows = [(f"ROUGE-1 ({tokenize.value})", scores.rouge1),
                (f"ROUGE-2 ({tokenize.value})", scores.rouge2),
                (f"ROUGE-L ({tokenize.value})", scores.rougeL), ("BLEU (zh)", scores.bleu)]
    if fmt is Format.json:
        typer.echo(json.dumps({**scores.to_dict(), "segments": len(hyps),
                               "references": len(streams)}, ensure_ascii=False, indent=2))
        return
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        typer.echo(f"{name:<{width}}  {value:6.2f}")
    for name, signature in scores.signatures.items():
        typer.echo(f"{name} signature: {signature}")


@app.command()
def compare(
    config: List[str] = typer.Option(..., "--config", "-c",
                                      help="Config name or path; repeat to compare several."),
    refs: Optional[Path] = typer.Option(None, "--refs", help="References file "
                                        "[default: eval/references.jsonl of the repository]."),
    out: Path = typer.Option(Path("zonesum-out/comparison"), "--out", "-o",
                             help="Folder for comparison.md/.csv/.json/.png."),
    testset: Optional[Path] = typer.Option(None, "--testset", help="Translation only: a "
                                           "folder with src.zh and ref.*.en (one segment a line)."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Only the first N "
                                        "test-set segments (or reference articles)."),
    samples: int = typer.Option(1000, "--bootstrap-samples", min=10,
                                help="Paired bootstrap resamples."),
    gold: Optional[Path] = typer.Option(None, "--gold", help="Also score zone finding on real articles with "
                                        "hand annotations (e.g. ../shared/real-news/gold.jsonl; its no-zones/ "
                                        "folder too)."),
) -> None:
    """Run the pipeline under each config and score it; write a table and a chart."""
    from ..config import load_config
    from ..evaluation.compare import compare_articles, compare_translation
    from ..evaluation.references import default_references, load_references
    from ..evaluation.report import to_markdown, write_report

    try:
        if len(set(config)) != len(config):
            raise ConfigError("the same --config is given twice")
        configs = [load_config(name) for name in config]
        names = [c.name for c in configs]
        if len(set(names)) != len(names):
            raise ConfigError(f"two configs share a name: {', '.join(names)}")
        if testset is not None:
            result = compare_translation(configs, testset, limit, samples)
        else:
            articles = load_references(refs or default_references())
            result = compare_articles(configs, articles[:limit], n_samples=samples,
                                      gold=_zone_gold(gold) if gold is not None else None)
        paths = write_report(result, out)
    except ZonesumError as exc:
        fail(exc.line(), exc.exit_code)
    typer.echo(to_markdown(result).split("\n## ")[0].rstrip())
    typer.echo("")
    for path in paths:
        typer.echo(f"wrote {path}")


@app.command("facts")
def facts_eval(
    refs: Optional[Path] = typer.Option(None, "--refs", help="Fact references "
                                        "[default: eval/facts.jsonl of the repository]."),
    tolerance: float = typer.Option(0.005, "--tolerance", min=0.0, help="Relative tolerance on values."),
    fmt: Format = typer.Option(Format.table, "--format", help="table or json."),
) -> None:
    """Precision and recall of the facts zonesum reads, on (zone, value, unit, change); no model is used."""
    from ..evaluation.facts import default_fact_references, load_fact_references, offline_runner, score_facts

    try:
        articles = load_fact_references(refs or default_fact_references())
        scores, missing = score_facts(articles, offline_runner(), tolerance)
    except ZonesumError as exc:
        fail(exc.line(), exc.exit_code)
    if not scores.articles:
        fail("none of the articles of the fact references exists: " + "; ".join(missing), 1)
    if fmt is Format.json:
        typer.echo(json.dumps({**scores.to_dict(), "tolerance": tolerance, "missing_articles": missing},
                              ensure_ascii=False, indent=2))
        return
    typer.echo(f"facts  precision {scores.precision:.3f}  recall {scores.recall:.3f}  F1 {scores.f1:.3f}  "
               f"({scores.right} right of {scores.found} found, {scores.expected} expected; "
               f"value tolerance {tolerance:g})")
    for a in scores.articles:
        typer.echo(f"  {a['article']}: {a['right']}/{a['found']} found right, {a['expected']} expected")
        for line in a["missed"]:
            typer.echo(f"    missed: {line}")
        for line in a["extra"]:
            typer.echo(f"    extra:  {line}")
    for line in missing:
        typer.echo(f"  not found (not scored): {line}")


def _zone_gold(gold: Path, no_zones: Optional[Path] = None):
    """The gold articles, and the no-zone articles (``no_zones``, else no-zones/ beside the gold file)."""
    from ..evaluation.compare import ZoneGold
    from ..evaluation.zones import load_gold

    folder = no_zones if no_zones is not None else gold.parent / "no-zones"
    if no_zones is not None and not folder.is_dir():
        raise ConfigError(f"{folder}: no such folder of no-zone articles")
    return ZoneGold(load_gold(gold), sorted(folder.glob("*.txt")) if folder.is_dir() else [])


@app.command("zones")
def zones_eval(
    gold: Path = typer.Option(..., "--gold", help="Hand annotations, one JSON line per article "
                              "(the format of ../shared/real-news/gold.jsonl)."),
    no_zones: Optional[Path] = typer.Option(None, "--no-zones", help="A folder of articles that name no zone "
                                            "[default: no-zones/ beside the gold file, if there]."),
    config: Optional[str] = typer.Option(None, "--config", "-c", help="Config name or path [default: offline]."),
    fmt: Format = typer.Option(Format.table, "--format", help="table or json."),
) -> None:
    """Zone finding against hand annotations: zone precision, main-zone recall, paragraph agreement."""
    from ..config import load_config
    from ..evaluation.zones import score_zones, zone_runner

    try:
        found = _zone_gold(gold, no_zones)
        scores = score_zones(found.articles, zone_runner(load_config(config or "offline")), found.no_zone_files)
    except ZonesumError as exc:
        fail(exc.line(), exc.exit_code)
    if fmt is Format.json:
        typer.echo(json.dumps(scores.to_dict(), ensure_ascii=False, indent=2))
        return
    typer.echo(scores.table())
    for a in scores.articles:
        if a.wrong or a.missed:
            typer.echo(f"  {a.file}: " + "; ".join([f"not a zone: {', '.join(a.wrong)}"] * bool(a.wrong)
                                                  + [f"missed: {', '.join(a.missed)}"] * bool(a.missed)))
    for file, found in scores.no_zone_found.items():
        typer.echo(f"  {file} (names no zone): {', '.join(found)}")
