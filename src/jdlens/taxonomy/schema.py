"""Schema of ``data/skills.yaml``.

A skill entry::

    - id: pytorch                      # stable, lowercase, [a-z0-9_]+
      name: PyTorch                    # canonical display name
      category: dl_framework           # one of CATEGORIES
      subcategory: serving             # optional (used by mlops)
      aliases: [torch, "py torch"]     # matched case-insensitively, on word boundaries
      cs_aliases: [R]                  # matched case-sensitively
      ambiguous: [R, Go]               # aliases that are also ordinary words: they count only in
                                       # skill context (a list of other skills, or a context word)
      context: [programming, language] # words that confirm an ambiguous alias within a short window
      veto_prev: [series, grade]       # a word right before an ambiguous alias that rules it out
      veto_next: [at, "&"]             # a word/symbol right after an ambiguous alias that rules it out
      field_of_study: true             # the name is also a degree field ("MS in Statistics"): a mention
                                       # inside a degree requirement is not the skill
      implies: [deep_learning]         # ids of broader skills the text implies but does not state
      bucket: must_have                # the seeds' view, where it applies (see BUCKETS)
      source: "seed 000 (...)"         # where the bucket or the tool list comes from, when not the project
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from jdlens.compiled_regex import compile_pattern
from jdlens.labels import labels

MLOPS_SUBCATEGORIES = (
    "tracking",
    "registry",
    "orchestration",
    "feature_store",
    "serving",
    "monitoring",
    "platform",
    "data_versioning",
    "labeling",
)

Bucket = Literal["must_have", "common_rarely_tested", "increasingly_common", "seniority_signal"]

BUCKETS: dict[str, str] = {
    "must_have": "Must-have for most ML roles",
    "common_rarely_tested": "Commonly listed but rarely tested at junior level",
    "increasingly_common": "Increasingly common in recent postings",
    "seniority_signal": "Signals a senior or specialised role",
}

ID_RE = compile_pattern(r"^[a-z0-9][a-z0-9_]*$")


class SkillEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    id: str
    name: str
    category: str
    subcategory: str | None = None
    aliases: list[str] = Field(default_factory=list)
    cs_aliases: list[str] = Field(default_factory=list)
    ambiguous: list[str] = Field(default_factory=list)
    context: list[str] = Field(default_factory=list)
    veto_prev: list[str] = Field(default_factory=list)
    veto_next: list[str] = Field(default_factory=list)
    field_of_study: bool = False
    implies: list[str] = Field(default_factory=list)
    bucket: Bucket | None = None
    source: str | None = None
    description: str | None = None

    @field_validator("aliases", "cs_aliases", "ambiguous", "context", "veto_prev", "veto_next", "implies")
    @classmethod
    def _no_blank(cls, value: list[str]) -> list[str]:
        if any(not v or not v.strip() for v in value):
            raise ValueError("contains an empty string")
        return value


class SourceNote(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    name: str
    note: str | None = None


class TaxonomyFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    version: str
    license: str
    sources: list[SourceNote]
    skills: list[SkillEntry]


class RelatedGroup(BaseModel):
    """Skills a hiring manager accepts as partial substitutes for each other (``data/related.yaml``)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    name: str
    members: list[str] = Field(min_length=2)


class RelatedFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    version: str
    groups: list[RelatedGroup]


def __getattr__(name: str) -> Any:
    # the skill categories and their labels live in data/labels.yaml (jdlens.labels)
    if name == "CATEGORIES":
        return labels().categories
    raise AttributeError(name)
