"""The ``vanban`` command line: ``parse``, ``deadlines`` and ``ingest``.

Exit codes: 0 every file parsed, 1 some file failed (each named on stderr in one
line, the others still written), 2 usage error.  No logic of its own: it calls
the library and formats what comes back.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from . import __version__, bulk
from .bulk import MissingDependency, Progress, ingest, iter_outcomes
from .export import write_deadlines_csv
from .models import Notice

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake in how the command was called."""


def expand_paths(paths: Iterable[str]) -> list[Path]:
    """The files to read; a path that does not exist is a usage error."""
    for name in paths:
        if not Path(name).exists():
            raise UsageError(f"no such file or folder: {name}")
    return bulk.expand_paths(paths)


class ErrorLog:
    """Failed files, each reported on stderr in one line as soon as it fails (``echo``)."""

    def __init__(self, echo: bool = True) -> None:
        self.failed: list[tuple[str, str]] = []
        self.echo = echo

    def __call__(self, path: str, message: str) -> None:
        self.failed.append((path, message))
        if self.echo:
            sys.stderr.write(f"vanban: {path}: {message}\n")

    @property
    def exit_code(self) -> int:
        return EXIT_FAILED if self.failed else EXIT_OK


def iter_notices(
    paths: list[Path], on_error: Callable[[str, str], None], jobs: int | None = None
) -> Iterator[Notice]:
    """Parse each file, in order, in ``jobs`` processes; a file that fails goes to ``on_error``."""
    for path, notice, error in iter_outcomes(paths, jobs):
        if notice is None:
            on_error(path, error or "unknown error")
        else:
            yield notice


_JSON_LINE_SAFE = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def json_line(record: dict) -> str:
    """One JSON object on one line, whatever line separators the text holds."""
    return json.dumps(record, ensure_ascii=False).translate(_JSON_LINE_SAFE) + "\n"


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
    paths = expand_paths(args.paths)
    errors = ErrorLog()
    out = sys.stdout
    notices = iter_notices(paths, errors, args.jobs)
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
            writer.writerow(notice_row(notice))
    return errors.exit_code


def _cmd_deadlines(args: argparse.Namespace) -> int:
    paths = expand_paths(args.paths)
    errors = ErrorLog()
    notices = iter_notices(paths, errors, args.jobs)
    if args.output == "-":
        write_deadlines_csv(notices, sys.stdout)
    else:
        # UTF-8 with a BOM: spreadsheet programs then read the Vietnamese correctly.
        with open(args.output, "w", encoding="utf-8-sig", newline="") as out:
            write_deadlines_csv(notices, out)
    return errors.exit_code


def _cmd_ingest(args: argparse.Namespace) -> int:
    paths = expand_paths(args.paths)
    errors = ErrorLog(echo=False)
    progress = Progress(len(paths)) if not args.quiet else None
    try:
        written, failed = ingest(
            paths, args.out, fmt=args.format, jobs=args.jobs, batch_size=args.batch_size,
            on_error=errors, progress=progress,
        )
    except MissingDependency as exc:
        raise UsageError(str(exc)) from None
    finally:
        if progress:
            progress.close()
    sys.stderr.write(
        f"vanban: {written} notices written to {args.out}"
        + (f", {failed} failed (see the errors table)" if failed else "") + "\n"
    )
    return errors.exit_code


def _add_inputs(command: argparse.ArgumentParser) -> None:
    """The arguments every command shares: the paths to read and the number of workers."""
    command.add_argument("paths", nargs="+", metavar="PATH", help="files, or folders of .txt files")
    command.add_argument("--jobs", type=int, default=None, metavar="N",
                         help="worker processes (default: all cores); output keeps the input order")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="vanban",
        description="Turn scraped Vietnamese legal and administrative notices into structured data.",
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

    i = sub.add_parser("ingest", help="parse whole folders and write every table to a folder")
    _add_inputs(i)
    i.add_argument("--out", required=True, metavar="DIR", help="folder for the tables")
    i.add_argument("--format", choices=("csv", "parquet", "jsonl"), default="csv")
    i.add_argument("--batch-size", type=int, default=500, metavar="N", help="notices per written batch")
    i.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    i.set_defaults(run=_cmd_ingest)
    return ap


def main(argv: list[str] | None = None) -> int:
    ap = build_parser()
    try:
        args = ap.parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage line
        return EXIT_USAGE if exc.code else EXIT_OK
    if not getattr(args, "run", None):
        ap.print_usage(sys.stderr)
        return EXIT_USAGE
    try:
        return args.run(args)
    except UsageError as exc:
        sys.stderr.write(f"vanban: {exc}\n")
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write("vanban: interrupted\n")
        return 130


if __name__ == "__main__":
    sys.exit(main())
