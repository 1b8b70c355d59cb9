"""The market on Spark, run as on a cluster: ``local-cluster`` (separate executor JVMs and Python workers,
no shared driver state), input and output on ``file:`` URIs away from the driver's working directory.

The Spark job writes exactly the tables the DuckDB ingest stores; the report is the same from the
database, from the Parquet tables on DuckDB and from the Parquet tables on Spark SQL."""

from __future__ import annotations

import csv
import gzip
import json
import os
from pathlib import Path

import duckdb
import pytest

from conftest import DATA
from jdlens.errors import InputError, MarketError
from jdlens.market.database import TABLES
from jdlens.market.engines import DuckDBEngine, SparkSQLEngine, duckdb_over_tables
from jdlens.market.filters import Filters
from jdlens.market.reports import compute_report
from jdlens.market.spark_session import get_session
from jdlens.market.store import ingest_files
from jdlens.sources.columns import resolve_mapping

pytest.importorskip("pyspark", reason="PySpark is not installed (the spark extra)")
pytestmark = pytest.mark.spark

SAMPLE = DATA / "market" / "hn_ml_sample.jsonl"
MASTER = "local-cluster[2,1,1024]"
VOLATILE = {"started_at", "finished_at", "path"}  # when and from where: not content


@pytest.fixture(scope="module")
def spark():
    from jdlens.market.spark_session import get_session, stop_sessions

    session = get_session(MASTER)
    yield session
    stop_sessions()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    """Three formats: gzip JSON Lines (a blank text, an invalid line, two duplicates), CSV with quoted
    line breaks, Parquet; the later files repeat a description of the first."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    posts = [json.loads(x) for x in lines[:22]]
    folder = tmp_path_factory.mktemp("spark-input")
    first = lines[:10]
    first.insert(4, json.dumps({"id": "blank", "time": "1767374628", "text": " "}))
    first.insert(6, "{not json")
    jsonl = folder / "posts.jsonl.gz"
    jsonl.write_bytes(gzip.compress(("\n".join(first + lines[:2]) + "\n\n").encode()))
    table = folder / "posts.csv"
    with table.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "title", "description"])
        writer.writeheader()
        for p in [*posts[10:16], posts[0]]:
            writer.writerow({"id": p["id"], "title": "Machine Learning Engineer", "description": p["text"]})
    import pyarrow as pa
    import pyarrow.parquet as pq

    rest = [*posts[16:22], posts[11]]
    parquet = folder / "posts.parquet"
    pq.write_table(
        pa.table({"id": [p["id"] for p in rest], "description": [p["text"] for p in rest]}), parquet
    )
    return [jsonl, table, parquet]


def dump(con) -> dict[str, list[tuple]]:
    out = {}
    for table, cols in TABLES.items():
        names = [c for c, _ in cols if c not in VOLATILE]
        out[table] = sorted(con.execute(f"SELECT {', '.join(names)} FROM {table}").fetchall(), key=repr)
    return out


@pytest.fixture(scope="module")
def local_db(corpus) -> Path:
    db = corpus[0].parent.parent / "local.duckdb"
    ingest_files(corpus, db, workers=1)
    return db


@pytest.fixture(scope="module")
def lake(spark, corpus, tmp_path_factory) -> str:
    uri = (tmp_path_factory.mktemp("spark-output") / "tables").as_uri()
    result = ingest_files(
        [f.as_uri() for f in corpus], engine="spark", tables=uri, spark_master=MASTER, batch_size=4
    )
    assert [f.already_ingested for f in result.files] == [False, False, False]
    assert result.files[0].bad_rows == 2 and result.files[0].duplicates == 2
    return uri


def test_executors_are_separate_processes(spark):
    pids = spark.sparkContext.parallelize(range(4), 2).map(lambda _: os.getpid()).collect()
    assert os.getpid() not in pids


def persisted(spark) -> int:
    """How many RDDs (persisted plans, analyses, cached tables) the session still keeps."""
    return int(spark.sparkContext._jsc.getPersistentRDDs().size())


def test_shuffle_partitions_default_to_two_per_executor_core(spark):
    if "JDLENS_SPARK_PARTITIONS" in os.environ:
        pytest.skip("JDLENS_SPARK_PARTITIONS names the shuffle partitions")
    cores = spark.sparkContext.defaultParallelism
    assert spark.conf.get("spark.sql.shuffle.partitions") == str(max(2, 2 * cores)) != "200"


class _Conf(dict):
    def contains(self, key):
        return key in self


def _session(master, parallelism=2, **conf):
    context = type("Context", (), {"master": master, "defaultParallelism": parallelism})()
    context.getConf = lambda: _Conf({k.replace("_", "."): v for k, v in conf.items()})
    return type("Session", (), {"sparkContext": context})()


def test_shuffle_partitions_are_left_to_spark_when_the_cluster_cores_are_not_known_at_start():
    from jdlens.market.spark_session import shuffle_partitions

    assert shuffle_partitions(_session("local-cluster[2,1,1024]", 2)) == 4
    assert shuffle_partitions(_session("local[1]", 1)) == 2
    assert shuffle_partitions(_session("yarn", 2)) is None  # dynamic allocation: Spark's default stays
    fixed = {"spark_executor_instances": "20", "spark_executor_cores": "4"}
    assert shuffle_partitions(_session("yarn", 2, **fixed)) == 160


def test_the_ingest_releases_what_it_persisted_and_writes_the_dimensions_once(spark, corpus, lake):
    assert persisted(spark) == 0
    root = Path(lake.removeprefix("file://"))
    before = {t: sorted(p.name for p in (root / t).iterdir()) for t in ("skills", "meta")}
    assert all(any(n.startswith("_rows-") for n in names) for names in before.values())
    ingest_files([corpus[0].as_uri()], engine="spark", tables=lake, spark_master=MASTER)
    # the same rows: not rewritten (a rewrite names its part files anew)
    assert {t: sorted(p.name for p in (root / t).iterdir()) for t in ("skills", "meta")} == before
    assert persisted(spark) == 0


def test_spark_job_writes_exactly_the_tables_the_duckdb_store_holds(local_db, lake):
    con = duckdb.connect(str(local_db), read_only=True)
    try:
        local = dump(con)
    finally:
        con.close()
    tables = duckdb_over_tables(lake)
    try:
        written = dump(tables)
    finally:
        tables.close()
    assert written["postings"] and written["posting_skills"] and written["duplicates"]
    # a bad row's position in its file ("line N") is known to the local reader only: Spark reads a file
    # in splits and leaves it NULL; every other column, the code included, is the same
    position = [c for c, _ in TABLES["bad_rows"]].index("position")
    assert [r[position] for r in written["bad_rows"]] == [None] * len(written["bad_rows"])
    for tables_ in (written, local):
        tables_["bad_rows"] = sorted(
            (r[:position] + r[position + 1 :] for r in tables_["bad_rows"]), key=repr
        )
    assert written == local
    assert not Path(lake.removeprefix("file://"), "_staging").exists()


def test_a_second_run_adds_nothing(corpus, lake):
    again = ingest_files([f.as_uri() for f in corpus], engine="spark", tables=lake, spark_master=MASTER)
    assert all(f.already_ingested for f in again.files) and again.postings_added == 0


def test_report_is_the_same_from_the_database_and_from_the_tables_on_both_engines(local_db, lake):
    from_db = compute_report(local_db)
    on_duckdb = compute_report(tables=lake)
    on_spark = compute_report(tables=lake, engine="spark", spark_master=MASTER)
    on_spark_db = compute_report(local_db, engine="spark", spark_master=MASTER)
    assert persisted(get_session(MASTER)) == 0  # the cached tables are released after each report
    names = [t.name for t in from_db.tables]
    assert [t.name for t in on_spark.tables] == names == [t.name for t in on_duckdb.tables]
    for a, b, c, d in zip(from_db.tables, on_duckdb.tables, on_spark.tables, on_spark_db.tables, strict=True):
        assert a == b == c == d, a.name


def test_filters_select_the_same_postings_on_both_engines(spark, local_db):
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
        engine = SparkSQLEngine.over_duckdb(con, master=MASTER)
        try:
            assert engine.rows(query) == DuckDBEngine(con).rows(query)
        finally:
            engine.release()
    finally:
        con.close()
    assert persisted(spark) == 0


def test_spark_analysis_into_a_database_stores_what_the_local_ingest_stores(spark, corpus, local_db):
    db = corpus[0].parent.parent / "spark.duckdb"
    ingest_files(corpus, db, engine="spark", spark_master=MASTER, batch_size=8)
    dumps = []
    for path in (local_db, db):
        con = duckdb.connect(str(path), read_only=True)
        try:
            dumps.append(dump(con))
        finally:
            con.close()
    assert dumps[0] == dumps[1]


def test_an_executor_failure_is_one_coded_error_naming_the_row_and_leaves_no_staging(spark, corpus, tmp_path):
    from jdlens.market.spark_job import SparkIngest
    from jdlens.market.spark_session import spark_failure
    from jdlens.sources.columns import FieldSpec, Layout

    uri = (tmp_path / "tables").as_uri()
    job = SparkIngest(spark, uri, None, {}, True, 4)
    raw, _columns = job.read_rows(corpus[0].as_uri(), "jsonl")
    broken = Layout("broken", {"text": FieldSpec(column="text", op="no_such_op")})
    with pytest.raises(MarketError, match=r"JDL043.*posts\.jsonl\.gz row 0: KeyError"):
        with spark_failure("planning"):
            job.plan(raw, "jsonl", broken, corpus[0].as_uri(), job.partitions(12))
    with pytest.raises(MarketError, match="JDL043") as caught:
        job.ingest_source(corpus[0].as_uri(), "0" * 32, broken)
    assert "Traceback" not in str(caught.value) and "\n" not in str(caught.value)
    assert not (tmp_path / "tables" / "_staging").exists()
    job.release()
    assert persisted(spark) == 0


def test_a_missing_input_is_file_not_found(spark, tmp_path):
    with pytest.raises(InputError, match="JDL001"):
        ingest_files([(tmp_path / "nope.jsonl").as_uri()], engine="spark", tables=(tmp_path / "t").as_uri())


class _Recorder:
    """A stand-in for the py4j JVM view: records the log levels set through it."""

    def __init__(self, calls, path=""):
        self._calls, self._path = calls, path

    def __getattr__(self, name):
        return _Recorder(self._calls, f"{self._path}.{name}".lstrip("."))

    def __call__(self, *args):
        self._calls.append((self._path, args))


def test_stopping_a_session_quiets_only_the_rpc_and_cluster_loggers(monkeypatch):
    from jdlens.market.spark_session import SHUTDOWN_LOGGERS, quiet_shutdown

    calls: list = []
    session = type("Session", (), {"sparkContext": type("Context", (), {"_jvm": _Recorder(calls)})()})()
    monkeypatch.delenv("JDLENS_SPARK_LOG_LEVEL", raising=False)
    quiet_shutdown(session)
    assert [args[0] for _path, args in calls] == list(SHUTDOWN_LOGGERS)
    assert all(path.endswith("Configurator.setLevel") for path, _args in calls)
    assert not any(name in ("org.apache.spark", "jdlens", "") for name in SHUTDOWN_LOGGERS)
    calls.clear()
    monkeypatch.setenv("JDLENS_SPARK_LOG_LEVEL", "INFO")  # asked for Spark's logs: nothing quieted
    quiet_shutdown(session)
    assert calls == []


def test_a_report_session_defaults_to_quick_jit_compiles_unless_the_configuration_names_them(
    monkeypatch, tmp_path
):
    from jdlens.market.spark_session import DEFAULT_JAVA_OPTIONS, _named_elsewhere

    monkeypatch.setenv("SPARK_CONF_DIR", str(tmp_path))
    monkeypatch.delenv("PYSPARK_SUBMIT_ARGS", raising=False)
    assert not any(_named_elsewhere(k) for k in DEFAULT_JAVA_OPTIONS)
    (tmp_path / "spark-defaults.conf").write_text("spark.executor.defaultJavaOptions -Xss4m\n")
    assert [_named_elsewhere(k) for k in DEFAULT_JAVA_OPTIONS] == [False, True]
    monkeypatch.setenv("PYSPARK_SUBMIT_ARGS", "--conf spark.driver.defaultJavaOptions=-Xss4m pyspark-shell")
    assert all(_named_elsewhere(k) for k in DEFAULT_JAVA_OPTIONS)


def test_the_deduplication_and_analysis_partitions_hold_about_one_batch(spark):
    from jdlens.market.spark_job import SparkIngest

    job = SparkIngest(spark, "file:///unused", None, {}, True, 5000)
    cores = spark.sparkContext.defaultParallelism
    assert job.partitions(3) == min(3, 2 * cores)
    assert job.partitions(10_000) == 2 * cores
    assert job.partitions(100_000) == 20 and job.partitions(1_000_000) == 200


def test_the_plan_is_persisted_in_partitions_of_about_one_batch_not_in_the_reads_splits(spark, corpus):
    """A persisted partition is held whole on an executor's heap while it is written (the serializer's
    stream keeps what it wrote): the plan is persisted after its partitioning by description key, in
    ``partitions`` of about ``batch_size`` rows, where the read gives one split for the whole file."""
    from jdlens.market.spark_job import SparkIngest

    job = SparkIngest(spark, "file:///unused", None, {}, True, 2)
    uri = corpus[0].as_uri()
    raw, columns = job.read_rows(uri, "jsonl")
    assert raw.rdd.getNumPartitions() == 1
    layout = resolve_mapping(columns, None, {})
    count = int(raw.count())
    _planned, rows, _numbered = job.plan(raw, "jsonl", layout, uri, job.partitions(count))
    try:
        (staged,) = job.persisted
        sizes = staged.rdd.glom().map(len).collect()
        assert len(sizes) == job.partitions(count) == 8 and sum(sizes) == rows >= 12
        assert max(sizes) <= rows // 2  # spread by the description key: no partition holds the file
    finally:
        job.release()


def test_the_content_hash_is_the_stores_source_id_however_the_file_is_read(spark, tmp_path, monkeypatch):
    """Small files are hashed on the executors, large ones read as a stream (a whole file read as one
    row exhausted an executor's heap), locally or through the URI's file system: the same id as the
    DuckDB store's for the same bytes."""
    from jdlens.market import spark_job
    from jdlens.sources.tables import fingerprint

    job = spark_job.SparkIngest(spark, "file:///unused", None, {}, True, 5000)
    big = tmp_path / "big.jsonl"
    big.write_bytes(os.urandom(2 * spark_job.HASH_BLOCK + 12345))
    small = tmp_path / "small.jsonl"
    small.write_bytes(b'{"description": "ML engineer"}\n')
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    files = [big, small, empty]
    want = {f.as_uri(): fingerprint(f) for f in files}
    assert job.fingerprints([f.as_uri() for f in [*files, big]]) == want  # all on the executors
    monkeypatch.setattr(spark_job, "HASH_ON_EXECUTORS", 1000)
    streamed: list[str] = []
    by_uri = {f.as_uri(): f for f in files}
    monkeypatch.setattr(job, "fingerprint", lambda uri: streamed.append(uri) or fingerprint(by_uri[uri]))
    assert job.fingerprints([f.as_uri() for f in files]) == want
    # the large file is streamed; an empty one too (Spark's binaryFile lists no row for it)
    assert big.as_uri() in streamed and small.as_uri() not in streamed
    monkeypatch.undo()
    assert job.fingerprint(big.as_uri()) == want[big.as_uri()]  # a local file, read directly
    assert job.stream_fingerprint(big.as_uri()) == want[big.as_uri()]  # through Hadoop's client
    assert job.stream_fingerprint(empty.as_uri()) == want[empty.as_uri()]
