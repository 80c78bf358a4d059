"""The model-backed stages: Chinese summaries and zh->en translation, and what they load.

Owns: ``factory`` (the ``Summarizer``/``Translator`` interfaces and the choice a config
makes), ``extractive`` (the offline summariser), ``seq2seq`` (text in, checked text out),
``models`` (loading checkpoints and generating), ``engines`` (torch, torch-int8,
CTranslate2), ``registry`` (model cards, local folders, ``models pull``) and ``glossary``
(protected proper nouns). May import ``text`` and the foundation (``types``, ``errors``,
``config``, ``atomic``); torch and transformers load only inside the functions that use them.
"""
from .factory import Backends, Summarizer, Translator, build_backends, get_backends

__all__ = ["Backends", "Summarizer", "Translator", "build_backends", "get_backends"]
