"""Missing must-haves scale the score down by their weight; they never flatten the order above a floor."""

from __future__ import annotations

from datetime import date

import jdlens
from jdlens.matching.requirements import ResumeIndex, job_table
from jdlens.matching.rules import load_rules
from jdlens.matching.score import must_have_factor
from jdlens.models import MatchResult
from jdlens.resume import parse_resume_text
from jdlens.taxonomy import load_related

TODAY = date(2026, 1, 1)

JOB = """Machine Learning Engineer
Requirements:
- Python
- PyTorch
- Kubernetes
- Docker
- SQL
- AWS
- Airflow
- Apache Spark
Nice to have:
- Terraform
"""


def resume(work: list[str]) -> str:
    bullets = "\n".join(f"• {w}" for w in work)
    return (
        "Pat Doe\nMachine Learning Engineer\npat@example.com | (555) 123-4567\n"
        f"Experience\nML Engineer, Acme, Jan 2020 - Present\n{bullets}\n"
        "Education\nB.S. Computer Science\nSkills\nPython\n"
    )


def run(work: list[str]) -> MatchResult:
    return jdlens.match(parse_resume_text(resume(work), today=TODAY), JOB)


def factor_of(work: list[str]) -> tuple[float, list[str]]:
    """The must-have factor of the resume on the posting, read from the score's own rows."""
    rules = load_rules()
    index = ResumeIndex.build(parse_resume_text(resume(work), today=TODAY), load_related(), rules.credit)
    table = job_table(jdlens.analyze(JOB), rules)
    return must_have_factor(table, table.meets(index), rules)


CORE = "Trained PyTorch ranking models in Python, raising click-through by 12%"


def test_each_more_must_have_met_scores_higher_even_when_several_are_missing() -> None:
    """Under a count-based ceiling, resumes missing five must-haves or four all sat at the same floor."""
    extra = [
        "Shipped the models in Docker images",
        "Ran model services on Kubernetes",
        "Wrote SQL over the event tables",
        "Hosted the training jobs on AWS",
    ]
    scores = [run([CORE, *extra[:n]]).score for n in range(len(extra) + 1)]
    assert scores == sorted(scores) and len(set(scores)) == len(scores), scores


def test_missing_must_haves_keep_a_share_by_their_weight() -> None:
    rules = load_rules()
    result = run([CORE, "Shipped the models in Docker images"])
    factor, missing = factor_of([CORE, "Shipped the models in Docker images"])
    assert 1 - rules.caps.must_have_share < factor < 1
    assert {"Kubernetes", "SQL"} <= set(missing)
    assert result.score <= result.raw_score * factor + 0.5
    assert result.cap == round(100 * factor) and "missing must-have" in (result.cap_reason or "")


def test_all_must_haves_met_is_not_scaled() -> None:
    work = [
        CORE,
        "Shipped the models in Docker images on Kubernetes",
        "Wrote SQL over the event tables on AWS",
        "Scheduled Apache Spark jobs with Airflow",
    ]
    result = run(work)
    assert factor_of(work) == (1.0, [])
    assert result.cap_reason is None
