"""Property-based tests of ingest, clean-up and chunking on pages nobody would write by hand.

A page is a random mixture of real article lines (both example articles), page furniture,
noise, lines of only punctuation, very long lines, stray control characters, full-/half-width
punctuation swaps and Traditional characters, joined with any line ending or with none.

Invariants, for every page:
- ingest either refuses it with ``InputError`` or decodes it exactly (line endings normalised,
  control characters removed); nothing but the documented ``ZonesumError``s is ever raised;
- nothing is silently dropped: the multiset of non-whitespace characters of the decoded text
  equals that of meta + section headings + zone paragraphs + general paragraphs, and every
  body paragraph is in exactly one zone or general section;
- no zone text contains a furniture line (credit, byline, caption, header);
- the JSON written validates against the shipped schema, and says what the chunking found.
"""
from __future__ import annotations

import json
from collections import Counter

import jsonschema
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from zonesum.config import load_config
from zonesum.errors import InputError, NoZonesError
from zonesum.pipeline import run_document
from zonesum.result import SCHEMA_PATH
from zonesum.text.clean import clean
from zonesum.text.ingest import _CONTROL, decode, read_document
from zonesum.text.script import _fold_table
from zonesum.zones.chunk import chunk
from zonesum.zones.gazetteer import load_gazetteers

from articles import EXAMPLE, QINGDAO

CONFIG = load_config("offline")
GAZETTEERS = load_gazetteers(CONFIG)
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def _article_lines(path) -> list[str]:
    """The lines of an article that are article text: headline, headings, paragraphs (its
    furniture comes in through FURNITURE only, so the fuzzer knows where furniture is)."""
    article = clean(read_document(path))
    return [article.meta.title, *article.meta.deck, *(s.heading for s in article.sections if s.heading),
            *(p.text for p in article.paragraphs)]


LINES = [line for path in (EXAMPLE, QINGDAO) if path.exists() for line in _article_lines(path)]
PARAGRAPH = next(line for line in LINES if len(line) > 60)
# Furniture in the shapes real pages print it, Simplified and Traditional.
FURNITURE = [
    "责任编辑 周若兰 美编 陈 默 校对 许家明 排版 韩 笑",
    "主编 马晓月 美编 李晓萌 审读 王 岩 排版 戚晓明",
    "□临江日报记者 方知远 通讯员 林 晓",
    "□青岛日报/观海新闻记者 锡复春 周 伟",
    "本报记者 叶知秋 通讯员 高 远 报道",
    "■临江航空枢纽货运区。",
    "■青岛经济技术开发区。",
    "图为临江滨海新区海洋装备产业园一角。",
    "临江发布客户端  扫码阅读全文",
    "客户端: 青岛观 客户端: 观海新闻",
    "青島日報 聚焦",
    "責任編輯 陳嘉欣 美術編輯 李志強 校對 黃文傑",
    "□本報記者 梁家豪 實習記者 何詠詩",
    "■啟德體育園主場館。",
    "港聞快訊客戶端  掃碼閱讀全文",
]
NOISE = ["（完）", "【相关阅读】", "更多精彩内容请下载客户端", "A03", "第5版", "1/3", "* * *", "————",
         "<script>alert(1)</script>", "&nbsp;&amp;", "�", "ＡＢＣ１２３", "http://example.com/a?b=c",
         "临江", "区", "。", "“", "（", "——", "：", "将", "九大功能区"]
PUNCTUATION = "，。、；：！？…—·「」『』“”‘’（）《》【】,.;:!?()[]<>-*#~_|/\\"
CONTROLS = ["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\u200b", "\ufeff", "\x85", "\u2028"]
_HALF = {ord(f): h for f, h in zip("，。：；！？（）％０１２３４５６７８９", ",.:;!?()%0123456789")}
_FULL = {ord(h): f for f, h in zip("，：；！？（）％０１２３４５６７８９", ",:;!?()%0123456789")}
_TRADITIONAL = {}
for _t, _s in _fold_table().items():
    _TRADITIONAL.setdefault(_s, _t)  # a crude Simplified -> Traditional: enough to exercise folding


def _article_line() -> st.SearchStrategy[str]:
    transforms = st.sampled_from([
        lambda s: s,
        lambda s: s.translate(_HALF),
        lambda s: s.translate(_FULL),
        lambda s: s.translate(_TRADITIONAL),
        lambda s: "\u3000\u3000" + s,  # an indented paragraph
    ])
    return st.builds(lambda line, f: f(line), st.sampled_from(LINES), transforms)


def _with_controls(line: str, controls: list[tuple[int, str]]) -> str:
    for position, ch in controls:
        at = position % (len(line) + 1)
        line = line[:at] + ch + line[at:]
    return line


_control_edits = st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(CONTROLS)), max_size=2)
_noise_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=25)


@st.composite
def pages(draw) -> tuple[str, list[str]]:
    """A page's text and the furniture lines put in it."""
    furniture: list[str] = []
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 40))):
        kind = draw(st.sampled_from(["article"] * 6 + ["furniture", "noise", "random", "punctuation",
                                                       "long", "very long", "blank"]))
        if kind == "article":
            line = _with_controls(draw(_article_line()), draw(_control_edits))
        elif kind == "furniture":
            line = draw(st.sampled_from(FURNITURE))
            furniture.append(line)
        elif kind == "noise":
            line = draw(st.sampled_from(NOISE))
        elif kind == "random":
            line = draw(_noise_text)
        elif kind == "punctuation":
            line = draw(st.text(st.sampled_from(PUNCTUATION), min_size=1, max_size=12))
        elif kind == "long":  # several paragraphs run together
            line = "".join(draw(st.lists(_article_line(), min_size=2, max_size=30)))
        elif kind == "very long":
            line = draw(st.sampled_from(LINES)) * draw(st.integers(20, 150))
        else:
            line = ""
        lines.append(line)
    joiner = draw(st.sampled_from(["\n", "\n\n", "\r\n", "\r", "\n \n", ""]))
    if joiner == "":
        furniture = []  # run into the text around it, a credit line is prose, not furniture
    return joiner.join(lines), furniture


def _chars(*texts: str) -> Counter:
    return Counter(ch for text in texts for ch in text if not ch.isspace())


def _decoded(text: str) -> str:
    """What ingest must make of ``text``: line endings normalised, control characters gone."""
    for ending in ("\r\n", "\r", "\u2028", "\u2029"):
        text = text.replace(ending, "\n")
    return _CONTROL.sub("", text)


def _check_nothing_dropped(text: str, chunking) -> None:
    article = chunking.article
    meta = article.meta
    placed: dict[int, list] = {}  # index -> pieces in article order (a paragraph shared among zones is cut)
    for p in sorted([p for z in chunking.zones for p in z.paragraphs]
                    + [p for s in chunking.general for p in s.paragraphs], key=lambda p: p.index):
        placed.setdefault(p.index, []).append(p)
    assert sorted(placed) == list(range(len(article.paragraphs))), "a paragraph is lost"
    for paragraph in article.paragraphs:
        pieces = placed[paragraph.index]
        assert len(pieces) == 1 or _chars(*(p.text for p in pieces)) == _chars(paragraph.text), \
            "a paragraph is in two places, or its pieces do not add up to it"
    assert {s.heading for s in chunking.general} >= {s.heading for s in article.sections if not s.paragraphs}
    kept = _chars(meta.title or "", *meta.deck, meta.byline or "", *meta.credits, *meta.captions, *meta.header,
                  *meta.other, *(s.heading for s in article.sections),
                  *(p.text for z in chunking.zones for p in z.paragraphs),
                  *(p.text for s in chunking.general for p in s.paragraphs))
    source = _chars(text)
    assert kept == source, f"dropped {source - kept}, invented {kept - source}"


def _check_result(result, chunking) -> None:
    data = json.loads(result.to_json())
    VALIDATOR.validate(data)
    assert [(z["name"], [p["text"] for p in z["paragraphs"]]) for z in data["zones"]] == [
        (z.name.name, [p.text for p in z.paragraphs]) for z in chunking.zones]
    assert [(s["heading"], s["text"]) for s in data["sections"]] == [(s.heading, s.text) for s in chunking.general]
    headings = {s["heading"] for s in data["sections"]} | {p["section"] for z in data["zones"] for p in z["paragraphs"]}
    assert headings >= {s.heading for s in chunking.article.sections}, "a section heading is missing from the JSON"
    for zone in data["zones"]:  # extractive summaries quote the zone's own sentences
        assert zone["summary_zh"] is None or set(zone["summary_zh"]) - set("。") <= set(zone["text"])


FUZZ = settings(max_examples=150, deadline=5000, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(page=pages(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
@example(page=("A\nA\n" + PARAGRAPH, []), encoding="utf-8")  # two equal headline lines: both kept
@example(page=(PARAGRAPH + "\n甲乙丙丁\n戊己庚辛\n" + PARAGRAPH, []), encoding="utf-8")  # an empty section
def test_pipeline_fuzzed_pages_keep_every_character_and_no_furniture_in_zones(page, encoding):
    text, furniture = page
    try:
        document = decode(text.encode(encoding), path="fuzz.txt")
    except InputError:
        event("refused by ingest")
        return
    assert document.text == _decoded(text)
    chunking = chunk(clean(document), GAZETTEERS)
    _check_nothing_dropped(document.text, chunking)
    zone_text = "\n".join(z.text for z in chunking.zones)
    for line in furniture:
        assert line.strip() not in zone_text
    try:
        result = run_document(document, CONFIG)
    except NoZonesError:
        assert not chunking.zones
        event("no zone")
        return
    event(f"{min(len(result.zones), 9)} zones")
    _check_result(result, chunking)


@FUZZ
@given(data=st.one_of(
    st.binary(max_size=3000),
    st.builds(lambda line, enc, cut: line.encode(enc, errors="replace")[:cut],
              st.sampled_from(LINES), st.sampled_from(["utf-8", "gb18030", "big5", "utf-16-le", "utf-16"]),
              st.integers(0, 400)),
    st.builds(lambda a, junk, b: a + junk + b, st.sampled_from(LINES).map(str.encode), st.binary(max_size=40),
              st.sampled_from(LINES).map(lambda s: s.encode("gb18030"))),
))
def test_ingest_random_bytes_decode_or_raise_input_error(data):
    try:
        document = decode(data, path="bytes.bin")
    except InputError as exc:
        assert exc.line().startswith("bytes.bin: ") and "\n" not in exc.line()
        event("refused")
        return
    assert document.text.strip() and not _CONTROL.search(document.text) and "\r" not in document.text
    event(f"decoded as {document.source.encoding}")


@FUZZ
@given(page=pages())
def test_clean_fuzzed_furniture_is_found_wherever_it_stands(page):
    """Furniture is recognised line by line: between cut paragraphs, after noise, anywhere."""
    text, furniture = page
    try:
        meta = clean(decode(text.encode(), path="fuzz.txt")).meta
    except InputError:
        return
    for line in furniture:
        assert line.strip() in (*meta.credits, *meta.captions, *meta.header) or line in (meta.byline or "")


@pytest.mark.parametrize("line", FURNITURE)
def test_clean_furniture_lines_of_the_fuzzer_are_furniture(line):
    """The fuzzer's furniture list is real furniture (else its invariant tests nothing)."""
    meta = clean(decode(f"{line}\n\n临江滨海新区坚持向海图强，一季度实现地区生产总值412亿元。".encode())).meta
    assert line in (*meta.credits, *meta.captions, *meta.header, meta.byline)


def test_ingest_stray_nuls_are_dropped_not_fatal():
    text = PARAGRAPH + "\n" + PARAGRAPH
    data = text.encode()
    stray = data[:30] + b"\x00" + data[30:60] + b"\x00\x00" + data[60:]
    assert decode(stray).text == text
    with pytest.raises(InputError):  # NULs all through: binary, or UTF-16 that does not decode
        decode(b"\x00\x01".join([PARAGRAPH.encode()[:20]] * 200))
