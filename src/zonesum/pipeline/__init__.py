"""The stages in order, for one input: text article -> ``Result``, PDF page -> ``PageResult``.

Owns: ``article`` (ingest -> clean -> zones and chunks -> summaries and translations ->
``Result``), ``page`` (a PDF page's articles through ``article``) and ``dispatch``
(``run_file``: which of the two an input takes). May import: ``text``, ``zones``,
``backends``, ``pdf`` and the foundation (``types``, ``errors``, ``config``, ``result``);
never ``batch``, ``bench``, ``evaluation`` or ``cli``, which sit above it.
"""
from .article import run, run_document, run_text
from .dispatch import run_file
from .page import run_pdf

__all__ = ["run", "run_document", "run_file", "run_pdf", "run_text"]
