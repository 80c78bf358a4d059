import pytest

from zonesum.config import load_config
from zonesum.text.clean import clean
from zonesum.text.ingest import decode, read_document
from zonesum.zones.chunk import chunk
from zonesum.zones.gazetteer import load_gazetteers

from articles import EXAMPLE, EXAMPLE_ZONES, QINGDAO, QINGDAO_ZONES, needs_shared

GAZETTEERS = load_gazetteers(load_config("offline"))


def _chunks(path, gazetteers=GAZETTEERS):
    return chunk(clean(read_document(path)), gazetteers)


@needs_shared
@pytest.mark.parametrize("gazetteers", [GAZETTEERS, ()], ids=["gazetteer", "discovery-only"])
def test_chunk_qingdao_nine_zones_each_with_achievements_and_targets(gazetteers):
    chunking = _chunks(QINGDAO, gazetteers)
    assert [z.name.name for z in chunking.zones] == QINGDAO_ZONES
    for zone in chunking.zones:
        sections = [p.section for p in zone.paragraphs]
        assert sections == ["同台竞技，展实绩、亮风采", "争先进位，定目标、抓落实"], zone.name.name


@needs_shared
def test_chunk_qingdao_zone_named_mid_sentence_is_found():
    zone = next(z for z in _chunks(QINGDAO).zones if z.name.name == "青岛高新区")
    assert zone.paragraphs[0].text.startswith("攀高逐新是青岛高新区发展的关键词")


@needs_shared
def test_chunk_qingdao_general_parts_hold_lead_problems_and_close():
    chunking = _chunks(QINGDAO)
    general = "\n".join(s.text for s in chunking.general)
    assert "4月14日下午" in general and "龙头项目偏少" in general and "百舸争流，奋楫者先" in general
    zone_text = "\n".join(z.text for z in chunking.zones)
    for text in ("4月14日下午", "龙头项目偏少", "百舸争流", "主编", "■", "□", "客户端"):
        assert text not in zone_text
    # every body paragraph is in exactly one place
    placed = [p.index for z in chunking.zones for p in z.paragraphs] + [p.index for s in chunking.general for p in s.paragraphs]
    assert sorted(placed) == list(range(len(chunking.article.paragraphs)))


@needs_shared
def test_chunk_qingdao_english_names_come_from_the_gazetteer():
    names = {z.name.name: z.name.name_en for z in _chunks(QINGDAO).zones}
    assert names["青岛蓝谷"] == "Qingdao Blue Valley"
    assert all(names.values())


def test_chunk_example_finds_listed_and_discovered_zones():
    chunking = _chunks(EXAMPLE)
    assert [z.name.name for z in chunking.zones] == EXAMPLE_ZONES
    found_by = {z.name.name: z.name.found_by for z in chunking.zones}
    # no head noun, and a common word before one: zones because the page counts six and
    # their paragraphs run parallel
    assert found_by["临江航空枢纽"] == "structure"
    assert found_by["东岸科创走廊"] == "structure"  # named mid-sentence in its first paragraph
    assert found_by["临江滨海新区"] == "gazetteer"
    for zone in chunking.zones:
        assert len(zone.paragraphs) == 2
        assert zone.paragraphs[0].section != zone.paragraphs[1].section


def test_chunk_example_discovery_alone_finds_all_six():
    assert [z.name.name for z in _chunks(EXAMPLE, ()).zones] == EXAMPLE_ZONES


def test_chunk_unlisted_city_zones_are_discovered():
    text = """成都三大功能区晒出一季度成绩单

□本报记者 王 明

4月18日，成都市召开功能区建设推进会，三大功能区负责人逐一发言。

交出答卷

天府数字文创城坚持项目为王，一季度签约项目12个，总投资260亿元。

锦江智谷湾加快建设步伐，新引进企业45家，营业收入增长18%。

成都东部新区做强航空经济，一季度新开航线4条，货邮吞吐量增长21%。

明确目标

天府数字文创城将推动全年新签约项目50个以上。

锦江智谷湾将力争全年营业收入突破300亿元。

成都东部新区将加快建设国际航空枢纽，全年新开航线10条。
"""
    chunking = chunk(clean(decode(text.encode())), GAZETTEERS)
    assert [z.name.name for z in chunking.zones] == ["天府数字文创城", "锦江智谷湾", "成都东部新区"]
    assert all(len(z.paragraphs) == 2 for z in chunking.zones)
    assert [z.name.found_by for z in chunking.zones] == ["structure", "structure", "grammar"]  # 成都 + 新区


def test_chunk_heading_that_names_a_zone_owns_its_section():
    text = """临江两大片区发展纪实

临江市召开会议，总结两大片区一季度发展情况，部署下一步工作。

临江滨海新区

一季度地区生产总值增长8.1%，新签约项目27个。

二季度力争新开工项目20个以上。

西岭生态文旅度假区

一季度接待游客326万人次，增长31%。
"""
    chunking = chunk(clean(decode(text.encode())), GAZETTEERS)
    zones = {z.name.name: len(z.paragraphs) for z in chunking.zones}
    assert zones == {"临江滨海新区": 2, "西岭生态文旅度假区": 1}


def test_chunk_paragraph_naming_several_zones_is_general():
    text = """临江功能区综述

临江市召开会议，总结一季度发展情况，部署下一步工作。

会上，临江滨海新区、临江综合保税区、西岭生态文旅度假区等负责人分别发言。

临江滨海新区、临江综合保税区一季度合计完成投资120亿元，同比增长15%。

临江滨海新区一季度地区生产总值增长8.1%。

临江综合保税区一季度进出口额达到198亿元。
"""
    chunking = chunk(clean(decode(text.encode())), GAZETTEERS)
    general = "\n".join(s.text for s in chunking.general)
    assert "分别发言" in general and "合计完成投资" in general
    assert all("分别发言" not in z.text and "合计" not in z.text for z in chunking.zones)


def test_chunk_bracket_labelled_zones_named_once_are_discovered():
    text = """成都三大功能区晒出成绩单

4月18日，成都市召开功能区建设推进会，三大功能区负责人逐一发言。

【天府数字文创城】一季度签约项目12个，总投资260亿元。下一步将推动全年新签约项目50个以上。

【锦江智谷湾】新引进企业45家，营业收入增长18%。全年营业收入力争突破300亿元。

【成都东部新区】一季度新开航线4条，货邮吞吐量增长21%。全年新开航线10条。

一、这是一个要点：各功能区要抓好落实。
"""
    chunking = chunk(clean(decode(text.encode())), GAZETTEERS)
    assert [z.name.name for z in chunking.zones] == ["天府数字文创城", "锦江智谷湾", "成都东部新区"]


def test_chunk_zone_first_named_with_its_city_keeps_the_full_name():
    text = """杭州两大平台比拼实力

5月10日，全市重点平台建设现场会召开，各平台逐一汇报。

一季度成绩

杭州城西科创大走廊一季度新增高新技术企业260家，规上工业增加值增长15.3%。

在钱塘区，新引进亿元以上项目31个，实际利用外资4.6亿美元。

下一步打算

城西科创大走廊将加快建设国家实验室，全年新增高新技术企业800家。

钱塘区将全力推进半导体产业项目，力争全年新引进亿元以上项目100个。
"""
    chunking = chunk(clean(decode(text.encode())), GAZETTEERS)
    assert [(z.name.name, len(z.paragraphs)) for z in chunking.zones] == [("杭州城西科创大走廊", 2), ("钱塘区", 2)]


def test_chunk_numbered_zone_paragraphs_are_discovered():
    text = """某市三大园区发展综述

会议总结了一季度各园区的发展情况，部署了下一步工作。

（一）星河智造园：一季度完成投资38亿元，增长12%。

（二）东湖数字港：一季度新增企业120家，营收增长20%。

（三）南山生物岛：一季度引进项目15个，总投资60亿元。

1. 星河智造园将全年完成投资150亿元。

2. 东湖数字港将力争全年新增企业500家。

3. 南山生物岛将推进生物医药产业园二期建设。
"""
    chunking = chunk(clean(decode(text.encode())), GAZETTEERS)
    assert [(z.name.name, len(z.paragraphs)) for z in chunking.zones] == [
        ("星河智造园", 2), ("东湖数字港", 2), ("南山生物岛", 2)]


def test_chunk_zones_named_once_in_a_run_of_parallel_paragraphs():
    text = """某市四大园区晒出成绩单

会议总结了一季度各园区的发展情况，部署了下一步工作。市长在会上讲话。

星河智造园一季度完成投资38亿元，增长12%，下一步将全年完成投资150亿元。

东湖数字港一季度新增企业120家，营收增长20%，全年力争新增企业500家。

南山生物岛一季度引进项目15个，总投资60亿元，将推进生物医药产业园二期建设。

西江物流基地坚持开放发展，一季度货运量增长9%。

各园区要进一步提高认识，狠抓落实。
"""
    chunking = chunk(clean(decode(text.encode())), GAZETTEERS)
    assert [z.name.name for z in chunking.zones] == ["星河智造园", "东湖数字港", "南山生物岛", "西江物流基地"]
    assert "狠抓落实" in chunking.general[-1].text


def test_chunk_zones_after_a_lead_in_are_discovered():
    text = """某市三大片区综述

会议总结了一季度各片区的发展情况，部署了下一步工作。

今年以来，星河智造园完成投资38亿元，增长12%。

在东湖数字港，新增企业120家，营收增长20%。

一季度，南山生物岛引进项目15个，总投资60亿元。

下一步，星河智造园将全年完成投资150亿元。

东湖数字港将力争全年新增企业500家。

南山生物岛将推进生物医药产业园二期建设。
"""
    chunking = chunk(clean(decode(text.encode())), GAZETTEERS)
    assert [(z.name.name, len(z.paragraphs)) for z in chunking.zones] == [
        ("星河智造园", 2), ("东湖数字港", 2), ("南山生物岛", 2)]


def test_chunk_zones_after_a_feature_opening_are_discovered():
    text = """某市三大片区见闻

走进星河智造园，一座座标准厂房拔地而起，一季度完成投资38亿元。

记者来到东湖数字港，数字经济企业新增120家，营收增长20%。

驱车驶入南山生物岛，生物医药产业园一期已经投用。

星河智造园将全年完成投资150亿元。东湖数字港将力争全年新增企业500家。南山生物岛将推进产业园二期建设。
"""
    chunking = chunk(clean(decode(text.encode())), GAZETTEERS)
    assert [(z.name.name, len(z.paragraphs)) for z in chunking.zones] == [
        ("星河智造园", 2), ("东湖数字港", 2), ("南山生物岛", 2)]


def test_chunk_gazetteer_short_forms_find_their_zone():
    text = """青岛两大功能区一季度观察

今年以来，青岛董家口经济区与青岛金家岭金融聚集区协同发力。

董家口一季度港口货物吞吐量增长9%，新签约临港产业项目6个。

金家岭一季度新增金融机构12家，金融业增加值增长7.5%。

董家口将加快建设绿色低碳产业基地。金家岭将力争全年新增金融机构40家。
"""
    chunking = chunk(clean(decode(text.encode())), GAZETTEERS)
    assert [(z.name.name, len(z.paragraphs), z.name.found_by) for z in chunking.zones] == [
        ("青岛董家口经济区", 2, "gazetteer"), ("青岛金家岭金融聚集区", 2, "gazetteer")]


def test_chunk_the_place_a_visit_goes_to_is_what_its_paragraph_is_about():
    text = ("标题\n\n本月以来，省考察组深入各地调研产业发展。\n\n"
            "桐庐是全省装备制造重镇。12日上午，考察组来到桐庐高新区政务服务中心，了解审批改革情况。\n\n"
            "东岭经开区食品加工产业集聚发展，考察组察看了企业生产线。\n")
    chunking = chunk(clean(decode(text.encode())), GAZETTEERS)
    assert {z.name.name: [p.index for p in z.paragraphs] for z in chunking.zones} == {
        "桐庐高新区": [1], "东岭经开区": [2]}


def test_chunk_a_government_office_is_not_part_of_a_zone_name():
    text = ("标题\n\n桐江区行政审批局长三角示范区服务窗口昨日启用。\n\n"
            "桐江区行政审批局长三角示范区服务窗口办件量过万。\n")
    chunking = chunk(clean(decode(text.encode())), GAZETTEERS)
    names = [z.name.name for z in chunking.zones] + [m.name for m in chunking.mentioned]
    assert not any("局" in name for name in names), names
