"""Legacy Vietnamese encodings: Windows-1258, TCVN3 (ABC) and VNI.

Older notices were typed in 8-bit fonts: "Céng hoµ x· héi chñ nghÜa ViÖt Nam" is
TCVN3, "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam" is VNI.  Each candidate decoding
is scored by the share of its words that are Vietnamese syllables (underthesea's
word list); the best one wins when it reads as Vietnamese.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import regex

from .lexicon import is_known_syllable

# TCVN3 (ABC): one byte per letter.  Rows: base letter, then grave, acute, hook, tilde, dot.
_TCVN3_ROWS = {
    "a": "aµ¸¶·¹", "ă": "¨»¾¼½Æ", "â": "©ÇÊÈÉË", "e": "eÌÐÎÏÑ", "ê": "ªÒÕÓÔÖ",
    "i": "i×ÝØÜÞ", "o": "oßãáâä", "ô": "«åèæçé", "ơ": "¬êíëìî", "u": "uïóñòô",
    "ư": "\xadõøö÷ù", "y": "yúýûüþ",
}
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


@cache
def _tcvn3_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for base, row in _TCVN3_ROWS.items():
        for tone, char in zip(_TONES, row, strict=True):
            if char != base:
                table[ord(char)] = unicodedata.normalize("NFC", base + tone)
    table.update({ord("®"): "đ", ord("§"): "Đ", ord("¡"): "Ă", ord("¢"): "Â", ord("£"): "Ê",
                  ord("¤"): "Ô", ord("¥"): "Ơ", ord("¦"): "Ư"})
    return table


# VNI: a base letter followed by a mark character.
_VNI_TONE = {"ø": "\u0300", "ù": "\u0301", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_HAT_TONE = {"â": "", "à": "\u0300", "á": "\u0301", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE_TONE = {"ê": "", "è": "\u0300", "é": "\u0301", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_SINGLE = {
    "ô": "ơ", "ö": "ư", "ñ": "đ", "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
}


@cache
def _vni_pattern() -> tuple[regex.Pattern[str], dict[str, str]]:
    table: dict[str, str] = {}

    def add(seq: str, value: str) -> None:
        value = unicodedata.normalize("NFC", value)
        table[seq] = value
        table[seq.upper()] = value.upper()

    for vowel in "aeiouy":
        for mark, tone in _VNI_TONE.items():
            add(vowel + mark, vowel + tone)
    for vowel in "aeo":
        for mark, tone in _VNI_HAT_TONE.items():
            add(vowel + mark, vowel + "\u0302" + tone)
    for mark, tone in _VNI_BREVE_TONE.items():
        add("a" + mark, "a\u0306" + tone)
    for single, value in _VNI_SINGLE.items():
        add(single, value)
        if value in "ơư":
            for mark, tone in _VNI_TONE.items():
                add(single + mark, value + tone)
    keys = sorted(table, key=len, reverse=True)
    return regex.compile("|".join(regex.escape(k) for k in keys)), table


def from_tcvn3(text: str) -> str:
    return text.translate(_tcvn3_table())


def from_vni(text: str) -> str:
    pattern, table = _vni_pattern()
    return pattern.sub(lambda m: table[m.group()], text)


def from_cp1258(text: str) -> str:
    return unicodedata.normalize("NFC", text)


_WORD = regex.compile(r"\p{L}{2,}")


def vietnamese_score(text: str) -> float:
    """Share of the words in (a sample of) ``text`` that are Vietnamese syllables."""
    words = _WORD.findall(text[:20000])
    if not words:
        return 0.0
    return sum(is_known_syllable(w) for w in words) / len(words)


ENCODINGS = {
    "windows-1258": ("cp1258", from_cp1258),
    "TCVN3 (ABC)": ("latin-1", from_tcvn3),
    "VNI": ("cp1252", from_vni),
}


def decode_legacy(data: bytes, threshold: float = 0.6) -> tuple[str, str] | None:
    """(text, encoding name) for bytes in a legacy Vietnamese encoding, or None."""
    best: tuple[float, str, str] | None = None
    for name, (codec, convert) in ENCODINGS.items():
        try:
            text = convert(data.decode(codec))
        except UnicodeDecodeError:
            continue
        score = vietnamese_score(text)
        if best is None or score > best[0]:
            best = (score, text, name)
    if best is None or best[0] < threshold:
        return None
    return best[1], best[2]
