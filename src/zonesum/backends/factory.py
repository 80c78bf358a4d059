"""The two model-backed stages behind small interfaces, and the factory that picks them.

A backend takes a batch of Chinese texts and returns one ``Generated`` per text. The
extractive summariser and the "no translator" stand-in are the offline path; seq2seq
backends (``seq2seq``) load transformers models and are imported only when used.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence

from ..config import Config
from ..types import Generated


class Summarizer(Protocol):
    backend: str

    def summarize(self, texts: Sequence[str], max_chars: int, *,
                  labels: Sequence[str] | None = None) -> list[Generated]:
        """One Chinese summary per text, each at most ``max_chars`` characters; ``labels``
        ("zone X: summary_zh") locate the warnings, which each backend checks for itself."""


class Translator(Protocol):
    backend: str

    def translate(self, texts: Sequence[str], *, labels: Sequence[str] | None = None,
                  terms: dict[str, str] | None = None) -> list[Generated]:
        """One English translation per Chinese text (multi-sentence texts allowed); ``terms``
        are extra glossary entries (zone names) whose official English must come out."""


@dataclass(frozen=True)
class Backends:
    summarizer: Summarizer
    translator: Translator | None  # None: no translation model, fields stay null
    warnings: tuple[str, ...]


def build_backends(config: Config, *, offline: bool = False) -> Backends:
    """The backends a config asks for; the offline path when ``offline`` or when a model is
    not installed (with a warning), unless the config says ``require_models: true``.

    A model that is installed but cannot be loaded (corrupt files) is an error either way.
    """
    from .extractive import ExtractiveSummarizer

    if offline:
        return Backends(ExtractiveSummarizer(), None, ())
    warnings: list[str] = []
    summarizer: Summarizer | None = None
    translator: Translator | None = None
    if config.summarizer.backend == "seq2seq":
        from .seq2seq import SeqSummarizer

        summarizer = _installed(SeqSummarizer.from_config, config, "summarisation", config.summarizer.model,
                                "using extractive summaries", warnings)
    if config.translator.backend == "seq2seq":
        from .seq2seq import SeqTranslator

        translator = _installed(SeqTranslator.from_config, config, "translation", config.translator.model,
                                "English fields are null", warnings)
    return Backends(summarizer or ExtractiveSummarizer(), translator, tuple(warnings))


def _installed(build, config: Config, task: str, model: str | None, consequence: str, warnings: list[str]):
    """``build(config)``, or None and a warning when its model is not installed."""
    from ..errors import ModelMissingError

    try:
        return build(config)
    except ModelMissingError as exc:
        if config.require_models:
            raise
        # "run `zonesum models pull NAME`" for registry models, what is wrong for folders
        warnings.append(f"{task} model '{model}' is not installed: {exc.hint or exc.message}; {consequence}")
        return None


def get_backends(config: Config, *, offline: bool = False) -> Backends:
    """The summariser and translator a config asks for (models load once per process)."""
    if offline or (config.summarizer.backend == "extractive" and config.translator.backend == "none"):
        from .extractive import ExtractiveSummarizer

        return Backends(summarizer=ExtractiveSummarizer(), translator=None, warnings=_offline_warnings(config))
    return build_backends(config, offline=offline)


def _offline_warnings(config: Config) -> tuple[str, ...]:
    if config.translator.backend == "none":
        return ("no translation model in this config: English fields are null "
                "(use a config with a translator, e.g. --config default, after `zonesum models pull opus-mt-zh-en`)",)
    return (f"offline mode: the translation model '{config.translator.model}' was not used; English fields "
            f"are null (drop --offline; if it is missing, run `zonesum models pull {config.translator.model}`)",)
