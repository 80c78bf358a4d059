"""China's development zones as published (``data/national-zones.tsv``) and the forms news uses.

The table holds the 2018 national catalogue of development zones and the later national lists
(new areas, free-trade zones and their areas, ETDZs, high-tech zones, bonded zones), with
provenance in ``data/PROVENANCE.md``. Short forms are derived by rule, as news writes them:

- the long head by its short one: 高新技术产业开发区 -> 高新区, 经济技术开发区 -> 经开区 and
  开发区, 综合保税区 -> 综保区, 自由贸易试验区 -> 自贸试验区 / 自贸区;
- "中国（山东）自由贸易试验区青岛片区" -> 山东自贸试验区青岛片区, 山东自贸区青岛片区,
  自贸试验区青岛片区, 青岛片区, 青岛自贸片区;
- the province or city before the name dropped: 河北雄安新区 -> 雄安新区, 福州元洪投资区 ->
  元洪投资区. Such a form says less than the full name, so it counts only in an article that
  names the zone's province or city (``Form.context``), unless the zone is a national new
  area, free-trade zone or free trade port, whose short names are national by themselves.

A form left with no proper name before its head (高新区, 片区) is no form.
"""
from __future__ import annotations

import hashlib
import marshal
import re
import sys
from dataclasses import astuple, dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from ..atomic import write_bytes_atomic
from ..config import cache_dir
from ..errors import ConfigError, OutputError
from . import lexicon
from .lexicon import heads, places, read_data

# Long head -> the short heads news writes instead (the long one stays a form too).
_SHORTER_HEADS = {
    "高新技术产业开发区": ("高新区",),
    "高技术产业开发区": ("高新区",),
    "新技术产业开发区": ("高新区",),
    "新技术开发区": ("高新区",),
    "经济技术开发区": ("经开区", "经济开发区", "开发区"),  # 天津开发区, 扬州开发区
    "经济开发区": ("经开区", "开发区"),
    "综合保税区": ("综保区",),
    "自由贸易试验区": ("自贸试验区", "自贸区"),
    "自由贸易港": ("自贸港",),
}
# Longest first, and a long head is never a part of a longer one (新技术产业开发区 in 高新技术产业开发区).
_LONG_HEAD = re.compile("|".join(sorted(_SHORTER_HEADS, key=len, reverse=True)))
_FTZ_AREA = re.compile(r"^中国（(?P<province>[^）]+)）自由贸易试验区(?P<area>.+片区)$")
_FTZ = re.compile(r"^中国（(?P<province>[^）]+)）自由贸易试验区$")
_NOTE = re.compile(r"[（(]含[^）)]*[）)]$")  # what an official name says it includes
_NATIONAL_BY_ITSELF = {"new_area", "ftz", "ftp"}
_KINDS = {"etdz", "hitech", "new_area", "ftz", "ftz_area", "ftp", "bonded", "border", "cooperation",
          "demonstration", "industrial_park", "other"}


@dataclass(frozen=True)
class Entry:
    name: str
    level: str
    kind: str
    province: str
    city: str  # prefecture-level city, "" where unknown
    name_en: str | None
    source: str
    places: tuple[str, ...] = ()  # the names (full and short) of its province and cities: its context


class Form(NamedTuple):  # thousands of them are made at every start: a tuple is cheapest
    text: str
    full: bool  # the official name itself
    context: bool  # counts only where the article names the zone's province or a city of it


@lru_cache(maxsize=1)
def entries() -> tuple[Entry, ...]:
    rows = read_data("national-zones.tsv").splitlines()
    header = rows[0].split("\t")
    found = []
    for n, row in enumerate(rows[1:], 2):
        cells = dict(zip(header, row.split("\t")))
        try:
            entry = Entry(cells["name"], cells["level"], cells["kind"], cells["province"], cells.get("city", ""),
                          cells.get("name_en") or None, cells.get("source", ""),
                          _context(cells["province"], cells.get("city", "")))
        except KeyError as exc:
            raise ConfigError(f"zonesum/zones/data/national-zones.tsv:{n}: no {exc} column") from None
        if entry.kind not in _KINDS:
            raise ConfigError(f"zonesum/zones/data/national-zones.tsv:{n}: unknown kind '{entry.kind}'")
        found.append(entry)
    return tuple(found)


class Derived(NamedTuple):
    rows: tuple[tuple, ...]  # each entry's fields in order: ``Entry(*row)``
    by_form: dict[str, tuple[tuple[int, bool, bool], ...]]  # form -> (entry index, full, context), each entry
    proper_parts: tuple[str, ...]  # of each entry ("" where nothing is left)


@lru_cache(maxsize=1)
def derived() -> Derived:
    """Every entry's forms, by form, and every entry's proper part. Deriving them is a tenth of a
    second of every start, so they are kept in ``cache_dir()/tables``, keyed by the data and the
    code they come from: a change to either derives them again, as does a cache that cannot be
    read. Plain tuples, strings and numbers (``marshal``): they load fastest, and loading them
    builds no object of any other kind."""
    path = cache_dir() / "tables" / f"national-{_derivation_key()}.marshal"
    try:
        return Derived(*marshal.loads(path.read_bytes()))
    except Exception:  # noqa: BLE001 - missing, damaged or from another version: derive again
        pass
    table = entries()
    by_form: dict[str, tuple[tuple[int, bool, bool], ...]] = {}
    for index, entry in enumerate(table):
        for text, full, context in forms(entry):
            by_form[text] = (*by_form.get(text, ()), (index, full, context))
    found = Derived(tuple(astuple(entry) for entry in table), by_form, tuple(proper_part(entry) for entry in table))
    _keep(path, marshal.dumps(tuple(found)))
    return found


def _derivation_key() -> str:
    digest = hashlib.sha256(f"{sys.version} marshal {marshal.version}".encode())
    for name in ("national-zones.tsv", "places.tsv", "heads.yaml"):
        digest.update(read_data(name).encode())
    for module in (__file__, lexicon.__file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()[:24]


def _keep(path: Path, data: bytes) -> None:
    """Written whole or not at all; an unwritable cache folder only means deriving again next time."""
    try:
        write_bytes_atomic(path, data, sync=False)
    except OutputError:
        pass


def _context(province: str, cities: str) -> tuple[str, ...]:
    found: list[str] = []
    for name in (province, *cities.split(";")):
        place = places().get(name) if name else None
        if place is not None:
            found += [place.name, place.short]
    return tuple(dict.fromkeys(found))


def forms(entry: Entry) -> list[Form]:
    """Every form of one zone's name that news uses (the official name first)."""
    out = [Form(entry.name, True, False)]
    bases: list[tuple[str, bool]] = []  # (a name, whether it lost its place prefix)
    ftz_area = _FTZ_AREA.match(entry.name)
    ftz = _FTZ.match(entry.name)
    if ftz_area:
        province, area = ftz_area["province"], ftz_area["area"]
        for head in ("自由贸易试验区", "自贸试验区", "自贸区"):
            bases.append((f"{province}{head}{area}", False))
        bases += [(f"自贸试验区{area}", True), (area, True)]
        if not area.endswith("新片区"):  # 青岛片区 is also 青岛自贸片区; 临港新片区 has no such form
            bases.append((area[:-2] + "自贸片区", True))
    elif ftz:
        bases.append((f"{ftz['province']}自由贸易试验区", False))
    else:
        name = _NOTE.sub("", entry.name)  # "喀什经济开发区（含…片区）": news writes no such note
        bases.append((name, False))
        for prefix in _prefixes(entry):
            if len(name) > len(prefix):
                rest = name[len(prefix):]
                bases.append((rest, True))
                bases += [(rest[len(inner):], True) for inner in entry.places  # "江苏省苏州X" -> "X"
                          if rest.startswith(inner) and len(rest) > len(inner)]
    seen = {entry.name}
    national_by_itself = entry.kind in _NATIONAL_BY_ITSELF
    for base, dropped in bases:
        for text in _with_short_heads(base):
            if text in seen or not _has_proper_part(text):
                continue
            seen.add(text)
            out.append(Form(text, False, dropped and not national_by_itself))
    return out


def _prefixes(entry: Entry) -> list[str]:
    """The place names a zone's official name may start with (江苏省, 江苏, 苏州市, 苏州), longest
    first; only those it does start with."""
    return sorted({p for p in (*entry.places, entry.province) if p and entry.name.startswith(p)},
                  key=len, reverse=True)


def _with_short_heads(name: str) -> list[str]:
    """The name, and with its longest long head (one occurrence) replaced by each short head."""
    match = _LONG_HEAD.search(name)
    if match is None:
        return [name]
    return [name] + [name[:match.start()] + short + name[match.end():] for short in _SHORTER_HEADS[match.group()]]


def _has_proper_part(text: str) -> bool:
    """Something other than head nouns (and 中国/国家) is left: 苏州高新区 is a name, 高新区 is not."""
    return len(_generic_words().sub("", text)) >= 2


@lru_cache(maxsize=1)
def _generic_words() -> re.Pattern:
    words = sorted(heads(), key=len, reverse=True) + ["中国", "国家级", "国家", "（", "）"]
    return re.compile("|".join(map(re.escape, words)))




def proper_part(entry: Entry) -> str:
    """The zone's own name without places and head nouns: 葛店 of 葛店经济技术开发区, 张江 of
    上海张江高新技术产业开发区 ("" when nothing is left)."""
    name = entry.name
    ftz_area = _FTZ_AREA.match(name)
    if ftz_area:
        name = ftz_area["area"]
    for prefix in _prefixes(entry):
        if name.startswith(prefix):
            name = name[len(prefix):]
            break
    part = _generic_words().sub("|", name).split("|")[0]
    return part if 2 <= len(part) <= 4 else ""
