"""The ``zonesum`` command line: a thin layer over the library's public calls.

Owns: ``main`` (the app, ``run``, ``bench``), ``batch``, ``evaluate`` (``zonesum eval``),
``models`` and ``common`` (one error line, --debug, config options). May import every other
package; nothing imports it. Heavy libraries load inside the commands, so ``--help`` is instant.
"""
from .main import app, main

__all__ = ["app", "main"]
