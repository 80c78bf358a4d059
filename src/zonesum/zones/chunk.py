"""Article -> Chunking: one chunk per zone (every paragraph about it, in order) + general sections."""
from __future__ import annotations

import re
from dataclasses import replace

from ..text.script import fold
from ..text.sentences import HALF_WIDTH_END, split_sentences
from ..types import Article, Chunking, Paragraph, Section, Zone, ZoneName
from .discovery import discover_zones, is_collective
from .gazetteer import Gazetteer

_FIRST_SENTENCE = re.compile(rf"^.*?(?:[。！？!?；;]|{HALF_WIDTH_END}|$)", re.S)
# "A、B和C…": a paragraph that opens with a list of zones is about all of them.
_LISTED = re.compile(r"[、和与及,，]")
_OPENING_WITHIN = 8  # a sentence "opens with" a zone named this close to its start ("下一步，A将…")
_SENTENCE_START = re.compile(rf"(?:[。！？!?；;]|{HALF_WIDTH_END})[”’」』）)]*\s*$")  # what precedes a sentence
_CLAUSE = re.compile(r"[^，,]*[，,]|[^，,]+$")  # clauses a sentence gives zones one by one (not "、": a list)
_ENUMERATED = re.compile(r"(?:[一二三四五六七八九十]是|其中[，,]?)$")  # "…，一是A…"
# A paragraph that opens like this carries on with the zone of the paragraph before it.
_CONTINUATION = re.compile(r"^(?:此外|同时|另外|与此同时|其中|该区|该片区|该园区|园区|片区|区内|辖区|下一步|接下来|在此基础上)")


def chunk(article: Article, gazetteers: tuple[Gazetteer, ...] = (), *, discover: bool = True) -> Chunking:
    """Group the article's paragraphs by the zone each is about.

    Every rule matches the folded text (``script.fold``: Traditional characters as Simplified,
    one for one), so zone names and rules in either script find each other.
    """
    paragraphs = list(article.paragraphs)
    folded = [fold(p.text) for p in paragraphs]
    body = "\n".join([fold(s.heading) for s in article.sections] + folded)
    known = _known_zones(body, gazetteers)
    zones = known
    if discover:
        headings = [s.heading for s in article.sections if s.heading]
        reading_order = "\n".join(fold(s.heading) + "\n" + "\n".join(folded[p.index] for p in s.paragraphs)
                                  for s in article.sections)
        headline = fold("\n".join([article.meta.title or "", *article.meta.deck]))
        zones = known + discover_zones([p.text for p in paragraphs], headings, known, folded=folded,
                                       reading_order=reading_order, headline=headline)
    matcher = _Matcher(zones)

    owner: list[ZoneName | None] = [_paragraph_zone(text, matcher) for text in folded]
    shared = {i: pieces for i, paragraph in enumerate(paragraphs)
              if (pieces := _shared_paragraph(paragraph, folded[i], matcher))}
    for i in shared:
        owner[i] = None
    _heading_zones(article.sections, folded, matcher, owner, shared)
    _continuations(paragraphs, folded, owner, shared, matcher)

    mine: dict[int, list[Paragraph]] = {}  # in article order, so zones come in the order they are first met
    for paragraph, zone in zip(paragraphs, owner):
        pieces = shared.get(paragraph.index, [(zone, paragraph)])
        for piece_zone, piece in pieces:
            if piece_zone is not None:
                mine.setdefault(id(piece_zone), []).append(piece)
    by_id = {id(zone): zone for zone in zones}
    chunks = [Zone(name=by_id[key], paragraphs=tuple(found)) for key, found in mine.items()]

    general = []
    for section in article.sections:
        rest = tuple(piece for p in section.paragraphs if owner[p.index] is None
                     for zone, piece in shared.get(p.index, [(None, p)]) if zone is None)
        if rest or not section.paragraphs:  # a heading with no paragraph under it stays too
            general.append(replace(section, paragraphs=rest))
    return Chunking(article=article, zones=tuple(chunks), general=tuple(general))


def _known_zones(body: str, gazetteers: tuple[Gazetteer, ...]) -> tuple[ZoneName, ...]:
    found: list[ZoneName] = []
    for gazetteer in gazetteers:
        if gazetteer.applies_to(body):
            found.extend(z for z in gazetteer.zones if any(fold(form) in body for form in z.forms))
    return tuple(found)


class _Matcher:
    """Finds zone mentions, longest form first, so "青岛高新区" never matches inside a longer name."""

    def __init__(self, zones: tuple[ZoneName, ...]):
        self._by_form = {fold(form): zone for zone in zones for form in zone.forms}
        forms = sorted(self._by_form, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, forms))) if forms else None

    def mentions(self, text: str) -> list[tuple[int, ZoneName]]:
        if self._pattern is None:
            return []
        return [(m.start(), self._by_form[m.group()]) for m in self._pattern.finditer(text)]

    def named_by(self, text: str) -> ZoneName | None:
        found = {id(z): z for _, z in self.mentions(text)}
        return next(iter(found.values())) if len(found) == 1 else None


def _paragraph_zone(text: str, matcher: _Matcher) -> ZoneName | None:
    """The zone a paragraph is about: the only one its first sentence names, or its subject."""
    mentions = matcher.mentions(text)
    if not mentions:
        return None
    first_end = _FIRST_SENTENCE.match(text).end()
    in_first = [(pos, z) for pos, z in mentions if pos < first_end]
    distinct_first = {id(z) for _, z in in_first}
    if len(distinct_first) == 1:
        return in_first[0][1]
    if in_first and in_first[0][0] == 0 and not _LISTED.match(text, _mention_end(text, in_first[0][1])):
        return in_first[0][1]  # several zones named, but the paragraph opens with one: its subject
    if not in_first:  # "“…。”X相关负责人介绍，…": after a quote or a scene, the zone named later
        distinct = {id(z) for _, z in mentions}
        if len(distinct) == 1 and (len(mentions) >= 2 or _SENTENCE_START.search(text, 0, mentions[0][0])):
            return mentions[0][1]
    return None


def _shared_paragraph(paragraph: Paragraph, folded: str,
                      matcher: _Matcher) -> list[tuple[ZoneName | None, Paragraph]] | None:
    """"下一步，A将…；B将…；C将…。": a paragraph that gives several zones a sentence each, each
    sentence opening with its zone, is cut into one piece per zone (sentences before the first
    zone stay general, also one that names them all). After that, a sentence that names two
    zones, or a zone named deep inside a sentence, keeps the paragraph whole: it compares
    them, or it is an aside."""
    if len({id(z) for _, z in matcher.mentions(folded)}) < 2:
        return None  # most paragraphs: nothing to share out, no need to split them
    pieces: list[tuple[ZoneName | None, list[str]]] = []
    for sentence in (unit for s in split_sentences(paragraph.text) for unit in _zone_clauses(s, matcher)):
        mentions = matcher.mentions(fold(sentence))
        named = {id(z): z for _, z in mentions}
        if len(named) > 1 and any(zone is not None for zone, _ in pieces):
            return None
        zone = next(iter(named.values())) if len(named) == 1 else None  # "A、B两大开发区…" opening: the lead
        if pieces and (zone is None or zone is pieces[-1][0]):
            pieces[-1][1].append(sentence)  # a sentence that names no zone goes on with the one before
        elif zone is not None and not _opens_with(sentence, mentions[0][0]):
            return None
        else:
            pieces.append((zone, [sentence]))
    if len({id(zone) for zone, _ in pieces if zone is not None}) < 2:
        return None
    return [(zone, replace(paragraph, text="".join(sentences))) for zone, sentences in pieces]


def _zone_clauses(sentence: str, matcher: _Matcher) -> list[str]:
    """"下一步，A将…，B将…，C将…。": a sentence whose zones each open a clause of their own, cut
    before each of them; any other sentence whole ("A、B两大开发区…" lists them in one clause)."""
    units: list[str] = []
    lead = ""  # clauses before the first zone ("下一步，") go with it
    for clause in _CLAUSE.findall(sentence):
        mentions = matcher.mentions(fold(clause))
        if len({id(z) for _, z in mentions}) > 1:
            return [sentence]
        if mentions and _opens_with(clause, mentions[0][0]):
            units.append(lead + clause)
            lead = ""
        elif units:
            units[-1] += clause
        else:
            lead += clause
    return units if len(units) >= 2 and not lead else [sentence]


def _opens_with(sentence: str, at: int) -> bool:
    """The zone named at ``at`` is the sentence's subject: "下一步，A将…", "…看，一是A…",
    "在全省考评中，A位列第三…" (it opens a clause)."""
    before = sentence[:at].strip()
    return len(before) <= _OPENING_WITHIN or bool(_ENUMERATED.search(before)) or before.endswith(("，", ",", "：", ":"))


def _mention_end(text: str, zone: ZoneName) -> int:
    return max(len(form) for form in zone.forms if text.startswith(fold(form)))


def _heading_zones(sections: tuple[Section, ...], folded: list[str], matcher: _Matcher, owner: list,
                   shared: dict) -> None:
    """Under a heading that names one zone, paragraphs that name none belong to it (but not
    one about the zones together: the close often follows the last zone's section)."""
    for section in sections:
        zone = matcher.named_by(fold(section.heading)) if section.heading else None
        if zone is None:
            continue
        for p in section.paragraphs:
            if owner[p.index] is None and p.index not in shared and not is_collective(folded[p.index]):
                owner[p.index] = zone


def _continuations(paragraphs: list[Paragraph], folded: list[str], owner: list, shared: dict,
                   matcher: _Matcher) -> None:
    """"此外，…" or a paragraph between two of one zone's carries on with that zone, unless it
    names other zones or all of them."""
    for i in range(1, len(paragraphs)):
        if owner[i] is not None or owner[i - 1] is None or i in shared:
            continue
        if any(zone is not owner[i - 1] for _, zone in matcher.mentions(folded[i])):
            continue
        if paragraphs[i].section != paragraphs[i - 1].section:
            continue
        sandwiched = i + 1 < len(paragraphs) and owner[i + 1] is owner[i - 1]
        if (sandwiched or _CONTINUATION.match(folded[i])) and not is_collective(folded[i]):
            owner[i] = owner[i - 1]
