"""Split runs of capitals into officials' titles and bodies' names.

Scraped headers and signature blocks often arrive as one line of capitals:
"KT. TỔNG GIÁM ĐỐC PHÓ TỔNG GIÁM ĐỐC", "BỘ TÀI CHÍNH TỔNG CỤC HẢI QUAN".  The
vocabulary in :mod:`vocab` marks where each title or body begins.
"""

from __future__ import annotations

from functools import cache

import regex

from . import patterns, vocab


def _words(text: str) -> list[regex.Match[str]]:
    return list(patterns.WORD.finditer(text))


@cache
def _by_first_word(phrases: tuple[str, ...]) -> dict[str, list[list[str]]]:
    index: dict[str, list[list[str]]] = {}
    for phrase in phrases:  # longest first, and kept so
        parts = phrase.split()
        index.setdefault(parts[0], []).append(parts)
    return index


def _match_phrase(words: list[str], i: int, phrases: tuple[str, ...]) -> int:
    """Length in words of the longest phrase starting at ``words[i]`` (0 if none)."""
    if i >= len(words):
        return 0
    for parts in _by_first_word(phrases).get(words[i], ()):
        if words[i : i + len(parts)] == parts:
            return len(parts)
    return 0


def _upper_words(text: str) -> list[str]:
    return [w.strip(",.;:").upper().replace("UỶ", "ỦY") for w in text.split()]


def split_titles(text: str) -> list[str]:
    """Split a run of capitals into titles: "BỘ TRƯỞNG THỨ TRƯỞNG" -> ["BỘ TRƯỞNG", "THỨ TRƯỞNG"].

    Words that start no title qualify the title before them ("VỤ TRƯỞNG VỤ PHÁP CHẾ").
    """
    raw = text.split()
    words = _upper_words(text)
    titles: list[list[str]] = []
    i = 0
    while i < len(words):
        deputy = 1 if words[i] in ("PHÓ", "Q.") else 0
        n = _match_phrase(words, i + deputy, vocab.TITLE_HEADS)
        if n:
            titles.append(raw[i : i + deputy + n])
            i += deputy + n
            continue
        if titles:
            titles[-1].append(raw[i])
        else:
            titles.append([raw[i]])
        i += 1
    return [" ".join(t) for t in titles]


def split_bodies(text: str) -> list[str]:
    """Split a run of capitals into bodies: "BỘ TÀI CHÍNH TỔNG CỤC HẢI QUAN" -> two names.

    A new body starts at a head word ("BỘ", "TỔNG CỤC", "SỞ" ...) once the current
    name has two words or more; heads that also occur inside names ("CHÍNH PHỦ" in
    "VĂN PHÒNG CHÍNH PHỦ") never start one.
    """
    raw = text.split()
    words = _upper_words(text)
    bodies: list[list[str]] = []
    i = 0
    while i < len(words):
        n = _match_phrase(words, i, vocab.BODY_HEADS)
        head = " ".join(words[i : i + n])
        starts_body = n and (not bodies or (len(bodies[-1]) >= 2 and head not in vocab.BODY_COMPLEMENTS))
        if starts_body and bodies and words[i - 1] in vocab.CONNECTORS:
            starts_body = False
        if starts_body or not bodies:
            bodies.append(raw[i : i + max(n, 1)])
            i += max(n, 1)
        else:
            bodies[-1].append(raw[i])
            i += 1
    return [" ".join(b) for b in bodies]


def enacting_authority_start(segment: str) -> int | None:
    """Offset in ``segment`` where a closing enacting authority starts, if any.

    "BAN HÀNH QUY TRÌNH ... TỔNG GIÁM ĐỐC BẢO HIỂM XÃ HỘI VIỆT NAM" -> offset of
    "TỔNG GIÁM ĐỐC".  The authority is the last title or enacting body, written in
    capitals to the end of the segment, that does not follow a connector ("CỦA").
    """
    matches = _words(segment)
    words = _upper_words(segment)
    capitals = [not any(c.islower() for c in m.group()) for m in matches]
    best = None
    i = 1
    while i < len(words):
        if not all(capitals[i:]) or words[i - 1] in vocab.CONNECTORS:
            i += 1
            continue
        deputy = 1 if words[i] == "PHÓ" else 0
        n = _match_phrase(words, i + deputy, vocab.TITLE_HEADS) or _match_phrase(
            words, i, vocab.ENACTING_BODIES
        )
        if n:
            best = matches[i].start()
            i += deputy + n
        else:
            i += 1
    return best
