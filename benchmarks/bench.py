#!/usr/bin/env python3
"""Throughput and memory of vanban on a corpus of distinct notices.

    python3 benchmarks/bench.py [-n 5000] [--jobs 2] [--repeat 3] [--no-shared]

Builds N distinct notice files: every notice under corpus/ and, when present, every real one
under ../shared (real, tvpl, congbao) once, then copies of the small ones (under 20 KB), each copy
with its own document numbers, dates, signer surnames and body paragraph order (deterministic,
so runs compare), so no cache sees the same text twice.  Then prints notices/s, MB/s and peak
memory for: reading + NFC only (the floor), ``parse`` in one process, ``parse_many`` with 1 and
with N jobs (each the best of --repeat runs), a per-stage breakdown, and ``vanban ingest`` of the
whole folder (peak RSS of the run).  Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vanban import parse  # noqa: E402
from vanban.bulk import parse_many  # noqa: E402
from vanban.decode import decode  # noqa: E402
from vanban.extract.deadlines import extract_deadlines  # noqa: E402
from vanban.extract.distribution import extract_distribution  # noqa: E402
from vanban.extract.header import extract_header  # noqa: E402
from vanban.extract.references import find_citations  # noqa: E402
from vanban.extract.signature import extract_signature  # noqa: E402
from vanban.extract.structure import Locator, extract_structure  # noqa: E402
from vanban.extract.tables import extract_annexes  # noqa: E402
from vanban.layout import segment  # noqa: E402
from vanban.normalize import normalize  # noqa: E402
from vanban.resolve import resolve_internal_cites, resolve_references  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
SMALL = 20_000  # bytes: templates copied with variations (bigger ones are used once)


def sources(shared: bool = True) -> list[Path]:
    """Every template, interleaved by origin so that a small N still mixes them."""
    groups = [sorted((ROOT / "corpus").glob("*.txt"))]
    if shared:
        groups += [sorted((SHARED / name).glob("*.txt")) for name in ("real", "tvpl", "congbao")]
    out: list[Path] = []
    for i in range(max(map(len, groups))):
        out.extend(group[i] for group in groups if i < len(group))
    return out


_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b")
_WRITTEN_DATE = re.compile(r"(ngày\s+)(\d{1,2})(\s+tháng\s+)(\d{1,2})(\s+năm\s+)((?:19|20)\d\d)", re.I)
_DOC_NUMBER = re.compile(r"(?<![\d/.])(\d{1,5})(?=/(?:(?:19|20)\d\d/)?[A-ZĐ])")
SURNAMES = ("Nguyễn", "Trần", "Phạm", "Hoàng", "Huỳnh", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương")
MIDDLE_NAMES = ("Văn", "Thị", "Minh", "Hữu", "Đức", "Quang", "Thanh", "Ngọc", "Xuân", "Hồng", "Công")
_SURNAME = re.compile(r"\b(" + "|".join(SURNAMES + tuple(n.upper() for n in SURNAMES)) + r")\b")
_MIDDLE_NAME = re.compile(r"\b((?:" + "|".join(SURNAMES) + r") )(" + "|".join(MIDDLE_NAMES) + r")\b")


def _shift(day: int, month: int, year: int, offset: int) -> dt.date | None:
    try:
        return dt.date(year, month, day) + dt.timedelta(days=offset)
    except ValueError:
        return None


def _pad(new: int, old: str) -> str:
    return f"{new:02d}" if len(old) == 2 else str(new)


def vary(text: str, copy: int) -> str:
    """Copy ``copy`` of a notice: dates moved by the same number of days, document numbers
    renumbered, surnames and middle names rotated, each run of body paragraphs and each list
    (distribution items) rotated."""
    offset = (copy * 37) % 700 + 1

    def date(m: re.Match[str]) -> str:
        new = _shift(int(m[1]), int(m[2]), int(m[3]), offset)
        return m[0] if new is None else f"{_pad(new.day, m[1])}/{_pad(new.month, m[2])}/{new.year}"

    def written(m: re.Match[str]) -> str:
        new = _shift(int(m[2]), int(m[4]), int(m[6]), offset)
        if new is None:
            return m[0]
        return f"{m[1]}{_pad(new.day, m[2])}{m[3]}{_pad(new.month, m[4])}{m[5]}{new.year}"

    def number(m: re.Match[str]) -> str:
        return str((int(m[1]) + copy * 7919) % 9973 + 1)

    def surname(m: re.Match[str]) -> str:
        upper = m[1].isupper()
        index = [n.upper() if upper else n for n in SURNAMES].index(m[1])
        new = SURNAMES[(index + copy) % len(SURNAMES)]
        return new.upper() if upper else new

    def middle(m: re.Match[str]) -> str:
        return m[1] + MIDDLE_NAMES[(MIDDLE_NAMES.index(m[2]) + copy) % len(MIDDLE_NAMES)]

    text = _WRITTEN_DATE.sub(written, _DATE.sub(date, text))
    text = _SURNAME.sub(surname, _DOC_NUMBER.sub(number, text))
    text = _MIDDLE_NAME.sub(middle, text)
    return _rotate_runs(text, copy)


def _run_kind(line: str) -> str | None:
    """'paragraph' for a long body line, 'item' for a list item ('- …', '+ …'), else None."""
    stripped = line.strip()
    if len(stripped) > 80 and stripped.endswith((".", ";")):
        return "paragraph"
    if stripped[:2] in ("- ", "+ ") and len(stripped) > 3:
        return "item"
    return None


def _rotate_runs(text: str, copy: int) -> str:
    """Rotate each run of two or more body paragraphs, and of list items, by ``copy``."""
    lines = text.split("\n")
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) > 1:
            k = copy % len(run)
            run[:] = run[k:] + run[:k]
        out.extend(run)
        run.clear()

    kind = None
    for line in lines:
        line_kind = _run_kind(line)
        if line_kind is None or line_kind != kind:
            flush()
        kind = line_kind
        if line_kind is None:
            out.append(line)
        else:
            run.append(line)
    flush()
    return "\n".join(out)


def build(n: int, folder: Path, shared: bool = True) -> list[Path]:
    """N distinct notice files in ``folder``."""
    templates = list(dict.fromkeys(decode(p.read_bytes()) for p in sources(shared)))
    small = [t for t in templates if len(t.encode("utf-8")) <= SMALL] or templates
    seen = {hashlib.sha1(t.encode("utf-8")).digest() for t in templates}
    paths = []
    for i in range(n):
        if i < len(templates):
            text = templates[i]
        else:
            copy = i - len(templates)
            # The next template whose copy is new (one with little to vary repeats sooner).
            for attempt in range(8 * len(small)):
                variant = (copy + attempt) // len(small) + 1
                text = vary(small[(copy + attempt) % len(small)], variant)
                key = hashlib.sha1(text.encode("utf-8")).digest()
                if key not in seen:
                    break
            seen.add(key)
        path = folder / f"notice-{i:06d}.txt"
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


def rate(label: str, count: int, size: int, seconds: float) -> None:
    print(f"{label:<34} {count / seconds:9.1f} notices/s {size / seconds / 1e6:7.2f} MB/s  ({seconds:.2f} s)")


def best_of(repeat: int, run) -> float:
    """The fastest of ``repeat`` runs, in seconds (a shared machine's noise only slows runs down)."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t)
    return best


def stage_breakdown(paths: list[Path]) -> None:
    totals: dict[str, float] = {}

    def timed(name, fn, *args, **kw):
        t = time.perf_counter()
        out = fn(*args, **kw)
        totals[name] = totals.get(name, 0.0) + time.perf_counter() - t
        return out

    for path in paths:
        text = timed("read + decode", lambda p: decode(p.read_bytes()), path)
        clean = timed("normalize", normalize, text)
        blocks = timed("segment", segment, clean.clean)
        header = timed("header", extract_header, blocks)
        start = blocks.header[-1].end if blocks.header else 0
        found = timed("references", find_citations, clean.clean, start)
        timed("references", resolve_references, found, clean.clean, header.number)
        deadlines = timed("deadlines", extract_deadlines, clean.clean, start,
                          issued_on=header.issued_on, skip_spans=list(found.date_spans))

        def structure(outline, text, found, deadlines):  # the tree, where each item stands, pin cites
            tree = extract_structure(outline, text)
            if tree:
                locator = Locator(tree)
                for d in deadlines:
                    locator.numbers_at(d.start)
            return resolve_internal_cites(found, tree)

        timed("structure", structure, blocks.outline, clean, found, deadlines)
        timed("signature", extract_signature, blocks.signature)
        timed("distribution", extract_distribution, blocks.distribution)
        timed("annexes", extract_annexes, clean, blocks.annexes, None)
    whole = sum(totals.values())
    print("per-stage time (share of the single-process parse):")
    for name, seconds in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<16} {1000 * seconds / len(paths):7.3f} ms/notice  {100 * seconds / whole:5.1f}%")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=5000, help="notices in the synthetic corpus")
    ap.add_argument("--jobs", type=int, default=2, help="workers for the parallel runs")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each timing; the fastest is printed")
    ap.add_argument("--no-shared", action="store_true", help="templates from corpus/ only")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="vanban-bench-"))
    try:
        paths = build(args.n, folder, shared=not args.no_shared)
        size = sum(p.stat().st_size for p in paths)
        distinct = len({hashlib.sha1(p.read_bytes()).digest() for p in paths})
        print(f"corpus: {len(paths)} notices ({distinct} distinct), {size / 1e6:.1f} MB, "
              f"from {min(len(paths), len(sources(not args.no_shared)))} templates")
        parse("Số: 1/UBND-VP\nHà Nội, ngày 01 tháng 01 năm 2020")  # load word list and grammars

        t = time.perf_counter()
        for p in paths:
            unicodedata.normalize("NFC", p.read_bytes().decode("utf-8"))
        rate("read + NFC (floor)", len(paths), size, time.perf_counter() - t)

        def parse_all() -> None:
            for p in paths:
                parse(decode(p.read_bytes()), source=str(p))

        rate("parse, one process", len(paths), size, best_of(args.repeat, parse_all))
        one_job = best_of(args.repeat, lambda: parse_many(paths, jobs=1))
        rate("parse_many, 1 job", len(paths), size, one_job)
        many_jobs = best_of(args.repeat, lambda: parse_many(paths, jobs=args.jobs))
        rate(f"parse_many, {args.jobs} jobs", len(paths), size, many_jobs)
        print(f"{'speed-up, ' + str(args.jobs) + ' jobs vs 1':<34} {one_job / many_jobs:9.2f} x")

        stage_breakdown(paths[: min(len(paths), 1000)])

        out = folder / "out"
        vanban = shutil.which("vanban")
        command = [vanban] if vanban else [sys.executable, "-m", "vanban"]
        # Measured in a fresh process of its own: the peak RSS of the ingest run and its workers.
        probe = (
            "import resource, subprocess, sys, time; t = time.perf_counter(); "
            "subprocess.run(sys.argv[1:], check=False, capture_output=True); "
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
        )
        result = subprocess.run(
            [sys.executable, "-c", probe, *command, "ingest", str(folder), "--out", str(out),
             "--jobs", str(args.jobs), "-q"],
            check=False, capture_output=True, text=True,
        )
        elapsed, peak_kb = result.stdout.split()
        rate(f"vanban ingest, {args.jobs} jobs (CSV)", len(paths), size, float(elapsed))
        print(f"{'peak RSS of an ingest process':<34} {int(peak_kb) / 1024:9.1f} MB")
        print(f"{'peak RSS of this benchmark':<34} "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:9.1f} MB")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
