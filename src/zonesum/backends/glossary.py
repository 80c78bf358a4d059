"""Fixed translations of proper nouns, protected through the model and checked afterwards.

Translation models mangle proper nouns (上合示范区 comes out as "Shanghe Demonstration Area").
Before translating, each glossary term in the Chinese text is replaced by a placeholder
made of Latin capitals (``ZXA``, ``ZXB``…), which models copy through like an acronym;
after translating, each placeholder is replaced by the term's official English. Every
output is then checked: a term of the source whose English is missing from the output
becomes a warning.
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

import yaml

from ..config import load_yaml
from ..errors import ConfigError
from ..text.figures import located
from ..types import ZoneName

PLACEHOLDER_PREFIX = "ZX"


def placeholder(index: int, prefix: str = PLACEHOLDER_PREFIX) -> str:
    """ZXA, ZXB, … ZXZ, ZXAA, …: letters only, so they never look like figures."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = string.ascii_uppercase[rest] + letters
    return prefix + letters


def _loose(code: str) -> re.Pattern:
    """A placeholder as a model may give it back: any case, spaces between letters."""
    body = r"\s*".join(re.escape(ch) for ch in code)
    return re.compile(rf"(?<![A-Za-z]){body}(?![A-Za-z])", re.I)


def _normal(text: str) -> str:
    return re.sub(r"[\s\-‐–—]+", " ", text).casefold()


@dataclass(frozen=True)
class Protected:
    """Chinese text with glossary terms swapped for placeholders."""

    text: str
    slots: tuple[tuple[str, str, str], ...]  # (placeholder, zh, en)

    def within(self, piece: str) -> "Protected":
        """A piece of this text, with the slots whose placeholder it contains."""
        return Protected(piece, tuple(slot for slot in self.slots if _loose(slot[0]).search(piece)))

    def unprotect(self, text: str) -> str:
        """Put the Chinese terms back (to retry a piece without protection)."""
        for code, zh, _ in self.slots:
            text = _loose(code).sub(zh, text)
        return text

    def restore(self, output: str) -> tuple[str, tuple[str, ...]]:
        """Swap placeholders in a translation for official English; also return the Chinese
        terms whose placeholder the model lost."""
        lost = []
        for code, zh, en in self.slots:
            pattern = _loose(code)
            if code in output or pattern.search(output):
                output = pattern.sub(en, output)
            else:
                lost.append(zh)
        return output, tuple(lost)


class Glossary:
    """Chinese terms and their official English; longer terms win where terms overlap."""

    def __init__(self, terms: Mapping[str, str] | None = None):
        self.terms: dict[str, str] = {zh: en for zh, en in (terms or {}).items() if zh and en}
        ordered = sorted(self.terms, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def __len__(self) -> int:
        return len(self.terms)

    @classmethod
    def load(cls, path: str | Path) -> "Glossary":
        """Read a glossary YAML file: ``terms: {中文: English}``."""
        path = Path(path)
        if not path.is_file():
            raise ConfigError(f"glossary not found: {path}")
        try:
            data = load_yaml(path.read_text(encoding="utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise ConfigError(f"glossary {path} is not valid YAML: {str(exc).splitlines()[0]}") from exc
        if not isinstance(data, dict) or set(data) - {"terms"}:
            raise ConfigError(f"invalid glossary {path}: expected one key 'terms' mapping Chinese to English")
        terms = data.get("terms") or {}
        if not isinstance(terms, dict):
            raise ConfigError(f"invalid glossary {path}: key 'terms' must map Chinese terms to English")
        for zh, en in terms.items():
            if not isinstance(en, str) or not en.strip():
                raise ConfigError(f"invalid glossary {path}: key 'terms.{zh}' must be a non-empty English string")
        return cls({str(zh).strip(): en.strip() for zh, en in terms.items()})

    def merged(self, extra: Mapping[str, str] | None) -> "Glossary":
        """This glossary plus ``extra`` terms (zone names from the gazetteer); extra wins."""
        return Glossary({**self.terms, **(extra or {})}) if extra else self

    def find(self, text: str) -> list[str]:
        """Terms in ``text``, longest match first, without overlaps, in order."""
        return [m.group() for m in self._pattern.finditer(text)] if self._pattern else []

    def protect(self, text: str, prefix: str | None = PLACEHOLDER_PREFIX) -> Protected:
        """``text`` with each term (whose English differs from it) swapped for a placeholder
        starting with ``prefix``; ``prefix=None`` protects nothing (the check still runs)."""
        if not self._pattern or prefix is None:
            return Protected(text, ())
        codes: dict[str, str] = {}
        slots: list[tuple[str, str, str]] = []

        def swap(match: re.Match) -> str:
            zh = match.group()
            if self.terms[zh] == zh:  # RCEP stays RCEP: nothing to protect
                return zh
            if zh not in codes:
                codes[zh] = placeholder(len(codes), prefix)
                slots.append((codes[zh], zh, self.terms[zh]))
            before = text[match.start() - 1:match.start()]
            after = text[match.end():match.end() + 1]
            # keep the code a word of its own next to Latin letters or digits (上合示范区RCEP)
            return (" " if before.isascii() and before.isalnum() else "") + codes[zh] + \
                (" " if after.isascii() and after.isalnum() else "")

        return Protected(self._pattern.sub(swap, text), tuple(slots))

    def check(self, source_zh: str, output: str, label: str) -> list[str]:
        """One warning per term of ``source_zh`` whose English is missing from ``output``."""
        found = _normal(output)
        warnings = []
        for zh in dict.fromkeys(self.find(source_zh)):
            if _normal(self.terms[zh]) not in found:
                warnings.append(located(label, f'glossary term "{zh}" is not rendered as "{self.terms[zh]}"{{in}}'))
        return warnings


def zone_terms(zones: Iterable[ZoneName]) -> dict[str, str]:
    """Glossary entries for zone names: every form (name and aliases) → the English name."""
    return {form: zone.name_en for zone in zones if zone.name_en for form in zone.forms}
