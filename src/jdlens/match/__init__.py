"""Match resumes against job descriptions: score, requirement table, gaps, checks, suggestions, rewrites.

Kept import-light: ``jdlens`` binds its ``match`` facade function over this package's name.
"""

from __future__ import annotations

from typing import Any

__all__ = ["RULES_VERSION", "as_job", "as_resume", "match"]


def __getattr__(name: str) -> Any:
    if name == "RULES_VERSION":
        from jdlens.match.score import RULES_VERSION

        return RULES_VERSION
    if name in ("match", "as_job", "as_resume"):
        from jdlens.match import engine

        return getattr(engine, name)
    raise AttributeError(name)
