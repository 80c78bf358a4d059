"""Known models (one card each in ``models/cards/``), where their weights are, and pulling them.

A model named in a config is found, in order: as a folder path; as ``models_dir()/<name>``
(where ``zonesum models pull`` puts it); in the Hugging Face cache under its card's hub id
(or the name itself when it is a hub id). Nothing is downloaded while running: a model that
is not found is a ``ModelMissingError`` naming the pull command.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from ..config import REPO_ROOT, configs_dir, load_config, load_yaml, models_dir
from ..errors import ConfigError, ModelMissingError, ZonesumError

STAMP = "zonesum-pull.json"  # written by pull: hub id and the commit that was downloaded
WEIGHTS = ("model.safetensors", "model.safetensors.index.json", "pytorch_model.bin", "pytorch_model.bin.index.json")
# files a seq2seq checkpoint needs besides weights (config, tokenizer, generation settings)
_SUPPORT_SUFFIXES = (".json", ".model", ".spm", ".txt")


class Card(BaseModel):
    """What we know about a model before downloading it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    hub_id: str
    revision: Optional[str] = None  # pin a commit for reproducible outputs
    task: Literal["translation", "summarization"]
    architecture: str
    parameters: str
    size_on_disk: str
    licence: str
    languages: tuple[str, ...]
    language_codes: Optional[dict[str, str]] = None  # zh/en → the model's own codes (NLLB, M2M100)
    notes: str = ""


def cards_dir() -> Path:
    return Path(os.environ.get("ZONESUM_CARDS_DIR", REPO_ROOT / "models" / "cards"))


def load_cards() -> dict[str, Card]:
    cards = {}
    for path in sorted(cards_dir().glob("*.yaml")):
        try:
            card = Card(**(load_yaml(path.read_text(encoding="utf-8")) or {}))
        except (ValidationError, yaml.YAMLError, TypeError) as exc:
            raise ConfigError(f"invalid model card {path}: {str(exc).splitlines()[0]}") from exc
        cards[card.name] = card
    return cards


def local_dir(name: str) -> Path:
    """Where ``pull`` puts a model: ``models_dir()/<name>`` (a hub id's "/" becomes "--")."""
    return models_dir() / name.replace("/", "--")


def has_weights(path: Path) -> bool:
    return (path / "config.json").is_file() and any((path / w).is_file() for w in WEIGHTS)


def hf_offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


def _hub_cache(hub_id: str, revision: str | None) -> Path | None:
    """The model's snapshot in the Hugging Face cache, never touching the network."""
    try:
        from huggingface_hub import constants

        # The hub client takes a third of a second to import: not for a model never cached.
        if not (Path(constants.HF_HUB_CACHE) / ("models--" + hub_id.replace("/", "--"))).is_dir():
            return None
        from huggingface_hub import snapshot_download

        path = Path(snapshot_download(hub_id, revision=revision, local_files_only=True))
    except Exception:  # noqa: BLE001 - not cached, or huggingface_hub not installed
        return None
    return path if (path / "config.json").is_file() else None


@dataclass(frozen=True)
class Resolved:
    name: str
    path: Path
    revision: str | None  # commit, when known (pulled or from the hub cache)


def resolve(name: str, revision: str | None = None) -> Resolved:
    """Find a configured model on disk; ``ModelMissingError`` (with the pull command) if absent."""
    given = Path(name).expanduser()
    if given.is_dir() and (given / "config.json").is_file():
        return Resolved(name, given, revision)
    local = local_dir(name)
    if (local / "config.json").is_file():
        stamp = local / STAMP
        pulled = json.loads(stamp.read_text(encoding="utf-8")).get("commit") if stamp.is_file() else None
        return Resolved(name, local, pulled or revision)
    card = load_cards().get(name)
    hub_id = card.hub_id if card else (name if name.count("/") == 1 and not given.exists() else None)
    if hub_id and (cached := _hub_cache(hub_id, revision or (card.revision if card else None))):
        return Resolved(name, cached, cached.name)  # snapshot folders are named by commit
    if given.exists() or name.startswith((".", "/", "~")):
        problem = "has no config.json" if given.exists() else "does not exist"
        raise ModelMissingError(f"model folder {given} {problem}")
    raise ModelMissingError(f"model '{name}' is not installed", hint=f"run `zonesum models pull {name}`")


@dataclass(frozen=True)
class ModelStatus:
    name: str
    card: Card | None
    path: Path | None  # where it was found; None when missing
    configs: tuple[str, ...]  # configs in configs_dir() that use it

    @property
    def present(self) -> bool:
        return self.path is not None and has_weights(self.path)


def configured_models() -> dict[str, list[str]]:
    """Model name → the configs in configs_dir() that name it (invalid configs are skipped)."""
    used: dict[str, list[str]] = {}
    for path in sorted(configs_dir().glob("*.yaml")):
        try:
            config = load_config(path)
        except ZonesumError:
            continue
        for stage in (config.summarizer, config.translator):
            if stage.backend == "seq2seq" and stage.model:
                used.setdefault(stage.model, []).append(config.name)
    return used


def list_models() -> list[ModelStatus]:
    """Every known (carded) and configured model, with where it is found on disk."""
    cards = load_cards()
    used = configured_models()
    statuses = []
    for name in [*cards, *(n for n in used if n not in cards)]:
        try:
            path: Path | None = resolve(name).path
        except ModelMissingError:
            path = None
        statuses.append(ModelStatus(name, cards.get(name), path, tuple(dict.fromkeys(used.get(name, [])))))
    return statuses


def _wanted(files: list[str]) -> list[str]:
    """Top-level files to download: configs and tokenizer files, and safetensors weights when
    the repository has them (else the PyTorch .bin); never TF, Flax, Rust or ONNX copies."""
    top = [f for f in files if "/" not in f]
    support = [f for f in top if f.endswith(_SUPPORT_SUFFIXES) and not f.startswith(".")]
    safetensors = [f for f in top if f.endswith(".safetensors")]
    weights = safetensors or [f for f in top if f.startswith("pytorch_model") and f.endswith(".bin")]
    return support + weights


def _reason(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    reason = lines[0] if lines else type(exc).__name__
    return reason if len(reason) <= 200 else reason[:197] + "..."


def pull(name: str, *, revision: str | None = None) -> Path:
    """Download a model (a card's name or a hub id) into ``local_dir(name)``, with a progress bar."""
    card = load_cards().get(name)
    hub_id = card.hub_id if card else (name if name.count("/") == 1 else None)
    if hub_id is None:
        known = ", ".join(load_cards()) or "none"
        raise ZonesumError(f"unknown model '{name}'", hint=f"known models: {known}; or give a hub id (owner/name)")
    if hf_offline():
        raise ZonesumError(f"cannot download '{name}': HF_HUB_OFFLINE is set",
                           hint=f"unset it, or copy the model folder to {local_dir(name)}")
    dest = local_dir(name)
    try:
        from huggingface_hub import HfApi, snapshot_download

        info = HfApi().model_info(hub_id, revision=revision or (card.revision if card else None))
        files = _wanted([s.rfilename for s in info.siblings or []])
        snapshot_download(hub_id, revision=info.sha, local_dir=dest, allow_patterns=files)
    except ImportError as exc:
        raise ZonesumError("cannot download models: huggingface_hub is not installed",
                           hint="pip install 'zonesum[models]'") from exc
    except Exception as exc:  # noqa: BLE001 - network, auth and hub errors all end in one line
        raise ZonesumError(f"cannot download '{name}' ({hub_id}) from the Hugging Face hub: {_reason(exc)}") from exc
    (dest / STAMP).write_text(json.dumps({"hub_id": hub_id, "revision": revision, "commit": info.sha}, indent=1),
                              encoding="utf-8")
    return dest
