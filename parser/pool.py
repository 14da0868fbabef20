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
import gc
import multiprocessing
import os
import selectors
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
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
    # What the worker inherited (word list, grammars) lives as long as it does: out of the
    # collector's sight, a full collection does not walk it (nor write to its shared pages).
    gc.freeze()
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
    """One worker process and the tasks given to it, answered in the order given."""

    def __init__(self, ctx, fn, initializer) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main, args=(child, fn, initializer, os.getpid()), daemon=True
        )
        self.process.start()
        child.close()
        self.given: deque[tuple[int, Any]] = deque()  # the first one is running
        self.started = 0.0  # when the running task started

    def give(self, index: int, task: Any) -> None:
        self.conn.send((index, task))
        if not self.given:
            self.started = time.monotonic()
        self.given.append((index, task))

    def receive(self, wait: bool = False) -> tuple[int, Any, tuple[str, Any]] | None:
        """(index, task, reply) of the running task, when its reply is there (``wait``: the pipe
        is known to be readable); None when there is none, or the worker died without one."""
        try:
            if wait or self.conn.poll():
                index, reply = self.conn.recv()
                if self.given and index == self.given[0][0]:
                    _, task = self.given.popleft()
                    self.started = time.monotonic()
                    return index, task, reply
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
    ``depth`` tasks are given to a worker at once, so it never waits for the parent between two
    (keep it 1 when tasks are large: a task is written while the worker may be writing a result).
    """

    def __init__(
        self,
        fn: Callable[[T], R],
        jobs: int,
        *,
        timeout: float | None = None,
        initializer: Callable[[], None] | None = None,
        window: int | None = None,
        depth: int = 2,
    ) -> None:
        if jobs < 1 or depth < 1:
            raise ValueError("jobs and depth must be at least 1")
        self.fn, self.jobs, self.timeout, self.initializer = fn, jobs, timeout, initializer
        self.window = window or max(256, 16 * jobs)
        self.depth = depth
        self.ctx = _context()
        self.workers: list[_Worker] = []
        self.replaced = 0
        self.selector = selectors.DefaultSelector()  # replies and deaths of every worker

    def _spawn(self) -> _Worker:
        worker = _Worker(self.ctx, self.fn, self.initializer)
        self.workers.append(worker)
        self.selector.register(worker.conn, selectors.EVENT_READ, worker)
        self.selector.register(worker.process.sentinel, selectors.EVENT_READ, worker)
        return worker

    def _forget(self, worker: _Worker) -> None:
        self.workers.remove(worker)
        for handle in (worker.conn, worker.process.sentinel):
            with contextlib.suppress(KeyError, ValueError, OSError):
                self.selector.unregister(handle)

    def _retire(self, worker: _Worker, retry: deque[tuple[int, Any]]) -> None:
        """Kill ``worker``; the tasks it had not started go back to ``retry``."""
        self._forget(worker)
        worker.stop(kill=True)
        retry.extendleft(reversed(worker.given))
        worker.given.clear()
        self.replaced += 1

    def _free_worker(self) -> _Worker | None:
        """The least loaded worker that can take a task (a new one while there are fewer than jobs)."""
        idle = [w for w in self.workers if not w.given]
        if idle:
            return idle[0]
        if len(self.workers) < self.jobs:
            return self._spawn()
        ready = [w for w in self.workers if len(w.given) < self.depth]
        return min(ready, key=lambda w: len(w.given)) if ready else None

    def map(self, tasks: Iterable[T]) -> Iterator[tuple[T, R | TaskFailed]]:
        """``(task, result or TaskFailed)`` for every task, in task order."""
        pending = enumerate(tasks)
        upcoming = next(pending, None)  # the next task not yet taken (None: no more)
        retry: deque[tuple[int, Any]] = deque()  # given to a worker that died before starting them
        done: dict[int, tuple[T, R | TaskFailed]] = {}
        taken = emitted = 0
        try:
            while True:
                while retry or (upcoming is not None and taken < emitted + self.window):
                    worker = self._free_worker()
                    if worker is None:
                        break
                    if retry:
                        item = retry.popleft()
                    else:
                        item, upcoming = upcoming, next(pending, None)
                        taken += 1
                    try:
                        worker.give(*item)
                    except OSError:  # the worker had died (killed between two tasks)
                        retry.appendleft(item)
                        self._retire(worker, retry)
                while emitted in done:
                    yield done.pop(emitted)
                    emitted += 1
                if upcoming is None and not retry and emitted == taken:
                    return
                self._collect(done, retry)
        finally:
            self.close()

    def _collect(self, done: dict[int, tuple[T, Any]], retry: deque[tuple[int, Any]]) -> None:
        """Wait for the next reply, death or time-out and record what it settles."""
        busy = [w for w in self.workers if w.given]
        if not busy:
            return
        wait_for = None
        if self.timeout is not None:
            now = time.monotonic()
            wait_for = max(0.0, min(w.started + self.timeout for w in busy) - now)
        events = self.selector.select(wait_for)
        readable = {key.data for key, _ in events if key.fileobj is key.data.conn}
        ended = {key.data for key, _ in events if key.fileobj is not key.data.conn}
        for worker in ended.difference(busy):  # an idle worker died: nothing was lost
            self._retire(worker, retry)
        for worker in busy:
            if worker in readable or worker in ended:
                answered = worker.receive(wait=True) if worker in readable else None
                if answered is not None:
                    index, task, (status, value) = answered
                    done[index] = (task, value if status == "ok" else TaskFailed(value))
                if worker in ended or (answered is None and not worker.process.is_alive()):
                    self._settle_death(worker, done, retry)
            if worker in self.workers and worker.given and self.timeout is not None and (
                time.monotonic() - worker.started >= self.timeout
            ):
                index, task = worker.given.popleft()
                done[index] = (task, TaskFailed(f"took longer than the time budget of {self.timeout:g} s"))
                self._retire(worker, retry)

    def _settle_death(
        self, worker: _Worker, done: dict[int, tuple[T, Any]], retry: deque[tuple[int, Any]]
    ) -> None:
        """A worker ended: take the replies it wrote before, fail the task it died in, give back
        the ones it had not started, and drop it (an idle worker's death costs nothing)."""
        while worker.given:
            answered = worker.receive()
            if answered is None:
                break
            index, task, (status, value) = answered
            done[index] = (task, value if status == "ok" else TaskFailed(value))
        if worker.given:
            index, task = worker.given.popleft()
            done[index] = (task, TaskFailed(worker.death()))
        self._retire(worker, retry)

    def close(self) -> None:
        """Stop every worker (those still busy are killed)."""
        for worker in list(self.workers):
            self._forget(worker)
            worker.stop(kill=bool(worker.given))
        self.workers.clear()
