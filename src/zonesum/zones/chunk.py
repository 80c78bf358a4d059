"""Article -> Chunking: one chunk per zone (every paragraph about it, in order) + general sections."""
from __future__ import annotations

import re
from dataclasses import replace

from ..text.script import fold
from ..text.sentences import HALF_WIDTH_END, split_sentences
from ..types import Article, Chunking, Paragraph, Section, Zone, ZoneName
from .discovery import COLLECTIVE, is_collective
from .gazetteer import Gazetteer
from .recognizer import recognizer_for

_FIRST_SENTENCE = re.compile(rf"^.*?(?:[。！？!?；;]|{HALF_WIDTH_END}|$)", re.S)
# "A、B和C…": a paragraph that opens with a list of zones is about all of them.
_LISTED = re.compile(r"[、和与及,，]")
_CLAUSE_END = re.compile(r"[，,。；;！？!?]")
_NOTE = re.compile(r"(?:[（(][^）)]{1,12}[）)])?")  # a bracketed note after a name: "广州开发区（黄埔区）"
_OPENING_WITHIN = 8  # a sentence "opens with" a zone named this close to its start ("下一步，A将…")
_SENTENCE_START = re.compile(rf"(?:[。！？!?；;]|{HALF_WIDTH_END})[”’」』）)]*\s*$")  # what precedes a sentence
# ... or a clause, also after a place phrase that modifies the subject ("…，位于顺义区的X通过…"),
# or where a visit goes ("…，习近平来到X考察…": the place visited is what the paragraph is about)
_CLAUSE_START = re.compile(rf"(?:^|[。！？!?；;，,：:]|{HALF_WIDTH_END})[”’」』）)]*\s*"
                           r"(?:(?:位于|地处)[^，,。；;]{1,16}的|[^，,。；;]{0,12}?(?:来到|走进|考察了?|视察了?))?$")
_CLAUSE_LOOKBACK = 48  # characters before a name that _CLAUSE_START can span: searched there only
_CLAUSE = re.compile(r"[^，,]*[，,]|[^，,]+$")  # clauses a sentence gives zones one by one (not "、": a list)
_ENUMERATED = re.compile(r"(?:[一二三四五六七八九十]是|其中[，,]?)$")  # "…，一是A…"
# A paragraph that opens like this carries on with the zone of the paragraph before it.
_CONTINUATION = re.compile(r"^(?:此外|同时|另外|与此同时|其中|该区|该片区|该园区|园区|片区|区内|辖区|下一步|接下来|在此基础上)")
_ANAPHOR = re.compile(r"^(?:该|这个|这一)(?:区|片区|园区|新区|开发区)")  # the zone before, as subject


def chunk(article: Article, gazetteers: tuple[Gazetteer, ...] = (), *, discover: bool = True) -> Chunking:
    """Group the article's paragraphs by the zone each is about (zones from ``recognizer``; a
    zone no paragraph is about is only ``mentioned``; ``discover``: also zones the page's
    structure declares).

    Every rule matches the folded text (``script.fold``: Traditional characters as Simplified,
    one for one), so zone names and rules in either script find each other.
    """
    paragraphs = list(article.paragraphs)
    folded = [fold(p.text) for p in paragraphs]
    zones = recognizer_for(gazetteers).recognize(article, folded, structure=discover)
    matcher = _Matcher(zones)

    owner: list[ZoneName | None] = [_paragraph_zone(text, matcher) for text in folded]
    named_in = [{id(z) for _, z in matcher.mentions(text)} for text in folded]
    shared = {i: pieces for i, paragraph in enumerate(paragraphs)
              if (pieces := _shared_paragraph(paragraph, folded[i], matcher))
              and (owner[i] is None or all(_named_elsewhere(z, i, named_in) for z, _ in pieces if z))}
    for i in shared:
        owner[i] = None
    _heading_zones(article.sections, folded, matcher, owner, shared)
    _continuations(paragraphs, folded, owner, shared, matcher)
    _one_zone_article(article, folded, owner, shared, matcher)

    mine: dict[int, list[Paragraph]] = {}  # in article order, so zones come in the order they are first met
    for paragraph, zone in zip(paragraphs, owner):
        pieces = shared.get(paragraph.index, [(zone, paragraph)])
        for piece_zone, piece in pieces:
            if piece_zone is not None:
                mine.setdefault(id(piece_zone), []).append(piece)
    by_id = {id(zone): zone for zone in zones}
    chunks = [Zone(name=by_id[key], paragraphs=tuple(found)) for key, found in mine.items()]
    mentioned = tuple(zone for zone in zones if id(zone) not in mine)  # named, but no paragraph is about it

    general = []
    for section in article.sections:
        rest = tuple(piece for p in section.paragraphs if owner[p.index] is None
                     for zone, piece in shared.get(p.index, [(None, p)]) if zone is None)
        if rest or not section.paragraphs:  # a heading with no paragraph under it stays too
            general.append(replace(section, paragraphs=rest))
    return Chunking(article=article, zones=tuple(chunks), general=tuple(general), mentioned=mentioned)


class _Matcher:
    """Finds zone mentions, longest form first, so "青岛高新区" never matches inside a longer name."""

    def __init__(self, zones: tuple[ZoneName, ...]):
        self._by_form = {fold(form): zone for zone in zones for form in zone.forms}
        forms = sorted(self._by_form, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, forms))) if forms else None
        # One article's texts: each paragraph is asked about several times.
        self._found: dict[str, tuple[tuple[int, ZoneName], ...]] = {}

    def mentions(self, text: str) -> tuple[tuple[int, ZoneName], ...]:
        found = self._found.get(text)
        if found is None:
            found = () if self._pattern is None else tuple(
                (m.start(), self._by_form[m.group()]) for m in self._pattern.finditer(text))
            self._found[text] = found
        return found

    def named_by(self, text: str) -> ZoneName | None:
        found = {id(z): z for _, z in self.mentions(text)}
        return next(iter(found.values())) if len(found) == 1 else None


def _paragraph_zone(text: str, matcher: _Matcher) -> ZoneName | None:
    """The zone a paragraph is about: the only one its first sentence names, or its subject."""
    mentions = matcher.mentions(text)
    if not mentions or _ANAPHOR.match(text):
        return None  # "该区还与X合作…": about the zone before it (``_continuations``), not X
    first_end = _FIRST_SENTENCE.match(text).end()
    in_first = [(pos, z) for pos, z in mentions if pos < first_end]
    if any(_umbrella(text, pos, z) for pos, z in in_first):
        return None  # "河南自贸试验区郑州、开封、洛阳三大片区…": the zones together
    distinct_first = {id(z) for _, z in in_first}
    if len(distinct_first) == 1:
        return in_first[0][1]
    if in_first and in_first[0][0] == 0 and not _LISTED.match(text, _mention_end(text, in_first[0][1])):
        return in_first[0][1]  # several zones named, but the paragraph opens with one: its subject
    subjects = {id(z): z for pos, z in in_first if _opens_clause(text, pos)}
    listed = any(_LISTED.match(text, _NOTE.match(text, pos + _mention_end(text[pos:], z)).end())
                 for pos, z in in_first)  # "A（黄埔区）、B…", "A与B等…": a list of zones, the lead's
    if len(subjects) == 1 and not listed:  # "…，A还与B互通…": the one zone that opens a clause is the subject
        return next(iter(subjects.values()))
    if not in_first:  # "“…。”X相关负责人介绍，…": after a quote or a scene, the zone named later
        distinct = {id(z) for _, z in mentions}
        if len(distinct) == 1 and (len(mentions) >= 2 or _opens_clause(text, mentions[0][0])):
            return mentions[0][1]  # named twice, or the subject of a sentence or clause ("…，X围绕…")
    return None


def _opens_clause(text: str, pos: int) -> bool:
    """The name at ``pos`` opens a sentence or a clause (``_CLAUSE_START``)."""
    return _CLAUSE_START.search(text, max(0, pos - _CLAUSE_LOOKBACK), pos) is not None


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
        # "A、B两大开发区…", "滨海新区四大开发区…" opening: the lead, about the zones together
        umbrella = any(_umbrella(fold(sentence), pos, z) for pos, z in mentions)
        zone = next(iter(named.values())) if len(named) == 1 and not umbrella else None
        if pieces and (zone is None or zone is pieces[-1][0]):
            pieces[-1][1].append(sentence)  # a sentence that names no zone goes on with the one before
        elif zone is not None and not _opens_with(sentence, mentions[0][0]):
            return None
        else:
            pieces.append((zone, [sentence]))
    if len({id(zone) for zone, _ in pieces if zone is not None}) < 2:
        return None
    return [(zone, replace(paragraph, text="".join(sentences))) for zone, sentences in pieces]


def _named_elsewhere(zone: ZoneName, i: int, named_in: list[set[int]]) -> bool:
    """A paragraph about one zone is not shared out to a zone it names in passing, one no other
    paragraph names ("…青岛空港综合保税区…" inside 上合示范区's paragraph)."""
    return any(id(zone) in named for k, named in enumerate(named_in) if k != i)


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


def _umbrella(text: str, pos: int, zone: ZoneName) -> bool:
    """The zone named at ``pos`` heads a group its clause counts: "滨海新区四大开发区…"."""
    end = pos + _mention_end(text[pos:], zone)
    clause = _CLAUSE_END.search(text, end)
    return bool(COLLECTIVE.search(text, end, clause.start() if clause else len(text)))


def _mention_end(text: str, zone: ZoneName) -> int:
    return max(len(form) for form in zone.forms if text.startswith(fold(form)))


def _heading_zones(sections: tuple[Section, ...], folded: list[str], matcher: _Matcher, owner: list,
                   shared: dict) -> None:
    """Under a heading that names one zone, the paragraphs belong to it: those that name no
    zone, and those that name others inside it ("…，太湖科学城建设全面提速" under 【苏州高新区】);
    but not one about the zones together (the close often follows the last zone's section)."""
    for section in sections:
        zone = matcher.named_by(fold(section.heading)) if section.heading else None
        if zone is None:
            continue
        for p in section.paragraphs:
            if is_collective(folded[p.index]):
                continue
            if owner[p.index] is None and p.index not in shared or any(z is zone for _, z in matcher.mentions(
                    folded[p.index])):
                owner[p.index] = zone
                shared.pop(p.index, None)


def _continuations(paragraphs: list[Paragraph], folded: list[str], owner: list, shared: dict,
                   matcher: _Matcher) -> None:
    """"此外，…" or a paragraph between two of one zone's carries on with that zone, unless it
    names other zones or all of them."""
    for i in range(1, len(paragraphs)):
        if owner[i] is not None or owner[i - 1] is None or i in shared:
            continue
        if not _ANAPHOR.match(folded[i]) and any(zone is not owner[i - 1] for _, zone in matcher.mentions(folded[i])):
            continue
        if paragraphs[i].section != paragraphs[i - 1].section:
            continue
        sandwiched = i + 1 < len(paragraphs) and owner[i + 1] is owner[i - 1]
        if (sandwiched or _CONTINUATION.match(folded[i])) and not is_collective(folded[i]):
            owner[i] = owner[i - 1]


def _one_zone_article(article: Article, folded: list[str], owner: list, shared: dict, matcher: _Matcher) -> None:
    """An article about one zone (the only zone a paragraph is about, named in the headline or in
    half the paragraphs or more) is about it throughout: every paragraph belongs to it (a scene,
    a figure, a quote, other zones named in passing), unless it speaks of zones together."""
    zones = {id(z): z for z in owner if z is not None} | {id(z): z for p in shared.values() for z, _ in p if z}
    if len(zones) != 1 or not folded:
        return
    zone = next(iter(zones.values()))
    headline = fold("\n".join([article.meta.title or "", *article.meta.deck]))
    named_in = sum(1 for text in folded if any(z is zone for _, z in matcher.mentions(text)))
    if not any(z is zone for _, z in matcher.mentions(headline)) and 2 * named_in < len(folded):
        return
    for i, text in enumerate(folded):
        if owner[i] is None and i not in shared and not is_collective(text):
            owner[i] = zone
