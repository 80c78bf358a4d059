"""Seq2seq backends on transformers: zh→en translation (Marian, NLLB, M2M100) and Chinese
summaries (mT5 and other encoder-decoders).

Each call runs three stages: prepare (sentences, glossary placeholders, pieces packed under
the model's input window, counted with its own tokenizer), generate (``models.generate``:
length-sorted batches, the one place that touches the device, through the engine in ``engines``:
torch, torch-int8 or CTranslate2) and finish (restore terms, rejoin, cap, check figures and glossary terms).
Models load once per process. torch and transformers are imported inside functions so that
``import zonesum`` stays fast.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Sequence

from ..config import Config, SummarizerConfig, TranslatorConfig
from ..errors import ConfigError
from ..text.figures import check_figures, located
from ..text.sentences import cap_chars, pack, segment, split_paragraphs
from ..types import Generated
from .glossary import Glossary, Protected, placeholder
from .models import Lengths, LoadedModel, display_name, generate, load_model

# Chinese and English as many-to-many tokenizers name them (M2M100 uses plain zh / en)
_LANGUAGE_CODES = {"nllb": ("zho_Hans", "eng_Latn"), "mbart": ("zh_CN", "en_XX")}
_PLACEHOLDER_PREFIXES = ("ZX", "QX", "XQ", "ZQ")  # tried in order, see placeholder_prefix
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"  # CJK punctuation, ideographs, full-width forms
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


def repeated_phrase(text: str) -> str | None:
    """A word or Chinese character run repeated back to back (4× for one token, 3× for
    longer ones), the mark of a degenerate output; None if there is none."""
    tokens = re.findall(r"[\u4e00-\u9fff]|[A-Za-z0-9]+", text)
    for size in range(1, 9):
        times = 4 if size == 1 else 3
        for start in range(len(tokens) - size * times + 1):
            unit = tokens[start:start + size]
            if all(tokens[start + k * size:start + (k + 1) * size] == unit for k in range(1, times)):
                return re.sub(r"(?<=[A-Za-z0-9]) (?![A-Za-z0-9])|(?<![A-Za-z0-9]) ", "", " ".join(unit))
    return None


def _quality(source: str, output: str, label: str) -> list[str]:
    """Checks every output gets: invented figures and degenerate repetition."""
    found = check_figures(source, output, label)
    if unit := repeated_phrase(output):
        found.append(located(label, f'"{unit}" repeats back to back{{in}}: the output may be degenerate'))
    return found


def _labels(labels: Sequence[str] | None, n: int) -> list[str]:
    if labels is not None and len(labels) != n:
        raise ValueError(f"{len(labels)} labels for {n} texts")
    return list(labels) if labels is not None else [""] * n


# --- translation --------------------------------------------------------------------------

def _language_ids(loaded: LoadedModel, settings: TranslatorConfig) -> int | None:
    """For many-to-many models (NLLB, M2M100): set the source language on the tokenizer and
    return the target language's token id, forced as the first generated token."""
    tokenizer = loaded.tokenizer
    if loaded.model_type not in ("m2m_100", "nllb_moe", "mbart") or not hasattr(tokenizer, "src_lang"):
        return None  # Marian & co: one language pair per model
    kind = type(tokenizer).__name__.lower()
    default = next((codes for family, codes in _LANGUAGE_CODES.items() if family in kind), ("zh", "en"))
    source, target = settings.src_lang or default[0], settings.tgt_lang or default[1]
    ids = []
    for key, code in (("src_lang", source), ("tgt_lang", target)):
        try:
            token_id = tokenizer.get_lang_id(code) if hasattr(tokenizer, "get_lang_id") \
                else tokenizer.convert_tokens_to_ids(code)
        except (KeyError, ValueError):
            token_id = None
        if token_id is None or token_id == tokenizer.unk_token_id:
            example = " / ".join(default)
            raise ConfigError(f"translator.{key}: '{code}' is not a language code of model '{loaded.name}'",
                              hint=f"this model uses codes like {example}")
        ids.append(token_id)
    tokenizer.src_lang = source
    return ids[1]


def placeholder_prefix(tokenizer: Any) -> str | None:
    """The first placeholder style the tokenizer reads without <unk> and decodes back as it
    was, so the model can copy it through; None if there is none (terms go unprotected)."""
    def passes(code: str) -> bool:
        ids = tokenizer(code, add_special_tokens=False)["input_ids"]
        decoded = tokenizer.decode(ids, skip_special_tokens=True)
        return tokenizer.unk_token_id not in ids and decoded.replace(" ", "") == code

    for prefix in _PLACEHOLDER_PREFIXES:
        if all(passes(placeholder(i, prefix)) for i in (0, 1, 25, 26)):
            return prefix
    return None


@dataclass
class _TextPlan:
    """One text to translate: pieces (glossary-protected) per paragraph."""

    paragraphs: list[list[Protected]]
    hard_cuts: int = 0


class SeqTranslator:
    """Chinese → English with a seq2seq model, sentence by sentence, glossary terms protected."""

    def __init__(self, loaded: LoadedModel, settings: TranslatorConfig, glossary: Glossary | None = None, *,
                 lengths: Lengths | None = None):
        self.loaded = loaded
        self.settings = settings
        self.glossary = glossary or Glossary()
        self.lengths = lengths  # fixed output lengths, for benchmarks (see generate)
        self.backend = f"seq2seq:{display_name(loaded.name)} ({loaded.engine})"  # the engine that ran
        self.revision = loaded.revision
        self.budget = min(loaded.window, settings.max_input_tokens or loaded.window)
        self._target_id = _language_ids(loaded, settings)
        self._prefix = placeholder_prefix(loaded.tokenizer)

    @classmethod
    def from_config(cls, config: Config) -> "SeqTranslator":
        settings = config.translator
        loaded = load_model(settings.model or "", revision=settings.revision, device=config.device,
                            dtype=config.dtype, engine=settings.engine, threads=config.threads)
        return cls(loaded, settings, load_glossary(config))

    def translate(self, texts: Sequence[str], *, labels: Sequence[str] | None = None,
                  terms: dict[str, str] | None = None) -> list[Generated]:
        """One English text per Chinese text (paragraphs kept as lines).

        ``labels`` ("[where: ]field" per text, e.g. "zone 青岛蓝谷: summary_en") locate the
        warnings; without them warnings are bare. ``terms`` adds glossary entries for this
        call, such as zone names with their official English (``glossary.zone_terms``).
        """
        glossary = self.glossary.merged(terms)
        plans = [self._prepare(text, glossary) for text in texts]
        pieces = [piece for plan in plans for paragraph in plan.paragraphs for piece in paragraph]
        english = self._translate_pieces(pieces)
        results, at = [], 0
        for text, plan, label in zip(texts, plans, _labels(labels, len(texts))):
            lines = []
            for paragraph in plan.paragraphs:
                lines.append(" ".join(e for e in english[at:at + len(paragraph)] if e))
                at += len(paragraph)
            results.append(self._finish(text, "\n".join(line for line in lines if line), plan, label, glossary))
        return results

    def _prepare(self, text: str, glossary: Glossary) -> _TextPlan:
        protected = glossary.protect(text, self._prefix)
        paragraphs = segment(protected.text, self.loaded.count_tokens, self.budget)
        return _TextPlan([[protected.within(piece) for piece in p.pieces] for p in paragraphs],
                         sum(p.hard_cuts for p in paragraphs))

    def _translate_pieces(self, pieces: list[Protected]) -> list[str]:
        generation = self.settings.generation
        raw = generate(self.loaded, [p.text for p in pieces], generation, forced_bos_token_id=self._target_id,
                       lengths=self.lengths)
        english, retry = [], []
        for k, (piece, output) in enumerate(zip(pieces, raw)):
            restored, lost = piece.restore(output)
            english.append(restored)
            if lost:
                retry.append(k)
        if retry:  # the model dropped a placeholder: translate those pieces again, unprotected
            # the Chinese terms may be longer than their codes: fit each piece to the window again
            parts = [[part for paragraph in segment(pieces[k].unprotect(pieces[k].text), self.loaded.count_tokens,
                                                    self.budget) for part in paragraph.pieces] for k in retry]
            again = iter(generate(self.loaded, [part for split in parts for part in split], generation,
                                  forced_bos_token_id=self._target_id, lengths=self.lengths))
            for k, split in zip(retry, parts):
                english[k] = " ".join(output for output in (next(again) for _ in split) if output)
        return english

    def _finish(self, source: str, output: str, plan: _TextPlan, label: str, glossary: Glossary) -> Generated:
        notes = []
        if plan.hard_cuts:
            notes.append(located(label, f"{plan.hard_cuts} cut(s) at a token boundary: a run of text without "
                                        f"punctuation was longer than the input window ({self.budget} tokens){{in}}"))
        if not output:
            if source.strip():
                notes.append(located(label, "the model produced no text{in}"))
            return Generated(None, self.backend, tuple(notes))
        notes += glossary.check(source, output, label)
        notes += _quality(source, output, label)
        return Generated(output, self.backend, tuple(notes))


def load_glossary(config: Config) -> Glossary:
    return Glossary.load(config.resolve(config.glossary)) if config.glossary else Glossary()


# --- summarisation ------------------------------------------------------------------------

_MAX_ROUNDS = 3  # summarise pieces, then the joined piece summaries, at most this often


@dataclass
class _Condensing:
    text: str
    tokens: int
    pieces: int = 0  # pieces summarised on the way (0: the text fits the window)
    notes: list[str] = field(default_factory=list)


class SeqSummarizer:
    """Chinese summaries with a seq2seq model; long texts are summarised in pieces, then condensed."""

    def __init__(self, loaded: LoadedModel, settings: SummarizerConfig, *, lengths: Lengths | None = None):
        self.loaded = loaded
        self.settings = settings
        self.lengths = lengths  # fixed output lengths, for benchmarks (see generate)
        self.backend = f"seq2seq:{display_name(loaded.name)} ({loaded.engine})"  # the engine that ran
        self.revision = loaded.revision
        self.budget = min(loaded.window, settings.max_input_tokens or loaded.window)

    @classmethod
    def from_config(cls, config: Config) -> "SeqSummarizer":
        settings = config.summarizer
        loaded = load_model(settings.model or "", revision=settings.revision, device=config.device,
                            dtype=config.dtype, engine=settings.engine, threads=config.threads)
        return cls(loaded, settings)

    def summarize(self, texts: Sequence[str], max_chars: int, *,
                  labels: Sequence[str] | None = None) -> list[Generated]:
        """One Chinese summary per text, at most ``max_chars`` characters (cut at a sentence
        or clause end, with a warning)."""
        states = [self._fit(text) for text in texts]
        finals = generate(self.loaded, [s.text for s in states], self.settings.generation, lengths=self.lengths)
        return [self._finish(text, _clean_zh(final), state, max_chars, label)
                for text, final, state, label in zip(texts, finals, states, _labels(labels, len(texts)))]

    def _fit(self, text: str) -> _Condensing:
        """The text as one model input: as is when it fits, else condensed piece by piece."""
        joined = "".join(split_paragraphs(text))  # Chinese paragraphs join without spaces
        state = _Condensing(joined, self.loaded.count_tokens(joined) if joined else 0)
        first_tokens = state.tokens
        for _ in range(_MAX_ROUNDS):
            if state.tokens <= self.budget:
                break
            pieces = [p for paragraph in segment(state.text, self.loaded.count_tokens, self.budget)
                      for p in paragraph.pieces]
            pieces = pack(pieces, self.loaded.count_tokens, self.budget)
            summaries = generate(self.loaded, pieces, self.settings.generation, lengths=self.lengths)
            condensed = "".join(_end_sentence(_clean_zh(s)) for s in summaries if s.strip())
            tokens = self.loaded.count_tokens(condensed) if condensed else 0
            if not condensed or tokens >= state.tokens:
                break  # no progress: fall through to cutting below
            state = _Condensing(condensed, tokens, state.pieces + len(pieces), state.notes)
        if state.pieces:
            state.notes.append(f"the source ({first_tokens} tokens) is longer than the model's input window "
                               f"({self.budget}): summarised in {state.pieces} pieces, then condensed{{in}}")
        if state.tokens > self.budget:  # still too long: keep what fits and say what was left out
            kept = pack([p for paragraph in segment(state.text, self.loaded.count_tokens, self.budget)
                         for p in paragraph.pieces], self.loaded.count_tokens, self.budget)[0]
            state.notes.append(f"{len(state.text) - len(kept)} characters of the (condensed) source did not fit the "
                               f"model's input window and were left out of the summary{{in}}")
            state = _Condensing(kept, self.loaded.count_tokens(kept), state.pieces, state.notes)
        return state

    def _finish(self, source: str, summary: str, state: _Condensing, max_chars: int, label: str) -> Generated:
        notes = [located(label, note) for note in state.notes]
        if not source.strip():
            return Generated(None, self.backend, (*notes, located(label, "nothing to summarise{in}")))
        if not summary:
            return Generated(None, self.backend, (*notes, located(label, "the model produced no text{in}")))
        capped, cut = cap_chars(summary, max_chars)
        if cut:
            where = {"sentence": "a sentence end", "clause": "a clause end", "word": "a word end"}.get(cut, "a character")
            notes.append(located(label, f"summary cut from {len(summary)} to {len(capped)} characters "
                                        f"at {where}{{in}}"))
        notes += _quality(source, capped, label)
        return Generated(capped, self.backend, tuple(notes))


def _clean_zh(text: str) -> str:
    """Model output tidied: no spaces between Chinese characters, single spaces elsewhere."""
    return _CJK_GAP.sub("", re.sub(r"\s+", " ", text)).strip()


def _end_sentence(text: str) -> str:
    """A piece summary joined to others must end as a sentence."""
    return text if not text or text[-1] in "。！？；!?…”’」』）)" else text + "。"
