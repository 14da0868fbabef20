"""Annexes (danh sách, phụ lục ...) and the tables inside them.

An annex starts with a title in capitals and/or a "(Kèm theo Công văn số … ngày …)"
line.  Its table is rebuilt from whichever layout the scraper left:

* cell per line: the header cells are the raw lines (with their indented
  continuations) of the header row; below it, STT numbers 1, 2, 3 … open each row;
* markdown: ``| a | b |`` rows, with stray spaces inside words repaired
  ("M ã cảng" -> "Mã cảng", "Số c ontainer" -> "Số container").
"""

from __future__ import annotations

import regex

from .. import patterns
from ..layout import Line, is_upper
from ..lexicon import is_known_syllable, should_join
from ..models import Annex
from ..normalize import Text
from ..patterns import squash
from .dates import find_dates
from .numbers import find_numbers

_ANNEX_HEAD = regex.compile(r"(?:PHỤ\s+LỤC|DANH\s+SÁCH|DANH\s+MỤC|BIỂU\s+MẪU|MẪU\s+SỐ|BẢNG)\b")
_STT_HEAD = regex.compile(r"(?:STT|TT|Số\s+TT|Stt)\b")
_STT = regex.compile(r"(?P<n>\d{1,4})\.?")
_RULE_CELL = regex.compile(r":?-{2,}:?")


def extract_annexes(
    text: Text, lines: tuple[Line, ...], own_number: str | None
) -> tuple[Annex, ...]:
    """Annexes found in ``lines`` (the part of the notice after its closing)."""
    starts = _annex_starts(lines)
    annexes = []
    for k, (title_start, attached_idx) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        annexes.append(_annex(text, lines, title_start, attached_idx, end, own_number))
    return tuple(annexes)


def _annex_starts(lines: tuple[Line, ...]) -> list[tuple[int, int | None]]:
    """(first title line, line holding "(Kèm theo …)" or None) for each annex."""
    starts: list[tuple[int, int | None]] = []
    taken = -1
    for i, line in enumerate(lines):
        if i <= taken:
            continue
        attached = patterns.ATTACHED_NOTE.search(line.text)
        if attached and attached.start() <= 1:
            title_start = i
            while title_start > taken + 1 and is_upper(lines[title_start - 1].text):
                title_start -= 1
            starts.append((title_start, i))
            taken = i
        elif attached and is_upper(line.text[: attached.start()]):
            starts.append((i, i))
            taken = i
        elif _ANNEX_HEAD.match(line.text) and is_upper(line.text):
            follow = i + 1
            while follow < len(lines) and is_upper(lines[follow].text) and follow < i + 4:
                follow += 1
            if follow < len(lines) and patterns.ATTACHED_NOTE.match(lines[follow].text):
                starts.append((i, follow))
                taken = follow
            else:
                starts.append((i, None))
                taken = follow - 1
    return starts


def _annex(
    text: Text, lines: tuple[Line, ...], start: int, attached_idx: int | None, end: int, own: str | None
) -> Annex:
    title_lines = lines[start : attached_idx if attached_idx is not None else start + 1]
    title_parts = [line.text for line in title_lines]
    attached_to = attached_date = None
    body_start = (attached_idx + 1) if attached_idx is not None else start + 1
    if attached_idx is not None:
        line = lines[attached_idx]
        m = patterns.ATTACHED_NOTE.search(line.text)
        head = line.text[: m.start()].strip()
        if head:
            title_parts.append(head)
        note = m.group()
        numbers = [n for _, n in find_numbers(note)]
        attached_to = numbers[0].raw if numbers else own
        dates = [d for _, d in find_dates(note)]
        attached_date = dates[0] if dates else None
    title = squash(" ".join(title_parts))
    columns, rows = _table(text, lines[body_start:end])
    return Annex(title, attached_to, attached_date, tuple(columns), tuple(tuple(r) for r in rows))


def _table(text: Text, lines: tuple[Line, ...]) -> tuple[list[str], list[list[str]]]:
    markdown = [line for line in lines if line.text.startswith("|")]
    if len(markdown) >= 1 and len(markdown) >= len(lines) // 2:
        return _markdown_table(markdown)
    for i, line in enumerate(lines):
        if _STT_HEAD.match(line.text) and len(line.text) < 200:
            return _cell_table(text, lines, i)
    return [], []


def _cell_table(text: Text, lines: tuple[Line, ...], head_idx: int) -> tuple[list[str], list[list[str]]]:
    """A table laid out one cell per line; STT numbers 1, 2, 3 ... open the rows.

    Cells are read from the raw lines (through the offset map), where the scraper
    left one cell per line: an indented line, or one starting in lower case,
    continues the cell above it.
    """
    cells = _raw_cells(text, lines[head_idx].start, lines[-1].end)
    first = next((i for i, c in enumerate(cells) if _is_stt(c, 1)), None)
    if first is None:  # a form with its header only: the header is the run of short cells
        first = next((i for i, c in enumerate(cells) if not _looks_like_header(c)), len(cells))
        return cells[:first], []
    columns = cells[:first]
    rows: list[list[str]] = []
    expected = 1
    for cell in cells[first:]:
        if _is_stt(cell, expected):
            rows.append([cell.rstrip(".")])
            expected += 1
        else:
            rows[-1].append(cell)
    width = len(columns)
    for row in rows:
        if width and len(row) > width:
            row[width - 1 :] = [" ".join(row[width - 1 :])]
        row.extend([""] * (width - len(row)))
    return columns, rows


def _looks_like_header(cell: str) -> bool:
    return len(cell) <= 60 and not cell.endswith((".", ";", ":")) and not _STT.fullmatch(cell)


def _is_stt(cell: str, expected: int) -> bool:
    m = _STT.fullmatch(cell)
    return bool(m) and int(m.group("n")) == expected


def _raw_cells(text: Text, start: int, end: int) -> list[str]:
    """The cells of the raw lines behind ``clean[start:end]``."""
    raw_start, raw_end = text.raw_span(start, end)
    cells: list[str] = []
    for raw_line in text.raw[raw_start:raw_end].split("\n"):
        stripped = raw_line.strip()
        if not stripped:
            continue
        continues = raw_line[:1].isspace() or (stripped[:1].islower() and not _STT.fullmatch(stripped))
        if cells and continues and not _STT.fullmatch(cells[-1]):
            cells[-1] = _join_words(cells[-1], stripped)
        else:
            cells.append(stripped)
    return cells


def _join_words(left: str, right: str) -> str:
    a = patterns.LETTERS_END.search(left)
    b = patterns.LETTERS_START.match(right)
    if a and b and should_join(a.group(), b.group()):
        return left + right
    return left + " " + right


def _markdown_table(lines: list[Line]) -> tuple[list[str], list[list[str]]]:
    rows = []
    for line in lines:
        cells = [repair_cell(c) for c in line.text.strip().strip("|").split("|")]
        if all(_RULE_CELL.fullmatch(c.replace(" ", "")) for c in cells if c):
            continue  # the |---|---| rule under the header
        rows.append(cells)
    if not rows:
        return [], []
    return rows[0], rows[1:]


def repair_cell(cell: str) -> str:
    """Undo stray spaces inside words: "M ã cảng" -> "Mã cảng", "Số c ontainer" -> "Số container".

    A lone consonant goes with the word after it when that word is no syllable on its own
    ("c ontainer"); otherwise two pieces join when together they spell a syllable that one
    of them is not ("M ã").
    """
    words = cell.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else None
        lone = len(word) == 1 and word.isalpha() and not is_known_syllable(word)
        if lone and nxt and nxt[:1].islower() and not is_known_syllable(nxt):
            out.append(word + nxt)
            i += 2
            continue
        if out and should_join(out[-1], word):
            out[-1] += word
        else:
            out.append(word)
        i += 1
    return " ".join(out)
