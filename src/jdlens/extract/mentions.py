"""From raw skill hits to the skills a posting asks for: requirement, priority and evidence per skill."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Protocol

from jdlens.budget import spend
from jdlens.extract.requirement import RequirementReader
from jdlens.extract.skills import Hit
from jdlens.models import Evidence, ImpliedSkill, Requirement, SectionKind, SkillMention
from jdlens.taxonomy import Taxonomy
from jdlens.text.document import Document

# Sections whose mentions describe the company or the offer, not the candidate.
NOT_ASKED = frozenset({"about_company", "benefits"})
_REQ_RANK: dict[Requirement, int] = {"required": 2, "preferred": 1, "unspecified": 0}
_BASE_PRIORITY: dict[Requirement, float] = {"required": 0.7, "unspecified": 0.45, "preferred": 0.3}
_LONG_LIST = 6
MAX_EVIDENCE = 5
_adopt_mention = SkillMention.adopt
_adopt_evidence = Evidence.adopt_all


# One mention, a plain tuple (built for every hit): (start, end, requirement, section, crowd), the
# crowd being the number of skill hits on the mention's line (a long tool list dilutes each tool).
_Mention = tuple[int, int, Requirement, SectionKind | None, int]


def _position_weight(doc: Document, pos: int) -> float:
    """1.0 at the start of a requirements or responsibilities section, falling to 0.6 at its end."""
    section = doc.section_at(pos)
    if section is None or section.end <= section.start:
        return 0.8
    relative = (pos - section.start) / (section.end - section.start)
    return 1.0 - 0.4 * relative


def _priority(doc: Document, mentions: list[_Mention], requirement: Requirement) -> float:
    score = _BASE_PRIORITY[requirement]
    # one pass: whether any mention is in the responsibilities, the first that asks as the skill is
    # asked for (else the first of all), and the fewest hits on a mention's line
    responsibilities, first, fewest = False, -1, mentions[0][4]
    for start, _, asked, section, crowd in mentions:
        responsibilities = responsibilities or section == "responsibilities"
        if first < 0 and asked == requirement:
            first = start
        fewest = min(fewest, crowd)
    if responsibilities:
        score += 0.12
    if requirement == "required":
        score += 0.2 * (_position_weight(doc, first if first >= 0 else mentions[0][0]) - 0.6) / 0.4
    score += 0.04 * min(len(mentions) - 1, 3)
    if fewest >= _LONG_LIST:
        score -= 0.1
    return round(max(0.0, min(1.0, score)), 3)


def build_mentions(doc: Document, hits: list[Hit], taxonomy: Taxonomy) -> list[SkillMention]:
    """One SkillMention per skill the posting asks for or uses, most important first."""
    # every hit's line and section, read once: the line's crowd counts the hits of every section
    placed = []
    per_line: dict[int, int] = defaultdict(int)
    line_bounds, kind_at = doc.line_bounds, doc.kind_at
    for hit in hits:
        lo, hi = line_bounds(hit.start)
        per_line[lo] += 1
        placed.append((hit, lo, hi, kind_at(hit.start)))
    grouped: dict[str, list[_Mention]] = defaultdict(list)
    classify = RequirementReader(doc).classify
    for hit, lo, hi, section in placed:
        spend()
        if section in NOT_ASKED:
            continue
        start = hit.start
        grouped[hit.skill_id].append(
            (start, hit.end, classify(start, section, lo, hi), section, per_line[lo])
        )
    skills = []
    text = doc.text
    by_id = taxonomy.by_id
    for skill_id, asked in grouped.items():
        requirement = max((m[2] for m in asked), key=_REQ_RANK.__getitem__)
        entry = by_id[skill_id]
        # every field of each model given, in field order (``adopt``: no keywords packed, no defaults
        # merged); the evidence's section is the mention's (``doc.evidence`` would look it up again)
        skills.append(
            _adopt_mention(
                {
                    "id": skill_id,
                    "name": entry.name,
                    "category": entry.category,
                    "requirement": requirement,
                    "priority": _priority(doc, asked, requirement),
                    "evidence": _adopt_evidence(
                        [
                            {"text": text[start:end], "start": start, "end": end, "section": section}
                            for start, end, _, section, _ in asked[:MAX_EVIDENCE]
                        ]
                    ),
                }
            )
        )
    skills.sort(key=lambda s: (-s.priority, s.evidence[0].start))
    return skills


class HasSkillId(Protocol):
    id: str


def implied_skills(stated: Sequence[HasSkillId], taxonomy: Taxonomy) -> list[ImpliedSkill]:
    """Broader skills the stated ones imply (PyTorch -> deep learning) that the text does not state.

    Used for job descriptions and resumes alike.
    """
    stated_ids = {s.id for s in stated}
    sources: dict[str, list[str]] = defaultdict(list)
    for skill in stated:
        for implied in sorted(taxonomy.closure(skill.id)):
            if implied not in stated_ids:
                sources[implied].append(skill.id)
    return [
        ImpliedSkill.trusted(
            id=i, name=taxonomy.by_id[i].name, category=taxonomy.by_id[i].category, implied_by=by
        )
        for i, by in sorted(sources.items())
    ]
