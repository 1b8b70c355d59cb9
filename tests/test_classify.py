"""The real role behind the title, seniority, and red flags."""

from __future__ import annotations

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
    ],
)
def test_seniority(title: str, body: str, level: str) -> None:
    assert jdlens.analyze(body, title=title).seniority.level == level


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
    from pathlib import Path

    text = (Path(__file__).resolve().parent / "data" / "jobs" / "backend-eng.txt").read_text(encoding="utf-8")
    a = jdlens.analyze(text)
    assert a.role.category == "software_engineer"
    assert a.seniority.level == "senior"  # "looking for a Senior Backend Engineer"
