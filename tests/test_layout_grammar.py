"""The layout lexer and grammar: labels by what a piece says, joins between labelled pieces, and a
grammar that orders any sequence of lines into blocks without refusing one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vanban import layout, parse
from vanban.normalize import normalize

LABELS = [
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", layout.NATIONAL_TITLE),
    ("Độc lập - Tự do - Hạnh phúc", layout.MOTTO),
    ("Số:", layout.NUMBER_LABEL),
    ("Luật số:", layout.NUMBER_LABEL),
    ("Số: 45/BHXH-CNTT", layout.NUMBER),
    ("Hà Nội, ngày 05 tháng 01 năm 2016", layout.PLACE_DATE),
    ("Kính gửi: Sở Y tế", layout.KINH_GUI),
    ("Nơi nhận:", layout.NOI_NHAN),
    ("KT. CHỦ TỊCH", layout.SIGNING),
    ("KT", layout.SIGNING),
    ("XÁC THỰC VĂN BẢN HỢP NHẤT", layout.CERTIFY),
    ("- Lưu: VT, VX.", layout.LIST_ITEM),
    ("| STT | Tên |", layout.TABLE_ROW),
    ("(Đã ký)", layout.SEAL),
    ("PHÓ CHỦ TỊCH", layout.AUTHORITY),
    ("ỦY BAN NHÂN DÂN TỈNH SƠN LA", layout.AUTHORITY),
    ("SỞ Y TẾ", layout.CAPS),
    ("Nguyễn Mạnh Tuấn", layout.NAME),
    ("Thượng tướng Nguyễn Văn Nghĩa", layout.NAME),
    ("TS. BS. Trần Văn Thuấn", layout.NAME),
    ("Phan trọng Tấn", layout.NAME),
    ("Căn cứ Luật Tổ chức Chính phủ;", layout.TEXT),
]


@pytest.mark.parametrize(("text", "expected"), LABELS)
def test_label(text: str, expected: str) -> None:
    assert layout.label(text) == expected


# (the clean line so far, the next piece, the join): a number cell rejoined, anything else left alone.
NUMBER_JOINS = [
    ("Số:", "275/NQ-CP", " "),
    ("Số", "12/UBND-VX", " "),
    ("Luật số:", "51/2024/QH15", " "),
    ("Số: 88", "/2026/VBHN-TT-NHNN", ""),
    ("Số: 66", "/", ""),
    ("Số: 66/", "CĐ-TTg", ""),
    ("Số: 37", "-KH/TU", ""),
    ("Số: 45/BHXH-CNTT", "Hà Nội, ngày 05 tháng 01 năm 2016", None),
    ("trong thời hạn", "15", None),
    ("Số: 88", "Thông tư", None),
]


@pytest.mark.parametrize(("tail", "text", "expected"), NUMBER_JOINS)
def test_number_join(tail: str, text: str, expected: str | None) -> None:
    assert layout.number_join(tail, text) == expected


CELL_LAYOUTS = [
    ("Số:\n275/NQ-CP", "275/NQ-CP"),
    ("Số:\n88\n/2026/VBHN-TT-NHNN", "88/2026/VBHN-TT-NHNN"),
    ("Số:\n66\n/\nCĐ-TTg", "66/CĐ-TTg"),
    ("Số: 12/UBND-VX", "12/UBND-VX"),
]


@pytest.mark.parametrize(("cells", "number"), CELL_LAYOUTS)
def test_number_cells(cells: str, number: str) -> None:
    """A number cell laid out one piece per line gives the number, and the issuer keeps none of it."""
    text = f"BỘ Y TẾ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n{cells}\nHà Nội, ngày 05 tháng 3 năm 2024\nV/v thử"
    notice = parse(text)
    assert notice.number is not None and notice.number.raw == number
    assert notice.issuer.name == "BỘ Y TẾ"


def test_blocks_of_a_notice() -> None:
    text = "\n".join([
        "ỦY BAN NHÂN DÂN TỈNH AN BÌNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Số: 15/2024/QĐ-UBND", "An Bình, ngày 05 tháng 3 năm 2024",
        "QUYẾT ĐỊNH", "BAN HÀNH QUY CHẾ LÀM VIỆC", "ỦY BAN NHÂN DÂN TỈNH AN BÌNH",
        "Căn cứ Luật Tổ chức chính quyền địa phương;", "QUYẾT ĐỊNH:", "Điều 1. Ban hành Quy chế.",
        "Nơi nhận:", "- Như Điều 3;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH", "Nguyễn Văn An", "PHỤ LỤC", "Danh sách đơn vị",
    ])
    blocks = layout.segment(normalize(text).clean)

    def texts(lines: tuple[layout.Line, ...]) -> list[str]:
        return [line.text for line in lines]

    assert texts(blocks.type_title) == ["QUYẾT ĐỊNH", "BAN HÀNH QUY CHẾ LÀM VIỆC"]
    assert texts(blocks.authority) == ["ỦY BAN NHÂN DÂN TỈNH AN BÌNH"]
    assert texts(blocks.body) == ["Căn cứ Luật Tổ chức chính quyền địa phương;", "QUYẾT ĐỊNH:",
                                  "Điều 1. Ban hành Quy chế."]
    assert texts(blocks.distribution) == ["Nơi nhận:", "- Như Điều 3;", "- Lưu: VT."]
    assert texts(blocks.signature) == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "Nguyễn Văn An"]
    assert texts(blocks.annexes) == ["PHỤ LỤC", "Danh sách đơn vị"]


# Lines of every kind, for sequences the grammar must take in any order.
POOL = [text for text, _ in LABELS] + [
    "QUYẾT ĐỊNH", "VĂN BẢN HỢP NHẤT", "V/v triển khai", "Kính gửi:", "Sở Tài chính;", "Sở Y tế.",
    "- Sở Y tế;", "VQT", "I. MỤC ĐÍCH", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn A", "PHỤ LỤC I",
    "Số: 05/VBHN-BTC", "CHÍNH PHỦ", "QUYẾT ĐỊNH:", "Điều 1. Phạm vi",
]


@given(st.lists(st.sampled_from(POOL), max_size=40))
def test_grammar_takes_any_sequence(lines: list[str]) -> None:
    """Any order of any lines parses, and every line lands in exactly one block."""
    blocks = layout.segment("\n".join(lines))
    placed = [*blocks.header, *blocks.body, *blocks.signature, *blocks.distribution, *blocks.annexes]
    assert sorted(line.start for line in placed) == [line.start for line in layout.lines_of("\n".join(lines))]
