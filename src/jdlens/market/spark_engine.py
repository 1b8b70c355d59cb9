"""PySpark backend: the same ``jdlens.analyze`` runs on the executors (``mapInPandas``), and the same report
SQL runs on Spark SQL. PySpark is imported only here, only when asked for.

``master`` is ``local[*]`` by default (or ``JDLENS_SPARK_MASTER``); a cluster URL works the same way as
long as the executors have jdlens installed.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from jdlens.errors import InputError, JdlensError, MarketError
from jdlens.job.pipeline import analyze
from jdlens.market.database import TABLES
from jdlens.models import JobAnalysis

_SESSION: dict[str, Any] = {}
RESULT_SCHEMA = "idx long, ok boolean, payload string"


def get_session(master: str | None = None) -> Any:
    """A SparkSession (created once per process); executors use this interpreter."""
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    url = master or os.environ.get("JDLENS_SPARK_MASTER") or "local[*]"
    if url in _SESSION:
        return _SESSION[url]
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise MarketError("JDL040", reason="PySpark is not installed (pip install 'jdlens[spark]')") from exc
    session = (
        SparkSession.builder.master(url)
        .appName("jdlens")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", os.environ.get("JDLENS_SPARK_PARTITIONS", "2"))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.memory", os.environ.get("JDLENS_SPARK_DRIVER_MEMORY", "2g"))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    _SESSION[url] = session
    return session


def stop_sessions() -> None:
    for url in list(_SESSION):
        _SESSION.pop(url).stop()


def analyze_partition(batches: Iterator[Any]) -> Iterator[Any]:
    """Executor side: analyze each row with ``jdlens.analyze``; errors travel as their code and message."""
    import pandas as pd

    for pdf in batches:
        out = []
        for idx, text, title in zip(pdf["idx"], pdf["text"], pdf["title"], strict=True):
            try:
                result = analyze(text, title=title if isinstance(title, str) else None)
                out.append((int(idx), True, json.dumps(result.to_dict())))
            except JdlensError as exc:
                out.append((int(idx), False, json.dumps({"code": exc.code, "message": exc.message})))
        yield pd.DataFrame(out, columns=["idx", "ok", "payload"])


def _decode(ok: bool, payload: str) -> JobAnalysis | JdlensError:
    data = json.loads(payload)
    if ok:
        return JobAnalysis.model_validate(data)
    err = InputError(data["code"])
    err.message = data["message"]
    return err


def spark_analyzer(master: str | None = None, workers: int | None = None) -> Any:
    """An analyzer for the ingest that runs each window of postings as one Spark job."""
    import pandas as pd

    session = get_session(master)
    slots = workers or session.sparkContext.defaultParallelism

    def run(texts: list[str], titles: list[str | None]) -> Iterable[JobAnalysis | JdlensError]:
        pdf = pd.DataFrame({"idx": range(len(texts)), "text": texts, "title": titles})
        frame = session.createDataFrame(pdf, schema="idx long, text string, title string")
        parts = max(1, min(len(texts), 4 * slots))
        out = frame.repartition(parts).mapInPandas(analyze_partition, schema=RESULT_SCHEMA).toPandas()
        out = out.sort_values("idx")
        return [_decode(bool(ok), payload) for ok, payload in zip(out["ok"], out["payload"], strict=True)]

    return run


class SparkSQLEngine:
    """Report SQL on Spark: the market tables are exported to Parquet and registered as views."""

    name = "spark"

    def __init__(self, session: Any, folder: Path) -> None:
        self.session = session
        self.folder = folder

    @classmethod
    def from_duckdb(cls, con: Any, master: str | None = None) -> SparkSQLEngine:
        session = get_session(master)
        folder = Path(tempfile.mkdtemp(prefix="jdlens-spark-"))
        for table in TABLES:
            path = folder / f"{table}.parquet"
            con.execute(f"COPY {table} TO '{path}' (FORMAT PARQUET)")
            session.read.parquet(str(path)).createOrReplaceTempView(table)
            session.catalog.cacheTable(table)
        return cls(session, folder)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.session.sql(sql).collect()]

    def register(self, name: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        from pyspark.sql.types import StringType, StructField, StructType

        schema = StructType([StructField(c, StringType()) for c in columns])
        self.session.createDataFrame(rows, schema=schema).createOrReplaceTempView(name)

    def close(self) -> None:
        for table in TABLES:
            self.session.catalog.uncacheTable(table)
        shutil.rmtree(self.folder, ignore_errors=True)
