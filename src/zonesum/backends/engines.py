"""Inference engines for the seq2seq models: which one runs, and the int8 ones' set-up.

``torch`` runs the transformers model as loaded; ``torch-int8`` quantises its linear layers
to int8 on load (CPU only); ``ctranslate2`` converts the checkpoint once to a CTranslate2
int8 model, cached beside it, and decodes with CTranslate2. ``auto`` picks ctranslate2 on
the CPU when it is installed and the architecture converts, else torch. Only the model call
goes through the engine: sentences, glossary placeholders and checks work on text and stay
in ``seq2seq``. Heavy imports happen inside functions.
"""
from __future__ import annotations

import hashlib
import math
import os
import warnings
from contextlib import contextmanager
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Iterator, Sequence

from ..atomic import build_folder, read_stamp
from ..config import cache_dir
from ..errors import ConfigError

ENGINES = ("torch", "torch-int8", "ctranslate2")
# model types whose transformers checkpoints CTranslate2 converts (and zonesum has tested):
# Marian, M2M100 and NLLB (model type m2m_100), T5 and mT5
CT2_MODEL_TYPES = frozenset({"marian", "m2m_100", "t5", "mt5"})
CT2_FOLDER = "ct2-int8"
_STAMP = "zonesum-source.json"  # what the conversion was made from; a mismatch converts again
_FORMAT = 1  # bump when the conversion recipe changes


def ct2_installed() -> bool:
    return find_spec("ctranslate2") is not None


def choose(requested: str, model_type: str, device: str) -> str:
    """The engine that runs: ``auto`` resolved, an explicit engine checked (one-line errors)."""
    if requested == "auto":
        if device == "cpu" and model_type in CT2_MODEL_TYPES and ct2_installed():
            return "ctranslate2"
        return "torch"
    if requested == "torch":
        return requested
    if requested == "torch-int8":
        if device != "cpu":
            raise ConfigError(f"engine 'torch-int8' runs on the CPU only, not on {device}",
                              hint="use device: cpu, or engine: torch")
        return requested
    if requested == "ctranslate2":
        if not ct2_installed():
            raise ConfigError("engine 'ctranslate2' needs the ctranslate2 package",
                              hint="pip install 'zonesum[fast]', or use engine: auto")
        if model_type not in CT2_MODEL_TYPES:
            known = ", ".join(sorted(CT2_MODEL_TYPES))
            raise ConfigError(f"engine 'ctranslate2' does not run '{model_type}' models (it runs {known})",
                              hint="use engine: auto or torch")
        if device not in ("cpu", "cuda"):
            raise ConfigError(f"engine 'ctranslate2' runs on cpu or cuda, not on {device}",
                              hint="use device: cpu, or engine: torch")
        return requested
    raise ConfigError(f"unknown engine '{requested}'", hint="use auto, torch, torch-int8 or ctranslate2")


def usable_cpus() -> int:
    """CPUs this process may use: its affinity, capped by a cgroup v2 CPU quota (containers),
    which torch and OpenMP do not read and would oversubscribe."""
    try:
        count = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        count = os.cpu_count() or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            count = min(count, max(1, math.ceil(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return max(1, count)


# --- torch int8 ------------------------------------------------------------------------------

def quantize_int8(model: Any) -> Any:
    """The model with every ``nn.Linear`` dynamically quantised to int8 (weights int8,
    activations quantised per batch): about 4× less weight memory to stream per step."""
    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.ao.quantization is deprecated but still works in 2.13
        return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


# --- CTranslate2 -----------------------------------------------------------------------------

def ct2_folder(model_path: Path) -> Path:
    """Where the converted model lives: ``<model>/ct2-int8`` when the model folder is ours to
    write; models in the Hugging Face cache or in read-only folders convert into cache_dir()."""
    model_path = model_path.resolve()
    in_hub_cache = model_path.parent.name == "snapshots"
    if not in_hub_cache and os.access(model_path, os.W_OK):
        return model_path / CT2_FOLDER
    key = hashlib.sha256(str(model_path).encode()).hexdigest()[:12]
    return cache_dir() / "ct2" / f"{model_path.name}-{key}"


def _fingerprint(model_path: Path) -> dict[str, Any]:
    """What identifies the source checkpoint cheaply: its config and its weight files' sizes and times."""
    import ctranslate2

    files = sorted(p for p in model_path.iterdir() if p.is_file() and (p.suffix in (".safetensors", ".bin")
                                                                     or p.name == "config.json"))
    return {"format": _FORMAT, "ctranslate2": ctranslate2.__version__, "quantization": "int8",
            "files": [[p.name, p.stat().st_size, p.stat().st_mtime_ns] for p in files]}


def ensure_ct2(model_path: Path) -> tuple[Path, bool]:
    """The CTranslate2 int8 copy of a checkpoint, converting it first when it is missing or
    stale; returns (folder, converted now). Conversion writes a temporary folder and renames
    it, so a killed run or a second process never sees half a model."""
    folder = ct2_folder(model_path)
    wanted = _fingerprint(model_path)
    if read_stamp(folder, _STAMP) == wanted:
        return folder, False
    build_folder(folder, lambda work: _convert(model_path, work), wanted, _STAMP)
    return folder, True


def _convert(model_path: Path, dest: Path, quantization: str | None = "int8") -> None:
    """Convert with CTranslate2's transformers converter (``quantization`` None keeps float32:
    tests compare that copy with torch token for token)."""
    from ctranslate2.converters import TransformersConverter

    with quiet_transformers(), _converter_fixes():
        TransformersConverter(str(model_path), low_cpu_mem_usage=True).convert(str(dest), quantization=quantization)


@contextmanager
def quiet_transformers() -> Iterator[None]:
    """No progress bars ("Loading weights") and no warnings (Marian's "Recommended: pip install
    sacremoses") from transformers while a model loads, converts or is built; both come back after."""
    from transformers.utils import logging as hf_logging

    bars_were_on = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        if bars_were_on:
            hf_logging.enable_progress_bar()


@contextmanager
def _converter_fixes() -> Iterator[None]:
    """Two mismatches between CTranslate2 4.x's converter and transformers 5, patched on its
    loaders for the conversion only:

    - M2M100Tokenizer.get_vocab() no longer lists the language codes: when the sizes
      disagree, the vocabulary is read id by id;
    - MT5Config now always says tie_word_embeddings=True, which the converter reads as "scale
      the decoder output by d_model**-0.5"; transformers 5 scales only T5 models whose config
      says scale_decoder_outputs, and mT5 never.
    """
    try:
        from ctranslate2.converters import transformers as ct2_transformers
        from ctranslate2.specs.model_spec import OPTIONAL

        m2m100, t5 = ct2_transformers.M2M100Loader, ct2_transformers.T5Loader
    except (ImportError, AttributeError):
        yield
        return
    vocabulary, spec = m2m100.get_vocabulary, t5.get_model_spec

    def vocabulary_by_id(self, model, tokenizer):
        tokens = vocabulary(self, model, tokenizer)
        size = model.config.vocab_size
        if len(tokens) == size:
            return tokens
        names = tokenizer.convert_ids_to_tokens(list(range(size)))
        # ids past the tokenizer (fairseq's "madeup words") come back as <unk>: name them
        return [f"madeupword{i}" if (t is None or t == tokenizer.unk_token) and i != tokenizer.unk_token_id else t
                for i, t in enumerate(names)]

    def spec_scaled_as_transformers(self, model):
        built = spec(self, model)
        config = model.config
        if config.model_type == "mt5" or not getattr(config, "scale_decoder_outputs", config.tie_word_embeddings):
            built.decoder.scale_outputs = OPTIONAL
        return built

    m2m100.get_vocabulary, t5.get_model_spec = vocabulary_by_id, spec_scaled_as_transformers
    try:
        yield
    finally:
        m2m100.get_vocabulary, t5.get_model_spec = vocabulary, spec


def ct2_threads(threads: int | None) -> tuple[int, int]:
    """(parallel sub-batches, threads each) for CTranslate2 on the CPU. A decoding step is a
    chain of small matrix products that gain little from splitting across threads, so the
    CPUs decode parts of the batch side by side instead (measured on 2 cores: 1.6-2.3×
    faster than one batch on 2 threads; the weights are shared, memory stays the same)."""
    cpus = threads or usable_cpus()
    parallel = min(cpus, 4)  # beyond 4, more threads per sub-batch beat more sub-batches
    return parallel, max(1, cpus // parallel)


def load_ct2(folder: Path, device: str, threads: int | None) -> Any:
    import ctranslate2

    if device != "cpu":
        return ctranslate2.Translator(str(folder), device=device, compute_type="int8_float16")
    parallel, each = ct2_threads(threads)
    return ctranslate2.Translator(str(folder), device=device, compute_type="int8",
                                  inter_threads=parallel, intra_threads=each)


def ct2_generate(translator: Any, tokenizer: Any, texts: Sequence[str], options: dict[str, Any]) -> list[list[int]]:
    """The token ids CTranslate2 decodes for ``texts``, from the same options that
    ``model.generate`` takes (beams, lengths, n-gram and repetition penalties, forced BOS)."""
    sources = [tokenizer.convert_ids_to_tokens(ids) for ids in tokenizer(list(texts))["input_ids"]]
    forced = options.get("forced_bos_token_id")
    prefix = [[tokenizer.convert_ids_to_tokens(forced)]] * len(sources) if forced is not None else None
    results = translator.translate_batch(
        sources, target_prefix=prefix, beam_size=options["num_beams"],
        max_decoding_length=options["max_new_tokens"], min_decoding_length=options.get("min_new_tokens", 0),
        no_repeat_ngram_size=options.get("no_repeat_ngram_size", 0),
        repetition_penalty=options.get("repetition_penalty", 1.0),
        length_penalty=options.get("length_penalty", 1.0),
        max_input_length=0,  # inputs already fit the window: never truncate
        # the caller's length-sorted batch, cut into one part per parallel translator
        max_batch_size=math.ceil(len(sources) / translator.num_translators))
    return [tokenizer.convert_tokens_to_ids(result.hypotheses[0]) for result in results]
