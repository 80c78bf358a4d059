"""Tiny randomly-initialised seq2seq models of the real architectures, built on the fly.

Each builder trains SentencePiece vocabularies on the small corpus below, builds the
tokenizer class the real checkpoint uses, initialises a model with a few thousand
parameters and ``save_pretrained``s both into a folder. The folders load through the same
code as real checkpoints (``zonesum.seq2seq``); their outputs are gibberish, so tests
assert structure, lengths, routing and warnings, never wording. Nothing here is committed
as weights: everything is rebuilt in a temporary folder per test session.

Usage from tests, evaluation or speed work::

    from tinymodels import build_marian, build_mt5, build_m2m100, build_nllb
    path = build_marian(tmp_path / "tiny-marian", max_positions=32)
"""
from __future__ import annotations

import io
import json
import warnings
from pathlib import Path

# Written for these tests (not third-party text): short news-style sentences about
# invented zones, with the figures, punctuation and Latin letters the code handles.
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


def _train_spm(lines: list[str], **options) -> bytes:
    """Train a small unigram SentencePiece model in memory and return its bytes."""
    import sentencepiece as spm

    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=buffer,
        vocab_size=options.pop("vocab_size", 400),
        hard_vocab_limit=False,  # the tiny corpus cannot fill a fixed vocabulary
        character_coverage=1.0,  # every character of the corpus gets a piece
        model_type="unigram",
        minloglevel=2,
        **options,
    )
    return buffer.getvalue()


def _pieces(spm_bytes: bytes) -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_proto=spm_bytes)
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())
            if not (processor.is_control(i) or processor.is_unknown(i))]


def _seed(seed: int) -> None:
    import torch

    torch.manual_seed(seed)


def build_marian(dest: Path, *, max_positions: int = 64, seed: int = 0) -> Path:
    """A Marian (opus-mt layout) model: source.spm, target.spm, shared vocab.json."""
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    source = _train_spm(CORPUS_ZH)
    target = _train_spm(CORPUS_EN)
    (dest / "source.spm").write_bytes(source)
    (dest / "target.spm").write_bytes(target)
    # opus-mt layout: </s>=0, <unk>=1, pieces of both languages, <pad> last
    vocab = {"</s>": 0, "<unk>": 1}
    for piece in _pieces(source) + _pieces(target):
        vocab.setdefault(piece, len(vocab))
    vocab["<pad>"] = len(vocab)
    (dest / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Recommended: pip install sacremoses"
        tokenizer = MarianTokenizer(str(dest / "source.spm"), str(dest / "target.spm"),
                                    str(dest / "vocab.json"), source_lang="zh", target_lang="en",
                                    model_max_length=max_positions)
    tokenizer.save_pretrained(dest)
    config = MarianConfig(
        vocab_size=len(vocab), d_model=16, encoder_layers=1, decoder_layers=1,
        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=32,
        decoder_ffn_dim=32, max_position_embeddings=max_positions, pad_token_id=vocab["<pad>"],
        eos_token_id=0, decoder_start_token_id=vocab["<pad>"], forced_eos_token_id=0,
        scale_embedding=True, share_encoder_decoder_embeddings=True,
    )
    _seed(seed)
    model = MarianMTModel(config)
    # as opus-mt checkpoints ship it: never generate <pad>, 512 tokens at most, 4 beams
    model.generation_config.update(bad_words_ids=[[vocab["<pad>"]]], max_length=512, num_beams=4)
    model.save_pretrained(dest)
    return dest


def build_mt5(dest: Path, *, seed: int = 0, extra_ids: int = 8) -> Path:
    """An mT5 summariser: spiece.model (T5 ids: pad 0, eos 1, unk 2) and an MT5 model.

    Only ``spiece.model`` and the configs are written, like the real XLSum checkpoint, so
    loading exercises the same SentencePiece-to-tokenizer conversion.
    """
    from transformers import AutoTokenizer, MT5Config, MT5ForConditionalGeneration

    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    spiece = _train_spm(CORPUS_ZH + CORPUS_EN, pad_id=0, eos_id=1, unk_id=2, bos_id=-1)
    (dest / "spiece.model").write_bytes(spiece)
    (dest / "tokenizer_config.json").write_text(json.dumps({
        "tokenizer_class": "T5Tokenizer", "extra_ids": extra_ids, "model_max_length": 512,
    }), encoding="utf-8")
    config = MT5Config(
        vocab_size=1024, d_model=16, d_kv=8, d_ff=32, num_layers=1, num_decoder_layers=1,
        num_heads=2, relative_attention_num_buckets=8, relative_attention_max_distance=16,
        pad_token_id=0, eos_token_id=1, decoder_start_token_id=0, tie_word_embeddings=False,
    )
    config.save_pretrained(dest)
    tokenizer = AutoTokenizer.from_pretrained(dest)
    config.vocab_size = len(tokenizer)
    _seed(seed)
    MT5ForConditionalGeneration(config).save_pretrained(dest)
    # the tokenizer folder stays as the real one: spiece.model + tokenizer_config.json
    for generated in ("tokenizer.json", "special_tokens_map.json"):
        (dest / generated).unlink(missing_ok=True)
    return dest


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
