"""Every number of a real provincial register (../shared/corpus/numbers/binhduong.csv) parses."""

from __future__ import annotations

import csv

from vanban.extract.numbers import canonical, parse_number

# Register rows that hold no number at all: genuinely malformed entries, named here.
MALFORMED = {""}


def test_whole_register_parses(shared_dir):
    with open(shared_dir / "corpus" / "numbers" / "binhduong.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    failures = [r["number"] for r in rows if parse_number(r["number"]) is None]
    print(f"{len(rows)} register numbers, {len(failures)} unparsed: {sorted(set(failures))!r}")
    assert set(failures) <= MALFORMED
    for row in rows:
        number = parse_number(row["number"])
        if number is None:
            continue
        assert number.seq and number.issuer_code, row["number"]
        assert canonical(row["number"]).startswith(number.raw), row["number"]


def test_register_shapes():
    cases = {
        "1830 QĐ-UBND": ("1830/QĐ-UBND", "QĐ", "UBND", None),
        "251-BCĐ": ("251-BCĐ", None, "BCĐ", None),
        "26/KH-BCĐ (138)": ("26/KH-BCĐ", "KH", "BCĐ", "(138)"),
        "157/TB_UBND": ("157/TB-UBND", "TB", "UBND", None),
        "3637/UBND-VX": ("3637/UBND-VX", None, "UBND", None),
        "45 / QĐ - UBND": ("45/QĐ-UBND", "QĐ", "UBND", None),
        "12/QĐ-UBND (2)": ("12/QĐ-UBND", "QĐ", "UBND", "(2)"),
        "15/ÐA-UBND": ("15/ĐA-UBND", "ĐA", "UBND", None),
    }
    for text, (raw, type_code, issuer, suffix) in cases.items():
        number = parse_number(text)
        parts = (number.raw, number.type_code, number.issuer_code, number.suffix)
        assert parts == (raw, type_code, issuer, suffix)
