"""The speed paths on tiny random models: which engine runs, CTranslate2 conversion and its
cache, int8 outputs shaped like fp32 ones on WMT22, fixed output lengths, and the pieces of
``zonesum bench``. Speed itself is measured by ``zonesum bench``, never by a timed test."""
from __future__ import annotations

import os
import shutil

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from zonesum.backends import engines, models  # noqa: E402
from zonesum.backends.models import load_model  # noqa: E402
from zonesum.backends.seq2seq import SeqSummarizer, SeqTranslator  # noqa: E402
from zonesum.config import Generation, SummarizerConfig, TranslatorConfig, load_config  # noqa: E402
from zonesum.errors import ConfigError, ModelLoadError  # noqa: E402

from articles import WMT  # noqa: E402

WMT22 = WMT / "src.zh"
FIXED = Generation(num_beams=2, max_new_tokens=8, min_new_tokens=8, batch_size=8)
needs_ct2 = pytest.mark.skipif(not engines.ct2_installed(), reason="ctranslate2 is not installed")


def wmt22(n: int) -> list[str]:
    if not WMT22.is_file():
        pytest.skip(f"the WMT22 test set is not at {WMT22}")
    return WMT22.read_text(encoding="utf-8").splitlines()[:n]


def private_copy(model, tmp_path, name="model"):
    """A copy of a session model (without its converted copy) that a test may convert or spoil."""
    return shutil.copytree(model, tmp_path / name, ignore=shutil.ignore_patterns(engines.CT2_FOLDER))


# --- choosing the engine -------------------------------------------------------------------

def test_speed_paths_auto_picks_ctranslate2_on_the_cpu_when_it_can(monkeypatch):
    monkeypatch.setattr(engines, "ct2_installed", lambda: True)
    assert engines.choose("auto", "marian", "cpu") == "ctranslate2"
    assert engines.choose("auto", "mt5", "cpu") == "ctranslate2"
    assert engines.choose("auto", "marian", "cuda") == "torch"  # fp16/bf16 torch is fast there already
    assert engines.choose("auto", "bart", "cpu") == "torch"  # not a converted architecture
    monkeypatch.setattr(engines, "ct2_installed", lambda: False)
    assert engines.choose("auto", "marian", "cpu") == "torch"


@pytest.mark.parametrize("engine, model_type, device, installed, words", [
    ("ctranslate2", "marian", "cpu", False, "engine 'ctranslate2' needs the ctranslate2 package"),
    ("ctranslate2", "bart", "cpu", True, "does not run 'bart' models"),
    ("ctranslate2", "marian", "mps", True, "runs on cpu or cuda, not on mps"),
    ("torch-int8", "marian", "cuda", True, "engine 'torch-int8' runs on the CPU only"),
])
def test_speed_paths_impossible_engines_are_one_line_errors(monkeypatch, engine, model_type, device, installed,
                                                           words):
    monkeypatch.setattr(engines, "ct2_installed", lambda: installed)
    with pytest.raises(ConfigError) as caught:
        engines.choose(engine, model_type, device)
    assert words in caught.value.line() and "\n" not in caught.value.line()


def test_speed_paths_engine_configs_are_valid():
    assert load_config("marian-fp32").translator.engine == "torch"
    assert load_config("marian-ct2").translator.engine == "ctranslate2"
    assert load_config("marian-int8").translator.engine == "torch-int8"
    assert SummarizerConfig(engine="torch-int8").engine == "torch-int8"


# --- int8 output keeps the fp32 structure --------------------------------------------------

def _outputs(model, engine, texts, task="translation"):
    loaded = load_model(str(model), engine=engine)
    assert loaded.engine == engine and loaded.fallback is None
    if task == "translation":
        config = TranslatorConfig(backend="seq2seq", model=str(model), generation=FIXED)
        return SeqTranslator(loaded, config).translate(texts)
    config = SummarizerConfig(backend="seq2seq", model=str(model), generation=FIXED)
    return SeqSummarizer(loaded, config).summarize(texts, 120)


@pytest.mark.parametrize("engine", ["torch-int8", pytest.param("ctranslate2", marks=needs_ct2)])
@pytest.mark.parametrize("fixture, task", [("tiny_marian", "translation"), ("tiny_nllb", "translation"),
                                           ("tiny_mt5", "summarisation")])
def test_speed_paths_int8_output_has_the_fp32_structure_on_wmt22(request, fixture, task, engine):
    model = request.getfixturevalue(fixture)
    texts = [*wmt22(12), "\n".join(wmt22(3)), ""]  # one- and three-paragraph texts, and an empty one
    fp32, int8 = _outputs(model, "torch", texts, task), _outputs(model, engine, texts, task)
    assert len(int8) == len(fp32) == len(texts)
    for reference, quantised in zip(fp32, int8):
        assert (quantised.text is None) == (reference.text is None)  # non-empty exactly where fp32 is
        assert (quantised.text or "").count("\n") == (reference.text or "").count("\n")
        # the same model, each naming the engine that ran it
        assert quantised.backend == reference.backend.replace("(torch)", f"({engine})")


@pytest.mark.parametrize("engine", ["torch", "torch-int8", pytest.param("ctranslate2", marks=needs_ct2)])
def test_speed_paths_glossary_and_warnings_work_on_every_engine(tiny_marian, monkeypatch, engine):
    from zonesum.backends.glossary import Glossary

    seen, real = [], models._decode_ids
    monkeypatch.setattr(models, "_decode_ids", lambda loaded, texts, options: seen.append(texts) or
                        real(loaded, texts, options))
    config = TranslatorConfig(backend="seq2seq", model=str(tiny_marian), generation=FIXED)
    glossary = Glossary({"中欧班列": "China-Europe Railway Express"})
    result = SeqTranslator(load_model(str(tiny_marian), engine=engine), config, glossary).translate(
        ["开行中欧班列。"], labels=["zone 东港: summary_en"])[0]
    assert "中欧班列" not in seen[0][0] and seen[1] == ["开行中欧班列。"]  # protected, then retried unprotected
    assert 'zone 东港: glossary term "中欧班列" is not rendered as "China-Europe Railway Express" in summary_en' \
        in result.warnings  # random weights never copy the placeholder


@needs_ct2
@pytest.mark.parametrize("fixture", ["tiny_marian", "tiny_m2m100", "tiny_nllb", "tiny_mt5"])
def test_speed_paths_ctranslate2_decodes_what_torch_decodes(request, fixture, tmp_path):
    """The glue (tokens in, decoder start, forced language, output scaling) is exact: a float32
    conversion decodes the same tokens as torch; int8 differs only by quantisation."""
    import ctranslate2

    model = request.getfixturevalue(fixture)
    engines._convert(model, tmp_path / "ct2", quantization=None)
    translator = ctranslate2.Translator(str(tmp_path / "ct2"), compute_type="float32")
    loaded = load_model(str(model), engine="torch")
    tokenizer = loaded.tokenizer
    forced = None
    if fixture in ("tiny_m2m100", "tiny_nllb"):
        source, target = ("zh", "en") if fixture == "tiny_m2m100" else ("zho_Hans", "eng_Latn")
        tokenizer.src_lang = source
        forced = tokenizer.convert_tokens_to_ids(target) if fixture == "tiny_nllb" else tokenizer.get_lang_id(target)
    options = models._generate_options(FIXED, forced)
    specials = {tokenizer.eos_token_id, tokenizer.pad_token_id}
    for text in wmt22(4):
        ids = loaded.model.generate(**tokenizer([text], return_tensors="pt"), **options)[0].tolist()
        from_torch = [t for t in ids[1:] if t not in specials]  # after the decoder start token
        (from_ct2,) = engines.ct2_generate(translator, tokenizer, [text], options)
        assert from_torch and from_torch == from_ct2[:len(from_torch)]  # Marian's forced EOS ends torch a step early


# --- conversion, once and cached -----------------------------------------------------------

@needs_ct2
def test_speed_paths_ctranslate2_converts_once_beside_the_model(tiny_marian, tmp_path):
    model = private_copy(tiny_marian, tmp_path)
    assert load_model(str(model), engine="ctranslate2").engine == "ctranslate2"
    converted = model / engines.CT2_FOLDER / "model.bin"
    first = converted.stat().st_mtime_ns
    assert engines.ensure_ct2(model) == (model / engines.CT2_FOLDER, False)  # cached
    weights = model / "model.safetensors"
    os.utime(weights, ns=(weights.stat().st_atime_ns, weights.stat().st_mtime_ns + 10**9))  # new weights
    assert engines.ensure_ct2(model)[1] is True and converted.stat().st_mtime_ns != first
    assert not [p for p in model.iterdir() if p.name.startswith(".")]  # no temporary folders left


@needs_ct2
def test_speed_paths_hub_cache_models_convert_into_zonesums_cache(tiny_marian, tmp_path, monkeypatch):
    monkeypatch.setenv("ZONESUM_CACHE_DIR", str(tmp_path / "cache"))
    snapshot = private_copy(tiny_marian, tmp_path / "hub" / "models--x--y" / "snapshots", "0123abc")
    folder, converted = engines.ensure_ct2(snapshot)
    assert converted and folder.is_relative_to(tmp_path / "cache") and (folder / "model.bin").is_file()
    assert not (snapshot / engines.CT2_FOLDER).exists()  # the Hugging Face cache is left as it was


@needs_ct2
def test_speed_paths_auto_falls_back_to_torch_when_conversion_fails(tiny_marian, tmp_path, monkeypatch):
    model = private_copy(tiny_marian, tmp_path)

    def refuse(path):
        raise ValueError("no converter for this checkpoint\nmore detail")

    monkeypatch.setattr(engines, "ensure_ct2", refuse)
    loaded = load_model(str(model))
    assert loaded.engine == "torch" and "no converter for this checkpoint" in loaded.fallback
    with pytest.raises(ModelLoadError) as caught:
        load_model(str(model), engine="ctranslate2")
    assert "cannot be loaded: no converter for this checkpoint" in caught.value.line()
    assert "\n" not in caught.value.line()


# --- fixed output lengths ------------------------------------------------------------------

@pytest.mark.parametrize("engine", ["torch", "torch-int8", pytest.param("ctranslate2", marks=needs_ct2)])
def test_speed_paths_fixed_lengths_decode_the_same_steps_on_every_engine(tiny_marian, monkeypatch, engine):
    loaded = load_model(str(tiny_marian), engine=engine)
    texts = ["短。", "一个长一点的句子。", "中。", "这是最长的一个句子，有很多字。", "又短。"]
    calls, real = [], models._decode_ids

    def spy(loaded, batch, options):
        ids = real(loaded, batch, options)
        calls.append((len(batch), options["min_new_tokens"], options["max_new_tokens"], ids))
        return ids

    monkeypatch.setattr(models, "_decode_ids", spy)
    models.generate(loaded, texts, Generation(num_beams=2, batch_size=2), lengths=lambda n: n + 3)
    longest = sorted((loaded.count_tokens(t) for t in texts), reverse=True)
    assert [(rows, low, high) for rows, low, high, _ in calls] == [
        (2, longest[0] + 3, longest[0] + 3), (2, longest[2] + 3, longest[2] + 3), (1, longest[4] + 3, longest[4] + 3)]
    special = {loaded.tokenizer.pad_token_id, loaded.tokenizer.eos_token_id}
    for _, _, length, ids in calls:  # Marian forces EOS as the last token on torch
        assert all(len([t for t in row if t not in special]) in (length - 1, length) for row in ids)


# --- the benchmark's pieces ----------------------------------------------------------------

@pytest.fixture(scope="module")
def roomy_marian(tmp_path_factory):
    """A tiny Marian whose window takes the example's longest sentence, as the real one does."""
    import tinymodels

    return tinymodels.build_marian(tmp_path_factory.mktemp("models") / "roomy-marian", max_positions=128)


def test_bench_workload_is_the_example_zone_text():
    from zonesum.bench.workload import load_workload

    work = load_workload(load_config("default"))
    assert len(work.zones) >= 2 and len(work.sentences) > len(work.zones)
    squeeze = lambda texts: "".join("".join(texts).split())  # noqa: E731
    assert squeeze(work.sentences) == squeeze(work.zones)  # the baseline reads the same text
    assert load_workload(load_config("default"), zones=1).zones == work.zones[:1]


def test_bench_runner_fixes_lengths_and_counts_model_calls(roomy_marian):
    from zonesum.bench.workload import load_workload
    from zonesum.bench.paths import Job, PathSpec, Runner

    config = load_config("default")
    work = load_workload(config, zones=1)
    naive = Runner(PathSpec("baseline", "translation", "torch", naive=True),
                   Job(str(roomy_marian), config, work.sentences, 1))
    batched = Runner(PathSpec("default", "translation", "auto"), Job(str(roomy_marian), config, work.zones, 1))
    slow, fast = naive.run(), batched.run()
    assert slow["model_calls"] == len(work.sentences) and slow["outputs"] == len(work.sentences)
    assert fast["outputs"] == 1 and 1 <= fast["model_calls"] < slow["model_calls"]
    assert slow["seconds"] > 0 and fast["seconds"] > 0 and naive.describe()["engine"] == "torch"
    memory = batched.memory(3)
    assert memory["pages"] == 3 and set(memory["rss_mb"]) == {"loaded", "1", "3"}


def test_bench_report_carries_the_speedup_and_renders():
    from zonesum.bench.workload import Workload, plan_for
    from zonesum.bench.report import build_report, render

    def path(name, median, engine):
        return {"name": name, "task": "translation", "engine_asked": engine, "engine": engine, "runs_s": [median],
                "median_s": median, "load_s": 0.5, "peak_rss_mb": 400.0, "error": None}

    work = Workload(("甲区。乙区。",), ("甲区。", "乙区。"), "examples/x.txt")
    report = build_report(plan_for(True), load_config("default"), work, {}, [path("baseline", 10.0, "torch"),
                     path("default", 2.0, "ctranslate2")], None,
                     {"pages": 2, "rss_mb": {"loaded": 300.0, "1": 310.0, "2": 311.0}, "growth_mb": 1.0,
                      "growth_from_page": 1, "warm_up_mb": 0.0, "flat": True}, 2, "zonesum bench --quick", 1.0,
                     [0.5])
    assert (report["speedup"], report["baseline_s"], report["default_s"]) == (5.0, 10.0, 2.0)
    assert report["targets"]["met"] == {"speedup": True, "load_s": True, "flat_memory": True}
    assert report["translation"][1]["units_per_s"] == 1.0 and report["machine"]["threads"] == 2
    text = render(report)
    assert "speedup (baseline ÷ default): 5.0×" in text and "+1.0 MB from page 1 on (flat" in text


def test_bench_memory_is_flat_when_it_stops_growing_after_warm_up():
    from zonesum.bench.driver import memory_verdict

    settled = {"loaded": 408.0, "1": 480.3, "10": 552.0, "50": 542.8, "100": 542.8}  # a real run
    assert memory_verdict(settled, 100) == {"warm_up_mb": 71.7, "growth_mb": -9.2, "growth_from_page": 10,
                                            "flat": True}
    leaking = {**settled, "50": 600.0, "100": 660.0}
    assert memory_verdict(leaking, 100)["flat"] is False


def test_bench_paths_run_in_their_own_processes(roomy_marian):
    from zonesum.bench.driver import time_paths
    from zonesum.bench.workload import load_workload
    from zonesum.bench.paths import Job, PathSpec

    config = load_config("default")
    work = load_workload(config, zones=1)
    specs = [PathSpec("baseline", "translation", "torch", naive=True), PathSpec("broken", "translation", "auto")]
    jobs = [Job(str(roomy_marian), config, work.sentences, 1), Job(str(roomy_marian / "nowhere"), config, work.zones, 1)]
    baseline, broken = time_paths(specs, jobs, rounds=2, say=lambda message: None)
    assert baseline["error"] is None and len(baseline["runs_s"]) == 2 and baseline["peak_rss_mb"] > 0
    assert baseline["engine"] == "torch" and baseline["load_s"] > 0
    assert broken["runs_s"] == [] and "does not exist" in broken["error"]


def test_bench_help_is_instant_and_names_the_options():
    from typer.testing import CliRunner

    from zonesum.cli import app

    result = CliRunner().invoke(app, ["bench", "--help"])
    assert result.exit_code == 0
    for option in ("--quick", "--json", "--threads", "--memory", "--pages"):
        assert option in result.output
