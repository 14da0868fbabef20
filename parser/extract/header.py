"""Header fields: issuer, number, document type, place and date of issue, subject, recipients."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex

from .. import patterns, vocab
from ..layout import Blocks, Line, is_upper
from ..models import DocNumber, Issuer
from ..patterns import squash
from ..titles import split_bodies
from .dates import parse_date
from .numbers import find_numbers, parse_number, type_name

_NUMBER_LINE = patterns.NUMBER_LINE
_SUBJECT = regex.compile(r"V/v\b\s*:?\s*", regex.IGNORECASE)
_TRAILING = " ;.,:"
# "VĂN BẢN HỢP NHẤT - BỘ TÀI CHÍNH": the gazette's banner over a consolidated text.
_CONSOLIDATION_BANNER = regex.compile(r"^\s*VĂN\s+BẢN\s+HỢP\s+NHẤT\s*[-–]\s*")
# "Luật này được Quốc hội ... thông qua ngày 29 tháng 11 năm 2024."
_PASSED_ON = regex.compile(rf"thông\s+qua\s+(?P<date>{patterns.DATE_WORDS})")
_TITLE_NAMES = {t.upper(): t for t in vocab.TYPE_TITLES}


@dataclass(frozen=True)
class Header:
    issuer: Issuer
    number: DocNumber | None
    doc_type: str | None
    place: str | None
    issued_on: dt.date | None
    subject: str | None
    recipients: tuple[str, ...]


def extract_header(blocks: Blocks) -> Header:
    """Read the header block, the type title and the addressee of a segmented notice."""
    header = blocks.header
    number = _number(header)
    late = [n for n in (_number((line,)) for line in blocks.late_number) if n is not None]
    consolidated = [n for n in late if n.type_code == "VBHN"]
    if consolidated:
        number = consolidated[-1]  # a consolidated text is authenticated under its own number
    elif number is None and late:
        number = late[-1]
    if number is None:
        number = _attached_number(blocks)
    place, issued_on = _place_date(header)
    if issued_on is None:  # laws and consolidated texts date themselves in the closing
        place, issued_on = _closing_date(blocks)
    title_type, title_subject = _type_title(blocks.type_title)
    subject = title_subject or _subject(header)
    doc_type = type_name(number, title_type)
    if doc_type is None and number is not None and (subject is not None or blocks.addressee):
        doc_type = "Công văn"
    return Header(
        issuer=_issuer(header),
        number=number,
        doc_type=doc_type,
        place=place,
        issued_on=issued_on,
        subject=subject,
        recipients=_recipients(blocks.addressee),
    )


def _number(header: tuple[Line, ...]) -> DocNumber | None:
    for line in header:
        m = _NUMBER_LINE.match(line.text)
        if m:
            for _, number in find_numbers(line.text, m.start("num")):
                return number
            words = m.group("num").split()
            for n in (2, 1):  # "Số: 1830 QĐ-UBND": a space where the "/" should be
                number = parse_number(" ".join(words[:n])) if len(words) >= n else None
                if number:
                    return number
    return None


def _attached_number(blocks: Blocks) -> DocNumber | None:
    """An annex published on its own: the number of the document it is attached to."""
    for line in (*blocks.header, *blocks.body[:20]):
        m = patterns.ATTACHED_NOTE.search(line.text)
        if m:
            for _, number in find_numbers(m.group("cite")):
                return number
    return None


def _place_date(header: tuple[Line, ...]) -> tuple[str | None, dt.date | None]:
    for line in header:
        m = patterns.PLACE_DATE.match(line.text)
        if m:
            return m.group("place").strip(), parse_date(m.group("date"))
    return None, None


def _closing_date(blocks: Blocks) -> tuple[str | None, dt.date | None]:
    """A date in the closing: a late place-and-date line, or the body's last statement that
    the text was passed ("… thông qua ngày 29 tháng 6 năm 2024")."""
    place, date = _place_date(blocks.late_date)
    if date:
        return place, date
    for line in reversed(blocks.body):
        m = _PASSED_ON.search(line.text)
        if m:
            return None, parse_date(m.group("date"))
    return None, None


def _issuer(header: tuple[Line, ...]) -> Issuer:
    """The capital lines above the number, without the national title and motto."""
    run: list[str] = []
    for line in header:
        text = _CONSOLIDATION_BANNER.sub("", line.text)
        if _NUMBER_LINE.match(text) or patterns.PLACE_DATE.match(text) or _SUBJECT.match(text):
            break
        if patterns.TYPE_TITLE_UPPER.fullmatch(text.strip()):
            break
        for pattern in (patterns.NATIONAL_TITLE, patterns.MOTTO, patterns.PARTY_TITLE):
            text = pattern.sub(" ", text)
        text = text.strip(" -_")
        if text and is_upper(text) and (not run or run[-1] != text):
            run.append(text)
    if not run:
        return Issuer(None)
    bodies = []
    for body in split_bodies(_undouble(" ".join(run))):  # a gazette repeats the issuer
        if not bodies or bodies[-1] != body:
            bodies.append(body)
    if len(bodies) == 1:
        return Issuer(_clean_name(bodies[0]))
    return Issuer(_clean_name(bodies[-1]), _clean_name(" ".join(bodies[:-1])))


def _undouble(text: str) -> str:
    """"CHÍNH PHỦ CHÍNH PHỦ" -> "CHÍNH PHỦ": a name the layout printed twice."""
    words = text.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and half and words[:half] == words[half:]:
        return " ".join(words[:half])
    return text


def _clean_name(name: str) -> str:
    return squash(name).strip(" -_*")


def _subject(header: tuple[Line, ...]) -> str | None:
    for i, line in enumerate(header):
        m = _SUBJECT.match(line.text)
        if m:
            parts = [line.text[m.end():]]
            for nxt in header[i + 1:]:
                ends = patterns.PLACE_DATE.match(nxt.text) or patterns.KINH_GUI.match(nxt.text)
                if ends or is_upper(nxt.text):
                    break
                parts.append(nxt.text)
            return " ".join(parts).strip(_TRAILING) or None
    return None


def _type_title(lines: tuple[Line, ...]) -> tuple[str | None, str | None]:
    """("Quyết định", "Ban hành ...") from "QUYẾT ĐỊNH" / subject lines / authority line."""
    if not lines:
        return None, None
    first = lines[0].text
    m = patterns.TYPE_TITLE_UPPER.match(first)
    doc_type = _TITLE_NAMES.get(m.group()) if m else None
    rest = [first[m.end():].strip(" :")] if m else [first]
    rest += [line.text for line in lines[1:]]
    subject = " ".join(r for r in rest if r).strip(_TRAILING)
    return doc_type, subject or None


def _recipients(lines: tuple[Line, ...]) -> tuple[str, ...]:
    if not lines:
        return ()
    items: list[str] = []
    first = patterns.KINH_GUI.sub("", lines[0].text, count=1)
    texts = ([first] if first.strip() else []) + [line.text for line in lines[1:]]
    for text in texts:
        # "Kính gửi: Sở Y tế; Sở Tài chính." - several on one line, separated by semicolons
        for part in text.split(";"):
            part = patterns.LIST_ITEM.sub("", part.strip()).strip(_TRAILING)
            if part:
                items.append(part)
    return tuple(items)
