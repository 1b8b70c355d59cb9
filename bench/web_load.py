"""Bounded load test of the web app on loopback: POST /api/match with a pasted job and a 2-page PDF.

Starts ``jdlens serve --workers N`` on 127.0.0.1 (a free port; N analysis processes, one per core
by default), sends N requests at a fixed concurrency from one
asyncio client (aiohttp, one encoded form sent every time; ``--client httpx`` for the earlier, heavier
one), and reports throughput, median and p99 latency, and errors. The client runs on the same machine
and takes part of the CPU (its CPU per request is reported); say so when comparing figures. Beside the wall-clock figures
it reports the CPU each server process used (from /proc, so on Linux), per request, and the load
average before and after the run: on a shared machine the CPU figures are the ones to compare.

    python -m bench.web_load [--requests 2000] [--concurrency 16] [--workers 2] [--client aiohttp|httpx]
                             [--shared ../shared]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import importlib.util
import io
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESUME_TXT = "data/resumes/resume_matcher_samples/legacy/Data/Resumes/harvey_dent_mle.pdf.txt"
POSTINGS = "data/labeled/jdlens_dev_50/postings.jsonl"


def two_page_pdf(text: str) -> bytes:
    """The resume text laid out on two US-letter pages (11 pt, generous leading), as a real PDF."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    pdf.setFont("Helvetica", 11)
    y = 740
    for line in text.splitlines():
        if y < 72:
            pdf.showPage()
            pdf.setFont("Helvetica", 11)
            y = 740
        pdf.drawString(56, y, line[:110])
        y -= 24
    pdf.save()
    return buffer.getvalue()


def load_inputs(shared: Path) -> tuple[str, bytes]:
    posting = json.loads((shared / POSTINGS).read_text(encoding="utf-8").splitlines()[0])
    resume = two_page_pdf((shared / RESUME_TXT).read_text(encoding="utf-8"))
    return posting["text"], resume


TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> tuple[int, float] | None:
    """The parent pid and the CPU seconds (user + system) of ``pid``, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS


def server_cpu(root: int) -> dict[int, float]:
    """CPU seconds of the server process and of every process under it, by pid (empty off Linux)."""
    stats = {}
    for entry in Path("/proc").glob("[0-9]*"):
        found = _stat(int(entry.name))
        if found is not None:
            stats[int(entry.name)] = found
    family, grew = {root}, True
    while grew:
        grew = False
        for pid, (parent, _) in stats.items():
            if parent in family and pid not in family:
                family.add(pid)
                grew = True
    return {pid: stats[pid][1] for pid in family if pid in stats}


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, workers: int) -> subprocess.Popen:
    """``jdlens serve --workers N``: the command a user runs (one server, N analysis processes)."""
    cmd = [sys.executable, "-m", "jdlens.cli", "serve", "--port", str(port), "--workers", str(workers)]
    return subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"})


async def wait_ready(base: str, timeout: float = 60.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            try:
                if (await client.get(base + "/api/health")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError("server did not start")


def multipart_body(job: str, resume: bytes) -> tuple[bytes, str]:
    """The form httpx sends for a pasted job and a resume file, as bytes, and its content type."""
    import httpx

    request = httpx.Request(
        "POST",
        "http://bench/api/match",
        data={"job_text": job},
        files={"resume": ("resume.pdf", resume, "application/pdf")},
    )
    return request.read(), request.headers["content-type"]


CLIENTS = ("aiohttp", "httpx")


async def run_load(
    base: str, job: str, resume: bytes, total: int, concurrency: int, client: str = "aiohttp"
) -> tuple[list[float], collections.Counter[str]]:
    """``total`` requests, ``concurrency`` at a time, each on one of ``concurrency`` keep-alive
    connections. The form is encoded once and the same bytes are sent every time (as wrk or ab send a
    fixed body); each answer is read, decompressed and parsed as JSON. The client shares the machine
    with the server, so the lighter one (aiohttp, whose HTTP parser is C) is the default; ``httpx``
    is the earlier client, which also encodes the form for every request."""
    latencies: list[float] = []
    failures: collections.Counter[str] = collections.Counter()
    remaining = iter(range(total))
    send = await (_aiohttp_sender if client == "aiohttp" else _httpx_sender)(base, job, resume, concurrency)

    async def worker() -> None:
        for _ in remaining:
            start = time.perf_counter()
            failure = await send.one()
            latencies.append(time.perf_counter() - start)
            if failure:
                failures[failure] += 1

    try:
        await asyncio.gather(*(worker() for _ in range(concurrency)))
    finally:
        await send.close()
    return latencies, failures


@dataclass(frozen=True)
class Sender:
    """Sends one request and names its failure ("" for a good answer); ``close`` ends the client."""

    one: Callable[[], Awaitable[str]]
    close: Callable[[], Awaitable[None]]


async def _aiohttp_sender(base: str, job: str, resume: bytes, concurrency: int) -> Sender:
    import aiohttp

    body, content_type = multipart_body(job, resume)
    session = aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=concurrency), timeout=aiohttp.ClientTimeout(total=60)
    )

    async def one() -> str:
        try:
            async with session.post(
                base + "/api/match", data=body, headers={"Content-Type": content_type}
            ) as response:
                return failure_of(response.status, await response.read())
        except (aiohttp.ClientError, TimeoutError) as exc:
            return type(exc).__name__

    return Sender(one, session.close)


async def _httpx_sender(base: str, job: str, resume: bytes, concurrency: int) -> Sender:
    import httpx

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    client = httpx.AsyncClient(limits=limits, timeout=60)

    async def one() -> str:
        try:
            response = await client.post(
                base + "/api/match", data={"job_text": job}, files={"resume": ("resume.pdf", resume)}
            )
            return failure_of(response.status_code, response.content)
        except httpx.HTTPError as exc:
            return type(exc).__name__

    return Sender(one, client.aclose)


def failure_of(status: int, content: bytes) -> str:
    """Empty for a good match answer; else the status and the error code, such as ``503 JDL072``."""
    try:
        body = json.loads(content)
    except ValueError:
        return f"{status} (not JSON)"
    if status == 200 and isinstance(body, dict) and "score" in body:
        return ""
    code = body.get("error", {}).get("code", "?") if isinstance(body, dict) else "?"
    return f"{status} {code}"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="analysis processes (jdlens serve --workers)"
    )
    parser.add_argument("--warmup", type=int, default=40)
    parser.add_argument(
        "--client",
        choices=CLIENTS,
        default="aiohttp",
        help="load client: aiohttp sends one encoded form (default); httpx encodes it for every request",
    )
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args(argv)
    if not (args.shared / POSTINGS).is_file():
        raise SystemExit(f"web_load: {args.shared} has no {POSTINGS}; pass --shared")
    job, resume = load_inputs(args.shared)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(port, args.workers)
    try:
        asyncio.run(wait_ready(base))
        asyncio.run(run_load(base, job, resume, args.warmup, args.concurrency, args.client))
        load_before, cpu_before = load_average(), server_cpu(server.pid)
        began, cpu_began = time.perf_counter(), time.process_time()
        latencies, failures = asyncio.run(
            run_load(base, job, resume, args.requests, args.concurrency, args.client)
        )
        elapsed, client_cpu = time.perf_counter() - began, time.process_time() - cpu_began
        cpu_after = server_cpu(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=20)
    per_process = sorted(
        (round(cpu_after[pid] - cpu_before.get(pid, 0.0), 2) for pid in cpu_after), reverse=True
    )
    machine = Machine(load_before, load_average(), per_process)
    report(args, len(resume), latencies, failures, elapsed, client_cpu, machine)


@dataclass(frozen=True)
class Machine:
    """The load average before and after the run, and the CPU seconds each server process used."""

    load_before: str
    load_after: str
    server_cpu_s: list[float]


def server_stack() -> str:
    """What uvicorn runs on here: its C HTTP parser and libuv loop when installed, else h11 and asyncio."""
    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    return f"{http}+{'uvloop' if importlib.util.find_spec('uvloop') else 'asyncio'}"


def report(
    args: argparse.Namespace,
    resume_bytes: int,
    latencies: list[float],
    failures: collections.Counter[str],
    elapsed: float,
    client_cpu: float,
    machine: Machine,
) -> None:
    server_cpu_s = sum(machine.server_cpu_s)
    result = {
        "requests": len(latencies),
        "concurrency": args.concurrency,
        "client": args.client,
        "server_http_and_loop": server_stack(),
        "analysis_processes": args.workers,
        "cpu_count": os.cpu_count(),
        "resume_pdf_bytes": resume_bytes,
        "throughput_rps": round(len(latencies) / elapsed, 1),
        "median_ms": round(1000 * statistics.median(latencies), 1),
        "p99_ms": round(1000 * percentile(latencies, 0.99), 1),
        "max_ms": round(1000 * max(latencies), 1),
        "errors": sum(failures.values()),
        "error_kinds": dict(failures),
        "client_cpu_share": round(client_cpu / (elapsed * (os.cpu_count() or 1)), 2),
        "server_cpu_ms_per_request": round(1000 * server_cpu_s / max(1, len(latencies)), 2),
        "client_cpu_ms_per_request": round(1000 * client_cpu / max(1, len(latencies)), 2),
        "load_before": machine.load_before,
        "load_after": machine.load_after,
        "server_cpu_s_by_process": machine.server_cpu_s,
    }
    print("web load (POST /api/match, pasted job + 2-page PDF resume, loopback):")
    for key, value in result.items():
        print(f"  {key:26} {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
