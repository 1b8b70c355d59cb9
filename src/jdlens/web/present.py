"""Presentation helpers for the templates: evidence highlighting and human-readable labels."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from jdlens.compiled_regex import compile_pattern
from jdlens.labels import (
    category_label,
    degree_label,
    degree_text,
    level_label,
    location_text,
    requirement_label,
    role_label,
    salary_text,
    years_text,
)
from jdlens.labels import money_text as money


@dataclass(frozen=True)
class Span:
    """A highlighted stretch of a document: what was found there and why."""

    start: int
    end: int
    kind: str
    label: str
    key: str
    requirement: str = ""


@dataclass(frozen=True)
class Piece:
    """One piece of a rendered document: plain text, a highlighted span, or a section marker."""

    text: str
    span: Span | None = None
    section: str | None = None


def _valid(span: Span, text: str) -> bool:
    return 0 <= span.start < span.end <= len(text)


def non_overlapping(spans: Iterable[Span], text: str) -> list[Span]:
    """Valid spans in text order; where two overlap the earlier (then longer) one wins."""
    ordered = sorted((s for s in spans if _valid(s, text)), key=lambda s: (s.start, s.start - s.end))
    kept: list[Span] = []
    for span in ordered:
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


def _plain(text: str, start: int, end: int, sections: dict[int, str]) -> list[Piece]:
    pieces: list[Piece] = []
    cuts = [p for p in sorted(sections) if start <= p < end]
    pos = start
    for cut in cuts:
        if cut > pos:
            pieces.append(Piece(text[pos:cut]))
        pieces.append(Piece("", section=sections[cut]))
        pos = cut
    if end > pos:
        pieces.append(Piece(text[pos:end]))
    return pieces


def highlight(text: str, spans: Iterable[Span], sections: Sequence[Any] = ()) -> list[Piece]:
    """Split ``text`` into pieces so every kept span becomes a mark, in place, with section markers."""
    starts = {s.start: s.kind for s in sections if 0 <= s.start < len(text)}
    pieces: list[Piece] = []
    pos = 0
    for span in non_overlapping(spans, text):
        pieces += _plain(text, pos, span.start, starts)
        pieces.append(Piece(text[span.start : span.end], span=span))
        pos = span.end
    pieces += _plain(text, pos, len(text), starts)
    return pieces


def job_spans(analysis: Any) -> list[Span]:
    """Every evidence span of a job analysis: skills first, then the other findings."""
    spans = [
        Span(
            ev.start,
            ev.end,
            "skill",
            f"{s.name}: {requirement_label(s.requirement).lower()}",
            s.id,
            s.requirement,
        )
        for s in analysis.skills
        for ev in s.evidence
    ]
    others = (
        ("experience", "years of experience", analysis.experience.evidence),
        ("education", "education", analysis.education.evidence),
        ("salary", "salary", analysis.salary.evidence if analysis.salary else []),
        ("location", "location", analysis.location.evidence),
    )
    for kind, label, evidence in others:
        spans += [Span(ev.start, ev.end, kind, label, kind) for ev in evidence]
    return spans


STATUS_WORDS = {"matched": "found in your resume", "partial": "partly shown", "missing": "not found"}


def _status_label(r: Any) -> str:
    asked = requirement_label(r.requirement).lower()
    return f"{r.name}: {asked}, {STATUS_WORDS.get(r.status, r.status)}"


def resume_spans(requirements: Iterable[Any]) -> list[Span]:
    """The resume evidence of each requirement, coloured by its status (matched or partial)."""
    return [
        Span(ev.start, ev.end, r.status, _status_label(r), r.id, r.requirement)
        for r in requirements
        for ev in r.resume_evidence
    ]


def match_job_spans(requirements: Iterable[Any]) -> list[Span]:
    """The job evidence of each requirement, coloured by whether the resume shows it."""
    return [
        Span(ev.start, ev.end, r.status, _status_label(r), r.id, r.requirement)
        for r in requirements
        for ev in r.job_evidence
    ]


def skill_groups(skills: Sequence[Any]) -> list[tuple[str, list[Any]]]:
    """Skills by category: categories with the most important skills first, skills by priority."""
    groups: dict[str, list[Any]] = {}
    for skill in skills:
        groups.setdefault(skill.category, []).append(skill)
    for members in groups.values():
        members.sort(key=lambda s: (-s.priority, s.name.lower()))
    return sorted(groups.items(), key=lambda kv: (-max(s.priority for s in kv[1]), kv[0]))


INLINE_CODE = compile_pattern(r"(``?)([^`\n]{1,200})\1")


def inline_code(text: str | None) -> Markup:
    """Text with Markdown `code` spans as <code> (everything else escaped), for the API reference."""
    escaped = str(escape(text or ""))
    return Markup(INLINE_CODE.sub(r"<code>\2</code>", escaped))


def percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


FILTER_NAMES = {
    "role": "Role",
    "seniority": "Seniority",
    "location": "Location",
    "since": "Posted from",
    "until": "Posted until",
}

FILTERS = {
    "filter_name": lambda v: FILTER_NAMES.get(v, v),
    "role": lambda v: role_label(v) if v else "not stated",
    "level": level_label,
    "degree": degree_label,
    "category_label": category_label,
    "salary_text": salary_text,
    "years_text": years_text,
    "degree_text": degree_text,
    "location_text": location_text,
    "percent": percent,
    "asked_as": requirement_label,
    "inline_code": inline_code,
    "money": money,
}
