"""What the market tables keep of one ``JobAnalysis``: a compact, engine-independent record.

Records are made where the analysis runs (the local workers, the Spark executors): only they travel
back to the process that writes the tables, never the full analysis with its text and sections.
Both are named tuples: a pickled batch of records is read back about four times faster than as
frozen dataclasses, whose state is restored field by field in Python.
"""

from __future__ import annotations

from typing import NamedTuple

from jdlens.errors import JdlensError
from jdlens.models import JobAnalysis


class SkillRow(NamedTuple):
    skill_id: str
    name: str
    category: str
    requirement: str
    priority: float | None
    implied: bool


class AnalysisRecord(NamedTuple):
    title: str | None
    role: str
    role_confidence: float
    seniority: str
    min_years: float | None
    max_years: float | None
    by_degree: tuple[tuple[str, float], ...]
    min_degree: str | None
    preferred_degree: str | None
    equivalent_experience: bool
    fields: tuple[str, ...]
    salary: tuple[float, float, str, str] | None
    city: str | None
    state: str | None
    country: str | None
    remote: str | None
    skills: tuple[SkillRow, ...]
    red_flags: tuple[str, ...]
    places: tuple[tuple[str | None, str | None, str | None], ...] = ()  # (city, state, country) each
    versions: tuple[tuple[str, str], ...] = ()  # the analysis's versions (sources.analyzer), sorted


_VERSIONS: dict[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]] = {}


def _versions(versions: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """One tuple object per set of versions: records pickled together carry it once."""
    key = tuple(sorted(versions.items()))
    return _VERSIONS.setdefault(key, key)


def _skills(a: JobAnalysis) -> tuple[SkillRow, ...]:
    rows: dict[str, SkillRow] = {}
    for s in a.skills:
        if s.id not in rows:
            rows[s.id] = SkillRow(s.id, s.name, s.category, s.requirement, float(s.priority), False)
    for implied in a.implied_skills:
        if implied.id not in rows:
            rows[implied.id] = SkillRow(implied.id, implied.name, implied.category, "unspecified", None, True)
    return tuple(rows.values())


def record_from_analysis(a: JobAnalysis) -> AnalysisRecord:
    """Flatten an analysis; each skill appears once (stated wins over implied)."""
    salary = a.salary
    return AnalysisRecord(
        title=a.title,
        role=a.role.category,
        role_confidence=float(a.role.confidence),
        seniority=a.seniority.level,
        min_years=a.experience.min_years,
        max_years=a.experience.max_years,
        by_degree=tuple(sorted((k, float(v)) for k, v in a.experience.by_degree.items())),
        min_degree=a.education.min_degree,
        preferred_degree=a.education.preferred_degree,
        equivalent_experience=a.education.equivalent_experience,
        fields=tuple(dict.fromkeys(a.education.fields)),
        salary=(float(salary.min), float(salary.max), salary.currency, salary.period) if salary else None,
        city=a.location.city,
        state=a.location.state,
        country=a.location.country,
        remote=a.location.remote,
        skills=_skills(a),
        red_flags=tuple(dict.fromkeys(f.code for f in a.red_flags)),
        places=tuple(dict.fromkeys((p.city, p.state, p.country) for p in a.location.places)),
        versions=_versions(a.versions),
    )


def record_outcome(result: JobAnalysis | JdlensError) -> AnalysisRecord | JdlensError:
    """An analysis as its record; an error as itself."""
    return result if isinstance(result, JdlensError) else record_from_analysis(result)
