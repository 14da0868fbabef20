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


# A page-wrapped text (wrapped at about 60 characters): the line that left room for the next
# word ended its paragraph; a full line runs on, whatever the next line opens with.
_WRAPPED = (
    "Điều 5. Hồ sơ đề nghị cấp giấy phép hoạt động dịch vụ việc làm\n"
    "của doanh nghiệp được lập thành một bộ và gửi cơ quan có\n"
    "thẩm quyền theo quy định tại khoản 2 Điều 10 Luật Việc làm,\n"
    "trong thời hạn 15 ngày kể từ ngày nhận được văn bản yêu cầu\n"
    "của cơ quan cấp giấy phép hoạt động dịch vụ việc làm cho\n"
    "doanh nghiệp.\n"
)


@pytest.mark.parametrize("raw,lines", [
    # a heading that ends short, then a sentence: two paragraphs
    (_WRAPPED + "7. Hình thức xử phạt bổ sung\nTịch thu tang vật, phương tiện vi phạm hành chính là\n"
     "giấy phép giả mạo.",
     ["7. Hình thức xử phạt bổ sung",
      "Tịch thu tang vật, phương tiện vi phạm hành chính là giấy phép giả mạo."]),
    # the text's width shows the short line's end, though the next line is shorter still
    (_WRAPPED + "3. Hiệu lực thi hành\nThông tư có hiệu lực.",
     ["3. Hiệu lực thi hành", "Thông tư có hiệu lực."]),
    # a full line, then a capital inside the sentence: one paragraph
    (_WRAPPED + "d) Định kỳ báo cáo Thủ tướng Chính phủ để kịp thời tổng hợp\nBan Bí thư theo yêu cầu.",
     ["d) Định kỳ báo cáo Thủ tướng Chính phủ để kịp thời tổng hợp Ban Bí thư theo yêu cầu."]),
    # unwrapped cells: the next line, longer than this one and its first word, shows the break
    ("1. Điều kiện hỗ trợ dự án\nThực hiện theo quy định tại khoản 1 Điều 24 Nghị định số 31/2021/NĐ-CP.",
     ["1. Điều kiện hỗ trợ dự án",
      "Thực hiện theo quy định tại khoản 1 Điều 24 Nghị định số 31/2021/NĐ-CP."]),
    # a cell wrapped before a shorter tail runs on
    ("Bảo hiểm xã hội các tỉnh, thành phố trực thuộc\nTrung ương",
     ["Bảo hiểm xã hội các tỉnh, thành phố trực thuộc Trung ương"]),
    # a name opens no sentence: every syllable has its capital
    ("Võ\nĐình Quân", ["Võ Đình Quân"]),
])
def test_paragraph_breaks(raw, lines):
    from vanban.normalize import normalize

    clean = normalize(raw).clean.split("\n")
    assert clean[-len(lines):] == lines


@pytest.mark.parametrize("line,recipient", [
    ("Kính gửi: Sở Y tế tỉnh Cà Mau Phúc đáp Công văn số 12/SYT ngày 3/4/2024, Ủy ban có ý kiến:",
     "Sở Y tế tỉnh Cà Mau"),
    ("Kính gửi: Tổng công ty Khí Việt Nam-CTCP (PV GAS) Căn cứ đề nghị của Tổng công ty, Bộ trả lời:",
     "Tổng công ty Khí Việt Nam-CTCP (PV GAS)"),
    ("Kính gửi: Ông Nguyễn Văn An Vừa qua, Ủy ban nhận được đơn của ông.", "Ông Nguyễn Văn An"),
    ("Kính gửi: Ủy ban nhân dân các huyện, thành phố Thực hiện chỉ đạo của tỉnh, Sở đề nghị:",
     "Ủy ban nhân dân các huyện, thành phố"),
    ("Kính gửi: Sở Công Thương các tỉnh, thành phố trực thuộc Trung ương.",
     "Sở Công Thương các tỉnh, thành phố trực thuộc Trung ương"),
    ("Kính gửi: Công ty Cổ phần Xây dựng Số 5.", "Công ty Cổ phần Xây dựng Số 5"),
    ("Kính gửi: Sở Giáo dục và Đào tạo", "Sở Giáo dục và Đào tạo"),
    ("Kính gửi: Bộ Kế hoạch và Đầu tư.", "Bộ Kế hoạch và Đầu tư"),
])
def test_recipient_ends_where_the_body_opens(line, recipient):
    from vanban import parse

    header = "ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU\nSố: 12/UBND-VX\nCà Mau, ngày 3 tháng 4 năm 2024\n"
    assert parse(header + line + "\nNơi nhận:\n- Lưu: VT.").recipients == (recipient,)


_BODY_LINE = "Thực hiện chỉ đạo của tỉnh, Sở đề nghị các đơn vị báo cáo trước ngày 10/5/2024."


@pytest.mark.parametrize("cells,recipient", [
    # the body's first line is shorter than the recipient's: the recipients' cell ends anyway
    (["Kính gửi:", "Ủy ban nhân dân các huyện, thị xã, thành phố", "Thực hiện chỉ đạo của tỉnh,",
      "Sở đề nghị báo cáo trước ngày 10/5/2024."],
     "Ủy ban nhân dân các huyện, thị xã, thành phố"),
    # a name cut after a word that needs what follows goes on
    (["Kính gửi:", "Bảo hiểm xã hội các tỉnh, thành phố trực thuộc", "Trung ương", _BODY_LINE],
     "Bảo hiểm xã hội các tỉnh, thành phố trực thuộc Trung ương"),
    (["Kính gửi: Ủy ban nhân dân tỉnh", "Cà Mau", _BODY_LINE], "Ủy ban nhân dân tỉnh Cà Mau"),
])
def test_recipients_cell_ends(cells, recipient):
    from vanban import parse

    header = "ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU\nSố: 12/UBND-VX\nCà Mau, ngày 3 tháng 4 năm 2024\n"
    notice = parse(header + "\n".join(cells) + "\nNơi nhận:\n- Lưu: VT.")
    assert notice.recipients == (recipient,)
    assert len(notice.deadlines) == 1  # the body keeps its deadline
