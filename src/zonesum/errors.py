"""User-facing errors: one line that says what, where and what to do."""
from __future__ import annotations


class ZonesumError(Exception):
    """Base of every error the CLI prints as one ``error: …`` line (exit code ``exit_code``)."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None):
        self.message = message
        self.hint = hint
        super().__init__(self.line())

    def line(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(ZonesumError):
    """The input file is missing, empty, binary, undecodable or too large."""


class NoZonesError(ZonesumError):
    """No zone was found where the caller required one (``require_zones``, ``--require-zones``)."""

    exit_code = 3  # apart from failures (1) and usage errors (2): scripts can tell "read, but no zone"


NO_ZONES_HINT = ("check that this is a report on functional zones, or add its zones to a gazetteer in "
                 "configs/gazetteers/")


class ConfigError(ZonesumError):
    """A config file is missing or invalid."""

    exit_code = 2


class ModelMissingError(ZonesumError):
    """A configured model is not on disk."""


class ModelLoadError(ZonesumError):
    """A model folder exists but cannot be loaded (corrupt or truncated files)."""


class OutputError(ZonesumError):
    """An output cannot be written (read-only folder, disk full…)."""
