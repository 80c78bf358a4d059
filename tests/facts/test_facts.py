"""Facts: every figure of a zone's text as a record, read by rule (no model)."""
from __future__ import annotations

import pytest

from zonesum.facts import describe_en, extract_facts
from zonesum.pipeline import run
from zonesum.text.figures import extract_figures
from zonesum.types import Paragraph, Zone, ZoneName

from articles import EXAMPLE, QINGDAO, needs_shared


def facts_of(*paragraphs: str, section: str = ""):
    zone = Zone(ZoneName("测试区"), tuple(Paragraph(t, section, i) for i, t in enumerate(paragraphs)))
    facts = extract_facts(zone)
    for fact in facts:  # every fact cites its exact span
        assert zone.text[fact.start:fact.end] == fact.text
    return facts


def test_facts_level_with_its_change_is_one_fact():
    [fact] = facts_of("一季度辖区银行机构贷款余额5452亿元，增长10.19%。")
    assert (fact.value, fact.unit, fact.change_pct) == (545200000000, "CNY", 10.19)
    assert (fact.indicator_zh, fact.indicator_en) == ("贷款余额", "loans outstanding")
    assert (fact.period, fact.period_en, fact.kind) == ("一季度", "Q1", "actual")
    assert fact.text == "5452亿元，增长10.19%"
    assert describe_en(fact) == "Loans outstanding: 545.2 billion CNY, +10.19% (Q1)"


@pytest.mark.parametrize("text, value, unit, qualifier", [
    ("对接项目一百三十三个", 133, "个", None),
    ("引进企业1.2万家", 12000, "家", None),
    ("总投资4.5亿美元的项目签约", 450_000_000, "USD", None),
    ("总投资1700多亿元的项目", 170_000_000_000, "CNY", "more_than"),
    ("上线企业突破4000家", 4000, "家", "more_than"),
    ("全年引进项目230个以上", 230, "个", "at_least"),
    ("接待游客近300万人次", 3_000_000, "人次", "nearly"),
    ("投资约20亿元", 2_000_000_000, "CNY", "about"),
    ("开行中欧班列203列", 203, "列", None),
    ("货邮吞吐量6.2万吨", 62000, "吨", None),
    ("赴多地接洽项目上百个", 100, "个", "more_than"),  # upwards of a hundred
])
def test_facts_values_in_base_units(text, value, unit, qualifier):
    [fact] = facts_of(text)
    assert (fact.value, fact.unit, fact.qualifier) == (value, unit, qualifier)


@pytest.mark.parametrize("text", [
    "集成电路千亿级产业强链", "推动一批50亿级大项目", "地铁5号线开工", "2023年的进度条", "4月14日下午",
    "6项参选第五批案例", "推出2.0版本", "三大板块落地", "力争过50亿元项目落地", "狠抓百亿元项目", "1至9月",
    "九大功能区", "二、三级公司", "惠及千家万户",
])
def test_facts_no_fact_from_years_ordinals_routes_or_labels(text):
    facts = facts_of(text)
    assert all(f.text not in ("千亿", "50亿", "5", "2023", "4", "14", "第五", "2.0", "三", "50亿元", "百亿元", "1", "9", "九",
                                   "千", "万")
               for f in facts), facts
    assert text != "6项参选第五批案例" or [f.value for f in facts] == [6]


def test_facts_ranges_are_one_fact():
    [fact] = facts_of("利润率保持在10%—15%")
    assert (fact.value, fact.value_max, fact.unit, fact.qualifier) == (10, 15, "%", "range")
    [money] = facts_of("总投资30—50亿元")
    assert (money.value, money.value_max, money.unit) == (3_000_000_000, 5_000_000_000, "CNY")


def test_facts_changes_alone_falls_and_respective_lists():
    logistics, = facts_of("物流营收增长83%")
    assert (logistics.value, logistics.change_pct, logistics.indicator_en) == (None, 83, "logistics revenue")
    fall, = facts_of("出口额下降3%")
    assert fall.change_pct == -3
    visitors, income = facts_of("一季度接待游客326万人次，实现旅游收入29.5亿元，分别增长31%和27%。")
    assert (visitors.value, visitors.change_pct) == (3_260_000, 31)
    assert (income.value, income.change_pct) == (2_950_000_000, 27)


def test_facts_targets_from_plans():
    plan, = facts_of("青岛高新区将深入实施招商，全年引进优质项目230个以上。")
    assert plan.kind == "target" and plan.period_en == "full year"
    heading, = facts_of("年内新开航线6条以上。", section="锚定目标，奋力冲刺")
    assert heading.kind == "target"
    done, = facts_of("董家口经济区新材料产业园即将挂牌，亩均产值均达1000万元以上。")
    assert done.kind == "actual"  # 即将 is no plan


def test_facts_figures_parser_agrees_with_cn2an():
    """text.figures reads Chinese numerals itself (cn2an takes 0.3 s to import, the whole facts
    budget of a run); this checks it against cn2an on numerals cn2an writes."""
    cn2an = pytest.importorskip("cn2an")
    for number in [*range(1, 130), 133, 1000, 1700, 2023, 10_001, 45_000, 3_260_000, 120_000_000, 545_200_000_000]:
        written = cn2an.an2cn(number)
        [figure] = extract_figures(written + "个", loose=False)
        assert figure.value == number, (written, figure)


@needs_shared
def test_facts_qingdao_done_when_checks():
    result = run(QINGDAO, "offline", offline=True)
    assert all(z.name_en for z in result.zones)
    facts = {z.name: z.facts for z in result.zones}

    def find(zone, **want):
        return [f for f in facts[zone] if all(getattr(f, k) == v for k, v in want.items())]

    [loans] = find("青岛金家岭金融聚集区", indicator_en="loans outstanding")
    assert (loans.value, loans.unit, loans.change_pct, loans.period_en) == (545_200_000_000, "CNY", 10.19, "Q1")
    assert find("青岛高新区", value=450_000_000, unit="USD")
    assert find("上合示范区", value=203, unit="列", indicator_en="China–Europe freight trains")
    assert find("青岛国际邮轮港区", change_pct=83, indicator_en="logistics revenue")
    every = [f for z in result.zones for f in z.facts]
    assert not [f for f in every if f.text.startswith(("2023", "千亿", "5号", "第"))]


def test_facts_in_the_result_of_the_example():
    result = run(EXAMPLE, "offline", offline=True)
    assert all(z.facts for z in result.zones)
    for zone in result.zones:
        for fact in zone.facts:
            assert zone.text[fact.start:fact.end] == fact.text
            assert any(p.index == fact.paragraph and fact.text in p.text for p in zone.paragraphs)
    assert result.schema_version == "1.1"
