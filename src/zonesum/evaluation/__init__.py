"""Evaluation harness: standard scores (``metrics``), hand-written references
(``references``, ``segments``) and config comparison (``compare`` + ``report``).

May import ``pipeline`` and everything below it; the ``zonesum eval`` commands are in
``cli.evaluate``. Modules import their heavy libraries only when called.
"""
