"""Corpus scores that match the standard tools, each with a signature.

English: sacrebleu BLEU and chrF with their defaults (so numbers match published ones).
Chinese: ROUGE-1/2/L F1 from ``rouge-score`` with an explicit Chinese tokeniser, plus
sacrebleu BLEU with its ``zh`` tokenizer. Every score is on a 0-100 scale.

References are given as sacrebleu takes them: a list of reference *streams*, each
aligned with the hypotheses (``refs[k][i]`` is the k-th reference of segment i).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from typing import Literal, Sequence

Tokenize = Literal["char", "jieba"]
TOKENIZERS: tuple[str, ...] = ("char", "jieba")

# rouge-score's default tokenizer keeps only [a-z0-9] and so turns Chinese into nothing
# (every score 0); no library ships a Chinese tokenizer for it, hence these two.
# Character tokens: each CJK (or other non-ASCII) letter alone; ASCII words and numbers
# (with decimals) whole, as in sacrebleu's zh tokenizer; punctuation and spaces dropped,
# as rouge-score's own tokenizer drops them.
_CHAR_TOKEN = re.compile(r"[0-9]+(?:\.[0-9]+)*|[a-z]+|[^\W_]")
_WORDLIKE = re.compile(r"[^\W_]")


class CharTokenizer:
    """rouge-score tokenizer: one token per Chinese character (see above)."""

    name = "char"

    def tokenize(self, text: str) -> list[str]:
        return _CHAR_TOKEN.findall(text.lower())


class JiebaTokenizer:
    """rouge-score tokenizer: jieba's default (precise mode) words, punctuation dropped."""

    name = "jieba"

    def tokenize(self, text: str) -> list[str]:
        return [word for word in _jieba().lcut(text.lower()) if _WORDLIKE.search(word)]


@lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)  # silence "Building prefix dict…" on stderr
    jieba.initialize()
    return jieba


def tokenizer(name: Tokenize) -> CharTokenizer | JiebaTokenizer:
    if name == "char":
        return CharTokenizer()
    if name == "jieba":
        return JiebaTokenizer()
    raise ValueError(f"unknown tokenize {name!r}; expected one of {', '.join(TOKENIZERS)}")


@dataclass(frozen=True)
class EnglishScores:
    bleu: float
    chrf: float
    signatures: dict[str, str]  # metric -> sacrebleu signature

    @property
    def signature(self) -> str:
        return "; ".join(f"{name} {sig}" for name, sig in self.signatures.items())

    def to_dict(self) -> dict:
        return {"bleu": self.bleu, "chrf": self.chrf, "signature": self.signature,
                "signatures": dict(self.signatures)}


@dataclass(frozen=True)
class ChineseScores:
    rouge1: float
    rouge2: float
    rougeL: float
    bleu: float
    tokenize: str
    signatures: dict[str, str]

    @property
    def signature(self) -> str:
        return "; ".join(f"{name} {sig}" for name, sig in self.signatures.items())

    def to_dict(self) -> dict:
        return {"rouge1": self.rouge1, "rouge2": self.rouge2, "rougeL": self.rougeL,
                "bleu": self.bleu, "tokenize": self.tokenize, "signature": self.signature,
                "signatures": dict(self.signatures)}


def english_scores(hyps: Sequence[str], refs: Sequence[Sequence[str]]) -> EnglishScores:
    """Corpus BLEU and chrF exactly as ``sacrebleu -m bleu chrf`` computes them."""
    from sacrebleu.metrics import BLEU, CHRF

    bleu, chrf = BLEU(), CHRF()
    return EnglishScores(
        bleu=bleu.corpus_score(list(hyps), _streams(refs)).score,
        chrf=chrf.corpus_score(list(hyps), _streams(refs)).score,
        signatures={"BLEU": str(bleu.get_signature()), "chrF": str(chrf.get_signature())},
    )


@dataclass(frozen=True)
class Rouge:
    rouge1: float
    rouge2: float
    rougeL: float
    signature: str


def rouge_zh(hyps: Sequence[str], refs: Sequence[Sequence[str]],
             tokenize: Tokenize = "char") -> Rouge:
    """Chinese ROUGE-1/2/L F1 (0-100): per segment the best over the references
    (rouge-score's ``score_multi``), then the plain mean over segments."""
    from rouge_score.rouge_scorer import RougeScorer

    types = ("rouge1", "rouge2", "rougeL")
    scorer = RougeScorer(list(types), tokenizer=tokenizer(tokenize))
    streams = _streams(refs)
    totals = dict.fromkeys(types, 0.0)
    for i, hyp in enumerate(hyps):
        scores = scorer.score_multi([stream[i] for stream in streams], hyp)
        for kind in types:
            totals[kind] += scores[kind].fmeasure
    n = max(len(hyps), 1)
    signature = (f"nrefs:{len(streams)}|tok:{tokenize}|f1:mean|multiref:max"
                 f"|rouge-score:{version('rouge-score')}")
    return Rouge(*(100 * totals[kind] / n for kind in types), signature=signature)


def chinese_scores(hyps: Sequence[str], refs: Sequence[Sequence[str]],
                   tokenize: Tokenize = "char") -> ChineseScores:
    """ROUGE-1/2/L F1 with the chosen tokeniser, and BLEU with sacrebleu's ``zh`` tokenizer."""
    from sacrebleu.metrics import BLEU

    rouge = rouge_zh(hyps, refs, tokenize)
    bleu = BLEU(tokenize="zh")
    return ChineseScores(
        rouge1=rouge.rouge1, rouge2=rouge.rouge2, rougeL=rouge.rougeL,
        bleu=bleu.corpus_score(list(hyps), _streams(refs)).score,
        tokenize=tokenize,
        signatures={"ROUGE": rouge.signature, "BLEU": str(bleu.get_signature())},
    )


@dataclass(frozen=True)
class Significance:
    """One system's score in a paired bootstrap test against the baseline (first) system."""

    system: str
    metric: str
    score: float
    mean: float  # bootstrap estimate of the true score
    ci: float  # half-width of its 95% confidence interval
    p_value: float | None  # None for the baseline itself
    baseline_score: float

    @property
    def significant(self) -> bool:
        # sacrebleu's p-value for two identical outputs is 1/(n+1), "significant"; a zero
        # difference is no difference, so it never counts as one here
        return (self.p_value is not None and self.p_value < 0.05
                and self.score != self.baseline_score)

    def to_dict(self) -> dict:
        return {"system": self.system, "metric": self.metric, "score": self.score,
                "mean": self.mean, "ci": self.ci, "p_value": self.p_value,
                "baseline_score": self.baseline_score, "significant": self.significant}


def paired_bootstrap(systems: Sequence[tuple[str, Sequence[str]]],
                     refs: Sequence[Sequence[str]],
                     n_samples: int = 1000) -> tuple[list[Significance], dict[str, str]]:
    """sacrebleu's paired bootstrap resampling (``--paired-bs``) for BLEU and chrF.

    The first system is the baseline; each other system gets a p-value for "its difference
    from the baseline is noise". The seed is sacrebleu's ($SACREBLEU_SEED, default 12345).
    Returns the rows and the test's signature per metric.
    """
    from sacrebleu.metrics import BLEU, CHRF
    from sacrebleu.significance import PairedTest

    if len(systems) < 2:
        raise ValueError("paired bootstrap needs at least two systems")
    named = [(name, list(hyps)) for name, hyps in systems]
    test = PairedTest(named, {"BLEU": BLEU(), "chrF": CHRF()}, _streams(refs),
                      test_type="bs", n_samples=n_samples)
    signatures, table = test()
    rows = []
    for metric, results in table.items():
        if metric == "System":
            continue
        baseline = float(results[0].score)
        for name, result in zip(table["System"], results):
            rows.append(Significance(name, metric, float(result.score), float(result.mean),
                                     float(result.ci), _float_or_none(result.p_value),
                                     baseline))
    return rows, {metric: str(sig) for metric, sig in signatures.items()}


def _float_or_none(value) -> float | None:
    return None if value is None else float(value)


def _streams(refs: Sequence[Sequence[str]]) -> list[list[str]]:
    if not refs or isinstance(refs[0], str):
        raise ValueError("refs must be a list of reference streams (lists of segments)")
    return [list(stream) for stream in refs]
