"""Zones: which functional zones an article is about, and one chunk of paragraphs per zone.

Owns: ``gazetteer`` (city lists in ``configs/gazetteers/``), ``discovery`` (zones in no
list, from the article's shape) and ``chunk`` (``Article`` -> ``Chunking``). May import
``text`` and the foundation (``types``, ``errors``, ``config``); never the model backends,
the PDF reader or anything above the pipeline.
"""
