"""Seq2seq backends on transformers: zh→en translation (Marian, NLLB, M2M100) and Chinese
summaries (mT5 and other encoder-decoders).

Each call runs three stages: prepare (sentences, glossary placeholders, pieces packed under
the model's input window, counted with its own tokenizer), generate (length-sorted batches,
the one place that touches the device, through the engine in ``engines``: torch, torch-int8
or CTranslate2) and finish (restore terms, rejoin, cap, check figures and glossary terms).
Models load once per process. torch and transformers are imported inside functions so that
``import zonesum`` stays fast.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Sequence

from . import engines
from .config import Config, Generation, SummarizerConfig, TranslatorConfig
from .errors import ConfigError, ModelLoadError
from .figures import check_figures, located
from .glossary import Glossary, Protected, placeholder
from .registry import resolve
from .sentences import cap_chars, pack, segment, split_paragraphs
from .types import Generated

_CACHE: dict[tuple, "LoadedModel"] = {}
_NO_LIMIT = 1_000_000  # tokenizers without a real limit report a huge model_max_length
_FALLBACK_WINDOW = 512
_T5_FAMILY = ("t5", "mt5", "umt5", "longt5")
# Chinese and English as many-to-many tokenizers name them (M2M100 uses plain zh / en)
_LANGUAGE_CODES = {"nllb": ("zho_Hans", "eng_Latn"), "mbart": ("zh_CN", "en_XX")}
_PLACEHOLDER_PREFIXES = ("ZX", "QX", "XQ", "ZQ")  # tried in order, see placeholder_prefix
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"  # CJK punctuation, ideographs, full-width forms
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


# output length (min = max new tokens) from an input's token count: benchmarks fix lengths
# this way so that every engine and batching decodes the same number of steps
Lengths = Callable[[int], int]


@dataclass
class LoadedModel:
    """A model and its tokenizer on a device, with the input window they allow.

    ``model`` is what the engine runs: a transformers model (torch, torch-int8) or a
    ``ctranslate2.Translator``; ``config`` is the checkpoint's transformers config either way.
    """

    name: str
    path: Path
    revision: str | None
    device: str
    dtype: str  # float32/float16/bfloat16, or int8 (int8_float16 for CTranslate2 on CUDA)
    model: Any
    tokenizer: Any
    window: int  # the most input tokens (special tokens included) the model takes
    config: Any  # the transformers config (a CTranslate2 model has none of its own)
    engine: str = "torch"  # torch, torch-int8 or ctranslate2
    fallback: str | None = None  # why "auto" fell back from ctranslate2 to torch, if it did

    @property
    def model_type(self) -> str:
        return str(self.config.model_type)

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=True, verbose=False)["input_ids"])


def pick_device(requested: str = "auto") -> str:
    """cuda, else mps, else cpu for "auto"; a requested device that is absent is an error."""
    import torch

    available = {"cpu": True, "cuda": torch.cuda.is_available(),
                 "mps": bool(getattr(torch.backends, "mps", None)) and torch.backends.mps.is_available()}
    if requested == "auto":
        return next(d for d in ("cuda", "mps", "cpu") if available[d])
    if not available.get(requested):
        raise ConfigError(f"device '{requested}' is not available on this machine", hint="use device: auto or cpu")
    return requested


def _dtype_name(requested: str, device: str, model_type: str) -> str:
    """float32 on CPU/MPS; on CUDA bfloat16 where supported, else float16 (float32 for T5,
    whose activations overflow in float16)."""
    if requested != "auto":
        return requested
    if device != "cuda":
        return "float32"
    import torch

    if torch.cuda.is_bf16_supported():
        return "bfloat16"
    return "float32" if model_type in _T5_FAMILY else "float16"


def input_window(model: Any, tokenizer: Any) -> int:
    """The model's input limit: the tokenizer's and the position table's, whichever is smaller.
    ``model`` is a model or its config."""
    config = getattr(model, "config", model)
    limits = [n for n in (getattr(tokenizer, "model_max_length", None),
                          getattr(config, "max_position_embeddings", None),
                          getattr(config, "n_positions", None))
              if isinstance(n, int) and 0 < n < _NO_LIMIT]
    return min(limits) if limits else _FALLBACK_WINDOW  # mT5: relative positions, trained on 512


def set_threads(threads: int | None) -> None:
    """torch's intra-op threads: as asked, else never more than the CPUs this process may use
    (torch counts the host's cores, which oversubscribes a container with a CPU quota)."""
    import torch

    if threads:
        torch.set_num_threads(threads)
    elif torch.get_num_threads() > (usable := engines.usable_cpus()):
        torch.set_num_threads(usable)


def load_model(name: str, *, revision: str | None = None, device: str = "auto", dtype: str = "auto",
               engine: str = "auto", threads: int | None = None) -> LoadedModel:
    """Load a seq2seq model once per process (keyed by path, revision, device, dtype, engine).

    ``engine``: auto (CTranslate2 int8 on the CPU when installed and the architecture
    converts, else torch), torch, torch-int8 or ctranslate2; see ``engines``. Never runs code
    from the model folder and never downloads: ``ModelMissingError`` when the model is not on
    disk, ``ModelLoadError`` when its files are corrupt or incomplete.
    """
    set_threads(threads)
    found = resolve(name, revision)
    device = pick_device(device)
    try:
        from transformers import AutoConfig

        config = AutoConfig.from_pretrained(found.path, local_files_only=True, trust_remote_code=False)
    except Exception as exc:  # noqa: BLE001 - any unreadable config is a load error
        raise _load_error(name, found.path, exc) from exc
    chosen = engines.choose(engine, config.model_type, device)
    torch_dtype = _dtype_name(dtype, device, config.model_type)  # also what a fall-back to torch runs in
    dtype = {"torch": torch_dtype, "torch-int8": "int8",
             "ctranslate2": "int8" if device == "cpu" else "int8_float16"}[chosen]
    fall_back = engine == "auto"  # only "auto" may fall back to torch (in torch_dtype): part of the key
    key = (str(found.path.resolve()), found.revision, device, dtype, chosen, fall_back and torch_dtype)
    if key not in _CACHE:
        _CACHE[key] = _load_engine(name, found.path, found.revision, device, dtype, chosen, config, threads,
                                   fall_back=fall_back, torch_dtype=torch_dtype)
    return replace(_CACHE[key], name=name)  # same weights, named as this caller asked


def _load_engine(name: str, path: Path, revision: str | None, device: str, dtype: str, engine: str,
                 config: Any, threads: int | None, *, fall_back: bool, torch_dtype: str) -> LoadedModel:
    if engine != "ctranslate2":
        return _load(name, path, revision, device, dtype, quantize=engine == "torch-int8")
    try:
        return _load_ct2(name, path, revision, device, dtype, config, threads)
    except ModelLoadError as exc:
        if not fall_back:
            raise
        # "auto" must not stop a run that torch can do: a checkpoint CTranslate2 cannot convert
        # runs on torch (and a corrupt one fails there too, with torch's error)
        return replace(_load(name, path, revision, device, torch_dtype), fallback=exc.message)


def clear_cache() -> None:
    _CACHE.clear()


def display_name(name: str) -> str:
    """A model as results name it: its registry name or hub id, or a local folder's name."""
    path = Path(name).expanduser()
    return path.name if path.is_dir() else name


def _load_error(name: str, path: Path, exc: BaseException) -> ModelLoadError:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    reason = (lines[0] if lines else type(exc).__name__)[:200]
    is_folder = Path(name).expanduser().is_dir()
    hint = "copy the model folder again" if is_folder else f"delete the folder and run `zonesum models pull {name}`"
    return ModelLoadError(f"model '{display_name(name)}' in {path} cannot be loaded: {reason}", hint=hint)


def _load(name: str, path: Path, revision: str | None, device: str, dtype: str, *,
          quantize: bool = False) -> LoadedModel:
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    try:
        with engines.quiet_transformers():
            tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True, trust_remote_code=False)
            model = AutoModelForSeq2SeqLM.from_pretrained(
                path, local_files_only=True, trust_remote_code=False,
                dtype=torch.float32 if quantize else getattr(torch, dtype),
                use_safetensors=True if any(path.glob("*.safetensors")) else None)
    except Exception as exc:  # noqa: BLE001 - corrupt, truncated or missing files
        raise _load_error(name, path, exc) from exc
    # lengths come from the config as max_new_tokens/min_new_tokens on every call; the
    # checkpoint's own max_length (512 in opus-mt) would only add a warning per batch
    model.generation_config.max_length = model.generation_config.min_length = None
    model.eval().to(device)
    if quantize:
        model = engines.quantize_int8(model)
    return LoadedModel(name, path, revision, device, dtype, model, tokenizer, input_window(model, tokenizer),
                       model.config, engine="torch-int8" if quantize else "torch")


def _load_ct2(name: str, path: Path, revision: str | None, device: str, dtype: str, config: Any,
              threads: int | None) -> LoadedModel:
    """The tokenizer from the checkpoint, the weights from its CTranslate2 int8 copy
    (converted on first use: seconds for Marian, a minute or two for mT5-base)."""
    from transformers import AutoTokenizer

    try:
        with engines.quiet_transformers():
            tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True, trust_remote_code=False)
        folder, _ = engines.ensure_ct2(path)
        translator = engines.load_ct2(folder, device, threads)
    except Exception as exc:  # noqa: BLE001 - corrupt files or a checkpoint the converter rejects
        raise _load_error(name, path, exc) from exc
    return LoadedModel(name, path, revision, device, dtype, translator, tokenizer, input_window(config, tokenizer),
                       config, engine="ctranslate2")


def generate(loaded: LoadedModel, texts: Sequence[str], settings: Generation, *,
             forced_bos_token_id: int | None = None, lengths: Lengths | None = None) -> list[str]:
    """One decoded output per input, batched by length to keep padding low; "" for "".

    Inputs must fit the window (the prepare stages guarantee it): nothing is truncated here.
    ``lengths`` fixes each batch's output length from its longest input (benchmarks).
    """
    outputs = [""] * len(texts)
    tokens = {i: loaded.count_tokens(t) for i, t in enumerate(texts) if t.strip()}
    too_long = [n for n in tokens.values() if n > loaded.window]
    if too_long:
        raise ValueError(f"input of {max(too_long)} tokens exceeds the model window of {loaded.window}")
    order = sorted(tokens, key=tokens.__getitem__, reverse=True)
    options = _generate_options(settings, forced_bos_token_id)
    positions = getattr(loaded.config, "max_position_embeddings", None)
    drop = {forced_bos_token_id} - {None}
    for start in range(0, len(order), settings.batch_size):
        batch = order[start:start + settings.batch_size]
        if lengths is not None:
            options["min_new_tokens"] = options["max_new_tokens"] = lengths(tokens[batch[0]])
        if isinstance(positions, int) and options["max_new_tokens"] >= positions:
            options["max_new_tokens"] = positions - 2  # the decoder's position table ends there too
            options["min_new_tokens"] = min(options.get("min_new_tokens", 0), positions - 2)
        ids = _decode_ids(loaded, [texts[i] for i in batch], options)
        rows = [[t for t in row if t not in drop] for row in ids]  # M2M100 keeps __en__ otherwise
        for i, text in zip(batch, loaded.tokenizer.batch_decode(rows, skip_special_tokens=True)):
            outputs[i] = text.strip()
    return outputs


def _decode_ids(loaded: LoadedModel, texts: list[str], options: dict[str, Any]) -> list[list[int]]:
    """The engine's model call: token ids out for one batch of texts."""
    if loaded.engine == "ctranslate2":
        return engines.ct2_generate(loaded.model, loaded.tokenizer, texts, options)
    import torch

    inputs = loaded.tokenizer(texts, return_tensors="pt", padding=True)
    inputs = {k: v.to(loaded.device) for k, v in inputs.items()}
    with torch.inference_mode():  # no autograd bookkeeping; encoder outputs and KV caches are reused
        return loaded.model.generate(**inputs, **options).tolist()


def _generate_options(settings: Generation, forced_bos_token_id: int | None) -> dict[str, Any]:
    options: dict[str, Any] = {"num_beams": settings.num_beams, "max_new_tokens": settings.max_new_tokens,
                               "do_sample": False}
    if settings.min_new_tokens:
        options["min_new_tokens"] = settings.min_new_tokens
    if settings.no_repeat_ngram_size:
        options["no_repeat_ngram_size"] = settings.no_repeat_ngram_size
    if settings.repetition_penalty != 1.0:
        options["repetition_penalty"] = settings.repetition_penalty
    if settings.num_beams > 1:
        options["length_penalty"] = settings.length_penalty
        options["early_stopping"] = True
    if forced_bos_token_id is not None:
        options["forced_bos_token_id"] = forced_bos_token_id
    return options


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
