"""``eval compare``: scoring configs on reference articles and writing the four report files.

Most tests feed hand-made pipeline results through a fake runner, so the numbers are known;
the end-to-end tests run the real pipeline through the CLI.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zonesum.cli.evaluate import app
from zonesum.config import Config, load_config
from zonesum.evaluation.compare import Comparison, compare_articles, compare_translation, match_zones
from zonesum.evaluation.references import ZoneReference, default_references, load_references
from zonesum.evaluation.report import FILES, write_report

from articles import QINGDAO, REPO

# --- zone matching ------------------------------------------------------------------------

ZONES = (ZoneReference("东港新区", ("东港",), "", "", ""), ZoneReference("西湾科技园", (), "", "", ""))


@pytest.mark.parametrize("found, pairs, missing, extra", [
    (["东港新区", "西湾科技园"], {"东港新区": "东港新区", "西湾科技园": "西湾科技园"}, [], []),
    (["东港", "北岭"], {"东港新区": "东港"}, ["西湾科技园"], ["北岭"]),
    (["西湾科技园", "西湾科技园 "], {"西湾科技园": "西湾科技园"}, ["东港新区"], []),
    (["东港新区", "东港"], {"东港新区": "东港新区"}, ["西湾科技园"], ["东港"]),
    ([], {}, ["东港新区", "西湾科技园"], []),
])
def test_compare_match_zones_by_name_and_alias(found, pairs, missing, extra):
    match = match_zones(found, ZONES)
    assert match.pairs == pairs and match.missing == missing and match.extra == extra


# --- scoring with hand-made results ----------------------------------------------------------

REFS = [
    {"zone": "东港新区", "summary_zh": "东港新区引进项目四十二个，总投资三百五十亿元。",
     "summary_en": "East Harbour New Area attracted 42 projects worth 35 billion yuan.",
     "translation_en": "Since the start of the year the East Harbour New Area has attracted 42 projects."},
    {"zone": "西湾科技园", "summary_zh": "西湾科技园上线企业突破两千家。",
     "summary_en": "More than 2,000 companies are online at West Bay Science Park.",
     "translation_en": "West Bay Science Park now has more than 2,000 companies online."},
    {"zone": "北岭物流园", "summary_zh": "北岭物流园开行国际班列一百二十列，居全省第一。",
     "summary_en": "Beiling Logistics Park ran 120 international freight trains, first in the province.",
     "translation_en": "The logistics park ran 120 international freight trains, first in the province."},
]


@pytest.fixture
def references(tmp_path):
    (tmp_path / "article.txt").write_text("东港新区……", encoding="utf-8")
    path = tmp_path / "refs.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for row in REFS:
            handle.write(json.dumps({"article": "made-up", "path": "article.txt", **row},
                                    ensure_ascii=False) + "\n")
        handle.write(json.dumps({"article": "gone", "path": "missing.txt", **REFS[0]},
                                ensure_ascii=False) + "\n")
    return load_references(path)


def fake_result(config: Config) -> dict:
    """What each made-up config "produces": perfect, partial (one zone lost, a figure
    warning, a wrong translation) or Chinese only (English fields null, as offline)."""
    zones = []
    for i, ref in enumerate(REFS):
        if config.name == "partial" and i == 2:
            continue
        english = config.name != "chinese-only"
        zones.append({
            "name": ref["zone"], "summary_zh": ref["summary_zh"],
            "summary_en": ref["summary_en"] if english else None,
            "translation_en": (("Something else entirely." if config.name == "partial" and i == 1
                                else ref["translation_en"]) if english else None),
        })
    warnings = ['zone 东港新区: figure "43" in summary_en not found in source'] \
        if config.name == "partial" else []
    return {"meta": {"title": "made up"}, "zones": zones, "warnings": warnings,
            "backends": {"summary_zh": "fake"}}


def fake_loader(config: Config):
    if config.name == "missing":
        return None, "model 'opus-mt-zh-en' not found in models/ (run `zonesum models pull`)"
    return object(), None


@pytest.fixture
def comparison(references) -> Comparison:
    configs = [Config(name=n) for n in ("perfect", "partial", "chinese-only", "missing")]
    return compare_articles(configs, references, runner=lambda path, cfg, _: fake_result(cfg),
                            loader=fake_loader, n_samples=100)


def test_compare_articles_scores_each_config(comparison):
    rows = {row.config: row for row in comparison.rows}
    perfect, partial = rows["perfect"].scores, rows["partial"].scores
    assert perfect["zones_f1"] == pytest.approx(100.0)
    assert perfect["summary_zh_rougeL"] == pytest.approx(100.0)
    assert perfect["translation_bleu"] == pytest.approx(100.0)
    assert perfect["figure_warnings"] == 0
    assert partial["zones_precision"] == pytest.approx(100.0)
    assert partial["zones_recall"] == pytest.approx(200 / 3)
    assert partial["zones_f1"] == pytest.approx(80.0)
    assert partial["summary_zh_rouge1"] == pytest.approx(200 / 3)  # the lost zone scores 0
    assert partial["figure_warnings"] == 1
    assert rows["partial"].details["articles"][0]["missing"] == ["北岭物流园"]


def test_compare_articles_fields_a_config_never_produces_are_none_not_zero(comparison):
    scores = {row.config: row for row in comparison.rows}["chinese-only"].scores
    assert scores["summary_zh_rouge1"] == pytest.approx(100.0)
    assert scores["summary_en_bleu"] is None and scores["translation_chrf"] is None


def test_compare_articles_skips_configs_with_missing_models(comparison):
    row = {row.config: row for row in comparison.rows}["missing"]
    assert row.status == "skipped" and "opus-mt-zh-en" in row.reason and row.scores == {}


def test_compare_articles_reports_missing_article_files(comparison):
    assert [a["id"] for a in comparison.meta["articles"]] == ["made-up"]
    assert comparison.meta["missing_articles"][0].startswith("gone: ")


def test_compare_articles_best_per_column(comparison):
    best = comparison.best()
    assert best["zones_f1"] == ["perfect", "chinese-only"]
    assert best["translation_bleu"] == ["perfect"]
    assert best["figure_warnings"] == ["perfect", "chinese-only"]  # lower is better
    assert "missing" not in sum(best.values(), [])


def test_compare_articles_bootstrap_between_translating_configs(comparison):
    assert comparison.meta["significance_baseline"] == "perfect"
    systems = {(s.system, s.metric) for s in comparison.significance}
    assert systems == {("perfect", "BLEU"), ("partial", "BLEU"),
                       ("perfect", "chrF2"), ("partial", "chrF2")}


def test_compare_report_writes_every_file(comparison, tmp_path):
    paths = write_report(comparison, tmp_path / "out")
    assert [p.name for p in paths] == list(FILES)

    markdown = paths[0].read_text(encoding="utf-8")
    assert "| perfect | ok |" in markdown and "**100.00**" in markdown
    assert "| missing | skipped |" in markdown and "opus-mt-zh-en" in markdown
    assert "n/a" in markdown and "## Significance" in markdown and "## Per article" in markdown
    assert "Articles not found (not scored): gone:" in markdown

    with paths[1].open(encoding="utf-8", newline="") as handle:
        rows = {row["config"]: row for row in csv.DictReader(handle)}
    assert float(rows["partial"]["zones_f1"]) == pytest.approx(80.0)
    assert rows["chinese-only"]["translation_bleu"] == ""
    assert "translation_bleu" in rows["perfect"]["best_in"].split(";")
    assert rows["missing"]["status"] == "skipped" and "opus-mt" in rows["missing"]["reason"]

    data = json.loads(paths[2].read_text(encoding="utf-8"))
    assert data["mode"] == "articles" and data["best"]["translation_bleu"] == ["perfect"]
    assert {r["config"]: r["status"] for r in data["rows"]}["missing"] == "skipped"
    assert data["significance"]["baseline"] == "perfect" and data["significance"]["rows"]
    assert "sacrebleu" in data["meta"]["versions"]

    assert_png(paths[3])


def assert_png(path: Path) -> None:
    from matplotlib.image import imread

    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    height, width, _ = imread(path).shape
    assert width >= 600 and height >= 400


# --- translation-only mode ------------------------------------------------------------------

@dataclass
class _Generated:
    text: str


class EchoTranslator:
    """Returns the English reference for a known source line: a perfect system."""

    def __init__(self, table: dict[str, str], damaged: bool = False):
        self.table, self.damaged = table, damaged

    def translate(self, texts):
        return [_Generated("Nothing." if self.damaged and i % 2 else self.table[t])
                for i, t in enumerate(texts)]


@dataclass
class _Backends:
    translator: object


def test_compare_translation_scores_and_limits(tmp_path):
    source = [f"第{i}句。" for i in range(12)]
    refs = [f"Sentence number {i} of the made-up test set." for i in range(12)]
    (tmp_path / "src.zh").write_text("\n".join(source) + "\n", encoding="utf-8")
    (tmp_path / "ref.A.en").write_text("\n".join(refs) + "\n", encoding="utf-8")
    table = dict(zip(source, refs))

    def loader(config):
        if config.name == "offline":
            return _Backends(translator=None), None
        return _Backends(EchoTranslator(table, damaged=config.name == "worse")), None

    configs = [Config(name=n) for n in ("echo", "worse", "offline")]
    result = compare_translation(configs, tmp_path, limit=10, n_samples=100, loader=loader)
    rows = {row.config: row for row in result.rows}
    assert result.meta["segments"] == 10 and result.meta["references"] == ["ref.A.en"]
    assert rows["echo"].scores["bleu"] == pytest.approx(100.0)
    assert rows["worse"].scores["bleu"] < 100
    assert rows["offline"].status == "skipped" and "translator" in rows["offline"].reason
    assert result.best()["bleu"] == ["echo"]
    assert {s.system for s in result.significance} == {"echo", "worse"}
    paths = write_report(result, tmp_path / "out")
    assert "translation of 10 segments" in paths[0].read_text(encoding="utf-8")
    assert_png(paths[3])


# --- end to end through the CLI and the real pipeline ------------------------------------------

GAZETTEERS = [(REPO / "configs" / "gazetteers" / name).as_posix()
              for name in ("linjiang.yaml", "qingdao.yaml")]
# tiny random models: outputs are gibberish, so only structure is checked; short and greedy
FAST = "{num_beams: 1, max_new_tokens: 8, batch_size: 16}"
BEAM = "{num_beams: 2, max_new_tokens: 6, batch_size: 16}"


def write_config(folder: Path, name: str, summarizer: str, translator: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(f"summarizer: {summarizer}\ntranslator: {translator}\n"
                    f"gazetteers: [{', '.join(GAZETTEERS)}]\n", encoding="utf-8")
    return path


@pytest.fixture
def tiny_configs(tmp_path, tiny_marian) -> dict[str, Path]:
    """Two configs on a random tiny translation model, and one whose model is not on disk."""
    return {
        "tiny-marian": write_config(
            tmp_path, "tiny-marian", "{backend: extractive}",
            f"{{backend: seq2seq, model: {tiny_marian}, generation: {FAST}}}"),
        "tiny-marian-beam2": write_config(
            tmp_path, "tiny-marian-beam2", "{backend: extractive}",
            f"{{backend: seq2seq, model: {tiny_marian}, generation: {BEAM}}}"),
        "needs-model": write_config(
            tmp_path, "needs-model", "{backend: extractive}",
            f"{{backend: seq2seq, model: {tmp_path / 'no-such-model'}}}"),
    }


def test_compare_end_to_end_offline_tiny_models_and_missing_model(tmp_path, tiny_configs):
    out = tmp_path / "report"
    args = ["compare", "--config", "offline", "-o", str(out), "--bootstrap-samples", "100"]
    for path in tiny_configs.values():
        args += ["--config", str(path)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert [line.split()[-1] for line in result.stdout.splitlines() if line.startswith("wrote ")] \
        == [str(out / name) for name in FILES]

    articles = load_references(default_references())
    expected_zones = sum(len(a.zones) for a in articles if a.path.is_file())
    data = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
    rows = {r["config"]: r for r in data["rows"]}
    assert list(rows) == ["offline", "tiny-marian", "tiny-marian-beam2", "needs-model"]
    offline = rows["offline"]
    assert offline["status"] == "ok"
    assert offline["scores"]["zones_recall"] == pytest.approx(100.0)
    assert 20 < offline["scores"]["summary_zh_rouge1"] <= 100
    assert offline["scores"]["translation_bleu"] is None  # offline: n/a, never 0
    assert sum(a["zones_expected"] for a in offline["articles"]) == expected_zones
    for name in ("tiny-marian", "tiny-marian-beam2"):  # gibberish, but scored
        scores = rows[name]["scores"]
        assert rows[name]["status"] == "ok" and scores["zones_f1"] == pytest.approx(100.0)
        assert 0 <= scores["translation_chrf"] < 100 and scores["summary_en_bleu"] is not None
        assert rows[name]["backends"]["translation_en"].startswith("seq2seq")
    assert rows["needs-model"]["status"] == "skipped" and "no-such-model" in rows["needs-model"]["reason"]
    assert rows["needs-model"]["scores"] is None
    assert "offline" in data["best"]["zones_f1"]
    assert set(data["best"]["summary_zh_rouge1"]) == {"offline", "tiny-marian", "tiny-marian-beam2"}
    significance = data["significance"]
    assert significance["baseline"] == "tiny-marian"
    assert {r["system"] for r in significance["rows"]} == {"tiny-marian", "tiny-marian-beam2"}

    markdown = (out / "comparison.md").read_text(encoding="utf-8")
    assert "| needs-model | skipped |" in markdown and "| offline | ok |" in markdown
    assert "linjiang-zones | 6 / 6" in markdown and "Paired bootstrap resampling" in markdown
    if QINGDAO.is_file():
        assert "qingdao-nine-zones | 9 / 9" in markdown
    with (out / "comparison.csv").open(encoding="utf-8", newline="") as handle:
        csv_rows = list(csv.DictReader(handle))
    assert [r["config"] for r in csv_rows] == list(rows)
    assert "zones_f1" in csv_rows[0]["best_in"]
    assert csv_rows[0]["translation_bleu"] == "" and csv_rows[1]["translation_bleu"] != ""
    assert_png(out / "comparison.png")


def test_compare_end_to_end_translation_only_on_a_test_set(tmp_path, tiny_configs):
    testset = tmp_path / "testset"
    testset.mkdir()
    (testset / "src.zh").write_text("东港新区引进项目。\n西湾科技园上线企业。\n北岭物流园开行班列。\n",
                                    encoding="utf-8")
    (testset / "ref.A.en").write_text(
        "East Harbour attracted projects.\nWest Bay has firms online.\nBeiling ran trains.\n",
        encoding="utf-8")
    out = tmp_path / "report"
    result = CliRunner().invoke(app, [
        "compare", "--config", "offline", "--config", str(tiny_configs["tiny-marian"]),
        "--config", str(tiny_configs["needs-model"]),
        "--testset", str(testset), "--limit", "2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
    assert data["mode"] == "translation" and data["meta"]["segments"] == 2
    status = {r["config"]: r["status"] for r in data["rows"]}
    assert status == {"offline": "skipped", "tiny-marian": "ok", "needs-model": "skipped"}
    assert data["best"]["bleu"] == ["tiny-marian"]
    assert "two or more configs" in data["significance"]["note"]
    assert all((out / name).is_file() for name in FILES)


def _ref_line(**fields) -> str:
    row = {"article": "a", "path": "article.txt", "zone": "东港新区", "summary_zh": "摘要",
           "summary_en": "Summary.", "translation_en": "Text.", **fields}
    return json.dumps(row, ensure_ascii=False)


@pytest.mark.parametrize("content, message", [
    ("", "no references in the file"),
    ('{"article": "a", oops\n', "not valid JSON Lines references"),
    (_ref_line(summary_en="  ") + "\n", "row 1: 'summary_en' is missing or empty"),
    (_ref_line() + "\n" + _ref_line(zone="西湾", path="other.txt") + "\n", "has two paths"),
    (_ref_line() + "\n\n" + _ref_line() + "\n", "row 2: zone '东港新区' listed twice"),
    (_ref_line(aliases="东港") + "\n", "'aliases' must be a list"),
])
def test_references_reject_bad_files_with_one_line(tmp_path, content, message):
    from zonesum.errors import InputError

    path = tmp_path / "refs.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as caught:
        load_references(path)
    assert "\n" not in caught.value.line()


def test_references_resolve_paths_next_to_the_file_then_at_the_repo_root(tmp_path):
    (tmp_path / "article.txt").write_text("东港新区", encoding="utf-8")
    path = tmp_path / "refs.jsonl"
    path.write_text(_ref_line() + "\n" + _ref_line(article="b", path="examples/linjiang-zones.txt")
                    + "\n", encoding="utf-8")
    here, repo = load_references(path)
    assert here.path == tmp_path / "article.txt"
    assert repo.path == REPO / "examples" / "linjiang-zones.txt"


def test_compare_reference_file_in_repo_is_valid():
    articles = load_references(default_references())
    by_id = {a.id: a for a in articles}
    assert set(by_id) == {"linjiang-zones", "qingdao-nine-zones", "henan-shared-targets", "tianjin-enumerated-lead"}
    assert len(by_id["qingdao-nine-zones"].zones) == 9 and len(by_id["linjiang-zones"].zones) == 6
    assert all(a.path.is_file() for a in articles if a.id != "qingdao-nine-zones")
    for article in articles:
        for zone in article.zones:
            assert 60 <= len(zone.summary_zh) <= 120, zone.name
            assert zone.summary_en and zone.translation_en.count("\n") >= 1


def test_compare_offline_config_loads():
    assert load_config("offline").name == "offline"
