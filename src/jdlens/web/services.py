"""The web shell's only door into the library: thin calls to ``jdlens.api``.

A function whose library part is not installed answers with a 503 error (JDL065) instead of
failing at import, so the rest of the app keeps working.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jdlens.api
from jdlens.models import JobAnalysis, Level, RoleCategory
from jdlens.sources.reader import read_bytes
from jdlens.web.errors import NotAvailableError


def _api(name: str, feature: str) -> Callable[..., Any]:
    func = getattr(jdlens.api, name, None)
    if func is None:
        raise NotAvailableError(feature=feature)
    return func


# Many visitors paste the same posting: its analysis (of public job text, never of a resume) is kept
# for the most recent postings. JobAnalysis is immutable, so sharing it between requests is safe.
JOB_CACHE_SIZE = 256


@lru_cache(maxsize=JOB_CACHE_SIZE)
def analyze(text: str, title: str | None = None) -> JobAnalysis:
    return _api("analyze", "job analysis")(text, title=title or None)


def read_document(data: bytes, filename: str) -> Any:
    """The document in an uploaded job file (``jdlens.sources``: the reader every door uses)."""
    return read_bytes(data, filename)


def read_resume(data: bytes, filename: str) -> Any:
    return _api("read_resume", "resume reading")(data, filename=filename)


def match(resume: Any, job: JobAnalysis) -> Any:
    return _api("match", "resume matching")(resume, job)


def advise(subject: Any) -> Any:
    return _api("advise", "advice")(subject)


MARKET_FILTERS = ("role", "seniority", "location", "since", "until")


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
