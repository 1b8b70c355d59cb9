"""Which kind of role a resume shows (from its titles, then its shown skills) and how well it fits a job's.

The fit numbers live in ``rules.yaml`` (``role_fit``). Role fit only refines the skill match (see
``score``): a fitting title never lifts a resume that lacks the posting's skills.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from jdlens.compiled_regex import compile_pattern
from jdlens.matching.rules import RoleFit
from jdlens.models import Resume, RoleCategory
from jdlens.taxonomy.category_sets import category_set, role_set

_TITLE_RULES: list[tuple[RoleCategory, re.Pattern[str]]] = [
    (
        "nlp_llm",
        compile_pattern(
            r"(?i)\b(?:nlp|llm|natural language|conversational ai|generative ai|genai|gen ai|prompt engineer)"
        ),
    ),
    (
        "research_scientist",
        compile_pattern(
            r"(?i)\b(?:research (?:scientist|engineer)|ai researcher|ml researcher|postdoc|research fellow)"
        ),
    ),
    (
        "ml_infrastructure",
        compile_pattern(
            r"(?i)\b(?:ml ?ops|ml platform|ml infra|machine learning (?:platform|infrastructure)|ai platform)"
        ),
    ),
    (
        "ml_engineer",
        compile_pattern(
            r"(?i)\b(?:machine learning|ml|ai|deep learning|computer vision|applied scientist|mle)\b"
        ),
    ),
    (
        "data_scientist",
        compile_pattern(
            r"(?i)\b(?:data scien(?:tist|ce)|statistician|decision scientist|quantitative (?:analyst|researcher))"
        ),
    ),
    (
        "data_engineer",
        compile_pattern(r"(?i)\b(?:data engineer|etl|analytics engineer|big data|data platform)"),
    ),
    (
        "other",
        compile_pattern(
            r"(?i)\b(?:product (?:manager|owner|lead)|project manager|program manager|sales|marketing|"
            r"recruit(?:er|ing)|human resources|(?:ux|ui|graphic|product) designer|account (?:manager|executive)|"
            r"business analyst|accountant|customer success|operations manager)"
        ),
    ),
    (
        "software_engineer",
        compile_pattern(
            r"(?i)\b(?:software|developer|programmer|full[- ]?stack|front[- ]?end|back[- ]?end|sde|devops|sre|"
            r"site reliability|engineer|architect)"
        ),
    ),
]
ML_CATEGORIES = category_set("ml")
TECH_CATEGORIES = category_set("tech")
_NON_ML_JOBS = role_set("not_ml")


def title_category(title: str) -> RoleCategory | None:
    for category, pattern in _TITLE_RULES:
        if pattern.search(title):
            return category
    return None


def _shown(resume: Resume, categories: frozenset[str]) -> int:
    """How many distinct skills of these categories the resume shows in its work (not only lists)."""
    return sum(1 for s in resume.skills if not s.listed_only and s.category in categories)


def resume_role(resume: Resume, rules: RoleFit) -> RoleCategory:
    """What the person is (``Resume.profession``, read from their own titles); else the headline or
    most recent title's category; the shown skills when no title reads clearly."""
    if resume.profession is not None:
        return resume.profession.role
    for title in resume.titles:
        category = title_category(title)
        if category is not None:
            return category
    if _shown(resume, ML_CATEGORIES) >= rules.tech_skills_for_role:
        return "ml_engineer"
    if _shown(resume, TECH_CATEGORIES | ML_CATEGORIES) >= rules.tech_skills_for_role:
        return "software_engineer"
    return "other"


def job_categories(job_role: RoleCategory, job_title: str | None) -> list[RoleCategory]:
    """The analysed role, plus the category the posting's own title names (e.g. "AI/ML Software Engineer")."""
    cats = [job_role]
    titled = title_category(job_title) if job_title else None
    if titled is not None and titled not in cats and titled != "other":
        cats.append(titled)
    return cats


def ml_profile(resume: Resume, rules: RoleFit) -> float:
    """0..1: distinct ML skills shown in the work, full from ``ml_skills_for_full`` on (never a ratio, so
    showing one more skill of any kind never lowers it)."""
    return min(1.0, _shown(resume, ML_CATEGORIES) / rules.ml_skills_for_full)


@dataclass(frozen=True, slots=True)
class RoleView:
    """What a resume brings to every posting's role fit, read once per resume: the role it reads as,
    the category of each of its recent titles with the factor it counts at, and its ML profile."""

    role: RoleCategory
    titled: tuple[tuple[RoleCategory, float], ...]
    ml: float


def role_view(resume: Resume, rules: RoleFit) -> RoleView:
    titled = []
    for i, title in enumerate(resume.titles[:6]):
        category = title_category(title)
        if category is not None:
            titled.append((category, 1.0 if i < rules.recent_titles else rules.older_title_factor))
    return RoleView(resume_role(resume, rules), tuple(titled), ml_profile(resume, rules))


def fit(view: RoleView, cats: Sequence[RoleCategory], rules: RoleFit) -> float:
    """0..1 fit: the best title (recent titles fully, older ones less) against the job's role or the
    role its title names (``job_categories``); for ML postings blended with the ML skills the work shows."""
    best = max(rules.of(c, view.role) for c in cats)
    for category, factor in view.titled:
        best = max(best, max(rules.of(c, category) for c in cats) * factor)
    if any(c not in _NON_ML_JOBS for c in cats):
        best = (1 - rules.content_share) * best + rules.content_share * view.ml
    return round(best, 3)
