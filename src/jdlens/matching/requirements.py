"""One row per job requirement: how the resume meets it (exact, alias, implied, related) and the evidence.

The score reads each skill as a ``Met`` (status, how, credit, and the resume skills it rests on),
computed from a ``ResumeIndex`` (built once per resume) and a ``JobTable`` (built once per posting);
the explained ``RequirementMatch`` rows are made from the same ``Met`` only where a result shows them.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from jdlens.compiled_regex import compile_pattern
from jdlens.extract.skills import fold_alias
from jdlens.matching.roles import job_categories
from jdlens.matching.rules import Credits, Rules
from jdlens.models import (
    Degree,
    Gap,
    JobAnalysis,
    MatchHow,
    MatchStatus,
    RequirementMatch,
    Resume,
    ResumeEvidence,
    ResumeSkill,
    RoleCategory,
    SkillMention,
)
from jdlens.taxonomy import Related

_ALTERNATIVE_GAP = compile_pattern(r"(?i)^\s*,?\s*(?:or|/|and/or|or other|or similar)\s*$")
DEGREE_RANK: dict[Degree, int] = {"none": 0, "bachelor": 1, "master": 2, "phd": 3}
_LISTED_NOTE = "named only in a skills list or summary, not in the work described"


@dataclass(frozen=True, slots=True)
class ResumeIndex:
    """Resume skills by id, with the implied and related lookups the matcher needs."""

    stated: dict[str, ResumeSkill]
    implied_by: dict[str, list[str]]
    related_ids: Related
    credit: Credits
    folded: dict[str, frozenset[str]] = field(default_factory=dict)  # skill id -> its evidence, folded
    known: dict[tuple[str, str], Met] = field(default_factory=dict)  # (skill id, name key) -> how met

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

    def meet(self, skill_id: str, name_key: str) -> Met:
        """``meet``, read once per skill and name (many postings name the same skills)."""
        found = self.known.get((skill_id, name_key))
        if found is None:
            found = self.known[(skill_id, name_key)] = meet(skill_id, name_key, self)
        return found

    def evidence_keys(self, skill: ResumeSkill) -> frozenset[str]:
        """The resume's own words for a skill, folded as aliases are (read once per skill)."""
        keys = self.folded.get(skill.id)
        if keys is None:
            keys = self.folded[skill.id] = frozenset(fold_alias(e.text) for e in skill.evidence)
        return keys


@dataclass(frozen=True, slots=True)
class Met:
    """How the resume meets one skill the posting names, as the score reads it: the status, how, the
    credit, the resume skills it rests on, and (for an either/or) the row whose skill the posting
    accepts instead."""

    status: MatchStatus
    how: MatchHow | None
    credit: float
    sources: tuple[ResumeSkill, ...] = ()
    instead: tuple[int, Met] | None = None  # (row, how it is met) of the skill accepted instead


_MISSING = Met("missing", None, 0.0)


def meet(skill_id: str, name_key: str, index: ResumeIndex) -> Met:
    """How the resume meets one skill (``name_key``: the posting's name for it, folded as aliases are)."""
    credit = index.credit
    stated = index.stated.get(skill_id)
    if stated is not None:
        how: MatchHow = "exact" if name_key in index.evidence_keys(stated) else "alias"
        if stated.listed_only:
            return Met("partial", how, credit.listed, (stated,))
        return Met("matched", how, credit.shown, (stated,))
    implied_by = index.implied_by.get(skill_id)
    if implied_by:
        have = index.stated
        shown = tuple(have[i] for i in implied_by if i in have and not have[i].listed_only)
        if shown:
            return Met("matched", "implied", credit.implied, shown)
        return Met(
            "partial", "implied", credit.implied_listed, tuple(have[i] for i in implied_by if i in have)
        )
    related = index.related(skill_id)
    if related:
        value = credit.related_listed if related[0].listed_only else credit.related
        return Met("partial", "related", value, tuple(related))
    return _MISSING


def _base(mention: SkillMention) -> dict[str, Any]:
    """The posting's fields of a skill's row, in a row template (``RequirementMatch.template``)."""
    return RequirementMatch.template(
        kind="skill",
        id=mention.id,
        name=mention.name,
        category=mention.category,
        requirement=mention.requirement,
        priority=mention.priority,
        job_evidence=tuple(mention.evidence[:3]),
    )


# A missing skill's fields of its row
_MISSING_FIELDS: dict[str, Any] = {
    "status": "missing",
    "how": None,
    "credit": 0.0,
    "via": (),
    "resume_evidence": (),
    "note": None,
}


def _gap_base(mention: SkillMention) -> dict[str, Any]:
    """The posting's fields of a skill's gap (``Gap.template``)."""
    return Gap.template(
        id=mention.id,
        name=mention.name,
        category=mention.category,
        requirement=mention.requirement,
        priority=mention.priority,
    )


def skill_row(
    mention: SkillMention, index: ResumeIndex, base: dict[str, Any] | None = None
) -> RequirementMatch:
    """How the resume meets one skill the posting names."""
    return _row(base or _base(mention), meet(mention.id, fold_alias(mention.name), index))


def _row(base: dict[str, Any], met: Met) -> RequirementMatch:
    """The explained row of a skill met directly (stated, implied, related) or missing."""
    return RequirementMatch.adopt(_row_fields(base, met))


def _row_fields(base: dict[str, Any], met: Met) -> dict[str, Any]:
    """``_row``'s fields, in their order."""
    if met.how in ("exact", "alias"):
        stated = met.sources[0]
        return fields(
            base,
            status=met.status,
            how=met.how,
            credit=met.credit,
            via=(),
            resume_evidence=tuple(stated.evidence[:3]),
            note=_LISTED_NOTE if stated.listed_only else None,
        )
    if met.how is None:
        return base | _MISSING_FIELDS
    names = ", ".join(s.name for s in met.sources[:3])
    return fields(
        base,
        status=met.status,
        how=met.how,
        credit=met.credit,
        via=tuple(s.id for s in met.sources),
        resume_evidence=tuple(s.evidence[0] for s in met.sources[:3]),
        note=f"implied by {names}" if met.how == "implied" else "related: " + names,
    )


def fields(
    base: dict[str, Any],
    *,
    status: MatchStatus,
    how: MatchHow | None,
    credit: float,
    via: tuple[str, ...],
    resume_evidence: tuple[ResumeEvidence, ...],
    note: str | None,
) -> dict[str, Any]:
    """A row's fields, in their order (the posting's evidence is the base's tuple)."""
    row = base.copy()
    row["status"] = status
    row["how"] = how
    row["credit"] = credit
    row["via"] = via
    row["resume_evidence"] = resume_evidence
    row["note"] = note
    return row


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


def apply_alternatives(mets: list[Met], others: list[tuple[int, ...]]) -> list[Met]:
    """A skill offered as an alternative to one the resume shows is met through it. ``others[k]``: the
    rows of the skills row ``k``'s skill may be replaced by, in the posting's order (which breaks a tie
    in credit)."""
    out = list(mets)
    for k, group in enumerate(others):
        if not group:
            continue
        best = max(group, key=lambda j: mets[j].credit)
        met = mets[best]
        if met.credit > mets[k].credit and met.how in ("exact", "alias", "implied"):
            out[k] = Met(met.status, "related", met.credit, met.sources, (best, met))
    return out


def changed_skills(before: ResumeIndex, after: ResumeIndex) -> set[str]:
    """The skill ids a posting's row may be met on differently under the two indexes: stated or
    implied differently, or with a declared neighbour stated differently (``meet`` reads nothing else)."""

    def differ(a: dict[str, Any], b: dict[str, Any]) -> set[str]:
        return {i for i in a.keys() | b.keys() if a.get(i) is not b.get(i) and a.get(i) != b.get(i)}

    stated = differ(before.stated, after.stated)
    neighbours = {i for i, near in after.related_ids.neighbours.items() if not near.isdisjoint(stated)}
    return stated | differ(before.implied_by, after.implied_by) | neighbours


@dataclass(frozen=True, slots=True)
class SkillGroup:
    """The posting's required (or preferred) skills: their rows in the table, their weights in that
    order, and the sum of those weights (summed in that order)."""

    rows: tuple[int, ...]
    weights: tuple[float, ...]
    total: float

    @classmethod
    def of(cls, picked: list[bool], weights: list[float]) -> SkillGroup:
        rows = tuple(k for k, p in enumerate(picked) if p)
        chosen = tuple(weights[k] for k in rows)
        return cls(rows, chosen, sum(chosen))


@dataclass(frozen=True, slots=True)
class JobTable:
    """What depends on the posting alone (and the rules), computed once per posting: each skill's row
    fields, folded name, weight in the skill match and whether it is a must-have; the rows each row's
    skill may be replaced by; the skill ids; whether the posting asks for any ML skill; the role
    categories a resume's fit is read against."""

    rules: Rules
    bases: list[dict[str, Any]]
    name_keys: list[str]
    others: list[tuple[int, ...]]
    required: list[bool]
    weights: list[float]
    musts: list[bool]
    skill_ids: frozenset[str]
    asks_ml: bool
    categories: tuple[RoleCategory, ...]
    required_group: SkillGroup
    preferred_group: SkillGroup
    must_group: SkillGroup
    gap_bases: list[dict[str, Any]]  # each skill's gap template (``Gap.template``): the posting's fields
    meet_keys: list[tuple[str, str]]  # each skill's (id, folded name): its key in ``ResumeIndex.known``
    has_others: bool  # whether any skill may be replaced by another
    # each skill's row when the resume lacks it, one for every resume: made when a result first lists
    # rows (scoring alone, as rank's searches do, needs none)
    _missing: list[RequirementMatch] = field(default_factory=list)

    @classmethod
    def build(cls, job: JobAnalysis, rules: Rules) -> JobTable:
        groups = alternatives(job)
        position = {m.id: k for k, m in enumerate(job.skills)}
        others = [
            tuple(sorted(position[i] for i in groups.get(m.id, set()) - {m.id} if i in position))
            for m in job.skills
        ]
        must_at = rules.caps.must_have_priority
        bases = [_base(m) for m in job.skills]
        name_keys = [fold_alias(m.name) for m in job.skills]
        required = [m.requirement != "preferred" for m in job.skills]
        weights = [rules.weight(m.requirement, m.priority, m.category) for m in job.skills]
        musts = [m.requirement == "required" and m.priority >= must_at for m in job.skills]
        return cls(
            rules=rules,
            bases=bases,
            name_keys=name_keys,
            others=others,
            required=required,
            weights=weights,
            musts=musts,
            skill_ids=frozenset(job.skill_ids()),
            asks_ml=any(m.category in rules.background.categories for m in job.skills),
            categories=tuple(job_categories(job.role.category, job.title)),
            required_group=SkillGroup.of(required, weights),
            preferred_group=SkillGroup.of([not r for r in required], weights),
            must_group=SkillGroup.of(musts, weights),
            gap_bases=[_gap_base(m) for m in job.skills],
            meet_keys=[(m.id, key) for m, key in zip(job.skills, name_keys, strict=True)],
            has_others=any(others),
        )

    def meets(self, index: ResumeIndex) -> list[Met]:
        """How the resume meets each of the posting's skills, either/or offers applied."""
        known, meet = index.known, index.meet
        mets = [known.get(key) or meet(*key) for key in self.meet_keys]
        return apply_alternatives(mets, self.others) if self.has_others else mets

    def missing_rows(self) -> list[RequirementMatch]:
        """Each skill's row when the resume lacks it (frozen, of tuples: shared by every result)."""
        if not self._missing and self.bases:  # one slice assignment: two threads at once store equal rows
            self._missing[:] = RequirementMatch.adopt_all([base | _MISSING_FIELDS for base in self.bases])
        return self._missing

    def group(self, required: bool) -> SkillGroup:
        return self.required_group if required else self.preferred_group

    def rows(self, mets: list[Met], status: MatchStatus | None = None) -> list[RequirementMatch]:
        """The explained rows of these ``Met``s (from ``meets``); only those of ``status`` when given."""
        out: list[RequirementMatch] = []
        adopt, missing = RequirementMatch.adopt, self.missing_rows()
        for k, (base, met) in enumerate(zip(self.bases, mets, strict=True)):
            if status is not None and met.status != status:
                continue
            if met.how is None:  # missing: the posting's row for it, the same for every resume
                out.append(missing[k])
                continue
            if met.instead is None:
                out.append(adopt(_row_fields(base, met)))
                continue
            best = _row_fields(self.bases[met.instead[0]], met.instead[1])
            out.append(
                adopt(
                    fields(
                        base,
                        status=best["status"],
                        how="related",
                        credit=best["credit"],
                        via=(best["id"],),
                        resume_evidence=best["resume_evidence"],
                        note=f"the posting accepts {best['name']} instead",
                    )
                )
            )
        return out


_TABLES: OrderedDict[int, tuple[JobAnalysis, JobTable]] = OrderedDict()
_TABLES_SIZE = 512


def job_table(job: JobAnalysis, rules: Rules) -> JobTable:
    """The posting's table, kept for the last postings scored (a posting is public text; the entry
    holds the analysis itself, so its id cannot be reused while it is kept)."""
    kept = _TABLES.get(id(job))
    if kept is not None and kept[0] is job and kept[1].rules is rules:
        _TABLES.move_to_end(id(job))
        return kept[1]
    table = JobTable.build(job, rules)
    _TABLES[id(job)] = (job, table)
    _TABLES.move_to_end(id(job))
    if len(_TABLES) > _TABLES_SIZE:
        _TABLES.popitem(last=False)
    return table


def years_wanted(job: JobAnalysis, resume: Resume) -> float | None:
    """The years the posting asks of this resume (by its degree where the posting says so)."""
    wanted = job.experience.min_years
    if resume.degree and resume.degree in job.experience.by_degree:
        wanted = job.experience.by_degree[resume.degree]
    return wanted or None


def experience_credit(job: JobAnalysis, resume: Resume) -> float | None:
    """0..1: the resume's years against the posting's (None when the posting asks for no years)."""
    wanted = years_wanted(job, resume)
    if wanted is None:
        return None
    have = resume.total_years
    return 0.0 if have is None else min(1.0, have / wanted)


def experience_row(job: JobAnalysis, resume: Resume) -> tuple[RequirementMatch | None, float | None]:
    """The years requirement and the 0..1 credit (None when the posting asks for no years)."""
    wanted, credit = years_wanted(job, resume), experience_credit(job, resume)
    if wanted is None or credit is None:
        return None, None
    have = resume.total_years
    status: MatchStatus = "matched" if credit >= 1 else "partial" if credit >= 0.5 else "missing"
    evidence = tuple(r.evidence for r in resume.roles[:3])
    note = f"{have:g} years found in dated roles" if have is not None else "no dated roles found"
    row = RequirementMatch.trusted(
        kind="experience",
        id="years",
        name=f"{wanted:g}+ years of experience",
        requirement="required",
        priority=0.8,
        status=status,
        credit=round(credit, 3),
        job_evidence=tuple(job.experience.evidence[:2]),
        resume_evidence=evidence,
        note=note,
    )
    return row, credit


def education_credit(job: JobAnalysis, resume: Resume) -> float | None:
    """0..1: the resume's degree against the posting's (None when the posting asks for no degree)."""
    edu = job.education
    wanted = edu.min_degree or edu.preferred_degree
    if not wanted or wanted == "none":
        return None
    gap = DEGREE_RANK[wanted] - DEGREE_RANK.get(resume.degree or "none", 0)
    if gap <= 0:
        return 1.0
    if edu.equivalent_experience or edu.min_degree is None:
        return 0.75 if gap == 1 else 0.5
    return 0.5 if gap == 1 else 0.2


def education_row(
    job: JobAnalysis, resume: Resume, evidence: tuple[ResumeEvidence, ...] | None = None
) -> tuple[RequirementMatch | None, float | None]:
    """The degree requirement and the 0..1 credit (None when the posting asks for no degree);
    ``evidence``: the resume's ``education_evidence`` when the caller holds it."""
    edu = job.education
    wanted = edu.min_degree or edu.preferred_degree
    credit = education_credit(job, resume)
    if not wanted or credit is None:
        return None, None
    required = edu.min_degree is not None
    status: MatchStatus = "matched" if credit >= 1 else "partial" if credit >= 0.5 else "missing"
    note = f"resume shows: {resume.degree or 'no degree found'}" + (
        "; the posting accepts equivalent experience" if edu.equivalent_experience else ""
    )
    row = RequirementMatch.trusted(
        kind="education",
        id=f"degree_{wanted}",
        name=f"{wanted} degree",
        requirement="required" if required else "preferred",
        priority=0.6,
        status=status,
        credit=credit,
        job_evidence=tuple(edu.evidence[:2]),
        resume_evidence=(education_evidence(resume) if evidence is None else evidence)
        if resume.degree
        else (),
        note=note,
    )
    return row, credit


def education_evidence(resume: Resume) -> tuple[ResumeEvidence, ...]:
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
                return (
                    ResumeEvidence.trusted(
                        text=line, start=start, end=start + len(line), section="education"
                    ),
                )
            at = end + 1
    return ()
