"""Dates and calendar periods: regex scan for spans, ``grammars/date.lark`` to read them."""

from __future__ import annotations

import calendar
import datetime as dt
from functools import cache

import regex
from lark import Transformer
from lark.exceptions import LarkError

from ..grammars import load

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_START_RULES = ("date", "month", "quarter", "year")

# Spans the grammar reads.  Numeric dates need a 4-digit year: "41/63" is no date.
DATE_SPAN = regex.compile(
    r"(?:ngày\s+)?\d{1,2}\s+tháng\s+\d{1,2}\s*,?\s+năm\s+\d{4}"
    r"|(?:ngày\s+)?(?<![\d/.-])\d{1,2}\s*([/.-])\s*\d{1,2}\s*\1\s*\d{4}(?![\d/])",
    regex.IGNORECASE,
)


class _DateReader(Transformer):
    """``date.lark`` trees -> ``date`` or ``(first day, last day)`` of a period."""

    @staticmethod
    def _date(year, month, day) -> dt.date | None:
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            return None

    def words(self, items):
        day, month, year = items
        return self._date(year, month, day)

    def numeric(self, items):
        day, _, month, _, year = items
        return self._date(year, month, day)

    def month(self, items):
        month, year = items[0], items[-1]
        first = self._date(year, month, 1)
        if first is None:
            return None
        return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])

    def quarter(self, items):
        q, year = str(items[0]), items[-1]
        n = _ROMAN.get(q.upper()) or (int(q) if q.isdigit() else 0)
        if not 1 <= n <= 4:
            return None
        first = self._date(year, 3 * n - 2, 1)
        last_month = 3 * n
        return first, self._date(year, last_month, calendar.monthrange(int(year), last_month)[1])

    def year(self, items):
        year = int(items[0])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)


_READER = _DateReader()


@cache
def parse_date(text: str) -> dt.date | None:
    """Read one date: "ngày 05 tháng 01 năm 2016", "09/3/2015" ..."""
    try:
        return _READER.transform(load("date", _START_RULES).parse(text, start="date"))
    except LarkError:
        return None


@cache
def parse_period(text: str) -> tuple[dt.date, dt.date] | None:
    """Read a period: "tháng 3/2016", "quý II/2020", "năm 2015" -> (first day, last day)."""
    for rule in ("month", "quarter", "year"):
        try:
            return _READER.transform(load("date", _START_RULES).parse(text, start=rule))
        except LarkError:
            continue
    return None


def find_dates(text: str, start: int = 0, end: int | None = None):
    """Yield ``(match, date)`` for every valid date in ``text[start:end]``."""
    for m in DATE_SPAN.finditer(text, start, len(text) if end is None else end):
        value = parse_date(m.group())
        if value is not None:
            yield m, value
