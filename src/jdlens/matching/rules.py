"""The match score's rules: every weight and credit, read from ``data/rules.yaml`` (the one home).

``load_rules()`` validates the file once and caches it; ``load_rules(path)`` reads another file (tests
and experiments). Every module of ``jdlens.matching`` takes its numbers from here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from jdlens.datafiles import parse_yaml, read_file, read_text
from jdlens.errors import DataFileError, RulesError
from jdlens.models import Requirement, RoleCategory

DATA_PACKAGE = "jdlens.matching.data"
RULES_FILE = "rules.yaml"
Band = Literal["strong", "partial", "weak"]
SKILL_PARTS = ("required_skills", "preferred_skills", "keyword_coverage", "field_background")
REFINERS = ("experience_years", "education", "role_fit")
_Share = Field(ge=0.0, le=1.0)


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Credits(_Strict):
    shown: float = _Share
    listed: float = _Share
    implied: float = _Share
    implied_listed: float = _Share
    related: float = _Share
    related_listed: float = _Share


class Caps(_Strict):
    must_have_priority: float = _Share
    must_have_share: float = _Share
    stuffing_cap: int = Field(ge=0, le=100)
    stuffing_shown_share: float = _Share
    stuffing_min_skills: int = Field(ge=1)


class Background(_Strict):
    """The resume's background in the posting's field: distinct skills of these categories it names."""

    categories: frozenset[str]
    skills_for_full: float = Field(gt=0.0)
    gate: float = _Share
    gate_full: float = Field(gt=0.0)


class Bands(_Strict):
    strong: int = Field(ge=1, le=100)
    partial: int = Field(ge=1, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> Bands:
        if self.partial >= self.strong:
            raise ValueError("bands: partial must be below strong")
        return self


class RoleFit(_Strict):
    older_title_factor: float = _Share
    recent_titles: int = Field(ge=0)
    content_share: float = _Share
    ml_skills_for_full: int = Field(ge=1)
    tech_skills_for_role: int = Field(ge=1)
    unknown: float = _Share
    other_job: float = _Share
    affinity: dict[RoleCategory, dict[RoleCategory, float]]

    def of(self, job_role: RoleCategory, role: RoleCategory) -> float:
        """How well a resume of ``role`` fits a posting of ``job_role`` (0..1)."""
        if job_role == role:
            return 1.0
        if job_role == "other":
            return self.other_job
        return self.affinity.get(job_role, {}).get(role, self.unknown)


class Rules(_Strict):
    version: str
    credit: Credits
    requirement: dict[Requirement, float]
    priority_offset: float = Field(ge=0.0)
    kind: dict[str, float]
    skills: dict[str, float]
    full_match_at: float = Field(gt=0.0, le=1.0)
    background: Background
    refine_share: float = _Share
    refiners: dict[str, float]
    caps: Caps
    bands: Bands
    role_fit: RoleFit

    @model_validator(mode="after")
    def _complete(self) -> Rules:
        missing = [r for r in ("required", "preferred", "unspecified") if r not in self.requirement]
        missing += [k for k in SKILL_PARTS if k not in self.skills]
        missing += [k for k in REFINERS if k not in self.refiners]
        if missing:
            raise ValueError(f"missing weights: {', '.join(missing)}")
        unknown = [k for k in self.skills if k not in SKILL_PARTS] + [
            k for k in self.refiners if k not in REFINERS
        ]
        if unknown:
            raise ValueError(f"unknown weights: {', '.join(unknown)}")
        return self

    def kind_weight(self, category: str | None) -> float:
        return self.kind.get(category or "", 1.0)

    def weight(self, requirement: Requirement, priority: float, category: str | None) -> float:
        """A skill's weight in the skill match: requirement x (offset + priority) x kind."""
        return self.requirement[requirement] * (self.priority_offset + priority) * self.kind_weight(category)

    def band(self, score: float) -> Band:
        if score >= self.bands.strong:
            return "strong"
        return "partial" if score >= self.bands.partial else "weak"


def _read(path: Path | None) -> str:
    return read_file(path) if path is not None else read_text(DATA_PACKAGE, RULES_FILE)


@lru_cache(maxsize=4)
def load_rules(path: Path | None = None) -> Rules:
    """The validated rules (read once); raises RulesError (JDL012) naming the problem."""
    where = str(path) if path is not None else f"{DATA_PACKAGE}/{RULES_FILE}"
    try:
        return Rules.model_validate(parse_yaml(_read(path), where))
    except DataFileError as exc:
        raise RulesError(where=where, reason=exc.params["reason"]) from exc
    except ValidationError as exc:
        reason = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise RulesError(where=where, reason=reason) from exc


def weights_markdown(rules: Rules) -> str:
    """The weights and credits as the Markdown tables docs/scoring.md publishes (tested against it)."""
    c = rules.credit
    lines = [
        "| how the resume shows the skill | credit |",
        "|---|---|",
        f"| named and used in experience or projects | {c.shown:g} |",
        f"| named only in a skills list or summary | {c.listed:g} |",
        f"| implied by a more specific skill shown in the work | {c.implied:g} |",
        f"| implied only by listed skills | {c.implied_listed:g} |",
        f"| a declared neighbour shown in the work (related) | {c.related:g} |",
        f"| a declared neighbour only listed (related) | {c.related_listed:g} |",
        "",
        "| requirement | base weight |",
        "|---|---|",
        *(f"| {k} | {rules.requirement[k]:g} |" for k in ("required", "unspecified", "preferred")),
        "",
        "| skill kind (taxonomy category) | weight |",
        "|---|---|",
        *(f"| {k} | {v:g} |" for k, v in sorted(rules.kind.items())),
        "| any other category | 1 |",
        "",
        "| part | weight within its group |",
        "|---|---|",
        *(f"| {k} (skill match) | {rules.skills[k]:g} |" for k in SKILL_PARTS),
        *(f"| {k} (refiner) | {rules.refiners[k]:g} |" for k in REFINERS),
        "",
        f"Priority offset {rules.priority_offset:g}; full skill match from {rules.full_match_at:g} of the credit; "
        f"refiners take away at most {rules.refine_share:g} of the skill match.",
        "",
        f"ML background (postings that ask for ML skills): full from {rules.background.skills_for_full:g} "
        f"distinct skills of {', '.join(sorted(rules.background.categories))}; a resume with none keeps "
        f"{rules.background.gate:g} of its skill match, one with {rules.background.gate_full:g} all of it.",
        "",
        f"Must-haves (required skills of priority {rules.caps.must_have_priority:g} and above): those missing "
        f"take away up to {rules.caps.must_have_share:g} of the score, by their share of the must-haves' weight. "
        f"Keyword stuffing (fewer than {rules.caps.stuffing_shown_share:g} of at least "
        f"{rules.caps.stuffing_min_skills} named skills shown in the work): at most {rules.caps.stuffing_cap}.",
        "",
        "| band | score |",
        "|---|---|",
        f"| strong | {rules.bands.strong} and above |",
        f"| partial | {rules.bands.partial} to {rules.bands.strong - 1} |",
        f"| weak | below {rules.bands.partial} |",
    ]
    return "\n".join(lines) + "\n"
