"""Server-rendered pages and the evidence highlighter behind them."""

from __future__ import annotations

import html
import json
import re

import pytest
from fastapi.testclient import TestClient

from conftest import DATA
from jdlens.models import Section
from jdlens.web.app import create_app
from jdlens.web.present import Span, category_label, highlight, non_overlapping, salary_text, years_text

JOB = (DATA / "jobs" / "ml-eng.txt").read_text(encoding="utf-8")
MARK = re.compile(r'<mark class="ev ([^"]*)" data-key="([^"]*)" title="[^"]*">(.*?)</mark>', re.S)


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def span(start: int, end: int, key: str = "k") -> Span:
    return Span(start, end, "skill", key, key, "required")


# --- highlighter ---------------------------------------------------------------------------------


def test_highlight_keeps_every_character_in_order():
    text = "Python and PyTorch; SQL preferred."
    spans = [span(0, 6, "python"), span(11, 18, "pytorch"), span(20, 23, "sql")]
    pieces = highlight(text, spans)
    assert "".join(p.text for p in pieces) == text
    assert [p.text for p in pieces if p.span] == ["Python", "PyTorch", "SQL"]


def test_overlapping_spans_keep_the_earlier_then_longer_one():
    text = "machine learning engineer"
    kept = non_overlapping([span(8, 16, "learning"), span(0, 16, "ml"), span(0, 7, "machine")], text)
    assert [(s.start, s.end) for s in kept] == [(0, 16)]


def test_out_of_range_and_empty_spans_are_dropped():
    text = "short"
    assert non_overlapping([span(3, 99), span(-1, 2), span(2, 2)], text) == []


def test_section_markers_are_placed_at_section_starts():
    text = "About us\nWe build.\nRequirements\nPython"
    req = text.index("Requirements")
    sections = [
        Section(kind="about_company", heading="About us", start=0, end=req),
        Section(kind="requirements", heading="Requirements", start=req, end=len(text)),
    ]
    pieces = highlight(text, [span(text.index("Python"), len(text))], sections)
    assert [p.section for p in pieces if p.section] == ["about_company", "requirements"]
    marker = next(i for i, p in enumerate(pieces) if p.section == "requirements")
    assert pieces[marker + 1].text.startswith("Requirements")
    assert "".join(p.text for p in pieces) == text


def test_labels():
    assert category_label("ml_framework") == "ML framework"
    assert category_label("cloud") == "Cloud"

    class Exp:
        min_years, max_years = 3.0, None

    assert years_text(Exp) == "3+ years"

    class Pay:
        min, max, currency, period = 150000.0, 200000.0, "USD", "year"

    assert salary_text(Pay) == "$150,000 – $200,000 per year"
    assert salary_text(None) == "not stated"


# --- pages ------------------------------------------------------------------------------------------


def test_home_page_has_a_labelled_form(client):
    page = client.get("/").text
    for field in ("job_title", "job_text", "job_file", "resume"):
        assert f'<label for="{field}"' in page and f'id="{field}"' in page
    assert 'enctype="multipart/form-data"' in page
    assert 'lang="en"' in page and 'name="viewport"' in page


def test_analysis_page_shows_facts_skills_and_marks_in_place(client):
    response = client.post("/analyze", data={"job_text": JOB, "job_title": "ML Engineer"})
    assert response.status_code == 200
    page = response.text
    assert "Machine-learning engineer" in page and "3+ years" in page
    assert 'data-key="pytorch"' in page and "badge-required" in page
    marks = MARK.findall(page)
    assert len(marks) >= 5
    assert ("pytorch", "PyTorch") in {(key, html.unescape(text)) for _, key, text in marks}


def test_analysis_page_text_is_the_whole_normalized_text(client):
    api = client.post("/api/analyze?include_text=true", data={"job_text": JOB}).json()
    page = client.post("/analyze", data={"job_text": JOB}).text
    doc = re.search(r'<div class="doc" id="job-doc"[^>]*>(.*?)</div>', page, re.S).group(1)
    doc = re.sub(r'<span class="sec"[^>]*>.*?</span>', "", doc)
    assert html.unescape(re.sub(r"<[^>]+>", "", doc)) == api["text"]


def test_job_text_is_escaped(client):
    tricky = JOB + '\nBonus: C++ where x < y && y > z, "quoted" & <script>alert(1)</script>'
    page = client.post("/analyze", data={"job_text": tricky}).text
    assert "<script>alert(1)" not in page
    assert "x &lt; y &amp;&amp; y &gt; z" in page


def test_get_analyze_redirects_home(client):
    response = client.get("/analyze", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"


def test_html_404_for_browsers(client):
    response = client.get("/no/such/page", headers={"accept": "text/html"})
    assert response.status_code == 404 and "[JDL061]" in response.text


def test_static_assets_are_served_locally(client):
    for path in ("/static/app.css", "/static/app.js", "/static/favicon.svg"):
        assert client.get(path).status_code == 200
    for page in (client.get("/").text, client.post("/analyze", data={"job_text": JOB}).text):
        assert not re.search(r"""(src|href)=["'](https?:)?//""", page)
        assert "@import" not in client.get("/static/app.css").text


def _data_uri_content(page: str, element_id: str) -> str:
    import base64

    href = re.search(rf'href="(data:[^"]+)"[^>]*id="{element_id}"', page).group(1)
    return base64.b64decode(href.split("base64,", 1)[1]).decode("utf-8")


def test_match_page_with_report_and_json_downloads(client):
    resume = (DATA / "resumes" / "harvey_dent_mle.pdf").read_bytes()
    response = client.post("/analyze", data={"job_text": JOB}, files={"resume": ("cv.pdf", resume)})
    assert response.status_code == 200, response.text[:500]
    page = response.text
    score = int(re.search(r'id="score">(\d+)<', page).group(1))
    assert 0 <= score <= 100
    assert page.count('<li class="req status-') >= 5
    assert 'id="resume-doc"' in page and 'data-key="pytorch"' in page
    report = _data_uri_content(page, "download-html")
    assert f'id="score">{score}<' in report and "<style>" in report
    assert not re.search(r"""(src|href)=["'](https?:)?//""", report)
    data = json.loads(_data_uri_content(page, "download-json"))
    assert data["score"] == score and data["requirements"]
