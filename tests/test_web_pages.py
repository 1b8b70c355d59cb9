"""Server-rendered pages and the evidence highlighter behind them."""

from __future__ import annotations

import html
import json
import re

import pytest
from fastapi.testclient import TestClient

import jdlens.api
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
    assert category_label("dl_framework") == "Deep-learning framework"
    assert category_label("cloud_platform") == "Cloud platform"

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


# --- the match page: first screen, plain words, edit and rescan -----------------------------------

RESUME_PDF = (DATA / "resumes" / "harvey_dent_mle.pdf").read_bytes()
INTERNAL = re.compile(r"priority \d|weight \d|\d+% sure|\bunspecified\b|_(skills|years|fit|coverage)\b")


def _score(page: str) -> int:
    return int(re.search(r'id="score">(\d+)<', page).group(1))


def _visible_text(page: str) -> str:
    body = page.split("<main", 1)[1].split("</main>", 1)[0]
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", body, flags=re.S)
    body = re.sub(r'<input type="hidden"[^>]*>', "", body)
    body = re.sub(r"<[^>]+>", " ", body)
    return html.unescape(body)


@pytest.fixture(scope="module")
def match_page(client) -> str:
    response = client.post("/analyze", data={"job_text": JOB}, files={"resume": ("cv.pdf", RESUME_PDF)})
    assert response.status_code == 200
    return response.text


def test_the_first_screen_says_what_the_score_means_and_what_to_change(match_page):
    first = match_page.split('id="summary"', 1)[1].split("</section>", 1)[0]
    assert re.search(r'id="verdict">(Strong|Partial|Weak) match', first)
    assert 'id="meaning"' in first and "must-have skills" in first
    gaps = re.findall(r'<button type="button" class="req-link" data-key="([^"]+)"', first)
    assert 1 <= len(gaps) <= 3
    assert 'id="one-change"' in first and "points" in first


def test_the_first_screen_names_the_resumes_profession(match_page):
    first = match_page.split('id="summary"', 1)[1].split("</section>", 1)[0]
    shown = re.search(r'id="resume-profession">(.*?)</p>', first, flags=re.S)
    assert shown, "the resume's profession is not on the first screen"
    profession = jdlens.api.read_resume(RESUME_PDF, filename="cv.pdf").profession
    assert profession is not None and profession.name in html.unescape(shown.group(1))
    assert shown.group(1).count("Machine Learning Engineer") <= 1  # the same title is named once


def test_the_results_own_profession_wins_and_a_missing_one_is_left_out():
    from types import SimpleNamespace

    from jdlens.web import match_view

    mine = SimpleNamespace(name="Data scientist", evidence=["Data Scientist", "data  scientist", "Analyst"])
    theirs = SimpleNamespace(profession=SimpleNamespace(name="Software engineer", evidence=[]))
    view = match_view.profession(SimpleNamespace(resume_profession=mine), theirs)
    assert view == match_view.ProfessionView("Data scientist", ("Data Scientist", "Analyst"))
    assert match_view.profession(SimpleNamespace(), theirs).name == "Software engineer"
    assert match_view.profession(SimpleNamespace(), SimpleNamespace(profession=None)) is None
    assert match_view.profession(SimpleNamespace(resume_profession=SimpleNamespace(name=" ")), None) is None


def test_the_match_page_speaks_plain_words(match_page):
    text = _visible_text(match_page)
    assert not INTERNAL.search(text), INTERNAL.search(text).group(0)
    assert "Must-have" in text and ("found in your experience" in text or "not found" in text)
    for word in ("found in your resume", "partly shown", "not found"):  # the legend
        assert word in text


def test_the_documents_are_coloured_by_status(match_page):
    kinds = {cls.split()[0] for cls, _, _ in MARK.findall(match_page)}
    assert "ev-matched" in kinds and kinds <= {"ev-matched", "ev-partial", "ev-missing"}
    assert 'id="job-doc" role="region"' in match_page and 'tabindex="0"' in match_page


def test_a_pasted_resume_is_matched_and_kept_in_the_page_for_rescanning(client, match_page):
    form = match_page.split('id="rescan-form"', 1)[1].split("</form>", 1)[0]
    resume_text = html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", form, re.S).group(1))
    job_text = html.unescape(re.search(r'name="job_text" value="([^"]*)"', form).group(1))
    assert "Harvey" in resume_text and job_text == JOB
    again = client.post("/analyze", data={"job_text": job_text, "resume_text": resume_text})
    assert again.status_code == 200 and _score(again.text) == _score(match_page)
    lines = resume_text.splitlines()
    weaker = "\n".join(lines[: len(lines) // 4])  # the edit keeps only the top of the resume
    edited = client.post("/analyze", data={"job_text": job_text, "resume_text": weaker})
    assert edited.status_code == 200 and _score(edited.text) < _score(match_page)


def test_an_error_page_gives_back_the_pasted_text(client):
    response = client.post(
        "/analyze",
        data={"job_text": JOB, "job_title": "ML Engineer", "resume_text": "my resume"},
        files={"resume": ("cv.pdf", b"%PDF-1.4 not a pdf")},
        headers={"accept": "text/html"},
    )
    assert response.status_code == 422 and "[JDL0" in response.text
    page = response.text
    kept = html.unescape(re.search(r'<textarea id="job_text"[^>]*>(.*?)</textarea>', page, re.S).group(1))
    assert kept == JOB
    assert 'value="ML Engineer"' in page and ">my resume</textarea>" in page
    assert "Back to the form" not in page and "files have to be chosen again" in page


def test_the_report_is_dated_names_the_posting_and_prints_its_evidence(match_page):
    report = _data_uri_content(match_page, "download-html")
    assert re.search(r'<time datetime="\d{4}-\d{2}-\d{2}">', report)
    assert re.search(r"\(posting [0-9a-f]{10}\)", report)
    assert '<details class="where" open>' in report and "@media print" in report
    assert re.search(r'download="jdlens-match-[0-9a-f]{10}\.html"', match_page)


def test_pdf_report(client, match_page):
    from jdlens.web import report_pdf

    if not report_pdf.available():
        pytest.skip("chromium and playwright are needed for the PDF report")
    form = match_page.split('id="rescan-form"', 1)[1].split("</form>", 1)[0]
    resume_text = html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", form, re.S).group(1))
    response = client.post("/report.pdf", data={"job_text": JOB, "resume_text": resume_text})
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response.headers["content-disposition"].startswith('attachment; filename="jdlens-match-')
    assert 'id="download-pdf"' in match_page


def test_pdf_report_needs_a_resume(client):
    response = client.post("/report.pdf", data={"job_text": JOB})
    assert response.status_code == 422


def test_one_change_and_top_gaps_follow_the_points():
    from jdlens.web import match_view

    class G:
        def __init__(self, id, requirement, points, status="missing"):
            self.id = self.name = id
            self.requirement, self.points, self.status = requirement, points, status

    class M:
        score = 62
        requirements: list = []
        suggestions: list = []
        missing = [
            G("a", "preferred", 9.0),
            G("b", "required", 4.0),
            G("c", "required", 6.0),
            G("d", "required", 1.0),
        ]

    assert [g.key for g in match_view.top_gaps(M)] == ["c", "b", "d"]
    assert match_view.one_change(M).key == "a" and match_view.one_change(M).points == 9.0
    M.band = "strong"
    assert match_view.verdict(M).title == "Strong match"


def test_without_a_band_of_its_own_the_score_reads_as_the_match_rules_say():
    from jdlens.matching.rules import load_rules
    from jdlens.web import match_view

    bands = load_rules().bands

    class M:
        requirements: list = []
        missing: list = []
        suggestions: list = []

        def __init__(self, score):
            self.score = score

    assert match_view.band(M(bands.strong)) == "strong"
    assert match_view.band(M(bands.strong - 1)) == "partial"
    assert match_view.band(M(bands.partial)) == "partial"
    assert match_view.band(M(bands.partial - 1)) == "weak"
    assert match_view.verdict(M(bands.partial)).title == "Partial match"


def test_the_analysis_page_offers_a_match_without_pasting_the_job_again(client):
    page = client.post("/analyze", data={"job_text": JOB, "job_title": "ML Engineer"}).text
    form = page.split('id="match-form"', 1)[1].split("</form>", 1)[0]
    assert html.unescape(re.search(r'name="job_text" value="([^"]*)"', form).group(1)) == JOB
    assert 'name="resume_text"' in form and 'name="resume"' in form
    resume = jdlens.api.read_resume(RESUME_PDF, filename="cv.pdf").text
    matched = client.post("/analyze", data={"job_text": JOB, "resume_text": resume})
    assert matched.status_code == 200 and 'id="verdict"' in matched.text
