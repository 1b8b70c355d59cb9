"""The market database's schema: its tables and columns, opening a database, creating the tables."""

from __future__ import annotations

import os
from importlib import metadata
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
    "posting_places": [
        ("posting_id", "BIGINT"),
        ("place_no", "INTEGER"),
        ("city", "VARCHAR"),
        ("state", "VARCHAR"),
        ("country", "VARCHAR"),
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
        ("position", "VARCHAR"),
        ("code", "VARCHAR"),
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
# What every table and column holds: written into each database as COMMENT ON, and the column
# reference of docs/market.md (``schema_markdown``; tests/test_market_report.py keeps the two equal).
DESCRIPTIONS: dict[str, tuple[str, dict[str, str]]] = {
    "postings": (
        "one row per posting stored (a description seen before is not stored again unless dedupe is off)",
        {
            "posting_id": "stable id: a hash of the source id and the row number",
            "source_id": "the source file (sources.source_id)",
            "row_no": "the row's number in its source file, from 0, in file order",
            "native_id": "the id the source gives the posting, if any",
            "desc_hash": "hash of the normalized description (case, markup, punctuation and spacing removed)",
            "title": "job title: the source's, else the first line the analysis read as a title",
            "company": "employer name as the source gives it",
            "board": "job board or site the source names",
            "date_posted": "posting date the source gives",
            "month": "YYYY-MM of date_posted",
            "role": "role category the text describes (its duties and skills), which may differ from the title",
            "role_confidence": "0..1, how clearly the text points to that role",
            "seniority": "level: from the title's level words, else the years asked for, else the duties",
            "source_seniority": "the level the source states, if any (not used for seniority)",
            "city": "city, from the source's place fields, else from the text",
            "state": "state or region code (US states, Canadian provinces, ISO 3166-2 regions)",
            "country": "ISO 3166-1 alpha-2 country code",
            "remote": "remote, hybrid or onsite; NULL: not stated",
            "location_origin": "where the place came from: source (its fields) or description (the text)",
            "company_size": "company size bucket in employees, from the source (e.g. Glassdoor's size)",
            "company_size_min": "the bucket's lower bound in employees (for ordering)",
            "industry": "industry as the source states it",
            "employment_type": "full-time, contract, ... as the source states it",
            "url": "the posting's address, if the source gives it",
            "n_skills": "number of distinct skills the text states (implied ones not counted)",
            "n_red_flags": "number of red flags raised (see red_flags)",
        },
    ),
    "posting_places": (
        "one row per posting and place it names ('New York, NY or San Francisco, CA' is two; the first is "
        "postings.city, state and country)",
        {
            "posting_id": "the posting (postings.posting_id)",
            "place_no": "the place's position in the posting's order, from 0 (0 is the place in postings)",
            "city": "city, as in postings.city (other names of one city merged)",
            "state": "state or region code, as in postings.state",
            "country": "ISO 3166-1 alpha-2 country code",
        },
    ),
    "posting_skills": (
        "one row per posting and skill, stated or implied",
        {
            "posting_id": "the posting (postings.posting_id)",
            "skill_id": "taxonomy skill id (skills.skill_id)",
            "category": "the skill's taxonomy category",
            "requirement": "required (in the requirements), preferred (nice to have) or unspecified",
            "priority": "0..1, how much a hiring manager screens for it in this posting",
            "implied": "true: the text implies the skill (a member of a stated group) without naming it",
        },
    ),
    "experience": (
        "one row per posting stating years of experience",
        {
            "posting_id": "the posting (postings.posting_id)",
            "min_years": "the smallest number of years the requirements ask for",
            "max_years": "the upper end of a stated range, if any",
        },
    ),
    "experience_by_degree": (
        "one row per posting and degree with years stated for that degree ('BS + 5 years or MS + 3 years')",
        {
            "posting_id": "the posting (postings.posting_id)",
            "degree": "bachelor, master or phd",
            "min_years": "years asked for with that degree",
        },
    ),
    "education": (
        "one row per posting stating a degree",
        {
            "posting_id": "the posting (postings.posting_id)",
            "min_degree": "the lowest degree the requirements ask for; none: no required degree found "
            "(or only a high-school diploma)",
            "preferred_degree": "a higher degree the text prefers, if any",
            "equivalent_experience": "true: the text accepts equivalent experience instead of the degree",
        },
    ),
    "education_fields": (
        "one row per posting and field of study it names",
        {
            "posting_id": "the posting (postings.posting_id)",
            "field": "field of study, canonical name (extract/data/degree_fields.yaml)",
        },
    ),
    "salaries": (
        "one row per posting with pay, made annual and converted to US dollars",
        {
            "posting_id": "the posting (postings.posting_id)",
            "min_annual": "lower end, USD a year",
            "max_annual": "upper end, USD a year",
            "mid_annual": "(min_annual + max_annual) / 2",
            "currency": "the original currency (ISO 4217)",
            "period": "the original pay period (year, month, week, day, hour)",
            "min_orig": "lower end in the original currency and period",
            "max_orig": "upper end in the original currency and period",
            "usd_per_unit": "the exchange rate used: USD per unit of the original currency",
            "origin": "source (the source's salary fields), source estimate (a job board's estimate) or "
            "description (a range stated in the text)",
        },
    ),
    "red_flags": (
        "one row per posting and red flag",
        {"posting_id": "the posting (postings.posting_id)", "code": "red flag code (see docs/analysis.md)"},
    ),
    "descriptions": (
        "one row per distinct description",
        {
            "desc_hash": "hash of the normalized description (postings.desc_hash)",
            "text": "the description text (stored with zstd compression)",
        },
    ),
    "duplicates": (
        "one row per row folded because its normalized description was already stored",
        {
            "source_id": "the source file (sources.source_id)",
            "row_no": "the row's number in its source file",
            "desc_hash": "the description it repeats (descriptions.desc_hash)",
        },
    ),
    "bad_rows": (
        "one row per row skipped: unreadable, without description text, or rejected by the analysis",
        {
            "source_id": "the source file (sources.source_id)",
            "row_no": "the row's 0-based record index in its source file; NULL when it could not be numbered",
            "reason": "why it was skipped",
            "position": 'where in its file: "line N" (CSV, JSON Lines) or "record N" (JSON, Parquet); '
            "NULL when the Spark engine wrote it (it reads a file in splits)",
            "code": "the jdlens error code (JDL009 unreadable, JDL007 over a limit, ...)",
        },
    ),
    "skills": (
        "the skill taxonomy the analysis used, one row per skill",
        {
            "skill_id": "taxonomy skill id",
            "name": "display name",
            "category": "category id (labels in data/labels.yaml)",
            "subcategory": "subcategory, if any",
        },
    ),
    "sources": (
        "one row per source file ingested: counts and progress",
        {
            "source_id": "hash of the file's bytes",
            "name": "parent folder and file name",
            "path": "the path or URI it was read from",
            "layout": "the column preset or mapping used",
            "dedupe": "whether duplicates were folded",
            "rows_done": "rows committed so far (the resume watermark)",
            "rows_total": "rows in the file, when known before reading",
            "postings": "postings stored from it",
            "duplicates": "rows folded as duplicates",
            "bad_rows": "rows skipped",
            "complete": "true once every row is stored",
            "analyzer": "versions of the analysis (JSON)",
            "started_at": "when the ingest of this file started",
            "finished_at": "when it finished",
        },
    ),
    "meta": (
        "settings of the database: schema version, currency statement, DuckDB version that created it",
        {"key": "setting name", "value": "setting value"},
    ),
}
# the analysis-derived tables, written per window
DATA_TABLES = (
    "postings",
    "posting_places",
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
    """The ``meta`` table of a new store: the schema version, the currency statement and the DuckDB
    version that writes it (a client of that version opens the file)."""
    table = nz.currency_table()
    note = f"{table['target']} at the rates of {table['date']} ({table['source'].strip().rstrip('.')})"
    return [("schema_version", SCHEMA_VERSION), ("currency", note), ("duckdb_version", duckdb_version())]


def duckdb_version() -> str:
    """The version of the installed DuckDB package (the one ``pyproject.toml`` pins)."""
    try:
        return metadata.version("duckdb")
    except metadata.PackageNotFoundError:
        return "unknown"


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def comment_statements() -> list[str]:
    """``COMMENT ON`` for every table and column of ``DESCRIPTIONS``."""
    out = []
    for table, (about, columns) in DESCRIPTIONS.items():
        out.append(f"COMMENT ON TABLE {table} IS {_quoted(about)}")
        out.extend(f"COMMENT ON COLUMN {table}.{c} IS {_quoted(text)}" for c, text in columns.items())
    return out


def schema_markdown() -> str:
    """The column reference of docs/market.md, from ``TABLES`` and ``DESCRIPTIONS``."""
    lines = []
    for table, cols in TABLES.items():
        about, columns = DESCRIPTIONS[table]
        lines += [f"**`{table}`**: {about}.", "", "| column | type | what it holds |", "|---|---|---|"]
        lines += [f"| `{c}` | {t} | {columns[c]} |" for c, t in cols]
        lines.append("")
    return "\n".join(lines)


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


# Columns stored with a compression of their own instead of the one DuckDB picks at each checkpoint. A
# posting's text (kilobytes, most of a database's bytes): zstd writes it in about two thirds of the CPU
# time of the dictionary and FSST analysis DuckDB runs otherwise, and in half the space
# (docs/benchmarks.md, "The database's writes").
COMPRESSION: dict[tuple[str, str], str] = {("descriptions", "text"): "zstd"}


def _column_sql(table: str, column: str, kind: str) -> str:
    """A column's definition, as created with its table or added to it later."""
    method = COMPRESSION.get((table, column))
    return f"{column} {kind} USING COMPRESSION {method}" if method else f"{column} {kind}"


def _has_table(con: Any, name: str) -> bool:
    rows = con.execute("SELECT 1 FROM information_schema.tables WHERE table_name = ?", [name]).fetchall()
    return bool(rows)


def ensure_schema(con: Any) -> None:
    for name, cols in TABLES.items():
        body = ", ".join(_column_sql(name, c, t) for c, t in cols)
        con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({body})")
    have = set(con.execute("SELECT table_name, column_name FROM information_schema.columns").fetchall())
    for name, cols in TABLES.items():
        for column, kind in cols:  # a column added since the database was made (always at the end)
            if (name, column) not in have:
                con.execute(f"ALTER TABLE {name} ADD COLUMN {_column_sql(name, column, kind)}")
    for statement in comment_statements():
        con.execute(statement)
    version = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    if not version:
        con.executemany("INSERT INTO meta VALUES (?, ?)", meta_rows())
    elif version[0][0] != SCHEMA_VERSION:
        raise MarketError("JDL040", reason=f"schema version {version[0][0]}, expected {SCHEMA_VERSION}")
