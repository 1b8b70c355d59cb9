"""Required vs preferred vs unspecified, and priority."""

from __future__ import annotations

import pytest

import jdlens
from conftest import real_snippet


def requirement_of(analysis: jdlens.JobAnalysis) -> dict[str, str]:
    return {s.name: s.requirement for s in analysis.skills}


def test_sections_decide_by_default() -> None:
    a = jdlens.analyze(
        "Requirements\n• Python and SQL\nNice to have\n• Kubernetes\nWhat you'll do\n• Build with Docker"
    )
    req = requirement_of(a)
    assert req["Python"] == "required" and req["SQL"] == "required"
    assert req["Kubernetes"] == "preferred"
    assert req["Docker"] == "unspecified"


@pytest.mark.parametrize(
    ("line", "skill", "expected"),
    [
        ("• Familiarity with Airflow is a plus", "Airflow", "preferred"),
        ("• Experience with Tableau preferred", "Tableau", "preferred"),
        ("• Ideally, exposure to Kafka and Snowflake", "Kafka", "preferred"),
        ("• Must have Python", "Python", "required"),
        ("• Python, Go, or Rust (other modern backend languages are a plus)", "Rust", "required"),
        ("• Familiarity with MLflow (preferred but not required)", "MLflow", "preferred"),
        ("• Strong SQL skills, Scala is a nice to have", "SQL", "required"),
        ("• Strong SQL skills, Scala is a nice to have", "Scala", "preferred"),
    ],
)
def test_phrasing_inside_requirements(line: str, skill: str, expected: str) -> None:
    a = jdlens.analyze(f"Qualifications\n{line}\n")
    assert requirement_of(a)[skill] == expected


def test_phrasing_outside_sections() -> None:
    a = jdlens.analyze(
        "We are hiring.\nYou have 3+ years of experience with PyTorch.\nOur stack includes Redis."
    )
    req = requirement_of(a)
    assert req["PyTorch"] == "required"
    assert req["Redis"] == "unspecified"


def test_company_boilerplate_is_not_asked() -> None:
    a = jdlens.analyze("About us\nWe use machine learning and Snowflake.\nRequirements\n• Python")
    names = {s.name for s in a.skills}
    assert "Snowflake" not in names and "Python" in names


def test_real_plusses_section_is_preferred() -> None:
    text = real_snippet("indeed_ds_2020", "Plusses:", before=400, after=300)
    a = jdlens.analyze(text)
    req = requirement_of(a)
    assert req.get("MATLAB") == "preferred"


def test_priority_ranks_early_requirements_above_long_tail() -> None:
    a = jdlens.analyze(
        "Responsibilities\n• Train and deploy PyTorch models\nRequirements\n• 5+ years of Python\n• SQL\n"
        "• Familiarity with any of Airflow, Dagster, Prefect, Luigi, Kubeflow, Argo, MLflow\n"
        "Preferred\n• Scala"
    )
    priority = {s.name: s.priority for s in a.skills}
    assert priority["Python"] > priority["Airflow"]
    assert priority["PyTorch"] > priority["Scala"]
    assert priority["Python"] > priority["Scala"]
    assert [s.priority for s in a.skills] == sorted((s.priority for s in a.skills), reverse=True)
