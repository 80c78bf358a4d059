"""The zone recognizer: zones by what they are (a listed name, a proper name before a zone head
noun, a heading or list the page declares), never by where a phrase happens to sit.

Sentences here are our own; the real articles are read from ../shared/real-news where present.
"""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from zonesum.cli import app
from zonesum.config import load_config
from zonesum.errors import ConfigError, NoZonesError
from zonesum.evaluation.zones import load_gold, score_zones, zone_runner
from zonesum.pipeline import run_text
from zonesum.text.clean import clean
from zonesum.text.ingest import decode
from zonesum.zones import national
from zonesum.zones.gazetteer import load_gazetteer
from zonesum.zones.recognizer import Recognizer

from articles import SHARED

REAL = SHARED / "real-news"
needs_real = pytest.mark.skipif(not (REAL / "gold.jsonl").is_file(), reason="../shared/real-news is not beside the repo")


def zones_of(text: str) -> dict:
    article = clean(decode(text.encode("utf-8")))
    return {z.name: z for z in Recognizer().recognize(article)}


def brief(text: str):
    return run_text(text, "offline")


@pytest.mark.parametrize("text", [
    "标题\n\n习近平强调，要把开放的大门越开越大。\n\n习近平指出，改革要久久为功。\n",
    "标题\n\n“十五五”规划开局之年，各地积极谋划。\n\n“十五五”时期，科技创新仍是关键。\n",
    "标题\n\n西部地区加快承接产业转移。\n\n西部地区外贸增速领先全国。\n",
    "标题\n\n格力电器推出新一代空调。\n\n格力电器海外销售增长两成。\n",
    "标题\n\n京津冀协同发展取得新进展。\n\n京津冀协同发展进入新阶段。\n",
    "标题\n\n全国高新区营业收入增长。\n\n各地国家高新区加快布局未来产业。\n",
])
def test_recognizer_people_plans_regions_companies_and_generic_phrases_are_no_zones(text):
    result = brief(text)
    assert result.zones == [] and result.mentioned_zones == []
    assert result.note == "no zone found in this article"


def test_recognizer_listed_short_forms_carry_the_official_name_kind_and_level():
    found = zones_of("标题\n\n合肥高新区发布新政策，支持企业创新。\n\n在鄂州葛店经济技术开发区，企业加快投产。"
                     "葛店经开区还与武汉东湖高新区联合招商。\n")
    hefei = found["合肥高新区"]
    assert (hefei.official_name, hefei.kind, hefei.level, hefei.found_by) == (
        "合肥高新技术产业开发区", "hitech", "national", "gazetteer")
    gedian = found["鄂州葛店经济技术开发区"]
    assert gedian.official_name == "鄂州葛店经济技术开发区" and "葛店经开区" in gedian.aliases
    xian = zones_of("标题\n\n陕西西安高新区新增企业500家。\n")["陕西西安高新区"]  # a place written before it is its
    assert xian.official_name == "西安高新技术产业开发区" and "西安高新区" in xian.aliases
    assert found["武汉东湖高新区"].official_name == "武汉东湖新技术开发区"
    # an official name's note of what it includes ("（含…片区）") is no part of the name news writes
    kashgar = zones_of("标题\n\n喀什经济开发区外贸增长两成。\n")["喀什经济开发区"]
    assert kashgar.official_name == "喀什经济开发区（含新疆生产建设兵团片区）" and kashgar.found_by == "gazetteer"
    # "X开发区" is how news writes an ETDZ's name: the listed zone, not a second one beside it
    yangzhou = zones_of("标题\n\n扬州开发区新签约项目8个。扬州经济技术开发区还启动了人才计划。\n")
    assert list(yangzhou) == ["扬州经济技术开发区"] and "扬州开发区" in yangzhou["扬州经济技术开发区"].aliases


def test_recognizer_a_form_without_its_city_is_the_listed_zone_only_where_the_city_is_named():
    listed = zones_of("标题\n\n福州加快开放。元洪投资区吸引侨商投资，新签项目12个。\n")["元洪投资区"]
    assert (listed.found_by, listed.official_name) == ("gazetteer", "福州元洪投资区")
    # Elsewhere it is still a zone by its words (a name, then 投资区), but not that listed one.
    unlisted = zones_of("标题\n\n元洪投资区吸引侨商投资，新签项目12个。\n")["元洪投资区"]
    assert (unlisted.found_by, unlisted.official_name) == ("grammar", None)


def test_recognizer_grammar_finds_zones_in_no_list_by_their_words():
    found = zones_of("标题\n\n锦州龙栖湾新区引进光伏项目，总投资20亿元。\n\n"
                     "海淀北部科技园区今年新开工项目15项。\n")
    assert found["锦州龙栖湾新区"].found_by == "grammar" and found["锦州龙栖湾新区"].kind == "new_area"
    assert found["海淀北部科技园区"].kind == "science_park"
    assert zones_of("标题\n\n桐江工业小区新落户企业5家。\n")["桐江工业小区"].kind == "industrial_park"
    # a prefecture named X地区 is a place, not a region word inside the name
    assert "和田地区昆冈经济技术开发区" in zones_of("标题\n\n和田地区昆冈经济技术开发区新引进企业8家。\n")
    assert zones_of("标题\n\n芦潮港区域将建设一批新项目。\n") == {}  # 港区 of 港区域 is no head
    assert "G60科创走廊" in zones_of("标题\n\nG60科创走廊九城市联合招商。\n")  # digits of a code, not a count


@pytest.mark.parametrize("text, not_zone", [
    ("标题\n\n全年将推进集成电路产业园二期项目建设。\n", "集成电路产业园"),  # a project's phase
    ("标题\n\n该区将全力打造海洋经济示范区。\n", "海洋经济示范区"),  # a goal, not a zone yet
    ("标题\n\n实创股份所属科技园区年内完工。\n", "实创股份所属科技园区"),  # a company's
    ("标题\n\n深圳五大重点片区齐头并进。\n", "深圳五大重点片区"),  # zones counted, none named
    ("标题\n\n约12家海外采购商到开发区现场采购。\n", "采购商到开发区"),  # a count and a verb, then a head
    ("标题\n\n大小开发区并存，让桐江成为企业首选。大开发区先后有机械企业进驻。小开发区引进食品企业20多家。\n",
     "小开发区"),  # a size, not a name
])
def test_recognizer_projects_goals_companies_and_counts_are_no_zones(text, not_zone):
    assert not any(not_zone in name for name in zones_of(text))


@pytest.mark.parametrize("text", [
    "标题\n\n北京、湖南、安徽、浙江4个新设自贸试验区挂牌。\n",  # a count: no name
    "标题\n\n在临江建设现代特色科学城，是一项重大举措。\n",  # a plan's verb inside the span
    "标题\n\n桐江是全国首个国家资源型经济转型综合配套改革试验区。\n",  # a designation longer than any name
    "标题\n\n天津市滨海新区新港街道办事处原主任张某接受审查调查。\n",  # a district's sub-district office
    "标题\n\n浦东新区区委书记主持召开会议。\n",  # a district's officials
    "标题\n\n暴雨过后，桐江朝阳门片区的社区工作人员连夜排查隐患。\n",  # a neighbourhood: 片区 of no zone
    "标题\n\n中国—东盟自贸区升级谈判取得进展。\n\n中国—东盟自贸区贸易额再创新高。\n",  # trade agreements
    "标题\n\n中日韩自贸区谈判重启。\n",
])
def test_recognizer_counts_plans_designations_and_district_governments_are_no_zones(text):
    result = brief(text)
    assert result.zones == [] and result.mentioned_zones == []


def test_recognizer_a_company_plant_that_opens_paragraphs_is_no_zone():
    result = brief("华兴管业桐江生产基地投产\n\n华兴管业桐江生产基地一期昨日投产，年产管材5万吨。\n\n"
                   "华兴管业桐江生产基地二期将于年内开工。\n\n桐江经济开发区相关负责人介绍，园区今年已引进项目12个。\n")
    assert [z.name for z in result.zones] == ["桐江经济开发区"]


def test_recognizer_a_county_spelled_like_a_common_word_is_a_place_only_where_the_article_says_where():
    # 合作 is 合作市 (Gansu) and the everyday word "cooperation"
    assert brief("标题\n\n双方共建产业合作示范区，推动产能合作。\n").zones == []
    assert list(zones_of("标题\n\n甘肃合作市的合作经济开发区新引进项目5个。\n")) == ["合作经济开发区"]


def test_recognizer_a_district_named_only_as_it_issues_measures_is_its_government():
    # 浦东新区 is a new area and a district: issuing measures, it is the district's government
    government = brief("标题\n\n多地出台稳增长措施。上海浦东新区发布支持中小企业的20条措施，广州则加大消费券发放力度。\n")
    assert government.zones == [] and government.mentioned_zones == []
    # ...but an area with figures of its own is the zone, whatever else it issues
    area = zones_of("标题\n\n浦东新区一季度地区生产总值增长6%。\n\n浦东新区还出台了支持研发的新政策。\n")
    assert list(area) == ["浦东新区"]
    assert list(zones_of("标题\n\n两江新区出台支持汽车产业的10条政策。\n")) == ["两江新区"]  # no district


def test_recognizer_a_sub_area_carries_the_name_of_its_zone():
    found = zones_of("标题\n\n在内蒙古自贸试验区满洲里片区，通关更加便利。\n")
    assert "内蒙古自贸试验区满洲里片区" in found
    assert "满洲里片区" in found["内蒙古自贸试验区满洲里片区"].aliases


def test_recognizer_a_name_without_its_head_is_a_form_only_where_the_article_writes_it():
    found = zones_of("标题\n\n河北雄安新区建设提速。\n\n雄安正在成为创新高地，一批企业落户雄安。\n")
    assert found["河北雄安新区"].aliases == ("雄安新区", "雄安") or "雄安" in found["河北雄安新区"].aliases
    assert "雄安" not in zones_of("标题\n\n河北雄安新区建设提速。\n")["河北雄安新区"].aliases


def test_recognizer_zones_named_in_passing_are_mentioned_not_chunked():
    result = brief("标题\n\n苏州高新区一季度新签约项目30个，总投资120亿元。\n\n"
                   "该区还与上海张江高新区开展合作，共建研发平台。\n\n苏州高新区下一步将加快建设光子产业园。\n")
    assert [z.name for z in result.zones] == ["苏州高新区"]
    assert [m.name for m in result.mentioned_zones] == ["上海张江高新区"]


def test_recognizer_article_about_one_zone_keeps_its_scene_and_figures_with_it():
    result = brief("临港新片区开放再提速\n\n上海临港新片区推出一批开放举措。\n\n记者在一家物流企业看到，"
                   "货物通关时间缩短了一半。\n\n临港新片区今年新增企业5000家。\n")
    assert [(z.name, [p.index for p in z.paragraphs]) for z in result.zones] == [("上海临港新片区", [0, 1, 2])]


def test_recognizer_national_list_loads_with_its_kinds_and_no_duplicates():
    entries = national.entries()
    names = [e.name for e in entries]
    assert len(names) == len(set(names)) and len(names) > 2700
    kinds = {e.kind for e in entries}
    assert {"etdz", "hitech", "new_area", "ftz", "ftz_area", "bonded"} <= kinds
    new_areas = [e for e in entries if e.kind == "new_area"]
    assert len(new_areas) == 19 and all(e.level == "national" for e in new_areas)


def test_recognizer_a_city_gazetteer_that_fails_to_load_names_its_file(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("city: 临江\nzones: [{aliases: [x]}]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="broken.yaml"):
        load_gazetteer(bad)


def test_recognizer_require_zones_makes_no_zone_an_error():
    with pytest.raises(NoZonesError):
        run_text("标题\n\n今天天气很好。\n", "offline", require_zones=True)


def test_recognizer_eval_zones_scores_a_gold_file(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text(
        "标题\n合肥高新区发布新政策。\n苏州高新区加快发展光电子产业。\n全国高新区总数达到178家。\n", encoding="utf-8")
    gold = {"file": "a.txt", "zone_report": True, "zones": [
        {"name": "合肥高新区", "forms": ["合肥高新区"], "paragraphs": [0], "role": "main"},
        {"name": "苏州高新区", "forms": ["苏州高新区"], "paragraphs": [1], "role": "main"},
        {"name": "西安高新区", "forms": ["西安高新区"], "paragraphs": [], "role": "main"}]}
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold, ensure_ascii=False) + "\n", encoding="utf-8")
    outcome = CliRunner().invoke(app, ["eval", "zones", "--gold", str(tmp_path / "gold.jsonl"), "--format", "json"])
    assert outcome.exit_code == 0, outcome.output
    scores = json.loads(outcome.stdout)
    assert scores["zone_precision"] == 1.0 and scores["main_zone_recall"] == pytest.approx(2 / 3)
    assert scores["paragraph_jaccard"] == 1.0


@needs_real
def test_recognizer_on_real_articles_meets_the_bar():
    """The real development set (27 annotated articles, 10 that name no zone)."""
    scores = score_zones(load_gold(REAL / "gold.jsonl"), zone_runner(load_config("offline")),
                         sorted((REAL / "no-zones").glob("*.txt")))
    assert scores.precision >= 0.90 and scores.recall >= 0.80 and scores.jaccard >= 0.80, scores.table()
    assert scores.zones_on_no_zone_articles == 0, scores.no_zone_found


def test_recognizer_national_forms_kept_between_runs_and_derived_again_when_damaged(tmp_path, monkeypatch):
    monkeypatch.setenv("ZONESUM_CACHE_DIR", str(tmp_path))
    national.derived.cache_clear()
    try:
        first = national.derived()
        kept = list((tmp_path / "tables").glob("national-*.marshal"))
        assert len(kept) == 1
        national.derived.cache_clear()
        assert national.derived() == first  # read back
        kept[0].write_bytes(b"not marshal data")
        national.derived.cache_clear()
        assert national.derived() == first  # derived again
        assert kept[0].read_bytes() != b"not marshal data"
        assert first.by_form["苏州高新区"] and first.by_form["临港新片区"]
    finally:
        national.derived.cache_clear()
