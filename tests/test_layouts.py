"""Scraper layouts must not change the answer.

Each written notice (and each real one, where ../shared exists) is parsed, and its clean text
is laid out the ways real scrapers lay out notices (tests/layouts.py: thuvienphapluat cell per
line, CRLF wraps in cells, merged header rows, the signature flattened onto the distribution
list, markdown tables, Công báo page furniture).  Header, signature and distribution list read
from the laid-out text must equal those read from the clean text.
"""

from __future__ import annotations

import random
from collections import Counter
from functools import cache

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from vanban import parse, parse_file
from vanban.lexicon import fold

from .conftest import SHARED, corpus_cases
from .layouts import FURNITURE, LAYOUTS, SEP, analyse, render, render_lines
from .test_scrape_damage import answer

# The written notices, and the real ones when ../shared lies beside the checkout.
NOTICES = [path for path, _ in corpus_cases()] + sorted((SHARED / "corpus" / "real").glob("*.txt"))
IDS = [f"{path.parent.name}/{path.stem}" for path in NOTICES]
SEEDS = range(4)
FIELDS = ("doc_type", "number", "issuer", "place", "issued_on", "subject", "recipients", "signature")


def layout_answer(notice) -> dict:
    """Header, signature and distribution list, tone-placement-blind (see ``answer``)."""
    full = answer(notice)
    out = {name: full[name] for name in FIELDS}
    out["distribution"] = [
        (fold(item.recipient or ""), fold(item.purpose or "")) for item in notice.distribution
    ]
    return out


def differences(expected: dict, got: dict) -> dict:
    """The fields that differ, as {field: (expected, got)}."""
    return {k: (expected[k], got[k]) for k in expected if expected[k] != got[k]}


@cache
def clean_answer(name: str) -> tuple[str, dict]:
    """A notice's clean text and the answer read from that text."""
    clean = parse_file(NOTICES[IDS.index(name)]).text
    return clean, layout_answer(parse(clean))


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("name", IDS)
def test_each_layout(name, layout):
    """A few seeds of one layout of one notice; the message names the differing fields."""
    clean, expected = clean_answer(name)
    failures = {}
    for seed in SEEDS:
        diff = differences(expected, layout_answer(parse(LAYOUTS[layout](clean, random.Random(seed)))))
        if diff:
            failures[seed] = diff
    assert not failures, failures


@given(
    index=st.integers(min_value=0, max_value=len(NOTICES) - 1),
    names=st.lists(st.sampled_from(sorted(LAYOUTS)), min_size=1, max_size=4, unique=True),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_layouts_do_not_change_the_answer(index, names, seed):
    clean, expected = clean_answer(IDS[index])
    rendered = render(clean, names, random.Random(seed))
    assert differences(expected, layout_answer(parse(rendered))) == {}


# Table markup a layout may add around cells: pipes, rules, <br>, separators under cells.
_MARKUP = regex.compile(r"<br/?>|\||:?-{3,}:?")


def _characters(lines) -> Counter:
    kept = (line.text for line in lines if line.role not in (SEP, FURNITURE))
    return Counter("".join(_MARKUP.sub(" ", "\n".join(kept)).split()))


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_layouts_keep_the_text(layout):
    """The renderer itself: every character of the clean text is kept and none is added, apart
    from separators, table markup and page furniture (whatever the seed)."""
    for name in IDS:
        clean = clean_answer(name)[0]
        before = _characters(analyse(clean).lines)
        for seed in SEEDS:
            after = _characters(render_lines(clean, [layout], random.Random(seed)))
            assert after == before, (name, seed, after - before, before - after)


@given(
    index=st.integers(min_value=0, max_value=len(NOTICES) - 1),
    names=st.lists(st.sampled_from(sorted(LAYOUTS)), min_size=1, max_size=4, unique=True),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_layout_combinations_keep_the_text(index, names, seed):
    clean = clean_answer(IDS[index])[0]
    after = _characters(render_lines(clean, names, random.Random(seed)))
    assert after == _characters(analyse(clean).lines)
