"""The grammars' quick parser (Lark's tables driven through its plug-in option) gives what Lark
itself gives: the same value, or an error where Lark raises one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lark import Lark
from lark.exceptions import LarkError

from vanban.extract.numbers import _TRANSFORMER
from vanban.grammars import _IMPORTS, grammar_text, load

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
