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

from ..errors import ZonesumError
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
) -> None:
    """Run the pipeline under each config and score it; write a table and a chart."""
    from ..config import load_config
    from ..errors import ConfigError
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
            result = compare_articles(configs, articles[:limit], n_samples=samples)
        paths = write_report(result, out)
    except ZonesumError as exc:
        fail(exc.line(), exc.exit_code)
    typer.echo(to_markdown(result).split("\n## ")[0].rstrip())
    typer.echo("")
    for path in paths:
        typer.echo(f"wrote {path}")
