"""Bulk parsing: :func:`parse_many` into a :class:`Corpus`, and :func:`ingest`, which streams
whole folders to files in batches so memory stays bounded however many files there are."""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from .api import parse, parse_file
from .corpus import Corpus
from .decode import DecodeError
from .frames import FRAME_NAMES, build_frame, errors_frame, notice_records
from .models import Notice

Outcome = tuple[str, Notice | None, str | None]  # (path, notice, error)
PathLike = str | os.PathLike[str]
Paths = PathLike | Iterable[PathLike]


def _as_list(paths: Paths) -> list[PathLike]:
    """One path (a ``str`` or ``PathLike``) or many, as a list."""
    if isinstance(paths, str | os.PathLike):
        return [paths]
    return list(paths)


def expand_paths(paths: Paths) -> list[Path]:
    """Files as given, and every ``.txt`` file below each folder (sorted).

    A path that does not exist is kept: parsing it reports the error for that path.
    """
    out: list[Path] = []
    for name in _as_list(paths):
        path = Path(name)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*.txt") if p.is_file()))
        else:
            out.append(path)
    return out


def parse_path(path: str) -> Outcome:
    """Parse one file; never raises: a failure comes back as its one-line error."""
    try:
        return path, parse_file(path), None
    except DecodeError as exc:
        return path, None, str(exc)
    except OSError as exc:
        return path, None, exc.strerror or str(exc)
    except Exception as exc:  # a bug in one file must not lose the others
        return path, None, f"internal error: {type(exc).__name__}: {exc}"


def _warm_up() -> None:
    """Build the word list and grammars once per worker, before the first file."""
    parse("Số: 1/UBND-VP\nHà Nội, ngày 01 tháng 01 năm 2020")


def iter_outcomes(paths: Paths, jobs: int | None = None) -> Iterator[Outcome]:
    """Parse ``paths`` (files, or folders of ``.txt`` files) in order, in ``jobs`` worker
    processes (default: every core)."""
    names = [str(p) for p in expand_paths(paths)]
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(names) < 2:
        yield from map(parse_path, names)
        return
    chunk = max(1, min(64, len(names) // (jobs * 8) or 1))
    _warm_up()  # forked workers inherit the loaded word list and grammars
    gc.freeze()  # and the collector leaves the inherited heap alone (no copy-on-write churn)
    try:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_warm_up) as pool:
            yield from pool.map(parse_path, names, chunksize=chunk)
    finally:
        gc.unfreeze()


def parse_many(paths: Paths, jobs: int | None = None) -> Corpus:
    """Parse one path or many (files, or folders of ``.txt`` files), in ``jobs`` worker
    processes, into a :class:`Corpus`; failures land in ``Corpus.errors``."""
    corpus = Corpus()
    # Parsed notices hold no reference cycles; the collector would only rescan the growing list.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for path, notice, error in iter_outcomes(paths, jobs):
            if notice is not None:
                corpus.notices.append(notice)
            else:
                corpus.errors.append((path, error or "unknown error"))
    finally:
        if collecting:
            gc.enable()
    return corpus


class Progress:
    """A one-line progress bar on a terminal's stderr; silent when stderr is not a terminal."""

    def __init__(self, total: int, stream=None) -> None:
        self.total, self.done, self.failed = total, 0, 0
        self.stream = stream or sys.stderr
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.started = time.perf_counter()
        self._last = 0.0

    def update(self, ok: bool) -> None:
        self.done += 1
        self.failed += not ok
        now = time.perf_counter()
        if self.enabled and (now - self._last > 0.1 or self.done == self.total):
            self._last = now
            rate = self.done / max(now - self.started, 1e-9)
            width = 30
            filled = int(width * self.done / max(self.total, 1))
            self.stream.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
                f"{rate:,.0f} notices/s, {self.failed} failed"
            )
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")


class _FrameWriter:
    """Appends batches of one frame to ``DIR/NAME.csv``, ``.jsonl`` or ``NAME/part-N.parquet``."""

    def __init__(self, out_dir: Path, name: str, fmt: str) -> None:
        self.out_dir, self.name, self.fmt = out_dir, name, fmt
        self.parts = 0
        self.started = False

    def write(self, frame: pd.DataFrame) -> None:
        if self.fmt == "parquet":
            folder = self.out_dir / self.name
            folder.mkdir(parents=True, exist_ok=True)
            if len(frame) or not self.parts:
                frame.to_parquet(folder / f"part-{self.parts:05d}.parquet", index=False)
                self.parts += 1
            return
        mode = "a" if self.started else "w"
        if self.fmt == "csv":
            path = self.out_dir / f"{self.name}.csv"
            frame = frame.copy()
            for column in frame.columns:
                if frame[column].dtype == object:
                    frame[column] = frame[column].map(_json_cell)
            frame.to_csv(path, mode=mode, header=not self.started, index=False,
                         encoding="utf-8-sig" if not self.started else "utf-8", date_format="%Y-%m-%d")
        else:
            path = self.out_dir / f"{self.name}.jsonl"
            with open(path, mode, encoding="utf-8") as out:
                for record in frame.to_dict(orient="records"):
                    out.write(json.dumps(record, ensure_ascii=False, default=_json_default) + "\n")
        self.started = True


def _json_cell(value):
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


def _json_default(value):
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if value is pd.NA or value is pd.NaT:
        return None
    return str(value)


def ingest(
    paths: Paths,
    out_dir: str | os.PathLike[str],
    fmt: str = "csv",
    jobs: int | None = None,
    batch_size: int = 500,
    on_error: Callable[[str, str], None] | None = None,
    progress: Progress | None = None,
) -> tuple[int, int]:
    """Parse ``paths`` and write every frame to ``out_dir`` in batches.

    Returns (notices written, files failed).  Failed files go to the ``errors`` frame.
    """
    if fmt == "parquet":
        _require_pyarrow()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    writers = {name: _FrameWriter(out, name, fmt) for name in (*FRAME_NAMES, "errors")}
    rows: dict[str, list[dict]] = {name: [] for name in FRAME_NAMES}
    errors: list[tuple[str, str]] = []
    written = failed = pending = 0

    def flush() -> None:
        nonlocal pending
        for name in FRAME_NAMES:
            writers[name].write(build_frame(name, rows[name]))
            rows[name].clear()
        writers["errors"].write(errors_frame(errors))
        errors.clear()
        pending = 0

    for path, notice, error in iter_outcomes(paths, jobs):
        if notice is not None:
            for name, records in notice_records(notice).items():
                rows[name].extend(records)
            written += 1
        else:
            errors.append((path, error or "unknown error"))
            failed += 1
            if on_error:
                on_error(path, error or "unknown error")
        if progress:
            progress.update(notice is not None)
        pending += 1
        if pending >= batch_size:
            flush()
    flush()
    return written, failed


class MissingDependency(RuntimeError):
    """An optional dependency is needed for what was asked."""


def _require_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise MissingDependency(
            "parquet output needs pyarrow: pip install 'vanban[parquet]' (or use --format csv|jsonl)"
        ) from None
