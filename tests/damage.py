"""Scrape damage: ways a scraper breaks a clean notice, each a pure function of (text, random)."""

from __future__ import annotations

import random
import unicodedata

import regex

from vanban.lexicon import is_known_syllable, should_join
from vanban.patterns import PLACE_DATE

_PAIRS_NEW_TO_OLD = {}
for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
    for mark in "\u0300\u0301\u0303\u0309\u0323":
        new = unicodedata.normalize("NFC", first + mark + second)
        old = unicodedata.normalize("NFC", first + second + mark)
        _PAIRS_NEW_TO_OLD[new] = old
        _PAIRS_NEW_TO_OLD[new.upper()] = old.upper()
_PAIR_RE = regex.compile("|".join(_PAIRS_NEW_TO_OLD))
_WORD = regex.compile(r"(?<![\p{L}\d/.-])\p{Ll}{3,}(?![\p{L}\d/-])")


def soft_wrap(text: str, rng: random.Random) -> str:
    """Wrap long lines at a random width; continuation lines are indented, as in table cells."""
    width = rng.randint(30, 90)
    out = []
    for line in text.split("\n"):
        words, current = line.split(" "), ""
        pieces = []
        for word in words:
            if current and len(current) + 1 + len(word) > width:
                pieces.append(current)
                current = word
            else:
                current = f"{current} {word}" if current else word
        pieces.append(current)
        out.append("\n  ".join(pieces))
    return "\n".join(out)


def split_syllables(text: str, rng: random.Random, count: int = 12) -> str:
    """Break words mid-syllable across lines ("Công ng" / "hệ"), where a reader can rejoin them."""
    candidates = []
    for m in _WORD.finditer(text):
        word = m.group()
        if not is_known_syllable(word):
            continue
        cuts = [i for i in range(1, len(word))
                if should_join(word[:i], word[i:])
                and not (is_known_syllable(word[:i]) and is_known_syllable(word[i:]))]
        if cuts:
            candidates.append(m.start() + rng.choice(cuts))
    chosen = sorted(rng.sample(candidates, min(count, len(candidates))))
    out, last = [], 0
    for pos in chosen:
        out.append(text[last:pos])
        out.append("\n")
        last = pos
    out.append(text[last:])
    return "".join(out)


def merge_header_cells(text: str, rng: random.Random) -> str:
    """Put header cells that a scraper lays out one per line onto shared lines."""
    lines = text.split("\n")
    date = next((i for i, line in enumerate(lines) if PLACE_DATE.match(line)), None)
    if date is None:
        return text
    out = [lines[0]]
    for i, line in enumerate(lines[1:], start=1):
        if i <= date + 1 and rng.random() < 0.5:
            out[-1] = out[-1] + " " + line
        else:
            out.append(line)
    return "\n".join(out)


def nfd(text: str, rng: random.Random) -> str:
    return unicodedata.normalize("NFD", text)


def old_tone_placement(text: str, rng: random.Random) -> str:
    return _PAIR_RE.sub(lambda m: _PAIRS_NEW_TO_OLD[m.group()], text)


def boilerplate(text: str, rng: random.Random) -> str:
    return text + "\nTải Văn bản tiếng Việt\nTải Văn bản tiếng Việt\nTải Văn bản gốc\n"


def windows_lines(text: str, rng: random.Random) -> str:
    return "\r\n".join(line + " " * rng.randint(0, 2) for line in text.split("\n"))


# In the order they are applied: cells merge before lines wrap; the Unicode form changes last.
DAMAGES = {
    "merge_header_cells": merge_header_cells,
    "soft_wrap": soft_wrap,
    "split_syllables": split_syllables,
    "nfd": nfd,
    "old_tone_placement": old_tone_placement,
    "boilerplate": boilerplate,
    "windows_lines": windows_lines,
}
