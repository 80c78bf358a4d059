"""Where the facts show up: Markdown and HTML tables, the scoreboard, CSV/JSON rows, batch facts.csv."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from typer.testing import CliRunner

from zonesum.batch.driver import run_batch
from zonesum.cli import app
from zonesum.config import load_config
from zonesum.pipeline import run
from zonesum.writers import render
from zonesum.writers.facts import ROW_FIELDS, change_chart, fact_rows, render_facts_csv, scoreboard

from articles import DATA, EXAMPLE


SCOREBOARD_PAGE = DATA / "facts-four-zones-scoreboard.txt"  # ours: four zones, shared indicators


@pytest.fixture(scope="module")
def example():
    return run(EXAMPLE, "offline", offline=True)


@pytest.fixture(scope="module")
def board_page():
    return run(SCOREBOARD_PAGE, "offline", offline=True)


def test_writers_markdown_has_a_bilingual_facts_table_per_zone(example):
    md = render(example, "md")
    assert md.count("**数据 · Figures**") == len(example.zones)
    assert "| 地区生产总值 | GDP | 41.2 billion CNY | +8.1% | 一季度 · Q1 | 实绩 · actual |" in md
    assert "extracted from the source by rule, not a translation" in md
    assert "## 增速 · Changes" in md


def test_writers_markdown_scoreboard_puts_zones_side_by_side(board_page):
    md = render(board_page, "md")
    assert "## 擂台 · Scoreboard" in md
    assert "| 功能区 · Zone | 地区生产总值 · GDP, CNY | 固定资产投资 · Fixed-asset investment, CNY |" in md
    assert "| 江州高新区 · Jiangzhou High-tech Zone | 20.5 billion CNY · +9.6% | 6.4 billion CNY · -2.4% |" in md


def test_writers_html_english_column_shows_names_and_figures_offline(example):
    html = render(example, "html")
    assert "Linjiang Aviation Hub" in html and "English name: by rule" in html
    assert "GDP: 41.2 billion CNY, +8.1% (Q1)" in html
    assert "not a translation" in html and "<svg" in html


def test_writers_scoreboard_ranks_sort_each_column_both_ways(board_page):
    board = scoreboard(board_page)
    assert board is not None and board.columns
    for j, column in enumerate(board.columns):
        def first(row):
            return next((f.value if f.value is not None else f.change_pct for f in row.cells[j]), None)

        ranked = [first(r) for r in sorted(board.rows, key=lambda r: r.ascending[j]) if first(r) is not None]
        assert ranked == sorted(ranked) and len({r.descending[j] for r in board.rows}) == len(board.rows)
        assert sum(1 for r in board.rows if r.cells[j]) >= 2  # only indicators two zones report


def test_writers_change_chart_needs_three_zones(board_page):
    chart = change_chart(board_page)
    assert chart is not None and len({b.label_zh.split(" · ")[0] for b in chart.bars}) >= 3
    assert [b.change for b in chart.bars] == sorted((b.change for b in chart.bars), reverse=True)
    assert min(b.change for b in chart.bars) == -2.4  # a fall is drawn left of zero
    one_zone = board_page.model_copy(update={"zones": board_page.zones[:1]})
    assert change_chart(one_zone) is None and scoreboard(one_zone) is None


def test_writers_facts_csv_has_every_field(example):
    rows = list(csv.DictReader(io.StringIO(render_facts_csv(fact_rows(example)))))
    assert len(rows) == sum(len(z.facts) for z in example.zones)
    assert tuple(rows[0]) == ROW_FIELDS
    gdp = rows[0]
    assert (gdp["zone"], gdp["zone_en"], gdp["value"], gdp["unit"], gdp["change_pct"]) == \
        ("临江滨海新区", "Linjiang Binhai New Area", "41200000000", "CNY", "8.1")


def test_cli_facts_command_csv_and_json(tmp_path):
    runner = CliRunner()
    out = runner.invoke(app, ["facts", str(EXAMPLE)])
    assert out.exit_code == 0 and out.stdout.startswith("input,article,date,zone,")
    as_json = runner.invoke(app, ["facts", str(EXAMPLE), "--format", "json"])
    assert json.loads(as_json.stdout)[0]["statement_en"] == "GDP: 41.2 billion CNY, +8.1% (Q1)"
    missing = runner.invoke(app, ["facts", str(tmp_path / "nope.txt")])
    assert missing.exit_code != 0 and len(missing.output.strip().splitlines()) == 1


def test_batch_facts_csv_is_rebuilt_the_same_when_resumed(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("a.txt", "b.txt"):
        (pages / name).write_bytes(EXAMPLE.read_bytes())
    (pages / "c.txt").write_bytes((DATA / "henan-shared-targets.txt").read_bytes())
    config = load_config("offline")
    whole, resumed = tmp_path / "whole", tmp_path / "resumed"
    run_batch([pages], whole, config=config, offline=True, jobs=1)
    run_batch([pages / "a.txt"], resumed, config=config, offline=True, jobs=1)  # a first, interrupted run
    run_batch([pages], resumed, config=config, offline=True, jobs=1)  # the rest; a.txt is skipped
    text = (whole / "facts.csv").read_text(encoding="utf-8")
    assert text.replace(str(whole), "") == (resumed / "facts.csv").read_text(encoding="utf-8").replace(str(resumed), "")
    inputs = [row["input"] for row in csv.DictReader(io.StringIO(text))]
    assert [re.sub(r".*/", "", i) for i in dict.fromkeys(inputs)] == ["a.txt", "b.txt", "c.txt"]


def test_writers_json_is_what_json_dumps_would_write(example, board_page):
    """to_json uses pydantic's fast serializer; the bytes stay those of json.dumps(indent=2)."""
    for result in (example, board_page):
        assert result.to_json() == json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
        assert fact_rows(result) == fact_rows(json.loads(result.to_json()))
        # and the same cells: a batch renders this run's rows from the result, reads the others back
        assert render_facts_csv(fact_rows(result)) == render_facts_csv(fact_rows(json.loads(result.to_json())))
