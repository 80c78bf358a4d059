"""Traditional Chinese pages (Hong Kong, Taiwan): detected, zones found, briefs in the page's script."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from zonesum.cli import app
from zonesum.config import load_config
from zonesum.pipeline import run
from zonesum.text.clean import clean, detect_script
from zonesum.text.ingest import decode, read_document
from zonesum.text.script import _fold_table, fold
from zonesum.zones.chunk import chunk
from zonesum.zones.gazetteer import load_gazetteers

from articles import EXAMPLE, EXAMPLE_ZONES, HONGKONG, REPO

# Written for these tests (a made-up report in Hong Kong style, not third-party text).
HONGKONG_ZONES = ["北部都會區", "香港科學園", "啟德發展區", "河套港深創新及科技園", "航天城"]
runner = CliRunner()


def test_script_hongkong_article_is_detected_as_traditional():
    result = run(HONGKONG, "offline")
    assert result.source.script == "traditional"
    assert run(EXAMPLE, "offline").source.script == "simplified"


def test_chunk_hongkong_article_zones_are_found_in_traditional():
    result = run(HONGKONG, "offline")
    assert [z.name for z in result.zones] == HONGKONG_ZONES
    for zone in result.zones:
        assert zone.found_by in ("structure", "grammar")  # the page counts five; 香港科學園 by its words
        assert [p.section for p in zone.paragraphs] == ["成績亮眼，各區交出答卷", "鎖定目標，全力衝刺下半年"]


def test_summarize_hongkong_summaries_are_in_the_input_script():
    result = run(HONGKONG, "offline")
    for summary, source in [(z.summary_zh, z.text) for z in result.zones] + [(result.summary_zh, HONGKONG.read_text(encoding="utf-8"))]:
        assert summary and detect_script(summary) == "traditional" and fold(summary) != summary
        assert set(summary) <= set(source) | {"。"}, summary  # the page's own characters, nothing converted


def test_clean_hongkong_furniture_goes_to_meta():
    meta = clean(read_document(HONGKONG)).meta
    assert meta.title == "香港五大發展片區「比拼」發展後勁"
    assert meta.credits == ("責任編輯 陳嘉欣 美術編輯 李志強 校對 黃文傑",)
    assert meta.byline == "□本報記者 梁家豪 實習記者 何詠詩"
    assert meta.header == ("港聞快訊客戶端  掃碼閱讀全文", "香港商報 經濟觀察")
    assert len(meta.captions) == 2


@pytest.mark.parametrize("line,kind", [
    ("責任編輯 王小明 美術編輯 陳大文", "credits"),
    ("主編 林志玲 審讀 張三 校對 李四", "credits"),
    ("本報記者 周 傑 報道", "byline"),
    ("圖為啟德體育園。", "captions"),
    ("（資料圖片，記者 何 敏 攝）", "captions"),
    ("明報新聞網 掃一掃", "header"),
    ("來源：新華社", "other"),
    ("原標題：五大片區晒成績", "other"),
])
def test_clean_traditional_furniture_lines(line, kind):
    from zonesum.text.clean import _furniture_kind

    assert _furniture_kind(line) == kind
    assert _furniture_kind(fold(line)) == kind  # the same rule in either script


def test_chunk_traditional_page_matches_a_simplified_gazetteer():
    """The Linjiang example printed in Traditional: the (Simplified) gazetteer still applies."""
    opencc = pytest.importorskip("opencc")
    text = opencc.OpenCC("s2t").convert(EXAMPLE.read_text(encoding="utf-8"))
    chunking = chunk(clean(decode(text.encode("utf-8"))), load_gazetteers(load_config("offline")))
    assert [fold(z.name.name) for z in chunking.zones] == EXAMPLE_ZONES
    gazetteer = {fold(z.name.name): z for z in chunking.zones if z.name.found_by == "gazetteer"}  # as the page writes it
    assert gazetteer["临江滨海新区"].name.name_en == "Linjiang Binhai New Area"
    declared = [z.name.name for z in chunking.zones if z.name.found_by == "structure"]
    assert declared == ["臨江航空樞紐", "東岸科創走廊"]  # named as the page writes them


def test_cli_run_to_simplified_converts_with_opencc():
    pytest.importorskip("opencc")
    outcome = runner.invoke(app, ["run", str(HONGKONG), "-c", "offline", "--to-simplified", "-o", "-", "-f", "json"])
    assert outcome.exit_code == 0, outcome.output
    data = json.loads(outcome.stdout)
    assert data["source"]["script"] == "traditional"  # what the source was written in
    assert [z["name"] for z in data["zones"]] == [fold(n) for n in HONGKONG_ZONES]
    written = json.dumps({k: data[k] for k in ("meta", "zones", "sections", "summary_zh")}, ensure_ascii=False)
    assert fold(written) == written, "a Traditional character survived --to-simplified"


def test_cli_run_big5_hongkong_page(tmp_path):
    path = tmp_path / "hk-big5.txt"
    path.write_bytes(HONGKONG.read_text(encoding="utf-8").encode("big5"))
    outcome = runner.invoke(app, ["run", str(path), "-c", "offline", "-o", "-", "-f", "json"])
    assert outcome.exit_code == 0, outcome.output
    data = json.loads(outcome.stdout)
    assert data["source"]["encoding"] == "big5" and data["source"]["script"] == "traditional"
    assert [z["name"] for z in data["zones"]] == HONGKONG_ZONES


def test_script_fold_is_one_character_for_one():
    from importlib.resources import files

    lines = [line for line in files("zonesum.text").joinpath("data", "t2s-chars.txt").read_text(encoding="utf-8")
             .splitlines() if line and not line.startswith("#")]
    assert len(_fold_table()) == len(lines) > 4000 and all(len(line) == 2 for line in lines)
    assert fold("北部都會區將繼續推進，臺灣與香港") == "北部都会区将继续推进，台湾与香港"
    simplified = EXAMPLE.read_text(encoding="utf-8")
    assert fold(simplified) == simplified  # Simplified text is left as it is


def test_script_fold_table_is_what_the_generator_makes():
    """The shipped table is regenerated by scripts/gen_fold_table.py from OpenCC's data."""
    pytest.importorskip("opencc")
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen_fold_table", REPO / "scripts" / "gen_fold_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert {ord(t): ord(s) for t, s in module.table().items()} == _fold_table()
