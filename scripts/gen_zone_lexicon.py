"""Regenerate the zone recognizer's word lists in ``src/zonesum/zones/data/``:

- ``places.tsv``: China's provinces, prefectures and counties with the short forms news uses
  (鄂州市 -> 鄂州, 海淀区 -> 海淀, 广西壮族自治区 -> 广西), from the public table of
  modood/Administrative-divisions-of-China (``dist/pca.json``, WTFPL), as read into
  ``../shared/zones/admin-divisions-pca.json``; Hong Kong, Macao and Taiwan added; each
  county with its prefecture.
- ``words.tsv.gz``: word classes from jieba's dictionary (MIT): the words that end a zone's
  name (verbs and time words; function words: prepositions, pronouns, numerals, conjunctions,
  adverbs, idioms; people), the places that can start one, direction words, and common nouns
  and adjectives (which may stand inside a name, never alone before its head); and the
  counties whose short form jieba files as a common verb, adjective or locative (合作, 前进:
  ``homograph``). jieba's whole dictionary takes 1.5 s to load; these words load in a tenth
  of that, which keeps ``zonesum run`` under a second.
- ``pinyin-chars.tsv.gz`` and ``pinyin-phrases.tsv``: pypinyin's (MIT) tone-less readings, as its
  ``lazy_pinyin(style=NORMAL, v_to_u=True)`` gives them: each character's (its first reading), one
  line per reading; and the phrases of its phrase table whose reading is not their characters'
  (重庆 chong qing, 长沙 chang sha): 3,400 of its 47,000, the only ones that change a zone's
  English name. pypinyin loads its tables in 0.1 s (characters) and 0.4 s (phrases) in every
  process; these are read in 0.02 s (``zones/pinyin.py``).

Run from the repo root with jieba and pypinyin installed: ``.venv/bin/python scripts/gen_zone_lexicon.py``.
"""
from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

import jieba

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "zonesum" / "zones" / "data"
PCA = REPO.parent / "shared" / "zones" / "admin-divisions-pca.json"

# Suffixes dropped for a place's short form, longest first ("自治州" before "州").
_SUFFIX = re.compile(r"(?:特别行政区|新区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|自治旗|林区|地区|"
                     r"省|市|县|区|盟|旗)$")
# "延边朝鲜族自治州" -> "延边": an ethnic group's name before an autonomous suffix goes too.
_ETHNIC = re.compile(r"(?:[\u4e00-\u9fff]{1,6}?族)+$")
_EXTRA = [("香港特别行政区", "province"), ("澳门特别行政区", "province"), ("台湾省", "province")]

VERB_TAGS = {"v", "vd", "vi", "vq"}
# Time words (t: 今年, but also 现代 of 现代服务业) end a name found by its head noun; inside a
# name the page declares they may stand, like verbs (前海深港现代服务业合作区).
VERB_TAGS |= {"t", "tg"}
FUNCTION_TAGS = {"p", "r", "rr", "rz", "m", "mq", "q", "c", "d", "dg", "df",
                 "u", "uj", "ul", "uz", "ud", "ug", "uv", "y", "e", "o", "i", "z", "ad"}
PERSON_TAGS = {"nr", "nrfg", "nrt"}
# Places (ns) no more frequent than this are names (临港, 葛店, 中关村); jieba files common words
# under ns too (海洋, 深海), and other proper nouns (nz, nt, j) are mostly terms (集成电路, 光伏).
NAME_TAGS = {"ns"}
NAME_MAX_FREQ = 300
DIRECTION_TAGS = {"f"}
DESCRIPTION_TAGS = {"n", "vn", "a", "an", "b", "ng", "s", "l", "ns", "nz", "nt", "j"}  # l: set phrases (一体化)  # common nouns and adjectives: inside names, never a name
# One character is a word of its own only where it is a function word or a very common verb
# (是, 有, 到): other single characters run together into a name no dictionary knows (龙栖湾).
# Measure words (口, 家, 道) and single-character time words stay out: names hold them (古镇口, 张家口).
SINGLE_STOP_TAGS = {"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "r", "y", "e", "d", "m"}
SINGLE_VERB_FREQ = 20000
_MIN_FREQ = {"verb": 10, "function": 10, "person": 100, "name": 3, "direction": 1, "common": 5}


def short_form(name: str) -> str:
    base = _SUFFIX.sub("", name)
    if name.endswith(("自治州", "自治县", "自治旗", "自治区")):
        base = _ETHNIC.sub("", base) or base
    return base if len(base) >= 2 else name


def places() -> list[tuple[str, str, str, str, str]]:
    """(name, short form, level, province, prefecture: a county's, else "")."""
    table = json.loads(PCA.read_text(encoding="utf-8"))
    rows = []
    for province, prefectures in table.items():
        rows.append((province, short_form(province), "province", province, ""))
        for prefecture, counties in prefectures.items():
            real = prefecture not in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
            if real:
                rows.append((prefecture, short_form(prefecture), "prefecture", province, ""))
            for county in counties:
                if county != "市辖区":
                    rows.append((county, short_form(county), "county", province, prefecture if real else ""))
    rows += [(name, short_form(name), level, name, "") for name, level in _EXTRA]
    return sorted(set(rows), key=lambda r: (r[3], r[2], r[0]))


def word_classes() -> dict[str, str]:
    classes: dict[str, str] = {}
    path = Path(jieba.__file__).parent / "dict.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        word, freq, tag = line.split(" ")
        if not re.fullmatch(r"[\u4e00-\u9fff]+", word) or len(word) > 6:
            continue
        if len(word) == 1:
            cls = ("function" if tag in SINGLE_STOP_TAGS
                   else "verb" if tag in VERB_TAGS and int(freq) >= SINGLE_VERB_FREQ else None)
        elif tag in VERB_TAGS:
            cls = "verb"
        elif tag in FUNCTION_TAGS:
            cls = "function"
        elif tag in PERSON_TAGS:
            cls = "person"
        elif tag in NAME_TAGS and int(freq) <= NAME_MAX_FREQ:
            cls = "name"
        elif tag in DIRECTION_TAGS:
            cls = "direction"
        elif tag in DESCRIPTION_TAGS:
            cls = "common"
        else:
            cls = None
        if cls and int(freq) >= _MIN_FREQ[cls]:
            classes.setdefault(word, cls)
    return classes


# jieba files these as common verbs, adjectives and locatives: a county's short form spelled so
# (合作 of 合作市, 前进, 振兴, 友好, 东方) is read as the place only where an article says where it
# is. Rarer ones are mostly the place itself, tagged by chance (即墨 v, 常熟 a).
HOMOGRAPH_TAGS = {"v", "vn", "vd", "vi", "a", "ad", "an", "d", "s"}
HOMOGRAPH_MIN_FREQ = 500


def place_homographs(rows: list[tuple[str, ...]]) -> list[str]:
    counties = {short for name, short, level, *_ in rows if level == "county" and short != name}
    found = set()
    for line in (Path(jieba.__file__).parent / "dict.txt").read_text(encoding="utf-8").splitlines():
        word, freq, tag = line.split(" ")
        if word in counties and tag in HOMOGRAPH_TAGS and int(freq) >= HOMOGRAPH_MIN_FREQ:
            found.add(word)
    return sorted(found)


def pinyin_phrases() -> list[tuple[str, str]]:
    """(phrase, its tone-less readings, space-separated) where those differ from the characters'
    first readings, which are what pypinyin gives with no phrase table."""
    from pypinyin import Style, lazy_pinyin
    from pypinyin.phrases_dict import phrases_dict
    from pypinyin.pinyin_dict import pinyin_dict
    from pypinyin.style import convert

    def toneless(readings: list[str]) -> list[str]:
        return [convert(r, Style.NORMAL, strict=True) for r in readings]

    rows = []
    for phrase, readings in phrases_dict.items():
        first = [pinyin_dict.get(ord(ch), "").split(",")[0] for ch in phrase]
        chosen = [r[0] for r in readings]
        if len(chosen) == len(phrase) and toneless(chosen) != toneless(first):
            # The whole phrase is one segment of itself: these are its readings as pypinyin gives them.
            said = lazy_pinyin(phrase, style=Style.NORMAL, v_to_u=True)
            assert len(said) == len(phrase), phrase
            rows.append((phrase, " ".join(said)))
    return sorted(rows)


def pinyin_chars() -> dict[str, str]:
    """Tone-less reading -> the characters read so (their first reading), as pypinyin gives them."""
    from pypinyin import Style, lazy_pinyin
    from pypinyin.pinyin_dict import pinyin_dict

    by_reading: dict[str, list[str]] = {}
    for code in sorted(pinyin_dict):
        char = chr(code)
        said = lazy_pinyin(char, style=Style.NORMAL, v_to_u=True)
        if len(said) == 1 and said[0] != char:
            by_reading.setdefault(said[0], []).append(char)
    return {reading: "".join(chars) for reading, chars in sorted(by_reading.items())}


def main() -> None:
    if not PCA.is_file():
        sys.exit(f"{PCA} is missing: the administrative divisions are read from ../shared/zones/")
    rows = places()
    (OUT / "places.tsv").write_text("name\tshort\tlevel\tprovince\tprefecture\n" + "".join("\t".join(r) + "\n" for r in rows),
                                    encoding="utf-8")
    classes = word_classes()
    by_class: dict[str, list[str]] = {}
    for word, cls in sorted(classes.items()):
        by_class.setdefault(cls, []).append(word)
    by_class["homograph"] = place_homographs(rows)
    # One line per class, its words space-separated: loads in C (str.split, dict.fromkeys).
    text = "".join(f"{cls}\t{' '.join(words)}\n" for cls, words in sorted(by_class.items()))
    (OUT / "words.tsv.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    import pypinyin

    phrases = pinyin_phrases()
    (OUT / "pinyin-phrases.tsv").write_text(
        f"# pypinyin {pypinyin.__version__} (MIT), tone-less: phrases read otherwise than their characters' first readings\n"
        + "".join(f"{phrase}\t{readings}\n" for phrase, readings in phrases), encoding="utf-8")
    chars = pinyin_chars()
    text = "".join(f"{reading}\t{said}\n" for reading, said in chars.items())  # one line per reading
    (OUT / "pinyin-chars.tsv.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    print(f"{len(rows)} places, {len(classes)} words, {len(phrases)} pinyin phrases, "
          f"{sum(map(len, chars.values()))} characters' pinyin")


if __name__ == "__main__":
    main()
