"""The body's structure: the layout grammar's outline turned into :class:`Node` trees.

The grammar (``grammars/layout.lark``) decides what is a part, chapter, article, clause or
point, and what is a numbered section of a công văn; this stage names the nodes, reads their
numbers and titles, and maps their spans back to the raw text.  :class:`Locator` says which
article and clause an offset stands in.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from .. import vocab
from ..layout import OutlineNode, is_upper, outline_heading
from ..models import Node
from ..normalize import Text

# The public kind of each grammar rule: a công văn's I. is a section, 1. and 1.1. clauses, a) points.
_KIND = {
    "part": "part", "chapter": "chapter", "section": "section", "subsection": "subsection",
    "article": "article", "clause": "clause", "point": "point",
    "roman": "section", "num": "clause", "subnum": "clause", "letter": "point",
}
_TITLED_BY_NEXT_LINE = frozenset({"part", "chapter", "section", "subsection"})
_ITEM_MARK = {"roman": "{}.", "num": "{}.", "subnum": "{}.", "letter": "{})"}


def extract_structure(outline: tuple[OutlineNode, ...], text: Text) -> tuple[Node, ...]:
    """The structure of a body from its outline (empty when the body has none)."""
    return tuple(_node(n, text) for n in outline)


def _node(node: OutlineNode, text: Text) -> Node:
    heading = outline_heading(node.heading.text)
    number = heading.number if heading else ""
    title = heading.title if heading else None
    if node.rule in ("clause", "point"):
        title = None  # a clause's words are its content, not a title
    elif node.rule in ("num", "subnum", "letter") and not (node.lines or node.children):
        title = None  # a numbered paragraph, not a heading over text of its own
    elif title is None and node.rule in _TITLED_BY_NEXT_LINE and node.lines and is_upper(node.lines[0].text):
        title = node.lines[0].text  # "Chương I" / "NHỮNG QUY ĐỊNH CHUNG"
    if node.rule in _ITEM_MARK:
        label = _ITEM_MARK[node.rule].format(number)
    else:
        label = f"{vocab.OUTLINE_LABELS[node.rule]} {number}"
    raw_start, raw_end = text.raw_span(node.heading.start, node.end)
    return Node(
        kind=_KIND[node.rule],
        number=number,
        label=label,
        title=title,
        start=node.heading.start,
        end=node.end,
        raw_start=raw_start,
        raw_end=raw_end,
        children=tuple(_node(c, text) for c in node.children),
    )


def path_of(ancestors: Iterable[Node], node: Node) -> str:
    """A node's path: "Chương II > Điều 5 > Khoản 2"."""
    return " > ".join([*(a.label for a in ancestors), node.label])


class Locator:
    """Which article and clause of a structure an offset stands in (bisection, no scan)."""

    def __init__(self, structure: tuple[Node, ...]) -> None:
        self.articles: list[Node] = []
        self.clauses: list[Node] = []
        self.clause_parent: list[int] = []  # index of the enclosing clause ("1." around "1.1.")
        index: dict[int, int] = {}  # id of a clause node -> its index (parents come first)
        for top in structure:
            for ancestors, node in top.walk():
                if node.kind == "article":
                    self.articles.append(node)
                elif node.kind == "clause":
                    parent = next((a for a in reversed(ancestors) if a.kind == "clause"), None)
                    self.clause_parent.append(-1 if parent is None else index[id(parent)])
                    index[id(node)] = len(self.clauses)
                    self.clauses.append(node)
        self._article_starts = [n.start for n in self.articles]
        self._clause_starts = [n.start for n in self.clauses]

    def article_at(self, offset: int) -> Node | None:
        i = bisect.bisect_right(self._article_starts, offset) - 1
        return self.articles[i] if i >= 0 and offset < self.articles[i].end else None

    def clause_at(self, offset: int) -> Node | None:
        i = bisect.bisect_right(self._clause_starts, offset) - 1
        while i >= 0 and offset >= self.clauses[i].end:
            i = self.clause_parent[i]
        return self.clauses[i] if i >= 0 else None

    def numbers_at(self, offset: int | None) -> tuple[str | None, str | None]:
        """(article, clause) numbers around ``offset``; a clause outside the article is none of it."""
        if offset is None:
            return None, None
        article, clause = self.article_at(offset), self.clause_at(offset)
        if clause is not None and article is not None and not article.start <= clause.start < article.end:
            clause = None
        return (article.number if article else None), (clause.number if clause else None)
