"""Advice: data files with sources, learning-path order by starting point, salary bands, interview topics."""

from __future__ import annotations

from datetime import date

import pytest

import jdlens
from jdlens.advice.advisor import learning_path, load_data, salary_bands
from jdlens.resume import parse_resume_text
from jdlens.taxonomy import load_taxonomy

JOB = """Senior Machine Learning Engineer
Requirements:
- 5+ years of experience
- Python and pandas
- Supervised learning and model evaluation
- Docker, Kubernetes and MLflow for model deployment
Nice to have:
- Feast
"""


@pytest.mark.parametrize("name", ["courses", "salaries", "learning_paths", "interview_topics", "projects"])
def test_data_files_are_versioned_and_sourced(name: str) -> None:
    data = load_data(name)
    assert data["version"] and data["license"] and "seed" in data["source"]


def test_data_files_name_only_known_skills() -> None:
    known = set(load_taxonomy().by_id)
    courses = {s for c in load_data("courses")["courses"] for s in c["covers"]}
    stages = {s for st in load_data("learning_paths")["stages"] for s in st["skills"]}
    topics = set(load_data("interview_topics")["by_skill"])
    assert courses - known == set()
    assert stages - known == set()
    assert topics - known == set()
    for course in load_data("courses")["courses"]:
        assert course["source"].startswith("seed")


def test_learning_path_follows_the_fields_order() -> None:
    steps = learning_path(["kubernetes", "model_evaluation", "python"], "from_scratch")
    assert [s.id for s in steps] == ["python", "model_evaluation", "kubernetes"]
    assert steps[1].courses and all(c.rating is None or c.rating >= 9.7 for c in steps[1].courses)


def test_starting_point_changes_effort_and_order() -> None:
    scratch = {s.id: s for s in learning_path(["python", "docker", "supervised_learning"], "from_scratch")}
    engineer = {
        s.id: s for s in learning_path(["python", "docker", "supervised_learning"], "software_engineer")
    }
    assert engineer["python"].hours < scratch["python"].hours
    assert engineer["python"].weeks < scratch["python"].weeks
    ds = learning_path(["supervised_learning", "docker"], "data_scientist")
    assert [s.id for s in ds] == ["docker", "supervised_learning"]  # engineering side first (seed 003)


def test_salary_bands_by_level_and_region() -> None:
    bands = {b.region: b for b in salary_bands("senior")}
    assert (bands["US"].min, bands["US"].max, bands["US"].currency) == (210000, 300000, "USD")
    assert (bands["India"].min, bands["India"].max) == (55, 100)
    staff = {b.region: b for b in salary_bands("staff_plus")}
    assert staff["US"].max is None  # open-ended band
    assert salary_bands(None)[0].level == "Junior MLE"


def test_advice_for_a_resume_uses_its_gaps_and_starting_point() -> None:
    resume = parse_resume_text(
        "Lee Park\nSoftware Engineer\nExperience\nSoftware Engineer, Shop Inc, 2015 - 2025\n"
        "• Built Python services with Docker, tested with pytest\n",
        today=date(2026, 1, 1),
    )
    advice = jdlens.advise(JOB, resume)
    assert advice.starting_point == "software_engineer"
    assert advice.score == jdlens.match(resume, JOB).score
    ids = [i for s in advice.learning_path for i in s.closes]
    assert "docker" not in ids and "python" not in ids  # shown in the resume
    order = [s.id for s in advice.learning_path]
    assert order.index("model_evaluation") < order.index("kubernetes")
    assert advice.salary and advice.salary[0].level == "Senior MLE"
    kinds = {t.kind for t in advice.interview_topics}
    assert {"coding", "ml_theory", "ml_system_design"} <= kinds
    assert any("Kubernetes" in t.topic for t in advice.interview_topics)


def test_advice_from_an_analysis_alone() -> None:
    advice = jdlens.advise(jdlens.analyze(JOB))
    assert advice.starting_point == "from_scratch"
    assert advice.learning_path[0].id == "python"
    assert all(s.points is None for s in advice.learning_path)  # nothing to re-score without a resume
    assert advice.total_weeks == pytest.approx(sum(s.weeks for s in advice.learning_path), abs=0.2)
