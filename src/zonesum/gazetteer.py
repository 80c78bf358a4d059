"""Known zones per city (``configs/gazetteers/*.yaml``) and discovery of zones in no list.

Discovery is hand-written because no library knows what a "functional zone" is: a zone is
the subject of several parallel paragraphs ("X将…", "X坚持…") or carries a zone-type suffix
(区, 园, 谷, 港…) and is named more than once. It is tuned to keep false zones out: a
paragraph that names no zone goes to the general sections, which is the safe failure.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import ConfigError
from .script import fold
from .types import ZoneName


@dataclass(frozen=True)
class Gazetteer:
    city: str
    city_en: str | None
    zones: tuple[ZoneName, ...]

    def applies_to(self, text: str) -> bool:
        """A city's list is used only for articles that name the city or one of its zones
        (``text`` folded by ``script.fold``, so names in either script match)."""
        return fold(self.city) in text or any(fold(form) in text for z in self.zones for form in z.forms)


def load_gazetteer(path: Path) -> Gazetteer:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
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


# A paragraph's subject ends where its predicate or first clause starts.
_PREDICATE = re.compile(
    r"将|要|坚持|全力|奋力|先行|强势|锚定|向|做实|求|以|在|是|把|围绕|聚焦|持续|着力|加快|推动|立足|积极|"
    r"深入|突出|大力|不断|进一步|始终|主打|继续|今年|去年|已|正|再|更|也|还|作为|通过|按照|依托|紧盯|瞄准|"
    r"抢抓|全面|扎实|深化|打造|实现|提出|表示|力争|计划|发挥|牢牢|从|对|围|构建|建设|推进|致力|努力|"
    r"争创|勇当|当好|跑出|交出|展现|亮出|拿出|迎来|呈现|保持|取得|完成|新增|引进|落地|全年|一季度|上半年|"
    r"[，。、：:；;“”‘’「」（）()《》！？!?\s】\]〕]"
)
_ZONE_SUFFIX = re.compile(
    r"(?:区|园|城|谷|湾|港|岛|基地|走廊|廊道|小镇|组团|半岛|中心|CBD|总部|新城|科学城|高地|集群|示范带|经济带)$"
)
_NOT_A_NAME = re.compile(
    r"^(?:这|该|其|各|本|我|全市|全区|全省|全国|今年|当前|目前|同时|此外|其中|但|而|并|据|截至|近年|从|在|对|由|"
    r"为|与|和|[一二三四五六七八九十百千]+[大个项]|"
    r"记者|会上|现场|擂台|下一步|未来|随着|面对|围绕)"
    r"|[\d０-９]|大功能区|功能区$|的|们|[上下中里内外前后间时]$"
)
_COUNT = re.compile(r"([一二两三四五六七八九十]{1,3}|\d{1,2})(?:大|个)(?:重点|重大|核心|主要)?(?:功能区|片区|园区|区域|板块|开发区|新区)")
_PREDICATE_MAX = 3  # the longest alternative in _PREDICATE ("进一步", "一季度")
_MAX_OPENINGS = 500  # distinct paragraph openings weighed as zone names; an article has far fewer
_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def discover_zones(paragraphs: list[str], headings: list[str], known: tuple[ZoneName, ...] = (),
                   folded: list[str] | None = None) -> tuple[ZoneName, ...]:
    """Zones that no gazetteer lists, found from the shape of the article.

    The rules run on the folded text (``script.fold``, one character for one), so they match
    Traditional pages too; a zone is named as the article first writes it. ``folded`` is
    ``fold(p)`` for each paragraph when the caller has it already.
    """
    folded = folded if folded is not None else [fold(p) for p in paragraphs]
    spelled: dict[str, str] = {}  # folded name -> as the article first writes it
    starts: Counter[str] = Counter()
    labelled: set[str] = set()  # "【X】…" / "X：…" openings are labels
    for paragraph, text in zip(paragraphs, folded):
        span = _head(text)
        if span is None:
            continue
        head = text[span[0]:span[1]]
        spelled.setdefault(head, paragraph[span[0]:span[1]])
        starts[head] += 1
        if _is_label(text, head):
            labelled.add(head)
    # Several parallel labels make each a zone on its own.
    parallel_labels = len(labelled) >= 2
    for heading in headings:
        folded_heading = fold(heading)
        if _plausible(folded_heading) and _ZONE_SUFFIX.search(folded_heading):
            spelled.setdefault(folded_heading, heading)
            starts[folded_heading] += 1
    body = "\n".join(folded)
    known_forms = [fold(form) for z in known for form in z.forms]
    # Only an opening that starts two paragraphs, has a zone suffix or is a label can become a
    # zone; of those, the most frequent _MAX_OPENINGS are weighed (each costs a pass over the body).
    openings = [(name, n) for name, n in starts.items()
                if (n >= 2 or _ZONE_SUFFIX.search(name) or name in labelled) and _plausible(name)
                and not any(form in name or name in form for form in known_forms)]
    openings = sorted(openings, key=lambda o: -o[1])[:_MAX_OPENINGS]
    # Three or more paragraphs opening with zone-like names are a list of zones, even when
    # each zone is named only once.
    parallel_suffixed = sum(1 for name, _ in openings if _ZONE_SUFFIX.search(name)) >= 3
    candidates: list[tuple[str, int, int]] = []
    for name, n_starts in openings:
        mentions = body.count(name)
        suffixed = bool(_ZONE_SUFFIX.search(name))
        if ((n_starts >= 2 and (suffixed or mentions >= 2)) or (suffixed and mentions >= 2)
                or (name in labelled and (suffixed or parallel_labels)) or (suffixed and parallel_suffixed)):
            candidates.append((name, n_starts, mentions))
    # Keep the shortest form when one candidate extends another ("X区" and "X区管委会").
    found = {c[0] for c in candidates}
    names = [c for c in candidates if not any(c[0][:k] in found for k in range(1, len(c[0])))
             and not any(c[0][k:] in found for k in (2, 3))]  # "杭州X" and "X": one zone (see below)
    names.sort(key=lambda c: (-c[1], -c[2]))
    limit = _stated_count(body)
    if limit is not None:
        names = names[: max(limit - len(known), 0)]
    return tuple(_with_city_prefix(n, starts, spelled) for n, _, _ in names)


def _with_city_prefix(name: str, starts: Counter, spelled: dict[str, str]) -> ZoneName:
    """"城西科创大走廊" first written "杭州城西科创大走廊": name it in full, match both."""
    fuller = [h for h in starts if h.endswith(name) and 2 <= len(h) - len(name) <= 3 and _plausible(h)]
    if not fuller:
        return ZoneName(name=spelled[name], found_by="discovered")
    full = max(fuller, key=len)
    return ZoneName(name=spelled[full], aliases=(spelled[name],), found_by="discovered")


_NUMBERING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、]\s*)")


_LEAD_IN = re.compile(r"(?:今年以来|去年以来|近年来|近年|今年|去年|当前|目前|同时|此外|另外|其中|"
                      r"(?:一|二|三|四|上|下)(?:季度|半年)|\d{1,2}月(?:\d{1,2}日)?|\d{4}年)[，,]?\s*|在(?=[^，。]{2,20}[，,])")


def _head(paragraph: str) -> tuple[int, int] | None:
    """Where a paragraph's subject stands: after bullets and label brackets, up to its predicate."""
    numbered = _NUMBERING.match(paragraph)  # "（一）X…", "1. X…", "二、X…"
    start = numbered.end() if numbered else 0
    # "今年以来，X…", "一季度，X…", "在X，…": the subject stands after a short lead-in.
    lead_in = _LEAD_IN.match(paragraph, start)
    if lead_in:
        start = lead_in.end()
    start += len(paragraph[start:]) - len(paragraph[start:].lstrip("◆●○◇★☆·•▶►【[（(〔 "))  # "【X】…", "◆X："
    # A subject is at most 20 characters: the predicate is looked for that far only.
    match = _PREDICATE.search(paragraph, start + 2, start + 20 + _PREDICATE_MAX)
    if match is None or match.start() - start > 20:
        return None
    return start, match.start()


def _is_label(paragraph: str, head: str) -> bool:
    """The opening is a label: "X：…", "【X】…" (an optional bullet or bracket before X)."""
    for at in (1, 0) if paragraph[:1] in "【[〔◆●■▶►" else (0,):
        end = at + len(head)
        if paragraph.startswith(head, at) and paragraph[end:end + 1] and paragraph[end] in "】]〕：:":
            return True
    return False


def _plausible(name: str) -> bool:
    return 3 <= len(name) <= 20 and bool(re.search(r"[\u3400-\u9fff]{2}", name)) and not _NOT_A_NAME.search(name)


def _stated_count(text: str) -> int | None:
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
