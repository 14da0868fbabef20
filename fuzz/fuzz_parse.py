#!/usr/bin/env python3
"""Fuzz ``decode`` + ``parse``: any exception other than DecodeError is a bug.

    python3 fuzz/fuzz_parse.py -n 100000 [--jobs 2] [--seed 1]   # built-in mutation fuzzer
    python3 fuzz/fuzz_parse.py --atheris [atheris/libFuzzer flags]  # coverage-guided (pip install atheris)

The built-in fuzzer mixes random bytes with corpus notices mutated at the byte level
(deleted, duplicated, flipped and spliced slices), so it also exercises the decoder.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vanban import DecodeError, parse  # noqa: E402
from vanban.decode import decode  # noqa: E402

SEEDS = [p.read_bytes() for p in sorted((ROOT / "corpus").glob("*.txt"))]
TEXTS = [s.decode("utf-8") for s in SEEDS]
ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạềếểễệ ĐÔƠƯ0123456789/-.,;:()\n  \t|*_=%"


def one_input(data: bytes) -> bool:
    """Decode and parse; True when the input got past the decoder."""
    try:
        text = decode(data)
    except DecodeError:
        return False
    parse(text).to_dict()
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


def run_batch(args: tuple[int, int]) -> tuple[int, int, list[str]]:
    seed, count = args
    rng = random.Random(seed)
    parsed = 0
    failures = []
    for _ in range(count):
        data = mutate(rng)
        try:
            parsed += one_input(data)
        except Exception:  # noqa: BLE001 - every other exception is a finding
            failures.append(f"seed {seed}: {traceback.format_exc(limit=3)}")
    return count, parsed, failures


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
    args = ap.parse_args()
    batch = 1000
    tasks = [(args.seed * 1_000_003 + i, min(batch, args.n - i * batch))
             for i in range((args.n + batch - 1) // batch)]
    started = time.perf_counter()
    done = parsed = 0
    failures: list[str] = []
    with ProcessPoolExecutor(args.jobs) as pool:
        for count, ok, found in pool.map(run_batch, tasks):
            done += count
            parsed += ok
            failures += found
    elapsed = time.perf_counter() - started
    print(f"fuzz: {done} inputs ({parsed} reached the parser) in {elapsed:.0f} s "
          f"({done / elapsed:.0f}/s), {len(failures)} failures")
    for failure in failures[:5]:
        print(failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
