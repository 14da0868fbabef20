"""The command line as a user meets it: exit codes, one-line errors, the JSON contract."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from vanban.cli import main

from .conftest import CORPUS

CONTRACT = {
    "source", "doc_type", "number", "issuer", "place", "issued_on", "subject", "recipients",
    "references", "deadlines", "signature", "distribution", "annexes", "body", "structure",
    "internal_cites", "text", "warnings",
}
SEED = CORPUS / "cv-45-BHXH-CNTT-2016.txt"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vanban", *args], capture_output=True, text=True, timeout=120
    )


def test_parse_prints_the_contract():
    result = run("parse", "--format", "jsonl", str(SEED))
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout.splitlines()[0])
    assert set(record) == CONTRACT
    assert set(record["number"]) == {"raw", "seq", "year", "type_code", "issuer_code", "unit_code", "suffix"}
    assert {"authority", "on_behalf_of", "title", "name"} <= set(record["signature"])
    assert record["number"]["raw"] == "45/BHXH-CNTT"
    assert record["issued_on"] == "2016-01-05"


def test_folder_expands_to_its_txt_files():
    result = run("parse", str(CORPUS))
    assert result.returncode == 0, result.stderr
    sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
    assert len(sources) == len(list(CORPUS.glob("*.txt")))


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_other_formats(fmt):
    result = run("parse", "--format", fmt, str(SEED))
    assert result.returncode == 0, result.stderr
    assert "45/BHXH-CNTT" in result.stdout


def test_bad_files_fail_alone(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    latin = tmp_path / "latin1.txt"
    latin.write_bytes(b"Ha Noi \x81\x8d\x8f\x90\x9d ng\xe0y \xff")
    result = run("parse", str(empty), str(binary), str(latin), str(SEED))
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 3
    assert all(line.startswith("vanban: ") and "Traceback" not in line for line in errors)
    assert "empty" in errors[0]
    assert len(result.stdout.splitlines()) == 1  # the good file still printed


def test_utf16_and_bom_are_read(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    for name, data in (("bom.txt", b"\xef\xbb\xbf" + text.encode()), ("u16.txt", text.encode("utf-16"))):
        (tmp_path / name).write_bytes(data)
    result = run("parse", str(tmp_path))
    assert result.returncode == 0, result.stderr
    numbers = [json.loads(line)["number"]["raw"] for line in result.stdout.splitlines()]
    assert numbers == ["45/BHXH-CNTT", "45/BHXH-CNTT"]


def test_usage_errors_exit_2(capsys):
    assert main([]) == 2
    assert main(["parse", "--format", "xml", str(SEED)]) == 2


def test_a_missing_path_is_a_failed_file_not_a_stop(capsys):
    assert main(["parse", "/no/such/path", str(SEED)]) == 1
    captured = capsys.readouterr()
    assert captured.err.strip() == "vanban: /no/such/path: No such file or directory"
    assert len(captured.out.splitlines()) == 1
