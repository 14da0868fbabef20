"""pandas DataFrames of parsed notices, every frame keyed by ``doc_id``, with real dtypes:
``datetime64`` dates, nullable ``string`` text, ``category`` for kinds and types."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .models import Annex, Notice
from .places import Province, find_province

if TYPE_CHECKING:  # pandas is imported when a frame is built, not with the package
    import pandas as pd

STRING = "string"
FRAME_NAMES = (
    "notices", "references", "deadlines", "recipients", "distribution", "annexes", "annex_rows",
    "sections",
)
# Every table a bulk run writes: the frames of the notices and the files that failed.
TABLE_NAMES = (*FRAME_NAMES, "errors")

_DTYPES: dict[str, dict[str, str]] = {
    "notices": {
        "doc_id": STRING, "source": STRING, "doc_type": "category", "number": STRING, "seq": STRING,
        "year": STRING, "type_code": "category", "issuer_code": STRING, "unit_code": STRING,
        "number_suffix": STRING, "issuer": STRING, "issuer_parent": STRING, "place": STRING,
        "issued_on": "datetime64[ns]",
        "subject": STRING, "signature_authority": "category", "signature_on_behalf_of": STRING,
        "signature_title": STRING, "signature_name": STRING, "n_references": "Int64",
        "n_deadlines": "Int64", "n_annexes": "Int64", "warnings": STRING,
    },
    "references": {
        "doc_id": STRING, "doc_type": "category", "number": STRING, "date": "datetime64[ns]",
        "issuer": STRING, "name": STRING, "relation": "category", "article": STRING, "clause": STRING,
        "point": STRING, "alias": STRING, "start": "Int64", "end": "Int64", "mentions": "Int64",
        "in_article": STRING, "in_clause": STRING,
    },
    # The `vanban deadlines` CSV has these columns too (export.py writes deadline_records).
    "deadlines": {
        "doc_id": STRING, "source": STRING, "number": STRING, "issuer": STRING,
        "issued_on": "datetime64[ns]", "kind": "category", "date": "datetime64[ns]", "duration": STRING,
        "working_days": "boolean", "anchor": STRING, "action": STRING, "responsible": STRING,
        "clause": STRING, "in_annex": "boolean", "start": "Int64", "end": "Int64",
        "sentence_start": "Int64", "sentence_end": "Int64", "in_article": STRING, "in_clause": STRING,
    },
    "recipients": {"doc_id": STRING, "position": "Int64", "recipient": STRING},
    "distribution": {"doc_id": STRING, "position": "Int64", "recipient": STRING, "purpose": STRING},
    "annexes": {
        "doc_id": STRING, "annex": "Int64", "title": STRING, "attached_to": STRING,
        "attached_date": "datetime64[ns]", "columns": STRING, "n_rows": "Int64",
    },
    "annex_rows": {
        "doc_id": STRING, "annex": "Int64", "row": "Int64", "cells": "object", "province": STRING,
        "province_code": STRING, "province_2025": STRING,
    },
    # One row per node of the body's structure, in text order; ``text`` is the node's own text
    # (its heading up to its first child), ``start``/``end`` its whole span.
    "sections": {
        "doc_id": STRING, "node": "Int64", "parent": "Int64", "path": STRING, "level": "Int64",
        "kind": "category", "number": STRING, "label": STRING, "title": STRING, "text": STRING,
        "start": "Int64", "end": "Int64", "raw_start": "Int64", "raw_end": "Int64",
    },
    "errors": {"file": STRING, "error": STRING},
    # Retrieval chunks (``vanban chunks``, ``Corpus.chunks``); not an ingest table.
    "chunks": {
        "chunk_id": STRING, "doc_id": STRING, "source": STRING, "number": STRING,
        "doc_type": "category", "issuer": STRING, "issued_on": "datetime64[ns]", "path": STRING,
        "kind": "category", "start": "Int64", "end": "Int64", "text": STRING,
    },
}

DEADLINE_COLUMNS = tuple(_DTYPES["deadlines"])


# The dates a ``datetime64[ns]`` column can hold; a date outside them (a typo such as 2500) is null.
_EARLIEST, _LATEST = dt.date(1677, 9, 22), dt.date(2262, 4, 11)


def timestamp_value(value: dt.date | None) -> dt.datetime | None:
    """A date as midnight of that day when a ``datetime64[ns]`` column can hold it, else None."""
    if value is None or not _EARLIEST <= value <= _LATEST:
        return None
    return dt.datetime(value.year, value.month, value.day)


def table_dtypes(name: str) -> dict[str, str]:
    """The columns of table ``name`` and their pandas dtypes, in order (a fixed schema: the same
    whatever rows a batch holds; ``object`` is a list of strings)."""
    return dict(_DTYPES[name])


def row_province(row: tuple[str, ...]) -> Province | None:
    """The province an annex row names, read past its first (STT) cell."""
    return find_province(" ".join(row[1:] if len(row) > 1 else row))


def doc_id(notice: Notice) -> str:
    """A stable key: the source path, or a hash of the text for notices parsed from strings."""
    if notice.source:
        return notice.source
    return "sha1:" + hashlib.sha1(notice.text.encode("utf-8")).hexdigest()[:16]


def notice_records(notice: Notice) -> dict[str, list[dict]]:
    """The rows each frame gets from one notice (plain dicts, before dtypes)."""
    key = doc_id(notice)
    number = notice.number
    sig = notice.signature
    out: dict[str, list[dict]] = {name: [] for name in FRAME_NAMES}
    out["notices"].append({
        "doc_id": key, "source": notice.source, "doc_type": notice.doc_type,
        "number": number.raw if number else None, "seq": number.seq if number else None,
        "year": number.year if number else None, "type_code": number.type_code if number else None,
        "issuer_code": number.issuer_code if number else None,
        "unit_code": number.unit_code if number else None,
        "number_suffix": number.suffix if number else None,
        "issuer": notice.issuer.name, "issuer_parent": notice.issuer.parent, "place": notice.place,
        "issued_on": notice.issued_on, "subject": notice.subject,
        "signature_authority": sig.authority, "signature_on_behalf_of": sig.on_behalf_of,
        "signature_title": sig.title, "signature_name": sig.name,
        "n_references": len(notice.references), "n_deadlines": len(notice.deadlines),
        "n_annexes": len(notice.annexes), "warnings": "; ".join(notice.warnings) or None,
    })
    for r in notice.references:
        out["references"].append({
            "doc_id": key, "doc_type": r.doc_type, "number": r.number, "date": r.date,
            "issuer": r.issuer, "name": r.name, "relation": r.relation, "article": r.article,
            "clause": r.clause, "point": r.point, "alias": r.alias, "start": r.start, "end": r.end,
            "mentions": len(r.mentions), "in_article": r.in_article, "in_clause": r.in_clause,
        })
    out["deadlines"] = deadline_records(notice)
    for i, recipient in enumerate(notice.recipients):
        out["recipients"].append({"doc_id": key, "position": i, "recipient": recipient})
    for i, entry in enumerate(notice.distribution):
        out["distribution"].append(
            {"doc_id": key, "position": i, "recipient": entry.recipient, "purpose": entry.purpose}
        )
    for i, annex in enumerate(notice.annexes):
        out["annexes"].append({
            "doc_id": key, "annex": i, "title": annex.title, "attached_to": annex.attached_to,
            "attached_date": annex.attached_date, "columns": " | ".join(annex.columns),
            "n_rows": len(annex.rows),
        })
        for j, row in enumerate(annex.rows):
            province = row_province(row)
            out["annex_rows"].append({
                "doc_id": key, "annex": i, "row": j, "cells": list(row),
                "province": province.name if province else None,
                "province_code": province.code if province else None,
                "province_2025": province.name_2025 if province else None,
            })
    out["sections"] = section_records(notice)
    return out


def section_records(notice: Notice) -> list[dict[str, Any]]:
    """One record per node of ``notice.structure``, parents before their children."""
    key = doc_id(notice)
    rows: list[dict[str, Any]] = []
    index: dict[int, int] = {}
    for ancestors, node in notice.nodes():
        index[id(node)] = len(rows)
        own_end = node.children[0].start if node.children else node.end
        rows.append({
            "doc_id": key, "node": len(rows),
            "parent": index[id(ancestors[-1])] if ancestors else None,
            "path": " > ".join([*(a.label for a in ancestors), node.label]), "level": len(ancestors) + 1,
            "kind": node.kind, "number": node.number, "label": node.label, "title": node.title,
            "text": notice.text[node.start:own_end].strip(), "start": node.start, "end": node.end,
            "raw_start": node.raw_start, "raw_end": node.raw_end,
        })
    return rows


def chunk_records(notice: Notice, max_chars: int) -> list[dict[str, Any]]:
    """The rows of the chunks table for one notice (see :mod:`vanban.chunks`)."""
    from .chunks import notice_chunks

    rows = []
    for chunk in notice_chunks(notice, doc_id(notice), max_chars):
        row = chunk.to_dict()
        row["issued_on"] = chunk.issued_on
        rows.append(row)
    return rows


def deadline_records(notice: Notice) -> list[dict[str, Any]]:
    """One record per deadline, with the notice's identity repeated: the rows of the deadlines
    frame, of the ingest ``deadlines`` table and of the ``vanban deadlines`` CSV."""
    base = {
        "doc_id": doc_id(notice), "source": notice.source,
        "number": notice.number.raw if notice.number else None, "issuer": notice.issuer.name,
        "issued_on": notice.issued_on,
    }
    return [
        {
            **base, "kind": d.kind, "date": d.date, "duration": d.duration,
            "working_days": d.working_days, "anchor": d.anchor, "action": d.action,
            "responsible": d.responsible, "clause": d.clause, "in_annex": d.in_annex,
            "start": d.start, "end": d.end, "sentence_start": d.sentence.start,
            "sentence_end": d.sentence.end, "in_article": d.in_article, "in_clause": d.in_clause,
        }
        for d in notice.deadlines
    ]


def build_frame(name: str, rows: Sequence[dict]) -> pd.DataFrame:
    """A frame with the columns and dtypes of ``name``, even when there are no rows."""
    import pandas as pd

    dtypes = _DTYPES[name]
    frame = pd.DataFrame(list(rows), columns=list(dtypes))
    for column, dtype in dtypes.items():
        if dtype.startswith("datetime64"):
            values = [timestamp_value(value) for value in frame[column]]
            frame[column] = pd.Series(pd.to_datetime(values), index=frame.index).astype(dtype)
        elif dtype == "category":
            frame[column] = frame[column].astype(_categories(frame[column]))
        elif dtype != "object":
            frame[column] = frame[column].astype(dtype)
    return frame


def _categories(values: pd.Series) -> pd.CategoricalDtype:
    """The sorted values as categories, held as text even when there are none (a column of nulls
    would otherwise get float or object categories, and frames of two batches would not concat)."""
    import pandas as pd

    text = pd.Index(["text"]).dtype  # how this pandas holds strings: ``str`` (pandas 3) or ``object``
    return pd.CategoricalDtype(pd.Index(sorted(values.dropna().unique()), dtype=text))


def annex_frame(annex: Annex) -> pd.DataFrame:
    """One annex table as a DataFrame: its own columns, plus province and province_2025."""
    import pandas as pd

    width = max([len(annex.columns), *(len(r) for r in annex.rows)])
    columns = list(annex.columns) + [f"col{i + 1}" for i in range(len(annex.columns), width)]
    columns = _unique(columns)
    frame = pd.DataFrame([list(r) + [""] * (width - len(r)) for r in annex.rows], columns=columns)
    frame = frame.astype(STRING)
    provinces = [row_province(r) for r in annex.rows]
    frame["province"] = pd.array([p.name if p else None for p in provinces], dtype=STRING)
    frame["province_2025"] = pd.array([p.name_2025 if p else None for p in provinces], dtype=STRING)
    return frame


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        name = name or "column"
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return out


def errors_frame(errors: Iterable[tuple[str, str]]) -> pd.DataFrame:
    """The files that failed: ``file`` and its one-line ``error``."""
    return build_frame("errors", [{"file": file, "error": error} for file, error in errors])


def notice_frames(
    notices: Iterable[Notice], errors: Iterable[tuple[str, str]] = ()
) -> dict[str, pd.DataFrame]:
    """Every frame of ``notices`` (notices, references, deadlines, recipients, distribution,
    annexes, annex_rows, sections) and the ``errors`` frame, keyed by frame name."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in FRAME_NAMES}
    for notice in notices:
        for name, records in notice_records(notice).items():
            rows[name].extend(records)
    frames = {name: build_frame(name, rows[name]) for name in FRAME_NAMES}
    frames["errors"] = errors_frame(errors)
    return frames
