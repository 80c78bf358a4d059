"""Extractive Chinese summaries: whole sentences covering what a zone did and what it plans.

The offline summariser, and the fallback when no seq2seq model is installed. Hand-written:
the selection rules (one achievement, one plan, concrete figures first) are this domain's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Sequence

from ..text.script import fold
from ..text.sentences import split_clauses, split_paragraphs, split_sentences
from ..types import Generated

HARD_LIMIT = 200  # a zone summary is never longer, whatever the config says
_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:%|％|万|亿|千|百|个|项|家|条|名|人次|倍|元|美元|吨|平方米|公里|列|批)?")
_PLAN = re.compile(r"将|计划|力争|争取|目标|年内|全年|确保|预计|下一步|今后|到\d{4}年|下半年")
_PLAN_OPENING = re.compile(r"将|计划|目标|下一步")
_DANGLING = re.compile(r"^(?:其|这|该|此|他们|它们|同时|此外|另外|但|而且|并且|因此|所以)")
_DONE = re.compile(r"已|完成|实现|达到|突破|增长|落地|开工|启用|签约|引进|新增|累计|同比|一季度|今年以来")


@dataclass(eq=True, slots=True)
class _Sentence:
    text: str
    position: int
    first_in_paragraph: bool
    in_plan_paragraph: bool = False
    # Read again and again while pairs are tried (a sentence's score was computed six times
    # over): worked out once, when the sentence is made.
    folded: str = field(init=False, compare=False)  # Simplified forms: cue words match Traditional pages too
    figures: int = field(init=False, compare=False)
    is_plan: bool = field(init=False, compare=False)
    score: float = field(init=False, compare=False)

    def __post_init__(self) -> None:
        self.folded = fold(self.text)
        self.figures = len(_FIGURE.findall(self.text))
        self.is_plan = self.in_plan_paragraph or bool(_PLAN.search(self.folded))
        self.score = _score(self)


class ExtractiveSummarizer:
    """Pick whole sentences: the best achievement and the best plan, then fill up to the limit."""

    backend = "extractive"

    def summarize(self, texts: Sequence[str], max_chars: int, *,
                  labels: Sequence[str] | None = None) -> list[Generated]:
        # Whole source sentences: no figure can be invented, so there is nothing to check.
        limit = min(max_chars, HARD_LIMIT)
        return [self._one(text, limit) for text in texts]

    def _one(self, text: str, limit: int) -> Generated:
        sentences = split_sentences_with_position(text)
        if not sentences:
            return Generated(text=None, backend=self.backend, warnings=("nothing to summarise",))
        chosen = _best_pair(sentences, limit)
        if not chosen:  # every sentence is longer than the limit: keep the best one's leading clauses
            best = max(sentences, key=_by_score)
            clipped = _clip(best.text, limit)
            return Generated(text=clipped, backend=self.backend,
                             warnings=(f"summary cut to {len(clipped)} characters at a clause boundary",))
        used = sum(len(s.text) for s in chosen)
        for sentence in sorted(sentences, key=_by_score, reverse=True):
            # Fill the rest of the budget only with sentences that carry figures.
            if sentence not in chosen and sentence.figures and sentence.score >= 2 \
                    and used + len(sentence.text) <= limit:
                chosen.append(sentence)
                used += len(sentence.text)
        chosen.sort(key=lambda s: s.position)
        return Generated(text="".join(_full_stop(s.text) for s in chosen), backend=self.backend)


def _best_pair(sentences: list[_Sentence], limit: int) -> list[_Sentence]:
    """The best achievement and the best plan that fit together (either may be absent)."""
    done = _best_of_each_length([s for s in sentences if not s.is_plan], limit) + [None]
    plans = _best_of_each_length([s for s in sentences if s.is_plan], limit) + [None]
    best: tuple[float, list[_Sentence]] = (float("-inf"), [])
    for a in done:
        for p in plans:
            picked = [s for s in (a, p) if s is not None]
            if not picked or sum(len(s.text) for s in picked) > limit:
                continue
            score = sum(s.score for s in picked) + (4.0 if len(picked) == 2 else 0.0)  # cover both: did and plans
            if score > best[0]:
                best = (score, picked)
    return best[1]


def _best_of_each_length(sentences: list[_Sentence], limit: int) -> list[_Sentence]:
    """The first best-scoring sentence of each length up to ``limit``, in order. Only these can
    be in the best pair (a same-length sentence scoring as well and earlier would be chosen
    instead), and there are at most ``limit`` of them: the pairs tried stay bounded however
    long the zone is."""
    best: dict[int, tuple[float, _Sentence]] = {}
    for sentence in sentences:
        length, score = len(sentence.text), sentence.score
        if length <= limit and (length not in best or score > best[length][0]):
            best[length] = (score, sentence)
    return sorted((s for _, s in best.values()), key=lambda s: s.position)


_by_score = attrgetter("score")


def _score(sentence: _Sentence) -> float:
    score = 2.0 * min(sentence.figures, 3)
    score += 1.0 if sentence.first_in_paragraph else 0.0
    score += 0.5 if _DONE.search(sentence.folded) or sentence.is_plan else 0.0
    if len(sentence.text) < 12:
        score -= 2.0  # slogans ("头雁争锋。") say little
    if _DANGLING.match(sentence.folded):
        score -= 3.0  # "其…", "同时，…" lean on a sentence the summary may not include
    return score - len(sentence.text) / 100.0


def split_sentences_with_position(text: str) -> list[_Sentence]:
    out: list[_Sentence] = []
    for paragraph in split_paragraphs(text):
        pieces = split_sentences(paragraph)
        # "X将…" opening a paragraph makes the whole paragraph a plan.
        plan_paragraph = bool(pieces) and bool(_PLAN_OPENING.search(fold(pieces[0])))
        for i, piece in enumerate(pieces):
            out.append(_Sentence(piece, len(out), i == 0, plan_paragraph))
    return out


def _full_stop(sentence: str) -> str:
    """A clause of "A将…；B将…" stands alone in a summary: it ends with a full stop."""
    return sentence[:-1] + "。" if sentence.endswith(("；", ";")) else sentence


def _clip(sentence: str, limit: int) -> str:
    """Leading clauses of a sentence that fit ``limit`` characters, closed with a full stop."""
    out = ""
    for clause in split_clauses(sentence):
        if len(out) + len(clause) + 1 > limit:
            break
        out += clause
    out = (out or sentence[: limit - 1]).rstrip("，、：,:；;。") + "。"
    return out[:limit]
