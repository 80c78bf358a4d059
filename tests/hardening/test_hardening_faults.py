"""Faults injected into a run: bad configs, unwritable or full disks, SIGTERM, broken model files.

Each must end in one ``error:`` line on stderr, a non-zero exit code, no traceback and no
partial file (neither a half-written output nor a leftover temp file).
"""
from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from zonesum import atomic
from zonesum.cli import app

from articles import EXAMPLE

runner = CliRunner()
OUTPUTS = ["linjiang-zones.html", "linjiang-zones.json", "linjiang-zones.md"]


def _one_error_line(outcome, code: int | None = None) -> str:
    assert outcome.exit_code != 0 and (code is None or outcome.exit_code == code), outcome.output
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), outcome.stderr
    assert "Traceback" not in outcome.output
    return lines[0]


def _run(*args: str, out=None):
    return runner.invoke(app, ["run", str(EXAMPLE), *args] + (["-o", str(out)] if out is not None else []))


# --- configs ----------------------------------------------------------------------------------

@pytest.mark.parametrize("yaml_text,expected", [
    ("limits:\n  max_bytes: lots\n", "key 'limits.max_bytes'"),
    ("limits: 5\n", "key 'limits'"),
    ("summarizer:\n  max_chars: [1, 2]\n", "key 'summarizer.max_chars'"),
    ("discover_zones: maybe\n", "key 'discover_zones'"),
    ("gazetteers: 5\n", "key 'gazetteers'"),
    ("translator:\n  generation:\n    num_beams: 0\n", "key 'translator.generation.num_beams'"),
    ("to_simplified: {yes: please}\n", "key 'to_simplified'"),
    ("limits:\n  max_byts: 5\n", "key 'limits.max_byts': unknown key (known keys: max_bytes, max_line_chars)"),
    ("- a\n- list\n", "must be a mapping"),
    ("limits: [\n", "is not valid YAML"),
])
def test_config_wrong_type_is_one_line_naming_the_key(tmp_path, yaml_text, expected):
    config = tmp_path / "bad.yaml"
    config.write_text(yaml_text, encoding="utf-8")
    out = tmp_path / "out"
    line = _one_error_line(_run("-c", str(config), out=out), code=2)
    assert expected in line and str(config) in line
    assert not out.exists()


# --- output folder ----------------------------------------------------------------------------

def test_atomic_read_only_folder_is_one_line_and_nothing_written(tmp_path):
    out = tmp_path / "read-only"
    out.mkdir()
    out.chmod(0o555)
    try:
        probe = out / "probe"
        try:
            probe.write_text("x")
        except PermissionError:
            pass
        else:  # root writes anyway: the simulated test below covers it
            probe.unlink()
            pytest.skip("running as root: a read-only mode does not stop writes")
        line = _one_error_line(_run("-c", "offline", out=out))
        assert f"cannot write to {out}: Permission denied" in line
        assert list(out.iterdir()) == []
    finally:
        out.chmod(0o755)


def test_atomic_unwritable_folder_simulated_is_one_line_and_nothing_written(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic, "_create_temp", refuse)
    out = tmp_path / "out"
    line = _one_error_line(_run("-c", "offline", out=out))
    assert line == f"error: cannot write to {out}: Permission denied (choose a writable output folder with -o)"
    assert list(out.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
@pytest.mark.parametrize("umask,mode", [(0o022, 0o644), (0o077, 0o600)])
def test_outputs_have_the_mode_the_umask_gives_new_files(tmp_path, umask, mode):
    """Briefs others may read (a web server, a colleague) unless the umask says otherwise, as
    any new file; a brief written over an earlier one gets the same."""
    out = tmp_path / "out"
    previous = os.umask(umask)
    try:
        for _ in range(2):
            assert _run("-c", "offline", out=out).exit_code == 0
    finally:
        os.umask(previous)
    assert {p.name: oct(p.stat().st_mode & 0o777) for p in out.iterdir()} == {name: oct(mode) for name in OUTPUTS}


def test_atomic_output_path_that_is_a_file_is_one_line(tmp_path):
    out = tmp_path / "taken"
    out.write_text("not a folder", encoding="utf-8")
    line = _one_error_line(_run("-c", "offline", out=out))
    assert f"cannot write to {out}" in line
    assert out.read_text(encoding="utf-8") == "not a folder"


# --- full disk --------------------------------------------------------------------------------

@pytest.mark.parametrize("failing_file", [1, 2, 3])
def test_atomic_full_disk_at_any_file_writes_none(tmp_path, monkeypatch, failing_file):
    """ENOSPC on the 1st, 2nd or 3rd output: no output at all (all or none) and no temp file."""
    calls = []
    real_fsync = os.fsync

    def fsync(fd):
        calls.append(fd)
        if len(calls) == failing_file:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    out = tmp_path / "out"
    line = _one_error_line(_run("-c", "offline", out=out))
    assert "the disk is full" in line and "linjiang-zones." in line
    assert list(out.iterdir()) == []


def test_atomic_full_disk_while_writing_keeps_the_previous_outputs(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert _run("-c", "offline", out=out).exit_code == 0
    before = {name: (out / name).read_bytes() for name in OUTPUTS}

    class FullDisk:
        def __init__(self, fd, *args, **kwargs):
            os.close(fd)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def write(self, text):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fdopen", FullDisk)
    line = _one_error_line(_run("-c", "offline", out=out))
    assert "the disk is full" in line
    assert sorted(p.name for p in out.iterdir()) == OUTPUTS
    assert {name: (out / name).read_bytes() for name in OUTPUTS} == before


def test_atomic_rename_refused_is_one_line_and_leaves_no_temp_file(tmp_path):
    out = tmp_path / "out"
    (out / "linjiang-zones.md").mkdir(parents=True)  # a folder where an output must go
    line = _one_error_line(_run("-c", "offline", out=out))
    assert f"cannot write {out / 'linjiang-zones.md'}" in line
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def _cli(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "from zonesum.cli import main; main()", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs POSIX file-size limits")
def test_cli_run_real_write_failure_in_a_subprocess(tmp_path):
    """A real kernel refusal (the file-size limit, EFBIG) in a real process: one line, no files."""
    import resource

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))

    out = tmp_path / "out"
    process = _cli("run", str(EXAMPLE), "-c", "offline", "-o", str(out), preexec_fn=small_files)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 1, stderr
    lines = stderr.strip().splitlines()
    assert lines[-1].startswith("error: cannot write ") and "File too large" in lines[-1], stderr
    assert not any(line.startswith(("error", "Traceback")) for line in lines[:-1]), stderr
    assert list(out.iterdir()) == []


# --- SIGTERM ----------------------------------------------------------------------------------

SLOW_WRITER = """
import os, pathlib, sys, time
from zonesum import atomic
flag = pathlib.Path(sys.argv[1])
def slow_fsync(fd):
    flag.write_text("writing")  # the first output is half-way: written, not yet renamed
    time.sleep(60)
atomic.os.fsync = slow_fsync
sys.argv = ["zonesum", *sys.argv[2:]]
from zonesum.cli import main
main()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_cli_run_sigterm_mid_write_leaves_no_partial_file(tmp_path):
    out, flag = tmp_path / "out", tmp_path / "flag"
    process = subprocess.Popen([sys.executable, "-c", SLOW_WRITER, str(flag), "run", str(EXAMPLE), "-c", "offline",
                                "-o", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not flag.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert flag.exists(), process.communicate()[1]
    assert [p.name for p in out.iterdir()][0].endswith(".tmp")  # caught with a temp file on disk
    process.send_signal(signal.SIGTERM)
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 128 + signal.SIGTERM, stderr
    lines = stderr.strip().splitlines()
    assert lines[-1] == "error: terminated by SIGTERM" and "Traceback" not in stderr, stderr
    assert list(out.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_atomic_signal_between_renames_waits_until_every_file_is_in_place(tmp_path, monkeypatch):
    class Stop(BaseException):
        pass

    def stop(signum, frame):
        raise Stop()

    real_replace = os.replace

    def replace_then_signal(src, dst):
        real_replace(src, dst)
        os.kill(os.getpid(), signal.SIGTERM)  # arrives after the first rename

    monkeypatch.setattr(atomic.os, "replace", replace_then_signal)
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        with pytest.raises(Stop):
            atomic.write_texts_atomic({tmp_path / name: name for name in ("a.json", "a.md", "a.html")})
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "a.json", "a.md"]
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "a.md"


# --- model files ------------------------------------------------------------------------------

def test_cli_run_truncated_model_weights_is_one_line(tiny_marian, tmp_path):
    broken = tmp_path / "broken-marian"
    shutil.copytree(tiny_marian, broken)
    weights = broken / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[: weights.stat().st_size // 3])
    config = tmp_path / "broken.yaml"
    config.write_text(json.dumps({"translator": {"backend": "seq2seq", "model": str(broken)}}), encoding="utf-8")
    out = tmp_path / "out"
    line = _one_error_line(_run("-c", str(config), out=out))
    assert "broken-marian" in line and "cannot be loaded" in line
    assert not out.exists()
