"""``advise``: a learning path for the gaps, the salary band for the level, interview topics to prepare."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from jdlens.datafiles import load_yaml
from jdlens.models import (
    Advice,
    Course,
    Gap,
    InterviewTopic,
    JobAnalysis,
    LearningStep,
    Level,
    MatchResult,
    RoleCategory,
    SalaryBand,
)
from jdlens.taxonomy import load_taxonomy

DATA_PACKAGE = "jdlens.advice.data"
StartingPoint = Literal["software_engineer", "data_scientist", "from_scratch", "ml_practitioner"]
REGIONS = ("US", "India")
_START_BY_ROLE: dict[str, StartingPoint] = {
    "software_engineer": "software_engineer",
    "data_engineer": "software_engineer",
    "ml_infrastructure": "software_engineer",
    "data_scientist": "data_scientist",
    "research_scientist": "data_scientist",
    "ml_engineer": "ml_practitioner",
    "nlp_llm": "ml_practitioner",
    "other": "from_scratch",
}
_MAX_STEPS = 12


def load_data(name: str) -> dict[str, Any]:
    """One versioned advice data file (courses, salaries, learning_paths, interview_topics)."""
    data: dict[str, Any] = load_yaml(DATA_PACKAGE, f"{name}.yaml")
    return data


def data_versions() -> dict[str, str]:
    return {
        f"advice_{n}": str(load_data(n)["version"])
        for n in ("courses", "salaries", "learning_paths", "interview_topics")
    }


def courses_for(skill_id: str) -> list[Course]:
    data = load_data("courses")
    out = [
        Course(
            name=c["name"],
            platform=c["platform"],
            rating=c.get("rating"),
            covers=c["covers"],
            hours=c.get("hours"),
            source=c["source"],
        )
        for c in data["courses"]
        if skill_id in c["covers"]
    ]
    return sorted(out, key=lambda c: (-(c.rating or 0), c.name))


def _stage_of(skill_id: str, category: str | None) -> str:
    paths = load_data("learning_paths")
    for stage in paths["stages"]:
        if skill_id in stage["skills"]:
            return stage["id"]
    if category in (
        "mlops",
        "cloud_platform",
        "cloud_ml_service",
        "devops_infra",
        "big_data",
        "web_framework",
        "database",
        "engineering_practice",
    ):
        return "production"
    if category in ("llm_tooling", "vector_database", "domain"):
        return "specialization"
    if category in ("dl_framework",):
        return "deep_learning"
    if category in ("programming_language", "data_library", "math_stats", "analytics_tool"):
        return "foundations"
    return "ml_core"


def learning_path(gaps: Sequence[Gap | str], start: StartingPoint) -> list[LearningStep]:
    """Steps for the gaps in the field's order (foundations, ML core, deep learning, production, specialization),
    adjusted for the starting point; each with effort and the catalogue's courses for it."""
    paths = load_data("learning_paths")
    profile = paths["starting_points"][start]
    stage_rank = {s: i for i, s in enumerate(profile["order"])}
    stage_names = {s["id"]: s["name"] for s in paths["stages"]}
    tax = load_taxonomy()
    steps = []
    for i, gap in enumerate(gaps):
        skill_id = gap if isinstance(gap, str) else gap.id
        entry = tax.by_id.get(skill_id)
        if entry is None:
            continue
        stage = _stage_of(skill_id, entry.category)
        weeks = paths["weeks"].get(skill_id, paths["default_weeks"][stage]) * profile["factor"][stage]
        reason = (
            "the posting requires it"
            if isinstance(gap, Gap) and gap.requirement == "required"
            else ("the posting lists it as a plus" if isinstance(gap, Gap) else "asked for")
        )
        steps.append(
            (
                stage_rank[stage],
                i,
                LearningStep(
                    id=skill_id,
                    name=entry.name,
                    stage=stage_names[stage],
                    order=0,
                    weeks=round(weeks, 1),
                    reason=reason,
                    courses=courses_for(skill_id),
                ),
            )
        )
    steps.sort(key=lambda t: (t[0], t[1]))
    return [s.model_copy(update={"order": n + 1}) for n, (_, _, s) in enumerate(steps[:_MAX_STEPS])]


def salary_bands(level: Level | None) -> list[SalaryBand]:
    data = load_data("salaries")
    key = "junior" if level in (None, "intern", "junior") else level
    out = []
    for band in data["bands"]:
        if band["level"] != key:
            continue
        for region in REGIONS:
            b = band[region]
            out.append(
                SalaryBand(
                    region=region,
                    level=band["label"],
                    years=band["years"],
                    min=b["min"],
                    max=None if b.get("open_ended") else b["max"],
                    currency=b["currency"],
                    unit=b["unit"] + (f" (from {b['max']} up)" if b.get("open_ended") else ""),
                    source=data["source"],
                )
            )
    return out


def interview_topics(gap_ids: list[str], role: RoleCategory | None) -> list[InterviewTopic]:
    data = load_data("interview_topics")
    topics = [InterviewTopic(kind=t["kind"], topic=t["topic"], reason=t["reason"]) for t in data["always"]]
    for t in data["by_role"].get(role or "", []):
        topics.append(InterviewTopic(kind=t["kind"], topic=t["topic"], reason=f"the role reads as {role}"))
    seen = {t.topic for t in topics}
    for skill_id in gap_ids:
        t = data["by_skill"].get(skill_id)
        if t and t["topic"] not in seen:
            seen.add(t["topic"])
            topics.append(
                InterviewTopic(kind=t["kind"], topic=t["topic"], reason=f"a gap for this posting: {skill_id}")
            )
    return topics


def advise(
    subject: MatchResult | JobAnalysis,
    *,
    starting_point: StartingPoint | None = None,
    level: Level | None = None,
) -> Advice:
    """Advice from a match (its gaps) or from a job analysis alone (all its skills, from the starting point).

    ``subject``: a ``MatchResult`` (``jdlens.match``) or a ``JobAnalysis`` (``jdlens.analyze``).
    Returns an ``Advice`` (``docs/schemas/advise.json``). Raises ``DataFileError`` (JDL011) only for
    a broken installation (an advice data file that does not validate).
    """
    if isinstance(subject, MatchResult):
        gaps: list[Gap | str] = [g for g in subject.missing if g.status == "missing"]
        role, lvl = subject.job_role, level or subject.job_level
        start = starting_point or _START_BY_ROLE.get(subject.resume_role or "other", "from_scratch")
    else:
        gaps = [
            s.id for s in sorted(subject.skills, key=lambda s: (s.requirement != "required", -s.priority))
        ]
        role, lvl = subject.role.category, level or subject.seniority.level
        start = starting_point or "from_scratch"
    ids = [g if isinstance(g, str) else g.id for g in gaps]
    path = learning_path(gaps, start)
    notes = [
        load_data("learning_paths")["starting_points"][start]["note"],
        *load_data("salaries").get("notes", []),
    ]
    return Advice(
        starting_point=start,
        role=role,
        level=lvl,
        learning_path=path,
        total_weeks=round(sum(s.weeks for s in path), 1),
        salary=salary_bands(lvl),
        interview_topics=interview_topics(ids, role),
        notes=notes,
        versions=data_versions(),
    )
