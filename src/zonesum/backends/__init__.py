"""The model-backed stages: Chinese summaries and zh->en translation, and what they load.

Owns: ``factory`` (the ``Summarizer``/``Translator`` interfaces and the choice a config
makes), ``extractive`` (the offline summariser), ``seq2seq`` (text in, checked text out),
``models`` (loading checkpoints and generating), ``engines`` (torch, torch-int8,
CTranslate2), ``registry`` (model cards, local folders, ``models pull``) and ``glossary``
(protected proper nouns). May import ``text`` and the foundation (``types``, ``errors``,
``config``, ``atomic``); torch and transformers load only inside the functions that use them.
"""
from importlib import import_module

__all__ = ["Backends", "Summarizer", "Translator", "build_backends", "get_backends"]


def __getattr__(name: str):
    # The factory loads on first use (PEP 562): ``zonesum batch``'s driver needs ``engines`` alone
    # (a CPU count), not the summarisers and the text rules they compile (a tenth of its start).
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(".factory", __name__), name)
    globals()[name] = value
    return value
