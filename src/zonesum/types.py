"""Typed, immutable records handed from one stage to the next.

text in -> ``Document`` (ingest) -> ``Article`` (clean) -> ``Chunking`` (chunk)
-> ``Result`` (pipeline: summaries and translations) -> writers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass(frozen=True)
class Source:
    """Where the text came from and how its bytes were decoded."""

    path: Optional[str]
    encoding: str
    sha256: str
    size_bytes: int
    replaced: int = 0  # characters of a slightly damaged file that could not be decoded (now U+FFFD)


@dataclass(frozen=True)
class Document:
    """Decoded text with normalised line endings (ingest's output)."""

    text: str
    source: Source


@dataclass(frozen=True)
class Meta:
    """Page furniture and headline material: everything that is not body text."""

    title: Optional[str] = None
    deck: tuple[str, ...] = ()  # kicker/subtitle lines around the headline
    byline: Optional[str] = None
    credits: tuple[str, ...] = ()  # 主编/美编/审读… lines
    captions: tuple[str, ...] = ()  # ■ photo captions
    header: tuple[str, ...] = ()  # app/client lines, masthead, section label
    other: tuple[str, ...] = ()  # lines dropped as noise (kept so nothing vanishes)


@dataclass(frozen=True)
class Paragraph:
    """One body paragraph after column-break rejoining."""

    text: str
    section: str  # heading of the section it belongs to ("" before the first heading)
    index: int  # position in the article's body, 0-based


@dataclass(frozen=True)
class Section:
    heading: str  # "" for the lead before the first heading
    paragraphs: tuple[Paragraph, ...]

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True)
class Article:
    """A cleaned article: meta plus body sections in reading order."""

    meta: Meta
    sections: tuple[Section, ...]
    source: Source
    script: str = "simplified"  # or "traditional"

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(p for s in self.sections for p in s.paragraphs)


@dataclass(frozen=True)
class ZoneName:
    """A zone as the recognizer knows it: the fullest name the article uses, its other forms,
    and what a gazetteer knows of it (official name, kind, level) where one lists it."""

    name: str
    aliases: tuple[str, ...] = ()  # the other forms this article uses (or a city list knows)
    name_en: Optional[str] = None
    found_by: str = "gazetteer"  # gazetteer | grammar | structure
    confidence: float = 1.0
    official_name: Optional[str] = None  # as a gazetteer lists it
    kind: Optional[str] = None  # etdz, hitech, new_area, ftz, ftz_area, bonded, science_city… (zones/data)
    level: Optional[str] = None  # national | provincial

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Zone:
    """One chunk: every paragraph about one zone, in article order."""

    name: ZoneName
    paragraphs: tuple[Paragraph, ...]

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True)
class Fact:
    """One figure of a zone's text as a record (``facts.extract``): every field read by rule,
    English only from the facts glossary (null where it has no entry)."""

    text: str  # the exact source span: zone.text[start:end]
    paragraph: int  # index of the paragraph it is in (Paragraph.index)
    start: int  # character offsets in the zone's text (its paragraphs joined by newlines)
    end: int
    value: Optional[float]  # in base units (5452亿元 -> 545200000000); None for a change alone
    unit: Optional[str]  # CNY, USD, %, … or the measure word (个, 家, 列, 人次, 吨…)
    unit_en: Optional[str] = None  # CNY, %, tonnes, m²…; None for counts
    indicator_zh: Optional[str] = None
    indicator_en: Optional[str] = None
    qualifier: Optional[str] = None  # more_than, at_least, at_most, less_than, about, nearly, range
    value_max: Optional[float] = None  # upper end of a range (10%—15%)
    change_pct: Optional[float] = None  # 增长10.19% -> 10.19, 下降3% -> -3
    change_pct_max: Optional[float] = None
    period: Optional[str] = None  # as written: 一季度, 1至9月…
    period_en: Optional[str] = None
    kind: str = "actual"  # or "target"


@dataclass(frozen=True)
class Chunking:
    """The chunker's output: zone chunks and the general (zone-less) sections."""

    article: Article
    zones: tuple[Zone, ...]
    general: tuple[Section, ...]
    mentioned: tuple[ZoneName, ...] = ()  # zones the article names that no paragraph is about


@dataclass(frozen=True)
class Generated:
    """A model or extractive output plus what went wrong producing it."""

    text: Optional[str]
    backend: str
    warnings: tuple[str, ...] = field(default=())
