"""``zonesum eval`` through typer's runner: the lines and keys users rely on, and errors."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zonesum.cli.evaluate import app
from zonesum.evaluation.metrics import english_scores

from articles import WMT

HYP_EN = ["The zone signed 27 new projects this year.", "Exports grew by 23.6 percent."]
REF_EN = ["The zone signed 27 new projects in the first quarter.", "Exports rose 23.6%."]
REF_EN_B = ["This year the zone signed 27 new projects.", "Exports grew 23.6 percent."]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def write_lines(path: Path, lines: list[str]) -> str:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture
def en_files(tmp_path):
    return (write_lines(tmp_path / "hyp.en", HYP_EN), write_lines(tmp_path / "ref.A.en", REF_EN),
            write_lines(tmp_path / "ref.B.en", REF_EN_B))


def test_cli_score_en_table_prints_scores_and_signatures(runner, en_files):
    hyp, ref, _ = en_files
    result = runner.invoke(app, ["score", "--hyp", hyp, "--ref", ref, "--lang", "en"])
    assert result.exit_code == 0, result.output
    expected = english_scores(HYP_EN, [REF_EN])
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["BLEU", f"{expected.bleu:.2f}"]
    assert lines[1].split() == ["chrF", f"{expected.chrf:.2f}"]
    assert "BLEU signature: nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:" in result.stdout
    assert "chrF signature: nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:" in result.stdout


def test_cli_score_en_json_with_two_references(runner, en_files):
    hyp, ref_a, ref_b = en_files
    result = runner.invoke(app, ["score", "--hyp", hyp, "--ref", ref_a, "--ref", ref_b,
                                 "--lang", "en", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    expected = english_scores(HYP_EN, [REF_EN, REF_EN_B])
    assert data["bleu"] == pytest.approx(expected.bleu)
    assert data["chrf"] == pytest.approx(expected.chrf)
    assert "nrefs:2" in data["signature"] and data["references"] == 2


def test_cli_score_en_reads_hypotheses_from_stdin(runner, en_files):
    _, ref, _ = en_files
    result = runner.invoke(app, ["score", "--hyp", "-", "--ref", ref, "--lang", "en",
                                 "--format", "json"], input="\n".join(HYP_EN) + "\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["bleu"] == pytest.approx(english_scores(HYP_EN, [REF_EN]).bleu)


@pytest.mark.parametrize("tokenize, rouge1, rouge2", [("char", 400 / 9, 200 / 7),
                                                      ("jieba", 50.0, 0.0)])
def test_cli_score_zh_json_names_the_tokenizer(runner, tmp_path, tokenize, rouge1, rouge2):
    hyp = write_lines(tmp_path / "hyp.zh", ["青岛蓝谷", "开行中欧班列203列"])
    ref = write_lines(tmp_path / "ref.zh", ["青岛高新区", "开行中欧班列203列"])
    result = runner.invoke(app, ["score", "--hyp", hyp, "--ref", ref, "--lang", "zh",
                                 "--format", "json", "--tokenize", tokenize])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["rouge1"] == pytest.approx((rouge1 + 100) / 2)  # mean of the two segments
    assert data["rouge2"] == pytest.approx((rouge2 + 100) / 2)
    assert set(data) >= {"rouge1", "rouge2", "rougeL", "bleu"}
    assert data["tokenize"] == tokenize and f"tok:{tokenize}" in data["signature"]
    assert "tok:zh" in data["signatures"]["BLEU"]


def test_cli_score_zh_table_labels_rows_with_the_tokenizer(runner, tmp_path):
    hyp = write_lines(tmp_path / "hyp.zh", ["青岛蓝谷"])
    ref = write_lines(tmp_path / "ref.zh", ["青岛高新区"])
    result = runner.invoke(app, ["score", "--hyp", hyp, "--ref", ref, "--lang", "zh",
                                 "--tokenize", "jieba"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].split() == ["ROUGE-1", "(jieba)", "50.00"]
    assert "BLEU (zh)" in result.stdout and "ROUGE signature: nrefs:1|tok:jieba" in result.stdout


@pytest.mark.skipif(not (WMT / "ref.A.en").is_file(), reason=f"shared WMT22 data not found at {WMT}")
def test_cli_score_reproduces_wmt22_bleu_all(runner):
    result = runner.invoke(app, ["score", "--hyp", str(WMT / "hyp.NiuTrans.en"),
                                 "--ref", str(WMT / "ref.A.en"), "--ref", str(WMT / "ref.B.en"),
                                 "--lang", "en", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert round(json.loads(result.stdout)["bleu"], 2) == 30.50  # published bleu-all


def _bad_inputs(tmp: Path) -> dict[str, tuple[list[str], str]]:
    ok = write_lines(tmp / "ok.en", HYP_EN)
    short = write_lines(tmp / "short.en", HYP_EN[:1])
    (tmp / "empty.en").write_bytes(b"")
    (tmp / "gbk.zh").write_bytes("青岛蓝谷\n青岛高新区\n".encode("gbk"))
    return {
        "line counts": (["--hyp", ok, "--ref", short], "line counts differ"),
        "empty hyp": (["--hyp", str(tmp / "empty.en"), "--ref", ok], "file is empty"),
        "empty ref": (["--hyp", ok, "--ref", str(tmp / "empty.en")], "file is empty"),
        "wrong encoding": (["--hyp", str(tmp / "gbk.zh"), "--ref", ok], "not valid UTF-8"),
        "missing file": (["--hyp", str(tmp / "nope.en"), "--ref", ok], "no such file"),
        "directory": (["--hyp", str(tmp), "--ref", ok], "is a directory"),
    }


@pytest.mark.parametrize("case", ["line counts", "empty hyp", "empty ref", "wrong encoding",
                                  "missing file", "directory"])
def test_cli_score_errors_print_one_line(runner, tmp_path, case):
    args, message = _bad_inputs(tmp_path)[case]
    result = runner.invoke(app, ["score", *args, "--lang", "en"])
    assert result.exit_code != 0
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert "Traceback" not in result.output


def test_cli_compare_unknown_config_is_one_error_line(runner, tmp_path):
    result = runner.invoke(app, ["compare", "--config", "no-such-config", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: config not found: no-such-config")
    assert len(result.stderr.splitlines()) == 1


def test_cli_compare_bad_references_is_one_error_line(runner, tmp_path):
    refs = tmp_path / "refs.jsonl"
    refs.write_text('{"article": "a", "path": "x.txt", "zone": "港区"}\n', encoding="utf-8")
    result = runner.invoke(app, ["compare", "--config", "offline", "--refs", str(refs),
                                 "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr == f"error: {refs}: row 1: 'summary_zh' is missing or empty\n"


@pytest.mark.parametrize("command", [[], ["score"], ["compare"]])
def test_cli_help_of_every_command(runner, command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.stdout
