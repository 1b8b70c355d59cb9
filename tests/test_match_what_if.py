"""The median search of ``rank`` re-scores a what-if resume only where a posting can be met differently:
what it keeps must equal a full re-score, for every kind of change (a new skill, a listed skill now
shown, a skill that implies others, a declared neighbour of a skill the posting names)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import jdlens
from jdlens.matching import mentor
from jdlens.matching.matcher import standing
from jdlens.matching.requirements import ResumeIndex, changed_skills
from jdlens.matching.rules import load_rules
from jdlens.models import JobAnalysis, Resume
from jdlens.taxonomy import load_related, load_taxonomy

DATA = Path(__file__).resolve().parent / "data"
TEXTS = [
    (DATA / "jobs" / "ml-eng.txt").read_text(encoding="utf-8"),
    (DATA / "jobs" / "backend-eng.txt").read_text(encoding="utf-8"),
    "Data Scientist\nRequirements:\n- Python, SQL, statistics\n- scikit-learn and pandas\n",
    "Computer Vision Engineer\nRequirements:\n- PyTorch or TensorFlow, OpenCV, CUDA\n- C++\n"
    "Nice to have: Kubernetes, Docker, Airflow/Dagster\n",
    "ML Platform Engineer\nMust have: Kubeflow, MLflow, Terraform, AWS SageMaker, Spark\n"
    "Preferred: Feast or Tecton, Ray, LLM fine-tuning with LoRA\n",
]


@pytest.fixture(scope="module")
def jobs() -> list[JobAnalysis]:
    return [jdlens.analyze(t) for t in TEXTS]


@pytest.fixture(scope="module", params=["harvey_dent_mle.pdf", "john_doe.pdf"])
def resume(request: pytest.FixtureRequest) -> Resume:
    return jdlens.read_resume(DATA / "resumes" / request.param)


def _pool(jobs: list[JobAnalysis], resume: Resume) -> list[str]:
    """Skills a what-if may add: those the postings name, their declared neighbours, the skills they
    imply, and the resume's own listed-only skills (which a what-if shows)."""
    related, tax = load_related(), load_taxonomy()
    named = {i for job in jobs for i in job.skill_ids()}
    near = {n for i in named for n in related.of(i)}
    implied = {p for i in named if i in tax.by_id for p in tax.by_id[i].implies}
    listed = {s.id for s in resume.skills if s.listed_only}
    return sorted((named | near | implied | listed) & set(tax.by_id))


def test_kept_values_equal_a_full_re_score(jobs: list[JobAnalysis], resume: Resume) -> None:
    rng = random.Random(7)
    pool = _pool(jobs, resume)
    standings = mentor._Standings(resume, jobs)
    kept = 0
    for _ in range(40):
        skills = rng.sample(pool, rng.randint(1, 4))
        what_if = mentor.with_skills(resume, skills)
        assert standings.of(skills) == [standing(what_if, job) for job in jobs], skills
        changed = changed_skills(
            standings.view.index, ResumeIndex.build(what_if, load_related(), load_rules().credit)
        )
        kept += sum(t.skill_ids.isdisjoint(changed) for t in standings.tables)
    assert kept, "no posting kept its values: the test would not see a wrong shortcut"


def test_a_declared_neighbour_counts_as_a_change(resume: Resume) -> None:
    """A posting that names only a neighbour of the new skill is met differently (related credit)."""
    related = load_related()
    have = resume.skill_ids()
    skill, near = next(
        (i, n)
        for i in sorted(related.neighbours)
        if i not in have
        for n in sorted(related.of(i))
        if n not in have
    )
    before = ResumeIndex.build(resume, related, load_rules().credit)
    after = ResumeIndex.build(mentor.with_skills(resume, [skill]), related, load_rules().credit)
    assert {skill, near} <= changed_skills(before, after)
