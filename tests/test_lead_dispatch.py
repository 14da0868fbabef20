"""An alternation matched by lead-character dispatch gives the whole alternation's match."""

from __future__ import annotations

import regex
from hypothesis import given
from hypothesis import strategies as st

from vanban import normalize, patterns

# Pieces that open (or almost open) the markers, and damage between them.
PIECES = [
    "Điều 5.", "Điều 12", "ĐIỀU 3:", "Chương II", "Số:", "Số 12/QĐ", "V/v", "Kính gửi", "Nơi nhận",
    "KT. CHỦ", "T/M UBND", "(Kèm theo", "QUYẾT ĐỊNH:", "PHỤ LỤC", "Hà Nội, ngày 5 tháng 1 năm 2024",
    "1.2. Nội", "a) ", "IV. ", "- ", "• ", "c", "ó", "1", "x)", " ", "\t", "\n", ".", ")", "/", "ngày",
    "Tải về", "tải văn bản", "Download", "PDF", "Công văn", "Quyết định", " số ", "3618/QĐ-BHXH", " năm 2022",
]
texts = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)


def _whole(dispatch: patterns.LeadDispatch) -> regex.Pattern[str]:
    return dispatch.pattern


def _same(a: regex.Match[str] | None, b: regex.Match[str] | None) -> bool:
    return (a is None) == (b is None) and (a is None or a.span() == b.span())


@given(texts, st.integers(0, 8))
def test_line_markers_match_as_the_whole_alternation(text, pos):
    pos = min(pos, len(text))
    dispatch = normalize._LINE_START_MARKERS
    assert _same(dispatch.match(text, pos, len(text)), _whole(dispatch).match(text, pos, len(text)))


@given(texts)
def test_boilerplate_lines_fullmatch_as_the_whole_alternation(text):
    dispatch = normalize._BOILERPLATE
    assert _same(dispatch.fullmatch(text), _whole(dispatch).fullmatch(text))


@given(texts)
def test_chunk_prefixes_match_as_the_whole_pattern(text):
    dispatch = normalize._CHUNK_PREFIX
    assert _same(dispatch.match(text), _whole(dispatch).match(text))


@given(texts)
def test_row_number_cells_fullmatch_as_the_whole_alternation(text):
    dispatch = normalize._STT_CELL
    assert _same(dispatch.fullmatch(text), _whole(dispatch).fullmatch(text))


def test_dispatch_keeps_the_leftmost_alternative():
    dispatch = patterns.LeadDispatch("m", (r"ab", r"a", r"b+"))
    assert dispatch.match("abc").group() == "ab"
    assert dispatch.match("bbb").group() == "bbb"
    assert dispatch.match("cab") is None
    assert dispatch.fullmatch("a").group("m") == "a"
    assert dispatch.match("", 0) is None
