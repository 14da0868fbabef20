"""Bulk runs as a user meets them, with damaged inputs and hostile outputs: every bad path is an
error row, every output failure one line and its own exit code, a dead or slow worker costs only
its file, and a killed run leaves no orphans and no output that looks finished."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vanban.decode import decode_notice
from vanban.pool import TaskFailed, WorkerPool
from vanban.writers import MANIFEST, is_complete, read_table

from .conftest import CORPUS

SEED = CORPUS / "cv-45-BHXH-CNTT-2016.txt"
LINUX = sys.platform.startswith("linux")


def run(*args: str, stdin: bytes | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "vanban", *args], capture_output=True, timeout=timeout,
        input=stdin if stdin is not None else b"",
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode("utf-8", "replace"),
        result.stderr.decode("utf-8", "replace"),
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and lines[0].startswith("vanban: ")
    return lines[0]


# --- the worker pool ---------------------------------------------------------------------------


def _square(n: int) -> int:
    time.sleep(0.001 * (n % 3))
    return n * n


def _die_on_three(n: int) -> int:
    if n == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return n


def _slow_on_two(n: int) -> int:
    if n == 2:
        time.sleep(30)
    return n


def _raise_on_one(n: int) -> int:
    if n == 1:
        raise ValueError("bad task")
    return n


def test_pool_keeps_task_order():
    assert [r for _, r in WorkerPool(_square, 2, window=4).map(range(40))] == [n * n for n in range(40)]


def test_a_dead_worker_costs_only_its_task():
    pool = WorkerPool(_die_on_three, 2)
    results = dict(pool.map(range(8)))
    assert isinstance(results[3], TaskFailed) and "SIGKILL" in results[3].reason
    assert [results[n] for n in range(8) if n != 3] == [0, 1, 2, 4, 5, 6, 7]
    assert pool.replaced == 1


def test_a_task_past_its_time_budget_is_dropped():
    started = time.monotonic()
    results = dict(WorkerPool(_slow_on_two, 2, timeout=0.5).map(range(6)))
    assert time.monotonic() - started < 10
    assert isinstance(results[2], TaskFailed) and "time budget of 0.5 s" in results[2].reason
    assert [results[n] for n in (0, 1, 3, 4, 5)] == [0, 1, 3, 4, 5]


def test_a_worker_killed_between_tasks_is_replaced_unnoticed():
    pool = WorkerPool(_square, 1)
    idle = pool._spawn()
    idle.process.kill()
    idle.process.join(timeout=10)
    assert [r for _, r in pool.map([2, 3])] == [4, 9]
    assert pool.replaced == 1


def test_an_exception_is_the_task_failure():
    results = dict(WorkerPool(_raise_on_one, 1).map(range(3)))
    assert results[1] == TaskFailed("ValueError: bad task") and results[2] == 2


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(condition, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


# --- inputs ------------------------------------------------------------------------------------


def test_bad_paths_are_error_rows_and_never_hang(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes(SEED.read_bytes())
    os.mkfifo(folder / "y.txt")  # a FIFO named like a notice: opening it would block for ever
    (folder / "dir.txt").mkdir()
    (folder / "dangling.txt").symlink_to(tmp_path / "nowhere")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "s.txt"))
    try:
        result = run("parse", str(folder), str(tmp_path / "missing.txt"), "/dev/null", timeout=60)
    finally:
        server.close()
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 1  # the good file
    errors = dict(line.split(": ", 2)[1:] for line in result.stderr.strip().splitlines())
    assert errors == {
        str(folder / "dangling.txt"): f"broken symbolic link (to {tmp_path / 'nowhere'})",
        str(folder / "dir.txt"): "a folder, not a regular file",
        str(folder / "s.txt"): "a socket, not a regular file",
        str(folder / "y.txt"): "a FIFO, not a regular file",
        str(tmp_path / "missing.txt"): "No such file or directory",
        "/dev/null": "a character device, not a regular file",
    }


def test_names_with_control_characters_print_escaped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil\n\x1b[31mred.txt").write_bytes(b"")
    (folder / "ok.txt").write_bytes(SEED.read_bytes())
    result = run("ingest", str(folder), "--out", str(tmp_path / "out"), "-q")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"vanban: {folder}/evil\\n\\x1b[31mred.txt: empty file"
    assert lines[1] == f"vanban: 1 notices written to {tmp_path / 'out'}, 1 failed (see the errors table)"
    assert "\x1b" not in result.stderr


def test_no_input_says_so(tmp_path):
    (tmp_path / "notes.md").write_text("not a notice")
    for command in (["parse"], ["deadlines"], ["ingest", "--out", str(tmp_path / "o")]):
        result = run(*command, str(tmp_path))
        assert result.returncode == 3
        assert one_line_error(result) == f"vanban: no input: {tmp_path} holds no .txt files"
    assert not (tmp_path / "o").exists()


def test_standard_input_is_read_with_a_dash():
    result = run("parse", "-", stdin=SEED.read_bytes())
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert (record["source"], record["number"]["raw"]) == ("<stdin>", "45/BHXH-CNTT")


def test_utf8_with_a_bad_byte_is_read_with_a_warning(tmp_path):
    data = SEED.read_bytes()
    damaged = data[:500] + b"\xff" + data[500:]
    decoded = decode_notice(damaged)
    assert decoded.encoding == "utf-8" and "\ufffd" in decoded.text
    assert decoded.warnings == ("1 invalid UTF-8 byte sequence replaced with U+FFFD",)
    path = tmp_path / "damaged.txt"
    path.write_bytes(damaged)
    result = run("parse", str(path))
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["number"]["raw"] == "45/BHXH-CNTT"
    assert record["warnings"][0] == "1 invalid UTF-8 byte sequence replaced with U+FFFD"


@pytest.mark.parametrize("args,message", [
    (["--jobs", "0"], "argument --jobs: must be at least 1, not 0"),
    (["--jobs", "-3"], "argument --jobs: must be at least 1, not -3"),
    (["--batch-size", "0"], "argument --batch-size: must be at least 1, not 0"),
    (["--timeout", "-1"], "argument --timeout: must be 0 (no limit) or a positive number, not -1"),
])
def test_argument_ranges(tmp_path, args, message):
    result = run("ingest", str(SEED), "--out", str(tmp_path / "o"), *args)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_jobs_are_capped_at_the_file_count(tmp_path):
    started = time.monotonic()
    result = run("ingest", str(SEED), str(CORPUS / "ct-12-HU-2024.txt"), "--out", str(tmp_path / "o"),
                 "--jobs", "1000", "-q")
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 30


# --- outputs -----------------------------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("command", [["parse"], ["deadlines"], ["parse", "--format", "csv"]])
def test_full_disk_on_stdout(command):
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "vanban", *command, str(SEED)], stdout=full,
                                stderr=subprocess.PIPE, text=True, timeout=120)
    assert result.returncode == 6
    assert one_line_error(result) == "vanban: cannot write to standard output: No space left on device"


def test_output_failures_have_their_own_exit_codes(tmp_path):
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    cases = [
        (["deadlines", str(SEED), "-o", str(tmp_path / "missing" / "d.csv")], 5,
         f"cannot write {tmp_path / 'missing' / 'd.csv'}: folder {tmp_path / 'missing'} does not exist"),
        (["deadlines", str(SEED), "-o", str(tmp_path)], 5, f"cannot write {tmp_path}: it is a folder"),
        (["ingest", str(SEED), "--out", str(a_file)], 5, f"{a_file} is a file, not a folder"),
        (["ingest", str(SEED), "--out", str(a_file / "sub")], 5, "cannot create"),
    ]
    if Path("/dev/full").exists():
        cases.append((["deadlines", str(SEED), "-o", "/dev/full"], 6,
                      "cannot write /dev/full: No space left on device"))
    for args, code, message in cases:
        result = run(*args)
        assert result.returncode == code, (args, result.stderr)
        assert message in one_line_error(result)


def _unwritable_folder(tmp_path: Path) -> Path | None:
    if os.geteuid() != 0:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o555)
        return folder
    if Path("/sys/kernel").is_dir():  # root may write anywhere but here
        return Path("/sys/kernel")
    return None


def test_unwritable_folder(tmp_path):
    folder = _unwritable_folder(tmp_path)
    if folder is None:
        pytest.skip("no folder here that this user cannot write to")
    for args in (["ingest", str(SEED), "--out", str(folder / "out")],
                 ["deadlines", str(SEED), "-o", str(folder / "d.csv")]):
        result = run(*args)
        assert result.returncode == 5, result.stderr
        assert one_line_error(result).startswith("vanban: cannot ")


def test_rerun_refused_and_overwrite_replaces_whole(tmp_path):
    out = tmp_path / "out"
    assert run("ingest", str(CORPUS), "--out", str(out), "-q").returncode == 0
    result = run("ingest", str(SEED), "--out", str(out), "-q")
    assert result.returncode == 4
    assert one_line_error(result) == f"vanban: {out} is not empty (--overwrite replaces it whole)"
    result = run("ingest", str(SEED), "--out", str(out), "-q", "--overwrite", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir() if p.suffix == ".csv") == []
    assert len(read_table(out, "notices")) == 1  # the new run only, nothing of the old one


def test_deadlines_csv_cells_are_neutralised(tmp_path):
    notice = tmp_path / "n.txt"
    notice.write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSố: 5/UBND-VP\nAn Giang, ngày 02 tháng 3 năm 2024\n"
        "Kính gửi: Sở Y tế\n\n- Phòng Kế hoạch hoàn thành trước ngày 15/3/2024.\n", encoding="utf-8")
    for args in (["-o", "-"], ["-o", str(tmp_path / "d.csv")]):
        result = run("deadlines", str(notice), *args)
        assert result.returncode == 0, result.stderr
        text = result.stdout if args[1] == "-" else (tmp_path / "d.csv").read_text(encoding="utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert rows[0]["clause"] == "'- Phòng Kế hoạch hoàn thành trước ngày 15/3/2024"
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for cell in r.values())
    record = json.loads(run("parse", str(notice)).stdout)
    assert record["deadlines"][0]["clause"].startswith("- Phòng")  # JSON keeps the raw value


# --- worker death, time budget, kill of the run ------------------------------------------------


def _many_files(folder: Path, copies: int) -> int:
    folder.mkdir()
    sources = sorted(CORPUS.glob("*.txt"))
    for i in range(copies):
        for source in sources:
            (folder / f"{i:04d}-{source.name}").write_bytes(source.read_bytes())
    return copies * len(sources)


def _big_notice(path: Path, megabytes: float) -> None:
    texts = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    path.write_text(texts * max(1, int(megabytes * 1e6 / len(texts.encode()))), encoding="utf-8")


def test_time_budget_drops_the_slow_file_only(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _big_notice(folder / "a-big.txt", 8)  # seconds of parsing, however fast the parser gets
    (folder / "b-small.txt").write_bytes(SEED.read_bytes())
    result = run("ingest", str(folder), "--out", str(tmp_path / "out"), "-q", "--timeout", "1",
                 "--jobs", "2")
    assert result.returncode == 1, result.stderr
    errors = read_table(tmp_path / "out", "errors")
    assert list(errors["file"]) == [str(folder / "a-big.txt")]
    assert errors["error"][0] == "took longer than the time budget of 1 s"
    assert len(read_table(tmp_path / "out", "notices")) == 1


@pytest.mark.skipif(not LINUX, reason="reads /proc")
def test_a_killed_worker_costs_one_file_and_the_run_goes_on(tmp_path):
    total = _many_files(tmp_path / "in", 60)
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "vanban", "ingest", str(tmp_path / "in"), "--out",
                                str(out), "-q", "--jobs", "2"], stderr=subprocess.PIPE, text=True)
    assert _wait_for(lambda: len(_children(process.pid)) >= 2), "no workers started"
    time.sleep(0.3)
    os.kill(_children(process.pid)[0], signal.SIGKILL)
    _, stderr = process.communicate(timeout=120)
    assert "Traceback" not in stderr
    assert is_complete(out)
    notices, errors = read_table(out, "notices"), read_table(out, "errors")
    assert len(notices) + len(errors) == total
    assert len(errors) <= 1  # the file the worker had, if it was busy when killed
    if len(errors):
        assert process.returncode == 1
        assert "killed by SIGKILL" in errors["error"][0] and errors["file"][0] in stderr


@pytest.mark.skipif(not LINUX, reason="reads /proc")
def test_kill_of_the_run_leaves_no_orphans_and_no_finished_looking_output(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _big_notice(folder / "big.txt", 6)
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "vanban", "ingest", str(folder), "--out", str(out),
                                "-q", "--jobs", "1"], stderr=subprocess.DEVNULL)
    assert _wait_for(lambda: len(_children(process.pid)) >= 1), "no worker started"
    workers = _children(process.pid)
    process.kill()
    process.wait(timeout=30)
    assert _wait_for(lambda: not any(_alive(pid) for pid in workers), 10), "orphaned workers"
    assert not out.exists()
    (staging,) = tmp_path.glob(".out.partial-*")
    assert not (staging / MANIFEST).exists() and not is_complete(staging)
    # The next run says what was left and still writes its own output.
    result = run("ingest", str(SEED), "--out", str(out), "-q")
    assert result.returncode == 0 and "left from an interrupted run" in result.stderr
    assert is_complete(out)


@pytest.mark.skipif(not LINUX, reason="reads /proc")
def test_sigterm_cleans_up(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _big_notice(folder / "big.txt", 6)
    process = subprocess.Popen([sys.executable, "-m", "vanban", "ingest", str(folder), "--out",
                                str(tmp_path / "out"), "-q", "--jobs", "1"],
                               stderr=subprocess.PIPE, text=True)
    assert _wait_for(lambda: len(_children(process.pid)) >= 1), "no worker started"
    workers = _children(process.pid)
    process.terminate()
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 143 and stderr.strip() == "vanban: terminated"
    assert _wait_for(lambda: not any(_alive(pid) for pid in workers), 10)
    assert list(tmp_path.glob(".out.*")) == [] and not (tmp_path / "out").exists()


def test_import_and_parse_command_need_no_pandas():
    probe = ("import sys, vanban, vanban.cli, vanban.bulk, vanban.writers; "
             "print(sorted(m for m in ('pandas', 'pyarrow', 'tqdm') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == "[]", result.stderr
