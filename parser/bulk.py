"""Bulk parsing: :func:`parse_many` into a :class:`Corpus`, and :func:`ingest`, which streams
whole folders to an output folder in batches so memory stays bounded however many files there are.

Every path gives one outcome, a notice or a one-line error: a missing, unreadable or non-regular
path (folder named ``*.txt``, FIFO, socket, device, broken link) is an error, never a stop.  Runs
with workers survive them (:mod:`vanban.pool`): a worker that dies or runs past the per-file time
budget costs only its file.  Outputs follow :mod:`vanban.writers` (complete or visibly not).

Every runner shares the same two steps: an outcome becomes its rows (:func:`outcome_records`), and
:func:`write_outcomes` writes rows in input order in batches.  :func:`parse_records` parses a list
of files in this process, under the time budget: the unit of work of a Dask partition
(:mod:`vanban.dask`), so a cluster run writes exactly what a local run writes.
"""

from __future__ import annotations

import ctypes
import gc
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .api import parse, parse_bytes, parse_file
from .corpus import Corpus
from .decode import DecodeError
from .frames import TABLE_NAMES, build_frame, notice_records
from .models import Notice
from .pool import TaskFailed, WorkerPool
from .writers import MissingDependency, OutputFolder, require_pyarrow

if TYPE_CHECKING:  # pandas is imported when a frame is built, not with the package
    import pandas as pd

__all__ = [
    "ClusterFailed", "MissingDependency", "Progress", "collect_sources", "expand_paths", "ingest",
    "iter_outcomes", "outcome_records", "parse_many", "parse_path", "parse_records", "partition_frames",
    "write_outcomes",
]

Outcome = tuple[str, Notice | None, str | None]  # (path, notice, error)
Records = dict[str, list[dict[str, Any]]]  # the rows of each frame of one notice
RecordOutcome = tuple[str, Records | None, str | None]  # (path, rows, error): what a worker sends back
PathLike = str | os.PathLike[str]
Paths = PathLike | Iterable[PathLike]
Source = tuple[str, bytes | None]  # (name, bytes already read: standard input) or (path, None)

STDIN = "-"
STDIN_NAME = "<stdin>"


def _as_list(paths: Paths) -> list[PathLike]:
    """One path (a ``str`` or ``PathLike``) or many, as a list."""
    if isinstance(paths, str | os.PathLike):
        return [paths]
    return list(paths)


def _txt_entries(folder: Path) -> list[Path]:
    """Every entry named ``*.txt`` below ``folder`` — files, and also folders, links, FIFOs named
    so (each then fails with its reason instead of vanishing) — and sub-folders that could not be
    listed (they fail with theirs).  Linked folders are not followed."""
    found: list[Path] = []

    def unlistable(exc: OSError) -> None:
        found.append(Path(exc.filename))

    for root, dirs, files in os.walk(folder, onerror=unlistable):
        found.extend(Path(root, name) for name in (*dirs, *files) if name.endswith(".txt"))
    return sorted(set(found))


def expand_paths(paths: Paths) -> list[Path]:
    """Files as given, and every ``.txt`` entry below each folder (sorted).

    A path that does not exist, or cannot be read, is kept: parsing it reports the error for that
    path.  ``-`` stands for standard input.
    """
    out: list[Path] = []
    for name in _as_list(paths):
        path = Path(name)
        if os.fspath(name) != STDIN and path.is_dir():
            out.extend(_txt_entries(path))
        else:
            out.append(path)
    return out


def _folder_error(path: str) -> str | None:
    """The error of a path that is a folder: it cannot be listed, or it is not a notice."""
    if not os.path.isdir(path):
        return None
    try:
        os.listdir(path)
    except OSError as exc:
        return f"folder cannot be read: {exc.strerror or exc}"
    return "a folder, not a regular file"


def parse_source(source: Source) -> Outcome:
    """Parse one file (or bytes already read); never raises: a failure is its one-line error."""
    name, data = source
    try:
        if data is not None:
            return name, parse_bytes(data, source=name), None
        folder = _folder_error(name)
        if folder:
            return name, None, folder
        return name, parse_file(name), None
    except DecodeError as exc:
        return name, None, str(exc)
    except OSError as exc:
        return name, None, exc.strerror or str(exc)
    except Exception as exc:  # a bug in one file must not lose the others
        return name, None, f"internal error: {type(exc).__name__}: {exc}"


def parse_path(path: str) -> Outcome:
    """Parse one file; never raises: a failure comes back as its one-line error."""
    return parse_source((path, None))


def _warm_up() -> None:
    """Build the word list and grammars once, before the first file (forked workers inherit them)."""
    parse("Số: 1/UBND-VP\nHà Nội, ngày 01 tháng 01 năm 2020")


class ClusterFailed(RuntimeError):
    """The cluster could not be reached, or failed during the run (not a file's fault); one line."""


# --- one process, many files: the unit of work of a cluster partition ---------------------------


class _OverBudget(BaseException):
    """Raised inside the thread parsing a file that ran past its time budget.  A BaseException,
    so the parser's own ``except Exception`` handlers let it through."""


def _set_async_exc(thread: int, exc: type[BaseException] | None) -> None:
    """Raise ``exc`` in ``thread`` at its next Python step (None: clear one not yet raised)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), ctypes.py_object(exc) if exc else None)


def _quiet_over_budget(hook: Callable[[Any], object]) -> Callable[[Any], object]:
    """``sys.unraisablehook`` that drops an :class:`_OverBudget` landing in a finalizer (``__del__``
    run by the collector in the parsing thread swallows it; the watchdog raises it again)."""

    def unraisable(info: Any) -> object:
        if info.exc_type is _OverBudget:
            return None
        return hook(info)

    unraisable.over_budget = True  # type: ignore[attr-defined]
    return unraisable


def _parse_in_budget(source: Source, seconds: float | None) -> Outcome:
    """:func:`parse_source`, stopped after ``seconds`` (None: no budget) without killing the process.

    A worker that runs tasks in threads (a Dask worker) cannot be killed for one file, so a
    watchdog raises :class:`_OverBudget` in the parsing thread (again every 0.1 s until it lands):
    the parser stops at its next Python step (a long call into C finishes first) and the file
    becomes an error, as in a local run.
    """
    if seconds is None or not hasattr(ctypes, "pythonapi"):
        return parse_source(source)
    if not getattr(sys.unraisablehook, "over_budget", False):
        sys.unraisablehook = _quiet_over_budget(sys.unraisablehook)
    thread = threading.get_ident()
    lock = threading.Lock()
    done = threading.Event()
    state = {"running": True, "fired": False}

    def watch() -> None:
        wait = seconds
        while not done.wait(wait):
            with lock:
                if not state["running"]:
                    return
                state["fired"] = True
                _set_async_exc(thread, _OverBudget)
            wait = 0.1

    watchdog = threading.Thread(target=watch, name="vanban-time-budget", daemon=True)
    outcome: Outcome | None = None
    try:
        watchdog.start()
        try:
            outcome = parse_source(source)
        finally:
            with lock:  # from here on the watchdog sets nothing
                state["running"] = False
    except _OverBudget:
        pass
    while True:  # one set but not raised yet is cleared, so it cannot surface later
        try:
            done.set()
            if state["fired"]:
                _set_async_exc(thread, None)
            break
        except _OverBudget:
            continue
    if state["fired"] or outcome is None:
        return source[0], None, f"took longer than the time budget of {seconds:g} s"
    return outcome


_WARM = False


def outcome_records(outcome: Outcome) -> RecordOutcome:
    """An outcome as the rows it writes: (path, rows of each frame, None) or (path, None, error)."""
    path, notice, error = outcome
    if notice is None:
        return path, None, error or "unknown error"
    return path, notice_records(notice), None


def parse_records(sources: Sequence[Source], timeout: float | None = None) -> list[RecordOutcome]:
    """Parse ``sources`` in this process, in order, each within ``timeout`` seconds, as rows.

    Never raises for a file: a file that cannot be read, parsed, or is past its budget is its
    one-line error.  The grammars and word list are built once per process (the first call).
    """
    global _WARM
    if not _WARM:
        _warm_up()
        _WARM = True
    return [outcome_records(_parse_in_budget(source, timeout)) for source in sources]


def _add_outcome(rows: dict[str, list[dict[str, Any]]], outcome: RecordOutcome) -> bool:
    """Append an outcome's rows (or its ``errors`` row) to ``rows``; whether it is a notice."""
    path, records, error = outcome
    if records is None:
        rows["errors"].append({"file": path, "error": error or "unknown error"})
        return False
    for name, table_rows in records.items():
        rows[name].extend(table_rows)
    return True


def outcome_frames(outcomes: Iterable[RecordOutcome]) -> dict[str, pd.DataFrame]:
    """Every table (the frames and ``errors``) of ``outcomes``, with their fixed dtypes."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLE_NAMES}
    for outcome in outcomes:
        _add_outcome(rows, outcome)
    return {name: build_frame(name, rows[name]) for name in TABLE_NAMES}


def partition_frames(sources: Sequence[Source], timeout: float | None = None) -> dict[str, pd.DataFrame]:
    """Parse ``sources`` in this process into every table: one partition of :mod:`vanban.dask`."""
    return outcome_frames(parse_records(sources, timeout))


def resolve_jobs(jobs: int | None, files: int) -> int:
    """Worker processes for ``files`` files: ``jobs`` (default every core), at most one per file."""
    if jobs is not None and jobs < 1:
        raise ValueError("jobs must be at least 1")
    return max(1, min(jobs or os.cpu_count() or 1, files))


def collect_sources(paths: Paths, stdin: bytes | None = None) -> list[Source]:
    """(name, None) for every file to read, and (``<stdin>``, its bytes) for ``-``."""
    sources: list[Source] = []
    for path in expand_paths(paths):
        if os.fspath(path) == STDIN:
            if stdin is None:
                stdin = sys.stdin.buffer.read()
            sources.append((STDIN_NAME, stdin))
        else:
            sources.append((str(path), None))
    return sources


def iter_outcomes(
    paths: Paths | Sequence[Source],
    jobs: int | None = None,
    timeout: float | None = None,
    stdin: bytes | None = None,
) -> Iterator[Outcome]:
    """Parse ``paths`` (files, or folders of ``.txt`` files; ``-`` is standard input, or the
    ``stdin`` bytes when given) in order, in ``jobs`` worker processes (default: every core).

    ``timeout`` is the time budget of one file in seconds: a file past it becomes an error and the
    run goes on.  With one job and no budget the files are parsed in this process.
    """
    items = _as_list(paths)  # type: ignore[arg-type]
    sources = items if items and isinstance(items[0], tuple) else collect_sources(items, stdin)
    jobs = resolve_jobs(jobs, len(sources))
    if not sources:
        return
    if jobs == 1 and timeout is None:
        yield from map(parse_source, sources)  # type: ignore[arg-type]
        return
    _warm_up()  # forked workers inherit the loaded word list and grammars
    gc.freeze()  # and the collector leaves the inherited heap alone (no copy-on-write churn)
    try:
        pool: WorkerPool[Source, Outcome] = WorkerPool(parse_source, jobs, timeout=timeout)
        for (name, _), outcome in pool.map(sources):  # type: ignore[arg-type]
            if isinstance(outcome, TaskFailed):
                yield name, None, outcome.reason
            else:
                yield outcome
    finally:
        gc.unfreeze()


def parse_many(paths: Paths, jobs: int | None = None, timeout: float | None = None) -> Corpus:
    """Parse one path or many (files, or folders of ``.txt`` files), in ``jobs`` worker
    processes, into a :class:`Corpus`; failures land in ``Corpus.errors``."""
    corpus = Corpus()
    # Parsed notices hold no reference cycles; the collector would only rescan the growing list.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for path, notice, error in iter_outcomes(paths, jobs, timeout):
            if notice is not None:
                corpus.notices.append(notice)
            else:
                corpus.errors.append((path, error or "unknown error"))
    finally:
        if collecting:
            gc.enable()
    return corpus


class Progress:
    """A progress bar (tqdm: rate, time left, fits the terminal's width) on a terminal's stderr;
    silent when stderr is not a terminal."""

    def __init__(self, total: int, stream: Any = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.done = self.failed = 0
        self.bar = None
        if self.enabled:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread in a process that forks workers
            self.bar = tqdm(total=total, file=self.stream, unit="file", dynamic_ncols=True,
                            mininterval=0.2, smoothing=0.1)

    def update(self, ok: bool) -> None:
        self.done += 1
        if not ok:
            self.failed += 1
            if self.bar is not None:
                self.bar.set_postfix_str(f"{self.failed} failed", refresh=False)
        if self.bar is not None:
            self.bar.update(1)

    def write(self, line: str) -> None:
        """Print a line above the bar (or plainly when there is no bar)."""
        if self.bar is not None:
            self.bar.write(line, file=self.stream)
        else:
            self.stream.write(line + "\n")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def ingest(
    paths: Paths | Sequence[Source],
    out_dir: str | os.PathLike[str],
    fmt: str = "csv",
    jobs: int | None = None,
    batch_size: int = 500,
    on_error: Callable[[str, str], None] | None = None,
    progress: Progress | None = None,
    *,
    overwrite: bool = False,
    timeout: float | None = None,
) -> tuple[int, int]:
    """Parse ``paths`` and write every table to ``out_dir`` in batches of ``batch_size`` files.

    The output is complete or absent (:mod:`vanban.writers`): ``out_dir`` must be empty or missing
    unless ``overwrite``.  Returns (notices written, files failed); failed files go to ``errors``.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    if fmt == "parquet":
        require_pyarrow()
    sources = as_sources(paths)
    inputs = [name for name, data in sources if data is None]
    with OutputFolder(out_dir, fmt, overwrite=overwrite, inputs=inputs) as output:
        outcomes = map(outcome_records, iter_outcomes(sources, jobs, timeout))
        written, failed = write_outcomes(output, outcomes, batch_size, on_error, progress)
        output.commit(notices=written, failed=failed, files=written + failed)
    return written, failed


def as_sources(paths: Paths | Sequence[Source]) -> list[Source]:
    """Sources already collected, or the sources of ``paths`` (:func:`collect_sources`)."""
    items = _as_list(paths)  # type: ignore[arg-type]
    return items if items and isinstance(items[0], tuple) else collect_sources(items, None)  # type: ignore[return-value]


def write_outcomes(
    output: OutputFolder,
    outcomes: Iterable[RecordOutcome],
    batch_size: int = 500,
    on_error: Callable[[str, str], None] | None = None,
    progress: Progress | None = None,
) -> tuple[int, int]:
    """Write ``outcomes`` to ``output`` in input order, ``batch_size`` files per batch; every
    runner writes through here, so the same outcomes give the same files.  Returns (notices
    written, files failed); the caller commits."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    written = failed = pending = 0
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLE_NAMES}

    def flush() -> None:
        nonlocal pending
        output.write_tables(rows)
        for table in rows.values():
            table.clear()
        pending = 0

    for outcome in outcomes:
        ok = _add_outcome(rows, outcome)
        if ok:
            written += 1
        else:
            failed += 1
            if on_error:
                on_error(outcome[0], outcome[2] or "unknown error")
        if progress:
            progress.update(ok)
        pending += 1
        if pending >= batch_size:
            flush()
    flush()
    return written, failed
