"""Bounded load test of the web app on loopback: POST /api/match with a pasted job and a 2-page PDF.

Starts ``uvicorn`` on 127.0.0.1 (a free port), sends N requests at a fixed concurrency from one
asyncio client, and reports throughput, median and p99 latency, and errors. The client runs on the
same machine and takes part of the CPU; say so when comparing figures.

    python -m bench.web_load [--requests 2000] [--concurrency 16] [--workers 2] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import socket
import statistics
import subprocess
import sys
import time
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, workers: int) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "jdlens.web.app:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
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


async def run_load(
    base: str, job: str, resume: bytes, total: int, concurrency: int
) -> tuple[list[float], int]:
    import httpx

    latencies: list[float] = []
    errors = 0
    remaining = iter(range(total))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        for _ in remaining:
            start = time.perf_counter()
            try:
                response = await client.post(
                    base + "/api/match", data={"job_text": job}, files={"resume": ("resume.pdf", resume)}
                )
                ok = response.status_code == 200 and "score" in response.json()
            except httpx.HTTPError:
                ok = False
            latencies.append(time.perf_counter() - start)
            errors += not ok

    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return latencies, errors


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--warmup", type=int, default=40)
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
        asyncio.run(run_load(base, job, resume, args.warmup, args.concurrency))
        began, cpu_began = time.perf_counter(), time.process_time()
        latencies, errors = asyncio.run(run_load(base, job, resume, args.requests, args.concurrency))
        elapsed, client_cpu = time.perf_counter() - began, time.process_time() - cpu_began
    finally:
        server.terminate()
        server.wait(timeout=20)
    report(args, len(resume), latencies, errors, elapsed, client_cpu)


def report(
    args: argparse.Namespace,
    resume_bytes: int,
    latencies: list[float],
    errors: int,
    elapsed: float,
    client_cpu: float,
) -> None:
    result = {
        "requests": len(latencies),
        "concurrency": args.concurrency,
        "server_workers": args.workers,
        "cpu_count": os.cpu_count(),
        "resume_pdf_bytes": resume_bytes,
        "throughput_rps": round(len(latencies) / elapsed, 1),
        "median_ms": round(1000 * statistics.median(latencies), 1),
        "p99_ms": round(1000 * percentile(latencies, 0.99), 1),
        "max_ms": round(1000 * max(latencies), 1),
        "errors": errors,
        "client_cpu_share": round(client_cpu / (elapsed * (os.cpu_count() or 1)), 2),
    }
    print("web load (POST /api/match, pasted job + 2-page PDF resume, loopback):")
    for key, value in result.items():
        print(f"  {key:18} {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
