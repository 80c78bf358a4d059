"""An English name for every zone, with no model: the gazetteer's official English, else a rule.

The rule (``rule_name``), as official English names are built: the head noun from the typed
head list (``data/heads.yaml``: 经济技术开发区 Economic and Technological Development Zone,
高新区 High-tech Zone…), the words before it that English translates (``data/name_words.yaml``:
国际 International, 数字经济 Digital Economy…), and the proper name before those in pinyin,
one word per place (青岛董家口 Qingdao Dongjiakou), capitalised, with an apostrophe where a
syllable starting with a, o or e would run into the one before (Xi'an, Dong'an). A zone of a
free-trade zone is named "X Area of <the zone>" (中国（广西）自由贸易试验区南宁片区 Nanning Area
of China (Guangxi) Pilot Free Trade Zone).

``name_en_source`` on each zone says which it was: gazetteer | rule | model. A model may name
a zone the gazetteer has no English for (the pipeline decides); never one it has.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..config import load_yaml
from ..types import ZoneName
from .lexicon import Place, heads_ending, places, read_data
from .pinyin import syllables

SOURCES = ("gazetteer", "rule", "model")
_BRACKETS = {"（": "(", "）": ")", "(": "(", ")": ")"}
_AREA_OF = re.compile(r"^(?P<zone>.+(?:自由贸易试验区|自贸试验区|自由贸易区|自贸区|自由贸易港|综合保税区|新区))"
                      r"(?P<area>[^（）()]+?)(?P<head>片区|区块|园区)$")


@dataclass(frozen=True)
class EnglishName:
    text: str
    source: str  # gazetteer | rule


def english_name(zone: ZoneName) -> EnglishName:
    """The gazetteer's official English where there is one, else the rule's."""
    if zone.name_en:
        return EnglishName(zone.name_en, "gazetteer")
    return EnglishName(rule_name(zone.name), "rule")


@lru_cache(maxsize=4096)
def rule_name(name: str) -> str:
    """临江航空枢纽 -> Linjiang Aviation Hub, 东岸科创走廊 -> Dong'an Sci-tech Innovation Corridor."""
    name = name.strip()
    area = _AREA_OF.match(name)
    if area and area["zone"] != name:
        return f"{_words_en(area['area'])} Area of {rule_name(area['zone'])}"
    head, head_en = _head(name)
    rest = name[:len(name) - len(head)]
    return " ".join(part for part in (_words_en(rest), head_en) if part) or _pinyin_word(name)


def _head(name: str) -> tuple[str, str]:
    """The longest head noun the name ends with (not the whole name) and its English."""
    head = next((h for h in heads_ending(name) if len(h.zh) < len(name)), None)
    return (head.zh, head.en) if head else ("", "")


def _words_en(text: str) -> str:
    """Known words in English, places and other proper names in pinyin, brackets kept."""
    parts: list[str] = []
    i = 0
    words, places = _words(), _places()
    longest = max(map(len, [*words, *places]), default=1)
    pending = ""  # characters of a proper name not in any list yet
    while i < len(text):
        ch = text[i]
        if ch in _BRACKETS:
            parts, pending = _flush(parts, pending), ""
            parts.append(_BRACKETS[ch])
            i += 1
            continue
        match = next((text[i:i + n] for n in range(min(longest, len(text) - i), 0, -1)
                      if text[i:i + n] in words or (n >= 2 and text[i:i + n] in places)), None)
        if match is None or (pending and len(match) == 1):
            pending += ch  # a one-character word inside a proper name is part of the name (城阳)
            i += 1
            continue
        parts, pending = _flush(parts, pending), ""
        parts.append(words[match] if match in words else _pinyin_word(match))
        i += len(match)
    parts = _flush(parts, pending)
    return re.sub(r"\( ", "(", re.sub(r" \)", ")", " ".join(parts)))


def _flush(parts: list[str], pending: str) -> list[str]:
    return [*parts, _pinyin_word(pending)] if pending else parts


def _pinyin_word(text: str) -> str:
    """One proper name as one pinyin word: 董家口 Dongjiakou, 西安 Xi'an, 绿谷 Lügu."""
    word = ""
    for syllable in _pinyin(text):
        if word and syllable[:1] in "aoe" and word[-1:].isalpha():
            word += "'"
        word += syllable
    return word[:1].upper() + word[1:]


def _pinyin(text: str) -> list[str]:
    return [s for s in syllables(text) if s.strip()]


@lru_cache(maxsize=1)
def _words() -> dict[str, str]:
    return dict(load_yaml(read_data("name_words.yaml"))["words"])


def _places() -> dict[str, Place]:
    """China's places and their short forms, so 青岛董家口 splits after 青岛."""
    return places()
