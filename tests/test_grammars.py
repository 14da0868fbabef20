"""Tables of (input, expected) for the small grammars, and what must not match."""

from __future__ import annotations

import datetime as dt

import pytest

from vanban.extract.dates import parse_date, parse_period
from vanban.extract.numbers import parse_number
from vanban.lexicon import fold, should_join

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


ISSUED = dt.date(2024, 11, 20)
DEADLINES = [
    ("khẩn trương triển khai trước ngày 10/01/2025, báo cáo", ("before", dt.date(2025, 1, 10), None)),
    ("gửi báo cáo trước 17h00 ngày 15/12/2024.", ("before", dt.date(2024, 12, 15), None)),
    ("gửi báo cáo trước ngày 15/3.", ("before", dt.date(2025, 3, 15), None)),
    ("thực hiện đến hết ngày 26/3/2025.", ("until", dt.date(2025, 3, 26), None)),
    ("nộp hồ sơ chậm nhất ngày 15 tháng 4 năm 2025.", ("until", dt.date(2025, 4, 15), None)),
    ("hoàn thành trong quý II/2025.", ("until", dt.date(2025, 6, 30), None)),
    ("tổ chức trong tháng 3/2025.", ("until", dt.date(2025, 3, 31), None)),
    ("để đến 31/3/2025 đạt không dưới 90%", ("until", dt.date(2025, 3, 31), None)),
    ("có hiệu lực thi hành kể từ ngày 04/12/2024.", ("from", dt.date(2024, 12, 4), None)),
    ("áp dụng từ ngày 01 tháng 01 năm 2025.", ("from", dt.date(2025, 1, 1), None)),
    ("trả lời trong thời hạn 30 ngày kể từ ngày nhận đủ hồ sơ.", ("relative", None, "P30D")),
    ("không quá 02 giờ làm việc kể từ thời điểm tiếp nhận.", ("relative", None, "PT2H")),
    ("lưu giữ không quá 12 tháng kể từ ngày gửi kho.", ("relative", None, "P12M")),
]


@pytest.mark.parametrize("text,expected", DEADLINES)
def test_deadline_phrases(text, expected):
    from vanban.extract.deadlines import extract_deadlines

    found = [(d.kind, d.date, d.duration) for d in extract_deadlines(text, issued_on=ISSUED)]
    assert found == [expected]


@pytest.mark.parametrize("text", [
    "Tuy nhiên, đến hết ngày 05/11/2024, mới chỉ có 41/63 tỉnh triển khai.",  # a status, not a deadline
    "Luật được Quốc hội thông qua ngày 23/6/2014.",
    "đạt 2/3 số đơn vị đăng ký",
    "trong 5 năm qua, số đơn vị tăng",
    "Ngày 20/9/2024, Chủ tịch đã chủ trì buổi làm việc.",
])
def test_not_deadlines(text):
    from vanban.extract.deadlines import extract_deadlines

    assert extract_deadlines(text, issued_on=ISSUED) == ()


@pytest.mark.parametrize("line,dropped", [
    ("Tải Văn bản tiếng Việt", True),
    ("Tải Văn bản gốc", True),
    ("Tải Văn bản tiếng Việt (.doc)", True),
    ("Tải văn bản tiếng Anh (.pdf)", True),
    ("Tải văn bản về máy để in ấn và lưu trữ hồ sơ của đơn vị", False),
])
def test_download_boilerplate(line, dropped):
    from vanban.normalize import normalize

    text = normalize(f"Số: 1/UBND-VP\n{line}\nHà Nội, ngày 01 tháng 01 năm 2024").clean
    assert (line not in text) is dropped


@pytest.mark.parametrize("raw,clean", [
    ("a\n-----\nb", "a\nb"),  # a rule alone on its line breaks the paragraph
    ("Điều 1 ---- x", "Điều 1\nx"),  # a rule inside a line cuts it
    ("Quyết định 1/QĐ-X năm 2022. Điều 1 ---- x", "Điều 1\nx"),  # after a chunk prefix
    # a run in the scraper's title, before the text starts, does not hide the rule after it
    ("Công văn 12/2024 -- về việc x. BỘ TÀI CHÍNH ------ abc\nxyz", "BỘ TÀI CHÍNH\nabc xyz"),
    ("Hạn nộp -- ngày 5", "Hạn nộp -- ngày 5"),  # two dashes set in a sentence are no rule
])
def test_separator_rules(raw, clean):
    from vanban.normalize import normalize

    assert normalize(raw).clean == clean
