"""The PySpark path (local[*]): the same analysis on the executors and the same report SQL on Spark SQL
give exactly what the DuckDB path gives."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from conftest import DATA
from jdlens.market.engines import DuckDBEngine
from jdlens.market.filters import Filters
from jdlens.market.reports import compute_report
from jdlens.market.schema import TABLES
from jdlens.market.store import ingest_files

pytest.importorskip("pyspark", reason="PySpark is not installed (the spark extra)")
pytestmark = pytest.mark.spark

SAMPLE = DATA / "market" / "hn_ml_sample.jsonl"


@pytest.fixture(scope="module")
def spark():
    from jdlens.market.spark_session import get_session, stop_sessions

    session = get_session("local[2]")
    yield session
    stop_sessions()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[:14]
    lines.insert(5, json.dumps({"id": "blank", "time": "1767374628", "text": " "}))  # one bad row
    path = tmp_path_factory.mktemp("spark") / "posts.jsonl"
    path.write_text("\n".join(lines + lines[:2]) + "\n", encoding="utf-8")  # and two duplicates
    return path


def dump(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table, cols in TABLES.items():
            names = [c for c, _ in cols if c not in ("started_at", "finished_at")]
            out[table] = sorted(con.execute(f"SELECT {', '.join(names)} FROM {table}").fetchall(), key=repr)
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def local_db(corpus) -> Path:
    db = corpus.parent / "local.duckdb"
    ingest_files([corpus], db, workers=1)
    return db


def test_spark_ingest_stores_exactly_what_the_local_ingest_stores(spark, corpus, local_db):
    db = corpus.parent / "spark.duckdb"
    result = ingest_files([corpus], db, engine="spark", spark_master="local[2]", batch_size=8)
    assert result.files[0].bad_rows == 1 and result.duplicates == 2
    local, remote = dump(local_db), dump(db)
    assert remote["postings"] and remote["posting_skills"]
    assert remote == local


def test_spark_report_tables_are_identical(spark, local_db):
    on_duckdb = compute_report(local_db)
    on_spark = compute_report(local_db, engine="spark", spark_master="local[2]")
    assert [t.name for t in on_spark.tables] == [t.name for t in on_duckdb.tables]
    for a, b in zip(on_spark.tables, on_duckdb.tables, strict=True):
        assert a == b, a.name


def test_filters_select_the_same_postings_on_both_engines(spark, local_db):
    from jdlens.market.engines import SparkSQLEngine

    predicate = Filters(
        role="ml_engineer,software_engineer",
        seniority="senior,mid",
        location="remote",
        since="2026-01-01",
        until="2026-12-31",
    ).predicate()
    query = f"SELECT posting_id FROM postings WHERE {predicate} ORDER BY posting_id"
    con = duckdb.connect(str(local_db), read_only=True)
    try:
        engine = SparkSQLEngine.over_duckdb(con, master="local[2]")
        assert engine.rows(query) == DuckDBEngine(con).rows(query)
    finally:
        con.close()
