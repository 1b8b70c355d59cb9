"""Analyze many postings on all local cores, in order, never failing the batch for one bad text.

The parent compiles the taxonomy before the pool starts (forked workers inherit it; others read it
from the on-disk cache), and work goes to the workers in chunks: a bounded number of chunks is in
flight at a time, so a batch of any length holds only a few chunks of texts and results in memory.
``AnalysisPool`` keeps its workers for many batches the caller already holds (the market ingest's
windows) and submits each batch whole, so the workers analyse one while the caller stores another.
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from types import TracebackType
from typing import Generic, TypeVar

from jdlens.config import worker_count
from jdlens.errors import AnalysisError, InputError, JdlensError
from jdlens.extract.skills import get_matcher
from jdlens.job.pipeline import analyze
from jdlens.models import JobAnalysis

CHUNK = 64  # postings sent to a worker at once
PARENT_POLL = 0.5  # seconds between a worker's checks that the process that started it is alive
AHEAD = 4  # chunks in flight per worker

Item = tuple[str | None, str | None]
Outcome = JobAnalysis | JdlensError
T = TypeVar("T")


def analyze_one(item: Item) -> Outcome:
    """One text's analysis, or the coded error that stopped it: never an exception, so one bad text
    never stops a batch. A failure that is not a jdlens error comes back as JDL074, named by kind."""
    text, title = item
    try:
        return analyze(text or "", title=title)
    except JdlensError as exc:
        return exc
    except (ValueError, TypeError, LookupError, ArithmeticError, RecursionError, MemoryError) as exc:
        return AnalysisError("JDL074", kind=type(exc).__name__)


def analyze_chunk(chunk: list[Item]) -> list[Outcome]:
    """A worker's unit of work: one chunk of texts, analysed in order."""
    return [analyze_one(item) for item in chunk]


def analyze_chunk_into(convert: Callable[[JobAnalysis], T], chunk: list[Item]) -> list[T | JdlensError]:
    """A chunk of texts analysed in order, each analysis turned by ``convert`` (in the worker, so that
    only what the caller keeps travels back to the parent)."""
    out: list[T | JdlensError] = []
    for item in chunk:
        result = analyze_one(item)
        out.append(result if isinstance(result, JdlensError) else convert(result))
    return out


def _warm() -> None:
    get_matcher()


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _exit_with_parent() -> None:
    """Worker side: exit as soon as the process that started this worker is gone. A parent killed with
    SIGKILL cannot stop its pool, and a worker blocked reading the task queue would wait forever (it
    holds the queue's other end itself); a reparented worker sees a new parent id and leaves."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL)
        os._exit(1)

    threading.Thread(target=watch, name="jdlens-parent-watch", daemon=True).start()


def _init_worker() -> None:
    _exit_with_parent()
    _warm()


def analyze_parallel(
    texts: Iterable[str], *, titles: Iterable[str | None] | None = None, workers: int | None = None
) -> Iterator[Outcome]:
    """Yield one analysis (or the error for that text) per input, in input order."""
    items = zip(texts, titles if titles is not None else itertools.repeat(None), strict=False)
    return _run(analyze_chunk, items, workers)


def _run(work: Callable[[list[Item]], list[T]], items: Iterable[Item], workers: int | None) -> Iterator[T]:
    """Yield ``work``'s results chunk after chunk, in input order: inline with one worker, else on a pool
    with a bounded number of chunks in flight."""
    n = worker_count(workers)
    _warm()
    if n == 1:
        for item in items:  # one at a time: a consumer that stops early has analysed no more
            yield from work([item])
        return
    chunks = _chunks(items, CHUNK)
    with ProcessPoolExecutor(max_workers=n, initializer=_init_worker) as pool:
        pending: deque[Future[list[T]]] = deque(
            pool.submit(work, chunk) for chunk in itertools.islice(chunks, n * AHEAD)
        )
        while pending:
            done = pending.popleft().result()
            following = next(chunks, None)
            if following is not None:
                pending.append(pool.submit(work, following))
            yield from done


class AnalysisPool(Generic[T]):
    """Worker processes kept for many batches of texts (the ingest's windows), each analysis turned by
    ``convert`` in its worker. ``submit`` hands a whole batch to the workers at once and returns its
    results as an iterator, in order: the caller handles the previous batch (stores it) while the workers
    analyse this one. With one worker a batch is analysed inline, as its results are read."""

    def __init__(self, convert: Callable[[JobAnalysis], T], workers: int | None = None) -> None:
        self.work = partial(analyze_chunk_into, convert)
        self.workers = worker_count(workers)
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, texts: Sequence[str], titles: Sequence[str | None]) -> Iterator[T | JdlensError]:
        items = list(zip(texts, titles, strict=True))
        _warm()
        if self.workers == 1:
            return (result for item in items for result in self.work([item]))
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_init_worker)
        return _in_order([self._pool.submit(self.work, chunk) for chunk in _chunks(items, CHUNK)])

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self) -> AnalysisPool[T]:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _in_order(futures: list[Future[list[T]]]) -> Iterator[T]:
    for future in futures:
        yield from future.result()


__all__ = [
    "AnalysisPool",
    "InputError",
    "analyze_chunk",
    "analyze_chunk_into",
    "analyze_one",
    "analyze_parallel",
]
