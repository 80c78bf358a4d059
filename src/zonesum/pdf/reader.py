"""Reading a PDF e-paper: its pages -> page furniture plus articles in the plain-text form of a .txt input.

pdfplumber (MIT, on pdfminer.six) gives every glyph with its position, font and size;
``layout`` turns glyphs into lines and columns, ``articles`` lines into articles in
reading order; this module reads the PDF,
sets the page furniture aside (``furniture``) and writes each article as the text
pipeline expects it: head lines, then paragraphs, bylines, headings and captions, each
on its own line with blank lines between.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Sequence

from ..errors import InputError
from .articles import Piece, find_heads, split_articles
from .furniture import PageMeta, merge_meta, split_furniture
from .layout import Box, Char, Line, body_style, covered, is_body, make_lines

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
    if not any(c.text.strip() for chars, _, _, _ in pages for c in chars):
        n = len(pages)
        raise InputError(f"{path} has no text layer (a scanned page?): no characters on "
                         f"{n} page{'s' if n != 1 else ''}", hint=SCAN_HINT)
    metas: list[PageMeta] = []
    articles: list[PdfArticle] = []
    for number, objects in enumerate(pages, 1):
        meta, found = _read_page(objects, number)
        metas.append(meta)
        articles.extend(found)
    if not articles:  # e.g. a scan whose only text layer is a stamped header
        raise InputError(f"{path} has no text layer (a scanned page?): no article text, "
                         f"only page furniture", hint=SCAN_HINT)
    return PdfPage(str(path), len(pages), merge_meta(metas), tuple(articles), hashlib.sha256(data).hexdigest(),
                   len(data))


# --- reading the PDF -------------------------------------------------------------------

PageObjects = tuple[list[Char], list[Box], list[Box], tuple[float, float]]


def _read_bytes(path: Path) -> bytes:
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    data = path.read_bytes()
    if b"%PDF-" not in data[:1024]:
        raise InputError(f"{path} is not a PDF (no %PDF- header)")
    return data


def _read_objects(path: Path, data: bytes) -> list[PageObjects]:
    """Glyphs, rules and pictures of every page; any failure is one InputError line."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [_objects(page) for page in pdf.pages]
    except PDFPasswordIncorrect:
        raise InputError(f"{path} is encrypted (password-protected)",
                         hint="save an unprotected copy first") from None
    except Exception as exc:  # pdfminer raises many kinds of errors on a broken file
        if "password" in str(exc).lower() or "PasswordIncorrect" in repr(exc):
            raise InputError(f"{path} is encrypted (password-protected)",
                             hint="save an unprotected copy first") from None
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(f"{path} is not a readable PDF: {reason[:120]}",
                         hint="check that the file downloaded completely") from None


def _objects(page: Any) -> PageObjects:
    page = page.dedupe_chars()  # some PDFs print each glyph twice for a bold effect
    chars = [Char(c["text"], Box(c["x0"], c["top"], c["x1"], c["bottom"]),
                  float(c["size"]), str(c.get("fontname", "")))
             for c in page.chars if c.get("upright", True) and float(c["size"]) >= 1]
    rules: list[Box] = []
    images = [Box(im["x0"], im["top"], im["x1"], im["bottom"]) for im in page.images]
    for obj in page.lines:
        rules.append(Box(obj["x0"], obj["top"], obj["x1"], obj["bottom"]))
    for obj in page.rects:
        box = Box(obj["x0"], obj["top"], obj["x1"], obj["bottom"])
        if min(box.width, box.height) <= 3:
            rules.append(box)
        elif any(box.x0 <= c.box.x0 and c.box.x1 <= box.x1 and box.top <= c.box.top
                 and c.box.bottom <= box.bottom for c in chars):
            rules.extend(_edges(box))  # a frame around text: its edges separate like rules
        else:
            images.append(box)  # a filled shape with no text: a picture for our purposes
    return chars, rules, images, (float(page.width), float(page.height))


def _edges(box: Box) -> list[Box]:
    return [Box(box.x0, box.top, box.x1, box.top), Box(box.x0, box.bottom, box.x1, box.bottom),
            Box(box.x0, box.top, box.x0, box.bottom), Box(box.x1, box.top, box.x1, box.bottom)]


# --- one page ---------------------------------------------------------------------------

def _read_page(objects: PageObjects, number: int) -> tuple[PageMeta, list[PdfArticle]]:
    chars, rules, images, size = objects
    lines = make_lines(chars, rules)
    if not lines:
        return PageMeta(), []
    body = body_style(lines)
    meta, rest = split_furniture(lines, rules, size, body)
    heads, others = find_heads(rest, body)
    pieces = split_articles(others, heads, rules, images, body)
    return meta, [_article(p, body, images, number) for p in pieces]


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
    return PdfArticle(title, "\n\n".join(parts) + "\n", max(1, len(cols)),
                      (round(box.x0, 1), round(box.top, 1), round(box.x1, 1), round(box.bottom, 1)),
                      page)


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
    blocks: list[_Block] = []
    for ln in piece.lines:
        left, right = piece.column_of(ln)
        kind = _kind(ln, body, left, right, images)
        indented = ln.box.x0 - left >= 0.8 * ln.size
        prev = blocks[-1] if blocks else None
        if prev and _continues(prev, ln, kind, indented, piece):
            prev.text = _join(prev.text, ln.text)
            prev.last = ln
        else:
            text = "■" + ln.text if kind == "caption" and not ln.text.startswith("■") else ln.text
            blocks.append(_Block(kind, text, ln))
    return [(b.kind, b.text) for b in blocks]


def _kind(ln: Line, body: tuple[float, str], left: float, right: float,
          images: Sequence[Box]) -> str:
    if ln.text.startswith("■"):
        return "caption"
    if ln.text.startswith("□"):
        return "byline"
    width = right - left
    short = ln.box.width < 0.9 * width
    if is_body(ln, body) and ln.font == body[1]:
        margin_l, margin_r = ln.box.x0 - left, right - ln.box.x1
        centred = (margin_l >= 1.5 * ln.size and abs(margin_l - margin_r) <= 1.0 * ln.size
                   and ln.box.width <= 0.75 * width)
        return "heading" if centred else "body"
    if ln.size >= 0.95 * body[0]:
        return "heading" if short else "body"  # bold/bigger section headings are short
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
