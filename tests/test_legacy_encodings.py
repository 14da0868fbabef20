"""Older notices in Windows-1258, TCVN3 (ABC) or VNI are converted, with a warning."""

from __future__ import annotations

import unicodedata

import pytest

from vanban import DecodeError, parse_file
from vanban.decode import decode_with_encoding
from vanban.legacy import _TCVN3_ROWS, _TONES, from_tcvn3, from_vni

from .conftest import CORPUS

SEED = CORPUS / "cv-45-BHXH-CNTT-2016.txt"


def test_known_phrases():
    assert from_tcvn3("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert from_vni("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam") == "Cộng hòa xã hội chủ nghĩa Việt Nam"


def to_tcvn3(text: str) -> bytes:
    """Unicode -> TCVN3 bytes (capital accented letters have no code of their own in the
    lower-case font, so they come out lower case, as in real TCVN3 files typed in .VnTime)."""
    table = {}
    for base, row in _TCVN3_ROWS.items():
        for tone, char in zip(_TONES, row, strict=True):
            table[unicodedata.normalize("NFC", base + tone)] = char
    table.update({"đ": "®", "Đ": "§", "Ă": "¡", "Â": "¢", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦"})
    out = []
    for ch in text:
        if ch in table:
            out.append(table[ch])
        elif ch.lower() in table and ch != ch.lower():
            out.append(table[ch.lower()])
        else:
            out.append(ch)
    return "".join(out).encode("latin-1", errors="replace")


def to_cp1258(text: str) -> bytes:
    """Unicode -> Windows-1258: letters with hat, breve or horn precomposed, tones combining."""
    out = []
    base, tones = "", ""
    for ch in unicodedata.normalize("NFD", text) + "\0":
        if unicodedata.combining(ch):
            if ch in "\u0302\u0306\u031b":  # hat, breve, horn: part of the letter
                base = unicodedata.normalize("NFC", base + ch)
            else:
                tones += ch
            continue
        out.append(base + tones)
        base, tones = ch, ""
    return "".join(out).encode("cp1258", errors="replace")


@pytest.mark.parametrize("encode,name", [(to_cp1258, "windows-1258"), (to_tcvn3, "TCVN3 (ABC)")])
def test_legacy_file_is_converted(tmp_path, encode, name):
    path = tmp_path / "legacy.txt"
    path.write_bytes(encode(SEED.read_text(encoding="utf-8")))
    text, encoding = decode_with_encoding(path.read_bytes())
    assert encoding == name
    notice = parse_file(path)
    assert notice.number.raw == "45/BHXH-CNTT"
    assert notice.issued_on.isoformat() == "2016-01-05"
    assert [r.number for r in notice.references if r.number] == ["08/2015/QĐ-TTg", "1474/QĐ-BHXH"]
    assert any(name in w for w in notice.warnings)


def test_other_single_byte_text_still_fails(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Ceci est un texte français, très simple, écrit en Latin-1.".encode("latin-1"))
    with pytest.raises(DecodeError):
        parse_file(path)
