"""Tables of (input, expected) for the small grammars, and what must not match."""

from __future__ import annotations

import datetime as dt

import pytest

from parser.extract.dates import parse_date, parse_period
from parser.extract.numbers import parse_number
from parser.lexicon import fold, should_join

NUMBERS = [
    ("45/BHXH-CNTT", ("45", None, None, "BHXH", "CNTT")),
    ("435/QĐ-UBND", ("435", None, "QĐ", "UBND", None)),
    ("08/2015/QĐ-TTg", ("08", "2015", "QĐ", "TTg", None)),
    ("58/2014/QH13", ("58", "2014", None, "QH13", None)),
    ("37-CT/TW", ("37", None, "CT", "TW", None)),
    ("119- KH/TU", ("119", None, "KH", "TU", None)),
    ("1500/QĐ- TCHQ", ("1500", None, "QĐ", "TCHQ", None)),
    ("3397/BKHĐT-QLKTTW", ("3397", None, None, "BKHĐT", "QLKTTW")),
    ("789/SGDĐT-GDTrH", ("789", None, None, "SGDĐT", "GDTrH")),
    ("45/2020/TTLT-BTC-BYT", ("45", "2020", "TTLT", "BTC", "BYT")),
    ("102/TT-BTC", ("102", None, "TT", "BTC", None)),
]


@pytest.mark.parametrize("text,parts", NUMBERS)
def test_number_parts(text, parts):
    number = parse_number(text)
    assert number is not None
    assert (number.seq, number.year, number.type_code, number.issuer_code, number.unit_code) == parts


@pytest.mark.parametrize("text", ["41/63", "2.0", "ngày 09/3/2015", "BHXH", "", "/QĐ-UBND"])
def test_not_a_number(text):
    assert parse_number(text) is None


DATES = [
    ("ngày 05 tháng 01 năm 2016", dt.date(2016, 1, 5)),
    ("ngày 3 tháng 4 năm 2019", dt.date(2019, 4, 3)),
    ("ngày 09/3/2015", dt.date(2015, 3, 9)),
    ("31/3/2016", dt.date(2016, 3, 31)),
    ("9-3-2015", dt.date(2015, 3, 9)),
    ("30/2/2016", None),
    ("32/1/2016", None),
]


@pytest.mark.parametrize("text,value", DATES)
def test_dates(text, value):
    assert parse_date(text) == value


@pytest.mark.parametrize(
    "text,last",
    [("tháng 3/2016", dt.date(2016, 3, 31)), ("quý II/2020", dt.date(2020, 6, 30)),
     ("quý 4 năm 2021", dt.date(2021, 12, 31)), ("tháng 2/2024", dt.date(2024, 2, 29))],
)
def test_periods(text, last):
    assert parse_period(text)[1] == last


@pytest.mark.parametrize(
    "left,right,joined",
    [("ng", "hệ", True), ("c", "ó", True), ("C", "ô", True), ("Cô", "ng", True), ("B", "H", True),
     ("Hà", "Nội", False), ("BHXH", "tỉnh", False), ("ó", "danh", False), ("BẢO", "HIỂM", False),
     ("Kính", "gửi", False), ("tr", "ường", True)],
)
def test_syllable_joins(left, right, joined):
    assert should_join(left, right) is joined


def test_tone_placement_folds_equal():
    assert fold("Hoà Bình") == fold("Hòa Bình")
    assert fold("THUỶ") == fold("thủy")
