"""Fuzz every door with mutated real inputs: ``make fuzz``.

Cases are built from real postings of ``../shared/data/postings`` (or the fixtures in ``tests/data``):
byte flips, truncation, huge tokens, deep nesting, NUL bytes, lone surrogates, RTL text, numbers
such as ``$1e309``, huge character references; PDFs and DOCX files laid out from the same texts by
``bench.fuzz_files`` and mutated (flips, truncation, thousands of pages, modest zip bombs, XML
comments, a foreign root element). Each case goes through one door, in turn: the Python API
(``analyze``, ``read_resume`` + ``match``), the CLI (``jdlens analyze`` / ``jdlens match``), the
web app (``/api/analyze``, ``/api/match`` through a TestClient) and the table readers (the case as a
CSV, JSON Lines, JSON array or Parquet table, or its raw bytes as a table file, through
``analyze --input``'s batch, ``rank``'s loader and ``market ingest``).

The parent imports and warms everything once (and freezes its objects out of the garbage
collector's reach, so children do not copy them); each case then runs in a child forked from it,
with a CPU-time limit (``RLIMIT_CPU``), an address-space limit (``RLIMIT_AS``) and a wall-clock
alarm; the child reports its outcome, CPU time and peak memory through a pipe. An outcome is ``ok``,
``coded`` (a jdlens error code: the CLI's one red line and non-zero exit, the web's 4xx JSON error),
``crash`` (anything else: an uncaught exception, a traceback, a web 500), ``slow`` (over
``--max-seconds`` of CPU) or ``memory`` (a resident set grown by more than ``--max-mb``).

``--jobs N`` keeps N children running at once (each case still has its own child and limits; CPU
time is measured per child, so the figures do not depend on N).

    python -m bench.fuzz --shared ../shared --cases 10000 [--seed 1] [--jobs 4] [--out fuzz-out]
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import random
import resource
import signal
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import fuzz_files
from bench.corpora import postings

ROOT = Path(__file__).resolve().parent.parent
warnings.filterwarnings("ignore", message=".*httpx.*")  # the fuzzer's output: outcomes only


@dataclass(frozen=True)
class Case:
    name: str  # the mutation
    kind: str  # "text" | "pdf" | "docx"
    data: bytes | str


def _fixture_texts() -> list[str]:
    folder = ROOT / "tests" / "data"
    return [p.read_text("utf-8", "replace") for p in sorted(folder.rglob("*.txt"))[:50]]


def seed_texts(shared: Path, limit: int) -> list[str]:
    texts = [t for _, t, _ in postings(shared)]
    random.Random(0).shuffle(texts)
    return texts[:limit] or _fixture_texts()


# --- text mutations -------------------------------------------------------------------------------


def _flip(data: bytes, rng: random.Random, n: int) -> bytes:
    out = bytearray(data)
    for _ in range(n):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _insert(text: str, piece: str, rng: random.Random) -> str:
    i = rng.randrange(len(text) + 1)
    return text[:i] + piece + text[i:]


TEXT_MUTATIONS: dict[str, Callable[[str, random.Random], str | bytes]] = {
    "as_is": lambda t, r: t,
    "byte_flips": lambda t, r: _flip(t.encode(), r, r.randint(1, 40)),
    "truncated": lambda t, r: t.encode()[: r.randrange(1, max(2, len(t.encode())))],
    "huge_token": lambda t, r: _insert(t, r.choice("ax.@-[") * r.randint(20_000, 60_000), r),
    "deep_nesting": lambda t, r: _insert(t, r.choice(["<div>", "(", "[", "<p ", "**", "<ul><li>"]) * 5000, r),
    "nul_bytes": lambda t, r: _insert(t, "\x00" * r.randint(1, 500), r),
    "lone_surrogates": lambda t, r: _insert(t, "\ud800 \udfff \udc80", r),
    "rtl_text": lambda t, r: _insert(
        t, "\u202e\u0645\u0647\u0646\u062f\u0633 \u05e4\u05d9\u05d9\u05ea\u05d5\u05df \u202c", r
    ),
    "huge_numbers": lambda t, r: _insert(t, " $1e309 - $1e400k, 99999999999999999999 years, £-0.0 ", r),
    "huge_entity": lambda t, r: "<p>" + _insert(t, "&#" + "9" * r.randint(4300, 9000) + ";", r) + "</p>",
    "emails_urls": lambda t, r: _insert(
        t, " jobs@nhs.net https://x.io/" + "a" * 3000 + " +44 20 7946 0958 ", r
    ),
    "repeated": lambda t, r: t * r.randint(20, 60),
    "one_line": lambda t, r: t.replace("\n", " ") * r.randint(3, 10),
    "utf16": lambda t, r: t.encode("utf-16"),
    "cp1252": lambda t, r: (t + " €80,000").encode("cp1252", "replace"),
    "binary_noise": lambda t, r: r.randbytes(r.randint(1, 20_000)),
    "empty_ish": lambda t, r: r.choice(["", " ", "\n\n", "\x00", "<p></p>", "&nbsp;"]),
}


def text_cases(texts: list[str], rng: random.Random) -> Iterator[Case]:
    names = list(TEXT_MUTATIONS)
    while True:
        name = rng.choice(names)
        yield Case(name, "text", TEXT_MUTATIONS[name](rng.choice(texts), rng))


def file_cases(texts: list[str], rng: random.Random) -> Iterator[Case]:
    while True:
        kind = rng.choice(["pdf", "docx"])
        name, data = (fuzz_files.pdf_case if kind == "pdf" else fuzz_files.docx_case)(rng.choice(texts), rng)
        yield Case(name, kind, data)


# --- doors ----------------------------------------------------------------------------------------

RESUME = b"Jane Doe\njane@example.com\nExperience\nML Engineer, Acme 2019 - 2024\n* Python, PyTorch, SQL\n"


def _bytes(case: Case) -> bytes:
    if isinstance(case.data, bytes):
        return case.data
    return case.data.encode("utf-8", "surrogatepass")


def _suffix(case: Case) -> str:
    return {"pdf": ".pdf", "docx": ".docx"}.get(case.kind, ".txt")


def door_api(case: Case) -> str:
    import jdlens

    try:
        if case.kind == "text" and isinstance(case.data, str):
            jdlens.analyze(case.data)
        else:
            resume = jdlens.read_resume(_bytes(case), filename="case" + _suffix(case))
            jdlens.match(resume, jdlens.analyze("Requirements: Python, SQL and PyTorch"))
    except jdlens.JdlensError:
        return "coded"
    return "ok"


def door_cli(case: Case) -> str:
    from jdlens.cli import main

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("case" + _suffix(case))
        path.write_bytes(_bytes(case))
        if case.kind == "text":
            argv = ["analyze", str(path), "--format", "json"]
        else:
            job = Path(tmp) / "job.txt"
            job.write_text("Requirements: Python, SQL and PyTorch", "utf-8")
            argv = ["match", str(path), str(job), "--format", "json"]
        err = io.StringIO()
        out = io.StringIO()
        old = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out, err
        try:
            main(argv)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            sys.stdout, sys.stderr = old
    if code == 0:
        return "ok"
    if "[JDL" in err.getvalue() and "Traceback" not in err.getvalue():
        return "coded"
    return "crash: " + err.getvalue()[-300:]


_CLIENT: list[object] = []  # the web app's TestClient, made once in the parent by warm()


def _client() -> object:
    from fastapi.testclient import TestClient

    from jdlens.web.app import create_app

    if not _CLIENT:
        _CLIENT.append(TestClient(create_app(), raise_server_exceptions=False))
    return _CLIENT[0]


def door_web(case: Case) -> str:
    client = _client()
    assert hasattr(client, "post")
    data = _bytes(case)
    if case.kind == "text" and isinstance(case.data, str) and "\ud800" not in case.data:
        response = client.post("/api/analyze", data={"job_text": case.data})
    elif case.kind == "text":
        response = client.post("/api/analyze", files={"job_file": ("case.txt", data, "text/plain")})
    else:
        response = client.post(
            "/api/match",
            data={"job_text": "Requirements: Python, SQL and PyTorch"},
            files={"resume": ("case" + _suffix(case), data, "application/octet-stream")},
        )
    if response.status_code == 200:
        return "ok"
    try:
        code = response.json()["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return f"crash: {response.status_code} {response.text[:200]}"
    if response.status_code >= 500 and code in ("JDL064", "JDL000"):
        return f"crash: {response.status_code} {response.text[:200]}"
    return "coded"


TABLE_KINDS = ("csv", "jsonl", "json", "parquet", "raw")


def write_table(case: Case, folder: Path) -> Path:
    """The case as a table file: its text in a description column of a CSV, JSON Lines, JSON array or
    Parquet table (beside an ordinary row), or its raw bytes as the table file itself."""
    data = _bytes(case)
    kind = TABLE_KINDS[len(data) % len(TABLE_KINDS)] if case.kind == "text" else "raw"
    text = case.data if isinstance(case.data, str) else data.decode("utf-8", "replace")
    rows = [{"title": "ML Engineer", "description": text}, {"title": "Other", "description": "Python, SQL"}]
    if kind == "raw":
        suffix = (".csv", ".jsonl", ".json", ".parquet")[len(data) % 4]
        path = folder / f"jobs{suffix}"
        path.write_bytes(data)
    elif kind == "csv":
        path = folder / "jobs.csv"
        body = "".join('"{}","{}"\n'.format(r["title"], r["description"].replace('"', '""')) for r in rows)
        path.write_bytes(("title,description\n" + body).encode("utf-8", "surrogatepass"))
    elif kind == "jsonl":
        path = folder / "jobs.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    elif kind == "json":
        path = folder / "jobs.json"
        path.write_text(json.dumps(rows), encoding="utf-8")
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        path = folder / "jobs.parquet"
        clean = [{k: v.encode("utf-8", "replace").decode("utf-8") for k, v in r.items()} for r in rows]
        pq.write_table(pa.Table.from_pylist(clean), path)
    return path


def door_tables(case: Case) -> str:
    """The case as a table through the batch analysis, rank's loader and market ingest."""
    import jdlens
    from jdlens.job.batch import analyze_table
    from jdlens.market.store import ingest_files
    from jdlens.matching.rank import load_postings

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = write_table(case, folder)
        outcomes = []
        for step in (
            lambda: analyze_table(path, folder / "out.jsonl", workers=1),
            lambda: load_postings(path, errors=[]),
            lambda: ingest_files(path, folder / "m.duckdb", workers=1),
        ):
            try:
                step()
                outcomes.append("ok")
            except jdlens.JdlensError:
                outcomes.append("coded")
    return "coded" if "coded" in outcomes else "ok"


DOORS: dict[str, Callable[[Case], str]] = {
    "api": door_api,
    "cli": door_cli,
    "web": door_web,
    "tables": door_tables,
}


# --- one case in a child process --------------------------------------------------------------------


def run_in_child(
    door: Callable[[Case], str], case: Case, max_seconds: float, max_mb: int
) -> dict[str, object]:
    """Fork; the child runs the case under CPU and memory limits and reports back through a pipe."""
    pid, read_end = start_child(door, case, max_seconds, max_mb)
    _, status = os.waitpid(pid, 0)
    return finish_child(read_end, status, max_seconds, max_mb)


def start_child(door: Callable[[Case], str], case: Case, max_seconds: float, max_mb: int) -> tuple[int, int]:
    """Fork a child that runs the case under its limits; the child's pid and the pipe's read end."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        base_rss = _rss_mb()  # what it starts with (pages it shares with the parent and has touched)
        report: dict[str, object]
        cpu_limit = int(max_seconds * 3) + 1  # the hard stop; "slow" is judged from the measured time
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_limit, cpu_limit + 1))
        signal.alarm(WALL_LIMIT_S)  # a case that waits forever (a deadlock) ends too
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = _vm_bytes() + (max_mb + 1500) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
        start = time.process_time()
        try:
            outcome, _, detail = door(case).partition(": ")
            report = {"outcome": outcome, **({"error": detail[:400]} if detail else {})}
        except MemoryError:
            report = {"outcome": "memory"}
        except BaseException as exc:  # the fuzzer's job: record whatever escaped
            report = {"outcome": "crash", "error": f"{type(exc).__name__}: {str(exc)[:200]}"}
        report["cpu"] = time.process_time() - start
        report["rss_mb"] = _peak_rss_mb() - base_rss
        os.write(write_end, json.dumps(report).encode()[:60_000])  # within the pipe's buffer
        os._exit(0)
    os.close(write_end)
    return pid, read_end


def finish_child(read_end: int, status: int, max_seconds: float, max_mb: int) -> dict[str, object]:
    """The ended child's report (its outcome judged against the limits), from the pipe."""
    with os.fdopen(read_end, "rb") as pipe:
        raw = pipe.read()
    if not raw:
        stop = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
        killed = stop in (signal.SIGXCPU, signal.SIGKILL, signal.SIGALRM)
        return {"outcome": "slow" if killed else "crash", "error": f"child ended with status {status}"}
    result: dict[str, Any] = json.loads(raw)
    if result["outcome"] in ("ok", "coded"):
        if float(result["cpu"]) > max_seconds:
            result["outcome"] = "slow"
        elif float(result["rss_mb"]) > max_mb:
            result["outcome"] = "memory"
    return result


WALL_LIMIT_S = 120  # wall-clock seconds a child may take on a loaded machine before it is stopped


def _rss_mb() -> float:
    """This process's resident set now (what a forked child starts with), in MB."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_rss_mb() -> float:
    """This process's peak resident set (the kernel's high-water mark, VmHWM), in MB."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _vm_bytes() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def warm() -> None:
    """Load everything once in the parent, so each child starts warm (copy-on-write)."""
    import jdlens
    from jdlens.web import services
    from jdlens.web.app import create_app

    jdlens.analyze("warm up: Python and SQL")
    jdlens.read_resume(RESUME, filename="r.txt")
    create_app()
    for door in DOORS.values():  # import and warm every door's code (pdf, docx, duckdb, pyarrow)
        door(Case("warm", "text", "Requirements: Python, SQL and PyTorch"))
        door(Case("warm", "docx", fuzz_files.make_docx("Python and SQL\n" * 5)))
        door(Case("warm", "pdf", fuzz_files.make_pdf("Python and SQL engineer " * 5)))
    services._POOL = None  # its threads stay in the parent: each child starts its own pool
    services.job_cache().clear()
    gc.collect()
    gc.freeze()  # the warm objects stay out of the children's collections: no copy-on-write of them


DOOR_ORDER = ("api", "cli", "web", "tables")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-seconds", type=float, default=2.0)
    parser.add_argument("--max-mb", type=int, default=500)
    parser.add_argument("--out", type=Path, default=Path("fuzz-out"))
    parser.add_argument("--jobs", type=int, default=1, help="cases run at once, each in its own child")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    texts = seed_texts(args.shared, 400)
    warm()
    args.out.mkdir(parents=True, exist_ok=True)
    sources = (text_cases(texts, rng), file_cases(texts, rng))
    tally = Tally()
    started = time.process_time()
    wall = time.perf_counter()
    flight: dict[int, tuple[int, dict[str, object]]] = {}  # pid -> (pipe, what the case was)
    with (
        (args.out / "findings.jsonl").open("w", encoding="utf-8") as findings,
        (args.out / "cases.jsonl").open("w", encoding="utf-8") as every,
    ):

        def reap() -> None:
            pid, status = os.wait()
            read_end, about = flight.pop(pid)
            report = finish_child(read_end, status, args.max_seconds, args.max_mb)
            tally.add(str(about["door"]), report)
            line = json.dumps({**about, **report})
            every.write(line + "\n")
            if report["outcome"] not in ("ok", "coded"):
                findings.write(line + "\n")
                findings.flush()
            if tally.done % 100 == 0:
                tally.write(args.out / "summary.txt", args, time.perf_counter() - wall)

        for i in range(args.cases):
            case = next(sources[0] if i % 3 else sources[1])  # one case in three is a PDF or DOCX
            door_name = DOOR_ORDER[(i // 3) % len(DOOR_ORDER)]  # each door sees every kind of case
            while len(flight) >= args.jobs:
                reap()
            pid, read_end = start_child(DOORS[door_name], case, args.max_seconds, args.max_mb)
            flight[pid] = (read_end, {"case": i, "door": door_name, "kind": case.kind, "mutation": case.name})
        while flight:
            reap()
    print(tally.write(args.out / "summary.txt", args, time.perf_counter() - wall))
    print(
        f"harness CPU time (parent, case generation): {time.process_time() - started:.1f} s; "
        f"findings: {args.out / 'findings.jsonl'}"
    )
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: the warm DuckDB module reports "leaks" at exit


OUTCOMES = ("ok", "coded", "crash", "slow", "memory")


@dataclass
class Tally:
    """Outcomes, CPU time and memory growth per door, so far."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    cpu: Counter[str] = field(default_factory=Counter)
    worst_cpu: float = 0.0
    worst_mb: float = 0.0
    done: int = 0

    def add(self, door: str, report: dict[str, object]) -> None:
        self.done += 1
        self.counts[(door, str(report["outcome"]))] += 1
        cpu = float(report.get("cpu", 0.0))  # type: ignore[arg-type]
        self.cpu[door] += cpu  # type: ignore[assignment]
        self.worst_cpu = max(self.worst_cpu, cpu)
        self.worst_mb = max(self.worst_mb, float(report.get("rss_mb", 0.0)))  # type: ignore[arg-type]

    def write(self, path: Path, args: argparse.Namespace, wall: float) -> str:
        """The table of outcomes so far, written to ``path`` (kept current during a long run)."""
        load = " ".join(f"{x:.1f}" for x in os.getloadavg())
        lines = [
            f"cases: {self.done} (seed {args.seed}, {args.jobs} at a time), limits {args.max_seconds:g} s CPU, "
            f"{args.max_mb} MB; "
            f"wall clock {wall / 60:.1f} min, load average now {load}",
            f"{'door':6} " + " ".join(f"{o:>6}" for o in OUTCOMES) + "  mean CPU s",
        ]
        for door in DOOR_ORDER:
            row = [self.counts[(door, o)] for o in OUTCOMES]
            mean = self.cpu[door] / max(1, sum(row))
            lines.append(f"{door:6} " + " ".join(f"{n:6d}" for n in row) + f"  {mean:10.3f}")
        lines.append(
            f"slowest case: {self.worst_cpu:.2f} s CPU; largest memory growth: {self.worst_mb:.0f} MB"
        )
        text = "\n".join(lines)
        path.write_text(text + "\n", encoding="utf-8")
        return text


if __name__ == "__main__":
    main()
