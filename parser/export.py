"""Flat rows for export: one row per deadline (the ``vanban deadlines`` CSV).

The columns are the ingest ``deadlines`` table's (:data:`vanban.frames.DEADLINE_COLUMNS`):
the notice's identity, then kind, date, duration, working_days, anchor, action, responsible,
clause (the clause around the phrase), in_annex and the spans.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from typing import IO

from .frames import DEADLINE_COLUMNS, deadline_records
from .models import Notice
from .writers import spreadsheet_safe

__all__ = ["DEADLINE_COLUMNS", "deadline_rows", "write_deadlines_csv"]


def _cell(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def deadline_rows(notice: Notice) -> list[dict[str, object]]:
    """One row per deadline of ``notice``: plain values, dates in ISO form."""
    return [{k: _cell(v) for k, v in row.items()} for row in deadline_records(notice)]


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
