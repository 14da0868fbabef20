"""Parse on a Dask cluster when one machine is not enough (``pip install 'vanban[dask]'``).

* :func:`read_notices` gives every table as a Dask DataFrame (partitioned pandas frames, with the
  dtypes of :func:`vanban.frames.table_dtypes` declared as ``meta``); :func:`compute_tables` turns
  them into the pandas frames a local :func:`vanban.parse_many` gives, equal row for row.
* :func:`ingest` is :func:`vanban.bulk.ingest` on a cluster (``vanban ingest --scheduler``): the
  same tables, written by the same writer in input order, complete or absent.

The files are split on the client into partitions of about ``blocksize`` bytes, in input order;
a worker parses a partition with :func:`vanban.bulk.parse_records`, the code of a local run, so a
notice gets the same rows and ``doc_id`` (its path) wherever it is parsed.  The task graph holds
only the paths: the workers read the files themselves, so every worker must see them under the
same names (a shared or copied folder).  A worker builds the grammars once, on its first
partition, and keeps them.  A file that cannot be read or parsed, or that runs past the time
budget, is an ``errors`` row, never a failed task; a partition whose worker dies (out of memory)
is parsed again file by file, and only the file that kills its worker becomes an error.

Dask is imported when these functions are called, not with :mod:`vanban`.
"""

from __future__ import annotations

import contextlib
import glob
import logging
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .bulk import (
    STDIN,
    ClusterFailed,
    Paths,
    Progress,
    RecordOutcome,
    Source,
    as_sources,
    collect_sources,
    parse_records,
    partition_frames,
    write_outcomes,
)
from .frames import TABLE_NAMES, build_frame
from .writers import MissingDependency, OutputFolder

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd
    from distributed import Client

__all__ = [
    "DEFAULT_BLOCKSIZE", "ClusterFailed", "compute_tables", "connect", "ingest", "partition",
    "read_notices",
]

DEFAULT_BLOCKSIZE = 1_000_000  # bytes of notices per partition: about a second of parsing
_INSTALL = "pip install 'vanban[dask]'"
# Without a dashboard the scheduler still serves its HTTP routes, by default on port 8787 (with a
# warning when another cluster has it): a free port on this machine instead.
NO_DASHBOARD = {"dashboard_address": "127.0.0.1:0"}


def require_dask(distributed: bool = False) -> None:
    """Raise :class:`MissingDependency` with the install line when Dask is not installed."""
    try:
        import dask.dataframe  # noqa: F401

        if distributed:
            import distributed as _  # noqa: F401
    except ImportError:
        raise MissingDependency(f"running on a Dask cluster needs dask and distributed: {_INSTALL}") from None


# --- inputs and partitions ---------------------------------------------------------------------


def _has_magic(name: str) -> bool:
    return any(char in name for char in "*?[")


def expand(paths_or_globs: Paths) -> list[Source]:
    """The sources of files, folders (their ``.txt`` files, sorted) and glob patterns (``**``
    included; matches sorted).  A name that exists is never read as a pattern; a pattern that
    matches nothing is kept, and becomes that path's error."""
    names: list[str] = []
    for item in [paths_or_globs] if isinstance(paths_or_globs, str | os.PathLike) else paths_or_globs:
        name = os.fspath(item)
        if name != STDIN and _has_magic(name) and not os.path.lexists(name):
            names.extend(sorted(glob.glob(name, recursive=True)) or [name])
        else:
            names.append(name)
    return collect_sources(names)


def _size(source: Source) -> int:
    name, data = source
    if data is not None:
        return len(data)
    try:
        return os.stat(name).st_size
    except OSError:
        return 0


def block_bytes(blocksize: int | str) -> int:
    """A partition size in bytes: a number, or text such as ``"4MB"`` or ``"512 kiB"``."""
    if isinstance(blocksize, str):
        from dask.utils import parse_bytes

        try:
            blocksize = int(parse_bytes(blocksize))
        except (ValueError, TypeError):
            raise ValueError(f"not a size in bytes: {blocksize!r} (e.g. 1MB, 512kB)") from None
    if blocksize < 1:
        raise ValueError(f"must be at least 1 byte, not {blocksize}")
    return blocksize


def partition(sources: Sequence[Source], blocksize: int | str = DEFAULT_BLOCKSIZE) -> list[list[Source]]:
    """``sources`` cut, in order, into runs of about ``blocksize`` bytes (``"4MB"`` or a number);
    a file larger than that is a partition of its own."""
    size = block_bytes(blocksize)
    parts: list[list[Source]] = []
    current: list[Source] = []
    filled = 0
    for source in sources:
        n = _size(source)
        if current and filled + n > size:
            parts.append(current)
            current, filled = [], 0
        current.append(source)
        filled += n
    if current:
        parts.append(current)
    return parts


# --- Dask DataFrames ---------------------------------------------------------------------------


def _table(piece: list[dict[str, pd.DataFrame]], name: str) -> pd.DataFrame:
    (frames,) = piece  # a bag partition: the tables of one partition of files
    return frames[name]


def read_notices(
    paths_or_globs: Paths,
    blocksize: int | str = DEFAULT_BLOCKSIZE,
    *,
    timeout: float | None = None,
) -> dict[str, dd.DataFrame]:
    """Every table of the notices in ``paths_or_globs`` as a lazy Dask DataFrame, keyed by name
    (``notices``, ``references``, ``deadlines``, ``recipients``, ``distribution``, ``annexes``,
    ``annex_rows``, ``errors``).

    Each partition holds the rows of about ``blocksize`` bytes of files, in input order; ``meta``
    has the dtypes of the pandas frames (``category`` columns with categories unknown until
    computed); the index restarts in each partition.  ``timeout`` is the time budget of one file
    in seconds (None: no budget).  The tables share their parse: compute them together
    (:func:`compute_tables`, ``dask.compute(*tables.values())``) or ``persist`` them, or each
    table computed alone parses the files again.
    """
    require_dask()
    import dask
    import dask.bag as db
    import dask.dataframe as dd
    from dask import delayed
    from dask.dataframe.utils import clear_known_categories

    parts = partition(expand(paths_or_globs), blocksize)
    # Dask would turn object columns into strings: ``annex_rows.cells`` holds lists.
    with dask.config.set({"dataframe.convert-string": False}):
        if not parts:
            return {name: dd.from_pandas(build_frame(name, []), npartitions=1) for name in TABLE_NAMES}
        bag = db.from_sequence(parts, partition_size=1).map(partition_frames, timeout=timeout)
        pieces = bag.to_delayed()
        tables = {}
        for name in TABLE_NAMES:
            meta = clear_known_categories(build_frame(name, []))
            frames = [delayed(_table, pure=True)(piece, name) for piece in pieces]
            tables[name] = dd.from_delayed(frames, meta=meta, verify_meta=False)
    return tables


def compute_tables(tables: dict[str, dd.DataFrame], **compute: Any) -> dict[str, pd.DataFrame]:
    """Compute :func:`read_notices`' tables in one pass (each file parsed once) as pandas frames
    equal to :meth:`vanban.Corpus.frames`': index ``0..n-1`` and categories sorted."""
    import dask

    computed = dask.compute(*tables.values(), **compute)
    return {name: _tidy(frame) for name, frame in zip(tables, computed, strict=True)}


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.reset_index(drop=True)
    for column in frame.columns:
        if str(frame[column].dtype) == "category":
            frame[column] = frame[column].cat.reorder_categories(sorted(frame[column].cat.categories))
    return frame


# --- a run on a cluster ------------------------------------------------------------------------


def local_workers(scheduler: str) -> int | None:
    """The worker count of ``local:N`` (``local``: every core); None for a scheduler address."""
    if scheduler != "local" and not scheduler.startswith("local:"):
        return None
    count = scheduler.partition(":")[2]
    if not count:
        return os.cpu_count() or 1
    if not count.isdigit() or int(count) < 1:
        raise ValueError(f"local:N needs a number of workers of at least 1, not {count!r}")
    return int(count)


@contextlib.contextmanager
def connect(scheduler: str | Client) -> Iterator[Client]:
    """A client of ``scheduler``: a ``distributed.Client`` (used as it is), a scheduler address
    (``tcp://host:8786``), or ``local:N``: a cluster of N worker processes on this machine, closed
    on leaving."""
    require_dask(distributed=True)
    from distributed import Client, LocalCluster

    if isinstance(scheduler, Client):
        yield scheduler
        return
    workers = local_workers(scheduler)
    if workers is not None:
        try:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR,
                                   scheduler_kwargs=NO_DASHBOARD)
        except Exception as exc:
            raise ClusterFailed(f"cannot start a local Dask cluster: {type(exc).__name__}: {exc}") from None
        with cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ClusterFailed(f"cannot reach the Dask scheduler at {scheduler}: {reason}") from None
    with client:
        yield client


def _threads(client: Client) -> int:
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:  # noqa: BLE001 - only sizes the window
        return 1


def run_partitions(
    client: Client,
    parts: Sequence[Sequence[Source]],
    timeout: float | None = None,
    fn: Callable[[Sequence[Source], float | None], list[RecordOutcome]] = parse_records,
) -> Iterator[RecordOutcome]:
    """The outcome of every file of ``parts``, in input order, parsed on ``client``'s cluster.

    Two partitions per worker thread run ahead of the one being written, so the client holds a
    bounded number of results.  A partition whose workers died (``KilledWorker``: Dask already
    tried it on other workers) is parsed again file by file; a file that still kills its worker
    is an error.  Anything else that goes
    wrong on the cluster is :class:`ClusterFailed`.
    """
    from distributed import KilledWorker

    window = 2 * _threads(client) + 1
    pending: deque[tuple[Sequence[Source], Any]] = deque()
    upcoming = iter(parts)

    def top_up() -> None:
        while len(pending) < window:
            part = next(upcoming, None)
            if part is None:
                return
            pending.append((part, client.submit(fn, list(part), timeout, pure=False)))

    top_up()
    while pending:
        part, future = pending.popleft()
        try:
            outcomes = _result(future)
        except KilledWorker:
            outcomes = _one_by_one(client, part, timeout, fn)
        top_up()
        yield from outcomes


def _result(future: Any) -> Any:
    from distributed import KilledWorker

    try:
        return future.result()
    except KilledWorker:
        raise
    except Exception as exc:
        reason = str(exc).splitlines()[0] if str(exc) else ""
        raise ClusterFailed(
            f"a task failed on the Dask cluster: {type(exc).__name__}{': ' + reason if reason else ''}"
            " (is the same vanban installed on every worker?)"
        ) from None
    finally:
        future.release()


def _one_by_one(
    client: Client, part: Sequence[Source], timeout: float | None,
    fn: Callable[[Sequence[Source], float | None], list[RecordOutcome]],
) -> list[RecordOutcome]:
    """The files of a partition whose workers died, parsed one task at a time, so a file that
    kills its worker takes no other file with it."""
    from distributed import KilledWorker

    outcomes: list[RecordOutcome] = []
    for source in part:
        try:
            outcomes.extend(_result(client.submit(fn, [source], timeout, pure=False)))
        except KilledWorker:
            outcomes.append((source[0], None, "the Dask workers parsing it died (KilledWorker)"))
    return outcomes


def ingest(
    paths: Paths | Sequence[Source],
    out_dir: str | os.PathLike[str],
    scheduler: str | Client,
    fmt: str = "parquet",
    blocksize: int | str = DEFAULT_BLOCKSIZE,
    batch_size: int = 500,
    on_error: Callable[[str, str], None] | None = None,
    progress: Progress | None = None,
    *,
    overwrite: bool = False,
    timeout: float | None = None,
) -> tuple[int, int]:
    """:func:`vanban.bulk.ingest` on the Dask cluster ``scheduler`` (see :func:`connect`): the
    files are parsed on the cluster and the tables written here, in input order, by the writer of
    a local run, so both give the same tables; complete or absent (:mod:`vanban.writers`).
    Returns (notices written, files failed)."""
    require_dask(distributed=True)
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    if isinstance(scheduler, str):
        local_workers(scheduler)  # a bad local:N is refused before anything starts
    sources = as_sources(paths)
    parts = partition(sources, blocksize)
    inputs = [name for name, data in sources if data is None]
    with OutputFolder(out_dir, fmt, overwrite=overwrite, inputs=inputs) as output, \
            connect(scheduler) as client:
        outcomes = run_partitions(client, parts, timeout)
        written, failed = write_outcomes(output, outcomes, batch_size, on_error, progress)
        where = scheduler if isinstance(scheduler, str) else getattr(client.scheduler, "address", None)
        output.commit(notices=written, failed=failed, files=written + failed, scheduler=where)
    return written, failed

