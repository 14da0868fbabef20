"""Segment clean text into the blocks of a notice's layout.

header (issuer, number, place and date, type title, subject) -> addressee
("Kính gửi") -> body -> closing (signature and "Nơi nhận") -> annexes.
The layout follows Nghị định 30/2020/NĐ-CP, Phụ lục I.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from . import layout, patterns, vocab
from .titles import split_titles

_TITLE_LINE = regex.compile(
    rf"(?:{patterns.TYPE_TITLE_UPPER.pattern})(?:\s*\(.*\))?\s*:?(?:\s+\S.*)?$"
)
_NAME_LINE = regex.compile(r"\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){1,5}\.?")
_CAPITALS_HEAD = regex.compile(r"[\p{Lu}\s]+(?=\s\p{Lu}\p{Ll}|$)")
_NAME_AT_END = regex.compile(r"\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}*)+\.?$", regex.REVERSE)
_HEADING = regex.compile(r"(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s|(?:Điều|Chương|Mục|Phần)\s")


@dataclass(frozen=True)
class Line:
    """One line of the clean text: ``text == clean[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Blocks:
    """A notice cut into its layout blocks (tuples of lines)."""

    header: tuple[Line, ...]
    type_title: tuple[Line, ...]
    authority: tuple[Line, ...]
    addressee: tuple[Line, ...]
    body: tuple[Line, ...]
    signature: tuple[Line, ...]
    distribution: tuple[Line, ...]
    annexes: tuple[Line, ...]
    late_number: tuple[Line, ...] = ()  # number lines after the header (consolidated texts)
    late_date: tuple[Line, ...] = ()  # without a dated header: the last place-and-date line


def lines_of(clean: str) -> list[Line]:
    """Non-empty lines with their offsets in ``clean``."""
    out = []
    pos = 0
    for raw in clean.split("\n"):
        start, pos = pos, pos + len(raw) + 1
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(Line(start + lead, start + lead + len(stripped), stripped))
    return out


def is_upper_line(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and not any(c.islower() for c in letters)


def segment(clean: str) -> Blocks:
    """Cut the clean text of a notice into its blocks."""
    lines = lines_of(clean)
    n = len(lines)
    date_idx = _first(lines, lambda t: patterns.PLACE_DATE.match(t) is not None, 0, min(n, 30))
    number_idx = _first(lines, lambda t: patterns.NUMBER_LINE.match(t) is not None, 0, min(n, 30))
    # A consolidated text (văn bản hợp nhất) states its own number in the closing block.
    late_number = tuple(line for line in lines[30:] if patterns.NUMBER_LINE.match(line.text))
    anchor = max(i for i in (date_idx, number_idx, -1) if i is not None)
    header_end = anchor + 1
    type_title: list[Line] = []
    authority: list[Line] = []
    addressee: list[Line] = []

    kg_idx = _first(lines, lambda t: patterns.KINH_GUI.match(t) is not None, 0, min(n, anchor + 8))
    title_idx = _first(lines, lambda t: _TITLE_LINE.match(t) is not None, 0, min(n, anchor + 4))
    if title_idx is not None and (kg_idx is None or title_idx < kg_idx):
        subject_end, end = _type_title_end(lines, title_idx)
        type_title = lines[title_idx:subject_end]
        authority = lines[subject_end:end]
        header_end = max(header_end, end)
    if kg_idx is not None:
        end = _addressee_end(lines, kg_idx)
        addressee = lines[kg_idx:end]
        header_end = max(header_end, end)

    sig_start, sig_end, dist_start, dist_end = _closing(lines, header_end)
    closing_start = min(i for i in (sig_start, dist_start, n) if i is not None)
    closing_end = max(i for i in (sig_end, dist_end, closing_start) if i is not None)
    return Blocks(
        header=tuple(lines[:header_end]),
        type_title=tuple(type_title),
        authority=tuple(authority),
        addressee=tuple(addressee),
        body=tuple(lines[header_end:closing_start]),
        signature=tuple(lines[sig_start:sig_end]) if sig_start is not None else (),
        distribution=tuple(lines[dist_start:dist_end]) if dist_start is not None else (),
        annexes=tuple(lines[closing_end:]),
        late_number=late_number,
        late_date=() if date_idx is not None else _last_place_date(lines, header_end),
    )


def _last_place_date(lines: list[Line], start: int) -> tuple[Line, ...]:
    """The last place-and-date line after ``start``: where laws and consolidated texts date themselves."""
    for line in reversed(lines[start:]):
        if patterns.PLACE_DATE.match(line.text):
            return (line,)
    return ()


def _first(lines: list[Line], test, start: int, end: int) -> int | None:
    for i in range(start, end):
        if test(lines[i].text):
            return i
    return None


def _type_title_end(lines: list[Line], title_idx: int) -> tuple[int, int]:
    """Ends of the type title with its subject lines, and of the enacting authority's line."""
    i = title_idx + 1
    limit = min(len(lines), title_idx + 6)
    while i < limit:
        text = lines[i].text
        opens_body = patterns.OPENER.match(text) and (i > title_idx + 1 or text.startswith("Căn cứ"))
        if opens_body or _HEADING.match(text) or patterns.KINH_GUI.match(text):
            break
        if i > title_idx + 1 and is_upper_line(text) and _is_authority(text):
            return i, i + 1
        if i > title_idx + 1 and not is_upper_line(text) and text[-1:] in ".;:":
            break
        i += 1
    return i, i


def _is_authority(text: str) -> bool:
    words = text.upper().split()
    if any(" ".join(words[: len(b.split())]) == b for b in vocab.ENACTING_BODIES):
        return True
    first = split_titles(text)[0].upper() if text else ""
    return any(first.startswith(h) or first.startswith("PHÓ " + h) for h in vocab.TITLE_HEADS)


def _addressee_end(lines: list[Line], kg_idx: int) -> int:
    """"Kính gửi" and its recipients: the rest of its line, or the list under it."""
    after = patterns.KINH_GUI.sub("", lines[kg_idx].text, count=1).strip(" :")
    if after:
        return kg_idx + 1
    i = kg_idx + 1
    if i < len(lines) and not patterns.LIST_ITEM.match(lines[i].text):
        # One recipient per line without dashes: "Sở Y tế;" / "Sở Tài chính."
        while i + 1 < len(lines) and lines[i].text.endswith((";", ",")) and len(lines[i + 1].text) < 120:
            i += 1
        return i + 1
    while i < len(lines) and patterns.LIST_ITEM.match(lines[i].text):
        i += 1
        if lines[i - 1].text.endswith("."):
            break
    return i


def _closing(lines: list[Line], body_start: int) -> tuple[int | None, int | None, int | None, int | None]:
    """(signature start, end, distribution start, end) as line indices.

    Annexes may hold forms with a "Nơi nhận" of their own: the closing is the first
    "Nơi nhận" with a signature beside it, else the last one.
    """
    n = len(lines)
    candidates = [i for i in range(body_start, n) if patterns.NOI_NHAN.match(lines[i].text)]
    if not candidates:
        prefixed = [i for i in range(body_start, n) if patterns.SIGNING_PREFIX.match(lines[i].text)]
        if not prefixed:
            return None, None, None, None
        return (*_signature_span(lines, prefixed[0], None), None, None)
    fallback = None
    for dist_start in candidates:
        dist_end = dist_start + 1
        while dist_end < n and _is_distribution_entry(lines[dist_end].text):
            dist_end += 1
        sig_start = _signature_near(lines, body_start, dist_start, dist_end)
        if sig_start is not None:
            return (*_signature_span(lines, sig_start, dist_start), dist_start, dist_end)
        fallback = (None, None, dist_start, dist_end)
    return fallback


def _is_distribution_entry(text: str) -> bool:
    """A "Nơi nhận" entry: a list item, or a short line ending in ";" (some lists have no dashes)."""
    if patterns.LIST_ITEM.match(text):
        return True
    if patterns.SIGNING_PREFIX.match(text) or is_upper_line(text):
        return False
    return len(text) < 120 and (text.endswith(";") or text.startswith("Lưu"))


def _signature_near(lines: list[Line], body_start: int, dist_start: int, dist_end: int) -> int | None:
    """The signature block beside a "Nơi nhận" list: after it, or just before it."""
    n = len(lines)
    window = range(max(body_start, dist_start - 8), min(n, dist_end + 4))
    prefixed = [i for i in window if patterns.SIGNING_PREFIX.match(lines[i].text)]
    if prefixed:
        after = [i for i in prefixed if i >= dist_end]
        return after[0] if after else prefixed[-1]
    if dist_end < n and _is_title_line(lines[dist_end].text):
        return dist_end
    if dist_end + 1 < n and layout.label(lines[dist_end + 1].text) == layout.CERTIFY:
        return dist_end  # the body that authenticates a consolidated text, then "XÁC THỰC ..."
    for i in (dist_start - 2, dist_start - 1):
        if i >= body_start and _is_title_line(lines[i].text):
            return i
    return None


def _signature_span(lines: list[Line], sig_start: int, stop: int | None) -> tuple[int, int]:
    """The signature's lines: prefix and title lines in capitals, then the signer's name."""
    n = len(lines)
    sig_end = sig_start + 1
    if not _has_name(lines[sig_start].text):
        while sig_end < n and sig_end != stop:
            text = patterns.SEAL_NOTE.sub("", lines[sig_end].text).strip()
            if not text or (is_upper_line(text) and len(text) < 80):
                sig_end += 1
                continue
            if _NAME_LINE.fullmatch(text) or (
                patterns.SIGNING_PREFIX.match(text) and _has_name(text)
            ):
                sig_end += 1
            break
    return sig_start, sig_end


def _is_title_line(text: str) -> bool:
    head = _CAPITALS_HEAD.match(text)
    return bool(head) and len(head.group()) < 80 and _is_authority(head.group().strip())


def _has_name(text: str) -> bool:
    return _NAME_AT_END.search(text) is not None
