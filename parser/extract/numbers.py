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


# What the grammar reads of a number: seq, year, type code, issuer code, unit code.
_Parts = tuple[str, str | None, str | None, str | None, str | None]


class _NumberParts(Transformer):
    """Tree of ``number.lark`` -> its :data:`_Parts` (the caller makes the :class:`DocNumber`)."""

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

    def plain(self, items: list) -> _Parts:
        seq, codes = items
        return (str(seq), None, *self._split(codes))

    def with_year(self, items: list) -> _Parts:
        seq, year, codes = items
        return (str(seq), str(year), *self._split(codes))

    def dashed(self, items: list) -> _Parts:
        seq, code = items
        return str(seq), None, None, str(code), None

    def party(self, items: list) -> _Parts:
        seq, type_code, codes = items
        known = _TYPE_CODES.get(str(type_code).upper(), str(type_code))
        return str(seq), None, known, codes[0], "-".join(codes[1:]) or None


_TRANSFORMER = _NumberParts()


def canonical(text: str) -> str:
    """The number as written, without the spaces a scraper left inside it."""
    text = text.strip().translate(_DASHES)
    if len(text.split(maxsplit=1)) == 1:  # no blanks to read as "/" or to remove
        return text
    return "".join(_MISSING_SLASH.sub(r"\1/", text).split())


@lru_cache(maxsize=4096)
def parse_number(text: str) -> DocNumber | None:
    """Split a number such as ``08/2015/QĐ-TTg`` into its parts; ``None`` if it is not one.

    A trailing parenthesis ("26/KH-BCĐ (138)") is kept as ``suffix``, outside ``raw``.
    """
    suffix = _SUFFIX.search(text) if ")" in text else None
    raw = canonical(text[: suffix.start()] if suffix else text)
    try:
        parts: _Parts = load("number", transformer=_TRANSFORMER).parse(raw)
    except LarkError:
        return None
    return DocNumber(raw, *parts, suffix.group("suffix") if suffix else None)


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
