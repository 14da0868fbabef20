"""Regular-expression scans shared by the stages: they find short spans that the
grammars then parse.  Written for the ``regex`` module (``\\p{Lu}``, ``\\p{L}``)."""

from __future__ import annotations

import bisect
from collections.abc import Callable

import regex

from . import vocab

_TYPE_NAMES = "|".join(regex.escape(t) for t in vocab.TYPE_TITLES)

# "ngày 05 tháng 01 năm 2016" (blanks allowed for undated drafts).
DATE_WORDS = r"ngày\s+\d{0,2}\s*tháng\s+\d{0,2}\s*năm\s+\d{4}"
# The header's date, in words or, in some scrapes, in figures ("Hà Nội, ngày 5/1/2016").
HEADER_DATE = rf"{DATE_WORDS}|ngày\s+\d{{1,2}}\s*[/.-]\s*\d{{1,2}}\s*[/.-]\s*\d{{4}}"
# "Hà Nội, ngày 05 tháng 01 năm 2016": the place of issue is a run of capitalised words, after
# its administrative unit when it is written ("Thành phố Hồ Chí Minh").
PLACE = rf"(?:(?:{vocab.PLACE_UNITS})\s+)?[\p{{Lu}}][\p{{L}}.]*(?:\s+[\p{{Lu}}][\p{{L}}.]*){{0,5}}"
PLACE_DATE = regex.compile(rf"(?<![^\s])(?P<place>{PLACE})\s*,\s*(?P<date>{HEADER_DATE})")
_DATE_ANCHOR = regex.compile(rf",\s*(?:{HEADER_DATE})")


def find_place_dates(text: str, start: int = 0, end: int | None = None):
    """Yield PLACE_DATE matches in ``text[start:end]``; scans for the date first (it is cheap)."""
    end = len(text) if end is None else end
    for anchor in _DATE_ANCHOR.finditer(text, start, end):
        m = PLACE_DATE.search(text, max(start, anchor.start() - 80), anchor.end())
        if m:
            yield m

# A document number: digits, then "/" or "-" and symbol groups ("45/BHXH-CNTT",
# "08/2015/QĐ-TTg", "37-CT/TW"); spaces a scraper left around "-" and "/" allowed.
_CODE = r"[\p{Lu}Ðđ][\p{L}\d]*"
NUMBER = regex.compile(
    rf"(?<![\p{{L}}\d/])\d{{1,6}}[a-z]?(?:\s?/\s?(?:19|20)\d\d)?"
    rf"(?:\s?/\s?{_CODE}(?:\s?[-–]\s?{_CODE})*|\s?-\s?{_CODE}\s?/\s?{_CODE}(?:\s?[-–]\s?{_CODE})*)"
)

# The number line: "Số: 45/BHXH-CNTT", "Số 37-KH/TU", "Luật số: 51/2024/QH15".
NUMBER_LINE = regex.compile(rf"(?:[Ss]ố\s*:?|(?i:{_TYPE_NAMES})\s+số\s*:)\s*(?P<num>\d.*)")
TYPE_TITLE_UPPER = regex.compile("|".join(regex.escape(t.upper()) for t in vocab.TYPE_TITLES))
SIGNING_PREFIX = regex.compile(
    r"(?<![\p{L}/.])(?P<auth>TUQ|TM|KT|TL|Q|T/M|K/T|T/L)(?:\.\s*|(?<=/\p{Lu})\s+)(?=\p{Lu}{2})"
)

def squash(text: str) -> str:
    """Collapse every run of white space (line breaks included) to one space, and strip."""
    return " ".join(text.split())


# "(Kèm theo Công văn số 45/BHXH-CNTT ngày 05/01/2016 của ...)", "(Ban hành kèm theo ...)":
# an annex's note of the document it belongs to (one level of nested parentheses allowed).
ATTACHED_NOTE = regex.compile(
    r"\((?:Ban\s+hành\s+)?[Kk]èm\s+theo\b\s*(?P<cite>[^()]*(?:\([^()]*\)[^()]*)*)(?P<close>\))?"
)

def covered(spans: list[tuple[int, int]], pos: int) -> bool:
    """True when ``pos`` lies in one of ``spans`` (sorted, not overlapping), by bisection."""
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


# Small shared scans.
WORD = regex.compile(r"\S+")
LETTERS_END = regex.compile(r"\p{L}+$", regex.REVERSE)  # the letter run ending a string
LETTERS_START = regex.compile(r"\p{L}+")
LIST_ITEM = regex.compile(r"^[-–—+•*▪]\s*")  # a list dash or bullet opening a line
KINH_GUI = regex.compile(r"Kính\s+gửi\b\s*:?\s*")
NOI_NHAN = regex.compile(r"Nơi\s+nhận\b\s*:?\s*")

# Seal and signature notes around a signer's name: "(Đã ký)", "[đã ký]", "(Ký, đóng dấu)".
SEAL_NOTE = regex.compile(
    r"[(\[]?\s*(?:đã\s+ký|ký\s+tên|ký,?\s+đóng\s+dấu|ký,?\s+ghi\s+rõ)[^)\]\n]*[)\]]?", regex.I
)
# The word every seal note holds: a quick test before the scan for one (in a long line).
SEAL_WORD = regex.compile("ký", regex.I)

NATIONAL_TITLE = regex.compile(vocab.NATIONAL_TITLE)
MOTTO = regex.compile(vocab.MOTTO)
PARTY_TITLE = regex.compile(vocab.PARTY_TITLE)


class LeadDispatch:
    """An alternation ``(?P<group>alt1|alt2|…)`` matched through only the alternatives that can
    start with the character at the match position.

    Which alternatives can start with a character is asked of the alternatives themselves, by
    partial matching, once per character met (the alphabet bounds that memo); the alternatives
    kept for it are compiled once per distinct set.  The match is the one the whole alternation
    gives (the same leftmost alternative wins), without trying the others: a long list of
    markers costs little on a line that none of them can open.  A lookbehind at an
    alternative's start sees nothing in that test, so it must be a negative one; an
    alternation that can match the empty string is not for this.
    """

    def __init__(self, group: str, alternatives: tuple[str, ...], flags: int = 0, after: str = "") -> None:
        self.group, self._after = group, after  # ``after``: what follows the alternation
        self.pattern = regex.compile(rf"(?P<{group}>{'|'.join(alternatives)}){after}", flags)
        self._heads = tuple(regex.compile(a, flags) for a in alternatives)
        self._alternatives, self._flags = alternatives, flags
        self._by_char = _Learned(self._for)
        self._by_set: dict[tuple[int, ...], regex.Pattern[str]] = {}

    def _for(self, char: str) -> regex.Pattern[str] | None:
        """The alternatives that ``char`` can open, as one pattern (``None`` when there are none)."""
        kept = tuple(i for i, head in enumerate(self._heads) if head.match(char, partial=True))
        if not kept:
            return None
        pattern = self._by_set.get(kept)
        if pattern is None:
            source = "|".join(self._alternatives[i] for i in kept)
            pattern = self._by_set[kept] = regex.compile(
                rf"(?P<{self.group}>{source}){self._after}", self._flags
            )
        return pattern

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
        """The alternation's match at ``pos`` (within ``endpos``), or ``None``."""
        endpos = len(text) if endpos is None else endpos
        pattern = self._by_char[text[pos]] if pos < endpos else None
        return pattern.match(text, pos, endpos) if pattern is not None else None

    def fullmatch(self, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
        """The alternation's match of all of ``text[pos:endpos]``, or ``None``."""
        endpos = len(text) if endpos is None else endpos
        pattern = self._by_char[text[pos]] if pos < endpos else None
        return pattern.fullmatch(text, pos, endpos) if pattern is not None else None


class _Learned(dict[str, "regex.Pattern[str] | None"]):
    """A memo that computes a missing key's value with ``learn`` (a seen key costs one lookup)."""

    def __init__(self, learn: Callable[[str], regex.Pattern[str] | None]) -> None:
        super().__init__()
        self._learn = learn

    def __missing__(self, key: str) -> regex.Pattern[str] | None:
        value = self[key] = self._learn(key)
        return value
