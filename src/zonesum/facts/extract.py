"""A zone's figures as ``Fact`` records: what was measured, how much, how it changed, when.

Numbers are found and valued by ``text.figures`` (the same parser the faithfulness checks use,
so 5452亿, 1700多亿 and 一百三十三 read the same everywhere). This module decides which of them are
facts and reads the words around them:

- a fact has a unit: a currency (元, 美元…), %, or a measure word from the glossary (个, 家, 列,
  人次, 吨…). So years (2023年), dates (4月14日), route numbers (5号线), versions (2.0版本),
  ordinals (第五批), "N大" labels (三大板块) and size classes (千亿级, 50亿级) are never facts;
- a money figure written as a class of projects (过50亿元项目, 百亿元项目) is a label, not a fact;
- a change (增长10.19%, 下降3%) whose clause starts with the verb belongs to the level in the
  clause before it (贷款余额5452亿元，增长10.19%); "分别增长31%和27%" gives its changes in order
  to the levels before it; a change after its own indicator (物流营收增长83%) is a fact alone;
- a range (10%—15%, 30—50亿元) is one fact with ``value_max``;
- qualifiers: 多/余/超/超过/突破/逾/过 and 上 (上百个) more_than, 以上 at_least, 近/将近/接近 nearly,
  约/左右 about, 以内/以下/不超过 at_most, 不到/不足 less_than;
- the period is the last one named in the sentence before the figure (一季度 Q1…);
- a figure is a target in a plans section (heading with 目标, 下一步…), in a paragraph whose
  first clause says what the zone 将 do, or in a sentence with 力争, 目标, 计划, 争取, 确保…;
- the indicator is the glossary's longest term nearest before the figure in its clause (after
  any earlier figure there), else right after a count's measure word ("40个…项目"); Chinese
  words with no glossary entry keep a null English name.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..text.figures import Figure, extract_figures
from ..types import Fact, Zone
from .glossary import Glossary, load_glossary

_SENTENCE_END = "。！？；!?;\n"
_CLAUSE_END = _SENTENCE_END + "，,、：:"
_CHANGE = re.compile(r"(?:同比|环比|比上年|较上年|比去年|较去年|较|比)?(分别)?"
                     r"(增长|增加|提高|提升|上升|上涨|增幅为?|增速为?|下降|减少|降低|回落|下滑|减)"
                     r"(?:了|为|达到?)?\s*(?:约|近|超过?|逾)?$")
_FALL = ("下降", "减少", "降低", "回落", "下滑", "减")
_LIST_GLUE = re.compile(r"^\s*(?:和|与|及|、|,|，)\s*$")
_RANGE_GLUE = re.compile(r"^\s*(?:至|到|-|—|–|~|～|－)+\s*$")
_BEFORE_QUALIFIER = (("不超过", "at_most"), ("不到", "less_than"), ("不足", "less_than"), ("少于", "less_than"),
                     ("超过", "more_than"), ("超出", "more_than"), ("突破", "more_than"), ("多于", "more_than"),
                     ("高于", "more_than"), ("将近", "nearly"), ("接近", "nearly"), ("逼近", "nearly"),
                     ("大约", "about"), ("约为", "about"), ("超", "more_than"), ("逾", "more_than"),
                     ("过", "more_than"), ("近", "nearly"), ("约", "about"))
_AFTER_QUALIFIER = (("以上", "at_least"), ("以下", "at_most"), ("以内", "at_most"), ("左右", "about"),
                    ("上下", "about"), ("多", "more_than"), ("余", "more_than"))
_AFTER_MAP, _BEFORE_MAP = dict(_AFTER_QUALIFIER), dict(_BEFORE_QUALIFIER)
_AFTER_PATTERN = re.compile("|".join(word for word, _ in _AFTER_QUALIFIER))
_BEFORE_PATTERN = re.compile(f"(?:{'|'.join(word for word, _ in _BEFORE_QUALIFIER)})$")  # longest first
# a money figure followed by these is a class of projects (过50亿元项目, 百亿元项目), not a fact
_LABEL_AFTER = re.compile(r"(?:以上)?(?:大|重点|产业)?(?:项目|级)")
_TARGET_HEADING = re.compile(r"目标|计划|下一步|打算|举措|冲刺|展望|思路|谋划")
_TARGET_WORDS = re.compile(r"力争|目标|计划|争取|确保|预计|力求|提出|(?<![模虚比草])拟|(?<!即)将(?!近)")
_FIRST_CLAUSE_WILL = re.compile(r"^[^，。；：]{0,40}?(?<!即)将(?!近)")
_CURRENCIES = frozenset({"CNY", "USD", "HKD", "MOP", "EUR", "JPY", "GBP", "TWD"})
_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_COMPARED_WITH = re.compile(r"(?:同比|环比|比上年|较上年|比去年|较去年)?")
_SUBJECT_AND_PLAN = re.compile(r"^.*(?:力争|争取|确保|计划|推动|提出|将)")  # the subject and its plans
_LEADING_VERBS = re.compile(r"^(?:实现|完成|累计|新增|达到|达)+")
_TRAILING_VERBS = re.compile(r"(?:达到|实现|完成|突破|超过|达|约|近|为|超|过|逾|共|合计)+$")
_INDICATOR_STOP = re.compile(r"[，,。；;：:、“”\"（）()\d]|的|和|及|与|等|已|正|为|落地|入选|到访|开工|竣工|投产|参选|"
                             r"入市|对接|走访|签约|启用|建设|交付|上线|加快|推进|投入")


@dataclass
class _Draft:
    """A fact being built (facts are immutable; drafts are merged first)."""

    figure: Figure
    start: int
    end: int  # through the unit and any trailing qualifier
    unit: Optional[str]
    unit_en: Optional[str]
    value: Optional[float]
    qualifier: Optional[str] = None
    value_max: Optional[float] = None
    change_pct: Optional[float] = None
    change_pct_max: Optional[float] = None
    change_verb_at: int = -1  # where the change verb starts, for a change figure
    change_list: bool = False  # 分别增长…
    indicator_zh: Optional[str] = None
    indicator_en: Optional[str] = None

    @property
    def is_change(self) -> bool:
        return self.change_verb_at >= 0 and self.value is None


def extract_facts(zone: Zone, glossary: Glossary | None = None) -> tuple[Fact, ...]:
    """Every figure in ``zone``'s paragraphs that is a fact, in text order."""
    glossary = glossary or load_glossary()
    facts: list[Fact] = []
    offset = 0
    for paragraph in zone.paragraphs:
        drafts = _paragraph_drafts(paragraph.text, glossary)
        if drafts:
            planned = _planned(paragraph)  # the same for every figure of the paragraph: asked once
            facts.extend(_fact(draft, paragraph, offset, glossary, planned) for draft in drafts)
        offset += len(paragraph.text) + 1  # zone.text joins paragraphs with "\n"
    return tuple(facts)


def _paragraph_drafts(text: str, glossary: Glossary) -> list[_Draft]:
    figures = extract_figures(text)
    drafts: list[_Draft] = []
    for figure in figures:
        draft = _draft(text, figure, glossary)
        if draft is None:
            continue
        if drafts and _merge_range(text, drafts[-1], draft):
            continue
        drafts.append(draft)
    drafts = _with_unitless_range_starts(text, figures, drafts)
    for i, draft in enumerate(drafts):
        _read_change(text, draft, drafts[i - 1] if i else None)
    drafts = _attach_changes(text, drafts)
    for i, draft in enumerate(drafts):
        previous_end = drafts[i - 1].end if i else 0
        _read_indicator(text, draft, previous_end, glossary)
    return drafts


def _draft(text: str, figure: Figure, glossary: Glossary) -> Optional[_Draft]:
    if figure.raw.startswith("第") or (figure.start > 0 and text[figure.start - 1] == "第"):
        return None  # an ordinal
    if figure.raw == "一":
        return None  # 一批, 一个: an article, not a count
    end = figure.end
    if figure.percent:
        unit, unit_en = "%", "%"
    else:
        found = glossary.unit_at(text, end)
        if found is None:
            return None  # a year, a date, a route number, a label: no unit, no fact
        unit, unit_en = found
        end += len(unit)
        if unit_en in _CURRENCIES:
            if _LABEL_AFTER.match(text, end):
                return None
            unit = unit_en  # money is stated by its currency code: 元 CNY, 美元 USD
    draft = _Draft(figure, figure.start, end, unit, unit_en, round(figure.value, 6))
    _read_qualifier(text, draft)
    return draft


def _read_qualifier(text: str, draft: _Draft) -> None:
    after = _AFTER_PATTERN.match(text, draft.end)
    if after is not None:
        draft.qualifier = _AFTER_MAP[after.group()]
        draft.end = after.end()
    elif "多" in draft.figure.raw or "余" in draft.figure.raw or draft.figure.raw.startswith("上"):  # 上百个
        draft.qualifier = "more_than"
    elif (before := _BEFORE_PATTERN.search(text, max(0, draft.start - 3), draft.start)) is not None:
        draft.qualifier = _BEFORE_MAP[before.group()]


def _merge_range(text: str, low: _Draft, high: _Draft) -> bool:
    """10%—15%: one fact from low to high."""
    if low.unit != high.unit or not _RANGE_GLUE.match(text[low.end:high.start]):
        return False
    low.value_max, low.end, low.qualifier = high.value, high.end, "range"
    return True


def _with_unitless_range_starts(text: str, figures: list[Figure], drafts: list[_Draft]) -> list[_Draft]:
    """30—50亿元: the 30 has no unit of its own; it is the low end of the range, in 亿 too."""
    place = {figure.start: i for i, figure in enumerate(figures)}
    for draft in drafts:
        i = place.get(draft.figure.start, 0)
        for figure in figures[max(0, i - 1):i]:  # only the figure right before it
            if figure.end <= draft.start and _RANGE_GLUE.match(text[figure.end:draft.start]) \
                    and not figure.percent and _DECIMAL.fullmatch(figure.raw):
                number = _DECIMAL.match(draft.figure.raw)
                scale = draft.figure.value / float(number.group()) if number and float(number.group()) else 1.0
                draft.value_max, draft.value = draft.value, round(float(figure.raw) * scale, 6)
                draft.start, draft.qualifier = figure.start, "range"
    return drafts


def _read_change(text: str, draft: _Draft, previous: Optional[_Draft]) -> None:
    """A percentage written as a growth or a fall becomes ``change_pct`` (value None); so does
    one listed right after such a change (分别增长31%和27%)."""
    if draft.unit != "%":
        return
    clause_start = _clause_start(text, draft.start)
    match = _CHANGE.search(text, clause_start, draft.start)
    if match is not None:
        sign = -1.0 if match[2] in _FALL else 1.0
        draft.change_verb_at = match.start(2) if not match[1] else match.start(1)
        draft.change_list = bool(match[1])
    elif previous is not None and previous.is_change and _LIST_GLUE.match(text[previous.end:draft.start]):
        sign = -1.0 if (previous.change_pct or 0) < 0 else 1.0
        draft.change_verb_at, draft.change_list = previous.change_verb_at, previous.change_list
    else:
        return
    draft.change_pct = sign * draft.value
    draft.change_pct_max = sign * draft.value_max if draft.value_max is not None else None
    draft.value = draft.value_max = None
    draft.unit = draft.unit_en = None
    if draft.qualifier == "range":
        draft.qualifier = None


def _attach_changes(text: str, drafts: list[_Draft]) -> list[_Draft]:
    """Changes that open their clause go to the level(s) before them in the same sentence."""
    out: list[_Draft] = []
    i = 0
    while i < len(drafts):
        draft = drafts[i]
        if not draft.is_change or not _opens_clause(text, draft):
            out.append(draft)
            i += 1
            continue
        group = [draft]  # 分别增长31%和27%: the changes listed after one verb
        while i + len(group) < len(drafts):
            following = drafts[i + len(group)]
            if following.unit is None and following.value is None and following.change_pct is not None \
                    and _LIST_GLUE.match(text[group[-1].end:following.start]):
                group.append(following)
            else:
                break
        sentence_start = _sentence_start(text, draft.start)
        levels = []  # the sentence's levels with no change yet, read back from the end (linear overall)
        for earlier in reversed(out):
            if earlier.start < sentence_start:
                break
            if earlier.value is not None and earlier.change_pct is None:
                levels.insert(0, earlier)
        if draft.change_list and len(levels) >= len(group):
            targets = levels[-len(group):]
        elif not draft.change_list and len(group) == 1 and levels \
                and _clause_start(text, draft.start) == _next_clause_start(text, levels[-1].end):
            targets = levels[-1:]
        else:
            out.extend(group)
            i += len(group)
            continue
        for level, change in zip(targets, group):
            level.change_pct, level.change_pct_max = change.change_pct, change.change_pct_max
            if len(group) == 1:
                level.end = change.end  # the span covers "5452亿元，增长10.19%"
        i += len(group)
    return out


def _opens_clause(text: str, draft: _Draft) -> bool:
    """增长10.19% opens its clause; 物流营收增长83% does not (its indicator is in it)."""
    lead = text[_clause_start(text, draft.change_verb_at + 1):draft.change_verb_at]
    return _COMPARED_WITH.fullmatch(lead) is not None


def _read_indicator(text: str, draft: _Draft, previous_end: int, glossary: Glossary) -> None:
    clause_start = max(_clause_start(text, draft.start), previous_end)
    window_end = draft.change_verb_at if draft.change_verb_at >= 0 else draft.start
    before = text[clause_start:window_end]
    best = None
    for best in glossary.indicator_pattern.finditer(before):
        pass  # the nearest before the figure: matches do not overlap, so the last one ends last
    if best is not None:
        draft.indicator_zh, draft.indicator_en = best.group(), glossary.indicator_en(best.group())
        return
    after_end = _clause_end(text, draft.end)
    after = text[draft.end:after_end]
    if draft.unit_en is None and draft.unit and after:  # a count: what follows names what is counted
        hit = glossary.indicator_pattern.search(after)
        if hit is not None:
            draft.indicator_zh, draft.indicator_en = hit.group(), glossary.indicator_en(hit.group())
            return
        words = _INDICATOR_STOP.split(after, maxsplit=1)[0][-10:]
        draft.indicator_zh = words if len(words) >= 2 else None
        return
    words = glossary.period_pattern.sub("", before)
    words = _SUBJECT_AND_PLAN.sub("", words)
    words = _LEADING_VERBS.sub("", words)
    words = _TRAILING_VERBS.sub("", words)[-10:]
    draft.indicator_zh = words if len(words) >= 2 else None


def _fact(draft: _Draft, paragraph, offset: int, glossary: Glossary, planned: bool) -> Fact:
    text = paragraph.text
    period, period_en = glossary.last_period(text[_sentence_start(text, draft.start):draft.start])
    return Fact(text=text[draft.start:draft.end], paragraph=paragraph.index, start=offset + draft.start,
                end=offset + draft.end, value=draft.value, unit=draft.unit, unit_en=draft.unit_en,
                indicator_zh=draft.indicator_zh, indicator_en=draft.indicator_en, qualifier=draft.qualifier,
                value_max=draft.value_max, change_pct=draft.change_pct, change_pct_max=draft.change_pct_max,
                period=period, period_en=period_en, kind=_kind(text, draft.start, planned))


def _planned(paragraph) -> bool:
    """Every figure of a plans section, or of a paragraph that opens with what the zone 将 do, is a target."""
    return bool(_TARGET_HEADING.search(paragraph.section or "") or _FIRST_CLAUSE_WILL.search(paragraph.text))


def _kind(text: str, position: int, planned: bool) -> str:
    if planned:
        return "target"
    sentence = text[_sentence_start(text, position):_sentence_end(text, position)]
    return "target" if _TARGET_WORDS.search(sentence) else "actual"


_CLAUSE_MARK = re.compile(f"[{re.escape(_CLAUSE_END)}]")
_CLAUSE_END_MARK = re.compile(f"[{re.escape(_CLAUSE_END.replace('、', ''))}]")
_SENTENCE_MARK = re.compile(f"[{re.escape(_SENTENCE_END)}]")


@lru_cache(maxsize=64)
def _marks(text: str, pattern: re.Pattern) -> tuple[int, ...]:
    """Where ``pattern``'s punctuation sits in ``text`` (paragraphs are looked up many times)."""
    return tuple(m.start() for m in pattern.finditer(text))


def _before(text: str, pos: int, pattern: re.Pattern) -> int:
    marks = _marks(text, pattern)
    i = bisect_left(marks, pos)
    return marks[i - 1] + 1 if i else 0


def _after(text: str, pos: int, pattern: re.Pattern) -> int:
    marks = _marks(text, pattern)
    i = bisect_left(marks, pos)
    return marks[i] if i < len(marks) else len(text)


def _clause_start(text: str, pos: int) -> int:
    return _before(text, pos, _CLAUSE_MARK)


def _clause_end(text: str, pos: int) -> int:
    return _after(text, pos, _CLAUSE_END_MARK)


def _next_clause_start(text: str, pos: int) -> int:
    return _after(text, pos, _CLAUSE_MARK) + 1


def _sentence_start(text: str, pos: int) -> int:
    return _before(text, pos, _SENTENCE_MARK)


def _sentence_end(text: str, pos: int) -> int:
    return _after(text, pos, _SENTENCE_MARK)
