"""The facade: the public functions, re-exported from the modules that own them. No logic lives here.

Shells (the CLI, the web app) and users call these; nothing inside the library imports this module.
"""

from __future__ import annotations

from jdlens.job.parallel import analyze_parallel as analyze_many
from jdlens.job.pipeline import analyze
from jdlens.market.publish import report
from jdlens.market.store import ingest_files as ingest
from jdlens.matching.matcher import match
from jdlens.matching.mentor import advise
from jdlens.matching.rank import rank_jobs, rank_resumes
from jdlens.resume.build import read_resume

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
