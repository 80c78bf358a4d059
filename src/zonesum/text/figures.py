"""Figures (numbers, percentages, money and area amounts) in Chinese or English, by value.

Models invent and drop numbers, so every summary and translation is checked: a figure in the
output whose value is not among the source's figures becomes a warning. Values are compared,
not strings, so 5452亿元, "545.2 billion" and "5,452 hundred million" are the same figure.

Matching rules (``check_figures``):
- the output may round: a figure is taken to mean "rounded to its last digit written" —
  "545 billion" and "545.2 billion" match 5452亿; with a scale word (万, 亿, million,
  billion) trailing zeros are not significant, so "550 billion" (545–555 billion) matches
  too, but "600 billion" (550–650 billion) does not; plain numbers and years match exactly;
- a source figure marked as approximate (1700多亿, 40余家) covers the range it names
  (170–180 billion, 40–49);
- the source side is read generously (every Chinese numeral, including 一 and 第五), the output
  strictly (only numerals that are written as figures), so idioms such as 一流 or 十分 in an
  output do not raise false alarms;
- units are not compared: a percentage that turns up as a plain number is not flagged.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left, insort
from dataclasses import dataclass, field

ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
ZH_UNITS = {"十": 10, "百": 100, "千": 1_000, "万": 10_000, "亿": 100_000_000}
EN_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6}
# number words from two ("one" only counts with a scale, "one billion": see _EN_RUN)
EN_WORDS = {w: i for i, w in enumerate("two three four five six seven eight nine ten eleven twelve thirteen "
                                       "fourteen fifteen sixteen seventeen eighteen nineteen".split(), 2)}
EN_WORDS.update({w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)})
# a Chinese numeral followed by one of these (or after 第) is a figure, not an idiom
ZH_MEASURES = set("个家项列次名位座条批大亿万元年月日号种所只台户人倍成期级亩届支辆艘架场轮组起件款层栋套")

_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
_ARABIC = re.compile(r"""
    (?=\d)  # what a match starts with, said first: the scan then skips other characters twice as fast
    (?<![A-Za-z0-9.])
    (?P<int>\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?P<dec>\.\d+)?
    (?P<more>\s*[多余])?
    (?P<zh>[十百千万亿]+(?:[多余])?)?
    (?P<pct>\s*(?:%|％|per\s?cent\b))?
    (?P<en>[\s-]*(?:hundred[\s-]+)?(?:thousand|million|billion|trillion)\b|\s?(?:bn|mn)\b)?
    """, re.X | re.I)
_ZH_PERCENT = re.compile(rf"百分之(?P<num>\d+(?:\.\d+)?|[{_NUMERAL}]+)")
# (?=…) says what a match starts with, as in _ARABIC
_ZH_RUN = re.compile(rf"(?=[第{_NUMERAL}])(?P<pre>第)?(?P<num>[{_NUMERAL}]+)(?:(?P<more>[多余])(?P<scale>[万亿]+)?)?")
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_EN_RUN = re.compile(
    r"\b(?:(?P<word>" + "|".join(sorted(EN_WORDS, key=len, reverse=True)) + rf")(?:-(?P<unit>{_UNITS}))?"
    r"|(?P<one>one|a))(?:[\s-]+(?P<scale>hundred|thousand|million|billion|trillion))?\b", re.I)
_LATIN = re.compile("[a-z]", re.I)  # with re.I as _EN_RUN, so it also takes what re.I folds (ſ, K)


@dataclass(frozen=True)
class Figure:
    raw: str  # as written
    value: float
    percent: bool = False
    precision: float = 1.0  # one unit of the last digit written, for rounding tolerance
    spread: float = 0.0  # for approximate figures (1700多亿): the range above value they cover
    # where ``raw`` sits in the text it was read from (facts cite their span); not part of equality
    start: int = field(default=-1, compare=False)
    end: int = field(default=-1, compare=False)


def _zh_numeral(text: str) -> float | None:
    """Value of a Chinese numeral (一千七百, 三亿五千万, 二〇二三, 百), None if not one."""
    if len(text) > 1 and all(ch in ZH_DIGITS for ch in text):
        return float("".join(str(ZH_DIGITS[ch]) for ch in text))  # digit by digit: 二〇二三
    total = wan = section = 0.0
    number: int | None = None
    for ch in text:
        if ch in ZH_DIGITS:
            if number is not None and number != 0:
                return None  # 一一, 三四: not a positional numeral
            number = ZH_DIGITS[ch] or None  # 零 only holds a place
        elif ch in "十百千":
            section += (1 if number is None else number) * ZH_UNITS[ch]
            number = None
        else:
            base = wan + section + (number or 0) or 1
            if ch == "万":
                wan, section = base * 1e4, 0.0
            else:
                total, wan, section = (total + base) * 1e8, 0.0, 0.0
            number = None
    return total + wan + section + (number or 0)


def _approx_spread(value: float) -> float:
    """How far "value多" reaches: 1700多 → 100 (1700–1800), 40多 → 10, 3多 → 1."""
    digits = str(int(value))
    return 10.0 ** (len(digits) - len(digits.rstrip("0"))) if value else 1.0


def _scale(chars: str) -> float:
    return math.prod(ZH_UNITS[ch] for ch in chars if ch in ZH_UNITS)


def _arabic(match: re.Match) -> Figure | None:
    integer, decimals = match["int"].replace(",", ""), match["dec"] or ""
    after = match.string[match.end():match.end() + 1]
    if not (match["zh"] or match["pct"] or match["en"]) and after.isascii() and after.isalpha():
        return None  # a code such as 5G or 3D, not a figure
    value = float(integer + decimals)
    precision = 10.0 ** -(len(decimals) - 1) if decimals else 1.0
    scale = 1.0
    if match["zh"]:
        scale = _scale(match["zh"])
    elif match["en"]:
        words = match["en"].lower()
        scale = EN_SCALES[re.findall(r"[a-z]+", words)[-1]] * (100 if "hundred" in words else 1)
    if scale != 1.0 and not decimals:
        precision = _approx_spread(value)  # "550 billion": rounded to its last non-zero digit
    approx = bool(match["more"]) or "多" in (match["zh"] or "") or "余" in (match["zh"] or "")
    spread = (_approx_spread(value) if not decimals else precision) * scale if approx else 0.0
    raw = match.group().strip()  # the match starts at a digit: only trailing space is stripped
    return Figure(raw, value * scale, bool(match["pct"]), precision * scale, spread,
                  start=match.start(), end=match.start() + len(raw))


def _english_word(match: re.Match) -> Figure | None:
    if match["one"] and not match["scale"]:
        return None  # "one" and "a" alone are not figures
    value = 1.0 if match["one"] else float(EN_WORDS[match["word"].lower()])
    if match["unit"]:  # twenty-one … ninety-nine
        value += _UNITS.split("|").index(match["unit"].lower()) + 1
    scale = {"hundred": 100.0, **EN_SCALES}[match["scale"].lower()] if match["scale"] else 1.0
    return Figure(match.group(), value * scale, precision=scale, start=match.start(), end=match.end())


def extract_figures(text: str, *, loose: bool = False) -> list[Figure]:
    """Figures in Chinese or English text, in order of appearance.

    ``loose`` (for sources) also takes every Chinese numeral, even where it is part of an
    idiom; the strict default takes only numerals written as figures (九大, 第五, 三万).
    """
    found: list[tuple[int, Figure]] = []
    taken: list[tuple[int, int]] = []  # spans already read, sorted and disjoint

    def free(match: re.Match) -> bool:
        # only the neighbours can overlap (a page-long paragraph holds thousands of figures)
        i = bisect_left(taken, (match.start(), -1))
        return not any(start < match.end() and match.start() < end for start, end in taken[max(0, i - 1):i + 1])

    for match in _ZH_PERCENT.finditer(text) if "百分之" in text else ():
        number = match["num"]
        value = float(number) if number[0].isdigit() else _zh_numeral(number)
        if value is not None:
            found.append((match.start(), Figure(match.group(), value, percent=True, start=match.start(),
                                                end=match.end())))
            insort(taken, match.span())
    for match in _ARABIC.finditer(text):
        if free(match) and (figure := _arabic(match)):
            found.append((match.start(), figure))
            insort(taken, match.span())
    for match in _ZH_RUN.finditer(text):
        # most runs are idioms (进一步, 一流) and fail this test: it comes before the overlap check
        num = match["num"]
        large = ("万" in num or "亿" in num) and any(ch in ZH_DIGITS for ch in num)
        # a bare 百/千/万 counts only after 上 ("上百个": upwards of a hundred; not 千家万户)
        upwards = num in ("百", "千", "万") and text[match.start() - 1:match.start()] == "上"
        measured = (text[match.end():match.end() + 1] in ZH_MEASURES
                    and (num not in ("百", "千", "万", "亿") or upwards))
        if not (loose or large or measured or match["pre"] or match["scale"]) or not free(match):
            continue
        values = [_zh_numeral(num)]
        if values[0] is None:  # 一一, 二三: read each digit on its own (sources only)
            values = [float(ZH_DIGITS[ch]) for ch in num if ch in ZH_DIGITS] if loose else []
        scale = _scale(match["scale"] or "") or 1.0
        start = match.start() - 1 if upwards else match.start()  # 上百: the figure is written with its 上
        for value in values:
            spread = _approx_spread(value) * scale if match["more"] or upwards else 0.0
            found.append((start, Figure(text[start:match.end()], value * scale, precision=scale, spread=spread,
                                        start=start, end=match.end())))
        insort(taken, (start, match.end()))
    # English number words start with a letter: Chinese text without one skips this scan (the
    # slowest of the four, as every position is tried against every word)
    for match in _EN_RUN.finditer(text) if _LATIN.search(text) else ():
        if free(match) and (figure := _english_word(match)):
            found.append((match.start(), figure))
    return [figure for _, figure in sorted(found, key=lambda item: item[0])]


def matches(output: Figure, source: Figure) -> bool:
    """Whether ``output`` states ``source``'s value, allowing for rounding and 多/余 ranges."""
    tolerance = output.precision / 2 + abs(source.value) * 1e-9
    if abs(output.value - source.value) <= tolerance:
        return True
    return bool(source.spread) and source.value <= output.value <= source.value + source.spread


def located(label: str, message: str) -> str:
    """A warning about one output. ``label`` is "[where: ]field" ("zone 青岛蓝谷: summary_en",
    "summary_en" or ""): "{in}" in ``message`` becomes " in <field>" and where leads the line."""
    where, _, field = label.rpartition(": ")
    text = message.replace("{in}", f" in {field}" if field else "")
    return f"{where}: {text}" if where else text


def check_figures(source_zh: str, output: str, label: str) -> list[str]:
    """One warning per distinct figure in ``output`` whose value is not in ``source_zh``.

    ``label`` names the output as "[where: ]field" (see ``located``); "" gives bare warnings
    for a caller that prefixes its own.

    >>> check_figures("贷款余额5452亿元", "loans of 600 billion yuan", "zone 金家岭: summary_en")
    ['zone 金家岭: figure "600 billion" in summary_en not found in source']
    """
    if not output:
        return []
    sources = extract_figures(source_zh, loose=True)
    warnings: list[str] = []
    for figure in extract_figures(output):
        if any(matches(figure, source) for source in sources):
            continue
        warning = located(label, f'figure "{figure.raw}"{{in}} not found in source')
        if warning not in warnings:
            warnings.append(warning)
    return warnings
