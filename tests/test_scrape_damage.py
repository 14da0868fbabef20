"""Scrape damage must not change the answer (hypothesis property tests).

From the clean text of each written notice (and of each real one, where ../shared exists),
damaged variants are generated (soft wraps with indentation, words split mid-syllable,
header cells merged, NFD, old tone placement, download boilerplate, CRLF with trailing
spaces); header, references, deadlines and
signature must equal the undamaged answer.
"""

from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vanban import parse, parse_file
from vanban.lexicon import fold

from .conftest import SHARED, corpus_cases
from .damage import DAMAGES

# The written notices, and the real ones when ../shared lies beside the checkout.
NOTICES = [path for path, _ in corpus_cases()] + sorted((SHARED / "corpus" / "real").glob("*.txt"))


def answer(notice) -> dict:
    """The fields that scrape damage must not change, in a tone-placement-blind form."""
    d = notice.to_dict()

    def f(value):
        return fold(value) if isinstance(value, str) else value

    return {
        "doc_type": d["doc_type"],
        "number": d["number"],
        "issuer": {k: f(v) for k, v in d["issuer"].items()},
        "place": f(d["place"]),
        "issued_on": d["issued_on"],
        "subject": f(d["subject"]),
        "recipients": [f(r) for r in d["recipients"]],
        "references": sorted((r["number"] or f(r["name"]), r["date"]) for r in d["references"]),
        "deadlines": sorted({(x["kind"], x["date"] or "", x["duration"] or "") for x in d["deadlines"]}),
        "signature": {k: f(d["signature"][k]) for k in ("authority", "on_behalf_of", "title", "name")},
    }


@pytest.fixture(scope="module")
def clean_answers() -> dict:
    """For each notice: its clean text and the answer read from it."""
    out = {}
    for path in NOTICES:
        clean = parse_file(path).text
        out[path.name] = (clean, answer(parse(clean)))
    return out


@pytest.mark.parametrize("path", NOTICES, ids=[p.stem for p in NOTICES])
def test_clean_text_reads_like_the_scrape(path):
    """Parsing the normalised text again gives the same answer (normalisation is stable)."""
    notice = parse_file(path)
    assert answer(parse(notice.text)) == answer(notice)


@given(
    index=st.integers(min_value=0, max_value=len(NOTICES) - 1),
    damages=st.lists(st.sampled_from(sorted(DAMAGES)), min_size=1, max_size=4, unique=True),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_damage_does_not_change_the_answer(clean_answers, index, damages, seed):
    clean, expected = clean_answers[NOTICES[index].name]
    rng = random.Random(seed)
    damaged = clean
    for name in sorted(damages, key=list(DAMAGES).index):  # in the order a scraper would do them
        damaged = DAMAGES[name](damaged, rng)
    assert answer(parse(damaged)) == expected


@pytest.mark.parametrize("name", sorted(DAMAGES))
def test_each_damage_alone(clean_answers, name):
    for path in NOTICES:
        clean, expected = clean_answers[path.name]
        damaged = DAMAGES[name](clean, random.Random(7))
        assert answer(parse(damaged)) == expected, path.name
    assert unicodedata.is_normalized("NFC", clean)
