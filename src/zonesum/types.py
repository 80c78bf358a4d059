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
    """A zone as the gazetteer or discovery knows it."""

    name: str
    aliases: tuple[str, ...] = ()
    name_en: Optional[str] = None
    found_by: str = "gazetteer"  # or "discovered"

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
class Chunking:
    """The chunker's output: zone chunks and the general (zone-less) sections."""

    article: Article
    zones: tuple[Zone, ...]
    general: tuple[Section, ...]


@dataclass(frozen=True)
class Generated:
    """A model or extractive output plus what went wrong producing it."""

    text: Optional[str]
    backend: str
    warnings: tuple[str, ...] = field(default=())
