"""Pipeline configs: validated YAML files in ``configs/`` with a reproducible signature."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from .errors import ConfigError

REPO_ROOT = Path(__file__).resolve().parents[2]


def configs_dir() -> Path:
    """Where named configs live: $ZONESUM_CONFIG_DIR, else the repo's ``configs/``."""
    return Path(os.environ.get("ZONESUM_CONFIG_DIR", REPO_ROOT / "configs"))


def models_dir() -> Path:
    """Default local folder for model weights: $ZONESUM_MODELS_DIR, else the repo's ``models/``."""
    return Path(os.environ.get("ZONESUM_MODELS_DIR", REPO_ROOT / "models"))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Generation(_Strict):
    """Decoding settings handed to ``model.generate``."""

    num_beams: int = Field(4, ge=1, le=16)
    max_new_tokens: int = Field(256, ge=1, le=2048)
    min_new_tokens: int = Field(0, ge=0)
    no_repeat_ngram_size: int = Field(0, ge=0)
    repetition_penalty: float = Field(1.0, ge=1.0, le=3.0)
    length_penalty: float = 1.0
    batch_size: int = Field(16, ge=1, le=512)


def _model_for_seq2seq(value: Optional[str], info: ValidationInfo) -> Optional[str]:
    if info.data.get("backend") == "seq2seq" and not value:
        raise ValueError("a model (registry name, hub id or local path) is required when backend is seq2seq")
    return value


class SummarizerConfig(_Strict):
    backend: Literal["extractive", "seq2seq"] = "extractive"
    model: Optional[str] = Field(None, validate_default=True)  # registry name, hub id or local path (seq2seq only)
    revision: Optional[str] = None  # hub revision (branch, tag or commit) for models from the hub cache
    max_input_tokens: Optional[int] = Field(None, ge=8)  # per model call; None: the model's window
    max_chars: int = Field(120, ge=20, le=200)  # per zone; never over 200
    article_max_chars: int = Field(200, ge=20, le=400)
    engine: Literal["auto", "torch", "torch-int8", "ctranslate2"] = "auto"  # see zonesum.backends.engines
    generation: Generation = Generation(num_beams=4, max_new_tokens=96, no_repeat_ngram_size=3,
                                        repetition_penalty=1.2)

    @field_validator("model")
    @classmethod
    def _seq2seq_needs_model(cls, value: Optional[str], info: ValidationInfo) -> Optional[str]:
        return _model_for_seq2seq(value, info)


class TranslatorConfig(_Strict):
    backend: Literal["none", "seq2seq"] = "none"
    model: Optional[str] = Field(None, validate_default=True)
    revision: Optional[str] = None
    # tokens per model input: sentences are packed up to this (capped by the model's window);
    # a few sentences at a time keeps Marian from dropping sentences of long inputs
    max_input_tokens: Optional[int] = Field(160, ge=8)
    src_lang: Optional[str] = None  # NLLB/M2M100 language codes, e.g. zho_Hans / zh
    tgt_lang: Optional[str] = None
    engine: Literal["auto", "torch", "torch-int8", "ctranslate2"] = "auto"  # see zonesum.backends.engines
    generation: Generation = Generation(num_beams=4, max_new_tokens=256, repetition_penalty=1.0)

    @field_validator("model")
    @classmethod
    def _seq2seq_needs_model(cls, value: Optional[str], info: ValidationInfo) -> Optional[str]:
        return _model_for_seq2seq(value, info)


class Limits(_Strict):
    max_bytes: int = Field(20_000_000, ge=1)
    max_line_chars: int = Field(200_000, ge=100)


class Config(_Strict):
    name: str = "offline"
    description: str = ""
    summarizer: SummarizerConfig = SummarizerConfig()
    translator: TranslatorConfig = TranslatorConfig()
    gazetteers: tuple[str, ...] = ("gazetteers/*.yaml",)  # relative to the config file; globs allowed
    glossary: Optional[str] = "glossary.yaml"
    discover_zones: bool = True
    require_models: bool = False
    device: Literal["auto", "cpu", "cuda", "mps"] = "auto"
    dtype: Literal["auto", "float32", "float16", "bfloat16"] = "auto"  # auto: float32 on CPU
    threads: Optional[int] = Field(None, ge=1, le=256)
    to_simplified: bool = False
    limits: Limits = Limits()
    # where the config came from, set by load_config; not part of the signature
    path: Optional[str] = Field(None, exclude=True)

    @field_validator("gazetteers", mode="before")
    @classmethod
    def _one_or_many(cls, value):
        return (value,) if isinstance(value, str) else value

    def resolve(self, relative: str) -> Path:
        """A path named in the config, relative to the config's folder, else to configs_dir()."""
        candidate = Path(relative)
        if candidate.is_absolute():
            return candidate
        base = Path(self.path).parent if self.path else configs_dir()
        found = base / candidate
        return found if found.exists() else configs_dir() / candidate

    def offline(self) -> "Config":
        """The same config with every model switched off."""
        return self.model_copy(update={
            "summarizer": self.summarizer.model_copy(update={"backend": "extractive"}),
            "translator": self.translator.model_copy(update={"backend": "none"}),
        })

    def signature(self) -> str:
        """A short hash of every setting that changes outputs (plus the zonesum version)."""
        from .version import __version__

        # Threads, device and the description change speed or wording, not outputs.
        settings = self.model_dump(mode="json", exclude={"threads", "device", "description"})
        payload = json.dumps({"v": __version__, **settings}, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:12]


def _describe(err: ValidationError, where: str) -> str:
    first = err.errors()[0]
    key = ".".join(str(part) for part in first["loc"]) or "(top level)"
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":  # a typo: say which keys exist there
        model: type[BaseModel] = Config
        for part in first["loc"][:-1]:
            annotation = model.model_fields[str(part)].annotation
            if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
                break
            model = annotation
        message = f"unknown key (known keys: {', '.join(model.model_fields)})"
    return f"invalid config {where}: key '{key}': {message}"


def load_config(name_or_path: str | os.PathLike | None = None) -> Config:
    """Load a config by path or by name in configs_dir(); ``None`` gives ``default``."""
    raw = str(name_or_path) if name_or_path is not None else "default"
    path = Path(raw)
    if not path.suffix and not path.exists():
        path = configs_dir() / f"{raw}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in configs_dir().glob("*.yaml"))) or "none"
        raise ConfigError(f"config not found: {raw}", hint=f"known configs: {known}")
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config {path} is not valid YAML: {str(exc).splitlines()[0]}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"config {path} must be a mapping of keys to values")
    data.setdefault("name", path.stem)
    try:
        return Config(**data, path=str(path))
    except ValidationError as exc:
        raise ConfigError(_describe(exc, str(path))) from exc


def cache_dir() -> Path:
    """zonesum's own cache: $ZONESUM_CACHE_DIR, else $XDG_CACHE_HOME/zonesum (~/.cache/zonesum)."""
    if os.environ.get("ZONESUM_CACHE_DIR"):
        return Path(os.environ["ZONESUM_CACHE_DIR"]).expanduser()
    return Path(os.environ.get("XDG_CACHE_HOME") or "~/.cache").expanduser() / "zonesum"


def load_yaml(text: str):
    """Parse YAML safely, with libyaml's C parser where PyYAML has it (7 times faster than the
    pure-Python one: the configs, gazetteers and zone data load at every start)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
