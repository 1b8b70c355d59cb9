"""The two SQL engines the report runs on, over the same tables: DuckDB and Spark SQL.

Either reads a DuckDB market database (``--db``) or the Parquet tables a Spark ingest wrote
(``--tables URI``, see ``lake``). The report's SQL text is the same for both.
"""

from __future__ import annotations

import os
import typing
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jdlens.errors import MarketError
from jdlens.market import lake
from jdlens.market.database import TABLES, connect
from jdlens.market.spark_session import get_session, spark_failure

Rows = list[tuple[Any, ...]]
ENGINES = ("duckdb", "spark")


class Engine(typing.Protocol):
    name: str

    def rows(self, sql: str) -> Rows: ...

    def register(self, name: str, columns: Sequence[str], rows: Rows) -> None: ...


class DuckDBEngine:
    """Runs report SQL on an open DuckDB connection."""

    name = "duckdb"

    def __init__(self, con: Any) -> None:
        self.con = con

    def rows(self, sql: str) -> Rows:
        return [tuple(r) for r in self.con.execute(sql).fetchall()]

    def register(self, name: str, columns: Sequence[str], rows: Rows) -> None:
        import pyarrow as pa

        data = {c: [r[i] for r in rows] for i, c in enumerate(columns)}
        self.con.register(
            name, pa.table(data) if rows else pa.table({c: pa.array([], pa.string()) for c in columns})
        )


def duckdb_over_tables(uri: str) -> Any:
    """An in-memory DuckDB connection whose views are the Parquet tables at ``uri`` (complete sources)."""
    import duckdb

    where = lake.local_path(uri)
    if where is not None and not Path(where, "sources").is_dir():
        raise MarketError("JDL040", reason=f"no market tables at {uri} (run `jdlens market ingest --tables`)")
    con = duckdb.connect(":memory:", config={"memory_limit": os.environ.get("JDLENS_DUCKDB_MEMORY", "1GB")})
    root = where if where is not None else uri
    try:
        for table in ("sources", *[t for t in TABLES if t != "sources"]):
            con.execute(f"CREATE VIEW {table} AS {_duckdb_view(con, root, table)}")
    except duckdb.Error as exc:
        con.close()
        raise MarketError("JDL040", reason=f"{uri}: {str(exc).splitlines()[0]}") from exc
    return con


def _duckdb_view(con: Any, root: str, table: str) -> str:
    glob = lake.table_glob(root, table)
    found = con.execute("SELECT count(*) FROM glob(?)", [glob]).fetchone()
    if not (found and found[0]):
        return f"SELECT {lake.select_list(table)} FROM {_empty(table)}"
    if table not in lake.DATA_TABLES:
        return f"SELECT {lake.select_list(table)} FROM read_parquet({glob!r})"
    return (
        f"SELECT {lake.select_list(table)} FROM read_parquet({glob!r}, filename = true) "
        f"WHERE {lake.source_of('filename')} IN (SELECT source_id FROM sources)"
    )


def _empty(table: str) -> str:
    nulls = ", ".join(f"CAST(NULL AS {t}) AS {c}" for c, t in TABLES[table])
    return f"(SELECT {nulls} WHERE FALSE)"


class SparkSQLEngine:
    """Runs report SQL on Spark SQL over temporary views of the market tables."""

    name = "spark"

    def __init__(self, session: Any) -> None:
        self.session = session
        self.cached: list[Any] = []

    def keep(self, frame: Any) -> Any:
        """``frame`` cached on the executors: the report's queries read each table once from storage
        (listing its files and keeping complete sources once), then from the cache."""
        kept = frame.cache()
        self.cached.append(kept)
        return kept

    def release(self) -> None:
        """Drop the cached tables (the session lives on, for the next report)."""
        with spark_failure("releasing the cached tables"):
            while self.cached:
                self.cached.pop().unpersist()

    @classmethod
    def over_tables(cls, uri: str, master: str | None = None) -> SparkSQLEngine:
        """Views over the Parquet tables at ``uri`` (any URI the cluster's Hadoop can read)."""
        session = get_session(master, short=True)
        engine = cls(session)
        with spark_failure(f"reading the tables at {uri}"):
            done = complete_sources(session, uri)
            for table in TABLES:
                engine.keep(spark_table(session, uri, table, done)).createOrReplaceTempView(table)
        return engine

    @classmethod
    def over_duckdb(cls, con: Any, master: str | None = None) -> SparkSQLEngine:
        """Views over a DuckDB database's tables, shipped to the executors as Arrow data (no shared files)."""
        session = get_session(master, short=True)
        engine = cls(session)
        with spark_failure("loading the database into Spark"):
            for table, cols in TABLES.items():
                schema = ", ".join(f"{c} {lake.SQL_TYPES.get(t, t)}" for c, t in cols)
                pdf = con.execute(f"SELECT * FROM {table}").df()
                engine.keep(session.createDataFrame(pdf, schema=schema)).createOrReplaceTempView(table)
        return engine

    def rows(self, sql: str) -> Rows:
        with spark_failure("a report query"):
            return [tuple(r) for r in self.session.sql(sql).collect()]

    def register(self, name: str, columns: Sequence[str], rows: Rows) -> None:
        from pyspark.sql.types import StringType, StructField, StructType

        schema = StructType([StructField(c, StringType()) for c in columns])
        self.session.createDataFrame(rows, schema=schema).createOrReplaceTempView(name)


def spark_table(session: Any, uri: str, table: str, done: Sequence[str] | None = None) -> Any:
    """A table's rows of complete sources (``done``: their ids, else read from the ``sources`` table), in
    the store's columns and types; empty when none were written. Read with the store's schema (no file
    is opened to infer one) and the ``source=<id>`` folders as a partition column, so that the sources
    are kept by partition pruning when the files are listed, not row by row."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import StructType

    path = lake.table_uri(uri, table)
    jvm = session.sparkContext._jvm
    hpath = jvm.org.apache.hadoop.fs.Path(path)
    fs = hpath.getFileSystem(session.sparkContext._jsc.hadoopConfiguration())
    schema = ", ".join(f"{c} {lake.SQL_TYPES.get(t, t)}" for c, t in TABLES[table])
    if not fs.exists(hpath):
        if table == "sources":
            raise MarketError(
                "JDL040", reason=f"no market tables at {uri} (run `jdlens market ingest --tables`)"
            )
        return session.createDataFrame([], schema=StructType.fromDDL(schema))
    if table not in lake.PARTITIONED:
        return session.read.schema(schema).parquet(path)
    frame = session.read.schema(f"{schema}, {lake.PARTITION_KEY} string").parquet(path)
    if table in lake.DATA_TABLES:
        ids = list(done) if done is not None else complete_sources(session, uri)
        frame = frame.where(F.col(lake.PARTITION_KEY).isin(ids))
    return frame.drop(lake.PARTITION_KEY)


def complete_sources(session: Any, uri: str) -> list[str]:
    """The ids of the sources whose ``sources`` row (their commit) is written."""
    return [r[0] for r in spark_table(session, uri, "sources").select("source_id").collect()]


@contextmanager
def open_engine(
    *,
    db: str | Path | None = None,
    tables: str | None = None,
    engine: str = "duckdb",
    master: str | None = None,
) -> Iterator[Engine]:
    """The report engine over a DuckDB database (``db``) or Parquet tables (``tables``)."""
    if engine not in ENGINES:
        raise MarketError("JDL040", reason=f"unknown engine {engine!r} (use duckdb or spark)")
    if (db is None) == (tables is None):
        raise MarketError("JDL040", reason="give either a database (--db) or a tables URI (--tables)")
    if tables is not None:
        if engine == "spark":
            spark = SparkSQLEngine.over_tables(tables, master)
            try:
                yield spark
            finally:
                spark.release()
            return
        con = duckdb_over_tables(tables)
    else:
        con = connect(db, read_only=True)  # type: ignore[arg-type]
    try:
        if engine != "spark":
            yield DuckDBEngine(con)
            return
        spark = SparkSQLEngine.over_duckdb(con, master)
        try:
            yield spark
        finally:
            spark.release()
    finally:
        con.close()
