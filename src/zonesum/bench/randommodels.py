"""Randomly initialised seq2seq checkpoints of the real architectures, built on the fly.

A builder trains SentencePiece vocabularies on a small corpus, builds the tokenizer class
the real checkpoint uses, initialises a model of a given ``Shape`` and ``save_pretrained``s
both into a folder that loads through the same code as a real checkpoint. Tests build tiny
shapes (``tests/tinymodels.py``); ``zonesum bench`` builds the real models' exact shapes,
because the cost of a forward pass depends on the shapes, not on the weights' values.
Outputs are gibberish: use them for structure and speed, never for wording.
"""
from __future__ import annotations

import io
import json
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

# Written for zonesum (not third-party text): short news-style sentences about invented
# zones, with the figures, punctuation and Latin letters the code handles.
CORPUS_ZH = [
    "东港新区今年以来引进项目四十二个，总投资达到三百五十亿元。",
    "西湾科技园上线企业突破两千家，研发机构覆盖率达到百分之八十。",
    "北岭物流园开行国际班列一百二十列，居全省第一。",
    "南山金融区一季度贷款余额为一千二百亿元，同比增长百分之九。",
    "上合示范区搭建贸易平台，推动中欧班列常态化运行。",
    "自贸片区形成制度创新成果三十项，其中五项入选最佳实践案例。",
    "新区坚持大项目支撑，加快建设总投资九十八亿元的基础设施。",
    "科技园赴十一个城市对接项目，引进总部企业八家。",
    "“我们要把平台建好，把服务做实。”园区负责人说。",
    "高新区发挥RCEP平台作用，带动商贸增长百分之十二！",
    "面对激烈竞争，干部作风需更扎实；能力需再提升。",
    "建筑面积十二万平方米的公共服务中心已经启用、运行良好：企业满意。",
    "总投资4.5亿美元的医药项目签约落地，一季度引进项目33个。",
    "辖区银行贷款余额5452亿元，增长10.19%，排名第一？",
    "港区累计新增二级和三级公司40家，服务3万家外贸企业……",
    "示范区打造2.0版本的综合服务平台，推动产城融合。",
    "年底前，滨海大道全线通车，地铁5号线加紧施工。",
    "园区落地3个过百亿元项目和多个50亿级大项目。",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789 %.,-",
]

CORPUS_EN = [
    "Since the start of the year the East Harbour New Area has attracted 42 projects.",
    "Total investment reached 35 billion yuan, and more than 2,000 companies are online.",
    "The logistics park ran 120 international freight trains, first in the province.",
    "The loan balance of the financial district was 120 billion yuan in the first quarter.",
    "The SCO Demonstration Zone built a trade platform for the China-Europe Railway Express.",
    "The free trade area produced 30 institutional innovations, five of them best practices.",
    "A public service centre of 120,000 square metres has opened and runs well.",
    "A pharmaceutical project worth 450 million US dollars was signed.",
    "Bank loans totalled 545.2 billion yuan, up 10.19 percent.",
    "The zone serves 30,000 foreign trade companies and added 40 subsidiaries.",
    "Metro Line 5 is under construction and the coastal avenue opens by the end of the year.",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789 %.,-",
]


@dataclass(frozen=True)
class Shape:
    """The sizes that set a model's cost. ``vocab`` None: the trained vocabulary's own size."""

    d_model: int
    layers: int  # encoder and decoder each
    heads: int
    ffn: int
    vocab: int | None = None
    positions: int = 512  # Marian: position table and window; mT5 has relative positions
    activation: str = "gelu"  # Marian's feed-forward activation (opus-mt: swish)
    d_kv: int = 64  # mT5: per-head size
    buckets: int = 32  # mT5: relative attention buckets and their max distance
    max_distance: int = 128


# Helsinki-NLP/opus-mt-zh-en and csebuetnlp/mT5_multilingual_XLSum (mT5-base), from their config.json
OPUS_MT_ZH_EN = Shape(d_model=512, layers=6, heads=8, ffn=2048, vocab=65_001, activation="swish")
MT5_BASE = Shape(d_model=768, layers=12, heads=12, ffn=2048, vocab=250_112)


def train_spm(lines: Sequence[str], **options) -> bytes:
    """Train a small unigram SentencePiece model in memory and return its bytes."""
    import sentencepiece as spm

    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=buffer,
        vocab_size=options.pop("vocab_size", 400),
        hard_vocab_limit=False,  # a small corpus cannot fill a fixed vocabulary
        character_coverage=1.0,  # every character of the corpus gets a piece
        model_type="unigram",
        minloglevel=2,
        **options,
    )
    return buffer.getvalue()


def spm_pieces(spm_bytes: bytes) -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_proto=spm_bytes)
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())
            if not (processor.is_control(i) or processor.is_unknown(i))]


def _seed(seed: int) -> None:
    import torch

    torch.manual_seed(seed)


def build_marian(dest: Path, shape: Shape, *, source_spm: bytes, target_spm: bytes, seed: int = 0) -> Path:
    """A Marian (opus-mt layout) model: source.spm, target.spm, shared vocab.json.

    With ``shape.vocab`` set, vocab.json is padded with unused filler pieces to that size, so
    the embeddings and the output layer have the real model's size."""
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "source.spm").write_bytes(source_spm)
    (dest / "target.spm").write_bytes(target_spm)
    # opus-mt layout: </s>=0, <unk>=1, pieces of both languages, <pad> last
    vocab = {"</s>": 0, "<unk>": 1}
    for piece in spm_pieces(source_spm) + spm_pieces(target_spm):
        vocab.setdefault(piece, len(vocab))
    for filler in range(len(vocab), (shape.vocab or 0) - 1):
        vocab[f"<unused{filler}>"] = filler
    vocab["<pad>"] = len(vocab)
    (dest / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Recommended: pip install sacremoses"
        tokenizer = MarianTokenizer(str(dest / "source.spm"), str(dest / "target.spm"),
                                    str(dest / "vocab.json"), source_lang="zh", target_lang="en",
                                    model_max_length=shape.positions)
    tokenizer.save_pretrained(dest)
    config = MarianConfig(
        vocab_size=len(vocab), d_model=shape.d_model, encoder_layers=shape.layers, decoder_layers=shape.layers,
        encoder_attention_heads=shape.heads, decoder_attention_heads=shape.heads, encoder_ffn_dim=shape.ffn,
        decoder_ffn_dim=shape.ffn, max_position_embeddings=shape.positions, pad_token_id=vocab["<pad>"],
        eos_token_id=0, decoder_start_token_id=vocab["<pad>"], forced_eos_token_id=0,
        scale_embedding=True, share_encoder_decoder_embeddings=True, activation_function=shape.activation,
    )
    _seed(seed)
    model = MarianMTModel(config)
    # as opus-mt checkpoints ship it: never generate <pad>, 512 tokens at most, 4 beams
    model.generation_config.update(bad_words_ids=[[vocab["<pad>"]]], max_length=512, num_beams=4)
    model.save_pretrained(dest)
    return dest


def build_mt5(dest: Path, shape: Shape, *, spiece: bytes, seed: int = 0, extra_ids: int = 8) -> Path:
    """An mT5 summariser: spiece.model (T5 ids: pad 0, eos 1, unk 2) and an MT5 model.

    Only ``spiece.model`` and the configs are written, like the real XLSum checkpoint, so
    loading exercises the same SentencePiece-to-tokenizer conversion."""
    from transformers import AutoTokenizer, MT5Config, MT5ForConditionalGeneration

    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "spiece.model").write_bytes(spiece)
    (dest / "tokenizer_config.json").write_text(json.dumps({
        "tokenizer_class": "T5Tokenizer", "extra_ids": extra_ids, "model_max_length": 512,
    }), encoding="utf-8")
    config = MT5Config(
        vocab_size=shape.vocab or 1024, d_model=shape.d_model, d_kv=shape.d_kv, d_ff=shape.ffn,
        num_layers=shape.layers, num_decoder_layers=shape.layers, num_heads=shape.heads,
        relative_attention_num_buckets=shape.buckets, relative_attention_max_distance=shape.max_distance,
        pad_token_id=0, eos_token_id=1, decoder_start_token_id=0, tie_word_embeddings=False,
    )
    config.save_pretrained(dest)
    if shape.vocab is None:
        config.vocab_size = len(AutoTokenizer.from_pretrained(dest))
    _seed(seed)
    model = MT5ForConditionalGeneration(config)
    if shape.vocab is not None:
        _untie_output_layer(model)
    model.save_pretrained(dest)
    # the tokenizer folder stays as the real one: spiece.model + tokenizer_config.json
    for generated in ("tokenizer.json", "special_tokens_map.json"):
        (dest / generated).unlink(missing_ok=True)
    return dest


def _untie_output_layer(model) -> None:
    """Give the output layer its own weights, as mT5 checkpoints have them (transformers 5
    builds MT5 with the output layer tied to the embeddings): the real size on disk and in memory."""
    import torch

    model.lm_head.weight = torch.nn.Parameter(torch.randn_like(model.shared.weight))
    model.config.tie_word_embeddings = False
