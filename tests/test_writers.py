"""Output folders: fixed schemas whatever a batch holds, complete-or-absent outputs, refusal of a
non-empty target, --overwrite replacing whole, and spreadsheet-safe CSV cells."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vanban import parse_file
from vanban.bulk import ingest
from vanban.frames import TABLE_NAMES, notice_frames, table_dtypes
from vanban.writers import (
    MANIFEST,
    IncompleteOutput,
    OutputExists,
    OutputFolder,
    OutputUnusable,
    is_complete,
    read_manifest,
    read_table,
    spreadsheet_safe,
    spreadsheet_value,
)

from .conftest import CORPUS


def _has_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


FORMATS = ["csv", "jsonl", *(["parquet"] if _has_pyarrow() else [])]
ANNEX_ROW = {"doc_id": "a", "annex": 0, "row": 0, "cells": ["1", "=SUM(A1)", "Hà Nội"],
             "province": "Hà Nội", "province_code": "01", "province_2025": "Hà Nội"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_first_batch_keeps_the_schema(tmp_path, fmt):
    target = tmp_path / "out"
    with OutputFolder(target, fmt) as output:
        output.write("annex_rows", [])  # the first batch holds no annex rows at all
        output.write("annex_rows", [ANNEX_ROW])
        output.write("deadlines", [{"doc_id": "a", "kind": "before", "date": dt.date(2030, 1, 1)}])
        output.commit(notices=1, failed=0)
    frame = read_table(target, "annex_rows")
    assert list(frame.columns) == list(table_dtypes("annex_rows"))
    assert list(frame.loc[0, "cells"]) == ["1", "=SUM(A1)", "Hà Nội"]  # raw value, whatever the format
    deadlines = read_table(target, "deadlines")
    assert str(deadlines["date"].dtype) == "datetime64[ns]" and deadlines["kind"].dtype == "category"
    assert deadlines.loc[0, "date"] == pd.Timestamp("2030-01-01")
    assert read_manifest(target)["tables"]["annex_rows"]["rows"] == 1


@pytest.mark.skipif(not _has_pyarrow(), reason="pyarrow not installed")
def test_parquet_tables_read_with_plain_pandas(tmp_path):
    target = tmp_path / "out"
    with OutputFolder(target, "parquet") as output:
        output.write("annex_rows", [])
        output.commit()
    empty = pd.read_parquet(target / "annex_rows")  # a table with no rows at all still reads back
    assert list(empty.columns) == list(table_dtypes("annex_rows")) and len(empty) == 0
    assert str(empty["province"].dtype) == "string"


def _values(series: pd.Series) -> list:
    return [None if pd.isna(v) else v for v in series]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_gives_the_frames_back(tmp_path, fmt):
    paths = sorted(CORPUS.glob("*.txt"))
    target = tmp_path / "out"
    written, failed = ingest(paths, target, fmt=fmt, jobs=1, batch_size=3)
    assert (written, failed) == (len(paths), 0)
    expected = notice_frames([parse_file(p) for p in paths])
    for name in TABLE_NAMES:
        got = read_table(target, name)
        want = expected[name]
        assert list(got.columns) == list(want.columns), name
        assert len(got) == len(want), name
        for column, dtype in table_dtypes(name).items():
            if dtype == "object":
                assert [list(v) for v in got[column]] == [list(v) for v in want[column]]
            else:
                assert str(got[column].dtype) == str(want[column].dtype), (name, column)
                want_values = _values(want[column])
                if fmt == "csv":  # a CSV cell cannot tell empty text from no value
                    want_values = [None if v == "" else v for v in want_values]
                assert _values(got[column]) == want_values, (name, column)


def test_unfinished_output_is_never_under_the_target_name(tmp_path):
    target = tmp_path / "out"
    output = OutputFolder(target, "csv")
    output.write("notices", [{"doc_id": "a"}])
    assert not target.exists()
    assert output.staging.name.startswith(".out.partial-") and not (output.staging / MANIFEST).exists()
    assert not is_complete(output.staging)
    with pytest.raises(IncompleteOutput):
        read_table(output.staging, "notices")
    output.abort()
    assert not output.staging.exists() and not target.exists()


def test_exception_inside_the_block_leaves_nothing(tmp_path):
    target = tmp_path / "out"
    with pytest.raises(RuntimeError), OutputFolder(target, "jsonl") as output:
        output.write("notices", [{"doc_id": "a"}])
        raise RuntimeError("disk on fire")
    assert list(tmp_path.iterdir()) == []


def test_rerun_is_refused_and_overwrite_replaces_whole(tmp_path):
    target = tmp_path / "out"
    ingest(CORPUS / "cv-45-BHXH-CNTT-2016.txt", target, fmt="csv", jobs=1)
    (target / "stale-part.csv").write_text("from another run")
    with pytest.raises(OutputExists):
        ingest(CORPUS / "ct-12-HU-2024.txt", target, fmt="csv", jobs=1)
    ingest(CORPUS / "ct-12-HU-2024.txt", target, fmt="jsonl", jobs=1, overwrite=True)
    assert not (target / "stale-part.csv").exists() and not (target / "notices.csv").exists()
    notices = read_table(target, "notices")
    assert list(notices["source"]) == [str(CORPUS / "ct-12-HU-2024.txt")]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging or old folder left behind


def test_overwrite_never_deletes_a_folder_that_is_not_an_output(tmp_path):
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "thesis.docx").write_text("years of work")
    with pytest.raises(OutputExists, match="not a vanban output"):
        ingest(CORPUS / "cv-45-BHXH-CNTT-2016.txt", precious, fmt="csv", jobs=1, overwrite=True)
    assert (precious / "thesis.docx").exists()


def test_empty_target_folder_is_used_and_a_file_is_refused(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    ingest(CORPUS / "cv-45-BHXH-CNTT-2016.txt", empty, fmt="csv", jobs=1)
    assert is_complete(empty)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputUnusable, match="is a file"):
        OutputFolder(blocker, "csv")


SPREADSHEET_CASES = [
    ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
    ("+84 912", "'+84 912"),
    ("- Như trên;", "'- Như trên;"),
    ("@cmd", "'@cmd"),
    ("\tgiữa", "'\tgiữa"),
    ("\rdòng", "'\rdòng"),
    ("'=already quoted", "''=already quoted"),
    ("Sở Y tế", "Sở Y tế"),
    ("", ""),
    ("a=b", "a=b"),
    ("'plain quote", "'plain quote"),
]


@pytest.mark.parametrize("value,cell", SPREADSHEET_CASES)
def test_spreadsheet_safe_cells(value, cell):
    assert spreadsheet_safe(value) == cell
    assert spreadsheet_value(cell) == value


@given(st.text(alphabet=st.sampled_from("'=+-@\t\rab "), max_size=8))
def test_spreadsheet_neutralising_is_lossless(value):
    cell = spreadsheet_safe(value)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert spreadsheet_value(cell) == value


def test_csv_neutralised_jsonl_raw(tmp_path):
    rows = [{"doc_id": "d", "position": 0, "recipient": "- Như trên;", "purpose": "=HYPERLINK(1)"}]
    for fmt in ("csv", "jsonl"):
        with OutputFolder(tmp_path / fmt, fmt) as output:
            output.write("distribution", rows)
            output.commit()
    with open(tmp_path / "csv" / "distribution.csv", encoding="utf-8-sig", newline="") as handle:
        record = next(csv.DictReader(handle))
    assert (record["recipient"], record["purpose"]) == ("'- Như trên;", "'=HYPERLINK(1)")
    line = (tmp_path / "jsonl" / "distribution.jsonl").read_text(encoding="utf-8")
    assert json.loads(line)["recipient"] == "- Như trên;"
    assert read_table(tmp_path / "csv", "distribution")["purpose"][0] == "=HYPERLINK(1)"


def test_dates_a_frame_cannot_hold_are_null_not_a_crash(tmp_path):
    with OutputFolder(tmp_path / "o", "csv") as output:
        output.write("deadlines", [{"doc_id": "d", "kind": "before", "date": dt.date(2900, 1, 1)}])
        output.commit()
    assert read_table(tmp_path / "o", "deadlines")["date"].isna().all()
