"""Zones in no list, recognised by what their name is made of: a proper name, then a head noun.

A candidate ends with a head noun of the closed list in ``data/heads.yaml`` (经济技术开发区,
高新区, 新区, 片区, 科学城…) and starts with a proper name: a place (鄂州, 海淀), a zone's
own name from the national list (张江, 葛店), a proper noun of jieba's dictionary, or a
word no dictionary knows (龙栖湾). Common nouns and directions may stand between
(海淀北部科技园区, 深圳光明科学城), nothing else: a verb, a preposition, a number or time
word, a person, a quotation mark or a company word ends the name before it, and a name
that is left with no proper part (国家高新区, 全国高新区, 光伏…) is none. A name right
after a listed or found zone ("内蒙古自贸试验区满洲里片区") is that zone's sub-area and
carries its name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import COMMON, DIRECTION, PLACE, PROPER, VERB, Head, Lexicon, Token, heads

# What a zone's name may hold besides proper words.
_INSIDE = PROPER | {COMMON, DIRECTION}
_PHASE = re.compile(r"^[一二三四五六七八九十\d]{1,2}期")
COUNTED = re.compile(r"[一二两三四五六七八九十百\d]+[大个]")  # "四大片区": zones counted, none named
_NUMERALS = "一二两三四五六七八九十百千万"  # a name starting right after one (or a digit) is a count's
_TRADE_KINDS = frozenset({"ftz", "ftp"})  # heads of free-trade zones and ports
_MODIFIER_LIMIT = 12  # characters before the head looked at: no zone's proper part is longer


def _after_numeral(text: str, begin: int) -> bool:
    return begin > 0 and (text[begin - 1] in _NUMERALS or text[begin - 1].isdecimal())


def is_trade_agreement(head: Head, tokens: list[Token]) -> bool:
    """A free-trade zone or port bears a Chinese place's name: 中日韩自贸区, 中国—东盟自贸区 are
    agreements between countries."""
    return head.kind in _TRADE_KINDS and not any(t.cls == PLACE for t in tokens)


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    head: Head
    parent_end: int | None = None  # a sub-area: where the zone it belongs to ends (its name runs on)


@lru_cache(maxsize=1)
def _head_automaton():
    import ahocorasick_rs

    names = list(heads())
    return names, ahocorasick_rs.AhoCorasick(names, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)


def head_spans(text: str) -> list[tuple[int, int, Head]]:
    """Head nouns in ``text``, leftmost-longest, never overlapping."""
    names, automaton = _head_automaton()
    found = heads()
    return [(start, end, found[names[i]]) for i, start, end in automaton.find_matches_as_indexes(text)]


def candidates(text: str, lexicon: Lexicon, taken: list[tuple[int, int]], not_after: frozenset[str] = frozenset(),
               not_before: tuple[str, ...] = (), not_inside: tuple[str, ...] = ()) -> list[Candidate]:
    """Zone names by the grammar in ``text`` (folded), outside the spans already ``taken`` by
    listed zones. ``not_after``: words that make what follows a plan, not a zone ("打造X示范区");
    ``not_before``: words after the head that make it a project's or a company's name;
    ``not_inside``: words no zone's name holds (a company's: 股份, 集团; a region's: 地区)."""
    taken = sorted(taken)
    out: list[Candidate] = []
    floor, k = 0, 0  # taken[:k] end before the current head (heads and spans both go left to right)
    for start, end, head in head_spans(text):
        if text[end - 1:end + 1] == "区域":
            continue  # "芦潮港区域": the head's 区 is 区域's
        while k < len(taken) and taken[k][1] <= start:
            floor = max(floor, taken[k][1])
            k += 1
        inside = k < len(taken) and taken[k][0] <= start and end <= taken[k][1]
        if inside or not head.grammar:
            floor = max(floor, taken[k][1] if inside else end)
            continue
        tokens = lexicon.tokens_before(text, start, floor, _MODIFIER_LIMIT)
        name = []
        for i, token in enumerate(tokens):  # nearest first
            # "自动驾驶示范区": a noun and a verb together; a one-character verb (到, 在, 是) is a
            # clause's predicate or a preposition, never part of a name ("买家到开发区")
            compound = (token.cls == VERB and len(token.text) >= 2 and i + 1 < len(tokens)
                        and tokens[i + 1].cls == COMMON)
            if token.cls not in _INSIDE and not compound or token.text in not_after:
                break  # a plan's verb ends the name even where the dictionary calls it a noun (建设)
            name.append(token)
        while name and name[-1].cls not in PROPER:  # the name starts with its proper part
            name.pop()
        floor = end
        if not name or is_trade_agreement(head, name):
            continue
        before = tokens[len(name)].text if len(tokens) > len(name) else ""
        begin = name[-1].start
        after = text[end:end + 8]
        words = "".join("\n" * len(t.text) if t.cls == PLACE else t.text for t in reversed(name))  # 和田地区 is a place
        if (before in not_after or after.startswith(not_before) or _PHASE.match(after)  # "X产业园二期": a project
                or COUNTED.search(text, begin, start) or _after_numeral(text, begin)  # "4个新设自贸试验区"
                or any(w in words for w in not_inside)):
            continue
        parent = begin if begin > 0 and any(e == begin for _, e in taken) or any(c.end == begin for c in out) else None
        out.append(Candidate(begin, end, head, parent))
    return out
