"""The seq2seq backends on tiny random models of the real architectures.

Random models write gibberish: these tests assert structure, lengths, routing and warnings.
Where a test needs a known output (glossary restoration, a planted figure), the model call
``seq2seq.generate`` is replaced by a stand-in and the rest of the path runs for real.
"""
from __future__ import annotations

import re
import shutil

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from zonesum.backends import models, seq2seq  # noqa: E402
from zonesum.backends.factory import build_backends  # noqa: E402
from zonesum.backends.glossary import Glossary  # noqa: E402
from zonesum.backends.models import load_model  # noqa: E402
from zonesum.backends.seq2seq import SeqSummarizer, SeqTranslator  # noqa: E402
from zonesum.config import Config, Generation, SummarizerConfig, TranslatorConfig, load_config  # noqa: E402
from zonesum.errors import ConfigError, ModelLoadError, ModelMissingError  # noqa: E402

TINY = Generation(num_beams=2, max_new_tokens=6, min_new_tokens=2, batch_size=4)
TERMS = {"中欧班列": "China-Europe Railway Express"}
LONG_SENTENCE = ("示范区全力搭平台，开行国际班列203列，居全省第一，服务企业突破4000家，新增项目133个，"
                 "其中18个重点项目已开工15个，总投资达到5452亿元，增长10.19%。")


def translator(path, glossary=None, **settings) -> SeqTranslator:
    config = TranslatorConfig(backend="seq2seq", model=str(path), generation=settings.pop("generation", TINY),
                              **settings)
    return SeqTranslator(load_model(str(path), engine=config.engine), config, glossary)


def summarizer(path, **settings) -> SeqSummarizer:
    config = SummarizerConfig(backend="seq2seq", model=str(path), generation=settings.pop("generation", TINY),
                              **settings)
    return SeqSummarizer(load_model(str(path)), config)


def spy_generate(monkeypatch, respond=None) -> list[list[str]]:
    """Record the inputs of every model call; answer with ``respond(text)`` or the real model."""
    calls: list[list[str]] = []
    real = seq2seq.generate

    def fake(loaded, texts, settings, **options):
        calls.append(list(texts))
        return [respond(t) for t in texts] if respond else real(loaded, texts, settings, **options)

    monkeypatch.setattr(seq2seq, "generate", fake)
    return calls


def record_model_calls(monkeypatch, loaded) -> list[dict]:
    """Record the keyword arguments of every ``model.generate`` call (the real one still runs);
    ``loaded`` must run on torch (``engine="torch"``)."""
    calls: list[dict] = []
    real = loaded.model.generate

    def recording(**inputs):
        calls.append(inputs)
        return real(**inputs)

    monkeypatch.setattr(loaded.model, "generate", recording)
    return calls


def keep_ascii(text: str) -> str:
    """A stand-in "translation": the Latin letters and digits of the input (placeholders survive)."""
    return re.sub(r"\s+", " ", re.sub(r"[^\x00-\x7f]", " ", text)).strip()


# --- loading -------------------------------------------------------------------------------

def test_seq2seq_load_model_once_per_process(tiny_marian):
    first = load_model(str(tiny_marian), engine="torch")
    assert load_model(str(tiny_marian), engine="torch").model is first.model
    assert first.window == 32 and first.device == "cpu" and first.dtype == "float32"
    assert first.model_type == "marian"


def test_seq2seq_load_model_shares_weights_between_names(tiny_marian, empty_models_dir):
    (empty_models_dir / "opus-mt-zh-en").symlink_to(tiny_marian, target_is_directory=True)
    by_path, by_name = load_model(str(tiny_marian)), load_model("opus-mt-zh-en")
    assert by_name.model is by_path.model and by_name.name == "opus-mt-zh-en"


def test_seq2seq_load_model_sets_threads(tiny_marian):
    import torch

    before = torch.get_num_threads()
    try:
        load_model(str(tiny_marian), threads=1)
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)


def test_seq2seq_pick_device_auto_and_override():
    import torch

    assert models.pick_device("cpu") == "cpu"
    assert models.pick_device("auto") in {"cpu", "cuda", "mps"}
    if not torch.cuda.is_available():
        with pytest.raises(ConfigError, match="device 'cuda' is not available"):
            models.pick_device("cuda")


@pytest.mark.parametrize("device, model_type, bf16, expected", [
    ("cpu", "marian", False, "float32"),
    ("cuda", "marian", True, "bfloat16"),
    ("cuda", "marian", False, "float16"),
    ("cuda", "mt5", False, "float32"),  # T5 overflows in float16
])
def test_seq2seq_dtype_follows_the_device(monkeypatch, device, model_type, bf16, expected):
    import torch

    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *args, **kwargs: bf16)
    assert models._dtype_name("auto", device, model_type) == expected
    assert models._dtype_name("float16", device, model_type) == "float16"  # an explicit choice wins


def test_seq2seq_corrupt_weights_raise_a_one_line_load_error(tiny_marian, tmp_path):
    broken = tmp_path / "broken-marian"
    shutil.copytree(tiny_marian, broken)
    weights = broken / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[: weights.stat().st_size // 2])
    with pytest.raises(ModelLoadError) as caught:
        load_model(str(broken))
    line = caught.value.line()
    assert "model 'broken-marian'" in line and "cannot be loaded" in line
    assert "\n" not in line


def test_seq2seq_missing_model_names_the_pull_command(empty_models_dir):
    with pytest.raises(ModelMissingError) as caught:
        load_model("opus-mt-zh-en")
    assert caught.value.line() == "model 'opus-mt-zh-en' is not installed (run `zonesum models pull opus-mt-zh-en`)"


def test_seq2seq_missing_folder_says_so(tmp_path):
    with pytest.raises(ModelMissingError, match="does not exist"):
        load_model(str(tmp_path / "nowhere"))


# --- translation ---------------------------------------------------------------------------

def test_seq2seq_translate_returns_one_result_per_text(tiny_marian):
    texts = ["上合示范区推动中欧班列。", "", "第一段。\n第二段。", LONG_SENTENCE]
    results = translator(tiny_marian).translate(texts)
    assert len(results) == 4
    assert all(r.backend.startswith("seq2seq:tiny-marian (") for r in results)
    assert results[1].text is None and results[1].warnings == ()
    for result in results:
        assert result.text is None or isinstance(result.text, str)
        assert all(isinstance(w, str) and "\n" not in w for w in result.warnings)


def test_seq2seq_output_length_is_capped_by_the_decoder_positions(tiny_marian):
    long_outputs = Generation(num_beams=1, max_new_tokens=256, min_new_tokens=200)  # the window is 32
    result = translator(tiny_marian, generation=long_outputs).translate(["示范区开行国际班列。"])[0]
    assert result.text and len(result.text.split()) <= 32


def test_seq2seq_translate_rejoins_pieces_in_order(tiny_marian, monkeypatch):
    spy_generate(monkeypatch, respond=lambda text: f"[{len(text)}]")
    results = translator(tiny_marian).translate(["甲。乙。\n丙。", "丁。"])
    assert [r.text for r in results] == ["[4]\n[2]", "[2]"]  # sentences packed per paragraph, lines kept


def test_seq2seq_long_sentence_is_split_at_clauses_not_truncated(tiny_marian, monkeypatch):
    loaded = load_model(str(tiny_marian))
    assert loaded.count_tokens(LONG_SENTENCE) > loaded.window
    calls = spy_generate(monkeypatch)
    result = translator(tiny_marian).translate([LONG_SENTENCE])[0]
    (inputs,) = calls
    assert len(inputs) > 1
    assert "".join(inputs) == LONG_SENTENCE  # nothing dropped
    assert all(loaded.count_tokens(piece) <= loaded.window for piece in inputs)
    assert not any("token boundary" in w for w in result.warnings)


def test_seq2seq_unpunctuated_run_is_cut_with_a_warning(tiny_marian, monkeypatch):
    loaded = load_model(str(tiny_marian))
    run = "示范区搭建贸易平台推动国际班列常态化运行服务企业发展建设公共服务中心" * 2
    calls = spy_generate(monkeypatch)
    result = translator(tiny_marian).translate([run], labels=["zone 东港: translation_en"])[0]
    assert "".join(calls[0]) == run
    assert all(loaded.count_tokens(piece) <= loaded.window for piece in calls[0])
    assert any(w.startswith("zone 东港: ") and "token boundary" in w and w.endswith("in translation_en")
               for w in result.warnings)


def test_seq2seq_batches_are_sorted_by_length(tiny_marian, monkeypatch):
    loaded = load_model(str(tiny_marian), engine="torch")
    calls = record_model_calls(monkeypatch, loaded)
    texts = ["短。", "一个长一点的句子。", "中。", "这是最长的一个句子，有很多字。", "又短。", "中等长度的句子。",
             "很短。", "一二三四五六七八。", "好。", "末句。"]
    models.generate(loaded, texts, TINY)
    shapes = [tuple(call["input_ids"].shape) for call in calls]
    assert [rows for rows, _ in shapes] == [4, 4, 2]
    widths = [width for _, width in shapes]
    assert widths == sorted(widths, reverse=True)
    assert widths[0] == max(loaded.count_tokens(t) for t in texts)


def test_seq2seq_glossary_terms_come_out_as_official_english(tiny_marian, monkeypatch):
    calls = spy_generate(monkeypatch, respond=keep_ascii)
    result = translator(tiny_marian, Glossary(TERMS)).translate(
        ["蓝谷开行中欧班列203列。"], terms={"蓝谷": "Blue Valley"})[0]
    assert not any("中欧班列" in text or "蓝谷" in text for text in calls[0])  # the model never saw them
    assert result.text == "Blue Valley China-Europe Railway Express 203"
    assert result.warnings == ()


def test_seq2seq_placeholders_are_chosen_to_survive_the_tokenizer(tiny_marian):
    assert seq2seq.placeholder_prefix(load_model(str(tiny_marian)).tokenizer) == "ZX"

    class NoLatin:  # a tokenizer that reads every Latin letter as <unk>
        unk_token_id = 1

        def __call__(self, text, add_special_tokens=False):
            return {"input_ids": [1] * len(text)}

        def decode(self, ids, skip_special_tokens=True):
            return "<unk>" * len(ids)

    assert seq2seq.placeholder_prefix(NoLatin()) is None


def test_seq2seq_lost_placeholder_is_retried_unprotected_and_warned(tiny_marian, monkeypatch):
    calls = spy_generate(monkeypatch, respond=lambda text: "The trains ran.")
    result = translator(tiny_marian, Glossary(TERMS)).translate(["开行中欧班列。"], labels=["zone 东港: summary_en"])[0]
    assert len(calls) == 2 and calls[1] == ["开行中欧班列。"]
    assert result.text == "The trains ran."
    assert result.warnings == (
        'zone 东港: glossary term "中欧班列" is not rendered as "China-Europe Railway Express" in summary_en',)


def test_seq2seq_unprotected_retry_still_fits_the_window(tiny_marian, monkeypatch):
    loaded = load_model(str(tiny_marian))
    long_term = "中国上海合作组织地方经贸合作示范区"  # far more tokens than its placeholder
    sentence = f"{long_term}开行国际班列203列，服务企业突破4000家，新增项目133个。"
    calls = spy_generate(monkeypatch, respond=lambda text: "trains")
    translator(tiny_marian, Glossary({long_term: "SCO Demonstration Area"})).translate([sentence])
    retried = calls[1]
    assert "".join(retried).startswith(long_term)
    assert all(loaded.count_tokens(piece) <= loaded.window for piece in retried)


def test_seq2seq_translation_flags_a_planted_wrong_figure(tiny_marian, monkeypatch):
    spy_generate(monkeypatch, respond=lambda text: "Loans reached 600 billion yuan, up 10.19%.")
    result = translator(tiny_marian).translate(["贷款余额5452亿元，增长10.19%。"], labels=["zone 金家岭: summary_en"])[0]
    assert result.warnings == ('zone 金家岭: figure "600 billion" in summary_en not found in source',)


def test_seq2seq_degenerate_repetition_is_flagged(tiny_marian, monkeypatch):
    spy_generate(monkeypatch, respond=lambda text: "the zone the zone the zone of trade")
    (warning,) = translator(tiny_marian).translate(["园区。"])[0].warnings
    assert '"the zone" repeats back to back' in warning


def test_seq2seq_m2m100_forces_the_target_language(tiny_m2m100, monkeypatch):
    loaded = load_model(str(tiny_m2m100), engine="torch")
    calls = record_model_calls(monkeypatch, loaded)
    result = translator(tiny_m2m100, engine="torch").translate(["上合示范区推动中欧班列。"])[0]
    tokenizer = loaded.tokenizer
    (seen,) = calls
    assert seen["forced_bos_token_id"] == tokenizer.get_lang_id("en")
    assert seen["input_ids"][0, 0].item() == tokenizer.get_lang_id("zh")
    assert "__en__" not in (result.text or "")


def test_seq2seq_nllb_uses_its_own_language_codes(tiny_nllb, monkeypatch):
    loaded = load_model(str(tiny_nllb), engine="torch")
    calls = record_model_calls(monkeypatch, loaded)
    result = translator(tiny_nllb, engine="torch").translate(["上合示范区推动中欧班列。"])[0]  # codes default to zho_Hans → eng_Latn
    tokenizer = loaded.tokenizer
    (seen,) = calls
    assert seen["forced_bos_token_id"] == tokenizer.convert_tokens_to_ids("eng_Latn")
    assert seen["input_ids"][0, 0].item() == tokenizer.convert_tokens_to_ids("zho_Hans")
    assert "eng_Latn" not in (result.text or "")


def test_seq2seq_unknown_language_code_names_the_key(tiny_m2m100):
    with pytest.raises(ConfigError, match="translator.tgt_lang: 'eng_Latn' is not a language code"):
        translator(tiny_m2m100, tgt_lang="eng_Latn")


# --- summarisation -------------------------------------------------------------------------

def test_seq2seq_summarize_respects_max_chars(tiny_mt5):
    results = summarizer(tiny_mt5, generation=Generation(num_beams=2, max_new_tokens=40, min_new_tokens=30)).summarize(
        ["示范区开行国际班列120列。", LONG_SENTENCE, ""], 20)
    assert len(results) == 3 and all(r.backend.startswith("seq2seq:tiny-mt5 (") for r in results)
    assert all(len(r.text) <= 20 for r in results[:2] if r.text)
    assert results[2].text is None and results[2].warnings == ("nothing to summarise",)


def test_seq2seq_summary_is_cut_at_a_sentence_end_with_a_warning(tiny_mt5, monkeypatch):
    spy_generate(monkeypatch, respond=lambda text: "第一句话很长很长。 第二句话也很长很长很长。")
    result = summarizer(tiny_mt5).summarize(["第一句话很长很长。第二句话也很长很长很长。"], 12, labels=["zone 蓝谷: summary_zh"])[0]
    assert result.text == "第一句话很长很长。"
    assert result.warnings == ("zone 蓝谷: summary cut from 21 to 9 characters at a sentence end in summary_zh",)


def test_seq2seq_long_text_is_summarised_in_pieces_then_condensed(tiny_mt5, monkeypatch):
    loaded = load_model(str(tiny_mt5))
    calls = spy_generate(monkeypatch)
    text = "\n".join([LONG_SENTENCE] * 3)
    result = summarizer(tiny_mt5, max_input_tokens=40).summarize([text], 120)[0]
    pieces, final = calls[0], calls[-1]
    assert len(pieces) > 1 and all(loaded.count_tokens(p) <= 40 for p in pieces)
    assert "".join(pieces) == text.replace("\n", "")  # every sentence was read
    assert len(final) == 1 and loaded.count_tokens(final[0]) <= 40
    assert any("longer than the model's input window (40): summarised in" in w for w in result.warnings)


def test_seq2seq_summary_flags_a_planted_wrong_figure(tiny_mt5, monkeypatch):
    spy_generate(monkeypatch, respond=lambda text: "贷款余额6000亿元。")
    result = summarizer(tiny_mt5).summarize(["一季度贷款余额5452亿元，增长10.19%。"], 120)[0]
    assert result.text == "贷款余额6000亿元。"
    assert result.warnings == ('figure "6000亿" not found in source',)


# --- configs and the backend factory -------------------------------------------------------

@pytest.mark.parametrize("body, key, words", [
    ("translator:\n  modle: x\n", "translator.modle", "known keys: backend, model"),
    ("summarizer:\n  backend: seq2seq\n", "summarizer.model", "required when backend is seq2seq"),
    ("translator:\n  backend: seq2seq\n  model: m\n  engine: fast\n", "translator.engine", "'ctranslate2'"),
    ("translator:\n  generation:\n    num_beams: 0\n", "translator.generation.num_beams", "greater than or equal"),
    ("dtype: float64\n", "dtype", "'bfloat16'"),
])
def test_seq2seq_config_errors_name_the_bad_key(tmp_path, body, key, words):
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    line = caught.value.line()
    assert f"key '{key}'" in line and words in line and "\n" not in line


def test_seq2seq_shipped_model_configs_are_valid():
    for name in ("default", "marian", "nllb", "m2m100", "mt5"):
        config = load_config(name)
        assert "seq2seq" in (config.summarizer.backend, config.translator.backend)


def test_seq2seq_missing_models_fall_back_to_the_offline_path(empty_models_dir):
    backends = build_backends(load_config("default"))
    assert backends.summarizer.backend == "extractive"
    assert backends.translator is None
    assert backends.warnings == (
        "summarisation model 'mt5-xlsum' is not installed: run `zonesum models pull mt5-xlsum`; "
        "using extractive summaries",
        "translation model 'opus-mt-zh-en' is not installed: run `zonesum models pull opus-mt-zh-en`; "
        "English fields are null",
    )


def test_seq2seq_missing_models_raise_when_required(empty_models_dir):
    config = load_config("marian").model_copy(update={"require_models": True})
    with pytest.raises(ModelMissingError, match="zonesum models pull opus-mt-zh-en"):
        build_backends(config)


def test_seq2seq_offline_flag_skips_models(tiny_marian):
    config = Config(translator=TranslatorConfig(backend="seq2seq", model=str(tiny_marian)))
    backends = build_backends(config, offline=True)
    assert (backends.summarizer.backend, backends.translator, backends.warnings) == ("extractive", None, ())


def test_seq2seq_models_in_the_models_folder_are_used_by_name(empty_models_dir, tiny_marian, tiny_mt5):
    (empty_models_dir / "opus-mt-zh-en").symlink_to(tiny_marian, target_is_directory=True)
    (empty_models_dir / "mt5-xlsum").symlink_to(tiny_mt5, target_is_directory=True)
    config = load_config("default")
    fast = Generation(num_beams=1, max_new_tokens=4, min_new_tokens=1)
    config = config.model_copy(update={
        "summarizer": config.summarizer.model_copy(update={"generation": fast}),
        "translator": config.translator.model_copy(update={"generation": fast}),
    })
    backends = build_backends(config)
    assert backends.warnings == ()
    assert isinstance(backends.summarizer, SeqSummarizer) and backends.summarizer.backend.startswith("seq2seq:mt5-xlsum (")
    assert isinstance(backends.translator, SeqTranslator) and backends.translator.backend in ("seq2seq:opus-mt-zh-en (ctranslate2)", "seq2seq:opus-mt-zh-en (torch)")
    assert backends.translator.glossary.terms["中欧班列"] == "China-Europe Railway Express"  # configs/glossary.yaml
    assert len(backends.summarizer.summarize(["示范区开行国际班列。"], 120)) == 1
    assert len(backends.translator.translate(["示范区开行国际班列。", "第二句。"])) == 2
