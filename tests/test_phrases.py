"""Phrase tables for the deadline and reference grammars: (phrase, expected), and what must not match.

Every phrase here is written for these tests in the style of Vietnamese administrative notices.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vanban.extract.deadlines import extract_deadlines
from vanban.extract.references import find_citations
from vanban.models import DocNumber
from vanban.resolve import resolve_references

ISSUED = dt.date(2024, 3, 1)
D = dt.date

# (phrase, [(kind, date, duration)])
DEADLINES = [
    # before
    ("Các đơn vị gửi báo cáo về Sở trước ngày 15/3/2024.", [("before", D(2024, 3, 15), None)]),
    ("Đề nghị hoàn thành trước 17 giờ ngày 20/3/2024.", [("before", D(2024, 3, 20), None)]),
    ("Nộp hồ sơ trước 16h30 ngày 05-4-2024 tại bộ phận một cửa.", [("before", D(2024, 4, 5), None)]),
    ("Gửi danh sách trước ngày 10.4.2024 để tổng hợp.", [("before", D(2024, 4, 10), None)]),
    ("Báo cáo trước ngày 25/3 để Sở tổng hợp.", [("before", D(2024, 3, 25), None)]),
    ("Trước ngày 30 tháng 4 năm 2024, các huyện gửi kết quả rà soát.", [("before", D(2024, 4, 30), None)]),
    # until
    ("Thời gian nhận hồ sơ đến hết ngày 31/5/2024.", [("until", D(2024, 5, 31), None)]),
    ("Các trường gửi kế hoạch chậm nhất vào ngày 20/3/2024.", [("until", D(2024, 3, 20), None)]),
    ("Sở Tài chính thẩm định chậm nhất là ngày 12/4/2024.", [("until", D(2024, 4, 12), None)]),
    ("Thời hạn nộp báo cáo là ngày 25 tháng 3 năm 2024.", [("until", D(2024, 3, 25), None)]),
    ("Hạn nộp hồ sơ: 15/4/2024.", [("until", D(2024, 4, 15), None)]),
    ("Hạn chót nhận bài dự thi là ngày 30/6/2024.", [("until", D(2024, 6, 30), None)]),
    ("Đề nghị gửi đăng ký không muộn hơn ngày 08/3/2024.", [("until", D(2024, 3, 8), None)]),
    ("Hoàn thành việc cấp thẻ trong quý II/2024.", [("until", D(2024, 6, 30), None)]),
    ("Tổ chức sơ kết trong tháng 7/2024.", [("until", D(2024, 7, 31), None)]),
    ("Hoàn thành chuyển đổi trong năm 2024.", [("until", D(2024, 12, 31), None)]),
    ("Các xã tiếp nhận hồ sơ từ ngày 01/4/2024 đến hết ngày 30/4/2024.", [("until", D(2024, 4, 30), None)]),
    ("Thời hạn thực hiện: trước ngày 31/5/2024.", [("before", D(2024, 5, 31), None)]),
    # from
    ("Quyết định này có hiệu lực kể từ ngày ký.", []),
    ("Thông tư này có hiệu lực thi hành kể từ ngày 15 tháng 4 năm 2024.", [("from", D(2024, 4, 15), None)]),
    ("Mức hỗ trợ mới được áp dụng từ ngày 01/7/2024.", [("from", D(2024, 7, 1), None)]),
    ("Kế hoạch được thực hiện kể từ ngày 10/3/2024.", [("from", D(2024, 3, 10), None)]),
    # relative
    ("Trong thời hạn 15 ngày kể từ ngày nhận được hồ sơ hợp lệ, Sở Nội vụ có trách nhiệm trả lời.",
     [("relative", None, "P15D")]),
    ("Thời hạn giải quyết: 05 ngày làm việc kể từ ngày nhận đủ hồ sơ.", [("relative", None, "P5D")]),
    ("Cơ quan tiếp nhận trả kết quả trong vòng 03 ngày làm việc.", [("relative", None, "P3D")]),
    ("Việc thẩm định thực hiện không quá 20 ngày kể từ ngày nhận hồ sơ.", [("relative", None, "P20D")]),
    ("Giải quyết trong thời hạn 02 giờ làm việc.", [("relative", None, "PT2H")]),
    ("Lưu trữ hồ sơ tối đa 12 tháng.", [("relative", None, "P12M")]),
    # several in one sentence
    ("Các phòng triển khai trước ngày 05/3/2024, báo cáo kết quả trước ngày 12/3/2024.",
     [("before", D(2024, 3, 5), None), ("before", D(2024, 3, 12), None)]),
]


@pytest.mark.parametrize("text,expected", DEADLINES, ids=[t for t, _ in DEADLINES])
def test_deadline_phrase(text, expected):
    found = [(d.kind, d.date, d.duration) for d in extract_deadlines(text, issued_on=ISSUED)]
    assert found == expected


# Phrases that state dates but set no deadline.
NOT_DEADLINES = [
    "Hội nghị được tổ chức từ ngày 15/7/2024 đến ngày 20/7/2024 tại Hà Nội.",
    "Hội thảo diễn ra vào ngày 22/4/2024 tại hội trường tỉnh.",
    "Đoàn kiểm tra làm việc tại đơn vị vào ngày 22/4/2024.",
    "Lễ kỷ niệm tổ chức vào ngày 19/5/2024.",
    "Tính đến ngày 29/02/2024, toàn tỉnh có 1.250 đơn vị tham gia.",
    "Tuy nhiên, đến hết ngày 20/02/2024, mới chỉ có 12/25 xã hoàn thành.",
    "Đến ngày 15/02/2024, các huyện đã hoàn thành việc rà soát.",
    "Trong 5 năm qua, số doanh nghiệp tăng gấp đôi.",
    "Trong 03 tháng gần đây, giá vật tư tăng mạnh.",
    "Ngày 20/02/2024, Ủy ban nhân dân tỉnh đã tổ chức họp.",
    "Thực hiện Quyết định số 125/QĐ-UBND ngày 15/3/2024 của Ủy ban nhân dân tỉnh.",
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
    "Chiến lược phát triển giai đoạn 2021 - 2030, tầm nhìn đến năm 2045.",
    "Người có thời gian công tác trước ngày 01/01/1995 được tính hưởng.",
    "Kết quả đạt 2/3 số chỉ tiêu đề ra.",
    "Số liệu tính từ ngày 15/12/2023 đến hết ngày 14/6/2024.",
]


@pytest.mark.parametrize("text", NOT_DEADLINES)
def test_not_a_deadline(text):
    assert [(d.kind, d.date) for d in extract_deadlines(text, issued_on=ISSUED) if d.date] == []


# (phrase, responsible, action): who must act and what they must do, or None.
ACTORS = [
    ("Đề nghị Sở Y tế tổng hợp báo cáo, gửi về Ủy ban nhân dân tỉnh trước ngày 15/3/2024.",
     "Sở Y tế", "gửi về Ủy ban nhân dân tỉnh"),
    ("Giao Sở Tài chính chủ trì thẩm định dự toán trước ngày 20/3/2024.",
     "Sở Tài chính", "chủ trì thẩm định dự toán"),
    ("Phòng Giáo dục và Đào tạo có trách nhiệm hoàn thành trước ngày 30/3/2024.",
     "Phòng Giáo dục và Đào tạo", "có trách nhiệm hoàn thành"),
    ("Trước ngày 30/4/2024, các huyện gửi kết quả rà soát về Sở.",
     "các huyện", "gửi kết quả rà soát về Sở"),
    ("Thời hạn nộp báo cáo là ngày 25/3/2024.", None, "nộp báo cáo"),
    ("Tuy nhiên, nhưng đến hết ngày 30/3/2024 thì tạm dừng.", None, None),
]


@pytest.mark.parametrize("text,responsible,action", ACTORS)
def test_responsible_and_action(text, responsible, action):
    (deadline,) = extract_deadlines(text, issued_on=ISSUED)
    assert (deadline.responsible, deadline.action) == (responsible, action)


def test_working_days_and_anchor():
    (d,) = extract_deadlines("Trả kết quả trong thời hạn 05 ngày làm việc kể từ ngày nhận được hồ sơ.",
                             issued_on=ISSUED)
    assert (d.duration, d.working_days, d.anchor) == ("P5D", True, "kể từ ngày nhận được hồ sơ")
    (d,) = extract_deadlines("Trả lời trong thời hạn 30 ngày.", issued_on=ISSUED)
    assert (d.duration, d.working_days, d.anchor) == ("P30D", False, None)


def test_year_from_the_issue_date():
    (d,) = extract_deadlines("Gửi báo cáo trước ngày 10/01.", issued_on=dt.date(2024, 12, 20))
    assert d.date == dt.date(2025, 1, 10)
    assert extract_deadlines("Gửi báo cáo trước ngày 10/01.", issued_on=None) == ()


def test_annex_deadlines_are_marked_and_not_repeated():
    body = "Các đơn vị gửi báo cáo trước ngày 15/3/2024.\n"
    annex = "PHỤ LỤC\nMẫu báo cáo (gửi trước ngày 15/3/2024)\nGhi chú: nộp bản giấy trước ngày 20/3/2024.\n"
    found = extract_deadlines(body + annex, issued_on=ISSUED, annex_start=len(body))
    assert [(d.date, d.in_annex) for d in found] == [(D(2024, 3, 15), False), (D(2024, 3, 20), True)]


def test_output_per_deadline_is_bounded():
    text = "Các đơn vị hoàn thành trước ngày 01/01/2030, " * 200 + "."
    found = extract_deadlines(text, issued_on=ISSUED)
    assert len(found) == 200
    assert all(len(d.clause) <= 300 for d in found)
    assert found[0].sentence.end - found[0].sentence.start > 1000  # a span, not a copy


def refs(text: str, own: str | None = None):
    from vanban.extract.numbers import parse_number

    number: DocNumber | None = parse_number(own) if own else None
    return resolve_references(find_citations(text), text, number)


# (phrase, number or name, relation)
RELATIONS = [
    ("Căn cứ Luật Tổ chức chính quyền địa phương số 65/2025/QH15;", "65/2025/QH15", "basis"),
    ("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư;",
     "30/2020/NĐ-CP", "basis"),
    ("Thực hiện Kế hoạch số 37-KH/TU ngày 05/3/2024 của Ban Thường vụ Tỉnh ủy, Sở Y tế hướng dẫn như sau:",
     "37-KH/TU", "implements"),
    ("Triển khai thực hiện Chỉ thị số 12/CT-UBND của Chủ tịch Ủy ban nhân dân tỉnh,", "12/CT-UBND",
     "implements"),
    ("Điều 1. Sửa đổi, bổ sung một số điều của Quyết định số 15/2023/QĐ-UBND ngày 10/5/2023.",
     "15/2023/QĐ-UBND", "amends"),
    ("Bãi bỏ Quyết định số 88/QĐ-SNN ngày 02/02/2022 của Sở Nông nghiệp.", "88/QĐ-SNN", "repeals"),
    ("Quyết định này thay thế Quyết định số 1456/QĐ-UBND ngày 01/12/2021.", "1456/QĐ-UBND", "replaces"),
    ("Thông tư này hướng dẫn thực hiện Nghị định số 146/2018/NĐ-CP của Chính phủ.", "146/2018/NĐ-CP",
     "guides"),
    ("Theo đề nghị tại Tờ trình số 45/TTr-SNV ngày 20/02/2024 của Sở Nội vụ.", "45/TTr-SNV", "cites"),
    ("Phúc đáp Công văn số 812/BYT-BH ngày 20/02/2024 của Bộ Y tế, Sở trả lời như sau:", "812/BYT-BH",
     "cites"),
]


@pytest.mark.parametrize("text,number,relation", RELATIONS)
def test_reference_relation(text, number, relation):
    by_number = {r.number: r for r in refs(text)}
    assert by_number[number].relation == relation


# (phrase, number, (point, clause, article))
PIN_CITES = [
    ("theo quy định tại điểm a khoản 2 Điều 5 Nghị định số 146/2018/NĐ-CP", "146/2018/NĐ-CP",
     ("a", "2", "5")),
    ("quy định tại khoản 3 Điều 7 của Thông tư số 12/2024/TT-BYT", "12/2024/TT-BYT", (None, "3", "7")),
    ("Bãi bỏ Điều 12 Quyết định số 20/2022/QĐ-UBND.", "20/2022/QĐ-UBND", (None, None, "12")),
    ("theo Điểm b, khoản 1, Điều 3 Quyết định số 5/2021/QĐ-UBND", "5/2021/QĐ-UBND", ("b", "1", "3")),
    ("Căn cứ Quyết định số 215/QĐ-UBND ngày 01/02/2024;", "215/QĐ-UBND", (None, None, None)),
]


@pytest.mark.parametrize("text,number,pin", PIN_CITES)
def test_pin_cite(text, number, pin):
    (ref,) = [r for r in refs(text) if r.number == number]
    assert (ref.point, ref.clause, ref.article) == pin


# (phrase, [(number or name, date, issuer)]): the grammar keeps every part.
CITATIONS = [
    ("Căn cứ Luật Dân số số 113/2025/QH15 ngày 10 tháng 12 năm 2025;",
     [("113/2025/QH15", D(2025, 12, 10), None, "Luật Dân số")]),
    ("xem xét các văn bản số 364/TTr-BNG-NVVH ngày 19 tháng 01 năm 2026 của Bộ Ngoại giao",
     [("364/TTr-BNG-NVVH", D(2026, 1, 19), "Bộ Ngoại giao", None)]),
    ("Thông tư số 38/2015/TT- BTC ngày 25/3/2015 của Bộ Tài chính quy định về thủ tục hải quan",
     [("38/2015/TT-BTC", D(2015, 3, 25), "Bộ Tài chính", None)]),
    ("Chỉ thị số 37-CT/TW ngày 15/3/2024 của Ban Bí thư và Quyết định số 9/QĐ-UBND của UBND tỉnh",
     [("37-CT/TW", D(2024, 3, 15), "Ban Bí thư", None), ("9/QĐ-UBND", None, "UBND tỉnh", None)]),
    ("Công văn số 1203/SKHĐT-TH ngày 02/02/2024 của Sở Kế hoạch và Đầu tư về việc lập kế hoạch",
     [("1203/SKHĐT-TH", D(2024, 2, 2), "Sở Kế hoạch và Đầu tư", None)]),
    ("Ngày 12/01/2024, Ủy ban nhân dân tỉnh đã ban hành Kế hoạch số 14/KH-UBND về chuyển đổi số.",
     [("14/KH-UBND", D(2024, 1, 12), "Ủy ban nhân dân tỉnh", None)]),
]


@pytest.mark.parametrize("text,expected", CITATIONS)
def test_citation_parts(text, expected):
    got = [(r.number, r.date, r.issuer, r.name) for r in refs(text)]
    assert got == expected


# Resolve: self mentions, short forms, aliases.
def test_this_notice_is_never_a_reference():
    text = "Quyết định này có hiệu lực kể từ ngày ký. Các đơn vị thực hiện theo Quyết định này."
    assert refs(text) == ()
    assert refs("Thực hiện Quyết định số 15/QĐ-UBND.", own="15/QĐ-UBND") == ()


def test_short_form_points_to_the_last_of_its_type():
    text = ("Căn cứ Nghị định số 146/2018/NĐ-CP ngày 17/10/2018 của Chính phủ;\n"
            "Thực hiện Quyết định số 1474/QĐ-BHXH ngày 03/12/2015;\n"
            "Các đơn vị thực hiện đúng Nghị định nêu trên và Quyết định số 1474/QĐ-BHXH nêu trên.")
    by_number = {r.number: r for r in refs(text)}
    assert len(by_number["146/2018/NĐ-CP"].mentions) == 2
    assert len(by_number["1474/QĐ-BHXH"].mentions) == 2
    assert set(by_number) == {"146/2018/NĐ-CP", "1474/QĐ-BHXH"}


def test_alias_mentions():
    text = ("Căn cứ Luật Bảo hiểm y tế số 25/2008/QH12 (sau đây gọi là Luật BHYT);\n"
            "Đối tượng tham gia theo Luật BHYT và mức đóng theo Luật BHYT được giữ nguyên.")
    (ref,) = refs(text)
    assert (ref.number, ref.alias, len(ref.mentions)) == ("25/2008/QH12", "Luật BHYT", 3)
    assert ref.relation == "basis"


def test_named_law_without_number():
    text = ("Căn cứ Luật Ban hành văn bản quy phạm pháp luật năm 2015; "
            "theo Luật Ban hành văn bản quy phạm pháp luật")
    (ref,) = refs(text)
    assert ref.number is None and ref.name.startswith("Luật Ban hành văn bản quy phạm pháp luật")
    assert len(ref.mentions) == 2 and ref.relation == "basis"


# Every sentence parses: the phrase grammars are total (a phrase whose continuation does not
# come reduces as it stands), so no sentence's deadlines or citations are lost to a parse error.
_PIECES = [
    "trước", "ngày", "15/3/2024", "15/3", "10.4.2024", "05-4-2024", "25 tháng 3 năm 2024", "đến", "hết",
    "từ", "kể từ", "chậm nhất", "vào", "là", ":", ",", ";", "(", ")", "“", "Thời hạn", "Hạn", "trong",
    "thời hạn", "30 ngày", "05 ngày làm việc", "02 giờ", "17 giờ", "tháng 3/2024", "quý II/2024",
    "năm 2024", "qua", "tính đến", "mới", "đã", "Hội nghị", "tổ chức", "diễn ra", "Đề nghị", "Giao",
    "gửi", "báo cáo", "hoàn thành", "có hiệu lực", "áp dụng", "Quyết định", "Nghị định", "Luật",
    "Bộ luật", "số", "12/QĐ-UBND", "số 45/2024/NĐ-CP", "37-CT/TW", "của", "do", "Bộ", "Y", "tế", "Sở",
    "và", "về", "này", "nêu trên", "(sau đây gọi là Luật BHYT)", "Điều 5", "khoản 2", "điểm a", "Căn cứ",
    "Thực hiện", "bãi bỏ", "thay thế", "sửa đổi, bổ sung", "hướng dẫn", "ban hành", "kèm theo",
    "Quy định", "Dân", "sư", "Tổ chức", "năm", "2/3", "100%", "các", "đơn vị", "\n", "Ngày 03/12/2015,",
    "Hướng dẫn", "tính từ", "trước khi", "lũy kế đến", "đến hết", "không quá", "tối đa", "Hạn chót",
    "thời gian hoàn thành", "Luật Dân số số 113/2025/QH15", "Điều 5 của", "ban hành kèm theo", "Quy chế",
    "năm 2015", "khóa XIV", "ký", "đã ban hành", "Ban", "Kế hoạch", "Đầu tư", "UBND", "tỉnh", "sau",
    "Thông tư này", "không muộn hơn", "trong vòng", "giờ", "8h30", "hằng năm", "20 tháng 12",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_grammars_read_every_sentence(pieces):
    from vanban.extract import deadlines, references
    from vanban.grammars import load_reading

    text = " ".join(pieces)
    references._READER.begin(text, 0, 0)
    load_reading("reference", references._READER).parse(text)
    deadlines._READER.begin(text, 0, len(text), ISSUED)
    load_reading("deadline", deadlines._READER).parse(text)


def test_csv_and_ingest_deadlines_share_columns():
    from vanban import parse
    from vanban.export import DEADLINE_COLUMNS, deadline_rows
    from vanban.frames import notice_frames

    notice = parse("Số: 1/UBND-VP\nHà Nội, ngày 01 tháng 3 năm 2024\n"
                   "Các xã gửi báo cáo trước ngày 15/3/2024.")
    frame = notice_frames([notice])["deadlines"]
    assert tuple(frame.columns) == DEADLINE_COLUMNS
    (row,) = deadline_rows(notice)
    assert tuple(row) == DEADLINE_COLUMNS and row["date"] == "2024-03-15" and row["in_annex"] is False


def test_a_written_plan_end_to_end():
    """corpus/kh-204-SNV-2025.txt: relations, pin cite, alias, the annex's own deadline."""
    from vanban import parse_file

    from .conftest import CORPUS

    notice = parse_file(CORPUS / "kh-204-SNV-2025.txt")
    by_number = {r.number: r for r in notice.references}
    assert {n: r.relation for n, r in by_number.items()} == {
        "22/2008/QH12": "basis", "33/2023/NĐ-CP": "basis", "58/KH-UBND": "implements",
        "120/KH-SNV": "replaces"}
    assert (by_number["33/2023/NĐ-CP"].clause, by_number["33/2023/NĐ-CP"].article) == ("2", "10")
    assert (by_number["22/2008/QH12"].alias, len(by_number["22/2008/QH12"].mentions)) == ("Luật CBCC", 2)
    assert [(d.date, d.in_annex) for d in notice.deadlines if d.in_annex] == [(D(2025, 4, 5), True)]
    window = next(d for d in notice.deadlines if d.date == D(2025, 4, 30))
    assert (window.kind, window.responsible) == ("until", "Sở Nội vụ")
    assert window.action == "tiếp nhận hồ sơ đề nghị"
