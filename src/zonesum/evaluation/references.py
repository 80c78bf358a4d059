"""Hand-written references: what the pipeline should find and write for each article.

Format (documented in ``eval/README.md``): JSON Lines, one zone a line, the lines of one
article together and in article order::

    {"article": "qingdao-nine-zones", "path": "../shared/examples/qingdao-nine-zones.txt",
     "zone": "青岛蓝谷", "aliases": [], "summary_zh": "…", "summary_en": "…",
     "translation_en": "…"}

- ``article``: a short id; ``path``: the article's text file. A relative path is looked up
  next to the references file, then at the repository root, then in the current folder,
  so ``../shared/…`` works from a checkout.
- ``zone``: the zone's name as the article writes it; ``aliases`` (optional): other names
  that count as finding it.
- ``summary_zh``: a hand-written Chinese summary of the zone; ``summary_en``: its English
  translation; ``translation_en``: an English translation of the zone's whole text (every
  paragraph about the zone, in article order).
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..config import REPO_ROOT
from ..errors import InputError

REQUIRED = ("article", "path", "zone", "summary_zh", "summary_en", "translation_en")


def default_references() -> Path:
    """The references shipped in the repository."""
    return REPO_ROOT / "eval" / "references.jsonl"


@dataclass(frozen=True)
class ZoneReference:
    name: str
    aliases: tuple[str, ...]
    summary_zh: str
    summary_en: str
    translation_en: str

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class ArticleReference:
    id: str
    path: Path  # resolved; may not exist (the caller reports it)
    zones: tuple[ZoneReference, ...]


def load_references(path: str | Path) -> tuple[ArticleReference, ...]:
    """Read and check a references file; articles and zones keep the file's order."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"references not found: {path}")
    if not path.read_bytes().strip():  # datasets' own error for this says nothing useful
        raise InputError(f"{path}: no references in the file")
    rows = _read_rows(path)
    articles: dict[str, tuple[str, list[ZoneReference]]] = {}
    for n, row in enumerate(rows, start=1):  # rows: blank lines do not count
        for key in REQUIRED:
            value = row.get(key)
            if not isinstance(value, str) or not value.strip():
                raise InputError(f"{path}: row {n}: '{key}' is missing or empty")
        aliases = row.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise InputError(f"{path}: row {n}: 'aliases' must be a list of names")
        article_path, zones = articles.setdefault(row["article"], (row["path"], []))
        if row["path"] != article_path:
            raise InputError(f"{path}: row {n}: article '{row['article']}' has two paths: "
                             f"{article_path} and {row['path']}")
        if any(z.name == row["zone"].strip() for z in zones):
            raise InputError(f"{path}: row {n}: zone '{row['zone']}' listed twice "
                             f"for article '{row['article']}'")
        zones.append(ZoneReference(
            name=row["zone"].strip(), aliases=tuple(a.strip() for a in aliases),
            summary_zh=row["summary_zh"].strip(), summary_en=row["summary_en"].strip(),
            translation_en=row["translation_en"].strip()))
    return tuple(ArticleReference(article_id, _resolve(article_path, path), tuple(zones))
                 for article_id, (article_path, zones) in articles.items())


def _read_rows(path: Path) -> list[dict]:
    """Rows through ``datasets`` (local JSON builder, no hub), in memory, cache in a temp dir
    so an edited file is never served from a stale cache."""
    import datasets

    datasets.disable_progress_bars()
    verbosity = datasets.logging.get_verbosity()
    # datasets logs its own multi-line error before raising; we print one line instead
    datasets.logging.set_verbosity(datasets.logging.CRITICAL)
    with tempfile.TemporaryDirectory(prefix="zonesum-refs-") as cache:
        try:
            table = datasets.Dataset.from_json(str(path), cache_dir=cache, keep_in_memory=True)
        except Exception as exc:  # datasets wraps JSON/type errors in several classes
            cause = exc.__cause__ or exc
            raise InputError(f"{path}: not valid JSON Lines references "
                             f"({type(cause).__name__}: {_first_line(cause)})",
                             hint="one JSON object a line; see eval/README.md") from None
        finally:
            datasets.logging.set_verbosity(verbosity)
        return table.to_list()


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else "no details"


def _resolve(relative: str, references: Path) -> Path:
    candidate = Path(relative)
    if candidate.is_absolute():
        return candidate
    bases = (references.resolve().parent, REPO_ROOT, Path.cwd())
    for base in bases:
        if (base / candidate).exists():
            return (base / candidate).resolve()
    return bases[0] / candidate
