"""Traditional -> Simplified conversion with OpenCC (optional: ``pip install zonesum[opencc]``)."""
from __future__ import annotations

from dataclasses import replace

from .errors import ConfigError
from .types import Document


def to_simplified(document: Document) -> Document:
    try:
        import opencc
    except ImportError as exc:
        raise ConfigError("--to-simplified needs OpenCC", hint="pip install 'zonesum[opencc]'") from exc
    converter = opencc.OpenCC("t2s")
    return replace(document, text=converter.convert(document.text))
