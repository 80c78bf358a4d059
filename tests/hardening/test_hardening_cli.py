"""`zonesum run` on inputs that are not articles: one ``error:`` line, non-zero exit, nothing written.

Through typer's CliRunner and, once per case, in a real process (what a shell user sees).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zonesum.cli import app

runner = CliRunner()

# name -> (what to make at the input path, words the error line must hold)
CASES = {
    "empty": (b"", "the file is empty"),
    "whitespace": (" \n\t\r\n\u3000 \n".encode(), "holds no text"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary file"),
    "control bytes": (b"\x00\x01\x02\x03" * 100, "binary file"),
    "undecodable": (bytes([0x81, 0x20, 0xA1, 0x0A]) * 200 + "中文".encode() * 2, "decode"),
    "folder": ("dir", "is a folder"),
    "missing": (None, "no such file"),
}
# An article that names no zone is read: without --require-zones a brief that says so, with it one line.
NO_ZONE = {
    "no zone": "周末游记\n\n今天天气很好，我们去公园散步，看到很多人在跑步。\n\n"
               "中午在湖边吃了午饭，下午去图书馆借了两本书。\n\n晚上回家做饭，吃完饭看书。\n".encode(),
    "no zone, one line": "今天天气很好，我们去公园散步。".encode() * 5,
}


def _make(tmp_path: Path, content) -> Path:
    path = tmp_path / "input.txt"
    if content == "dir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    return path


def _assert_one_error_line(stderr: str, words: str, path: Path) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"error: {path}") and words in lines[0], lines[0]
    assert "Traceback" not in stderr


@pytest.mark.parametrize("case", CASES)
def test_cli_run_bad_input_is_one_error_line(tmp_path, case):
    content, words = CASES[case]
    path, out = _make(tmp_path, content), tmp_path / "out"
    outcome = runner.invoke(app, ["run", str(path), "-c", "offline", "-o", str(out)])
    assert outcome.exit_code == 1, outcome.output
    _assert_one_error_line(outcome.stderr, words, path)
    assert outcome.stdout == ""
    assert not out.exists()


@pytest.mark.parametrize("case", CASES)
def test_cli_run_bad_input_in_a_real_process(tmp_path, case):
    content, words = CASES[case]
    path, out = _make(tmp_path, content), tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "zonesum.cli", "run", str(path), "-c", "offline", "-o", str(out)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    _assert_one_error_line(done.stderr, words, path)
    assert done.stdout == ""
    assert not out.exists()


@pytest.mark.parametrize("case", NO_ZONE)
def test_cli_run_article_with_no_zone_writes_its_brief_and_says_so(tmp_path, case):
    path, out = _make(tmp_path, NO_ZONE[case]), tmp_path / "out"
    outcome = runner.invoke(app, ["run", str(path), "-c", "offline", "-o", str(out)])
    assert outcome.exit_code == 0, outcome.output
    assert f"note: {path}: no zone found" in outcome.stderr
    brief = json.loads((out / "input.json").read_text(encoding="utf-8"))
    assert brief["zones"] == [] and brief["note"] == "no zone found in this article"


@pytest.mark.parametrize("case", NO_ZONE)
def test_cli_run_require_zones_makes_it_one_error_line(tmp_path, case):
    path, out = _make(tmp_path, NO_ZONE[case]), tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "zonesum.cli", "run", str(path), "-c", "offline", "-o", str(out),
                           "--require-zones"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 3, done.stderr
    _assert_one_error_line(done.stderr, "no zone found", path)
    assert not out.exists()


def test_cli_run_debug_shows_the_traceback(tmp_path):
    path = _make(tmp_path, b"")
    for args in (["--debug", "run", str(path)], ["run", str(path), "--debug"]):
        done = subprocess.run([sys.executable, "-m", "zonesum.cli", *args, "-c", "offline", "-o", str(tmp_path / "o")],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode != 0 and "Traceback" in done.stderr and "InputError" in done.stderr
        assert not (tmp_path / "o").exists()
