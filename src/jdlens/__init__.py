"""jdlens: read machine-learning job descriptions the way a hiring manager does."""

from jdlens.api import analyze, analyze_many
from jdlens.errors import JdlensError
from jdlens.models import JobAnalysis

__all__ = ["JdlensError", "JobAnalysis", "analyze", "analyze_many"]
__version__ = "0.1.0"
