"""Required vs preferred vs unspecified, and priority."""

from __future__ import annotations

import csv

import pytest

import jdlens
from conftest import SHARED, needs_shared, real_snippet


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


def _analyze_lines(*blocks: str) -> dict[str, str]:
    return requirement_of(jdlens.analyze("\n\n".join(blocks)))


def test_lists_without_headings_read_by_their_order() -> None:
    # Headings lost in scraping: a list of duties, the minimum, then a second list of qualifications.
    req = _analyze_lines(
        "Build forecasting services for our stores.\nWork with product teams on Airflow pipelines.",
        "BS degree in Computer Science or equivalent practical experience.\n"
        "3 years of experience with Python.\nExperience with SQL.",
        "Master's degree in Statistics.\nExperience with Spark.\nKnowledge of Kubernetes.",
    )
    assert req["Python"] == "required" and req["SQL"] == "required"
    assert req["Apache Spark"] == "preferred" and req["Kubernetes"] == "preferred"
    assert req["Airflow"] == "unspecified"  # a duty, not a qualification


def test_one_line_blocks_carry_no_order() -> None:
    # A blank line between every item: no list follows another, so nothing turns preferred.
    req = _analyze_lines("Experience with Python.", "Experience with SQL.", "Experience with Spark.")
    assert set(req.values()) == {"required"}


def test_a_duty_in_the_first_list_stays_unspecified() -> None:
    req = _analyze_lines(
        "What you bring to the table?\nExperience with PyTorch.\nExpertise in Go.\n"
        "Collaborate with teams that use Snowflake."
    )
    assert req["PyTorch"] == "required" and req["Snowflake"] == "unspecified"


def test_heading_run_into_a_wall_of_text_decides_the_degree() -> None:
    # As in scraped linkedin_ml_us_2024 postings: the headings survive only as words inside one line.
    a = jdlens.analyze(
        "Must Have Bachelor's degree with six or more years of relevant work experience. Experience in SQL "
        "and database management. Good to Have A Master's Degree in Computer Science or a related field."
    )
    assert (a.education.min_degree, a.education.preferred_degree) == ("bachelor", "master")


def test_google_postings_without_headings() -> None:
    # google_careers_2018: the employer's Minimum and Preferred blocks with the headings removed.
    needs_shared()
    path = SHARED / "data/postings/google_careers_2018/job_skills.csv"
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            r for r in csv.DictReader(handle) if r["Minimum Qualifications"] and r["Preferred Qualifications"]
        ]
    ok = n = 0
    for row in rows[:60]:
        minimum, preferred = row["Minimum Qualifications"].strip(), row["Preferred Qualifications"].strip()
        text = "\n\n".join([row["Responsibilities"].strip(), minimum, preferred])
        a = jdlens.analyze(text, title=row["Title"])
        split = a.text.find(preferred.split("\n", 1)[0][:40])
        for skill in a.skills:
            where = {e.start >= split for e in skill.evidence}
            if where == {True}:
                n += 1
                ok += skill.requirement == "preferred"
    assert n > 50 and ok / n >= 0.85
