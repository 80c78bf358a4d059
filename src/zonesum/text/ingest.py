"""Bytes -> text: detect the encoding, refuse what is not text, normalise line endings."""
from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

from ..errors import InputError
from ..types import Document, Source

# Checked in this order: a BOM is proof of the encoding.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# What a Chinese newspaper page can plausibly be in, best guess first.
_CANDIDATES = ("utf_8", "gb18030", "big5", "utf_16", "big5hkscs")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Encoding and readability are judged on the first characters only: enough to tell, and a
# 50 MB page is not walked character by character in Python.
_SAMPLE = 200_000


def read_document(path: str | Path, *, max_bytes: int = 20_000_000) -> Document:
    """Read a text file from disk (see ``decode``)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file", hint="check the path")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not an article", hint="use `zonesum batch` for folders")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(f"{path}: {size:,} bytes is over the {max_bytes:,}-byte limit",
                         hint="raise limits.max_bytes in the config if this is really one article")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from exc
    return decode(data, path=str(path))


def decode(data: bytes, *, path: str | None = None) -> Document:
    """Decode raw bytes into a ``Document``; raise ``InputError`` for empty or binary input."""
    where = path or "input"
    source_hash = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise InputError(f"{where}: the file is empty", hint="give an article's text")
    text, encoding, replaced = _decode(data, where)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = _CONTROL.sub("", text)
    if not text.strip():
        raise InputError(f"{where}: the file holds no text", hint="give an article's text")
    return Document(text=text, source=Source(path=path, encoding=encoding, sha256=source_hash,
                                             size_bytes=len(data), replaced=replaced))


def _decode(data: bytes, where: str) -> tuple[str, str, int]:
    """Text, encoding, and how many undecodable bytes were replaced (a slightly damaged file)."""
    try:
        return (*_decode_strict(data, where), 0)
    except _Undecodable as refused:  # not for binary files or a broken byte-order mark
        damaged = _decode_damaged(data)
        if damaged is None:
            raise refused
        return damaged


class _Undecodable(InputError):
    """No encoding reads the bytes cleanly."""


def _decode_damaged(data: bytes) -> tuple[str, str, int] | None:
    """A page with a handful of bad bytes (a cut-off last character, a flipped byte) is read
    with those bytes replaced, and the result says so; heavier damage is refused."""
    allowed = max(3, len(data) // 2000)
    best = None
    for encoding in ("utf-8", "gb18030", "big5hkscs"):
        text = data.decode(encoding, errors="replace")
        replaced = text.count("\ufffd") - (data.count("\ufffd".encode(encoding)) if encoding != "big5hkscs" else 0)
        if replaced <= allowed and _commonness(text) >= 0.5 and (best is None or replaced < best[2]):
            best = (text, encoding, replaced)
    if best is not None and best[1] == "big5hkscs":
        best = (best[0], "big5", best[2])
    return best


def _decode_strict(data: bytes, where: str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"{where}: starts with a {encoding} byte-order mark but does not "
                                 f"decode as {encoding}", hint="re-save the file as UTF-8") from exc
            if _readability(text) < 0.5:
                raise InputError(f"{where}: looks like a binary file, not text",
                                 hint="give a plain-text article (.txt) or a PDF page")
            return text, encoding.replace("-sig", "-bom")
    if _looks_binary(data):
        raise InputError(f"{where}: looks like a binary file, not text",
                         hint="give a plain-text article (.txt) or a PDF page")
    try:  # the common case, and cheaper than detection
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _detect(data, where)


_CONTROLS = bytes(b for b in range(32) if b < 9 or b > 13)


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        # UTF-16 without a BOM: every other byte is NUL for ASCII, rarely for CJK; let detection try.
        return not _plausible_utf16(head)
    controls = len(head) - len(head.translate(None, _CONTROLS))  # counted in C
    return controls > len(head) * 0.05


def _plausible_utf16(head: bytes) -> bool:
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            sample = head[: len(head) // 2 * 2].decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(_CJK.findall(sample)) > len(sample) * 0.3:
            return True
    return False


def _detect(data: bytes, where: str) -> tuple[str, str]:
    # GB18030 and Big5 bytes often decode under both tables; the right one gives common
    # characters and Chinese punctuation, the wrong one rare characters and symbols.
    decoded = []
    for encoding in ("gb18030", "big5hkscs"):
        try:
            decoded.append((data.decode(encoding), encoding))
        except UnicodeDecodeError:
            continue
    if decoded:
        text, encoding = max(decoded, key=lambda d: _commonness(d[0]))
        if _commonness(text) >= 0.5:
            return text, "big5" if encoding == "big5hkscs" and _fits(text, "big5") else encoding
    return _detect_other(data, where)


def _fits(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
        return True
    except UnicodeEncodeError:
        return False


_PUNCTUATION = set("，。、“”：；！？（）《》—…「」『』")


def _commonness(text: str) -> float:
    """Share of characters that are common hanzi (GB2312 level 1 / Big5 level 1) or Chinese punctuation."""
    chars = [ch for ch in text[:_SAMPLE] if not ch.isspace() and not ch.isascii()]
    if not chars:
        return 0.0
    return sum(1 for ch in chars if ch in _PUNCTUATION or _is_common_hanzi(ch)) / len(chars)


def _is_common_hanzi(ch: str) -> bool:
    try:
        if 0xB0 <= ch.encode("gb2312")[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        return 0xA440 <= int.from_bytes(ch.encode("big5"), "big") <= 0xC67E
    except UnicodeEncodeError:
        return False


def _readability(text: str) -> float:
    """Share of characters that are letters, digits, spaces or punctuation of any script."""
    text = text[:_SAMPLE]
    if not text:
        return 0.0
    good = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t") - sum(1 for ch in text if "\ue000" <= ch <= "\uf8ff")
    hanzi_or_ascii = sum(1 for ch in text if ch.isascii() or _CJK.match(ch) or ch in _PUNCTUATION)
    return min(good, hanzi_or_ascii) / len(text)


def _detect_other(data: bytes, where: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(_CANDIDATES)).best()
    if best is None:
        raise _Undecodable(f"{where}: cannot be decoded as UTF-8, UTF-16, GB18030 or Big5",
                         hint="re-save the file as UTF-8")
    text = str(best)
    # charset-normalizer ranks by "chaos"; a page of Chinese that decodes to few CJK characters
    # was decoded with the wrong table.
    if len(_CJK.findall(text)) < len(text.strip()) * 0.2:
        raise _Undecodable(f"{where}: decodes as {best.encoding} but holds almost no Chinese text",
                         hint="check that this is a Chinese article; re-save it as UTF-8")
    return text, _canonical(best.encoding)


def _canonical(name: str) -> str:
    return {"utf_8": "utf-8", "utf_16": "utf-16", "gb18030": "gb18030", "big5": "big5",
            "big5hkscs": "big5hkscs"}.get(name, name.replace("_", "-"))
