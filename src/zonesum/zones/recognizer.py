"""Which zones an article names, recognised by what they are, from three sources:

1. ``gazetteer``: the national list of development zones (``national``) and the city lists in
   ``configs/gazetteers/``, by every form news uses (one automaton pass);
2. ``grammar``: a proper name before a zone head noun, for zones in no list (``grammar``);
3. ``structure``: what the page declares: zone headings, labels, lists and a stated count
   ("六大功能区", "A、B等重点片区"), which may name zones with no head noun (临江航空枢纽).
   These come from ``discovery`` and are kept only when their words are a name's words: no
   person, quotation mark, time or number, pronoun or preposition, no verb to start them, no
   company or region word, and no listed or grammar zone with more words in front of it.

Each zone carries the source that found it (``found_by``), a confidence, what a list knows
of it (official name, kind, level, English), its fullest form in the article (``name``) and
the others it uses (``aliases``): short forms, a place written in front ("鄂州葛店经济技术开
发区"), the name without its head ("葛店", "雄安") where the article writes it so, and for the
zone the headline names, its bare head ("开发区") where the body uses it alone.

Whatever the source, a new area that is also a county-level district (滨海新区) named only as
a government (issuing measures, its organs, officials, sub-district offices) is no zone, nor
is a 片区 found by its words in an article that names no other zone (a neighbourhood).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..text.script import fold
from ..types import Article, ZoneName
from . import grammar
from .discovery import discover_zones, is_collective
from .gazetteer import Context, Gazetteer, GazetteerIndex
from .lexicon import DIRECTION, FUNCTION, PERSON, PLACE, PROPER, VERB, Lexicon, heads, heads_ending

_CONFIDENCE = {"gazetteer": 1.0, "gazetteer_short": 0.9, "grammar": 0.7, "structure": 0.6}
# Typed words that say a span is no zone (closed lists: what kind of thing a word names).
_PLAN_VERBS = frozenset({"打造", "争创", "创建", "申建", "申报", "筹建", "建成", "规划", "谋划", "培育", "建设", "新建",
                         "推进", "启动"})
_NOT_ZONE_AFTER = ("项目", "工程", "公司", "集团", "有限", "股份", "管委会主任", "负责人")
_COMPANY_WORDS = ("公司", "集团", "股份", "有限", "银行", "电器", "控股")
_REGION_WORDS = ("地区", "区域", "流域", "沿线", "一带", "全国", "全省", "全市", "各地", "大湾区", "都市圈", "经济圈",
                 "经济带", "城市群")
# A government's organs: "行政审批局长三角示范区" runs across one (招商局 of a listed zone's name is
# found by the list, not by these rules).
_ORGAN_WORDS = ("局", "厅", "政府", "委员会", "办公室")
# Words of a goal, not a name: "建设中关村世界领先科技园区" describes what a zone should become.
_GOAL_WORDS = ("领先", "一流", "世界级", "高水平", "高质量", "高标准")
_FACILITY_ENDS = ("生产基地", "研发基地")  # a company's plant or laboratory, not a zone
_NOT_IN_A_NAME = _COMPANY_WORDS + _REGION_WORDS + _GOAL_WORDS + _ORGAN_WORDS
_QUOTES = "“”‘’\"'「」『』《》"
# A district as a government, not a zone: issuing measures ("…推出…123项举措"), its organs and
# officials ("区委书记"), its sub-districts ("新北街道办事处").
_GOVERNMENT_USE = re.compile(r"[^，,。；;]{0,8}?(?:出台|推出|印发|发布|制定|公布)[^。；;]{0,40}?"
                             r"(?:举措|措施|政策|办法|意见|方案|细则)"
                             r"|(?:区委|区政府|人民政府|政府|人大|政协|纪委|监委|法院|检察院|公安|区长|副区长)"
                             r"|[^，,。；;、]{1,6}?(?:街道|镇|乡)(?:办事处|党工委|党委|人民政府|政府)")
_PLACE_LONGEST = 8  # 新疆维吾尔自治区
_NICK_MIN = 2  # a name without its head is a form of the zone only if this long ("雄安")


@dataclass
class _Zone:
    key: str
    source: str
    confidence: float
    spellings: dict[str, str] = field(default_factory=dict)  # folded form -> as the article writes it
    listed: ZoneName | None = None
    kind: str | None = None
    first: int = 0


class Recognizer:
    """Built once per set of city gazetteers: the lexicon and the list automaton load once."""

    def __init__(self, gazetteers: tuple[Gazetteer, ...] = ()):
        self.index = GazetteerIndex(gazetteers)
        self.lexicon = Lexicon(self.index.zone_parts)
        # A name's core and own proper name depend on the name alone; an archive names the same
        # zones page after page. Bounded: cleared when full.
        self._cores: dict[str, str] = {}
        self._nicks: dict[str, str | None] = {}

    def recognize(self, article: Article, folded: list[str] | None = None, *,
                  structure: bool = True) -> tuple[ZoneName, ...]:
        """Every zone the article names, in the order first named (headline and headings included).
        ``folded``: ``fold(p.text)`` of the article's paragraphs, where the caller has them."""
        folded = folded if folded is not None else [fold(p.text) for p in article.paragraphs]
        units = _units(article, folded)  # (folded, original) of headline, deck, headings, paragraphs
        body = "\n".join(f for f, _ in units)
        zones: dict[str, _Zone] = {}
        position = 0
        context = self.index.context(body)
        lexicon = self.lexicon.in_text(body)  # where this article's words are places
        for text, original in units:
            self._read_unit(text, original, context, lexicon, zones, position)
            position += len(text) + 1
        if structure:
            self._structure(article, folded, zones, body, lexicon)
        _drop_areas_of_no_zone(zones)
        named: list[ZoneName] = []
        taken: set[str] = set()
        for zone in sorted(zones.values(), key=lambda z: z.first):
            name = self._named(zone, body)
            # A short form two zones share ("张江" of 张江科学城 and 上海张江高新区) is the first one's.
            name = replace(name, aliases=tuple(a for a in name.aliases if fold(a) not in taken))
            taken.update(fold(f) for f in name.forms)
            if not self._only_a_government(name, body):
                named.append(name)
        # The zone a headline names is what the body means by its bare head ("天津开发区…", then
        # "开发区贸易促进中心…"); a bare head ("高新区") stands for a zone only where no other zone
        # of the article ends with it.
        headline = fold("\n".join([article.meta.title or "", *article.meta.deck]))
        in_headline = [any(fold(f) in headline for f in z.forms) for z in named]
        if any(in_headline):
            bare = self._bare_heads(named, folded, article)
            named = [_with_bare_heads(z, bare) if shown else z for z, shown in zip(named, in_headline)]
        ends = Counter(h.zh for z in named for h in heads_ending(fold(z.name)))
        return tuple(replace(z, aliases=tuple(a for a in z.aliases if ends[fold(a)] <= 1)) for z in named)

    def _only_a_government(self, zone: ZoneName, body: str) -> bool:
        """A zone that is also a county-level district (滨海新区, 浦东新区: the administrative
        divisions say so) and is named only as a government (issuing measures, its organs, its
        officials, its sub-districts) is that district, not the zone."""
        places = self.lexicon.places
        forms = [fold(f) for f in zone.forms]
        if not any((place := places.get(f[k:])) is not None and place.level == "county" and place.name == f[k:]
                   and (k == 0 or f[:k] in places) for f in forms for k in range(len(f) - 1)):
            return False
        ends = [m.end() for f in forms for m in re.finditer(re.escape(f), body)]
        return bool(ends) and all(_GOVERNMENT_USE.match(body, end) for end in ends)

    def _bare_heads(self, named: list[ZoneName], folded: list[str], article: Article) -> dict[str, str]:
        """Head nouns the body writes on their own (no zone's name around them, no proper word
        right before them: "到开发区进行采购"), each as the body first spells it."""
        forms = sorted({fold(f) for z in named for f in z.forms}, key=len, reverse=True)
        found: dict[str, str] = {}
        for i, text in enumerate(folded):
            for form in forms:  # a zone's name is no bare head (自由贸易试验区 of 中国（上海）自由贸易试验区)
                text = text.replace(form, "\n" * len(form))
            for start, end, head in grammar.head_spans(text):
                before = self.lexicon.tokens_before(text, start)
                if head.zh not in found and not (before and before[0].cls in PROPER):
                    found[head.zh] = article.paragraphs[i].text[start:end]
        return found

    # --- sources -----------------------------------------------------------------------

    def _read_unit(self, text: str, original: str, context: Context, lexicon: Lexicon, zones: dict[str, _Zone],
                   offset: int) -> None:
        """Listed zones, then the grammar's, in one paragraph (or headline, or heading)."""
        hits = self.index.find(text, context)
        taken = []
        for hit in hits:
            start = self._place_before(text, hit.start)
            zone = zones.setdefault("g:" + hit.listed.zone.name,
                                    _Zone("g:" + hit.listed.zone.name, "gazetteer",
                                          _CONFIDENCE["gazetteer" if hit.full else "gazetteer_short"],
                                          listed=hit.listed.zone, kind=hit.listed.zone.kind, first=offset + start))
            zone.confidence = max(zone.confidence, _CONFIDENCE["gazetteer" if hit.full else "gazetteer_short"])
            for s in {start, hit.start}:
                zone.spellings.setdefault(text[s:hit.end], original[s:hit.end])
            taken.append((start, hit.end))
        found = grammar.candidates(text, lexicon, taken, _PLAN_VERBS, _NOT_ZONE_AFTER,
                                   _NOT_IN_A_NAME)
        ends: dict[int, int] = {e: s for s, e in taken}  # where each zone so far starts, by its end
        for cand in found:
            start = ends.get(cand.parent_end, cand.start) if cand.parent_end is not None else cand.start
            ends[cand.end] = start
            name = text[start:cand.end]
            own = text[cand.start:cand.end]
            core = self._core(own)
            key = "n:" + core
            zone = zones.setdefault(key, _Zone(key, "grammar", _CONFIDENCE["grammar"], kind=cand.head.kind,
                                               first=offset + start))
            zone.spellings.setdefault(name, original[start:cand.end])
            zone.spellings.setdefault(own, original[cand.start:cand.end])
            zone.spellings.setdefault(core, original[cand.end - len(core):cand.end])

    def _structure(self, article: Article, folded: list[str], zones: dict[str, _Zone], body: str,
                   lexicon: Lexicon) -> None:
        """Zones the page's structure declares (``discovery``), kept when their words are a
        name's words; one that is a zone found already gives it the forms the page uses."""
        known = tuple(z for g in self.index.gazetteers if g.applies_to(body) for z in g.zones
                      if any(fold(f) in body for f in z.forms))
        paragraphs = [p.text for p in article.paragraphs]
        headings = [s.heading for s in article.sections if s.heading]
        reading_order = "\n".join(fold(s.heading) + "\n" + "\n".join(folded[p.index] for p in s.paragraphs)
                                  for s in article.sections)
        headline = fold("\n".join([article.meta.title or "", *article.meta.deck]))
        found = discover_zones(paragraphs, headings, known, folded=folded, reading_order=reading_order,
                               headline=headline)
        for declared in found.zones:
            forms = {fold(f): f for f in declared.forms}
            name = fold(declared.name)
            spelled_out = "counted" if found.count is not None else "declared" if forms.keys() & found.declared else ""
            if not self._name_like(name, [f for z in zones.values() for f in z.spellings], lexicon, spelled_out):
                continue
            # the zone of that very name first: another may share only a declared short form
            same = next((z for z in zones.values() if name in z.spellings), None) or next(
                (z for z in zones.values()
                 if forms.keys() & z.spellings.keys() or any(_same_name(name, f) for f in z.spellings)), None)
            if same is None:
                key = "s:" + name
                same = zones[key] = _Zone(key, "structure", _CONFIDENCE["structure"],
                                          first=body.find(name) if name in body else len(body))
            for form, spelled in forms.items():
                same.spellings.setdefault(form, spelled)

    def _name_like(self, name: str, taken: list[str], lexicon: Lexicon, spelled_out: str = "") -> bool:
        """A name the structure found is a zone's name only if its words are a name's words.

        Without a head noun it must be spelled out as a zone (``spelled_out``): "declared" in a
        heading, a label or a list (and then hold a proper name: "外观材质：" is a rubric), or
        "counted", a parallel subject of a page that states how many zones it covers
        ("五大发展片区"), where common words (航天城) and a conjunction (河套港深创新及科技园) may
        stand in it. What starts a clause or names no zone never may.
        """
        if any(q in name for q in _QUOTES) or any(w in name for w in _NOT_IN_A_NAME):
            return False
        if is_collective(name) or grammar.COUNTED.search(name):
            return False  # "深圳五大重点片区": zones counted, none named
        if name.endswith(_FACILITY_ENDS):
            return False  # "…管业生产基地": a company's plant
        spans = grammar.head_spans(name)
        ends_with_head = bool(spans) and spans[-1][1] == len(name)
        if not ends_with_head and any(name != t and name.startswith(t) for t in taken):
            return False  # "海南自贸港全岛": a zone and more words (a sub-area ends with a head: "…香港园区")
        tokens = [t for a, b in _between(spans, len(name)) for t in
                  reversed(lexicon.tokens_before(name[:b], b, floor=a, limit=b - a))]
        if sum(len(t.text) for t in tokens) + sum(e - s for s, e, _ in spans) != len(name):
            return False  # a character no name holds (punctuation, a bracket not closed)
        if ends_with_head and grammar.is_trade_agreement(spans[-1][2], tokens):
            return False
        for known in (t for t in taken if name != t and name.endswith(t)):
            before = lexicon.tokens_before(name, len(name) - len(known), limit=len(name))
            if any(t.cls in (VERB, FUNCTION) for t in before):
                return False  # "上海拥有张江科学城": a clause about a zone, not a longer name of it
        if tokens and (tokens[0].cls in (VERB, FUNCTION) or tokens[0].cls == PERSON and len(tokens[0].text) >= 3):
            return False  # "设立X", "十年来", "习近平…": a clause or a phrase (two-character "people" are often places)
        if spelled_out == "counted" or spelled_out and any(t.cls in PROPER for t in tokens):
            return True
        if not ends_with_head:
            return False  # "中国海油", "京津冀协同发展": a subject twice is no zone without a head noun
        if len(tokens) == 1 and len(tokens[0].text) == 1 and tokens[0].cls not in PROPER:
            return False  # "小开发区", "大开发区": one character of size or age before a head is no name
        return not any(t.cls == FUNCTION for t in tokens)

    # --- naming ------------------------------------------------------------------------

    def _place_before(self, text: str, start: int) -> int:
        """"鄂州" + "葛店经济技术开发区": a place written right before a listed name is part of the
        article's form of it (up to two places, longest first: "湖北鄂州")."""
        places = self.lexicon.places
        for _ in range(2):
            found = next((k for k in range(min(_PLACE_LONGEST, start), 1, -1) if text[start - k:start] in places), 0)
            if not found:
                break
            start -= found
        return start

    def _core(self, name: str) -> str:
        """The name without the places in front, while a proper word is left before the head
        ("深圳光明科学城" -> "光明科学城", but "海淀北部科技园区" stays)."""
        core = self._cores.get(name)
        if core is None:
            head = next((h.zh for h in heads_ending(name)), "")
            tokens = list(reversed(self.lexicon.tokens_before(name, len(name) - len(head), limit=len(name))))
            while len(tokens) >= 2 and tokens[0].cls == PLACE and tokens[1].cls in PROPER:
                tokens = tokens[1:]
            core = name[tokens[0].start:] if tokens else name
            _remember(self._cores, name, core)
        return core

    def _named(self, zone: _Zone, body: str) -> ZoneName:
        forms = {f: s for f, s in zone.spellings.items() if f in body}
        fullest = max(forms, key=lambda f: (len(f), -body.find(f)))
        rest = body
        for form in sorted(forms, key=len, reverse=True):
            rest = rest.replace(form, "\n")
        for nick in self._nicknames(zone):  # "雄安" of "雄安新区", written alone (not just inside it)
            if nick not in forms and nick in rest:
                forms[nick] = _spelled(zone, nick)
        listed = zone.listed
        return ZoneName(
            name=forms[fullest], aliases=tuple(s for f, s in forms.items() if f != fullest),
            name_en=listed.name_en if listed else None, found_by=zone.source, confidence=zone.confidence,
            official_name=listed.official_name if listed else None, kind=zone.kind,
            level=listed.level if listed else None)

    def _nicknames(self, zone: _Zone) -> list[str]:
        """Each form's own proper name, without places and heads: "雄安" of "河北雄安新区", "临港"
        of "上海自贸试验区临港新片区" (the sub-area's own name), unless it is a place or a word."""
        if zone.source == "structure":
            return []
        return [nick for form in zone.spellings if (nick := self._nickname(form)) is not None]

    def _nickname(self, form: str) -> str | None:
        if form in self._nicks:
            return self._nicks[form]
        nick = None
        spans = grammar.head_spans(form)
        if spans and spans[-1][1] == len(form):
            own_start = spans[-2][1] if len(spans) >= 2 else 0
            rest = self._core(form[own_start:])[: -(spans[-1][1] - spans[-1][0])]
            words = self.lexicon.tokens_before(rest, len(rest), limit=len(rest))
            if (len(rest) >= _NICK_MIN and sum(len(w.text) for w in words) == len(rest)
                    and all(w.cls in PROPER | {DIRECTION} for w in words)
                    and not (len(words) == 1 and words[0].cls == PLACE)):
                nick = rest  # proper words only, and no bare place ("苏州" of 苏州高新区)
        _remember(self._nicks, form, nick)
        return nick


_REMEMBERED = 20_000  # names per memo: a few MB at most, over a whole archive


def _remember(memo: dict, key: str, value) -> None:
    if len(memo) >= _REMEMBERED:
        memo.clear()
    memo[key] = value


def _between(spans: list[tuple[int, int, object]], end: int) -> list[tuple[int, int]]:
    """The stretches of a name between its head nouns."""
    out, at = [], 0
    for start, stop, _ in spans:
        if start > at:
            out.append((at, start))
        at = stop
    return out + ([(at, end)] if at < end else [])


def _drop_areas_of_no_zone(zones: dict[str, _Zone]) -> None:
    """片区 is an area of a larger zone (a free-trade zone's, a new area's): a name found by its
    words alone that ends so, in an article that names no other zone, is a city's
    neighbourhood ("朝天门片区"), not a zone's area."""
    def area(zone: _Zone) -> bool:
        found = heads_ending(max(zone.spellings, key=len))  # spellings are folded
        return bool(found) and found[0].zh == "片区"

    if all(area(z) for z in zones.values()):
        for key in [k for k, z in zones.items() if z.source == "grammar" and area(z)]:
            del zones[key]


def _with_bare_heads(zone: ZoneName, bare: dict[str, str]) -> ZoneName:
    """The zone with the bare heads of its name among its aliases (``bare``: as the body spells them)."""
    added = [bare[h.zh] for h in heads_ending(fold(zone.name)) if h.zh in bare]
    return replace(zone, aliases=tuple(dict.fromkeys([*zone.aliases, *added])))


def _same_name(a: str, b: str) -> bool:
    """Two forms of one name: one ends the other and is a name by itself ("临港新片区",
    "上海自贸试验区临港新片区"), not just a head ("新片区")."""
    short, long = sorted((a, b), key=len)
    return long.endswith(short) and len(short) >= 4 and short not in heads()


def _spelled(zone: _Zone, nick: str) -> str:
    for folded, spelled in zone.spellings.items():
        at = folded.find(nick)
        if at >= 0:
            return spelled[at:at + len(nick)]
    return nick


def _units(article: Article, folded: list[str]) -> list[tuple[str, str]]:
    units = [(fold(t), t) for t in [article.meta.title or "", *article.meta.deck]]
    for section in article.sections:
        units.append((fold(section.heading), section.heading))
        units += [(folded[p.index], p.text) for p in section.paragraphs]
    return [(f, t) for f, t in units if t]


@lru_cache(maxsize=16)
def recognizer_for(gazetteers: tuple[Gazetteer, ...]) -> Recognizer:
    """The recognizer for these city lists, built once per process (about 0.2 s)."""
    return Recognizer(gazetteers)
