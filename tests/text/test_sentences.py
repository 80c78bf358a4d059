"""Sentence and clause splitting, packing under a token budget, and capping by characters."""
from __future__ import annotations

import pytest

from zonesum.text.sentences import cap_chars, fit_sentence, hard_split, pack, segment, split_clauses, split_sentences


def chars(text: str) -> int:
    """A stand-in tokenizer: one token per character."""
    return len(text)


@pytest.mark.parametrize("text, expected", [
    ("开工15个。投产8个！", ["开工15个。", "投产8个！"]),
    ("他说：“要把平台建好。”随后离场。", ["他说：“要把平台建好。”", "随后离场。"]),
    ("是否达标？？继续努力……下一步；", ["是否达标？？", "继续努力……", "下一步；"]),
    ("（详见附表。）后文", ["（详见附表。）", "后文"]),
    ("没有句号的标题", ["没有句号的标题"]),
    ("增长10.19%，达4.5亿美元。", ["增长10.19%，达4.5亿美元。"]),  # decimals do not end sentences
    ("", []),
])
def test_sentences_split_keeps_punctuation_and_closing_quotes(text, expected):
    assert split_sentences(text) == expected


def test_sentences_split_clauses_keeps_marks():
    assert split_clauses("一是平台，二是项目、三是人才：四") == ["一是平台，", "二是项目、", "三是人才：", "四"]


def test_sentences_pack_joins_while_under_budget():
    pieces = ["甲甲。", "乙乙。", "丙丙丙丙。", "丁。"]
    packed = pack(pieces, chars, 7)
    assert packed == ["甲甲。乙乙。", "丙丙丙丙。丁。"]
    assert all(chars(p) <= 7 for p in packed)


def test_sentences_pack_passes_an_oversized_piece_alone():
    assert pack(["短。", "这是一个很长很长的句子。", "短。"], chars, 5) == ["短。", "这是一个很长很长的句子。", "短。"]


def test_sentences_fit_sentence_splits_at_clauses_without_loss():
    sentence = "全力搭平台，开行班列203列，居全省第一，服务企业突破4000家。"
    fitted = fit_sentence(sentence, chars, 14)
    assert len(fitted.pieces) > 1 and fitted.hard_cuts == 0
    assert "".join(fitted.pieces) == sentence
    assert all(chars(p) <= 14 for p in fitted.pieces)
    assert all(p.endswith(("，", "。")) for p in fitted.pieces)


def test_sentences_fit_sentence_hard_cuts_a_run_without_marks():
    sentence = "这是一个没有任何逗号而且非常非常长的句子"
    fitted = fit_sentence(sentence, chars, 6)
    assert fitted.hard_cuts == len(fitted.pieces) - 1 > 0
    assert "".join(fitted.pieces) == sentence
    assert all(chars(p) <= 6 for p in fitted.pieces)


def test_sentences_hard_split_uses_the_tokenizer_count():
    def doubled(text: str) -> int:  # every character costs two tokens
        return 2 * len(text)

    assert hard_split("一二三四五", doubled, 4) == ["一二", "三四", "五"]


def test_sentences_segment_keeps_paragraphs_apart():
    text = "第一段第一句。第一段第二句。\n\n第二段。"
    paragraphs = segment(text, chars, 100)
    assert [p.pieces for p in paragraphs] == [("第一段第一句。第一段第二句。",), ("第二段。",)]
    unpacked = segment(text, chars, 100, pack_sentences=False)
    assert unpacked[0].pieces == ("第一段第一句。", "第一段第二句。")


@pytest.mark.parametrize("text, limit, expected, cut", [
    ("短摘要。", 10, "短摘要。", None),
    ("第一句话。第二句话很长很长。", 8, "第一句话。", "sentence"),
    ("第一句话很长，很长很长很长。", 8, "第一句话很长…", "clause"),
    ("an English output without any stop", 12, "an English…", "word"),
    ("第一句话很长很长很长很长。", 8, "第一句话很长很…", "hard"),
])
def test_sentences_cap_chars_cuts_at_boundaries(text, limit, expected, cut):
    capped, where = cap_chars(text, limit)
    assert (capped, where) == (expected, cut)
    assert len(capped) <= limit
