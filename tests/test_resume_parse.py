"""Resume structure: sections, contact details, bullets, dated roles and total years, degree, skills."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from jdlens.errors import ResumeError
from jdlens.resume import parse_resume_text, read_resume
from jdlens.resume.checks import run_checks
from jdlens.resume.headings import clean_heading, resume_heading

DATA = Path(__file__).resolve().parent / "data"
TODAY = date(2026, 1, 1)

PLAIN = """Grace Hopper
Machine Learning Engineer
grace@example.com | (555) 123-4567 | linkedin.com/in/grace | github.com/grace

Summary
ML engineer with 6 years of experience.

Experience
Senior ML Engineer, Compilers Inc, Jan 2021 - Present
• Deployed a fraud model served behind FastAPI at 2,000 requests/s with p99 latency under 40 ms
• Responsible for maintaining the Airflow training pipelines
• Wrote unit tests and set up CI/CD with GitHub Actions; led code reviews
Data Scientist | Navy Analytics | 06/2018 - 12/2020
• Worked on churn models in scikit-learn
Intern, Harvard Lab, 2019 - 2020

Education
M.S. Computer Science, Yale University, 2016 - 2018

Skills
Python, Go, C++, R, Kubernetes, MLflow, Tableau
"""


@pytest.fixture(scope="module")
def plain():
    return parse_resume_text(PLAIN, today=TODAY)


def test_sections_in_order(plain) -> None:
    assert [s.kind for s in plain.sections] == ["header", "summary", "experience", "education", "skills"]


def test_contact_presence_only(plain) -> None:
    c = plain.contact
    assert c.email and c.phone and c.linkedin and c.github
    assert "grace@example.com" not in str(plain.to_dict()["contact"])


def test_roles_dates_and_overlap_counted_once(plain) -> None:
    titles = [(r.title, r.start, r.end) for r in plain.roles]
    assert titles == [
        ("Senior ML Engineer", "2021-01", None),
        ("Data Scientist", "2018-06", "2020-12"),
        ("Intern", "2019-01", "2020-01"),
    ]
    # 2018-06..2020-12 (30 months, the internship overlaps) + 2021-01..2026-01 (60 months)
    assert plain.total_years == 7.5


def test_degree_and_titles(plain) -> None:
    assert plain.degree == "master"
    assert plain.titles[0] == "Machine Learning Engineer"


def test_bullets_are_statements_with_offsets(plain) -> None:
    texts = [b.text for b in plain.bullets]
    assert texts[0].startswith("Deployed a fraud model") and len(texts) == 4
    for b in plain.bullets:
        assert plain.text[b.start : b.end] == b.text
        assert b.section == "experience"


def test_short_language_names_and_listed_only(plain) -> None:
    skills = {s.id: s for s in plain.skills}
    assert {"go", "cpp", "r", "python", "kubernetes"} <= set(skills)
    assert skills["kubernetes"].listed_only
    assert not skills["fastapi"].listed_only
    assert not skills["scikit_learn"].listed_only
    for s in plain.skills:
        for e in s.evidence:
            assert plain.text[e.start : e.end] == e.text


def test_checks_pass_and_fail_with_reasons(plain) -> None:
    checks = {c.code: c for c in run_checks(plain, "ml_engineer")}
    assert checks["production_evidence"].passed
    assert checks["engineering_discipline"].passed
    assert checks["contact_details"].passed and checks["sections"].passed
    assert not checks["length"].passed  # far too short to show evidence
    assert "research_only" in checks and checks["research_only"].passed
    assert all(c.reason for c in checks.values())


def test_notebooks_and_research_only_profiles_fail() -> None:
    text = (
        "Sam Poe\nsam@example.com\nExperience\nResearch Assistant, University Lab, 2020 - 2024\n"
        "• Published three papers at NeurIPS and ICML on graph neural networks\n"
        "• Built Jupyter notebooks for Kaggle competitions with PyTorch\nEducation\nPhD in Physics\n"
    )
    resume = parse_resume_text(text, today=TODAY)
    checks = {c.code: c for c in run_checks(resume, "ml_engineer")}
    assert not checks["notebooks_only"].passed
    assert not checks["research_only"].passed
    assert not checks["quantified_impact"].passed or "of 2" in checks["quantified_impact"].reason
    assert resume.degree == "phd"
    assert "research_only" not in {c.code for c in run_checks(resume, "research_scientist")}


def test_real_pdf_structure() -> None:
    resume = read_resume(DATA / "resumes" / "harvey_dent_mle.pdf", today=TODAY)
    assert [r.title for r in resume.roles] == [
        "Machine Learning Engineer",
        "Data Scientist",
        "Junior Data Analyst",
    ]
    assert resume.total_years == 10.0  # 2016-01 .. 2026-01
    assert resume.degree == "master"
    skills = {s.id: s for s in resume.skills}
    assert not skills["pytorch"].listed_only and skills["kubernetes"].listed_only
    assert "r" in skills  # "Python and R" in the work, not only the list


def test_john_doe_bullets_are_joined_across_wrapped_lines() -> None:
    resume = read_resume(DATA / "resumes" / "john_doe.pdf", today=TODAY)
    assert any(b.text.replace("\n", " ").endswith("using Java and Spring Boot") for b in resume.bullets)
    assert resume.roles[0].title == "Full Stack Java Developer" and resume.roles[0].start == "2018-06"


def test_empty_text_is_an_error() -> None:
    with pytest.raises(ResumeError) as info:
        parse_resume_text("  \n ")
    assert info.value.code == "JDL020"


def test_no_resume_line_is_kept_after_the_parse() -> None:
    parse_resume_text("Pat Doe\nExperience\nData Scientist, Acme, 2019 - 2021\n• Built churn models\n")
    assert resume_heading.cache_info().currsize == 0
    assert clean_heading.cache_info().currsize == 0
