#!/usr/bin/env python3
"""Throughput and memory of vanban on a synthetic corpus built from real notice layouts.

    python3 benchmarks/bench.py [-n 5000] [--jobs 2]

Builds N notice files by cycling through corpus/ (and ../shared/corpus/real when present),
then prints notices/s, MB/s and peak memory for: reading + NFC only (the floor), ``parse`` in
one process, ``parse_many`` with 1 and with N jobs (each the best of --repeat runs), a per-stage
breakdown, and ``vanban ingest`` of the whole folder (peak RSS of the run).  Figures are
printed, never asserted.
"""

from __future__ import annotations

import argparse
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
from vanban.extract.references import extract_references  # noqa: E402
from vanban.extract.signature import extract_signature  # noqa: E402
from vanban.extract.tables import extract_annexes  # noqa: E402
from vanban.normalize import normalize  # noqa: E402
from vanban.segment import segment  # noqa: E402


def sources() -> list[Path]:
    files = sorted((ROOT / "corpus").glob("*.txt"))
    real = ROOT.parent / "shared" / "corpus" / "real"
    if real.is_dir():
        files += sorted(real.glob("*.txt"))
    return files


def build(n: int, folder: Path) -> list[Path]:
    texts = [p.read_bytes() for p in sources()]
    paths = []
    for i in range(n):
        path = folder / f"notice-{i:06d}.txt"
        path.write_bytes(texts[i % len(texts)])
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
        refs, spans = timed("references", extract_references, clean.clean, start, header.number)
        timed("deadlines", extract_deadlines, clean.clean, start,
              issued_on=header.issued_on, skip_spans=spans)
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
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="vanban-bench-"))
    try:
        paths = build(args.n, folder)
        size = sum(p.stat().st_size for p in paths)
        print(f"corpus: {len(paths)} notices, {size / 1e6:.1f} MB, from {len(sources())} distinct texts")
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
