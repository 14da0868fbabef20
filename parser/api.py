"""The library entry points: :func:`parse` and :func:`parse_file`."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from .decode import decode_notice, read_notice_file
from .extract.deadlines import extract_deadlines
from .extract.distribution import extract_distribution
from .extract.header import extract_header
from .extract.references import find_citations
from .extract.signature import extract_signature
from .extract.structure import Locator, extract_structure
from .extract.tables import extract_annexes
from .layout import segment
from .models import Deadline, Notice, Reference, Signature, Span
from .normalize import normalize
from .resolve import resolve_internal_cites, resolve_references


def parse(text: str, source: str | None = None) -> Notice:
    """Parse the text of one scraped notice.  Never raises on odd text: missing
    fields are ``None`` and named in ``Notice.warnings``."""
    cleaned = normalize(text)
    blocks = segment(cleaned.clean)
    header = extract_header(blocks)
    signature = extract_signature(blocks.signature)
    distribution = extract_distribution(blocks.distribution)
    body_start = blocks.header[-1].end if blocks.header else 0
    citations = find_citations(cleaned.clean, body_start)
    references = resolve_references(citations, cleaned.clean, header.number)
    deadlines = extract_deadlines(
        cleaned.clean, body_start, issued_on=header.issued_on, skip_spans=list(citations.date_spans),
        annex_start=blocks.annexes[0].start if blocks.annexes else None,
    )
    annexes = extract_annexes(cleaned, blocks.annexes, header.number.raw if header.number else None)
    structure = extract_structure(blocks.outline, cleaned)
    if structure:
        locator = Locator(structure)
        references = tuple(_placed(r, locator.numbers_at(r.start)) for r in references)
        deadlines = tuple(_placed(d, locator.numbers_at(d.start)) for d in deadlines)
    warnings = [f"no {name} found" for name, value in (
        ("issuer", header.issuer.name),
        ("number", header.number),
        ("doc_type", header.doc_type),
        ("place", header.place),
        ("issued_on", header.issued_on),
        ("subject", header.subject),
        ("signature", signature),
    ) if value is None]
    return Notice(
        source=source,
        text=cleaned.clean,
        doc_type=header.doc_type,
        number=header.number,
        issuer=header.issuer,
        place=header.place,
        issued_on=header.issued_on,
        subject=header.subject,
        recipients=header.recipients,
        references=references,
        deadlines=deadlines,
        signature=signature or Signature(),
        distribution=distribution,
        annexes=annexes,
        body=Span(blocks.body[0].start, blocks.body[-1].end) if blocks.body else None,
        structure=structure,
        internal_cites=resolve_internal_cites(citations, structure),
        warnings=tuple(warnings),
    )


_Placed = TypeVar("_Placed", Reference, Deadline)


def _placed(item: _Placed, numbers: tuple[str | None, str | None]) -> _Placed:
    """``item`` with the article and clause it stands in."""
    if numbers == (None, None):
        return item
    return replace(item, in_article=numbers[0], in_clause=numbers[1])


def parse_bytes(data: bytes, source: str | None = None) -> Notice:
    """Decode and parse a notice's bytes; raises :class:`vanban.DecodeError` on bad bytes.

    A file in a legacy Vietnamese encoding (TCVN3, VNI, Windows-1258) is converted, and a UTF-8
    file with a few damaged bytes is read with them replaced; ``warnings`` says so.
    """
    decoded = decode_notice(data)
    notice = parse(decoded.text, source=source)
    if decoded.warnings:
        notice = replace(notice, warnings=(*decoded.warnings, *notice.warnings))
    return notice


def parse_file(path: str | os.PathLike[str]) -> Notice:
    """Read, decode and parse one file (see :func:`parse_bytes`).  Only a regular file is read:
    a folder, FIFO, socket or device raises ``OSError`` without being opened."""
    return parse_bytes(read_notice_file(path), source=str(Path(path)))
