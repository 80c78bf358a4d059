"""Chinese sentence and clause splitting, and packing pieces under a model's token budget.

Models see text in pieces that fit their input window. The pieces are cut at sentence ends
(。！？；…), then at clause marks (，、：) for a sentence that is still too long, and only as a
last resort at a token boundary, with a warning: nothing is truncated silently. Token counts
come from the model's own tokenizer (``count_tokens``), never from characters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

CountTokens = Callable[[str], int]

SENTENCE_ENDS = "。！？；!?…"
CLAUSE_MARKS = "，、：,:"
# closing quotes and brackets that belong to the sentence they close
CLOSERS = "”’」』）》】)\"'"

# A half-width "." or ";" right after Chinese text ends a sentence too (web copies, OCR output);
# "3.5" and "U.S." do not.
HALF_WIDTH_END = r"(?<=[\u3400-\u9fff”’」』）)%])[.;](?![\d.])"
_END = rf"(?:[{SENTENCE_ENDS}]+|{HALF_WIDTH_END})"
_SENTENCE = re.compile(rf"(?:(?!{_END}).)*{_END}[{re.escape(CLOSERS)}]*|.+$", re.S)
_CLAUSE = re.compile(rf"[^{CLAUSE_MARKS}]*[{CLAUSE_MARKS}]+|[^{CLAUSE_MARKS}]+$")


def split_sentences(text: str) -> list[str]:
    """Sentences of one paragraph, punctuation and closing quotes kept; blanks dropped.

    >>> split_sentences("他说：“好。”我们走吧！")
    ['他说：“好。”', '我们走吧！']
    """
    return [s.strip() for s in _SENTENCE.findall(text.strip()) if s.strip()]


def split_paragraphs(text: str) -> list[str]:
    """Non-empty lines of a multi-paragraph text."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def split_clauses(sentence: str) -> list[str]:
    """Clauses of a sentence, each keeping the mark that ends it."""
    return [c for c in _CLAUSE.findall(sentence) if c]


def hard_split(text: str, count_tokens: CountTokens, budget: int) -> list[str]:
    """Cut ``text`` into the longest character runs that fit ``budget`` tokens (no loss)."""
    pieces: list[str] = []
    rest = text
    while rest:
        if count_tokens(rest) <= budget:
            pieces.append(rest)
            break
        low, high = 1, len(rest)  # binary search for the longest fitting prefix
        while low < high:
            mid = (low + high + 1) // 2
            if count_tokens(rest[:mid]) <= budget:
                low = mid
            else:
                high = mid - 1
        pieces.append(rest[:low])
        rest = rest[low:]
    return pieces


@dataclass(frozen=True)
class Segments:
    """Pieces of one text that each fit the budget, and what had to be cut to get there."""

    pieces: tuple[str, ...]
    hard_cuts: int  # pieces cut at a token boundary because no clause mark was left


def fit_sentence(sentence: str, count_tokens: CountTokens, budget: int) -> Segments:
    """One sentence as pieces under ``budget``: whole, else by clauses, else hard cuts."""
    if count_tokens(sentence) <= budget:
        return Segments((sentence,), 0)
    pieces: list[str] = []
    hard_cuts = 0
    for clause in pack(split_clauses(sentence), count_tokens, budget):
        if count_tokens(clause) <= budget:
            pieces.append(clause)
        else:
            cut = hard_split(clause, count_tokens, budget)
            hard_cuts += len(cut) - 1
            pieces.extend(cut)
    return Segments(tuple(pieces), hard_cuts)


def pack(pieces: Sequence[str], count_tokens: CountTokens, budget: int, joiner: str = "") -> list[str]:
    """Join consecutive pieces greedily while the joined text fits ``budget`` tokens.

    A piece that alone exceeds the budget is passed through on its own; callers split it.
    The joined text is counted as a whole because subword boundaries can shift at the seams.
    """
    packed: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current}{joiner}{piece}" if current else piece
        if current and count_tokens(candidate) > budget:
            packed.append(current)
            current = piece
        else:
            current = candidate
    if current:
        packed.append(current)
    return packed


def segment(text: str, count_tokens: CountTokens, budget: int, *, pack_sentences: bool = True) -> list[Segments]:
    """Per paragraph: its sentences fitted to ``budget`` and (optionally) packed together."""
    paragraphs = []
    for paragraph in split_paragraphs(text):
        pieces: list[str] = []
        hard_cuts = 0
        for sentence in split_sentences(paragraph):
            fitted = fit_sentence(sentence, count_tokens, budget)
            pieces.extend(fitted.pieces)
            hard_cuts += fitted.hard_cuts
        if pack_sentences:
            pieces = pack(pieces, count_tokens, budget)
        paragraphs.append(Segments(tuple(pieces), hard_cuts))
    return paragraphs


def cap_chars(text: str, max_chars: int) -> tuple[str, str | None]:
    """``text`` cut to at most ``max_chars`` characters, and where it was cut (None: not cut):
    after the last whole sentence that fits ("sentence"), else at the last clause mark
    ("clause") or space ("word") with "…" added, else anywhere ("hard")."""
    if len(text) <= max_chars:
        return text, None
    kept = ""
    for sentence in split_sentences(text):
        if len(kept) + len(sentence) > max_chars:
            break
        kept += sentence
    if kept:
        return kept, "sentence"
    room = text[: max_chars - 1]  # keep one character for the ellipsis
    at = max(room.rfind(mark) for mark in CLAUSE_MARKS)
    if at > 0:
        return room[:at] + "…", "clause"
    at = room.rfind(" ")  # between words, not inside one (or inside a number)
    if at > 0:
        return room[:at].rstrip() + "…", "word"
    return room + "…", "hard"
