"""One text article's stages in order: ingest -> clean -> chunk -> summarise -> translate -> Result
(each model backend checks its own outputs)."""
from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Optional, Sequence

from ..backends.extractive import ExtractiveSummarizer
from ..backends.factory import Backends, Translator, get_backends
from ..backends.glossary import zone_terms
from ..config import Config, load_config
from ..errors import NO_ZONES_HINT, NoZonesError
from ..facts import describe_en, extract_facts, format_change_en, format_value_en
from ..result import Backends as BackendsOut
from ..result import (NO_ZONE_NOTE, FactOut, MentionedZone, MetaOut, ParagraphOut, Result, RunInfo, SectionOut,
                      SourceOut, ZoneOut)
from ..text.clean import clean, detect_script
from ..text.ingest import decode, read_document
from ..types import Article, Chunking, Document, Generated, Zone
from ..version import __version__
from ..zones.chunk import chunk
from ..zones.gazetteer import load_gazetteers
from ..zones.naming import english_name


def run(path: str | Path, config: Config | str | None = None, *, offline: bool = False,
        backends: Backends | None = None, require_zones: bool = False) -> Result:
    """Read one article file and return its bilingual brief.

    An article in which no zone owns a paragraph gets its summary and ``note`` ("no zone
    found in this article"); with ``require_zones`` it is a ``NoZonesError`` instead.
    """
    config = as_config(config)
    document = read_document(path, max_bytes=config.limits.max_bytes)
    return run_document(document, config, offline=offline, backends=backends, require_zones=require_zones)


def run_text(text: str, config: Config | str | None = None, *, offline: bool = False,
             backends: Backends | None = None, path: str | None = None, require_zones: bool = False,
             headline: Optional[tuple[str, tuple[str, ...]]] = None) -> Result:
    """The same as ``run`` for text already in memory. ``headline`` (title, deck lines) is for a
    caller that knows them from the layout (a PDF page's type sizes): it wins over the guess
    from the text's head lines."""
    document = decode(text.encode("utf-8"), path=path)
    return run_document(document, as_config(config), offline=offline, backends=backends,
                        require_zones=require_zones, headline=headline)


def run_document(document: Document, config: Config, *, offline: bool = False,
                 backends: Backends | None = None, require_zones: bool = False,
                 headline: Optional[tuple[str, tuple[str, ...]]] = None) -> Result:
    started = time.perf_counter()
    if backends is None:
        backends = get_backends(config, offline=offline)
    _check_line_lengths(document, config)
    article = clean(_maybe_simplify(document, config))
    if headline is not None:
        title, *deck = _maybe_simplify(replace(document, text="\n".join([headline[0], *headline[1]])),
                                       config).text.split("\n")
        article = replace(article, meta=replace(article.meta, title=title, deck=tuple(deck)))
    if config.to_simplified:  # source.script tells what the source was written in
        article = replace(article, script=detect_script(document.text))
    chunking = chunk(article, load_gazetteers(config), discover=config.discover_zones)
    if not chunking.zones and require_zones:
        where = document.source.path or "input"
        raise NoZonesError(f"{where}: no zone found in the article", hint=NO_ZONES_HINT)
    return _assemble(chunking, config, backends, started, (config.offline() if offline else config).signature())


def _assemble(chunking: Chunking, config: Config, backends: Backends, started: float, signature: str) -> Result:
    article = chunking.article
    warnings: list[str] = list(backends.warnings)
    if article.source.replaced:
        warnings.insert(0, f"{article.source.replaced} character(s) of the file could not be decoded and were replaced with \ufffd "
                           f"(a damaged {article.source.encoding} file): check the text around them")
    zones = chunking.zones

    summaries = _safe_summaries([z.text for z in zones], config.summarizer.max_chars, backends, warnings,
                                [f"zone {z.name.name}: summary_zh" for z in zones])
    lead = _lead_text(chunking)
    article_summary = (_safe_summaries([lead], config.summarizer.article_max_chars, backends, warnings,
                                       ["article: summary_zh"])[0]
                       if lead else Generated(text=None, backend=backends.summarizer.backend))
    for generated in [*summaries, article_summary]:
        warnings.extend(generated.warnings)

    summary_en: list[Optional[str]] = [None] * len(zones)
    translation_en: list[Optional[str]] = [None] * len(zones)
    names = [english_name(z.name) for z in zones]  # every zone has one: gazetteer, else the rule
    names_en, name_sources = [n.text for n in names], [n.source for n in names]
    title_en: Optional[str] = None
    translator = backends.translator
    if translator is not None:
        summary_en, translation_en, model_names, title_en = _translate_all(
            chunking, [s.text for s in summaries], translator, warnings)
        names_en, name_sources = _with_model_names(zones, model_names, names_en, name_sources)
    facts = [_facts(zone) for zone in zones]

    zone_records = [
        ZoneOut(
            name=zone.name.name,
            name_en=name_en,
            found_by=zone.name.found_by,
            confidence=zone.name.confidence,
            aliases=list(zone.name.aliases),
            official_name=zone.name.official_name,
            kind=zone.name.kind,
            level=zone.name.level,
            text=zone.text,
            paragraphs=[ParagraphOut(text=p.text, section=p.section, index=p.index) for p in zone.paragraphs],
            summary_zh=summary.text,
            summary_en=s_en,
            translation_en=t_en,
            name_en_source=name_source,
            facts=zone_facts,
        )
        for zone, summary, s_en, t_en, name_en, name_source, zone_facts
        in zip(zones, summaries, summary_en, translation_en, names_en, name_sources, facts)
    ]
    translator_name = translator.backend if translator is not None else None
    return Result(
        meta=_meta(article),
        source=SourceOut(path=article.source.path, encoding=article.source.encoding,
                         sha256=article.source.sha256, size_bytes=article.source.size_bytes,
                         replaced=article.source.replaced, script=article.script),
        zones=zone_records,
        sections=[SectionOut(heading=s.heading, text=s.text) for s in chunking.general],
        summary_zh=article_summary.text,
        title_en=title_en,
        warnings=_unique(warnings),
        backends=BackendsOut(summary_zh=summaries[0].backend if summaries else backends.summarizer.backend,
                             summary_en=translator_name, translation_en=translator_name,
                             title_en=translator_name if title_en else None,
                             name_en="gazetteer, else rule" if translator is None
                             else f"gazetteer, else {translator_name}, else rule"),
        run=RunInfo(zonesum_version=__version__, config=config.name, config_signature=signature,
                    seconds=round(time.perf_counter() - started, 4)),
        mentioned_zones=[MentionedZone(name=z.name, aliases=list(z.aliases), found_by=z.found_by,
                                       confidence=z.confidence, official_name=z.official_name, kind=z.kind,
                                       level=z.level) for z in chunking.mentioned],
        note=None if zones else NO_ZONE_NOTE,
    )


def _with_model_names(zones, model_names: list[Optional[str]], names_en: list[str],
                      sources: list[str]) -> tuple[list[str], list[str]]:
    """A translator names the zones no gazetteer names in English (never one it does); an empty
    or failed translation keeps the rule's name."""
    names_en, sources = list(names_en), list(sources)
    for i, zone in enumerate(zones):
        model = (model_names[i] or "").strip()
        if not zone.name.name_en and model:
            names_en[i], sources[i] = model, "model"
    return names_en, sources


def _facts(zone: Zone) -> list[FactOut]:
    """The zone's figures as records (by rule: no model is involved)."""
    records = []
    for f in extract_facts(zone):
        value_en = format_value_en(f.value, f.unit_en, f.qualifier, f.value_max)
        change_en = format_change_en(f.change_pct, f.change_pct_max)
        records.append(FactOut(
            text=f.text, paragraph=f.paragraph, start=f.start, end=f.end, indicator_zh=f.indicator_zh,
            indicator_en=f.indicator_en, value=f.value, unit=f.unit, unit_en=f.unit_en, qualifier=f.qualifier,
            value_max=f.value_max, change_pct=f.change_pct, change_pct_max=f.change_pct_max, period=f.period,
            period_en=f.period_en, kind=f.kind, value_en=value_en, change_en=change_en,
            statement_en=describe_en(f, value_en, change_en)))
    return records


def _safe_summaries(texts: Sequence[str], max_chars: int, backends: Backends, warnings: list[str],
                    labels: list[str]) -> list[Generated]:
    """A model failure must not sink the page: fall back to the extractive summary and say so."""
    try:
        return backends.summarizer.summarize(texts, max_chars, labels=labels)
    except Exception as exc:  # noqa: BLE001 - any backend failure degrades to the offline path
        if isinstance(backends.summarizer, ExtractiveSummarizer):
            raise
        warnings.append(f"summariser {backends.summarizer.backend} failed ({type(exc).__name__}: {exc}); "
                        "used extractive summaries instead")
        return ExtractiveSummarizer().summarize(texts, max_chars, labels=labels)


def _translate_all(chunking: Chunking, summaries: list[Optional[str]], translator: Translator,
                   warnings: list[str]):
    zones = chunking.zones
    title = chunking.article.meta.title
    # Zone names the gazetteer cannot name in English are translated with the rest.
    unnamed = [i for i, z in enumerate(zones) if not z.name.name_en]
    batch = [s or "" for s in summaries] + [z.text for z in zones] + [zones[i].name.name for i in unnamed]
    batch += [title] if title else []
    n = len(zones)
    labels = ([f"zone {z.name.name}: summary_en" for z in zones] + [f"zone {z.name.name}: translation_en" for z in zones]
              + [f"zone {zones[i].name.name}: name_en" for i in unnamed] + (["title_en"] if title else []))
    try:
        outputs = translator.translate(batch, labels=labels, terms=zone_terms(z.name for z in zones))
    except Exception as exc:  # noqa: BLE001 - keep the Chinese brief even when translation fails
        warnings.append(f"translator {translator.backend} failed ({type(exc).__name__}: {exc}); English fields are null")
        return [None] * n, [None] * n, [z.name.name_en for z in zones], None
    for out in outputs:
        warnings.extend(out.warnings)
    texts = [o.text for o in outputs]
    summary_en = [t if summaries[i] else None for i, t in enumerate(texts[:n])]
    translation_en = texts[n:2 * n]
    names_en = [z.name.name_en for z in zones]
    for k, i in enumerate(unnamed):
        names_en[i] = texts[2 * n + k]
    title_en = texts[-1] if title else None
    return summary_en, translation_en, names_en, title_en


def _lead_text(chunking: Chunking) -> str:
    """The article summary is drawn from the lead (the part before the first heading)."""
    for section in chunking.general:
        if not section.heading:
            return section.text
    return chunking.general[0].text if chunking.general else ""


def _meta(article: Article) -> MetaOut:
    m = article.meta
    return MetaOut(title=m.title, deck=list(m.deck), byline=m.byline, credits=list(m.credits),
                   captions=list(m.captions), header=list(m.header), other=list(m.other))


def _maybe_simplify(document: Document, config: Config) -> Document:
    if not config.to_simplified:
        return document
    from ..text.script import to_simplified

    return to_simplified(document)


def _check_line_lengths(document: Document, config: Config) -> None:
    from ..errors import InputError

    longest = max((len(line) for line in document.text.split("\n")), default=0)
    if longest > config.limits.max_line_chars:
        raise InputError(f"{document.source.path or 'input'}: a line of {longest:,} characters is over the "
                         f"{config.limits.max_line_chars:,}-character limit",
                         hint="raise limits.max_line_chars in the config")


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def as_config(config: Config | str | None) -> Config:
    """A config object from a config, a name or a path (None: the default)."""
    return config if isinstance(config, Config) else load_config(config)
