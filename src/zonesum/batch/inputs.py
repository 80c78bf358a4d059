"""Batch inputs: expand files, folders and glob patterns, and give each a safe, unique output stem.

A stem is a relative POSIX path under OUT without extension (``2024/01/page3``). Every part is
rebuilt from a whitelist of characters, so no input name (``..``, absolute paths, control or
bidi characters, hidden names) can place an output outside OUT or hide it.
"""
from __future__ import annotations

import glob as globlib
import hashlib
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Sequence

from ..errors import ZonesumError

DEFAULT_GLOB = "*.txt"
RESERVED_STEMS = {"index"}  # OUT/index.json and OUT/index.html belong to the batch
_WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_PART_BYTES = 120  # leaves room for ".html" and the atomic writer's temp-name decoration
_GLOB_MAGIC = set("*?[")


class BatchUsageError(ZonesumError):
    """The command line names nothing to do, or something that does not exist."""

    exit_code = 2


@dataclass(frozen=True)
class InputItem:
    path: str  # as the user (or the folder walk) spelled it; becomes source.path in the brief
    stem: str  # relative POSIX path under OUT, without extension


def expand_inputs(inputs: Sequence[str | os.PathLike], patterns: str | Sequence[str] = DEFAULT_GLOB, *,
                  exclude: Path | None = None) -> list[InputItem]:
    """Files, folders (walked recursively for any of ``patterns``) and glob patterns, in a stable order."""
    if not inputs:
        raise BatchUsageError("no input given", hint="name files, folders or glob patterns")
    patterns = (patterns,) if isinstance(patterns, str) else tuple(patterns)
    found: list[tuple[str, PurePosixPath]] = []  # (path as spelled, relative name for the stem)
    for raw in map(str, inputs):
        found.extend(_expand_one(raw, patterns, exclude))
    seen: set[str] = set()
    unique: list[tuple[str, PurePosixPath]] = []
    for path, rel in found:
        key = os.path.realpath(path)
        if key not in seen:  # the same file named twice (or via a folder and a glob) runs once
            seen.add(key)
            unique.append((path, rel))
    if not unique:
        raise BatchUsageError(f"no input matches {' or '.join(map(repr, patterns))}",
                              hint="check the folders or change --glob")
    return assign_stems(unique)


def _expand_one(raw: str, patterns: tuple[str, ...], exclude: Path | None) -> list[tuple[str, PurePosixPath]]:
    if os.path.isdir(raw):
        return _walk(raw, raw, patterns, exclude)
    if os.path.exists(raw):
        return [(raw, PurePosixPath(os.path.basename(raw)))]
    if not _GLOB_MAGIC & set(raw):
        raise BatchUsageError(f"{raw}: no such file or folder", hint="check the path")
    base = _fixed_prefix(raw)
    matches = sorted(globlib.glob(raw, recursive=True))
    if not matches:
        raise BatchUsageError(f"{raw}: the pattern matches no file", hint="check the pattern")
    out: list[tuple[str, PurePosixPath]] = []
    for match in matches:
        if os.path.isdir(match):
            out.extend(_walk(match, base, patterns, exclude))
        elif not _inside(match, exclude):
            out.append((match, _relative(match, base)))
    return out


def _walk(folder: str, base: str, patterns: tuple[str, ...], exclude: Path | None) -> list[tuple[str, PurePosixPath]]:
    """Files under ``folder`` matching a pattern (case-insensitive); hidden names and OUT are left out."""
    out: list[tuple[str, PurePosixPath]] = []
    lowered = [p.lower() for p in patterns]
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _inside(os.path.join(top, d), exclude))
        for name in sorted(files):
            path = os.path.join(top, name)
            rel = _relative(path, base)
            if not name.startswith(".") and any(PurePosixPath(str(rel).lower()).match(p) for p in lowered):
                out.append((path, rel))
    return out


def _fixed_prefix(pattern: str) -> str:
    """The folder part of a glob pattern before its first wildcard (what relative names start from)."""
    parts = Path(pattern).parts
    fixed: list[str] = []
    for part in parts[:-1]:
        if _GLOB_MAGIC & set(part):
            break
        fixed.append(part)
    return os.path.join(*fixed) if fixed else "."


def _relative(path: str, base: str) -> PurePosixPath:
    try:
        rel = os.path.relpath(path, base)
    except ValueError:  # another drive on Windows
        rel = os.path.basename(path)
    if rel.startswith(".."):  # a match outside the fixed prefix (symlinks, `..` in the pattern)
        rel = os.path.basename(path)
    return PurePosixPath(*Path(rel).parts)


def is_inside(path: str | Path, folder: str | Path) -> bool:
    """``path`` is ``folder`` or below it, once symlinks are resolved."""
    real, root = os.path.realpath(path), os.path.realpath(folder)
    return real == root or real.startswith(root + os.sep)


def _inside(path: str, folder: Path | None) -> bool:
    return folder is not None and is_inside(path, folder)


def safe_part(name: str) -> str:
    """One path part rebuilt from letters, digits (any script), ``-``, ``_`` and inner dots."""
    name = unicodedata.normalize("NFC", name)
    part = "".join(c if c.isalnum() or c in "-_." else "_" for c in name).strip(". ")
    part = part.encode("utf-8")[:_PART_BYTES].decode("utf-8", "ignore").rstrip(". ")
    if not part:
        return "_"
    if part.split(".")[0].lower() in _WINDOWS_DEVICES:
        part += "_"
    return part


def safe_stem(rel: PurePosixPath | str) -> str:
    """``rel`` without its extension, every part made safe; never absolute, never with ``..``."""
    rel = PurePosixPath(str(rel))
    parts = [p for p in rel.parts if p not in ("/", "", ".", "..")]
    if not parts:
        return "_"
    parts[-1] = PurePosixPath(parts[-1]).stem if "." in parts[-1].strip(".") else parts[-1]
    return "/".join(safe_part(p) for p in parts)


def assign_stems(found: Iterable[tuple[str, PurePosixPath]]) -> list[InputItem]:
    """Safe stems; stems that clash (case-insensitively, with ``index`` or with a folder) get a hash."""
    found = list(found)
    stems = [safe_stem(rel) for _, rel in found]
    for width in (8, 16, 64):  # a suffixed stem could (in theory) clash again: widen the hash
        clashes = _clashes(stems)
        if not clashes:
            break
        stems = [f"{s}-{_digest(found[i][0])[:width]}" if i in clashes else s for i, s in enumerate(stems)]
    return [InputItem(path=path, stem=stem) for (path, _), stem in zip(found, stems)]


def _clashes(stems: list[str]) -> set[int]:
    folders = {str(parent).casefold() for s in stems for parent in PurePosixPath(s).parents if str(parent) != "."}
    by_key: dict[str, list[int]] = {}
    for i, stem in enumerate(stems):
        by_key.setdefault(stem.casefold(), []).append(i)
    clashing = {i for group in by_key.values() if len(group) > 1 for i in group}
    for i, stem in enumerate(stems):
        key = stem.casefold()
        if key in RESERVED_STEMS or any(f"{key}.{ext}" in folders for ext in ("json", "md", "html")):
            clashing.add(i)
    return clashing


def _digest(path: str) -> str:
    return hashlib.sha256(os.path.realpath(path).encode("utf-8", "surrogateescape")).hexdigest()
