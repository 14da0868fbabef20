"""The crafted inputs of the fuzzer and the scaling benchmark have the sizes they claim, and the
fuzzer's inputs depend only on the seed and their index."""

from __future__ import annotations

import sys

import pytest

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "fuzz"))

from crafted import CRAFTED  # noqa: E402
from fuzz_parse import kind_of, make_input, plan  # noqa: E402


@pytest.mark.parametrize("name", sorted(CRAFTED))
@pytest.mark.parametrize("size", [1_000, 10_000, 100_000])
def test_crafted_sizes(name, size):
    data = CRAFTED[name](size).encode("utf-8")
    assert size <= len(data) < 1.1 * size + 200


def test_fuzz_inputs_are_reproducible_and_planned_alone_when_big():
    assert make_input(7, 123) == make_input(7, 123)
    assert make_input(7, 123) != make_input(8, 123)
    tasks = plan(3, 5_000, sizes=(1_000,))
    covered = [i for _, start, count, _ in tasks for i in range(start, start + count)]
    assert covered == list(range(5_000))
    for _, start, count, _ in tasks:
        if any(kind_of(3, i, (1_000,)) != "ordinary" for i in range(start, start + count)):
            assert count == 1
