"""English names with no model: the gazetteer's official English, else pinyin plus the head glossary."""
from __future__ import annotations

import pytest

from zonesum.pipeline import run
from zonesum.types import ZoneName
from zonesum.zones.naming import english_name, rule_name

from articles import EXAMPLE


@pytest.mark.parametrize("name, english", [
    ("临江航空枢纽", "Linjiang Aviation Hub"),
    ("东岸科创走廊", "Dong'an Sci-tech Innovation Corridor"),
    ("西安高新区", "Xi'an High-tech Zone"),
    ("青岛董家口经济区", "Qingdao Dongjiakou Economic Zone"),
    ("长沙经济技术开发区", "Changsha Economic and Technological Development Zone"),
    ("苏州工业园区", "Suzhou Industrial Park"),
    ("滨海新区", "Binhai New Area"),
    ("中国（广西）自由贸易试验区南宁片区", "Nanning Area of China (Guangxi) Pilot Free Trade Zone"),
    ("光明科学城", "Guangming Science City"),
    ("吕梁经济技术开发区", "Lüliang Economic and Technological Development Zone"),
    # read otherwise than their characters' first readings (the shipped phrase readings)
    ("重庆两江新区", "Chongqing Liangjiang New Area"),
    ("长江新区", "Changjiang New Area"),
    ("蚌埠经济开发区", "Bengbu Economic Development Zone"),
    ("六安经济技术开发区", "Lu'an Economic and Technological Development Zone"),
])
def test_naming_rule(name, english):
    assert rule_name(name) == english


def test_naming_gazetteer_english_wins():
    official = ZoneName("青岛高新区", name_en="Qingdao High-tech Industrial Development Zone")
    assert english_name(official).source == "gazetteer"
    assert english_name(official).text == "Qingdao High-tech Industrial Development Zone"
    assert english_name(ZoneName("青岛高新区")).source == "rule"


def test_naming_every_zone_of_the_example_is_named_and_says_how():
    result = run(EXAMPLE, "offline", offline=True)
    sources = {z.name: (z.name_en, z.name_en_source) for z in result.zones}
    assert sources["临江航空枢纽"] == ("Linjiang Aviation Hub", "rule")
    assert sources["临江滨海新区"] == ("Linjiang Binhai New Area", "gazetteer")
    assert all(name and source in ("gazetteer", "rule") for name, source in sources.values())


# pypinyin as zonesum used it before it read the derived tables: no phrase table of its own,
# the shipped phrases loaded. A process of its own: the switches are read at its import.
_PYPINYIN = """
import json, os, sys
os.environ.update(PYPINYIN_NO_PHRASES="1", PYPINYIN_NO_DICT_COPY="1")
from pypinyin import Style, lazy_pinyin, load_phrases_dict
from zonesum.zones.lexicon import read_data
rows = [line.split("\\t") for line in read_data("pinyin-phrases.tsv").splitlines() if line and line[0] != "#"]
load_phrases_dict({phrase: [[r] for r in said.split(" ")] for phrase, said in rows})
names = json.load(sys.stdin)
json.dump([lazy_pinyin(n, style=Style.NORMAL, v_to_u=True, errors="default") for n in names], sys.stdout)
"""


def test_naming_pinyin_reads_as_pypinyin_on_every_listed_name():
    """The derived tables give pypinyin's reading of every zone and place name shipped (and of
    names mixing other characters in), so no English name changed when pypinyin stopped loading."""
    pytest.importorskip("pypinyin")
    import json
    import subprocess
    import sys

    from zonesum.zones.lexicon import read_data
    from zonesum.zones.pinyin import syllables

    names = [row.split("\t")[0] for row in read_data("national-zones.tsv").splitlines()[1:] if row]
    names += [form for row in read_data("places.tsv").splitlines()[1:] for form in row.split("\t")[:2]]
    names += ["重庆两江新区", "长江路5G产业园", "A区", "中关村ABC科技园", "〇号园", "绿谷·长沙", "㐀㐁园区",
              "不到长城", "何其相似"]  # these end inside a longer phrase: read character by character
    done = subprocess.run([sys.executable, "-c", _PYPINYIN], input=json.dumps(names), capture_output=True,
                          text=True, timeout=120, check=True)
    expected = json.loads(done.stdout)
    differ = [(n, syllables(n), e) for n, e in zip(names, expected) if syllables(n) != e]
    assert len(names) > 9_000 and not differ, differ[:5]
