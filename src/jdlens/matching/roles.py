"""Which kind of role a resume shows (from its titles, then its skills) and how well it fits a job's role."""

from __future__ import annotations

import re

from jdlens.models import Resume, RoleCategory

_TITLE_RULES: list[tuple[RoleCategory, re.Pattern[str]]] = [
    (
        "nlp_llm",
        re.compile(
            r"(?i)\b(?:nlp|llm|natural language|conversational ai|generative ai|genai|gen ai|prompt engineer)"
        ),
    ),
    (
        "research_scientist",
        re.compile(
            r"(?i)\b(?:research (?:scientist|engineer)|ai researcher|ml researcher|postdoc|research fellow)"
        ),
    ),
    (
        "ml_infrastructure",
        re.compile(
            r"(?i)\b(?:ml ?ops|ml platform|ml infra|machine learning (?:platform|infrastructure)|ai platform)"
        ),
    ),
    (
        "ml_engineer",
        re.compile(r"(?i)\b(?:machine learning|ml|ai|deep learning|computer vision|applied scientist|mle)\b"),
    ),
    (
        "data_scientist",
        re.compile(
            r"(?i)\b(?:data scien(?:tist|ce)|statistician|decision scientist|quantitative (?:analyst|researcher))"
        ),
    ),
    ("data_engineer", re.compile(r"(?i)\b(?:data engineer|etl|analytics engineer|big data|data platform)")),
    (
        "other",
        re.compile(
            r"(?i)\b(?:product (?:manager|owner|lead)|project manager|program manager|sales|marketing|"
            r"recruit(?:er|ing)|human resources|(?:ux|ui|graphic|product) designer|account (?:manager|executive)|"
            r"business analyst|accountant|customer success|operations manager)"
        ),
    ),
    (
        "software_engineer",
        re.compile(
            r"(?i)\b(?:software|developer|programmer|full[- ]?stack|front[- ]?end|back[- ]?end|sde|devops|sre|"
            r"site reliability|engineer|architect)"
        ),
    ),
]
_ML_CATEGORIES = frozenset(
    {"dl_framework", "ml_library", "ml_concept", "llm_tooling", "mlops", "cloud_ml_service"}
)

_AFFINITY: dict[RoleCategory, dict[RoleCategory, float]] = {
    "ml_engineer": {
        "nlp_llm": 0.9,
        "ml_infrastructure": 0.85,
        "data_scientist": 0.8,
        "research_scientist": 0.7,
        "data_engineer": 0.5,
        "software_engineer": 0.45,
        "other": 0.15,
    },
    "data_scientist": {
        "ml_engineer": 0.85,
        "nlp_llm": 0.75,
        "research_scientist": 0.7,
        "ml_infrastructure": 0.55,
        "data_engineer": 0.5,
        "software_engineer": 0.3,
        "other": 0.2,
    },
    "research_scientist": {
        "nlp_llm": 0.8,
        "ml_engineer": 0.7,
        "data_scientist": 0.65,
        "ml_infrastructure": 0.45,
        "data_engineer": 0.25,
        "software_engineer": 0.25,
        "other": 0.1,
    },
    "nlp_llm": {
        "ml_engineer": 0.85,
        "research_scientist": 0.8,
        "data_scientist": 0.7,
        "ml_infrastructure": 0.7,
        "data_engineer": 0.4,
        "software_engineer": 0.45,
        "other": 0.1,
    },
    "ml_infrastructure": {
        "ml_engineer": 0.85,
        "data_engineer": 0.7,
        "software_engineer": 0.65,
        "nlp_llm": 0.7,
        "data_scientist": 0.5,
        "research_scientist": 0.45,
        "other": 0.1,
    },
    "data_engineer": {
        "ml_infrastructure": 0.7,
        "software_engineer": 0.65,
        "ml_engineer": 0.6,
        "data_scientist": 0.55,
        "nlp_llm": 0.4,
        "research_scientist": 0.3,
        "other": 0.2,
    },
    "software_engineer": {
        "ml_infrastructure": 0.7,
        "data_engineer": 0.7,
        "ml_engineer": 0.65,
        "nlp_llm": 0.55,
        "data_scientist": 0.4,
        "research_scientist": 0.35,
        "other": 0.2,
    },
    "other": {},
}


def title_category(title: str) -> RoleCategory | None:
    for category, pattern in _TITLE_RULES:
        if pattern.search(title):
            return category
    return None


def ml_share(resume: Resume) -> float:
    """Share of the resume's evidenced skills that are ML skills (frameworks, libraries, concepts, MLOps)."""
    shown = [s for s in resume.skills if not s.listed_only and s.category != "soft_skill"]
    if not shown:
        return 0.0
    return sum(s.category in _ML_CATEGORIES for s in shown) / len(shown)


def resume_role(resume: Resume) -> RoleCategory:
    """What the person is (``Resume.profession``, read from their own titles); else the headline or
    most recent title's category; the skill profile when no title reads clearly."""
    if resume.profession is not None:
        return resume.profession.role
    for title in resume.titles:
        category = title_category(title)
        if category is not None:
            return category
    share = ml_share(resume)
    if share >= 0.4:
        return "ml_engineer"
    return "software_engineer" if resume.skills else "other"


def affinity(job_role: RoleCategory, role: RoleCategory) -> float:
    if job_role == role:
        return 1.0
    return _AFFINITY.get(job_role, {}).get(role, 0.6 if job_role == "other" else 0.15)


def job_categories(job_role: RoleCategory, job_title: str | None) -> list[RoleCategory]:
    """The analysed role, plus the category the posting's own title names (e.g. "AI/ML Software Engineer")."""
    cats = [job_role]
    titled = title_category(job_title) if job_title else None
    if titled is not None and titled not in cats and titled != "other":
        cats.append(titled)
    return cats


def role_fit(
    resume: Resume, job_role: RoleCategory, job_title: str | None = None
) -> tuple[float, RoleCategory]:
    """0..1 fit: the best title (recent titles count fully, older ones less) against the job's role or the
    role its title names, tempered by the resume's ML skill share when the job is an ML role."""
    role = resume_role(resume)
    cats = job_categories(job_role, job_title)
    best = max(affinity(c, role) for c in cats)
    for i, title in enumerate(resume.titles[:6]):
        category = title_category(title)
        if category is not None:
            best = max(best, max(affinity(c, category) for c in cats) * (1.0 if i < 2 else 0.85))
    if any(c not in ("software_engineer", "data_engineer", "other") for c in cats):
        best = 0.75 * best + 0.25 * min(1.0, ml_share(resume) / 0.5)
    return round(best, 3), role
