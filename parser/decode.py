"""Bytes -> text: UTF-8 (with or without BOM), UTF-16, and the legacy Vietnamese encodings
(Windows-1258, TCVN3, VNI) with a warning; anything else is a :class:`DecodeError`.

A UTF-8 notice with a few damaged bytes is read with those bytes replaced (U+FFFD) and a warning;
:func:`read_notice_file` reads a regular file only (a FIFO, socket or device is refused unopened).
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata
from dataclasses import dataclass

from .legacy import decode_legacy

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


# A UTF-8 file is read with replacement when its valid non-ASCII characters outnumber its
# invalid byte sequences this many times over (a legacy or binary file has next to none).
_REPLACEMENT_RATIO = 20
_ENCODED_REPLACEMENT = "\ufffd".encode()


class DecodeError(ValueError):
    """The input is empty, binary, or in an encoding vanban does not read."""


class NotARegularFile(OSError):
    """A path that is a folder, FIFO, socket or device (refused before it is opened)."""


@dataclass(frozen=True)
class Decoded:
    """The NFC text of a notice, the encoding it was read in, and what decoding had to say."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


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
    decoded = decode_notice(data)
    return decoded.text, decoded.encoding


def _replaced_utf8(payload: bytes) -> tuple[str, int] | None:
    """(text, count of invalid sequences) when ``payload`` is UTF-8 with a few damaged bytes."""
    text = payload.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - payload.count(_ENCODED_REPLACEMENT)
    valid_non_ascii = len(text) - len(text.encode("ascii", errors="ignore")) - invalid
    if invalid and valid_non_ascii >= _REPLACEMENT_RATIO * invalid:
        return text, invalid
    return None


def decode_notice(data: bytes) -> Decoded:
    """Decode a notice's bytes (see the module docstring), or raise :class:`DecodeError`."""
    warnings: tuple[str, ...] = ()
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
        replaced = _replaced_utf8(payload) if encoding == "utf-8" else None
        if replaced is not None:
            text, invalid = replaced
            warnings = (f"{invalid} invalid UTF-8 byte sequence{'s' * (invalid > 1)} replaced with U+FFFD",)
        else:
            if not _is_text(data.decode("latin-1")):
                raise DecodeError("binary data, not text") from None
            legacy = decode_legacy(data)
            if legacy is None:
                raise DecodeError(
                    f"not UTF-8, UTF-16 or a legacy Vietnamese encoding (byte {exc.start}: {exc.reason})"
                ) from None
            text, encoding = legacy
            warnings = (f"converted from the legacy {encoding} encoding",)
    if not _is_text(text):
        raise DecodeError("binary data, not text")
    text = _CONTROL.sub(" ", text)  # the few stray control characters become spaces
    if not text.strip():
        raise DecodeError("empty file")
    return Decoded(unicodedata.normalize("NFC", text), encoding, warnings)


_FILE_KINDS = (
    (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
)


def _refuse_unless_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _FILE_KINDS if test(mode)), "not a regular file")
        raise NotARegularFile(0, f"{kind}, not a regular file")


def read_notice_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a regular file.  A folder, FIFO, socket or device raises
    :class:`NotARegularFile` without being opened; a symbolic link to nowhere says so."""
    try:
        _refuse_unless_regular(os.stat(path).st_mode)
    except FileNotFoundError:
        if os.path.islink(path):
            raise FileNotFoundError(0, f"broken symbolic link (to {os.readlink(path)})") from None
        raise
    # Opened without blocking, and checked again, in case the path changed since the stat.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        _refuse_unless_regular(os.fstat(fd).st_mode)
        return handle.read()
