"""The layout lexer: what each piece of a notice is, from what it says, not from where it stands.

A *piece* is a scraped line or table cell.  :func:`label` names it (``NUMBER_LABEL`` for a lone
"Số:", ``SIGNING`` for "KT." or a lone "KT", ``AUTHORITY`` for "PHÓ CHỦ TỊCH", ``CERTIFY`` for a
consolidated text's "XÁC THỰC VĂN BẢN HỢP NHẤT" …).  The normaliser decides the joins between
pieces from their labels (a label and its value, a number split at its separators, a signing
prefix and its dot), and the segmenter reads the labels of the clean lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Final

import regex
from lark import Lark, Token, Tree
from lark.parsers.lalr_analysis import Shift
from lark.parsers.lalr_parser_state import ParserState

from . import patterns, vocab
from .grammars import load, terminal_pattern
from .titles import enacting_authority_start, split_titles

NATIONAL_TITLE: Final = "NATIONAL_TITLE"
MOTTO: Final = "MOTTO"
PARTY_TITLE: Final = "PARTY_TITLE"
NUMBER_LABEL: Final = "NUMBER_LABEL"
NUMBER: Final = "NUMBER"
PLACE_DATE: Final = "PLACE_DATE"
SUBJECT: Final = "SUBJECT"
KINH_GUI: Final = "KINH_GUI"
NOI_NHAN: Final = "NOI_NHAN"
SIGNING: Final = "SIGNING"
CERTIFY: Final = "CERTIFY"
SEAL: Final = "SEAL"
TABLE_ROW: Final = "TABLE_ROW"
LIST_ITEM: Final = "LIST_ITEM"
AUTHORITY: Final = "AUTHORITY"
CAPS: Final = "CAPS"
NAME: Final = "NAME"
TEXT: Final = "TEXT"

_TYPE_NAMES = "|".join(regex.escape(t) for t in vocab.TYPE_TITLES)
# "Số:" alone, or "Luật số:", the label of a number cell whose value is the next piece.
_NUMBER_LABEL = regex.compile(rf"(?:[Ss]ố|(?i:{_TYPE_NAMES})\s+số)\s*:?")
# The tail of a number cell still open: "Số: 88", "Số: 66/", "Số: 88/2026/VBHN-".
_OPEN_NUMBER = regex.compile(rf"(?<!\S)(?:[Ss]ố|(?i:{_TYPE_NAMES})\s+số)\s*:?\s*\d[\w/.\-–]*$", regex.REVERSE)
_LABEL_AT_END = regex.compile(rf"(?<!\S)(?:[Ss]ố|(?i:{_TYPE_NAMES})\s+số)\s*:?\s*$", regex.REVERSE)
# The value of a number cell: "275/NQ-CP", "37-KH/TU", "66" (its tail cut off); not "1.1. Nâng cấp".
_NUMBER_VALUE = regex.compile(r"\d+(?:\s*[/\-–]|$)")
# A piece that continues a number: "/2026/VBHN-TT-NHNN", "/", "CĐ-TTg", "-KH/TU".
_NUMBER_PART = regex.compile(r"[/\-–][\w/.\-–]*|[\p{Lu}Đđ\d][\w/.\-–]*")
# A signing prefix cut from its dot ("KT" / "." / "CHỦ TỊCH").
_BARE_SIGNING = regex.compile(r"(?:TUQ|TM|KT|TL|Q)\.?")
_CERTIFY = regex.compile(terminal_pattern("signature", "CERTIFY"))
_TABLE_ROW = regex.compile(r"\|.*\|")
# A person's name, after ranks or degrees: the signature grammar's own terminals.
_NAME = regex.compile(
    rf"(?:(?:{terminal_pattern('signature', 'RANK')})\s+)*(?:{terminal_pattern('signature', 'NAME')})"
)


def is_upper(text: str) -> bool:
    """True when every letter of ``text`` is a capital (and it has one)."""
    return text.isupper()


def is_authority(text: str) -> bool:
    """A title ("PHÓ CHỦ TỊCH") or an enacting body ("ỦY BAN NHÂN DÂN ...") in capitals."""
    words = text.upper().replace("UỶ", "ỦY").split()
    if any(" ".join(words[:n]) in bodies for n, bodies in _ENACTING_BY_LENGTH):
        return True
    first = split_titles(text)[0].upper() if text else ""
    return first.startswith(_TITLE_STARTS)


# The enacting bodies by their length in words; the title heads with and without "PHÓ".
_ENACTING_BY_LENGTH: Final = tuple(
    (n, frozenset(b.replace("UỶ", "ỦY") for b in vocab.ENACTING_BODIES if len(b.split()) == n))
    for n in sorted({len(b.split()) for b in vocab.ENACTING_BODIES})
)
_TITLE_STARTS: Final = tuple(h for head in vocab.TITLE_HEADS for h in (head, "PHÓ " + head))


# The labels a pattern decides, in the order they are tried, as one alternation (one scan per
# piece instead of one per label); ``True`` when the pattern must match the whole piece.
_LABELLED: Final = (
    (NATIONAL_TITLE, patterns.NATIONAL_TITLE, False),
    (MOTTO, patterns.MOTTO, False),
    (PARTY_TITLE, patterns.PARTY_TITLE, False),
    (NUMBER_LABEL, _NUMBER_LABEL, True),
    (NUMBER, patterns.NUMBER_LINE, False),
    (KINH_GUI, patterns.KINH_GUI, False),
    (NOI_NHAN, patterns.NOI_NHAN, False),
    (SIGNING, _BARE_SIGNING, True),
    (SIGNING, patterns.SIGNING_PREFIX, False),
    (CERTIFY, _CERTIFY, False),
    (TABLE_ROW, _TABLE_ROW, True),
    (LIST_ITEM, patterns.LIST_ITEM, False),
    (PLACE_DATE, patterns.PLACE_DATE, False),
    (SEAL, patterns.SEAL_NOTE, True),
    (NAME, _NAME, True),  # after the capitals test (in ``label``)
)


def _alternative(pattern: regex.Pattern[str], whole: bool) -> str:
    source = f"(?i:{pattern.pattern})" if pattern.flags & regex.IGNORECASE else f"(?:{pattern.pattern})"
    return source + r"\Z" if whole else source


_LABELS = regex.compile(
    "|".join(f"(?P<_{i}>{_alternative(p, whole)})" for i, (_, p, whole) in enumerate(_LABELLED))
)
_LABEL_OF: Final = {f"_{i}": kind for i, (kind, _, _) in enumerate(_LABELLED)}


def label(text: str) -> str:
    """The label of one piece of text (stripped)."""
    if not text:
        return TEXT
    m = _LABELS.match(text)
    kind = _LABEL_OF[m.lastgroup] if m is not None else TEXT
    if kind not in (NAME, TEXT):
        return kind
    if is_upper(text):
        return AUTHORITY if is_authority(text) else CAPS
    return kind


NUMBER_SEPARATORS = "/-–"  # where a scraper splits a number into cells


def number_join(tail: str, text: str) -> str | None:
    """The join between an open number cell (ending ``tail``) and the next piece, if it is one.

    "Số:" + "275/NQ-CP" join with a space; "Số: 88" + "/2026/VBHN-TT-NHNN" and "Số: 66/" +
    "CĐ-TTg" join with nothing: a number split at its separators is one number.
    """
    separated = text[0] in NUMBER_SEPARATORS or (tail != "" and tail[-1] in NUMBER_SEPARATORS)
    if not separated and not text[0].isdigit():  # neither a value (_NUMBER_VALUE) nor a part
        return None
    if _NUMBER_VALUE.match(text) and _LABEL_AT_END.search(tail):
        return " "
    if separated and _NUMBER_PART.fullmatch(text) and _OPEN_NUMBER.search(tail):
        return ""
    return None


# --- outline headings ------------------------------------------------------------------------

_ORDINAL = "|".join(vocab.ORDINALS)
_WORD = vocab.OUTLINE_WORDS
_TITLE_AFTER = r"(?:\s*[.:\-–]\s*|\s+)(?P<title>\S.*)|\s*[.:]?\s*"
_ENDS = r"(?![\p{L}\d])"
_ROMAN = r"[IVXLC]+"
_NOTE = r"(?:\d{1,3}(?=\s|$))?"  # a consolidated text's footnote marker after a Roman number: "Chương II2"
# Each shape of heading line, named by the grammar rule it opens.
_OUTLINE_SHAPES: tuple[tuple[str, regex.Pattern[str]], ...] = tuple(
    (rule, regex.compile(pattern))
    for rule, pattern in (
        ("part", rf"(?:{_WORD['part']})\s+(?P<number>(?i:thứ)\s+(?i:{_ORDINAL})|{_ROMAN}|\d{{1,3}}){_ENDS}"
                 rf"(?:{_TITLE_AFTER})"),
        ("chapter", rf"(?:{_WORD['chapter']})\s+(?P<number>{_ROMAN}(?=\d)|{_ROMAN}|\d{{1,3}}){_NOTE}[a-z]?"
                    rf"{_ENDS}(?:{_TITLE_AFTER})"),
        ("subsection", rf"(?:{_WORD['subsection']})\s+(?P<number>\d{{1,3}}|{_ROMAN})"
                       rf"{_ENDS}(?:{_TITLE_AFTER})"),
        ("section", rf"(?:{_WORD['section']})\s+(?P<number>\d{{1,3}}(?:\.\d{{1,2}})?[a-z]?|{_ROMAN})"
                    rf"{_ENDS}(?:{_TITLE_AFTER})"),
        # "Điều 5. Title", "Điều 5:" or "Điều 5" alone; "Điều 5 Nghị định …" is a citation.
        ("article", rf"(?:{_WORD['article']})\s+(?P<number>\d{{1,3}}[a-zđ]?)"
                    r"\s*(?:[.:]\s*(?P<title>.*)|$)"),
        ("roman", r"(?P<number>[IVX]{1,6})\s*[.)]\s+(?P<title>\S.*)"),
        ("subnum", r"(?P<number>\d{1,2}(?:\.\d{1,2}){1,3})[.)]?\s+(?P<title>\S.*)"),
        ("num", r"(?P<number>\d{1,3})\s*[.)]\s*(?!\d)(?P<title>\S.*)"),
        ("letter", r"(?P<number>[a-zđ])\s*(?:\)|\.\s)\s*(?P<title>\S.*)"),
    )
)
# The grammar's terminals for each shape: a numbered line is a clause inside an article and
# an item elsewhere, a lettered line a point or an item; the parser's state decides.
_OUTLINE_TERMINALS: dict[str, tuple[str, ...]] = {
    "part": ("PART_HEAD",), "chapter": ("CHAPTER_HEAD",), "section": ("SECTION_HEAD",),
    "subsection": ("SUBSECTION_HEAD",), "article": ("ARTICLE_HEAD",), "roman": ("ROMAN_HEAD",),
    "subnum": ("SUBNUM_HEAD",), "num": ("CLAUSE_HEAD", "NUM_HEAD"), "letter": ("POINT_HEAD", "LETTER_HEAD"),
}
_HEAD_TERMINALS: Final = frozenset(t for terminals in _OUTLINE_TERMINALS.values() for t in terminals)
_QUOTE_OPEN, _QUOTE_CLOSE = "“", "”"


@dataclass(frozen=True)
class Heading:
    """An outline heading line: its shape, its number and the title printed after it."""

    shape: str
    number: str
    title: str | None


_HEADING_START = regex.compile(
    rf"[IVXLC\d]|[a-zđ]\s*[.)]|(?:{'|'.join(_WORD.values())})\s"
)


def outline_heading(text: str) -> Heading | None:
    """The heading a line opens with ("Chương II", "Điều 5. Phạm vi", "1.", "a)"), if any."""
    if not _HEADING_START.match(text):
        return None
    for shape, pattern in _OUTLINE_SHAPES:
        m = pattern.match(text)
        if m:
            title = m.group("title")
            return Heading(shape, " ".join(m.group("number").split()), title.strip() if title else None)
    return None


def quoted_lines(lines: list[str], headings: list[Heading | None] | None = None) -> list[bool]:
    """For each line, whether it stands inside quotation marks: the text an amending article
    quotes ("Điều 5 được sửa đổi như sau: “Điều 5. …”") belongs to the quoting article.

    A quote holds headings of its own first line's rank or lower (“Điều 5. …” holds clauses
    and points, “2. …” holds points).  Gazette texts lose closing marks, so a quote also ends at
    a heading of a higher rank, at the next amending instruction of its rank, and at this
    notice's next article (articles run 1, 2, 3 …).  Inside an article, an article (or a higher
    heading) right after "… như sau:" that is not this notice's next one, or an article numbered
    below the last one, is quoted without marks, up to the next heading of its rank.
    """
    out = []
    depth = 0
    rank = _TEXT_RANK  # the rank of the open quote's first line
    unmarked = -1  # the rank of an unmarked quote, -1 when none is open
    announced = False  # the previous line announced quoted text
    next_article = 0  # the number of this notice's next article; 0 before its first
    if headings is None:
        headings = [outline_heading(t) for t in lines]
    # What each distinct line says about quotes: opens with a mark, announces a quote, its odd
    # straight quote, its curly marks' balance, its last curly and straight opening marks.
    seen: dict[str, tuple[bool, bool, int, int, int, int]] = {}
    for text, heading in zip(lines, headings, strict=True):
        level = _RANK[heading.shape] if heading else _TEXT_RANK
        read = seen.get(text)
        if read is None:
            read = seen[text] = (
                text.startswith((_QUOTE_OPEN, '"')), _QUOTE_LEAD.search(text) is not None,
                text.count('"') % 2, text.count(_QUOTE_OPEN) - text.count(_QUOTE_CLOSE),
                text.rfind(_QUOTE_OPEN), text.rfind('"'),
            )
        marked, announces, straight, balance, opened, straight_at = read
        own_next = (
            heading is not None and level == _RANK["article"] and not marked
            and next_article > 0 and heading.number == str(next_article)
        )
        if unmarked >= 0 and level <= unmarked:
            unmarked = -1
        if depth > 0 and (level < rank or own_next or (level == rank and announces and not marked)):
            depth = 0
        # Articles run forward, and "Điều 9a" is inserted after Điều 9: an earlier number, or
        # a lettered one away from the last, is another text's article, cited whole.
        base = _leading_number(heading.number) if heading is not None else 0
        backward = (
            heading is not None and level == _RANK["article"] and not marked and next_article > 0
            and (base < next_article - 1 or (not heading.number.isdigit() and base != next_article - 1))
        )
        if not marked and not own_next and next_article and (
            backward or (announced and level <= _RANK["article"])
        ):
            unmarked = level
        inside = unmarked >= 0 or depth > 0 or marked
        out.append(inside)
        if heading is not None and not inside and level == _RANK["article"] and heading.number.isdigit():
            next_article = int(heading.number) + 1
        was_open = depth > 0
        # An odd straight quote opens a quote, or closes the open one.
        depth += balance + (-straight if was_open else straight)
        depth = max(depth, 0)
        opened = max(opened, straight_at if straight and not was_open else -1)
        if depth > 0 and (not was_open or opened >= 0):
            quoted = outline_heading(text[opened + 1:].lstrip()) if opened >= 0 else None
            rank = _RANK[quoted.shape] if quoted else _TEXT_RANK
        announced = announces
    return out


_QUOTE_LEAD = regex.compile(vocab.QUOTE_LEAD)


def _leading_number(number: str) -> int:
    """5 for "5" and "5a"."""
    digits = _DIGITS.match(number)
    return int(digits.group()) if digits else 0


_DIGITS = regex.compile(r"\d+")
_RANK = {
    shape: i for i, shape in enumerate(
        ("part", "chapter", "section", "subsection", "article", "roman", "num", "subnum", "letter")
    )
}
_TEXT_RANK = len(_RANK) + 1


# --- the layout grammar over labelled lines ---------------------------------------------------

_HEADING_NUMBER = regex.compile(
    r"(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s|(?:Điều|ĐIỀU|Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN)\s"
)
_SUBJECT = regex.compile(r"V/v\b", regex.IGNORECASE)
_TYPE_TITLE = regex.compile(rf"(?:{patterns.TYPE_TITLE_UPPER.pattern})(?:\s*\(.*\))?(?:\s+\S.*)?")
_ANNEX_HEAD = regex.compile(r"(?:PHỤ\s+LỤC|DANH\s+SÁCH|DANH\s+MỤC|BIỂU\s+MẪU|MẪU\s+SỐ|BẢNG)\b")
_NAME_AT_END = regex.compile(r"\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}*)+\.?$", regex.REVERSE)
_CAPITALS_HEAD = regex.compile(r"[\p{Lu}\s]+(?=\s\p{Lu}\p{Ll}|$)")
_INITIALS = regex.compile(r"\p{Lu}{2,6}\.?")  # a drafter's initials under the distribution list
_NAME_REACH = 3  # a signer's title stands at most this many title cells above the name


def candidates(lines: list[str]) -> list[tuple[str, ...]]:
    """For each clean line, the grammar's terminals it can be, most specific first, ending in ``TEXT``.

    What a line can be follows from what it says; a signer's title also from the name a few
    title cells below it, a gazette's banner from the national title right under it.
    """
    # Each distinct line is read once: a notice repeats lines (page furniture, table cells).
    labels = {text: label(text) for text in dict.fromkeys(lines)}
    heading_of = {text: outline_heading(text) for text in labels}
    kinds = [labels[text] for text in lines]
    headings = [heading_of[text] for text in lines]
    quoted = quoted_lines(lines, headings)
    out = []
    # A line's candidates follow from its text, whether it is quoted and the label below it,
    # except an authority's (the lines below it, to a signer's name).
    known: dict[tuple[str, str, bool], tuple[str, ...]] = {}
    last = len(lines) - 1
    for i, text in enumerate(lines):
        key = (text, kinds[i + 1] if i < last else "", quoted[i])
        can = known.get(key)
        if can is None:
            heading = None if quoted[i] else headings[i]
            outline = _OUTLINE_TERMINALS[heading.shape] if heading else ()
            can = (*outline, *_candidates(lines, kinds, i))
            if kinds[i] != AUTHORITY:
                known[key] = can
        out.append(can)
    return out


def _candidates(lines: list[str], kinds: list[str], i: int) -> list[str]:
    text, kind = lines[i], kinds[i]
    can: list[str] = []
    heading = _HEADING_NUMBER.match(text) is not None
    upper = kind in (AUTHORITY, CAPS)
    if kind in (NATIONAL_TITLE, MOTTO, PARTY_TITLE):
        can.append(kind)
    elif kind == PLACE_DATE:
        can += ["PLACE_DATE", "LATE_DATE"]
    elif kind in (NUMBER, NUMBER_LABEL):
        can += ["NUMBER", "LATE_NUMBER"]
    elif _SUBJECT.match(text):
        can.append("SUBJECT")
    elif kind == KINH_GUI:
        rest = patterns.KINH_GUI.sub("", text, count=1).strip(" :")
        can.append("KINH_GUI_LINE" if rest else "KINH_GUI")
    elif kind == NOI_NHAN:
        can.append("NOI_NHAN")
    # The signature: whole on one line, or a prefix, a title above the name, a certifying body.
    if _signs_with_name(text, kind):
        can.append("SIGN_FULL")
    certifying_body = kind == CAPS and i + 1 < len(lines) and kinds[i + 1] == CERTIFY
    if kind in (SIGNING, CERTIFY) or certifying_body or (upper and _signs_above_name(lines, kinds, i)):
        can.append("SIGN_HEAD")
    # Capitals in the header: type title (or a banner above the national title), issuer,
    # the subject's lines, the enacting authority.
    if upper and not heading:
        if _TYPE_TITLE.fullmatch(text) and not text.endswith(":"):
            above_title = i + 1 < len(lines) and kinds[i + 1] in (NATIONAL_TITLE, PARTY_TITLE)
            can.append("BANNER" if above_title else "TYPE_TITLE")
        can.append("ISSUER")
        if kind == AUTHORITY:
            can.append("ENACTING")
        if not _ANNEX_HEAD.match(text):
            can.append("SUBJECT_CAPS")
    signing_cell = upper or kind in (SIGNING, CERTIFY, SEAL)
    if signing_cell and not _ANNEX_HEAD.match(text):
        can.append("SIGN_LINE")
    if _INITIALS.fullmatch(text):
        can.append("DRAFTER")
    if kind == SEAL:
        can.append("SEAL")
    if _is_signer_name(text, kind):
        can.append("SIGN_NAME")
    # Lists: recipients under "Kính gửi", entries of "Nơi nhận".
    if kind == LIST_ITEM:
        can.append("LIST_LAST" if text.endswith(".") else "LIST_ITEM")
    elif kind == TEXT and not heading:
        listed = text.endswith((";", ",")) or text.startswith("Lưu")
        can.append("RECIPIENT" if listed else "RECIPIENT_LAST")
    if kind == TEXT and not heading:
        can.append("SUBJECT_TEXT")
    if kind == NAME:
        can.append("NAME")
    if upper:
        can.append("CAPS")
    can.append("TEXT")
    return can


def _is_signer_name(text: str, kind: str) -> bool:
    if kind == NAME:
        return True
    if patterns.SEAL_WORD.search(text):
        text = patterns.SEAL_NOTE.sub("", text)
    return _NAME.fullmatch(text.strip()) is not None


def _signs_with_name(text: str, kind: str) -> bool:
    """A whole signature on one line: prefix or title in capitals, then the signer's name."""
    if kind not in (SIGNING, TEXT) or not _NAME_AT_END.search(text):
        return False
    if kind == SIGNING:
        return True
    head = _CAPITALS_HEAD.match(text)
    return head is not None and is_authority(head.group().strip())


def _signs_above_name(lines: list[str], kinds: list[str], i: int) -> bool:
    """A title in capitals with the signer's name below it (other title cells and seals between)."""
    if kinds[i] != AUTHORITY:
        return False
    for j in range(i + 1, min(len(lines), i + 1 + _NAME_REACH)):
        if _is_signer_name(lines[j], kinds[j]):
            return True
        if kinds[j] not in (AUTHORITY, CAPS, SEAL):
            return False
    return False


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the clean text: ``text == clean[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Blocks:
    """A notice cut into its layout blocks (tuples of lines)."""

    header: tuple[Line, ...]
    type_title: tuple[Line, ...]
    authority: tuple[Line, ...]
    addressee: tuple[Line, ...]
    body: tuple[Line, ...]
    signature: tuple[Line, ...]
    distribution: tuple[Line, ...]
    annexes: tuple[Line, ...]
    late_number: tuple[Line, ...] = ()  # number lines after the header (consolidated texts)
    late_date: tuple[Line, ...] = ()  # without a dated header: the last place-and-date line
    outline: tuple[OutlineNode, ...] = ()  # the body's parts, chapters, articles … (or I., 1., a))


@dataclass(frozen=True)
class OutlineNode:
    """A node of the body's outline: the grammar rule that read it (``chapter``, ``article``,
    ``num`` …), its heading line, the end of its last line and its children."""

    rule: str
    heading: Line
    end: int
    lines: tuple[Line, ...]  # its own lines after the heading, before its first child
    children: tuple[OutlineNode, ...] = ()


def lines_of(clean: str) -> list[Line]:
    """Non-empty lines with their offsets in ``clean``."""
    out = []
    pos = 0
    for raw in clean.split("\n"):
        start, pos = pos, pos + len(raw) + 1
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(Line(start + lead, start + lead + len(stripped), stripped))
    return out


def segment(clean: str) -> Blocks:
    """Cut the clean text of a notice into its blocks with ``grammars/layout.lark``.

    Each line takes the first of its :func:`candidates` that the parser accepts where it
    stands; every state accepts ``TEXT``, so the parse never fails.
    """
    lines = lines_of(clean)
    grammar = load("layout")
    parser = grammar.parse_interactive()
    state = parser.parser_state
    stack = state.state_stack  # the parser's own list, changed in place as it goes
    states, tops = state.parse_conf.states, _same_tops(grammar)
    # The lines as fed, and where each token's lines start: a subject line ending in its enacting
    # authority is two tokens, and a line that would leave the parser standing where it stands
    # joins the token before it (below).
    fed: list[Line] = []
    starts: list[int] = []
    chosen: dict[tuple[tuple[int, ...], tuple[str, ...]], str] = {}  # (stack, candidates) -> terminal
    moved: dict[tuple[tuple[int, ...], str], tuple[int, ...]] = {}  # (stack, terminal) -> stack
    here = _stack_of(stack, tops)
    last = ""  # the terminal of the last token
    for line, can in zip(lines, candidates([line.text for line in lines]), strict=True):
        kind = chosen.get((here, can))
        if kind is None:
            kind = chosen[here, can] = next(c for c in can if _shifts(state, c))
        if kind not in _HEAD_TERMINALS and (kind == last or (kind not in _TYPED and last not in _TYPED)):
            after = moved.get((here, kind))
            if after is None:
                after = moved[here, kind] = _moved(states, tops, here, kind)
            if after == here:
                # Fed, this line would be one more line of the list the last one went into, the
                # parser standing where it stands: the same token, one line longer.
                fed.append(line)
                continue
        cut = enacting_authority_start(line.text) if kind == "SUBJECT_CAPS" else None
        if cut:
            starts.append(len(fed))
            fed.append(Line(line.start, line.start + cut - 1, line.text[: cut - 1]))
            parser.feed_token(Token(kind, len(starts) - 1))
            line, kind = Line(line.start + cut, line.end, line.text[cut:]), "ENACTING"
        starts.append(len(fed))
        fed.append(line)
        parser.feed_token(Token(kind, len(starts) - 1))
        here, last = _stack_of(stack, tops), kind
    starts.append(len(fed))
    names = (*_BLOCK_OF.values(), "late_number", "late_date", "anchor", "outline")
    parts: dict[str, list] = {name: [] for name in names}
    tree = parser.feed_eof()
    _collect(tree, "body", _Fed(fed, starts), parts)
    outline = parts["outline"][0] if parts["outline"] else None
    head = parts["header"]
    if head and not parts["anchor"]:
        parts["body"][:0] = head  # capitals before any number or date are no header
        head = []
    header = sorted((*head, *parts["type_title"], *parts["authority"], *parts["addressee"]),
                    key=lambda line: line.start)
    dated = any(patterns.PLACE_DATE.match(line.text) for line in head)
    return Blocks(
        header=tuple(header),
        type_title=tuple(parts["type_title"]),
        authority=tuple(parts["authority"]),
        addressee=tuple(parts["addressee"]),
        body=tuple(parts["body"]),
        signature=tuple(parts["signature"]),
        distribution=tuple(parts["distribution"]),
        annexes=tuple(parts["annexes"]),
        late_number=tuple(parts["late_number"]),
        late_date=() if dated else tuple(parts["late_date"][-1:]),
        outline=tuple(_outline_nodes(outline, _Fed(fed, starts))) if outline is not None else (),
    )


_OUTLINE_RULES = frozenset({
    "part", "chapter", "section", "subsection", "article", "clause", "point",
    "roman", "num", "subnum", "letter",
})


@dataclass(frozen=True)
class _Fed:
    """The lines as fed to the parser and where each token's lines start (one more at the end)."""

    lines: list[Line]
    starts: list[int]

    def of(self, token: Token) -> list[Line]:
        """The lines of one token."""
        return self.lines[self.starts[token.value]:self.starts[token.value + 1]]


def _outline_nodes(tree: Tree, fed: _Fed) -> list[OutlineNode]:
    """The outline nodes directly under ``tree`` (an ``outline`` or a node's subtree)."""
    nodes = []
    for child in tree.children:
        if isinstance(child, Tree) and child.data in _OUTLINE_RULES:
            heading = fed.of(child.children[0])[0]
            own = [line for t in _own_tokens(child) for line in fed.of(t)]
            children = tuple(_outline_nodes(child, fed))
            end = children[-1].end if children else (own[-1].end if own else heading.end)
            nodes.append(OutlineNode(child.data, heading, end, tuple(own), children))
    return nodes


def _own_tokens(tree: Tree) -> list[Token]:
    """The tokens of a node's own lines (``body_line`` subtrees), after its heading."""
    out = []
    for child in tree.children[1:]:
        if isinstance(child, Tree) and child.data not in _OUTLINE_RULES:
            out.extend(t for t in child.scan_values(lambda v: isinstance(v, Token)))
    return out


def _shifts(state: ParserState, terminal: str) -> bool:
    """True when the parser in ``state`` would shift ``terminal`` (after its reductions).

    An LALR table may list a terminal in a state only for a reduction after which it fails;
    this follows the reductions on a copy of the state stack (a few entries deep: the
    grammar's repetitions are left-recursive), never touching the values.
    """
    states = state.parse_conf.states
    stack = list(state.state_stack)
    while True:
        step = states[stack[-1]].get(terminal)
        if step is None:
            return False
        action, arg = step
        if action is Shift:
            return True
        if arg.expansion:
            del stack[-len(arg.expansion):]
        stack.append(states[stack[-1]][arg.origin.name][1])


# The block that each rule's lines belong to.
_BLOCK_OF = {
    "head": "header", "title": "type_title", "enacting": "authority", "addressee": "addressee",
    "body": "body", "distribution": "distribution", "signature": "signature", "rest": "annexes",
}
_ANCHORS = frozenset({"NUMBER", "PLACE_DATE", "SUBJECT", "NATIONAL_TITLE", "MOTTO", "PARTY_TITLE"})


def _collect(tree: Tree, block: str, fed: _Fed, parts: dict[str, list]) -> None:
    """Put the lines of each token of ``tree`` into its block, in order (and note the first
    ``outline`` subtree)."""
    block = _BLOCK_OF.get(tree.data, block)
    if tree.data == "outline":
        parts["outline"].append(tree)
    for child in tree.children:
        if isinstance(child, Tree):
            _collect(child, block, fed, parts)
            continue
        lines = fed.of(child)
        parts[block].extend(lines)
        if child.type in ("LATE_NUMBER", "LATE_DATE"):
            parts[child.type.lower()].extend(lines)
        if child.type in _ANCHORS:
            parts["anchor"].extend(lines)


# Terminals whose lines are also listed apart: a line of one joins no token of another.
_TYPED = frozenset({"LATE_NUMBER", "LATE_DATE", *_ANCHORS})


@cache
def _same_tops(grammar: Lark) -> dict[int, int]:
    """For each parser state that only reduces, the first state that reduces alike: to the same
    rule (name, length, alias) on the same terminals.  On top of the stack the two are one
    (``body_line: TEXT .`` and ``body_line: CAPS .``); a state below the top has gotos."""
    states = grammar.parse_interactive().parser_state.parse_conf.states
    first: dict[frozenset, int] = {}
    out = {}
    for number, actions in states.items():
        if all(action is not Shift for action, _ in actions.values()):
            alike = frozenset(
                (terminal, rule.origin.name, len(rule.expansion), rule.alias, rule.options.expand1)
                for terminal, (_, rule) in actions.items()
            )
            out[number] = first.setdefault(alike, number)
    return out


def _stack_of(stack: list[int], tops: dict[int, int]) -> tuple[int, ...]:
    """The parser's state stack, its top state named as in :func:`_same_tops`."""
    top = stack[-1]
    return (*stack[:-1], tops.get(top, top))


def _moved(states: dict, tops: dict[int, int], stack: tuple[int, ...], terminal: str) -> tuple[int, ...]:
    """The state stack after feeding ``terminal`` (which shifts) to a parser standing on ``stack``."""
    after = list(stack)
    while True:
        action, arg = states[after[-1]][terminal]
        if action is Shift:
            after.append(arg)
            return _stack_of(after, tops)
        if arg.expansion:
            del after[-len(arg.expansion):]
        after.append(states[after[-1]][arg.origin.name][1])
