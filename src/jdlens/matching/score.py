"""The match score: the skill match, refined (never lifted) by years, degree and role fit.

Every number comes from ``rules.yaml`` (see ``jdlens.matching.rules`` and docs/scoring.md):

* the skill match ``S`` mixes three skill subscores (required, preferred, keyword coverage) and reads
  as full from ``full_match_at`` of the credit on: ``S' = min(1, S / full_match_at)``;
* years, degree and role fit are averaged into ``N`` (0..1) and can take away at most
  ``refine_share`` of the skill match: ``total = 100 x S' x (1 - refine_share + refine_share x N)``.
  A resume without the posting's skills scores near zero however long its career;
* missing must-haves scale the score down by their weight among the posting's must-haves (a scale, so
  the order among resumes missing some is kept), and skills mostly only listed cap it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from jdlens.matching.requirements import JobTable, Met, ResumeIndex
from jdlens.matching.rules import REFINERS, SKILL_PARTS, Band, Rules
from jdlens.models import JobAnalysis, Resume, Subscore
from jdlens.taxonomy import Taxonomy

Part = tuple[float | None, str]


@dataclass(frozen=True, slots=True)
class Score:
    total: int
    raw: float
    band: Band
    cap: int | None
    cap_reason: str | None


def skill_credit(table: JobTable, mets: list[Met], required: bool) -> float | None:
    """Weighted credit (0..100) over the posting's required (or preferred) skills; None without any."""
    group = table.group(required)
    if not group.rows:
        return None
    total = group.total
    earned = sum(w * mets[k].credit for w, k in zip(group.weights, group.rows, strict=True))
    return 100 * earned / total if total else 0.0


def skill_subscore(table: JobTable, mets: list[Met], required: bool) -> Part:
    """``skill_credit`` with what it counts."""
    label = "required" if required else "preferred"
    value = skill_credit(table, mets, required)
    if value is None:
        return None, f"the posting lists no {label} skills"
    picked = [mets[k].status for k in table.group(required).rows]
    counts = {s: picked.count(s) for s in ("matched", "partial", "missing")}
    detail = (
        f"{counts['matched']} matched, {counts['partial']} partial, {counts['missing']} missing "
        f"of {len(picked)} {label} skills (weighted by requirement, priority and kind)"
    )
    return value, detail


def keyword_share(table: JobTable, index: ResumeIndex) -> float | None:
    """The literal ATS view: the share (0..100) of the posting's skills the resume names anywhere."""
    wanted = table.skill_ids
    if not wanted:
        return None
    return 100 * len(wanted & index.stated.keys()) / len(wanted)


def keyword_coverage(table: JobTable, index: ResumeIndex) -> Part:
    """``keyword_share`` with what it counts."""
    share = keyword_share(table, index)
    if share is None:
        return None, "the posting names no skills"
    found = len(table.skill_ids & index.stated.keys())
    return share, f"{found} of {len(table.skill_ids)} skills the posting names appear in the resume"


def background_credit(resume: Resume, rules: Rules) -> tuple[float, int, int]:
    """The ML skills a resume names, each shown one at the shown credit and a listed one at the
    listed credit: (credit, named, shown)."""
    field = [s for s in resume.skills if s.category in rules.background.categories]
    shown = sum(1 for s in field if not s.listed_only)
    return shown * rules.credit.shown + (len(field) - shown) * rules.credit.listed, len(field), shown


def background_value(asks_ml: bool, credit: float, rules: Rules) -> float | None:
    """The resume's background in the posting's field (0..100): the distinct ML skills (methods,
    libraries, frameworks, LLM tooling, MLOps) it names, whichever the posting happens to list, each
    shown one counting fully and a listed one at the listed credit (``credit``, from
    ``background_credit``); full from ``skills_for_full`` on. None when the posting asks for no such
    skill (it is not an ML posting)."""
    if not asks_ml:
        return None
    return 100 * min(1.0, credit / rules.background.skills_for_full)


def field_background(asks_ml: bool, background: tuple[float, int, int], rules: Rules) -> Part:
    """``background_value`` with what it counts."""
    credit, named, shown = background
    value = background_value(asks_ml, credit, rules)
    if value is None:
        return None, "the posting asks for no ML skills"
    return value, (
        f"{named} distinct ML skills named ({shown} shown in the work), whichever the posting lists; "
        f"full from {rules.background.skills_for_full:g}"
    )


def _shares(parts: Mapping[str, Part], weights: Mapping[str, float]) -> dict[str, float]:
    """Each present part's share of its group (weights rescaled over the parts the posting judges by).
    Worked out once per set of present parts (``_kept``); the dict is shared: read it only."""
    return _kept(weights, tuple([parts[k][0] is not None for k in weights]), _plain_shares, parts)


def _plain_shares(parts: Mapping[str, Part], weights: Mapping[str, float]) -> dict[str, float]:
    present = {k: weights[k] for k in weights if parts[k][0] is not None}
    scale = sum(present.values())
    return {k: (present[k] / scale if k in present and scale else 0.0) for k in weights}


# What depends only on which parts a pair has (the posting's, and whether it asks this resume for
# years), per mapping of weights or rules it is read from: that object is held with its entries, so an
# entry is read only for the object it was made from.
_KEPT: dict[int, tuple[object, dict[tuple[bool, ...], dict[str, float]]]] = {}
_KEPT_SIZE = 64  # objects (each set of rules loaded gives three)


def _kept(
    owner: Any,
    present: tuple[bool, ...],
    build: Callable[[Mapping[str, Part], Any], dict[str, float]],
    parts: Mapping[str, Part],
) -> dict[str, float]:
    kept = _KEPT.get(id(owner))
    if kept is None or kept[0] is not owner:
        if len(_KEPT) >= _KEPT_SIZE:
            _KEPT.clear()
        kept = _KEPT[id(owner)] = (owner, {})
    found = kept[1].get(present)
    if found is None:
        found = kept[1][present] = build(parts, owner)
    return found


def skill_match(parts: Mapping[str, Part], rules: Rules) -> float:
    """S' (0..1): the skill subscores mixed, read as full from ``full_match_at`` on."""
    shares = _shares(parts, rules.skills)
    value = sum(shares[k] * (parts[k][0] or 0.0) for k in SKILL_PARTS) / 100
    return min(1.0, value / rules.full_match_at) * background_gate(parts, rules)


def background_gate(parts: Mapping[str, Part], rules: Rules) -> float:
    """For an ML posting, the share of the skill match a resume keeps by its ML background: ``gate``
    with none, all of it with a full background. Tooling alone (languages, databases, cloud) does not
    make an ML match."""
    value = parts["field_background"][0]
    if value is None:
        return 1.0
    bg = rules.background
    opened = min(1.0, value / 100 * bg.skills_for_full / bg.gate_full)
    return bg.gate + (1 - bg.gate) * opened


def refinement(parts: Mapping[str, Part], rules: Rules) -> float:
    """N (0..1): years, degree and role fit mixed by weight; 1.0 when the posting judges by none."""
    shares = _shares(parts, rules.refiners)
    if not any(shares.values()):
        return 1.0
    return sum(shares[k] * (parts[k][0] or 0.0) for k in REFINERS) / 100


def refined_scale(parts: Mapping[str, Part], rules: Rules) -> float:
    """The factor the refiners leave of the skill match: 1 - refine_share + refine_share x N."""
    return 1 - rules.refine_share + rules.refine_share * refinement(parts, rules)


def points_per_skill_share(parts: Mapping[str, Part], weights: Mapping[str, float], rules: Rules) -> float:
    """Score points that one whole skill subscore weight is worth for this resume (before caps);
    ``weights``: ``part_weights``."""
    skill_weight = sum(weights[k] for k in SKILL_PARTS) or 1.0
    return 100 * refined_scale(parts, rules) / rules.full_match_at / skill_weight


def part_weights(parts: Mapping[str, Part], rules: Rules) -> dict[str, float]:
    """Each part's share of the score, to 4 places (refiners: scaled by the skill match); worked out
    once per set of present parts (a copy each call)."""
    present = tuple([parts[k][0] is not None for k in _PARTS])
    return dict(_kept(rules, present, _plain_part_weights, parts))


_PARTS = (*SKILL_PARTS, *REFINERS)


def _plain_part_weights(parts: Mapping[str, Part], rules: Rules) -> dict[str, float]:
    skill_shares = _shares(parts, rules.skills)
    refine_shares = _shares(parts, rules.refiners)
    refine = rules.refine_share if any(refine_shares.values()) else 0.0
    out = {k: round(skill_shares[k] * (1 - refine), 4) for k in SKILL_PARTS}
    out.update({k: round(refine_shares[k] * refine, 4) for k in REFINERS})
    return out


def subscores(parts: Mapping[str, Part], weights: Mapping[str, float]) -> dict[str, Subscore]:
    """Each part with the share of the score it carries (``part_weights``) and what it counts."""
    out = {}
    for key in (*SKILL_PARTS, *REFINERS):
        value, detail = parts[key]
        if key in REFINERS and value is not None:
            detail += " (counts in proportion to the skill match)"
        out[key] = Subscore.adopt(
            {
                "score": round(value or 0.0, 1),
                "weight": weights[key],
                "detail": detail if value is not None else detail + " (not scored)",
            }
        )
    return out


def must_have_factor(table: JobTable, mets: list[Met], rules: Rules) -> tuple[float, list[str]]:
    """The share of the score a resume keeps by the posting's must-haves (required skills of priority
    from ``must_have_priority`` on): 1 with all met, ``1 - must_have_share`` with all missing, in
    between by the weight of those missing. A scale, not a clip: it lowers every resume missing a
    must-have without flattening the order of those above it. Also the names of the missing ones."""
    musts = table.must_group
    missing = [k for k in musts.rows if mets[k].status == "missing"]
    weight = musts.total
    if not missing or not weight:
        return 1.0, []
    share = sum(table.weights[k] for k in missing) / weight
    return 1 - rules.caps.must_have_share * share, [table.bases[k]["name"] for k in missing]


def stuffing(mets: list[Met], rules: Rules) -> str | None:
    """Why the keyword-stuffing ceiling applies (most skills named only in lists), or None."""
    c = rules.caps
    direct = [m for m in mets if m.how in ("exact", "alias")]
    shown = [m for m in direct if m.status == "matched"]
    if len(direct) >= c.stuffing_min_skills and len(shown) / len(direct) < c.stuffing_shown_share:
        return f"only {len(shown)} of {len(direct)} matched skills are shown in the work (the rest are only listed)"
    return None


def total_score(
    parts: Mapping[str, Part], musts: tuple[float, list[str]], stuffed: str | None, rules: Rules
) -> Score:
    """100 x S' x (1 - refine_share + refine_share x N) x the must-have factor (``musts``, from
    ``must_have_factor``), then the stuffing ceiling (``stuffed``, from ``stuffing``).

    ``cap`` is the most the resume can score as it stands: ``100 x`` the must-have factor when a
    must-have is missing (the reason names them), or the stuffing ceiling when it holds the score down."""
    raw = 100 * skill_match(parts, rules) * refined_scale(parts, rules)
    factor, missing = musts
    value = raw * factor
    found: list[tuple[int, str]] = []
    if missing:
        kept = int(round(100 * factor))
        found.append(
            (
                kept,
                f"missing must-have skill(s): {', '.join(missing[:4])} (they take away {100 - kept}% of the score)",
            )
        )
    if stuffed is not None and value > rules.caps.stuffing_cap:
        value = rules.caps.stuffing_cap
        found.append((rules.caps.stuffing_cap, stuffed))
    total = int(round(max(0.0, min(100.0, value))))
    cap, reason = min(found) if found else (None, None)
    return Score(total=total, raw=round(raw, 2), band=rules.band(total), cap=cap, cap_reason=reason)


def versions(
    taxonomy: Taxonomy, rules: Rules, related: str, job: JobAnalysis, resume: Resume
) -> dict[str, str]:
    out = {"rules": rules.version, "taxonomy": taxonomy.version, "related": related}
    out.update({f"job_{k}": v for k, v in job.versions.items() if k != "taxonomy"})
    out.update({f"resume_{k}": v for k, v in resume.versions.items() if k != "taxonomy"})
    return out
