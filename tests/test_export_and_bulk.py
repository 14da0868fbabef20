"""Deadline CSV export, DataFrames with real dtypes, parse_many and `vanban ingest`."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pandas as pd
import pytest

from vanban import parse_file
from vanban.bulk import parse_many
from vanban.export import DEADLINE_COLUMNS
from vanban.frames import annex_frame, notice_frames

from .conftest import CORPUS

SEED = CORPUS / "cv-45-BHXH-CNTT-2016.txt"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vanban", *args], capture_output=True, text=True,
                          timeout=300)


def test_deadlines_csv_file_has_bom_and_columns(tmp_path):
    out = tmp_path / "deadlines.csv"
    result = run("deadlines", str(SEED), "-o", str(out))
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == DEADLINE_COLUMNS
    due = {(r["kind"], r["date"]) for r in rows}
    assert {("before", "2016-01-10"), ("before", "2016-01-12"), ("until", "2016-03-31"),
            ("from", "2015-12-04")} <= due
    first = next(r for r in rows if r["date"] == "2016-01-10")
    assert first["number"] == "45/BHXH-CNTT" and first["issued_on"] == "2016-01-05"
    assert "phiên bản 2.0" in first["action"]
    assert "trước ngày 10/01/2016" in first["clause"]


def test_deadlines_to_stdout():
    result = run("deadlines", str(CORPUS), "-o", "-")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == ",".join(DEADLINE_COLUMNS)
    assert "P30D" in result.stdout and "PT2H" in result.stdout


def test_frames_have_real_dtypes():
    frames = notice_frames([parse_file(SEED)])
    notices = frames["notices"]
    assert str(notices["issued_on"].dtype).startswith("datetime64")
    assert notices["doc_type"].dtype == "category"
    assert notices["number"].dtype == "string"
    deadlines = frames["deadlines"]
    assert deadlines["kind"].dtype == "category"
    assert str(deadlines["date"].dtype).startswith("datetime64")
    assert set(frames) >= {"notices", "references", "deadlines", "recipients", "distribution", "annexes"}
    assert (frames["references"]["doc_id"] == notices["doc_id"][0]).all()


def test_annex_table_with_provinces():
    notice = parse_file(SEED)
    table = annex_frame(notice.annexes[0])
    assert list(table.columns[:3]) == ["STT", "ĐƠN VỊ", "GHI CHÚ"]
    assert len(table) == 22
    row = table[table["STT"] == "4"].iloc[0]
    assert (row["ĐƠN VỊ"], row["GHI CHÚ"], row["province"], row["province_2025"]) == (
        "BHXH tỉnh Nam Định", "", "Nam Định", "Ninh Bình")
    assert table[table["STT"] == "7"].iloc[0]["province"] == "Bắc Kạn"  # written "Bắc Cạn"


def test_markdown_table_cells_are_repaired():
    from vanban.extract.tables import repair_cell

    assert repair_cell("M ã cảng") == "Mã cảng"
    assert repair_cell("Số c ontainer") == "Số container"
    assert repair_cell("Thời gian hoàn thành") == "Thời gian hoàn thành"


def test_parse_many_same_as_one_by_one(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    paths = sorted(CORPUS.glob("*.txt")) + [bad]
    corpus = parse_many(paths, jobs=2)
    assert [n.to_dict() for n in corpus] == [parse_file(p).to_dict() for p in paths[:-1]]
    assert corpus.errors == [(str(bad), "empty file")]
    frames = corpus.frames()
    assert len(frames["notices"]) == len(paths) - 1
    assert list(frames["errors"]["file"]) == [str(bad)]
    assert frames["deadlines"]["doc_id"].isin(frames["notices"]["doc_id"]).all()


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_ingest_writes_every_frame(tmp_path, fmt):
    bad = tmp_path / "in" / "bad.txt"
    bad.parent.mkdir()
    bad.write_bytes(bytes(range(256)) * 4)
    out = tmp_path / "out"
    result = run("ingest", str(CORPUS), str(bad.parent), "--out", str(out), "--format", fmt,
                 "--jobs", "2", "--batch-size", "3")
    assert result.returncode == 1  # one file failed; the others are all written
    names = {p.stem for p in out.iterdir()}
    assert names == {"notices", "references", "deadlines", "recipients", "distribution", "annexes",
                     "annex_rows", "sections", "errors", "_manifest"}
    read = pd.read_csv if fmt == "csv" else (lambda p: pd.read_json(p, lines=True))
    notices = read(out / f"notices.{fmt}")
    assert len(notices) == len(list(CORPUS.glob("*.txt")))
    errors = read(out / f"errors.{fmt}")
    assert list(errors["file"]) == [str(bad)]
    assert "Traceback" not in result.stderr


def test_parquet_without_pyarrow_says_so(tmp_path):
    pytest.importorskip("pandas")
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        result = run("ingest", str(SEED), "--out", str(tmp_path / "o"), "--format", "parquet")
        assert result.returncode == 2
        assert "pyarrow" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    else:
        result = run("ingest", str(SEED), "--out", str(tmp_path / "o"), "--format", "parquet")
        assert result.returncode == 0, result.stderr
        assert len(pd.read_parquet(tmp_path / "o" / "notices")) == 1


def test_parse_many_takes_folders_and_reports_missing_files():
    corpus = parse_many([CORPUS, CORPUS / "missing.txt"], jobs=1)
    assert len(corpus) == len(list(CORPUS.glob("*.txt")))
    assert corpus.errors == [(str(CORPUS / "missing.txt"), "No such file or directory")]
