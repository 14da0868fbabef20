"""Deadlines, read with ``grammars/deadline.lark``.

A fast locator compiled from the grammar's value terminals picks the sentences that hold a
date, a period or a duration; the grammar reads each such sentence whole and decides what is a
time limit and of what kind (before / until / from / relative) and what is not (an event's own
dates, a status date, a past span, a citation's date).  The Transformer builds each value and
reads, from the sentence's structure, who must act (the subject, or the object of "đề nghị",
"giao" …) and what they must do (the verb phrase, from its first VERB).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex
from lark import Token, Transformer, Tree
from lark.exceptions import LarkError

from .. import patterns
from ..grammars import load_reading, terminal_pattern
from ..models import Deadline, Span
from .dates import token_value
from .segments import CLAUSE_BREAK, SENTENCE_END, hits, segment_around

_UNITS = {"ngày": "D", "tuần": "W", "tháng": "M", "năm": "Y", "giờ": "H", "phút": "M"}
_AMOUNT = regex.compile(r"\d{1,3}")
_UNIT = regex.compile(r"(ngày|giờ|tháng|tuần|phút|năm)(\s+làm\s+việc)?\s*$", regex.IGNORECASE)
_DAY_MONTH = regex.compile(r"\d{1,2}")
_CLAUSE_LIMIT = 300
# The last clause break before a position, found from that position backwards.
_LAST_CLAUSE_BREAK = regex.compile(CLAUSE_BREAK.pattern, regex.REVERSE)
# How an actor named after a directive begins: a name, or a word that counts bodies or people.
_ACTOR = regex.compile(
    r"\p{Lu}|(?i:các|mỗi|từng|những|toàn\s+thể|quý|cơ\s+quan|đơn\s+vị|người|cá\s+nhân|tổ\s+chức)(?![\p{L}])"
)
# Words that join a clause to what follows: a verb phrase does not end in one.
_TRAILING_LINK = regex.compile(r"(?:\s+(?:và|thì|hoặc|nhưng|mà|để|nếu|khi|hay|cùng|với))+$", regex.IGNORECASE)
_EFFECT = regex.compile(r"có\s+hiệu\s+lực|áp\s+dụng|bắt\s+đầu", regex.IGNORECASE)
# Words that open a sentence without being its subject ("Tuy nhiên, …", "Trong thời gian …").
_NOT_A_SUBJECT = regex.compile(
    r"(?:tuy|trong|để|theo|nếu|khi|đối|trường|sau|trước|về|căn|thực|từ|đến|hằng|hàng|định|ngoài|đồng"
    r"|riêng|hiện|thời|hạn|nhằm|do|vì|qua|tại|trên|với|như|mục|nội|phạm|ghi|lưu|chú|cụ|bước|ví|việc"
    r"|hồ\s+sơ|văn\s+bản|kết\s+quả|số\s+liệu|báo\s+cáo)"
    r"(?![\p{L}])",
    regex.IGNORECASE,
)


def _locators() -> tuple[tuple[regex.Pattern[str], ...], tuple[regex.Pattern[str], ...]]:
    """Sentences worth parsing hold one of the grammar's own value shapes, and one of the
    triggers every time limit starts with (each lexed only where a value may follow).

    A whole year is found by its shape ("năm 2025", a literal the scan finds at once), not by
    its trigger (YEAR_UNTIL, an alternation tried at every character): a sentence with a year
    and no other value yields a limit only through that trigger, which the trigger test asks.
    """
    values = ("DATE", "MONTH", "QUARTER", "DURATION", "DAY_MONTH", "YEAR")
    triggers = ("BEFORE", "UNTIL", "FROM", "LIMIT", "YEAR_UNTIL", "IS", "ON")
    return (
        tuple(regex.compile(terminal_pattern("deadline", n)) for n in values),
        tuple(regex.compile(terminal_pattern("deadline", n)) for n in triggers),
    )


_LOCATORS: tuple[tuple[regex.Pattern[str], ...], tuple[regex.Pattern[str], ...]] = ((), ())


@dataclass(frozen=True)
class _Phrase:
    """A time limit the grammar read, before the sentence gives it an actor and an action."""

    kind: str
    start: int
    end: int
    date: dt.date | None = None
    duration: str | None = None
    working_days: bool | None = None
    anchor: str | None = None
    label: tuple[int, int] | None = None  # "Thời hạn <nộp báo cáo> là …": the action it names


def extract_deadlines(
    text: str,
    start: int = 0,
    end: int | None = None,
    issued_on: dt.date | None = None,
    skip_spans: list[tuple[int, int]] | None = None,
    annex_start: int | None = None,
) -> tuple[Deadline, ...]:
    """Deadlines stated in ``text[start:end]``.

    ``skip_spans`` are dates the reference grammar read as a citation's date; a deadline from
    ``annex_start`` on is marked ``in_annex``, and dropped when the body states it already.
    """
    global _LOCATORS
    if not _LOCATORS[0]:
        _LOCATORS = _locators()
    values, triggers = _LOCATORS
    end = len(text) if end is None else end
    skip = sorted(skip_spans or [])
    parser = load_reading("deadline", _READER)
    out: list[Deadline] = []
    seen: set[tuple[str, dt.date | None, str | None]] = set()
    pos = start
    for hit in hits(text, start, end, values):
        if hit < pos:
            continue
        s_start, s_end = segment_around(text, pos, hit, end, SENTENCE_END)
        pos = s_end + 1
        if not any(t.search(text, s_start, s_end) for t in triggers):
            continue
        _READER.begin(text, s_start, s_end, issued_on, annex_start)
        try:
            found = parser.parse(text[s_start:s_end])
        except LarkError:  # the grammar is total; a failure only skips this sentence
            continue
        for deadline in found:
            if patterns.covered(skip, deadline.end - 1):
                continue
            key = (deadline.kind, deadline.date, deadline.duration)
            if deadline.in_annex and key in seen:
                continue
            seen.add(key)
            out.append(deadline)
    return tuple(out)


class _SentenceReader(Transformer):
    """``deadline.lark`` tree of one sentence -> its :class:`Deadline` items."""

    text = ""
    offset = 0
    issued_on: dt.date | None = None

    end = 0

    annex_start: int | None = None
    sentence = Span(0, 0)

    def begin(
        self, text: str, offset: int, end: int, issued_on: dt.date | None, annex_start: int | None = None
    ) -> None:
        """Set the sentence about to be parsed (the reader runs inside the parser)."""
        self.text = text
        self.offset = offset
        self.end = end
        self.issued_on = issued_on
        self.annex_start = annex_start
        self.sentence = Span(offset, end)

    # --- values --------------------------------------------------------------------------
    def _due(self, items: list) -> tuple[dt.date | None, int]:
        """The due date of a phrase's value tokens (a period's last day) and where it ends."""
        tokens = [t for t in items if isinstance(t, Token)]
        last = tokens[-1]
        if last.type == "DAY_MONTH":
            return self._with_issue_year(str(last)), last.end_pos
        value = token_value(last)
        if isinstance(value, tuple):
            return value[1], last.end_pos
        return value, last.end_pos

    def _with_issue_year(self, token: str) -> dt.date | None:
        """"trước ngày 15/3": the year of issue, or the next one when that day was already past."""
        if self.issued_on is None:
            return None
        day, month = (int(x) for x in _DAY_MONTH.findall(token)[:2])
        for year in (self.issued_on.year, self.issued_on.year + 1):
            try:
                date = dt.date(year, month, day)
            except ValueError:
                return None
            if date >= self.issued_on - dt.timedelta(days=31):
                return date
        return None

    def _phrase(self, kind: str, items: list, **fields) -> _Phrase | None:
        tokens = _tokens(items)
        date, _ = self._due(items) if kind != "relative" else (None, 0)
        if kind != "relative" and date is None:
            return None
        if kind in ("before", "until") and self.issued_on and date and date <= self.issued_on:
            return None  # a cut-off the notice states about the past, not a limit it sets
        fields.setdefault("date", date)
        return _Phrase(kind, self.offset + tokens[0].start_pos, self.offset + tokens[-1].end_pos, **fields)

    # --- phrases -------------------------------------------------------------------------
    def before(self, items: list) -> _Phrase | None:
        return self._phrase("before", items)

    def until(self, items: list) -> _Phrase | None:
        return self._phrase("until", items)

    def from_(self, items: list) -> _Phrase | None:
        return self._phrase("from", items)

    def window(self, items: list) -> _Phrase | None:
        """"từ ngày … đến hết ngày 30/4/2024": the window of an obligation ends in an ``until``;
        a window of effect ("áp dụng từ ngày … đến hết ngày …") starts a ``from``."""
        if _EFFECT.match(str(items[0])):
            until = next(i for i, t in enumerate(items) if isinstance(t, Token) and t.type == "UNTIL")
            return self._phrase("from", items[:until])
        return self._phrase("until", items)

    def relative(self, items: list) -> _Phrase:
        duration = next(t for t in items if isinstance(t, Token) and t.type == "DURATION")
        anchor = next((a for a in items if isinstance(a, Tree) and a.data == "anchor"), None)
        return self._relative(items, duration, anchor)

    def limit_duration(self, items: list) -> _Phrase:
        duration = next(t for t in items if isinstance(t, Token) and t.type == "DURATION")
        anchor = next((a for a in items if isinstance(a, Tree) and a.data == "anchor"), None)
        phrase = self._relative(items[1:], duration, anchor)
        return _Phrase(**{**phrase.__dict__, "label": self._label(items)})

    def limit_date(self, items: list) -> _Phrase | None:
        phrase = self._phrase("until", [t for t in items[1:] if isinstance(t, Token)][-3:])
        if phrase is None:
            return None
        return _Phrase(**{**phrase.__dict__, "label": self._label(items)})

    def limit(self, items: list) -> _Phrase | None:
        inner = items[-1]
        if not isinstance(inner, _Phrase):
            return None
        return _Phrase(**{**inner.__dict__, "label": self._label(items)})

    def _relative(self, items: list, duration: Token, anchor: Tree | None) -> _Phrase:
        tokens = _tokens(items)
        amount = int(_AMOUNT.search(str(duration)).group())
        unit = _UNIT.search(str(duration))
        head = unit.group(1).lower() if unit else "ngày"
        letter = _UNITS[head]
        iso = f"PT{amount}{letter}" if head in ("giờ", "phút") else f"P{amount}{letter}"
        anchor_text = None
        if anchor is not None:
            # "kể từ ngày nhận được hồ sơ": from its head to the end of its clause.
            head = self.offset + _tokens([anchor])[0].start_pos
            stop = CLAUSE_BREAK.search(self.text, head, self.end)
            anchor_text = self._slice(head, stop.start() if stop else self.end)
        start = self.offset + tokens[0].start_pos
        return _Phrase("relative", start, self.offset + duration.end_pos, duration=iso,
                       working_days=bool(unit and unit.group(2)), anchor=anchor_text)

    def _label(self, items: list) -> tuple[int, int] | None:
        """"Thời hạn <nộp báo cáo> là …": the verb phrase between the limit noun and its value."""
        noun, first = items[0], items[1] if len(items) > 1 else None
        if not isinstance(first, Token) or first.type != "VERB" or self._words(noun.end_pos, first.start_pos):
            return None
        end = next((t.start_pos for t in items[2:] if isinstance(t, Token) and t.type not in ("VERB",)), None)
        if end is None:
            inner = next((i for i in items[2:] if isinstance(i, _Phrase)), None)
            if inner is None:
                return None
            return self.offset + first.start_pos, inner.start
        return self.offset + first.start_pos, self.offset + end

    # Not deadlines: they stay plain words of the sentence.
    def status(self, items: list) -> None:
        return None

    def past(self, items: list) -> None:
        return None

    def event(self, items: list) -> Token:
        return items[0]

    def on_day(self, items: list) -> None:
        return None

    def dangling(self, items: list) -> Token | None:
        return next((t for t in items if isinstance(t, Token)), None)

    # --- the sentence ----------------------------------------------------------------------
    def start(self, items: list) -> list[Deadline]:
        """Each phrase of the sentence with who must act and what they must do (one pass).

        Who: the sentence's subject, or the object of a directive ("đề nghị các đơn vị", also
        after an opening clause: "Thực hiện …, Sở Y tế đề nghị các đơn vị …").  What: the verb
        phrase of the phrase's own clause, else the predicate that follows the actor, else the
        latest clause with a verb; "Trước ngày …, các đơn vị gửi …" reads it after the phrase.
        """
        seq = [i for i in items if i is not None]
        responsible, predicate = self._subject(seq)
        out = []
        recent: Token | None = None  # the first verb of the latest clause that has one
        clause_verb: Token | None = None  # the first verb of the phrase's own clause
        for index, item in enumerate(seq):
            if isinstance(item, Token):
                if item.type == "VERB" and clause_verb is None:
                    clause_verb = recent = item
                elif item.type == "COMMA":
                    clause_verb = None
                elif item.type == "DIRECTIVE":
                    nxt = seq[index + 1] if index + 1 < len(seq) else None
                    if not (isinstance(nxt, Token) and nxt.type == "VERB"):
                        continue  # the words are read only when a verb follows them
                    actor = self._words(item.end_pos, nxt.start_pos)
                    if actor and _ACTOR.match(actor):  # "đề nghị <các đơn vị> <gửi>"
                        responsible, predicate = actor, nxt
                continue
            if not isinstance(item, _Phrase):
                continue
            who, action = responsible, None
            # what takes effect "from" a date is its own clause's; a duty may be stated earlier
            head = clause_verb if item.kind == "from" else clause_verb or predicate or recent
            if item.label:
                action = self._slice(*item.label)
            elif head is not None:
                action = self._phrase_text(self.offset + head.start_pos, item.start)
            elif item.kind != "from":
                who, action = self._predicate_after(seq, index, responsible)
            out.append(Deadline(
                kind=item.kind, date=item.date, duration=item.duration, action=action,
                clause=self._clause(item), start=item.start, end=item.end, sentence=self.sentence,
                anchor=item.anchor, responsible=who, working_days=item.working_days,
                in_annex=self.annex_start is not None and item.start >= self.annex_start,
            ))
            recent = clause_verb = predicate = None
        return out

    def _predicate_after(
        self, seq: list, index: int, responsible: str | None
    ) -> tuple[str | None, str | None]:
        """"Trước ngày 15/3/2024, các đơn vị gửi báo cáo về Sở": subject and verb phrase follow."""
        phrase = seq[index]
        j = index + 1
        if j < len(seq) and isinstance(seq[j], Token) and seq[j].type == "COMMA":
            j += 1
        verb = seq[j] if j < len(seq) else None
        if not isinstance(verb, Token) or verb.type != "VERB":
            return responsible, None
        lead_start = self.offset + seq[j - 1].end_pos if j > index + 1 else phrase.end
        stop = next((t for t in seq[j + 1 :] if not isinstance(t, Token) or t.type == "COMMA"), None)
        if stop is None:
            end = self.end
        else:
            end = stop.start if isinstance(stop, _Phrase) else self.offset + stop.start_pos
        action = self._slice(self.offset + verb.start_pos, end)
        lead = self._words(lead_start - self.offset, verb.start_pos)
        if responsible is None and lead and not _NOT_A_SUBJECT.match(lead):
            responsible = lead
        return responsible, action

    def _subject(self, seq: list) -> tuple[str | None, Token | None]:
        """(actor, its predicate's first VERB) where the sentence opens with them: a directive and
        its object ("Đề nghị Sở Y tế tổng hợp …"), or a subject ("Sở Y tế có trách nhiệm …")."""
        heads = [t for t in seq[:3] if not (isinstance(t, Token) and t.type == "COMMA")]
        if not heads or not all(isinstance(t, Token) for t in heads[:2]):
            return None, None
        if heads[0].type == "DIRECTIVE":
            if len(heads) < 2 or heads[1].type != "VERB":
                return None, None
            return self._words(heads[0].end_pos, heads[1].start_pos), heads[1]
        if heads[0].type != "VERB":
            return None, None
        subject = self._words(0, heads[0].start_pos)
        subject = subject.rsplit(";", 1)[-1].strip() if subject else subject
        if not subject or _NOT_A_SUBJECT.match(subject) or not subject[:1].isupper():
            return None, None
        return subject, heads[0]

    def _words(self, start: int, end: int) -> str | None:
        """The plain words of the sentence between two parser positions."""
        return self._slice(self.offset + start, self.offset + end)

    def _slice(self, start: int, end: int) -> str | None:
        text = " ".join(self.text[start:end].split()).strip(" ,;:.-")
        return text or None

    def _phrase_text(self, start: int, end: int) -> str | None:
        """A verb phrase's words, without a conjunction left at its end ("… và", "… thì")."""
        text = self._slice(start, end)
        return _TRAILING_LINK.sub("", text).strip(" ,;:.-") or None if text else None

    def _clause(self, phrase: _Phrase) -> str:
        """The clause around the phrase, at most ``_CLAUSE_LIMIT`` characters."""
        lo = max(self.offset, phrase.start - _CLAUSE_LIMIT)
        last = _LAST_CLAUSE_BREAK.search(self.text, lo, phrase.start)
        start = last.end() if last else lo
        nxt = CLAUSE_BREAK.search(self.text, phrase.end, phrase.end + _CLAUSE_LIMIT)
        stop = nxt.start() if nxt else min(len(self.text), phrase.end + _CLAUSE_LIMIT)
        if stop - start > _CLAUSE_LIMIT:
            start = max(start, phrase.start - (_CLAUSE_LIMIT - (phrase.end - phrase.start)) // 2)
            stop = min(stop, start + _CLAUSE_LIMIT)
        return " ".join(self.text[start:stop].split()).rstrip(" .;,")


def _tokens(items: list) -> list[Token]:
    out: list[Token] = []
    for item in items:
        if isinstance(item, Token):
            out.append(item)
        elif isinstance(item, Tree):
            out.extend(item.scan_values(lambda v: isinstance(v, Token)))
    return out


_READER = _SentenceReader()
