"""Crafted inputs that make a non-linear stage show: each is a pattern repeated to a given size.

They come from issue 12, where each stalled a worker for a minute or more at 100 KB.  The fuzzer
feeds them (and mutations of them) to the parser, and ``benchmarks/scale.py`` times them at
10 KB, 100 KB and 1 MB.  Every function takes a size in bytes and returns UTF-8 text of about
that size (never less).
"""

from __future__ import annotations

from collections.abc import Callable

HEADER = "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSố: 15/UBND-VP\nAn Giang, ngày 02 tháng 3 năm 2024\n"


def _repeat(unit: str, size: int, before: str = "", after: str = "") -> str:
    fixed = len((before + after).encode("utf-8"))
    count = max(1, -(-(size - fixed) // len(unit.encode("utf-8"))))
    return before + unit * count + after


def scraper_title(size: int) -> str:
    """A scraper's title line, ``Công văn 1`` followed by ``a.`` again and again."""
    return _repeat("a.", size, before="Công văn 1", after="\n")


def closing_lines(size: int) -> str:
    """``Nơi nhận: ;`` on every line (a closing scan restarted at each one is quadratic)."""
    return _repeat("Nơi nhận: ;\n", size, before=HEADER)


def responsible_run(size: int) -> str:
    """``Giao Anh`` repeated before a deadline (the responsible-party pattern)."""
    return _repeat("Giao Anh ", size, before=HEADER, after="hoàn thành trước ngày 01/01/2030.\n")


def citations_one_line(size: int) -> str:
    """Citations ``Quyết định số i/QĐ-UBND của Anh Ba`` one after another on one line."""
    parts, total, i = [], 0, 1
    while total < size:
        part = f"Quyết định số {i}/QĐ-UBND của Anh Ba, "
        parts.append(part)
        total += len(part.encode("utf-8"))
        i += 1
    return HEADER + "Căn cứ " + "".join(parts) + "\n"


def split_syllables(size: int) -> str:
    """``c`` / ``ó`` on alternate lines: a word split mid-syllable on every line."""
    return _repeat("c\nó\n", size)


def short_layout_lines(size: int) -> str:
    """Many short ``Kính gửi:``, table and ``STT`` lines."""
    return _repeat("Kính gửi:\n| STT | Đơn vị |\n|---|---|\nSTT\n1\n", size, before=HEADER)


def deadlines_one_sentence(size: int) -> str:
    """One sentence of ``hoàn thành trước ngày 01/01/2030,`` again and again: each deadline's
    output must stay bounded (a span of the sentence, not a copy of it)."""
    return _repeat("hoàn thành trước ngày 01/01/2030, ", size, before=HEADER + "Các đơn vị ", after=".\n")


def rules_one_line(size: int) -> str:
    """Separator rules ``--------`` one after another on one line (each cuts the line)."""
    return _repeat("-------- ", size, before=HEADER, after="\n")


def alias_uses(size: int) -> str:
    """A law given a short name once, then the short name in sentence after sentence (each use is
    a mention of the law: checking it against the mentions so far must not rescan them all)."""
    return _repeat(
        "Theo Luật BHYT, các đơn vị thực hiện. ", size,
        before=HEADER + "Căn cứ Luật Bảo hiểm y tế năm 2008 (sau đây gọi là Luật BHYT);\n", after="\n",
    )


CRAFTED: dict[str, Callable[[int], str]] = {
    "scraper-title": scraper_title,
    "closing-lines": closing_lines,
    "responsible-run": responsible_run,
    "citations-one-line": citations_one_line,
    "split-syllables": split_syllables,
    "short-layout-lines": short_layout_lines,
    "deadlines-one-sentence": deadlines_one_sentence,
    "rules-one-line": rules_one_line,
    "alias-uses": alias_uses,
}
SIZES = (10_000, 100_000, 1_000_000)
