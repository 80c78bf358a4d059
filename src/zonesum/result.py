"""The result record every writer reads, and its published JSON schema.

Pydantic rather than a dataclass here: the schema in ``zonesum/schema/result.json`` is
generated from these models, so the document and its schema cannot drift apart.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

SCHEMA_PATH = Path(__file__).parent / "schema" / "result.json"


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


class ZoneOut(_Record):
    name: str
    name_en: Optional[str] = None
    found_by: str = Field(description="gazetteer or discovered")
    text: str = Field(description="the zone's source paragraphs joined by newlines")
    paragraphs: list[ParagraphOut]
    summary_zh: Optional[str] = None
    summary_en: Optional[str] = None
    translation_en: Optional[str] = None


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

    def to_dict(self) -> dict:
        return self.model_dump(mode="json")

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"


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

    @property
    def zones(self) -> list[ZoneOut]:
        return [z for a in self.articles for z in a.result.zones]

    def to_dict(self) -> dict:
        return self.model_dump(mode="json")

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"


def json_schema() -> dict:
    """The schema of every JSON zonesum writes: an article's ``Result`` or a PDF ``PageResult``."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "zonesum/schema/result.json",
            "title": "zonesum output", **TypeAdapter(Union[Result, PageResult]).json_schema()}


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    """Regenerate the shipped schema: ``python scripts/gen_schema.py`` (a test checks it is current)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
