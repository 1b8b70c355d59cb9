"""The data users see: immutable pydantic models whose ``to_dict()`` is the documented JSON shape."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Requirement = Literal["required", "preferred", "unspecified"]
SectionKind = Literal[
    "intro", "about_company", "responsibilities", "requirements", "preferred", "benefits", "tech_stack",
    "other",
]
RoleCategory = Literal[
    "ml_engineer", "research_scientist", "data_scientist", "ml_infrastructure", "nlp_llm",
    "data_engineer", "software_engineer", "other",
]
Level = Literal["intern", "junior", "mid", "senior", "staff_plus"]
Degree = Literal["none", "bachelor", "master", "phd"]
Period = Literal["year", "month", "week", "day", "hour"]
Remote = Literal["remote", "hybrid", "onsite"]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class Evidence(Model):
    """A span of the analysed (normalized) text that supports a finding."""

    text: str
    start: int
    end: int
    section: SectionKind | None = None


class SkillMention(Model):
    id: str
    name: str
    category: str
    requirement: Requirement
    priority: float = Field(description="0..1, how much a hiring manager screens for it")
    evidence: list[Evidence]


class ImpliedSkill(Model):
    id: str
    name: str
    category: str
    implied_by: list[str] = Field(description="ids of the stated skills that imply it")


class Experience(Model):
    min_years: float | None = None
    max_years: float | None = None
    by_degree: dict[str, float] = Field(default_factory=dict, description="degree -> minimum years")
    evidence: list[Evidence] = Field(default_factory=list)


class Education(Model):
    min_degree: Degree | None = None
    preferred_degree: Degree | None = None
    fields: list[str] = Field(default_factory=list)
    equivalent_experience: bool = False
    evidence: list[Evidence] = Field(default_factory=list)


class Salary(Model):
    min: float
    max: float
    currency: str
    period: Period
    evidence: list[Evidence] = Field(default_factory=list)


class Role(Model):
    category: RoleCategory
    confidence: float
    signals: list[str] = Field(default_factory=list)


class Seniority(Model):
    level: Level
    evidence: list[str] = Field(default_factory=list)


class Location(Model):
    city: str | None = None
    state: str | None = None
    country: str | None = None
    remote: Remote | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class RedFlag(Model):
    code: str
    message: str
    evidence: list[str] = Field(default_factory=list)


class Section(Model):
    kind: SectionKind
    heading: str | None
    start: int
    end: int


class JobAnalysis(Model):
    """Everything ``jdlens.analyze`` reads out of one job description."""

    title: str | None = None
    skills: list[SkillMention] = Field(default_factory=list)
    implied_skills: list[ImpliedSkill] = Field(default_factory=list)
    experience: Experience = Field(default_factory=Experience)
    education: Education = Field(default_factory=Education)
    salary: Salary | None = None
    role: Role
    seniority: Seniority
    location: Location = Field(default_factory=Location)
    red_flags: list[RedFlag] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    text: str = Field(default="", description="the normalized text that evidence offsets point into")
    versions: dict[str, str] = Field(default_factory=dict)

    def to_dict(self, *, include_text: bool = False) -> dict[str, Any]:
        data = self.model_dump(mode="json")
        if not include_text:
            data.pop("text", None)
        return data

    def skill_ids(self, *, with_implied: bool = False) -> set[str]:
        ids = {s.id for s in self.skills}
        if with_implied:
            ids |= {s.id for s in self.implied_skills}
        return ids
