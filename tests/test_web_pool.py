"""The web's analysis pool: a slow request delays no other; time limit, full queue, byte-bounded cache."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
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
        before = time.monotonic()
        response = client.post("/api/analyze", data={"job_text": ORDINARY})
        latency = time.monotonic() - before
        still_running = slow.is_alive()
        slow.join()
    assert response.status_code == 200
    assert response.json()["skills"]
    assert still_running and time.monotonic() - started >= SLOW_SECONDS
    assert latency < 0.3, f"an ordinary analysis took {latency * 1000:.0f} ms beside a slow one"


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
