# ruff: noqa: E501  (a table of whole phrases)
"""Phrases written after the grammars, as a check that they generalise (unseen when first run:
batch 1 45/48, batch 2 39/41 before the fixes they led to; batches 3 and 4 69/69 as written).

Each batch states its own issue date; every phrase is written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from vanban.extract.deadlines import extract_deadlines
from vanban.extract.references import find_citations
from vanban.resolve import resolve_references

D = dt.date


def refs(text):
    return {r.number: r for r in resolve_references(find_citations(text), text, None)}

DEADLINES = [
    (D(2025, 6, 10), 'Ủy ban nhân dân các xã báo cáo kết quả về Phòng Nội vụ trước ngày 20/6/2025.', [('before', D(2025, 6, 20), None)]),
    (D(2025, 6, 10), 'Đề nghị các cơ quan, đơn vị gửi ý kiến góp ý bằng văn bản trước 10 giờ 00 ngày 18/6/2025.', [('before', D(2025, 6, 18), None)]),
    (D(2025, 6, 10), 'Thời gian nộp hồ sơ: từ ngày 15/6/2025 đến hết ngày 15/7/2025.', [('until', D(2025, 7, 15), None)]),
    (D(2025, 6, 10), 'Hạn cuối nhận hồ sơ là ngày 30/6/2025.', [('until', D(2025, 6, 30), None)]),
    (D(2025, 6, 10), 'Thời hạn hoàn thành: ngày 25 tháng 7 năm 2025.', [('until', D(2025, 7, 25), None)]),
    (D(2025, 6, 10), 'Giao Sở Xây dựng hoàn thiện dự thảo, trình UBND tỉnh chậm nhất ngày 05/7/2025.', [('until', D(2025, 7, 5), None)]),
    (D(2025, 6, 10), 'Các đơn vị hoàn thành việc kiểm kê tài sản trong tháng 12/2025.', [('until', D(2025, 12, 31), None)]),
    (D(2025, 6, 10), 'Phấn đấu hoàn thành trong quý III năm 2025.', [('until', D(2025, 9, 30), None)]),
    (D(2025, 6, 10), 'Nghị quyết này có hiệu lực từ ngày 01 tháng 7 năm 2025.', [('from', D(2025, 7, 1), None)]),
    (D(2025, 6, 10), 'Chế độ hỗ trợ được áp dụng kể từ ngày 01/8/2025.', [('from', D(2025, 8, 1), None)]),
    (D(2025, 6, 10), 'Trong thời hạn 10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ, cơ quan có thẩm quyền cấp giấy phép.', [('relative', None, 'P10D')]),
    (D(2025, 6, 10), 'Thời hạn trả lời không quá 07 ngày kể từ ngày nhận được văn bản đề nghị.', [('relative', None, 'P7D')]),
    (D(2025, 6, 10), 'Chủ đầu tư nộp báo cáo trong vòng 30 ngày kể từ ngày kết thúc dự án.', [('relative', None, 'P30D')]),
    (D(2025, 6, 10), 'Người nộp thuế kê khai chậm nhất là 20 ngày kể từ ngày phát sinh.', [('relative', None, 'P20D')]),
    (D(2025, 6, 10), 'Sở Tư pháp tổng hợp, báo cáo Bộ Tư pháp trước ngày 15/12/2025.', [('before', D(2025, 12, 15), None)]),
    (D(2025, 6, 10), 'Đề nghị Phòng Tài chính - Kế hoạch gửi dự toán về Sở Tài chính trước ngày 01-7-2025.', [('before', D(2025, 7, 1), None)]),
    (D(2025, 6, 10), 'Các trường học nộp danh sách học sinh trước ngày 25.6.2025.', [('before', D(2025, 6, 25), None)]),
    (D(2025, 6, 10), 'Hồ sơ gửi về Văn phòng trước ngày 28/6 để tổng hợp.', [('before', D(2025, 6, 28), None)]),
    (D(2025, 6, 10), 'Hạn đăng ký tham gia: 20/6/2025.', [('until', D(2025, 6, 20), None)]),
    (D(2025, 6, 10), 'Ban tổ chức nhận bài dự thi đến hết ngày 31 tháng 8 năm 2025.', [('until', D(2025, 8, 31), None)]),
    (D(2025, 6, 10), 'Kế hoạch này được triển khai thực hiện từ ngày 15/6/2025 đến ngày 15/9/2025.', [('until', D(2025, 9, 15), None)]),
    (D(2025, 6, 10), 'Không muộn hơn ngày 30/9/2025, các sở hoàn thành việc sắp xếp.', [('until', D(2025, 9, 30), None)]),
    (D(2025, 6, 10), 'Cuộc thi được tổ chức từ ngày 01/7/2025 đến ngày 31/7/2025.', []),
    (D(2025, 6, 10), 'Hội nghị tập huấn diễn ra trong 02 ngày, từ ngày 24/6/2025 đến ngày 25/6/2025.', []),
    (D(2025, 6, 10), 'Đoàn công tác làm việc với Ủy ban nhân dân huyện vào ngày 16/6/2025.', []),
    (D(2025, 6, 10), 'Tính đến hết ngày 31/5/2025, toàn tỉnh đã cấp 12.000 thẻ.', []),
    (D(2025, 6, 10), 'Đến hết tháng 5/2025, đã có 80% hộ dân tham gia.', []),
    (D(2025, 6, 10), 'Trong 6 tháng đầu năm, toàn ngành thu được 500 tỷ đồng.', []),
    (D(2025, 6, 10), 'Ngày 02/6/2025, Sở Nội vụ đã có Công văn số 456/SNV-TCBC gửi các đơn vị.', []),
    (D(2025, 6, 10), 'Căn cứ Thông báo số 88/TB-UBND ngày 05/6/2025 của Ủy ban nhân dân tỉnh.', []),
    (D(2025, 6, 10), 'Người lao động có thời gian đóng bảo hiểm trước ngày 01/01/2016 được giữ nguyên.', []),
    (D(2025, 6, 10), 'Trong 10 năm qua, tỉnh đã đầu tư nhiều công trình.', []),
    (D(2025, 6, 10), 'Phiên họp thường kỳ tháng 6 sẽ được tổ chức vào ngày 27/6/2025.', []),
    (D(2025, 6, 10), 'Kỳ thi tốt nghiệp diễn ra từ ngày 26/6/2025 đến ngày 27/6/2025.', []),
    (D(2025, 9, 3), 'Yêu cầu Giám đốc các sở, ngành nghiêm túc triển khai, báo cáo kết quả trước ngày 30/9/2025.', [('before', D(2025, 9, 30), None)]),
    (D(2025, 9, 3), 'Chậm nhất ngày 15/10/2025, các đơn vị phải nộp hồ sơ về Sở Nội vụ.', [('until', D(2025, 10, 15), None)]),
    (D(2025, 9, 3), 'Thời gian thực hiện: Từ ngày 05/9/2025 đến ngày 30/11/2025.', [('until', D(2025, 11, 30), None)]),
    (D(2025, 9, 3), 'Kinh phí được bố trí (trong thời hạn 15 ngày kể từ ngày có quyết định phê duyệt).', [('relative', None, 'P15D')]),
    (D(2025, 9, 3), 'Trường hợp hồ sơ chưa hợp lệ, trong thời hạn 03 ngày làm việc, cơ quan tiếp nhận phải thông báo.', [('relative', None, 'P3D')]),
    (D(2025, 9, 3), 'Báo cáo định kỳ gửi trước ngày 20 tháng 12 hằng năm.', [('before', D(2025, 12, 20), None)]),
    (D(2025, 9, 3), 'Thông báo này có hiệu lực kể từ ngày 10 tháng 9 năm 2025.', [('from', D(2025, 9, 10), None)]),
    (D(2025, 9, 3), 'Quy định này áp dụng từ ngày 1/10/2025.', [('from', D(2025, 10, 1), None)]),
    (D(2025, 9, 3), 'Đề nghị UBND các phường, xã rà soát, cập nhật dữ liệu hoàn thành trước ngày 25/9/2025;', [('before', D(2025, 9, 25), None)]),
    (D(2025, 9, 3), 'Hạn nộp báo cáo: trước ngày 05/10/2025.', [('before', D(2025, 10, 5), None)]),
    (D(2025, 9, 3), 'Thời hạn: trong tháng 10/2025.', [('until', D(2025, 10, 31), None)]),
    (D(2025, 9, 3), 'Các đơn vị gửi đề xuất về Sở Kế hoạch và Đầu tư trước 15h00 ngày 12/9/2025.', [('before', D(2025, 9, 12), None)]),
    (D(2025, 9, 3), 'Sở Giáo dục và Đào tạo tổ chức kỳ thi từ ngày 20/9/2025 đến ngày 22/9/2025.', []),
    (D(2025, 9, 3), 'Buổi làm việc bắt đầu lúc 8 giờ 00 ngày 15/9/2025.', []),
    (D(2025, 9, 3), 'Lũy kế đến ngày 31/8/2025, giải ngân đạt 45% kế hoạch.', []),
    (D(2025, 9, 3), 'Đến ngày 31/8/2025, có 15/20 đơn vị đã nộp báo cáo.', []),
    (D(2025, 9, 3), 'Trong 02 năm gần đây, tình hình vi phạm có chiều hướng giảm.', []),
    (D(2025, 9, 3), 'Luật này được Quốc hội khóa XV thông qua ngày 29 tháng 11 năm 2024.', []),
    (D(2025, 9, 3), 'Ngày 15 tháng 8 năm 2025, Bộ Y tế có Công văn số 5123/BYT-KHTC về việc này.', []),
    (D(2025, 9, 3), 'Khai mạc Hội nghị vào lúc 8 giờ ngày 18/9/2025 tại Hội trường.', []),
    (D(2025, 9, 3), 'Thời gian tập huấn: 02 ngày, từ ngày 23/9/2025 đến ngày 24/9/2025.', []),
    (D(2025, 9, 3), 'Các hộ gia đình đã nộp thuế trước ngày 30/6/2025.', []),
    (D(2025, 11, 12), 'Các cơ sở giáo dục gửi báo cáo sơ kết học kỳ I về Sở trước ngày 10/01/2026.', [('before', D(2026, 1, 10), None)]),
    (D(2025, 11, 12), 'Phòng Văn hóa - Thông tin tổng hợp số liệu, báo cáo UBND huyện trước 16 giờ 30 ngày 20/11/2025.', [('before', D(2025, 11, 20), None)]),
    (D(2025, 11, 12), 'Hạn cuối cùng nộp hồ sơ là 17h00 ngày 28/11/2025.', [('until', D(2025, 11, 28), None)]),
    (D(2025, 11, 12), 'Thời hạn gửi văn bản góp ý: trước ngày 25/11/2025.', [('before', D(2025, 11, 25), None)]),
    (D(2025, 11, 12), 'Thời gian hoàn thành: chậm nhất ngày 15/12/2025.', [('until', D(2025, 12, 15), None)]),
    (D(2025, 11, 12), 'Các đơn vị hoàn thành việc chi trả trợ cấp đến hết ngày 31 tháng 12 năm 2025.', [('until', D(2025, 12, 31), None)]),
    (D(2025, 11, 12), 'Đề nghị các đơn vị triển khai thực hiện trong tháng 12 năm 2025.', [('until', D(2025, 12, 31), None)]),
    (D(2025, 11, 12), 'Hoàn thành trước quý I/2026.', [('before', D(2026, 3, 31), None)]),
    (D(2025, 11, 12), 'Chính sách này được áp dụng kể từ ngày 01 tháng 01 năm 2026.', [('from', D(2026, 1, 1), None)]),
    (D(2025, 11, 12), 'Quyết định có hiệu lực thi hành từ ngày 15/11/2025.', [('from', D(2025, 11, 15), None)]),
    (D(2025, 11, 12), 'Trong thời hạn 07 ngày kể từ ngày ký, các đơn vị phải công khai danh sách.', [('relative', None, 'P7D')]),
    (D(2025, 11, 12), 'Cơ quan thuế trả lời trong thời hạn 10 ngày làm việc.', [('relative', None, 'P10D')]),
    (D(2025, 11, 12), 'Người nộp hồ sơ được trả kết quả trong thời gian không quá 15 ngày kể từ ngày nộp hồ sơ.', [('relative', None, 'P15D')]),
    (D(2025, 11, 12), 'Thời hạn giải quyết là 20 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.', [('relative', None, 'P20D')]),
    (D(2025, 11, 12), 'UBND các xã tiếp nhận đơn đăng ký từ ngày 17/11/2025 đến hết ngày 05/12/2025.', [('until', D(2025, 12, 5), None)]),
    (D(2025, 11, 12), 'Chậm nhất ngày 30/11/2025, Sở Nội vụ trình UBND tỉnh phương án.', [('until', D(2025, 11, 30), None)]),
    (D(2025, 11, 12), 'Gửi về Sở Tài chính (qua Phòng Ngân sách) trước ngày 22/11 để tổng hợp.', [('before', D(2025, 11, 22), None)]),
    (D(2025, 11, 12), 'Đại hội Đoàn được tổ chức vào ngày 28/11/2025 tại Hội trường huyện.', []),
    (D(2025, 11, 12), 'Lớp bồi dưỡng diễn ra từ ngày 24/11/2025 đến ngày 28/11/2025.', []),
    (D(2025, 11, 12), 'Tính đến ngày 31/10/2025, toàn tỉnh đã giải ngân 60% kế hoạch vốn.', []),
    (D(2025, 11, 12), 'Đến hết ngày 31/10/2025, còn 5 đơn vị chưa nộp báo cáo.', []),
    (D(2025, 11, 12), 'Trong 10 tháng đầu năm 2025, số vụ vi phạm giảm 15%.', []),
    (D(2025, 11, 12), 'Ngày 05/11/2025, Chủ tịch UBND tỉnh đã làm việc với các sở.', []),
    (D(2025, 11, 12), 'Thực hiện Kế hoạch số 150/KH-UBND ngày 03/11/2025 của UBND tỉnh.', []),
    (D(2025, 11, 12), 'Người có thời gian công tác trước ngày 01/7/2025 được hưởng phụ cấp.', []),
    (D(2025, 11, 12), 'Trong 3 năm tới, tỉnh phấn đấu đạt 100% xã nông thôn mới.', []),
    (D(2025, 11, 12), 'Buổi tập huấn bắt đầu lúc 8 giờ ngày 20/11/2025.', []),
    (D(2025, 4, 2), 'Đề nghị Thủ trưởng các đơn vị chỉ đạo rà soát, gửi danh sách về Sở Nội vụ (qua Phòng Công chức) trước ngày\n15/4/2025.', [('before', D(2025, 4, 15), None)]),
    (D(2025, 4, 2), '- Thời gian: hoàn thành trước ngày 30/6/2025.', [('before', D(2025, 6, 30), None)]),
    (D(2025, 4, 2), 'b) Thời hạn nộp: chậm nhất ngày 20 tháng 4 năm 2025;', [('until', D(2025, 4, 20), None)]),
    (D(2025, 4, 2), 'Ủy ban nhân dân các phường tổ chức lấy ý kiến Nhân dân xong trước ngày 25/4/2025.', [('before', D(2025, 4, 25), None)]),
    (D(2025, 4, 2), 'Kết quả thẩm định gửi chủ đầu tư trong thời hạn 15 (mười lăm) ngày kể từ ngày nhận đủ hồ sơ.', [('relative', None, 'P15D')]),
    (D(2025, 4, 2), 'Sau thời hạn trên, các đơn vị không gửi báo cáo thì Sở sẽ tổng hợp báo cáo UBND tỉnh.', []),
    (D(2025, 4, 2), 'THỜI HẠN NỘP HỒ SƠ: ĐẾN HẾT NGÀY 30/4/2025.', [('until', D(2025, 4, 30), None)]),
    (D(2025, 4, 2), 'Kế hoạch này thực hiện từ ngày 05/4/2025 đến hết ngày 31/12/2025.', [('until', D(2025, 12, 31), None)]),
    (D(2025, 4, 2), 'Thông báo này có hiệu lực kể từ ngày 02/4/2025.', [('from', D(2025, 4, 2), None)]),
    (D(2025, 4, 2), 'Trước 17h00 ngày 10/4/2025, các đơn vị gửi đăng ký về Ban Tổ chức.', [('before', D(2025, 4, 10), None)]),
    (D(2025, 4, 2), 'Cuộc họp diễn ra vào lúc 14 giờ 00 ngày 08/4/2025 tại phòng họp số 2.', []),
    (D(2025, 4, 2), 'Kỳ thi tuyển sinh lớp 10 được tổ chức từ ngày 02/6/2025 đến ngày 04/6/2025.', []),
    (D(2025, 4, 2), 'Lũy kế đến hết tháng 3/2025, toàn tỉnh cấp được 5.000 giấy phép.', []),
    (D(2025, 4, 2), 'Năm 2024, tỉnh đã hoàn thành 95% kế hoạch trước ngày 31/12/2024.', []),
    (D(2025, 4, 2), 'Trong 02 năm qua, chỉ số hài lòng tăng 5 điểm.', []),
]


@pytest.mark.parametrize("issued,text,expected", DEADLINES)
def test_unseen_deadline(issued, text, expected):
    assert [(d.kind, d.date, d.duration) for d in extract_deadlines(text, issued_on=issued)] == expected


RELATIONS = [
    ('Căn cứ Luật Đầu tư công số 58/2024/QH15;', '58/2024/QH15', 'basis'),
    ('Căn cứ Nghị quyết số 12/2025/NQ-HĐND ngày 10/4/2025 của Hội đồng nhân dân tỉnh;', '12/2025/NQ-HĐND', 'basis'),
    ('Thực hiện Công văn số 2345/BNV-CCVC ngày 01/6/2025 của Bộ Nội vụ về việc rà soát biên chế,', '2345/BNV-CCVC', 'implements'),
    ('Thực hiện Chương trình số 05-CTr/TU ngày 20/3/2025 của Tỉnh ủy,', '05-CTr/TU', 'implements'),
    ('Bãi bỏ khoản 2 Điều 4 Quyết định số 30/2023/QĐ-UBND ngày 12/9/2023 của Ủy ban nhân dân tỉnh.', '30/2023/QĐ-UBND', 'repeals'),
    ('Quyết định này thay thế Quyết định số 77/QĐ-SYT ngày 15/01/2024 của Giám đốc Sở Y tế.', '77/QĐ-SYT', 'replaces'),
    ('Sửa đổi khoản 1 Điều 3 Quy định ban hành kèm theo Quyết định số 08/2024/QĐ-UBND như sau:', '08/2024/QĐ-UBND', 'amends'),
    ('Thông tư này hướng dẫn một số điều của Nghị định số 45/2025/NĐ-CP.', '45/2025/NĐ-CP', 'guides'),
    ('Theo báo cáo tại Công văn số 99/STC-QLNS của Sở Tài chính,', '99/STC-QLNS', 'cites'),
    ('Tiếp theo Công văn số 321/UBND-KT ngày 02/6/2025, Ủy ban nhân dân tỉnh đề nghị', '321/UBND-KT', 'cites'),
    ('Căn cứ Quyết định số 1122/QĐ-UBND ngày 12 tháng 8 năm 2025 của Chủ tịch Ủy ban nhân dân tỉnh về việc giao nhiệm vụ;', '1122/QĐ-UBND', 'basis'),
    ('Thực hiện ý kiến chỉ đạo của Bộ trưởng tại Thông báo số 301/TB-BYT ngày 20/8/2025,', '301/TB-BYT', 'implements'),
    ('Bãi bỏ toàn bộ Quyết định số 55/2019/QĐ-UBND ngày 01/11/2019.', '55/2019/QĐ-UBND', 'repeals'),
    ('Thông tư này thay thế Thông tư số 21/2017/TT-BYT ngày 10/5/2017 của Bộ trưởng Bộ Y tế.', '21/2017/TT-BYT', 'replaces'),
    ('Nghị định này sửa đổi, bổ sung Nghị định số 98/2020/NĐ-CP ngày 26 tháng 8 năm 2020.', '98/2020/NĐ-CP', 'amends'),
    ('Bộ Tài chính hướng dẫn Nghị định số 11/2025/NĐ-CP như sau:', '11/2025/NĐ-CP', 'guides'),
    ('Theo Kế hoạch số 210/KH-UBND ngày 02/7/2025, các sở phải hoàn thành', '210/KH-UBND', 'cites'),
    ('Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;', '63/2025/QH15', 'basis'),
    ('Căn cứ Luật Ngân sách nhà nước số 89/2025/QH15;', '89/2025/QH15', 'basis'),
    ('Căn cứ Quyết định số 2025/QĐ-UBND ngày 10/10/2025 của UBND tỉnh về việc ban hành Quy chế làm việc;', '2025/QĐ-UBND', 'basis'),
    ('Thực hiện Chỉ thị số 05/CT-TTg ngày 01/3/2025 của Thủ tướng Chính phủ,', '05/CT-TTg', 'implements'),
    ('Quyết định này thay thế Quyết định số 345/QĐ-SGDĐT ngày 20/8/2024.', '345/QĐ-SGDĐT', 'replaces'),
    ('Bãi bỏ Quyết định số 12/2020/QĐ-UBND ngày 15/5/2020 của UBND tỉnh.', '12/2020/QĐ-UBND', 'repeals'),
    ('Sửa đổi, bổ sung một số điều của Quy chế ban hành kèm theo Quyết định số 77/2023/QĐ-UBND.', '77/2023/QĐ-UBND', 'amends'),
    ('Hướng dẫn thực hiện Nghị định số 73/2024/NĐ-CP về mức lương cơ sở như sau:', '73/2024/NĐ-CP', 'guides'),
    ('Ngày 20/10/2025, Bộ Tài chính ban hành Thông tư số 88/2025/TT-BTC.', '88/2025/TT-BTC', 'cites'),
    ('Phúc đáp Văn bản số 456/STC-NS ngày 01/11/2025 của Sở Tài chính,', '456/STC-NS', 'cites'),
    ('CĂN CỨ LUẬT TỔ CHỨC CHÍNH QUYỀN ĐỊA PHƯƠNG SỐ 72/2025/QH15;', '72/2025/QH15', 'basis'),
    ('Căn cứ Nghị quyết số 190/2025/QH15 ngày 19 tháng 02 năm 2025 của Quốc hội quy định về xử lý một số vấn đề liên quan đến sắp xếp tổ chức bộ máy nhà nước;', '190/2025/QH15', 'basis'),
    ('Thực hiện Kết luận số 127-KL/TW ngày 28/02/2025 của Bộ Chính trị, Ban Bí thư,', '127-KL/TW', 'implements'),
    ('Điều 3. Bãi bỏ Chỉ thị số 15/CT-UBND ngày 10/6/2019 của Chủ tịch UBND tỉnh.', '15/CT-UBND', 'repeals'),
    ('Quyết định này thay thế Quyết định số 2111/QĐ-UBND ngày 12/10/2023.', '2111/QĐ-UBND', 'replaces'),
]


@pytest.mark.parametrize("text,number,relation", RELATIONS)
def test_unseen_relation(text, number, relation):
    assert refs(text)[number].relation == relation


PIN_CITES = [
    ('theo điểm c khoản 1 Điều 10 Luật Cán bộ, công chức số 22/2008/QH12', '22/2008/QH12', ('c', '1', '10')),
    ('quy định tại khoản 4 Điều 2 Nghị định số 178/2024/NĐ-CP', '178/2024/NĐ-CP', (None, '4', '2')),
    ('tại Điều 9 của Quyết định số 12/2025/QĐ-UBND', '12/2025/QĐ-UBND', (None, None, '9')),
    ('Điểm đ khoản 2 Điều 6 Thông tư số 05/2025/TT-BNV', '05/2025/TT-BNV', ('đ', '2', '6')),
    ('theo quy định tại điểm b khoản 3 Điều 15 Nghị định số 24/2024/NĐ-CP', '24/2024/NĐ-CP', ('b', '3', '15')),
    ('Bãi bỏ khoản 5 Điều 2 của Thông tư số 14/2023/TT-BTC.', '14/2023/TT-BTC', (None, '5', '2')),
    ('Điều 20 Luật Thanh tra số 11/2022/QH15', '11/2022/QH15', (None, None, '20')),
    ('theo quy định tại điểm c khoản 2 Điều 8 Nghị định số 178/2024/NĐ-CP', '178/2024/NĐ-CP', ('c', '2', '8')),
    ('Căn cứ khoản 1 Điều 12 Thông tư số 02/2025/TT-BNV;', '02/2025/TT-BNV', (None, '1', '12')),
    ('quy định tại Điều 7 Quyết định số 30/2025/QĐ-UBND', '30/2025/QĐ-UBND', (None, None, '7')),
]


@pytest.mark.parametrize("text,number,pin", PIN_CITES)
def test_unseen_pin_cite(text, number, pin):
    ref = refs(text)[number]
    assert (ref.point, ref.clause, ref.article) == pin


CITATIONS = [
    ('Thực hiện Công văn số 4567/BGDĐT-GDTrH ngày 28/8/2025 của Bộ Giáo dục và Đào tạo về hướng dẫn nhiệm vụ năm học,', [('4567/BGDĐT-GDTrH', D(2025, 8, 28), 'Bộ Giáo dục và Đào tạo')]),
    ('Căn cứ Nghị định số 83/2024/NĐ-CP\nngày 10 tháng 7 năm 2024 của Chính phủ;', [('83/2024/NĐ-CP', D(2024, 7, 10), 'Chính phủ')]),
    ('Theo Quyết định số 999/QĐ-BHXH ngày 5/9/2025 của Bảo hiểm xã hội Việt Nam ban hành quy trình', [('999/QĐ-BHXH', D(2025, 9, 5), 'Bảo hiểm xã hội Việt Nam')]),
    ('CĂN CỨ NGHỊ QUYẾT SỐ 66-NQ/TW NGÀY 30 THÁNG 4 NĂM 2025 CỦA BỘ CHÍNH TRỊ', [('66-NQ/TW', D(2025, 4, 30), None)]),
    ('và Tờ trình số 78/TTr-SNNMT ngày 25/8/2025 của Sở Nông nghiệp và Môi trường.', [('78/TTr-SNNMT', D(2025, 8, 25), 'Sở Nông nghiệp và Môi trường')]),
    ('Căn cứ Quyết định số 1500/QĐ-UBND ngày 01 tháng 9 năm 2025 của Ủy ban nhân dân tỉnh phê duyệt Đề án;', [('1500/QĐ-UBND', D(2025, 9, 1), 'Ủy ban nhân dân tỉnh')]),
    ('Thực hiện Công văn số 7890/BYT-KHTC ngày 30/10/2025 của Bộ Y tế về việc tăng cường quản lý,', [('7890/BYT-KHTC', D(2025, 10, 30), 'Bộ Y tế')]),
    ('theo Thông báo số 15-TB/TU ngày 02/11/2025 của Ban Thường vụ Tỉnh ủy', [('15-TB/TU', D(2025, 11, 2), 'Ban Thường vụ Tỉnh ủy')]),
    ('Căn cứ Luật Đất đai số 31/2024/QH15 ngày 18 tháng 01 năm 2024;', [('31/2024/QH15', D(2024, 1, 18), None)]),
    ('Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15 ngày 18 tháng 02 năm 2025;', [('63/2025/QH15', D(2025, 2, 18), None)]),
    ('Thực hiện Công điện số 45/CĐ-TTg ngày 08/4/2025 của Thủ tướng Chính phủ về việc tập trung xử lý,', [('45/CĐ-TTg', D(2025, 4, 8), 'Thủ tướng Chính phủ')]),
    ('Căn cứ Kế hoạch số 52/KH-UBND ngày\n01/3/2025 của Ủy ban nhân dân tỉnh;', [('52/KH-UBND', D(2025, 3, 1), 'Ủy ban nhân dân tỉnh')]),
]


@pytest.mark.parametrize("text,expected", CITATIONS)
def test_unseen_citation(text, expected):
    assert [(r.number, r.date, r.issuer) for r in refs(text).values()] == expected


MENTIONS = [
    ('Căn cứ Thông tư số 10/2025/TT-BNV ngày 01/7/2025 của Bộ Nội vụ (sau đây gọi tắt là Thông tư 10);\nCác đơn vị thực hiện theo Thông tư 10 và hướng dẫn tại Thông tư nêu trên.', {'10/2025/TT-BNV': 3}),
    ('Thực hiện Kế hoạch số 45/KH-UBND; Kế hoạch này quy định ... theo Kế hoạch số 45/KH-UBND nêu trên.', {'45/KH-UBND': 2}),
    ('Nghị quyết này có hiệu lực từ ngày ký; Nghị quyết số 12/NQ-HĐND hết hiệu lực.', {'12/NQ-HĐND': 1}),
    ('Căn cứ Nghị định số 24/2023/NĐ-CP ngày 14/5/2023 của Chính phủ;\nMức lương cơ sở thực hiện theo Nghị định nêu trên.', {'24/2023/NĐ-CP': 2}),
    ('Căn cứ Luật Cán bộ, công chức số 22/2008/QH12 (sau đây gọi là Luật CBCC);\nViệc xếp lương theo Luật CBCC.', {'22/2008/QH12': 2}),
    ('Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng chịu trách nhiệm thi hành Quyết định này.', {}),
]


@pytest.mark.parametrize("text,mentions", MENTIONS)
def test_unseen_mentions(text, mentions):
    assert {n: len(r.mentions) for n, r in refs(text).items()} == mentions
