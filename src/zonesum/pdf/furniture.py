"""Page furniture of a newspaper page: masthead, date, page number, section, editor credits.

A page's header (above the first full-width rule near the top, or the top strip of the
page when there is no such rule) and footer (below a full-width rule near the bottom)
are furniture; so are lines anywhere that are only a date, only a page number, or an
editor-credits line (主编 … 美编 …). Everything else is left for the articles.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence

from .layout import Box, Line, is_body

ROLES = "主编|副主编|责任编辑|责编|本版编辑|编辑|美编|美术编辑|审读|审校|校对|排版|组版|版式|视觉|值班主任"
CREDITS = re.compile(rf"(?:^|\s|本版)(?:{ROLES})\s*[:：]?\s*\S")
DATE = re.compile(r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:\s*(?:星期|周)[一二三四五六日天])?"
                  r"|(?:19|20)\d\d[-./]\d{1,2}[-./]\d{1,2}")
PAGE_NO = re.compile(r"第\s*([A-Za-z]?\d{1,3})\s*版|^([A-Z]\d{1,2}|\d{1,2})$")
SECTION = re.compile(r"^[\u4e00-\u9fff·・ ]{2,8}$")  # a short label of Chinese characters


@dataclass(frozen=True)
class PageMeta:
    masthead: Optional[str] = None
    page_number: Optional[str] = None
    date: Optional[str] = None
    section: Optional[str] = None
    credits: tuple[str, ...] = ()
    other: tuple[str, ...] = ()  # furniture we keep but cannot name (app banners, slogans)


def split_furniture(lines: Sequence[Line], rules: Sequence[Box], page: tuple[float, float],
                    body: tuple[float, str]) -> tuple[PageMeta, list[Line]]:
    """Take the furniture lines off the page and describe them as a PageMeta."""
    width, height = page
    wide = [r for r in rules if r.width >= 0.6 * width and r.width >= r.height]
    top_cut = _header_cut(lines, wide, height, body)
    bottom_cut = _footer_cut(lines, wide, height, body)
    header, rest = [], []
    for ln in lines:
        if ln.box.bottom <= top_cut or ln.box.top >= bottom_cut or _furniture_anywhere(ln):
            header.append(ln)
        else:
            rest.append(ln)
    return _describe(header, body), rest


def _header_cut(lines: Sequence[Line], wide: Sequence[Box], height: float,
                body: tuple[float, str]) -> float:
    """The y above which everything is header: a full-width rule in the top third with
    no running text above it, else the top 8% of the page."""
    for rule in sorted(wide, key=lambda r: r.top):
        if rule.top > height / 3:
            break
        if sum(1 for ln in lines if ln.box.bottom <= rule.top and is_body(ln, body)
               and ln.box.width >= 8 * body[0]) < 3:
            return rule.top
    return 0.08 * height


def _footer_cut(lines: Sequence[Line], wide: Sequence[Box], height: float,
                body: tuple[float, str]) -> float:
    for rule in sorted(wide, key=lambda r: -r.top):
        if rule.top < 0.85 * height:
            break
        if sum(1 for ln in lines if ln.box.top >= rule.bottom and is_body(ln, body)
               and ln.box.width >= 8 * body[0]) < 3:
            return rule.bottom
    return 0.97 * height


def _furniture_anywhere(ln: Line) -> bool:
    text = ln.text
    if len(CREDITS.findall(text)) >= 2 or text.startswith(("本版编辑", "责任编辑")):
        return True
    rest = PAGE_NO.sub("", DATE.sub("", text)).strip(" |·")
    return not rest and len(text) <= 24  # only a date and/or page number


def _describe(lines: Sequence[Line], body: tuple[float, str]) -> PageMeta:
    ordered = sorted(lines, key=lambda ln: (ln.box.top, ln.box.x0))
    biggest = max(ordered, key=lambda ln: ln.size, default=None)
    masthead = biggest if biggest and biggest.size >= 1.3 * body[0] else None
    date = page_no = section = None
    credits: list[str] = []
    other: list[str] = []
    for ln in ordered:
        if ln is masthead:
            continue
        if CREDITS.search(ln.text):
            credits.append(ln.text)
            continue
        text = ln.text
        if m := DATE.search(text):
            date = date or m.group(0)
            text = text.replace(m.group(0), " ")
        if m := PAGE_NO.search(text.strip()):
            page_no = page_no or (m.group(1) or m.group(2))
            text = text.strip().replace(m.group(0), " ")
        text = " ".join(text.split()).strip("|·")
        if not text:
            continue
        if section is None and SECTION.match(text):
            section = text
        else:
            other.append(text)
    return PageMeta(masthead.text if masthead else None, page_no, date, section,
                    tuple(credits), tuple(other))


def merge_meta(metas: Sequence[PageMeta]) -> PageMeta:
    """One PageMeta for a multi-page PDF: the first value found, every credit and extra."""
    def first(name: str) -> Optional[str]:
        return next((getattr(m, name) for m in metas if getattr(m, name)), None)

    def every(name: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(x for m in metas for x in getattr(m, name)))

    return PageMeta(first("masthead"), first("page_number"), first("date"), first("section"),
                    every("credits"), every("other"))
