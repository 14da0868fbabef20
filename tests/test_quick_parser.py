"""The grammars' quick parser (Lark's tables driven through its plug-in option) gives what Lark
itself gives: the same value, or an error where Lark raises one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lark import Lark, Token
from lark.exceptions import LarkError

from vanban.extract.numbers import _TRANSFORMER
from vanban.grammars import _IMPORTS, _SENTENCE, _sentence_source, _trim, grammar_text, load

PIECES = [
    "45", "/", "2015", "-", "QĐ", "TTg", "BHXH", " ", "ngày", "05", "tháng", "năm", "2016", ".", "(", ")",
]
texts = st.lists(st.sampled_from(PIECES), max_size=10).map("".join)


def _lark(name: str, **options) -> Lark:
    return Lark(grammar_text(name), parser="lalr", lexer="contextual", regex=True,
                maybe_placeholders=False, import_paths=[_IMPORTS], **options)


def _outcome(parser: Lark, text: str, **options):
    try:
        return parser.parse(text, **options)
    except LarkError:
        return "error"


_PLAIN_NUMBER = _lark("number", transformer=_TRANSFORMER)
_PLAIN_DATE = _lark("date", start="date")


@pytest.mark.parametrize("text", ["08/2015/QĐ-TTg", "45/BHXH-CNTT", "37-CT/TW", "41/63", "", "/QĐ"])
def test_numbers_read_as_lark_reads_them(text):
    assert _outcome(load("number", transformer=_TRANSFORMER), text) == _outcome(_PLAIN_NUMBER, text)


def test_a_date_reads_as_lark_reads_it():
    text = "ngày 05 tháng 01 năm 2016"
    quick = _outcome(load("date", "date"), text, start="date")
    assert quick != "error" and quick == _outcome(_PLAIN_DATE, text, start="date")


@given(texts)
def test_any_text_reads_as_lark_reads_it(text):
    assert _outcome(load("number", transformer=_TRANSFORMER), text) == _outcome(_PLAIN_NUMBER, text)
    quick = _outcome(load("date", "date"), text, start="date")
    assert quick == _outcome(_PLAIN_DATE, text, start="date")


# Pieces of the phrases the sentence grammars read, and of the words around them.
SENTENCE_PIECES = [
    "Căn cứ", " Nghị định số 146/2018/NĐ-CP", " ngày 17/10/2018", " của Chính phủ", "Luật", " Bảo hiểm",
    " y tế", " năm 2008", "khoản 2", " Điều này", " Điều 5", " nêu trên", "(sau đây gọi là Luật BHYT)",
    " ban hành kèm theo", " bãi bỏ", " Quyết định", " này", ",", ";", ":", " ", "\n", "trước ngày 10/01/2016",
    "đến hết", " hết", " năm 2025", "trong thời hạn 30 ngày", " kể từ ngày nhận được hồ sơ", "Thời hạn",
    " nộp báo cáo", " là", " các đơn vị", " gửi", " đề nghị", " tính đến", "x", "Đ", "đ", "c", "(", ")", "”",
    " 17 giờ", " quý II/2024", " có hiệu lực", " từ ngày 01/7/2024", " Hội nghị", " trong 5 năm qua",
]
sentences = st.lists(st.sampled_from(SENTENCE_PIECES), max_size=12).map("".join)


def _sentence_parsers(name: str) -> tuple[Lark, Lark]:
    """Lark's own parser of a sentence grammar, and one that lexes with the sentence lexer."""
    grammar = _sentence_source(name)
    options = dict(parser="lalr", lexer="contextual", regex=True, maybe_placeholders=False,
                   import_paths=[_IMPORTS], lexer_callbacks=dict.fromkeys(grammar.trimmed, _trim))
    quick = Lark(grammar.source, **options, _plugins=_SENTENCE)
    quick.parser.lexer.read_runs(grammar.word, grammar.stops)
    return Lark(grammar.source, **options), quick


_SENTENCE_PARSERS = {name: _sentence_parsers(name) for name in ("reference", "deadline")}


def _tokens(tree) -> list | str:
    if tree == "error":
        return tree
    return [(t.type, t.start_pos, t.end_pos, str(t)) for t in tree.scan_values(lambda v: isinstance(v, Token))
            ]


@pytest.mark.parametrize("name", ["reference", "deadline"])
@given(text=sentences)
def test_a_sentence_lexes_as_lark_lexes_it(name, text):
    plain, quick = _SENTENCE_PARSERS[name]
    expected = _outcome(plain, text)
    assert _outcome(quick, text) == expected
    assert _tokens(_outcome(quick, text)) == _tokens(expected)
