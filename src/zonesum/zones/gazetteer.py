"""Known zones per city (``configs/gazetteers/*.yaml``): loaded once, used where the article names the city."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from ..config import Config, load_yaml
from ..errors import ConfigError
from ..text.script import fold
from ..types import ZoneName
from . import national
from .lexicon import heads_ending


@dataclass(frozen=True)
class Gazetteer:
    city: str
    city_en: str | None
    zones: tuple[ZoneName, ...]

    def applies_to(self, text: str) -> bool:
        """A city's list is used only for articles that name the city or one of its zones in full
        (``text`` folded by ``script.fold``, so names in either script match). Short aliases do
        not count: "滨海新区" is Linjiang's only in an article about Linjiang, and Tianjin's too."""
        return any(name in text for name in self._signs)

    @cached_property
    def _signs(self) -> tuple[str, ...]:
        """The city's name and its zones' full names, folded once."""
        return tuple(fold(n) for n in ([self.city] if self.city else []) + [z.name for z in self.zones])


def load_gazetteer(path: Path) -> Gazetteer:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
        zones = tuple(
            ZoneName(name=z["name"], aliases=tuple(a for a in z.get("aliases", ()) if a != z["name"]),
                     name_en=z.get("name_en"), found_by="gazetteer")
            for z in data["zones"]
        )
        return Gazetteer(city=data.get("city", ""), city_en=data.get("city_en"), zones=zones)
    except FileNotFoundError as exc:
        raise ConfigError(f"gazetteer not found: {path}") from exc
    except (yaml.YAMLError, KeyError, TypeError) as exc:
        raise ConfigError(f"gazetteer {path} is malformed: each zone needs a 'name' ({exc})") from exc


@lru_cache(maxsize=16)
def _gazetteers_for(paths: tuple[str, ...]) -> tuple[Gazetteer, ...]:
    return tuple(load_gazetteer(Path(p)) for p in paths)


def load_gazetteers(config: Config) -> tuple[Gazetteer, ...]:
    """The gazetteers a config names (paths or glob patterns), each file read once per process."""
    paths: list[str] = []
    for entry in config.gazetteers:
        if any(ch in entry for ch in "*?["):
            base = config.resolve(".")
            paths.extend(str(p) for p in sorted(base.glob(entry)))
        else:
            paths.append(str(config.resolve(entry)))
    return _gazetteers_for(tuple(paths))


@dataclass(frozen=True)
class Listed:
    """A zone a list knows: a national-list entry or a city gazetteer's zone."""

    zone: ZoneName  # named as the list names it
    context: tuple[str, ...]  # places (full and short) whose mention makes a context form count
    city_list: str | None = None  # the city of the gazetteer it comes from; None: the national list


@dataclass
class Context:
    cities: set[str]  # whose city lists apply
    article: str  # folded
    _named: dict[str, bool] = field(default_factory=dict)

    def names(self, place: str) -> bool:
        """Whether the article names the place (looked up once per place: a long page with many
        listed names costs one search per distinct place, not one per name)."""
        if place not in self._named:
            self._named[place] = fold(place) in self.article
        return self._named[place]


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    listed: Listed
    full: bool


class GazetteerIndex:
    """Every form of every listed zone in one Aho-Corasick automaton (ahocorasick-rs, leftmost-
    longest): one pass over the text finds them all, whatever the number of names (thousands
    here), in a tenth of a millisecond a page."""

    def __init__(self, gazetteers: tuple[Gazetteer, ...]):
        import ahocorasick_rs

        table = national.derived()
        self._rows = table.rows
        # The national zones, then each city list's: a form's candidates name them by index. A
        # national zone's record is made when an article first names it (all of them at start-up
        # would be a twentieth of a second of every run).
        self._listed: list[Listed | None] = [None] * len(table.rows)
        by_form = dict(table.by_form)  # the list is in Simplified: no fold
        self.zone_parts: set[str] = set(table.proper_parts)
        for gazetteer in gazetteers:
            for zone in gazetteer.zones:
                head = next(iter(heads_ending(fold(zone.name))), None)
                self._listed.append(Listed(replace(zone, official_name=zone.name, kind=head.kind if head else None),
                                           (gazetteer.city,), gazetteer.city))
                for form in map(fold, zone.forms):
                    by_form[form] = (*by_form.get(form, ()), (len(self._listed) - 1, form == fold(zone.name), False))
        self.gazetteers = gazetteers
        self._forms = by_form
        self._patterns = list(by_form)
        # A contiguous NFA: built in 40 % less time than the default's choice, and searched as fast.
        self._automaton = ahocorasick_rs.AhoCorasick(self._patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                                                     implementation=ahocorasick_rs.Implementation.ContiguousNFA)

    def context(self, article: str) -> Context:
        """What of an article (folded) decides between forms: the cities whose lists apply, and
        the places it names."""
        return Context({g.city for g in self.gazetteers if g.applies_to(article)}, article)

    def find(self, text: str, context: Context) -> list[Hit]:
        """Listed zones named in ``text`` (folded), leftmost-longest, never overlapping (a form
        that does not count here, a context form in an article without its place, is skipped)."""
        hits: list[Hit] = []
        for index, start, end in self._automaton.find_matches_as_indexes(text):
            choice = self._choose(self._forms[self._patterns[index]], context)
            if choice is not None:
                hits.append(Hit(start, end, self._zone(choice[0]), choice[1]))
        return hits

    def _choose(self, candidates: tuple[tuple[int, bool, bool], ...], context: Context) -> tuple[int, bool] | None:
        """Of a form's candidates (listed zone, full, context), the (listed zone, full) it stands for
        here: a city list's zone where that list applies, else a national zone; a form that needs
        its context only where the article names a place of that zone; among several zones of one
        form, the one whose place the article names (else the first: 经开区 of an unnamed city)."""
        zone = self._zone
        if len(candidates) == 1 and not candidates[0][2] and zone(candidates[0][0]).city_list is None:
            return candidates[0][:2]  # most forms: one national zone, no context needed

        def placed(i: int) -> bool:
            return any(context.names(p) for p in zone(i).context)

        usable = [(i, full) for i, full, needs in candidates
                  if zone(i).city_list in (None, *context.cities) and (not needs or placed(i))]
        if not usable:
            return None
        return min(usable, key=lambda u: (zone(u[0]).city_list is None, not u[1], not placed(u[0]),
                                          zone(u[0]).zone.level != "national"))

    def _zone(self, index: int) -> Listed:
        listed = self._listed[index]
        if listed is None:
            entry = national.Entry(*self._rows[index])
            listed = self._listed[index] = Listed(
                ZoneName(entry.name, name_en=entry.name_en, kind=entry.kind, level=entry.level,
                         official_name=entry.name), entry.places)
        return listed
