"""zonesum: bilingual briefs of Chinese newspaper reports on a city's functional zones.

    >>> import zonesum
    >>> result = zonesum.run("article.txt", config="offline")
    >>> zonesum.write(result, "out/")
"""
from importlib import import_module

# The public API loads on first use (PEP 562): ``import zonesum`` costs next to nothing, so the
# command line has its Ctrl-C handling in place before the heavy imports (pydantic, the pipeline).
_PUBLIC = {"Config": "config", "load_config": "config", "ZonesumError": "errors", "run": "pipeline",
           "run_document": "pipeline", "run_file": "pipeline", "run_text": "pipeline", "write": "writers",
           "__version__": "version"}

__all__ = ["Config", "ZonesumError", "load_config", "run", "run_document", "run_file", "run_text", "write",
           "__version__"]


def __getattr__(name: str):
    if name not in _PUBLIC:
        raise AttributeError(f"module 'zonesum' has no attribute {name!r}")
    value = getattr(import_module(f".{_PUBLIC[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
