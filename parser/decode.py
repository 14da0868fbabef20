"""Bytes -> text: UTF-8 (with or without BOM), UTF-16, and the legacy Vietnamese encodings
(Windows-1258, TCVN3, VNI) with a warning; anything else is a :class:`DecodeError`."""

from __future__ import annotations

import codecs
import re
import unicodedata

from .legacy import decode_legacy

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


class DecodeError(ValueError):
    """The input is empty, binary, or in an encoding vanban does not read."""


def _looks_utf16(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' for BOM-less UTF-16 text (a NUL in every other byte)."""
    sample = data[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nul = sample[0::2].count(0) / (len(sample) / 2)
    odd_nul = sample[1::2].count(0) / (len(sample) / 2)
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _is_text(text: str) -> bool:
    """Few NULs and control characters (PDF extraction leaves a stray one): what a notice looks like."""
    sample = text[:20000]
    controls = len(_CONTROL.findall(sample))
    return controls <= max(2, len(sample) // 1000)


def decode(data: bytes) -> str:
    """Decode a notice's bytes to NFC text, or raise :class:`DecodeError` saying why."""
    return decode_with_encoding(data)[0]


def decode_with_encoding(data: bytes) -> tuple[str, str]:
    """(NFC text, name of the encoding it was read in)."""
    if not data.strip():
        raise DecodeError("empty file")
    if data.startswith(codecs.BOM_UTF8):
        encoding, payload = "utf-8", data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, payload = "utf-16", data
    else:
        encoding, payload = _looks_utf16(data) or "utf-8", data
    try:
        text = payload.decode(encoding)
    except UnicodeDecodeError as exc:
        if not _is_text(data.decode("latin-1")):
            raise DecodeError("binary data, not text") from None
        legacy = decode_legacy(data)
        if legacy is None:
            raise DecodeError(
                f"not UTF-8, UTF-16 or a legacy Vietnamese encoding (byte {exc.start}: {exc.reason})"
            ) from None
        text, encoding = legacy
    if not _is_text(text):
        raise DecodeError("binary data, not text")
    text = _CONTROL.sub(" ", text)  # the few stray control characters become spaces
    if not text.strip():
        raise DecodeError("empty file")
    return unicodedata.normalize("NFC", text), encoding
