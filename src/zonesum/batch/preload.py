"""What the local engine's fork server loads once, before it forks any worker.

``multiprocessing`` imports this module in the fork server (``set_forkserver_preload``); every
worker is then forked from that process with the pipeline's modules imported and its tables
built (zone lists and automata, word classes, pinyin, the facts glossary, the compiled
templates), so a worker's start costs a fork instead of a second of CPU, and the tables are
built once per batch instead of once per worker. Nothing here is needed for correctness: a
table the warm-up did not reach is built in the worker on first use, as before.

Not imported anywhere else: importing it runs a page. It must leave no thread running (the
server forks, and a fork copies only the forking thread, with any lock another one holds).
"""
from __future__ import annotations

import atexit
import gc

from .server import exit_now

# Everything made from here to the freeze below lives as long as the server: the cyclic
# collector's passes over it while it is made (a tenth of the start-up) would free nothing.
gc.disable()
try:
    from ..config import Config
    from ..pipeline import run_text
    from ..writers import FORMATS, render
except BaseException:  # the server goes on without a preloaded pipeline: collector back on
    gc.enable()
    raise

# Short, but it reaches every table a page needs: listed zones and one found by grammar (its
# English name by rule, so pinyin), figures and changes (facts, the scoreboard and the chart).
_SAMPLE = """龙栖湾科技园、青岛高新区和青岛西海岸新区一季度成绩单出炉

今年以来，青岛西海岸新区一季度实现地区生产总值1000亿元，同比增长8.5%。

青岛高新区一季度实现地区生产总值300亿元，同比增长12%，引进项目30个。

龙栖湾科技园一季度新增企业200家，营业收入同比增长20%；下一步将力争全年突破500家。
"""


def _warm() -> None:
    try:
        result = run_text(_SAMPLE, Config().offline(), offline=True)
        for fmt in FORMATS:
            render(result, fmt)
    except Exception:  # noqa: BLE001 - only an optimisation: workers load what they need themselves
        pass
    # The loaded tables live as long as the server: left out of every garbage collection from
    # now on, in the server and in its forked workers (no copy-on-write of their pages, no
    # full collection walking them, and the server's exit does not walk them either).
    gc.freeze()
    gc.enable()  # for what the workers make, page after page


_warm()
# When the batch ends, so does the server: without the interpreter's teardown. Registered last,
# so run first.
atexit.register(exit_now)
