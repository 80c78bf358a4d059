"""Tone-less pinyin of a zone's proper name (董家口 dong jia kou, 重庆 chong qing).

Read from tables ``scripts/gen_zone_lexicon.py`` derives from pypinyin (MIT): each character's
reading and the phrases read otherwise than their characters. The reading is pypinyin's
``lazy_pinyin(style=NORMAL, v_to_u=True)`` with those phrases (``tests/facts/test_naming.py``
compares the two on every name the gazetteers and the place list hold). Why not pypinyin itself:
it loads its 42,000 characters from JSON in every process, a tenth of a second of every
``zonesum run`` that names a zone by rule; these tables are read in a fifth of that.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import groupby
from typing import Iterator

from .lexicon import read_data


def syllables(text: str) -> list[str]:
    """One reading per character that has one; a run of other characters stays as written."""
    phrases, prefixes = _phrases()
    out: list[str] = []
    for is_chinese, chars in groupby(text, key=lambda char: _reading(char) is not None):
        run = "".join(chars)
        if not is_chinese:
            out.append(run)
            continue
        for segment in _segments(run, phrases, prefixes):
            said = phrases.get(segment)
            out.extend(said if said is not None else [_reading(char) for char in segment])
    return out


def _segments(run: str, phrases: dict[str, list[str]], prefixes: frozenset[str]) -> Iterator[str]:
    """Forward maximum matching, as pypinyin's strict segmenter: from each position, the longest
    phrase found while the text still runs along some phrase; where none is, one character."""
    i = 0
    while i < len(run):
        longest, j = 0, i
        while j < len(run) and run[i:j + 1] in prefixes:
            j += 1
            if run[i:j] in phrases:
                longest = j - i
        if longest:
            yield run[i:i + longest]
            i += longest
        elif j < len(run):
            yield run[i]
            i += 1
        else:  # the text ends inside a phrase it is not: the rest is read character by character
            yield run[i:]
            return


@lru_cache(maxsize=None)  # the characters of zones' names: a few thousand at most
def _reading(char: str) -> str | None:
    """A character's reading, looked up in the rows of the table as they are: making a dict of
    all 42,000 characters would cost more than all the look-ups of a run."""
    return next((reading for reading, chars in _char_rows() if char in chars), None)


@lru_cache(maxsize=1)
def _char_rows() -> list[tuple[str, str]]:
    return [tuple(line.split("\t")) for line in read_data("pinyin-chars.tsv.gz").splitlines()]


@lru_cache(maxsize=1)
def _phrases() -> tuple[dict[str, list[str]], frozenset[str]]:
    phrases: dict[str, list[str]] = {}
    for line in read_data("pinyin-phrases.tsv").splitlines():
        if line and not line.startswith("#"):
            phrase, said = line.split("\t")
            phrases[phrase] = said.split(" ")
    prefixes = frozenset(phrase[:k] for phrase in phrases for k in range(1, len(phrase) + 1))
    return phrases, prefixes
