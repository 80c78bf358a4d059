"""Reading one-segment-a-line files, with the one-line errors the CLI prints."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Mapping, Sequence

from ..errors import InputError


def read_segments(path: str | Path) -> list[str]:
    """The lines of a UTF-8 text file (a BOM is dropped); ``-`` reads stdin.

    Lines are split on ``\\n`` only (``\\r\\n`` is normalised first), as sacrebleu's CLI
    does: ``str.splitlines`` would also split on U+2028 and similar and miscount segments.
    """
    name = str(path)
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, expected a text file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid UTF-8 (byte {exc.start})",
                         hint="convert it first, e.g. iconv -f GB18030 -t UTF-8") from None
    text = text.replace("\r\n", "\n")
    if not text.strip():
        raise InputError(f"{name}: file is empty")
    lines = text.split("\n")
    if lines[-1] == "":  # the final newline ends the last segment, it does not start one
        lines.pop()
    return lines


def check_aligned(hyp_name: str, hyps: Sequence[str], refs: Mapping[str, Sequence[str]]) -> None:
    """Raise unless every reference file has exactly as many segments as the hypotheses."""
    if not refs:
        raise InputError("no reference given")
    for ref_name, ref in refs.items():
        if len(ref) != len(hyps):
            raise InputError(f"line counts differ: {hyp_name} has {len(hyps)} lines, "
                             f"{ref_name} has {len(ref)}")
