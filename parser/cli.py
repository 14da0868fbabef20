"""The ``vanban`` command line: ``parse``, ``deadlines``, ``chunks`` and ``ingest``.

No logic of its own: it calls the library and formats what comes back.  Every failure is one
line on stderr (names escaped: a newline or escape character in a file name prints as ``\\n``,
``\\x1b``), never a traceback, with its own exit code:

=====  =====================================================================================
0      every file parsed
1      some file could not be read or parsed (each named on stderr; every other file written)
2      usage error (a bad option or value)
3      no input: the paths hold no ``.txt`` file
4      ``--out`` is not empty (``--overwrite`` replaces an earlier output whole)
5      the output cannot be created (missing folder, a file or folder in the way, no permission)
6      writing the output failed part way (disk full, I/O error); nothing is left half written
7      the Dask cluster (``ingest --scheduler``) cannot be reached or failed; nothing is written
130    interrupted (Ctrl-C); 143 terminated (SIGTERM) — no output is left half written
=====  =====================================================================================
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any

from . import __version__
from .bulk import (
    STDIN,
    ClusterFailed,
    Progress,
    Source,
    collect_sources,
    ingest,
    iter_outcomes,
    resolve_jobs,
)
from .export import write_deadlines_csv
from .frames import chunk_records, table_dtypes
from .models import Notice
from .writers import (
    AtomicFile,
    MissingDependency,
    OutputError,
    OutputExists,
    OutputUnusable,
    WriteFailed,
    json_line,
    leftover_partials,
    spreadsheet_safe,
    write_parquet_file,
)

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_NO_INPUT = 0, 1, 2, 3
EXIT_OUTPUT_EXISTS, EXIT_CANNOT_CREATE, EXIT_WRITE_FAILED, EXIT_CLUSTER = 4, 5, 6, 7
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143
DEFAULT_TIMEOUT = 60.0

__all__ = ["build_parser", "json_line", "main", "notice_row", "printable"]


class UsageError(Exception):
    """A mistake in how the command was called."""


class NoInput(Exception):
    """The paths given hold nothing to read."""


class Terminated(BaseException):
    """SIGTERM arrived: unwind (removing partial outputs) and exit."""


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}


def printable(text: str) -> str:
    """``text`` safe to print on one terminal line: control and invisible characters, and the
    undecodable bytes of a file name, as backslash escapes."""
    if text.isprintable() and "\\" not in text:
        return text
    out = []
    for char in text:
        code = ord(char)
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8
            out.append(f"\\x{code - 0xDC00:02x}")
        elif char.isprintable():
            out.append(char)
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return "".join(out)


def _say(line: str) -> None:
    sys.stderr.write(f"vanban: {printable(line)}\n")


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


class _Stdout:
    """Standard output whose write failures (disk full, I/O error) are :class:`WriteFailed`."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            _silence_stdout()
            raise WriteFailed(f"cannot write to standard output: {exc.strerror or exc}") from None

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            _silence_stdout()
            raise WriteFailed(f"cannot write to standard output: {exc.strerror or exc}") from None


class ErrorLog:
    """Failed files, each reported on stderr in one escaped line as soon as it fails."""

    def __init__(self, progress: Progress | None = None) -> None:
        self.failed: list[tuple[str, str]] = []
        self.progress = progress

    def __call__(self, path: str, message: str) -> None:
        self.failed.append((path, message))
        line = f"vanban: {printable(path)}: {printable(message)}"
        if self.progress is not None:
            self.progress.write(line)
        else:
            sys.stderr.write(line + "\n")

    @property
    def exit_code(self) -> int:
        return EXIT_FAILED if self.failed else EXIT_OK


def _inputs(args: argparse.Namespace) -> list[Source]:
    """The files to read (``-`` is standard input); a run with none is :class:`NoInput`."""
    sources = collect_sources(args.paths, None)
    if not sources:
        named = ", ".join(args.paths)
        raise NoInput(f"no input: {named} hold{'s' * (len(args.paths) == 1)} no .txt files")
    args.jobs = resolve_jobs(args.jobs, len(sources))
    return sources


def iter_notices(
    sources: Sequence[Source], on_error: Callable[[str, str], None], jobs: int | None = None,
    timeout: float | None = None,
) -> Iterator[Notice]:
    """Parse each file, in order, in ``jobs`` processes; a file that fails goes to ``on_error``."""
    for path, notice, error in iter_outcomes(sources, jobs, timeout):
        if notice is None:
            on_error(path, error or "unknown error")
        else:
            yield notice


NOTICE_COLUMNS = (
    "source", "doc_type", "number", "seq", "year", "type_code", "issuer_code", "unit_code",
    "issuer", "issuer_parent", "place", "issued_on", "subject", "recipients",
    "signature_authority", "signature_on_behalf_of", "signature_title", "signature_name",
    "references", "deadlines", "distribution", "annexes", "warnings",
)


def notice_row(notice: Notice) -> dict[str, object]:
    """One flat row per notice (the ``--format csv`` layout)."""
    d = notice.to_dict()
    number = d["number"] or {}
    sig = d["signature"]
    return {
        "source": d["source"],
        "doc_type": d["doc_type"],
        "number": number.get("raw"),
        **{k: number.get(k) for k in ("seq", "year", "type_code", "issuer_code", "unit_code")},
        "issuer": d["issuer"]["name"],
        "issuer_parent": d["issuer"]["parent"],
        "place": d["place"],
        "issued_on": d["issued_on"],
        "subject": d["subject"],
        "recipients": "; ".join(d["recipients"]),
        "signature_authority": sig["authority"],
        "signature_on_behalf_of": sig["on_behalf_of"],
        "signature_title": sig["title"],
        "signature_name": sig["name"],
        "references": "; ".join(r["number"] or r["name"] or "" for r in d["references"]),
        "deadlines": len(d["deadlines"]),
        "distribution": len(d["distribution"]),
        "annexes": len(d["annexes"]),
        "warnings": "; ".join(d["warnings"]),
    }


def _cmd_parse(args: argparse.Namespace) -> int:
    sources = _inputs(args)
    errors = ErrorLog()
    out = _Stdout(sys.stdout)
    notices = iter_notices(sources, errors, args.jobs, args.timeout)
    if args.format == "jsonl":
        for notice in notices:
            out.write(json_line(notice.to_dict()))
    elif args.format == "json":
        json.dump([n.to_dict() for n in notices], out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        writer = csv.DictWriter(out, fieldnames=NOTICE_COLUMNS)
        writer.writeheader()
        for notice in notices:
            row = notice_row(notice)
            writer.writerow({k: spreadsheet_safe(v) if isinstance(v, str) else v for k, v in row.items()})
    out.flush()
    return errors.exit_code


def _cmd_deadlines(args: argparse.Namespace) -> int:
    sources = _inputs(args)
    errors = ErrorLog()
    if args.output == STDIN:
        out = _Stdout(sys.stdout)
        write_deadlines_csv(iter_notices(sources, errors, args.jobs, args.timeout), out)
        out.flush()
    else:
        # UTF-8 with a BOM: spreadsheet programs then read the Vietnamese correctly.
        with AtomicFile(args.output, encoding="utf-8-sig") as target:
            write_deadlines_csv(iter_notices(sources, errors, args.jobs, args.timeout), target)
    return errors.exit_code


def _cmd_chunks(args: argparse.Namespace) -> int:
    sources = _inputs(args)
    errors = ErrorLog()
    notices = iter_notices(sources, errors, args.jobs, args.timeout)
    rows = (row for notice in notices for row in chunk_records(notice, args.max_chars))
    if args.format == "parquet":
        if args.output == STDIN:
            raise UsageError("--format parquet needs -o FILE")
        try:
            write_parquet_file(args.output, "chunks", rows)
        except MissingDependency as exc:
            raise UsageError(str(exc)) from None
        return errors.exit_code
    columns = list(table_dtypes("chunks"))
    if args.output == STDIN:
        out: Any = _Stdout(sys.stdout)
        _write_chunk_rows(out, args.format, columns, rows)
        out.flush()
    else:
        encoding = "utf-8-sig" if args.format == "csv" else "utf-8"
        with AtomicFile(args.output, encoding=encoding) as target:
            _write_chunk_rows(target, args.format, columns, rows)
    return errors.exit_code


def _write_chunk_rows(out: Any, fmt: str, columns: list[str], rows: Iterator[dict[str, Any]]) -> None:
    if fmt == "jsonl":
        for row in rows:
            row["issued_on"] = row["issued_on"].isoformat() if row["issued_on"] else None
            out.write(json_line(row))
        return
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        row["issued_on"] = row["issued_on"].isoformat() if row["issued_on"] else None
        writer.writerow({k: spreadsheet_safe(v) if isinstance(v, str) else v for k, v in row.items()})


def _check_cluster_options(args: argparse.Namespace) -> None:
    """``--scheduler`` and the options that go with it (or not); a mistake is a :class:`UsageError`."""
    if args.scheduler is None:
        if args.blocksize is not None:
            raise UsageError("--blocksize needs --scheduler (it sizes the partitions of a Dask run)")
        return
    if args.jobs is not None:
        raise UsageError("--jobs and --scheduler do not go together (--scheduler local:N sets the workers)")
    from .dask import block_bytes, local_workers, require_dask

    require_dask(distributed=True)
    try:
        local_workers(args.scheduler)
    except ValueError as exc:
        raise UsageError(f"argument --scheduler: {exc}") from None
    if args.blocksize is not None:
        try:
            args.blocksize = block_bytes(args.blocksize)
        except ValueError as exc:
            raise UsageError(f"argument --blocksize: {exc}") from None


def _cmd_ingest(args: argparse.Namespace) -> int:
    try:
        _check_cluster_options(args)
        fmt = args.format or ("parquet" if args.scheduler else "csv")
        sources = _inputs(args)
        progress = Progress(len(sources)) if not args.quiet else None
        errors = ErrorLog(progress)
        try:
            if args.scheduler is None:
                written, failed = ingest(
                    sources, args.out, fmt=fmt, jobs=args.jobs, batch_size=args.batch_size,
                    on_error=errors, progress=progress, overwrite=args.overwrite, timeout=args.timeout,
                )
            else:
                from .dask import DEFAULT_BLOCKSIZE
                from .dask import ingest as ingest_on_cluster

                written, failed = ingest_on_cluster(
                    sources, args.out, args.scheduler, fmt=fmt, blocksize=args.blocksize or DEFAULT_BLOCKSIZE,
                    batch_size=args.batch_size, on_error=errors, progress=progress,
                    overwrite=args.overwrite, timeout=args.timeout,
                )
        finally:
            if progress:
                progress.close()
    except MissingDependency as exc:
        raise UsageError(str(exc)) from None
    _say(
        f"{written} notices written to {args.out}"
        + (f", {failed} failed (see the errors table)" if failed else "")
    )
    for leftover in leftover_partials(args.out):
        _say(f"note: {leftover} is left from an interrupted run (incomplete; safe to delete)")
    return errors.exit_code


def _count(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, not {value}")
        return value

    return parse


def _seconds(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be 0 (no limit) or a positive number, not {text}")
    return value or None


def _add_inputs(command: argparse.ArgumentParser) -> None:
    """The arguments every command shares: the paths to read, the workers, the time budget."""
    command.add_argument("paths", nargs="+", metavar="PATH",
                         help="files, or folders of .txt files; - reads standard input")
    command.add_argument("--jobs", type=_count(1), default=None, metavar="N",
                         help="worker processes (default: all cores, at most one per file); "
                              "output keeps the input order")
    command.add_argument("--timeout", type=_seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                         help=f"time budget per file (default {DEFAULT_TIMEOUT:g}; 0: none): a file "
                              "past it becomes an error and the run goes on")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="vanban",
        description="Turn scraped Vietnamese legal and administrative notices into structured data.",
        epilog="exit codes: 0 ok, 1 some file failed, 2 usage, 3 no input, 4 --out not empty, "
               "5 output cannot be created, 6 writing failed, 7 the Dask cluster failed",
    )
    ap.add_argument("--version", action="version", version=f"vanban {__version__}")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("parse", help="parse notices and print one record per notice")
    _add_inputs(p)
    p.add_argument("--format", choices=("jsonl", "json", "csv"), default="jsonl")
    p.set_defaults(run=_cmd_parse)

    d = sub.add_parser("deadlines", help="export every deadline as one CSV row")
    _add_inputs(d)
    d.add_argument("-o", "--output", default="-", metavar="FILE",
                   help="CSV file to write (UTF-8 with BOM); '-' for stdout (the default)")
    d.set_defaults(run=_cmd_deadlines)

    c = sub.add_parser("chunks", help="retrieval chunks: one per article, split at its clauses "
                                      "when longer than --max-chars")
    _add_inputs(c)
    c.add_argument("--max-chars", type=_count(1), default=2000, metavar="N",
                   help="longest chunk, in characters (default 2000)")
    c.add_argument("--format", choices=("jsonl", "csv", "parquet"), default="jsonl")
    c.add_argument("-o", "--output", default="-", metavar="FILE",
                   help="file to write (CSV gets a BOM); '-' for stdout (the default; not for parquet)")
    c.set_defaults(run=_cmd_chunks)

    i = sub.add_parser("ingest", help="parse whole folders and write every table to a folder")
    _add_inputs(i)
    i.add_argument("--out", required=True, metavar="DIR",
                   help="folder for the tables: created, or empty; written complete or not at all")
    i.add_argument("--overwrite", action="store_true", help="replace an earlier output in DIR whole")
    i.add_argument("--format", choices=("csv", "parquet", "jsonl"), default=None,
                   help="table format (default: csv; parquet with --scheduler)")
    i.add_argument("--batch-size", type=_count(1), default=500, metavar="N",
                   help="notices per written batch")
    i.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="parse on a Dask cluster: a scheduler address (tcp://host:8786) or local:N "
                        "(N worker processes here); needs vanban[dask]")
    i.add_argument("--blocksize", default=None, metavar="SIZE",
                   help="with --scheduler: bytes of notices per Dask partition (default 1MB)")
    i.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    i.set_defaults(run=_cmd_ingest)
    return ap


def _terminate(signum: int, frame: Any) -> None:
    raise Terminated


_EXIT_CODES: tuple[tuple[type[BaseException], int], ...] = (
    (UsageError, EXIT_USAGE), (NoInput, EXIT_NO_INPUT), (OutputExists, EXIT_OUTPUT_EXISTS),
    (OutputUnusable, EXIT_CANNOT_CREATE), (WriteFailed, EXIT_WRITE_FAILED),
    (OutputError, EXIT_WRITE_FAILED), (ClusterFailed, EXIT_CLUSTER),
)


def _flush_stdout() -> int:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    except OSError as exc:
        _silence_stdout()
        _say(f"cannot write to standard output: {exc.strerror or exc}")
        return EXIT_WRITE_FAILED
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    ap = build_parser()
    try:
        args = ap.parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage line (or --help, --version)
        return EXIT_USAGE if exc.code else _flush_stdout()
    if not getattr(args, "run", None):
        ap.print_usage(sys.stderr)
        return EXIT_USAGE
    previous = None
    with contextlib.suppress(ValueError):  # outside the main thread SIGTERM is left alone
        previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return args.run(args)
    except tuple(kind for kind, _ in _EXIT_CODES) as exc:
        _say(str(exc))
        return next(code for kind, code in _EXIT_CODES if isinstance(exc, kind))
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except Terminated:
        _say("terminated")
        return EXIT_TERMINATED
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
