"""Text in: bytes -> ``Document`` -> cleaned ``Article``, and the text tools later stages share.

Owns: ``ingest`` (encodings, limits, line endings), ``script`` (Traditional/Simplified
folding and OpenCC), ``clean`` (page furniture, rejoined paragraphs, headline and sections),
``sentences`` (sentence and clause splitting, packing under a token budget) and ``figures``
(numbers, percentages and money by value). May import only the foundation: ``types``,
``errors``, ``config``.
"""
