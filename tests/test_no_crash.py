"""Hostile input: random bytes and mutated notices never raise anything but DecodeError."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vanban import DecodeError, parse
from vanban.decode import decode

from .conftest import CORPUS, corpus_cases

TEXTS = [path.read_text(encoding="utf-8") for path, _ in corpus_cases()]


def parse_bytes(data: bytes) -> None:
    """What ``parse_file`` does after reading: decode, then parse; only DecodeError may escape."""
    try:
        text = decode(data)
    except DecodeError:
        return
    json.dumps(parse(text).to_dict(), ensure_ascii=False)


@given(st.binary(max_size=4000))
def test_random_bytes(data):
    parse_bytes(data)


@given(st.text(max_size=3000))
def test_random_text(text):
    json.dumps(parse(text).to_dict())


@st.composite
def mutated_notices(draw):
    """A corpus notice with random slices deleted, duplicated, or replaced by random text."""
    text = draw(st.sampled_from(TEXTS))
    for _ in range(draw(st.integers(1, 8))):
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 200)))
        action = draw(st.sampled_from(["delete", "duplicate", "insert"]))
        if action == "delete":
            text = text[:i] + text[j:]
        elif action == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        else:
            text = text[:i] + draw(st.text(max_size=40)) + text[i:]
    return text


@given(mutated_notices())
def test_mutated_notices(text):
    notice = parse(text)
    json.dumps(notice.to_dict(), ensure_ascii=False)
    for ref in notice.references:
        for span in ref.mentions:
            assert 0 <= span.start <= span.end <= len(notice.text)


def test_same_input_same_bytes():
    """Deterministic output: the same input gives byte-identical JSON, whatever --jobs is."""
    outputs = [
        subprocess.run([sys.executable, "-m", "vanban", "parse", str(CORPUS), "--jobs", jobs],
                       capture_output=True, check=True, timeout=300).stdout
        for jobs in ("1", "2", "2")
    ]
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0].count(b"\n") == len(TEXTS)


@pytest.mark.parametrize("path", [p for p, _ in corpus_cases()][:3], ids=lambda p: p.stem)
def test_parse_is_pure(path):
    text = path.read_text(encoding="utf-8")
    assert parse(text).to_dict() == parse(text).to_dict()
