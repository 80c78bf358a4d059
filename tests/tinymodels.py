"""Tiny randomly-initialised seq2seq models of the real architectures, built on the fly.

Each builder trains SentencePiece vocabularies on the small corpora of
``zonesum.bench.randommodels`` (which also builds the real-size models ``zonesum bench`` times),
builds the tokenizer class the real checkpoint uses, initialises a model with a few thousand
parameters and ``save_pretrained``s both into a folder. The folders load through the same
code as real checkpoints (``zonesum.backends.models``); their outputs are gibberish, so tests
assert structure, lengths, routing and warnings, never wording. Nothing here is committed
as weights: everything is rebuilt in a temporary folder per test session.

Usage from tests, evaluation or speed work::

    from tinymodels import build_marian, build_mt5, build_m2m100, build_nllb
    path = build_marian(tmp_path / "tiny-marian", max_positions=32)
"""
from __future__ import annotations

import json
from pathlib import Path

from zonesum.bench import randommodels
from zonesum.bench.randommodels import CORPUS_EN, CORPUS_ZH, Shape

_train_spm = randommodels.train_spm
_pieces = randommodels.spm_pieces
_seed = randommodels._seed


def build_marian(dest: Path, *, max_positions: int = 64, seed: int = 0) -> Path:
    """A Marian (opus-mt layout) model: source.spm, target.spm, shared vocab.json."""
    shape = Shape(d_model=16, layers=1, heads=2, ffn=32, positions=max_positions)
    return randommodels.build_marian(dest, shape, source_spm=_train_spm(CORPUS_ZH),
                                     target_spm=_train_spm(CORPUS_EN), seed=seed)


def build_mt5(dest: Path, *, seed: int = 0, extra_ids: int = 8) -> Path:
    """An mT5 summariser: spiece.model (T5 ids: pad 0, eos 1, unk 2) and an MT5 model, with
    only ``spiece.model`` and the configs written, like the real XLSum checkpoint."""
    shape = Shape(d_model=16, layers=1, heads=2, ffn=32, d_kv=8, buckets=8, max_distance=16)
    spiece = _train_spm(CORPUS_ZH + CORPUS_EN, pad_id=0, eos_id=1, unk_id=2, bos_id=-1)
    return randommodels.build_mt5(dest, shape, spiece=spiece, seed=seed, extra_ids=extra_ids)


def build_m2m100(dest: Path, *, max_positions: int = 64, seed: int = 0) -> Path:
    """An M2M100 model: sentencepiece.bpe.model + vocab.json, language tokens __zh__/__en__."""
    from transformers import M2M100Tokenizer

    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    spm_bytes = _train_spm(CORPUS_ZH + CORPUS_EN)
    (dest / "sentencepiece.bpe.model").write_bytes(spm_bytes)
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for piece in _pieces(spm_bytes):
        vocab.setdefault(piece, len(vocab))
    (dest / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = M2M100Tokenizer(str(dest / "vocab.json"), str(dest / "sentencepiece.bpe.model"),
                                src_lang="zh", tgt_lang="en", model_max_length=max_positions)
    tokenizer.save_pretrained(dest)
    # language tokens and fairseq's "madeup words" sit after the SentencePiece vocabulary
    vocab_size = max(tokenizer.lang_token_to_id.values()) + 1 + tokenizer.num_madeup_words
    return _save_m2m100(dest, vocab_size, max_positions, seed)


def _save_m2m100(dest: Path, vocab_size: int, max_positions: int, seed: int) -> Path:
    """A tiny M2M100 (the architecture of M2M100 and NLLB) with fairseq's special ids."""
    from transformers import M2M100Config, M2M100ForConditionalGeneration

    config = M2M100Config(
        vocab_size=vocab_size, d_model=16, encoder_layers=1, decoder_layers=1,
        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=32,
        decoder_ffn_dim=32, max_position_embeddings=max_positions, pad_token_id=1,
        bos_token_id=0, eos_token_id=2, decoder_start_token_id=2,
    )
    _seed(seed)
    M2M100ForConditionalGeneration(config).save_pretrained(dest)
    return dest


def build_nllb(dest: Path, *, max_positions: int = 64, seed: int = 0) -> Path:
    """An NLLB-200 model (M2M100 architecture): NllbTokenizer with the 200 language codes
    (zho_Hans, eng_Latn, …) as special tokens, saved as tokenizer.json like the real one."""
    from transformers import AutoTokenizer
    from transformers.models.nllb.tokenization_nllb import FAIRSEQ_LANGUAGE_CODES

    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "sentencepiece.bpe.model").write_bytes(_train_spm(CORPUS_ZH + CORPUS_EN))
    (dest / "tokenizer_config.json").write_text(json.dumps({
        "tokenizer_class": "NllbTokenizer", "src_lang": "eng_Latn", "model_max_length": max_positions,
    }), encoding="utf-8")
    tokenizer = AutoTokenizer.from_pretrained(dest, extra_special_tokens=list(FAIRSEQ_LANGUAGE_CODES))
    tokenizer.save_pretrained(dest)
    return _save_m2m100(dest, len(tokenizer), max_positions, seed)
