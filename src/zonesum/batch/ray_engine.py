"""The Ray engine: the same ``PageWorker`` as the local engine, one per Ray actor (models loaded once each).

Ray is an optional extra (``pip install 'zonesum[ray]'``). Without ``--ray-address`` a local
Ray is started with ``--jobs`` CPUs and stopped afterwards; with one, the cluster's workers
need zonesum installed and must see the input paths (a shared file system). The driver
writes every output, so OUT only has to exist where ``zonesum batch`` runs.
"""
from __future__ import annotations

import logging
import os
from collections import deque
from typing import Iterable, Iterator, Optional

from ..backends.engines import usable_cpus
from ..config import Config
from .inputs import BatchUsageError
from .local_engine import WORKER_DIED
from .stopping import Stop
from .worker import PageOutcome, PageTask, PageWorker, worker_threads


_STOP_POLL = 0.25  # seconds


class PageActor:
    """Plain class turned into a Ray actor in ``RayEngine`` (so this module imports without Ray)."""

    def __init__(self, config: Config, offline: bool, threads: int):
        self.worker = PageWorker(config, offline, threads)

    def process(self, task: PageTask) -> PageOutcome:
        return self.worker.process(task)


def import_ray():
    try:
        import ray
    except ImportError:
        raise BatchUsageError("--engine ray needs Ray, which is not installed",
                              hint="pip install 'zonesum[ray]', or use --engine local") from None
    return ray


class RayEngine:
    """``map_unordered`` over a pool of actors, one page in flight per actor."""

    def __init__(self, *, jobs: Optional[int], config: Config, offline: bool, address: Optional[str] = None):
        self.ray = ray = import_ray()
        self._started = False
        if not ray.is_initialized():
            os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no phoning home from a batch run
            quiet = dict(log_to_driver=False, logging_level=logging.ERROR)
            try:
                if address:
                    ray.init(address=address, **quiet)
                else:
                    ray.init(num_cpus=jobs or usable_cpus(), include_dashboard=False, **quiet)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                where = address or "a local Ray"
                raise BatchUsageError(f"cannot start or reach {where}: {' '.join(str(exc).split())}",
                                      hint="check --ray-address (e.g. ray://host:10001 or auto)") from None
            self._started = True
        self.jobs = jobs or max(1, int(ray.cluster_resources().get("CPU", 1)))
        # a local Ray shares this machine's cores; a cluster actor gets its one CPU
        threads = worker_threads(config, self.jobs) if not address else (config.threads or 1)
        self._actor_class = ray.remote(num_cpus=1)(PageActor)
        self._args = (config, offline, threads)
        self._actors = [self._new_actor() for _ in range(self.jobs)]

    def _new_actor(self):
        return self._actor_class.remote(*self._args)

    def __enter__(self) -> "RayEngine":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(abort=exc_type is not None)

    def map_unordered(self, tasks: Iterable[PageTask],
                      stop: Optional[Stop] = None) -> Iterator[tuple[PageTask, PageOutcome]]:
        ray = self.ray
        pending, idle = deque(tasks), deque(self._actors)
        inflight: dict = {}  # ObjectRef -> (actor, task)
        while pending or inflight:
            if stop is not None and stop.requested:
                return
            while pending and idle:
                actor, task = idle.popleft(), pending.popleft()
                inflight[actor.process.remote(task)] = (actor, task)
            # ray.wait cannot also wait on a pipe: a short timeout lets a stop request through
            ready, _ = ray.wait(list(inflight), num_returns=1, timeout=_STOP_POLL if stop is not None else None)
            for ref in ready:
                actor, task = inflight.pop(ref)
                try:
                    outcome = ray.get(ref)
                except ray.exceptions.RayActorError:  # the actor's process died: replace it
                    outcome = PageOutcome.failed(f"{task.path}: {WORKER_DIED}")
                    self._actors.remove(actor)
                    actor = self._new_actor()
                    self._actors.append(actor)
                except ray.exceptions.RayError as exc:
                    outcome = PageOutcome.failed(f"{task.path}: ray: {exc}")
                idle.append(actor)
                yield task, outcome

    def close(self, *, abort: bool = False) -> None:
        for actor in self._actors:
            try:
                self.ray.kill(actor)
            except Exception:  # noqa: BLE001 - already gone
                pass
        self._actors = []
        if self._started:
            self.ray.shutdown()
            self._started = False
