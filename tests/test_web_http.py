"""HTTP hygiene: security headers, no caching of personal data, gzip, HEAD, Allow, documented 4xx."""

from __future__ import annotations

import gzip
import logging

import pytest
from fastapi.testclient import TestClient

from conftest import DATA
from jdlens.web.app import create_app

JOB = (DATA / "jobs" / "ml-eng.txt").read_text(encoding="utf-8")
TEST_CLIENT_LOGGERS = ("httpx", "asyncio")


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def assert_hygiene(response) -> None:
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_every_kind_of_response_has_the_security_headers(client):
    responses = [
        client.get("/"),
        client.post("/api/analyze", data={"job_text": JOB}),
        client.post("/api/analyze", data={"job_text": ""}),
        client.get("/no/such/page"),
        client.get("/static/app.css"),
    ]
    for response in responses:
        assert_hygiene(response)


def test_responses_with_a_resume_are_never_stored(client):
    resume = (DATA / "resumes" / "harvey_dent_mle.pdf").read_bytes()
    for path in ("/analyze", "/api/match"):
        response = client.post(path, data={"job_text": JOB}, files={"resume": ("cv.pdf", resume)})
        assert response.status_code == 200
        assert response.headers["cache-control"] == "no-store"
    bad = client.post("/api/match", data={"job_text": JOB}, files={"resume": ("cv.pdf", b"%PDF-1.4 junk")})
    assert bad.status_code == 422 and bad.headers["cache-control"] == "no-store"
    assert "no-store" not in client.get("/static/app.js").headers["cache-control"]


def test_only_an_asset_that_exists_is_cached(client):
    assert client.get("/static/app.css").headers["cache-control"].startswith("public")
    for method in ("GET", "HEAD"):
        missing = client.request(method, "/static/no-such-asset.css")
        assert missing.status_code == 404 and missing.headers["cache-control"] == "no-store"


def test_text_is_gzipped_when_the_client_accepts_it(client):
    response = client.post("/api/analyze", data={"job_text": JOB}, headers={"accept-encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert response.json()["skills"]  # the client decodes it
    page = client.get("/", headers={"accept-encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip" and "<form" in page.text
    raw = client.get("/static/app.css", headers={"accept-encoding": "gzip"})
    assert raw.headers["content-encoding"] == "gzip"
    assert gzip.decompress(gzip.compress(b"x")) == b"x"


def test_head_is_answered_wherever_get_is(client):
    for path in ("/", "/market", "/docs", "/api/health", "/openapi.json", "/static/app.css"):
        head, get = client.head(path), client.get(path)
        assert head.status_code == get.status_code == 200, path
        assert head.content == b"" and head.headers["content-type"] == get.headers["content-type"]


def test_405_names_the_allowed_methods(client):
    response = client.get("/api/match")
    assert response.status_code == 405 and response.json()["error"]["code"] == "JDL062"
    assert response.headers["allow"] == "POST"
    assert "GET" in client.delete("/api/health").headers["allow"]
    head = client.head("/api/match")
    assert head.status_code == 405 and head.headers["allow"] == "POST" and head.content == b""


def test_allow_names_head_wherever_get_is_allowed(client):
    for path in ("/", "/api/health", "/market"):
        allowed = {m.strip() for m in client.put(path).headers["allow"].split(",")}
        assert {"GET", "HEAD"} <= allowed, path
        assert client.head(path).status_code == 200


@pytest.mark.parametrize("path", ["/api/analyze", "/api/match", "/analyze"])
def test_a_malformed_body_is_a_documented_422_and_nothing_of_it_is_logged(client, caplog, path):
    broken = b"--zz\r\nnot a part header at all" + b"\xff" * 40
    with caplog.at_level(logging.DEBUG):
        response = client.post(
            path, content=broken, headers={"content-type": "multipart/form-data; boundary=yy"}
        )
    assert response.status_code == 422
    if path.startswith("/api/"):
        assert response.json()["error"]["code"] == "JDL063"
        assert "422" in client.get("/openapi.json").json()["paths"][path]["post"]["responses"]
    ours = [r for r in caplog.records if not r.name.startswith(TEST_CLIENT_LOGGERS)]
    assert not ours, [f"{r.name}: {r.getMessage()}" for r in ours]


def test_every_4xx_an_endpoint_gives_is_in_the_schema(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/analyze", "/api/match", "/api/advise"):
        responses = spec["paths"][path]["post"]["responses"]
        assert {"405", "413", "415", "422"} <= set(responses), path
        assert "either `job_text` or `job_file`" in responses["422"]["description"]
    report = spec["paths"]["/api/market/report"]["get"]["responses"]
    assert "JDL041" in report["400"]["description"] and "422" in report
    assert "404" in spec["paths"]["/api/market/tables/{name}"]["get"]["responses"]


@pytest.mark.parametrize("blank", ["\u200b" * 50, "\u200b\u200c\u200d\ufeff \n\t\u2060", "   \n"])
def test_text_of_only_invisible_characters_is_empty(client, blank):
    response = client.post("/api/analyze", data={"job_text": blank})
    assert response.status_code == 422 and response.json()["error"]["code"] == "JDL002"


def test_validation_messages_speak_of_fields_not_framework_types(client):
    response = client.post("/api/match", data={"job_text": JOB, "resume": "not a file"})
    message = response.json()["error"]["message"]
    assert response.status_code == 422 and "resume" in message
    assert "UploadFile" not in message and "class" not in message
    missing = client.post("/api/match", data={"job_text": JOB}).json()["error"]["message"]
    assert "resume is required" in missing


def test_docs_render_code_spans_not_backticks(client):
    page = client.get("/docs").text
    assert "<code>JDLENS_MAX_UPLOAD_BYTES</code>" in page
    assert "`" not in page.split("<main", 1)[1]
