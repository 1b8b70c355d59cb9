"""What the market ingest's parent spends on its database writes, without the analysis.

Two measures over one distinct corpus (``bench.spark_bench``'s: ``--rows`` resampled real postings,
each description made distinct), CPU time of this process and DuckDB's threads
(``time.process_time``), one process at a time:

1. **Posting texts stored with each compression**: the descriptions written in windows of 2,000 (one
   transaction each, as the ingest commits) into a table whose text column is stored with DuckDB's
   own choice, zstd, or uncompressed; then a checkpoint. CPU, wall time and the file's size.
2. **The ingest's parent with a canned analyzer** (``ingest_files(analyzer=...)``: every text gets one
   of 300 analyses made beforehand), so only reading, planning, row building and the database writes
   remain; once per text compression of ``--methods`` (``auto``: DuckDB's own choice, as before
   ``jdlens.market.database.COMPRESSION``) and checkpoint threshold of ``--thresholds`` (DuckDB's
   default is 16MB). CPU per 100,000 postings as the database grows, split into the commits and the
   rest, and peak RSS.

    python -m bench.store_writes --shared ../shared [--rows 1000000] [--texts 100000]
        [--methods auto,zstd] [--thresholds 16MB] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

WINDOW = 2000


def compression_run(corpus: Path, db: Path, method: str, texts: int) -> tuple[float, float, float]:
    """(CPU s, wall s, MB) of writing the first ``texts`` descriptions with ``method`` ("auto": DuckDB's)."""
    import duckdb
    import pyarrow as pa
    import pyarrow.parquet as pq

    db.unlink(missing_ok=True)
    con = duckdb.connect(str(db))
    using = "" if method == "auto" else f" USING COMPRESSION {method}"
    con.execute(f"CREATE TABLE d (desc_hash BIGINT, text VARCHAR{using})")
    reader = pq.ParquetFile(corpus)
    cpu, wall, done = time.process_time(), time.perf_counter(), 0
    for batch in reader.iter_batches(batch_size=WINDOW, columns=["text"]):
        batch = batch.slice(0, texts - done)
        window = pa.table(
            {"desc_hash": pa.array(range(done, done + len(batch)), pa.int64()), "text": batch["text"]}
        )
        con.execute("BEGIN TRANSACTION")
        con.register("_w", window)
        con.execute("INSERT INTO d SELECT * FROM _w")
        con.unregister("_w")
        con.execute("COMMIT")
        done += len(batch)
        if done >= texts:
            break
    con.execute("CHECKPOINT")
    con.close()
    result = time.process_time() - cpu, time.perf_counter() - wall, db.stat().st_size / 2**20
    db.unlink()
    return result


def canned_analyzer(corpus: Path) -> Callable[[Any, Any], list[Any]]:
    """An analyzer that hands out 300 analyses of the corpus's first texts in turn."""
    import pyarrow.parquet as pq

    import jdlens
    from jdlens.market.records import record_from_analysis

    head = pq.ParquetFile(corpus).read_row_group(0, columns=["text", "title"]).slice(0, 300).to_pylist()
    canned = [record_from_analysis(jdlens.analyze(r["text"], title=r["title"])) for r in head]
    given = [0]

    def analyze(texts: Any, titles: Any) -> list[Any]:
        start = given[0]
        given[0] += len(texts)
        return [canned[i % len(canned)] for i in range(start, start + len(texts))]

    return analyze


def parent_run(corpus: Path, db: Path, method: str, threshold: str) -> list[tuple[int, float, float, float]]:
    """Per 100,000 postings stored: (postings so far, CPU s of the commits, CPU s of the rest, peak RSS MB)."""
    import jdlens.market.database as database
    import jdlens.market.store as store
    from bench.spark_bench import MAPPING

    compression = dict(database.COMPRESSION)
    database.COMPRESSION.clear()
    if method != "auto":
        database.COMPRESSION.update({key: method for key in compression})
    db.unlink(missing_ok=True)
    analyzer = canned_analyzer(corpus)
    spent = [0.0]
    commit = store.Ingestor._commit
    connect = store.connect

    def timed_commit(self: Any, source_id: str, w: Any) -> None:
        start = time.process_time()
        try:
            commit(self, source_id, w)
        finally:
            spent[0] += time.process_time() - start

    def connect_with(*args: Any, **kwargs: Any) -> Any:
        con = connect(*args, **kwargs)
        con.execute(f"SET checkpoint_threshold = '{threshold}'")
        return con

    marks: list[tuple[int, float, float, float]] = []
    last = [time.process_time(), 0.0]
    every = 100_000 // WINDOW

    def on_commit(window: int) -> None:
        if (window + 1) % every:
            return
        now = time.process_time()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        marks.append(((window + 1) * WINDOW, spent[0] - last[1], now - last[0] - (spent[0] - last[1]), peak))
        last[0], last[1] = now, spent[0]

    store.Ingestor._commit = timed_commit  # type: ignore[method-assign]
    store.connect = connect_with
    try:
        store.ingest_files([corpus], db, mapping=MAPPING, analyzer=analyzer, on_commit=on_commit)
    finally:
        store.Ingestor._commit = commit  # type: ignore[method-assign]
        store.connect = connect
        database.COMPRESSION.clear()
        database.COMPRESSION.update(compression)
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--texts", type=int, default=100_000, help="descriptions of the compression runs")
    parser.add_argument("--methods", default="auto,zstd", help="text compressions of the parent runs")
    parser.add_argument("--thresholds", default="16MB", help="checkpoint thresholds of the parent runs")
    parser.add_argument(
        "--keep", type=Path, default=None, help="folder for the corpus (kept for another run)"
    )
    args = parser.parse_args()
    from bench.spark_bench import distinct_corpus, real_files

    work = args.keep or Path(tempfile.mkdtemp(prefix="jdlens-store-writes-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / f"distinct-{args.rows}.parquet"
    try:
        if not corpus.exists():
            distinct_corpus([str(f) for f in real_files(args.shared)], args.rows, str(corpus))
        print(
            f"# Database writes, {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        )
        print(f"\n## {args.texts:,} posting texts written in windows of {WINDOW:,}, then a checkpoint\n")
        print("| text column | CPU | wall | file |\n|---|---|---|---|")
        for method in ("auto", "zstd", "uncompressed"):
            cpu, wall, mb = compression_run(corpus, work / "texts.duckdb", method, args.texts)
            print(f"| {method} | {cpu:.2f} s | {wall:.2f} s | {mb:,.0f} MB |", flush=True)
        runs = [(m, t) for m in args.methods.split(",") for t in args.thresholds.split(",")]
        for method, threshold in runs:
            start = time.process_time()
            marks = parent_run(corpus, work / "parent.duckdb", method, threshold)
            total = time.process_time() - start
            print(
                f"\n## The ingest's parent, canned analyzer, {args.rows:,} postings; "
                f"text compression {method}, checkpoint_threshold {threshold}\n"
            )
            print(
                "| postings stored | CPU: commits / the rest | peak RSS of the process so far |\n|---|---|---|"
            )
            for done, commits, rest, peak in marks:
                print(f"| {done:,} | {commits:.1f} / {rest:.1f} s | {peak:,.0f} MB |")
            print(
                f"\nall, with the canned analyses and the closing checkpoint: {total:.1f} s CPU", flush=True
            )
            (work / "parent.duckdb").unlink(missing_ok=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
