"""The real role behind the title, seniority, and red flags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import jdlens


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        (
            "Machine Learning Engineer",
            "Deploy models to production with Docker, Kubernetes and CI/CD.",
            "ml_engineer",
        ),
        (
            "Data Scientist",
            "Analyze data in SQL and Jupyter, build dashboards and share insights with stakeholders.",
            "data_scientist",
        ),
        (
            "Research Scientist",
            "Publish at NeurIPS and ICML; PhD in machine learning; novel architectures.",
            "research_scientist",
        ),
        (
            "ML Platform Engineer",
            "Build our feature store, model registry and GPU cluster infrastructure.",
            "ml_infrastructure",
        ),
        ("NLP Engineer", "Fine-tune LLMs, build RAG pipelines over a vector database.", "nlp_llm"),
        ("Data Engineer", "Build ETL pipelines in Airflow and dbt on Snowflake.", "data_engineer"),
    ],
)
def test_role_from_title_and_body(title: str, body: str, expected: str) -> None:
    assert jdlens.analyze(body, title=title).role.category == expected


def test_content_decides_when_title_is_generic() -> None:
    body = (
        "You will build and deploy machine learning models into production services, own CI/CD, "
        "write APIs in Python and monitor model latency."
    )
    assert jdlens.analyze(body, title="Engineer").role.category == "ml_engineer"


@pytest.mark.parametrize(
    ("title", "body", "level"),
    [
        ("Machine Learning Intern", "Summer internship.", "intern"),
        ("Junior Data Scientist", "1+ years of Python.", "junior"),
        ("Senior ML Engineer", "Python.", "senior"),
        ("Staff Machine Learning Engineer", "Python.", "staff_plus"),
        ("Principal Scientist", "Python.", "staff_plus"),
        ("Machine Learning Engineer", "Requirements\n• 6+ years of experience building ML systems", "senior"),
        ("Machine Learning Engineer", "Requirements\n• 2-4 years of experience", "mid"),
        ("Data Scientist", "Entry-level role for new grads.", "junior"),
        ("Senior Staff ML Engineer", "Python.", "staff_plus"),  # title precedence: staff over senior
        ("Staff Nurse", "Band 5 staff nurse on a busy ward.", "mid"),  # staff: a level for technical roles
        ("Senior Staff Nurse", "Band 6 on a busy ward.", "senior"),
        ("Clinical Research Fellow", "A post for doctors in training.", "mid"),
        ("Technical Fellow, Machine Learning", "Python.", "staff_plus"),
    ],
)
def test_seniority(title: str, body: str, level: str) -> None:
    assert jdlens.analyze(body, title=title).seniority.level == level


@pytest.mark.parametrize(
    "body",
    [
        "This is an entry level role. You will report to the Technical Lead Manager and build models.",
        "You will report to the Technical Lead Manager and build models in Python and PyTorch.",
        "You will work closely with senior engineers on our ranking models.",
        "Join a team led by a principal-level scientist; build models in Python.",
    ],
)
def test_level_cues_about_others_do_not_set_the_candidates_level(body: str) -> None:
    assert jdlens.analyze(body, title="Machine Learning Engineer").seniority.level in ("junior", "mid")


def test_level_cues_about_the_candidate_count() -> None:
    body = "You will mentor junior engineers and provide technical leadership for our models."
    assert jdlens.analyze(body, title="Machine Learning Engineer").seniority.level == "senior"


NHS_LABELS = Path(__file__).resolve().parent / "data" / "labeled" / "nhs_roles_200.jsonl"


def _nhs_labels() -> list[dict[str, str]]:
    return [json.loads(line) for line in NHS_LABELS.read_text("utf-8").splitlines()]


def test_nhs_postings_technical_or_other() -> None:
    """200 NHS postings labelled by hand (technical vs other), read from title and excerpt."""
    rows = _nhs_labels()
    hits = 0
    for row in rows:
        role = jdlens.analyze(row["excerpt"], title=row["title"]).role
        hits += (role.category != "other") == (row["label"] == "technical")
    assert len(rows) == 200
    assert hits / len(rows) >= 0.95


@pytest.mark.parametrize("occupation", ["therapist", "speech and language", "gp", "midwife", "nurse"])
def test_clinical_postings_are_other_with_low_confidence(occupation: str) -> None:
    rows = [r for r in _nhs_labels() if occupation in r["title"].lower() and r["label"] == "other"]
    assert rows
    for row in rows:
        role = jdlens.analyze(row["excerpt"], title=row["title"]).role
        assert (role.category, role.confidence <= 0.5) == ("other", True), row["title"]


def test_a_short_technical_posting_keeps_its_role() -> None:
    role = jdlens.analyze("Build our data platform.", title="Senior Data Engineer").role
    assert role.category == "data_engineer"


def codes(title: str, body: str) -> set[str]:
    return {f.code for f in jdlens.analyze(body, title=title).red_flags}


def test_junior_with_many_years_is_flagged() -> None:
    assert "junior_title_high_years" in codes(
        "Junior ML Engineer", "Requirements\n• 5+ years of experience in ML"
    )
    assert "junior_title_high_years" not in codes(
        "Junior ML Engineer", "Requirements\n• 1+ years of experience"
    )


def test_entry_level_phd_is_flagged() -> None:
    assert "entry_level_phd" in codes(
        "Junior Research Scientist", "Requirements\n• PhD in Computer Science required"
    )


def test_kitchen_sink_is_flagged() -> None:
    body = (
        "Requirements\n• Experience with TensorFlow, PyTorch, Keras, JAX, scikit-learn, XGBoost, LightGBM, "
        "Spark, Hadoop, Kafka, Airflow, MLflow, Kubeflow and SageMaker"
    )
    assert "kitchen_sink_stack" in codes("ML Engineer", body)
    assert "kitchen_sink_stack" not in codes("ML Engineer", "Requirements\n• PyTorch and Python")


def test_production_role_without_monitoring_is_flagged() -> None:
    body = "Deploy models to production with Docker and Kubernetes, build APIs, own CI/CD."
    assert "no_monitoring" in codes("Machine Learning Engineer", body)
    assert "no_monitoring" not in codes("Machine Learning Engineer", body + " Monitor drift and latency.")


def test_research_and_production_on_one_timeline_is_flagged() -> None:
    body = (
        "Publish at top-tier conferences and develop novel algorithms, deploy them to production, "
        "and deliver within 90 days."
    )
    assert "research_and_production" in codes("Research Engineer", body)


def test_salary_far_below_band_is_flagged() -> None:
    body = "Requirements\n• 6+ years building ML systems in production with PyTorch\nSalary: $70,000 - $90,000 per year"
    assert "salary_below_band" in codes("Senior Machine Learning Engineer", body)
    fair = body.replace("$70,000 - $90,000", "$210,000 - $260,000")
    assert "salary_below_band" not in codes("Senior Machine Learning Engineer", fair)
    hourly = body.replace("$70,000 - $90,000 per year", "$30/hr")
    assert "salary_below_band" in codes("Senior Machine Learning Engineer", hourly)
    india = body.replace("$70,000 - $90,000 per year", "₹12 LPA")
    assert "salary_below_band" in codes("Senior Machine Learning Engineer", india)


def test_engineering_words_without_ml_stay_software_engineering() -> None:
    # Resume-Matcher's backend posting (tests/data/jobs/backend-eng.txt): production, microservices, APIs, no ML.
    text = (Path(__file__).resolve().parent / "data" / "jobs" / "backend-eng.txt").read_text(encoding="utf-8")
    a = jdlens.analyze(text)
    assert a.role.category == "software_engineer"
    assert a.seniority.level == "senior"  # "looking for a Senior Backend Engineer"


def test_a_lead_in_reaches_no_further_than_its_clause() -> None:
    body = "You will collaborate with cross-functional teams, mentor junior team members and ship models."
    assert jdlens.analyze(body, title="Machine Learning Engineer").seniority.level == "senior"
