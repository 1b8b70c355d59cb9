"""One row per job requirement: how the resume meets it (exact, alias, implied, related) and the evidence."""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from jdlens.extract.skills import fold_alias
from jdlens.matching.rules import Credits
from jdlens.models import (
    Degree,
    JobAnalysis,
    MatchHow,
    MatchStatus,
    RequirementMatch,
    Resume,
    ResumeEvidence,
    ResumeSkill,
    SkillMention,
)
from jdlens.taxonomy import Related

_ALTERNATIVE_GAP = re.compile(r"(?i)^\s*,?\s*(?:or|/|and/or|or other|or similar)\s*$")
DEGREE_RANK: dict[Degree, int] = {"none": 0, "bachelor": 1, "master": 2, "phd": 3}


@dataclass(frozen=True, slots=True)
class ResumeIndex:
    """Resume skills by id, with the implied and related lookups the matcher needs."""

    stated: dict[str, ResumeSkill]
    implied_by: dict[str, list[str]]
    related_ids: Related
    credit: Credits

    @classmethod
    def build(cls, resume: Resume, related: Related, credit: Credits) -> ResumeIndex:
        return cls(
            {s.id: s for s in resume.skills},
            {i.id: i.implied_by for i in resume.implied_skills},
            related,
            credit,
        )

    def related(self, skill_id: str) -> list[ResumeSkill]:
        """Resume skills declared neighbours of ``skill_id`` (taxonomy/data/related.yaml), shown ones first."""
        found = [self.stated[i] for i in self.related_ids.of(skill_id) if i in self.stated]
        return sorted(found, key=lambda s: (s.listed_only, s.name))


def _how_stated(skill: ResumeSkill, name: str) -> MatchHow:
    key = fold_alias(name)
    return "exact" if any(fold_alias(e.text) == key for e in skill.evidence) else "alias"


def _base(mention: SkillMention) -> dict[str, Any]:
    return {
        "kind": "skill",
        "id": mention.id,
        "name": mention.name,
        "category": mention.category,
        "requirement": mention.requirement,
        "priority": mention.priority,
        "job_evidence": mention.evidence[:3],
    }


def skill_row(
    mention: SkillMention, index: ResumeIndex, base: dict[str, Any] | None = None
) -> RequirementMatch:
    """How the resume meets one skill the posting names."""
    return _skill_row(mention, index, base or _base(mention))


def _skill_row(mention: SkillMention, index: ResumeIndex, base: dict[str, Any]) -> RequirementMatch:
    stated = index.stated.get(mention.id)
    if stated is not None:
        status: MatchStatus = "partial" if stated.listed_only else "matched"
        note = (
            "named only in a skills list or summary, not in the work described"
            if stated.listed_only
            else None
        )
        return make(
            base,
            status=status,
            how=_how_stated(stated, mention.name),
            credit=index.credit.listed if stated.listed_only else index.credit.shown,
            via=[],
            resume_evidence=stated.evidence[:3],
            note=note,
        )
    implied_by = index.implied_by.get(mention.id)
    if implied_by:
        shown = [index.stated[i] for i in implied_by if i in index.stated and not index.stated[i].listed_only]
        sources = shown or [index.stated[i] for i in implied_by if i in index.stated]
        names = ", ".join(s.name for s in sources[:3])
        return make(
            base,
            status="matched" if shown else "partial",
            how="implied",
            credit=index.credit.implied if shown else index.credit.implied_listed,
            via=[s.id for s in sources],
            resume_evidence=[s.evidence[0] for s in sources[:3]],
            note=f"implied by {names}",
        )
    related = index.related(mention.id)
    if related:
        best = related[0]
        return make(
            base,
            status="partial",
            how="related",
            credit=index.credit.related_listed if best.listed_only else index.credit.related,
            via=[s.id for s in related],
            resume_evidence=[s.evidence[0] for s in related[:3]],
            note="related: " + ", ".join(s.name for s in related[:3]),
        )
    return make(base, status="missing", how=None, credit=0.0, via=[], resume_evidence=[], note=None)


def make(base: dict[str, Any], **fields: Any) -> RequirementMatch:
    """A row: the posting's fields of the skill and how the resume meets it (both already valid, so
    built without validation; the posting's evidence list is copied, never shared between rows)."""
    return RequirementMatch.trusted(**{**base, **fields, "job_evidence": list(base["job_evidence"])})


def alternatives(job: JobAnalysis) -> dict[str, set[str]]:
    """Skills the posting offers as either/or ("Feast or Tecton", "TensorFlow/PyTorch")."""
    groups: dict[str, set[str]] = {}
    spans = [(e.start, e.end, s.id) for s in job.skills for e in s.evidence]
    spans.sort()
    for (_s1, e1, a), (s2, _e2, b) in zip(spans, spans[1:], strict=False):
        if a != b and 0 <= s2 - e1 <= 12 and _ALTERNATIVE_GAP.match(job.text[e1:s2]):
            group = groups.get(a, {a}) | groups.get(b, {b})
            for member in group:
                groups[member] = group
    return groups


def apply_alternatives(rows: list[RequirementMatch], groups: dict[str, set[str]]) -> list[RequirementMatch]:
    """A skill offered as an alternative to one the resume shows is met through it."""
    out = []
    for row in rows:
        group = groups.get(row.id, set()) - {row.id}
        # the posting's own order breaks a tie in credit (a set's order changes with the hash seed)
        best = max((r for r in rows if r.id in group), key=lambda r: r.credit, default=None)
        if best is not None and best.credit > row.credit and best.how in ("exact", "alias", "implied"):
            row = row.model_copy(
                update={
                    "status": best.status,
                    "how": "related",
                    "credit": best.credit,
                    "via": [best.id],
                    "resume_evidence": best.resume_evidence,
                    "note": f"the posting accepts {best.name} instead",
                }
            )
        out.append(row)
    return out


@dataclass(frozen=True, slots=True)
class JobTable:
    """What depends on the posting alone, computed once per posting: each skill's row fields and the
    skills it offers as alternatives."""

    bases: list[dict[str, Any]]
    groups: dict[str, set[str]]


_TABLES: OrderedDict[int, tuple[JobAnalysis, JobTable]] = OrderedDict()
_TABLES_SIZE = 512


def job_table(job: JobAnalysis) -> JobTable:
    """The posting's table, kept for the last postings scored (a posting is public text; the entry
    holds the analysis itself, so its id cannot be reused while it is kept)."""
    kept = _TABLES.get(id(job))
    if kept is not None and kept[0] is job:
        _TABLES.move_to_end(id(job))
        return kept[1]
    table = JobTable([_base(m) for m in job.skills], alternatives(job))
    _TABLES[id(job)] = (job, table)
    if len(_TABLES) > _TABLES_SIZE:
        _TABLES.popitem(last=False)
    return table


def skill_rows(job: JobAnalysis, resume: Resume, related: Related, credit: Credits) -> list[RequirementMatch]:
    index = ResumeIndex.build(resume, related, credit)
    table = job_table(job)
    rows = [_skill_row(m, index, b) for m, b in zip(job.skills, table.bases, strict=True)]
    return apply_alternatives(rows, table.groups)


def experience_row(job: JobAnalysis, resume: Resume) -> tuple[RequirementMatch | None, float | None]:
    """The years requirement and the 0..1 credit (None when the posting asks for no years)."""
    wanted = job.experience.min_years
    if resume.degree and resume.degree in job.experience.by_degree:
        wanted = job.experience.by_degree[resume.degree]
    if not wanted:
        return None, None
    have = resume.total_years
    credit = 0.0 if have is None else min(1.0, have / wanted)
    status: MatchStatus = "matched" if credit >= 1 else "partial" if credit >= 0.5 else "missing"
    evidence = [r.evidence for r in resume.roles[:3]]
    note = f"{have:g} years found in dated roles" if have is not None else "no dated roles found"
    row = RequirementMatch(
        kind="experience",
        id="years",
        name=f"{wanted:g}+ years of experience",
        requirement="required",
        priority=0.8,
        status=status,
        credit=round(credit, 3),
        job_evidence=job.experience.evidence[:2],
        resume_evidence=evidence,
        note=note,
    )
    return row, credit


def education_row(job: JobAnalysis, resume: Resume) -> tuple[RequirementMatch | None, float | None]:
    edu = job.education
    wanted = edu.min_degree or edu.preferred_degree
    if not wanted or wanted == "none":
        return None, None
    required = edu.min_degree is not None
    have = DEGREE_RANK.get(resume.degree or "none", 0)
    gap = DEGREE_RANK[wanted] - have
    if gap <= 0:
        credit = 1.0
    elif edu.equivalent_experience or not required:
        credit = 0.75 if gap == 1 else 0.5
    else:
        credit = 0.5 if gap == 1 else 0.2
    status: MatchStatus = "matched" if credit >= 1 else "partial" if credit >= 0.5 else "missing"
    note = f"resume shows: {resume.degree or 'no degree found'}" + (
        "; the posting accepts equivalent experience" if edu.equivalent_experience else ""
    )
    row = RequirementMatch(
        kind="education",
        id=f"degree_{wanted}",
        name=f"{wanted} degree",
        requirement="required" if required else "preferred",
        priority=0.6,
        status=status,
        credit=credit,
        job_evidence=edu.evidence[:2],
        resume_evidence=education_evidence(resume) if resume.degree else [],
        note=note,
    )
    return row, credit


def education_evidence(resume: Resume) -> list[ResumeEvidence]:
    """The first line under the resume's education heading: where the degree is read from."""
    for section in resume.sections:
        if section.kind != "education":
            continue
        at = section.start
        while at < section.end:
            end = resume.text.find("\n", at, section.end)
            end = section.end if end < 0 else end
            line = resume.text[at:end].strip()
            if line and line != (section.heading or "").strip():
                start = at + resume.text[at:end].index(line)
                return [ResumeEvidence(text=line, start=start, end=start + len(line), section="education")]
            at = end + 1
    return []
