"""Shared fixtures: the project's corpus and, when present, ../shared beside the checkout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"


def corpus_cases() -> list[tuple[Path, dict]]:
    """(notice path, expected fields) for every written notice in corpus/."""
    cases = []
    for expected in sorted(CORPUS.glob("*.expected.json")):
        notice = expected.with_name(expected.name.replace(".expected.json", ".txt"))
        cases.append((notice, json.loads(expected.read_text(encoding="utf-8"))))
    return cases


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "corpus" / "real" / "gold.json").exists():
        pytest.skip("../shared is not beside this checkout")
    return SHARED
