"""Market pipeline benchmark: ingest + analyze + report time, peak memory, report query times.

Two corpora:
  1. every posting of the shared corpora (about 20k real rows; duplicates are folded as in any ingest);
  2. 1,000,000 postings made by RESAMPLING those real rows with replacement (a seeded draw). Each copy is
     stored as its own posting (ingest with dedupe off), and a description that was already analyzed is
     not analyzed again: the analysis is reused by description hash.

    python -m bench.market_bench --shared ../shared [--rows 1000000] [--skip-large] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CORPORA = (
    "linkedin_ml_us_2024/postings.csv",
    "glassdoor_ds_2020/glassdoor_jobs.csv",
    "glassdoor_ds_2021/postings.csv",
    "indeed_ds_2020/postings.csv",
    "google_careers_2018/job_skills.csv",
    "hn_whoishiring_2026/posts.jsonl",
    "pythonjobs_2013_2020/pythonjobs.jsonl",
    "nhs_jobs_2020/jobs.jsonl.gz",
)
CANONICAL = (
    "text",
    "title",
    "company",
    "location",
    "city",
    "state",
    "country",
    "remote",
    "date_posted",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "salary_text",
    "company_size",
    "industry",
    "employment_type",
)


class TreeMemory:
    """Peak memory (PSS) of a process and all its children, sampled from /proc every 0.2 s."""

    def __init__(self, root: int | None = None) -> None:
        self.root = root or os.getpid()
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.root))
            self._stop.wait(0.2)

    @property
    def peak_mb(self) -> float:
        return self.peak / 2**20


def _pss(pid: int) -> int:
    """Proportional set size: shared pages (forked workers) are split between the processes sharing them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for row in fh:
                if row.startswith("Pss:"):
                    return int(row.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_rss(root: int) -> int:
    """Memory of ``root`` and its descendants (sum of proportional set sizes)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                parents[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _pss(pid)
        stack.extend(p for p, parent in parents.items() if parent == pid)
    return total


class TimedEngine:
    """A DuckDB report engine that records how long each query takes."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name
        self.times: list[tuple[float, str]] = []

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        start = time.perf_counter()
        out = self.inner.rows(sql)
        self.times.append((time.perf_counter() - start, sql))
        return out

    def register(self, name: str, columns: Any, rows: Any) -> None:
        self.inner.register(name, columns, rows)


def run_report(db: Path, out: Path) -> dict[str, Any]:
    from jdlens.market.database import connect
    from jdlens.market.engines import DuckDBEngine
    from jdlens.market.filters import Filters
    from jdlens.market.html import write_report
    from jdlens.market.reports import build_tables, currency_note
    from jdlens.models import MarketReport

    con = connect(db, read_only=True)
    try:
        engine = TimedEngine(DuckDBEngine(con))
        start = time.perf_counter()
        tables = build_tables(engine, Filters(), currency_note(engine))
        query_s = time.perf_counter() - start
        filtered = TimedEngine(DuckDBEngine(con))
        build_tables(filtered, Filters(role="ml_engineer", since="2020-01-01"), "USD")
    finally:
        con.close()
    report = MarketReport(
        db=str(db), filters={}, postings=int(str(tables[1].rows[0][1])), currency="USD", tables=tables
    )
    start = time.perf_counter()
    write_report(report, out)
    write_s = time.perf_counter() - start
    times = sorted(engine.times + filtered.times, reverse=True)
    return {
        "tables_s": query_s,
        "write_s": write_s,
        "queries": len(times),
        "max_q": times[0][0],
        "median_q": statistics.median(t for t, _ in times),
        "slowest": " ".join(times[0][1].split())[-160:],
        "postings": report.postings,
    }


def phase_ingest(files: list[str], db: str, **options: Any) -> dict[str, Any]:
    from jdlens.market.store import ingest_files

    start = time.perf_counter()
    result = ingest_files(files, db, **options)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "rows": sum(f.rows_read for f in result.files),
        "postings": result.postings_added,
        "duplicates": result.duplicates,
        "bad": sum(f.bad_rows for f in result.files),
    }


def phase_corpus(files: list[str], rows: int, path: str) -> dict[str, Any]:
    start = time.perf_counter()
    records = real_records([Path(f) for f in files])
    resampled_parquet(records, rows, Path(path))
    return {
        "seconds": time.perf_counter() - start,
        "records": len(records),
        "mb": Path(path).stat().st_size / 2**20,
    }


PHASES: dict[str, Callable[..., Any]] = {
    "ingest": phase_ingest,
    "corpus": phase_corpus,
    "report": lambda db, out: run_report(Path(db), Path(out)),
}


def in_child(phase: str, **kwargs: Any) -> dict[str, Any]:
    """Run one phase in a fresh interpreter; its result, with the peak memory of its process tree."""
    cmd = [sys.executable, "-m", "bench.market_bench", "--phase", phase, "--kwargs", json.dumps(kwargs)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[1])
    with TreeMemory(proc.pid) as mem:
        out, _ = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"phase {phase} failed with exit code {proc.returncode}")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_mb"] = mem.peak_mb
    return result


def real_files(shared: Path) -> list[Path]:
    files = [shared / "data" / "postings" / c for c in CORPORA]
    return [f for f in files if f.is_file()]


def real_records(files: list[Path]) -> list[dict[str, str | None]]:
    """Every real row's fields under the canonical names (each file read through its preset)."""
    from jdlens.sources.columns import extract_fields, resolve_mapping
    from jdlens.sources.tables import iter_rows, peek_columns

    records = []
    for path in files:
        layout = resolve_mapping(peek_columns(path))
        for row in iter_rows(path):
            if row.data is not None:
                fields = extract_fields(row.data, layout)
                if fields.get("text"):
                    records.append({k: fields.get(k) for k in CANONICAL})
    return records


def resampled_parquet(records: list[dict[str, str | None]], rows: int, path: Path, seed: int = 2026) -> None:
    """``rows`` postings drawn with replacement from ``records``; repeated texts share one dictionary entry."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = random.Random(seed)
    picks = [rng.randrange(len(records)) for _ in range(rows)]
    columns = {"native_id": pa.array([f"r{i}" for i in range(rows)])}
    for name in CANONICAL:
        values = [r[name] for r in records]
        dictionary = pa.array([v or "" for v in values], pa.string())
        missing = np.array([values[i] is None for i in picks])
        indices = pa.array(np.array(picks, dtype=np.int32), pa.int32(), mask=missing)
        columns[name] = pa.DictionaryArray.from_arrays(indices, dictionary)
    pq.write_table(pa.table(columns), path, row_group_size=10_000, compression="zstd")


def line(label: str, value: str) -> None:
    print(f"| {label} | {value} |")


def bench_real(shared: Path, work: Path, workers: int | None) -> list[Path]:
    files = real_files(shared)
    if not files:
        raise SystemExit(f"no corpora under {shared}/data/postings")
    db = work / "real.duckdb"
    ing = in_child("ingest", files=[str(f) for f in files], db=str(db), workers=workers)
    rep = in_child("report", db=str(db), out=str(work / "real-report"))
    print(f"\n## {ing['rows']:,} real postings from {len(files)} shared corpora\n")
    print("| measure | value |\n|---|---|")
    line(
        "rows read / postings stored / duplicates folded / bad rows",
        f"{ing['rows']:,} / {ing['postings']:,} / {ing['duplicates']:,} / {ing['bad']}",
    )
    line(
        "ingest + analyze",
        f"{ing['seconds']:.1f} s ({ing['rows'] / ing['seconds']:,.0f} rows/s, "
        f"{ing['postings'] / ing['seconds']:,.0f} analyses/s)",
    )
    _report_lines(rep)
    line("end to end", f"{ing['seconds'] + rep['tables_s'] + rep['write_s']:.1f} s")
    line(
        "peak memory (process tree): ingest / report", f"{ing['peak_mb']:,.0f} MB / {rep['peak_mb']:,.0f} MB"
    )
    return files


def _report_lines(rep: dict[str, Any]) -> None:
    line(
        "report tables (all queries)",
        f"{rep['tables_s']:.2f} s, {rep['queries']} queries (unfiltered + filtered)",
    )
    line("report query time: max / median", f"{rep['max_q']:.2f} s / {rep['median_q'] * 1000:.0f} ms")
    line("slowest query (tail)", f"`{rep['slowest']}`")
    line("charts + HTML + CSV + JSON", f"{rep['write_s']:.1f} s")


def bench_large(files: list[Path], work: Path, rows: int, workers: int | None) -> None:
    corpus = work / "resampled.parquet"
    made = in_child("corpus", files=[str(f) for f in files], rows=rows, path=str(corpus))
    db = work / "large.duckdb"
    mapping = {name: name for name in CANONICAL} | {"native_id": "native_id"}
    ing = in_child(
        "ingest",
        files=[str(corpus)],
        db=str(db),
        workers=workers,
        dedupe=False,
        batch_size=20_000,
        mapping=mapping,
    )
    rep = in_child("report", db=str(db), out=str(work / "large-report"))
    print(f"\n## {rows:,} postings RESAMPLED with replacement from the {made['records']:,} real rows above\n")
    print(
        "Each resampled copy is stored as its own posting (ingest with dedupe off); a description "
        "already analyzed\nis not analyzed again (analysis reused by description hash).\n"
    )
    print("| measure | value |\n|---|---|")
    line("corpus built (Parquet)", f"{made['seconds']:.1f} s, {made['mb']:,.0f} MB")
    line("postings stored / skill rows", f"{ing['postings']:,} / {_count(db, 'posting_skills'):,}")
    line("ingest + analyze", f"{ing['seconds']:.1f} s ({ing['postings'] / ing['seconds']:,.0f} postings/s)")
    _report_lines(rep)
    total = ing["seconds"] + rep["tables_s"] + rep["write_s"]
    line("end to end (ingest + report)", f"{total:.1f} s (target <= 900 s)")
    line(
        "peak memory (process tree): ingest / report",
        f"{ing['peak_mb']:,.0f} MB / {rep['peak_mb']:,.0f} MB (target <= 3,072 MB)",
    )
    line("database file", f"{db.stat().st_size / 2**20:,.0f} MB")


def _count(db: Path, table: str) -> int:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row is not None else 0
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--rows", type=int, default=1_000_000, help="size of the resampled corpus")
    parser.add_argument("--skip-large", action="store_true", help="only the real corpora")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--keep", type=Path, default=None, help="keep databases and reports in this folder")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--kwargs", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(PHASES[args.phase](**json.loads(args.kwargs))))
        return
    work = args.keep or Path(tempfile.mkdtemp(prefix="jdlens-market-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    for old in work.glob("*.duckdb"):
        old.unlink()
    print(
        f"# market benchmark\n\nmachine: {os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}, DuckDB memory limit {os.environ.get('JDLENS_DUCKDB_MEMORY', '1GB')}"
    )
    try:
        files = bench_real(args.shared, work, args.workers)
        if not args.skip_large:
            bench_large(files, work, args.rows, args.workers)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
