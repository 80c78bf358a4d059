"""``zonesum batch --engine ray`` on a local Ray with 2 CPUs gives the local engine's index."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from test_batch import _cli, index_of, pages
from typer.testing import CliRunner

from zonesum.cli import app

pytest.importorskip("ray")


def _rows(out: Path) -> list[tuple]:
    return [(e["input"], e["status"], e["error"], e["outputs"], e["zones"], e["zone_names"], e["sha256"],
             e["config_signature"]) for e in index_of(out)["inputs"]]


@pytest.mark.slow  # starts a local Ray (about 10 s)
def test_batch_ray_engine_gives_the_same_index_and_briefs_as_local(tmp_path):
    folder = pages(tmp_path / "in")
    local, remote = tmp_path / "local", tmp_path / "ray"
    args = [str(folder), "-c", "offline", "--jobs", "2"]
    assert CliRunner().invoke(app, ["batch", *args, "-o", str(local)]).exit_code == 1
    # a subprocess, so Ray's processes and signal handlers never touch the test process
    ray_run = subprocess.run(_cli(*args, "-o", str(remote), "--engine", "ray"), capture_output=True, text=True,
                             timeout=120)
    assert ray_run.returncode == 1, ray_run.stderr
    assert _rows(remote) == _rows(local)
    assert index_of(remote)["engine"] == "ray"
    for rel in (r for row in _rows(local) for r in row[3]):
        if rel.endswith(".md"):
            assert (remote / rel).read_text(encoding="utf-8") == (local / rel).read_text(encoding="utf-8")
    assert "failed: " in ray_run.stderr and "Traceback" not in ray_run.stderr
