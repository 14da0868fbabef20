"""Document numbers: find them with a regex scan, split them with ``grammars/number.lark``."""

from __future__ import annotations

from functools import lru_cache

import regex
from lark import Token, Transformer
from lark.exceptions import LarkError

from .. import patterns, vocab
from ..grammars import load
from ..models import DocNumber

_TYPE_CODES = {code.upper(): code for code in vocab.DOC_TYPES if "-" not in code}
_LAW_ISSUER = regex.compile(r"QH\d+")  # laws: "58/2014/QH13"
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "_": "-", "Ð": "Đ", "ð": "đ"})
_MISSING_SLASH = regex.compile(r"^(\d+[a-z]?)\s+(?=\p{L})")
_SUFFIX = regex.compile(r"\s*(?P<suffix>\([^()]*\))\s*$")


class _NumberParts(Transformer):
    """Tree of ``number.lark`` -> :class:`DocNumber` (``raw`` is set by the caller)."""

    def symbol(self, codes: list[Token]) -> list[str]:
        return [str(c) for c in codes]

    @staticmethod
    def _split(codes: list[str]) -> tuple[str | None, str | None, str | None]:
        type_code = _TYPE_CODES.get(codes[0].upper())
        if type_code and len(codes) > 1:
            rest = codes[1:]
        else:
            type_code, rest = None, codes
        issuer = rest[0] if rest else None
        unit = "-".join(rest[1:]) or None
        return type_code, issuer, unit

    def plain(self, items: list) -> DocNumber:
        seq, codes = items
        type_code, issuer, unit = self._split(codes)
        return DocNumber("", str(seq), None, type_code, issuer, unit)

    def with_year(self, items: list) -> DocNumber:
        seq, year, codes = items
        type_code, issuer, unit = self._split(codes)
        return DocNumber("", str(seq), str(year), type_code, issuer, unit)

    def dashed(self, items: list) -> DocNumber:
        seq, code = items
        return DocNumber("", str(seq), None, None, str(code), None)

    def party(self, items: list) -> DocNumber:
        seq, type_code, codes = items
        known = _TYPE_CODES.get(str(type_code).upper(), str(type_code))
        return DocNumber("", str(seq), None, known, codes[0], "-".join(codes[1:]) or None)


_TRANSFORMER = _NumberParts()


def canonical(text: str) -> str:
    """The number as written, without the spaces a scraper left inside it."""
    text = _MISSING_SLASH.sub(r"\1/", text.strip().translate(_DASHES))
    return "".join(text.split())


@lru_cache(maxsize=4096)
def parse_number(text: str) -> DocNumber | None:
    """Split a number such as ``08/2015/QĐ-TTg`` into its parts; ``None`` if it is not one.

    A trailing parenthesis ("26/KH-BCĐ (138)") is kept as ``suffix``, outside ``raw``.
    """
    suffix = _SUFFIX.search(text)
    raw = canonical(text[: suffix.start()] if suffix else text)
    try:
        parts: DocNumber = load("number", transformer=_TRANSFORMER).parse(raw)
    except LarkError:
        return None
    return DocNumber(
        raw, parts.seq, parts.year, parts.type_code, parts.issuer_code, parts.unit_code,
        suffix.group("suffix") if suffix else None,
    )


def find_numbers(text: str, start: int = 0, end: int | None = None):
    """Yield ``(match, DocNumber)`` for each document number in ``text[start:end]``."""
    for m in patterns.NUMBER.finditer(text, start, len(text) if end is None else end):
        number = parse_number(m.group())
        if number is not None:
            yield m, number


def type_name(number: DocNumber | None, title: str | None = None) -> str | None:
    """The document type: the one the number's type code names (QĐ -> Quyết định), else the
    type ``title`` the notice states, else Luật for a National Assembly number (58/2014/QH13).

    The code comes first: it is standardised, while the title of a consolidated text is the
    title of the document it consolidates.
    """
    if number is not None and number.type_code in vocab.DOC_TYPES:
        return vocab.DOC_TYPES[number.type_code]
    if title:
        return title
    if number and number.year and number.issuer_code and _LAW_ISSUER.fullmatch(number.issuer_code):
        return "Luật"
    return None
