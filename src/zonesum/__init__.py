"""zonesum: bilingual briefs of Chinese newspaper reports on a city's functional zones.

    >>> import zonesum
    >>> result = zonesum.run("article.txt", config="offline")
    >>> zonesum.write(result, "out/")
"""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("zonesum")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+local"

from .config import Config, load_config  # noqa: E402
from .errors import ZonesumError  # noqa: E402
from .pipeline import run, run_document, run_file, run_text  # noqa: E402
from .writers import write  # noqa: E402

__all__ = ["Config", "ZonesumError", "load_config", "run", "run_document", "run_file", "run_text", "write",
           "__version__"]
