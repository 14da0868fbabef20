"""Resolve: what refers to what (apart from finding, as eyecite separates find and resolve).

Input: the :class:`~vanban.extract.references.Citation` items the reference grammar found, in
text order.  Output: one :class:`~vanban.models.Reference` per cited document, its mentions
collected:

* "Quyết định này", "Thông tư này" is the notice itself: never a reference; nor is a citation
  of the notice's own number.
* every citation of one number (or one law name) is one reference;
* a short form ("Nghị định nêu trên", "Quyết định trên") is a mention of the last document of
  that type cited before it;
* an alias declared after a citation ("(sau đây gọi là Luật BHYT)") names that document, and
  each later use of the alias is a mention of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from . import vocab
from .extract.references import Citation, Found
from .extract.structure import Locator
from .lexicon import fold
from .models import DocNumber, InternalCite, Node, Reference, Span

# When one document is mentioned with several relations, the strongest is its relation.
RELATION_ORDER = ("replaces", "repeals", "amends", "guides", "basis", "implements", "cites")
_RANK = {name: i for i, name in enumerate(RELATION_ORDER)}
_YEAR_SUFFIX = regex.compile(r"\s*,?\s*(?:năm\s+\d{4})$", regex.IGNORECASE)


@dataclass
class _Entry:
    doc_type: str | None
    number: DocNumber | None
    name: str | None = None
    date: object = None
    issuer: str | None = None
    relation: str = "cites"
    point: str | None = None
    clause: str | None = None
    article: str | None = None
    alias: str | None = None
    mentions: list[Span] = field(default_factory=list)

    def add(self, c: Citation) -> None:
        self.doc_type = self.doc_type or c.doc_type
        self.name = self.name or c.name
        self.date = self.date or c.date
        self.issuer = self.issuer or c.issuer
        if _RANK.get(c.relation, len(_RANK)) < _RANK[self.relation]:
            self.relation = c.relation
        if self.point is None and self.clause is None and self.article is None:
            self.point, self.clause, self.article = c.point, c.clause, c.article
        self.mentions.append(c.span)


def resolve_references(found: Found, text: str, own_number: DocNumber | None = None) -> tuple[Reference, ...]:
    """One :class:`Reference` per document ``found`` cites, with every mention resolved."""
    own = own_number.raw.upper() if own_number else None
    entries: dict[str, _Entry] = {}
    by_name: dict[str, str] = {}  # folded law name (without its year) -> key
    last_of_type: dict[str, str] = {}  # doc type -> key of the last document of that type
    last_in_segment: tuple[int, str] | None = None
    aliases: dict[str, tuple[str, int]] = {}  # alias -> (key, end of its declaration)
    for c in found.citations:
        if c.kind in ("self", "internal"):
            continue
        if c.kind == "alias":
            if last_in_segment and last_in_segment[0] == c.segment and c.name:
                key = last_in_segment[1]
                entries[key].alias = entries[key].alias or c.name
                aliases.setdefault(c.name, (key, c.span.end))
            continue
        if c.kind == "short_form":
            key = last_of_type.get(c.doc_type or "")
            if key is None and c.name:
                key = by_name.get(fold(c.name))
            if key is not None:
                entries[key].add(c)
            continue
        alias_of = aliases.get(c.name or "") if c.kind == "named_law" else None
        key = alias_of[0] if alias_of else _key(c, by_name)
        if key is None or key == own:
            continue
        entry = entries.get(key)
        if entry is None:
            entry = entries[key] = _Entry(c.doc_type, c.number)
        entry.add(c)
        if c.name and c.kind == "named_law" or (c.name and c.number is not None):
            by_name.setdefault(fold(_YEAR_SUFFIX.sub("", c.name)), key)
        if entry.doc_type:
            last_of_type[entry.doc_type] = key
        last_in_segment = (c.segment, key)
    _alias_mentions(text, aliases, entries)
    refs = [
        Reference(
            e.doc_type, e.number.raw if e.number else None, e.date, e.issuer, e.name,  # type: ignore[arg-type]
            tuple(sorted(e.mentions, key=lambda s: s.start)), e.relation, e.point, e.clause, e.article,
            e.alias,
        )
        for e in entries.values()
    ]
    return tuple(sorted(refs, key=lambda r: r.start or 0))


def _key(c: Citation, by_name: dict[str, str]) -> str | None:
    if c.number is not None:
        return c.number.raw.upper() if _plausible(c.number) else None
    if c.name:
        folded = fold(_YEAR_SUFFIX.sub("", c.name))
        return by_name.get(folded, "law:" + folded)
    return None


def _plausible(number: DocNumber) -> bool:
    """A citation number has a year or at least one code of two letters or more ("1/A" is none)."""
    if number.year:
        return True
    return any(code and len(code) >= 2 for code in (number.type_code, number.issuer_code, number.unit_code))


def _alias_mentions(text: str, aliases: dict[str, tuple[str, int]], entries: dict[str, _Entry]) -> None:
    """Each use of a declared alias after its declaration is a mention of its document (one scan)."""
    if not aliases:
        return
    names = sorted(aliases, key=len, reverse=True)
    pattern = regex.compile(
        r"(?<![\p{L}\d])(?:" + "|".join(regex.escape(n) for n in names) + r")(?![\p{L}\d])"
    )
    first = min(end for _, end in aliases.values())
    known: dict[str, set[int]] = {}  # key -> starts of its mentions, kept as they are added
    for m in pattern.finditer(text, first):
        key, declared_end = aliases[m.group()]
        if key not in known:
            known[key] = {s.start for s in entries[key].mentions}
        if m.start() >= declared_end and m.start() not in known[key]:
            entries[key].mentions.append(Span(m.start(), m.end()))
            known[key].add(m.start())


def resolve_internal_cites(found: Found, structure: tuple[Node, ...]) -> tuple[InternalCite, ...]:
    """The pin cites into the notice itself, each pointed at its node.

    "này" is the article (or clause) the cite stands in ("khoản 2 Điều này", "điểm a khoản
    này").  A cite without "này" counts only when it names an article this notice has; inside
    an article that amends another text, every pin cite is that text's.  ``target`` is the
    node's path, ``None`` when the notice has no such node.
    """
    if not structure:
        return ()
    locator = Locator(structure)
    articles = {n.number: (a, n) for a, n in _walk(structure) if n.kind == "article"}
    headings = {n.start for _, n in _walk(structure)}
    out = []
    for c in found.citations:
        if c.kind != "internal" or c.span.start in headings:  # "Điều 5." heading its own article
            continue
        if _amends(locator.article_at(c.span.start)):
            continue  # in an amending article, "khoản 9 Điều 2 (của Luật này)" is the amended text's
        if not c.explicit and c.article is None:
            continue  # "điểm a, b, c khoản 1 Điều 2 của Luật …": a list whose document comes later
        here_article, here_clause = locator.numbers_at(c.span.start)
        article, clause, point = c.article, c.clause, c.point
        if article == "này" or (article is None and (clause or point)):
            article = here_article
        if clause == "này" or (clause is None and point and c.article in (None, "này")):
            clause = here_clause
        target = _target(articles, article, clause, point)
        if target is None and not c.explicit:
            continue  # "Điều 64" in a notice of 20 articles cites another text
        out.append(InternalCite(c.span.start, c.span.end, article, clause, point, target))
    return tuple(out)


_AMENDING = regex.compile(vocab.AMENDING_TITLE, regex.IGNORECASE)


def _amends(article: Node | None) -> bool:
    return article is not None and _AMENDING.match(article.title or "") is not None


def _walk(structure: tuple[Node, ...]) -> list[tuple[tuple[Node, ...], Node]]:
    return [pair for top in structure for pair in top.walk()]


def _target(
    articles: dict[str, tuple[tuple[Node, ...], Node]], article: str | None, clause: str | None,
    point: str | None,
) -> str | None:
    if article is None or article not in articles:
        return None
    ancestors, node = articles[article]
    path = [*ancestors, node]
    for kind, number in (("clause", clause), ("point", point)):
        if number is None:
            continue
        child = next((c for c in node.children if c.kind == kind and c.number == number), None)
        if child is None:
            return None
        node = child
        path.append(node)
    return " > ".join(n.label for n in path)
