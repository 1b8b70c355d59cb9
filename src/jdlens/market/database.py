"""The market database's schema: its tables and columns, opening a database, creating the tables."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from jdlens.errors import MarketError
from jdlens.market import fields as nz

SCHEMA_VERSION = "1"
TABLES: dict[str, list[tuple[str, str]]] = {
    "postings": [
        ("posting_id", "BIGINT"),
        ("source_id", "VARCHAR"),
        ("row_no", "BIGINT"),
        ("native_id", "VARCHAR"),
        ("desc_hash", "BIGINT"),
        ("title", "VARCHAR"),
        ("company", "VARCHAR"),
        ("board", "VARCHAR"),
        ("date_posted", "DATE"),
        ("month", "VARCHAR"),
        ("role", "VARCHAR"),
        ("role_confidence", "DOUBLE"),
        ("seniority", "VARCHAR"),
        ("source_seniority", "VARCHAR"),
        ("city", "VARCHAR"),
        ("state", "VARCHAR"),
        ("country", "VARCHAR"),
        ("remote", "VARCHAR"),
        ("location_origin", "VARCHAR"),
        ("company_size", "VARCHAR"),
        ("company_size_min", "INTEGER"),
        ("industry", "VARCHAR"),
        ("employment_type", "VARCHAR"),
        ("url", "VARCHAR"),
        ("n_skills", "INTEGER"),
        ("n_red_flags", "INTEGER"),
    ],
    "posting_skills": [
        ("posting_id", "BIGINT"),
        ("skill_id", "VARCHAR"),
        ("category", "VARCHAR"),
        ("requirement", "VARCHAR"),
        ("priority", "DOUBLE"),
        ("implied", "BOOLEAN"),
    ],
    "experience": [("posting_id", "BIGINT"), ("min_years", "DOUBLE"), ("max_years", "DOUBLE")],
    "experience_by_degree": [("posting_id", "BIGINT"), ("degree", "VARCHAR"), ("min_years", "DOUBLE")],
    "education": [
        ("posting_id", "BIGINT"),
        ("min_degree", "VARCHAR"),
        ("preferred_degree", "VARCHAR"),
        ("equivalent_experience", "BOOLEAN"),
    ],
    "education_fields": [("posting_id", "BIGINT"), ("field", "VARCHAR")],
    "salaries": [
        ("posting_id", "BIGINT"),
        ("min_annual", "DOUBLE"),
        ("max_annual", "DOUBLE"),
        ("mid_annual", "DOUBLE"),
        ("currency", "VARCHAR"),
        ("period", "VARCHAR"),
        ("min_orig", "DOUBLE"),
        ("max_orig", "DOUBLE"),
        ("usd_per_unit", "DOUBLE"),
        ("origin", "VARCHAR"),
    ],
    "red_flags": [("posting_id", "BIGINT"), ("code", "VARCHAR")],
    "descriptions": [("desc_hash", "BIGINT"), ("text", "VARCHAR")],
    "duplicates": [("source_id", "VARCHAR"), ("row_no", "BIGINT"), ("desc_hash", "BIGINT")],
    "bad_rows": [
        ("source_id", "VARCHAR"),
        ("row_no", "BIGINT"),
        ("reason", "VARCHAR"),
        ("position", "VARCHAR"),  # where in its file: "line N" (CSV, JSON Lines) or "record N"
        ("code", "VARCHAR"),  # the jdlens error code: JDL009 unreadable, JDL007 over the limit, ...
    ],
    "skills": [
        ("skill_id", "VARCHAR"),
        ("name", "VARCHAR"),
        ("category", "VARCHAR"),
        ("subcategory", "VARCHAR"),
    ],
    "sources": [
        ("source_id", "VARCHAR"),
        ("name", "VARCHAR"),
        ("path", "VARCHAR"),
        ("layout", "VARCHAR"),
        ("dedupe", "BOOLEAN"),
        ("rows_done", "BIGINT"),
        ("rows_total", "BIGINT"),
        ("postings", "BIGINT"),
        ("duplicates", "BIGINT"),
        ("bad_rows", "BIGINT"),
        ("complete", "BOOLEAN"),
        ("analyzer", "VARCHAR"),
        ("started_at", "TIMESTAMP"),
        ("finished_at", "TIMESTAMP"),
    ],
    "meta": [("key", "VARCHAR"), ("value", "VARCHAR")],
}
# the analysis-derived tables, written per window
DATA_TABLES = (
    "postings",
    "posting_skills",
    "experience",
    "experience_by_degree",
    "education",
    "education_fields",
    "salaries",
    "red_flags",
    "descriptions",
    "duplicates",
    "bad_rows",
)


def meta_rows() -> list[tuple[str, str]]:
    """The ``meta`` table of a new store: the schema version and the currency statement."""
    table = nz.currency_table()
    note = f"{table['target']} at the rates of {table['date']} ({table['source'].strip().rstrip('.')})"
    return [("schema_version", SCHEMA_VERSION), ("currency", note)]


def connect(db: str | Path, *, read_only: bool = False) -> Any:
    """Open (or create) the market database; errors become MarketError (JDL040)."""
    import duckdb

    path = Path(db)
    if read_only and not path.is_file():
        raise MarketError("JDL040", reason=f"no market database at {path} (run `jdlens market ingest` first)")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    config: dict[str, Any] = {"memory_limit": os.environ.get("JDLENS_DUCKDB_MEMORY", "1GB")}
    try:
        con = duckdb.connect(str(path), read_only=read_only, config=config)
    except (duckdb.Error, OSError) as exc:
        raise MarketError("JDL040", reason=f"{path}: {str(exc).splitlines()[0]}") from exc
    if not read_only:
        ensure_schema(con)
    elif not _has_table(con, "postings"):
        raise MarketError("JDL040", reason=f"{path} is not a jdlens market database")
    return con


def _has_table(con: Any, name: str) -> bool:
    rows = con.execute("SELECT 1 FROM information_schema.tables WHERE table_name = ?", [name]).fetchall()
    return bool(rows)


def ensure_schema(con: Any) -> None:
    for name, cols in TABLES.items():
        body = ", ".join(f"{c} {t}" for c, t in cols)
        con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({body})")
    have = set(con.execute("SELECT table_name, column_name FROM information_schema.columns").fetchall())
    for name, cols in TABLES.items():
        for column, kind in cols:  # a column added since the database was made (always at the end)
            if (name, column) not in have:
                con.execute(f"ALTER TABLE {name} ADD COLUMN {column} {kind}")
    version = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    if not version:
        con.executemany("INSERT INTO meta VALUES (?, ?)", meta_rows())
    elif version[0][0] != SCHEMA_VERSION:
        raise MarketError("JDL040", reason=f"schema version {version[0][0]}, expected {SCHEMA_VERSION}")
