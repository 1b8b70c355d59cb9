"""The JSON API over HTTP: analyze by text and by file, and every error case in one shape."""

from __future__ import annotations

import io
import logging
import re

import pytest
from fastapi.testclient import TestClient

import jdlens.api
from conftest import DATA
from jdlens.web.app import create_app

JOB = (DATA / "jobs" / "ml-eng.txt").read_text(encoding="utf-8")
RESUME_PDF = (DATA / "resumes" / "harvey_dent_mle.pdf").read_bytes()
CODE = re.compile(r"^JDL\d{3}$")


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


@pytest.fixture
def small_client() -> TestClient:
    return TestClient(create_app(max_upload_bytes=4000))


def assert_error(response, status: int, code: str) -> dict:
    """The one error shape: exactly {"error": {"code", "message"}}, message prefixed by the code."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert CODE.match(body["error"]["code"]) and body["error"]["code"] == code
    assert body["error"]["message"].startswith(f"[{code}] ")
    return body["error"]


def pdf_of(text: str) -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    y = 750
    for line in text.splitlines():
        pdf.drawString(40, y, line)
        y -= 14
    pdf.save()
    return buffer.getvalue()


def docx_of(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- analyze ---------------------------------------------------------------------------------------


def test_analyze_text_returns_the_job_analysis(client):
    response = client.post("/api/analyze", data={"job_text": JOB, "job_title": "Machine Learning Engineer"})
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Machine Learning Engineer"
    assert "text" not in body
    ids = {s["id"] for s in body["skills"]}
    assert {"pytorch", "scikit_learn", "mlflow"} <= ids
    assert body["experience"]["min_years"] == 3
    assert body["role"]["category"] == "ml_engineer"


def test_analyze_include_text_offsets_point_into_the_text(client):
    body = client.post("/api/analyze?include_text=true", data={"job_text": JOB}).json()
    text = body["text"]
    evidence = [ev for skill in body["skills"] for ev in skill["evidence"]]
    assert evidence
    assert all(text[ev["start"] : ev["end"]] == ev["text"] for ev in evidence)


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("ml-eng.txt", lambda t: t.encode("utf-8")),
        ("ml-eng.md", lambda t: t.encode("utf-8")),
        ("ml-eng.html", lambda t: f"<html><body><p>{t}</p></body></html>".encode()),
        ("ml-eng.pdf", pdf_of),
        ("ml-eng.docx", docx_of),
    ],
)
def test_analyze_file_upload_reads_each_format(client, name, make):
    response = client.post("/api/analyze", files={"job_file": (name, make(JOB))})
    assert response.status_code == 200, response.text
    ids = {s["id"] for s in response.json()["skills"]}
    assert {"pytorch", "scikit_learn"} <= ids


def test_pasted_text_wins_over_an_empty_file_part(client):
    files = {"job_file": ("", b"")}
    response = client.post("/api/analyze", data={"job_text": JOB}, files=files)
    assert response.status_code == 200


# --- error cases -------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [{}, {"job_text": ""}, {"job_text": "   \n\t "}])
def test_empty_job_text_is_422(client, data):
    assert_error(client.post("/api/analyze", data=data), 422, "JDL002")


def test_empty_job_file_is_422(client):
    assert_error(client.post("/api/analyze", files={"job_file": ("job.txt", b"  \n")}), 422, "JDL002")


@pytest.mark.parametrize("name", ["job.exe", "job.png", "job"])
def test_unsupported_job_file_is_415(client, name):
    error = assert_error(
        client.post("/api/analyze", files={"job_file": (name, b"MZ\x90\x00")}), 415, "JDL005"
    )
    assert ".pdf" in error["message"]


def test_binary_text_file_is_422(client):
    assert_error(
        client.post("/api/analyze", files={"job_file": ("job.txt", b"\x00\x01\x02abc")}), 422, "JDL003"
    )


def test_corrupt_pdf_is_422(client):
    response = client.post("/api/analyze", files={"job_file": ("job.pdf", b"%PDF-1.4\n1 0 obj garbage")})
    assert response.status_code == 422
    assert assert_error(response, 422, response.json()["error"]["code"])["code"] in {
        "JDL022",
        "JDL024",
        "JDL025",
    }


def test_oversized_job_file_is_413(small_client):
    response = small_client.post("/api/analyze", files={"job_file": ("job.txt", b"python " * 1000)})
    error = assert_error(response, 413, "JDL060")
    assert "4000" in error["message"]


def test_oversized_pasted_text_is_413(small_client):
    assert_error(small_client.post("/api/analyze", data={"job_text": "pytorch " * 1000}), 413, "JDL060")


def test_oversized_resume_is_413(small_client):
    files = {"resume": ("cv.pdf", b"%PDF-1.4 " + b"x" * 5000)}
    assert_error(small_client.post("/api/match", data={"job_text": JOB}, files=files), 413, "JDL021")


def test_huge_body_is_refused_before_parsing(small_client):
    response = small_client.post("/api/analyze", files={"job_file": ("job.txt", b"a" * 600_000)})
    error = assert_error(response, 413, "JDL060")
    assert "limit" in error["message"]


def test_upload_limit_comes_from_the_environment(monkeypatch):
    from jdlens.config import get_settings

    monkeypatch.setenv("JDLENS_MAX_UPLOAD_BYTES", "3000")
    get_settings.cache_clear()
    try:
        app_client = TestClient(create_app())
        response = app_client.post("/api/analyze", files={"job_file": ("job.txt", b"sql " * 1000)})
        assert_error(response, 413, "JDL060")
    finally:
        get_settings.cache_clear()


def test_match_without_resume_is_422(client):
    error = assert_error(client.post("/api/match", data={"job_text": JOB}), 422, "JDL063")
    assert "resume" in error["message"]


def test_unknown_path_is_404(client):
    assert_error(client.get("/api/nothing-here"), 404, "JDL061")


def test_wrong_method_is_405(client):
    assert_error(client.get("/api/analyze"), 405, "JDL062")


def test_query_validation_is_422(client):
    assert_error(client.post("/api/analyze?include_text=maybe", data={"job_text": JOB}), 422, "JDL063")


def test_unexpected_exception_is_500_without_its_message(caplog, monkeypatch):
    secret = "SECRET-RESUME-LINE 555-0100"

    def boom(*args, **kwargs):
        raise RuntimeError(secret)

    monkeypatch.setattr(jdlens.api, "analyze", boom)
    app_client = TestClient(create_app(), raise_server_exceptions=False)
    with caplog.at_level(logging.DEBUG):
        response = app_client.post("/api/analyze", data={"job_text": secret})
    error = assert_error(response, 500, "JDL064")
    assert secret not in error["message"]
    assert secret not in caplog.text
    assert "RuntimeError" in caplog.text


def test_missing_library_feature_is_503(client, monkeypatch):
    monkeypatch.setattr(jdlens.api, "match", None)
    files = {"resume": ("cv.pdf", RESUME_PDF)}
    error = assert_error(client.post("/api/match", data={"job_text": JOB}, files=files), 503, "JDL065")
    assert "not available" in error["message"]


def test_pages_get_the_same_error_as_html(client):
    response = client.post("/analyze", data={"job_text": " "}, headers={"accept": "text/html"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "[JDL002]" in response.text and 'role="alert"' in response.text


def test_a_bad_request_does_not_break_the_next_one(small_client):
    small_client.post("/api/analyze", files={"job_file": ("job.txt", b"a" * 600_000)})
    small_client.post("/api/analyze", files={"job_file": ("job.pdf", b"%PDF-garbage")})
    assert small_client.post("/api/analyze", data={"job_text": JOB[:1500]}).status_code == 200


# --- docs -----------------------------------------------------------------------------------------


def test_openapi_lists_the_endpoints(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/analyze", "/api/match", "/api/advise"} <= set(paths)
    assert "413" in paths["/api/analyze"]["post"]["responses"]


def test_docs_page_is_offline(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/api/match" in page.text and "job_file" in page.text
    assert not re.search(r"""(src|href)=["'](https?:)?//""", page.text)


# --- match and advise ---------------------------------------------------------------------------------


def test_match_returns_the_match_result_with_score_at_the_top(client):
    files = {"resume": ("harvey_dent_mle.pdf", RESUME_PDF)}
    response = client.post("/api/match", data={"job_text": JOB}, files=files)
    assert response.status_code == 200, response.text
    body = response.json()
    assert isinstance(body["score"], int) and 0 <= body["score"] <= 100
    assert {"subscores", "requirements", "missing", "checks", "suggestions", "rules_version"} <= set(body)
    pytorch = next(r for r in body["requirements"] if r["id"] == "pytorch")
    assert pytorch["status"] == "matched" and pytorch["resume_evidence"]
    assert body == jdlens.api.match(jdlens.api.read_resume(RESUME_PDF, "cv.pdf"), JOB).to_dict()


def test_match_takes_the_job_as_a_file_too(client):
    files = {"resume": ("cv.pdf", RESUME_PDF), "job_file": ("job.txt", JOB.encode())}
    by_file = client.post("/api/match", files=files).json()
    by_text = client.post(
        "/api/match", data={"job_text": JOB}, files={"resume": ("cv.pdf", RESUME_PDF)}
    ).json()
    assert by_file["score"] == by_text["score"]


@pytest.mark.parametrize(
    ("name", "data", "status"),
    [
        ("cv.pdf", b"", 422),
        ("cv.pdf", b"%PDF-1.4\nnot a pdf at all", 422),
        ("cv.exe", b"MZ\x90\x00binary", 415),
    ],
)
def test_bad_resumes_get_a_coded_4xx(client, name, data, status):
    response = client.post("/api/match", data={"job_text": JOB}, files={"resume": (name, data)})
    assert_error(response, status, response.json()["error"]["code"])


def test_empty_job_with_a_resume_is_422(client):
    response = client.post("/api/match", data={"job_text": ""}, files={"resume": ("cv.pdf", RESUME_PDF)})
    assert_error(response, 422, "JDL002")


def test_advise_for_a_job_alone_and_for_a_match(client):
    alone = client.post("/api/advise", data={"job_text": JOB})
    resume = {"resume": ("cv.pdf", RESUME_PDF)}
    with_resume = client.post("/api/advise", data={"job_text": JOB}, files=resume)
    assert alone.status_code == 200 and with_resume.status_code == 200, with_resume.text
    for body in (alone.json(), with_resume.json()):
        assert {"learning_path", "salary", "interview_topics"} <= set(body)
    gaps = {
        g["id"] for g in client.post("/api/match", data={"job_text": JOB}, files=resume).json()["missing"]
    }
    steps = {s["id"] for s in with_resume.json()["learning_path"]}
    assert steps and steps <= gaps
    assert "pytorch" in {s["id"] for s in alone.json()["learning_path"]} and "pytorch" not in steps


def test_match_takes_the_resume_as_pasted_text_too(client):
    text = jdlens.api.read_resume(RESUME_PDF, filename="cv.pdf").text
    pasted = client.post("/api/match", data={"job_text": JOB, "resume_text": text})
    as_file = client.post("/api/match", data={"job_text": JOB}, files={"resume": ("cv.txt", text.encode())})
    assert pasted.status_code == as_file.status_code == 200
    assert pasted.json()["score"] == as_file.json()["score"]
    blank = client.post("/api/match", data={"job_text": JOB, "resume_text": "\u200b \n"})
    assert_error(blank, 422, "JDL063")
    advice = client.post("/api/advise", data={"job_text": JOB, "resume_text": text})
    assert advice.status_code == 200
