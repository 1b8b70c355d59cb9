"""Degree level and field asked for."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from jdlens.budget import spend
from jdlens.compiled_regex import compile_pattern
from jdlens.datafiles import load_yaml
from jdlens.extract.cues import Need, clause_bounds, need_at
from jdlens.models import Degree, Education, Evidence
from jdlens.text.document import Document
from jdlens.text.gate import StartGatedPattern

LEVELS: dict[Degree, int] = {"none": 0, "bachelor": 1, "master": 2, "phd": 3}

# Each alternative names one degree level; abbreviations are case-sensitive so "ms" or "MA" (state) stay out.
_DEGREE_PATTERNS: list[tuple[str, str]] = [
    ("phd", r"(?i:ph\.?\s?d\b\.?|doctorate|doctoral(?: degree)?|d\.phil\b)"),
    (
        "master",
        r"(?i:master(?:'s|’s)|masters?(?=\s+(?:degree|of science|of arts|of engineering|in\b|or\b)|\s*/)"
        r"|m\.s\.|m\.sc\.?|msc\b|m\.eng\b|meng\b|mba\b|m\.a\.|(?:advanced|graduate|post[- ]?graduate|higher) degrees?)"
        r"|\bMS(?=\s*(?:/|or\b|in\b|degree|,|\)|and\b|;|\.|$))(?!\s*(?:Office|Excel|Word|SQL|Access|Teams|Project|Visio|Azure|Dynamics))"
        r"|\bMA(?=\s*(?:/|or\b|in\b|degree))|\bMEng\b",
    ),
    (
        "bachelor",
        r"(?i:bachelor'?s?’?s?\b|b\.s\.|b\.sc\.?|bsc\b|b\.a\.|b\.eng\b|beng\b|b\.tech\b|btech\b|"
        r"(?:4|four)[- ]year (?:college |university )?degree|undergraduate(?= degree| or\b|/)|college degree|university degree)"
        r"|\bBS(?=\s*(?:/|or\b|in\b|degree|,|\)|and\b|with\b|;|\.|$))|\bBA(?=\s*(?:/|or\b|in\b|degree))|\bB\.?E\.?(?= in\b)",
    ),
    (
        "generic",
        r"(?i:(?:\b(?:technical|quantitative|scientific|stem|analytical|relevant|related|engineering|science|"
        r"academic)\s+degree\b)|(?:(?<![\w-])degree\s+(?:in|from)\b))",
    ),
    ("none", r"(?i:high school diploma|\bGED\b)"),
]
_DEGREE = compile_pattern("|".join(f"(?P<{name}>{pat})" for name, pat in _DEGREE_PATTERNS))
_PARENTHESIZED = compile_pattern(r"\s*\(")
_EQUIVALENT = compile_pattern(
    r"(?i)\bor\s+(?:an?\s+)?(?:equivalent|comparable|relevant|related)\s+(?:(?:practical|professional|work|industry|"
    r"research|hands-on)\s+)?(?:experience|combination|output)|equivalent (?:practical |work |professional |research )?"
    r"experience|equivalent output|(?:experience|years)[^.;\n]{0,40}\bin lieu of\b|\bin lieu of (?:a )?degree|"
    r"\b(?:substitut\w*|in place of)\b[^.;\n]{0,30}(?:degree|bachelor|master)|"
    r"\bor equivalent\b(?!\s+(?:field|discipline|degree|area|major|subject))"
)
# Cheap first pass on the lower-cased text (no leading \b so the scan stays fast); the full pattern runs
# only on a window around each hit.
_CANDIDATE = compile_pattern(
    r"degree|bachelor|master|ph\.?\s?d|doctor|b\.?[sa]\b|m\.?[sa]\b|msc|bsc|diploma|ged\b"
)


@dataclass(frozen=True)
class DegreeMention:
    level: Degree
    start: int
    end: int
    need: Need


@lru_cache(maxsize=1)
def _fields() -> tuple[StartGatedPattern, list[str]]:
    """One pattern for all fields of study; group ``f<i>`` stands for ``names[i]``. Every match starts
    with a name or alias, so the pattern is tried only where one starts."""
    raw = load_yaml("jdlens.extract.data", "degree_fields.yaml")
    names, groups, words = [], [], []
    for i, (name, aliases) in enumerate(raw["fields"].items()):
        alts = sorted({name, *aliases}, key=lambda a: (-len(a), a))  # longest first, then a fixed order
        parts = [re.escape(a) if a.isupper() else f"(?i:{re.escape(a)})" for a in alts]
        names.append(name)
        groups.append(f"(?P<f{i}>" + "|".join(parts) + ")")
        words += alts
    return StartGatedPattern(compile_pattern(r"\b(?:" + "|".join(groups) + r")\b"), words), names


def _mentions(doc: Document) -> list[DegreeMention]:
    text, lower = doc.text, doc.lower
    found: list[DegreeMention] = []
    for hit in _CANDIDATE.finditer(lower):
        spend()
        if (found and hit.start() < found[-1].end) or _inside_word(lower, hit):
            continue
        lo, hi = doc.line_bounds(hit.start())
        start = max(lo, hit.start() - 30, found[-1].end if found else 0)
        for m in _DEGREE.finditer(text, start, min(hi, hit.end() + 15)):
            mention = _mention(doc, m, found, hi)
            if mention is not None:
                found.append(mention)
    return found


def degree_mentions_in(doc: Document, lo: int, hi: int, *, with_need: bool = True) -> list[DegreeMention]:
    """Degree mentions between ``lo`` and ``hi`` (used to tie years to a degree)."""
    found: list[DegreeMention] = []
    if not _CANDIDATE.search(doc.text[lo:hi].lower()):
        return found
    for m in _DEGREE.finditer(doc.text, lo, hi):
        mention = _mention(doc, m, found, hi, with_need)
        if mention is not None:
            found.append(mention)
    return found


def _inside_word(lower: str, hit: re.Match[str]) -> bool:
    """Short hits such as "ms" at the end of "systems" are not abbreviations."""
    return hit.end() - hit.start() <= 4 and hit.start() > 0 and lower[hit.start() - 1].isalpha()


def _mention(
    doc: Document, m: re.Match[str], found: list[DegreeMention], hi: int, with_need: bool = True
) -> DegreeMention | None:
    level = m.lastgroup or "generic"
    if _specific_follows(doc.text, m.end(), hi):
        return None
    if level == "generic":
        if found and m.start() - found[-1].end <= 2:
            return None
        level = "bachelor"
    degree = cast(Degree, level)  # the pattern's group names are the degree levels
    if not with_need:
        return DegreeMention(degree, m.start(), m.end(), "required")
    following = _DEGREE.search(doc.text, m.end(), min(hi, m.end() + 60))
    need = need_at(doc, m.start(), m.end(), following.start() if following else None)
    return DegreeMention(degree, m.start(), m.end(), need)


def _specific_follows(text: str, end: int, hi: int) -> bool:
    """ "Advanced degree (PhD)": the bracketed level is the one that counts."""
    m = _PARENTHESIZED.match(text, end, hi)
    return bool(m and _DEGREE.match(text, m.end(), min(hi, m.end() + 12)))


def _level_name(level: int) -> Degree:
    return next(name for name, value in LEVELS.items() if value == level)


def _field_names(text: str) -> list[str]:
    pattern, names = _fields()
    out: list[str] = []
    for m in pattern.finditer(text):
        name = names[int((m.lastgroup or "f0")[1:])]
        if name not in out:
            out.append(name)
    return out


def extract_education(doc: Document) -> Education:
    mentions = _mentions(doc)
    if not mentions:
        return Education.trusted()
    required = [m for m in mentions if m.need == "required"]
    preferred = [m for m in mentions if m.need == "preferred"]
    min_degree: Degree = _level_name(min(LEVELS[m.level] for m in required)) if required else "none"
    preferred_degree: Degree | None = None
    if preferred:
        best = max(LEVELS[m.level] for m in preferred)
        if best > LEVELS[min_degree]:
            preferred_degree = _level_name(best)
    evidence: list[Evidence] = []
    fields: list[str] = []
    equivalent = False
    for span in _clauses(doc, mentions):
        evidence.append(doc.evidence(*span))
        clause = doc.text[span[0] : span[1]]
        fields.extend(f for f in _field_names(clause) if f not in fields)
        equivalent = equivalent or bool(_EQUIVALENT.search(clause))
    return Education.trusted(
        min_degree=min_degree,
        preferred_degree=preferred_degree,
        fields=fields,
        equivalent_experience=equivalent,
        evidence=_dedupe(evidence),
    )


def _clauses(doc: Document, mentions: list[DegreeMention]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in mentions:
        lo, hi = doc.line_bounds(m.start)
        span = clause_bounds(doc.text, m.start, m.end, lo, hi)
        if not spans or spans[-1] != span:
            spans.append(span)
    return spans


def _dedupe(evidence: list[Evidence]) -> list[Evidence]:
    seen: set[tuple[int, int]] = set()
    out = []
    for ev in evidence:
        if (ev.start, ev.end) not in seen:
            seen.add((ev.start, ev.end))
            out.append(ev)
    return out
