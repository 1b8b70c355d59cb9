"""The per-document analysis budget: a size limit checked up front and a CPU-time limit checked as
the work goes.

``analysis_budget(size)`` opens the budget for one text: it refuses a text longer than
``Settings.max_text_chars`` at once (``LimitError`` JDL070) and starts a clock of this thread's CPU
time. The analysis stages call ``spend()`` inside their loops; once the text has used more than
``Settings.time_budget_s`` seconds of CPU, ``spend()`` raises ``TimeBudgetError`` JDL071. Outside an open
budget ``spend()`` does nothing, so every stage stays callable on its own.

CPU time of the analysing thread is measured rather than wall-clock time, so the budget means the
same on a quiet machine, a loaded one, or a thread of the web server's pool.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from jdlens.config import get_settings
from jdlens.errors import LimitError, TimeBudgetError

# Reading the thread's CPU clock costs about a microsecond: it is read once every this many calls.
_CHECK_EVERY = 32


@dataclass(slots=True)
class _Clock:
    deadline: float
    seconds: float
    calls: int = 0


_CURRENT: ContextVar[_Clock | None] = ContextVar("jdlens_budget", default=None)


def check_size(size: int, limit: int | None = None) -> None:
    """Refuse a text of ``size`` characters over the limit (JDL070)."""
    limit = get_settings().max_text_chars if limit is None else limit
    if limit and size > limit:
        raise LimitError("JDL070", size=size, limit=limit)


@contextmanager
def analysis_budget(size: int, *, seconds: float | None = None) -> Iterator[None]:
    """Check ``size`` against the text limit, then run the block under the CPU-time budget.

    A budget opened inside another keeps the outer (earlier) deadline.
    """
    check_size(size)
    seconds = get_settings().time_budget_s if seconds is None else seconds
    outer = _CURRENT.get()
    if outer is not None or not seconds or seconds <= 0:
        yield
        return
    token = _CURRENT.set(_Clock(time.thread_time() + seconds, seconds))
    try:
        yield
    finally:
        _CURRENT.reset(token)


def spend() -> None:
    """Raise ``TimeBudgetError`` (JDL071) when the open budget's CPU time is used up."""
    clock = _CURRENT.get()
    if clock is None:
        return
    clock.calls += 1
    if clock.calls % _CHECK_EVERY == 0 and time.thread_time() > clock.deadline:
        raise TimeBudgetError("JDL071", seconds=clock.seconds)


def spend_now() -> None:
    """Like ``spend()``, but read the clock at once (between stages, before a long step)."""
    clock = _CURRENT.get()
    if clock is not None and time.thread_time() > clock.deadline:
        raise TimeBudgetError("JDL071", seconds=clock.seconds)
