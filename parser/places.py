"""Place names of Vietnam (provinces and districts), from underthesea's bundled address data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

import regex

from .lexicon import fold, tone_insensitive, underthesea_data
from .patterns import squash

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


# Older or variant spellings of province names seen in notices.
_PROVINCE_ALIASES = {
    "Bắc Cạn": "Bắc Kạn",
    "Thừa Thiên - Huế": "Huế",
    "Thừa Thiên Huế": "Huế",
    "TP. Hồ Chí Minh": "Hồ Chí Minh",
    "TP Hồ Chí Minh": "Hồ Chí Minh",
    "Bà Rịa Vũng Tàu": "Bà Rịa - Vũng Tàu",
    "Đăk Lăk": "Đắk Lắk",
    "Đắc Lắc": "Đắk Lắk",
    "Đăk Nông": "Đắk Nông",
}


@dataclass(frozen=True)
class Province:
    """A province as named before the 2025 merger, its code, and the province it is part of now."""

    name: str
    code: str
    name_2025: str | None


@cache
def _province_index() -> tuple[dict[str, Province], regex.Pattern[str] | None]:
    data = _address_data()
    old = data.get("old_province_names", {})
    new = data.get("province_names", {})
    mapping = data.get("province_mapping", {})
    index: dict[str, Province] = {}
    for key, info in old.items():
        new_key = mapping.get(key)
        province = Province(info["short"], info["code"], new.get(new_key, {}).get("short"))
        index[fold(info["short"])] = province
    for alias, short in _PROVINCE_ALIASES.items():
        if fold(short) in index:
            index[fold(alias)] = index[fold(short)]
    if not index:
        return index, None
    names = sorted({*(p.name for p in index.values()), *_PROVINCE_ALIASES}, key=len, reverse=True)
    alternatives = "|".join(tone_insensitive(n).replace(r"\ ", r"\s+") for n in names)
    return index, regex.compile(rf"(?<!\p{{L}})(?:{alternatives})(?!\p{{L}})", regex.IGNORECASE)


def find_province(text: str) -> Province | None:
    """The first province named in ``text`` ("BHXH tỉnh Nam Định" -> Nam Định, now Ninh Bình)."""
    index, pattern = _province_index()
    if pattern is None:
        return None
    for m in pattern.finditer(text):
        province = index.get(fold(squash(m.group())))
        if province:
            return province
    return None
