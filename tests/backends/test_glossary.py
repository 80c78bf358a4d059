"""Glossary terms: loading, protection by placeholders, restoration and the output check."""
from __future__ import annotations

import pytest

from zonesum.backends.glossary import Glossary, placeholder, zone_terms
from zonesum.config import configs_dir
from zonesum.errors import ConfigError
from zonesum.types import ZoneName

TERMS = {"上合组织": "SCO", "中欧班列": "China-Europe Railway Express", "综合保税区": "Comprehensive Bonded Zone",
         "RCEP": "RCEP"}


def test_glossary_shipped_file_loads():
    glossary = Glossary.load(configs_dir() / "glossary.yaml")
    assert glossary.terms["中欧班列"] == "China-Europe Railway Express"
    assert len(glossary) > 10


@pytest.mark.parametrize("body, key", [
    ("terms:\n  中欧班列: [a, b]\n", "terms.中欧班列"),
    ("terms:\n  中欧班列: ''\n", "terms.中欧班列"),
    ("words:\n  中欧班列: x\n", "terms"),
    ("terms: [中欧班列]\n", "terms"),
])
def test_glossary_load_errors_name_the_key(tmp_path, body, key):
    path = tmp_path / "glossary.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        Glossary.load(path)
    assert f"'{key}'" in caught.value.line()
    assert "\n" not in caught.value.line()


def test_glossary_placeholders_are_letters_only():
    codes = [placeholder(i) for i in range(60)]
    assert len(set(codes)) == 60
    assert all(code.isalpha() and code.isupper() for code in codes)


def test_glossary_protect_swaps_terms_longest_first():
    glossary = Glossary({**TERMS, "保税区": "bonded zone"})
    protected = glossary.protect("青岛空港综合保税区开行中欧班列，中欧班列服务上合组织国家，发挥RCEP作用。")
    assert "中欧班列" not in protected.text and "综合保税区" not in protected.text
    assert "RCEP" in protected.text  # a term that is its own English is left alone
    assert [(zh, en) for _, zh, en in protected.slots] == [
        ("综合保税区", "Comprehensive Bonded Zone"), ("中欧班列", "China-Europe Railway Express"), ("上合组织", "SCO")]
    assert protected.text.count(protected.slots[1][0]) == 2  # one code per term, reused


def test_glossary_protect_with_another_prefix_or_none():
    glossary = Glossary(TERMS)
    assert glossary.protect("开行中欧班列。", "QX").text == "开行QXA。"
    assert glossary.protect("开行中欧班列。", None).text == "开行中欧班列。"


def test_glossary_restore_puts_official_english_back():
    protected = Glossary(TERMS).protect("开行中欧班列，服务上合组织国家。")
    (first, _, _), (second, _, _) = protected.slots
    output = f"Ran the {first.lower()} and served {' '.join(second)} countries."  # as models mangle codes
    restored, lost = protected.restore(output)
    assert restored == "Ran the China-Europe Railway Express and served SCO countries."
    assert lost == ()


def test_glossary_restore_reports_lost_placeholders():
    protected = Glossary(TERMS).protect("开行中欧班列，服务上合组织国家。")
    code = protected.slots[0][0]
    restored, lost = protected.restore(f"Ran {code} trains for the organisation.")
    assert lost == ("上合组织",)
    assert protected.unprotect(protected.text) == "开行中欧班列，服务上合组织国家。"


def test_glossary_protect_keeps_codes_apart_from_latin_letters():
    protected = Glossary(TERMS).protect("上合组织RCEP平台")
    code = protected.slots[0][0]
    assert protected.text == f"{code} RCEP平台"
    assert protected.restore(f"the {code} RCEP platform") == ("the SCO RCEP platform", ())


def test_glossary_check_warns_about_missing_english():
    glossary = Glossary(TERMS)
    source = "开行中欧班列，发挥RCEP作用。"
    assert glossary.check(source, "Ran the China–Europe railway express under RCEP.", "zone 上合: summary_en") == []
    assert glossary.check(source, "Ran the trains.", "zone 上合: summary_en") == [
        'zone 上合: glossary term "中欧班列" is not rendered as "China-Europe Railway Express" in summary_en',
        'zone 上合: glossary term "RCEP" is not rendered as "RCEP" in summary_en',
    ]


def test_glossary_zone_terms_cover_every_form_and_win_over_fixed_terms():
    zones = [ZoneName("青岛蓝谷", aliases=("蓝谷",), name_en="Qingdao Blue Valley"), ZoneName("无名区")]
    terms = zone_terms(zones)
    assert terms == {"青岛蓝谷": "Qingdao Blue Valley", "蓝谷": "Qingdao Blue Valley"}
    merged = Glossary({"蓝谷": "Blue Valley"}).merged(terms)
    assert merged.terms["蓝谷"] == "Qingdao Blue Valley"
    assert Glossary(TERMS).merged(None).terms == Glossary(TERMS).terms
