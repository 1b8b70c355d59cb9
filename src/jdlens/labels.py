"""Display words for the values the library computes (roles, levels, degrees, categories, periods,
the parts of the match score; currency signs come from ``jdlens.money``),
and the short phrases that describe an analysis's years, degree, salary and location.

The words live in ``data/labels.yaml``; every shell (CLI, Markdown, HTML, web) reads them here.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from jdlens.datafiles import load_model
from jdlens.models import Education, Experience, Location, Salary
from jdlens.money import display_sign


class LabelFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    version: str
    roles: dict[str, str]
    levels: dict[str, str]
    degrees: dict[str, str]
    requirements: dict[str, str]
    subscores: dict[str, str]
    periods: dict[str, str]
    remote: dict[str, str]
    categories: dict[str, str]


def labels() -> LabelFile:
    return load_model("jdlens.data", "labels.yaml", LabelFile)


def role_label(role: str | None) -> str:
    return labels().roles.get(role or "other", role or "not stated")


def level_label(level: str | None) -> str:
    return labels().levels.get(level, level) if level else "not stated"


def degree_label(degree: str | None) -> str:
    return labels().degrees.get(degree, degree) if degree else "not stated"


def requirement_label(requirement: str) -> str:
    return labels().requirements.get(requirement, requirement)


def subscore_label(key: str) -> str:
    """The name of a part of the match score (``MatchResult.subscores`` keys)."""
    return labels().subscores.get(key, key.replace("_", " ").capitalize())


def category_label(category: str | None) -> str:
    return labels().categories.get(category or "", (category or "other").replace("_", " "))


def money_text(value: float, currency: str) -> str:
    """An amount in its currency: ``$150,000``, ``₹1,200,000``, ``12.50 CHF``."""
    sign = display_sign(currency)
    amount = f"{value:,.0f}" if value >= 100 or value == int(value) else f"{value:,.2f}"
    return f"{sign}{amount}" if sign else f"{amount} {currency}"


def years_text(experience: Experience) -> str:
    low, high = experience.min_years, experience.max_years
    if low is None and high is None:
        return "not stated"
    if low is None:
        return f"up to {high:g} years"
    if high is None or high == low:
        return f"{low:g}+ years"
    return f"{low:g}–{high:g} years"


def degree_text(education: Education) -> str:
    if education.min_degree == "none" and not education.preferred_degree:
        return "none required"
    parts = []
    if education.min_degree and education.min_degree != "none":
        parts.append(f"{degree_label(education.min_degree)} required")
    if education.preferred_degree:
        parts.append(f"{degree_label(education.preferred_degree)} preferred")
    if education.fields and parts:
        parts[-1] += " in " + ", ".join(education.fields)
    if education.equivalent_experience:
        parts.append("or equivalent experience")
    return ", ".join(parts) or "not stated"


def salary_text(salary: Salary | None) -> str:
    if salary is None:
        return "not stated"
    low, high = money_text(salary.min, salary.currency), money_text(salary.max, salary.currency)
    amount = low if salary.min == salary.max else f"{low} – {high}"
    return f"{amount} {labels().periods.get(salary.period, salary.period)}"


def location_text(location: Location) -> str:
    place = ", ".join(p for p in (location.city, location.state, location.country) if p)
    remote = labels().remote.get(location.remote, location.remote) if location.remote else ""
    return " · ".join(p for p in (place, remote) if p) or "not stated"
