"""Typed words for recognising zones: head nouns, places, and what class a word is.

- ``heads.yaml``: the closed list of zone head nouns (经济技术开发区, 高新区, 片区…), each with
  its kind and official English;
- ``places.tsv``: provinces, prefectures and counties with their short forms (鄂州市, 鄂州) and
  a county's prefecture;
- ``words.tsv.gz``: word classes from jieba's dictionary: words that cannot stand inside a
  zone's name (verbs; prepositions, numerals, time words and other function words; people),
  proper nouns, direction words, and common nouns (inside a name, never a name by themselves);
  and the counties whose short form is a common verb or adjective too (合作, 前进: ``homograph``).

``tokens_before`` cuts the text in front of a head noun into words, right to left, longest
word first (backward maximum matching, the classic dictionary segmenter for Chinese): a
segmenter over typed dictionaries is all the grammar needs, and jieba's own (1.5 s to
load) would cost more than the rest of a run. Characters no dictionary knows are kept
together as one unknown word (a proper noun no list has: 龙栖湾).
"""
from __future__ import annotations

import copy
import gzip
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Iterable

import yaml

from ..config import load_yaml
from ..errors import ConfigError
from ..text.script import fold

# Word classes. Proper ones can start a zone's name; common words and directions may only
# follow one; the rest end it.
PLACE, ZONE_PART, NAME, UNKNOWN = "place", "zone_part", "name", "unknown"
COMMON, DIRECTION = "common", "direction"
PERSON, VERB, FUNCTION = "person", "verb", "function"
HOMOGRAPH = "homograph"  # a county's short form that is also a verb, adjective or locative (合作)
STOPS = frozenset({PERSON, VERB, FUNCTION})
PROPER = frozenset({PLACE, ZONE_PART, NAME, UNKNOWN})
_LONGEST = 6  # no word of the lists is longer
_DATA = "data"


@dataclass(frozen=True)
class Head:
    zh: str
    kind: str
    en: str
    grammar: bool = True  # False: a head too common to make a zone of any name before it


@dataclass(frozen=True)
class Place:
    name: str  # 鄂州市
    short: str  # 鄂州
    level: str  # province | prefecture | county
    province: str
    prefecture: str = ""  # a county's (鄂州市 of 华容区), else ""


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    cls: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def read_data(name: str) -> str:
    """A data file's text (a ``.gz`` one decompressed); one error line naming it if it cannot be read."""
    try:
        source = files("zonesum.zones").joinpath(_DATA, name)
        if name.endswith(".gz"):
            return gzip.decompress(source.read_bytes()).decode("utf-8")
        return source.read_text(encoding="utf-8")
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:  # missing, damaged or cut short
        raise ConfigError(f"zone data file zonesum/zones/data/{name} cannot be read ({type(exc).__name__})",
                          hint="reinstall zonesum (pip install -e .)") from None


@lru_cache(maxsize=1)
def heads() -> dict[str, Head]:
    """Head nouns by their (folded) text."""
    try:
        rows = load_yaml(read_data("heads.yaml"))["heads"]
        return {fold(r["zh"]): Head(r["zh"], r["kind"], r["en"], bool(r.get("grammar", True))) for r in rows}
    except (yaml.YAMLError, KeyError, TypeError) as exc:
        raise ConfigError(f"zonesum/zones/data/heads.yaml is malformed: {exc}") from None


_HEAD_MAX = 12  # no head noun is longer


def heads_ending(name: str) -> list[Head]:
    """The head nouns ``name`` (folded) ends with, longest first ("经济技术开发区", "开发区")."""
    found = heads()
    return [found[name[-k:]] for k in range(min(len(name), _HEAD_MAX), 0, -1) if name[-k:] in found]


@lru_cache(maxsize=1)
def places() -> dict[str, Place]:
    """Every place by its full name and by its short form (a county's short form never
    displaces a province's or prefecture's of the same spelling)."""
    found: dict[str, Place] = {}
    rows = read_data("places.tsv").splitlines()[1:]
    for row in rows:
        place = Place(*row.split("\t"))
        for form in (place.name, place.short):
            if form not in found or _LEVELS[place.level] < _LEVELS[found[form].level]:
                found[form] = place
    return found


_LEVELS = {"province": 0, "prefecture": 1, "county": 2}


@lru_cache(maxsize=1)
def word_classes() -> dict[str, frozenset[str]]:
    """Each class's words (a set per class: built in C, a third of the time of one dict)."""
    rows = (row.split("\t") for row in read_data("words.tsv.gz").splitlines())
    return {cls: frozenset(words.split(" ")) for cls, words in rows}  # a class, then its words


class Lexicon:
    """The typed dictionaries one recognizer uses: shipped words, places, and the proper
    parts of the gazetteers' zone names (葛店 of 葛店经济技术开发区), which are names
    whatever class jieba gives them."""

    def __init__(self, zone_parts: Iterable[str] = ()):
        self.heads = heads()
        self.places = places()
        words = word_classes()
        # Looked up in this order: the more specific list wins.
        self._sets = [(cls, words.get(cls, frozenset())) for cls in (NAME, PERSON, VERB, FUNCTION, DIRECTION, COMMON)]
        self._text: str | None = None  # the article's (folded) text, in a view made by ``in_text``
        self._read_as_place: dict[str, bool] = {}
        # A zone's own name, unless the dictionary knows it as a word (航空, 经济): chosen by cls(),
        # which looks in zone_parts too, so they are empty while it chooses.
        self.zone_parts: frozenset[str] = frozenset()
        self.zone_parts = frozenset(p for p in zone_parts if len(p) >= 2 and self.cls(p) in (None, NAME, PERSON))
        # A county's short form that the dictionary files as a verb, an adjective or a locative
        # (合作 of 合作市, 前进, 友好, 东方) is that place only in an article that names it in full,
        # its prefecture or its province (``in_text``); each with those names.
        self._ambiguous = {form: self._named_with(place) for form in words.get(HOMOGRAPH, ())
                           if (place := self.places.get(form)) is not None and place.level == "county"}

    def in_text(self, text: str) -> Lexicon:
        """This lexicon for one article: its ambiguous place names read as places only where
        the article says where they are (a view: the tables are shared)."""
        view = copy.copy(self)
        view._text, view._read_as_place = text, {}
        return view

    def cls(self, word: str) -> str | None:
        """The class of a word, or None for a word no list has."""
        if word in self.places and (self._text is None or word not in self._ambiguous or self._place_here(word)):
            return PLACE
        if word in self.zone_parts:
            return ZONE_PART
        for cls, found in self._sets:  # a loop, not next(generator): called thousands of times a page
            if word in found:
                return cls
        return None

    def _place_here(self, word: str) -> bool:
        here = self._read_as_place.get(word)
        if here is None:
            here = self._read_as_place[word] = any(name in self._text for name in self._ambiguous[word])
        return here

    def _named_with(self, place: Place) -> tuple[str, ...]:
        names = [place.name]
        for parent in (place.prefecture, place.province):
            if parent:
                names += [parent, self.places[parent].short if parent in self.places else parent]
        return tuple(dict.fromkeys(names))

    def tokens_before(self, text: str, end: int, floor: int = 0, limit: int = 14) -> list[Token]:
        """The words of ``text[max(floor, end - limit):end]``, nearest first, each the longest
        dictionary word ending where the one after it starts; unknown characters make one
        unknown word, but each digit of a plain number is a numeral, a function word ("10家" is a
        count, G60 a name); a character that is not a Chinese character or a Latin letter or digit
        ends the walk."""
        out: list[Token] = []
        pos, stop = end, max(floor, end - limit)
        unknown_end = None
        while pos > stop:
            found = None
            for size in range(min(_LONGEST, pos - stop), 1, -1):
                word = text[pos - size:pos]
                cls = self.cls(word)
                if cls is not None and (found is None or size > len(found[0])):
                    found = (word, cls)
                    break
            char = text[pos - 1]
            if found is None and not _is_word_char(char):
                break
            if found is None:
                cls = FUNCTION if _in_number(text, pos - 1) else self.cls(char)
                if cls in (FUNCTION, VERB):
                    found = (char, cls)
            if found is None:  # one more unknown character
                if unknown_end is None:
                    unknown_end = pos
                pos -= 1
                continue
            if unknown_end is not None:
                out.append(_unknown(text, pos, unknown_end))
                unknown_end = None
            word, cls = found
            pos -= len(word)
            out.append(Token(word, pos, cls))
        if unknown_end is not None:
            if pos == stop > floor and _is_word_char(text[pos - 1]):
                out.append(Token(text[pos:unknown_end], pos, COMMON))  # cut by the limit: a word's tail (源型 of 资源型)
            else:
                out.append(_unknown(text, pos, unknown_end))
        return out


def _unknown(text: str, start: int, end: int) -> Token:
    """Characters no list knows: a name (龙栖湾, 雄安) when two or more run together; one alone
    is more likely a word's stray character (继 of 继深圳…) than a name."""
    return Token(text[start:end], start, UNKNOWN if end - start >= 2 else COMMON)


def _in_number(text: str, at: int) -> bool:
    """``text[at]`` is a digit of a run of digits ("10家"), not of a code that holds letters too (G60)."""
    if not "0" <= text[at] <= "9":
        return False
    start, end = at, at + 1
    while start > 0 and text[start - 1].isascii() and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isascii() and text[end].isalnum():
        end += 1
    return text[start:end].isdigit()


def _is_word_char(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or char.isascii() and char.isalnum()
