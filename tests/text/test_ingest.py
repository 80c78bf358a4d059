import hashlib

import pytest

from zonesum.errors import InputError
from zonesum.text.ingest import decode, read_document

from articles import EXAMPLE, HONGKONG

TEXT = EXAMPLE.read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding,expected", [
    ("utf-8", "utf-8"),
    ("utf-8-sig", "utf-8-bom"),
    ("utf-16", "utf-16"),
    ("gb18030", "gb18030"),
    ("gbk", "gb18030"),
])
def test_ingest_detects_encoding_and_keeps_text(encoding, expected):
    document = decode(TEXT.encode(encoding))
    assert document.source.encoding == expected
    assert document.text == TEXT


def test_ingest_big5_traditional_text():
    traditional = "臺灣經濟部公布，新竹科學園區第一季營業額達到新臺幣三千億元，成長百分之十二。" * 5
    document = decode(traditional.encode("big5"))
    assert document.source.encoding in ("big5", "big5hkscs")
    assert document.text == traditional


def test_ingest_normalises_line_endings_without_touching_punctuation():
    raw = "标题\r\n\r\n第一段，“引号”（括号）。\r第二段！"
    document = decode(raw.encode("gb18030"))
    assert document.text == "标题\n\n第一段，“引号”（括号）。\n第二段！"


def test_ingest_records_sha256_of_the_bytes(tmp_path):
    data = TEXT.encode("utf-16")
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    source = read_document(path).source
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    assert source.path == str(path) and source.size_bytes == len(data)


@pytest.mark.parametrize("data,message", [
    (b"", "empty"),
    (b"  \n\t\r\n ", "empty"),
    (bytes(range(256)) * 20, "binary"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00\x01" * 500, "binary"),
    (b"\xff\xfe\xfd\xfc" * 300, "binary"),
])
def test_ingest_refuses_what_is_not_an_article(data, message):
    with pytest.raises(InputError, match=message):
        decode(data, path="x.txt")


def test_ingest_refuses_undecodable_bytes():
    with pytest.raises(InputError):
        decode(bytes([0x81, 0x20, 0xa1, 0x0a]) * 200 + "中文".encode("utf-8") * 2, path="mixed.txt")


def test_ingest_missing_path_and_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="folder"):
        read_document(tmp_path)


def test_ingest_refuses_oversized_file(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(TEXT.encode() * 3)
    with pytest.raises(InputError, match="limit"):
        read_document(path, max_bytes=len(TEXT.encode()))


def _flip_a_byte(data: bytes) -> bytes:
    at = len(data) // 2
    while data[at] < 0x80:  # inside a Chinese character
        at += 1
    return data[:at] + b"\xff" + data[at + 1:]


@pytest.mark.parametrize("damage", ["cut-off last character", "one flipped byte"])
@pytest.mark.parametrize("encoding", ["gb18030", "utf-8", "big5"])
def test_ingest_slightly_damaged_file_is_read_and_says_so(damage, encoding):
    from zonesum.config import load_config
    from zonesum.pipeline import run_document

    text = TEXT if encoding != "big5" else HONGKONG.read_text(encoding="utf-8")
    data = text.rstrip().encode(encoding)
    damaged = data[:-1] if damage == "cut-off last character" else _flip_a_byte(data)
    document = decode(damaged, path="damaged.txt")
    assert document.source.encoding == encoding and 1 <= document.source.replaced <= 3
    assert document.text.count("\ufffd") == document.source.replaced
    config = load_config("offline")
    result = run_document(document, config)
    assert [z.name for z in result.zones] == [z.name for z in run_document(decode(data), config).zones]
    assert result.source.replaced == document.source.replaced
    assert "could not be decoded" in result.warnings[0] and encoding in result.warnings[0]
