"""Cutting a notice's body into the segments the phrase grammars read.

A segment ends at ";", at a full stop before a capital or a figure (not after "TP." and the
like), or at a line break - unless the break is a soft wrap: the next line goes on in lower case
or figures ("ngày 21 tháng 10" / "năm 2013"), or the line ends in a word that cannot end a phrase
("... của" / "Chính phủ ...").  A comma ends a clause inside a sentence.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from functools import lru_cache

import regex

SEGMENT_END = regex.compile(
    r";|(?<![\s(](?:TP|Tp|tp|TX|Q|P|TT|Th|St|Ths|TS|PGS|GS))\.(?=\s+(?:[\p{Lu}\d]|[a-zđ]\)))"
    r"|(?<!(?<![\p{L}])(?:của|do|ngày|số|và|tại|theo|về|năm|tháng|trước|đến|hết|từ))\n(?![ \t]*[\p{Ll}\d])"
)
# A sentence ends where a segment does, except at ";" (a list of duties shares its subject).
SENTENCE_END = regex.compile(SEGMENT_END.pattern[2:])
CLAUSE_BREAK = regex.compile(r"[,;:]\s|\n")


def segment_around(text: str, floor: int, pos: int, end: int, ends: regex.Pattern[str]) -> tuple[int, int]:
    """``[start, stop)`` of the segment holding ``pos`` in ``text[floor:end]``: the last end
    before ``pos`` is looked for from ``pos`` backwards (not from ``floor`` on)."""
    last = _backwards(ends).search(text, floor, pos)
    stop = ends.search(text, pos, end)
    return last.end() if last else floor, stop.start() if stop else end


@lru_cache(maxsize=8)
def _backwards(ends: regex.Pattern[str]) -> regex.Pattern[str]:
    """``ends`` searched backwards (each of its matches is one character: the first found
    backwards is the last one a forward scan finds)."""
    return regex.compile(ends.pattern, ends.flags | regex.REVERSE)


def hits(text: str, start: int, end: int, locators: Sequence[regex.Pattern[str]]) -> Iterator[int]:
    """Start of every match of any locator in ``text[start:end]``, in order.

    One scan per locator, merged: a few simple scans cost less than one scan for their
    alternation (the ``regex`` engine tries every alternative at every position).
    """
    scans = [(m.start() for m in p.finditer(text, start, end)) for p in locators]
    return heapq.merge(*scans)
