"""Page geometry: characters -> text lines -> columns (``articles`` goes on from there).

Hand-written on purpose: PDF libraries give characters with positions (pdfminer's own
text boxes neither know newspaper columns nor where one article ends and the next
begins), so grouping them into lines, columns and articles is ours. These modules only
see plain records (``Char``, ``Box``), never a PDF, so they can be tested alone.

Coordinates are pdfplumber's: points, ``top`` grows downwards.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

# Thresholds, in ems of the text involved (1 em = the font size).
WORD_GAP = 0.6  # a gap this wide between two glyphs is a space, or a narrow gutter
SPACE_GAP = 0.4  # this much wider than a line's usual letter spacing is a space ("通讯员 曹晓林")
RUN_GAP = 1.2  # a gap this wide (in ems of body text at most) is always a column gutter
SIZE_STEP = 1.12  # glyphs whose sizes differ more than this are never on one line
ROW_OVERLAP = 0.3  # glyphs overlapping this much of their height share a row (a symbol set a little low too)


@dataclass(frozen=True)
class Box:
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def union(self, other: "Box") -> "Box":
        return Box(min(self.x0, other.x0), min(self.top, other.top),
                   max(self.x1, other.x1), max(self.bottom, other.bottom))

    def x_overlap(self, x0: float, x1: float) -> float:
        return max(0.0, min(self.x1, x1) - max(self.x0, x0))

    def y_overlap(self, other: "Box") -> float:
        return max(0.0, min(self.bottom, other.bottom) - max(self.top, other.top))


@dataclass(frozen=True)
class Char:
    text: str
    box: Box
    size: float
    font: str


@dataclass(frozen=True)
class Line:
    """A run of glyphs on one baseline, cut at gutters and at font-size changes."""

    text: str
    box: Box
    size: float
    font: str

    @property
    def style(self) -> tuple[float, str]:
        return (round(self.size, 1), self.font)


def make_lines(chars: Iterable[Char], rules: Sequence[Box] = ()) -> list[Line]:
    """Group glyphs of one size into rows by vertical overlap, then cut rows into runs
    at column gutters."""
    chars = sorted(chars, key=lambda c: (c.box.top, c.box.x0))
    sizes = Counter(round(c.size, 1) for c in chars if c.text.strip())
    em = sizes.most_common(1)[0][0] if sizes else 10.0
    rows: list[list[Char]] = []
    for ch in chars:
        for row in reversed(rows[-24:]):  # only recent rows can share this height
            head = row[0]  # rows hold one font size: sizes split runs anyway
            if (max(head.size, ch.size) <= SIZE_STEP * min(head.size, ch.size)
                    and head.box.y_overlap(ch.box) >= ROW_OVERLAP * min(head.box.height, ch.box.height)):
                row.append(ch)
                break
        else:
            rows.append([ch])
    for row in rows:
        row.sort(key=lambda c: c.box.x0)
    starts = [[c.box.x0 for c in row] for row in rows]
    upright = [r for r in rules if r.height > r.width]
    lines: list[Line] = []
    for r, row in enumerate(rows):
        run = [row[0]]
        spaced = _letter_spaced(row) if len(row) >= 4 else set()
        for k, (prev, ch) in enumerate(zip(row, row[1:])):
            gap = ch.box.x0 - prev.box.x1
            if ((gap > RUN_GAP * min(prev.size, ch.size, em) and k not in spaced
                 and not _display_word_space(prev, ch, gap, em))
                    or (gap > WORD_GAP * min(prev.size, ch.size) and k not in spaced
                        and _aligned(r, k, rows, starts))
                    or any(prev.box.x1 - 1 <= v.x0 <= ch.box.x0 + 1 and v.y_overlap(ch.box) > 0
                           for v in upright)):
                lines.extend(_line(run))
                run = []
            run.append(ch)
        lines.extend(_line(run))
    return sorted(lines, key=lambda ln: (ln.box.top, ln.box.x0))


def _letter_spaced(row: Sequence[Char]) -> set[int]:
    """Gaps (by index: between row[k] and row[k + 1]) inside letter-spaced text: three or more
    gaps in a row of the same width (up to 3 em), between glyphs of one size. A display line
    set one character apart ("中 国 海 油 党 组 召 开", a slogan spread across the page) is one
    line, never one column per character; a gutter between columns is one gap, and its
    neighbours are not like it."""
    found: set[int] = set()
    k = 0
    while k < len(row) - 1:
        size = row[k].size
        width = row[k + 1].box.x0 - row[k].box.x1
        j = k
        while (j < len(row) - 1 and abs(row[j + 1].size - size) <= 0.02 * size
               and 0 < width <= 3.0 * size
               and abs((row[j + 1].box.x0 - row[j].box.x1) - width) <= max(0.5, 0.05 * size)
               and row[j + 1].text.strip()):
            j += 1
        if j - k >= 3:
            found.update(range(k, j))
        k = max(j, k + 1)
    return found


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _display_word_space(prev: Char, ch: Char, gap: float, em: float) -> bool:
    """A space between two Latin words set large ("CHINA OFFSHORE OIL PRESS" in a masthead): under
    an em of the type's own size, where a gap in body-size ems would read as a gutter."""
    return (min(prev.size, ch.size) >= 1.3 * em and gap <= min(prev.size, ch.size)
            and _latin(prev.text[-1:]) and _latin(ch.text[:1]))


def _aligned(r: int, k: int, rows: list[list[Char]], starts: list[list[float]]) -> bool:
    """A narrow gutter: rows just above or below it are blank there too, with text that
    stops at (or starts from) the same edges.

    A space between words or in a spaced-out name lines up with text in the rows around
    it; a gutter between columns stays blank all the way down.
    """
    row = rows[r]
    x0, x1 = row[k].box.x1, row[k + 1].box.x0
    mid, em, top = (x0 + x1) / 2, row[k].size, row[0].box.top
    hits, needed = 0, 1 if x1 - x0 >= 0.9 * em else 2  # a gap of almost an em needs less
    for j in range(max(0, r - 24), min(len(rows), r + 25)):
        if j == r or abs(rows[j][0].box.top - top) > 6 * em:
            continue
        i = bisect_left(starts[j], mid)  # rows[j][i] is the first glyph right of mid
        left, right = (rows[j][i - 1] if i else None), (rows[j][i] if i < len(rows[j]) else None)
        blank = left is None or left.box.x1 <= mid
        touches = ((left is not None and abs(left.box.x1 - x0) <= 0.5 * em)
                   or (right is not None and abs(right.box.x0 - x1) <= 0.5 * em))
        hits += blank and touches
        if hits >= needed:
            return True
    return False


def _line(run: Sequence[Char]) -> list[Line]:
    glyphs = [c for c in run if c.text.strip()]
    if not glyphs:
        return []
    gaps = sorted(b.box.x0 - a.box.x1 for a, b in zip(glyphs, glyphs[1:]))
    usual = gaps[len(gaps) // 2] if gaps else 0.0  # the line's own letter spacing (justified lines)
    widest = gaps[-1] if gaps else 0.0
    size = run[0].size
    spaced = _letter_spaced(run) if len(run) >= 4 and widest > min(usual + 0.2 * size, WORD_GAP * size) else set()
    parts: list[str] = []
    for k, (prev, ch) in enumerate(zip(run, run[1:])):
        parts.append(prev.text)
        gap, size = ch.box.x0 - prev.box.x1, max(prev.size, ch.size)
        if prev.text.strip() and ch.text.strip() and k not in spaced and (
                gap > WORD_GAP * size  # spaced out without a space glyph (names, credits)
                or gap > usual + SPACE_GAP * size  # wider than the line's own letter spacing
                or (_latin(prev.text[-1]) and _latin(ch.text[0]) and gap > usual + 0.25 * size)):
            parts.append(" ")  # words positioned apart rather than separated by a space glyph
    parts.append(run[-1].text)
    text = " ".join("".join(parts).split())
    box = Box(min(c.box.x0 for c in glyphs), min(c.box.top for c in glyphs),
              max(c.box.x1 for c in glyphs), max(c.box.bottom for c in glyphs))
    sizes = sorted(c.size for c in glyphs)
    font = Counter(c.font for c in glyphs).most_common(1)[0][0]
    return [Line(text, box, sizes[len(sizes) // 2], font)]


def body_style(lines: Iterable[Line]) -> tuple[float, str]:
    """The (size, font) that most characters are set in."""
    count: Counter[tuple[float, str]] = Counter()
    for ln in lines:
        count[ln.style] += len(ln.text)
    return count.most_common(1)[0][0] if count else (10.0, "")


def is_body(line: Line, body: tuple[float, str]) -> bool:
    return abs(line.size - body[0]) <= 0.06 * body[0]


def find_columns(lines: Sequence[Line], body: tuple[float, str]) -> list[tuple[float, float]]:
    """Columns as (left, right) edges: the merged x-ranges of body-size lines.

    Short lines (the tail of a paragraph) still lie inside their column, so merging
    overlapping ranges finds each column with the gutters between them. A column that
    holds no body text (only a heading or a caption) is added where the grid's column
    width and gutter say it should be.
    """
    spans = sorted(_column_spans([(ln.box.x0, ln.box.x1) for ln in lines
                                  if is_body(ln, body) and ln.box.width >= 4 * body[0]]))
    cols: list[tuple[float, float]] = []
    for x0, x1 in spans:
        if cols and x0 < cols[-1][1] - 0.5:
            cols[-1] = (cols[-1][0], max(cols[-1][1], x1))
        else:
            cols.append((x0, x1))
    if not cols:
        return cols
    width = sorted(x1 - x0 for x0, x1 in cols)[len(cols) // 2]
    gutter = min((b[0] - a[1] for a, b in zip(cols, cols[1:])), default=1.5 * body[0])
    for ln in sorted(lines, key=lambda ln: ln.box.x0):
        if not any(ln.box.x_overlap(x0, x1) > 0 for x0, x1 in cols):
            _add_column(cols, ln.box, width, gutter)
    return cols


def _column_spans(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The spans minus those running across two columns (a caption under a picture two columns
    wide, set in body type): a span that covers the middles of two or more side-by-side spans
    that many lines share (the justified lines of a column) would merge those columns."""
    counts = Counter((round(x0), round(x1)) for x0, x1 in spans)
    shared = sorted(span for span, n in counts.items() if n >= 3)

    def across(x0: float, x1: float) -> bool:
        inside = [(a, b) for a, b in shared if x0 <= (a + b) / 2 <= x1 and b - a < 0.8 * (x1 - x0)]
        return any(b1 <= a2 for (a1, b1) in inside for (a2, b2) in inside)  # two side by side

    return [span for span in spans if not across(*span)]


def _add_column(cols: list[tuple[float, float]], box: Box, width: float, gutter: float) -> None:
    """Add the grid column that a stray line falls in, if the grid reaches that far."""
    for step in (1, -1):
        edge = cols[-1] if step == 1 else cols[0]
        x0 = edge[1] + gutter if step == 1 else edge[0] - gutter - width
        while (x0 < box.x1 if step == 1 else x0 + width > box.x0):
            if box.x0 >= x0 - gutter / 2 and box.x1 <= x0 + width + gutter / 2:
                cols.append((x0, x0 + width))
                cols.sort()
                return
            x0 += step * (width + gutter)
    cols.append((box.x0, box.x1))  # off the grid: the line is a column of its own
    cols.sort()


def covered(box: Box, cols: Sequence[tuple[float, float]]) -> list[int]:
    """Indices of the columns a box lies over (at least half of it or of the column)."""
    hit = [i for i, (x0, x1) in enumerate(cols)
           if box.x_overlap(x0, x1) >= 0.5 * min(box.width, x1 - x0)]
    if hit or not cols:
        return hit
    centre = (box.x0 + box.x1) / 2
    return [min(range(len(cols)), key=lambda i: abs((cols[i][0] + cols[i][1]) / 2 - centre))]
