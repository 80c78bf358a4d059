"""Scores must match the standard tools: the WMT22 organisers' numbers, hand-computed ROUGE."""
from __future__ import annotations

import csv

import pytest

from zonesum.errors import InputError
from zonesum.evaluation.metrics import (CharTokenizer, JiebaTokenizer, chinese_scores, english_scores,
                                        paired_bootstrap, rouge_zh)
from zonesum.evaluation.segments import check_aligned, read_segments

from articles import WMT

needs_wmt = pytest.mark.skipif(not (WMT / "published-scores.tsv").is_file(),
                               reason=f"shared WMT22 data not found at {WMT}")


# --- WMT22 zh-en: the organisers' published scores, reproduced to two decimals -----------

@pytest.fixture(scope="module")
def wmt():
    published = {}
    with (WMT / "published-scores.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            published[row["system"], row["metric"]] = float(row["score"])
    segments = {name: read_segments(WMT / name) for name in
                ("ref.A.en", "ref.B.en", "hyp.NiuTrans.en", "hyp.Online-B.en")}
    return published, segments


@needs_wmt
@pytest.mark.parametrize("system", ["NiuTrans", "Online-B"])
def test_metrics_reproduce_published_wmt22_scores(wmt, system):
    published, seg = wmt
    hyps = seg[f"hyp.{system}.en"]
    one_ref = english_scores(hyps, [seg["ref.A.en"]])
    both_refs = english_scores(hyps, [seg["ref.A.en"], seg["ref.B.en"]])
    assert round(one_ref.bleu, 2) == round(published[system, "bleu-A"], 2)
    assert round(one_ref.chrf, 2) == round(published[system, "chrf-A"], 2)
    assert round(both_refs.bleu, 2) == round(published[system, "bleu-all"], 2)
    assert one_ref.signatures["BLEU"].startswith("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp")
    assert both_refs.signatures["BLEU"].startswith("nrefs:2|")


@needs_wmt
def test_segments_count_wmt22_lines_like_sacrebleu(wmt):
    _, seg = wmt
    assert {len(lines) for lines in seg.values()} == {1875}


# --- Chinese ROUGE: hand-computed cases ------------------------------------------------------

# (hyp, ref, tokenize, rouge1, rouge2, rougeL), F1 x 100, worked out by hand:
# 青岛蓝谷 / 青岛高新区, chars: 2 shared unigrams, P 2/4 R 2/5 -> 4/9; bigrams 1 shared
#   (青岛) of 3 and 4 -> 2/7; LCS 青岛 = 2 -> 4/9.  jieba: [青岛 蓝谷] / [青岛 高新区] -> 1/2, 0, 1/2.
# 贷款5452亿元 / 贷款余额5452亿元: the number is one token; 5 of 5 vs 7 -> 10/12; bigrams
#   贷款 5452亿 亿元 shared of 4 and 6 -> 3/5; LCS 5 -> 10/12.
ROUGE_CASES = [
    ("青岛蓝谷", "青岛高新区", "char", 400 / 9, 200 / 7, 400 / 9),
    ("青岛蓝谷", "青岛高新区", "jieba", 50.0, 0.0, 50.0),
    ("贷款5452亿元", "贷款余额5452亿元", "char", 250 / 3, 60.0, 250 / 3),
    ("一季度开行中欧班列。", "一季度开行中欧班列", "char", 100.0, 100.0, 100.0),
    ("港口", "金融", "char", 0.0, 0.0, 0.0),
    ("", "金融", "char", 0.0, 0.0, 0.0),
]


@pytest.mark.parametrize("hyp, ref, tokenize, r1, r2, rl", ROUGE_CASES)
def test_metrics_rouge_zh_matches_hand_computed(hyp, ref, tokenize, r1, r2, rl):
    scores = rouge_zh([hyp], [[ref]], tokenize)
    assert scores.rouge1 == pytest.approx(r1)
    assert scores.rouge2 == pytest.approx(r2)
    assert scores.rougeL == pytest.approx(rl)
    assert f"tok:{tokenize}" in scores.signature


def test_metrics_rouge_zh_nonzero_where_default_tokenizer_gives_zero():
    from rouge_score.rouge_scorer import RougeScorer

    hyp, ref = "青岛蓝谷", "青岛高新区"
    default = RougeScorer(["rouge1", "rougeL"]).score(ref, hyp)  # drops every non-ASCII char
    assert default["rouge1"].fmeasure == 0.0 and default["rougeL"].fmeasure == 0.0
    assert rouge_zh([hyp], [[ref]]).rouge1 == pytest.approx(400 / 9)


def test_metrics_rouge_zh_takes_best_reference_and_averages_segments():
    scores = rouge_zh(["青岛蓝谷", "港口"], [["青岛高新区", "金融"], ["青岛蓝谷", "码头"]])
    # segment 1: best of 4/9 and 1 -> 1; segment 2: best of 0 and 0 -> 0; mean 50
    assert scores.rouge1 == pytest.approx(50.0)
    assert "nrefs:2" in scores.signature


@pytest.mark.parametrize("tokenizer, text, tokens", [
    (CharTokenizer(), "一季度5452亿元，增长10.19%。ABC公司 Qingdao",
     ["一", "季", "度", "5452", "亿", "元", "增", "长", "10.19", "abc", "公", "司", "qingdao"]),
    (CharTokenizer(), "“上合”——", ["上", "合"]),
    (JiebaTokenizer(), "一季度贷款余额5452亿元，增长。",
     ["一季度", "贷款", "余额", "5452", "亿元", "增长"]),
])
def test_metrics_tokenizers_split_chinese_and_drop_punctuation(tokenizer, text, tokens):
    assert tokenizer.tokenize(text) == tokens


def test_metrics_chinese_scores_bleu_uses_zh_tokenizer():
    scores = chinese_scores(["一季度开行中欧班列203列"], [["一季度开行中欧班列203列"]])
    assert scores.bleu == pytest.approx(100.0)
    assert "tok:zh" in scores.signatures["BLEU"]
    assert set(scores.to_dict()) >= {"rouge1", "rouge2", "rougeL", "bleu", "tokenize", "signature"}


def test_metrics_rouge_zh_rejects_unknown_tokenize():
    with pytest.raises(ValueError, match="unknown tokenize"):
        rouge_zh(["港口"], [["港口"]], "words")


# --- paired bootstrap --------------------------------------------------------------------

REFS = [f"The zone signed {n} new projects worth {n * 3} billion yuan this year." for n in range(1, 41)]


def test_metrics_paired_bootstrap_flags_a_real_difference():
    good = list(REFS)
    bad = [f"Some {n} things happened." for n in range(1, 41)]
    rows, signatures = paired_bootstrap([("good", good), ("bad", bad)], [REFS], n_samples=200)
    by = {(r.system, r.metric): r for r in rows}
    assert by["good", "BLEU"].p_value is None  # the baseline
    assert by["good", "BLEU"].score == pytest.approx(100.0)
    assert by["bad", "BLEU"].significant and by["bad", "chrF2"].significant
    assert "bs:200" in signatures["BLEU"]


def test_metrics_paired_bootstrap_calls_a_one_segment_change_noise():
    nearly = list(REFS)
    nearly[3] = "The zone signed 4 new projects worth 12 billion yuan."
    rows, _ = paired_bootstrap([("a", REFS), ("b", nearly)], [REFS], n_samples=200)
    changed = [r for r in rows if r.system == "b"]
    assert all(r.score < 100 and r.p_value > 0.05 and not r.significant for r in changed)


def test_metrics_paired_bootstrap_identical_systems_are_not_significant():
    rows, _ = paired_bootstrap([("a", REFS), ("b", list(REFS))], [REFS], n_samples=100)
    assert not any(r.significant for r in rows)


def test_metrics_paired_bootstrap_needs_two_systems():
    with pytest.raises(ValueError):
        paired_bootstrap([("a", REFS)], [REFS])


# --- segment files -------------------------------------------------------------------------

def test_segments_read_crlf_bom_and_unicode_separators(tmp_path):
    path = tmp_path / "hyp.txt"
    path.write_bytes("\ufeffone\r\ntwo\u2028still two\r\n\r\nfour\n".encode("utf-8"))
    assert read_segments(path) == ["one", "two\u2028still two", "", "four"]


@pytest.mark.parametrize("content, message", [
    (b"", "is empty"),
    (b"\n \n", "is empty"),
    ("青岛".encode("gb18030"), "not valid UTF-8"),
])
def test_segments_reject_unreadable_files(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_segments(path)


def test_segments_check_aligned_names_both_files():
    with pytest.raises(InputError, match="hyp.en has 2 lines, ref.en has 1"):
        check_aligned("hyp.en", ["a", "b"], {"ref.en": ["a"]})
