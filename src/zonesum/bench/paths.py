"""The paths ``zonesum bench`` times, each served from its own worker process.

A worker loads one path's model (timed, in a fresh process, so that load times and peak
RSS belong to that path alone), then runs the workload whenever the parent asks, so that
the parent can alternate paths round by round. Output lengths are fixed from the source
lengths (min = max new tokens), so every path decodes the same number of steps per input.
"""
from __future__ import annotations

import resource
import sys
import time
from dataclasses import dataclass
from typing import Any, Callable

from ..config import Config
from ..text.sentences import split_paragraphs, split_sentences

TRANSLATION_RATIO = 1.3  # English tokens per Chinese source token out of opus-mt-zh-en, roughly
SUMMARY_RATIO = 0.5  # summary tokens per source token, capped by the config's max_new_tokens


@dataclass(frozen=True)
class PathSpec:
    """One way of running a task: zonesum's backend on an engine, or the naive baseline."""

    name: str  # baseline, default, torch, torch-int8, ctranslate2
    task: str  # translation or summarisation
    engine: str  # as a config asks for it (auto for the default path)
    naive: bool = False  # one input per model.generate call, fp32, no batching (the old pipeline)


@dataclass(frozen=True)
class Job:
    model: str  # the model folder
    config: Config
    inputs: tuple[str, ...]  # sentences for the baseline, zone texts for zonesum's backends
    threads: int


def output_length(task: str, max_new_tokens: int) -> Callable[[int], int]:
    """The fixed output length for a source of n tokens."""
    if task == "translation":
        return lambda n: max(1, round(TRANSLATION_RATIO * n))
    return lambda n: max(8, min(max_new_tokens, round(SUMMARY_RATIO * n)))


def current_rss_mb() -> float:
    """Resident memory now (Linux /proc; elsewhere the peak, which is all getrusage knows)."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
        import os

        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return peak_rss_mb()


def peak_rss_mb() -> float:
    """This process's peak resident memory. Linux: VmHWM, which starts afresh in a spawned
    interpreter; getrusage's ru_maxrss would carry the parent's peak over fork and exec."""
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration, ValueError, IndexError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB elsewhere


class Runner:
    """A loaded path: ``run()`` does the workload once and says how long it took."""

    def __init__(self, spec: PathSpec, job: Job):
        from ..backends.models import load_model
        from ..backends.seq2seq import SeqSummarizer, SeqTranslator

        self.spec, self.job = spec, job
        stage = job.config.translator if spec.task == "translation" else job.config.summarizer
        self.settings = stage.model_copy(update={"model": job.model, "engine": spec.engine})
        self._length = output_length(spec.task, self.settings.generation.max_new_tokens)
        started = time.perf_counter()
        self.loaded = load_model(job.model, engine="torch" if spec.naive else spec.engine, threads=job.threads)
        # no glossary: random weights never copy placeholders, so every protected piece would
        # be translated twice (the retry), work a real model does not do
        self.backend: Any = None
        if not spec.naive and spec.task == "translation":
            self.backend = SeqTranslator(self.loaded, self.settings, lengths=self._count)
        elif not spec.naive:
            self.backend = SeqSummarizer(self.loaded, self.settings, lengths=self._count)
        self.load_s = time.perf_counter() - started
        self.calls = self.steps = 0
        # warm-up, untimed: first-call allocations and kernel set-up
        self._once((split_sentences(split_paragraphs(job.inputs[0])[0])[0],))

    def describe(self) -> dict[str, Any]:
        return {"engine": self.loaded.engine, "dtype": self.loaded.dtype, "load_s": round(self.load_s, 3),
                "fallback": self.loaded.fallback}

    def _count(self, tokens: int) -> int:
        """The output length for a model call whose longest input has ``tokens`` tokens."""
        length = self._length(tokens)
        self.calls += 1
        self.steps += length
        return length

    def run(self) -> dict[str, Any]:
        self.calls = self.steps = 0
        started, cpu = time.perf_counter(), time.process_time()
        outputs = self._once(self.job.inputs)
        seconds = time.perf_counter() - started
        # CPU seconds of all this process's threads: steadier than wall time on a shared machine
        return {"seconds": seconds, "cpu_s": round(time.process_time() - cpu, 3),
                "model_calls": self.calls, "decode_steps": self.steps,
                "outputs": len(outputs), "empty_outputs": sum(1 for o in outputs if not o)}

    def memory(self, pages: int) -> dict[str, Any]:
        """RSS after pages 1, 10, 50, 100 (and the last) of translating the workload again and again."""
        marks = sorted({m for m in (1, 10, 50, 100, pages) if m <= pages})
        rss = {"loaded": round(current_rss_mb(), 1)}
        started = time.perf_counter()
        for page in range(1, pages + 1):
            self._once(self.job.inputs)
            if page in marks:
                rss[str(page)] = round(current_rss_mb(), 1)
        return {"pages": pages, "rss_mb": rss, "seconds": round(time.perf_counter() - started, 1)}

    def _once(self, inputs: tuple[str, ...]) -> list[str]:
        if self.spec.naive:
            return [self._naive(text) for text in inputs]
        if self.spec.task == "translation":
            return [g.text or "" for g in self.backend.translate(list(inputs))]
        return [g.text or "" for g in self.backend.summarize(list(inputs), self.job.config.summarizer.max_chars)]

    def _naive(self, text: str) -> str:
        """What the transformers pipeline did before transformers 5 removed it: one input per
        ``model.generate`` call under ``no_grad``, fp32, the config's beams and penalties."""
        import torch

        from ..backends.models import _generate_options

        length = self._count(self.loaded.count_tokens(text))
        positions = getattr(self.loaded.config, "max_position_embeddings", None)
        if isinstance(positions, int):
            length = min(length, positions - 2)  # as seq2seq.generate caps it: the position table ends
        options = {**_generate_options(self.settings.generation, None),
                   "min_new_tokens": length, "max_new_tokens": length}
        inputs = self.loaded.tokenizer([text], return_tensors="pt")
        with torch.no_grad():
            ids = self.loaded.model.generate(**inputs, **options)
        return self.loaded.tokenizer.decode(ids[0], skip_special_tokens=True).strip()


def serve(conn: Any, spec: PathSpec, job: Job) -> None:
    """A worker process: import, then answer load / run / memory / stop from the parent."""
    import os

    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    started = time.perf_counter()
    import torch  # noqa: F401 - imported before the timed load, as a long-running process has it
    import transformers  # noqa: F401

    conn.send(("started", {"import_s": round(time.perf_counter() - started, 2)}))
    runner: Runner | None = None
    while True:
        command, argument = conn.recv()
        try:
            if command == "load":
                runner = Runner(spec, job)
                answer: dict[str, Any] = runner.describe()
            elif command == "run" and runner is not None:
                answer = runner.run()
            elif command == "memory" and runner is not None:
                answer = runner.memory(int(argument))
            else:
                conn.send(("done", {"peak_rss_mb": round(peak_rss_mb(), 1)}))
                return
        except Exception as exc:  # noqa: BLE001 - reported by the parent as this path's failure
            lines = [line for line in str(exc).splitlines() if line.strip()]
            conn.send(("error", f"{type(exc).__name__}: {lines[0] if lines else ''}"[:300]))
            return
        conn.send(("done", answer))
