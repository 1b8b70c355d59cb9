"""A market report from a database or Parquet tables: the tables for a set of filters, written on request."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jdlens.errors import InputError
from jdlens.market.filters import Filters
from jdlens.market.html import write_report
from jdlens.market.reports import compute_report
from jdlens.models import MarketReport


def report(
    db: str | Path | None = None,
    *,
    out: str | Path | None = None,
    tables: str | None = None,
    engine: str = "duckdb",
    sections: Sequence[str] = (),
    **filters: Any,
) -> MarketReport:
    """Market report tables for the postings matching ``filters`` (role, seniority, location, since,
    until, source), from the DuckDB database ``db`` or the Parquet tables at ``tables``; with ``out``,
    also write the HTML report, charts, CSV and JSON tables there. ``sections`` names optional
    sections to build (tables registered with ``optional=True``).

    Raises ``InputError`` (JDL050) for an unknown filter and ``MarketError`` for missing tables.
    """
    try:
        chosen = Filters(**filters)
    except TypeError:
        raise InputError(
            "JDL050", name="filters", reason=f"use {', '.join(Filters.__dataclass_fields__)}"
        ) from None
    result = compute_report(db, chosen, tables=tables, engine=engine, sections=sections)
    if out is not None:
        write_report(result, out)
        result = result.model_copy(update={"out_dir": str(out)})
    return result
