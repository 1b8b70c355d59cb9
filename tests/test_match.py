"""Matching a resume against a job description: weights, statuses, evidence, caps, suggestions."""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path

import pytest

import jdlens
from jdlens.matching import matcher
from jdlens.matching.formats import html_match, markdown_match, profession_line
from jdlens.matching.requirements import ResumeIndex, skill_row
from jdlens.matching.rules import load_rules
from jdlens.models import ImpliedSkill, SkillMention
from jdlens.resume import parse_resume_text
from jdlens.taxonomy import load_related

DATA = Path(__file__).resolve().parent / "data"
TODAY = date(2026, 1, 1)

JOB = """Machine Learning Engineer
Requirements:
- 3+ years of experience building ML systems
- Python
- PyTorch
- Kubernetes
- Feature store experience (Feast or Tecton)
Nice to have:
- Apache Spark
- Airflow
"""


def resume_text(work: list[str], skills: str = "Python") -> str:
    bullets = "\n".join(f"• {w}" for w in work)
    return (
        "Pat Doe\nMachine Learning Engineer\npat@example.com | (555) 123-4567\n"
        f"Experience\nML Engineer, Acme, Jan 2020 - Present\n{bullets}\n"
        f"Education\nB.S. Computer Science\nSkills\n{skills}\n"
    )


def run(work: list[str], skills: str = "Python"):
    return jdlens.match(parse_resume_text(resume_text(work, skills), today=TODAY), JOB)


BASE = ["Trained PyTorch ranking models in Python, raising click-through by 12%"]


def test_required_skill_weighs_more_than_preferred() -> None:
    with_required = run([*BASE, "Ran model services on Kubernetes with 99.9% uptime"])
    with_preferred = run([*BASE, "Built Apache Spark jobs over 2 TB of events each day"])
    assert with_required.score > with_preferred.score
    assert (
        with_required.subscores["required_skills"].score > with_preferred.subscores["required_skills"].score
    )
    rows = {r.id: r for r in with_required.requirements}
    assert rows["kubernetes"].status == "matched" and rows["kubernetes"].how == "exact"
    assert rows["apache_spark"].status == "missing" and rows["apache_spark"].requirement == "preferred"


def test_missing_must_have_hurts_more_than_missing_nice_to_have() -> None:
    full = [
        *BASE,
        "Ran model services on Kubernetes",
        "Served features from Feast",
        "Scheduled Apache Spark jobs with Airflow",
    ]
    no_must = run([w for w in full if "Kubernetes" not in w])
    no_nice = run(
        [w.replace("Scheduled Apache Spark jobs with Airflow", "Scheduled Apache Spark jobs") for w in full]
    )
    assert no_nice.score > no_must.score
    assert no_must.missing[0].id == "kubernetes"


def test_keyword_stuffing_cannot_reach_a_top_score() -> None:
    listed = "Python, PyTorch, Kubernetes, Feast, Tecton, Apache Spark, Airflow"
    stuffed = run(["Improved team processes across several projects"], skills=listed)
    shown = run(
        [
            *BASE,
            "Ran model services on Kubernetes",
            "Served features from Feast",
            "Scheduled Apache Spark jobs with Airflow",
        ]
    )
    assert stuffed.score <= 65 and stuffed.cap == 65 and "only listed" in (stuffed.cap_reason or "")
    assert shown.score >= 85 > stuffed.score
    statuses = {r.id: (r.status, r.credit) for r in stuffed.requirements if r.kind == "skill"}
    assert statuses["kubernetes"] == ("partial", load_rules().credit.listed)


def test_alternatives_and_related_skills() -> None:
    result = run([*BASE, "Served features from Feast", "Trained TensorFlow models"])
    rows = {r.id: r for r in result.requirements}
    assert rows["feast"].status == "matched"
    assert rows["tecton"].status == "matched" and rows["tecton"].how == "related"
    assert "Feast" in (rows["tecton"].note or "")
    other = run(["Trained TensorFlow models in Python for ranking"])
    torch = {r.id: r for r in other.requirements}["pytorch"]
    assert torch.status == "partial" and torch.how == "related" and torch.via == ("tensorflow",)


def test_alias_and_implied_rows() -> None:
    result = run([*BASE, "Ran model services on k8s"])
    k8s = {r.id: r for r in result.requirements}["kubernetes"]
    assert k8s.how == "alias" and k8s.resume_evidence[0].text == "k8s"
    assert any(s.kind == "add_keyword" and '"Kubernetes"' in s.message for s in result.suggestions)
    # implication from the taxonomy's implies graph (PyTorch -> deep learning), built by hand here
    resume = parse_resume_text(resume_text(BASE), today=TODAY)
    resume = resume.model_copy(
        update={
            "implied_skills": [
                ImpliedSkill(
                    id="deep_learning", name="deep learning", category="ml_concept", implied_by=["pytorch"]
                )
            ]
        }
    )
    mention = SkillMention(
        id="deep_learning",
        name="deep learning",
        category="ml_concept",
        requirement="required",
        priority=0.8,
        evidence=[],
    )
    row = skill_row(mention, ResumeIndex.build(resume, load_related(), load_rules().credit))
    assert (row.status, row.how, row.via) == ("matched", "implied", ("pytorch",))


def test_rows_carry_evidence_offsets_into_both_texts() -> None:
    resume = parse_resume_text(resume_text([*BASE, "Ran model services on Kubernetes"]), today=TODAY)
    job = jdlens.analyze(JOB)
    result = jdlens.match(resume, job)
    for row in result.requirements:
        for e in row.resume_evidence:
            assert resume.text[e.start : e.end] == e.text
        for e in row.job_evidence:
            assert job.text[e.start : e.end] == e.text
    years = {r.kind: r for r in result.requirements}["experience"]
    assert years.status == "matched" and years.credit == 1.0


def test_suggestions_never_claim_a_missing_skill() -> None:
    result = run(BASE)
    missing = {g.name for g in result.missing if g.status == "missing"}
    assert {"Kubernetes", "Feast"} <= missing
    for s in result.suggestions:
        for name in missing:
            assert name not in s.message
    assert any(
        s.kind == "quantify" or s.kind == "replace_verb" for s in run(["Worked on a recommender"]).suggestions
    )


def test_gap_order_required_before_preferred() -> None:
    result = run(["Wrote Python scripts"])
    order = [g.requirement for g in result.missing]
    assert order.index("preferred") > max(i for i, r in enumerate(order) if r == "required")
    assert all(g.points > 0 for g in result.missing)


def test_output_shape_and_determinism() -> None:
    a = run(BASE).to_dict()
    b = run(BASE).to_dict()
    assert a == b
    version = load_rules().version
    assert a["rules_version"] == version and a["versions"]["rules"] == version
    assert set(a["subscores"]) == {
        "required_skills",
        "preferred_skills",
        "field_background",
        "experience_years",
        "education",
        "role_fit",
        "keyword_coverage",
    }
    assert 0 <= a["score"] <= 100
    assert abs(sum(s["weight"] for s in a["subscores"].values()) - 1) < 1e-3
    row = a["requirements"][0]
    assert {"name", "requirement", "status", "how", "job_evidence", "resume_evidence"} <= set(row)
    assert {c["code"] for c in a["checks"]} >= {
        "quantified_impact",
        "production_evidence",
        "mlops_stack",
        "engineering_discipline",
        "sections",
        "contact_details",
        "length",
        "notebooks_only",
        "research_only",
    }


def test_inputs_may_be_text_path_or_parsed(tmp_path: Path) -> None:
    text = resume_text(BASE)
    path = tmp_path / "resume.txt"
    path.write_text(text, encoding="utf-8")
    job_path = tmp_path / "job.md"
    job_path.write_text(JOB, encoding="utf-8")
    scores = {
        jdlens.match(text, JOB).score,
        jdlens.match(path, job_path).score,
        jdlens.match(jdlens.read_resume(path), jdlens.analyze(JOB)).score,
    }
    assert len(scores) == 1


@pytest.mark.parametrize("job_file", ["ml-eng.txt"])
def test_ml_resume_beats_developer_resume_on_ml_posting(job_file: str) -> None:
    job = jdlens.analyze((DATA / "jobs" / job_file).read_text(encoding="utf-8"))
    ml = jdlens.match(DATA / "resumes" / "harvey_dent_mle.pdf", job)
    dev = jdlens.match(DATA / "resumes" / "john_doe.pdf", job)
    assert ml.score > dev.score + 15
    assert ml.resume_role == "ml_engineer" and dev.resume_role == "software_engineer"


def test_the_resume_profession_is_filled_and_shown_in_every_format() -> None:
    result = run(BASE)
    assert result.resume_profession is not None
    assert result.resume_profession.role == "ml_engineer"
    assert result.to_dict()["resume_profession"]["name"] == result.resume_profession.name
    line = profession_line(result)
    assert result.resume_profession.name in line
    assert line in markdown_match(result)
    assert result.resume_profession.name in html_match(result)
    unstated = jdlens.match(parse_resume_text("Experience\n• Wrote Python tools\n", today=TODAY), JOB)
    assert unstated.resume_profession is None and "not stated" in profession_line(unstated)


def test_the_parts_of_a_parsed_resume_go_with_the_resume() -> None:
    resume = parse_resume_text(resume_text(BASE), today=TODAY)
    first = jdlens.match(resume, JOB)
    assert matcher._PARTS.get(resume) is not None
    assert jdlens.match(resume, JOB).to_dict() == first.to_dict()
    kept = len(matcher._PARTS.refs())
    del resume
    gc.collect()
    assert len(matcher._PARTS.refs()) == kept - 1
    assert all(ref() is not None for ref in matcher._PARTS.refs())
