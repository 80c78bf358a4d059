"""``zonesum models list`` and ``pull``, the model cards, and model resolution."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from zonesum.backends import registry
from zonesum.cli.models import app
from zonesum.errors import ModelMissingError

WIDE = {"COLUMNS": "400"}  # one table row per line, whatever the configs list


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), env=WIDE)


def row(output: str, name: str) -> str:
    return next(line for line in output.splitlines() if f" {name} " in line)


def test_models_cli_help_of_every_command():
    for args in (["--help"], ["list", "--help"], ["pull", "--help"]):
        result = invoke(*args)
        assert result.exit_code == 0 and "Usage" in result.output


def test_models_cards_are_valid_and_record_licences():
    cards = registry.load_cards()
    assert {"opus-mt-zh-en", "nllb-200-distilled-600M", "m2m100_418M", "mt5-xlsum"} <= set(cards)
    assert cards["mt5-xlsum"].licence.startswith("CC-BY-NC-SA-4.0")
    assert cards["mt5-xlsum"].task == "summarization"
    assert all(card.licence and card.size_on_disk and card.hub_id.count("/") == 1 for card in cards.values())


def test_models_list_shows_every_model_as_missing(empty_models_dir):
    result = invoke("list")
    assert result.exit_code == 0
    for name in ("opus-mt-zh-en", "nllb-200-distilled-600M", "m2m100_418M", "mt5-xlsum"):
        assert " no " in row(result.output, name)
    assert "default" in row(result.output, "opus-mt-zh-en")  # the configs that use it
    assert "zonesum models pull NAME" in result.output


def test_models_list_shows_a_present_model_and_its_folder(empty_models_dir, tiny_marian):
    (empty_models_dir / "opus-mt-zh-en").symlink_to(tiny_marian, target_is_directory=True)
    line = row(invoke("list").output, "opus-mt-zh-en")
    assert " yes " in line and str(empty_models_dir / "opus-mt-zh-en") in line


def test_models_resolve_prefers_a_folder_path_then_the_models_folder(empty_models_dir, tiny_marian):
    assert registry.resolve(str(tiny_marian)).path == tiny_marian
    (empty_models_dir / "opus-mt-zh-en").symlink_to(tiny_marian, target_is_directory=True)
    (empty_models_dir / "opus-mt-zh-en" / registry.STAMP).write_text(json.dumps({"commit": "abc123"}))
    try:
        found = registry.resolve("opus-mt-zh-en")
        assert found.path == empty_models_dir / "opus-mt-zh-en" and found.revision == "abc123"
    finally:
        (tiny_marian / registry.STAMP).unlink()


def test_models_resolve_finds_a_model_in_the_hub_cache_without_network(tmp_path, monkeypatch):
    import huggingface_hub.constants

    repo = tmp_path / "hub" / "models--Helsinki-NLP--opus-mt-zh-en"
    (repo / "snapshots" / "abc123").mkdir(parents=True)
    (repo / "snapshots" / "abc123" / "config.json").write_text("{}")
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("abc123")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setenv("ZONESUM_MODELS_DIR", str(tmp_path / "models"))
    found = registry.resolve("opus-mt-zh-en")  # a card name, found under the card's hub id
    assert found.path == repo / "snapshots" / "abc123" and found.revision == "abc123"


def test_models_resolve_missing_hub_id_names_the_pull_command(empty_models_dir):
    with pytest.raises(ModelMissingError, match="run `zonesum models pull Helsinki-NLP/opus-mt-zh-en`"):
        registry.resolve("Helsinki-NLP/opus-mt-zh-en")


def test_models_pull_offline_fails_in_one_line(empty_models_dir, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    result = invoke("pull", "opus-mt-zh-en")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"error: cannot download 'opus-mt-zh-en': HF_HUB_OFFLINE is set (unset it, or copy the model folder to "
        f"{empty_models_dir / 'opus-mt-zh-en'})"]


def test_models_pull_without_network_fails_in_one_line(empty_models_dir, monkeypatch):
    import huggingface_hub

    def no_network(self, *args, **kwargs):
        raise ConnectionError("Failed to resolve 'huggingface.co'\nMore details on a second line")

    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setattr(huggingface_hub.HfApi, "model_info", no_network)
    result = invoke("pull", "opus-mt-zh-en")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "error: cannot download 'opus-mt-zh-en' (Helsinki-NLP/opus-mt-zh-en) from the Hugging Face hub: "
        "Failed to resolve 'huggingface.co'"]
    assert not (empty_models_dir / "opus-mt-zh-en").exists()


def test_models_pull_unknown_name_lists_the_known_ones(empty_models_dir):
    result = invoke("pull", "no-such-model")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: unknown model 'no-such-model' (known models: m2m100_418M, mt5-xlsum")


def test_models_pull_downloads_safetensors_and_stamps_the_commit(empty_models_dir, monkeypatch):
    import huggingface_hub

    files = ["config.json", "source.spm", "target.spm", "vocab.json", "tokenizer_config.json",
             "generation_config.json", "model.safetensors", "pytorch_model.bin", "tf_model.h5", "rust_model.ot",
             "onnx/encoder_model.onnx", "README.md", ".gitattributes"]
    siblings = [type("Sibling", (), {"rfilename": f}) for f in files]
    info = type("Info", (), {"sha": "0123abcd", "siblings": siblings})
    asked = {}

    def snapshot(repo_id, **kwargs):
        asked.update(kwargs, repo_id=repo_id)
        kwargs["local_dir"].mkdir(parents=True)
        return str(kwargs["local_dir"])

    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setattr(huggingface_hub.HfApi, "model_info", lambda self, repo, revision=None: info)
    monkeypatch.setattr(huggingface_hub, "snapshot_download", snapshot)
    result = invoke("pull", "opus-mt-zh-en")
    assert result.exit_code == 0, result.output
    assert asked["repo_id"] == "Helsinki-NLP/opus-mt-zh-en" and asked["revision"] == "0123abcd"
    assert sorted(asked["allow_patterns"]) == sorted(
        ["config.json", "source.spm", "target.spm", "vocab.json", "tokenizer_config.json",
         "generation_config.json", "model.safetensors"])
    stamp = json.loads((empty_models_dir / "opus-mt-zh-en" / registry.STAMP).read_text())
    assert stamp["commit"] == "0123abcd"


def test_models_pull_falls_back_to_pytorch_weights_when_no_safetensors():
    assert registry._wanted(["config.json", "pytorch_model.bin", "tf_model.h5", "spiece.model"]) == [
        "config.json", "spiece.model", "pytorch_model.bin"]
