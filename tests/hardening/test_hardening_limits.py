"""Size limits: huge pages are refused with a clear message, or finish in time linear in their size."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_hardening_faults import _one_error_line
from typer.testing import CliRunner

from zonesum.cli import app
from zonesum.config import Limits, load_config
from zonesum.errors import NoZonesError
from zonesum.pipeline import run_document
from zonesum.text.ingest import decode

from articles import EXAMPLE

runner = CliRunner()
ARTICLE = EXAMPLE.read_text(encoding="utf-8")
ONE_LINE = ARTICLE.replace("\n", "")
UNLIMITED = load_config("offline").model_copy(update={"limits": Limits(max_bytes=10**9, max_line_chars=10**9)})


def _refused(path: Path, out: Path) -> str:
    """``zonesum run`` on ``path`` fails with one error line (returned) and writes nothing."""
    line = _one_error_line(runner.invoke(app, ["run", str(path), "-c", "offline", "-o", str(out)]))
    assert not out.exists()
    return line


def test_ingest_50mb_file_is_refused_at_once_by_default(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(50_000_000)  # sparse: cheap to make
    read_bytes = Path.read_bytes

    def never_the_huge_file(self):
        assert self != path, "the size must be refused before a byte is read"
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", never_the_huge_file)
    line = _refused(path, tmp_path / "out")
    assert "50,000,000 bytes is over the 20,000,000-byte limit" in line and "limits.max_bytes" in line


def test_pipeline_1mb_line_is_refused_by_default_naming_the_limit(tmp_path):
    path = tmp_path / "one-line.txt"
    path.write_text(ONE_LINE * (1_000_000 // len(ONE_LINE.encode()) + 1), encoding="utf-8")
    line = _refused(path, tmp_path / "out")
    assert "characters is over the 200,000-character limit" in line and "limits.max_line_chars" in line


def test_config_limits_are_configurable(tmp_path):
    small = tmp_path / "small.yaml"
    small.write_text("limits:\n  max_bytes: 1000\n", encoding="utf-8")
    line = _one_error_line(runner.invoke(app, ["run", str(EXAMPLE), "-c", str(small), "-o", "-", "-f", "json"]))
    assert "over the 1,000-byte limit" in line
    long_lines = tmp_path / "long-lines.yaml"
    long_lines.write_text("limits:\n  max_line_chars: 2000000\n", encoding="utf-8")
    path = tmp_path / "one-line.txt"
    path.write_text(ARTICLE + "\n" + ONE_LINE * 250, encoding="utf-8")  # a 1 MB line after the article
    outcome = runner.invoke(app, ["run", str(path), "-c", str(long_lines), "-o", "-", "-f", "json"])
    assert outcome.exit_code == 0, outcome.output
    assert len(json.loads(outcome.stdout)["zones"]) == 6


# Pages shaped to hit each place that once cost time quadratic in the page's size.
def _cut_lines(n: int) -> str:  # one paragraph cut into thousands of lines (rejoining)
    return "临江滨海新区坚持向海图强。\n" + "\n".join(["甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"] * (n // 21))


def _one_line(n: int) -> str:  # no line break at all (headline, furniture and discovery rules)
    return (ONE_LINE * (n // len(ONE_LINE) + 1))[:n]


def _many_openings(n: int) -> str:  # every paragraph opens with another zone-like name (discovery)
    pool = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
    names = (a + b + c + d for a in pool for b in pool for c in pool for d in pool)
    return "\n\n".join(f"临江{name}区将推进项目建设，加快产业发展步伐。临江{name}区将推进。"
                       for name, _ in zip(names, range(n // 40)))


def _long_zone(n: int) -> str:  # one zone of thousands of sentences (extractive summary)
    sentences = (f"临江滨海新区第{i}个项目{'将' if i % 2 else '已'}投资{i % 97}亿元，{'新增' * (i % 60)}就业{i}人。"
                 for i in range(n))  # achievements and plans: the summary weighs pairs of them
    text = "临江滨海新区坚持向海图强。"
    while len(text) < n:
        text += next(sentences)
    return text


def _ragged_lines(n: int) -> str:  # many short lines and many line lengths (the hard-wrap test)
    short = ["一季度新增项目。"] * (n // 20)
    ragged = ["临江滨海新区" + "甲" * k + "。" for k in range(int((n // 2) ** 0.5))]
    return "\n".join(x for pair in zip(short, ragged + [""] * len(short)) for x in pair if x)


def _seconds(text: str) -> float:
    document = decode(text.encode("utf-8"))
    started = time.process_time()
    try:
        run_document(document, UNLIMITED)
    except NoZonesError:
        pass
    return time.process_time() - started


@pytest.mark.parametrize("shape", [_cut_lines, _one_line, _many_openings, _long_zone, _ragged_lines])
def test_pipeline_time_grows_linearly_with_the_page(shape):
    """8x the page must cost about 8x the time (quadratic code costs 64x): well under 20x."""
    small, big = 100_000, 800_000
    _seconds(shape(small))  # warm up: imports, compiled patterns
    t_small = min(_seconds(shape(small)) for _ in range(2))
    t_big = min(_seconds(shape(big)) for _ in range(2))  # one slow sample on a busy machine is no quadratic
    assert t_big < 20 * t_small + 0.5, f"{shape.__name__}: {t_small:.2f}s -> {t_big:.2f}s for 8x the text"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the peak from /proc/self/status")
def test_pipeline_memory_stays_bounded_on_a_5mb_page(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(ARTICLE * (5_000_000 // len(ARTICLE.encode())), encoding="utf-8")
    # VmHWM, not ru_maxrss: the latter keeps the forking parent's (pytest's) peak across exec.
    code = ("import re, sys; from zonesum.pipeline import run;"
            "r = run(sys.argv[1], 'offline'); print(len(r.zones));"
            "print(int(re.search(r'VmHWM:\\s*(\\d+)', open('/proc/self/status').read()).group(1)) // 1024)")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    zones, peak_mb = map(int, done.stdout.split())
    assert zones == 6 and peak_mb < 400, f"peak {peak_mb} MB for a 5 MB page"


def test_gazetteer_predicate_search_window_is_wide_enough():
    """Openings are searched for a predicate 20 + _PREDICATE_MAX characters deep only."""
    try:
        from re import _parser as parser
    except ImportError:  # Python 3.10
        import sre_parse as parser
    from zonesum.zones.discovery import _PREDICATE, _PREDICATE_MAX

    assert parser.parse(_PREDICATE.pattern).getwidth()[1] <= _PREDICATE_MAX


def test_ingest_encoding_of_a_10mb_page_is_found_quickly(tmp_path):
    """GB18030/Big5 detection looks at a sample, not at every character (was ~0.5 s per MB)."""
    from zonesum.text.ingest import read_document

    path = tmp_path / "big-gb18030.txt"
    path.write_bytes((ARTICLE * (10_000_000 // len(ARTICLE.encode("gb18030")))).encode("gb18030"))
    started = time.process_time()
    document = read_document(path, max_bytes=10**9)
    assert document.source.encoding == "gb18030"
    assert time.process_time() - started < 3.0  # 0.27 s here; the per-character scan took ~5 s
