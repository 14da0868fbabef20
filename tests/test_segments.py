"""A segment's start, looked for backwards from a hit, is the one a forward scan finds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vanban.extract.segments import SEGMENT_END, SENTENCE_END, segment_around

PIECES = [
    "Căn cứ", " Nghị định", ".", ". ", ";", "\n", "\n ", " của", " ngày", " Điều 5", " TP.", " Hồ Chí Minh",
    " a) ", " 12", " năm 2024", "x", " ", "\t", "Q", "Tp.", "đến", " hết", ".\nSở",
]
texts = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)


def _forward(text: str, floor: int, pos: int, end: int, ends) -> tuple[int, int]:
    start = floor
    for m in ends.finditer(text, floor, pos):
        start = m.end()
    stop = ends.search(text, pos, end)
    return start, stop.start() if stop else end


@given(texts, st.integers(0, 60), st.integers(0, 60))
def test_a_segment_is_found_as_a_forward_scan_finds_it(text, floor, pos):
    floor, pos = min(floor, len(text)), min(pos, len(text))
    floor, pos = min(floor, pos), max(floor, pos)
    for ends in (SEGMENT_END, SENTENCE_END):
        end = len(text)
        assert segment_around(text, floor, pos, end, ends) == _forward(text, floor, pos, end, ends)
