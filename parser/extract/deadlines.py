"""Deadlines: a regex scan finds each date, period or duration; ``grammars/deadline.lark``
reads the words in front of it to decide the kind (before / until / from / relative).

Not deadlines: dates inside a citation, and status dates ("đến hết ngày 05/01/2016,
mới chỉ có 41/63 ...") - a before/until date on or before the date of issue, or
one followed by a report of what has (not) been done.
"""

from __future__ import annotations

import bisect
import datetime as dt
from functools import cache

import regex
from lark import Token, Tree
from lark.exceptions import LarkError

from .. import patterns
from ..grammars import load
from ..models import Deadline
from .dates import parse_date, parse_period

_VALUE = regex.compile(
    r"(?P<date>(?<![\d/.-])\d{1,2}\s*([/.-])\s*\d{1,2}\s*\2\s*\d{4}(?![\d/])"
    r"|\d{1,2}\s+tháng\s+\d{1,2}\s*,?\s+năm\s+\d{4})"
    r"|(?<=ngày\s{1,3})(?P<day_month>\d{1,2}\s*/\s*\d{1,2})(?![\d/])"
    r"|(?P<period>(?:tháng\s+\d{1,2}|quý\s+(?:[IV]{1,3}|\d))\s*(?:/|-|năm)\s*\d{4}(?![\d/]))"
    r"|(?P<duration>(?<![\d/.,])\d{1,3}\s+(?:(?:ngày|giờ)(?:\s+làm\s+việc)?|tháng|tuần|phút|năm)(?!\s*\d))",
    regex.IGNORECASE,
)
_WORDS_BEFORE = 6
_STATUS_AFTER = regex.compile(r"\s*,?\s*(?:mới|đã|chỉ|vẫn|còn|có\s+\d|toàn\s+(?:quốc|ngành))\b", regex.I)
_PAST_AFTER = regex.compile(r"\s+(?:qua|gần\s+đây|trước\s+đây|vừa\s+qua)\b", regex.I)
_ANCHOR = regex.compile(
    r"\s*,?\s*(?P<anchor>(?:kể\s+từ|tính\s+từ|trước\s+khi|sau\s+khi|từ\s+khi|từ\s+ngày|từ\s+thời\s+điểm)"
    r"[^,.;:\n]*)",
    regex.I,
)
_CLAUSE_BREAK = regex.compile(r"[,;:]\s|\n")
_SENTENCE_END = regex.compile(r"[.;!?]\s+(?=[\p{Lu}\d-])|\n")
_RESPONSIBLE = regex.compile(
    r"(?:yêu\s+cầu|đề\s+nghị|giao(?:\s+cho)?|chỉ\s+đạo)\s+(?P<who>\p{Lu}[\p{L}\s,]*?)"
    r"(?=\s+(?:tiếp\s+tục|khẩn\s+trương|chủ\s+động|thực\s+hiện|triển\s+khai|báo\s+cáo|có\s+trách\s+nhiệm"
    r"|phối\s+hợp|rà\s+soát|gửi|hoàn\s+thành|tổ\s+chức|xây\s+dựng|chỉ\s+đạo|nghiêm\s+túc|nộp|tổng\s+hợp"
    r"|cập\s+nhật|kiểm\s+tra|quán\s+triệt)\b)"
    r"|^(?!(?:Để|Trong|Theo|Nếu|Khi|Đối|Trường|Sau|Trước|Về|Căn|Tuy|Từ|Đến)\b)"
    r"(?P<subject>\p{Lu}[\p{L}\s]*?)(?=\s+(?:có\s+trách\s+nhiệm|chủ\s+trì|hoàn\s+thành|thực\s+hiện)\b)"
)
_KINDS = {"before": "before", "until": "until", "from_": "from", "relative": "relative"}
_UNITS = {"ngày": "D", "tuần": "W", "tháng": "M", "năm": "Y", "giờ": "H", "phút": "M"}


def extract_deadlines(
    text: str,
    start: int = 0,
    end: int | None = None,
    issued_on: dt.date | None = None,
    skip_spans: list[tuple[int, int]] | None = None,
) -> tuple[Deadline, ...]:
    """Deadlines stated in ``text[start:end]``."""
    end = len(text) if end is None else end
    skip = sorted(skip_spans or [])
    out: list[Deadline] = []
    breaks = list(_SENTENCE_END.finditer(text, start, end))
    boundaries = [start] + [m.end() for m in breaks]
    ends = [m.start() + (m.group() != "\n") for m in breaks] + [end]
    for m in _VALUE.finditer(text, start, end):
        if patterns.covered(skip, m.start()):
            continue
        window_start = _window_start(text, start, m.start())
        words = text[window_start : m.start()].split()[-_WORDS_BEFORE:]
        parsed = _read(tuple(w.lower() for w in words), m.group().lower())
        if parsed is None:
            continue
        kind, n_words, date, duration = parsed
        if isinstance(date, tuple):
            date = _with_issue_year(date, issued_on)
            if date is None:
                continue
        trigger_start = _nth_word_start(text, window_start, m.start(), n_words)
        after = text[m.end() : m.end() + 40]
        is_status = _STATUS_AFTER.match(after) or (issued_on and date and date <= issued_on)
        if kind in ("before", "until") and is_status:
            continue
        anchor = None
        if kind == "relative":
            if _PAST_AFTER.match(after):
                continue
            a = _ANCHOR.match(text, m.end())
            anchor = a.group("anchor").strip() if a else None
        k = bisect.bisect_right(boundaries, trigger_start) - 1
        s_start, s_end = boundaries[k], ends[k]
        sentence = text[s_start:s_end].strip()
        out.append(
            Deadline(
                kind=kind,
                date=date,
                duration=duration,
                action=_action(text, s_start, s_end, trigger_start, m.end()),
                clause=sentence[:300],
                start=trigger_start,
                end=m.end(),
                anchor=anchor,
                responsible=_responsible(sentence),
            )
        )
    return tuple(out)


@cache
def _read(
    words: tuple[str, ...], value: str
) -> tuple[str, int, dt.date | tuple[int, int] | None, str | None] | None:
    """Try the longest run of trigger words first: (kind, words used, date, duration)."""
    parser = load("deadline")
    for n in range(len(words), 0, -1):
        phrase = " ".join(words[-n:]) + " " + value
        try:
            tree = parser.parse(phrase)
        except LarkError:
            continue
        kind = _KINDS[tree.data]
        date, duration = _value(tree)
        if kind != "relative" and date is None:
            continue
        if kind != "relative" and isinstance(date, tuple) and words[-1:] != ("ngày",):
            continue  # "15/3" is a date only right after "ngày" ("đạt 2/3 số đơn vị" is not)
        return kind, n, date, duration
    return None


def _value(tree: Tree) -> tuple[dt.date | tuple[int, int] | None, str | None]:
    """(date, or (day, month) when the year is left out; ISO duration)."""
    tokens = {t.type: str(t) for t in tree.children if isinstance(t, Token)}
    if "DATE" in tokens:
        return parse_date(tokens["DATE"]), None
    if "DAY_MONTH" in tokens:
        day, month = (int(x) for x in tokens["DAY_MONTH"].split("/"))
        return (day, month), None
    if "PERIOD" in tokens:
        period = parse_period(tokens["PERIOD"])
        return (period[1] if period else None), None
    if "AMOUNT" in tokens:
        return None, _iso_duration(int(tokens["AMOUNT"]), tokens["UNIT"])
    return None, None


def _with_issue_year(day_month: tuple[int, int], issued_on: dt.date | None) -> dt.date | None:
    """Complete "15/3" with the year of issue, or the next year when that day was already past."""
    if issued_on is None:
        return None
    day, month = day_month
    for year in (issued_on.year, issued_on.year + 1):
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return None
        if date >= issued_on - dt.timedelta(days=31):
            return date
    return None


def _iso_duration(amount: int, unit: str) -> str:
    """ISO-8601: 30 ngày -> P30D, 02 giờ làm việc -> PT2H, 12 tháng -> P12M."""
    head = unit.split()[0]
    letter = _UNITS[head]
    return f"PT{amount}{letter}" if head in ("giờ", "phút") else f"P{amount}{letter}"


def _window_start(text: str, floor: int, pos: int) -> int:
    """Start of the trigger window: the clause the value sits in (at most 60 chars back)."""
    lo = max(floor, pos - 60)
    cut = max(text.rfind(ch, lo, pos) for ch in ".;:\n(")
    return max(lo, cut + 1)


def _nth_word_start(text: str, lo: int, hi: int, n: int) -> int:
    starts = [m.start() for m in patterns.WORD.finditer(text, lo, hi)]
    return starts[-n] if len(starts) >= n else lo


def _action(text: str, s_start: int, s_end: int, trigger: int, value_end: int) -> str | None:
    """The clause that must be done: before the trigger, or after it when the trigger opens the clause."""
    breaks = [m for m in _CLAUSE_BREAK.finditer(text, s_start, trigger)]
    clause_start = breaks[-1].end() if breaks else s_start
    before = text[clause_start:trigger].strip(" ,;:")
    if len(before.split()) >= 2:
        return before
    if breaks and breaks[-1].group().startswith(":"):
        # "Thời hạn hoàn thành việc kiểm tra hồ sơ: không quá 02 giờ ..." - the label is the action.
        label_start = breaks[-2].end() if len(breaks) > 1 else s_start
        label = text[label_start : breaks[-1].start()].strip(" ,;:")
        if len(label.split()) >= 2:
            return label
    nxt = _CLAUSE_BREAK.search(text, value_end, s_end)
    after = text[value_end : nxt.start() if nxt else s_end].strip(" ,;:.")
    return after or before or None


def _responsible(sentence: str) -> str | None:
    m = _RESPONSIBLE.search(sentence)
    if not m:
        return None
    who = m.group("who") or m.group("subject")
    return who.strip(" ,") if who else None
