"""Shared fixtures. Tests never touch the network: the Hugging Face hub is put offline here."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


# --- tiny seq2seq models (built once per session; see tinymodels.py) -----------------------

def _tiny(tmp_path_factory, builder: str, folder: str, **options) -> Path:
    pytest.importorskip("torch")
    import tinymodels

    return getattr(tinymodels, builder)(tmp_path_factory.mktemp("models") / folder, **options)


@pytest.fixture(scope="session")
def tiny_marian(tmp_path_factory) -> Path:
    """A random Marian zh→en model with a 32-token window (so packing is exercised)."""
    return _tiny(tmp_path_factory, "build_marian", "tiny-marian", max_positions=32)


@pytest.fixture(scope="session")
def tiny_mt5(tmp_path_factory) -> Path:
    """A random mT5 summariser with a SentencePiece vocabulary (512-token window)."""
    return _tiny(tmp_path_factory, "build_mt5", "tiny-mt5")


@pytest.fixture(scope="session")
def tiny_m2m100(tmp_path_factory) -> Path:
    """A random M2M100 model with language tokens (__zh__, __en__, …)."""
    return _tiny(tmp_path_factory, "build_m2m100", "tiny-m2m100")


@pytest.fixture(scope="session")
def tiny_nllb(tmp_path_factory) -> Path:
    """A random NLLB-200 model (M2M100 architecture, NllbTokenizer, codes like zho_Hans)."""
    return _tiny(tmp_path_factory, "build_nllb", "tiny-nllb")


@pytest.fixture
def empty_models_dir(tmp_path, monkeypatch) -> Path:
    """An empty local models folder, and no Hugging Face cache to fall back on."""
    from zonesum.backends import registry

    folder = tmp_path / "models"
    folder.mkdir()
    monkeypatch.setenv("ZONESUM_MODELS_DIR", str(folder))
    monkeypatch.setattr(registry, "_hub_cache", lambda hub_id, revision: None)
    return folder
