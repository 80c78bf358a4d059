"""Write a ``Comparison`` as comparison.md / .csv / .json and a PNG bar chart.

The best value of each column is marked everywhere: bold in Markdown, a ``best_in`` column
in CSV, a ``best`` map in JSON, a star over the bar in the chart. Skipped configs appear
with their reason and no numbers; a score a config does not produce is ``n/a``.
"""
from __future__ import annotations

import csv
import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..errors import OutputError
from .compare import Comparison

FILES = ("comparison.md", "comparison.csv", "comparison.json", "comparison.png")


def write_report(comparison: Comparison, out_dir: str | Path) -> list[Path]:
    """Write every report file into ``out_dir`` (created if needed); return their paths."""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        paths = [out / name for name in FILES]
        paths[0].write_text(to_markdown(comparison), encoding="utf-8")
        _write_csv(comparison, paths[1])
        paths[2].write_text(json.dumps(to_json(comparison), ensure_ascii=False, indent=2) + "\n",
                            encoding="utf-8")
        _write_chart(comparison, paths[3])
    except OSError as exc:
        raise OutputError(f"cannot write the comparison into {out}: {exc.strerror or exc}") from None
    return paths


def to_markdown(comparison: Comparison) -> str:
    best = comparison.best()
    head = ["config", "status", "signature", *(_label(c) for c in comparison.columns), "note"]
    lines = [f"# Config comparison ({_mode_line(comparison)})", "",
             "Scores are 0-100 (zone P/R/F1 in percent); ↑ higher is better, ↓ lower is better; "
             "the best value in each column is **bold**. n/a: the config does not produce it.",
             "", _md_row(head), _md_row(["---"] * len(head))]
    for row in comparison.rows:
        if row.status != "ok":
            cells = ["–"] * len(comparison.columns)
        else:
            cells = [_cell(row.scores.get(c.key), c.digits, row.config in best.get(c.key, ()))
                     for c in comparison.columns]
        lines.append(_md_row([row.config, row.status, row.signature or "–", *cells,
                              row.reason or ""]))
    lines += ["", *_significance_markdown(comparison)]
    if comparison.mode == "articles":
        lines += ["", *_articles_markdown(comparison)]
    return "\n".join(lines) + "\n"


def to_json(comparison: Comparison) -> dict:
    best = comparison.best()
    return {
        "mode": comparison.mode,
        "columns": [{"key": c.key, "label": c.label, "higher_is_better": c.higher_is_better}
                    for c in comparison.columns],
        "rows": [{"config": r.config, "status": r.status, "reason": r.reason,
                  "signature": r.signature,
                  "scores": r.scores if r.status == "ok" else None,
                  "best_in": [k for k, names in best.items() if r.config in names],
                  **r.details} for r in comparison.rows],
        "best": best,
        "significance": {
            "test": "paired bootstrap resampling (sacrebleu)",
            "baseline": comparison.meta.get("significance_baseline"),
            "rows": [s.to_dict() for s in comparison.significance],
            "signatures": comparison.significance_signatures,
            "note": comparison.significance_note,
        },
        "meta": {**comparison.meta, "versions": _versions()},
    }


def _write_csv(comparison: Comparison, path: Path) -> None:
    best = comparison.best()
    keys = [c.key for c in comparison.columns]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["config", "status", "signature", *keys, "best_in", "reason"])
        for row in comparison.rows:
            values = [_csv_value(row.scores.get(c.key)) for c in comparison.columns]
            best_in = ";".join(k for k in keys if row.config in best.get(k, ()))
            writer.writerow([row.config, row.status, row.signature or "", *values, best_in,
                             row.reason or ""])


def _write_chart(comparison: Comparison, path: Path) -> None:
    # the Agg canvas directly: no pyplot, no global backend state, no display needed
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    best = comparison.best()
    rows = [r for r in comparison.rows if r.status == "ok"]
    columns = [c for c in comparison.columns
               if c.chart and any(r.scores.get(c.key) is not None for r in rows)]
    figure = Figure(figsize=(max(6.0, 1.3 * len(columns) + 2), 4.5), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    width = 0.8 / max(len(rows), 1)
    for i, row in enumerate(rows):
        xs = [j + (i - (len(rows) - 1) / 2) * width for j in range(len(columns))]
        heights = [row.scores.get(c.key) or 0.0 for c in columns]
        axes.bar(xs, heights, width, label=row.config)
        for x, height, column in zip(xs, heights, columns):
            if row.scores.get(column.key) is None:
                axes.text(x, 1, "n/a", ha="center", va="bottom", fontsize=7, rotation=90)
            elif row.config in best.get(column.key, ()):
                axes.text(x, height + 1, "★", ha="center", va="bottom", fontsize=9)
    axes.set_xticks(range(len(columns)), [c.label for c in columns], rotation=30, ha="right",
                    fontsize=8)
    axes.set_ylim(0, 110)
    axes.set_ylabel("score (0-100)")
    axes.set_title(f"zonesum config comparison: {_mode_line(comparison)}  (★ best)", fontsize=9)
    if rows:
        axes.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))  # off the bars
    else:
        axes.text(0.5, 0.5, "no config produced scores", ha="center", transform=axes.transAxes)
    skipped = [f"{r.config} skipped: {r.reason}" for r in comparison.rows if r.status != "ok"]
    if skipped:
        figure.text(0.01, 0.01, "\n".join(s[:140] for s in skipped), fontsize=7, va="bottom")
    figure.tight_layout(rect=(0, 0.04 * len(skipped), 1, 1))
    figure.savefig(path, format="png")


def _significance_markdown(comparison: Comparison) -> list[str]:
    meta = comparison.meta
    if not comparison.significance:
        return ["## Significance", "", f"Not tested: {comparison.significance_note}."]
    lines = ["## Significance",
             "", f"Paired bootstrap resampling over {meta.get('significance_unit')} "
             f"(sacrebleu; baseline: {meta.get('significance_baseline')}). "
             "p < 0.05 (marked *): the difference from the baseline is unlikely to be noise.",
             "", _md_row(["config", "metric", "score", "mean ± 95% CI", "p-value"]),
             _md_row(["---"] * 5)]
    for s in comparison.significance:
        if s.p_value is None:
            p = "baseline"
        elif s.score == s.baseline_score:
            p = f"{s.p_value:.4f} (same score)"
        else:
            p = f"{s.p_value:.4f}{' *' if s.significant else ''}"
        lines.append(_md_row([s.system, s.metric, f"{s.score:.2f}",
                              f"{s.mean:.2f} ± {s.ci:.2f}", p]))
    lines += ["", *(f"- {metric}: `{sig}`" for metric, sig in
                    comparison.significance_signatures.items())]
    return lines


def _articles_markdown(comparison: Comparison) -> list[str]:
    lines = ["## Per article", "",
             _md_row(["config", "article", "zones found / expected", "missing", "extra",
                      "figure warnings", "seconds", "error"]), _md_row(["---"] * 8)]
    for row in comparison.rows:
        for a in row.details.get("articles", ()):
            lines.append(_md_row([row.config, a["article"],
                                  f"{a['zones_found']} / {a['zones_expected']}",
                                  ", ".join(a["missing"]), ", ".join(a["extra"]),
                                  str(a["figure_warnings"]), f"{a['seconds']:.2f}",
                                  a["error"] or ""]))
    missing = comparison.meta.get("missing_articles") or []
    if missing:
        lines += ["", "Articles not found (not scored): " + "; ".join(missing)]
    return lines


def _mode_line(comparison: Comparison) -> str:
    meta = comparison.meta
    if comparison.mode == "translation":
        return f"translation of {meta.get('segments')} segments of {meta.get('testset')}"
    articles = meta.get("articles", [])
    zones = sum(a["zones"] for a in articles)
    return f"{len(articles)} reference article(s), {zones} zones"


def _label(column) -> str:
    return f"{column.label} {'↑' if column.higher_is_better else '↓'}"


def _cell(value: float | None, digits: int, best: bool) -> str:
    if value is None:
        return "n/a"
    text = f"{value:.{digits}f}"
    return f"**{text}**" if best else text


def _csv_value(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in cells) + " |"


def _versions() -> dict[str, str]:
    found = {}
    for name in ("zonesum", "sacrebleu", "rouge-score", "jieba", "transformers"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            pass
    return found
