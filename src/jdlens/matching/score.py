"""The match score: six subscores with fixed weights, two caps, every number explained.

Rules (version ``RULES_VERSION``; see docs/scoring.md):

* required skills (45%): weighted credit over required and unspecified skills; weight =
  base(requirement) x (0.5 + priority), so a must-have counts more than a nice-to-have;
* preferred skills (10%), experience years (15%), education (7%), role/title fit (13%),
  keyword coverage (10%, the literal ATS view: job skills named anywhere in the resume);
* a subscore the posting gives nothing to judge by is left out and the weights are rescaled;
* caps: each missing high-priority required skill lowers the ceiling by 8 points (down to 60); a resume whose
  matched skills are mostly only listed (no evidence in the work) cannot score above 65.
"""

from __future__ import annotations

from dataclasses import dataclass

from jdlens.models import JobAnalysis, RequirementMatch, Resume, Subscore
from jdlens.taxonomy import Taxonomy

RULES_VERSION = "match-1.0"
WEIGHTS: dict[str, float] = {
    "required_skills": 0.45,
    "preferred_skills": 0.10,
    "experience_years": 0.15,
    "education": 0.07,
    "role_fit": 0.13,
    "keyword_coverage": 0.10,
}
MUST_HAVE_PRIORITY = 0.7
MISSING_MUST_HAVE_CAP_STEP = 8
MISSING_MUST_HAVE_CAP_FLOOR = 60
STUFFING_CAP = 65
STUFFING_SHOWN_SHARE = 0.4
_BASE = {"required": 1.0, "unspecified": 0.7, "preferred": 0.35}


def row_weight(row: RequirementMatch) -> float:
    return _BASE[row.requirement] * (0.5 + row.priority)


@dataclass(frozen=True, slots=True)
class Score:
    total: int
    subscores: dict[str, Subscore]
    raw: float
    cap: int | None
    cap_reason: str | None


def _skill_subscore(rows: list[RequirementMatch], label: str) -> tuple[float | None, str]:
    if not rows:
        return None, f"the posting lists no {label} skills"
    total = sum(row_weight(r) for r in rows)
    earned = sum(row_weight(r) * r.credit for r in rows)
    counts = {s: sum(r.status == s for r in rows) for s in ("matched", "partial", "missing")}
    detail = (
        f"{counts['matched']} matched, {counts['partial']} partial, {counts['missing']} missing "
        f"of {len(rows)} {label} skills (weighted by priority)"
    )
    return 100 * earned / total, detail


def keyword_coverage(job: JobAnalysis, resume: Resume) -> tuple[float | None, str]:
    wanted = job.skill_ids()
    if not wanted:
        return None, "the posting names no skills"
    found = wanted & resume.skill_ids()
    return 100 * len(found) / len(
        wanted
    ), f"{len(found)} of {len(wanted)} skills the posting names appear in the resume"


def subscores(
    job: JobAnalysis,
    resume: Resume,
    skill_rows: list[RequirementMatch],
    experience: tuple[float | None, str],
    education: tuple[float | None, str],
    role: tuple[float, str],
) -> dict[str, Subscore]:
    required = [r for r in skill_rows if r.requirement != "preferred"]
    preferred = [r for r in skill_rows if r.requirement == "preferred"]
    parts: dict[str, tuple[float | None, str]] = {
        "required_skills": _skill_subscore(required, "required"),
        "preferred_skills": _skill_subscore(preferred, "preferred"),
        "experience_years": experience,
        "education": education,
        "role_fit": role,
        "keyword_coverage": keyword_coverage(job, resume),
    }
    present = {k: v for k, v in parts.items() if v[0] is not None}
    scale = sum(WEIGHTS[k] for k in present) or 1.0
    out = {}
    for key, (value, detail) in parts.items():
        weight = WEIGHTS[key] / scale if value is not None else 0.0
        out[key] = Subscore(
            score=round(value or 0.0, 1),
            weight=round(weight, 4),
            detail=detail if value is not None else detail + " (not scored)",
        )
    return out


def caps(skill_rows: list[RequirementMatch]) -> tuple[int | None, str | None]:
    missing_must = [
        r
        for r in skill_rows
        if r.requirement == "required" and r.status == "missing" and r.priority >= MUST_HAVE_PRIORITY
    ]
    found: list[tuple[int, str]] = []
    if missing_must:
        names = ", ".join(r.name for r in missing_must[:4])
        cap = max(MISSING_MUST_HAVE_CAP_FLOOR, 100 - MISSING_MUST_HAVE_CAP_STEP * len(missing_must))
        found.append((cap, f"missing must-have skill(s): {names}"))
    direct = [r for r in skill_rows if r.how in ("exact", "alias")]
    shown = [r for r in direct if r.status == "matched"]
    if len(direct) >= 3 and len(shown) / len(direct) < STUFFING_SHOWN_SHARE:
        found.append(
            (
                STUFFING_CAP,
                f"only {len(shown)} of {len(direct)} matched skills are shown in the work "
                "(the rest are only listed)",
            )
        )
    if not found:
        return None, None
    cap, reason = min(found)
    return max(cap, 0), reason


def total_score(parts: dict[str, Subscore], skill_rows: list[RequirementMatch]) -> Score:
    raw = sum(s.score * s.weight for s in parts.values())
    cap, reason = caps(skill_rows)
    value = raw if cap is None else min(raw, cap)
    return Score(
        total=int(round(max(0.0, min(100.0, value)))),
        subscores=parts,
        raw=round(raw, 2),
        cap=cap,
        cap_reason=reason if cap is not None and raw > cap else None,
    )


def versions(taxonomy: Taxonomy, job: JobAnalysis, resume: Resume) -> dict[str, str]:
    out = {"rules": RULES_VERSION, "taxonomy": taxonomy.version}
    out.update({f"job_{k}": v for k, v in job.versions.items() if k != "taxonomy"})
    out.update({f"resume_{k}": v for k, v in resume.versions.items() if k != "taxonomy"})
    return out
