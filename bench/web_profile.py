"""CPU cost of one ``POST /api/match`` in the web app, end to end and stage by stage.

The request the load test sends (a real posting pasted as ``job_text`` and a two-page PDF resume) is
encoded once as multipart bytes and handed straight to the ASGI app in this process, so the figure is
the server's own work (middleware, multipart parsing, routing, the pool hop, reading, matching, JSON,
gzip) without any client or HTTP-protocol parsing. Then each stage is timed alone. All figures are
CPU time (``time.process_time``, every thread of this process), median of rounds.

    python -m bench.web_profile [--requests 200] [--rounds 5] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from bench.web_load import POSTINGS, ROOT, load_inputs, multipart_body


def scope_for(body: bytes, content_type: str) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/match",
        "raw_path": b"/api/match",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"bench"),
            (b"content-type", content_type.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"accept-encoding", b"gzip, deflate"),
        ],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }


async def one_request(app: Any, scope: dict[str, Any], body: bytes) -> tuple[int, int]:
    """Drive the ASGI app with one request; the status and the size of the body it sent."""
    sent = False
    status, size = 0, 0

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status, size
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            size += len(message.get("body", b""))

    await app(scope, receive, send)
    return status, size


def cpu_ms(func: Callable[[], Any], count: int, rounds: int) -> float:
    """Median over ``rounds`` of the CPU milliseconds ``func`` takes per call."""
    per_call = []
    for _ in range(rounds):
        began = time.process_time()
        for _ in range(count):
            func()
        per_call.append(1000 * (time.process_time() - began) / count)
    return statistics.median(per_call)


def web_only(request: Callable[[], None], parsed: Any, result: Any, count: int, rounds: int) -> float:
    """The request's CPU with the library's work (reading the resume, matching) already done: what
    is left is the web's (HTTP framework, multipart, middleware, the pool, JSON, gzip)."""
    from jdlens.web import services

    real = services.read_resume, services.match
    services.read_resume = lambda data, filename: parsed
    services.match = lambda resume, job: result
    try:
        return cpu_ms(request, count, rounds)
    finally:
        services.read_resume, services.match = real


GZIP_LEVELS = (1, 5)


def gzip_name(level: int, used: int) -> str:
    return f"gzip level {level}" + (" (the app's)" if level == used else "")


def server_share(job: str, resume: bytes, count: int, processes: int = 2, in_flight: int = 16) -> float:
    """CPU ms per request of the server process alone when the analyses run in ``processes`` analysis
    processes (``jdlens serve --workers N``), ``in_flight`` requests at a time: multipart, FastAPI,
    middleware, handing the inputs over and the JSON back, gzip (HTTP parsing is not in it)."""
    from jdlens.web import services
    from jdlens.web.app import create_app

    app = create_app(processes=processes)
    body, content_type = multipart_body(job, resume)
    scope = scope_for(body, content_type)

    async def run(total: int) -> None:
        gate = asyncio.Semaphore(in_flight)

        async def one() -> None:
            async with gate:
                status, _ = await one_request(app, scope, body)
                if status != 200:
                    raise SystemExit(f"web_profile: /api/match answered {status}")

        await asyncio.gather(*(one() for _ in range(total)))

    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(run(4 * in_flight))  # warm: each process analyses the posting once
        began = time.process_time()
        loop.run_until_complete(run(count))
        return 1000 * (time.process_time() - began) / count
    finally:
        loop.close()
        services.analysis_pool().close()


def profile(job: str, resume: bytes, count: int, rounds: int) -> dict[str, float]:
    import jdlens.api
    from jdlens.resume.read import read_raw
    from jdlens.web import services
    from jdlens.web.app import GZIP_LEVEL, create_app

    app = create_app()
    body, content_type = multipart_body(job, resume)
    scope = scope_for(body, content_type)
    loop = asyncio.new_event_loop()

    def request() -> None:
        status, _ = loop.run_until_complete(one_request(app, scope, body))
        if status != 200:
            raise SystemExit(f"web_profile: /api/match answered {status}")

    for _ in range(20):  # warm the caches: taxonomy, rules, the posting's analysis
        request()
    text = read_raw(resume, "resume.pdf").text.encode()
    parsed = jdlens.api.read_resume(resume, filename="resume.pdf")
    analysis = services.analyze(job)
    result = jdlens.api.match(parsed, analysis)
    payload = json.dumps(result.to_dict(), ensure_ascii=False, separators=(",", ":")).encode()
    figures = {
        "request, end to end (server side)": cpu_ms(request, count, rounds),
        "PDF text (read_raw)": cpu_ms(lambda: read_raw(resume, "resume.pdf"), count, rounds),
        "resume parse (parse_resume_text)": cpu_ms(
            lambda: jdlens.api.read_resume(text, filename="resume.txt"), count, rounds
        ),
        "job analysis, uncached": cpu_ms(lambda: jdlens.api.analyze(job), max(1, count // 4), rounds),
        "job analysis, cache hit": cpu_ms(lambda: services.analyze(job), count, rounds),
        "match(), the resume's parts already built": cpu_ms(
            lambda: jdlens.api.match(parsed, analysis), count, rounds
        ),
        "resume parse + match()": cpu_ms(
            lambda: jdlens.api.match(jdlens.api.read_resume(text, filename="resume.txt"), analysis),
            count,
            rounds,
        ),
        "to_dict + json.dumps": cpu_ms(
            lambda: json.dumps(result.to_dict(), ensure_ascii=False, separators=(",", ":")), count, rounds
        ),
        "model_dump_json": cpu_ms(result.model_dump_json, count, rounds),
        **{
            gzip_name(level, GZIP_LEVEL): cpu_ms(partial(gzip.compress, payload, level), count, rounds)
            for level in GZIP_LEVELS
        },
    }
    figures["web's own part: the request, reading and matching replaced by their results"] = web_only(
        request, parsed, result, count, rounds
    )
    loop.close()
    figures["server process alone, 2 analysis processes, 16 in flight"] = server_share(
        job, resume, count * rounds
    )
    figures["JSON bytes"] = len(payload)
    for level in GZIP_LEVELS:
        figures[gzip_name(level, GZIP_LEVEL) + ", bytes"] = len(gzip.compress(payload, compresslevel=level))
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="calls per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args(argv)
    if not (args.shared / POSTINGS).is_file():
        raise SystemExit(f"web_profile: {args.shared} has no {POSTINGS}; pass --shared")
    job, resume = load_inputs(args.shared)
    figures = profile(job, resume, args.requests, args.rounds)
    print(f"web profile (POST /api/match, CPU ms per call, median of {args.rounds} x {args.requests}):")
    for name, value in figures.items():
        print(f"  {name:58} {value:9.2f}" if isinstance(value, float) else f"  {name:58} {value:9}")
    print(json.dumps({k: round(v, 3) for k, v in figures.items()}))


if __name__ == "__main__":
    main()
