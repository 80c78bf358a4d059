"""Known zones per city (``configs/gazetteers/*.yaml``): loaded once, used where the article names the city."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..config import Config
from ..errors import ConfigError
from ..text.script import fold
from ..types import ZoneName


@dataclass(frozen=True)
class Gazetteer:
    city: str
    city_en: str | None
    zones: tuple[ZoneName, ...]

    def applies_to(self, text: str) -> bool:
        """A city's list is used only for articles that name the city or one of its zones in full
        (``text`` folded by ``script.fold``, so names in either script match). Short aliases do
        not count: "滨海新区" is Linjiang's only in an article about Linjiang, and Tianjin's too."""
        return (bool(self.city) and fold(self.city) in text) or any(fold(z.name) in text for z in self.zones)


def load_gazetteer(path: Path) -> Gazetteer:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        zones = tuple(
            ZoneName(name=z["name"], aliases=tuple(a for a in z.get("aliases", ()) if a != z["name"]),
                     name_en=z.get("name_en"), found_by="gazetteer")
            for z in data["zones"]
        )
        return Gazetteer(city=data.get("city", ""), city_en=data.get("city_en"), zones=zones)
    except FileNotFoundError as exc:
        raise ConfigError(f"gazetteer not found: {path}") from exc
    except (yaml.YAMLError, KeyError, TypeError) as exc:
        raise ConfigError(f"gazetteer {path} is malformed: each zone needs a 'name' ({exc})") from exc


@lru_cache(maxsize=16)
def _gazetteers_for(paths: tuple[str, ...]) -> tuple[Gazetteer, ...]:
    return tuple(load_gazetteer(Path(p)) for p in paths)


def load_gazetteers(config: Config) -> tuple[Gazetteer, ...]:
    """The gazetteers a config names (paths or glob patterns), each file read once per process."""
    paths: list[str] = []
    for entry in config.gazetteers:
        if any(ch in entry for ch in "*?["):
            base = config.resolve(".")
            paths.extend(str(p) for p in sorted(base.glob(entry)))
        else:
            paths.append(str(config.resolve(entry)))
    return _gazetteers_for(tuple(paths))
