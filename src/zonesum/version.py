"""The installed version, from package metadata (one place, so that every layer can stamp it)."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("zonesum")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+local"
