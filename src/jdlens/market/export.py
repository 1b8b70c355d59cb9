"""Every market table written out as files (Parquet or CSV), from a DuckDB database or Parquet tables."""

from __future__ import annotations

from pathlib import Path

from jdlens.errors import MarketError
from jdlens.market.database import TABLES, connect
from jdlens.market.engines import duckdb_over_tables

FORMATS = {"parquet": "(FORMAT PARQUET)", "csv": "(FORMAT CSV, HEADER)"}


def export_tables(
    out: str | Path, *, db: str | Path | None = None, tables: str | None = None, fmt: str = "parquet"
) -> dict[str, tuple[int, Path]]:
    """Write each table to ``out/<table>.<fmt>``; returns table -> (rows, file)."""
    if fmt not in FORMATS:
        raise MarketError("JDL040", reason=f"unknown export format {fmt!r} (use parquet or csv)")
    if (db is None) == (tables is None):
        raise MarketError("JDL040", reason="give either a database (--db) or a tables URI (--tables)")
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb_over_tables(tables) if tables is not None else connect(db, read_only=True)  # type: ignore[arg-type]
    written: dict[str, tuple[int, Path]] = {}
    try:
        for table in TABLES:
            path = folder / f"{table}.{fmt}"
            quoted = str(path).replace("'", "''")
            con.execute(f"COPY (SELECT * FROM {table}) TO '{quoted}' {FORMATS[fmt]}")
            count = con.execute(f"SELECT count(*) FROM {table}").fetchone()
            written[table] = (int(count[0]) if count else 0, path)
    finally:
        con.close()
    return written
