"""The facade: the public functions, re-exported from the modules that own them. No logic lives here.

Shells (the CLI, the web app) and users call these; nothing inside the library imports this module.
Each name is imported from its owner on first use (PEP 562), so ``import jdlens`` stays small and a
first ``analyze`` pays only for the analysis modules, never for the market, Spark or the web.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jdlens.job.parallel import analyze_parallel as analyze_many
    from jdlens.job.pipeline import analyze
    from jdlens.market.publish import report
    from jdlens.market.store import ingest_files as ingest
    from jdlens.matching.matcher import match
    from jdlens.matching.mentor import advise
    from jdlens.matching.rank import rank_jobs, rank_resumes
    from jdlens.resume.build import read_resume

# public name -> (owner module, name there)
OWNERS: dict[str, tuple[str, str]] = {
    "advise": ("jdlens.matching.mentor", "advise"),
    "analyze": ("jdlens.job.pipeline", "analyze"),
    "analyze_many": ("jdlens.job.parallel", "analyze_parallel"),
    "ingest": ("jdlens.market.store", "ingest_files"),
    "match": ("jdlens.matching.matcher", "match"),
    "rank_jobs": ("jdlens.matching.rank", "rank_jobs"),
    "rank_resumes": ("jdlens.matching.rank", "rank_resumes"),
    "read_resume": ("jdlens.resume.build", "read_resume"),
    "report": ("jdlens.market.publish", "report"),
}

__all__ = [
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


def __getattr__(name: str) -> Any:
    """Import a public function from its owner the first time it is asked for, then keep it here."""
    if name not in OWNERS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = OWNERS[name]
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
