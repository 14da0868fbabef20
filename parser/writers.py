"""Output folders of bulk runs: one fixed schema per table, and outputs that are complete or
visibly not.

The protocol, the same for every runner (the local worker pool, a Dask cluster, …):

* A run writes into a staging folder beside its target, ``.NAME.partial-RUN``.
* Every table gets the columns and types of :func:`vanban.frames.table_dtypes`, whatever a batch
  holds (an empty first batch included): ``NAME.csv``, ``NAME.jsonl`` or ``NAME/part-00000.parquet``.
* When every table is closed, ``_manifest.json`` is written last (tables, files, row counts and the
  run's own counts); then the staging folder is renamed to the target.  With ``overwrite`` the
  earlier output is moved aside first and deleted after.

So a folder holds a finished output exactly when it has ``_manifest.json``; a run that stops
(``kill -9``, a full disk) leaves no target at all, only a staging folder without a manifest.  A
non-empty target is refused unless ``overwrite``, so two runs never mix in one folder.

A runner that gathers rows in one process calls :meth:`OutputFolder.write_tables` once per batch
and :meth:`OutputFolder.commit` at the end.  One whose workers write their own Parquet parts
writes them into :attr:`OutputFolder.staging` (``ParquetTableWriter(staging, name, part=i)``, ``i``
from 1) and records each with :meth:`OutputFolder.add_files` before the commit.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .frames import TABLE_NAMES, build_frame, table_dtypes, timestamp_value

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("csv", "parquet", "jsonl")
MANIFEST = "_manifest.json"
Row = Mapping[str, Any]


class OutputError(Exception):
    """An output-side failure: the message is one line, fit for the command line."""


class OutputExists(OutputError):
    """The target folder is not empty (and may not be replaced)."""


class OutputUnusable(OutputError):
    """The target cannot be created: a file is in the way, a folder is missing or not writable."""


class WriteFailed(OutputError):
    """Writing failed part way (a full disk, an I/O error)."""


class IncompleteOutput(OutputError):
    """A folder without a completion manifest: a run that did not finish, or no output at all."""


class MissingDependency(RuntimeError):
    """An optional dependency is needed for what was asked."""


def require_pyarrow() -> None:
    """Raise :class:`MissingDependency` with the install line when pyarrow is not installed."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise MissingDependency(
            "parquet output needs pyarrow: pip install 'vanban[parquet]' (or use --format csv|jsonl)"
        ) from None


# --- cells -------------------------------------------------------------------------------------

# OWASP's CSV-injection rule: a cell a spreadsheet would read as a formula gets a leading quote.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """``value`` with a ``'`` in front when a spreadsheet would run it as a formula (it starts with
    ``= + - @``, a tab or CR).  Values that already start with quotes before such a character get
    one more, so :func:`spreadsheet_value` gives back the original exactly."""
    if value.lstrip("'").startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_value(cell: str) -> str:
    """The value :func:`spreadsheet_safe` was given."""
    if cell.startswith("'") and cell.lstrip("'").startswith(_FORMULA_STARTS):
        return cell[1:]
    return cell


_JSON_LINE_SAFE = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def json_line(record: Mapping[str, Any]) -> str:
    """One JSON object on one line, whatever line separators the text holds."""
    return json.dumps(record, ensure_ascii=False).translate(_JSON_LINE_SAFE) + "\n"


def _plain(value: Any, dtype: str) -> Any:
    """A cell as JSON holds it: dates as ISO strings (null where a frame could not hold them)."""
    if dtype.startswith("datetime64"):
        stamp = timestamp_value(value)
        return stamp.date().isoformat() if stamp else None
    return value


def _csv_cell(value: Any, dtype: str) -> str:
    value = _plain(value, dtype)
    if value is None:
        return ""
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        return spreadsheet_safe(value)
    return str(value)


# --- one table ---------------------------------------------------------------------------------


class TableWriter:
    """Appends batches of rows to one table in its fixed schema; ``close`` returns its files."""

    def __init__(self, folder: Path, name: str) -> None:
        self.folder, self.name = folder, name
        self.dtypes = table_dtypes(name)
        self.columns = list(self.dtypes)
        self.rows = 0

    def write(self, rows: Sequence[Row]) -> None:
        self._write(rows)
        self.rows += len(rows)

    def _write(self, rows: Sequence[Row]) -> None:
        raise NotImplementedError

    def close(self) -> list[str]:
        raise NotImplementedError


def _sync_close(handle: IO[Any]) -> None:
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()


class CsvTableWriter(TableWriter):
    """``NAME.csv``: UTF-8 with a BOM (spreadsheets then read Vietnamese), a header row, lists as
    JSON, and formula-like text neutralised (:func:`spreadsheet_safe`)."""

    def __init__(self, folder: Path, name: str) -> None:
        import csv

        super().__init__(folder, name)
        self.file = f"{name}.csv"
        self.handle = open(folder / self.file, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
        self.writer = csv.writer(self.handle, lineterminator="\n")
        self.writer.writerow(self.columns)

    def _write(self, rows: Sequence[Row]) -> None:
        items = tuple(self.dtypes.items())
        self.writer.writerows([_csv_cell(row.get(c), t) for c, t in items] for row in rows)

    def close(self) -> list[str]:
        _sync_close(self.handle)
        return [self.file]


class JsonlTableWriter(TableWriter):
    """``NAME.jsonl``: one JSON object per row, every column present (null when empty)."""

    def __init__(self, folder: Path, name: str) -> None:
        super().__init__(folder, name)
        self.file = f"{name}.jsonl"
        self.handle = open(folder / self.file, "w", encoding="utf-8")  # noqa: SIM115

    def _write(self, rows: Sequence[Row]) -> None:
        items = tuple(self.dtypes.items())
        self.handle.writelines(json_line({c: _plain(row.get(c), t) for c, t in items}) for row in rows)

    def close(self) -> list[str]:
        _sync_close(self.handle)
        return [self.file]


def arrow_schema(name: str):  # -> pyarrow.Schema
    """The pyarrow schema of table ``name``, with the pandas metadata that gives its frame's dtypes
    back on reading (``string``, ``category``, ``datetime64[ns]``, ``Int64``, ``boolean``)."""
    import pyarrow as pa

    types = {
        "string": pa.string(), "category": pa.dictionary(pa.int32(), pa.string()),
        "datetime64[ns]": pa.timestamp("ns"), "Int64": pa.int64(), "boolean": pa.bool_(),
        "object": pa.list_(pa.string()),
    }
    dtypes = table_dtypes(name)
    schema = pa.schema([(column, types[dtype]) for column, dtype in dtypes.items()])
    pandas_metadata = pa.Schema.from_pandas(build_frame(name, []), preserve_index=False).metadata
    return schema.with_metadata(pandas_metadata)


class ParquetTableWriter(TableWriter):
    """``NAME/part-NNNNN.parquet``: one row group per batch, the schema fixed when the file opens."""

    def __init__(self, folder: Path, name: str, part: int = 0) -> None:
        import pyarrow.parquet as pq

        super().__init__(folder, name)
        (folder / name).mkdir(exist_ok=True)
        self.file = f"{name}/part-{part:05d}.parquet"
        self.schema = arrow_schema(name)
        self.writer = pq.ParquetWriter(str(folder / self.file), self.schema)

    def _write(self, rows: Sequence[Row]) -> None:
        import pyarrow as pa

        if not rows:
            return
        dates = [c for c, t in self.dtypes.items() if t.startswith("datetime64")]
        lists = [c for c, t in self.dtypes.items() if t == "object"]
        records = []
        for row in rows:
            record = {c: row.get(c) for c in self.columns}
            for column in dates:
                record[column] = timestamp_value(record[column])
            for column in lists:
                if record[column] is not None:
                    record[column] = list(record[column])
            records.append(record)
        self.writer.write_table(pa.Table.from_pylist(records, schema=self.schema))

    def close(self) -> list[str]:
        self.writer.close()
        with open(self.folder / self.file, "rb") as handle:
            os.fsync(handle.fileno())
        return [self.file]


_WRITERS: dict[str, type[TableWriter]] = {
    "csv": CsvTableWriter, "jsonl": JsonlTableWriter, "parquet": ParquetTableWriter,
}


def open_table(folder: Path, name: str, fmt: str) -> TableWriter:
    """A writer for table ``name`` in ``fmt`` inside ``folder``."""
    return _WRITERS[fmt](folder, name)


# --- the output folder -------------------------------------------------------------------------


def _table_entries(fmt: str) -> set[str]:
    suffix = {"csv": ".csv", "jsonl": ".jsonl", "parquet": ""}[fmt]
    return {name + suffix for name in TABLE_NAMES}


def _is_replaceable(folder: Path) -> bool:
    """A folder ``--overwrite`` may delete: an earlier output (it has a manifest, or holds nothing
    but table files), never a folder of other things."""
    entries = {p.name for p in folder.iterdir()}
    if MANIFEST in entries:
        return True
    return any(entries <= _table_entries(fmt) for fmt in FORMATS)


def _contains(folder: Path, paths: Iterable[str | os.PathLike[str]]) -> bool:
    root = folder.resolve()
    for path in paths:
        try:
            if Path(path).resolve().is_relative_to(root):
                return True
        except (OSError, RuntimeError):
            continue
    return False


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def leftover_partials(target: str | os.PathLike[str]) -> list[Path]:
    """Staging folders that earlier runs into ``target`` left when they were killed."""
    target = Path(target)
    try:
        return sorted(target.parent.glob(f".{target.name}.partial-*"))
    except OSError:
        return []


class OutputFolder:
    """The tables of one run, written into a staging folder and moved into place by :meth:`commit`.

    Use it as a context manager: leaving the block without a commit (an exception, Ctrl-C)
    deletes the staging folder, so nothing incomplete is left under the target's name.
    """

    def __init__(
        self,
        target: str | os.PathLike[str],
        fmt: str = "parquet",
        *,
        overwrite: bool = False,
        inputs: Iterable[str | os.PathLike[str]] = (),
        tables: Sequence[str] = TABLE_NAMES,
    ) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
        if fmt == "parquet":
            require_pyarrow()
        self.fmt, self.overwrite = fmt, overwrite
        target = Path(target)
        self.target = Path(os.path.realpath(target)) if target.is_symlink() else target
        self._check_target(inputs)
        self.run_id = f"{dt.datetime.now():%Y%m%dT%H%M%S}-{os.getpid()}-{secrets.token_hex(3)}"
        self.started = dt.datetime.now(dt.timezone.utc)
        parent = self.target.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            self.staging = parent / f".{self.target.name}.partial-{self.run_id}"
            self.staging.mkdir()
        except FileExistsError:
            raise OutputUnusable(f"cannot create {target}: a file is in the way of its folder") from None
        except OSError as exc:
            raise OutputUnusable(f"cannot create {target}: {_reason(exc)}") from None
        self.writers: dict[str, TableWriter] = {}
        self.extra_files: dict[str, list[str]] = {}
        self.committed = False
        try:
            for name in tables:
                self.writers[name] = open_table(self.staging, name, fmt)
        except OSError as exc:
            self.abort()
            raise WriteFailed(f"cannot write {target}: {_reason(exc)}") from None
        except BaseException:
            self.abort()
            raise

    def _check_target(self, inputs: Iterable[str | os.PathLike[str]]) -> None:
        target = self.target
        if not target.exists():
            return
        if not target.is_dir():
            raise OutputUnusable(f"{target} is a file, not a folder")
        try:
            empty = next(target.iterdir(), None) is None
        except OSError as exc:
            raise OutputUnusable(f"cannot use {target}: {_reason(exc)}") from None
        if empty:
            return
        if not self.overwrite:
            raise OutputExists(f"{target} is not empty (--overwrite replaces it whole)")
        if not _is_replaceable(target):
            raise OutputExists(f"{target} holds files that are not a vanban output; not replacing it")
        if _contains(target, inputs):
            raise OutputExists(f"{target} holds input files; not replacing it")

    def __enter__(self) -> OutputFolder:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if not self.committed:
            self.abort()

    def write(self, name: str, rows: Sequence[Row]) -> None:
        """Append ``rows`` (dicts keyed by column; missing keys are null) to table ``name``."""
        try:
            self.writers[name].write(rows)
        except OSError as exc:
            raise WriteFailed(f"cannot write {self.target}: {_reason(exc)}") from None

    def write_tables(self, rows: Mapping[str, Sequence[Row]]) -> None:
        """Append a batch to several tables at once (``{table name: rows}``)."""
        for name, table_rows in rows.items():
            self.write(name, table_rows)

    def add_files(self, name: str, files: Sequence[str], rows: int) -> None:
        """Record files of table ``name`` that another writer put in :attr:`staging` (e.g. parts
        written by cluster workers) so the manifest lists them."""
        self.extra_files.setdefault(name, []).extend(files)
        if name in self.writers:
            self.writers[name].rows += rows

    def commit(self, **summary: Any) -> dict[str, Any]:
        """Close every table, write the manifest last and move the folder into place; returns the
        manifest.  ``summary`` (e.g. ``notices=…, failed=…``) is recorded in it."""
        from . import __version__

        try:
            tables = {}
            for name, writer in self.writers.items():
                files = writer.close() + self.extra_files.get(name, [])
                tables[name] = {"files": files, "rows": writer.rows, "columns": table_dtypes(name)}
            manifest = {
                "complete": True, "format": self.fmt, "run": self.run_id, "vanban": __version__,
                "started": self.started.isoformat(timespec="seconds"),
                "finished": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                **summary, "tables": tables,
            }
            pending = self.staging / (MANIFEST + ".tmp")
            with open(pending, "w", encoding="utf-8") as handle:
                json.dump(manifest, handle, ensure_ascii=False, indent=1)
                handle.write("\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(pending, self.staging / MANIFEST)
            _fsync_folder(self.staging)
        except OSError as exc:
            self.abort()
            raise WriteFailed(f"cannot write {self.target}: {_reason(exc)}") from None
        self._move_into_place()
        self.committed = True
        return manifest

    def _move_into_place(self) -> None:
        target, old = self.target, None
        try:
            if target.exists():
                if not target.is_dir():
                    raise OutputUnusable(f"{target} is a file, not a folder")
                if next(target.iterdir(), None) is None:
                    target.rmdir()
                elif self.overwrite and _is_replaceable(target):
                    old = target.with_name(f".{target.name}.old-{self.run_id}")
                    os.rename(target, old)
                else:  # another run finished into it meanwhile
                    raise OutputExists(f"{target} is not empty (--overwrite replaces it whole)")
            os.rename(self.staging, target)
            _fsync_folder(target.parent)
        except OSError as exc:
            self.abort()
            raise WriteFailed(f"cannot move the output into {target}: {_reason(exc)}") from None
        except OutputError:
            self.abort()
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        """Drop the staging folder and everything in it."""
        for writer in self.writers.values():
            with contextlib.suppress(Exception):  # the folder goes anyway
                writer.close()
        self.writers = {}
        shutil.rmtree(self.staging, ignore_errors=True)


# --- reading an output back --------------------------------------------------------------------


def read_manifest(folder: str | os.PathLike[str]) -> dict[str, Any]:
    """The manifest of a finished output; :class:`IncompleteOutput` when there is none."""
    path = Path(folder) / MANIFEST
    try:
        with open(path, encoding="utf-8") as handle:
            manifest = json.load(handle)
    except (OSError, ValueError):
        raise IncompleteOutput(f"{folder} is not a finished vanban output (no {MANIFEST})") from None
    if not manifest.get("complete"):
        raise IncompleteOutput(f"{folder} is not a finished vanban output")
    return manifest


def is_complete(folder: str | os.PathLike[str]) -> bool:
    """Whether ``folder`` holds a finished output."""
    try:
        read_manifest(folder)
    except IncompleteOutput:
        return False
    return True


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def read_table(folder: str | os.PathLike[str], name: str) -> pd.DataFrame:
    """Table ``name`` of a finished output as a frame with its fixed dtypes (the same frame
    whichever format it was written in, except that a CSV cell cannot tell empty text from none:
    both read back as missing)."""
    import pandas as pd

    manifest = read_manifest(folder)
    folder = Path(folder)
    files = [folder / file for file in manifest["tables"][name]["files"]]
    dtypes = table_dtypes(name)
    if manifest["format"] == "parquet":
        parts = [pd.read_parquet(file) for file in files]
        frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        return build_frame(name, []) if frame.empty else frame
    rows: list[dict[str, Any]] = []
    for file in files:
        with open(file, encoding="utf-8-sig", newline="") as handle:
            if manifest["format"] == "jsonl":
                rows.extend(json.loads(line) for line in handle)
            else:
                rows.extend(_csv_rows(handle, dtypes))
    for row in rows:
        for column, dtype in dtypes.items():
            if dtype.startswith("datetime64"):
                row[column] = _date(row.get(column))
    return build_frame(name, rows)


def _csv_rows(handle: IO[str], dtypes: Mapping[str, str]) -> Iterable[dict[str, Any]]:
    import csv

    for record in csv.DictReader(handle):
        row: dict[str, Any] = {}
        for column, dtype in dtypes.items():
            cell = record.get(column) or ""
            if cell == "":
                row[column] = None
            elif dtype == "Int64":
                row[column] = int(cell)
            elif dtype == "boolean":
                row[column] = cell == "True"
            elif dtype == "object":
                row[column] = json.loads(cell)
            elif dtype.startswith("datetime64"):
                row[column] = cell
            else:
                row[column] = spreadsheet_value(cell)
        yield row


# --- one output file ---------------------------------------------------------------------------


class AtomicFile:
    """A text file written under a temporary name beside ``path`` and renamed to it on
    :meth:`commit`, so ``path`` is never seen half written; a device or FIFO (``/dev/stdout``) is
    written in place.  Failures are :class:`OutputError`s with one-line messages."""

    def __init__(self, path: str | os.PathLike[str], encoding: str = "utf-8") -> None:
        self.path = Path(path)
        self.temporary: Path | None = None
        if self.path.is_dir():
            raise OutputUnusable(f"cannot write {self.path}: it is a folder")
        in_place = self.path.exists() and not self.path.is_file()
        if not in_place:
            self.temporary = self.path.with_name(f".{self.path.name}.partial-{secrets.token_hex(4)}")
        target = self.temporary or self.path
        try:
            self.handle: IO[str] = open(target, "w", encoding=encoding, newline="")  # noqa: SIM115
        except OSError as exc:
            reason = _reason(exc)
            if isinstance(exc, FileNotFoundError) and not self.path.parent.is_dir():
                reason = f"folder {self.path.parent} does not exist"
            raise OutputUnusable(f"cannot write {self.path}: {reason}") from None

    def write(self, text: str) -> int:
        try:
            return self.handle.write(text)
        except OSError as exc:
            self.abort()
            raise WriteFailed(f"cannot write {self.path}: {_reason(exc)}") from None

    def commit(self) -> None:
        try:
            self.handle.flush()
            if self.temporary is not None:
                os.fsync(self.handle.fileno())
            self.handle.close()
            if self.temporary is not None:
                os.replace(self.temporary, self.path)
        except OSError as exc:
            self.abort()
            raise WriteFailed(f"cannot write {self.path}: {_reason(exc)}") from None

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            self.handle.close()
        if self.temporary is not None:
            with contextlib.suppress(OSError):
                self.temporary.unlink()

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()


def write_parquet_file(
    path: str | os.PathLike[str], name: str, rows: Iterable[Row], batch: int = 2000
) -> int:
    """Write ``rows`` as one Parquet file with table ``name``'s schema, under a temporary name
    renamed to ``path`` when complete; returns the number of rows."""
    require_pyarrow()
    import pyarrow as pa
    import pyarrow.parquet as pq

    target = Path(path)
    if target.is_dir():
        raise OutputUnusable(f"cannot write {target}: it is a folder")
    temporary = target.with_name(f".{target.name}.partial-{secrets.token_hex(4)}")
    schema = arrow_schema(name)
    dates = [c for c, t in table_dtypes(name).items() if t.startswith("datetime64")]
    try:
        writer = pq.ParquetWriter(str(temporary), schema)
    except OSError as exc:
        reason = _reason(exc)
        if isinstance(exc, FileNotFoundError) and not target.parent.is_dir():
            reason = f"folder {target.parent} does not exist"
        raise OutputUnusable(f"cannot write {target}: {reason}") from None
    count = 0
    try:
        pending: list[Row] = []
        for row in rows:
            record = {c: row.get(c) for c in schema.names}
            for column in dates:
                record[column] = timestamp_value(record[column])
            pending.append(record)
            if len(pending) >= batch:
                writer.write_table(pa.Table.from_pylist(pending, schema=schema))
                count, pending = count + len(pending), []
        if pending:
            writer.write_table(pa.Table.from_pylist(pending, schema=schema))
            count += len(pending)
        writer.close()
        os.replace(temporary, target)
    except BaseException as exc:
        with contextlib.suppress(Exception):
            writer.close()
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(exc, OSError):
            raise WriteFailed(f"cannot write {target}: {_reason(exc)}") from None
        raise
    return count
