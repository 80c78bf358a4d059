"""Lines and columns -> articles: headlines, bands between rules, reading order.

Hand-written like ``layout``: no library knows where one newspaper article ends and the
next begins. A headline claims the columns below it; rules and wide blanks end a claim.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cmp_to_key
from typing import Optional, Sequence

from .layout import Box, Line, covered, find_columns

# In ems of body text, like the thresholds in ``layout``.
HEADLINE = 1.3  # headline text is at least this much bigger than body text
DECK = 1.05  # kickers/subtitles: bigger than body, smaller than headlines
WIDE_GAP = 3.5  # a blank this tall between two blocks of a column separates them

RULE, HEAD, PICTURE, TEXT = range(4)  # kinds of things met walking down a column


@dataclass(frozen=True)
class Head:
    """A headline (one or more lines) with the kicker lines above and subtitles below."""

    lines: tuple[Line, ...]
    kicker: tuple[Line, ...]
    subtitle: tuple[Line, ...]

    @property
    def box(self) -> Box:
        box = self.lines[0].box
        for ln in self.lines[1:] + self.kicker + self.subtitle:
            box = box.union(ln.box)
        return box


def find_heads(lines: Sequence[Line], body: tuple[float, str]) -> tuple[list[Head], list[Line]]:
    """Split lines into headlines (with their kickers and subtitles) and the rest.

    Display lines (bigger than body text) that are stacked right on top of each other
    form a group; a group with headline-size text is a head: its biggest lines are the
    headline, smaller ones above it the kicker, below it the subtitle. A lone deck-size
    line among the body (a section heading) is left alone.
    """
    groups: list[list[Line]] = []
    for ln in (ln for ln in lines if ln.size >= DECK * body[0]):
        best, best_overlap = None, -1.0
        for group in groups:  # the group right above it that it overlaps most
            last = group[-1]
            gap = ln.box.top - last.box.bottom
            near = min(ln.size, last.size)
            if (-0.2 * ln.size < gap < 1.2 * near
                    and ln.box.x_overlap(last.box.x0 - near, last.box.x1 + near) > 0
                    and ln.box.x_overlap(last.box.x0, last.box.x1) > best_overlap):
                best, best_overlap = group, ln.box.x_overlap(last.box.x0, last.box.x1)
        if best is not None:
            best.append(ln)
        else:
            groups.append([ln])
    heads: list[Head] = []
    for group in groups:
        top_size = max(ln.size for ln in group)
        if top_size < HEADLINE * body[0]:
            continue
        main = [i for i, ln in enumerate(group) if ln.size >= 0.9 * top_size]
        first, last = main[0], main[-1]
        heads.append(Head(tuple(group[first:last + 1]), tuple(group[:first]), tuple(group[last + 1:])))
    used = {id(ln) for h in heads for ln in h.lines + h.kicker + h.subtitle}
    return heads, [ln for ln in lines if id(ln) not in used]


@dataclass(frozen=True)
class Piece:
    """One article as found on the page: its head (or None) and its lines in reading order."""

    head: Optional[Head]
    lines: tuple[Line, ...]
    cols: tuple[tuple[float, float], ...]  # the band's columns, for indentation tests

    @property
    def box(self) -> Box:
        boxes = [ln.box for ln in self.lines] + ([self.head.box] if self.head else [])
        box = boxes[0]
        for b in boxes[1:]:
            box = box.union(b)
        return box

    def column_of(self, line: Line) -> tuple[float, float]:
        """The (left, right) of the columns a line lies over."""
        idx = covered(line.box, self.cols)
        return (self.cols[idx[0]][0], self.cols[idx[-1]][1]) if idx else (line.box.x0, line.box.x1)


def split_articles(lines: Sequence[Line], heads: Sequence[Head], rules: Sequence[Box],
                   images: Sequence[Box], body: tuple[float, str]) -> list[Piece]:
    """Cut the page into bands at full-width rules, then into articles within each band."""
    if not lines and not heads:
        return []
    everything = [ln.box for ln in lines] + [h.box for h in heads]
    left, right = min(b.x0 for b in everything), max(b.x1 for b in everything)
    cuts = sorted(r.top for r in rules if _horizontal(r) and r.width >= 0.75 * (right - left))
    bands: dict[int, tuple[list[Line], list[Head]]] = {}
    for ln in lines:
        bands.setdefault(_band(ln.box, cuts), ([], []))[0].append(ln)
    for h in heads:
        bands.setdefault(_band(h.lines[0].box, cuts), ([], []))[1].append(h)
    pieces: list[Piece] = []
    for key in sorted(bands):
        band_lines, band_heads = bands[key]
        pieces.extend(_band_articles(band_lines, band_heads, rules, images, body))
    return sorted(_merge_headless(pieces), key=cmp_to_key(_reading_before))


def _reading_before(a: "Piece", b: "Piece") -> int:
    """Side by side (overlapping in height): left first; otherwise the upper one first."""
    ba, bb = a.box, b.box
    if ba.y_overlap(bb) > 0:
        return -1 if ba.x0 < bb.x0 else 1 if ba.x0 > bb.x0 else 0
    return -1 if ba.top < bb.top else 1


def _horizontal(rule: Box) -> bool:
    return rule.width >= rule.height


def _band(box: Box, cuts: Sequence[float]) -> int:
    return sum(1 for y in cuts if y <= (box.top + box.bottom) / 2)


def _band_articles(lines: list[Line], heads: list[Head], rules: Sequence[Box],
                   images: Sequence[Box], body: tuple[float, str]) -> list[Piece]:
    """Walk each column top to bottom; a headline over a column claims what follows it.

    Text that no headline above it claims (after a rule or a wide gap, or beside a
    centred headline that does not reach over every column of its article) belongs to
    the article running in the nearest column beside it at that height, unless a
    vertical rule separates the two; failing that it is an article without a headline.
    """
    boxes = [ln.box for ln in lines] or [h.box for h in heads]
    cols = find_columns(lines, body) or [(min(b.x0 for b in boxes), max(b.x1 for b in boxes))]
    # per column: (top, kind, item) with kind RULE < HEAD < PICTURE < TEXT at equal tops
    events: list[list[tuple[float, int, object]]] = [[] for _ in cols]
    for ln in lines:
        events[covered(ln.box, cols)[0]].append((ln.box.top, TEXT, ln))
    for h in heads:  # a headline heads every column it reaches 2 ems into
        reach = [i for i, c in enumerate(cols) if h.box.x_overlap(*c) >= 2 * body[0]]
        for i in reach or covered(h.box, cols):
            events[i].append((h.box.top, HEAD, h))
    for im in images:
        for i in covered(im, cols):
            events[i].append((im.top, PICTURE, im))
    for r in rules:
        if _horizontal(r):
            for i in covered(r, cols):
                events[i].append((r.top, RULE, r))
    articles: list[tuple[Optional[Head], list[Line]]] = []
    head_ids: dict[int, int] = {}
    marks: list[list[tuple[float, Optional[int]]]] = [[] for _ in cols]  # (y, owner) per column
    runs: list[tuple[int, float, list[Line]]] = []  # unclaimed: column, top, lines
    for i, col_events in enumerate(events):
        owner: Optional[int] = None
        run: Optional[list[Line]] = None  # the unclaimed run being collected
        last_bottom: Optional[float] = None
        for top, kind, obj in sorted(col_events, key=lambda e: (e[0], e[1])):
            if kind == RULE or (kind in (PICTURE, TEXT) and last_bottom is not None
                                and top - last_bottom > WIDE_GAP * body[0]):
                owner, run = None, None  # a rule or a wide blank ends what ran above it
                marks[i].append((top, None))
            if kind == HEAD:
                assert isinstance(obj, Head)
                if id(obj) not in head_ids:
                    head_ids[id(obj)] = len(articles)
                    articles.append((obj, []))
                owner, run = head_ids[id(obj)], None
                marks[i].append((top, owner))
            elif kind == TEXT:
                assert isinstance(obj, Line)
                if owner is not None:
                    articles[owner][1].append(obj)
                elif run is not None:
                    run.append(obj)
                else:
                    run = [obj]
                    runs.append((i, top, run))
            last_bottom = None if kind == RULE else getattr(obj, "box", obj).bottom
    while runs:  # settle unclaimed runs from their neighbours; a new article if none
        for k, (i, top, found) in enumerate(runs):
            owner = _owner_beside(marks, i, top, cols, rules)
            if owner is not None:
                break
        else:
            k, (i, top, found) = 0, runs[0]
            owner = len(articles)
            articles.append((None, []))
        articles[owner][1].extend(found)
        marks[i].append((top, owner))
        marks[i].sort(key=lambda m: m[0])
        del runs[k]
    frozen_cols = tuple(cols)
    return [Piece(head, _reading_order(found, frozen_cols), frozen_cols)
            for head, found in articles if head or found]


def _owner_beside(marks: list[list[tuple[float, Optional[int]]]], i: int, y: float,
                  cols: Sequence[tuple[float, float]], rules: Sequence[Box]) -> Optional[int]:
    """The article running at height y in the nearest column to the left, else right."""
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(cols):
            g = j if step < 0 else j - 1  # the gutter just crossed: between g and g + 1
            gutter = (cols[g][1], cols[g + 1][0])
            if any(not _horizontal(r) and gutter[0] - 2 <= r.x0 <= gutter[1] + 2
                   and r.top <= y <= r.bottom for r in rules):
                break  # a vertical rule fences this column off
            before = [owner for top, owner in marks[j] if top <= y + 1]
            if before and before[-1] is not None:
                return before[-1]
            j += step
    return None


def _reading_order(lines: list[Line], cols: tuple[tuple[float, float], ...]) -> tuple[Line, ...]:
    """Columns left to right, top to bottom; a line over several columns starts a new tier."""
    tiers = sorted(ln.box.top for ln in lines if len(covered(ln.box, cols)) > 1)

    def key(ln: Line) -> tuple[int, int, float]:
        tier = sum(1 for t in tiers if t <= ln.box.top)
        idx = covered(ln.box, cols)
        return (tier, -1 if len(idx) > 1 else idx[0], ln.box.top)

    return tuple(sorted(lines, key=key))


def _merge_headless(pieces: list[Piece]) -> list[Piece]:
    """A headline with no text under it (a rule drawn below the headline cut it off)
    takes the headless article that starts right below it."""
    out: list[Piece] = []
    for piece in pieces:
        prev = out[-1] if out else None
        if (prev and prev.head and not prev.lines and piece.head is None and piece.lines
                and piece.box.top >= prev.head.box.bottom - 1
                and piece.box.x_overlap(prev.head.box.x0, prev.head.box.x1) > 0):
            out[-1] = replace(piece, head=prev.head)
        else:
            out.append(piece)
    return out
