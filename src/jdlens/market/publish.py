"""A market report from a database: the tables for a set of filters, written to a folder on request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jdlens.errors import InputError
from jdlens.market.html import write_report
from jdlens.market.reports import Filters, compute_report
from jdlens.models import MarketReport


def report(
    db: str | Path, *, out: str | Path | None = None, engine: str = "duckdb", **filters: Any
) -> MarketReport:
    """Market report tables for the postings matching ``filters`` (role, seniority, location, since,
    until, source); with ``out``, also write the HTML report, charts, CSV and JSON tables there.

    Raises ``InputError`` (JDL050) for an unknown filter and ``MarketError`` for a missing database.
    """
    try:
        chosen = Filters(**filters)
    except TypeError:
        raise InputError(
            "JDL050", name="filters", reason=f"use {', '.join(Filters.__dataclass_fields__)}"
        ) from None
    result = compute_report(db, chosen, engine=engine)
    if out is not None:
        write_report(result, out)
        result = result.model_copy(update={"out_dir": str(out)})
    return result
