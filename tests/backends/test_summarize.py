import re

import pytest

from zonesum import run
from zonesum.backends.extractive import HARD_LIMIT, ExtractiveSummarizer

from articles import EXAMPLE, QINGDAO, needs_shared

SENTENCE_END = re.compile(r"[。！？；]$")


def _sentences(text):
    return [s for s in re.findall(r"[^。！？；]*[。！？；]”?", text)]


@pytest.mark.parametrize("path", [EXAMPLE, pytest.param(QINGDAO, marks=needs_shared)], ids=["example", "qingdao"])
def test_summarize_zone_summaries_are_whole_sentences_within_the_limit(path):
    result = run(path, "offline")
    for zone in result.zones:
        summary = zone.summary_zh
        assert summary and len(summary) <= 120, zone.name
        source = zone.text
        for sentence in _sentences(summary):  # a clause that ends "；" in the source ends "。" here
            assert sentence in source or sentence[:-1] + "；" in source, (zone.name, sentence)


def test_summarize_example_covers_achievements_and_plans():
    result = run(EXAMPLE, "offline")
    for zone in result.zones:
        plan_paragraph = zone.paragraphs[1].text
        done_paragraph = zone.paragraphs[0].text
        sentences = _sentences(zone.summary_zh)
        assert any(s in done_paragraph for s in sentences), zone.name
        assert any(s in plan_paragraph for s in sentences), zone.name
        assert re.search(r"\d", zone.summary_zh), "favours concrete figures"


@pytest.mark.parametrize("limit", [40, 120, 500])
def test_summarize_never_exceeds_the_limit_or_200(limit):
    text = ("临江滨海新区坚持向海图强，一季度实现地区生产总值412亿元，增长8.1%，新签约项目27个，总投资560亿元，"
            "其中百亿级项目2个，海洋装备产业园一期建成投用，引进船舶配套企业14家，实现了良好开局。") * 3
    generated = ExtractiveSummarizer().summarize([text], limit)[0]
    assert len(generated.text) <= min(limit, HARD_LIMIT)
    assert SENTENCE_END.search(generated.text)
    if limit < 100:
        assert generated.warnings and "cut" in generated.warnings[0]
