"""Discovery of zones in no list, from the shape of the article.

Discovery is hand-written because no library knows what a "functional zone" is: a zone is
the subject of several parallel paragraphs ("X将…", "X坚持…") or carries a zone-type suffix
(区, 园, 谷, 港…) and is named more than once. It is tuned to keep false zones out: a
paragraph that names no zone goes to the general sections, which is the safe failure.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from ..text.script import fold
from ..text.sentences import HALF_WIDTH_END
from ..types import ZoneName

# A paragraph's subject ends where its predicate or first clause starts.
_PREDICATE = re.compile(
    r"将|要|坚持|全力|奋力|先行|强势|锚定|向|做实|求|以|在|是|把|围绕|聚焦|持续|着力|加快|推动|立足|积极|"
    r"深入|突出|大力|不断|进一步|始终|主打|继续|今年|去年|已|正|再|更|也|还|作为|通过|按照|依托|紧盯|瞄准|"
    r"抢抓|全面|扎实|深化|打造|实现|提出|表示|力争|计划|发挥|牢牢|从|对|围|构建|建设|推进|致力|努力|"
    r"争创|勇当|当好|跑出|交出|展现|亮出|拿出|迎来|呈现|保持|取得|完成|新增|新开工|累计|项目|引进|落地|全年|则|和|"
    r"前?[一二三四]季度|(?:上|下)半年|前(?:[一二三四五六七八九十]{1,2}|\d{1,2})个?月|"  # time words
    r"[\d０-９]|[，。、：:；;“”‘’「」（）()《》！？!?\s】\]〕]"  # a figure or punctuation ends a subject too
)
_ZONE_SUFFIXES = ("区", "园", "城", "谷", "湾", "港", "岛", "基地", "走廊", "廊道", "小镇", "组团", "半岛", "中心", "CBD",
                  "总部", "新城", "科学城", "高地", "集群", "示范带", "经济带")


# The last characters of those suffixes: a text with none of them holds no zone-type name.
_SUFFIX_LAST = re.compile("[" + re.escape("".join(sorted({s[-1] for s in _ZONE_SUFFIXES}))) + "]")


def _zone_suffixed(text: str, start: int = 0, end: int | None = None) -> bool:
    """``text[start:end]`` ends like a zone's name. str.endswith, not a pattern ending in ``$``:
    that is tried at every position of the text (hundreds of calls a page)."""
    return text.endswith(_ZONE_SUFFIXES, start, len(text) if end is None else end)

_NOT_A_NAME = re.compile(
    r"^(?:这|该|其|各|本|我|全市|全区|全省|全国|今年|当前|目前|同时|此外|其中|但|而|并|据|截至|近年|从|在|对|由|"
    r"为|与|以|区|"
    r"记者|会上|现场|擂台|下一步|未来|随着|面对|围绕)"
    r"|[\d０-９]|[一二两三四五六七八九十百千]+[大个项]|功能区$|的|们|[上下中里内外前后间时]$"  # "深圳五大重点片区": a collective
    # people and offices who speak about zones: "市商务局相关负责人表示…"
    r"|负责人|相关|有关|人士|专家|主任|书记|市长|区长|县长|经理|董事长|代表|委员|居民|市民|游客|企业|公司|集团|银行"
    r"|(?:局|委|办|厅|处|所|院|会|部门)$"
    # places that are no zones: a park, a campus, an office; and words no name holds
    r"|(?:校|公|家|乐|花|庄|田|菜|果|动物|植物|陵|墓|幼儿|游)园$"
    r"|(?:考试|服务|指挥|培训|活动|卫生|医疗|检测|调度|儿童|政务|市民|救助|疾控|信息|控制)中心$|各|均|按"
)
# A two-character subject is a zone only with one of these endings ("光谷", "车谷"); other
# two-character openings ("园区", "企业", "专家") are too common to be names.
_SHORT_ZONE = re.compile(r"^[\u3400-\u9fff](?:谷|湾|岛)$")
_NOT_SHORT = set("该本全各我其此这园片新城港主老市省区")
_COUNT = re.compile(r"([一二两三四五六七八九十]{1,3}|\d{1,2})(?:大|个)(?:重点|重大|核心|主要)?(?:功能区|片区|园区|区域|板块|开发区|新区|平台)")
# "三大功能区错位发展…", "各功能区…": a paragraph about the zones together, never about one.
COLLECTIVE = re.compile(_COUNT.pattern + r"|各(?:大)?(?:功能区|片区|园区|板块|开发区)")
_LISTING = re.compile(r"((?:[\u4e00-\u9fff]{2,20}[、和与及])+[\u4e00-\u9fff]{2,20}?)等?"
                      r"(?:[一二两三四五六七八九十\d]{1,2}[大个])?(?:重点|重大|核心|主要)?(?:功能区|片区|园区|平台|板块|开发区)")
_LISTING_RUN = re.compile(r"[\u4e00-\u9fff、\d]+")
_LISTING_MARKS = re.compile(r"[、和与及]")
_LISTING_END = re.compile(r"功能区|片区|园区|平台|板块|开发区")
_DECLARATION = re.compile(r"[（(](?:以下简称|简称)?[“\"]?([\u4e00-\u9fff]{2,12})[”\"]?[）)]")
_SENTENCE_END = re.compile(rf"(?:[。！？；!?;]|{HALF_WIDTH_END})[”’」』）》】)]*")
# Zone-type words that name no zone by themselves.
_GENERIC = re.compile(
    r"(?:国家级|省级)?(?:自治|经济技术开发|高新技术产业开发|综合保税|自由贸易试验|自贸试验|自贸|综保|保税|高新|经开|开发|示范|"
    r"合作|试验|集聚|先行|核心|起步|主城|中心城|老城|城|新|片|园|港|景|产业|科技|工业|物流|商务|金融|科学|生态|度假|"
    r"旅游|文旅|创新|功能)?(?:区|园|园区|片区|城|新城|港区)")
_PREDICATE_MAX = 5  # the longest alternative in _PREDICATE ("前十二个月")
_MAX_OPENINGS = 500  # distinct paragraph openings weighed as zone names; an article has far fewer
_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@dataclass(frozen=True)
class Discovered:
    zones: tuple[ZoneName, ...]
    declared: frozenset[str]  # names (folded) a heading, a label ("【X】", "X：") or a list spells out
    count: int | None  # how many zones the article says it covers ("六大功能区"), if it says


def discover_zones(paragraphs: list[str], headings: list[str], known: tuple[ZoneName, ...] = (),
                   folded: list[str] | None = None, reading_order: str | None = None,
                   headline: str = "") -> Discovered:
    """Zones that no gazetteer lists, found from the shape of the article.

    The rules run on the folded text (``script.fold``, one character for one), so they match
    Traditional pages too; a zone is named as the article first writes it. ``folded`` is
    ``fold(p)`` for each paragraph when the caller has it already; ``reading_order`` is the
    folded headings and paragraphs in page order (which name comes first), when known;
    ``headline`` (folded title and deck) may state how many zones the article covers.
    """
    folded = folded if folded is not None else [fold(p) for p in paragraphs]
    body = "\n".join(folded)
    original = "\n".join(paragraphs)  # ``body`` unfolded, character for character
    known_forms = [fold(form) for z in known for form in z.forms]
    seen = _collect_openings(paragraphs, folded, headings)
    listed = _listed_names(body)
    limit = stated_count(headline + "\n" + body)
    candidates = _candidates(seen, body, listed, limit, known_forms)
    candidates += _listed_by_short_form(seen, original, listed, {c[0] for c in candidates}, body, known_forms)
    names = _one_form_each(candidates, seen)
    # Under a stated count, a paragraph's opening outranks a name seen only inside paragraphs,
    # and a name with a zone suffix one without ("X将…" twice).
    names.sort(key=lambda c: (not seen.starts[c[0]], not _zone_suffixed(c[0]), -c[1], -c[2]))
    if limit is not None:
        names = names[: max(limit - len(known), 0)]
    every = seen.starts + seen.inner
    zones = [_with_city_prefix(n, every, seen.spelled) for n, _, _ in names]
    # "开发区将…" twice is a zone only as the short form of a fuller name ("苏州高新区" for "高新区").
    zones = [z for z in zones if z.aliases or not _GENERIC.fullmatch(fold(z.name))]
    zones = [_with_short_forms(z, zones, every, seen.spelled) for z in zones]
    declared = _declared_short_forms(body, original)
    zones = [_with_declared_name(z, declared) for z in zones]
    zones = _merge_same_names([_with_contracted_name(z, zones, every, seen.spelled) for z in zones])
    ordered = reading_order if reading_order is not None else body
    return Discovered(tuple(_with_abbreviation(z, zones, seen.starts, seen.spelled, ordered, known_forms)
                            for z in zones), frozenset(seen.labelled | seen.heading_names | set(listed)), limit)


@dataclass
class _Openings:
    """The subjects an article opens its paragraphs, sentences and headings with."""

    spelled: dict[str, str] = field(default_factory=dict)  # folded name -> as the article first writes it
    starts: Counter = field(default_factory=Counter)  # paragraph (and heading) openings
    inner: Counter = field(default_factory=Counter)  # zone-type names opening a sentence inside a paragraph
    labelled: set[str] = field(default_factory=set)  # "【X】…" / "X：…" openings
    heading_names: set[str] = field(default_factory=set)  # a heading spells a zone's name in full


def _collect_openings(paragraphs: list[str], folded: list[str], headings: list[str]) -> _Openings:
    seen = _Openings()
    for paragraph, text in zip(paragraphs, folded):
        span = _head(text)
        if span is None:
            continue
        label = _is_label(text, text[span[0]:span[1]])
        span = _zone_part(text, span)
        head = text[span[0]:span[1]]
        seen.spelled.setdefault(head, paragraph[span[0]:span[1]])
        seen.starts[head] += 1
        if label:
            seen.labelled.add(head)
    # A zone-type name that opens a sentence inside a paragraph ("…。开封片区推出的…") counts as
    # an opening too: feature pages often start a zone's paragraph with a quote or a scene.
    for paragraph, text in zip(paragraphs, folded):
        for end in _SENTENCE_END.finditer(text):
            window = text[end.end():end.end() + 20 + 2 * _PREDICATE_MAX]
            if not _SUFFIX_LAST.search(window):  # most sentences: no name in the window can end like a zone's
                continue
            span = _head(window)
            if span is None:
                continue
            span = _zone_part(window, span)
            head = window[span[0]:span[1]]
            if _zone_suffixed(head) and _plausible(head):
                seen.spelled.setdefault(head, paragraph[end.end() + span[0]:end.end() + span[1]])
                seen.inner[head] += 1
    for heading in headings:
        folded_heading = fold(heading)
        at, end = _heading_name(folded_heading)
        name = folded_heading[at:end]
        if _plausible(name) and _zone_suffixed(name):
            seen.spelled.setdefault(name, heading[at:end])
            seen.starts[name] += 1
            seen.heading_names.add(name)
    return seen


def _candidates(seen: _Openings, body: str, listed: dict[str, int], limit: int | None,
                known_forms: list[str]) -> list[tuple[str, int, int]]:
    """(name, openings, mentions) of every opening with enough evidence of being a zone."""
    # Only an opening that starts two paragraphs, has a zone suffix, is a label or is listed can
    # become a zone; of those, the most frequent _MAX_OPENINGS are weighed (each costs a pass over the body).
    openings = [(name, n) for name, n in (seen.starts + seen.inner).items()
                if (n >= 2 or _zone_suffixed(name) or name in seen.labelled or name in listed)
                and _plausible(name) and not any(form in name or name in form for form in known_forms)]
    openings = sorted(openings, key=lambda o: -o[1])[:_MAX_OPENINGS]
    parallel_labels = len(seen.labelled) >= 2  # several parallel labels make each a zone on its own
    # Three or more paragraphs opening with zone-like names are a list of zones, even when
    # each zone is named only once; two are, when the article says it covers two ("两大园区").
    parallel_suffixed = (sum(1 for name, _ in openings if seen.starts[name] and _zone_suffixed(name))
                         >= (2 if limit == 2 else 3))
    candidates: list[tuple[str, int, int]] = []
    for name, n_starts in openings:
        mentions = body.count(name)
        suffixed = _zone_suffixed(name)
        if not seen.starts[name]:  # opens sentences only: a zone-type name, named more than once
            if suffixed and mentions >= 2:
                candidates.append((name, n_starts, mentions))
            continue
        if not suffixed:
            n_starts = seen.starts[name]  # only zone-type names count where they open a sentence
        if ((n_starts >= 2 and (suffixed or mentions >= 2)) or (suffixed and mentions >= 2) or name in listed
                or (name in seen.labelled and (suffixed or parallel_labels)) or (suffixed and parallel_suffixed)):
            candidates.append((name, n_starts, mentions))
    return candidates


def _listed_by_short_form(seen: _Openings, original: str, listed: dict[str, int], found: set[str],
                          body: str, known_forms: list[str]) -> list[tuple[str, int, int]]:
    """A listed name that paragraphs only open with a short form of ("南沙新区…" in the lead, then
    "南沙上半年…"; "济南新旧动能转换起步区…", then "起步区…"): a zone, the short form its alias."""
    out = []
    for name in sorted(set(listed) - found):
        shorts = [h for h in seen.starts if 2 <= len(h) <= len(name) - 2
                  and (name.startswith(h) or (len(h) >= 3 and name.endswith(h)))]
        if shorts and not any(form in name or name in form for form in known_forms):
            seen.spelled.setdefault(name, original[listed[name]:listed[name] + len(name)])
            out.append((name, max(seen.starts[h] for h in shorts), body.count(name)))
    return out


def _one_form_each(candidates: list[tuple[str, int, int]], seen: _Openings) -> list[tuple[str, int, int]]:
    """One candidate per zone when several are forms of one name (the others become aliases later)."""
    # A name seen only inside paragraphs that ends a fuller candidate is its short form ("生物城").
    found = {c[0] for c in candidates}
    candidates = [c for c in candidates if seen.starts[c[0]] or not any(f != c[0] and f.endswith(c[0]) for f in found)]
    # Keep the shortest form when one candidate extends another ("X区" and "X区管委会"), unless
    # a heading spells the longer one: "【太仓港经济技术开发区】" over "太仓港…" (an alias).
    found = {c[0] for c in candidates}
    in_headings = found & seen.heading_names
    names = [c for c in candidates
             if not any(c[0][:k] in found and c[0] not in in_headings for k in range(1, len(c[0])))
             and not any(h != c[0] and h.startswith(c[0]) for h in in_headings)
             and not any(c[0][k:] in found for k in (2, 3))]  # "杭州X" and "X": one zone (_with_city_prefix)
    # A candidate that ends a longer one ("济南片区", "自贸试验区济南片区") is its short form.
    kept = {c[0] for c in names}
    return [c for c in names if not any(f != c[0] and f.endswith(c[0]) for f in kept)]


def _with_city_prefix(name: str, starts: Counter, spelled: dict[str, str]) -> ZoneName:
    """"城西科创大走廊" first written "杭州城西科创大走廊": name it in full, match both."""
    fuller = [h for h in starts if h.endswith(name) and 2 <= len(h) - len(name) <= 3 and _plausible(h)]
    if not fuller:
        return ZoneName(name=spelled[name], found_by="discovered")
    full = max(fuller, key=len)
    return ZoneName(name=spelled[full], aliases=(spelled[name],), found_by="discovered")


def _with_short_forms(zone: ZoneName, zones: list[ZoneName], openings: Counter, spelled: dict[str, str]) -> ZoneName:
    """"宁波前湾新区" is "前湾新区" further on, "济南新旧动能转换起步区" is "起步区": an opening that
    ends this zone's name, and no other zone's ("开发区" may end several), is its short form."""
    full, forms = fold(zone.name), {fold(f) for f in zone.forms}
    others = [fold(f) for z in zones if z is not zone for f in z.forms]
    short = [h for h in openings if h not in forms and len(h) >= 3 and len(full) - len(h) >= 2 and full.endswith(h)
             and _zone_suffixed(h) and not any(f.endswith(h) for f in others)]
    if not short:
        return zone
    return replace(zone, aliases=zone.aliases + tuple(spelled[h] for h in short))


def _declared_short_forms(body: str, original: str) -> dict[str, str]:
    """"郑州航空港经济综合实验区（郑州航空港区）", "X（以下简称“Y”）": folded Y -> X as written."""
    declared = {}
    for match in _DECLARATION.finditer(body):
        clause_start = max(body.rfind(mark, 0, match.start()) for mark in "，。；：,;:\n") + 1
        lead_in = _LEAD_IN.match(body, clause_start)
        start = lead_in.end() if lead_in else clause_start
        full = body[start:match.start()]
        if _plausible(full) and _zone_suffixed(full):
            declared.setdefault(match.group(1), original[start:match.start()])
    return declared


def _with_declared_name(zone: ZoneName, declared: dict[str, str]) -> ZoneName:
    """A zone found by a short form the article declared ("航空港区" of "…（郑州航空港区）") takes
    the full name it was declared for."""
    forms = [fold(f) for f in zone.forms]
    for short, full in declared.items():
        if any(short == f or short.endswith(f) for f in forms) and fold(full) not in forms:
            aliases = tuple(dict.fromkeys((*zone.forms, short)))
            return replace(zone, name=full, aliases=tuple(a for a in aliases if a != full))
    return zone


def _with_contracted_name(zone: ZoneName, zones: list[ZoneName], openings: Counter,
                          spelled: dict[str, str]) -> ZoneName:
    """"前海合作区" for "前海深港现代服务业合作区": a zone named by a contraction (the full name's
    head and tail) takes the full name when a paragraph or sentence opens with it, unless that
    name is a zone of its own ("合肥高新区" and "合肥新站高新区" are two)."""
    short = fold(zone.name)
    taken = {fold(f) for z in zones for f in z.forms}
    fuller = {h for h in openings if len(h) >= len(short) + 2 and h not in taken
              and _zone_suffixed(h) and _plausible(h)
              and any(h.startswith(short[:k]) and h.endswith(short[k:]) for k in range(2, len(short) - 1))}
    if len(fuller) != 1:
        return zone
    full = spelled[fuller.pop()]
    return replace(zone, name=full, aliases=tuple(dict.fromkeys((zone.name, *zone.aliases))))


def _merge_same_names(zones: list[ZoneName]) -> list[ZoneName]:
    """Two candidates that turned out to be one zone (a declared full name found on its own too)."""
    merged: dict[str, ZoneName] = {}
    for zone in zones:
        key = fold(zone.name)
        if key in merged:
            zone = replace(merged[key], aliases=tuple(dict.fromkeys(merged[key].aliases + zone.aliases)))
        merged[key] = zone
    return list(merged.values())


def _with_abbreviation(zone: ZoneName, zones: list[ZoneName], starts: Counter, spelled: dict[str, str],
                       ordered: str, known_forms: list[str]) -> ZoneName:
    """"前海深港现代服务业合作区…" and later "前海将…": a paragraph opening that only this zone's
    name starts with, first written as part of that name (so a city named in the lead is no
    abbreviation of the zone that bears its name), is the zone's short form."""
    full = fold(zone.name)
    others = [fold(f) for z in zones if z is not zone for f in z.forms] + known_forms
    short = [h for h in starts
             if 2 <= len(h) <= len(full) - 2 and full.startswith(h) and re.fullmatch(r"[\u3400-\u9fff]+", h)
             and not _NOT_A_NAME.search(h) and not any(f.startswith(h) or h.startswith(f) for f in others)
             and ordered.find(h) == ordered.find(full)]
    if not short:
        return zone
    return replace(zone, aliases=zone.aliases + tuple(spelled[h] for h in short))


_BULLETS = "◆●○◇★☆·•▶►■▲—－"
_CLOSE_BRACKET = re.compile(r"[）)]")
_NUMBERING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、]\s*)")


_LEAD_IN = re.compile(r"(?:(?:今年以来|去年以来|近年来|近年|今年|去年|明年|当前|目前|同时|此外|另外|其中|下一步|下一阶段|"
                      r"接下来|据了解|据介绍|据悉|据统计|数据显示|统计显示|记者了解到|记者获悉|记者注意到|"
                      r"(?:\d{1,2}|[一二三四五六七八九十]{1,2})(?:至|-|—|~)(?:\d{1,2}|[一二三四五六七八九十]{1,2})月|前?(?:一|二|三|四|上|下)(?:季度|半年)|\d{1,2}月(?:\d{1,2}日)?|\d{4}年)[，,]?\s*)+"
                      r"|(?:记者)?(?:驱车|乘车)?(?:在|走进|来到|步入|漫步|驶入|进入)(?=[^，。]{2,20}[，,])|作为[^，。]{2,20}[，,]\s*"  # "作为全市的新极核，X…"
                      r"|(?:从[^，。]{1,12}看[，,])?[一二三四五六七八九十]是|(?:第[一二三四五六七八九十]{1,2}|首先|其次|再次|最后)[，,、]")  # "…，一是X…；二是Y…"


def _head(paragraph: str) -> tuple[int, int] | None:
    """Where a paragraph's subject stands: after bullets and label brackets, up to its predicate."""
    numbered = _NUMBERING.match(paragraph)  # "（一）X…", "1. X…", "二、X…"
    start = numbered.end() if numbered else 0
    # "今年以来，X…", "一季度，X…", "在X，…": the subject stands after a short lead-in.
    lead_in = _LEAD_IN.match(paragraph, start)
    if lead_in:
        start = lead_in.end()
    start += len(paragraph[start:]) - len(paragraph[start:].lstrip(_BULLETS + "【[（(〔 "))  # "【X】…", "◆X：", "——X…"
    # A subject is at most 20 characters: the predicate is looked for that far only.
    match = _PREDICATE.search(paragraph, start + 2, start + 20 + _PREDICATE_MAX)
    while match is not None and match.group() in "（(和":
        if match.group() == "和":  # "A和B…" joins two zones; "人力资源和社会保障局" is one name
            if _zone_suffixed(paragraph, start, match.start()):
                break
            match = _PREDICATE.search(paragraph, match.end(), start + 20 + _PREDICATE_MAX)
            continue
        close = _CLOSE_BRACKET.search(paragraph, match.end(), match.end() + 8)  # "中国（广西）自由贸易试验区…"
        if close is None:
            break
        match = _PREDICATE.search(paragraph, close.end(), start + 20 + _PREDICATE_MAX)
    if match is None or match.start() - start > 20:
        # No predicate near ("X园区首批楼宇预计…"): the longest leading part that ends like a zone's name.
        span = _zone_part(paragraph, (start, min(len(paragraph), start + 20)))
        return span if _zone_suffixed(paragraph, *span) else None
    return start, match.start()


def _zone_part(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """"天津经济技术开发区相关负责人介绍…" -> the zone the subject starts with: the longest leading
    part that ends like a zone's name, when the whole subject does not."""
    start, end = span
    if _zone_suffixed(text, start, end):
        return span
    for cut in range(end - 1, start + 2, -1):
        part = text[start:cut]
        if (_zone_suffixed(text, start, cut) and _plausible(part)
                and part.count("（") + part.count("(") == part.count("）") + part.count(")")):  # not "X（黄埔区"
            return start, cut
    return span


def _heading_name(heading: str) -> tuple[int, int]:
    """Where a heading's name stands: "二、【X】：…" -> X (after numbering and brackets, up to a colon or dash)."""
    numbered = _NUMBERING.match(heading)
    start = numbered.end() if numbered else 0
    start += len(heading[start:]) - len(heading[start:].lstrip(_BULLETS + "【[〔 "))
    end = re.search(r"[】\]〕：:\s—]|$", heading[start:]).start() + start
    return start, end


def _is_label(paragraph: str, head: str) -> bool:
    """The opening is a label: "X：…", "【X】…" (an optional bullet or bracket before X)."""
    for at in (1, 0) if paragraph[:1] in "【[〔◆●■▶►" else (0,):
        end = at + len(head)
        if paragraph.startswith(head, at) and paragraph[end:end + 1] and paragraph[end] in "】]〕：:":
            return True
    return False


def _listed_names(body: str) -> dict[str, int]:
    """"A与B等重点片区", "A、B两大平台": the names the article lists as its zones, and where."""
    names: dict[str, int] = {}
    # A list never crosses other punctuation: scan only the runs that could hold one (the
    # pattern backtracks on every start in long runs of characters).
    for run in _LISTING_RUN.finditer(body):
        text = run.group()
        if not _LISTING_MARKS.search(text) or not _LISTING_END.search(text):
            continue
        for match in _LISTING.finditer(text):
            at = run.start() + match.start(1)
            for name in re.split(r"([、和与及])", match.group(1)):
                if len(name) > 1 and _plausible(name):
                    names.setdefault(name, at)
                at += len(name)
    return names


def is_collective(text: str) -> bool:
    return bool(COLLECTIVE.search(text))


def _plausible(name: str) -> bool:
    if len(name) == 2:
        return bool(_SHORT_ZONE.match(name)) and name[0] not in _NOT_SHORT
    return 3 <= len(name) <= 20 and bool(re.search(r"[\u3400-\u9fff]{2}", name)) and not _NOT_A_NAME.search(name)


def stated_count(text: str) -> int | None:
    """"九大功能区": how many zones the article says it covers (a cap, never a target).

    The largest stated count wins, so "新建3个园区" inside one zone's paragraph cannot cap
    an article about nine zones.
    """
    counts = [n for n in (_numeral(m.group(1)) for m in _COUNT.finditer(text)) if n]
    return max(counts) if counts else None


def _numeral(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    if word.startswith("十"):
        return 10 + _NUMERALS.get(word[1:], 0) if len(word) > 1 else 10
    if word.endswith("十"):
        return _NUMERALS.get(word[0], 1) * 10
    return _NUMERALS.get(word)
