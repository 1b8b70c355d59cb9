"""The same corpus through the DuckDB ingest and through the Spark job, in one run.

The corpus: ``--rows`` postings (100,000 by default) drawn with replacement (seed 2026) from every real
row of the shared corpora, each made distinct by a reference line appended to its description, so both
engines analyse every posting (nothing is folded as a duplicate and no analysis is reused).

Each phase runs in its own process. CPU time is that process's and all its descendants' (user +
system): the larger of ``getrusage(RUSAGE_CHILDREN)`` once it has exited (exited processes that were
waited for) and the sum of the last CPU time sampled from /proc of every process seen in its tree (the
JVMs PySpark starts are never waited for, so only the sampling sees them): on a machine shared with other jobs,
postings per CPU-second is the per-core throughput, where wall time is not. Memory is sampled from
/proc every second as proportional set size, per kind of process: the driver (Python and its JVM), each
executor (its JVM and its Python workers), the local analysis workers; and per process, split into its
anonymous pages (heaps) and its file pages (mapped jars, libraries and memory-mapped blocks), so that
the largest executor JVM and the largest Python worker are each named apart. Each JVM also logs its
garbage collections (``-Xlog:gc``, through ``JDK_JAVA_OPTIONS``): the largest heap left after a
collection is what the JVM still held then, live or old-generation garbage not yet reclaimed (G1 starts
marking the old generation only once the heap fills towards its initiating occupancy, about 45% of
``-Xmx``). The live set itself: every ``--live-every`` seconds (30 by default) the bench asks each
executor JVM for its class histogram (``jcmd <pid> GC.class_histogram``), which first runs a full
collection and then counts what survived: the bytes of live objects and the classes that hold them.
``--executor-memory`` sets ``spark.executor.memory`` through ``PYSPARK_SUBMIT_ARGS`` (as a user's
environment would; Spark's default is 1g).

    python -m bench.spark_bench --shared ../shared [--rows 100000] [--master local-cluster[2,1,1536]]
        [--executor-memory 512m] [--live-every 30] [--only duckdb|spark] [--no-reports]

``--only duckdb`` runs the DuckDB ingest and the report from its database alone and prints their
table: wall, CPU of the parent and of the analysis workers, postings/s, peak memory, the report.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.market_bench import CANONICAL, real_files, real_records

ROOT = Path(__file__).resolve().parents[1]
MAPPING = {name: name for name in CANONICAL} | {"native_id": "native_id"}


# ---- the corpus -------------------------------------------------------------------------------


def distinct_corpus(files: list[str], rows: int, path: str, seed: int = 2026) -> dict[str, Any]:
    """``rows`` resampled real postings, each description made distinct, as one Parquet file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = real_records([Path(f) for f in files])
    rng = random.Random(seed)
    picks = [rng.randrange(len(records)) for _ in range(rows)]
    writer = None
    for start in range(0, rows, 10_000):
        chunk = picks[start : start + 10_000]
        columns: dict[str, list[Any]] = {"native_id": [f"r{start + i}" for i in range(len(chunk))]}
        for name in CANONICAL:
            columns[name] = [records[i][name] for i in chunk]
        columns["text"] = [f"{t}\n\nReference {start + i:07d}." for i, t in enumerate(columns["text"])]
        table = pa.table({k: pa.array(v, pa.string()) for k, v in columns.items()})
        writer = writer or pq.ParquetWriter(path, table.schema, compression="zstd")
        writer.write_table(table, row_group_size=10_000)
    if writer is not None:
        writer.close()
    return {"real_rows": len(records), "mb": Path(path).stat().st_size / 2**20}


# ---- phases (each in its own process) ---------------------------------------------------------


def phase_corpus(files: list[str], rows: int, path: str) -> dict[str, Any]:
    return distinct_corpus(files, rows, path)


def phase_duckdb_ingest(corpus: str, db: str, workers: int) -> dict[str, Any]:
    from jdlens.market.store import ingest_files

    result = ingest_files([corpus], db, workers=workers, mapping=MAPPING)
    return {"postings": result.postings_added, "duplicates": result.duplicates}


def phase_spark_ingest(corpus: str, tables: str, master: str, batch_size: int) -> dict[str, Any]:
    from jdlens.market.spark_session import get_session, stop_sessions
    from jdlens.market.store import ingest_files

    start = time.perf_counter()
    get_session(master)
    session_s = time.perf_counter() - start
    try:
        result = ingest_files(
            [Path(corpus).as_uri()],
            engine="spark",
            tables=Path(tables).as_uri(),
            spark_master=master,
            mapping=MAPPING,
            batch_size=batch_size,
        )
    finally:
        stop_sessions()
    return {"postings": result.postings_added, "session_s": session_s, "job_s": result.seconds}


def phase_report(db: str | None, tables: str | None, engine: str, master: str | None) -> dict[str, Any]:
    from jdlens.market.reports import compute_report
    from jdlens.market.spark_session import stop_sessions

    start = time.perf_counter()
    try:
        report = compute_report(db, tables=tables, engine=engine, spark_master=master)
    finally:
        stop_sessions()
    return {"postings": report.postings, "tables": len(report.tables), "inner_s": time.perf_counter() - start}


PHASES: dict[str, Callable[..., dict[str, Any]]] = {
    "corpus": phase_corpus,
    "duckdb_ingest": phase_duckdb_ingest,
    "spark_ingest": phase_spark_ingest,
    "report": phase_report,
}


# ---- measuring --------------------------------------------------------------------------------


def _parent(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return int(fh.read().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _cpu_self(pid: int) -> float:
    """User + system CPU seconds of ``pid`` itself (not of its children)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def _tree(root: int) -> dict[int, tuple[int, str]]:
    """Every descendant of ``root`` (and root): pid -> (parent, command line)."""
    children: dict[int, list[int]] = defaultdict(list)
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            parent = _parent(int(entry))
            if parent is not None:
                children[parent].append(int(entry))
                parents[int(entry)] = parent
    keep, stack = {}, [root]
    while stack:
        pid = stack.pop()
        keep[pid] = (parents.get(pid, 0), _cmdline(pid))
        stack.extend(children.get(pid, ()))
    return keep


def _smaps(pid: int) -> dict[str, int]:
    """Pss, Pss_Anon and Pss_File of ``pid`` in bytes (empty once it has exited)."""
    out: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for row in fh:
                name, _, rest = row.partition(":")
                if name in ("Pss", "Pss_Anon", "Pss_File"):
                    out[name] = int(rest.split()[0]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return out


GC_LINE = re.compile(r"Pause (Young|Full|Remark|Cleanup)\b.*?(\d+)M->(\d+)M\((\d+)M\)")
CONCURRENT_CYCLE = re.compile(r"Concurrent (?:Mark|Undo) Cycle\s*$")


def gc_peaks(folder: Path) -> dict[str, dict[str, int]]:
    """Per JVM (its GC log), in MB: the largest heap after a collection other than a full one (young,
    mixed, remark, cleanup: live data and old-generation garbage alike), the largest committed heap,
    the largest heap after a full collection (what was live; the histograms force them), and how many
    concurrent cycles G1 started (old-generation marking) and full collections it ran."""
    out: dict[str, dict[str, int]] = {}
    for log in sorted(folder.glob("gc-*.log")):
        after = committed = full = fulls = cycles = 0
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            found = GC_LINE.search(line)
            if found:
                committed = max(committed, int(found.group(4)))
                if found.group(1) == "Full":
                    full, fulls = max(full, int(found.group(3))), fulls + 1
                else:
                    after = max(after, int(found.group(3)))
            elif CONCURRENT_CYCLE.search(line):
                cycles += 1
        out[log.stem.removeprefix("gc-")] = {
            "heap_after_gc_mb": after,
            "heap_committed_mb": committed,
            "heap_after_full_gc_mb": full,
            "full_gcs": fulls,
            "concurrent_cycles": cycles,
        }
    return out


HISTOGRAM_ROW = re.compile(r"^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)")
HISTOGRAM_TOTAL = re.compile(r"^Total\s+(\d+)\s+(\d+)")


def parse_histogram(text: str, top: int = 6) -> dict[str, Any] | None:
    """``jcmd GC.class_histogram`` output: the live bytes and the ``top`` classes by bytes."""
    total = None
    classes: list[tuple[str, int, int]] = []
    for line in text.splitlines():
        if found := HISTOGRAM_ROW.match(line):
            if len(classes) < top:
                classes.append((found.group(3), int(found.group(2)), int(found.group(1))))
        elif found := HISTOGRAM_TOTAL.match(line):
            total = int(found.group(2))
    if total is None:
        return None
    return {
        "live_mb": total / 2**20,
        "top": [{"class": c, "mb": b / 2**20, "instances": n} for c, b, n in classes],
    }


def live_heap(pid: int) -> dict[str, Any] | None:
    """The live objects of JVM ``pid`` (a full collection, then a count), or None if it has exited."""
    try:
        done = subprocess.run(
            ["jcmd", str(pid), "GC.class_histogram"], capture_output=True, text=True, timeout=120
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return parse_histogram(done.stdout) if done.returncode == 0 else None


class LiveHeap:
    """Every ``every`` seconds, the live heap of each executor JVM in the tree of ``root``: per JVM,
    every sample (seconds since the first, live MB) and the largest sample with its top classes."""

    def __init__(self, root: int, every: float) -> None:
        self.root, self.every = root, every
        self.samples: dict[int, list[tuple[float, float]]] = defaultdict(list)
        self.largest: dict[int, dict[str, Any]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._start = time.perf_counter()

    def __enter__(self) -> LiveHeap:
        if self.every > 0:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            for pid, (_parent, cmd) in _tree(self.root).items():
                if _kind(cmd) != "executor_jvm" or self._stop.is_set():
                    continue
                got = live_heap(pid)
                if got is None:
                    continue
                self.samples[pid].append(
                    (round(time.perf_counter() - self._start, 1), round(got["live_mb"], 1))
                )
                if got["live_mb"] > self.largest.get(pid, {}).get("live_mb", -1.0):
                    self.largest[pid] = got

    def report(self) -> dict[str, Any]:
        return {
            str(pid): {"samples": self.samples[pid], "largest": self.largest.get(pid)} for pid in self.samples
        }


def _kind(cmd: str) -> str:
    if "CoarseGrainedExecutorBackend" in cmd:
        return "executor_jvm"
    if "java" in cmd.split(" ")[0]:
        return "driver_jvm"
    if "pyspark.daemon" in cmd or "pyspark/daemon" in cmd or "pyspark.worker" in cmd:
        return "executor_python"
    return "python"


class Sampler:
    """Peak PSS of the process tree, by kind of process and per executor (its JVM + Python workers)."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.peaks: dict[str, int] = defaultdict(int)
        self.executor_peak = 0
        self.executors: set[int] = set()
        self.cpu: dict[int, float] = {}  # the last CPU time seen of every process of the tree
        self.kinds: dict[int, str] = {}
        self.per_executor: dict[int, int] = defaultdict(int)  # each executor's peak
        self.load: list[float] = []  # the 1-minute load average at each sample
        self.process_peaks: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(1.0)

    def sample(self) -> None:
        self.load.append(os.getloadavg()[0])
        tree = _tree(self.root)
        kinds: dict[str, int] = defaultdict(int)
        per_executor: dict[int, int] = defaultdict(int)
        for pid, (_parent, cmd) in tree.items():
            parts = _smaps(pid)
            pss = parts.get("Pss", 0)
            for name, value in parts.items():
                self.process_peaks[pid][name] = max(self.process_peaks[pid][name], value)
            self.cpu[pid] = max(self.cpu.get(pid, 0.0), _cpu_self(pid))
            kind = _kind(cmd)
            if cmd:  # an exiting process has no command line left: keep the kind it was seen with
                self.kinds[pid] = "python_root" if pid == self.root else kind
            self.kinds.setdefault(pid, kind)
            kinds["python_root" if pid == self.root else kind] += pss
            owner = self._executor_of(pid, tree)
            if owner is not None:
                per_executor[owner] += pss
        kinds["all"] = sum(v for k, v in kinds.items() if k != "all")
        for k, v in kinds.items():
            self.peaks[k] = max(self.peaks[k], v)
        self.executors |= set(per_executor)
        for owner, pss in per_executor.items():
            self.per_executor[owner] = max(self.per_executor[owner], pss)
        self.executor_peak = max([self.executor_peak, *per_executor.values()])

    @staticmethod
    def _executor_of(pid: int, tree: dict[int, tuple[int, str]]) -> int | None:
        while pid in tree:
            if _kind(tree[pid][1]) == "executor_jvm":
                return pid
            pid = tree[pid][0]
        return None


def submit_args(executor_memory: str | None) -> dict[str, str]:
    """The environment that sets the executors' heap, as a user would (``PYSPARK_SUBMIT_ARGS``)."""
    if not executor_memory:
        return {}
    driver = os.environ.get("JDLENS_SPARK_DRIVER_MEMORY", "2g")
    conf = f"--driver-memory {driver} --conf spark.executor.memory={executor_memory} pyspark-shell"
    return {"PYSPARK_SUBMIT_ARGS": conf}


def in_child(
    phase: str, nice: int, *, live_every: float = 0, env_extra: dict[str, str] | None = None, **kwargs: Any
) -> dict[str, Any]:
    """Run one phase in a fresh interpreter: its result, wall and CPU time, and peak memory; with
    ``live_every``, the executor JVMs' live heap sampled that often (``LiveHeap``)."""
    cmd = [sys.executable, "-m", "bench.spark_bench", "--phase", phase, "--kwargs", json.dumps(kwargs)]
    gc_logs = Path(tempfile.mkdtemp(prefix=f"jdlens-gc-{phase}-"))
    env = dict(os.environ, JDK_JAVA_OPTIONS=f"-Xlog:gc:file={gc_logs}/gc-%p.log", **(env_extra or {}))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
        preexec_fn=(lambda: os.nice(nice)) if nice else None,
    )
    with Sampler(proc.pid) as mem, LiveHeap(proc.pid, live_every) as live:
        out, _ = proc.communicate()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(f"phase {phase} failed with exit code {proc.returncode}")
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    result["wall_s"] = wall
    # CPU of exited descendants that were waited for; the JVMs py4j starts are not waited for, so the
    # sampled CPU of every process seen (at most a second short for each) counts them: take the larger
    waited = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result["cpu_s"] = max(waited, sum(mem.cpu.values()))
    result["cpu_waited_s"], result["cpu_sampled_s"] = waited, sum(mem.cpu.values())
    by_kind: dict[str, float] = defaultdict(float)
    for pid, seconds in mem.cpu.items():
        by_kind[mem.kinds[pid]] += seconds
    result["cpu_by_kind_s"] = dict(by_kind)
    result["peak_mb"] = {k: v / 2**20 for k, v in mem.peaks.items()}
    result["executor_peak_mb"] = mem.executor_peak / 2**20
    result["executors"] = len(mem.executors)
    result["executor_peaks_mb"] = sorted(v / 2**20 for v in mem.per_executor.values())
    result["load"] = {"mean": sum(mem.load) / max(1, len(mem.load)), "max": max(mem.load, default=0.0)}
    result["process_peaks_mb"] = _process_peaks(mem)
    result["gc"] = {
        pid: dict(peaks, kind=mem.kinds.get(int(pid), "?"))
        for pid, peaks in gc_peaks(gc_logs).items()
        if pid.isdigit()
    }
    result["live_heap"] = live.report()
    shutil.rmtree(gc_logs, ignore_errors=True)
    print(f"{phase}: {json.dumps(result)}", file=sys.stderr, flush=True)
    return result


def _process_peaks(mem: Sampler) -> dict[str, dict[str, float]]:
    """Per kind of process, the largest single process's peak PSS, anonymous and file pages (MB), and
    how many processes of that kind were seen."""
    out: dict[str, dict[str, float]] = {}
    for pid, peaks in mem.process_peaks.items():
        kind = mem.kinds.get(pid, "python")
        entry = out.setdefault(kind, {"processes": 0, "pss": 0.0, "anon": 0.0, "file": 0.0})
        entry["processes"] += 1
        for name, key in (("Pss", "pss"), ("Pss_Anon", "anon"), ("Pss_File", "file")):
            entry[key] = max(entry[key], peaks.get(name, 0) / 2**20)
    return out


# ---- the run ----------------------------------------------------------------------------------


def _mb(result: dict[str, Any], *kinds: str) -> str:
    return f"{sum(result['peak_mb'].get(k, 0.0) for k in kinds):,.0f} MB"


def print_results(rows: int, corpus: dict[str, Any], runs: dict[str, dict[str, Any]], args: Any) -> None:
    duck, spark = runs["duckdb_ingest"], runs["spark_ingest"]
    print(f"\n## {rows:,} distinct postings (resampled from {corpus['real_rows']:,} real rows)\n")
    print(f"corpus: {corpus['mb']:,.0f} MB of Parquet; Spark master {args.master}, batch {args.batch_size:,}")
    load = [r["load"] for r in runs.values()]
    print(
        f"1-minute load average during the phases: mean {sum(x['mean'] for x in load) / len(load):.1f}, "
        f"max {max(x['max'] for x in load):.1f} (2 cores)\n"
    )
    print("| measure | DuckDB ingest | Spark job |\n|---|---|---|")
    print(f"| postings stored | {duck['postings']:,} | {spark['postings']:,} |")
    print(
        f"| wall time | {duck['wall_s']:.0f} s | {spark['wall_s']:.0f} s (session start {spark['session_s']:.0f} s) |"
    )
    print(f"| Spark / DuckDB wall time | 1 | {spark['wall_s'] / duck['wall_s']:.2f}x |")
    print(f"| CPU time, all processes | {duck['cpu_s']:.0f} s | {spark['cpu_s']:.0f} s |")
    kinds = ", ".join(f"{k} {v:.0f} s" for k, v in sorted(spark["cpu_by_kind_s"].items()))
    print(f"| Spark CPU by kind of process | | {kinds} |")
    d_rate, s_rate = duck["postings"] / duck["cpu_s"], spark["postings"] / spark["cpu_s"]
    print(f"| postings per CPU-second (per core) | {d_rate:,.0f} | {s_rate:,.0f} |")
    print(f"| Spark / DuckDB CPU per posting | 1 | {d_rate / s_rate:.2f}x (target <= 1.5x) |")
    print(
        f"| peak memory | all {_mb(duck, 'all')}: driver {_mb(duck, 'python_root')}, workers "
        f"{_mb(duck, 'python')} | all {_mb(spark, 'all')}: driver {_mb(spark, 'python_root', 'driver_jvm')}, "
        f"executors {', '.join(f'{v:,.0f}' for v in spark['executor_peaks_mb'])} MB "
        f"(largest {spark['executor_peak_mb']:,.0f} MB) |"
    )
    procs = spark["process_peaks_mb"]
    heaps = [g for g in spark["gc"].values() if g["kind"] == "executor_jvm"]
    for kind, label in (
        ("executor_jvm", "largest executor JVM"),
        ("executor_python", "largest Python worker"),
    ):
        if kind in procs:
            got = procs[kind]
            print(
                f"| {label} (PSS: anonymous + file pages) | | {got['pss']:,.0f} MB: {got['anon']:,.0f} + "
                f"{got['file']:,.0f} MB ({got['processes']:.0f} processes) |"
            )
    if heaps:
        print(
            f"| executor JVM heap: most after a GC / most committed | | "
            f"{max(h['heap_after_gc_mb'] for h in heaps):,} MB / {max(h['heap_committed_mb'] for h in heaps):,} MB |"
        )
    print(f"| executor JVM live heap (after a full GC), largest per executor | | {live_summary(spark)} |")
    print("\n| report (all tables, no filter) | wall | CPU | peak memory |\n|---|---|---|---|")
    for name in [n for n in ("report_db", "report_tables_duckdb", "report_tables_spark") if n in runs]:
        r = runs[name]
        print(f"| {name} | {r['wall_s']:.1f} s | {r['cpu_s']:.1f} s | {_mb(r, 'all')} |")


def print_duckdb_results(rows: int, corpus: dict[str, Any], runs: dict[str, dict[str, Any]]) -> None:
    """The DuckDB ingest alone (``--only duckdb``): where its CPU goes, its rate, memory and the report."""
    duck = runs["duckdb_ingest"]
    print(
        f"\n## {rows:,} distinct postings (resampled from {corpus['real_rows']:,} real rows), DuckDB ingest\n"
    )
    print(f"corpus: {corpus['mb']:,.0f} MB of Parquet")
    print(
        f"1-minute load average: mean {duck['load']['mean']:.1f}, max {duck['load']['max']:.1f} (2 cores)\n"
    )
    kinds = duck["cpu_by_kind_s"]
    parent, workers = kinds.get("python_root", 0.0), kinds.get("python", 0.0)
    print("| measure | value |\n|---|---|")
    print(f"| postings stored | {duck['postings']:,} |")
    print(f"| wall time | {duck['wall_s']:.1f} s ({duck['postings'] / duck['wall_s']:,.0f} postings/s) |")
    print(
        f"| CPU time: all / parent / analysis workers | {duck['cpu_s']:.1f} s / {parent:.1f} s / {workers:.1f} s |"
    )
    print(
        f"| CPU per posting: parent / workers | {1000 * parent / duck['postings']:.2f} ms / "
        f"{1000 * workers / duck['postings']:.2f} ms |"
    )
    print(f"| postings per CPU-second | {duck['postings'] / duck['cpu_s']:,.0f} |")
    print(
        f"| peak memory (PSS) | all {_mb(duck, 'all')}: parent {_mb(duck, 'python_root')}, "
        f"workers {_mb(duck, 'python')} |"
    )
    if "report_db" in runs:
        r = runs["report_db"]
        print(
            f"| report from the database (all tables) | {r['wall_s']:.1f} s wall, {r['cpu_s']:.1f} s CPU, {_mb(r, 'all')} |"
        )


def live_summary(run: dict[str, Any]) -> str:
    """The largest live heap of each executor JVM and the classes holding most of the largest."""
    largest = [v["largest"] for v in run.get("live_heap", {}).values() if v.get("largest")]
    if not largest:
        return "not sampled"
    top = max(largest, key=lambda v: v["live_mb"])
    classes = ", ".join(f"{c['class']} {c['mb']:.0f}" for c in top["top"][:4])
    sizes = ", ".join(f"{v['live_mb']:,.0f}" for v in sorted(largest, key=lambda v: v["live_mb"]))
    return f"{sizes} MB (largest held by: {classes} MB)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--master", default="local-cluster[2,1,1536]")
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--nice", type=int, default=10, help="niceness of the measured processes")
    parser.add_argument(
        "--only", choices=("duckdb", "spark"), default=None, help="run one engine's phases alone"
    )
    parser.add_argument("--keep", type=Path, default=None)
    parser.add_argument(
        "--spark-first", action="store_true", help="run the Spark phases before the DuckDB ones"
    )
    parser.add_argument("--no-reports", action="store_true", help="measure the two ingests only")
    parser.add_argument(
        "--executor-memory",
        default=None,
        help="spark.executor.memory of the Spark phases (Spark's default: 1g)",
    )
    parser.add_argument(
        "--live-every",
        type=float,
        default=30.0,
        help="seconds between live-heap samples of the executors (0: none)",
    )
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--kwargs", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(PHASES[args.phase](**json.loads(args.kwargs))))
        return
    work = args.keep or Path(tempfile.mkdtemp(prefix="jdlens-spark-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus_path = work / f"distinct-{args.rows}.parquet"
    try:
        files = [str(f) for f in real_files(args.shared)]
        corpus = in_child("corpus", args.nice, files=files, rows=args.rows, path=str(corpus_path))
        db, tables = work / "bench.duckdb", work / "tables"
        db.unlink(missing_ok=True)
        shutil.rmtree(tables, ignore_errors=True)
        duckdb_phases = {
            "duckdb_ingest": (
                "duckdb_ingest",
                {"corpus": str(corpus_path), "db": str(db), "workers": args.workers},
            ),
            "report_db": ("report", {"db": str(db), "tables": None, "engine": "duckdb", "master": None}),
        }
        spark_phases = {
            "spark_ingest": (
                "spark_ingest",
                {
                    "corpus": str(corpus_path),
                    "tables": str(tables),
                    "master": args.master,
                    "batch_size": args.batch_size,
                },
            ),
            "report_tables_duckdb": (
                "report",
                {"db": None, "tables": str(tables), "engine": "duckdb", "master": None},
            ),
            "report_tables_spark": (
                "report",
                {"db": None, "tables": str(tables), "engine": "spark", "master": args.master},
            ),
        }
        order = {"duckdb": duckdb_phases, "spark": spark_phases}
        engines = ["spark", "duckdb"] if args.spark_first else ["duckdb", "spark"]
        runs: dict[str, dict[str, Any]] = {}
        spark_env = submit_args(args.executor_memory)
        for engine in engines:
            if args.only in (None, engine):
                for name, (phase, kwargs) in order[engine].items():
                    if not (args.no_reports and phase == "report"):
                        extra = {"env_extra": spark_env} if engine == "spark" else {}
                        live = args.live_every if name == "spark_ingest" else 0
                        runs[name] = in_child(phase, args.nice, live_every=live, **extra, **kwargs)
        if args.only is None:
            print_results(args.rows, corpus, runs, args)
        else:
            print(json.dumps(runs, indent=1))
            if args.only == "duckdb":
                print_duckdb_results(args.rows, corpus, runs)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
