#!/usr/bin/env python3
"""Fuzz ``decode`` + ``parse`` (and the table rows of a notice): any exception other than
DecodeError is a bug, and so is an input slower than its time budget (2 s + 4 s per MB of CPU time).

    python3 fuzz/fuzz_parse.py -n 100000 [--jobs 2] [--seed 1]   # built-in mutation fuzzer
    python3 fuzz/fuzz_parse.py --replay 12345 [--seed 1]          # one input again, with its traceback
    python3 fuzz/fuzz_parse.py --atheris [atheris/libFuzzer flags]  # coverage-guided (pip install atheris)

The built-in fuzzer mixes random bytes with corpus notices mutated at the byte level (deleted,
duplicated, flipped and spliced slices, so it also exercises the decoder) and at the character
level; the crafted inputs of ``fuzz/crafted.py`` come first, at 10 KB, 100 KB and 1 MB, and
mutations of them follow; about one input in a thousand is grown to 1-3 MB.  Input ``i`` of a run
depends only on ``--seed`` and ``i``.  Each failure names the ``vanban`` module it happened (or
spent its time) in.  Inputs run in worker processes (vanban.pool): a worker that hangs or dies
costs its inputs only, and they are reported.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "fuzz"))

from crafted import CRAFTED, SIZES  # noqa: E402
from probe import OverBudget, budget, hottest, module_of_traceback, sampled  # noqa: E402

from vanban import DecodeError, parse  # noqa: E402
from vanban.decode import decode  # noqa: E402
from vanban.frames import FRAME_NAMES, build_frame, notice_records  # noqa: E402
from vanban.pool import TaskFailed, WorkerPool  # noqa: E402

SEEDS = [p.read_bytes() for p in sorted((ROOT / "corpus").glob("*.txt"))]
TEXTS = [s.decode("utf-8") for s in SEEDS]
ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạềếểễệ ĐÔƠƯ0123456789/-.,;:()\n  \t|*_=%"


def one_input(data: bytes, frames: bool = False) -> bool:
    """Decode, parse, JSON and table rows (and the frames when ``frames``); True when the input
    got past the decoder."""
    try:
        text = decode(data)
    except DecodeError:
        return False
    notice = parse(text)
    json.dumps(notice.to_dict(), ensure_ascii=False)
    rows = notice_records(notice)
    if frames:
        for name in FRAME_NAMES:
            build_frame(name, rows[name])
    return True


def mutate_text(rng: random.Random) -> bytes:
    """A notice with character-level damage: still text, so it reaches the parser."""
    text = rng.choice(TEXTS)
    for _ in range(rng.randint(1, 12)):
        i = rng.randint(0, len(text))
        j = min(len(text), i + rng.randint(0, 300))
        action = rng.randrange(4)
        if action == 0:
            text = text[:i] + text[j:]
        elif action == 1:
            text = text[:j] + text[i:j] + text[j:]
        elif action == 2:
            text = text[:i] + "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 30))) + text[i:]
        else:
            other = rng.choice(TEXTS)
            k = rng.randint(0, len(other))
            text = text[:i] + other[k : k + rng.randint(0, 500)] + text[j:]
    return text.encode("utf-8")


def mutate(rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.1:
        return rng.randbytes(rng.randint(0, 3000))
    if roll < 0.8:
        return mutate_text(rng)
    data = bytearray(rng.choice(SEEDS))
    for _ in range(rng.randint(1, 10)):
        i = rng.randint(0, len(data))
        j = min(len(data), i + rng.randint(0, 300))
        action = rng.randrange(5)
        if action == 0:
            del data[i:j]
        elif action == 1:
            data[j:j] = data[i:j]
        elif action == 2 and i < len(data):
            data[i] ^= 1 << rng.randrange(8)
        elif action == 3:
            data[i:i] = rng.randbytes(rng.randint(1, 20))
        else:
            other = rng.choice(SEEDS)
            k = rng.randint(0, len(other))
            data[i:j] = other[k : k + rng.randint(0, 400)]
    return bytes(data)


Sizes = tuple[int, ...]


def crafted_inputs(sizes: Sizes) -> list[tuple[str, int]]:
    return [(name, size) for size in sizes for name in CRAFTED]
MEGABYTE_SHARE = 0.001
HARD_LIMIT = 300.0  # seconds for one task (one crafted or megabyte input, or a batch of others)


def mutate_crafted(rng: random.Random) -> bytes:
    """A crafted input of 1-20 KB with character-level damage."""
    text = CRAFTED[rng.choice(sorted(CRAFTED))](rng.randint(1_000, 20_000))
    for _ in range(rng.randint(0, 6)):
        i = rng.randint(0, len(text))
        text = text[:i] + rng.choice(TEXTS)[: rng.randint(0, 400)] + text[i + rng.randint(0, 50):]
    return text.encode("utf-8")


def grow(rng: random.Random) -> bytes:
    """1-3 MB: damaged notices one after another, or one of them repeated."""
    target = rng.randint(1_000_000, 3_000_000)
    if rng.random() < 0.5:
        unit = mutate_text(rng)
        return unit * (target // max(1, len(unit)) + 1)
    parts, total = [], 0
    while total < target:
        part = mutate_text(rng)
        parts.append(part)
        total += len(part) + 2
    return b"\n\n".join(parts)


def kind_of(seed: int, index: int, sizes: Sizes = SIZES) -> str:
    """What input ``index`` of a run is: crafted, megabyte or ordinary (decided without building it)."""
    if index < len(crafted_inputs(sizes)):
        return "crafted"
    return "megabyte" if random.Random(seed * 1_000_003 + index).random() < MEGABYTE_SHARE else "ordinary"


def make_input(seed: int, index: int, sizes: Sizes = SIZES) -> tuple[str, bytes]:
    """(description, bytes) of input ``index`` of the run with ``seed`` (crafted ones at ``sizes``)."""
    crafted = crafted_inputs(sizes)
    if index < len(crafted):
        name, size = crafted[index]
        return f"crafted {name} {size // 1000} KB", CRAFTED[name](size).encode("utf-8")
    rng = random.Random(seed * 1_000_003 + index)
    if rng.random() < MEGABYTE_SHARE:
        data = grow(rng)
        return f"grown {len(data) / 1e6:.1f} MB", data
    if rng.random() < 0.02:
        return "mutated crafted", mutate_crafted(rng)
    return "mutated", mutate(rng)


def time_budget(size: int) -> float:
    """CPU seconds one input may take: 2 s and 4 s per MB (twice the 2 s per MB target)."""
    return 2 + 4 * size / 1e6


Task = tuple[int, int, int, Sizes]  # seed, first input, count, sizes of the crafted inputs


def run_inputs(task: Task) -> tuple[int, int, int, list[dict]]:
    """Run inputs ``start`` .. ``start + count`` of the run with ``seed`` (in a worker process).
    Returns (inputs run, reached the parser, megabyte inputs, failures)."""
    seed, start, count, sizes = task
    parsed = megabytes = 0
    failures: list[dict] = []
    for index in range(start, start + count):
        what, data = make_input(seed, index, sizes)
        megabytes += len(data) >= 1_000_000
        counts: Counter[str] = Counter()
        try:
            with budget(time_budget(len(data))), sampled(counts, interval=0.05):
                parsed += one_input(data, frames=index % 200 == 0)
        except OverBudget as exc:
            # Blamed on the module that took most of the time, not the one the alarm fell in.
            module = counts.most_common(1)[0][0] if counts else exc.module
            failures.append({"input": index, "what": what, "kind": "slow", "module": module,
                             "message": f"{exc}; time spent in {hottest(counts, 3)}"})
        except Exception as exc:  # noqa: BLE001 - every other exception is a finding
            failures.append({"input": index, "what": what, "kind": type(exc).__name__,
                             "module": module_of_traceback(exc.__traceback__),
                             "message": traceback.format_exc(limit=-3)})
    return count, parsed, megabytes, failures


def plan(seed: int, n: int, sizes: Sizes = SIZES, batch: int = 250) -> list[Task]:
    """Tasks: every crafted and megabyte input alone (a hang costs only it), the rest in batches."""
    tasks: list[Task] = []
    start = 0
    for index in range(n):
        if kind_of(seed, index, sizes) != "ordinary":
            if start < index:
                tasks.append((seed, start, index - start, sizes))
            tasks.append((seed, index, 1, sizes))
            start = index + 1
        elif index - start + 1 == batch:
            tasks.append((seed, start, batch, sizes))
            start = index + 1
    if start < n:
        tasks.append((seed, start, n - start, sizes))
    return tasks


def _size(text: str) -> int:
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * factor)


def replay(seed: int, index: int, sizes: Sizes = SIZES) -> int:
    what, data = make_input(seed, index, sizes)
    print(f"input {index} of seed {seed}: {what}, {len(data):,} bytes")
    started = time.perf_counter()
    one_input(data, frames=True)
    print(f"parsed in {time.perf_counter() - started:.2f} s")
    return 0


def main() -> int:
    if "--atheris" in sys.argv:
        import atheris  # noqa: PLC0415 - optional

        sys.argv.remove("--atheris")
        atheris.Setup(sys.argv, lambda data: one_input(bytes(data)))
        atheris.Fuzz()
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=10000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--replay", type=int, metavar="I", help="run input I of the seed again, here")
    ap.add_argument("--crafted-sizes", default="10k,100k,1M", metavar="SIZES",
                    help="sizes of the crafted inputs that open the run (default 10k,100k,1M)")
    args = ap.parse_args()
    sizes = tuple(_size(s) for s in args.crafted_sizes.split(",") if s.strip())
    if args.replay is not None:
        return replay(args.seed, args.replay, sizes)
    # Workers fork from a warm process: word list, grammars and pandas loaded once, untimed.
    parse("Số: 1/UBND-VP\nHà Nội, ngày 01 tháng 01 năm 2020")
    build_frame("notices", [])
    tasks = plan(args.seed, args.n, sizes)
    started = time.perf_counter()
    done = parsed = megabytes = 0
    failures: list[dict] = []
    # The soft budget stops a slow input from inside; this hard one kills a worker stuck where
    # the alarm cannot reach (in C code), costing that task's inputs only.
    pool = WorkerPool(run_inputs, max(1, args.jobs), timeout=HARD_LIMIT)
    next_report = 10_000
    for task, result in pool.map(tasks):
        if isinstance(result, TaskFailed):  # a hang past the soft budget, or a dead worker
            done += task[2]
            for index in range(task[1], task[1] + task[2]):
                what = make_input(args.seed, index, sizes)[0] if task[2] == 1 else "batch"
                failures.append({"input": index, "what": what, "kind": "lost", "module": "?",
                                 "message": result.reason})
            continue
        count, ok, big, found = result
        done, parsed, megabytes = done + count, parsed + ok, megabytes + big
        failures += found
        if done >= next_report:
            print(f"  {done} inputs, {len(failures)} failures, {time.perf_counter() - started:.0f} s",
                  file=sys.stderr, flush=True)
            next_report += 10_000
    elapsed = time.perf_counter() - started
    print(f"fuzz: {done} inputs ({parsed} reached the parser, {megabytes} of 1 MB or more) in "
          f"{elapsed:.0f} s ({done / elapsed:.0f}/s), {len(failures)} failures")
    by_module = Counter((f["module"], f["kind"]) for f in failures)
    for (module, kind), count in by_module.most_common():
        print(f"  {count} {kind} in {module}")
    for failure in failures[:30]:
        print(f"input {failure['input']} ({failure['what']}): {failure['kind']} in {failure['module']}: "
              f"{failure['message'].strip().splitlines()[-1]}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
