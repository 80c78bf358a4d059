"""The result record every writer reads, and its published JSON schema.

Pydantic rather than a dataclass here: the schema in ``zonesum/schema/result.json`` is
generated from these models, so the document and its schema cannot drift apart.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, TypeAdapter

SCHEMA_PATH = Path(__file__).parent / "schema" / "result.json"
NO_ZONE_NOTE = "no zone found in this article"
# Bumped when a field changes meaning or goes; new optional fields bump the minor number.
# 1.1: zones[].name_en_source and zones[].facts; zones[].aliases, official_name, kind, level, confidence;
# mentioned_zones; note.
SCHEMA_VERSION = "1.1"


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MetaOut(_Record):
    title: Optional[str] = None
    deck: list[str] = []
    byline: Optional[str] = None
    credits: list[str] = []
    captions: list[str] = []
    header: list[str] = []
    other: list[str] = []


class SourceOut(_Record):
    path: Optional[str] = None
    encoding: str
    sha256: str
    size_bytes: int
    replaced: int = Field(0, description="characters of a slightly damaged file that could not be decoded, replaced with U+FFFD")
    script: str = Field("simplified", description="simplified or traditional Chinese")


class ParagraphOut(_Record):
    text: str
    section: str = Field(description="heading of the section the paragraph came from ('' = lead)")
    index: int = Field(description="the paragraph's position in the article body; a paragraph that gives several "
                                   "zones a sentence each is cut into pieces that share its index")


def plain_number(value: Optional[float]) -> Optional[float | int]:
    """545200000000.0 is written 545200000000: values are counts and amounts in base units."""
    return int(value) if value is not None and float(value).is_integer() else value


Number = Annotated[Optional[float], PlainSerializer(plain_number, return_type=Optional[Union[int, float]],
                                                   when_used="json")]


class FactOut(_Record):
    """One figure of the zone's text, read by rule (``zonesum.facts``); never translated."""

    text: str = Field(description="the exact source span; zone text[start:end]")
    paragraph: int = Field(description="index of the paragraph it is in (paragraphs[].index)")
    start: int = Field(description="character offset in the zone's text")
    end: int
    indicator_zh: Optional[str] = Field(None, description="what was measured, in the source's words")
    indicator_en: Optional[str] = Field(None, description="the indicator glossary's English; null where it has none")
    value: Number = Field(None, description="in base units (5452亿元: 545200000000); null for a change alone")
    unit: Optional[str] = Field(None, description="CNY, USD, %, … or the measure word (个, 家, 列, 人次, 吨…)")
    unit_en: Optional[str] = Field(None, description="the unit in English; null for a count")
    qualifier: Optional[str] = Field(None, description="more_than, at_least, at_most, less_than, about, nearly "
                                                       "or range (then value_max)")
    value_max: Number = None
    change_pct: Optional[float] = Field(None, description="stated growth in percent (增长10.19%: 10.19; 下降3%: -3)")
    change_pct_max: Optional[float] = None
    period: Optional[str] = Field(None, description="as written (一季度, 1至9月, 今年以来…)")
    period_en: Optional[str] = None
    kind: str = Field("actual", description="actual or target")
    value_en: str = Field("", description="value, unit and qualifier in English ('more than 170 billion CNY'); "
                                          "'' for a change alone")
    change_en: str = Field("", description="the change in English ('+10.19%'); '' when none is stated")
    statement_en: str = Field(description="the fact in English from these fields: an extracted figure, "
                                          "not a translation")


class ZoneOut(_Record):
    name: str = Field(description="the fullest form of the zone's name the article uses")
    name_en: Optional[str] = None
    found_by: str = Field(description="gazetteer (a national or city list), grammar (a proper name before a zone "
                                      "head noun) or structure (a heading, label, list or stated count of the page)")
    confidence: float = Field(1.0, description="how sure the recognizer is that this is a zone (0-1)")
    aliases: list[str] = Field([], description="the other forms of the name this article uses")
    official_name: Optional[str] = Field(None, description="the name as a gazetteer lists it")
    kind: Optional[str] = Field(None, description="etdz, hitech, new_area, ftz, ftz_area, ftp, bonded, "
                                                  "cooperation, demonstration, industrial_park, science_city…")
    level: Optional[str] = Field(None, description="national or provincial, where a gazetteer knows it")
    text: str = Field(description="the zone's source paragraphs joined by newlines")
    paragraphs: list[ParagraphOut]
    summary_zh: Optional[str] = None
    summary_en: Optional[str] = None
    translation_en: Optional[str] = None
    name_en_source: Optional[str] = Field(None, description="where name_en came from: gazetteer, rule or model")
    facts: list[FactOut] = Field([], description="every figure of the zone's text, in text order")


class MentionedZone(_Record):
    name: str
    aliases: list[str] = []
    found_by: str
    confidence: float = 1.0
    official_name: Optional[str] = None
    kind: Optional[str] = None
    level: Optional[str] = None


class SectionOut(_Record):
    heading: str
    text: str


class Backends(_Record):
    summary_zh: str
    summary_en: Optional[str] = None
    translation_en: Optional[str] = None
    title_en: Optional[str] = None
    name_en: str = "gazetteer"


class RunInfo(_Record):
    zonesum_version: str
    config: str
    config_signature: str
    seconds: float


class Result(_Record):
    meta: MetaOut
    source: SourceOut
    zones: list[ZoneOut]
    sections: list[SectionOut]
    summary_zh: Optional[str] = None
    title_en: Optional[str] = None
    warnings: list[str] = []
    backends: Backends
    run: RunInfo
    mentioned_zones: list[MentionedZone] = Field([], description="zones the article names that no paragraph "
                                                                  "is about (no chunk of their own)")
    note: Optional[str] = Field(None, description="'no zone found in this article' when no zone owns a paragraph")
    schema_version: str = SCHEMA_VERSION

    def to_dict(self) -> dict:
        return self.model_dump(mode="json")

    def to_json(self) -> str:
        # pydantic's own serializer writes the same bytes as json.dumps(indent=2, ensure_ascii=False),
        # about 14x faster (json's indenting encoder is pure Python): it matters in a batch
        return self.model_dump_json(indent=2) + "\n"


class PageMetaOut(_Record):
    masthead: Optional[str] = None
    page_number: Optional[str] = None
    date: Optional[str] = None
    section: Optional[str] = None
    credits: list[str] = []
    other: list[str] = []


class PageArticle(_Record):
    title: Optional[str] = None
    page: int = 1
    columns: int = 1
    note: Optional[str] = Field(None, description="e.g. why no zone was found")
    result: Result


class PageResult(_Record):
    """A PDF e-paper page: its furniture and each article's brief."""

    kind: str = "page"
    source: SourceOut
    page: PageMetaOut
    pages: int = 1
    articles: list[PageArticle]
    warnings: list[str] = []
    schema_version: str = SCHEMA_VERSION

    @property
    def zones(self) -> list[ZoneOut]:
        return [z for a in self.articles for z in a.result.zones]

    def to_dict(self) -> dict:
        return self.model_dump(mode="json")

    def to_json(self) -> str:
        # pydantic's own serializer writes the same bytes as json.dumps(indent=2, ensure_ascii=False),
        # about 14x faster (json's indenting encoder is pure Python): it matters in a batch
        return self.model_dump_json(indent=2) + "\n"


def json_schema() -> dict:
    """The schema of every JSON zonesum writes: an article's ``Result`` or a PDF ``PageResult``."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "zonesum/schema/result.json",
            "title": "zonesum output", "version": SCHEMA_VERSION,
            **TypeAdapter(Union[Result, PageResult]).json_schema()}


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    """Regenerate the shipped schema: ``python scripts/gen_schema.py`` (a test checks it is current)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
