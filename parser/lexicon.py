"""Vietnamese word knowledge: tone folding, the syllable grammar and underthesea's word list.

Everything here is pure lookup data built once per process.  Comparisons fold the
old and new tone placement ("hoà" / "hòa") to one key; output keeps the original
spelling.
"""

from __future__ import annotations

import importlib.util
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import regex

from .grammars import terminal_pattern

# Combining tone marks: grave, acute, tilde, hook above, dot below.
_TONE_MARKS = {"\u0300": "1", "\u0301": "2", "\u0303": "3", "\u0309": "4", "\u0323": "5"}
_TONE_TABLE = str.maketrans(dict.fromkeys(_TONE_MARKS, None))


def split_tone(word: str) -> tuple[str, str]:
    """Return (word without tone marks, NFC; tone digits in order of appearance)."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = "".join(_TONE_MARKS[ch] for ch in decomposed if ch in _TONE_MARKS)
    return unicodedata.normalize("NFC", decomposed.translate(_TONE_TABLE)), tones


# Word-keyed caches are bounded: a bulk run meets names and damaged text without end.
_WORD_CACHE = 1 << 16


@lru_cache(maxsize=_WORD_CACHE)
def fold(text: str) -> str:
    """A comparison key: lower case, NFC, tone marks moved to the end of each word.

    ``fold("Hoà Bình") == fold("Hòa Bình")``.
    """
    out = []
    for word in text.lower().split():
        base, tones = split_tone(word)
        out.append(base + tones)
    return " ".join(out)


@cache
def _syllable_re() -> regex.Pattern[str]:
    return regex.compile(terminal_pattern("syllable", "SYLLABLE"))


@lru_cache(maxsize=_WORD_CACHE)
def is_syllable_shape(word: str) -> bool:
    """True when ``word`` is spelled like one Vietnamese syllable (at most one tone mark)."""
    base, tones = split_tone(word.lower())
    return len(tones) <= 1 and _syllable_re().fullmatch(base) is not None


def underthesea_data(*parts: str) -> Path:
    """A file bundled with underthesea, found without importing it (its import is slow)."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        raise OSError("underthesea is not installed")
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def _word_list_path() -> Path:
    return underthesea_data("corpus", "data", "Viet74K.txt")


@cache
def _lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """(known syllables, known two-syllable words), as ``fold`` keys."""
    syllables: set[str] = set()
    pairs: set[str] = set()
    try:
        text = _word_list_path().read_text(encoding="utf-8")
    except OSError:  # word list missing: the grammar alone decides
        text = ""
    folded: dict[str, str] = {}
    for token in set(unicodedata.normalize("NFC", text).lower().split()):
        folded[token] = fold(token)
        if is_syllable_shape(token):
            syllables.add(folded[token])
    for line in text.lower().splitlines():
        parts = line.split()
        for first, second in zip(parts, parts[1:], strict=False):
            pairs.add(folded.get(first, first) + " " + folded.get(second, second))
    return frozenset(syllables), frozenset(pairs)


@lru_cache(maxsize=_WORD_CACHE)
def is_known_syllable(word: str) -> bool:
    """A syllable of the grammar that also occurs in underthesea's word list."""
    if not word or not is_syllable_shape(word):
        return False
    known = _lexicon()[0]
    return not known or fold(word) in known


def is_known_pair(first: str, second: str) -> bool:
    """True when "first second" is (part of) a word of the word list, e.g. "thông tin"."""
    return fold(first + " " + second) in _lexicon()[1]


def should_join(left: str, right: str, left_fragment: str = "") -> bool:
    """Decide whether two letter runs split by a line break are one word.

    ``left`` is the run before the break, ``right`` the run after it.  They are
    joined when together they spell a known syllable and at least one of them is
    not a syllable by itself ("ng"+"hệ", "c"+"ó", "C"+"ô"), or when both are
    upper-case consonant clusters of an acronym split letter by letter ("B"+"H",
    then "H"+"XH": ``left_fragment`` is the text of the line the left run ends,
    before earlier joins).
    """
    if not left or not right:
        return False
    left_ok, right_ok = is_known_syllable(left), is_known_syllable(right)
    if not (left_ok and right_ok) and is_known_syllable(left + right):
        return True
    if left.isupper() and right.isupper() and not left_ok and not right_ok:
        vowel_free = not _has_vowel(left) and not _has_vowel(right)
        shortest = min(len(left), len(right), len(left_fragment.strip()) or len(left))
        return vowel_free and shortest == 1
    return False


_VOWELS = set("aăâeêioôơuưy")


def _has_vowel(word: str) -> bool:
    base, _ = split_tone(word.lower())
    return any(ch in _VOWELS for ch in base)


def _tone_pairs() -> dict[str, str]:
    """Old and new tone placement of the same rhyme: "òa" <-> "oà", "ùy" <-> "uỳ" ..."""
    pairs: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for mark in _TONE_MARKS:
            new = unicodedata.normalize("NFC", first + mark + second)
            old = unicodedata.normalize("NFC", first + second + mark)
            for a, b in ((new, old), (new.upper(), old.upper())):
                pairs[a], pairs[b] = b, a
    return pairs


_PAIRS = _tone_pairs()
_PAIR_RE = regex.compile("|".join(sorted(_PAIRS, key=len, reverse=True)))


def tone_insensitive(pattern_text: str) -> str:
    """A regex source matching ``pattern_text`` in either tone placement ("Hòa" and "Hoà")."""
    out = []
    pos = 0
    for m in _PAIR_RE.finditer(pattern_text):
        out.append(regex.escape(pattern_text[pos : m.start()]))
        out.append(f"(?:{regex.escape(m.group())}|{regex.escape(_PAIRS[m.group()])})")
        pos = m.end()
    out.append(regex.escape(pattern_text[pos:]))
    return "".join(out)
