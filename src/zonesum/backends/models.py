"""Loading seq2seq checkpoints and generating with them: the one place that touches the device.

A model is found through ``registry``, loaded once per process (safetensors preferred, remote
code never run, nothing downloaded), put on its device with its dtype and run through the
engine ``engines`` picks (torch, torch-int8 or CTranslate2). ``generate`` decodes length-sorted
batches; what goes in and what comes out as text is ``seq2seq``'s business.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Sequence

from ..config import Generation
from ..errors import ConfigError, ModelLoadError
from . import engines
from .registry import resolve

_CACHE: dict[tuple, "LoadedModel"] = {}
_NO_LIMIT = 1_000_000  # tokenizers without a real limit report a huge model_max_length
_FALLBACK_WINDOW = 512
_T5_FAMILY = ("t5", "mt5", "umt5", "longt5")


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
    found = resolve(name, revision)  # before torch loads: a missing model costs no torch import
    set_threads(threads)
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
