"""The layout lexer: what each piece of a notice is, from what it says, not from where it stands.

A *piece* is a scraped line or table cell.  :func:`label` names it (``NUMBER_LABEL`` for a lone
"Số:", ``SIGNING`` for "KT." or a lone "KT", ``AUTHORITY`` for "PHÓ CHỦ TỊCH", ``CERTIFY`` for a
consolidated text's "XÁC THỰC VĂN BẢN HỢP NHẤT" …).  The normaliser decides the joins between
pieces from their labels (a label and its value, a number split at its separators, a signing
prefix and its dot), and the segmenter reads the labels of the clean lines.
"""

from __future__ import annotations

from typing import Final

import regex

from . import patterns, vocab
from .titles import split_titles

NATIONAL_TITLE: Final = "NATIONAL_TITLE"
MOTTO: Final = "MOTTO"
PARTY_TITLE: Final = "PARTY_TITLE"
NUMBER_LABEL: Final = "NUMBER_LABEL"
NUMBER: Final = "NUMBER"
PLACE_DATE: Final = "PLACE_DATE"
SUBJECT: Final = "SUBJECT"
KINH_GUI: Final = "KINH_GUI"
NOI_NHAN: Final = "NOI_NHAN"
SIGNING: Final = "SIGNING"
CERTIFY: Final = "CERTIFY"
SEAL: Final = "SEAL"
TABLE_ROW: Final = "TABLE_ROW"
LIST_ITEM: Final = "LIST_ITEM"
AUTHORITY: Final = "AUTHORITY"
CAPS: Final = "CAPS"
NAME: Final = "NAME"
TEXT: Final = "TEXT"

_TYPE_NAMES = "|".join(regex.escape(t) for t in vocab.TYPE_TITLES)
# "Số:" alone, or "Luật số:", the label of a number cell whose value is the next piece.
_NUMBER_LABEL = regex.compile(rf"(?:[Ss]ố|(?i:{_TYPE_NAMES})\s+số)\s*:?")
# The tail of a number cell still open: "Số: 88", "Số: 66/", "Số: 88/2026/VBHN-".
_OPEN_NUMBER = regex.compile(rf"(?<!\S)(?:[Ss]ố|(?i:{_TYPE_NAMES})\s+số)\s*:?\s*\d[\w/.\-–]*$", regex.REVERSE)
_LABEL_AT_END = regex.compile(rf"(?<!\S)(?:[Ss]ố|(?i:{_TYPE_NAMES})\s+số)\s*:?\s*$", regex.REVERSE)
# A piece that continues a number: "/2026/VBHN-TT-NHNN", "/", "CĐ-TTg", "-KH/TU".
_NUMBER_PART = regex.compile(r"[/\-–][\w/.\-–]*|[\p{Lu}Đđ\d][\w/.\-–]*")
# A signing prefix cut from its dot ("KT" / "." / "CHỦ TỊCH").
_BARE_SIGNING = regex.compile(r"(?:TUQ|TM|KT|TL|Q)\.?")
_CERTIFY = regex.compile(vocab.CERTIFY_TITLE)
_TABLE_ROW = regex.compile(r"\|.*\|")
# A person's name: capitalised syllables, a lower-case one allowed after the first two
# ("Phan trọng Tấn"), after an optional rank or degree ("Thượng tướng", "ThS.", "TS. BS.").
_NAME = regex.compile(
    rf"(?:(?:{vocab.NAME_RANKS})\s+)*\p{{Lu}}\p{{Ll}}*(?:\s+\p{{Lu}}\p{{Ll}}*){{1,5}}(?:\s+\p{{L}}+){{0,2}}\.?"
)


def is_upper(text: str) -> bool:
    """True when every letter of ``text`` is a capital (and it has one)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and not any(c.islower() for c in letters)


def is_authority(text: str) -> bool:
    """A title ("PHÓ CHỦ TỊCH") or an enacting body ("ỦY BAN NHÂN DÂN ...") in capitals."""
    words = text.upper().replace("UỶ", "ỦY").split()
    if any(" ".join(words[: len(b.split())]) == b.replace("UỶ", "ỦY") for b in vocab.ENACTING_BODIES):
        return True
    first = split_titles(text)[0].upper() if text else ""
    return any(first.startswith(h) or first.startswith("PHÓ " + h) for h in vocab.TITLE_HEADS)


def label(text: str) -> str:
    """The label of one piece of text (stripped)."""
    if not text:
        return TEXT
    if patterns.NATIONAL_TITLE.match(text):
        return NATIONAL_TITLE
    if patterns.MOTTO.match(text):
        return MOTTO
    if patterns.PARTY_TITLE.match(text):
        return PARTY_TITLE
    if _NUMBER_LABEL.fullmatch(text):
        return NUMBER_LABEL
    if patterns.NUMBER_LINE.match(text):
        return NUMBER
    if patterns.KINH_GUI.match(text):
        return KINH_GUI
    if patterns.NOI_NHAN.match(text):
        return NOI_NHAN
    if _BARE_SIGNING.fullmatch(text) or patterns.SIGNING_PREFIX.match(text):
        return SIGNING
    if _CERTIFY.match(text):
        return CERTIFY
    if _TABLE_ROW.fullmatch(text):
        return TABLE_ROW
    if patterns.LIST_ITEM.match(text):
        return LIST_ITEM
    if patterns.PLACE_DATE.match(text):
        return PLACE_DATE
    if patterns.SEAL_NOTE.fullmatch(text):
        return SEAL
    if is_upper(text):
        return AUTHORITY if is_authority(text) else CAPS
    if _NAME.fullmatch(text):
        return NAME
    return TEXT


def number_join(tail: str, text: str) -> str | None:
    """The join between an open number cell (ending ``tail``) and the next piece, if it is one.

    "Số:" + "275/NQ-CP" join with a space; "Số: 88" + "/2026/VBHN-TT-NHNN" and "Số: 66/" +
    "CĐ-TTg" join with nothing: a number split at its separators is one number.
    """
    if text[:1].isdigit() and _LABEL_AT_END.search(tail):
        return " "
    separated = text[0] in "/-–" or tail[-1:] in ("/", "-", "–")
    if separated and _NUMBER_PART.fullmatch(text) and _OPEN_NUMBER.search(tail):
        return ""
    return None
