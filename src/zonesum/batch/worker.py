"""The per-page function every batch engine runs: a path in, the rendered brief (or one error line) out.

Workers only compute; the driver writes every file. That keeps one writer per OUT folder,
so a killed run cannot leave two processes racing on the same output.
"""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from typing import Literal, Optional

from ..backends.engines import usable_cpus
from ..config import Config
from ..errors import ZonesumError

_THREAD_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


@dataclass(frozen=True)
class PageTask:
    index: int  # position in the batch (and in the index)
    path: str
    stem: str
    sha256: str  # of the input bytes, as hashed by the driver


@dataclass(frozen=True)
class PageOutcome:
    status: Literal["ok", "failed"]
    error: Optional[str] = None  # one line
    # format -> rendered brief, in UTF-8: the bytes the driver writes and hashes (a str would be
    # decoded on arrival and encoded twice more there)
    texts: dict[str, bytes] = field(default_factory=dict)
    zones: tuple[str, ...] = ()
    warnings: int = 0
    seconds: float = 0.0
    fatal_exit_code: Optional[int] = None  # set when the worker itself could not start (no model…)
    facts_csv: Optional[str] = None  # its rows of OUT/facts.csv (no header): the driver need not read them back

    @classmethod
    def failed(cls, error: str, *, seconds: float = 0.0, fatal_exit_code: int | None = None) -> "PageOutcome":
        return cls(status="failed", error=one_line(error), seconds=round(seconds, 4), fatal_exit_code=fatal_exit_code)


def one_line(text: str) -> str:
    return " ".join(str(text).split()) or "error"


def worker_threads(config: Config, jobs: int) -> int:
    """Torch threads per worker: the config's, else the usable CPUs divided among the workers."""
    return config.threads or max(1, usable_cpus() // max(1, jobs))


def limit_threads(threads: int) -> None:
    """Cap math-library threads before torch/ctranslate2 load, so workers do not oversubscribe."""
    for var in _THREAD_VARS:
        os.environ[var] = str(threads)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")  # fork-safety warnings from HF tokenizers
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(threads)


class PageWorker:
    """Holds the models of one worker process (loaded once) and turns pages into briefs."""

    def __init__(self, config: Config, offline: bool, threads: int):
        from ..backends import get_backends

        limit_threads(threads)
        # The models load with this worker's share of the CPUs (torch and CTranslate2 alike);
        # threads are not part of the config signature, so outputs stay comparable.
        config = config.model_copy(update={"threads": config.threads or threads})
        self.config, self.offline = config, offline
        self.backends, self.error = None, None
        try:
            self.backends = get_backends(config, offline=offline)
        except ZonesumError as exc:  # reported by the first page, which stops the batch
            self.error = exc

    def process(self, task: PageTask) -> PageOutcome:
        if self.error is not None:
            return PageOutcome.failed(self.error.line(), fatal_exit_code=self.error.exit_code)
        from ..pipeline import run_file
        from ..writers import FORMATS, render
        from ..writers.facts import fact_rows, render_facts_csv

        started = time.perf_counter()
        try:
            result = run_file(task.path, self.config, offline=self.offline, backends=self.backends)
            texts = {fmt: render(result, fmt).encode("utf-8") for fmt in FORMATS}
            facts_csv = render_facts_csv(fact_rows(result, input_name=task.path), header=False)
        except ZonesumError as exc:
            return PageOutcome.failed(exc.line(), seconds=time.perf_counter() - started)
        except Exception as exc:  # noqa: BLE001 - one bad page must not stop the batch
            return PageOutcome.failed(f"{task.path}: unexpected {type(exc).__name__}: {exc}",
                                      seconds=time.perf_counter() - started)
        return PageOutcome(status="ok", texts=texts, zones=tuple(z.name for z in result.zones),
                           warnings=len(result.warnings), seconds=round(time.perf_counter() - started, 4),
                           facts_csv=facts_csv)
