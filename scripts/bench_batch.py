"""Benchmark ``zonesum batch``: N copies of the example pages, offline, and how busy the cores were.

    .venv/bin/python scripts/bench_batch.py [--pages 200] [--jobs 2] [--engine local]

Prints pages per second (end to end, and the batch's own figure, which leaves out Python's
start-up and input planning) and how busy the cores were, from /proc/stat: the whole machine's,
so other work on it shows up there too. (The process's own accounting, ``RUSAGE_CHILDREN``,
cannot see the workers: they are children of the fork server, which nobody waits for.)
``--tmp /dev/shm`` puts the pages and OUT in memory, leaving the disk out of the figure (a batch
makes three files a page; on an ext4 without a journal a new file costs 0.1-1 ms of kernel time).
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from zonesum.backends.engines import usable_cpus

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = [REPO / "examples" / "linjiang-zones.txt",
            REPO.parent / "shared" / "examples" / "qingdao-nine-zones.txt"]  # third party: copied to tmp only


def corpus(folder: Path, pages: int) -> None:
    sources = [p.read_bytes() for p in EXAMPLES if p.exists()]
    for i in range(pages):  # a different line per copy, so every page has its own content hash
        (folder / f"page{i:04d}.txt").write_bytes(sources[i % len(sources)] + f"\n第{i}版\n".encode())


def cpu_ticks() -> list[tuple[int, int]]:
    """(busy, total) jiffies per core from /proc/stat; empty where there is no /proc."""
    try:
        lines = Path("/proc/stat").read_text().splitlines()
    except OSError:
        return []
    out = []
    for line in lines:
        if re.match(r"cpu\d+ ", line):
            values = [int(v) for v in line.split()[1:]]
            idle = values[3] + values[4]  # idle + iowait
            out.append((sum(values) - idle, sum(values)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--engine", default="local", choices=("local", "ray"))
    parser.add_argument("--tmp", help="folder for the pages and OUT (default: the system's temp folder)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="zonesum-bench-", dir=args.tmp))
    try:
        (work / "in").mkdir()
        corpus(work / "in", args.pages)
        command = [sys.executable, "-m", "zonesum.cli", "batch", str(work / "in"), "-o", str(work / "out"),
                   "--offline", "-c", "offline", "--jobs", str(args.jobs), "--engine", args.engine]
        ticks = cpu_ticks()
        started = time.perf_counter()
        run = subprocess.run(command, capture_output=True, text=True)
        wall = time.perf_counter() - started
        ticks_after = cpu_ticks()
        if run.returncode != 0:
            sys.exit(f"zonesum batch failed ({run.returncode}):\n{run.stderr}")
        cores = usable_cpus()
        own = re.search(r"([\d.]+) pages/s", run.stderr)
        print(f"command: {' '.join(command[2:])}")
        print(f"pages: {args.pages} · jobs: {args.jobs} · engine: {args.engine} · cores: {cores}")
        print(f"wall: {wall:.2f} s · end to end: {args.pages / wall:.1f} pages/s"
              f" · batch's own figure: {own.group(1) if own else '?'} pages/s")
        if ticks and ticks_after:
            busy = [(b1 - b0, t1 - t0) for (b0, t0), (b1, t1) in zip(ticks, ticks_after)]
            total = sum(b for b, _ in busy) / max(1, sum(t for _, t in busy))
            print(f"cores busy (whole machine): {100 * total:.0f}% of {len(busy)} · "
                  + ", ".join(f"cpu{i} {100 * b / max(1, t):.0f}%" for i, (b, t) in enumerate(busy)))
        started = time.perf_counter()  # a second run has nothing to do: that is the resume cost
        rerun = subprocess.run(command, capture_output=True, text=True)
        print(f"rerun (all up to date): {time.perf_counter() - started:.2f} s, exit {rerun.returncode}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
