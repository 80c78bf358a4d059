"""Page furniture of a newspaper page: masthead, date, page number, section, editor credits.

A page's header (above the first full-width rule near the top, or the top strip of the
page when there is no such rule) and footer (below a full-width rule near the bottom)
are furniture; so are lines anywhere that are only a date, only a page number, or an
editor-credits line (主编 … 美编 …). Everything else is left for the articles.
"""
from __future__ import annotations

import datetime
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
    date: Optional[str] = None  # ISO 8601 (2024-10-16), however the page prints it
    section: Optional[str] = None
    credits: tuple[str, ...] = ()
    other: tuple[str, ...] = ()  # furniture we keep but cannot name (app banners, slogans)


def split_furniture(lines: Sequence[Line], rules: Sequence[Box], page: tuple[float, float],
                    body: tuple[float, str], frames: Sequence[Box] = ()) -> tuple[PageMeta, list[Line]]:
    """Take the furniture lines off the page and describe them as a PageMeta (``frames``: boxes
    drawn around text; a boxed notice in the header is never the masthead)."""
    width, height = page
    wide = [r for r in rules if r.width >= 0.6 * width and r.width >= r.height]
    top_cut = _header_cut(lines, wide, height, body)
    bottom_cut = _footer_cut(lines, wide, height, body)
    # a bar across the page at its top or foot with text on it (white on blue: editors, phone)
    bars = [f for f in frames if f.width >= 0.6 * width and (f.bottom <= height / 3 or f.top >= 0.85 * height)]
    header, rest = [], []
    for ln in lines:
        if (ln.box.bottom <= top_cut or ln.box.top >= bottom_cut or _furniture_anywhere(ln)
                or any(_inside(ln.box, bar) for bar in bars)):
            header.append(ln)
        else:
            rest.append(ln)
    return _describe(header, body, page, frames), rest


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


def _describe(lines: Sequence[Line], body: tuple[float, str], page: tuple[float, float],
              frames: Sequence[Box]) -> PageMeta:
    """Name the furniture lines. Lines side by side are read as one row first: a date line
    whose parts are set apart, or in different sizes ("2024年10月" "16" "日"), is one date."""
    date = page_no = section = None
    credits: list[str] = []
    other: list[str] = []
    left: list[Line] = []  # what the date and credits leave, for the masthead and page number
    for row in _rows(lines):
        credits.extend(ln.text for ln in row if CREDITS.search(ln.text))
        row = [ln for ln in row if not CREDITS.search(ln.text)]
        joined = " ".join(ln.text for ln in row)
        m = DATE.search(joined)
        if m and date is None:
            date = _iso_date(m)
        left.extend(_outside(row, m.span()) if m else row)
    boxed = [ln for ln in left if any(_inside(ln.box, f) for f in frames)]
    candidates = [ln for ln in left if ln not in boxed and not PAGE_NO.search(ln.text)]
    biggest = max(candidates, key=lambda ln: ln.size, default=None)
    masthead = biggest if biggest and biggest.size >= 1.3 * body[0] else None
    width = page[0]
    for ln in sorted(left, key=lambda ln: (ln.box.top, ln.box.x0)):
        if ln is masthead:
            continue
        text = ln.text
        m = PAGE_NO.search(text.strip())
        if m and (m.group(1) or _at_the_edge(ln, left, width)):
            page_no = page_no or (m.group(1) or m.group(2))
            text = text.strip().replace(m.group(0), " ")
        text = " ".join(text.split()).strip("|·")
        if not text:
            continue
        if section is None and ln not in boxed and SECTION.match(text):
            section = text
        else:
            other.append(text)
    return PageMeta(masthead.text if masthead else None, page_no, date, section,
                    tuple(credits), tuple(other))


def _rows(lines: Sequence[Line]) -> list[list[Line]]:
    """Lines that share a height (any vertical overlap of half the smaller), each row left to right."""
    rows: list[list[Line]] = []
    for ln in sorted(lines, key=lambda ln: (ln.box.top, ln.box.x0)):
        for row in rows:
            if any(ln.box.y_overlap(o.box) >= 0.5 * min(ln.box.height, o.box.height) for o in row):
                row.append(ln)
                break
        else:
            rows.append([ln])
    return [sorted(row, key=lambda ln: ln.box.x0) for row in rows]


def _outside(row: Sequence[Line], span: tuple[int, int]) -> list[Line]:
    """The lines of a row (joined with spaces) that the matched span does not swallow whole;
    a line only partly inside keeps the rest of its text."""
    kept: list[Line] = []
    at = 0
    for ln in row:
        start, end = at, at + len(ln.text)
        at = end + 1
        if span[0] <= start and end <= span[1]:
            continue
        if end <= span[0] or start >= span[1]:
            kept.append(ln)
            continue
        rest = (ln.text[:max(0, span[0] - start)] + " " + ln.text[max(0, span[1] - start):]).strip()
        if rest:
            kept.append(Line(rest, ln.box, ln.size, ln.font))
    return kept


def _iso_date(m: re.Match) -> Optional[str]:
    """2024年10月16日 / 2024-10-16 / 2024.10.16 -> 2024-10-16 (None if it is no calendar date)."""
    numbers = [int(n) for n in re.findall(r"\d+", m.group(0))[:3]]
    try:
        return datetime.date(*numbers).isoformat()
    except ValueError:
        return None


def _inside(box: Box, frame: Box) -> bool:
    """The box's centre lies in the frame (text set on a bar may stick out of it a little)."""
    return frame.x0 <= (box.x0 + box.x1) / 2 <= frame.x1 and frame.top <= (box.top + box.bottom) / 2 <= frame.bottom


def _at_the_edge(ln: Line, lines: Sequence[Line], width: float) -> bool:
    """Where a bare page number stands: first or last in its row, in the outer quarter of the page."""
    row = [o for o in lines if o.box.y_overlap(ln.box) > 0]
    outer = ln.box.x1 <= 0.25 * width or ln.box.x0 >= 0.75 * width
    return outer and (ln.box.x0 <= min(o.box.x0 for o in row) or ln.box.x1 >= max(o.box.x1 for o in row))


def merge_meta(metas: Sequence[PageMeta]) -> PageMeta:
    """One PageMeta for a multi-page PDF: the first value found, every credit and extra."""
    def first(name: str) -> Optional[str]:
        return next((getattr(m, name) for m in metas if getattr(m, name)), None)

    def every(name: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(x for m in metas for x in getattr(m, name)))

    return PageMeta(first("masthead"), first("page_number"), first("date"), first("section"),
                    every("credits"), every("other"))
