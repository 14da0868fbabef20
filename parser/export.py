"""Flat rows for export: one row per deadline (the ``vanban deadlines`` CSV)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO

from .models import Notice
from .writers import spreadsheet_safe

DEADLINE_COLUMNS = (
    "source", "number", "issuer", "issued_on", "kind", "date", "duration", "action", "responsible",
    "sentence",
)


def deadline_rows(notice: Notice) -> list[dict[str, str | None]]:
    """One row per deadline of ``notice``, with the notice's identity repeated."""
    base = {
        "source": notice.source,
        "number": notice.number.raw if notice.number else None,
        "issuer": notice.issuer.name,
        "issued_on": notice.issued_on.isoformat() if notice.issued_on else None,
    }
    return [
        {
            **base,
            "kind": d.kind,
            "date": d.date.isoformat() if d.date else None,
            "duration": d.duration,
            "action": d.action,
            "responsible": d.responsible,
            "sentence": d.sentence,
        }
        for d in notice.deadlines
    ]


def write_deadlines_csv(notices: Iterable[Notice], out: IO[str]) -> int:
    """Write the deadlines of ``notices`` as CSV to ``out``; returns the number of rows.  Text a
    spreadsheet would run as a formula is neutralised (:func:`vanban.writers.spreadsheet_safe`)."""
    writer = csv.DictWriter(out, fieldnames=DEADLINE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for notice in notices:
        for row in deadline_rows(notice):
            writer.writerow({k: spreadsheet_safe(v) if isinstance(v, str) else v for k, v in row.items()})
            count += 1
    return count
