"""``jdlens analyze``: one job description, or a batch file of postings."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add ``analyze`` to ``app``."""
