"""Advice data and rules: learning steps for gaps (grouped, staged, each with a course or a project and
its effort), the starting point, salary bands for a region and level, interview topics.

Everything here is a function of data files (``advice/data``, the taxonomy and its groups). The points
a step wins are computed by re-scoring the match (``jdlens.matching.mentor``), which passes them in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

from jdlens.datafiles import load_yaml
from jdlens.models import (
    Course,
    InterviewTopic,
    LearningStep,
    Level,
    Location,
    Requirement,
    RoleCategory,
    SalaryBand,
)
from jdlens.places import country_name, fold, load_places
from jdlens.taxonomy import load_taxonomy
from jdlens.taxonomy.groups import SkillGroup, load_groups

DATA_PACKAGE = "jdlens.advice.data"
DATA_FILES = ("courses", "salaries", "learning_paths", "interview_topics", "projects")
StartingPoint = Literal["software_engineer", "data_scientist", "from_scratch", "ml_practitioner"]
STARTING_POINTS: tuple[str, ...] = get_args(StartingPoint)
MAX_STEPS = 12
_REASONS: dict[str, str] = {
    "required": "the posting requires it",
    "preferred": "the posting lists it as a plus",
    "unspecified": "the posting names it",
}


def load_data(name: str) -> dict[str, Any]:
    """One versioned advice data file (courses, salaries, learning_paths, interview_topics, projects)."""
    data: dict[str, Any] = load_yaml(DATA_PACKAGE, f"{name}.yaml")
    return data


def data_versions() -> dict[str, str]:
    out = {f"advice_{n}": str(load_data(n)["version"]) for n in DATA_FILES}
    out["skill_groups"] = load_groups().version
    return out


# --- courses, stages and effort ---------------------------------------------------------------


def courses_for(skill_ids: str | Sequence[str]) -> list[Course]:
    """The catalogue's courses that cover any of the skills, best rated first."""
    wanted = {skill_ids} if isinstance(skill_ids, str) else set(skill_ids)
    out = [
        Course(
            name=c["name"],
            platform=c["platform"],
            rating=c.get("rating"),
            covers=c["covers"],
            hours=c.get("hours"),
            source=c["source"],
        )
        for c in load_data("courses")["courses"]
        if wanted & set(c["covers"])
    ]
    return sorted(out, key=lambda c: (-(c.rating or 0), c.name))


def stage_of(skill_id: str) -> str:
    """The stage that lists the skill, else the stage that lists its taxonomy category."""
    category = load_taxonomy().by_id[skill_id].category
    stages = load_data("learning_paths")["stages"]
    for key in ("skills", "categories"):
        value = skill_id if key == "skills" else category
        for stage in stages:
            if value in stage[key]:
                return str(stage["id"])
    return str(stages[0]["id"])


def kind_of(skill_id: str) -> str:
    """The kind of thing a skill is to learn (language, concept, tool, ...), from its category."""
    category = load_taxonomy().by_id[skill_id].category
    for kind, spec in load_data("learning_paths")["kinds"].items():
        if category in spec["categories"]:
            return str(kind)
    return "concept"


def default_hours(skill_id: str) -> tuple[float, str]:
    """Planning hours for one skill and what they rest on (the skill's own figure, else its kind's)."""
    paths = load_data("learning_paths")
    name = load_taxonomy().by_id[skill_id].name
    if skill_id in paths["hours"]:
        return float(paths["hours"][skill_id]), f"{name} {paths['hours'][skill_id]} h"
    kind = kind_of(skill_id)
    hours = float(paths["kinds"][kind]["hours"])
    return hours, f"{name} ({kind.replace('_', ' ')}) {hours:g} h"


def effort(skills: Sequence[str], courses: Sequence[Course], factor: float) -> tuple[float, str]:
    """(hours, basis): the first course's stated hours when it states them, else the default by kind,
    summed over the skills taught; scaled by the starting point's factor for the stage."""
    stated = next((c for c in courses if c.hours), None)
    if stated is not None and stated.hours is not None:
        hours, basis = stated.hours, f"stated hours of {stated.name}"
    else:
        parts = [default_hours(s) for s in skills]
        hours = sum(h for h, _ in parts)
        basis = "default for " + " + ".join(b for _, b in parts)
    if factor != 1:
        basis += f", x{factor:g} for the starting point"
    return round(hours * factor, 1), basis


# --- grouping gaps into steps ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StepDraft:
    """Gaps that one step closes, before the tool is chosen and the points are known."""

    closes: tuple[str, ...]  # the posting's gap ids, in the posting's order
    concepts: tuple[str, ...]  # gap ids taught as such
    candidates: tuple[str, ...]  # tools to choose the taught one from (the posting's first)
    others: tuple[str, ...]  # the groups' other tools, in the data's order
    groups: tuple[SkillGroup, ...]

    def name(self, tool: str | None) -> str:
        tax = load_taxonomy().by_id
        for g in self.groups:
            if self.concepts and set(self.concepts) <= set(g.concepts):
                return g.name
        if self.concepts:
            return " and ".join(tax[c].name for c in self.concepts)
        if len(self.candidates) > 1 and self.groups:
            return self.groups[0].name
        return tax[tool].name if tool else tax[self.closes[0]].name


def _components(gap_ids: Sequence[str], groups: Sequence[SkillGroup]) -> list[list[str]]:
    """Gaps joined when one group holds both (union-find), each component in the posting's order."""
    parent = {g: g for g in gap_ids}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for group in groups:
        inside = [g for g in gap_ids if g in group.members]
        for other in inside[1:]:
            parent[root(other)] = root(inside[0])
    out: dict[str, list[str]] = {}
    for g in gap_ids:
        out.setdefault(root(g), []).append(g)
    return list(out.values())


def draft_steps(gap_ids: Sequence[str]) -> list[StepDraft]:
    """One draft per group of gaps: alternatives and a concept with its tools become one step."""
    known = load_taxonomy().by_id
    ids = list(dict.fromkeys(g for g in gap_ids if g in known))
    all_groups = load_groups().groups
    drafts = []
    for comp in _components(ids, all_groups):
        touching = tuple(g for g in all_groups if g.members & set(comp))
        tools = list(dict.fromkeys(t for g in touching for t in g.tools))
        asked = [i for i in comp if i in tools]
        concepts = tuple(i for i in comp if i not in tools)
        candidates = tuple(asked) or tuple(tools[:1] if concepts else ())
        others = tuple(t for t in tools if t not in candidates)
        drafts.append(StepDraft(tuple(comp), concepts, candidates, others, touching))
    return drafts


# --- one step ------------------------------------------------------------------------------------


def _project(draft: StepDraft, main: str, tool: str | None, equivalents: Sequence[str]) -> str:
    projects = load_data("projects")
    tax = load_taxonomy().by_id
    text = next((projects["by_group"][g.name] for g in draft.groups if g.name in projects["by_group"]), None)
    for skill in (*draft.concepts, *([tool] if tool else []), *draft.closes):
        text = text or projects["by_skill"].get(skill)
    text = text or projects["by_category"][tax[main].category]
    name = tax[main].name
    return " ".join(
        str(text)
        .format(tool=tax[tool].name if tool else name, name=name, equivalents=", ".join(equivalents))
        .split()
    )


def _reason(draft: StepDraft, asked: Mapping[str, Requirement]) -> str:
    levels = [asked.get(g, "unspecified") for g in draft.closes]
    strongest = next((r for r in ("required", "preferred", "unspecified") if r in levels), "unspecified")
    return _REASONS[strongest]


def make_step(
    draft: StepDraft,
    tool: str | None,
    start: StartingPoint,
    *,
    points: float | None = None,
    raw_points: float | None = None,
    market_share: float | None = None,
    asked: Mapping[str, Requirement] | None = None,
) -> LearningStep:
    """The step for a draft with its tool chosen: stage, course or project, effort, equivalents."""
    tax = load_taxonomy().by_id
    paths = load_data("learning_paths")
    skills = list(dict.fromkeys([*draft.concepts, *([tool] if tool else [])]))
    main = skills[0]
    stage = stage_of(main)
    stage_names = {s["id"]: s["name"] for s in paths["stages"]}
    equivalents = [tax[t].name for t in (*draft.candidates, *draft.others) if t != tool][:4]
    courses = courses_for([*skills, *draft.closes])
    hours, basis = effort(skills, courses, float(paths["starting_points"][start]["factor"][stage]))
    return LearningStep(
        id=main,
        name=draft.name(tool),
        stage=stage_names[stage],
        order=0,
        skills=skills,
        tool=tax[tool].name if tool else None,
        equivalents=equivalents,
        closes=list(draft.closes),
        points=points,
        raw_points=raw_points,
        market_share=market_share,
        hours=hours,
        weeks=round(hours / float(paths["hours_per_week"]), 1),
        effort_basis=basis,
        reason=_reason(draft, asked or {}),
        courses=courses,
        project=None if courses else _project(draft, main, tool, equivalents),
    )


def order_steps(steps: Sequence[LearningStep], start: StartingPoint) -> list[LearningStep]:
    """The field's order of stages for the starting point, then the points won (then before the
    ceilings), then market demand; numbered from 1."""
    paths = load_data("learning_paths")
    names = {s["name"]: s["id"] for s in paths["stages"]}
    rank = {s: i for i, s in enumerate(paths["starting_points"][start]["order"])}
    keyed = sorted(
        enumerate(steps),
        key=lambda t: (
            rank[names[t[1].stage]],
            -(t[1].points or 0.0),
            -(t[1].raw_points or 0.0),
            -(t[1].market_share or 0.0),
            t[0],
        ),
    )
    return [s.model_copy(update={"order": n}) for n, (_, s) in enumerate(keyed, 1)]


def learning_path(
    gap_ids: Sequence[str],
    start: StartingPoint,
    *,
    asked: Mapping[str, Requirement] | None = None,
    market: Mapping[str, float] | None = None,
) -> list[LearningStep]:
    """Steps for the gaps without a resume to re-score: each group's first candidate tool is taught."""
    market = market or {}
    steps = []
    for draft in draft_steps(gap_ids):
        tool = draft.candidates[0] if draft.candidates else None
        share = max((market.get(i, 0.0) for i in (*draft.closes, *([tool] if tool else []))), default=0.0)
        steps.append(make_step(draft, tool, start, market_share=share if market else None, asked=asked))
    return order_steps(steps, start)[:MAX_STEPS]


# --- starting point, salary, interview ------------------------------------------------------------


def starting_point_for(role: RoleCategory | None) -> StartingPoint:
    """The starting point a resume's role reads as (``learning_paths.yaml`` lists the roles of each)."""
    for start, spec in load_data("learning_paths")["starting_points"].items():
        if role in spec["roles"]:
            return start
    return "from_scratch"


def region_of(location: Location | None, currency: str | None = None) -> str | None:
    """The salary region of a posting: its country's (``salaries.yaml`` regions; the country's own name
    when no region covers it), else its pay currency's; None when it states neither."""
    regions = load_data("salaries")["regions"]
    if location is not None and location.country:
        wanted = fold(location.country)
        names = load_places()["countries"]
        for region, spec in regions.items():
            for code in spec["countries"]:
                if wanted in {fold(s) for s in (code, country_name(code), *names.get(code, []))}:
                    return str(region)
        return location.country
    return next((str(r) for r, spec in regions.items() if currency in spec["currencies"]), None)


def salary_bands(level: Level | None, region: str | None = None) -> list[SalaryBand]:
    """The bands for a level (junior when unknown): the region's only, or every region's."""
    data = load_data("salaries")
    key = "junior" if level in (None, "intern", "junior") else level
    regions = list(data["regions"]) if region is None else [r for r in data["regions"] if r == region]
    out = []
    for band in data["bands"]:
        if band["level"] != key:
            continue
        for name in regions:
            b = band[name]
            out.append(
                SalaryBand.trusted(
                    region=name,
                    level=band["label"],
                    years=band["years"],
                    min=float(b["min"]),
                    max=None if b.get("open_ended") else float(b["max"]),
                    currency=b["currency"],
                    unit=b["unit"] + (f" (from {b['max']} up)" if b.get("open_ended") else ""),
                    source=data["source"],
                )
            )
    return out


def interview_topics(gap_ids: Sequence[str], role: RoleCategory | None) -> list[InterviewTopic]:
    """Topics for the gaps first (in the path's order), then the role's, then every interview's."""
    data = load_data("interview_topics")
    tax = load_taxonomy().by_id
    topics: list[InterviewTopic] = []
    seen: set[str] = set()
    for skill_id in gap_ids:
        t = data["by_skill"].get(skill_id)
        if t and t["topic"] not in seen:
            seen.add(t["topic"])
            name = tax[skill_id].name if skill_id in tax else skill_id
            topics.append(
                InterviewTopic(kind=t["kind"], topic=t["topic"], reason=f"a gap for this posting: {name}")
            )
    for t in data["by_role"].get(role or "", []):
        topics.append(InterviewTopic(kind=t["kind"], topic=t["topic"], reason=f"the role reads as {role}"))
    topics += [InterviewTopic(kind=t["kind"], topic=t["topic"], reason=t["reason"]) for t in data["always"]]
    return topics
