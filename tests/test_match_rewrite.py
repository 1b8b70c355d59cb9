"""Bullet rewrites: rule-based, and an OpenAI-compatible endpoint served on loopback by the test itself."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import jdlens
from jdlens.config import get_settings
from jdlens.errors import LLMError
from jdlens.matching.explain import rule_rewrite
from jdlens.matching.rewrite import validate
from jdlens.resume import parse_resume_text

RESUME = """Pat Doe
pat@example.com | (555) 123-4567
Experience
ML Engineer, Acme, Jan 2020 - Present
• Worked on a churn model in scikit-learn for 40 product teams
• Responsible for maintaining the Airflow training pipelines
• Utilized Docker to package the scoring service
Education
B.S. Computer Science
Skills
Python, scikit-learn, Airflow, Docker
"""
JOB = "Requirements:\n- Python\n- scikit-learn\n- Kubernetes\n- Airflow\n"


@pytest.fixture(scope="module")
def resume():
    return parse_resume_text(RESUME, today=date(2026, 1, 1))


class _Endpoint(BaseHTTPRequestHandler):
    reply: dict | None = None
    status = 200
    seen: list[dict] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
        payload = json.dumps(self.reply).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        return


def _completion(content: str) -> dict:
    return {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}


@pytest.fixture
def endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[_Endpoint]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Endpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("JDLENS_LLM_BASE_URL", f"http://127.0.0.1:{server.server_port}/v1")
    monkeypatch.setenv("JDLENS_LLM_MODEL", "local-test")
    monkeypatch.setenv("JDLENS_LLM_API_KEY", "test-key")
    get_settings.cache_clear()
    _Endpoint.seen = []
    _Endpoint.status = 200
    try:
        yield _Endpoint
    finally:
        server.shutdown()
        server.server_close()
        get_settings.cache_clear()


def test_rule_rewrites_keep_the_facts() -> None:
    assert rule_rewrite("Responsible for maintaining the Airflow training pipelines") == (
        "Maintained the Airflow training pipelines"
    )
    assert (
        rule_rewrite("Utilized Docker to package the scoring service")
        == "Used Docker to package the scoring service"
    )
    assert rule_rewrite("Worked on a churn model") is None  # no fact-preserving verb to put there
    assert rule_rewrite("Built a churn model") is None


def test_validator_rejects_invented_skills_numbers_names_and_titles(resume) -> None:
    original = "Worked on a churn model in scikit-learn for 40 product teams"
    assert validate(original, "Built a churn model in scikit-learn used by 40 product teams", resume) is None
    assert (
        "Kubernetes"
        in (validate(original, "Built a churn model in scikit-learn on Kubernetes", resume) or "").title()
    )
    assert "35" in (validate(original, "Built a churn model that cut churn by 35%", resume) or "")
    assert "google" in (validate(original, "Built a churn model for Google", resume) or "")
    assert "senior" in (validate(original, "As senior engineer, built a churn model", resume) or "")


def test_llm_rewrites_are_checked_and_reported(endpoint, resume) -> None:
    endpoint.reply = _completion(
        json.dumps(
            {
                "rewrites": [
                    "Built a churn model in scikit-learn adopted by 40 product teams",
                    "Maintained the Airflow training pipelines on Kubernetes",
                    "Packaged the scoring service with Docker, cutting deploy time by 50%",
                ]
            }
        )
    )
    result = jdlens.match(resume, JOB, rewrite=True)
    llm = [r for r in result.rewrites if r.source == "llm"]
    assert [r.accepted for r in llm] == [True, False, False]
    assert "kubernetes" in (llm[1].reason or "") and "50" in (llm[2].reason or "")
    request = endpoint.seen[0]
    assert request["path"] == "/v1/chat/completions" and request["auth"] == "Bearer test-key"
    assert request["body"]["model"] == "local-test" and request["body"]["temperature"] == 0
    assert "Kubernetes" in request["body"]["messages"][1]["content"]  # the posting's skills are given


def test_endpoint_errors_are_coded(endpoint, resume) -> None:
    endpoint.reply = _completion("I cannot help with that")
    with pytest.raises(LLMError) as bad:
        jdlens.match(resume, JOB, rewrite=True)
    assert bad.value.code == "JDL030" and "JSON" in bad.value.message
    endpoint.status, endpoint.reply = 500, {"error": "boom"}
    with pytest.raises(LLMError) as failed:
        jdlens.match(resume, JOB, rewrite=True)
    assert "HTTP 500" in failed.value.message


def test_rewrite_needs_configuration(monkeypatch: pytest.MonkeyPatch, resume) -> None:
    monkeypatch.delenv("JDLENS_LLM_BASE_URL", raising=False)
    monkeypatch.delenv("JDLENS_LLM_MODEL", raising=False)
    get_settings.cache_clear()
    try:
        with pytest.raises(LLMError) as info:
            jdlens.match(resume, JOB, rewrite=True)
        assert info.value.code == "JDL031" and "JDLENS_LLM_BASE_URL" in info.value.message
        offline = jdlens.match(resume, JOB)
        assert offline.rewrites and all(r.source == "rules" and r.accepted for r in offline.rewrites)
    finally:
        get_settings.cache_clear()


def test_unreachable_endpoint(monkeypatch: pytest.MonkeyPatch, resume) -> None:
    monkeypatch.setenv("JDLENS_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("JDLENS_LLM_MODEL", "x")
    get_settings.cache_clear()
    try:
        with pytest.raises(LLMError) as info:
            jdlens.match(resume, JOB, rewrite=True)
        assert "cannot reach" in info.value.message
    finally:
        get_settings.cache_clear()
