"""Match resumes against job descriptions: score, requirement table, gaps, checks, suggestions, rewrites."""

from jdlens.match.engine import as_job, as_resume, match
from jdlens.match.score import RULES_VERSION

__all__ = ["RULES_VERSION", "as_job", "as_resume", "match"]
