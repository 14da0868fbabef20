"""Worker processes that outlive a bad task and die with their parent.

:class:`WorkerPool` runs ``fn(task)`` in ``jobs`` processes, one task at a time per worker, and
gives the results back in task order.  A worker that dies (the out-of-memory killer, ``kill -9``)
takes only its task with it: that task comes back as a :class:`TaskFailed` and a fresh worker takes
its place.  A task that runs past the time budget is treated the same way (its worker is killed).
Workers are killed when the parent process dies, however it dies (Linux: ``PR_SET_PDEATHSIG``;
elsewhere a watchdog thread), so a killed run leaves no orphans.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class TaskFailed:
    """Why a task has no result: its worker died, it ran past the budget, or ``fn`` raised."""

    reason: str


def _die_with_parent(parent_pid: int) -> None:
    """Have the kernel kill this process when its parent dies (a watchdog thread where it can't)."""
    armed = False
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(1, signal.SIGKILL, 0, 0, 0) == 0  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            armed = False
    if not armed:
        def watch() -> None:
            while os.getppid() == parent_pid:
                time.sleep(0.5)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)


def _worker_main(
    conn: Connection, fn: Callable[[Any], Any], initializer: Callable[[], None] | None, parent_pid: int
) -> None:
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if initializer is not None:
        initializer()
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, task = message
        try:
            reply: tuple[str, Any] = ("ok", fn(task))
        except Exception as exc:  # noqa: BLE001 - reported as this task's failure
            reply = ("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send((index, reply))
        except (EOFError, OSError):
            return
        except Exception as exc:  # noqa: BLE001 - a result that cannot be pickled
            conn.send((index, ("error", f"result not transferable: {type(exc).__name__}: {exc}")))


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _context() -> multiprocessing.context.BaseContext:
    """Fork where there is fork: workers inherit the loaded word list and grammars."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


class _Worker:
    def __init__(self, ctx, fn, initializer) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main, args=(child, fn, initializer, os.getpid()), daemon=True
        )
        self.process.start()
        child.close()
        self.index: int | None = None
        self.task: Any = None
        self.started = 0.0

    def give(self, index: int, task: Any) -> None:
        self.index, self.task, self.started = index, task, time.monotonic()
        self.conn.send((index, task))

    def receive(self) -> tuple[str, Any] | None:
        """The reply to the current task, or None when the worker died without one."""
        try:
            if self.conn.poll():
                index, reply = self.conn.recv()
                if index == self.index:
                    return reply
        except (EOFError, OSError):
            pass
        return None

    def death(self) -> str:
        self.process.join(timeout=5)
        code = self.process.exitcode
        if code is not None and code < 0:
            name = _signal_name(-code)
            hint = " (out of memory?)" if -code == signal.SIGKILL else ""
            return f"the worker parsing it was killed by {name}{hint}"
        return f"the worker parsing it exited (code {code})"

    def stop(self, kill: bool = False) -> None:
        if kill and self.process.is_alive():
            self.process.kill()
        else:
            with contextlib.suppress(OSError):
                self.conn.send(None)
        self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=2)
        self.conn.close()


class WorkerPool(Generic[T, R]):
    """``jobs`` worker processes running ``fn``; see the module docstring.

    ``timeout`` is the time budget of one task in seconds (None: no budget).  ``window`` bounds how
    far ahead of the oldest unfinished task the pool runs, and so how many results wait in memory.
    """

    def __init__(
        self,
        fn: Callable[[T], R],
        jobs: int,
        *,
        timeout: float | None = None,
        initializer: Callable[[], None] | None = None,
        window: int | None = None,
    ) -> None:
        if jobs < 1:
            raise ValueError("jobs must be at least 1")
        self.fn, self.jobs, self.timeout, self.initializer = fn, jobs, timeout, initializer
        self.window = window or max(256, 16 * jobs)
        self.ctx = _context()
        self.workers: list[_Worker] = []
        self.replaced = 0

    def _spawn(self) -> _Worker:
        worker = _Worker(self.ctx, self.fn, self.initializer)
        self.workers.append(worker)
        return worker

    def _retire(self, worker: _Worker, kill: bool) -> None:
        self.workers.remove(worker)
        worker.stop(kill=kill)
        self.replaced += 1

    def map(self, tasks: Iterable[T]) -> Iterator[tuple[T, R | TaskFailed]]:
        """``(task, result or TaskFailed)`` for every task, in task order."""
        pending = enumerate(tasks)
        done: dict[int, tuple[T, R | TaskFailed]] = {}
        given = emitted = 0
        exhausted = False
        held: tuple[int, T] | None = None  # a task taken from ``tasks`` and not yet given
        try:
            while True:
                while not exhausted and given < emitted + self.window:
                    idle = next((w for w in self.workers if w.index is None), None)
                    if idle is None and len(self.workers) < self.jobs:
                        idle = self._spawn()
                    if idle is None:
                        break
                    held = held or next(pending, None)
                    if held is None:
                        exhausted = True
                        break
                    try:
                        idle.give(*held)
                    except OSError:  # the idle worker had died (killed between two tasks)
                        self._retire(idle, kill=True)
                        continue
                    held = None
                    given += 1
                while emitted in done:
                    yield done.pop(emitted)
                    emitted += 1
                if exhausted and emitted == given:
                    return
                self._collect(done)
        finally:
            self.close()

    def _collect(self, done: dict[int, tuple[T, Any]]) -> None:
        """Wait for the next reply, death or time-out and record what it settles."""
        busy = [w for w in self.workers if w.index is not None]
        if not busy:
            return
        wait_for = None
        if self.timeout is not None:
            now = time.monotonic()
            wait_for = max(0.0, min(w.started + self.timeout for w in busy) - now)
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], wait_for))
        now = time.monotonic()
        for worker in busy:
            index, task = worker.index, worker.task
            assert index is not None
            if worker.conn in ready or worker.process.sentinel in ready:
                reply = worker.receive()
                if reply is None:
                    done[index] = (task, TaskFailed(worker.death()))
                    self._retire(worker, kill=True)
                    continue
                status, value = reply
                done[index] = (task, value if status == "ok" else TaskFailed(value))
                worker.index, worker.task = None, None
                if worker.process.sentinel in ready:  # it replied, then died: replace it
                    self._retire(worker, kill=True)
            elif self.timeout is not None and now - worker.started >= self.timeout:
                done[index] = (task, TaskFailed(f"took longer than the time budget of {self.timeout:g} s"))
                self._retire(worker, kill=True)

    def close(self) -> None:
        """Stop every worker (those still busy are killed)."""
        for worker in list(self.workers):
            worker.stop(kill=worker.index is not None)
        self.workers.clear()
