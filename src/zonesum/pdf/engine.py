"""The PDF engine: every page's glyphs, rules and pictures, read with PDFium (pypdfium2, BSD/Apache).

PDFium reads a full newspaper page in about a tenth of a second where pdfminer (under
pdfplumber) took seconds (``scripts/bench_pdf.py``). Its text page gives each character with its origin, matrix,
font and advance; the few things it does not do for us are hand-written below, each for a
reason given where it is done:

- boxes in pdfminer's convention (origin to advance across, descent to descent + 1 em down),
  which the layout thresholds in ems are measured in, and the font size with the text matrix
  applied (PDFium reports the size of the ``Tf`` operator, often 1);
- overprinted duplicates (a bold effect printed twice a hair apart): PDFium's text page drops
  a text object printed again over an identical one; characters read through pdfminer (below)
  are deduplicated here, as pdfplumber's ``dedupe_chars`` did, in one pass over a grid;
- runs of vertical writing set apart as whole lines (pdfminer returned their characters one
  under the other, which the layout read as one-character lines);
- rules and rectangles from path segments, as pdfminer classified them (a two-point subpath is
  a line, four axis-aligned corners a rectangle, anything else a curve, unused here), and
  pictures, each cut to its clipping path;
- a page with text PDFium cannot measure (a font neither embedded nor on this machine) is read
  through pdfminer instead, when pdfplumber is installed (``_zero_width``).

Coordinates are points with ``top`` growing downwards from the top of the media box.
"""
from __future__ import annotations

import ctypes
import io
from dataclasses import dataclass
from typing import Iterator, Optional, Sequence

from .layout import Box, Char

DUPLICATE = 1.0  # points: a second copy of a glyph this close is an overprint
BAR = 3.0  # points: a line stroked thicker than this is a bar (as a rectangle that wide would be)


class PdfError(Exception):
    """The file cannot be read as a PDF; ``password`` when it is encrypted."""

    def __init__(self, reason: str, *, password: bool = False):
        super().__init__(reason)
        self.password = password


@dataclass(frozen=True)
class PageObjects:
    chars: list[Char]  # horizontal text, duplicates dropped
    vertical: list[tuple[str, Box, float, str]]  # runs of vertical writing: text, box, size, font
    lines: list[Box]  # stroked or filled straight segments
    rects: list[Box]  # axis-aligned rectangles (fills, frames, thick rules)
    images: list[Box]
    size: tuple[float, float]  # width, height


def read_pages(data: bytes) -> list[PageObjects]:
    """Every page's objects; a file PDFium cannot open raises ``PdfError``."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise PdfError(str(exc).replace("Failed to load document ", "").strip("()."),
                       password=getattr(exc, "err_code", None) == raw.FPDF_ERR_PASSWORD) from None
    try:
        pages = []
        for index in range(len(document)):
            try:
                page = document[index]
            except pdfium.PdfiumError as exc:  # a page of a damaged file
                raise PdfError(f"page {index + 1}: {exc}") from None
            try:
                pages.append(_page(raw, page.raw, data, index))
            finally:
                page.close()
        return pages
    finally:
        document.close()


def _page(raw, page, data: bytes, index: int) -> PageObjects:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not raw.FPDFPage_GetMediaBox(page, left, bottom, right, top):
        left.value, bottom.value = 0.0, 0.0
        right.value, top.value = raw.FPDF_GetPageWidthF(page), raw.FPDF_GetPageHeightF(page)
    origin = (left.value, top.value)  # PDF space -> (x - left, top - y)
    lines: list[Box] = []
    rects: list[Box] = []
    images: list[Box] = []
    unmeasured = False
    for kind, obj, matrix in _objects(raw, page, _IDENTITY):
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            box = _image_box(raw, obj, matrix, origin)
            if box is not None:
                images.append(box)
        elif kind == raw.FPDF_PAGEOBJ_PATH:
            _path(raw, obj, matrix, origin, lines, rects)
        elif kind == raw.FPDF_PAGEOBJ_TEXT and not unmeasured:
            unmeasured = _zero_width(raw, obj)
    glyphs = _pdfminer_glyphs(data, index) if unmeasured else None
    if glyphs is None:
        text_page = raw.FPDFText_LoadPage(page)
        try:
            glyphs = list(_glyphs(raw, text_page))
        finally:
            raw.FPDFText_ClosePage(text_page)
        chars, vertical = _chars(glyphs, origin)  # PDFium's text page drops overprinted copies itself
    else:
        chars, vertical = _chars(glyphs, origin)
        chars = _dedupe(chars)
    return PageObjects(chars, vertical, lines, rects, images, (right.value - left.value, top.value - bottom.value))


def _zero_width(raw, obj) -> bool:
    """A text object PDFium could not measure: its font is not embedded and no system font stands
    in (a CJK font on a machine without one). PDFium's text page drops such an object whole when it
    holds a single character or vertical writing: a letter-spaced headline drawn a character at a
    time would vanish without a trace."""
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    return bool(raw.FPDFPageObj_GetBounds(obj, l, b, r, t)) and r.value - l.value < 0.01


def _pdfminer_glyphs(data: bytes, index: int) -> Optional[list[_Glyph]]:
    """One page's characters as pdfminer (under pdfplumber, when installed) reads them: slower by
    two orders of magnitude, but it places a glyph from the font's widths alone. None without it."""
    try:
        import pdfplumber
    except ImportError:
        return None
    glyphs = []
    try:
        with pdfplumber.open(io.BytesIO(data), pages=[index + 1]) as pdf:
            for c in pdf.pages[0].chars:
                if not c.get("upright", True) or float(c["size"]) < 1:
                    continue
                x, y = float(c["matrix"][4]), float(c["matrix"][5])  # the origin, PDF space
                glyphs.append(_Glyph(c["text"], x, y, float(c["x1"]) - float(c["x0"]), float(c["size"]),
                                     float(c["y0"]) - y, str(c.get("fontname", ""))))
    except Exception:  # noqa: BLE001 - pdfminer fails in many ways on odd files: keep PDFium's reading
        return None
    return glyphs


# --- characters ---------------------------------------------------------------------------

@dataclass
class _Glyph:
    text: str
    x: float  # origin, PDF space
    y: float
    advance: float  # along the writing direction, points
    size: float  # em in points, text matrix applied
    descent: float  # points below the baseline (negative), text matrix applied
    font: str


def _chars(glyphs: list[_Glyph], origin: tuple[float, float]) -> tuple[list[Char], list[tuple[str, Box, float, str]]]:
    left, top = origin
    chars: list[Char] = []
    vertical: list[tuple[str, Box, float, str]] = []
    for run, is_vertical in _runs(glyphs):
        if is_vertical:
            vertical.append(_vertical_line(run, origin))
            continue
        for g in run:
            y_bottom = g.y + g.descent
            chars.append(Char(g.text, Box(g.x - left, top - (y_bottom + g.size), g.x - left + g.advance,
                                          top - y_bottom), g.size, g.font))
    return chars, vertical


def _glyphs(raw, text_page) -> Iterator[_Glyph]:
    """The text page's characters in content order, upright ones only (see ``_style``)."""
    count = raw.FPDFText_CountChars(text_page)
    box = raw.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    fonts: dict[int, tuple[str, float]] = {}  # font handle -> (name, descent per point of size)
    last, style = -1, None
    i = 0
    while i < count:
        k, code = i, raw.FPDFText_GetUnicode(text_page, i)
        i += 1
        if raw.FPDFText_IsGenerated(text_page, k) or code in (0, 0xFFFE, 0xFFFF):
            continue  # spaces and line breaks PDFium inferred; not on the page
        if 0xD800 <= code < 0xDC00 and i < count:  # a UTF-16 surrogate pair: one character
            low = raw.FPDFText_GetUnicode(text_page, i)
            if 0xDC00 <= low < 0xE000:
                code, i = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00), i + 1
        text = "\ufffd" if 0xD800 <= code < 0xE000 else chr(code)
        obj = raw.FPDFText_GetTextObject(text_page, k)
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        if key != last:  # matrix, size and font belong to the text object: read once per object
            last, style = key, _style(raw, text_page, k, obj, fonts)
        if style is None:
            continue
        size, per_point, font_name = style
        raw.FPDFText_GetCharOrigin(text_page, k, x, y)
        raw.FPDFText_GetLooseCharBox(text_page, k, box)
        yield _Glyph(text, x.value, y.value, box.right - box.left, size, per_point * size, font_name)


def _style(raw, text_page, k: int, obj, fonts: dict[int, tuple[str, float]]):
    """(size, descent per point, font name) of a character's text object; None for text that is
    not upright (rotated, such as a credit set up the side of a picture: not the reading flow)
    or too small to see (a hidden text layer trick)."""
    matrix = raw.FS_MATRIX()
    raw.FPDFText_GetMatrix(text_page, k, matrix)
    a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
    size = raw.FPDFText_GetFontSize(text_page, k) * d
    if not (a * d > 0 and b * c <= 0) or size < 1:  # pdfminer's "upright"; pdfplumber's size filter
        return None
    font = raw.FPDFTextObj_GetFont(obj) if obj else None
    key = (ctypes.cast(font, ctypes.c_void_p).value or 0) if font else 0
    if key not in fonts:
        font_name, per_point = "", -0.12  # pdfminer's default descent when a font gives none
        if font:
            name = ctypes.create_string_buffer(256)
            n = raw.FPDFFont_GetBaseFontName(font, name, len(name))
            font_name = name.raw[:max(0, n - 1)].decode("latin-1") if n else ""
            descent = ctypes.c_float()
            if raw.FPDFFont_GetDescent(font, 1000.0, descent):
                per_point = descent.value / 1000.0
        fonts[key] = (font_name, per_point)
    font_name, per_point = fonts[key]
    return size, per_point, font_name


def _runs(glyphs: Sequence[_Glyph]) -> Iterator[tuple[list[_Glyph], bool]]:
    """Consecutive glyphs cut into runs of horizontal and of vertical writing.

    Three or more glyphs of one size in content order, each about one em under the one before
    on the same axis, are vertical writing; anything else is read as horizontal text.
    """
    start = i = 0
    while i < len(glyphs):
        j = i + 1
        while j < len(glyphs) and _below(glyphs[j - 1], glyphs[j]):
            j += 1
        if j - i >= 3:  # glyphs i .. j - 1 stack downwards
            if i > start:
                yield list(glyphs[start:i]), False
            yield list(glyphs[i:j]), True
            start = j
        i = j
    if start < len(glyphs):
        yield list(glyphs[start:]), False


def _below(a: _Glyph, b: _Glyph) -> bool:
    em = a.size
    return (abs(a.size - b.size) <= 0.05 * em and abs(a.x - b.x) <= 0.2 * em
            and 0.5 * em <= a.y - b.y <= 1.6 * em)


def _vertical_line(run: Sequence[_Glyph], origin: tuple[float, float]) -> tuple[str, Box, float, str]:
    left, top = origin
    size = run[0].size
    x0 = min(g.x for g in run) - left
    return ("".join(g.text for g in run), Box(x0, top - run[0].y - size, x0 + size, top - run[-1].y),
            size, run[0].font)


def _dedupe(chars: list[Char]) -> list[Char]:
    """Drop a glyph printed again within a point of an identical one (same text, font, size).

    Kept glyphs go in 2-point grid cells; a twin within a point lies in at most 2 x 2 of them.
    """
    seen: dict[tuple[str, str, float], dict[tuple[int, int], list[Box]]] = {}
    kept: list[Char] = []
    for ch in chars:
        if not ch.text.strip():
            kept.append(ch)
            continue
        x, y = ch.box.x0, ch.box.top
        cells = seen.setdefault((ch.text, ch.font, round(ch.size, 1)), {})
        if cells and any(abs(b.x0 - x) <= DUPLICATE and abs(b.top - y) <= DUPLICATE
                         for cx in {int((x - DUPLICATE) // 2), int((x + DUPLICATE) // 2)}
                         for cy in {int((y - DUPLICATE) // 2), int((y + DUPLICATE) // 2)}
                         for b in cells.get((cx, cy), ())):
            continue
        cells.setdefault((int(x // 2), int(y // 2)), []).append(ch.box)
        kept.append(ch)
    return kept


# --- paths and pictures ---------------------------------------------------------------------

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _times(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF's row-vector convention)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _objects(raw, parent, outer: Matrix, form: bool = False) -> Iterator[tuple[int, object, Matrix]]:
    """Page objects with the matrix from their own space to the page; forms are opened, as
    pdfminer flattened them. An object's own matrix is applied by the caller where needed."""
    count = raw.FPDFFormObj_CountObjects(parent) if form else raw.FPDFPage_CountObjects(parent)
    matrix = raw.FS_MATRIX()
    for i in range(max(0, count)):
        obj = raw.FPDFFormObj_GetObject(parent, i) if form else raw.FPDFPage_GetObject(parent, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            raw.FPDFPageObj_GetMatrix(obj, matrix)
            own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
            yield from _objects(raw, obj, _times(own, outer), form=True)
        elif kind in (raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_TEXT):
            yield kind, obj, outer


def _image_box(raw, obj, outer: Matrix, origin: tuple[float, float]) -> Optional[Box]:
    """Where a picture shows: the placed image cut to its clipping path (a photo is often placed
    larger than its frame and clipped), None when nothing of it shows."""
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    raw.FPDFPageObj_GetBounds(obj, l, b, r, t)  # the placed unit square, in its parent's space
    box = _page_box([_apply(outer, x, y) for x, y in ((l.value, b.value), (r.value, t.value),
                                                     (l.value, t.value), (r.value, b.value))], origin)
    return _clipped(box, _clip(raw, obj, outer, origin))


def _clip(raw, obj, outer: Matrix, origin: tuple[float, float]) -> Optional[Box]:
    """The box an object's clipping paths leave visible (the intersection of their bounds)."""
    clip = raw.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    x, y = ctypes.c_float(), ctypes.c_float()
    visible: Optional[Box] = None
    for path in range(raw.FPDFClipPath_CountPaths(clip)):
        points = []
        for i in range(raw.FPDFClipPath_CountPathSegments(clip, path)):
            raw.FPDFPathSegment_GetPoint(raw.FPDFClipPath_GetPathSegment(clip, path, i), x, y)
            points.append(_apply(outer, x.value, y.value))
        if points:
            area = _page_box(points, origin)
            visible = area if visible is None else Box(max(visible.x0, area.x0), max(visible.top, area.top),
                                                       min(visible.x1, area.x1), min(visible.bottom, area.bottom))
    return visible


def _clipped(box: Box, visible: Optional[Box]) -> Optional[Box]:
    if visible is None:
        return box
    box = Box(max(box.x0, visible.x0), max(box.top, visible.top), min(box.x1, visible.x1),
              min(box.bottom, visible.bottom))
    return box if box.x1 >= box.x0 and box.bottom >= box.top else None


def _page_box(points: Sequence[tuple[float, float]], origin: tuple[float, float]) -> Box:
    left, top = origin
    xs, ys = [p[0] - left for p in points], [top - p[1] for p in points]
    return Box(min(xs), min(ys), max(xs), max(ys))


def _path(raw, obj, outer: Matrix, origin: tuple[float, float], lines: list[Box], rects: list[Box]) -> None:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if raw.FPDFPath_GetDrawMode(obj, fill, stroke) and not fill.value and not stroke.value:
        return  # not painted
    matrix = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(obj, matrix)
    m = _times((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
    x, y = ctypes.c_float(), ctypes.c_float()
    subpath: list[tuple[float, float]] = []
    curved = False

    width = ctypes.c_float()
    bar = (stroke.value and raw.FPDFPageObj_GetStrokeWidth(obj, width)
           and width.value * max(abs(m[0]), abs(m[3])) > BAR)
    half = width.value * max(abs(m[0]), abs(m[3])) / 2 if bar else 0.0

    visible = _clip(raw, obj, outer, origin)

    def close_subpath() -> None:
        points = [_apply(m, px, py) for px, py in subpath]
        if not curved:
            _classify(points, origin, lines, rects, half, visible)

    for i in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, i)
        kind = raw.FPDFPathSegment_GetType(segment)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            if subpath:
                close_subpath()
            subpath, curved = [(x.value, y.value)], False
        else:
            curved = curved or kind == raw.FPDF_SEGMENT_BEZIERTO
            subpath.append((x.value, y.value))
    if subpath:
        close_subpath()


def _classify(points: list[tuple[float, float]], origin: tuple[float, float], lines: list[Box],
              rects: list[Box], half: float = 0.0, visible: Optional[Box] = None) -> None:
    """pdfminer's shapes: two distinct points make a line, four axis-aligned corners a rectangle.
    A straight line stroked thicker than ``BAR`` (``half`` its half width) is the bar it paints.
    Each is cut to what its clipping path leaves ``visible``."""
    distinct = list(dict.fromkeys((round(px, 3), round(py, 3)) for px, py in points))
    if len(distinct) == 2:
        box = _page_box(distinct, origin)
        if half and (box.width < 0.01 or box.height < 0.01):  # an axis-aligned bar
            box = Box(box.x0 - half * (box.width < 0.01), box.top - half * (box.height < 0.01),
                      box.x1 + half * (box.width < 0.01), box.bottom + half * (box.height < 0.01))
            found = rects
        else:
            found = lines
    elif len(distinct) == 4 and len(points) <= 5:
        xs, ys = {p[0] for p in distinct}, {p[1] for p in distinct}
        edges = zip(distinct, distinct[1:] + distinct[:1])
        if not (len(xs) == 2 and len(ys) == 2 and all(a[0] == b[0] or a[1] == b[1] for a, b in edges)):
            return
        box, found = _page_box(distinct, origin), rects
    else:
        return
    shown = _clipped(box, visible)
    if shown is not None:
        found.append(shown)
