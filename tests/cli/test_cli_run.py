import json

import pytest
from typer.testing import CliRunner

from zonesum.cli import app

from articles import EXAMPLE, EXAMPLE_ZONES, QINGDAO, QINGDAO_ZONES, needs_shared

runner = CliRunner()
REQUIRED_ZONE_KEYS = {"name", "name_en", "text", "paragraphs", "summary_zh", "summary_en", "translation_en"}


def test_cli_run_writes_json_markdown_and_html(tmp_path):
    outcome = runner.invoke(app, ["run", str(EXAMPLE), "-c", "offline", "-o", str(tmp_path)])
    assert outcome.exit_code == 0, outcome.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "linjiang-zones.html", "linjiang-zones.json", "linjiang-zones.md"]
    data = json.loads((tmp_path / "linjiang-zones.json").read_text(encoding="utf-8"))
    assert [z["name"] for z in data["zones"]] == EXAMPLE_ZONES
    md = (tmp_path / "linjiang-zones.md").read_text(encoding="utf-8")
    assert "### 临江航空枢纽" in md and "no translation model installed" in md
    html = (tmp_path / "linjiang-zones.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and "临江航空枢纽" in html


def test_cli_run_stdout_carries_only_the_result():
    outcome = runner.invoke(app, ["run", str(EXAMPLE), "-c", "offline", "-o", "-", "--format", "json"])
    assert outcome.exit_code == 0
    data = json.loads(outcome.stdout)  # the zone table went to stderr
    assert data["meta"]["title"] == "临江六大功能区“比学赶超”晒家底"
    assert "zones" in outcome.stderr


def test_cli_run_in_process_leaves_the_garbage_collector_as_it_found_it(tmp_path):
    """The command pauses the cyclic collector while it runs; a caller in the same process
    (a notebook, a test) gets it back on, after a failure too."""
    import gc

    assert gc.isenabled()
    assert runner.invoke(app, ["run", str(EXAMPLE), "-c", "offline", "-o", str(tmp_path)]).exit_code == 0
    assert gc.isenabled()
    assert runner.invoke(app, ["run", str(tmp_path / "missing.txt"), "-c", "offline"]).exit_code != 0
    assert gc.isenabled()


def test_cli_run_stdout_needs_a_format():
    outcome = runner.invoke(app, ["run", str(EXAMPLE), "-o", "-"])
    assert outcome.exit_code == 2 and "error:" in outcome.stderr


@needs_shared
def test_cli_run_json_has_the_fields_other_tools_rely_on():
    outcome = runner.invoke(app, ["run", str(QINGDAO), "-c", "offline", "-o", "-", "-f", "json"])
    data = json.loads(outcome.stdout)
    assert {"title", "byline", "credits", "captions"} <= set(data["meta"])
    assert data["source"]["encoding"] == "utf-8" and len(data["source"]["sha256"]) == 64
    assert [z["name"] for z in data["zones"]] == QINGDAO_ZONES
    for zone in data["zones"]:
        assert REQUIRED_ZONE_KEYS <= set(zone)
        assert zone["text"] == "\n".join(p["text"] for p in zone["paragraphs"])
        assert all(p["section"] for p in zone["paragraphs"])
        assert zone["summary_en"] is None and zone["translation_en"] is None  # offline: null, never faked
    assert data["sections"] and {"heading", "text"} <= set(data["sections"][0])
    assert data["summary_zh"] and data["title_en"] is None
    assert any("translation" in w and "zonesum models pull" in w for w in data["warnings"])
    assert data["backends"]["summary_zh"] == "extractive"


@needs_shared
@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_cli_run_same_zones_in_every_encoding(tmp_path, encoding):
    text = QINGDAO.read_text(encoding="utf-8").replace("\n", "\r\n")
    path = tmp_path / "page.txt"
    path.write_bytes(text.encode(encoding))
    outcome = runner.invoke(app, ["run", str(path), "-c", "offline", "-o", "-", "-f", "json"])
    data = json.loads(outcome.stdout)
    assert [z["name"] for z in data["zones"]] == QINGDAO_ZONES
    assert data["source"]["encoding"] == {"utf-8-sig": "utf-8-bom"}.get(encoding, encoding)


def test_cli_help_of_every_command():
    for args in (["--help"], ["run", "--help"], ["eval", "--help"], ["models", "--help"]):
        outcome = runner.invoke(app, args)
        assert outcome.exit_code == 0 and "Usage" in outcome.stdout
