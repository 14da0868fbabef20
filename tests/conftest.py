"""Shared fixtures: the project's corpus and, when present, ../shared beside the checkout."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

# Property tests: "ci" (the default) is reproducible, the same examples on every run; "explore"
# draws new ones each run and shrinks a failure, "thorough" draws many more
# (HYPOTHESIS_PROFILE=thorough python3 -m pytest tests/test_scrape_damage.py).
_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
settings.register_profile("explore", max_examples=150, **_COMMON)
# "ci" reports a failure unshrunk: shrinking a slow parse can outlast the CI run; re-run the
# test under "explore" locally to shrink it.
_NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate, Phase.target)
settings.register_profile(
    "ci", max_examples=150, derandomize=True, print_blob=True, phases=_NO_SHRINK, **_COMMON
)
settings.register_profile("thorough", max_examples=3000, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

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
