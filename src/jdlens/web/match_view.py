"""What the match page says first, in plain words: the score's meaning, the costliest gaps, one change.

Built only from ``MatchResult`` fields (read defensively, so new fields such as a score band or
"related" matches show up without breaking the page). No internal term reaches the user: a
requirement is a must-have or a nice-to-have, a status says where the resume shows it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from jdlens.labels import requirement_label
from jdlens.matching.rules import load_rules

TOP_GAPS = 3
PROFESSION_TITLES = 2  # the titles shown beside the resume's profession

BAND_WORDS = {
    "strong": ("Strong match", "You show most of what this job asks for."),
    "partial": ("Partial match", "You show part of what this job asks for; the gaps below cost the most."),
    "weak": ("Weak match", "Your resume shows little of what this job asks for yet."),
}
WORK_SECTIONS = frozenset({"experience", "projects", "publications", "summary"})
LIST_SECTIONS = frozenset({"skills", "certifications"})


@dataclass(frozen=True)
class Verdict:
    band: str
    title: str
    meaning: str
    must_shown: int
    must_total: int


@dataclass(frozen=True)
class ProfessionView:
    """What the resume reads as: the profession's name and the titles that name it."""

    name: str
    titles: tuple[str, ...]


@dataclass(frozen=True)
class GapView:
    key: str
    name: str
    asked_as: str
    points: float
    status: str


@dataclass(frozen=True)
class Change:
    """The one edit that would raise the score most."""

    text: str
    points: float | None
    key: str | None = None


@dataclass(frozen=True)
class RowView:
    """One requirement as the table shows it."""

    key: str
    name: str
    asked_as: str
    requirement: str
    status: str
    where: str
    detail: str
    job_quotes: list[Any]
    resume_quotes: list[Any]


def band(m: Any) -> str:
    """The result's own band; else the band the match rules give its score (``rules.yaml``: bands)."""
    named = getattr(m, "band", None)
    if isinstance(named, str) and named in BAND_WORDS:
        return named
    return load_rules().band(float(getattr(m, "score", 0)))


def profession(m: Any, resume: Any = None) -> ProfessionView | None:
    """The resume's profession: ``MatchResult.resume_profession``, else the parsed resume's own."""
    found = getattr(m, "resume_profession", None) or getattr(resume, "profession", None)
    name = getattr(found, "name", None)
    if not isinstance(name, str) or not name.strip():
        return None
    titles: dict[str, str] = {}
    for title in getattr(found, "evidence", None) or ():
        if isinstance(title, str) and title.strip():
            titles.setdefault(" ".join(title.split()).casefold(), " ".join(title.split()))
    return ProfessionView(name.strip(), tuple(titles.values())[:PROFESSION_TITLES])


def _musts(m: Any) -> list[Any]:
    return [r for r in getattr(m, "requirements", []) if r.requirement == "required" and r.kind == "skill"]


def verdict(m: Any) -> Verdict:
    kind = band(m)
    title, meaning = BAND_WORDS[kind]
    musts = _musts(m)
    shown = sum(1 for r in musts if r.status == "matched")
    if musts:
        meaning = f"{meaning} You show {shown} of the {len(musts)} must-have skills."
    return Verdict(kind, title, meaning, shown, len(musts))


def _gap_view(g: Any) -> GapView:
    return GapView(g.id, g.name, requirement_label(g.requirement), float(g.points), g.status)


def top_gaps(m: Any, count: int = TOP_GAPS) -> list[GapView]:
    """The must-haves that cost the most points (then other gaps, if fewer must-haves are missing)."""
    gaps = sorted(getattr(m, "missing", []), key=lambda g: -float(g.points))
    musts = [g for g in gaps if g.requirement == "required"]
    others = [g for g in gaps if g.requirement != "required"]
    return [_gap_view(g) for g in (musts + others)[:count]]


def _only_listed(rows: Iterable[Any]) -> list[Any]:
    return [r for r in rows if r.status != "missing" and where_shown(r) == "list"]


def one_change(m: Any) -> Change:
    """The gap worth the most points, said as an edit; else a skill to move out of the skills list."""
    gaps = sorted(getattr(m, "missing", []), key=lambda g: -float(g.points))
    if gaps:
        g = gaps[0]
        verb = "Show" if g.status == "missing" else "Show more clearly"
        return Change(
            f"{verb} {g.name} in your experience: a project or a job bullet that uses it.",
            float(g.points),
            g.id,
        )
    listed = _only_listed(getattr(m, "requirements", []))
    if listed:
        r = listed[0]
        return Change(f"Describe where you used {r.name}: it is only in your skills list.", None, r.id)
    suggestions = getattr(m, "suggestions", [])
    if suggestions:
        return Change(suggestions[0].message, None)
    return Change("Nothing to change for this posting.", None)


def where_shown(r: Any) -> str:
    """``work`` (in experience, projects...), ``list`` (only in the skills list) or ``none``."""
    sections = {getattr(ev, "section", None) for ev in getattr(r, "resume_evidence", [])}
    if not sections:
        return "none"
    if sections & WORK_SECTIONS or not sections <= LIST_SECTIONS:
        return "work"
    return "list"


WHERE_WORDS = {
    "work": "found in your experience",
    "list": "only in your skills list",
    "none": "not found",
}


def _via_names(r: Any, names: dict[str, str]) -> str:
    return ", ".join(names.get(v, v.replace("_", " ")) for v in getattr(r, "via", []) or [])


def status_words(r: Any, names: dict[str, str]) -> tuple[str, str]:
    """The status said plainly, and a detail line (how it was matched) when it helps."""
    how = getattr(r, "how", None)
    via = _via_names(r, names)
    if r.status == "missing":
        return "not found", ""
    if r.status == "partial":
        detail = f"you show {via}, which is related" if via else "partly shown"
        return "partly shown", detail
    if how in ("implied", "related") and via:
        return WHERE_WORDS[where_shown(r)], f"through {via}"
    return WHERE_WORDS[where_shown(r)], ""


def rows(m: Any) -> list[RowView]:
    requirements: Sequence[Any] = getattr(m, "requirements", [])
    names = {r.id: r.name for r in requirements}
    views = []
    for r in requirements:
        where, detail = status_words(r, names)
        views.append(
            RowView(
                key=r.id,
                name=r.name,
                asked_as=requirement_label(r.requirement),
                requirement=r.requirement,
                status=r.status,
                where=where,
                detail=detail or (getattr(r, "note", None) or ""),
                job_quotes=list(r.job_evidence),
                resume_quotes=list(r.resume_evidence),
            )
        )
    return views
