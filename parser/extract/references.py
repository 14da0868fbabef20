"""Find citations of other documents with ``grammars/reference.lark``.

The body is cut into segments (lines, sentences, clauses up to ";"); a fast locator compiled
from the grammar's own terminals picks the segments that may hold a citation, and the grammar
reads each of them whole: it decides what is a citation, its type, name, number, date, issuer,
pin cite and relation to the notice, and what is a short form ("Nghị định nêu trên"), the notice
itself ("Quyết định này") or an alias ("(sau đây gọi là Luật BHYT)").  Its Transformer builds
:class:`Citation` items with spans; :mod:`vanban.resolve` then decides what refers to what.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex
from lark import Token, Transformer, Tree
from lark.exceptions import LarkError

from ..grammars import load_reading, terminal_pattern
from ..models import DocNumber, Span
from .dates import date_of
from .numbers import parse_number, type_name
from .segments import SEGMENT_END, hits, segment_around

# Where a segment ends: a line, ";", or a full stop before a capital (not after "TP." and the like).

_LEADING_SO = regex.compile(r"^số\s*:?\s*", regex.IGNORECASE)
_PIN_PART = regex.compile(r"(điểm|khoản|điều)\s+([\p{L}\d]+)", regex.IGNORECASE)
_GENERIC_TYPES = {"Văn bản"}


@dataclass(frozen=True)
class Citation:
    """One mention found by the grammar.

    ``kind``: ``numbered`` (with a number), ``named_law`` (a law by its name), ``short_form``
    ("Nghị định nêu trên"), ``self`` ("Quyết định này"), ``internal`` (a pin cite into the
    notice: "khoản 2 Điều này"), or ``alias`` (a "(sau đây gọi là …)" declaration, its text in
    ``name``).
    """

    kind: str
    span: Span
    number: DocNumber | None = None
    doc_type: str | None = None
    name: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    relation: str = "cites"
    point: str | None = None
    clause: str | None = None
    article: str | None = None
    segment: int = 0
    explicit: bool = False  # an internal cite that says so: "Điều này", "Điều 5 Thông tư này"


@dataclass(frozen=True)
class Found:
    """What the finder read: citations in text order, and the spans their dates occupy
    (the deadline extractor skips those)."""

    citations: tuple[Citation, ...]
    date_spans: tuple[tuple[int, int], ...]


def _locators() -> tuple[regex.Pattern[str], ...]:
    """Segments worth parsing: a number, a law, an alias, a short form's "nêu trên", a pin
    cite into the notice ("Điều 5", "khoản này")."""
    names = ("NUMBER", "LAW", "ALIAS", "ABOVE")
    grammar = tuple(regex.compile(terminal_pattern("reference", n)) for n in names)
    return (*grammar, _INTERNAL_PIN)


# Where a pin cite into the notice itself may stand: "Điều 5", "Điều này", "khoản này".
_INTERNAL_PIN = regex.compile(r"Điều\s+(?:\d|này)|khoản\s+này")


_LOCATORS: tuple[regex.Pattern[str], ...] = ()


def find_citations(text: str, start: int = 0, end: int | None = None) -> Found:
    """Every citation the grammar reads in ``text[start:end]``."""
    global _LOCATORS
    if not _LOCATORS:
        _LOCATORS = _locators()
    end = len(text) if end is None else end
    parser = load_reading("reference", _READER)
    citations: list[Citation] = []
    date_spans: list[tuple[int, int]] = []
    pos = start
    index = 0
    for hit in hits(text, start, end, _LOCATORS):
        if hit < pos:
            continue
        seg_start, seg_end = segment_around(text, pos, hit, end, SEGMENT_END)
        pos = seg_end + 1
        index += 1
        _READER.begin(text, seg_start, index)
        try:
            parser.parse(text[seg_start:seg_end])
        except LarkError:  # the grammar is total; a failure only skips this segment
            continue
        citations.extend(_READER.citations)
        date_spans.extend(_READER.date_spans)
    return Found(tuple(citations), tuple(date_spans))


def _type_spelling(word: str) -> str:
    word = " ".join(word.split())
    return word[0].upper() + word[1:].lower()


def _words(tokens: list[Token]) -> str:
    return " ".join(str(t).strip() for t in tokens).strip(" ,.")


class _SegmentReader(Transformer):
    """``reference.lark`` tree of one segment -> :class:`Citation` items (``self.citations``)."""

    offset = 0
    segment = 0

    text = ""

    def begin(self, text: str, offset: int, segment: int) -> None:
        """Set the segment about to be parsed (the reader runs inside the parser)."""
        self.text = text
        self.offset = offset
        self.segment = segment
        self.citations: list[Citation] = []
        self.date_spans: list[tuple[int, int]] = []

    # --- pieces --------------------------------------------------------------------------
    def pin(self, parts: list[Token]) -> dict[str, str | None]:
        pin: dict[str, str | None] = {"point": None, "clause": None, "article": None}
        for part in parts:
            m = _PIN_PART.match(str(part))
            if m:
                key = {"điểm": "point", "khoản": "clause", "điều": "article"}[m.group(1).lower()]
                pin[key] = pin[key] or m.group(2)
        return {**pin, "_tokens": parts}  # type: ignore[dict-item]

    def number(self, items: list[Token]) -> Token:
        return items[0]

    def name(self, items: list[Token]) -> Token:
        return items[0]

    def issuer(self, items: list[Token]) -> dict:
        words = [t for t in items[1:] if t.type == "ORG_WORD"]
        return {"issuer": _words(words), "_tokens": items}

    def issued_on(self, items: list[Token]) -> Citation:
        token = items[0]
        date = date_of(str(token))
        span = self._span([token])
        return Citation("issued_on", span, date=date, segment=self.segment)

    def alias(self, items: list[Token]) -> Citation:
        token = items[0]
        inner = str(token).strip()[1:-1]
        text = regex.sub(r"^\s*(?:sau\s+đây\s+)?(?:được\s+)?gọi\s+(?:tắt\s+|chung\s+)?là\s*", "", inner,
                         flags=regex.IGNORECASE)
        return Citation("alias", self._span([token]), name=text.strip(" :“”\""), segment=self.segment)

    # --- citations -----------------------------------------------------------------------
    def numbered(self, items: list) -> Citation | None:
        pin, rest = self._pin(items)
        doc_type = name = date = issuer = number = None
        name_words: list[Token] = []
        for item in rest:
            if isinstance(item, dict):
                issuer = item["issuer"]
            elif item.type in ("TYPE", "LAW"):
                doc_type = _type_spelling(str(item))
            elif item.type in ("NAME_WORD", "NUMBER_WORD"):
                name_words.append(item)
            elif item.type == "NUMBER":
                number = parse_number(_LEADING_SO.sub("", str(item)))
            elif item.type == "DATED":
                date = date_of(str(item))
                self.date_spans.append((self.offset + item.start_pos, self.offset + item.end_pos))
        if number is None:
            return None
        if name_words:
            name = f"{doc_type} {_words(name_words)}"
        if doc_type is None or (doc_type in _GENERIC_TYPES and type_name(number)):
            doc_type = type_name(number) or doc_type
        return self._cite("numbered", items, number=number, doc_type=doc_type, name=name, date=date,
                          issuer=issuer, **pin)

    def named_law(self, items: list) -> Citation:
        pin, rest = self._pin(items)
        law = year = dated = issuer = None
        words: list[Token] = []
        for item in rest:  # the first of each part, and the name's words
            if isinstance(item, dict):
                if issuer is None:
                    issuer = item["issuer"]  # a str
            elif isinstance(item, Token):
                if item.type in ("NAME_WORD", "NUMBER_WORD"):
                    words.append(item)
                elif item.type == "LAW" and law is None:
                    law = item
                elif item.type == "LAW_YEAR" and year is None:
                    year = item
                elif item.type == "DATED" and dated is None:
                    dated = item
        law_type = _type_spelling(str(law))
        name = f"{law_type} {_words(words)}"
        if year is not None:
            name = f"{name} {' '.join(str(year).strip(' ,').split())}"
        date = None
        if dated is not None:
            date = date_of(str(dated))
            self.date_spans.append((self.offset + dated.start_pos, self.offset + dated.end_pos))
        return self._cite("named_law", items, doc_type=law_type, name=name, date=date,
                          issuer=issuer, **pin)

    def short_form(self, items: list) -> Citation:
        pin, rest = self._pin(items)
        head = next(t for t in rest if isinstance(t, Token) and t.type in ("TYPE", "LAW"))
        words = [t for t in rest if isinstance(t, Token) and t.type in ("NAME_WORD", "NUMBER_WORD")]
        name = f"{_type_spelling(str(head))} {_words(words)}".strip() if words else None
        return self._cite("short_form", items, doc_type=_type_spelling(str(head)), name=name, **pin)

    def self_mention(self, items: list) -> Citation:
        pin, _ = self._pin(items)
        if any(pin.values()):  # "Điều 5 Thông tư này": a pin cite into the notice itself
            return self._cite("internal", items, explicit=True, **pin)
        return self._cite("self", items)

    def foreign_pin(self, items: list) -> None:
        return None

    def bare_law(self, items: list) -> None:
        return None

    def bare_type(self, items: list) -> None:
        return None

    def bare_pin(self, items: list) -> Citation | None:
        pin, _ = self._pin(items)
        if not any(pin.values()):
            return None
        explicit = "này" in pin.values()
        return self._cite("internal", items, explicit=explicit, **pin)  # "khoản 2 Điều này", "Điều 5"

    # --- relations -----------------------------------------------------------------------
    def acted(self, items: list) -> None:
        relation = _relation(str(items[0]))
        self._relate(items[1:], relation)

    def governed(self, items: list) -> None:
        relation = _relation(str(items[0]))
        rest = items[1:]
        self._date_first(rest)
        self._relate(rest, relation)

    def start(self, items: list) -> None:
        self._date_first(items)
        for item in items:
            if isinstance(item, Citation):
                self.citations.append(item)

    # --- helpers -------------------------------------------------------------------------
    def _relate(self, items: list, relation: str) -> None:
        for item in items:
            if isinstance(item, Citation):
                if item.kind in ("numbered", "named_law", "short_form"):
                    item = _with(item, relation=relation)
                self.citations.append(item)

    def _date_first(self, items: list) -> None:
        """"ngày 03/12/2015, Bảo hiểm xã hội Việt Nam đã ban hành kèm theo Quyết định số …":
        the date (and issuer: the words between) stated before the citation, joined by an issuing verb."""
        for i, item in enumerate(items):
            if not (isinstance(item, Citation) and item.kind == "issued_on"):
                continue
            # the issuer's words are WORD runs between the date and the verb
            j = i + 1
            while j < len(items) and isinstance(items[j], Token) and items[j].type == "WORD":
                j += 1
            verb = items[j] if j < len(items) else None
            after = items[j + 1] if j + 1 < len(items) else None
            if (isinstance(verb, Token) and verb.type == "ISSUED" and isinstance(after, Citation)
                    and after.kind == "numbered" and after.date is None):
                between = self.text[item.span.end : self.offset + verb.start_pos]
                between = " ".join(between.split()).strip(" ,")
                items[j + 1] = _with(after, date=item.date, issuer=after.issuer or between or None)
                self.date_spans.append((item.span.start, item.span.end))
            items[i] = None

    def _pin(self, items: list) -> tuple[dict, list]:
        if items and isinstance(items[0], dict) and "point" in items[0]:
            pin = {k: v for k, v in items[0].items() if not k.startswith("_")}
            return pin, items[1:]
        return {}, items

    def _span(self, tokens: list[Token]) -> Span:
        return Span(self.offset + tokens[0].start_pos, self.offset + tokens[-1].end_pos)

    def _cite(self, kind: str, items: list, **fields) -> Citation:
        tokens = _tokens(items)
        return Citation(kind, self._span(tokens), segment=self.segment, **fields)



_READER = _SegmentReader()

def _tokens(items: list) -> list[Token]:
    out: list[Token] = []
    for item in items:
        if isinstance(item, Token):
            out.append(item)
        elif isinstance(item, dict):
            out.extend(item["_tokens"])
        elif isinstance(item, Tree):
            out.extend(item.scan_values(lambda v: isinstance(v, Token)))
    return out


_RELATIONS = (
    ("căn", "basis"), ("thực", "implements"), ("triển", "implements"), ("thi", "implements"),
    ("sửa", "amends"), ("bổ", "amends"), ("bãi", "repeals"), ("hủy", "repeals"), ("huỷ", "repeals"),
    ("bị", "repeals"), ("thay", "replaces"), ("hướng", "guides"),
)


def _relation(head: str) -> str:
    first = head.split()[0].lower()
    return next((rel for word, rel in _RELATIONS if first == word), "cites")


def _with(citation: Citation, **changes) -> Citation:
    """``citation`` with some fields changed (``dataclasses.replace`` without its checks: a
    relation is given to every citation a "Căn cứ" governs, 5x quicker)."""
    copied = object.__new__(Citation)
    copied.__dict__.update(citation.__dict__, **changes)
    return copied


def extract_references(text: str, start: int = 0, own_number: DocNumber | None = None):
    """Find and resolve in one call: ``(references, citation date spans)``."""
    from ..resolve import resolve_references  # resolve builds on this module

    found = find_citations(text, start)
    return resolve_references(found, text, own_number), list(found.date_spans)
