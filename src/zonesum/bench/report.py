"""The report of ``zonesum bench``: one JSON-ready dict (speedup, per-path figures, the
workload, the models, the machine) and its text rendering."""
from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import Any

from ..backends import engines
from ..config import Config
from ..errors import ZonesumError
from ..version import __version__
from .paths import SUMMARY_RATIO, TRANSLATION_RATIO
from .workload import Plan, Workload

TARGETS = {"speedup": 4.0, "load_s": 2.0}
_ENGINE_NOTES = {"torch": "fp32 torch", "torch-int8": "torch dynamic int8", "ctranslate2": "CTranslate2 int8"}


def _by_name(results: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(r for r in results if r["name"] == name)


def build_report(plan: Plan, config: Config, work: Workload, models: dict[str, Any],
                 translation: list[dict[str, Any]], summarisation: list[dict[str, Any]] | None,
                 memory: dict[str, Any] | None, threads: int, command: str, seconds: float,
                 load_before: list[float]) -> dict[str, Any]:
    """Everything a run measured, with the settings that produced it (a result's signature)."""
    baseline, default = _by_name(translation, "baseline"), _by_name(translation, "default")
    for name, result in (("baseline", baseline), ("default", default)):
        if result["error"] or not result.get("median_s"):
            raise ZonesumError(f"the {name} translation path failed: {result['error']}")
    for results, units in ((translation, len(work.sentences)), (summarisation or [], len(work.zones))):
        reference = results and _by_name(results, "baseline").get("median_s")
        for result in results:
            if result.get("median_s"):
                result["units_per_s"] = round(units / result["median_s"], 3)
                result["speedup"] = round(reference / result["median_s"], 2) if reference else None
    speedup = round(baseline["median_s"] / default["median_s"], 2)
    translation_settings = config.translator.generation
    return {
        "speedup": speedup,
        "baseline_s": baseline["median_s"],
        "default_s": default["median_s"],
        "default_engine": default.get("engine"),
        "load_s": default.get("load_s"),
        "targets": {**TARGETS, "met": {"speedup": speedup >= TARGETS["speedup"],
                                       "load_s": (default.get("load_s") or 99) <= TARGETS["load_s"],
                                       "flat_memory": memory.get("flat") if memory else None}},
        "quick": plan.quick,
        "command": command,
        "workload": {
            "text": work.source, "zones": len(work.zones), "sentences": len(work.sentences),
            "characters": sum(len(z) for z in work.zones), "rounds": plan.rounds,
            "output_tokens": f"translation: round({TRANSLATION_RATIO} × source tokens); summary: "
                             f"{SUMMARY_RATIO} × source tokens, 8 to max_new_tokens (min = max new tokens)",
            "config": config.name, "config_signature": config.signature(), "threads": threads,
            "translator": {"num_beams": translation_settings.num_beams, "batch_size": translation_settings.batch_size,
                           "max_input_tokens": config.translator.max_input_tokens, "glossary": False},
            "summariser": {"num_beams": config.summarizer.generation.num_beams,
                           "batch_size": config.summarizer.generation.batch_size},
        },
        "models": models,
        "translation": translation,
        "summarisation": summarisation,
        "memory": memory,
        "machine": machine_info(threads, load_before),
        "zonesum_version": __version__,
        "seconds": round(seconds, 1),
    }


def loadavg() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def machine_info(threads: int, load_before: list[float]) -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    def installed(package: str) -> str | None:
        try:
            return version(package)
        except PackageNotFoundError:
            return None

    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu, "cpus": os.cpu_count(), "usable_cpus": engines.usable_cpus(), "threads": threads,
            "loadavg_before": load_before, "loadavg_after": loadavg(), "platform": platform.platform(),
            "python": platform.python_version(),
            **{package: installed(package) for package in ("torch", "transformers", "ctranslate2")}}


# --- text report -----------------------------------------------------------------------------

def render(report: dict[str, Any]) -> str:
    """The report as a few lines of text for a terminal."""
    work, machine = report["workload"], report["machine"]
    lines = [f"zonesum bench{' --quick' if report['quick'] else ''}: {work['text']}, {work['zones']} zones, "
             f"{work['sentences']} sentences, {work['characters']} characters; random weights, real shapes; "
             f"{work['translator']['num_beams']} beams; {machine['threads']} threads; median of {work['rounds']}",
             ""]
    for title, results, unit in (("translation (opus-mt-zh-en shape)", report["translation"], "sent/s"),
                                 ("summarisation (mT5-base shape)", report["summarisation"], "zones/s")):
        if not results:
            continue
        lines.append(f"{title:<45} {'load s':>7} {'median s':>9} {unit:>8} {'speedup':>8} {'peak RSS MB':>12}")
        for r in results:
            if r["error"]:
                lines.append(f"  {r['name']:<43} failed: {r['error']}")
                continue
            engine = _ENGINE_NOTES.get(r.get("engine") or "", r.get("engine"))
            label = f"{r['name']} ({engine}{', one call per input' if r['name'] == 'baseline' else ''})"
            lines.append(f"  {label:<43} {r.get('load_s') or 0:>7.2f} {r['median_s']:>9.2f} "
                         f"{r.get('units_per_s') or 0:>8.2f} {r.get('speedup') or 0:>7.1f}× "
                         f"{r.get('peak_rss_mb') or 0:>12.0f}")
        lines.append("")
    met = report["targets"]["met"]
    lines.append(f"speedup (baseline ÷ default): {report['speedup']:.1f}× (target ≥ {TARGETS['speedup']:.0f}: "
                 f"{'met' if met['speedup'] else 'NOT met'}); default model load {report['load_s']:.2f} s "
                 f"(target ≤ {TARGETS['load_s']:.0f}: {'met' if met['load_s'] else 'NOT met'})")
    memory = report["memory"]
    if memory and "error" not in memory:
        marks = " / ".join(f"{page} {mb:.0f}" for page, mb in memory["rss_mb"].items() if page != "loaded")
        lines.append(f"memory, RSS MB after page {marks}: {memory['growth_mb']:+.1f} MB from page "
                     f"{memory['growth_from_page']} on ({'flat' if memory['flat'] else 'GROWING'}; "
                     f"warm-up {memory['warm_up_mb']:+.1f} MB before)")
    elif memory:
        lines.append(f"memory check failed: {memory['error']}")
    load = [f"{(averages or ['?'])[0]}" for averages in (machine["loadavg_before"], machine["loadavg_after"])]
    lines.append(f"machine: {machine['cpu']}, {machine['usable_cpus']} usable CPUs, load average "
                 f"{load[0]} before, {load[1]} after; "
                 f"{report['seconds']:.0f} s in all")
    return "\n".join(lines)
