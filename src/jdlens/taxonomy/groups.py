"""Skill groups that one learning step covers: a concept with the tools that implement it
(``data/groups.yaml``), and the sets of alternatives of ``data/related.yaml``.

Both are data; this module only reads and checks them (every id must be a skill of the taxonomy).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from jdlens.datafiles import load_model
from jdlens.errors import TaxonomyError
from jdlens.taxonomy.loader import DATA_PACKAGE, RELATED_FILE, load_taxonomy
from jdlens.taxonomy.schema import RelatedFile

GROUPS_FILE = "groups.yaml"


class ImplementationGroup(BaseModel):
    """A concept (or several taught together) and the tools that implement it, preferred first."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    name: str
    concepts: list[str] = Field(default_factory=list)
    tools: list[str] = Field(min_length=1)


class GroupsFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    version: str
    license: str
    source: str
    groups: list[ImplementationGroup]


@dataclass(frozen=True, slots=True)
class SkillGroup:
    """One group as advice uses it: learning one tool (with the concepts) covers the whole group."""

    name: str
    concepts: tuple[str, ...]
    tools: tuple[str, ...]
    origin: str  # the data file it comes from

    @property
    def members(self) -> frozenset[str]:
        return frozenset(self.concepts) | frozenset(self.tools)


@dataclass(frozen=True, slots=True)
class SkillGroups:
    version: str
    groups: tuple[SkillGroup, ...]

    def of(self, skill_id: str) -> list[SkillGroup]:
        """The groups a skill belongs to, implementation groups first."""
        return [g for g in self.groups if skill_id in g.members]


def _problems(groups: list[SkillGroup]) -> list[str]:
    known = load_taxonomy().by_id
    out = []
    for g in groups:
        ids = [*g.concepts, *g.tools]
        out += [f"{g.origin} ({g.name}): unknown skill id {i!r}" for i in ids if i not in known]
        if len(set(ids)) != len(ids):
            out.append(f"{g.origin} ({g.name}): an id is listed twice")
    return out


@cache
def load_groups() -> SkillGroups:
    """The implementation groups, then the related-skill groups as alternatives; raises TaxonomyError."""
    implementations = load_model(DATA_PACKAGE, GROUPS_FILE, GroupsFile)
    related = load_model(DATA_PACKAGE, RELATED_FILE, RelatedFile)
    groups = [
        SkillGroup(g.name, tuple(g.concepts), tuple(g.tools), GROUPS_FILE) for g in implementations.groups
    ] + [SkillGroup(g.name, (), tuple(g.members), RELATED_FILE) for g in related.groups]
    problems = _problems(groups)
    if problems:
        raise TaxonomyError(problems)
    return SkillGroups(version=f"{implementations.version}+{related.version}", groups=tuple(groups))
