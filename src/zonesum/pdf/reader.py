"""Reading a PDF e-paper: its pages -> page furniture plus articles in the plain-text form of a .txt input.

``engine`` (PDFium) gives every glyph with its position, font and size, and the rules and
pictures; ``layout`` turns glyphs into lines and columns, ``articles`` lines into articles in
reading order; this module reads the PDF,
sets the page furniture aside (``furniture``) and writes each article as the text
pipeline expects it: head lines, then paragraphs, bylines, headings and captions, each
on its own line with blank lines between.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Optional, Sequence

from ..errors import InputError
from .articles import Piece, find_heads, split_articles
from .engine import PageObjects, PdfError, read_pages
from .furniture import PageMeta, merge_meta, split_furniture
from .layout import Box, Line, body_style, covered, is_body, make_lines

__all__ = ["PageMeta", "PdfArticle", "PdfPage", "read_pdf"]

SCAN_HINT = ("zonesum reads PDFs that carry text; run OCR on it first "
             "(e.g. ocrmypdf -l chi_sim) or pass the article as a .txt file")


@dataclass(frozen=True)
class PdfArticle:
    title: Optional[str]  # None: text on the page without a headline of its own
    text: str  # kicker/headline/subtitle lines, a blank line, then paragraphs
    columns: int  # how many page columns its body runs over
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom in points
    page: int = 1  # 1-based page of the PDF
    deck: tuple[str, ...] = ()  # kicker lines above the headline, then subtitle lines below it


@dataclass(frozen=True)
class PdfPage:
    path: str
    pages: int
    meta: PageMeta
    articles: tuple[PdfArticle, ...]
    sha256: str  # of the file's bytes
    size_bytes: int


def read_pdf(path: str | Path) -> PdfPage:
    """Read every page of a PDF e-paper into its furniture and articles."""
    path = Path(path)
    data = _read_bytes(path)  # once: checked, parsed and hashed from memory
    pages = _read_objects(path, data)
    if not any(c.text.strip() for page in pages for c in page.chars) and not any(p.vertical for p in pages):
        n = len(pages)
        raise InputError(f"{path} has no text layer (a scanned page?): no characters on "
                         f"{n} page{'s' if n != 1 else ''}", hint=SCAN_HINT)
    metas: list[PageMeta] = []
    articles: list[PdfArticle] = []
    for number, objects in enumerate(pages, 1):
        meta, found = _read_page(objects, number)
        metas.append(meta)
        articles.extend(found)
    if not articles:
        if sum(len(p.vertical) for p in pages) and not sum(len(p.chars) for p in pages):
            raise InputError(f"{path} sets its text vertically, which zonesum does not read",
                             hint="pass the articles as .txt files")
        # e.g. a scan whose only text layer is a stamped header
        raise InputError(f"{path} has no text layer (a scanned page?): no article text, "
                         f"only page furniture", hint=SCAN_HINT)
    return PdfPage(str(path), len(pages), merge_meta(metas), tuple(articles), hashlib.sha256(data).hexdigest(),
                   len(data))


# --- reading the PDF -------------------------------------------------------------------

def _read_bytes(path: Path) -> bytes:
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    data = path.read_bytes()
    if b"%PDF-" not in data[:1024]:
        raise InputError(f"{path} is not a PDF (no %PDF- header)")
    return data


def _read_objects(path: Path, data: bytes) -> list[PageObjects]:
    """Glyphs, rules and pictures of every page; any failure is one InputError line."""
    try:
        return read_pages(data)
    except PdfError as exc:
        if exc.password:
            raise InputError(f"{path} is encrypted (password-protected)",
                             hint="save an unprotected copy first") from None
        reason = " ".join(str(exc).split()) or "PDFium cannot parse it"
        raise InputError(f"{path} is not a readable PDF: {reason[:120]}",
                         hint="check that the file downloaded completely") from None


def _shapes(page: PageObjects) -> tuple[list[Box], list[Box], list[Box]]:
    """Rules (thin lines and bars), frames (rectangles drawn around text) and pictures."""
    rules = list(page.lines)
    frames: list[Box] = []
    images = list(page.images)
    for box in page.rects:
        if min(box.width, box.height) <= 3:
            rules.append(box)
        elif any(box.x0 <= (c.box.x0 + c.box.x1) / 2 <= box.x1 and box.top <= (c.box.top + c.box.bottom) / 2
                 <= box.bottom for c in page.chars):
            frames.append(box)  # a frame (or a bar) with text on it: its edges separate like rules
            rules.extend(_edges(box))
        else:
            images.append(box)  # a filled shape with no text: a picture for our purposes
    return rules, frames, images


def _edges(box: Box) -> list[Box]:
    return [Box(box.x0, box.top, box.x1, box.top), Box(box.x0, box.bottom, box.x1, box.bottom),
            Box(box.x0, box.top, box.x0, box.bottom), Box(box.x1, box.top, box.x1, box.bottom)]


# --- one page ---------------------------------------------------------------------------

def _read_page(objects: PageObjects, number: int) -> tuple[PageMeta, list[PdfArticle]]:
    rules, frames, images = _shapes(objects)
    lines = make_lines(objects.chars, rules)
    vertical = [text for text, _box, _size, _font in objects.vertical]  # kept as furniture, not read
    if not lines:
        return PageMeta(other=tuple(vertical)), []
    body = body_style(lines)
    meta, rest = split_furniture(lines, rules, objects.size, body, frames)
    if vertical:
        meta = replace(meta, other=meta.other + tuple(vertical))
    heads, others = find_heads(rest, body)
    pieces = split_articles(others, heads, rules, images, body)
    # display type with no text under it (a banner slogan, a boxed notice) is furniture
    bare = tuple(ln.text for p in pieces if p.head and not p.lines
                 for ln in p.head.kicker + p.head.lines + p.head.subtitle)
    if bare:
        meta = replace(meta, other=meta.other + bare)
    return meta, [_article(p, body, images, number) for p in pieces if p.lines]


def _article(piece: Piece, body: tuple[float, str], images: Sequence[Box], page: int) -> PdfArticle:
    head = piece.head
    title = _join_lines(head.lines) if head else None
    head_lines = ([ln.text for ln in head.kicker] + [title or ""] + [ln.text for ln in head.subtitle]
                  if head else [])
    blocks = _paragraphs(piece, body, images)
    captions = [text for kind, text in blocks if kind == "caption"]
    others = [text for kind, text in blocks if kind != "caption"]
    parts = (["\n".join(head_lines)] if head_lines else []) + others + captions
    cols = {i for ln in piece.lines if is_body(ln, body) for i in covered(ln.box, piece.cols)}
    box = piece.box
    deck = tuple(ln.text for ln in head.kicker + head.subtitle) if head else ()
    return PdfArticle(title, "\n\n".join(parts) + "\n", max(1, len(cols)),
                      (round(box.x0, 1), round(box.top, 1), round(box.x1, 1), round(box.bottom, 1)),
                      page, deck)


# --- paragraphs -------------------------------------------------------------------------

@dataclass
class _Block:
    kind: str  # body | heading | byline | caption | note
    text: str
    last: Line


def _paragraphs(piece: Piece, body: tuple[float, str], images: Sequence[Box]) -> list[tuple[str, str]]:
    """Rebuild paragraphs from the layout: a body line continues the paragraph above it
    (even across a column or a picture) unless it is indented or the line above ended
    short of the column's right edge."""
    own = body_style(piece.lines)
    if is_body(Line("", piece.box, own[0], own[1]), body):
        body = own  # an article set in its own face (a commentary in 仿宋): its running text
    blocks: list[_Block] = []
    for ln in piece.lines:
        left, right = piece.column_of(ln)
        kind = _kind(ln, body, left, right, images, len(covered(ln.box, piece.cols)) > 1)
        indented = ln.box.x0 - left >= 0.8 * ln.size
        prev = blocks[-1] if blocks else None
        if prev and prev.kind == "caption" and kind != "caption":  # a caption read between two
            prev = next((b for b in reversed(blocks) if b.kind != "caption"), None)  # parts of a paragraph
        if prev and _continues(prev, ln, kind, indented, piece):
            prev.text = _join(prev.text, ln.text)
            prev.last = ln
        else:
            text = "■" + ln.text if kind == "caption" and not ln.text.startswith("■") else ln.text
            blocks.append(_Block(kind, text, ln))
    return [(b.kind, b.text) for b in blocks]


def _kind(ln: Line, body: tuple[float, str], left: float, right: float,
          images: Sequence[Box], across: bool) -> str:
    if ln.text.startswith("■"):
        return "caption"
    if ln.text.startswith("□"):
        return "byline"
    under_picture = any(im.x_overlap(ln.box.x0, ln.box.x1) >= 0.5 * ln.box.width
                        and -0.5 * ln.size <= ln.box.top - im.bottom <= 1.5 * ln.size for im in images)
    if under_picture and (across or ln.font != body[1]):
        return "caption"  # under a picture, across columns or in its own type: not running text
    width = right - left
    short = ln.box.width < 0.9 * width
    if is_body(ln, body) and ln.font == body[1]:
        margin_l, margin_r = ln.box.x0 - left, right - ln.box.x1
        centred = (margin_l >= 1.5 * ln.size and abs(margin_l - margin_r) <= 1.0 * ln.size
                   and ln.box.width <= 0.75 * width)
        return "heading" if centred else "body"
    if ln.size >= 0.95 * body[0]:
        # bold/bigger section headings are short; a bold first line (a dateline set in bold)
        # reaches the column's right edge like any running line
        return "heading" if short and right - ln.box.x1 >= 1.5 * ln.size else "body"
    near_picture = any(im.x_overlap(ln.box.x0, ln.box.x1) > 0
                       and -0.5 * ln.size <= ln.box.top - im.bottom <= 1.5 * ln.size
                       for im in images)
    return "caption" if near_picture else "note"


def _continues(prev: _Block, ln: Line, kind: str, indented: bool, piece: Piece) -> bool:
    if ln.text[:1] in ("■", "□"):
        return False
    above = prev.last
    short = piece.column_of(above)[1] - above.box.x1 >= 1.5 * above.size
    if prev.kind == "body" and kind == "body":
        return not indented and not short
    if prev.kind in ("byline", "caption", "note") and ln.style == above.style:
        below = 0 <= ln.box.top - above.box.bottom <= 0.8 * ln.size
        return below and not indented and not short  # a caption or byline that wraps
    return False


def _join(a: str, b: str) -> str:
    if a.endswith("-") and b[:1].isascii() and b[:1].isalpha():
        return a[:-1] + b
    if a[-1:].isascii() and a[-1:].isalpha() and b[:1].isascii() and b[:1].isalpha():
        return a + " " + b  # two Latin words either side of a line end
    return a + b


def _join_lines(lines: Sequence[Line]) -> str:
    text = lines[0].text
    for ln in lines[1:]:
        text = _join(text, ln.text)
    return text
