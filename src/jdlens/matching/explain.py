"""Gaps ordered by how much they matter, and concrete edits that never claim a skill the resume lacks."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from operator import itemgetter
from typing import Any

from jdlens.compiled_regex import compile_pattern
from jdlens.matching.requirements import JobTable, Met
from jdlens.matching.rewrite import checked
from jdlens.memo import ObjectMemo
from jdlens.models import (
    Check,
    Gap,
    RequirementMatch,
    Resume,
    ResumeEvidence,
    Rewrite,
    Suggestion,
)
from jdlens.resume.checks import quantified_statements

_REQ_RANK = {"required": 0, "unspecified": 1, "preferred": 2}
_STATUS_RANK = {"missing": 0, "partial": 1, "matched": 2}

# Weak openings and a stronger phrasing that keeps the facts (no new claim about what was done).
WEAK_VERBS: list[tuple[re.Pattern[str], str, str]] = [
    (compile_pattern(r"(?i)^responsible for (?P<stem>\w+)ing\b"), "", "start with the action you took"),
    (
        compile_pattern(r"(?i)^(?:was |were )?(?:involved in|participated in|took part in)\b"),
        "Contributed to",
        "say what you contributed",
    ),
    (compile_pattern(r"(?i)^(?:helped|assisted) (?:in|with)\b"), "Contributed to", "name your part"),
    (compile_pattern(r"(?i)^(?:helped|assisted)\b"), "", "name your own part in it"),
    (compile_pattern(r"(?i)^(?:utilized|utilised|leveraged)\b"), "Used", "plain verbs read faster"),
    (
        compile_pattern(r"(?i)^(?:worked on|worked with)\b"),
        "",
        "replace with what you built, shipped or improved",
    ),
    (
        compile_pattern(r"(?i)^(?:tasked with|duties included|in charge of)\b"),
        "",
        "start with the action you took",
    ),
]
_ING_TO_ED = {
    "develop": "Developed",
    "build": "Built",
    "maintain": "Maintained",
    "design": "Designed",
    "implement": "Implemented",
    "manag": "Managed",
    "creat": "Created",
    "deploy": "Deployed",
    "lead": "Led",
    "test": "Tested",
    "analyz": "Analyzed",
    "train": "Trained",
    "monitor": "Monitored",
    "run": "Ran",
    "writ": "Wrote",
    "migrat": "Migrated",
    "optimiz": "Optimized",
    "automat": "Automated",
}
# Every weak opening in one pattern, in the order above (the first that matches names it): one try per
# statement instead of one per opening.
_ANY_WEAK = compile_pattern(
    "|".join(f"(?P<w{i}>{p.pattern.removeprefix('(?i)')})" for i, (p, _, _) in enumerate(WEAK_VERBS)), re.I
)
_MAX_QUOTES = 3
_QUANTIFY = "Add the result in numbers: by how much (%, latency, throughput, money, users) and at what scale."


def gaps(
    table: JobTable,
    mets: list[Met],
    parts: Mapping[str, float],
    market: dict[str, float] | None,
    gain: float,
) -> list[Gap]:
    """Missing and partial skills, required before preferred, then priority, market share, points to gain.

    ``table`` and ``mets``: the posting's skills and how the resume meets each; ``parts``: each part's
    weight in the score (``score.part_weights``). ``gain`` is the score
    points one full skill-match share is worth for this resume (the refinement and ``full_match_at``
    applied), so ``points`` estimates what closing the gap would add before caps.
    """
    totals = (table.preferred_group.total or 1.0, table.required_group.total or 1.0)
    subs = (parts["preferred_skills"], parts["required_skills"])  # by whether the skill is required
    per_missing = gain * parts["keyword_coverage"] / max(1, len(mets))
    shares = market or {}
    found: list[tuple[tuple[int, int, float, float, float, str, int], dict[str, Any]]] = []
    for k, (weight, required, head, met) in enumerate(
        zip(table.weights, table.required, table.gap_bases, mets, strict=True)
    ):
        status = met.status
        if status == "matched":
            continue
        share = weight * (1 - met.credit) / totals[required]
        points = gain * share * subs[required]
        if status == "missing":
            points += per_missing
        gap = head.copy()  # Gap's fields, in their order: the posting's, then these
        gap["status"] = status
        gap["market_share"] = market_share = shares.get(head["id"])
        gap["points"] = points = round(min(100.0, points), 1)
        order = (
            _REQ_RANK[head["requirement"]],
            _STATUS_RANK[status],
            -head["priority"],
            -(market_share or 0.0),
            -points,
            head["name"],
            k,  # equal gaps keep the posting's order
        )
        found.append((order, gap))
    found.sort(key=itemgetter(0))
    return Gap.adopt_all([gap for _, gap in found])


def _weak_verb(text: str) -> tuple[str, str, int] | None:
    """(replacement opening or "", advice, end of the weak opening) when the statement opens weakly."""
    m = _ANY_WEAK.match(text.strip())
    if m is None or m.lastgroup is None:
        return None
    _, replacement, advice = WEAK_VERBS[int(m.lastgroup[1:])]
    if m.group("stem") is not None:
        stem = m.group("stem").lower()
        replacement = next((v for k, v in _ING_TO_ED.items() if stem.startswith(k)), "")
    return replacement, advice, m.end()


# Each statement's weak opening, read once per resume (the verb suggestions and the rule rewrites both
# ask), kept while the resume lives.
_WEAK_OPENINGS: ObjectMemo[Resume, list[tuple[str, str, int] | None]] = ObjectMemo()


def weak_openings(resume: Resume) -> list[tuple[str, str, int] | None]:
    """``_weak_verb`` of each statement (``resume.bullets``)."""
    return _WEAK_OPENINGS.get_or_put(resume, lambda: [_weak_verb(b.text) for b in resume.bullets])


def rule_rewrite(text: str) -> str | None:
    """A weak opening replaced by a plain verb, keeping every fact; None when no safe rewrite exists."""
    return _rewritten(text, _weak_verb(text))


def _rewritten(text: str, found: tuple[str, str, int] | None) -> str | None:
    if not found or not found[0]:
        return None
    rest = text.strip()[found[2] :].lstrip()
    return f"{found[0]} {rest}".strip() if rest else None


def verb_suggestions(resume: Resume) -> list[Suggestion]:
    out = []
    for bullet, found in zip(resume.bullets, weak_openings(resume), strict=True):
        if found:
            opening = f'start with "{found[0]}"' if found[0] else found[1]
            out.append(
                Suggestion.trusted(
                    kind="replace_verb",
                    message=f"Weak opening: {opening}.",
                    quote=flat(bullet.text),
                    where=bullet,
                )
            )
    return out[: _MAX_QUOTES + 2]


def plain_statements(resume: Resume) -> list[ResumeEvidence]:
    """The resume's statements without a number, in their order (what ``quantify_suggestions`` picks from)."""
    return [b for b, held in zip(resume.bullets, quantified_statements(resume), strict=True) if not held]


def quantify_suggestions(
    resume: Resume, rows: list[RequirementMatch], plain: list[ResumeEvidence] | None = None
) -> list[Suggestion]:
    """Statements without a number (``plain``, else found here), those that show the posting's skills
    first: the most matched evidence spans starting inside the statement, then the earliest."""
    starts = evidence_starts(rows)

    def relevance(b: ResumeEvidence) -> int:
        return bisect_left(starts, b.start) - bisect_left(starts, b.end)

    ordered = sorted(
        plain_statements(resume) if plain is None else plain, key=lambda b: (relevance(b), b.start)
    )
    return [_quantify(b) for b in ordered[:_MAX_QUOTES]]


def evidence_starts(rows: list[RequirementMatch]) -> list[int]:
    """Where the resume evidence of the rows met (matched or partial) starts, in order."""
    return sorted(e.start for r in rows if r.status != "missing" for e in r.resume_evidence)


def _quantify(b: ResumeEvidence) -> Suggestion:
    return Suggestion.adopt({"kind": "quantify", "message": _QUANTIFY, "quote": flat(b.text), "where": b})


@dataclass(frozen=True, slots=True)
class PlainIndex:
    """A resume's statements without a number (``plain_statements``), each with its quantify
    suggestion (made once: a suggestion holds no list, so results may share it), read once per resume.
    ``spans``: the statements' (start, end) in their order when they follow one another without
    overlapping (each evidence start then lies in at most one), else None."""

    plain: list[ResumeEvidence]
    suggestions: list[Suggestion]
    starts: list[int]
    spans: list[tuple[int, int]] | None

    @classmethod
    def of(cls, plain: list[ResumeEvidence]) -> PlainIndex:
        spans = [(b.start, b.end) for b in plain]
        ordered = all(a[1] <= b[0] and a[0] < b[0] for a, b in pairwise(spans))
        return cls(plain, [_quantify(b) for b in plain], [a for a, _ in spans], spans if ordered else None)

    def suggestions_for(self, rows: list[RequirementMatch]) -> list[Suggestion]:
        """``quantify_suggestions`` of these rows: the statements holding the most evidence starts
        (the earliest first among equals), then the earliest of the others."""
        if self.spans is None:  # as quantify_suggestions sorts them
            starts = evidence_starts(rows)
            plain = self.plain

            def key(k: int) -> tuple[int, int]:
                b = plain[k]
                return bisect_left(starts, b.start) - bisect_left(starts, b.end), b.start

            return [self.suggestions[k] for k in sorted(range(len(plain)), key=key)[:_MAX_QUOTES]]
        counts: dict[int, int] = {}
        for start in evidence_starts(rows):
            k = bisect_right(self.starts, start) - 1
            if k >= 0 and start < self.spans[k][1]:
                counts[k] = counts.get(k, 0) + 1
        best = sorted(counts, key=lambda k: (-counts[k], k))[:_MAX_QUOTES]
        if len(best) < _MAX_QUOTES:  # then the earliest statements holding none
            best += [k for k in range(len(self.plain)) if k not in counts][: _MAX_QUOTES - len(best)]
        return [self.suggestions[k] for k in best]


def keyword_suggestions(rows: list[RequirementMatch], resume: Resume) -> list[Suggestion]:
    """Only for a skill the resume already shows by name: use the posting's term beside the resume's alias,
    or show a listed skill in the work. Implied and related matches never become "add X" advice: the
    resume shows another skill, not the one asked for."""
    out = []
    for row in rows:
        if row.kind != "skill" or not row.resume_evidence:
            continue
        where = row.resume_evidence[0]
        if row.how == "alias":
            message = (
                f'Use the posting\'s term "{row.name}" beside "{where.text}" '
                f"(in your {where.section or 'resume'}): ATS filters match words."
            )
            quote = _line(resume, where)
            out.append(
                Suggestion.adopt({"kind": "add_keyword", "message": message, "quote": quote, "where": where})
            )
        elif row.status == "partial" and row.how in ("exact", "alias"):
            out.append(
                Suggestion.trusted(
                    kind="show_evidence",
                    where=where,
                    message=f"{row.name} appears only in your {where.section or 'skills'} list: if you "
                    "used it in a role or project, say where and with what result.",
                )
            )
    return out


def flat(text: str) -> str:
    """One line: wrapped PDF lines joined."""
    return " ".join(text.split())


def _line(resume: Resume, ev: ResumeEvidence) -> str:
    start = resume.text.rfind("\n", 0, ev.start) + 1
    end = resume.text.find("\n", ev.end)
    return flat(resume.text[start : len(resume.text) if end < 0 else end])


_SECTION_ADVICE = {
    "sections": (
        "add_section",
        "Add the missing section(s) with a standard heading so ATS parsers find them",
    ),
    "contact_details": ("add_contact", "Put an email and a phone number or LinkedIn URL in the header"),
    "length": ("length", "Adjust the length"),
}


def check_suggestions(checks: list[Check]) -> list[Suggestion]:
    out = []
    for check in checks:
        if check.passed or check.code not in _SECTION_ADVICE:
            continue
        kind, advice = _SECTION_ADVICE[check.code]
        out.append(Suggestion.trusted(kind=kind, message=f"{advice}: {check.reason}."))
    return out


def suggestions(resume: Resume, rows: list[RequirementMatch], checks: list[Check]) -> list[Suggestion]:
    return (
        keyword_suggestions(rows, resume)
        + quantify_suggestions(resume, rows)
        + verb_suggestions(resume)
        + check_suggestions(checks)
    )


def rule_rewrites(resume: Resume) -> list[Rewrite]:
    out = []
    for bullet, found in zip(resume.bullets, weak_openings(resume), strict=True):
        new = _rewritten(bullet.text, found)
        if new and new != bullet.text.strip():
            out.append(checked(flat(bullet.text), flat(new), resume, "rules"))
    return out
