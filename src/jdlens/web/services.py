"""The web shell's only door into the library: thin calls to ``jdlens.api``.

A function whose library part is not installed answers with a 503 error (JDL065) instead of
failing at import, so the rest of the app keeps working.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import sys
import threading
import time
import typing
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import jdlens.api
from jdlens.config import get_settings
from jdlens.errors import ServerBusyError
from jdlens.models import JobAnalysis, Level, RoleCategory
from jdlens.sources.reader import SourceDocument, read_bytes
from jdlens.web.http_errors import NotAvailableError

T = TypeVar("T")


def _api(name: str, feature: str) -> Callable[..., Any]:
    func = getattr(jdlens.api, name, None)
    if func is None:
        raise NotAvailableError(feature=feature)
    return func


# Many visitors paste the same posting: its analysis (of public job text, never of a resume) is kept
# for the most recent postings, bounded by count and by the memory their texts hold.
# JobAnalysis is immutable, so sharing it between requests is safe.
JOB_CACHE_SIZE = 256


class JobCache:
    """A least-recently-used cache of job analyses bounded by entries and by bytes of text held."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._items: OrderedDict[tuple[str, str | None], tuple[JobAnalysis, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def held_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: tuple[str, str | None]) -> JobAnalysis | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key: tuple[str, str | None], analysis: JobAnalysis) -> None:
        cost = sys.getsizeof(key[0]) + sys.getsizeof(analysis.text)
        if cost > self.max_bytes:
            return  # one text larger than the whole cache is not kept
        with self._lock:
            if key in self._items:
                return
            self._items[key] = (analysis, cost)
            self._bytes += cost
            while len(self._items) > self.max_entries or self._bytes > self.max_bytes:
                _, (_, freed) = self._items.popitem(last=False)
                self._bytes -= freed

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0


_JOB_CACHE: JobCache | None = None


def job_cache() -> JobCache:
    """This process's job-analysis cache (``JDLENS_JOB_CACHE_BYTES``, 256 entries at most)."""
    global _JOB_CACHE
    if _JOB_CACHE is None:
        _JOB_CACHE = JobCache(JOB_CACHE_SIZE, get_settings().job_cache_bytes)
    return _JOB_CACHE


def analyze(text: str | SourceDocument, title: str | None = None) -> JobAnalysis:
    """The analysis of a pasted text or an uploaded file's document (whose notes it keeps)."""
    if isinstance(text, SourceDocument) and text.empty_pages:  # rare: not cached beside the pasted text
        return _api("analyze", "job analysis")(text, title=title or None)
    body = text.text if isinstance(text, SourceDocument) else text
    key = (body, title or None)
    cache = job_cache()
    found = cache.get(key)
    if found is None:
        found = _api("analyze", "job analysis")(text, title=title or None)
        cache.put(key, found)
    return found


class AnalysisPool:
    """Analyses off the event loop: a bounded pool, a bounded queue, a time limit.

    ``threads`` analyses run at once in threads of this process; with ``processes`` > 0 the plain-data
    tasks (``jdlens.web.tasks``, ``run_task``) run in that many analysis processes instead, which use
    every core and share one queue, so a request goes to the next free process whichever connection
    it came on. Up to ``queue`` more wait; beyond that a request is refused at once (JDL073). A request
    whose analysis is not done within ``timeout`` seconds is answered with JDL072 while its work
    finishes (the analysis budget, ``JDLENS_TIME_BUDGET``, ends it). An ordinary posting takes
    milliseconds, so a slow request delays nobody: the others take their turn on free workers.
    """

    def __init__(self, threads: int, queue: int, timeout: float, processes: int = 0) -> None:
        self.threads, self.queue, self.timeout = max(1, threads), max(0, queue), timeout
        self.processes = max(0, processes)
        self._executor = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="jdlens-analysis")
        self._processes: ProcessPoolExecutor | None = self._new_processes()
        self._in_flight = 0
        self._lock = threading.Lock()

    def _new_processes(self) -> ProcessPoolExecutor | None:
        if not self.processes:
            return None
        executor = ProcessPoolExecutor(
            max_workers=self.processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_warm_up,
        )
        for _ in range(self.processes):  # start them now, not on the first requests
            executor.submit(int)
        return executor

    @property
    def slots(self) -> int:
        return self.processes or self.threads

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def _done(self, _future: Future[Any]) -> None:
        with self._lock:
            self._in_flight -= 1

    async def run(self, func: Callable[..., T], *args: Any) -> T:
        """``func(*args)`` in a thread of this process."""
        return await self._submit(self._executor, func, *args)

    async def run_task(self, func: Callable[..., T], *args: Any) -> T:
        """A plain-data task (module-level function, picklable arguments and result): in an analysis
        process when there are any, else in a thread."""
        processes = self._processes
        if processes is None:
            return await self._submit(self._executor, func, *args)
        try:
            return await self._submit(processes, func, *args)
        except BrokenExecutor:  # a process died (killed, out of memory): start fresh for the next ones
            with self._lock:
                if self._processes is processes:
                    self._processes = self._new_processes()
            processes.shutdown(wait=False, cancel_futures=True)
            raise

    async def _submit(self, executor: Executor, func: Callable[..., T], *args: Any) -> T:
        with self._lock:
            if self._in_flight >= self.slots + self.queue:
                raise ServerBusyError("JDL073", waiting=self._in_flight - self.slots)
            self._in_flight += 1
        try:
            future = executor.submit(func, *args)
        except BaseException:
            self._done(Future())
            raise
        future.add_done_callback(self._done)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout or None)
        except TimeoutError:
            raise ServerBusyError("JDL072", seconds=self.timeout) from None

    def wait_ready(self, timeout: float = 300.0) -> None:
        """Block until every analysis process has started and warmed up (the server listens then)."""
        processes = self._processes
        if processes is not None:
            for future in [processes.submit(int) for _ in range(self.processes)]:
                future.result(timeout=timeout)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        if self._processes is not None:
            self._processes.shutdown(wait=False, cancel_futures=True)


PARENT_CHECK_S = 1.0


def _warm_up() -> None:
    """An analysis process loads the taxonomy, the rules and the matchers before its first request,
    and ends when the server that started it is gone (however it ended)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(0)

    threading.Thread(target=watch, name="jdlens-parent-watch", daemon=True).start()
    analyze("Python and SQL")


_POOL: AnalysisPool | None = None


def analysis_pool(processes: int | None = None) -> AnalysisPool:
    """This process's analysis pool (``JDLENS_WEB_THREADS``, ``JDLENS_WEB_QUEUE``,
    ``JDLENS_REQUEST_TIMEOUT``); ``processes`` (``jdlens serve --workers``) replaces it by one that
    runs the analyses in that many processes."""
    global _POOL
    if _POOL is not None and processes is not None and processes != _POOL.processes:
        _POOL.close()
        _POOL = None
    if _POOL is None:
        settings = get_settings()
        _POOL = AnalysisPool(
            settings.web_threads, settings.web_queue, settings.request_timeout_s, processes or 0
        )
    return _POOL


async def in_pool(func: Callable[..., T], *args: Any) -> T:
    """Run CPU-bound work in the analysis pool's threads, off the event loop."""
    return await analysis_pool().run(func, *args)


async def in_task_pool(func: Callable[..., T], *args: Any) -> T:
    """Run a plain-data task (``jdlens.web.tasks``) in the analysis processes, else in its threads."""
    return await analysis_pool().run_task(func, *args)


# PDFium (the PDF text reader) is not thread-safe: two threads of one process calling it at once,
# even on different documents, may crash the process. Files are read one at a time per process; the
# analysis processes each run one request at a time, so there it costs nothing.
_READ_LOCK = threading.Lock()


def read_document(data: bytes, filename: str) -> Any:
    """The document in an uploaded job file (``jdlens.sources``: the reader every door uses)."""
    with _READ_LOCK:
        return read_bytes(data, filename)


def read_resume(data: bytes, filename: str) -> Any:
    read = _api("read_resume", "resume reading")
    with _READ_LOCK:
        return read(data, filename=filename)


def match(resume: Any, job: JobAnalysis) -> Any:
    return _api("match", "resume matching")(resume, job)


def advise(job: JobAnalysis, resume: Any = None) -> Any:
    """The advice for a posting, for a parsed resume's gaps when one is given (steps re-scored)."""
    return _api("advise", "advice")(job, resume)


MARKET_FILTERS = ("role", "seniority", "location", "since", "until", "non_technical")


def market_choices() -> dict[str, tuple[str, ...]]:
    """The values the role and seniority filters accept."""
    return {"role": typing.get_args(RoleCategory), "seniority": typing.get_args(Level)}


def market_report(db: Path | None, filters: dict[str, str]) -> Any:
    """The market report of ``db`` under ``filters`` (cached while the database file is unchanged)."""
    if db is None:
        raise NotAvailableError(feature="the market report (no database configured: start with --db)")
    if not db.is_file():
        raise NotAvailableError(feature=f"the market report (database {db.name} not found)")
    key = tuple((k, filters[k]) for k in MARKET_FILTERS if filters.get(k))
    return _report(str(db), db.stat().st_mtime_ns, key)


@lru_cache(maxsize=32)
def _report(db: str, mtime_ns: int, filters: tuple[tuple[str, str], ...]) -> Any:
    return _api("report", "the market report")(db, **dict(filters))
