"""Where the time goes, and a soft time budget, for the fuzzer and ``benchmarks/scale.py``.

``sampled`` counts, every few milliseconds of CPU time, the innermost frame of the ``vanban``
package that is running (``extract/deadlines.py``, ``normalize.py`` …), so a slow input names the
module to blame.  ``budget`` raises :class:`OverBudget` (naming that module) when an input has
used its seconds of CPU time.  Both use POSIX interval timers (main thread only).
"""

from __future__ import annotations

import signal
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType, TracebackType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import vanban  # noqa: E402

PACKAGE = str(Path(vanban.__file__).resolve().parent) + "/"


def _module(filename: str) -> str | None:
    return filename[len(PACKAGE):] if filename.startswith(PACKAGE) else None


def module_of(frame: FrameType | None) -> str:
    """The innermost ``vanban`` module on the stack of ``frame`` ("outside vanban" when none)."""
    while frame is not None:
        name = _module(frame.f_code.co_filename)
        if name == "pool.py":  # the worker loop: the time went to the caller's own code
            break
        if name:
            return name
        frame = frame.f_back
    return "outside vanban"


def module_of_traceback(tb: TracebackType | None) -> str:
    """The innermost ``vanban`` module of a traceback."""
    found = "outside vanban"
    while tb is not None:
        found = _module(tb.tb_frame.f_code.co_filename) or found
        tb = tb.tb_next
    return found


class OverBudget(Exception):
    """An input ran past its time budget; ``module`` was running at that moment."""

    def __init__(self, seconds: float, module: str) -> None:
        super().__init__(f"over the time budget of {seconds:g} s (in {module})")
        self.seconds, self.module = seconds, module


@contextmanager
def sampled(counts: Counter[str], interval: float = 0.005) -> Iterator[Counter[str]]:
    """Add one to ``counts[module]`` every ``interval`` seconds of CPU time inside the block."""
    if not hasattr(signal, "setitimer"):
        yield counts
        return

    def tick(signum: int, frame: FrameType | None) -> None:
        counts[module_of(frame)] += 1

    previous = signal.signal(signal.SIGPROF, tick)
    signal.setitimer(signal.ITIMER_PROF, interval, interval)
    try:
        yield counts
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


@contextmanager
def budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`OverBudget` when the block has used ``seconds`` of CPU time.  CPU time, not
    wall time: an input is slow for what it costs, not because other processes share the machine
    (a stuck call that uses no CPU is the caller's hard wall-time limit to catch)."""
    if not seconds or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise OverBudget(seconds, module_of(frame))

    previous = signal.signal(signal.SIGVTALRM, expire)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def hottest(counts: Counter[str], top: int = 2) -> str:
    """The modules that took most samples, with their shares: ``normalize.py 80%, layout.py 15%``."""
    total = sum(counts.values())
    if not total:
        return "-"
    return ", ".join(f"{name} {100 * n / total:.0f}%" for name, n in counts.most_common(top))
