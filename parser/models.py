"""The data model: frozen dataclasses and their JSON contract (``to_dict``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True)
class DocNumber:
    """A document number (số, ký hiệu) split into its parts.

    ``08/2015/QĐ-TTg`` -> seq 08, year 2015, type_code QĐ, issuer_code TTg;
    ``45/BHXH-CNTT`` -> seq 45, issuer_code BHXH, unit_code CNTT;
    ``37-CT/TW`` (party style) -> seq 37, type_code CT, issuer_code TW.
    """

    raw: str
    seq: str | None = None
    year: str | None = None
    type_code: str | None = None
    issuer_code: str | None = None
    unit_code: str | None = None
    suffix: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "raw": self.raw,
            "seq": self.seq,
            "year": self.year,
            "type_code": self.type_code,
            "issuer_code": self.issuer_code,
            "unit_code": self.unit_code,
            "suffix": self.suffix,
        }


@dataclass(frozen=True)
class Issuer:
    """The issuing body and, for a two-level header, the body above it."""

    name: str | None
    parent: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "parent": self.parent}


@dataclass(frozen=True)
class Span:
    """A character span ``[start, end)`` into ``Notice.text``."""

    start: int
    end: int


@dataclass(frozen=True)
class Reference:
    """Another document the notice cites; all its mentions collapse into one.

    ``relation`` is what the notice does with it: ``basis`` (Căn cứ …), ``implements``
    (Thực hiện …), ``amends`` (sửa đổi, bổ sung …), ``repeals`` (bãi bỏ …), ``replaces``
    (thay thế …), ``guides`` (hướng dẫn …) or ``cites``.  ``point``/``clause``/``article`` are
    the pin cite of its first pinned mention ("điểm a khoản 2 Điều 5 Nghị định số …");
    ``mentions`` include short forms ("Nghị định nêu trên") and aliases ("Luật BHYT").
    """

    doc_type: str | None
    number: str | None
    date: dt.date | None = None
    issuer: str | None = None
    name: str | None = None
    mentions: tuple[Span, ...] = ()
    relation: str = "cites"
    point: str | None = None
    clause: str | None = None
    article: str | None = None
    alias: str | None = None
    in_article: str | None = None  # the article (and clause) of this notice its first mention stands in
    in_clause: str | None = None

    @property
    def start(self) -> int | None:
        return self.mentions[0].start if self.mentions else None

    @property
    def end(self) -> int | None:
        return self.mentions[0].end if self.mentions else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_type": self.doc_type,
            "number": self.number,
            "date": _iso(self.date),
            "issuer": self.issuer,
            "name": self.name,
            "relation": self.relation,
            "article": self.article,
            "clause": self.clause,
            "point": self.point,
            "alias": self.alias,
            "in_article": self.in_article,
            "in_clause": self.in_clause,
            "start": self.start,
            "end": self.end,
            "mentions": [[m.start, m.end] for m in self.mentions],
        }


@dataclass(frozen=True)
class Deadline:
    """A time limit: ``before``/``until`` a date, ``from`` a date, or ``relative`` (a duration).

    ``working_days`` says whether a relative duration counts working days ("05 ngày làm
    việc"); ``anchor`` is what a relative duration counts from ("kể từ ngày nhận được hồ sơ").
    ``responsible`` is who must act and ``action`` what they must do, read from the clause's
    subject and verb phrase (``None`` when the clause has none).  ``sentence`` is a span into
    ``Notice.text``; ``clause`` is the clause around the phrase (at most 300 characters).
    ``in_annex`` marks a deadline printed in an annex (a form) rather than the body.
    """

    kind: str
    date: dt.date | None
    duration: str | None
    action: str | None
    clause: str
    start: int
    end: int
    sentence: Span = Span(0, 0)
    anchor: str | None = None
    responsible: str | None = None
    working_days: bool | None = None
    in_annex: bool = False
    in_article: str | None = None  # the article and clause of this notice it stands in
    in_clause: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "date": _iso(self.date),
            "duration": self.duration,
            "working_days": self.working_days,
            "anchor": self.anchor,
            "action": self.action,
            "responsible": self.responsible,
            "clause": self.clause,
            "start": self.start,
            "end": self.end,
            "sentence": [self.sentence.start, self.sentence.end],
            "in_annex": self.in_annex,
            "in_article": self.in_article,
            "in_clause": self.in_clause,
        }


@dataclass(frozen=True)
class SigningLink:
    """One link of a signing chain: "KT." + "CHỦ TỊCH"."""

    authority: str
    of: str

    def to_dict(self) -> dict[str, Any]:
        return {"authority": self.authority, "of": self.of}


@dataclass(frozen=True)
class Signature:
    """The signature block: innermost authority prefix, whom it signs for, title and name."""

    authority: str | None = None
    on_behalf_of: str | None = None
    title: str | None = None
    name: str | None = None
    chain: tuple[SigningLink, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "authority": self.authority,
            "on_behalf_of": self.on_behalf_of,
            "title": self.title,
            "name": self.name,
            "chain": [link.to_dict() for link in self.chain],
        }


@dataclass(frozen=True)
class Distribution:
    """One entry of "Nơi nhận": the recipient and the purpose ("để b/c")."""

    recipient: str
    purpose: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"recipient": self.recipient, "purpose": self.purpose}


@dataclass(frozen=True)
class Annex:
    """An annex (phụ lục, danh sách) with its table, if it has one."""

    title: str
    attached_to: str | None = None
    attached_date: dt.date | None = None
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "attached_to": self.attached_to,
            "attached_date": _iso(self.attached_date),
            "columns": list(self.columns),
            "rows": [list(r) for r in self.rows],
        }


@dataclass(frozen=True)
class Node:
    """A node of the body's structure: a part, chapter, section (Mục), subsection, article,
    clause or point of a normative text, or a numbered section of another notice (I. is a
    ``section``, 1. and 1.1. a ``clause``, a) a ``point``).

    ``label`` names it in a path ("Chương II", "Điều 5", "Khoản 2", "I.", "1.1."); ``start``
    and ``end`` are offsets into ``Notice.text``, ``raw_start``/``raw_end`` into the decoded input.
    """

    kind: str
    number: str
    label: str
    title: str | None
    start: int
    end: int
    raw_start: int
    raw_end: int
    children: tuple[Node, ...] = ()

    def walk(self) -> Iterator[tuple[tuple[Node, ...], Node]]:
        """This node and its descendants in text order, each with its ancestors."""
        stack: list[tuple[tuple[Node, ...], Node]] = [((), self)]
        while stack:
            ancestors, node = stack.pop()
            yield ancestors, node
            stack.extend(((*ancestors, node), c) for c in reversed(node.children))

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "number": self.number,
            "label": self.label,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "raw_start": self.raw_start,
            "raw_end": self.raw_end,
            "children": [c.to_dict() for c in self.children],
        }


@dataclass(frozen=True)
class InternalCite:
    """A pin cite into the notice itself ("khoản 2 Điều này", "Điều 5 Thông tư này").

    ``article``/``clause``/``point`` as written, with "này" ("this") resolved to the node the
    cite stands in; ``target`` is the path of the node it points to, or ``None`` when the notice
    has no such node.
    """

    start: int
    end: int
    article: str | None = None
    clause: str | None = None
    point: str | None = None
    target: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "article": self.article,
            "clause": self.clause,
            "point": self.point,
            "target": self.target,
        }


@dataclass(frozen=True)
class Notice:
    """Everything extracted from one notice."""

    source: str | None
    text: str
    doc_type: str | None = None
    number: DocNumber | None = None
    issuer: Issuer = field(default_factory=lambda: Issuer(None))
    place: str | None = None
    issued_on: dt.date | None = None
    subject: str | None = None
    recipients: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    signature: Signature = field(default_factory=Signature)
    distribution: tuple[Distribution, ...] = ()
    annexes: tuple[Annex, ...] = ()
    body: Span | None = None  # the body's span in ``text``: after the header, before the closing
    structure: tuple[Node, ...] = ()
    internal_cites: tuple[InternalCite, ...] = ()
    warnings: tuple[str, ...] = ()

    def nodes(self) -> Iterator[tuple[tuple[Node, ...], Node]]:
        """Every node of ``structure`` in text order, each with its ancestors."""
        for top in self.structure:
            yield from top.walk()

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract: plain types, ISO dates, ``null`` where nothing was found."""
        return {
            "source": self.source,
            "doc_type": self.doc_type,
            "number": self.number.to_dict() if self.number else None,
            "issuer": self.issuer.to_dict(),
            "place": self.place,
            "issued_on": _iso(self.issued_on),
            "subject": self.subject,
            "recipients": list(self.recipients),
            "references": [r.to_dict() for r in self.references],
            "deadlines": [d.to_dict() for d in self.deadlines],
            "signature": self.signature.to_dict(),
            "distribution": [d.to_dict() for d in self.distribution],
            "annexes": [a.to_dict() for a in self.annexes],
            "body": [self.body.start, self.body.end] if self.body else None,
            "structure": [n.to_dict() for n in self.structure],
            "internal_cites": [c.to_dict() for c in self.internal_cites],
            "text": self.text,
            "warnings": list(self.warnings),
        }
