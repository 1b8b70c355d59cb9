"""Resume skills, found by the same matcher as job descriptions, with where each one is shown."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict

from jdlens.extract.mentions import implied_skills
from jdlens.extract.skills import find_skills, get_matcher
from jdlens.models import ImpliedSkill, ResumeEvidence, ResumeSection, ResumeSectionKind, ResumeSkill
from jdlens.taxonomy import Taxonomy
from jdlens.text.document import Document

# Sections whose mentions show a skill in use; the rest (skills list, summary, header) only claim it.
EVIDENCE_KINDS: frozenset[ResumeSectionKind | None] = frozenset(
    {"experience", "projects", "publications", "certifications", "other", None}
)
_MAX_EVIDENCE = 6


def resume_skills(
    doc: Document, sections: list[ResumeSection], taxonomy: Taxonomy
) -> tuple[list[ResumeSkill], list[ImpliedSkill]]:
    """Stated skills (with evidence and whether they are only listed) and the broader skills they imply."""
    hits = find_skills(doc, get_matcher())
    starts = [s.start for s in sections]  # consecutive sections in order: a bisection finds a hit's
    by_id: dict[str, list[tuple[int, int, ResumeSectionKind | None]]] = defaultdict(list)
    for hit in hits:
        at = bisect_right(starts, hit.start) - 1
        by_id[hit.skill_id].append((hit.start, hit.end, sections[at].kind if at >= 0 else None))
    skills = []
    for skill_id, found in by_id.items():
        entry = taxonomy.by_id[skill_id]
        shown = [f for f in found if f[2] in EVIDENCE_KINDS]
        ordered = (shown + [f for f in found if f[2] not in EVIDENCE_KINDS])[:_MAX_EVIDENCE]
        evidence = [  # built only for the spans kept
            ResumeEvidence.trusted(text=doc.text[start:end], start=start, end=end, section=kind)
            for start, end, kind in ordered
        ]
        skills.append(
            ResumeSkill.trusted(
                id=skill_id,
                name=entry.name,
                category=entry.category,
                evidence=evidence,
                listed_only=not shown,
            )
        )
    skills.sort(key=lambda s: s.evidence[0].start)
    return skills, implied_skills(skills, taxonomy)
