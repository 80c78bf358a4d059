"""Traditional and Simplified Chinese: folding for matching, and OpenCC conversion.

``fold`` is what lets every rule in clean-up, discovery and chunking be written once, in
Simplified characters, and still match a Hong Kong or Taiwan page: rules run on the folded
text, and because folding maps one character to one character, every offset found there
is an offset in the original, which is what is kept and shown. Conversion of what the
user reads (``--to-simplified``) is OpenCC's job, an optional dependency.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from importlib.resources import files

from ..errors import ConfigError
from ..types import Document


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, int]:
    # Generated from OpenCC's tables by scripts/gen_fold_table.py: "區区" a line.
    text = files("zonesum.text").joinpath("data").joinpath("t2s-chars.txt").read_text(encoding="utf-8")
    return {ord(line[0]): ord(line[1]) for line in text.splitlines() if line and not line.startswith("#")}


@lru_cache(maxsize=1)
def _traditional() -> re.Pattern:
    return re.compile("[" + "".join(re.escape(chr(c)) for c in _fold_table()) + "]")


def fold(text: str) -> str:
    """``text`` with each Traditional character replaced by its Simplified one (same length)."""
    # Most text is Simplified: one scan for a Traditional character costs a fraction of a
    # translate, which builds a new string character by character.
    return text.translate(_fold_table()) if _traditional().search(text) else text


def to_simplified(document: Document) -> Document:
    try:
        import opencc
    except ImportError as exc:
        raise ConfigError("--to-simplified needs OpenCC", hint="pip install 'zonesum[opencc]'") from exc
    converter = opencc.OpenCC("t2s")
    return replace(document, text=converter.convert(document.text))
