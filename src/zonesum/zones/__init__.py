"""Zones: which functional zones an article is about, and one chunk of paragraphs per zone.

Owns: ``recognizer`` (every zone an article names, from three typed sources: ``national``, the
national list in ``data/``, and ``gazetteer``, the city lists in ``configs/gazetteers/``;
``grammar``, a proper name before a head noun, typed by ``lexicon``; ``discovery``, the zones
the page's structure declares), ``chunk`` (``Article`` -> ``Chunking``) and ``naming`` (an
English name for every zone, with ``pinyin``). May import ``text`` and the foundation
(``types``, ``errors``, ``config``, ``atomic``); never the model backends, the PDF reader or
anything above the pipeline.
"""
