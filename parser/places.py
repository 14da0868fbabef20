"""Place names of Vietnam (provinces and districts), from underthesea's bundled address data."""

from __future__ import annotations

import json
from functools import cache

import regex

from .lexicon import fold, underthesea_data

_UNIT_PREFIX = regex.compile(
    r"^(?:thành phố|tỉnh|quận|huyện|thị xã|thị trấn|phường|xã|tp\.?|tx\.?)\s+", regex.IGNORECASE
)


@cache
def _address_data() -> dict:
    try:
        path = underthesea_data("address", "data", "mapping.json")
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


@cache
def known_places() -> frozenset[str]:
    """Folded names of provinces (old and new) and of pre-2025 districts."""
    data = _address_data()
    names: set[str] = set()
    for table in ("province_names", "old_province_names"):
        for info in data.get(table, {}).values():
            names.add(fold(info["short"]))
            names.add(fold(info["name"]))
    for record in data.get("ward_mapping", ()):
        district = record.get("old_district") or ""
        names.add(fold(district))
        names.add(fold(_UNIT_PREFIX.sub("", district)))
    names.discard("")
    return frozenset(names)


def is_place(name: str) -> bool:
    """True for a known province or district name, with or without its unit word."""
    bare = _UNIT_PREFIX.sub("", name.strip())
    return fold(name) in known_places() or fold(bare) in known_places()


def longest_place_suffix(text: str, starts: list[int], end: int) -> int | None:
    """Of the candidate ``starts``, the earliest whose ``text[start:end]`` is a known place."""
    for start in starts:
        if is_place(text[start:end]):
            return start
    return None
