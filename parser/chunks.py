"""Retrieval chunks: a notice's body cut along its structure.

One chunk per article (or, in a công văn, per top-level numbered section); an article longer
than ``max_chars`` is split at its clauses (consecutive clauses packed together), a clause at its
points, and text with no smaller unit at its lines.  Body text before the first node and bodies
with no structure are cut at lines.  Every chunk is a contiguous span of ``Notice.text`` and
carries the notice's identity and its structural path ("Chương II > Điều 5 > Khoản 2–4").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .models import Node, Notice

DEFAULT_MAX_CHARS = 2000
# Nodes that hold articles (or sections that do): never a chunk of their own.
_CONTAINERS = frozenset({"part", "chapter", "section", "subsection"})


@dataclass(frozen=True)
class Chunk:
    """A span of a notice's text with the notice's identity and its structural path."""

    doc_id: str
    index: int
    source: str | None
    number: str | None
    doc_type: str | None
    issuer: str | None
    issued_on: dt.date | None
    path: str
    kind: str  # the kind of the node it comes from ("article", "clause" …), "body" before any node
    start: int
    end: int
    text: str

    @property
    def chunk_id(self) -> str:
        return f"{self.doc_id}#{self.index}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "chunk_id": self.chunk_id, "doc_id": self.doc_id, "source": self.source,
            "number": self.number, "doc_type": self.doc_type, "issuer": self.issuer,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "path": self.path, "kind": self.kind, "start": self.start, "end": self.end,
            "text": self.text,
        }


def notice_chunks(notice: Notice, doc_id: str, max_chars: int = DEFAULT_MAX_CHARS) -> list[Chunk]:
    """The retrieval chunks of ``notice`` (``doc_id`` names it in each chunk)."""
    if max_chars < 1:
        raise ValueError(f"max_chars must be at least 1, not {max_chars}")
    text = notice.text
    spans: list[tuple[str, str, int, int]] = []  # (path, kind, start, end)
    body = notice.body
    first = notice.structure[0].start if notice.structure else (body.end if body else 0)
    if body and body.start < first:
        spans += [("", "body", s, e) for s, e in _line_pieces(text, body.start, first, max_chars)]
    for top in notice.structure:
        spans += _node_spans(text, top, (), max_chars)
    number = notice.number.raw if notice.number else None
    out = []
    for path, kind, start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append(Chunk(
                doc_id, len(out), notice.source, number, notice.doc_type, notice.issuer.name,
                notice.issued_on, path, kind, start, end, text[start:end],
            ))
    return out


def _path(ancestors: tuple[Node, ...], label: str) -> str:
    return " > ".join([*(a.label for a in ancestors), label])


def _node_spans(
    text: str, node: Node, ancestors: tuple[Node, ...], max_chars: int
) -> list[tuple[str, str, int, int]]:
    """The chunks of one node: whole when it fits, else its own text and its children's."""
    inner = (*ancestors, node)
    holds_articles = any(c.kind in _CONTAINERS or c.kind == "article" for c in node.children)
    if node.kind in _CONTAINERS and holds_articles:
        out = []
        if node.children:
            # A container's own text (its heading and title) is in each chunk's path, not a chunk.
            own_end = node.children[0].start
            if own_end - node.start > max_chars:
                out += [(_path(ancestors, node.label), node.kind, s, e)
                        for s, e in _line_pieces(text, node.start, own_end, max_chars)]
        for child in node.children:
            out += _node_spans(text, child, inner, max_chars)
        return out
    if node.end - node.start <= max_chars or not node.children:
        return [(_path(ancestors, node.label), node.kind, s, e)
                for s, e in _line_pieces(text, node.start, node.end, max_chars)]
    # Too long: packs of consecutive children (the first with the node's own text before it);
    # a child too long on its own is split the same way.
    out: list[tuple[str, str, int, int]] = []

    def emit(start: int, end: int, nodes: list[Node]) -> None:
        if not nodes:
            path, kind = _path(ancestors, node.label), node.kind
        else:
            label = nodes[0].label if len(nodes) == 1 else f"{nodes[0].label}–{nodes[-1].number}"
            path, kind = _path(inner, label), nodes[0].kind
        out.extend((path, kind, s, e) for s, e in _line_pieces(text, start, end, max_chars))

    pack_start, pack = node.start, []
    for child in node.children:
        if child.end - child.start > max_chars:
            if child.start > pack_start:
                emit(pack_start, child.start, pack)
            out += _node_spans(text, child, inner, max_chars)
            pack_start, pack = child.end, []
        elif child.end - pack_start > max_chars:
            if child.start > pack_start:
                emit(pack_start, child.start, pack)
            pack_start, pack = child.start, [child]
        else:
            pack.append(child)
    if node.end > pack_start:
        emit(pack_start, node.end, pack)
    return out


def _line_pieces(text: str, start: int, end: int, max_chars: int) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` cut at line breaks into pieces of at most ``max_chars`` (a longer
    line is cut at a space, or hard at the limit)."""
    piece = start
    while end - piece > max_chars:
        limit = piece + max_chars
        cut = text.rfind("\n", piece + 1, limit)
        if cut <= piece:
            cut = text.rfind(" ", piece + 1, limit)
        if cut <= piece:
            cut = limit
        yield piece, cut
        piece = cut
    if piece < end:
        yield piece, end
