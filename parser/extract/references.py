"""References: every other document a notice cites, read with ``grammars/reference.lark``.

A regex scan finds document numbers; the words before one (type name, "số")
and after it ("ngày 09/3/2015", "của Thủ tướng Chính phủ") make the citation.
Repeated mentions of one document collapse into one :class:`Reference`.  Laws
cited by name only ("Luật Hải quan năm 2014") come back with ``number=None``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

import regex
from lark import Token
from lark.exceptions import LarkError

from .. import patterns, vocab
from ..grammars import load
from ..lexicon import fold
from ..models import DocNumber, Reference, Span
from ..patterns import squash
from .dates import DATE_SPAN, find_dates, parse_date
from .numbers import canonical, parse_number, type_name

_TYPE_NAMES = "|".join(regex.escape(t) for t in vocab.CITED_TYPES)
_TYPE_BEFORE = regex.compile(
    rf"(?P<type>{_TYPE_NAMES})(?:\s+[\p{{L}}]+){{0,8}}?\s*(?:số\s*:?\s*)?$",
    regex.REVERSE,
)
_DATE_AFTER = regex.compile(rf"\s*,?\s*ngày\s+(?:{DATE_SPAN.pattern})", regex.IGNORECASE)
# Words that end an issuer's name ("của Bộ Y tế quy định ...", "của Ban Thường vụ Tỉnh ủy thực hiện ...");
# "và" ends it unless a capitalised word follows ("Bộ Giáo dục và Đào tạo").
_ISSUER_STOP = (
    r"về|quy\s+định|hướng\s+dẫn|sửa\s+đổi|ban\s+hành|phê\s+duyệt|thay\s+thế|đã|có|là|được|trích|tại"
    r"|thì|nêu|đề\s+nghị|gửi|theo|thực\s+hiện|triển\s+khai|tăng\s+cường|chấp\s+thuận|giao|kèm\s+theo"
    r"|năm|ngày|cho|với|đối\s+với|nhằm|để|trên|khi|công\s+bố|bãi\s+bỏ|kiện\s+toàn|thành\s+lập"
    r"|chỉ\s+đạo|tổ\s+chức|xây\s+dựng|đính\s+chính|và(?!\s+\p{Lu})|và(?=\s+(?:" + _TYPE_NAMES + r")\b)"
)
_ISSUER_AFTER = regex.compile(
    rf"\s*,?\s*(?:của|do)\s+(?P<issuer>\p{{Lu}}[^,;.()\n]*?)(?=\s+(?:{_ISSUER_STOP})\b|[,;.()\n]|$)"
)
# "ngày 03/12/2015, Sở Y tế đã ban hành kèm theo Quyết định số ...": who issued it, stated first.
_ISSUER_FIRST = regex.compile(r"^\s*,\s*(?P<issuer>\p{Lu}[^,;.()\n]*?)\s+(?:đã\s+)?(?:ban\s+hành|ký)")
_ISSUED_BEFORE = regex.compile(r"ban\s+hành|ký|phê\s+duyệt", regex.IGNORECASE)
_LAW_NAME_STOP = (
    r"được|và|thì|số|có|để|theo|quy\s+định|về|tại|đã|là|này|sửa|hướng|năm|ngày|trong|của|khi|đối|với"
    r"|nhưng|hoặc|cũng|do|phải|không|mà|đến|từ|nay|hiện|chưa|sẽ|các|cho|như"
)
# A law named without number or year: "Luật Ban hành văn bản quy phạm pháp luật, được sửa đổi ..."
_BARE_LAW = regex.compile(
    rf"(?<![\p{{L}}])(?:Bộ\s+luật|Luật)\s+\p{{Lu}}[\p{{L}}]*(?:,?\s+(?!(?:{_LAW_NAME_STOP})\b)\p{{Ll}}+){{0,9}}"
    r"(?!\s+(?:số\s+\d|năm\s+\d|ngày\s+\d)|\s*\d)"
)
_NAMED_LAW = regex.compile(
    r"(?<![\p{L}])(?P<name>(?:Bộ\s+luật|Luật)(?:\s+[\p{L}][\p{L},]*){1,10}?)"
    r"\s+(?:năm\s+(?P<year>\d{4})|ngày\s+(?P<date>\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|\d{1,2}/\d{1,2}/\d{4}))"
)


@dataclass
class _Found:
    number: DocNumber | None
    doc_type: str | None
    date: dt.date | None
    issuer: str | None
    name: str | None
    spans: list[Span] = field(default_factory=list)


def extract_references(
    text: str, start: int = 0, own_number: DocNumber | None = None
) -> tuple[tuple[Reference, ...], list[tuple[int, int]]]:
    """References cited in ``text[start:]`` and the spans their dates occupy.

    The date spans let the deadline extractor skip dates that belong to a citation.
    """
    own = canonical(own_number.raw).upper() if own_number else None
    found: dict[str, _Found] = {}
    date_spans: list[tuple[int, int]] = []
    consumed_dates: set[int] = set()
    for m in patterns.NUMBER.finditer(text, start):
        number = parse_number(m.group())
        if number is None or not _plausible(number):
            continue
        key = number.raw.upper()
        if key == own:
            continue
        line_start = max(text.rfind("\n", 0, m.start()) + 1, m.start() - 120)
        before = _TYPE_BEFORE.search(text, line_start, m.start())
        cite_start = before.start() if before else m.start()
        date_m = _DATE_AFTER.match(text, m.end())
        cite_end = date_m.end() if date_m else m.end()
        doc_type, date = _read_citation(text[cite_start:cite_end])
        if date_m:
            date_spans.append((date_m.start(), date_m.end()))
            consumed_dates.add(date_m.end())
        issuer_m = _ISSUER_AFTER.match(text, cite_end)
        issuer = issuer_m.group("issuer").strip() if issuer_m else None
        if date is None:
            date, first_issuer = _date_before(text, line_start, cite_start, consumed_dates, date_spans)
            issuer = issuer or first_issuer
        entry = found.setdefault(key, _Found(number, None, None, None, None))
        entry.doc_type = entry.doc_type or doc_type or type_name(number)
        entry.date = entry.date or date
        entry.issuer = entry.issuer or issuer
        entry.spans.append(Span(cite_start, cite_end))
    for m in _NAMED_LAW.finditer(text, start):
        name = squash(m.group(0) if m.group("year") else m.group("name"))
        date = parse_date(m.group("date")) if m.group("date") else None
        if m.group("date"):
            date_spans.append((m.start("date"), m.end("date")))
        entry = found.setdefault("law:" + fold(name), _Found(None, _law_type(name), None, None, name))
        entry.date = entry.date or date
        entry.spans.append(Span(m.start(), m.end()))
    cited = sorted((sp.start, sp.end) for f in found.values() for sp in f.spans)
    for m in _BARE_LAW.finditer(text, start):
        if patterns.covered(cited, m.start()):
            continue
        name = squash(m.group())
        key = "law:" + fold(name)
        same = [k for k in found if k == key or k.startswith(key + " năm")]
        entry = found.setdefault(same[0] if same else key, _Found(None, _law_type(name), None, None, name))
        entry.spans.append(Span(m.start(), m.end()))
    refs = tuple(
        Reference(f.doc_type, f.number.raw if f.number else None, f.date, f.issuer, f.name, tuple(f.spans))
        for f in sorted(found.values(), key=lambda f: f.spans[0].start)
    )
    return refs, date_spans


def _plausible(number: DocNumber) -> bool:
    """A citation number has a year or at least one code of two letters or more."""
    codes = [c for c in (number.type_code, number.issuer_code, number.unit_code) if c]
    return bool(number.year) or any(len(c) >= 2 for c in codes)


def _law_type(name: str) -> str:
    return "Bộ luật" if name.lower().startswith("bộ luật") else "Luật"


@cache
def _read_citation(span: str) -> tuple[str | None, dt.date | None]:
    """(type name, date) of a citation span, read with reference.lark."""
    try:
        tree = load("reference").parse(span)
    except LarkError:
        return None, None
    doc_type = date = None
    for item in tree.children:
        if isinstance(item, Token) and item.type == "TYPE":
            doc_type = _type_spelling(str(item))
        elif not isinstance(item, Token) and item.data == "dated":
            date = parse_date(str(item.children[0]))
    return doc_type, date


def _type_spelling(word: str) -> str:
    word = squash(word)
    return word[0].upper() + word[1:].lower()


def _date_before(
    text: str, start: int, cite_start: int, consumed: set[int], date_spans: list[tuple[int, int]]
) -> tuple[dt.date | None, str | None]:
    """"ngày 03/12/2015, X đã ban hành kèm theo Quyết định số ...": date (and issuer) stated first."""
    sentence_start = max(text.rfind(".", start, cite_start), text.rfind(";", start, cite_start), start)
    dates = [(m, d) for m, d in find_dates(text, sentence_start, cite_start) if m.end() not in consumed]
    if not dates:
        return None, None
    m, value = dates[-1]
    between = text[m.end() : cite_start]
    if not m.group().lower().startswith("ngày") or not _ISSUED_BEFORE.search(between):
        return None, None
    if patterns.NUMBER.search(between):
        return None, None
    consumed.add(m.end())
    date_spans.append((m.start(), m.end()))
    issuer = _ISSUER_FIRST.match(between)
    return value, issuer.group("issuer").strip() if issuer else None

