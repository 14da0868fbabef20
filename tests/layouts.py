"""Scraper layouts: how real scrapers lay out a notice's tables and pages.

Each layout is a pure function ``(clean_text, rng) -> str`` of the parser's normalised text (one
block per line).  It finds the header table, the distribution list (Nơi nhận) and the signature
block with simple rules of its own -- nothing is read from the parser -- and lays them out the
way one kind of scrape does:

* ``cell_per_line`` -- thuvienphapluat.vn pages: one table cell per line, "Số:" and parts of the
  number on lines of their own, the date split into cells, signature cells one per line, body
  paragraphs broken after their first words and wrapped with CRLF;
* ``cell_wraps`` -- "\\r\\n  " soft wraps inside table cells;
* ``merged_header`` -- each row of the header table flattened onto one line;
* ``signature_on_distribution`` -- the signature cells flattened onto the last Nơi nhận line;
* ``markdown_table`` -- the header and closing tables as markdown tables;
* ``gazette_furniture`` -- Công báo PDF page furniture (running heads, page numbers, blank
  lines, signing stamps, section banners) between lines.

:func:`render` applies several in one go.  Text is only split, joined, moved or added to,
never dropped.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

import regex

# Roles of the lines of a clean notice.
ISSUER, NATIONAL, MOTTO, NUMBER, VV, DATE = "issuer", "national", "motto", "number", "vv", "date"
KINH_GUI, TYPE, SUBJECT, BODY = "kinh_gui", "type", "subject", "body"
NOI_NHAN, DIST, SIG, OTHER = "noi_nhan", "dist", "sig", "other"
# Roles of lines a layout makes.
SEP, MERGED, TABLE, FURNITURE = "sep", "merged", "table", "furniture"
HEADER_TABLE = (ISSUER, NATIONAL, MOTTO, NUMBER, VV, DATE)
CELLS = (ISSUER, NATIONAL, NUMBER, VV, DATE, NOI_NHAN, DIST, SIG)  # cells that wrap (mottos never do)

_NATIONAL = regex.compile(
    r"C[ỘO]NG\s+H(?:ÒA|OÀ)\s+X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM"
)
_MOTTO = regex.compile(r"Độc\s+lập\s*-\s*Tự\s+do\s*-\s*Hạnh\s+phúc")
_NUMBER = regex.compile(r"(?P<label>Số(?:\s*:)?)\s*(?P<num>\d\S*)(?P<rest>.*)")
_DATE = regex.compile(
    r"(?P<place>\p{Lu}[\p{L}.]*(?:\s+\p{Lu}[\p{L}.]*){0,5}\s*,)\s*ngày\s+"
    r"(?:(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})(?P<rest>.*)|\d)"
)
_TYPE_TITLES = (
    "QUYẾT ĐỊNH", "KẾ HOẠCH", "CHỈ THỊ", "THÔNG BÁO", "THÔNG TƯ", "THÔNG TƯ LIÊN TỊCH", "NGHỊ QUYẾT",
    "NGHỊ ĐỊNH", "CÔNG ĐIỆN", "BÁO CÁO", "TỜ TRÌNH", "HƯỚNG DẪN", "CHƯƠNG TRÌNH", "QUY CHẾ",
    "QUY ĐỊNH", "LUẬT", "GIẤY MỜI", "KẾT LUẬN", "ĐỀ ÁN", "PHƯƠNG ÁN", "VĂN BẢN HỢP NHẤT",
)
_ITEM = regex.compile(r"[-–+•]\s?")
_LUU = regex.compile(r"(?:[-–+•]\s*)?Lưu\b")
# A signature: caps cells (with authority prefixes), an optional seal note, the signer's name.
_CAPS_WORD = r"(?=\S*\p{Lu})[\p{Lu}\d.,/&()-]+"
_NAME_WORD = r"\p{Lu}\p{Ll}+"
_SEAL = r"[(\[](?i:đã\s+ký)[^)\]]*[)\]]"
_CAPS_LINE = regex.compile(rf"(?:{_CAPS_WORD})(?:\s+{_CAPS_WORD})*|{_SEAL}")
_SIGNATURE = regex.compile(
    rf"(?P<caps>{_CAPS_WORD}(?:\s+{_CAPS_WORD})*)?\s*(?P<seal>{_SEAL})?\s*"
    rf"(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}})"
)
_PREFIX = regex.compile(r"(?:TUQ|TM|KT|TL|Q)\.|T/M|K/T|T/L")
_TITLE_HEADS = (
    "THỨ TRƯỞNG", "VỤ TRƯỞNG", "CỤC TRƯỞNG", "CHI CỤC TRƯỞNG", "TỔNG CỤC TRƯỞNG", "CHÁNH VĂN PHÒNG",
    "CHÁNH THANH TRA", "TRƯỞNG PHÒNG", "TRƯỞNG BAN", "BÍ THƯ", "GIÁM ĐỐC", "TỔNG GIÁM ĐỐC",
    "CHỦ TỊCH", "THỦ TƯỚNG", "BỘ TRƯỞNG", "CHỦ NHIỆM", "ỦY VIÊN", "THỦ TRƯỞNG", "HIỆU TRƯỞNG",
    "VIỆN TRƯỞNG", "THỐNG ĐỐC",
)
# Where a two-level issuer's second line starts, and where a people's council or committee's
# name breaks before its locality ("ỦY BAN NHÂN DÂN" / "TỈNH BÌNH DƯƠNG").
_CHILD_HEAD = regex.compile(
    r"(?<=\S\s)(?:SỞ|CỤC|CHI CỤC|TỔNG CỤC|HUYỆN [ỦU]Y|TỈNH [ỦU]Y|THÀNH [ỦU]Y|ĐẢNG [ỦU]Y|BỆNH VIỆN|"
    r"TRUNG TÂM|(?<![ỦU]Y\s)BAN|(?<!VĂN\s)PHÒNG)\s"
)
_LOCALITY = regex.compile(r"(?<=NHÂN DÂN\s)(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)\s")


@dataclass
class Line:
    """One line of a notice being laid out, with the part of the notice it belongs to."""

    text: str
    role: str


@dataclass
class Parts:
    """A clean notice cut into lines with roles."""

    lines: list[Line]


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _signature_forward(lines: list[str], start: int) -> int | None:
    """End (exclusive) of a signature block starting at ``start``: caps lines, then the name."""
    for end in range(start + 1, min(start + 6, len(lines)) + 1):
        if _SIGNATURE.fullmatch(" ".join(lines[start:end])):
            return end
        if not _CAPS_LINE.fullmatch(lines[end - 1]):
            return None
    return None


def _signature_backward(lines: list[str], end: int) -> int | None:
    """Start of a signature block ending just before ``end`` (at most three caps lines)."""
    if end == 0 or not regex.search(rf"{_NAME_WORD}$", lines[end - 1]):
        return None
    start = end - 1
    while start > 0 and end - start <= 3 and _CAPS_LINE.fullmatch(lines[start - 1]):
        start -= 1
    while start < end - 1 and not _SIGNATURE.fullmatch(" ".join(lines[start:end])):
        start += 1
    return start if _SIGNATURE.fullmatch(" ".join(lines[start:end])) else None


def analyse(clean: str) -> Parts:
    """Give each line of a clean notice its role, by simple rules on the lines themselves."""
    texts = clean.split("\n")
    roles = [BODY] * len(texts)
    head = min(len(texts), 16)

    def first(pattern: regex.Pattern[str], limit: int = head) -> int | None:
        return next((i for i in range(min(limit, len(texts))) if pattern.match(texts[i])), None)

    national = first(_NATIONAL)
    number = first(_NUMBER)
    date = first(_DATE)
    for index, role in ((national, NATIONAL), (number, NUMBER), (date, DATE)):
        if index is not None:
            roles[index] = role
    if national is not None and national + 1 < len(texts) and _MOTTO.fullmatch(texts[national + 1]):
        roles[national + 1] = MOTTO
    vv = first(regex.compile(r"V/v\s"))
    if vv is not None:
        roles[vv] = VV
    marks = [i for i in (national, number, date) if i is not None]
    top = min(marks, default=0)
    for i in range(top):
        roles[i] = ISSUER if _is_caps(texts[i]) else OTHER
    header_end = max([i + 1 for i in (*marks, vv) if i is not None], default=0)
    # Below the header table: Kính gửi and its recipients, the type title and subject.
    i = header_end
    while i < min(len(texts), header_end + 12):
        text = texts[i]
        if text.startswith("Kính gửi"):
            roles[i] = KINH_GUI
            previous = text
            i += 1
            while i < len(texts) and len(texts[i]) < 160 and (
                _ITEM.match(texts[i]) or regex.search(r"(?:[;:]|Kính gửi)\s*$", previous)
            ):
                roles[i], previous = KINH_GUI, texts[i]
                i += 1
            header_end = i
            continue
        if text in _TYPE_TITLES:
            roles[i] = TYPE
            if i + 1 < len(texts):
                roles[i + 1] = SUBJECT
            header_end = i + 2
            break
        i += 1
    # The distribution list and the signature block.
    noi = next((i for i in range(header_end, len(texts)) if regex.match(r"Nơi\s+nhận\b", texts[i])), None)
    close_end = len(texts)
    if noi is not None:
        roles[noi] = NOI_NHAN
        end = noi + 1
        inline = texts[noi].split(":", 1)[-1].strip()
        if not (inline and _LUU.search(inline)):
            while end < len(texts) and len(texts[end]) < 300:
                text = texts[end]
                if not (_ITEM.match(text) or regex.search(r"[;,.]$", text)) or _PREFIX.match(text):
                    break
                roles[end] = DIST
                end += 1
                if _LUU.match(text):
                    break
        sig_end = _signature_forward(texts, end) if end < len(texts) else None
        if sig_end is not None:
            for k in range(end, sig_end):
                roles[k] = SIG
            close_end = sig_end
        else:
            sig_start = _signature_backward(texts, noi)
            if sig_start is not None and sig_start >= header_end:
                for k in range(sig_start, noi):
                    roles[k] = SIG
            close_end = end
        for k in range(close_end, len(texts)):
            roles[k] = OTHER
    return Parts([Line(t, r) for t, r in zip(texts, roles, strict=True)])


# --- cell contents ----------------------------------------------------------------------------


def issuer_cells(text: str) -> list[str]:
    """An issuer line as the lines of its cell: parent and unit apart, a council's locality apart."""
    star = text.endswith(" *")
    text = text.removesuffix(" *")
    child = _CHILD_HEAD.search(text)
    parts = [text[: child.start()].strip(), text[child.start():]] if child else [text]
    out = []
    for part in parts:
        locality = _LOCALITY.search(part)
        out += [part[: locality.start()].strip(), part[locality.start():]] if locality else [part]
    return out + ["*"] if star else out


def signature_cells(text: str) -> list[str]:
    """A signature block's text as its cells: "TM. X", "KT. Y", the title, "(Đã ký)", the name."""
    m = _SIGNATURE.fullmatch(text)
    if m is None:
        return [text]
    words = (m.group("caps") or "").split()
    chunks: list[list[str]] = []
    for word in words:
        if _PREFIX.fullmatch(word) or not chunks:
            chunks.append([word])
        else:
            chunks[-1].append(word)
    cells = [" ".join(chunk) for chunk in chunks[:-1]]
    if chunks:
        last = chunks[-1]
        cut = None
        if _PREFIX.fullmatch(last[0]):
            rest = last[1:]
            cut = next((p for p in range(1, len(rest)) if rest[p] == "PHÓ"), None)
            if cut is None:
                cut = next((p for p in range(1, len(rest))
                            if any(" ".join(rest[p:]).startswith(h) for h in _TITLE_HEADS)), None)
        if cut is None:
            cells.append(" ".join(last))
        else:
            cells += [" ".join(last[: cut + 1]), " ".join(last[cut + 1:])]
    if m.group("seal"):
        cells.append(m.group("seal"))
    return [*cells, m.group("name")]


def distribution_items(text: str) -> list[str]:
    """An inline "Nơi nhận: - A; - B." line as "Nơi nhận:" and its items."""
    label, _, rest = text.partition(":")
    rest = rest.strip()
    if not rest:
        return [text]
    return [label + ":", *regex.split(r"(?<=[;,.])\s+(?=[-–+]\s)", rest)]


def _wrap(words: list[str], width: int) -> list[str]:
    lines, current = [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*lines, current] if current else lines


def _break_paragraph(text: str, rng: random.Random) -> str:
    """A paragraph as thuvienphapluat shows it: a break after its first words, then CRLF wraps."""
    words = text.split(" ")
    if len(words) < 2:
        return text
    k = rng.randint(1, min(7, len(words) - 1))
    return "\r\n".join([" ".join(words[:k]), *_wrap(words[k:], rng.randint(76, 84))])


# --- the layouts, on lines with roles -----------------------------------------------------------


def _signature_text(lines: list[Line]) -> str:
    return " ".join(line.text for line in lines if line.role == SIG)


def _sig_span(lines: list[Line]) -> tuple[int, int] | None:
    idx = [i for i, line in enumerate(lines) if line.role == SIG]
    return (idx[0], idx[-1] + 1) if idx else None


def _on_distribution(parts: Parts, rng: random.Random) -> None:
    lines = parts.lines
    dist = [i for i, line in enumerate(lines) if line.role in (NOI_NHAN, DIST)]
    signature = _signature_text(lines)
    if not dist or not signature:
        return
    last = lines[dist[-1]]
    last.text = f"{last.text} {signature}"
    parts.lines = [line for line in lines if line.role != SIG]


def _cell_per_line_header(line: Line, rng: random.Random) -> list[Line]:
    role, text = line.role, line.text
    if role == ISSUER:
        return [Line(cell, ISSUER) for cell in issuer_cells(text)]
    if role == NUMBER:
        m = _NUMBER.fullmatch(text)
        label, num, rest = m.group("label"), m.group("num"), m.group("rest").strip()
        pieces = [num]
        split = regex.fullmatch(r"(\d+)(/.+)", num)
        if split and rng.random() < 0.5:
            seq, tail = split.groups()
            pieces = [seq, "/", tail[1:]] if rng.random() < 0.4 else [seq, tail]
        if label.endswith(":") and rng.random() < 0.6:
            cells = [label, *pieces]
        else:
            cells = [f"{label} {pieces[0]}", *pieces[1:]]
        return [Line(cell, NUMBER) for cell in cells + ([rest] if rest else [])]
    if role == DATE:
        m = _DATE.match(text)
        if m and m.group("d"):
            tokens = [f"{m.group('place')} ngày", m.group("d"), "tháng", m.group("m"), "năm", m.group("y")]
            k = rng.choice((0, 2, 4, 5))
            cells = [*tokens[:k], " ".join(tokens[k:])]
            rest = m.group("rest").strip()
            return [Line(cell, DATE) for cell in cells + ([rest] if rest else [])]
    return [line]


def _signature_cell_lines(cells: list[str], rng: random.Random) -> list[str]:
    out = []
    for i, cell in enumerate(cells):
        words = cell.split(" ")
        last = i == len(cells) - 1
        if _PREFIX.fullmatch(words[0]) and len(words) > 1:
            prefix, rest = words[0], " ".join(words[1:])
            style = rng.random()
            if style < 0.3 and prefix.endswith("."):
                out += [prefix[:-1], ".", rest]
            elif style < 0.6:
                out += [prefix, rest]
            else:
                out.append(cell)
        elif last and len(words) > 1 and rng.random() < 0.5:
            cut = rng.randint(1, len(words) - 1)
            out += [" ".join(words[:cut]), " ".join(words[cut:])]
        elif not last and _is_caps(cell) and len(words) == 2 and rng.random() < 0.15:
            out += words
        else:
            out.append(cell)
    return out


def _cell_per_line(parts: Parts, rng: random.Random) -> None:
    out: list[Line] = []
    lines = parts.lines
    for i, line in enumerate(lines):
        nxt = lines[i + 1].role if i + 1 < len(lines) else None
        if line.role in (ISSUER, NUMBER, DATE):
            out += _cell_per_line_header(line, rng)
            if line.role == ISSUER and nxt != ISSUER:
                out.append(Line("-" * rng.choice((7, 7, 8)), SEP))
        elif line.role == NATIONAL:
            out.append(line)
            if nxt != MOTTO:
                out.append(Line("-" * 15, SEP))
        elif line.role == MOTTO:
            out += [line, Line("-" * 15, SEP)]
        elif line.role == NOI_NHAN:
            out += [Line(item, NOI_NHAN if k == 0 else DIST)
                    for k, item in enumerate(distribution_items(line.text))]
        elif line.role == SIG:
            if i == 0 or lines[i - 1].role != SIG:
                end = next((k for k in range(i, len(lines)) if lines[k].role != SIG), len(lines))
                cells = signature_cells(" ".join(x.text for x in lines[i:end]))
                out += [Line(cell, SIG) for cell in _signature_cell_lines(cells, rng)]
        elif line.role == TYPE:
            words = line.text.split(" ")
            broken = len(words) == 2 and rng.random() < 0.3
            out.append(Line("\r\n".join(words) if broken else line.text, TYPE))
        elif line.role in (SUBJECT, BODY) and not (_is_caps(line.text) and line.text.endswith(":")):
            # Most paragraphs break after their first words; short lines ("CHÍNH PHỦ") seldom do.
            if rng.random() < (0.9 if len(line.text) >= 60 else 0.25):
                line = Line(_break_paragraph(line.text, rng), line.role)
            out.append(line)
        else:
            out.append(line)
    parts.lines = out


def _merged_header(parts: Parts, rng: random.Random) -> None:
    lines = parts.lines
    idx = [i for i, line in enumerate(lines) if line.role in HEADER_TABLE]
    if not idx:
        return
    seps = rng.random() < 0.5

    def texts(*roles: str) -> list[str]:
        return [line.text for line in lines if line.role in roles]

    left_top = texts(ISSUER) + (["-------"] if seps and texts(ISSUER) else [])
    right_top = texts(NATIONAL, MOTTO) + (["---------------"] if seps and texts(NATIONAL) else [])
    rows = [" ".join(left_top + right_top), " ".join(texts(NUMBER, VV) + texts(DATE))]
    rows = [row for row in rows if row]
    start, end = idx[0], idx[-1] + 1
    rest = [line for line in lines[start:end] if line.role not in HEADER_TABLE]
    after = lines[end:]
    if after and after[0].role in (KINH_GUI, TYPE) and rng.random() < 0.5:
        # The next cell or title follows on the same line ("..., ngày 5/3/2024 Kính gửi:").
        take = 2 if after[0].role == TYPE and len(after) > 1 and after[1].role == SUBJECT else 1
        if after[0].role == KINH_GUI or rng.random() < 0.5:
            rows[-1] = " ".join([rows[-1], *(line.text for line in after[:take])])
            after = after[take:]
    parts.lines = [*lines[:start], *(Line(row, MERGED) for row in rows), *rest, *after]


def _markdown_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _markdown(parts: Parts, rng: random.Random) -> None:
    lines = parts.lines
    joiner = rng.choice((" ", "<br>", "<br/>"))
    rule = rng.choice(("|---|---|", "| --- | --- |"))
    empty_head = rng.random() < 0.3

    def table(rows: list[list[str]]) -> list[Line]:
        body = [_markdown_row(row) for row in rows]
        head = [_markdown_row(["", ""]), rule] if empty_head else [body.pop(0), rule]
        return [Line(text, TABLE) for text in head + body]

    def cell(texts: list[str], sep: str | None = None) -> str:
        return joiner.join(texts + ([sep] if sep and texts and rng.random() < 0.5 else []))

    # The header: (issuer | national title and motto), (number and V/v | place and date).
    idx = [i for i, line in enumerate(lines) if line.role in HEADER_TABLE]
    if idx:
        start, end = idx[0], idx[-1] + 1
        pick = {role: [x.text for x in lines[start:end] if x.role == role] for role in HEADER_TABLE}
        issuer = [c for text in pick[ISSUER] for c in issuer_cells(text)]
        rows = [[cell(issuer, "-------"), cell(pick[NATIONAL] + pick[MOTTO], "---------------")],
                [cell(pick[NUMBER] + pick[VV]), cell(pick[DATE])]]
        rest = [x for x in lines[start:end] if x.role not in HEADER_TABLE]
        lines = [*lines[:start], *table(rows), *rest, *lines[end:]]
    # The closing: (Nơi nhận and its items | signature cells).
    dist = [i for i, line in enumerate(lines) if line.role in (NOI_NHAN, DIST)]
    signature = _signature_text(lines)
    if signature:
        left = cell([lines[i].text for i in dist])
        right = cell(signature_cells(signature))
        at = min([*dist, *[i for i, x in enumerate(lines) if x.role == SIG]])
        kept = [x for x in lines if x.role not in (NOI_NHAN, DIST, SIG)]
        before = sum(1 for x in lines[:at] if x.role not in (NOI_NHAN, DIST, SIG))
        lines = [*kept[:before], *table([[left, right]]), *kept[before:]]
    parts.lines = lines


def _cell_wraps(parts: Parts, rng: random.Random) -> None:
    for line in parts.lines:
        if line.role not in CELLS or "\r\n" in line.text or regex.fullmatch(r"Nơi\s+nhận\s*:?", line.text):
            continue
        words = line.text.split(" ")
        if len(line.text) > 80 and line.role != SIG:
            wrapped = _wrap(words, rng.randint(76, 84))
        elif len(words) > 1 and rng.random() < 0.5:
            # A line of the signature may hold several cells: wrap inside the first one.
            inside = line.role in (SIG, NUMBER) or rng.random() < 0.5
            cut = 1 if inside else rng.randint(1, len(words) - 1)
            wrapped = [" ".join(words[:cut]), " ".join(words[cut:])]
        else:
            continue
        line.text = "\r\n  ".join(wrapped)


def _gazette(parts: Parts, rng: random.Random) -> None:
    """Công báo pages: a running head and page number on every page, a stamp on the first."""
    lines = parts.lines
    new_style = rng.random() < 0.5  # 2026 issues: "CÔNG BÁO/Số 302/Ngày 02-06-2026" then "70"
    # The issue comes out some days after the notice is signed.
    signed = next((regex.search(r"(\d{1,2})(?:\s+tháng\s+|/)(\d{1,2})(?:\s+năm\s+|/)(\d{4})", x.text)
                   for x in lines if x.role == DATE), None)
    try:
        day = datetime.date(*map(int, reversed(signed.groups()))) if signed else None
    except ValueError:
        day = None
    day = (day or datetime.date(rng.randint(2016, 2025), 1, 1)) + datetime.timedelta(rng.randint(3, 60))
    d, m, y = day.day, day.month, day.year
    issue = rng.randint(1, 700) * 2 - 1
    page = rng.randint(1, 90)

    def head() -> list[str]:
        nonlocal page
        page += 1
        if new_style:
            return ["", f"CÔNG BÁO/Số {issue}/Ngày {d:02d}-{m:02d}-{y} ", str(page), " ", " "]
        date = f"{d:02d}-{m if rng.random() < 0.5 else f'{m:02d}'}-{y}"
        running = f"CÔNG BÁO/Số {issue} + {issue + 1}/Ngày {date} "
        if page % 2 == 0:
            return ["", " ", f"{page} ", running, "  "]
        return ["", " ", " ", running, f"{page} ", " "]

    def stamp() -> list[str]:
        h, mi, s = rng.randint(7, 17), rng.randint(0, 59), rng.randint(0, 59)
        if new_style:
            return ["Ký bởi: CÔNG BÁO NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                    "Cơ quan: VĂN PHÒNG CHÍNH PHỦ",
                    f"Ngày ký: {y}-{m:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d} +07:00"]
        signer = rng.choice(("Người ký", "Ký bởi"))
        return [f"{signer}: Cổng Thông tin điện tử Chính phủ", "Email: thongtinchinhphu@chinhphu.vn",
                "Cơ quan: Văn phòng Chính phủ",
                f"Thời gian ký: {d:02d}.{m:02d}.{y} {h:02d}:{mi:02d}:{s:02d} +07:00"]

    top = head()[1:]
    if not new_style and rng.random() < 0.5:
        top += [rng.choice(("VĂN BẢN QUY PHẠM PHÁP LUẬT ", "VĂN BẢN PHÁP LUẬT KHÁC ")), "  "]
        issuer = [x.text for x in lines if x.role == ISSUER]
        if len(issuer) == 1 and len(issuer_cells(issuer[0])) == 1:  # a one-level body heads its section
            top += [issuer[0] + " ", " "]
    out = [Line(text, FURNITURE) for text in top]
    closing = {i for i, x in enumerate(lines) if x.role in (NOI_NHAN, DIST, SIG)}
    # Pages break below the header (the first page holds it whole), never inside the closing table.
    body = next((i for i, x in enumerate(lines) if x.role in (BODY, NOI_NHAN, DIST, SIG)), len(lines))
    gap, stamped = rng.randint(5, 12), rng.random() < 0.3
    for i, line in enumerate(lines):
        gap -= 1 if i >= body else 0
        if i <= body or (i in closing and i - 1 in closing) or gap > 0:
            out.append(line)
            continue
        # A page ends before this line, or inside it when it is a long paragraph.
        words = line.text.split(" ")
        if line.role == BODY and "\r\n" not in line.text and len(words) >= 12 and rng.random() < 0.5:
            cut = rng.randint(4, len(words) - 4)
            out.append(Line(" ".join(words[:cut]) + " ", BODY))
            line = Line(" ".join(words[cut:]), BODY)
        if not stamped:
            out += [Line(text, FURNITURE) for text in stamp()]
            stamped = True
        if rng.random() < 0.1:
            issue += 2
            note = f"(Xem tiếp Công báo số {issue} + {issue + 1}) "
            out += [Line(text, FURNITURE) for text in (" ", " ", note, "")]
        out += [Line(text, FURNITURE) for text in head()]
        out.append(line)
        gap = rng.randint(5, 12)
    if not stamped:
        out += [Line(text, FURNITURE) for text in stamp()]
    parts.lines = out


# Applied in this order; of the layouts that restyle the same table, the first listed wins.
_STEPS: dict[str, Callable[[Parts, random.Random], None]] = {
    "signature_on_distribution": _on_distribution,
    "markdown_table": _markdown,
    "merged_header": _merged_header,
    "cell_per_line": _cell_per_line,
    "cell_wraps": _cell_wraps,
    "gazette_furniture": _gazette,
}
_EXCLUDES = {
    "signature_on_distribution": {"markdown_table"},
    "markdown_table": {"merged_header", "cell_per_line"},
}


def compatible(names) -> list[str]:
    """The layouts of ``names`` that can go together, in the order they are applied."""
    chosen: list[str] = []
    for name in _STEPS:
        if name in names and not any(name in _EXCLUDES.get(c, ()) for c in chosen):
            chosen.append(name)
    return chosen


def render_lines(clean: str, names, rng: random.Random) -> list[Line]:
    """The lines of :func:`render`, each with its role (added lines: ``SEP``, ``FURNITURE``)."""
    parts = analyse(clean)
    for name in compatible(names):
        _STEPS[name](parts, rng)
    return parts.lines


def render(clean: str, names, rng: random.Random) -> str:
    """Lay out a clean notice with several layouts (see :func:`compatible`)."""
    return "\n".join(line.text for line in render_lines(clean, names, rng))


def _layout(name: str) -> Callable[[str, random.Random], str]:
    def layout(clean: str, rng: random.Random) -> str:
        return render(clean, [name], rng)

    layout.__name__ = name
    layout.__doc__ = (_STEPS[name].__doc__ or "") + f"\nThe {name} layout of a clean notice."
    return layout


cell_per_line = _layout("cell_per_line")
cell_wraps = _layout("cell_wraps")
merged_header = _layout("merged_header")
signature_on_distribution = _layout("signature_on_distribution")
markdown_table = _layout("markdown_table")
gazette_furniture = _layout("gazette_furniture")

LAYOUTS: dict[str, Callable[[str, random.Random], str]] = {
    "cell_per_line": cell_per_line,
    "cell_wraps": cell_wraps,
    "merged_header": merged_header,
    "signature_on_distribution": signature_on_distribution,
    "markdown_table": markdown_table,
    "gazette_furniture": gazette_furniture,
}
