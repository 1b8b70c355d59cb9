"""What the person is, from their own titles (data: src/jdlens/resume/data/professions.yaml)."""

from __future__ import annotations

from datetime import date
from importlib import resources

import pytest
import yaml

from jdlens.matching.roles import resume_role
from jdlens.matching.rules import load_rules
from jdlens.resume import parse_resume_text
from jdlens.resume.professions import load_professions, title_profession

TODAY = date(2026, 1, 1)


@pytest.mark.parametrize(
    ("title", "profession"),
    [
        ("Senior Data Scientist", "data_scientist"),
        ("Machine Learning Engineer Intern", "ml_engineer"),
        ("Software Engineer, Machine Learning", "ml_engineer"),
        ("Senior AI Researcher", "research_scientist"),
        ("NLP Engineer", "nlp_llm"),
        ("MLOps Engineer", "ml_infrastructure"),
        ("Full Stack Java Developer", "software_engineer"),
        ("NOC Engineer", "it_support"),
        ("Project Accountant", "accountant"),
        ("Registered Nurse (RN)", "nurse"),
        ("Eighth Grade English Teacher", "teacher"),
        ("Group Fitness Instructor", "fitness_trainer"),
        ("Sous Chef/Interim Executive Chef", "chef"),
        ("Insurance Claims Adjuster", "insurance"),
        ("Financial Aid Counselor", None),
        ("Mental Health Counselor", "therapist"),
        ("Customer Service Representative", "customer_service"),
        ("Company Name", None),
    ],
)
def test_title_professions(title: str, profession: str | None) -> None:
    entry = title_profession(title)
    assert (entry.id if entry else None) == profession


def test_headline_and_recent_titles_name_the_profession() -> None:
    text = (
        "EXECUTIVE CHEF\nProfessional Summary\nChef with 10 years in kitchens.\nWork History\n"
        "Executive Chef\n06/2016\nto Current\nCompany Name\nSous Chef\n01/2009\nto 08/2012\nCompany Name\n"
    )
    resume = parse_resume_text(text, today=TODAY)
    assert resume.profession is not None
    assert (resume.profession.id, resume.profession.role) == ("chef", "other")
    assert resume.profession.evidence[0] == "EXECUTIVE CHEF"
    assert [r.title for r in resume.roles] == ["Executive Chef", "Sous Chef"]


def test_tech_professions_reuse_the_posting_role_ids() -> None:
    roles = yaml.safe_load(resources.files("jdlens.taxonomy.data").joinpath("roles.yaml").read_text("utf-8"))[
        "roles"
    ]
    for entry in load_professions().professions:
        assert entry.role in roles, entry.id
        if entry.role != "other" and entry.id in roles:
            assert entry.role == entry.id


def test_undated_experience_titles_still_name_the_profession() -> None:
    text = (
        "CV\nWork experience\nFounding ML Engineer – VAANI AI\nDuties: voice infrastructure\nSkills\nPython\n"
    )
    resume = parse_resume_text(text, today=TODAY)
    assert resume.profession is not None and resume.profession.id == "ml_engineer"


def test_field_lines_are_not_titles() -> None:
    """Regression: "Customer: Travel & Hospitality" under a job made a developer a hospitality worker."""
    text = (
        "Introduction:\nI am a Software Developer.\nAccenture (2021-05 - 2022-01)\n"
        "Job Position: Software engineer\nCustomer: Travel & Hospitality\n"
    )
    resume = parse_resume_text(text, today=TODAY)
    assert resume.roles[0].title == "Software engineer"
    assert resume.profession is not None and resume.profession.id == "software_engineer"


def test_role_fit_reads_the_profession() -> None:
    """A chef whose resume names kitchen software is not read as a software engineer for role fit."""
    text = "EXECUTIVE CHEF\nSkills\nPython, Excel, SQL\nWork History\nExecutive Chef\n06/2016\nto Current\n"
    resume = parse_resume_text(text, today=TODAY)
    assert resume_role(resume, load_rules().role_fit) == "other"
    scientist = parse_resume_text("Experience\nData Scientist, Acme, 2019 - 2024\n", today=TODAY)
    assert resume_role(scientist, load_rules().role_fit) == "data_scientist"


@pytest.mark.parametrize(
    "title",
    [
        "Senior Data Scientist",
        "Engineering Manager",
        "Software Engineering Manager",
        "QA Engineering Manager, Payments",
        "Director of Engineering",
        "Head Chef and Kitchen Manager",
        "MLOPS PLATFORM ENGINEER",
        "Reſearch Scientiſt",  # a long s: the gate cannot tell, every profession is tried
        "\u212aitchen Manager",  # a Kelvin sign read as K
        "İT Specialist",
        "Company Name",
        "",
    ],
)
def test_gated_title_look_up_is_trying_each_profession_in_turn(title: str) -> None:
    """Only the professions whose gate words a title holds are tried: the answer is the first profession
    in the data file whose titles match, as when every one is tried in turn."""
    expected = next((e for e in load_professions().professions if e.title.search(title)), None)
    assert title_profession(title) == expected
