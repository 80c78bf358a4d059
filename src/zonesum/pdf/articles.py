"""Lines and columns -> articles: headlines, bands between rules, reading order.

Hand-written like ``layout``: no library knows where one newspaper article ends and the
next begins. A headline claims the columns below it; rules and wide blanks end a claim.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional, Sequence

from .layout import Box, Line, covered, find_columns

# In ems of body text, like the thresholds in ``layout``.
HEADLINE = 1.3  # headline text is at least this much bigger than body text
DECK = 1.05  # kickers/subtitles: bigger than body, smaller than headlines
WIDE_GAP = 3.5  # a blank this tall between two blocks of a column separates them
STRIP = 2.5  # a blank this tall across a whole region separates what is above it from what is below
CORRIDOR = 1.0  # a blank this wide down a whole region, with headlines either side, separates them
ROW = 2.0  # articles starting this close in height are read left to right

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
            if len(group) > 1 and _beside(last, ln):
                best, best_overlap = group, float("inf")
            elif (-0.2 * ln.size < gap < 1.2 * near
                    and ln.box.x_overlap(last.box.x0 - near, last.box.x1 + near) > 0
                    and ln.box.x_overlap(last.box.x0, last.box.x1) > best_overlap):
                best, best_overlap = group, ln.box.x_overlap(last.box.x0, last.box.x1)
        if best is not None:
            best.append(ln)
        else:
            groups.append([ln])
    used = {id(ln) for group in groups for ln in group}
    heads: list[Head] = []
    for group in map(_rows_joined, groups):
        top_size = max(ln.size for ln in group)
        if top_size < HEADLINE * body[0]:
            continue
        main = [i for i, ln in enumerate(group) if ln.size >= 0.9 * top_size]
        first, last = main[0], main[-1]
        heads.append(Head(tuple(group[first:last + 1]), tuple(group[:first]), tuple(group[last + 1:])))
    used -= {id(ln) for group in groups if max(ln.size for ln in group) < HEADLINE * body[0] for ln in group}
    return heads, [ln for ln in lines if id(ln) not in used]


def _beside(last: Line, ln: Line) -> bool:
    """A display line right after another on the same row, under an em of its size away: the
    phrases of a subtitle set apart ("汪东进致辞  周心怀出席并讲话"). Only lines below a group's
    first line are joined so: two headlines side by side stay two."""
    return (abs(ln.size - last.size) <= 0.05 * ln.size
            and ln.box.y_overlap(last.box) >= 0.5 * min(ln.box.height, last.box.height)
            and 0 <= ln.box.x0 - last.box.x1 <= 1.5 * ln.size)


def _rows_joined(group: list[Line]) -> list[Line]:
    """Lines of a head group that share a row, made one line (text joined with a space)."""
    out: list[Line] = []
    for ln in group:
        prev = out[-1] if out else None
        if prev is not None and _beside(prev, ln):
            out[-1] = Line(prev.text + " " + ln.text, prev.box.union(ln.box), prev.size, prev.font)
        else:
            out.append(ln)
    return out


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
    """Cut the page into regions (``_regions``), then into articles within each region."""
    if not lines and not heads:
        return []
    pieces: list[Piece] = []
    for region_lines, region_heads in _regions(list(lines), list(heads), rules, images, body):
        area = _bounds([ln.box for ln in region_lines] + [h.box for h in region_heads])
        pieces.extend(_band_articles(region_lines, region_heads, [r for r in rules if _touches(r, area)],
                                     [im for im in images if _touches(im, area)], body))
    return _in_reading_order(_merge_headless(pieces), body)


def _regions(lines: list[Line], heads: list[Head], rules: Sequence[Box], images: Sequence[Box],
             body: tuple[float, str]) -> list[tuple[list[Line], list[Head]]]:
    """Cut a part of the page in two, again and again (an XY-cut), where it clearly holds two
    things: at a rule across it; across a blank running its whole width taller than ``STRIP``
    ems (a commentary on a two-column grid under a three-column article); down a blank running
    its whole height with a headline on either side (two articles side by side, each on its own
    grid). What cannot be cut is a region: its own columns are found there.
    """
    boxes = [ln.box for ln in lines] + [h.box for h in heads]
    if not boxes:
        return []
    area = _bounds(boxes)
    em = body[0]

    def split(key) -> Optional[list[tuple[list[Line], list[Head]]]]:
        parts: dict[int, tuple[list[Line], list[Head]]] = {}
        for ln in lines:
            parts.setdefault(key(ln.box), ([], []))[0].append(ln)
        for h in heads:
            parts.setdefault(key(h.lines[0].box), ([], []))[1].append(h)
        if len(parts) < 2:
            return None
        return [region for k in sorted(parts) for region in _regions(*parts[k], rules, images, body)]

    cuts = sorted(r.top for r in rules if _horizontal(r) and area.top < r.top < area.bottom
                  and r.x_overlap(area.x0, area.x1) >= 0.75 * area.width)
    if cuts and (found := split(lambda box: _band(box, cuts))):
        return found
    pictures = [(im.top, im.bottom) for im in images if _touches(im, area)]
    strips = [y0 for y0, y1 in _blanks([(b.top, b.bottom) for b in boxes] + pictures) if y1 - y0 >= STRIP * em]
    if strips and (found := split(lambda box: _band(box, strips))):
        return found
    for x0, x1 in sorted(_blanks([(b.x0, b.x1) for b in boxes]), key=lambda g: g[0] - g[1]):
        if x1 - x0 >= CORRIDOR * em and all(_headed(side, heads) for side in (
                [ln for ln in lines if ln.box.x1 <= x0], [ln for ln in lines if ln.box.x0 >= x1])):
            if found := split(lambda box, at=x0: int(box.x0 >= at)):
                return found
    return [(lines, heads)]


def _headed(lines: Sequence[Line], heads: Sequence[Head]) -> bool:
    """Every line has a headline above it on its side that reaches over it: cutting there leaves
    no text without its article (a two-column article whose headline covers one column only
    must not lose its second column to the article beside it)."""
    return bool(lines) and all(any(h.box.top <= ln.box.top and h.box.x_overlap(ln.box.x0, ln.box.x1) > 0
                                   for h in heads) for ln in lines)


def _blanks(spans: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """The gaps between the merged spans."""
    gaps: list[tuple[float, float]] = []
    end = None
    for a, b in sorted(spans):
        if end is not None and a > end:
            gaps.append((end, a))
        end = b if end is None else max(end, b)
    return gaps


def _bounds(boxes: Sequence[Box]) -> Box:
    box = boxes[0]
    for b in boxes[1:]:
        box = box.union(b)
    return box


def _touches(box: Box, area: Box, margin: float = 2.0) -> bool:
    return (box.x0 <= area.x1 + margin and box.x1 >= area.x0 - margin
            and box.top <= area.bottom + margin and box.bottom >= area.top - margin)


def _in_reading_order(pieces: list[Piece], body: tuple[float, str]) -> list[Piece]:
    """Rows of articles that start at about the same height (within ``ROW`` ems), left to right;
    the rows top to bottom."""
    rows: list[list[Piece]] = []
    for piece in sorted(pieces, key=lambda p: (p.box.top, p.box.x0)):
        if rows and piece.box.top - rows[-1][0].box.top <= ROW * body[0]:
            rows[-1].append(piece)
        else:
            rows.append([piece])
    return [piece for row in rows for piece in sorted(row, key=lambda p: p.box.x0)]


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
    return [Piece(head, _reading_order(found, frozen_cols), _own_edges(found, frozen_cols))
            for head, found in articles if head or found]


def _own_edges(lines: Sequence[Line], cols: tuple[tuple[float, float], ...]) -> tuple[tuple[float, float], ...]:
    """The band's columns with each left edge where the article's own lines start: an article
    set on a slightly shifted grid (a boxed commentary inside a wider one) would otherwise
    read as indented on every line."""
    starts: dict[int, list[float]] = {}
    for ln in lines:
        idx = covered(ln.box, cols)
        if len(idx) == 1:
            starts.setdefault(idx[0], []).append(ln.box.x0)
    return tuple((max(left, min(starts[i])) if len(starts.get(i, ())) >= 3 else left, right)
                 for i, (left, right) in enumerate(cols))


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
    """Columns left to right, top to bottom; a line across all the article's columns starts a
    new tier. A line across only some of them (a caption under a picture two columns wide)
    is read in the first column it covers, where it stands."""
    over = {id(ln): covered(ln.box, cols) for ln in lines}
    used = {idx[0] for idx in over.values() if len(idx) == 1}
    tiers = sorted(ln.box.top for ln in lines if len(over[id(ln)]) > 1 and used <= set(over[id(ln)]))

    def key(ln: Line) -> tuple[int, int, float]:
        tier = sum(1 for t in tiers if t <= ln.box.top)
        idx = over[id(ln)]
        return (tier, -1 if len(idx) > 1 and used <= set(idx) else idx[0], ln.box.top)

    return tuple(sorted(lines, key=key))


def _merge_headless(pieces: list[Piece]) -> list[Piece]:
    """A headline with no text under it (a rule or a blank under the headline cut it off)
    takes the headless article that starts closest below it, under it."""
    out = list(pieces)
    for piece in pieces:
        if not (piece.head and not piece.lines) or piece not in out:
            continue
        head = piece.head.box
        below = [p for p in out if p.head is None and p.lines and p.box.top >= head.bottom - 1
                 and p.box.x_overlap(head.x0, head.x1) > 0]
        if below:
            body = min(below, key=lambda p: p.box.top)
            out[out.index(body)] = replace(body, head=piece.head)
            out.remove(piece)
    return out
