"""Every notice in corpus/ against its hand-written expected output, field by field."""

from __future__ import annotations

import re
import unicodedata

import pytest

from vanban import parse_file
from vanban.lexicon import fold

from .conftest import corpus_cases

CASES = corpus_cases()
IDS = [path.stem for path, _ in CASES]


def norm(value):
    if isinstance(value, str):
        return re.sub(r"\s+", " ", unicodedata.normalize("NFC", value)).strip()
    if isinstance(value, list):
        return [norm(v) for v in value]
    if isinstance(value, dict):
        return {k: norm(v) for k, v in value.items()}
    return value


def canon(number: str | None) -> str | None:
    return re.sub(r"\s+", "", number).upper() if number else None


@pytest.fixture(scope="module", params=CASES, ids=IDS)
def case(request):
    path, expected = request.param
    return parse_file(path).to_dict(), expected


@pytest.mark.parametrize(
    "field", ["doc_type", "number", "issuer", "place", "issued_on", "subject", "recipients"]
)
def test_header_field(case, field):
    got, expected = case
    if field not in expected:
        pytest.skip(f"{field} not stated")
    assert norm(got[field]) == norm(expected[field])


def test_signature(case):
    got, expected = case
    want = expected.get("signature")
    if want is None:
        pytest.skip("no signature stated")
    assert {k: norm(got["signature"][k]) for k in want} == norm(want)


def test_distribution(case):
    got, expected = case
    if "distribution" not in expected:
        pytest.skip("no distribution stated")
    assert norm(got["distribution"]) == norm(expected["distribution"])


def test_references(case):
    got, expected = case
    if "references" not in expected:
        pytest.skip("no references stated")
    by_number = {canon(r["number"]): r for r in got["references"] if r["number"]}
    assert set(by_number) == {canon(r["number"]) for r in expected["references"]}
    for want in expected["references"]:
        have = by_number[canon(want["number"])]
        for key in ("doc_type", "date", "issuer"):
            if key in want:
                assert norm(have[key]) == norm(want[key]), (want["number"], key)


def test_named_laws(case):
    got, expected = case
    if "named_laws" not in expected:
        pytest.skip("no named laws stated")
    names = {fold(r["name"]) for r in got["references"] if r["number"] is None and r["name"]}
    assert {fold(n) for n in expected["named_laws"]} <= names


def test_deadlines(case):
    got, expected = case
    if "deadlines" not in expected:
        pytest.skip("no deadlines stated")
    have = {(d["kind"], d["date"], d["duration"]) for d in got["deadlines"]}
    want = {(d["kind"], d["date"], d["duration"]) for d in expected["deadlines"]}
    assert want <= have
    stated_due = {d for k, d, _ in want if k in ("before", "until")}
    assert {d for k, d, _ in have if k in ("before", "until")} <= stated_due
    dated = {d for _, d, _ in have if d}
    assert not dated & set(expected.get("not_deadlines", []))


def test_text_reads_clean(case):
    got, expected = case
    for snippet in expected.get("text_contains", []):
        assert norm(snippet) in norm(got["text"])


def test_annexes(case):
    got, expected = case
    if "annexes" not in expected:
        pytest.skip("no annexes stated")
    assert len(got["annexes"]) == len(expected["annexes"])
    for have, want in zip(got["annexes"], expected["annexes"], strict=True):
        for key in ("title", "attached_to", "attached_date", "columns", "rows"):
            if key in want:
                assert norm(have[key]) == norm(want[key]), key
        if "rows_count" in want:
            assert len(have["rows"]) == want["rows_count"]
        by_stt = {row[0]: row for row in have["rows"] if row}
        for stt, cell in want.get("cells", {}).items():
            assert norm(by_stt[stt][1]) == norm(cell)
