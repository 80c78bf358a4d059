"""A TrueType font made at test time (fontTools), so test pages can embed their font as
publishers' layout software does: every character a plain box, CJK one em wide, Latin half.

Pages set in reportlab's built-in STSong-Light carry no font program; a PDF engine then
cannot measure a glyph, and PDFium drops a text object of one character (its width comes out
zero). E-paper exports embed subsets of their fonts, which this stands in for.
"""
from __future__ import annotations

from pathlib import Path


def build_font(path: Path, family: str, text: str) -> Path:
    """Write a font named ``family`` with a glyph for every character of ``text``."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    chars = sorted({ch for ch in text if ch.strip()} | {" "})
    names = [".notdef"] + [f"uni{ord(ch):04X}" for ch in chars]
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord(ch): f"uni{ord(ch):04X}" for ch in chars})
    glyphs, metrics = {}, {}
    for name, ch in zip(names, [None] + chars):
        width = 1000 if ch is None or not ch.isascii() else 500
        pen = TTGlyphPen(None)
        if ch is not None and ch.strip():
            pen.moveTo((50, -80))
            pen.lineTo((50, 800))
            pen.lineTo((width - 50, 800))
            pen.lineTo((width - 50, -80))
            pen.closePath()
        glyphs[name] = pen.glyph()
        metrics[name] = (width, 50 if ch and ch.strip() else 0)
    fb.setupGlyf(glyphs)
    fb.setupHorizontalMetrics(metrics)
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": family, "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    fb.save(str(path))
    return path
