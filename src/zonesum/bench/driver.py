"""``zonesum bench``: how fast zonesum translates (and summarises) compared with the naive
transformers way, on random models with the exact shapes of the default real models.

The cost of a forward pass depends on the shapes, not on the weights' values, so random
models time like the real ones (their output is gibberish; nothing is scored here). They
are built once into ``cache_dir()/bench`` (with their CTranslate2 copies). The workload is
the zone text of ``examples/linjiang-zones.txt`` as the pipeline's chunker cuts it, and
every output length is fixed from its source length so that all paths decode the same
number of steps. Each path runs in its own process; paths alternate round by round and the
median is reported. ``--quick`` times the translator's baseline and default path on the
first two zones; the full run times every engine on every zone, then the summariser.
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable

from ..atomic import build_folder, read_stamp
from ..backends import engines
from ..config import cache_dir, load_config
from ..errors import ZonesumError
from .paths import Job, PathSpec, serve
from .randommodels import CORPUS_EN, CORPUS_ZH, MT5_BASE, OPUS_MT_ZH_EN, Shape
from .report import build_report, loadavg
from .workload import EXAMPLE, load_workload, plan_for

_RECIPE = 1  # bump when the random models' recipe changes: cached ones are rebuilt
_STAMP = "zonesum-bench.json"

Say = Callable[[str], None]


# --- the random models -----------------------------------------------------------------------

def ensure_models(root: Path, *, summariser: bool, say: Say) -> dict[str, Any]:
    """The random models (built once) and their CTranslate2 copies (converted once)."""
    lines = [line for line in EXAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    # pieces of at most two characters: about 0.7 tokens per Chinese character, as a
    # tokenizer trained on a large corpus gives, not whole phrases learnt from this text
    chinese = {"vocab_size": 2000, "max_sentencepiece_length": 2}
    wanted: dict[str, tuple[Shape, Callable[[Path], Any]]] = {"translator": (OPUS_MT_ZH_EN, lambda dest: _marian(
        dest, CORPUS_ZH + lines, chinese))}
    if summariser:
        wanted["summariser"] = (MT5_BASE, lambda dest: _mt5(dest, CORPUS_ZH + lines + CORPUS_EN, chinese))
    models: dict[str, Any] = {}
    for role, (shape, build) in wanted.items():
        folder = root / ("opus-mt-zh-en-shape" if role == "translator" else "mt5-base-shape")
        record: dict[str, Any] = {"folder": str(folder), "shape": asdict(shape), "build_s": None, "convert_s": None}
        stamp = {"recipe": _RECIPE, "shape": asdict(shape)}
        if read_stamp(folder, _STAMP) != stamp:
            say(f"building a random {role} with the real model's shape into {folder} (once)")
            record["build_s"] = _timed(lambda: _build(folder, build, stamp))
        if engines.ct2_installed():
            started = time.perf_counter()
            if engines.ensure_ct2(folder)[1]:
                record["convert_s"] = round(time.perf_counter() - started, 1)
                say(f"converted the {role} to CTranslate2 int8 in {record['convert_s']} s (once)")
        models[role] = record
    return models


def _marian(dest: Path, corpus: list[str], options: dict[str, Any]) -> None:
    from .randommodels import build_marian, train_spm

    build_marian(dest, OPUS_MT_ZH_EN, source_spm=train_spm(corpus, **options), target_spm=train_spm(CORPUS_EN))


def _mt5(dest: Path, corpus: list[str], options: dict[str, Any]) -> None:
    from .randommodels import build_mt5, train_spm

    build_mt5(dest, MT5_BASE, spiece=train_spm(corpus, pad_id=0, eos_id=1, unk_id=2, bos_id=-1, **options))



def _build(folder: Path, build: Callable[[Path], Any], stamp: dict[str, Any]) -> None:
    """Build into a temporary folder, then rename: a killed build leaves no half model."""
    with engines.quiet_transformers():  # no "Writing model shards" bars between our lines
        build_folder(folder, build, stamp, _STAMP)


def _timed(action: Callable[[], Any]) -> float:
    started = time.perf_counter()
    action()
    return round(time.perf_counter() - started, 1)


# --- running the paths -----------------------------------------------------------------------

class PathFailed(Exception):
    pass


class _Worker:
    """One path in its own process, driven over a pipe."""

    def __init__(self, context: Any, spec: PathSpec, job: Job):
        self.spec = spec
        self.conn, child = context.Pipe()
        self.process = context.Process(target=serve, args=(child, spec, job), daemon=True)
        self.process.start()
        child.close()

    def ask(self, command: str | None, argument: Any = None) -> dict[str, Any]:
        if command is not None:
            self.conn.send((command, argument))
        try:
            kind, answer = self.conn.recv()
        except EOFError:  # killed, e.g. out of memory
            self.process.join(5)
            raise PathFailed(f"the worker process ended (exit code {self.process.exitcode})") from None
        if kind == "error":
            raise PathFailed(answer)
        return answer

    def close(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(5)


def time_paths(specs: list[PathSpec], jobs: list[Job], rounds: int, say: Say) -> list[dict[str, Any]]:
    """Load each path (one at a time, so loads do not compete), then run them in turn,
    A B C A B C…, ``rounds`` times; a path that fails is reported with its error."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")  # a fresh interpreter per path: no shared caches
    workers = [_Worker(context, spec, job) for spec, job in zip(specs, jobs)]
    results = [{"name": s.name, "task": s.task, "engine_asked": s.engine, "runs_s": [], "error": None}
               for s in specs]
    try:
        for worker, result in zip(workers, results):
            _attempt(result, lambda w=worker: {**w.ask(None), **w.ask("load")})
        for round_ in range(1, rounds + 1):
            for worker, result in zip(workers, results):
                if result["error"] is None:
                    time.sleep(0.3)  # let the last path's OpenMP threads stop spinning
                    _attempt(result, lambda w=worker, r=result: _record_run(r, w.ask("run")))
            say(f"{specs[0].task} round {round_}/{rounds}: " + ", ".join(
                f"{r['name']} {r['runs_s'][-1]:.1f} s" for r in results if r["error"] is None and r["runs_s"]))
        for worker, result in zip(workers, results):
            if result["error"] is None:
                _attempt(result, lambda w=worker: w.ask("stop"))
    finally:
        for worker in workers:
            worker.close()
    for result in results:
        if result["runs_s"]:
            result["median_s"] = round(statistics.median(result["runs_s"]), 3)
            result["median_cpu_s"] = round(statistics.median(result["runs_cpu_s"]), 3)
    return results


def _attempt(result: dict[str, Any], action: Callable[[], dict[str, Any] | None]) -> None:
    try:
        answer = action()
    except PathFailed as exc:
        result["error"] = str(exc)
        return
    if answer:
        result.update(answer)


def _record_run(result: dict[str, Any], run: dict[str, Any]) -> None:
    result["runs_s"].append(round(run.pop("seconds"), 3))
    result.setdefault("runs_cpu_s", []).append(run.pop("cpu_s"))
    result.update(run)


def memory_check(job: Job, pages: int) -> dict[str, Any]:
    """The default path translating the example ``pages`` times in one process."""
    import multiprocessing

    worker = _Worker(multiprocessing.get_context("spawn"), PathSpec("default", "translation", "auto"), job)
    try:
        worker.ask(None)
        worker.ask("load")
        found = worker.ask("memory", pages)
        found["peak_rss_mb"] = worker.ask("stop")["peak_rss_mb"]
    except PathFailed as exc:
        return {"pages": pages, "error": str(exc)}
    finally:
        worker.close()
    return {**found, **memory_verdict(found["rss_mb"], pages)}


def memory_verdict(rss: dict[str, float], pages: int) -> dict[str, Any]:
    """Growth after the allocators settle (CTranslate2's cache, a malloc arena per thread:
    the first pages); a leak shows as growth from page 10 to the last."""
    settled = "10" if pages >= 10 else "1"
    growth = round(rss[str(pages)] - rss[settled], 1)
    return {"warm_up_mb": round(rss[settled] - rss["1"], 1), "growth_mb": growth,
            "growth_from_page": int(settled), "flat": growth <= max(16.0, 0.02 * rss[settled])}


# --- the whole benchmark ---------------------------------------------------------------------

def run_bench(*, quick: bool = False, threads: int | None = None, memory: bool = False, pages: int = 100,
              say: Say = lambda message: None, command: str = "zonesum bench") -> dict[str, Any]:
    """Build the models if needed, time the paths, and return the report (``report``)."""
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")  # inherited by the workers
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    started, load_before = time.perf_counter(), loadavg()
    plan = plan_for(quick)
    config = load_config("default")
    threads = threads or engines.usable_cpus()
    work = load_workload(config, plan.zones)
    models = ensure_models(cache_dir() / "bench", summariser=plan.summary_rounds > 0, say=say)
    translator = models["translator"]["folder"]

    specs = [PathSpec("baseline", "translation", "torch", naive=True), PathSpec("default", "translation", "auto")]
    if plan.every_engine:
        default_engine = _resolves_to("auto", "marian")
        specs += [PathSpec(e, "translation", e) for e in engines.ENGINES if e != default_engine]
    jobs = [Job(translator, config, work.sentences if s.naive else work.zones, threads) for s in specs]
    say(f"timing {len(specs)} translation paths on {len(work.zones)} zones ({len(work.sentences)} sentences), "
        f"{plan.rounds} rounds")
    translation = time_paths(specs, jobs, plan.rounds, say)
    summarisation = None
    if plan.summary_rounds:
        summariser = models["summariser"]["folder"]
        specs = [PathSpec("baseline", "summarisation", "torch", naive=True),
                 PathSpec("default", "summarisation", "auto")]
        say(f"timing the summariser on {len(work.zones)} zones, {plan.summary_rounds} rounds")
        summarisation = time_paths(specs, [Job(summariser, config, work.zones, threads)] * 2,
                                   plan.summary_rounds, say)
    memory_report = None
    if memory:
        say(f"translating the example {pages} times with the default path (memory)")
        full = load_workload(config) if plan.zones else work
        memory_report = memory_check(Job(translator, config, full.zones, threads), pages)
    return build_report(plan, config, work, models, translation, summarisation, memory_report, threads, command,
                        time.perf_counter() - started, load_before)


def _resolves_to(engine: str, model_type: str) -> str | None:
    try:
        return engines.choose(engine, model_type, "cpu")
    except ZonesumError:
        return None


def say_to_stderr(message: str) -> None:
    sys.stderr.write(f"{message}\n")
    sys.stderr.flush()
