"""The market ingest as a Spark job: read from any Hadoop-compatible URI, analyse on the executors,
write the market tables as Parquet at a URI (``lake``).

Once per run: the skills and meta tables (rewritten only when their rows change) and every file's
content hash (the source id, the same as the DuckDB store's), in one job on the executors; a source
already complete in the tables is skipped. Then per source file, in as few Spark jobs as the steps
allow (about 15, whatever the file's size):
  1. ``spark.read`` of its rows (text lines for JSON Lines, CSV, Parquet; gzip too), counted (for
     Parquet from the files' footers) to size the partitions, planned on the executors with the DuckDB
     ingest's own code: fields by column preset, description key, bad rows; the plan is
     hash-partitioned by description key into partitions of about ``batch_size`` rows and persisted on
     the executors' disks by the one job that counts each read split's rows, whose start offsets give
     the row numbers in file order;
  2. deduplication by normalized description in Spark, on those partitions (the first row of each key,
     and not a key already stored by an earlier source);
  3. analysis in ``mapInArrow`` on the executors, one Arrow batch (``batch_size`` rows) at a time, into
     every table's rows by the same code as the DuckDB ingest, persisted by the one job that counts
     every table's rows and collects the first bad rows;
  4. each table written from that one analysis to ``URI/<table>/source=<id>/`` (the writes submitted
     together); the ``sources`` row last, as the commit.
Readers only see sources whose ``sources`` row exists, so a killed job leaves nothing visible and a
re-run redoes the unfinished source. The persisted rows live in the executors' local directories and
are released on success and on failure; nothing temporary is written at the URI.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import math
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlparse
from urllib.request import url2pathname

from jdlens.errors import InputError, JdlensError
from jdlens.job.parallel import analyze_one
from jdlens.market import lake
from jdlens.market.database import DATA_TABLES, TABLES, meta_rows
from jdlens.market.engines import spark_table
from jdlens.market.records import record_outcome
from jdlens.market.rows import (
    Planned,
    Window,
    apply_result,
    arrow_types,
    fill_window,
    pending_analyses,
    plan_row,
    skill_rows,
)
from jdlens.market.spark_session import get_session, row_error, spark_failure
from jdlens.models import BadRow, IngestFileResult, IngestResult
from jdlens.sources.columns import Layout, resolve_mapping
from jdlens.sources.tables import RawRow, file_format, fingerprint, flatten, json_record

Progress = Callable[[int, int | None], None]
SPARK_TYPES = {
    "BIGINT": "bigint",
    "VARCHAR": "string",
    "DOUBLE": "double",
    "DATE": "date",
    "BOOLEAN": "boolean",
    "INTEGER": "int",
    "TIMESTAMP": "timestamp",
}
PLAN_COLUMNS = (
    ("block", "bigint"),
    ("idx", "bigint"),
    ("kind", "string"),
    ("reason", "string"),
    ("desc_hash", "bigint"),
    ("fields", "string"),
    ("code", "string"),
)
BLOCK = "_jdlens_block"
CORRUPT = "_jdlens_corrupt"
WRITERS = 4  # table writes submitted at once
HASH_BLOCK = 4 << 20  # bytes of a file read at a time for its content hash
HASH_ON_EXECUTORS = 64 << 20  # files up to this size are hashed on the executors, in one job


def _ddl(cols: Sequence[tuple[str, str]]) -> str:
    return ", ".join(f"{c} {SPARK_TYPES.get(t, t)}" for c, t in cols)


def _union_ddl() -> str:
    parts = [f"{t} struct<{', '.join(f'{c}: {SPARK_TYPES[k]}' for c, k in TABLES[t])}>" for t in DATA_TABLES]
    return "table string, " + ", ".join(parts)


# ---- executor side ----------------------------------------------------------------------------


def _raw_rows(batch: Any, fmt: str) -> Iterator[RawRow | None]:
    """The batch's rows as the local reader gives them; None for a blank JSON line (no row number);
    row_no -1 for a CSV line Spark could not split into the header's fields."""
    if fmt == "jsonl":
        for line in batch.column("value").to_pylist():
            yield json_record(line, 0) if line and line.strip() else None
        return
    names = [n for n in batch.schema.names if n not in (BLOCK, CORRUPT)]
    corrupt = batch.column(CORRUPT).to_pylist() if CORRUPT in batch.schema.names else None
    records = batch.select(names).to_pylist()
    for i, record in enumerate(records):
        if corrupt is not None and corrupt[i] is not None:
            yield RawRow(-1, None, f"a CSV line with the wrong number of fields: {corrupt[i][:80]!r}")
        else:
            yield RawRow(0, flatten(record) if fmt == "parquet" else record)


def plan_partition(batches: Iterator[Any], fmt: str, layout: Layout, source: str) -> Iterator[Any]:
    """Executor side: each row's fields, description key or bad-row reason, and its place in its split."""
    import pyarrow as pa

    schema = pa.schema([(c, pa.int64() if t == "bigint" else pa.string()) for c, t in PLAN_COLUMNS])
    block, idx = None, 0
    for batch in batches:
        out: dict[str, list[Any]] = {c: [] for c, _ in PLAN_COLUMNS}
        blocks = batch.column(BLOCK).to_pylist()
        for start, row in zip(blocks, _raw_rows(batch, fmt), strict=True):
            if row is None:
                continue
            if start != block:
                block, idx = start, 0
            try:
                p = plan_row(row, layout)
            except Exception as exc:  # a bug, not bad data: stop the job, naming the row
                raise row_error(source, idx, exc) from exc
            at = -1 if row.row_no < 0 else idx
            idx += 0 if row.row_no < 0 else 1
            for name, value in zip(
                out,
                (
                    start,
                    at,
                    p.kind,
                    p.reason,
                    p.desc_hash,
                    json.dumps(p.fields) if p.kind == "new" else None,
                    p.code,
                ),
                strict=True,
            ):
                out[name].append(value)
        yield pa.RecordBatch.from_pydict(out, schema=schema)


def analyze_partition(batches: Iterator[Any], source_id: str, source: str, store_text: bool) -> Iterator[Any]:
    """Executor side: analyse one Arrow batch of planned rows; yield every table's rows, tagged."""
    import pyarrow as pa

    for batch in batches:
        plans = [
            Planned(
                int(r["row_no"]) if r["row_no"] is not None else -1,
                r["kind"],
                json.loads(r["fields"]) if r["fields"] else None,
                int(r["desc_hash"] or 0),
                r["reason"],
                new_text=bool(r["new_text"]),
                code=r["code"],
            )
            for r in batch.to_pylist()
        ]
        for group in pending_analyses(plans).values():
            first = group[0]
            fields = first.fields or {}
            try:
                result = record_outcome(analyze_one((fields.get("text"), fields.get("title"))))
            except Exception as exc:  # not a coded rejection: a failure the driver reports with the row
                raise row_error(source, first.row_no, exc) from exc
            apply_result(group, result)
        window = fill_window(Window(), source_id, plans, store_text)
        yield from _tagged(window, pa)


def _tagged(window: Window, pa: Any) -> Iterator[Any]:
    """One record batch per table: its rows in its struct column, the other columns null."""
    types = arrow_types()
    structs = {t: pa.struct([(c, types[k]) for c, k in TABLES[t]]) for t in DATA_TABLES}
    for table in DATA_TABLES:
        rows = window.arrow(table)
        if rows is None:
            continue
        n = rows.num_rows
        columns = [pa.array([table] * n, pa.string())]
        for other in DATA_TABLES:
            if other == table:
                columns.append(
                    pa.StructArray.from_arrays(
                        [c.combine_chunks() for c in rows.columns], fields=list(structs[table])
                    )
                )
            else:
                columns.append(pa.nulls(n, structs[other]))
        yield pa.RecordBatch.from_arrays(columns, names=["table", *DATA_TABLES])


# ---- driver side ------------------------------------------------------------------------------


@dataclass
class SparkIngest:
    """One ingest run into the Parquet tables at ``tables``."""

    session: Any
    tables: str
    preset: str | None
    mapping: dict[str, str]
    dedupe: bool
    batch_size: int
    store_text: bool = True
    progress: Progress | None = None
    versions: str = "{}"
    persisted: list[Any] = field(default_factory=list)

    def fs(self, uri: str) -> tuple[Any, Any]:
        jvm = self.session.sparkContext._jvm
        path = jvm.org.apache.hadoop.fs.Path(uri)
        return path.getFileSystem(self.session.sparkContext._jsc.hadoopConfiguration()), path

    def exists(self, uri: str) -> bool:
        fs, path = self.fs(uri)
        return bool(fs.exists(path))

    def delete(self, uri: str) -> None:
        fs, path = self.fs(uri)
        if fs.exists(path):
            fs.delete(path, True)

    def touch(self, uri: str) -> None:
        fs, path = self.fs(uri)
        fs.create(path, True).close()

    def read_table(self, table: str) -> Any | None:
        """The rows of complete sources (None before the first ingest)."""
        if not self.exists(lake.table_uri(self.tables, table)):
            return None
        return spark_table(self.session, self.tables, table)

    def done_sources(self) -> set[str]:
        frame = self.read_table("sources")
        if frame is None:
            return set()
        return {r[0] for r in frame.where("complete").select("source_id").collect()}

    def fingerprints(self, uris: Sequence[str]) -> dict[str, str]:
        """Each file's content hash (the DuckDB store's source id, ``sources.tables.fingerprint``):
        files up to ``HASH_ON_EXECUTORS`` bytes on the executors in one job (each is read there as one
        row), larger ones read as a stream (``fingerprint``), so no process holds a large file whole."""
        unique = list(dict.fromkeys(uris))
        small = [u for u in unique if self.size(u) <= HASH_ON_EXECUTORS]
        ids = self.hash_on_executors(small) if small else {}
        return {u: ids[u] if u in ids else self.fingerprint(u) for u in unique}

    def size(self, uri: str) -> int:
        fs, path = self.fs(uri)
        return int(fs.getFileStatus(path).getLen())

    def hash_on_executors(self, uris: Sequence[str]) -> dict[str, str]:
        from pyspark.sql import functions as F

        def digest(batches: Iterator[Any]) -> Iterator[Any]:
            import pyarrow as pa

            for batch in batches:
                hashes = [
                    hashlib.blake2b(c, digest_size=16).hexdigest()
                    for c in batch.column("content").to_pylist()
                ]
                yield pa.RecordBatch.from_pydict(
                    {"uri": batch.column("uri").to_pylist(), "source_id": hashes}
                )

        frames = [
            self.session.read.format("binaryFile").load(uri).select(F.lit(uri).alias("uri"), "content")
            for uri in uris
        ]
        files = functools.reduce(lambda a, b: a.unionByName(b), frames)
        return {r[0]: r[1] for r in files.mapInArrow(digest, "uri string, source_id string").collect()}

    def fingerprint(self, uri: str) -> str:
        """The content hash of one file read as a stream: a local file directly, a file on any other
        Hadoop file system through the driver's client (``stream_fingerprint``)."""
        parsed = urlparse(uri)
        if parsed.scheme in ("", "file") and parsed.netloc in ("", "localhost"):
            return fingerprint(Path(url2pathname(parsed.path)))
        return self.stream_fingerprint(uri)

    def stream_fingerprint(self, uri: str) -> str:
        """The content hash of a file on any Hadoop file system, read ``HASH_BLOCK`` bytes at a time
        through the driver's client (about 10 MB/s through the Java gateway on this machine)."""
        fs, path = self.fs(uri)
        digest = hashlib.blake2b(digest_size=16)
        stream = fs.open(path)
        try:  # each block comes back as bytes (py4j returns a Java byte[] by value)
            while block := stream.readNBytes(HASH_BLOCK):
                digest.update(block)
        finally:
            stream.close()
        return digest.hexdigest()

    def write_small(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        frame = self.session.createDataFrame(rows, schema=_ddl(TABLES[table]))
        frame.coalesce(1).write.mode("overwrite").parquet(lake.table_uri(self.tables, table))

    def write_dimensions(self) -> None:
        """The skills and meta tables, written once per lake: again only when their rows change (a
        ``_rows-<digest>`` marker in the table's folder, which Parquet readers skip, names the rows)."""
        for table, rows in (("skills", skill_rows()), ("meta", meta_rows())):
            marker = lake.join(lake.table_uri(self.tables, table), f"_rows-{_digest(rows)}")
            if self.exists(marker):
                continue
            self.write_small(table, rows)
            self.touch(marker)

    def run(self, uris: Sequence[str]) -> list[tuple[IngestFileResult, list[BadRow]]]:
        for uri in uris:
            if not self.exists(uri):
                raise InputError("JDL001", path=uri)
            file_format(Path(urlparse(uri).path))
        self.write_dimensions()
        done = self.done_sources()
        ids = self.fingerprints(uris)
        results: list[tuple[IngestFileResult, list[BadRow]]] = []
        for uri in uris:
            if ids[uri] in done:
                results.append((_already(uri, ids[uri]), []))
                continue
            results.append(self.ingest_source(uri, ids[uri]))
            done.add(ids[uri])
        return results

    def ingest_source(
        self, uri: str, source_id: str, layout: Layout | None = None
    ) -> tuple[IngestFileResult, list[BadRow]]:
        """One source, from reading to its ``sources`` row; its persisted rows go in every case."""
        started = dt.datetime.now()
        try:
            with spark_failure(f"ingesting {uri}"):
                return self._ingest(uri, source_id, layout, started)
        finally:
            with spark_failure(f"releasing the persisted rows of {uri}"):
                self.release()

    def persist(self, frame: Any) -> Any:
        """``frame`` kept on the executors' local disks until the source is written: computed once,
        read by every later step. Spark writes a persisted partition through its serializer (Java
        serialization by default), whose stream keeps every cached batch it wrote until the partition
        is done: a persisted partition is held whole on the heap while it is written, so ``frame``
        must come in partitions of about one batch (``partitions``), never in the read's splits."""
        from pyspark import StorageLevel

        kept = frame.persist(StorageLevel.DISK_ONLY)
        self.persisted.append(kept)
        return kept

    def release(self) -> None:
        while self.persisted:
            self.persisted.pop().unpersist()

    def _ingest(
        self, uri: str, source_id: str, layout: Layout | None, started: dt.datetime
    ) -> tuple[IngestFileResult, list[BadRow]]:
        fmt = file_format(Path(urlparse(uri).path))
        raw, columns = self.read_rows(uri, fmt)
        layout = layout or resolve_mapping(columns, self.preset, self.mapping)
        with spark_failure(f"counting the rows of {uri}"):
            estimate = int(raw.count())
        planned, rows, numbered = self.plan(raw, fmt, layout, uri, self.partitions(estimate))
        tagged = self.analyze(planned, rows, source_id, uri)
        counts, bad = self.summarize(tagged, source_id)
        self.write_tables(tagged, source_id)
        total = rows if fmt != "csv" else None
        last = numbered - 1 if numbered else None
        if counts.get("postings") and self.versions == "{}":
            self.versions = _versions()
        self.write_source(uri, source_id, layout, counts, last, total, started)
        result = IngestFileResult(
            path=uri,
            source_id=source_id,
            layout=layout.describe(),
            rows_read=(last + 1) if last is not None else 0,
            postings_added=counts.get("postings", 0),
            duplicates=counts.get("duplicates", 0),
            bad_rows=counts.get("bad_rows", 0),
            resumed_from=0,
            already_ingested=False,
        )
        return result, bad

    def read_rows(self, uri: str, fmt: str) -> tuple[Any, list[str]]:
        """The source's rows with each row's split start, and its column names (for the presets)."""
        from pyspark.sql import functions as F

        reader = self.session.read
        if fmt == "jsonl":
            frame = reader.text(uri)
            head = [r[0] for r in frame.limit(200).collect() if r[0] and r[0].strip()][:50]
            columns: dict[str, None] = {}
            for line in head:
                columns.update(dict.fromkeys(json_record(line, 0).data or {}))
            names = list(columns)
        elif fmt == "parquet":
            frame = reader.parquet(uri)
            names = list(flatten({f.name: _stub(f.dataType) for f in frame.schema.fields}))
        else:
            sep = "\t" if ".tsv" in PurePosixPath(urlparse(uri).path).suffixes else ","
            options = {"header": "true", "multiLine": "true", "escape": '"', "sep": sep}
            names = reader.options(**options).csv(uri).columns
            schema = ", ".join(f"`{n}` string" for n in names) + f", {CORRUPT} string"
            frame = (
                reader.options(**options, mode="PERMISSIVE", columnNameOfCorruptRecord=CORRUPT)
                .schema(schema)
                .csv(uri)
            )
        return frame.withColumn(BLOCK, F.input_file_block_start()), names

    def partitions(self, rows: int) -> int:
        """Partitions of about ``batch_size`` rows each (at least two per core): what one task of the
        deduplication and the analysis holds grows with the batch, not with the source."""
        cores = self.session.sparkContext.defaultParallelism
        return max(1, min(max(rows, 1), max(2 * cores, math.ceil(rows / self.batch_size))))

    def plan(self, raw: Any, fmt: str, layout: Layout, uri: str, partitions: int) -> tuple[Any, int, int]:
        """Plan every row on the executors, number the rows in file order, decide duplicates in Spark.
        Returns the planned rows, how many there are and how many have a row number. The plan's rows
        are hash-partitioned by description key into ``partitions`` (explicit, so adaptive execution
        keeps them) and persisted: the one job that counts the rows of each split computes it, and
        nothing downstream recomputes it. A persisted partition is about one batch (``persist``: it is
        held whole while it is written), where a read split holds up to 128 MB of input. The numbering,
        the first row of each key, the join with the keys already stored and then the analysis all run
        on those partitions, with no other shuffle of the plan's rows."""
        from pyspark.sql import functions as F

        staged = self.persist(
            raw.mapInArrow(lambda it: plan_partition(it, fmt, layout, uri), _ddl(PLAN_COLUMNS)).repartition(
                partitions, "desc_hash"
            )
        )
        per_block = staged.groupBy("block").agg(
            F.count(F.lit(1)).alias("rows"),
            F.sum(F.when(F.col("idx") >= 0, 1).otherwise(0)).alias("numbered"),
        )
        offsets, start, rows = [], 0, 0
        for block, n_rows, n in sorted(per_block.collect()):
            offsets.append((block, start))
            start, rows = start + int(n or 0), rows + int(n_rows)
        starts = self.session.createDataFrame(offsets or [(0, 0)], "block bigint, offset bigint")
        numbered = staged.join(F.broadcast(starts), "block", "left").withColumn(
            "row_no", F.when(F.col("idx") >= 0, F.col("offset") + F.col("idx"))
        )
        good = numbered.where("kind = 'new'")
        first = good.groupBy("desc_hash").agg(F.min("row_no").alias("first_row"))
        known = self.read_table("descriptions")
        marked = numbered.join(first, "desc_hash", "left")
        if known is not None:
            known_keys = known.select(F.col("desc_hash"), F.lit(True).alias("known")).distinct()
            marked = marked.join(known_keys, "desc_hash", "left")
        else:
            marked = marked.withColumn("known", F.lit(None).cast("boolean"))
        new_text = (
            (F.col("kind") == "new") & (F.col("row_no") == F.col("first_row")) & F.col("known").isNull()
        )
        marked = marked.withColumn("new_text", new_text)
        if self.dedupe:
            dup = (F.col("kind") == "new") & ~F.col("new_text")
            marked = marked.withColumn("kind", F.when(dup, F.lit("dup")).otherwise(F.col("kind")))
            marked = marked.withColumn("fields", F.when(dup, F.lit(None)).otherwise(F.col("fields")))
        return (
            marked.select("row_no", "kind", "reason", "desc_hash", "fields", "new_text", "code"),
            rows,
            start,
        )

    def analyze(self, planned: Any, rows: int, source_id: str, source: str) -> Any:
        """Analyse on the executors, ``batch_size`` rows per Arrow batch, on the plan's partitions (rows
        of one description key together, so that a repeated text is analysed once when duplicates are
        kept), into every table's rows (tagged with their table); persisted, so that every table is
        written from one analysis."""
        store_text = self.store_text
        tagged = planned.mapInArrow(
            lambda it: analyze_partition(it, source_id, source, store_text), _union_ddl()
        )
        return self.persist(tagged)

    def summarize(self, tagged: Any, source_id: str) -> tuple[dict[str, int], list[BadRow]]:
        """Every table's row count and the first 100 bad rows, in one job (the one that runs the analysis)."""
        from pyspark.sql import functions as F

        counts = tagged.groupBy("table").agg(F.count(F.lit(1)).alias("n"))
        counts = counts.select(
            "table",
            "n",
            F.lit(None).cast("bigint").alias("row_no"),
            F.lit(None).cast("string").alias("reason"),
        )
        first_bad = (
            tagged.where("table = 'bad_rows'")
            .select(
                F.lit(None).cast("string").alias("table"),
                F.lit(None).cast("bigint").alias("n"),
                "bad_rows.row_no",
                "bad_rows.reason",
            )
            .orderBy("row_no")
            .limit(100)
        )
        out = counts.unionByName(first_bad).collect()
        bad = [
            BadRow(source_id=source_id, row=r[2], where=f"record {r[2]}", reason=r[3] or "")
            for r in sorted((r for r in out if r[0] is None), key=lambda r: (r[2] is None, r[2] or 0))
        ]
        return {r[0]: int(r[1]) for r in out if r[0] is not None}, bad

    def write_tables(self, tagged: Any, source_id: str) -> None:
        """Each data table from the persisted analysis, to ``URI/<table>/source=<id>/``. The writes are
        submitted together (Spark schedules concurrent jobs), so small tables do not wait in line."""
        jobs = [
            lambda t=table: (
                tagged.where(f"table = '{t}'")
                .select(f"{t}.*")
                .write.mode("overwrite")
                .parquet(lake.source_uri(self.tables, t, source_id))
            )
            for table in DATA_TABLES
        ]
        with ThreadPoolExecutor(max_workers=WRITERS) as pool:
            for done in [pool.submit(job) for job in jobs]:
                done.result()

    def write_source(
        self,
        uri: str,
        source_id: str,
        layout: Layout,
        counts: dict[str, int],
        last: int | None,
        total: int | None,
        started: dt.datetime,
    ) -> None:
        row = (
            source_id,
            lake.base_name(uri),
            uri,
            layout.describe(),
            self.dedupe,
            (last + 1) if last is not None else 0,
            total,
            counts.get("postings", 0),
            counts.get("duplicates", 0),
            counts.get("bad_rows", 0),
            True,
            self.versions,
            started,
            dt.datetime.now(),
        )
        frame = self.session.createDataFrame([row], schema=_ddl(TABLES["sources"]))
        frame.coalesce(1).write.mode("overwrite").parquet(lake.source_uri(self.tables, "sources", source_id))


def _digest(rows: list[tuple[Any, ...]]) -> str:
    return hashlib.blake2b(json.dumps(rows, default=str).encode(), digest_size=8).hexdigest()


def _stub(data_type: Any) -> Any:
    from pyspark.sql.types import StructType

    if isinstance(data_type, StructType):
        return {f.name: _stub(f.dataType) for f in data_type.fields}
    return None


def _versions() -> str:
    result = analyze_one(("Python and SQL.", None))
    versions = result.versions if not isinstance(result, JdlensError) else {}
    return json.dumps(dict(versions), sort_keys=True)


def _already(uri: str, source_id: str) -> IngestFileResult:
    return IngestFileResult(
        path=uri,
        source_id=source_id,
        layout="",
        rows_read=0,
        postings_added=0,
        duplicates=0,
        bad_rows=0,
        resumed_from=0,
        already_ingested=True,
    )


def as_uri(path: str) -> str:
    """A local path becomes an absolute ``file:`` URI (the executors may run elsewhere); URIs stay."""
    if lake.local_path(path) is None or path.startswith("file:"):
        return path
    return Path(path).resolve().as_uri()


def spark_ingest(
    paths: Sequence[str],
    tables: str,
    *,
    preset: str | None = None,
    mapping: dict[str, str] | None = None,
    dedupe: bool = True,
    batch_size: int | None = None,
    master: str | None = None,
    progress: Progress | None = None,
) -> IngestResult:
    """Ingest ``paths`` (files or URIs) into the Parquet market tables at ``tables`` with Spark.
    Idempotent (a source already complete is skipped) and redoes an interrupted source on a re-run.
    Raises ``InputError`` for a missing file and ``MarketError`` (JDL043/JDL044) for a failed job."""
    started = time.perf_counter()
    session = get_session(master)
    uris = [as_uri(str(p)) for p in paths]
    target = as_uri(tables)
    size = batch_size or 5000
    session.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(size))
    job = SparkIngest(session, target, preset, dict(mapping or {}), dedupe, size, progress=progress)
    with spark_failure(f"ingesting into {target}"):
        done = job.run(uris)
    return IngestResult(
        db=target,
        engine="spark",
        files=[r for r, _ in done],
        bad_rows=[b for _, bad in done for b in bad][:100],
        seconds=round(time.perf_counter() - started, 3),
    )
