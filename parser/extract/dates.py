"""Dates and calendar periods, read with ``grammars/date.lark`` (shapes from ``shapes.lark``).

A date token's figures are day, month and year in that order whatever its spelling
("05/01/2016", "5-1-2016", "05 tháng 01 năm 2016"), so the Transformer reads the figures
and checks the ranges.  :class:`DateValues` is the one reader every phrase grammar uses.
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache

import regex
from lark import Token
from lark.exceptions import LarkError

from ..grammars import load, terminal_pattern

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_START_RULES = ("date", "month", "quarter", "year")
_FIGURES = regex.compile(r"\d+")
_DATE_FIGURES = regex.compile(r"\d{1,4}")  # day, month, year first; a glued footnote mark after
_QUARTER = regex.compile(r"quý\s+([IVX]+|\d)", regex.IGNORECASE)

# The locator of date spans (for callers that scan text for dates): the grammar's own terminal.
DATE_SPAN = regex.compile(rf"(?:ngày\s+)?(?:{terminal_pattern('date', 'DATE')})", regex.IGNORECASE)


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """``date(year, month, day)``, or ``None`` when the figures are no calendar day."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def date_of(token: str) -> dt.date | None:
    """A DATE token's value: its figures are day, month, year."""
    day, month, year = (int(x) for x in _DATE_FIGURES.findall(token)[:3])
    return make_date(year, month, day)


def month_of(token: str) -> tuple[dt.date, dt.date] | None:
    """A MONTH token ("tháng 3/2016"): its first and last day."""
    month, year = (int(x) for x in _FIGURES.findall(token)[-2:])
    first = make_date(year, month, 1)
    if first is None:
        return None
    return first, first.replace(day=calendar.monthrange(year, month)[1])


def quarter_of(token: str) -> tuple[dt.date, dt.date] | None:
    """A QUARTER token ("quý II/2020"): its first and last day."""
    mark = _QUARTER.match(token)
    year = int(_FIGURES.findall(token)[-1])
    q = mark.group(1).upper() if mark else ""
    n = _ROMAN.get(q) or (int(q) if q.isdigit() else 0)
    if not 1 <= n <= 4 or year < 1:
        return None
    last = 3 * n
    return dt.date(year, last - 2, 1), dt.date(year, last, calendar.monthrange(year, last)[1])


def year_of(token: str) -> tuple[dt.date, dt.date] | None:
    """A YEAR token ("năm 2015"): its first and last day."""
    year = int(_FIGURES.findall(token)[-1])
    return (dt.date(year, 1, 1), dt.date(year, 12, 31)) if year >= 1 else None


PERIOD_READERS = {"MONTH": month_of, "QUARTER": quarter_of, "YEAR": year_of}


def token_value(token: Token) -> dt.date | tuple[dt.date, dt.date] | None:
    """The value of a DATE or period token from any grammar that imports the shapes."""
    if token.type == "DATE":
        return date_of(str(token))
    reader = PERIOD_READERS.get(token.type)
    return reader(str(token)) if reader else None


@lru_cache(maxsize=4096)
def parse_date(text: str) -> dt.date | None:
    """Read one date: "ngày 05 tháng 01 năm 2016", "09/3/2015" ..."""
    try:
        tree = load("date", _START_RULES).parse(text.strip(), start="date")
    except LarkError:
        return None
    return date_of(str(tree.children[-1]))


@lru_cache(maxsize=1024)
def parse_period(text: str) -> tuple[dt.date, dt.date] | None:
    """Read a period: "tháng 3/2016", "quý II/2020", "năm 2015" -> (first day, last day)."""
    for rule in ("month", "quarter", "year"):
        try:
            tree = load("date", _START_RULES).parse(text.strip(), start=rule)
        except LarkError:
            continue
        return token_value(tree.children[-1])
    return None


def find_dates(text: str, start: int = 0, end: int | None = None):
    """Yield ``(match, date)`` for every valid date in ``text[start:end]``."""
    for m in DATE_SPAN.finditer(text, start, len(text) if end is None else end):
        value = parse_date(m.group())
        if value is not None:
            yield m, value
