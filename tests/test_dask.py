"""Runs on a Dask cluster: a real ``distributed.LocalCluster`` (2 worker processes) started here
gives the same tables as the local run, row for row — from ``vanban.dask.read_notices`` and from
``vanban ingest --scheduler`` — bad files included; without Dask, ``vanban`` still works."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from vanban import parse_many
from vanban.bulk import parse_records
from vanban.frames import TABLE_NAMES
from vanban.writers import read_manifest, read_table

from .conftest import CORPUS, SHARED

SEED = CORPUS / "cv-45-BHXH-CNTT-2016.txt"
SHARED_FOLDERS = [SHARED / "corpus" / "real", SHARED / "corpus" / "tvpl"]


def run(*args: str, env: dict[str, str] | None = None, timeout: float = 300
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vanban", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL)


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


# --- inputs ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Good notices and bad files: binary garbage, an empty file, damaged UTF-8, a folder named
    like a notice, a file of undecodable bytes."""
    folder = tmp_path_factory.mktemp("mixed")
    for source in sorted(CORPUS.glob("*.txt"))[:4]:
        (folder / source.name).write_bytes(source.read_bytes())
    (folder / "garbage.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "empty.txt").write_bytes(b"")
    data = SEED.read_bytes()
    (folder / "bad-utf8.txt").write_bytes(data[:400] + b"\xff\xfe\xc3\x28" + data[400:])
    (folder / "undecodable.txt").write_bytes(b"\x81\x8d\x8f\x90\x9d" * 300)
    (folder / "folder.txt").mkdir()
    return folder


def inputs(bad_folder: Path) -> list[str]:
    """corpus/, the folder of bad files, a path that does not exist, and ../shared's real notices
    when they are beside the checkout."""
    shared = [str(f) for f in SHARED_FOLDERS if f.is_dir()]
    return [str(CORPUS), str(bad_folder), str(bad_folder / "missing.txt"), *shared]


@pytest.fixture(scope="module")
def local_frames(bad_folder: Path) -> dict[str, pd.DataFrame]:
    corpus = parse_many(inputs(bad_folder), jobs=1)
    return corpus.frames()


# --- without Dask --------------------------------------------------------------------------------

_NO_DASK = "import sys; sys.modules.update(dict.fromkeys(('dask', 'distributed'))); "


def test_vanban_does_not_import_dask():
    probe = ("import sys, vanban, vanban.cli, vanban.bulk, vanban.dask; "
             "print(sorted(m for m in ('dask', 'distributed') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == "[]", result.stderr


def test_without_dask_ingest_works_and_scheduler_is_one_line(tmp_path):
    def main(*args: str) -> subprocess.CompletedProcess[str]:
        code = _NO_DASK + f"from vanban.cli import main; sys.exit(main({list(args)!r}))"
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)

    plain = main("ingest", str(SEED), "--out", str(tmp_path / "plain"), "-q")
    assert plain.returncode == 0, plain.stderr
    cluster = main("ingest", str(SEED), "--out", str(tmp_path / "cluster"), "-q", "--scheduler", "local:2")
    assert cluster.returncode == 2
    assert one_line_error(cluster) == (
        "vanban: running on a Dask cluster needs dask and distributed: pip install 'vanban[dask]'"
    )
    assert not (tmp_path / "cluster").exists()


# --- the unit of work of a partition -----------------------------------------------------------


def test_parse_records_keeps_the_time_budget_in_a_thread(tmp_path):
    texts = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    big = tmp_path / "big.txt"
    big.write_text(texts * 30, encoding="utf-8")  # seconds of parsing, however fast the parser gets
    outcomes = parse_records([(str(big), None), (str(SEED), None)], timeout=0.3)
    assert outcomes[0] == (str(big), None, "took longer than the time budget of 0.3 s")
    assert outcomes[1][1] is not None and outcomes[1][1]["notices"][0]["number"] == "45/BHXH-CNTT"
    for budget in (0.01, 0.02, 0.05, 0.1):  # budgets that end near a file's end never leak
        assert len(parse_records([(str(SEED), None)] * 3, timeout=budget)) == 3


def test_partitions_keep_the_input_order(bad_folder):
    pytest.importorskip("dask")
    from vanban.dask import expand, partition

    sources = expand([str(CORPUS), str(CORPUS / "cv-*.txt"), "/no/such/*.txt"])
    names = [name for name, _ in sources]
    assert names == [*map(str, sorted(CORPUS.glob("*.txt"))), *map(str, sorted(CORPUS.glob("cv-*.txt"))),
                     "/no/such/*.txt"]
    parts = partition(sources, "20kB")
    assert [name for part in parts for name, _ in part] == names
    assert len(parts) > 3 and all(len(part) == 1 or sum(os.path.getsize(n) for n, _ in part) <= 20_000
                                  for part in parts[:-1])


# --- on a cluster ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    """A real cluster: 2 worker processes.  A task on a worker that dies is not retried, so the
    test of a file that kills its worker is quick."""
    pytest.importorskip("distributed")
    import dask
    from distributed import LocalCluster

    from vanban.dask import NO_DASHBOARD

    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR, scheduler_kwargs=NO_DASHBOARD)
    with cluster:
        yield cluster


@pytest.fixture(scope="module")
def client(cluster) -> Iterator[object]:
    from distributed import Client

    with Client(cluster) as client:
        yield client


def test_read_notices_equals_the_local_frames(client, bad_folder, local_frames):
    import dask

    from vanban.dask import compute_tables, read_notices

    tables = read_notices(inputs(bad_folder), blocksize="30kB")
    assert sorted(tables) == sorted(TABLE_NAMES)
    assert tables["notices"].npartitions > 2
    for name, table in tables.items():  # the declared meta has the pandas frames' dtypes
        assert list(table.columns) == list(local_frames[name].columns)
        assert dict(table.dtypes.astype(str)) == dict(local_frames[name].dtypes.astype(str)), name
    frames = compute_tables(tables)
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(frames[name], local_frames[name], obj=name)
    assert len(frames["errors"]) == 5 and len(frames["notices"]) == len(local_frames["notices"])
    # Plain dask.compute gives the same rows (categories in the order they were met).
    (notices,) = dask.compute(tables["notices"])
    pd.testing.assert_frame_equal(notices.reset_index(drop=True), local_frames["notices"],
                                  check_categorical=False)


def test_read_notices_takes_globs(client):
    from vanban.dask import compute_tables, read_notices

    frames = compute_tables(read_notices(str(CORPUS / "c[tv]-*.txt")))
    assert list(frames["notices"]["doc_id"]) == [str(p) for p in sorted(CORPUS.glob("c[tv]-*.txt"))]
    assert frames["errors"].empty


def _read_all(out: Path) -> dict[str, pd.DataFrame]:
    return {name: read_table(out, name) for name in TABLE_NAMES}


def _same_tables(got: Path, want: Path) -> None:
    got_tables, want_tables = _read_all(got), _read_all(want)
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(got_tables[name], want_tables[name], obj=name)
    got_manifest, want_manifest = read_manifest(got), read_manifest(want)
    for key in ("format", "notices", "failed", "files"):
        assert got_manifest[key] == want_manifest[key], key
    assert {n: t["rows"] for n, t in got_manifest["tables"].items()} == {
        n: t["rows"] for n, t in want_manifest["tables"].items()}


def test_ingest_on_a_scheduler_equals_the_local_run(cluster, bad_folder, tmp_path):
    paths = inputs(bad_folder)
    local = run("ingest", *paths, "--out", str(tmp_path / "local"), "-q", "--format", "csv", "--jobs", "2")
    remote = run("ingest", *paths, "--out", str(tmp_path / "dask"), "-q", "--format", "csv",
                 "--scheduler", cluster.scheduler_address, "--blocksize", "20kB")
    assert local.returncode == remote.returncode == 1, remote.stderr
    assert "Traceback" not in remote.stderr
    assert remote.stderr.replace(str(tmp_path / "dask"), "OUT") == local.stderr.replace(
        str(tmp_path / "local"), "OUT")  # the same errors, named in the same order
    for name in TABLE_NAMES:  # byte for byte
        assert (tmp_path / "dask" / f"{name}.csv").read_bytes() == (
            tmp_path / "local" / f"{name}.csv").read_bytes(), name
    _same_tables(tmp_path / "dask", tmp_path / "local")
    assert read_manifest(tmp_path / "dask")["scheduler"] == cluster.scheduler_address
    failed = ("empty.txt", "folder.txt", "garbage.txt", "undecodable.txt", "missing.txt")
    assert list(read_table(tmp_path / "dask", "errors")["file"]) == [str(bad_folder / n) for n in failed]


def test_ingest_on_a_scheduler_writes_parquet_by_default(cluster, bad_folder, tmp_path):
    paths = inputs(bad_folder)
    address = cluster.scheduler_address
    local = run("ingest", *paths, "--out", str(tmp_path / "local"), "-q", "--format", "parquet",
                "--jobs", "2", "--batch-size", "7")
    remote = run("ingest", *paths, "--out", str(tmp_path / "dask"), "-q", "--scheduler", address,
                 "--batch-size", "7")
    assert local.returncode == remote.returncode == 1, remote.stderr
    assert read_manifest(tmp_path / "dask")["format"] == "parquet"
    _same_tables(tmp_path / "dask", tmp_path / "local")
    for name in TABLE_NAMES:  # the same batches, so the same row groups: the same bytes
        part = f"{name}/part-00000.parquet"
        assert (tmp_path / "dask" / part).read_bytes() == (tmp_path / "local" / part).read_bytes(), name
    # Complete or absent, as the local run: the second run into it is refused, --overwrite replaces it.
    again = run("ingest", str(SEED), "--out", str(tmp_path / "dask"), "-q", "--scheduler", address)
    assert again.returncode == 4 and "is not empty" in one_line_error(again)
    again = run("ingest", str(SEED), "--out", str(tmp_path / "dask"), "-q", "--overwrite", "--scheduler",
                address)
    assert again.returncode == 0, again.stderr
    assert len(read_table(tmp_path / "dask", "notices")) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dask", "local"]


def test_ingest_on_a_local_cluster(tmp_path):
    pytest.importorskip("distributed")
    local = run("ingest", str(CORPUS), "--out", str(tmp_path / "local"), "-q", "--format", "parquet")
    remote = run("ingest", str(CORPUS), "--out", str(tmp_path / "dask"), "--scheduler", "local:2",
                 "--blocksize", "15kB")
    assert local.returncode == remote.returncode == 0, remote.stderr
    assert remote.stderr.strip().splitlines() == [f"vanban: {len(list(CORPUS.glob('*.txt')))} notices "
                                                  f"written to {tmp_path / 'dask'}"]
    _same_tables(tmp_path / "dask", tmp_path / "local")


def test_time_budget_on_the_cluster(cluster, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    texts = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    (folder / "a-big.txt").write_text(texts * 30, encoding="utf-8")
    (folder / "b-small.txt").write_bytes(SEED.read_bytes())
    result = run("ingest", str(folder), "--out", str(tmp_path / "out"), "-q", "--timeout", "0.5",
                 "--scheduler", cluster.scheduler_address)
    assert result.returncode == 1, result.stderr
    errors = read_table(tmp_path / "out", "errors")
    assert list(errors["file"]) == [str(folder / "a-big.txt")]
    assert errors["error"][0] == "took longer than the time budget of 0.5 s"
    assert len(read_table(tmp_path / "out", "notices")) == 1


POISON = "poison.txt"


def _parse_or_die(sources, timeout):
    """Kill the worker process when the partition holds the poison file (as the OOM killer would)."""
    if any(Path(name).name == POISON for name, _ in sources):
        os._exit(1)
    return parse_records(sources, timeout)


def test_a_file_that_kills_its_worker_costs_only_that_file(client, tmp_path):
    from vanban.bulk import parse_records as local_records
    from vanban.dask import run_partitions

    files = sorted(CORPUS.glob("*.txt"))[:3]
    sources = [(str(files[0]), None), (str(tmp_path / POISON), None), (str(files[1]), None),
               (str(files[2]), None)]
    outcomes = list(run_partitions(client, [sources[:3], sources[3:]], fn=_parse_or_die))
    assert [o[0] for o in outcomes] == [name for name, _ in sources]
    assert outcomes[1] == (str(tmp_path / POISON), None, "the Dask workers parsing it died (KilledWorker)")
    assert [o for i, o in enumerate(outcomes) if i != 1] == local_records([sources[0], *sources[2:]])


def test_unreachable_scheduler_is_one_line_and_leaves_nothing(tmp_path):
    pytest.importorskip("distributed")
    result = run("ingest", str(SEED), "--out", str(tmp_path / "out"), "-q", "--scheduler", "tcp://127.0.0.1:9",
                 env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"})
    assert result.returncode == 7
    assert one_line_error(result).startswith("vanban: cannot reach the Dask scheduler at tcp://127.0.0.1:9: ")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args,message", [
    (["--scheduler", "local:0"], "argument --scheduler: local:N needs a number of workers of at least 1"),
    (["--scheduler", "local:2", "--jobs", "2"], "--jobs and --scheduler do not go together"),
    (["--scheduler", "local:2", "--blocksize", "lots"], "argument --blocksize: not a size in bytes: 'lots'"),
    (["--blocksize", "1MB"], "--blocksize needs --scheduler"),
])
def test_cluster_usage_errors(tmp_path, args, message):
    pytest.importorskip("distributed")
    result = run("ingest", str(SEED), "--out", str(tmp_path / "out"), *args)
    assert result.returncode == 2 and message in one_line_error(result)
    assert not (tmp_path / "out").exists()
