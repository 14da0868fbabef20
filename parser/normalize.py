"""Repair the broken lines of a scraped notice into clean paragraphs.

The scraper's lines are cut into *fragments* (a line, or the pieces of a line
between separator rules).  Between two fragments the normaliser decides one of
three joins:

* ``""``  - one word split mid-syllable ("Công ng" + "hệ"), decided by the
  syllable grammar and underthesea's word list (:func:`lexicon.should_join`);
* ``" "`` - a soft wrap inside a paragraph or a table cell;
* ``"\\n"`` - a real break: a structural marker starts (``Số:``, ``V/v``, a list
  dash, ``Điều 3.`` ...), a sentence ended, or the layout changes.

Download-button boilerplate, separator rules, the scraper's title line and the
chunk prefixes it repeats are dropped.  A second pass splits header cells that
the scraper merged on one line.  Every character of the clean text maps back to
the decoded raw text (:meth:`Text.to_raw`).
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

import regex

from . import patterns, vocab
from .layout import NUMBER_SEPARATORS, is_authority, number_join
from .lexicon import is_known_pair, is_known_syllable, should_join
from .places import longest_place_suffix
from .titles import enacting_authority_start

# --- what a fragment looks like ---------------------------------------------------------

# Whole-line furniture, each match starting at a line start and ending at a line end.
_FURNITURE = regex.compile(rf"(?m)^(?:{'|'.join(vocab.GAZETTE_FURNITURE)})$")
_BOILERPLATE = patterns.LeadDispatch("line", vocab.BOILERPLATE_LINES, regex.IGNORECASE, after=r"\s*")
_SEPARATOR = regex.compile(r"[-_=–—*.·]{3,}|[-_=–—]{2,}|\*")
# A cheap check before the separator scan: every rule holds one of these runs.
_RULE_HINT = regex.compile(r"[-_=–—]{2}|\.\.\.|[*·]")
_BOILERPLATE_MAX = 80
_HEADER_REGION = 4000  # the header (and its date line) lies within the first characters
_TYPES = "|".join(regex.escape(t) for t in vocab.TYPE_TITLES)
# "Công văn 296/BHXH-CSYT năm 2021 hướng dẫn ... ban hành. BẢO HIỂM ..." (first line only)
_SCRAPER_TITLE = regex.compile(
    rf"[ \t]*(?:{_TYPES})\s+(?:số\s+)?\d[^\n]*?\.[ \t]+(?=\p{{Lu}}[\p{{Lu}}\d]|Điều\s|Chương\s)"
)
_SCRAPER_TITLE_LINE = regex.compile(rf"(?:{_TYPES})\s+(?:số\s+)?\d+[-/][^\s]*(?:\s+[^\n]*)?")
# "Quyết định 3618/QĐ-BHXH năm 2022. " repeated before sections (the number is read possessively,
# its dots one at a time: a greedy run over "a.a.a…" backtracks over the rest of the line; a
# number has a few dotted parts, not a line of them: the regex module repeats a group slowly).
_CHUNK_PREFIX = patterns.LeadDispatch("prefix", (
    rf"[ \t]*(?:{_TYPES})\s+(?:số\s+)?\d[\w/\-Đđ]*+(?:\.[\w/\-Đđ]++){{0,20}}+(?:\s+năm\s+\d{{4}})?\.[ \t]+",
))

_CLOSING = set(")]},.;:!?%”’»")
_OPENING = set("([{“‘«")
_SIGNING_END = regex.compile(r"(?<![\p{L}/])(?:TUQ|TM|KT|TL|Q)\.$|(?:T/M|K/T|T/L)$", regex.REVERSE)
_STT_CELL = patterns.LeadDispatch("stt", (r"\d{1,3}\.?", r"[IVXLC]{1,6}\.?", r"[a-zđ]\)"))
_STT_ENDS = frozenset("IVXLC.)")  # or a figure

# A bare "Điều 19." (or "Điều 19;") alone on its line after a line that ends inside a sentence
# (a small letter, a digit, "," or ";") is a citation wrapped before its article number.
_ARTICLE_CITED = regex.compile(r"(?:Điều|ĐIỀU)\s+\d+[a-zđ]?\s*[.;,]?[ \t\r]*")
_CITATION_GOES_ON = regex.compile(r"[\p{Ll}\d,;]")

# Lines that start a new block whatever the previous line looked like (after the line's
# blanks: no alternative starts with one).
_LINE_START_MARKERS = patterns.LeadDispatch("m", (
    r"[-–—+•*▪]\s",
    r"\d{1,3}(?:\.\d{1,3})*[.)]\s+\S",
    r"[a-zđ]\)\s",
    r"[IVXLC]{1,6}[.)]\s",
    r"(?:Điều|ĐIỀU)\s+\d+[a-zđ]?(?:\s*[.:]|[ \t]*$)",  # a heading; not "Như Điều 2;", "Điều 5 Nghị định"
    r"(?:Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN)\s+[IVXLC\d]+\b",
    r"Số\s*:",
    r"Số\s+(?=\d+[/-])",
    r"(?:Luật|Bộ\s+luật|Nghị\s+quyết|Pháp\s+lệnh|Lệnh)\s+số\s*:",
    r"V/v\b",
    r"Kính\s+gửi",
    r"Nơi\s+nhận",
    vocab.NATIONAL_TITLE,
    vocab.MOTTO,
    vocab.PARTY_TITLE,
    r"(?:TUQ|TM|KT|TL|Q)\.\s*\p{Lu}{2}",
    r"(?:T/M|K/T|T/L)\s+\p{Lu}{2}",
    r"\((?:Ban\s+hành\s+)?[Kk]èm\s+theo",
    r"QUYẾT\s+ĐỊNH\s*:",
    r"(?:PHỤ\s+LỤC|DANH\s+SÁCH|DANH\s+MỤC|BIỂU\s+MẪU)\b",
    patterns.PLACE_DATE.pattern,
))
_TYPE_TITLE_WRAPPED = "|".join(regex.escape(t.upper()).replace(r"\ ", r"\s+") for t in vocab.TYPE_TITLES)
# A type title closing its line; it must open the line or follow the year of the date.
_TYPE_TITLE_LINE = regex.compile(rf"(?m)(?:{_TYPE_TITLE_WRAPPED})[ \t\r]*$")
_NEXT_LINE = regex.compile(r"\n(?P<indent>[ \t]*)(?P<first>\S)[^\n]*")
_BLANKS = regex.compile(r"[ \t]*")
_LINE_BREAK = regex.compile(r"\n")
_CAPITAL_NEXT_LINE = regex.compile(r"\n[ \t]*\p{Lu}")
# An article's or chapter's heading: its line ends it when the next line starts a sentence.
_OUTLINE_HEADING = regex.compile(r"(?:Điều|ĐIỀU|Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN)\s")
# Spans after whose end a block always ends.
_BLOCK_ENDS = regex.compile(rf"{vocab.MOTTO}|{vocab.NATIONAL_TITLE}")


# Page breaks and Unicode line separators become plain line breaks; a BOM becomes a space.
_LINE_BREAK_CHARS = {c: "\n" for c in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"} | {"\ufeff": " "}


@dataclass(frozen=True)
class Text:
    """Clean text with a map back to the raw text it came from.

    ``raw`` is the decoded input in NFC; ``clean`` the repaired paragraphs.
    ``segments`` holds ``(clean_start, raw_start, length)`` runs copied verbatim;
    characters the normaliser inserted map to the raw break they replace.
    """

    raw: str
    clean: str
    segments: tuple[tuple[int, int, int], ...] = field(repr=False)

    @cached_property
    def _starts(self) -> list[int]:
        return [s[0] for s in self.segments]

    def to_raw(self, index: int) -> int:
        """Raw offset of the clean character at ``index`` (clamped to the text)."""
        if not self.segments:
            return 0
        i = max(bisect.bisect_right(self._starts, index) - 1, 0)
        clean_start, raw_start, length = self.segments[i]
        return raw_start + min(max(index - clean_start, 0), length)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw span of the clean span ``[start, end)``."""
        return self.to_raw(start), self.to_raw(max(start, end - 1)) + 1 if end > start else self.to_raw(start)


@dataclass(slots=True)
class _Fragment:
    start: int  # raw offsets of the stripped content
    end: int
    indented: bool = False
    hard_before: bool = False
    wrapped: bool = False  # after a CRLF in a text whose cells end in LF: a wrap inside its cell
    new_cell: bool = False  # after a bare LF, the first line of a wrapped cell: a new cell
    # What its text is, read when a join first asks (the next join asks again, as the previous text)
    stt_cell: bool | None = None
    case: str | None = None

    def is_stt_cell(self, text: str) -> bool:
        """Whether ``text`` (this fragment's) is a row number cell: "1", "IV.", "a)"."""
        if self.stt_cell is None:  # (a row number is short and ends in a figure, a numeral, "." or ")")
            last = text[-1]
            short = len(text) < 8 and (last in _STT_ENDS or last.isdecimal())
            self.stt_cell = short and _STT_CELL.fullmatch(text) is not None
        return self.stt_cell

    def case_class(self, text: str) -> str:
        """``_case_class`` of ``text`` (this fragment's)."""
        if self.case is None:
            self.case = _case_class(text)
        return self.case


def normalize(raw: str) -> Text:
    """Repair ``raw`` (already decoded) into clean paragraphs with an offset map."""
    raw = unicodedata.normalize("NFC", raw)
    # Page breaks, line separators, CRLF and lone CR become line breaks; every replacement keeps
    # the length, so offsets into this text hold.
    for char in _LINE_BREAK_CHARS:
        if char in raw:
            raw = raw.replace(char, _LINE_BREAK_CHARS[char])
    # Line endings mixed the way thuvienphapluat's scrapes mix them: LF ends a cell, CRLF wraps
    # a line inside it (a file that ends every line in CRLF says nothing).
    # Where the bare LFs are the ones that look like wraps (followed by indentation, or most of
    # them inside a phrase), LF is the soft wrap, as usual.
    crlf = raw.count("\r\n")
    bare = raw.count("\n") - crlf
    mixed = (  # both endings common: a CRLF file with a few LF lines added is no cell layout
        crlf > 0 and 3 * bare >= crlf and not _INDENTED_BARE_LF.search(raw)
        and 2 * len(_BARE_LF_IN_PHRASE.findall(raw)) < bare
    )
    wraps = {m.end() for m in _CRLF.finditer(raw)} if mixed else set()
    raw = raw.replace("\r\n", " \n").replace("\r", "\n")
    markers = _markers(raw, wraps)
    pieces: list[str] = []
    segments: list[tuple[int, int, int]] = []
    clean_len = 0
    tail = ""  # the end of the clean line being built (enough to decide the next join)
    prev: _Fragment | None = None
    prev_text = ""
    recipients_cell = False
    line_before = ""  # the end of the clean line before this one
    fragments = _fragments(raw, wraps, mixed)
    after = next(fragments, None)
    while after is not None:
        frag, after = after, next(fragments, None)
        text = raw[frag.start : frag.end]
        if prev is not None:
            next_text = raw[after.start] if after and not after.hard_before else ""
            join = _decide(tail, prev, frag, text, prev_text, markers, next_text, recipients_cell)
            if join:
                pieces.append(join)
                segments.append((clean_len, prev.end, 0))
                clean_len += len(join)
            line_before, tail = tail, "" if join == "\n" else tail + join
        if not tail:  # this fragment opens a clean line: is it the "Kính gửi" cell with its recipients?
            label_alone = _BARE_RECIPIENTS_LABEL.fullmatch(line_before) is not None
            recipients_cell = label_alone or _RECIPIENTS_CELL.match(text) is not None
        segments.append((clean_len, frag.start, len(text)))
        pieces.append(text)
        clean_len += len(text)
        tail = (tail + text)[-_TAIL:]
        prev, prev_text = frag, text
    clean = "".join(pieces)
    clean = _split_merged_cells(clean)
    return Text(raw=raw, clean=clean, segments=tuple(segments))


def _furniture_lines(raw: str) -> set[int]:
    """Start offsets of the lines that are page furniture (gazette headers, stamps)."""
    if not any(hint in raw for hint in ("CÔNG BÁO", "Công báo", "ký:", "Ký bởi", "VĂN BẢN")):
        return set()
    starts: set[int] = set()
    for m in _FURNITURE.finditer(raw):
        pos = m.start()
        while pos <= m.end():
            starts.add(pos)
            nxt = raw.find("\n", pos, m.end())
            if nxt < 0:
                break
            pos = nxt + 1
    return starts


def _fragments(raw: str, wraps: set[int], cells: bool = False) -> Iterator[_Fragment]:
    """Cut the raw text into stripped fragments, dropping boilerplate and prefixes; a line
    starting at one of ``wraps`` continues its cell; with ``cells``, a line that is not one and
    wraps onto the next opens a cell.  Yielded a line at a time: a fragment lives only until
    its joins are decided."""
    out: list[_Fragment] = []
    hard = False
    first_content = True
    pos = 0
    furniture = _furniture_lines(raw)
    layout_rows = _layout_rows(raw) if "|" in raw else set()
    # The first run a separator rule holds in each line, found in one pass over the text: a line
    # without one has no rule.
    hints = []
    hint_at = _RULE_HINT.search(raw)
    while hint_at is not None:
        hints.append(hint_at.span())
        line_end = raw.find("\n", hint_at.end())
        hint_at = _RULE_HINT.search(raw, line_end + 1) if line_end >= 0 else None
    hints.append((len(raw) + 1, len(raw) + 1))
    hint = 0
    after_furniture = False
    for raw_line in raw.split("\n"):
        if out:
            yield from out
            out.clear()
        line_start = pos
        line_length = len(raw_line)
        pos += line_length + 1
        if line_start in furniture:
            after_furniture = True  # a page break: the sentence goes on after it
            continue
        content = raw_line.lstrip()
        stripped = content.rstrip()
        if not stripped:
            hard = hard or not after_furniture
            continue
        after_furniture = False
        length = len(stripped)
        if length < _BOILERPLATE_MAX and _BOILERPLATE.fullmatch(stripped, 0, length):
            continue
        start = line_start + line_length - len(content)
        line_end = start + length
        indented = start > line_start and not first_content
        # (every match here ends at its line: the regex module scans the rest of the text for
        # a pattern's required literal when no end is given)
        prefix = _SCRAPER_TITLE.match(raw, start, line_end) if first_content else None
        if first_content and not prefix and _SCRAPER_TITLE_LINE.fullmatch(raw, start, line_end):
            first_content = False  # "Công văn 2345/BCT-PC năm 2024 về ... ban hành": the scraper's title
            hard = True
            continue
        prefix = prefix or _CHUNK_PREFIX.match(raw, start, line_end)
        if prefix and prefix.end() < line_end:
            start, indented, hard = prefix.end(), False, True
        first_content = False
        end = line_end
        if raw.startswith("|", start):
            if line_start in layout_rows:  # a header or closing laid out as a markdown table
                for cell_start, cell_end in _cells(raw, start, end):
                    _pieces(raw, cell_start, cell_end, False, True, False, out)
            else:  # a row of an annex table stays whole
                out.append(_Fragment(start, end, False, True))
            hard = True
            continue
        first = len(out)
        while hints[hint][1] <= start:
            hint += 1
        # (the line's first run before ``start``, in a prefix or cut there: look again after it)
        before_start = hints[hint][0] < start or (hint > 0 and hints[hint - 1][0] >= line_start)
        ruled = None if before_start else hints[hint][0] < end
        # the first line of a wrapped cell: the cell before it ended
        opens_cell = cells and line_start not in wraps and pos in wraps
        if ruled is False:  # no rule: the line is one fragment (as ``_pieces`` would make it)
            fragment = _Fragment(start, end, indented, hard, not hard and line_start in wraps)
            fragment.new_cell = opens_cell
            yield fragment
            hard = False
            continue
        hard = _pieces(raw, start, end, indented, hard, line_start in wraps, out, ruled)
        if opens_cell and first < len(out):
            out[first].new_cell = True
    yield from out


def _pieces(
    raw: str,
    start: int,
    end: int,
    indented: bool,
    hard: bool,
    wrapped: bool,
    out: list[_Fragment],
    ruled: bool | None = None,
) -> bool:
    """Append the fragments of ``raw[start:end]``: separator rules ("-------") cut it into pieces
    with hard breaks between them (``ruled``: whether the span holds a rule's run, when known).
    Returns whether a hard break is still pending."""
    piece_start = start
    if ruled is None:
        ruled = _RULE_HINT.search(raw, start, end) is not None
    if ruled:
        for sep in _SEPARATOR.finditer(raw, start, end):
            if _is_rule(raw, sep, start, end):
                before = _content_end(raw, sep.start(), piece_start)
                if before > piece_start:
                    out.append(_Fragment(piece_start, before, indented, hard))
                    indented = False
                hard = True
                piece_start = sep.end()
                while piece_start < end and raw[piece_start].isspace():
                    piece_start += 1
    if piece_start < end:
        out.append(_Fragment(piece_start, end, indented, hard, wrapped and piece_start == start and not hard))
        return False
    return hard


# A markdown row that holds a header or closing cell; its cells, and the line breaks inside them.
_LAYOUT_CELL = regex.compile(
    rf"{vocab.NATIONAL_TITLE}|{vocab.MOTTO}|{vocab.PARTY_TITLE}|\|\s*Số\s*:|Nơi\s+nhận|Kính\s+gửi"
    r"|(?<![\p{L}/])(?:KT|TM|TL|TUQ)\.\s*\p{Lu}|,\s*ngày\s+\d"
)
_CELL_BREAK = regex.compile(r"<br\s*/?>|\|", regex.IGNORECASE)


def _layout_rows(raw: str) -> set[int]:
    """Line starts of the rows of markdown tables that hold a notice's header or closing cells
    (a table with a national title, a number label, "Nơi nhận", a signing prefix ...)."""
    rows: set[int] = set()
    table: list[int] = []
    is_layout = False
    pos = 0
    for line in raw.split("\n"):
        if line.lstrip().startswith("|"):
            table.append(pos)
            is_layout = is_layout or _LAYOUT_CELL.search(line) is not None
        else:
            if is_layout:
                rows.update(table)
            table, is_layout = [], False
        pos += len(line) + 1
    if is_layout:
        rows.update(table)
    return rows


def _cells(raw: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stripped spans between the bars and ``<br>`` breaks of a markdown row (rules and
    empty cells dropped)."""
    spans = []
    last = start
    for m in (*_CELL_BREAK.finditer(raw, start, end), None):
        cut = m.start() if m else end
        text = raw[last:cut]
        stripped = text.strip()
        if stripped and not _MARKDOWN_RULE.fullmatch(stripped):
            lead = len(text) - len(text.lstrip())
            spans.append((last + lead, last + lead + len(stripped)))
        last = m.end() if m else end
    return spans


_MARKDOWN_RULE = regex.compile(r":?-{3,}:?")


def _is_rule(raw: str, sep: regex.Match[str], start: int, end: int) -> bool:
    """A separator run is a rule when it stands alone or is set off by spaces."""
    body = sep.group()
    before = sep.start() == start or raw[sep.start() - 1].isspace()
    after = sep.end() == end or raw[sep.end()].isspace()
    if body == "*":  # the star under a party committee's name, alone or closing its line
        return before and sep.end() == end
    if len(body) < 3 or set(body) <= {"."}:
        return False
    return before and after


@dataclass(frozen=True)
class _Markers:
    """Raw offsets where a block must start, spans that must stay whole, and block ends."""

    starts: set[int]
    spans: list[tuple[int, int]]  # in order of their start
    ends: set[int]
    weak_starts: set[int]  # place-and-date lines: an indented one still continues its cell
    raw: str = ""
    width: int = 0  # the width a page-wrapped text was wrapped at (0: its lines are not wrapped)
    indented_wraps: bool = False  # the text indents its wrapped lines: a line that is not, is none

    def left_room(self, end: int, start: int, word: str) -> bool:
        """Whether the line ending at ``end`` had room for ``word``, the first of the line at
        ``start``: its break was no wrap.  The width it was wrapped at is the text's, for a text
        of wrapped lines, and at least the next line's length (with a syllable split at its end
        rejoined, and looked at only as far as the answer needs)."""
        raw = self.raw
        if raw.find("\n", end, start) < 0:  # a cut inside the line
            return False
        needed = end - (raw.rfind("\n", 0, end) + 1) + 1 + len(word)
        if needed <= self.width * _ROOM:
            return True
        reach = start + int(needed / _ROOM) + 1
        line_end = raw.find("\n", start, reach)
        while line_end >= 0:  # the next line ends early: is it a syllable split over two lines?
            tail = raw[max(start, line_end - _SYLLABLE) : _content_end(raw, line_end, start)]
            left = tail and _last_letters(tail)
            right = patterns.LETTERS_START.match(raw, line_end + 1, line_end + 1 + _SYLLABLE)
            if not (left and right and right[0].islower() and should_join(left, right[0])):
                return needed <= (line_end - start) * _ROOM
            line_end = raw.find("\n", line_end + 1, reach)
        return reach <= len(raw) or needed <= (len(raw) - start) * _ROOM

    def inside(self, pos: int) -> bool:
        """True when ``pos`` lies strictly inside a marker that spans a line break."""
        if not self.spans:
            return False
        i = bisect.bisect_left(self.spans, (pos,)) - 1
        return i >= 0 and self.spans[i][0] < pos < self.spans[i][1]


def _content_end(raw: str, end: int, floor: int = 0) -> int:
    """The offset after the last non-space character before ``end``, not before ``floor`` (no
    copy of the text)."""
    while end > floor and raw[end - 1].isspace():
        end -= 1
    return end


def _markers(raw: str, wraps: set[int] | None = None) -> _Markers:
    """Find the structural markers of the raw text (see ``_LINE_START_MARKERS``)."""
    starts: set[int] = set()
    spans: list[tuple[int, int]] = []
    weak: set[int] = set()
    line_start = 0
    lengths = [0] * (_LONGEST + 1)  # of the lines that wrap inside a phrase
    lines = indented = 0
    flush: list[int] = []  # the line ends of the wraps that are not indented
    size = len(raw)
    prev_end = ""  # the last character of the previous line with content
    heading_ends: set[int] = set()
    # A marker may run onto the lines after its first ("Kính" / "gửi:", a date one cell per
    # word: "ngày" / "11" / "tháng 4" / "năm 2024").
    line_ends = [m.start() for m in _LINE_BREAK.finditer(raw)]
    line_ends.append(size)
    for line_end in line_ends:
        if line_start >= size:
            break
        first = line_start if raw[line_start] not in " \t" else _BLANKS.match(raw, line_start, line_end).end()
        m = _LINE_START_MARKERS.match(raw, first)
        if m and _ARTICLE_CITED.fullmatch(raw, m.start("m"), line_end) and _CITATION_GOES_ON.match(prev_end):
            m = None  # "… theo khoản 3" / "Điều 19." : a citation wrapped before its article
        if m:
            (weak if patterns.PLACE_DATE.match(m.group("m")) else starts).add(m.start("m"))
            cell_end = line_end
            while wraps and cell_end + 1 in wraps:  # a heading wrapped inside its cell ends with the cell
                cell_end = raw.find("\n", cell_end + 1) % (size + 1)
            heading = m.start("m"), _content_end(raw, cell_end, m.start("m"))
            if _OUTLINE_HEADING.match(raw, *heading) and _CAPITAL_NEXT_LINE.match(raw, cell_end):
                # "Điều 2. Hiệu lực thi hành" / "Quyết định này …": the title's line ends
                heading_ends.add(_content_end(raw, cell_end))
            if "\n" in m.group("m"):
                spans.append((m.start("m"), m.end("m")))
        content_end = line_end
        if content_end > line_start and raw[content_end - 1].isspace():
            content_end = _content_end(raw, line_end, line_start)
        if content_end > line_start:
            prev_end = raw[content_end - 1]
            lines += 1
            if prev_end.isalpha() and line_end + 1 < size:
                nxt = line_end + 1
                if raw[nxt] in " \t":
                    nxt = _BLANKS.match(raw, nxt).end()
                if nxt < size and raw[nxt].islower():  # a break inside a phrase: a wrap
                    lengths[min(content_end - line_start, _LONGEST)] += 1
                    if nxt > line_end + 1:
                        indented += 1
                    else:
                        flush.append(line_end)
        line_start = line_end + 1
    ends = heading_ends
    for m in _BLOCK_ENDS.finditer(raw, 0, _HEADER_REGION):
        ends.add(m.end())
        if "\n" in m.group():  # a motto wrapped inside its cell stays one cell
            spans.append((m.start(), m.end()))
    spans.sort()
    ends |= {m.end() for m in patterns.ATTACHED_NOTE.finditer(raw) if m.group("close")}
    # The header's date line ends its block; with text merged after the date, the raw line
    # ends the block when the next line starts a sentence (an indented one goes on in its cell).
    for m in patterns.find_place_dates(raw, 0, _HEADER_REGION):
        ends.add(m.end())
        line_end = raw.find("\n", m.end())
        if line_end > 0 and _CAPITAL_NEXT_LINE.match(raw, line_end) and raw[line_end + 1] not in " \t":
            ends.add(_content_end(raw, line_end))
    # A type title alone on its line ("QUYẾT ĐỊNH") opens the subject cell: its wrapped lines go
    # on in lower case or indented; the first line starting with a capital opens the next block.
    scanned = -1
    for m in _TYPE_TITLE_LINE.finditer(raw, 0, _HEADER_REGION):
        lead = m.start()
        while lead and raw[lead - 1] in " \t":
            lead -= 1
        if lead and raw[lead - 1] != "\n" and not raw[max(0, lead - 4) : lead].isdigit():
            continue  # it must open its line or follow the year of the date
        subject = _NEXT_LINE.match(raw, m.end())
        if not subject or subject.end() <= scanned:  # inside lines read for an earlier title
            continue
        pos = subject.end()
        while nxt := _NEXT_LINE.match(raw, pos):
            if not nxt.group("indent") and nxt.group("first").isupper():
                starts.add(nxt.start("first"))
                break
            pos = nxt.end()
        scanned = pos
    indented_wraps = indented > 0 and _few_word_wraps(raw, flush, indented // 4)
    return _Markers(starts, spans, ends, weak, raw, _line_width(lengths, lines), indented_wraps)


def _few_word_wraps(raw: str, wraps: list[int], most: int) -> bool:
    """Whether at most ``most`` of the ``wraps`` (line ends) fall between two words; the
    others cut a word ("Thực hiệ" / "n"), which is no way of wrapping lines."""
    between_words = 0
    for line_end in wraps:
        end = _content_end(raw, line_end)
        left = _last_letters(raw[max(0, end - _SYLLABLE) : end])
        right = patterns.LETTERS_START.match(raw, line_end + 1, line_end + 1 + _SYLLABLE)
        if not (left and right and should_join(left, right[0])):
            between_words += 1
            if between_words > most:
                return False
    return True


_LONGEST = 1000
_SYLLABLE = 8  # letters enough to hold a syllable
# A wrapped line fills most of its width: a line that left a fifth of it free, with room for
# the next line's first word, ended where its writer ended it.  Justified and proportional text
# puts a full line's length anywhere from about 85% of the width up.
_ROOM = 0.8
_FULL = 0.85


def _line_width(lengths: list[int], lines: int) -> int:
    """The width a page-wrapped text was wrapped at (0 when its lines are not wrapped): the
    length that nine wrapped lines in ten do not pass, when wraps are common and most of
    them come near it."""
    total = sum(lengths)
    if 3 * total < lines:
        return 0
    left = total // 10
    for width in range(len(lengths) - 1, -1, -1):
        left -= lengths[width]
        if left < 0:
            break
    else:
        return 0
    full = sum(lengths[int(width * _FULL) :])
    return width if 2 * full > total else 0


_TAIL = 40
_CRLF = regex.compile(r"\r\n")
_INDENTED_BARE_LF = regex.compile(r"(?<!\r)\n[ \t]+\S")
_BARE_LF_IN_PHRASE = regex.compile(r"\p{Ll}\n(?=\p{Ll})")
_RECIPIENTS_CELL = regex.compile(r"Kính\s+gửi\s*:?\s*\S")
_BARE_RECIPIENTS_LABEL = regex.compile(r"Kính\s+gửi\s*:?")  # a line of its own: the recipients follow
_IN_WORDS = regex.compile(r"\p{Ll}$")
_WORDS_AND_NUMBER = regex.compile(r"\p{Ll}\s\d{1,3}$")
_PLACE_UNIT_END = regex.compile(rf"(?i:{vocab.PLACE_UNITS})$", regex.REVERSE)
_SENTENCE_PUNCT = tuple(".;:!?…")
# A sentence opens with one capital, a name with one on every syllable ("Căn cứ", not "Võ Đình").
_SENTENCE_OPENING = regex.compile(r"\p{Lu}\p{Ll}*,?[ \t]+\p{Ll}")


def _last_letters(text: str) -> str:
    """The run of letters ending ``text`` ("" when it ends in a mark or a figure)."""
    if not text[-1].isalpha():
        return ""
    word = text[text.rfind(" ") + 1 :]  # most often the last word is the run
    return word if word.isalpha() else patterns.LETTERS_END.search(text)[0]


def _last_word(text: str) -> str:
    """The last word of ``text``."""
    return text[text.rfind(" ") + 1 :]


def _first_letters(text: str) -> str:
    """The run of letters opening ``text`` ("" when it opens with a mark or a figure)."""
    if not text[0].isalpha():
        return ""
    return text if text.isalpha() else patterns.LETTERS_START.match(text)[0]


def _decide(
    tail: str,
    prev: _Fragment,
    frag: _Fragment,
    text: str,
    prev_text: str,
    markers: _Markers,
    next_text: str = "",
    recipients_cell: bool = False,
) -> str:
    """The join between the clean line so far (its ``tail``) and the next fragment ``text``
    (``next_text`` is the first character of the fragment after it, unless a hard break comes first)."""
    if frag.hard_before:
        return "\n"
    # (number_join's own first test, asked here to spare a call per fragment)
    if text[0].isdigit() or text[0] in NUMBER_SEPARATORS or tail[-1] in NUMBER_SEPARATORS:
        cell = number_join(tail, text)
        if cell is not None:
            return cell
    left, right = _last_letters(tail), _first_letters(text)
    if frag.wrapped:
        return "" if left and right and should_join(left, right, prev_text) else " "
    inside = markers.inside(frag.start)
    if frag.start in markers.starts and not inside:
        return "\n"
    # An indented line continues a cell after a space: scrapers wrap cells at word boundaries.
    if not frag.indented and left and right and should_join(left, right, prev_text):
        return ""
    if inside:
        return " "
    if frag.new_cell:
        return _cell_join(tail, text)
    if prev.end in markers.ends:
        return "\n"
    if text[0] in _CLOSING:
        return ""
    if tail[-1] in _OPENING:
        return ""
    number_cell = frag.is_stt_cell(text)
    after_number_cell = prev.is_stt_cell(prev_text)
    if number_cell and _IN_WORDS.search(tail) and next_text[:1].islower():
        return " "  # a number cut out of its sentence: "trong thời hạn" / "15" / "ngày"
    if after_number_cell and _WORDS_AND_NUMBER.search(tail) and text[:1].islower():
        return " "
    if number_cell or after_number_cell:
        return "\n"
    if (
        recipients_cell and not frag.indented and text[:1].isupper()
        and not (_PLACE_UNIT_END.search(tail) and not _SENTENCE_OPENING.match(text))
        and _last_word(tail).upper() not in vocab.CONNECTORS
    ):  # the recipients' cell ends ("Kính gửi: Sở Y tế"), not inside a name ("tỉnh / Cà Mau",
        return "\n"  # "trực thuộc / Trung ương"); the body starts its own line
    if frag.indented:
        return " "
    if frag.start in markers.weak_starts:
        return "\n"
    if _SIGNING_END.search(tail) and not any(c.islower() for c in tail):
        return " "  # "KT." / "CHỦ TỊCH" in a signature cell, not "- Lưu: VT, KT." / "TM."
    if tail.rstrip("\"”’)").endswith(_SENTENCE_PUNCT):
        return "\n"
    line_case, next_case = prev.case_class(prev_text), frag.case_class(text)
    if line_case and next_case and line_case != next_case:  # capitals, then ordinary text, or back
        return "\n"
    if line_case == "lower" and _head_case(text, next_case) == "upper":
        return "\n"  # a heading in capitals opens the line ("QUY ĐỊNH ... (Ban hành kèm theo ...)")
    if (
        next_case == "lower" and _SENTENCE_OPENING.match(text) and not tail.endswith(",")
        and (markers.indented_wraps or markers.left_room(prev.end, frag.start, text.split(None, 1)[0]))
    ):
        return "\n"
    return " "


_LETTER_RUN = regex.compile(r"\p{L}+")
# A signer's name cut between cells: "Trần" / "Văn Bình", "(Đã ký) Phan Thị" / "Mỹ Hạnh".
_SURNAME_LINE = regex.compile(r"(?:^|\n|\)\s)(\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}*){0,2})$")
_GIVEN_NAMES = regex.compile(r"\p{Lu}\p{Ll}*(?: \p{Lu}\p{Ll}*){0,3}")


def _cell_join(tail: str, text: str) -> str:
    """The join between two table cells: a line break, unless the cells are the pieces of one
    ("KT" / "." / "CHỦ TỊCH", a signer's name over two cells "Nguyễn" / "Mạnh Tuấn")."""
    if text[0] in _CLOSING:
        return ""
    if _SIGNING_END.search(tail) and not any(c.islower() for c in tail):
        return " "
    name = _SURNAME_LINE.search(tail)
    if name and _GIVEN_NAMES.fullmatch(text) and len(name[1].split()) + len(text.split()) <= 5:
        return " "
    return "\n"


def _head_case(text: str, case: str) -> str:
    """``_case_class`` of the first three words of ``text`` (whose own class is ``case``)."""
    head = " ".join(text.split(None, 3)[:3])
    return case if head == text else _case_class(head)


def _case_class(text: str) -> str:
    """'upper' for a line of capitals with real words, 'lower' for ordinary text, else ''."""
    if text.upper() != text:
        return "lower"
    if any(len(w) > 1 and is_known_syllable(w) for w in _LETTER_RUN.findall(text)):
        return "upper"
    return ""


# --- second pass: header cells merged on one line ----------------------------------------

_HEADER_SPLITS = regex.compile(
    rf"\s(?={vocab.NATIONAL_TITLE}|{vocab.MOTTO}|{vocab.PARTY_TITLE}|Số\s*:?\s*\d|V/v\s)"
    rf"|(?<={vocab.MOTTO}|{vocab.NATIONAL_TITLE})\s"
)
# Cells that start a line wherever they stand; "QUYẾT ĐỊNH:" also ends its line, and
# "Điều 2." starts one after a sentence.
_ANYWHERE_SPLITS = regex.compile(
    r"(?P<cell>Kính\s+gửi|Nơi\s+nhận|QUYẾT\s+ĐỊNH)\s*:"
    r"|Điều\s+\d+[a-zđ]?\s*\.(?=[ \t]+\p{Lu})"  # a heading with its title, not "…; Điều 23."
    r"|(?<![\p{L}/])(?:(?:KT|TM|TL|TUQ)\.|T/M|K/T|T/L)\s*(?!(?:KT|TM|TL|TUQ|Q)\.)\p{Lu}{2}"
)


def _split_merged_cells(clean: str) -> str:
    """Turn the space before merged header cells into a line break (lengths unchanged)."""
    cut: set[int] = set()
    date = next(patterns.find_place_dates(clean, 0, _HEADER_REGION), None)
    header_end = date.end() if date else min(len(clean), 1500)
    for m in _HEADER_SPLITS.finditer(clean, 0, header_end):
        cut.add(m.start())
    if date:
        place_start = _place_start(clean, date)
        if place_start > 0 and clean[place_start - 1] == " ":
            cut.add(place_start - 1)
        if date.end() < len(clean) and clean[date.end()] == " ":
            cut.add(date.end())
        cut |= _type_title_cuts(clean, date.end())
    for m in _ANYWHERE_SPLITS.finditer(clean):
        # A cell heading starts its line; "Điều 2." and a signing prefix do after a sentence.
        before = m.start() - 1
        if before > 0 and clean[before] == " " and (m.group("cell") or clean[before - 1] in ".:"):
            cut.add(before)
        if (m.group("cell") or "").startswith("QUYẾT"):
            cut.add(m.end())
    cut |= _recipient_cuts(clean)
    # An annex heading glued after a name or a sentence: "... Trần Văn Bình PHỤ LỤC I".
    cut |= {m.start() for m in _ANNEX_GLUED.finditer(clean)}
    clean = _break_at(clean, cut)
    # Then, with the cells after it gone, a signature merged onto the last list entry.
    return _break_at(clean, _signature_on_list_cuts(clean))


def _break_at(clean: str, cut: set[int]) -> str:
    """``clean`` with the blanks at the offsets ``cut`` turned into line breaks."""
    if not cut:
        return clean
    pieces, last = [], 0
    for i in sorted(cut):
        if 0 <= i < len(clean) and clean[i] in " \t":
            pieces.append(clean[last:i])
            pieces.append("\n")
            last = i + 1
    pieces.append(clean[last:])
    return "".join(pieces)


_ANNEX_GLUED = regex.compile(r" (?=PHỤ\s+LỤC\b)(?<=[\p{Ll}.)] )")  # the blank first: a quick scan
# The last "Nơi nhận" entry with the signature's cells after it: "- Lưu: VT, ĐMDN (2b). Trung Anh
# BỘ TRƯỞNG, CHỦ NHIỆM Mai Tiến Dũng" (the drafter's name may stand between).
_LIST_LINE = regex.compile(r"(?m)^[-–+•] [^\n]*\p{Ll}[^\n]*$")
_TITLE_AND_NAME_AT_END = regex.compile(
    r"(?<=\S) (?P<title>(?:PHÓ )?\p{Lu}+(?:[ ,]+\p{Lu}+)*) \p{Lu}\p{Ll}*(?: \p{Lu}\p{Ll}*)+$", regex.REVERSE
)


def _signature_on_list_cuts(clean: str) -> set[int]:
    """Cut a list entry before a signer's title and name merged onto it."""
    cuts: set[int] = set()
    for line in _LIST_LINE.finditer(clean):
        m = _TITLE_AND_NAME_AT_END.search(clean, line.start(), line.end())
        if m and is_authority(m.group("title")):
            cuts.add(m.start("title") - 1)
    return cuts


_SPACES = regex.compile(r"\s+")
_DASH_ITEM = regex.compile(r"[-–+•]\s")
_NEXT_DASH_ITEM = regex.compile(r"(?<=[;,])\s(?=[-–+•]\s)")


def _place_start(clean: str, date: regex.Match[str]) -> int:
    """Where the place of issue starts: the known place name nearest the date."""
    words = patterns.WORD.finditer(clean, date.start("place"), date.end("place"))
    line_start = clean.rfind("\n", 0, date.end("place")) + 1
    candidates = [w.start() for w in words if w.start() >= line_start]
    if not candidates:
        return line_start
    best = longest_place_suffix(clean, candidates, date.end("place"))
    return best if best is not None else candidates[0]


def _type_title_cuts(clean: str, pos: int) -> set[int]:
    """Cut "QUYẾT ĐỊNH BAN HÀNH ... TỔNG GIÁM ĐỐC ..." glued after the date into lines."""
    cuts: set[int] = set()
    m = _SPACES.match(clean, pos)
    title = patterns.TYPE_TITLE_UPPER.match(clean, m.end() if m else pos)
    if not title:
        return cuts
    after = title.end()
    if after < len(clean) and clean[after] == " ":
        cuts.add(after)
    line_end = clean.find("\n", after)
    line_end = len(clean) if line_end < 0 else line_end
    segment = clean[after:line_end]
    # The enacting authority closes the line: its head (a title) after the subject.
    auth = enacting_authority_start(segment)
    if auth:
        cuts.add(after + auth - 1)
    return cuts


# A name that ends (two capitalized syllables, a bracket that closes, or a unit whose name would
# be capitalized) and a word after it that opens with a capital: "… tỉnh Cà Mau Phúc đáp …",
# "… (PV GAS) Thực hiện …", "… các huyện, thành phố Thực hiện …".  A body's
# head ends no name: its field follows ("Phòng Lao động", "Sở Y tế").
_NAME_THEN_WORD = regex.compile(
    r"(?:\p{Lu}[\p{L}\-]{0,15}[ \t]+(?P<last>\p{Lu}[\p{L}\-]{0,15})|[)\]]|(?<!\p{L})(?i:"
    + vocab.PLACE_UNITS
    + r"))"
    r"[ \t]+(?P<open>\p{Lu}\p{Ll}{0,7})[ \t]+(?P<next>\p{Ll}{1,7})\b"
)

_ONE_WORD_HEADS = frozenset(head for head in vocab.BODY_HEADS if " " not in head)


def _recipient_cuts(clean: str) -> set[int]:
    """On a "Kính gửi: X Phúc đáp ..." line, end the recipient where the body opens: at the
    first word after a name that is a word of the word list with its capital ("Phúc đáp") and
    no word with the name's last syllable ("Công Thương" goes on, "Thương các" is no word)."""
    cuts: set[int] = set()
    for m in patterns.KINH_GUI.finditer(clean):
        line_end = clean.find("\n", m.end())
        line_end = len(clean) if line_end < 0 else line_end
        if _DASH_ITEM.match(clean, m.end(), line_end):
            cuts.add(m.end() - 1)
            cuts |= {d.start() for d in _NEXT_DASH_ITEM.finditer(clean, m.end(), line_end)}
        for found in _NAME_THEN_WORD.finditer(clean, m.end(), line_end, overlapped=True):
            last, opening = found["last"], found["open"]
            if last and (last.upper() in _ONE_WORD_HEADS or is_known_pair(last, opening)):
                continue
            if is_known_pair(opening, found["next"]):
                cuts.add(found.start("open") - 1)
                break
    return cuts
