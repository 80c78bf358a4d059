"""``zonesum batch``: statuses, the index, unique and contained outputs, resuming, kills and Ctrl-C."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zonesum.batch.inputs import assign_stems, expand_inputs, safe_stem
from zonesum.batch.local_engine import LocalEngine, WorkersKeepDying
from zonesum.batch.worker import PageOutcome, PageTask
from zonesum.cli import app
from zonesum.config import load_config
from zonesum.writers import FORMATS

from articles import EXAMPLE, QINGDAO  # the Qingdao page is third party: read, never commit


def batch(*args: str):
    return CliRunner().invoke(app, ["batch", *args])


def pages(folder: Path) -> Path:
    """Good pages, an empty file, a binary file, a GB18030 page, a page without zones, and two
    files of the same name in different subfolders (plus files the default glob leaves out)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    folder.mkdir(parents=True)
    (folder / "linjiang.txt").write_text(text, encoding="utf-8")
    if QINGDAO.exists():
        (folder / "qingdao.txt").write_bytes(QINGDAO.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "gb18030.txt").write_bytes(text.encode("gb18030"))
    (folder / "nozones.txt").write_text("今天天气很好，我们去公园散步。\n\n大家都很开心。\n", encoding="utf-8")
    for sub in ("a", "b"):
        (folder / sub).mkdir()
        (folder / sub / "same.txt").write_text(text, encoding="utf-8")
    (folder / "notes.md").write_text("not a page", encoding="utf-8")
    (folder / ".hidden.txt").write_text(text, encoding="utf-8")
    return folder


def index_of(out: Path) -> dict:
    return json.loads((out / "index.json").read_text(encoding="utf-8"))


def statuses(out: Path) -> dict[str, str]:
    return {Path(e["input"]).relative_to(out.parent / "in").as_posix(): e["status"] for e in index_of(out)["inputs"]}


@pytest.fixture
def folder(tmp_path) -> Path:
    return pages(tmp_path / "in")


def test_batch_statuses_index_and_unique_outputs(folder, tmp_path):
    out = tmp_path / "out"
    result = batch(str(folder), "-o", str(out), "-c", "offline", "--offline", "--jobs", "2")
    assert result.exit_code == 1, result.output
    expected = {"linjiang.txt": "ok", "empty.txt": "failed", "binary.txt": "failed", "gb18030.txt": "ok",
                "nozones.txt": "ok", "a/same.txt": "ok", "b/same.txt": "ok"}  # no zone found: a brief all the same
    if QINGDAO.exists():
        expected["qingdao.txt"] = "ok"
    assert statuses(out) == expected
    index = index_of(out)
    assert index["counts"] == {"ok": len(expected) - 2, "failed": 2, "skipped": 0, "pending": 0}
    assert index["finished"] and index["config_signature"]
    rows = {Path(e["input"]).name if "same" not in e["input"] else e["input"][-10:]: e for e in index["inputs"]}
    assert "empty" in rows["empty.txt"]["error"] and "binary" in rows["binary.txt"]["error"]
    assert rows["nozones.txt"]["zones"] == 0 and rows["nozones.txt"]["error"] is None
    assert "no zone found" in (out / "index.html").read_text(encoding="utf-8")
    assert rows["gb18030.txt"]["zones"] == 6 and rows["linjiang.txt"]["zone_names"][0] == "临江滨海新区"
    outputs = [o for e in index["inputs"] for o in e["outputs"]]
    assert len(outputs) == len(set(outputs)) == 3 * (len(expected) - 2)
    assert {"a/same.json", "b/same.json", "gb18030.html", "linjiang.md"} <= set(outputs)
    for rel in outputs:
        assert (out / rel).is_file()
    brief = json.loads((out / "b" / "same.json").read_text(encoding="utf-8"))
    assert brief["source"]["path"].endswith("b/same.txt") and len(brief["zones"]) == 6
    assert brief["run"]["seconds"] >= 0 and not any(f.name.endswith(".tmp") for f in out.rglob("*"))
    assert "failed: " in result.stderr and "index: " in result.stderr


def test_batch_writes_the_same_briefs_as_run(folder, tmp_path):
    assert batch(str(folder / "linjiang.txt"), "-o", str(tmp_path / "b"), "-c", "offline").exit_code == 0
    single = CliRunner().invoke(app, ["run", str(folder / "linjiang.txt"), "-o", str(tmp_path / "r"), "-c", "offline"])
    assert single.exit_code == 0
    for fmt in FORMATS:
        made, ran = (tmp_path / d / f"linjiang.{fmt}" for d in ("b", "r"))
        if fmt == "json":  # only the timing differs
            made, ran = (json.loads(p.read_text(encoding="utf-8")) for p in (made, ran))
            made["run"]["seconds"] = ran["run"]["seconds"] = 0
            assert made == ran
        else:
            assert made.read_text(encoding="utf-8") == ran.read_text(encoding="utf-8")


def test_batch_index_html_lists_failures_first_escaped_and_linked(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_bytes(EXAMPLE.read_bytes())
    (folder / "<b>bad&.txt").write_bytes(b"")
    out = tmp_path / "out"
    assert batch(str(folder), "-o", str(out), "-c", "offline").exit_code == 1
    html = (out / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="Content-Security-Policy"' in html and "default-src &#39;none&#39;" in html
    assert "<b>bad" not in html and "&lt;b&gt;bad&amp;.txt" in html
    assert html.index("Failed (1)") < html.index('href="ok.html"') < html.index("</table>")
    assert html.index("status-failed") < html.index("status-ok")


def test_batch_second_run_skips_everything_and_redoes_only_what_changed(folder, tmp_path):
    out = tmp_path / "out"
    args = (str(folder), "-o", str(out), "-c", "offline", "--jobs", "2")
    assert batch(*args).exit_code == 1
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*.*") if ".zonesum" not in p.parts and "index" not in p.name}
    second = batch(*args)
    assert second.exit_code == 1  # the bad pages are tried again, and fail again
    assert set(statuses(out).values()) == {"skipped", "failed"}
    assert "up to date" in second.stderr
    assert mtimes == {p: p.stat().st_mtime_ns for p in mtimes}
    # a changed page, a lost output and a hand-truncated output are redone; the rest stay skipped
    (folder / "gb18030.txt").write_text(EXAMPLE.read_text(encoding="utf-8") + "\n补充。\n", encoding="utf-8")
    (out / "a" / "same.md").unlink()
    (out / "linjiang.html").write_text("<html>", encoding="utf-8")
    batch(*args)
    redone = {k for k, v in statuses(out).items() if v == "ok"}
    assert redone == {"gb18030.txt", "a/same.txt", "linjiang.txt"}
    assert (out / "a" / "same.md").exists() and len((out / "linjiang.html").read_text(encoding="utf-8")) > 100
    # another config is another signature: everything is redone
    batch(str(folder), "-o", str(out), "-c", "default", "--offline", "--jobs", "2")
    assert "skipped" not in statuses(out).values()


def test_batch_failing_page_drops_its_stale_brief(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "p.txt").write_bytes(EXAMPLE.read_bytes())
    assert batch(str(folder), "-o", str(out), "-c", "offline").exit_code == 0
    (folder / "p.txt").write_bytes(b"")
    assert batch(str(folder), "-o", str(out), "-c", "offline").exit_code == 1
    assert not any((out / f"p.{fmt}").exists() for fmt in FORMATS)


def _corpus(folder: Path, n: int) -> None:
    folder.mkdir(parents=True)
    data = EXAMPLE.read_bytes()
    for i in range(n):
        (folder / f"page{i:03d}.txt").write_bytes(data + f"\n第{i}版\n".encode())


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from zonesum.cli import main; main()", "batch", *args]


def _wait_for(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def _assert_complete(out: Path, n: int) -> None:
    index = index_of(out)
    assert index["finished"] and index["counts"]["pending"] == 0 and index["counts"]["failed"] == 0
    assert len(index["inputs"]) == n
    for entry in index["inputs"]:
        assert entry["status"] in ("ok", "skipped") and len(entry["outputs"]) == 3
        brief = json.loads((out / entry["outputs"][0]).read_text(encoding="utf-8"))
        assert len(brief["zones"]) == 6
    for path in out.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))  # every JSON file in OUT is whole
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_batch_state_is_one_journal_that_survives_a_torn_line_and_stays_small(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8")
    for i in range(3):
        (folder / f"p{i}.txt").write_text(text + f"\n第{i}版\n", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"")  # fails on every run: a record appended each time
    args = (str(folder), "-o", str(out), "-c", "offline", "--jobs", "1")
    assert batch(*args).exit_code == 1
    journal = out / ".zonesum" / "records.jsonl"
    assert set(_journal(out)) == {"p0", "p1", "p2", "bad"}
    assert not (out / ".zonesum" / "state").exists()  # no file per input
    # killed while appending p2's record: its line is torn, so p2 is redone, and the next
    # append does not run into the torn line
    lines = journal.read_text(encoding="utf-8").splitlines(keepends=True)
    torn = next(i for i, line in enumerate(lines) if '"stem":"p2"' in line)
    journal.write_text("".join(lines[:torn] + lines[torn + 1:]) + lines[torn][:40], encoding="utf-8")
    assert batch(*args).exit_code == 1
    assert statuses(out) == {"p0.txt": "skipped", "p1.txt": "skipped", "p2.txt": "ok", "bad.txt": "failed"}
    for _ in range(4):
        assert batch(*args).exit_code == 1
    assert statuses(out)["p2.txt"] == "skipped"
    lines = journal.read_text(encoding="utf-8").splitlines()
    assert all(json.loads(line)["version"] == 1 for line in lines)  # whole lines only
    assert len(lines) <= 2 * 4 + 1  # superseded lines are dropped, not kept for ever


def test_batch_resumes_an_out_folder_with_a_record_file_per_input(tmp_path):
    """OUT written by zonesum before the journal (a record file per input) is resumed, not redone."""
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "page.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    args = (str(folder), "-o", str(out), "-c", "offline")
    assert batch(*args).exit_code == 0
    from zonesum.batch.state import legacy_record_path

    journal = out / ".zonesum" / "records.jsonl"
    record = _journal(out)["page"]
    legacy = legacy_record_path(out, "page")
    legacy.parent.mkdir(parents=True)
    legacy.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    journal.unlink()
    assert batch(*args).exit_code == 0
    assert statuses(out) == {"page.txt": "skipped"}


def test_batch_killed_midway_resumes_to_complete_outputs(tmp_path):
    folder, out, n = tmp_path / "in", tmp_path / "out", 200  # enough pages that the signal lands mid-run on a fast machine
    _corpus(folder, n)
    args = _cli(str(folder), "-o", str(out), "-c", "offline", "--jobs", "1")
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _wait_for(lambda: any(out.glob("page*.json")) or proc.poll() is not None)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()
    assert 0 < len(list(out.glob("page*.json"))) < n
    for path in out.glob("page*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    recorded = len(_journal(out))  # pages whose files were all written
    rerun = subprocess.run(args, capture_output=True, text=True, timeout=60)
    assert rerun.returncode == 0, rerun.stderr
    _assert_complete(out, n)
    assert index_of(out)["counts"]["skipped"] == recorded  # finished work is never redone


def _journal(out: Path) -> dict[str, dict]:
    """OUT's state records by stem, as the next run reads them (a torn last line is no record)."""
    records = {}
    for line in (out / ".zonesum" / "records.jsonl").read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        records[record["stem"]] = record
    return records


def _stderr_or_stacks(proc: subprocess.Popen, timeout: float) -> str:
    """The child's stderr once it exits; if it does not, its threads' stacks (the CLI dumps them on
    SIGUSR1) in the failure, so a hang is explained rather than only timed out."""
    try:
        return proc.communicate(timeout=timeout)[1]
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGUSR1)
        time.sleep(1.0)
        proc.kill()
        stderr = proc.communicate()[1]
        pytest.fail(f"the batch had not exited {timeout:.0f} s after Ctrl-C; its stacks:\n{stderr}")


def test_batch_ctrl_c_stops_cleanly_and_says_how_far_it_got(tmp_path):
    folder, out, n = tmp_path / "in", tmp_path / "out", 200  # enough pages that the signal lands mid-run on a fast machine
    _corpus(folder, n)
    args = _cli(str(folder), "-o", str(out), "-c", "offline", "--jobs", "1")
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _wait_for(lambda: any(out.glob("page*.json")) or proc.poll() is not None)
    proc.send_signal(signal.SIGINT)
    stderr = _stderr_or_stacks(proc, 30)
    assert proc.returncode == 130, stderr
    assert "stopping: " in stderr and "stopped at once" not in stderr
    assert "interrupted:" in stderr and f"of {n} inputs done" in stderr and "Traceback" not in stderr
    index = index_of(out)
    assert index["finished"] is None and index["counts"]["pending"] > 0
    assert subprocess.run(args, capture_output=True, timeout=60).returncode == 0
    _assert_complete(out, n)


@pytest.mark.parametrize("rel, stem", [
    ("../../etc/passwd", "etc/passwd"),
    ("/abs/path/x.txt", "abs/path/x"),
    ("a/../../b.txt", "a/b"),
    ("..", "_"),
    ("...txt", "txt"),
    (".hidden.txt", "hidden"),
    ("a b&<c>.txt", "a_b__c_"),
    ("x\ny\u202e.txt", "x_y_"),
    ("con.txt", "con_"),
    ("报纸/第一版.TXT", "报纸/第一版"),
    ("trailing. .txt", "trailing._"),
    ("dots...", "dots"),
])
def test_batch_safe_stem_never_leaves_out(rel, stem):
    assert safe_stem(rel) == stem


def test_batch_stems_are_unique_case_insensitively_and_never_the_index():
    items = assign_stems([("x/A.txt", Path("A.txt")), ("y/a.txt", Path("a.txt")), ("index.txt", Path("index.txt")),
                          ("p.txt", Path("p.txt")), ("p.json/q.txt", Path("p.json/q.txt")), ("k.txt", Path("k.txt"))])
    stems = [i.stem for i in items]
    assert len({s.casefold() for s in stems}) == len(stems)
    assert stems[0].startswith("A-") and stems[1].startswith("a-") and stems[2].startswith("index-")
    assert stems[3].startswith("p-") and stems[5] == "k"  # p.json would clash with the folder p.json/


def test_batch_odd_input_names_stay_inside_out(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "work" / "out"
    (folder / "deep" / "..x").mkdir(parents=True)
    data = EXAMPLE.read_bytes()
    for name in ("..x.txt", "index.txt", "a&<>\"'.txt", "x\ny.txt", "\u202etxt.exe.txt", "报" * 80 + ".txt",
                 "deep/..x/..txt", "-rf.txt"):
        (folder / name).write_bytes(data)
    # hidden names are left out of folder walks, so they are named here, with a duplicate
    result = batch(str(folder), str(folder / "deep" / ".." / "index.txt"), str(folder / "..x.txt"),
                   str(folder / "deep" / "..x" / "..txt"), "-o", str(out), "-c", "offline")
    assert result.exit_code == 0, result.output
    index = index_of(out)
    assert len(index["inputs"]) == 8  # the same file named twice runs once
    root = out.resolve()
    written = [p for p in (tmp_path).rglob("*") if p.is_file() and folder not in p.parents]
    assert all(root in p.resolve().parents for p in written)
    outputs = [o for e in index["inputs"] for o in e["outputs"]]
    assert len(set(outputs)) == 24 and "index.json" not in outputs
    assert all(".." not in Path(o).parts and not Path(o).is_absolute() for o in outputs)


def test_batch_symlink_in_out_pointing_outside_is_refused(tmp_path):
    folder, out, elsewhere = tmp_path / "in", tmp_path / "out", tmp_path / "elsewhere"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "p.txt").write_bytes(EXAMPLE.read_bytes())
    out.mkdir()
    elsewhere.mkdir()
    (out / "sub").symlink_to(elsewhere, target_is_directory=True)
    assert batch(str(folder), "-o", str(out), "-c", "offline").exit_code == 1
    assert list(elsewhere.iterdir()) == []
    assert "points outside" in index_of(out)["inputs"][0]["error"]


def test_batch_expands_glob_patterns_and_custom_globs(folder):
    found = expand_inputs([str(folder / "*" / "same.txt")])
    assert [i.stem for i in found] == ["a/same", "b/same"]
    assert [i.stem for i in expand_inputs([str(folder)], "*.md")] == ["notes"]
    assert [i.stem for i in expand_inputs([str(folder)], ["*.MD", "a/*.txt"])] == ["notes", "a/same"]
    assert len(expand_inputs([str(folder), str(folder / "linjiang.txt")])) == len(expand_inputs([str(folder)]))


@pytest.mark.parametrize("args, message", [
    (["missing-folder"], "no such file or folder"),
    (["{in}/*.pdf"], "matches no file"),
    (["{in}", "--glob", "*.docx"], "no input matches"),
    (["{in}", "--jobs", "0"], "--jobs"),
    (["{in}", "--engine", "spark"], "spark"),
    (["{in}", "-o", "-"], "many files"),
    (["{in}", "--engine", "local", "--ray-address", "auto"], "needs --engine ray"),
    (["{in}", "-c", "no-such-config"], "config not found"),
])
def test_batch_usage_errors_exit_2(folder, tmp_path, args, message):
    args = [a.replace("{in}", str(folder)) for a in args]
    result = batch(*args, *([] if "-o" in args else ["-o", str(tmp_path / "out")]))
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not (tmp_path / "out" / "index.json").exists()


def test_batch_out_that_is_a_file_is_a_usage_error(folder, tmp_path):
    (tmp_path / "out").write_text("x")
    result = batch(str(folder), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1


def test_batch_one_run_per_out_folder(folder, tmp_path):
    from zonesum.batch.state import OutLock

    out = tmp_path / "out"
    with OutLock(out):  # another batch holds OUT
        result = batch(str(folder), "-o", str(out), "-c", "offline")
    assert result.exit_code == 2 and "another `zonesum batch` is writing there" in result.stderr
    assert not (out / "index.json").exists()


def test_batch_help():
    result = CliRunner().invoke(app, ["batch", "--help"])
    assert result.exit_code == 0
    for option in ("--out", "--jobs", "--config", "--offline", "--engine", "--glob", "--ray-address", "--debug"):
        assert option in result.output
    assert "batch" in CliRunner().invoke(app, ["--help"]).output


def test_batch_ray_not_installed_is_one_line(folder, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    result = batch(str(folder), "-o", str(tmp_path / "out"), "--engine", "ray", "-c", "offline")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("error: --engine ray needs Ray, which is not installed "
                                     "(pip install 'zonesum[ray]', or use --engine local)")


@pytest.mark.parametrize("args, started", [
    (["batch", "in", "-o", "out"], True),
    (["batch", "in", "--out=out", "--engine", "local"], True),  # as scripts/bench_batch.py runs it
    (["batch", "in", "-oout", "--engine=local"], True),
    (["batch", "in", "-o", "out", "--engine", "ray"], False),  # Ray's workers need no local fork server
    (["batch", "in", "-o", "out", "--ray-address", "auto"], False),
    (["batch", "--help"], False),
    (["run", "in.txt", "-o", "out"], False),
])
def test_batch_fork_server_starts_before_the_command_line_loads_only_for_the_local_engine(monkeypatch, args, started):
    import zonesum.batch.server
    from zonesum.cli import _start_workers_server

    calls = []
    monkeypatch.setattr(zonesum.batch.server, "start_early", lambda engine, out: calls.append((engine, out)))
    _start_workers_server(args)
    assert calls == ([("local", "out")] if started else [])


def crash_on_boom(task: PageTask) -> PageOutcome:
    """Stands in for a page that kills its worker (a segfault in native code, the OOM killer)."""
    from zonesum.batch.local_engine import process_in_worker

    if "boom" in task.path:
        os._exit(9)
    return process_in_worker(task)


def test_batch_worker_that_dies_fails_only_its_page(tmp_path):
    tasks = []
    for i, name in enumerate(["p0", "boom", "p2", "p3", "p4"]):
        path = tmp_path / f"{name}.txt"
        path.write_bytes(EXAMPLE.read_bytes())
        tasks.append(PageTask(index=i, path=str(path), stem=name, sha256="-"))
    with LocalEngine(jobs=2, config=load_config("offline"), offline=True, threads=1, work=crash_on_boom) as engine:
        outcomes = {task.stem: outcome for task, outcome in engine.map_unordered(tasks)}
    assert outcomes["boom"].status == "failed" and "worker process died" in outcomes["boom"].error
    assert all(outcomes[s].status == "ok" for s in ("p0", "p2", "p3", "p4"))


def always_crash(task: PageTask) -> PageOutcome:
    os._exit(9)


def test_batch_workers_that_die_on_every_page_stop_the_batch_with_one_line():
    tasks = [PageTask(index=i, path=str(EXAMPLE), stem=f"p{i}", sha256="-") for i in range(30)]
    seen = []
    with pytest.raises(WorkersKeepDying) as raised:
        with LocalEngine(jobs=2, config=load_config("offline"), offline=True, threads=1, work=always_crash) as engine:
            for task, outcome in engine.map_unordered(tasks):
                seen.append(outcome)
    assert len(seen) < 10 and all("worker process died" in o.error for o in seen)  # stopped early, not 30 failures
    assert "--jobs 1 --debug" in raised.value.line()


def environment_and_folder(task: PageTask) -> PageOutcome:
    """Stands in for a page: says what the worker sees."""
    return PageOutcome(status="ok", error=f"{os.environ.get('ZONESUM_TEST_PROBE')} {os.getcwd()}")


def test_batch_workers_see_the_environment_and_folder_of_their_own_batch(tmp_path, monkeypatch):
    """Workers are forked from a server that the process's first batch started; a later batch's
    workers still get that batch's environment and working folder, as spawned workers did."""
    tasks = [PageTask(index=0, path="-", stem="p", sha256="-")]
    for probe in ("first", "second"):
        (tmp_path / probe).mkdir()
        monkeypatch.chdir(tmp_path / probe)
        monkeypatch.setenv("ZONESUM_TEST_PROBE", probe)
        with LocalEngine(jobs=1, config=load_config("offline"), offline=True, threads=1,
                         work=environment_and_folder) as engine:
            [(_, outcome)] = list(engine.map_unordered(tasks))
        assert outcome.error == f"{probe} {tmp_path / probe}"


SIGINT_MASKS = """
import signal, sys
sys.path[:0] = sys.argv[1:]  # this folder and tests/ (test_batch imports articles)
from test_batch import sigint_blocked
from zonesum.batch.local_engine import LocalEngine
from zonesum.batch.worker import PageTask
from zonesum.config import load_config

tasks = [PageTask(index=i, path="-", stem=f"p{i}", sha256="-") for i in range(4)]
with LocalEngine(jobs=2, config=load_config("offline"), offline=True, threads=1, work=sigint_blocked) as engine:
    print(sorted(outcome.error for _, outcome in engine.map_unordered(tasks)))
"""


def sigint_blocked(task: PageTask) -> PageOutcome:
    """Stands in for a page: says whether SIGINT is blocked in the worker."""
    return PageOutcome(status="ok", error=str(signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, [])))


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="no signal masks")
def test_batch_workers_are_born_with_sigint_blocked_the_first_ones_too():
    """In a fresh process, where starting the first worker also starts multiprocessing's helpers."""
    here = Path(__file__).parent
    done = subprocess.run([sys.executable, "-c", SIGINT_MASKS, str(here), str(here.parent)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(["True"] * 4)
