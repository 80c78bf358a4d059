"""Evaluation harness: standard scores (``metrics``), hand-written references
(``references``), config comparison (``compare`` + ``report``) and the ``zonesum eval``
commands (``cli``). Modules import their heavy libraries only when called.
"""
