"""Vocabulary of Vietnamese administrative documents (language data, kept apart from code).

Sources: Nghị định 30/2020/NĐ-CP (Phụ lục III: type abbreviations), Thông tư
01/2011/TT-BNV, and the layout of notices as published on the web.
"""

from __future__ import annotations

# Document type names and their number abbreviations (Phụ lục III, NĐ 30/2020 and older forms).
DOC_TYPES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "NQLT": "Nghị quyết liên tịch",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "QĐi": "Quy định",
    "TC": "Thông cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền",
    "UQ": "Giấy ủy quyền",
    "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu",
    "GT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép",
    "NP": "Giấy nghỉ phép",
    "PG": "Phiếu gửi",
    "PC": "Phiếu chuyển",
    "PB": "Phiếu báo",
    "GN": "Giấy nhận",
    "TTh": "Thư",
    "SY": "Bản sao y",
    "TrS": "Bản trích sao",
    "SL": "Bản sao lục",
    "KL": "Kết luận",
    "L": "Luật",
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "VBHN": "Văn bản hợp nhất",
    "PL": "Pháp lệnh",
    "QĐ-TTg": "Quyết định",
}

# Type names as they head a document ("QUYẾT ĐỊNH", "KẾ HOẠCH" ...), longest first.
TYPE_TITLES: tuple[str, ...] = tuple(
    sorted(
        {
            "Nghị quyết liên tịch", "Thông tư liên tịch", "Văn bản hợp nhất", "Nghị quyết",
            "Quyết định", "Chỉ thị", "Quy chế", "Quy định", "Thông cáo", "Thông báo", "Hướng dẫn",
            "Chương trình", "Kế hoạch", "Phương án", "Đề án", "Dự án", "Báo cáo", "Biên bản",
            "Tờ trình", "Công điện", "Giấy mời", "Kết luận", "Luật", "Bộ luật", "Nghị định",
            "Thông tư", "Pháp lệnh", "Công văn", "Lệnh", "Điều lệ",
        },
        key=len,
        reverse=True,
    )
)

# Type names that introduce a citation ("Quyết định số ...", "Văn bản số ..."), longest first.
CITED_TYPES: tuple[str, ...] = (
    "Thông tư liên tịch", "Nghị quyết liên tịch", "Văn bản hợp nhất", "Bộ luật", "Luật", "Nghị định",
    "Nghị quyết", "Quyết định", "Thông tư", "Chỉ thị", "Công văn", "Văn bản", "Kế hoạch", "Tờ trình",
    "Thông báo", "Hướng dẫn", "Kết luận", "Công điện", "Pháp lệnh", "Quy định", "Chương trình",
    "Báo cáo", "Đề án",
)

# Words that open an official's title, longest first.  A title is an optional
# "PHÓ" followed by one of these and an optional unit ("VỤ TRƯỞNG VỤ PHÁP CHẾ").
TITLE_HEADS: tuple[str, ...] = tuple(
    sorted(
        {
            "THỦ TƯỚNG", "BỘ TRƯỞNG", "THỨ TRƯỞNG", "CHỦ TỊCH", "TỔNG GIÁM ĐỐC", "GIÁM ĐỐC",
            "CHÁNH VĂN PHÒNG", "CHÁNH THANH TRA", "CHÁNH ÁN", "VIỆN TRƯỞNG", "VỤ TRƯỞNG",
            "CỤC TRƯỞNG", "TỔNG CỤC TRƯỞNG", "CHI CỤC TRƯỞNG", "TRƯỞNG BAN", "TRƯỞNG PHÒNG",
            "TRƯỞNG ĐOÀN", "BÍ THƯ", "TỔNG BÍ THƯ", "HIỆU TRƯỞNG", "TỔNG THƯ KÝ", "THƯ KÝ",
            "CHỦ NHIỆM", "TỔNG KIỂM TOÁN", "KIỂM TOÁN TRƯỞNG", "THỐNG ĐỐC", "TỔNG THANH TRA",
            "TƯ LỆNH", "CHÍNH ỦY", "TỔNG CỤC PHÓ", "ỦY VIÊN",
            "TRƯỞNG KHOA", "KẾ TOÁN TRƯỞNG", "NGƯỜI ĐỨNG ĐẦU", "THỦ TRƯỞNG",
        },
        key=len,
        reverse=True,
    )
)

# Words that open the name of a body ("BỘ TÀI CHÍNH", "TỔNG CỤC HẢI QUAN"), longest first.
# A two-level issuer is split where a second such head starts.
BODY_HEADS: tuple[str, ...] = tuple(
    sorted(
        {
            "BỘ", "SỞ", "CỤC", "TỔNG CỤC", "CHI CỤC", "VỤ", "VIỆN", "BAN", "ỦY BAN", "UỶ BAN",
            "UBND", "HĐND", "HỘI ĐỒNG", "THANH TRA", "VĂN PHÒNG", "TRƯỜNG", "BỆNH VIỆN",
            "BẢO HIỂM XÃ HỘI", "BHXH", "KHO BẠC", "NGÂN HÀNG", "TÒA ÁN", "TOÀ ÁN", "VIỆN KIỂM SÁT",
            "TỈNH ỦY", "TỈNH UỶ", "THÀNH ỦY", "THÀNH UỶ", "HUYỆN ỦY", "HUYỆN UỶ", "ĐẢNG ỦY",
            "ĐẢNG UỶ", "ĐẢNG BỘ", "BAN CHẤP HÀNH", "PHÒNG", "TRUNG TÂM", "CÔNG AN", "BỘ CHỈ HUY",
            "ĐẠI HỌC", "HỌC VIỆN", "TẬP ĐOÀN", "TỔNG CÔNG TY", "CÔNG TY", "ĐÀI", "QUỸ", "HỘI",
            "LIÊN ĐOÀN", "ĐOÀN", "KIỂM TOÁN NHÀ NƯỚC", "CHÍNH PHỦ", "THỦ TƯỚNG CHÍNH PHỦ",
            "QUỐC HỘI", "ỦY BAN THƯỜNG VỤ QUỐC HỘI", "MẶT TRẬN", "BAN THƯỜNG VỤ", "CẢNG VỤ",
            "CHI NHÁNH", "BAN QUẢN LÝ", "KHU", "BỘ TƯ LỆNH", "TỔNG LIÊN ĐOÀN",
        },
        key=len,
        reverse=True,
    )
)

# Heads that also occur inside a body's name ("VĂN PHÒNG CHÍNH PHỦ", "THANH TRA BỘ"):
# they never start the second level of a two-level issuer.
BODY_COMPLEMENTS: frozenset[str] = frozenset(
    {"CHÍNH PHỦ", "QUỐC HỘI", "BỘ", "KHU", "ĐOÀN", "HỘI", "ĐÀI", "BAN", "TRƯỜNG", "PHÒNG", "QUỸ"}
)

# Collective bodies that enact a document in their own name (the line after the
# type title: "CHÍNH PHỦ", "ỦY BAN NHÂN DÂN TỈNH ...").
ENACTING_BODIES: tuple[str, ...] = (
    "ỦY BAN THƯỜNG VỤ QUỐC HỘI", "UỶ BAN THƯỜNG VỤ QUỐC HỘI", "HỘI ĐỒNG NHÂN DÂN",
    "ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "CHÍNH PHỦ", "QUỐC HỘI", "BAN CHẤP HÀNH",
    "BAN THƯỜNG VỤ", "BAN BÍ THƯ", "BỘ CHÍNH TRỊ",
)

# Words before which a head word belongs to a subject, not to an authority.
CONNECTORS: frozenset[str] = frozenset(
    {"CỦA", "VỀ", "VÀ", "CHO", "TẠI", "THUỘC", "TRỰC", "VỚI", "ĐỐI", "GIỮA", "CÁC", "NHỮNG"}
)

# The national title and motto (state), and the party's header.
NATIONAL_TITLE = r"(?i:C[ỘO]NG\s+H(?:[ÒO]A|OÀ)\s+X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM)"
MOTTO = r"Đ[ộọ]c\s+l[ậa]p\s*[-–]\s*T[ựu]\s+do\s*[-–]\s*H[ạa]nh\s+ph[úu]c"
PARTY_TITLE = r"ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM"

# Whole lines a scraper adds around a notice (download buttons and the like).
BOILERPLATE_LINES = (
    r"Tải\s+(?:về|(?:file\s+)?văn\s+bản)(?:\s+(?:tiếng\s+\p{L}+|gốc|PDF|Word|hợp\s+nhất|liên\s+quan))*"
    r"(?:\s*\([^)]*\))?",
    r"(?:Văn\s+bản\s+)?(?:tiếng\s+Anh|gốc)\s*\|?.*Tải\s+về",
    r"Download(?:\s+(?:file|văn\s+bản|PDF|Word))*",
)

# Page furniture of the official gazette (Công báo) and of PDF exports: running headers with
# their page numbers, continuation notes, section banners, digital-signature stamps.
GAZETTE_FURNITURE = (
    r"(?:[ \t]*\d{1,4}[ \t]*\n(?:[ \t]*\n)*)?"
    r"[ \t]*CÔNG\s+BÁO\s*/\s*Số\s+[\d\s+]+/\s*Ngày\s+\d{1,2}-\d{1,2}-\d{4}[ \t]*"
    r"(?:\n(?:[ \t]*\n)*[ \t]*\d{1,4}[ \t]*(?=\n))?",
    r"[ \t]*\((?:Xem\s+tiếp|Tiếp\s+theo)\s+Công\s+báo\s+số[^)\n]*\)[ \t]*",
    r"[ \t]*VĂN\s+BẢN\s+(?:QUY\s+PHẠM\s+PHÁP\s+LUẬT|PHÁP\s+LUẬT\s+KHÁC)[ \t]*",
    r"[ \t]*(?:Người\s+ký|Ký\s+bởi):[^\n]*"
    r"(?:\n[ \t]*(?:Email|Cơ\s+quan|Thời\s+gian\s+ký|Ngày\s+ký):[^\n]*){0,4}",
    r"[ \t]*(?:Thời\s+gian\s+ký|Ngày\s+ký):[ \t]*[\d.\-]+[ \t]+[\d:]+(?:[ \t]*[+-]\d\d:\d\d)?[ \t]*",
)

# Administrative units written before a place name ("Thành phố Hồ Chí Minh, ngày …", "xã Tân Lập").
PLACE_UNITS = (
    r"Thành\s+phố|Tỉnh|Thị\s+xã|Huyện|Quận|Thị\s+trấn|Phường|Xã|Đặc\s+khu|TP\.?"
)

# The outline of a body (Luật Ban hành văn bản QPPL 2015, Điều 61; Nghị định 34/2016/NĐ-CP,
# Điều 82): the word before each level's number, the ordinals of parts ("Phần thứ hai"), and
# how a path names each level.
OUTLINE_WORDS: dict[str, str] = {
    "part": r"Phần|PHẦN",
    "chapter": r"Chương|CHƯƠNG",
    "subsection": r"Tiểu\s+mục|TIỂU\s+MỤC",
    "section": r"Mục|MỤC",
    "article": r"Điều|ĐIỀU",
}
ORDINALS: tuple[str, ...] = (
    "nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười",
)
OUTLINE_LABELS: dict[str, str] = {
    "part": "Phần", "chapter": "Chương", "section": "Mục", "subsection": "Tiểu mục",
    "article": "Điều", "clause": "Khoản", "point": "Điểm",
}
# The end of a line that announces quoted text ("Điều 5 được sửa đổi như sau:"): an article
# heading right after it is the quoted article, not the next one of this notice.
QUOTE_LEAD = r"(?:như\s+sau|sau\s+đây)\s*:[\s”\"]*$"
# An article that amends another text ("Điều 1. Sửa đổi, bổ sung một số điều của Luật …"): its
# bare pin cites ("khoản 9 Điều 2") point into the amended text, not into this one.
AMENDING_TITLE = r"(?:sửa\s+đổi|bổ\s+sung|bãi\s+bỏ|thay\s+thế|hủy\s+bỏ|huỷ\s+bỏ|đính\s+chính)"
