"""Advice from a match or a job analysis: learning path with courses, salary band, interview topics.

Kept import-light: ``jdlens`` binds its ``advise`` facade function over this package's name.
"""

from __future__ import annotations

from typing import Any

__all__ = ["advise"]


def __getattr__(name: str) -> Any:
    if name == "advise":
        from jdlens.advise.engine import advise

        return advise
    raise AttributeError(name)
