"""Figures read from Chinese and English by value, and the check that flags invented ones."""
from __future__ import annotations

import pytest

from zonesum.text.figures import check_figures, extract_figures, located


def values(text: str, loose: bool = False) -> list[float]:
    return [f.value for f in extract_figures(text, loose=loose)]


@pytest.mark.parametrize("text, expected", [
    ("贷款余额5452亿元", [5.452e11]),
    ("总投资1700多亿元", [1.7e11]),
    ("总投资4.5亿美元", [4.5e8]),
    ("建筑面积12万平方米", [1.2e5]),
    ("覆盖率达到85%", [85]),
    ("增长10.19％", [10.19]),
    ("百分之八十五", [85]),
    ("多个50亿级大项目", [5e9]),
    ("集成电路千亿级产业", [1e11]),
    ("百亿级项目", [1e10]),
    ("九大功能区", [9]),
    ("三亿五千万元", [3.5e8]),
    ("二〇二三年", [2023]),
    ("第五批", [5]),
    ("2.0版本", [2.0]),
    ("4月14日", [4, 14]),
    ("服务3万家外贸企业", [3e4]),
    ("落地1000万元以上", [1e7]),
    ("发展5G和B2B", []),  # codes, not figures
    ("一流的氛围十分浓厚", []),  # idioms, not figures (strict reading)
])
def test_figures_extract_chinese_by_value(text, expected):
    assert values(text) == pytest.approx(expected)


def test_figures_loose_reading_takes_every_numeral():
    assert values("一流的氛围十分浓厚", loose=True) == [1, 10]


@pytest.mark.parametrize("text, expected", [
    ("545.2 billion yuan", [5.452e11]),
    ("5,452 hundred million yuan", [5.452e11]),
    ("US$450 million", [4.5e8]),
    ("120,000 square metres", [1.2e5]),
    ("up 10.19 percent and 11 per cent and 83%", [10.19, 11, 83]),
    ("nine zones and twenty-five projects", [9, 25]),
    ("Twenty-One sites, forty-nine firms", [21, 49]),
    ("one billion, a million, one of them", [1e9, 1e6]),
    ("3.5bn in Q1 2023", [3.5e9, 2023]),
])
def test_figures_extract_english_by_value(text, expected):
    assert values(text) == pytest.approx(expected)


def test_figures_check_catches_a_planted_wrong_number():
    source = "一季度辖区银行机构贷款余额5452亿元，增长10.19%。"
    output = "In the first quarter, bank loans reached 600 billion yuan, up 10.19%."
    assert check_figures(source, output, "zone 青岛金家岭: summary_en") == [
        'zone 青岛金家岭: figure "600 billion" in summary_en not found in source']


@pytest.mark.parametrize("output", [
    "loans of 545.2 billion yuan",
    "loans of 545 billion yuan",  # rounded to the last digit written
    "loans of 550 billion yuan",  # trailing zeros of a scaled figure are not significant
    "loans of 5,452 hundred million yuan",
    "loans grew by 10.2%",
    "the nine zones",
    "total investment of more than 170 billion yuan",
    "total investment of 175 billion yuan",  # within 1700多亿 (170–180 billion)
    "a 450 million US dollar project on 120,000 square metres",
])
def test_figures_check_accepts_the_same_value_in_other_words(output):
    source = "九大功能区中，贷款余额5452亿元，增长10.19%；总投资1700多亿元；4.5亿美元项目占地12万平方米。"
    assert check_figures(source, output, "summary_en") == []


@pytest.mark.parametrize("output, figure", [
    ("total investment of 190 billion yuan", "190 billion"),
    ("loans of 54.52 billion yuan", "54.52 billion"),
    ("eight zones", "eight"),
    ("贷款余额6000亿元", "6000亿"),  # 5452亿 rounds to 5000亿, not 6000亿
    ("引进项目42个", "42"),
])
def test_figures_check_flags_values_not_in_source(output, figure):
    source = "九大功能区中，贷款余额5452亿元；总投资1700多亿元；引进项目33个。"
    assert check_figures(source, output, "summary") == [f'figure "{figure}" in summary not found in source']


def test_figures_check_ignores_idioms_in_a_chinese_output():
    assert check_figures("引进项目33个。", "打造世界一流园区，氛围十分浓厚，引进项目33个。", "summary_zh") == []


def test_figures_check_reports_each_figure_once_and_bare_without_label():
    assert check_figures("增长5%", "up 7%, and again 7%", "") == ['figure "7%" not found in source']


def test_figures_located_puts_where_first():
    assert located("zone 蓝谷: title_en", "x{in}") == "zone 蓝谷: x in title_en"
    assert located("", "x{in}") == "x"
