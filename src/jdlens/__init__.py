"""jdlens: read machine-learning job descriptions the way a hiring manager does."""

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
from jdlens.errors import JdlensError
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
