"""The web's analysis pool: a slow request delays no other; time limit, full queue, byte-bounded cache."""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import BrokenExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import jdlens.api
from jdlens.errors import ServerBusyError
from jdlens.web import services
from jdlens.web.app import create_app
from jdlens.web.http_errors import status_for

ORDINARY = (
    "Machine Learning Engineer\nRequirements\n• 3+ years of Python and SQL\n• Experience with PyTorch\n"
    "Nice to have\n• Kubernetes\n"
)
SLOW_SECONDS = 5.0


def _busy(seconds: float) -> None:
    """Hold the interpreter like a long analysis does: pure-Python work, no sleeping."""
    stop = time.monotonic() + seconds
    n = 0
    while time.monotonic() < stop:
        n += sum(range(200))


@pytest.fixture
def slow_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real = jdlens.api.analyze

    def analyze(text: str, **kwargs: Any) -> Any:
        if text.startswith("SLOW"):
            _busy(SLOW_SECONDS)
        return real(text, **kwargs)

    monkeypatch.setattr(jdlens.api, "analyze", analyze)
    services.job_cache().clear()
    yield
    services.job_cache().clear()


def test_a_slow_request_does_not_delay_an_ordinary_one(slow_api: None) -> None:
    with TestClient(create_app()) as client:
        client.post("/api/analyze", data={"job_text": "warm up: Python"})
        slow = threading.Thread(
            target=lambda: client.post("/api/analyze", data={"job_text": "SLOW " + ORDINARY})
        )
        started = time.monotonic()
        slow.start()
        time.sleep(0.5)  # the slow analysis is running now
        response = client.post("/api/analyze", data={"job_text": ORDINARY})
        still_running = slow.is_alive()  # the ordinary answer came while the slow one was still working
        slow.join()
    assert response.status_code == 200
    assert response.json()["skills"]
    assert still_running and time.monotonic() - started >= SLOW_SECONDS


def test_a_request_over_its_time_limit_is_answered_503() -> None:
    pool = services.AnalysisPool(threads=1, queue=0, timeout=0.2)
    with pytest.raises(ServerBusyError) as caught:
        asyncio.run(pool.run(_busy, 1.0))
    assert caught.value.code == "JDL072" and status_for(caught.value) == 503


def test_a_full_queue_refuses_at_once() -> None:
    pool = services.AnalysisPool(threads=1, queue=0, timeout=5)

    async def two() -> list[Any]:
        first = asyncio.ensure_future(pool.run(_busy, 0.5))
        await asyncio.sleep(0.05)
        second = asyncio.ensure_future(pool.run(_busy, 0.0))
        return list(await asyncio.gather(first, second, return_exceptions=True))

    first, second = asyncio.run(two())
    assert first is None
    assert isinstance(second, ServerBusyError) and second.code == "JDL073"
    assert pool.in_flight == 0


def test_the_job_cache_is_bounded_by_bytes() -> None:
    cache = services.JobCache(max_entries=100, max_bytes=300_000)
    analysis = jdlens.api.analyze(ORDINARY)
    for i in range(10):
        cache.put((f"{i:03d}" + "x" * 50_000, None), analysis)
    assert cache.held_bytes <= 300_000
    assert 0 < len(cache) < 10
    assert cache.get(("009" + "x" * 50_000, None)) is analysis  # the most recent stays
    assert cache.get(("000" + "x" * 50_000, None)) is None  # the oldest went first
    cache.put(("y" * 400_000, None), analysis)  # larger than the whole cache: not kept
    assert cache.get(("y" * 400_000, None)) is None


# --- analysis processes (jdlens serve --workers N): one queue, every core --------------------------

RESUME_PDF = (Path(__file__).parent / "data" / "resumes" / "harvey_dent_mle.pdf").read_bytes()
JOB = (Path(__file__).parent / "data" / "jobs" / "ml-eng.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def in_processes() -> Iterator[TestClient]:
    """The app with its analyses in one process of their own; the thread pool again afterwards."""
    app = create_app(processes=1)
    try:
        with TestClient(app) as client:
            yield client
    finally:
        services.analysis_pool(0)


def test_analysis_processes_answer_what_the_threads_answer(in_processes: TestClient) -> None:
    form = {"data": {"job_text": JOB}, "files": {"resume": ("cv.pdf", RESUME_PDF)}}
    from_processes = in_processes.post("/api/match", **form)
    assert services.analysis_pool().processes == 1
    with TestClient(create_app()) as client:
        pool = services.analysis_pool()
        services._POOL = services.AnalysisPool(pool.threads, pool.queue, pool.timeout)
        try:
            from_threads = client.post("/api/match", **form)
        finally:
            services._POOL.close()
            services._POOL = pool
    assert from_processes.status_code == from_threads.status_code == 200
    assert from_processes.json() == from_threads.json()
    page = in_processes.post("/analyze", **form)
    assert page.status_code == 200 and 'id="verdict"' in page.text


def test_an_error_in_an_analysis_process_keeps_its_code(in_processes: TestClient) -> None:
    corrupt = in_processes.post(
        "/api/match", data={"job_text": JOB}, files={"resume": ("cv.pdf", b"%PDF-1.7 broken")}
    )
    assert corrupt.status_code == 422 and corrupt.json()["error"]["code"].startswith("JDL02")
    empty = in_processes.post("/api/analyze", data={"job_text": "\u200b \u200b"})
    assert empty.status_code == 422 and empty.json()["error"]["code"] == "JDL002"


def test_a_dead_analysis_process_is_replaced() -> None:
    pool = services.AnalysisPool(threads=1, queue=4, timeout=60, processes=1)
    try:
        with pytest.raises(BrokenExecutor):
            asyncio.run(pool.run_task(os._exit, 3))
        assert asyncio.run(pool.run_task(abs, -4)) == 4
        assert pool.in_flight == 0
    finally:
        pool.close()


def test_the_json_answers_are_the_to_dict_of_the_results() -> None:
    from jdlens.web import tasks
    from jdlens.web.uploads import Upload

    job = tasks.JobInput(JOB, None, None)
    run = tasks.match_run(job, Upload("cv.pdf", RESUME_PDF))
    assert json.loads(tasks.match_json(job, Upload("cv.pdf", RESUME_PDF))) == run.result.to_dict()
    assert json.loads(tasks.analysis_json(job)) == run.analysis.to_dict()
    assert json.loads(tasks.analysis_json(job, True)) == run.analysis.to_dict(include_text=True)


def test_serve_runs_one_server_whose_workers_are_analysis_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from jdlens.cli import serve_cmd

    ran: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: ran.update(app=app, **options))
    made: list[int | None] = []

    def create_app(db: Any, processes: int | None = None) -> str:
        made.append(processes)
        return "app"

    monkeypatch.setattr(serve_cmd, "create_app", create_app)
    serve_cmd.serve(db=None, host="127.0.0.1", port=8123, workers=1)
    serve_cmd.serve(db=None, host="127.0.0.1", port=8123, workers=2)
    assert made == [None, 2]
    assert ran["app"] == "app" and ran["port"] == 8123 and ran["access_log"] is False
    assert "workers" not in ran  # one server process: the analyses, not the connections, are spread


def test_one_posting_is_analysed_once_for_many_resumes_and_no_resume_is_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real, calls = jdlens.api.analyze, []

    def counting(text: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(text, **kwargs)

    monkeypatch.setattr(jdlens.api, "analyze", counting)
    services.analysis_pool(0)  # threads of this process, whatever an earlier test started
    services.job_cache().clear()
    resumes = [f"Jane Roe {n}\nExperience\nBuilt PyTorch models in Python, {n} years.\n" for n in (2, 5, 9)]
    with TestClient(create_app()) as client:
        scores = [
            client.post("/api/match", data={"job_text": ORDINARY, "resume_text": cv}).json()["score"]
            for cv in resumes
        ]
        assert client.post("/api/analyze", data={"job_text": ORDINARY}).status_code == 200
    assert len(scores) == 3 and len(calls) == 1  # the posting's analysis was a cache hit after the first
    held = [key[0] for key in services.job_cache()._items]
    assert held == [ORDINARY]  # the posting, never a resume
    services.job_cache().clear()
