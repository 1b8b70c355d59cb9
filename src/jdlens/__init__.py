"""jdlens: read machine-learning job descriptions the way a hiring manager does.

The public functions load on first use (see ``jdlens.api``): ``import jdlens`` reads no data file and
imports neither the market, Spark, the web app nor pydantic's models until they are needed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from jdlens import api
from jdlens.errors import JdlensError

if TYPE_CHECKING:
    from jdlens.api import (
        advise,
        analyze,
        analyze_many,
        ingest,
        match,
        rank_jobs,
        rank_resumes,
        read_resume,
        report,
    )
    from jdlens.models import JobAnalysis

__all__ = [
    "JdlensError",
    "JobAnalysis",
    "advise",
    "analyze",
    "analyze_many",
    "ingest",
    "match",
    "rank_jobs",
    "rank_resumes",
    "read_resume",
    "report",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """The facade's names, each imported from its owner on first use."""
    if name == "JobAnalysis":
        value = importlib.import_module("jdlens.models").JobAnalysis
    elif name in api.OWNERS:
        value = getattr(api, name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
