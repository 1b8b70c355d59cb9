"""``advise``: the learning path a mentor would give for a posting (and a resume), every step's points
re-scored; and the few skills that would raise a resume's median match across many postings.

A step's points are never estimated: the resume is re-scored as if it showed the step's skills in its
work (``with_skills``), and the points are that score minus today's. The data (groups, stages,
courses, projects, effort, bands, topics) comes from ``jdlens.advice``.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from pathlib import Path

from jdlens.advice.advisor import (
    MAX_STEPS,
    STARTING_POINTS,
    StartingPoint,
    StepDraft,
    data_versions,
    draft_steps,
    interview_topics,
    learning_path,
    load_data,
    make_step,
    order_steps,
    region_of,
    salary_bands,
    starting_point_for,
)
from jdlens.errors import InputError
from jdlens.market.queries import top_skills
from jdlens.matching.matcher import (
    JobInput,
    ResumeInput,
    ResumeParts,
    as_job,
    as_resume,
    match,
    refiner_values,
    resume_view,
    skill_values,
    standing,
    standing_from,
)
from jdlens.matching.requirements import JobTable, changed_skills, job_table
from jdlens.matching.rules import load_rules
from jdlens.models import (
    Advice,
    Gap,
    JobAnalysis,
    LearningStep,
    Requirement,
    Resume,
    ResumeEvidence,
    ResumeSkill,
    SkillGain,
)
from jdlens.resume.shown_skills import implied_skills
from jdlens.taxonomy import load_taxonomy

TOP_GAINS = 3
_CANDIDATES = 8  # groups re-scored across many postings (chosen by the gaps' own point estimates)


def with_skills(resume: Resume, skill_ids: Sequence[str]) -> Resume:
    """The resume as if it showed these skills in its work (what-if re-scoring only; never stored)."""
    tax = load_taxonomy()
    have = resume.skill_ids()
    extra = [
        ResumeSkill(
            id=i,
            name=tax.by_id[i].name,
            category=tax.by_id[i].category,
            listed_only=False,
            evidence=[ResumeEvidence(text=tax.by_id[i].name, start=0, end=0, section="experience")],
        )
        for i in dict.fromkeys(skill_ids)
        if i in tax.by_id and i not in have
    ]
    kept = [s.model_copy(update={"listed_only": False}) if s.id in skill_ids else s for s in resume.skills]
    skills = kept + extra
    return resume.model_copy(update={"skills": skills, "implied_skills": implied_skills(skills, tax)})


def _bare() -> ResumeParts:
    """Resume parts for re-scoring: the score only, no checks, rewrites or suggestions (a fresh one
    each time: its per-role cache must never carry one resume's check to another)."""
    return ResumeParts(checks=[], rewrites=[], verbs=[])


def rescored(resume: Resume, job: JobAnalysis, skill_ids: Sequence[str]) -> tuple[int, float]:
    """(score, score before the ceilings) that ``match`` gives the resume with these skills shown."""
    score, raw, _missing = standing(with_skills(resume, skill_ids), job)
    return score, raw


class _Standings:
    """(score, score before the ceilings, gaps still missing) of one resume with a set of skills shown,
    on each of the postings: each what-if resume is built once and scored once per posting, however
    often the greedy search asks for it. A posting that names none of the skills the what-if resume is
    met on differently keeps the resume's own skill values (only the resume-wide parts are re-read).
    Lives for one ``raise_median`` call only."""

    def __init__(
        self, resume: Resume, jobs: Sequence[JobAnalysis], tables: Sequence[JobTable] | None = None
    ) -> None:
        self.resume, self.jobs = resume, jobs
        self.rules = load_rules()
        self.view = resume_view(resume, self.rules)
        self.tables = list(tables) if tables is not None else [job_table(job, self.rules) for job in jobs]
        index = self.view.index
        self.values = [skill_values(t, t.meets(index), index, self.rules) for t in self.tables]
        self.refiners = [refiner_values(job, resume) for job in jobs]
        self.done: dict[tuple[str, ...], list[tuple[int, float, int]]] = {}

    def of(self, skill_ids: Sequence[str]) -> list[tuple[int, float, int]]:
        key = tuple(skill_ids)
        if key not in self.done:
            what_if = with_skills(self.resume, key)
            view = resume_view(what_if, self.rules)
            changed = changed_skills(self.view.index, view.index)
            rows = []
            for table, kept, refiners in zip(self.tables, self.values, self.refiners, strict=True):
                if table.skill_ids.isdisjoint(changed):
                    values = kept
                else:
                    values = skill_values(table, table.meets(view.index), view.index, self.rules)
                rows.append(standing_from(table, view, values, refiners))
            self.done[key] = rows
        return self.done[key]


def _teach(draft: StepDraft, tool: str | None) -> list[str]:
    return list(dict.fromkeys([*draft.concepts, *([tool] if tool else [])]))


def _best_tool(
    draft: StepDraft, resume: Resume, job: JobAnalysis, base: tuple[int, float]
) -> tuple[str | None, float, float]:
    """(tool, points, points before the ceilings) of the candidate tool that wins the most; the
    posting's order breaks ties."""
    best: tuple[str | None, float, float] = (None, float("-inf"), float("-inf"))
    for tool in draft.candidates or (None,):
        score, raw = rescored(resume, job, _teach(draft, tool))
        points = (float(score - base[0]), round(raw - base[1], 1))
        if points > best[1:]:
            best = (tool, *points)
    return best


def _share(draft: StepDraft, tool: str | None, market: Mapping[str, float] | None) -> float | None:
    if not market:
        return None
    return max(market.get(i, 0.0) for i in (*draft.closes, *([tool] if tool else [])))


def market_from_db(db: str | Path) -> dict[str, float]:
    """Skill id -> share of the market database's postings that state it."""
    table = top_skills(db, top=1_000_000)
    return {str(row[0]): float(row[4] or 0.0) for row in table.rows}


def scored_path(
    resume: Resume,
    job: JobAnalysis,
    gaps: Sequence[Gap],
    start: StartingPoint,
    market: Mapping[str, float] | None = None,
) -> tuple[int, list[LearningStep], list[str]]:
    """(today's score, the ordered steps, names of the gaps left out): each step's points re-scored,
    and the score reached once it and the steps before it are shown."""
    base = rescored(resume, job, [])
    asked: dict[str, Requirement] = {g.id: g.requirement for g in gaps}
    steps = []
    for draft in draft_steps([g.id for g in gaps]):
        tool, points, raw = _best_tool(draft, resume, job, base)
        share = _share(draft, tool, market)
        steps.append(
            make_step(draft, tool, start, points=points, market_share=share, asked=asked, raw_points=raw)
        )
    ordered = order_steps(steps, start)
    kept, shown = [], []
    for step in ordered[:MAX_STEPS]:
        shown += step.skills
        kept.append(step.model_copy(update={"score_after": rescored(resume, job, shown)[0]}))
    return base[0], kept, [s.name for s in ordered[MAX_STEPS:]]


def _start(value: str | None, resume: Resume | None, read_as: str | None) -> tuple[StartingPoint, str]:
    """The starting point asked for, else the one the resume's profession (else its role fit) reads as."""
    if value is not None:
        if value not in STARTING_POINTS:
            raise InputError(
                "JDL050", name="starting point", reason=f"use one of {', '.join(STARTING_POINTS)}"
            )
        return value, "chosen"  # type: ignore[return-value]
    if resume is None:
        return "from_scratch", "no resume: the path starts from scratch"
    if resume.profession is not None:
        return starting_point_for(resume.profession.role), f"the resume reads as {resume.profession.name}"
    role = read_as or "other"
    return starting_point_for(role), f"the resume's titles and skills read as {role.replace('_', ' ')}"  # type: ignore[arg-type]


def advise(
    job: JobInput,
    resume: ResumeInput | None = None,
    *,
    starting_point: str | None = None,
    market: Mapping[str, float] | None = None,
    db: str | Path | None = None,
) -> Advice:
    """The learning path, salary bands and interview topics for a posting, for a resume's gaps.

    With a resume, the path closes the match's missing skills, each step with the points the match
    would gain (re-scored) and the starting point read from the resume's profession; without one, it
    covers every skill the posting names, from ``starting_point`` (default: from scratch).
    ``market`` (skill id -> share of postings) or ``db`` (a market database) adds how often the market
    asks for each step. Raises ``InputError`` (JDL050) for an unknown starting point, and the errors of
    ``analyze`` and ``read_resume`` for inputs they cannot read (JDL002, JDL003, JDL020-029, JDL070-071).
    """
    analysis = as_job(job)
    if db is not None and market is None:
        market = market_from_db(db)
    res = as_resume(resume) if resume is not None else None
    score = after = None
    left_out: list[str] = []
    if res is not None:
        today = match(res, analysis, market=dict(market) if market else None, parts=_bare())
        missing = [g for g in today.missing if g.status == "missing"]
        start, why = _start(starting_point, res, today.resume_role)
        score, path, left_out = scored_path(res, analysis, missing, start, market)
        after = path[-1].score_after if path else today.score
    else:
        start, why = _start(starting_point, None, None)
        skills = sorted(analysis.skills, key=lambda s: (s.requirement != "required", -s.priority))
        asked = {s.id: s.requirement for s in skills}
        path = learning_path([s.id for s in skills], start, asked=asked, market=market)
    return _advice(analysis, start, why, path, score, after, left_out)


def _advice(
    job: JobAnalysis,
    start: StartingPoint,
    why: str,
    path: list[LearningStep],
    score: int | None,
    after: int | None,
    left_out: list[str],
) -> Advice:
    region = region_of(job.location, job.salary.currency if job.salary else None)
    level = job.seniority.level
    bands = salary_bands(level, region)
    notes = [
        load_data("learning_paths")["starting_points"][start]["note"],
        *load_data("salaries").get("notes", []),
    ]
    if region is None:
        notes.append("The posting names no country or pay: bands of every region the data covers are shown.")
    elif not bands:
        notes.append(f"No salary band in the data for {region}.")
    return Advice(
        starting_point=start,
        starting_point_reason=why,
        job_title=job.title,
        role=job.role.category,
        level=level,
        score=score,
        score_after=after,
        learning_path=path,
        left_out=left_out,
        total_weeks=round(sum(s.weeks for s in path), 1),
        region=region,
        salary=bands,
        posting_salary=job.salary,
        interview_topics=interview_topics(
            [i for s in path for i in (*s.closes, *s.skills)], job.role.category
        ),
        notes=notes,
        versions=data_versions(),
    )


# --- across many postings (``jdlens rank``) -------------------------------------------------------


def _candidate_drafts(results: Sequence[Sequence[Gap]]) -> list[tuple[StepDraft, str | None]]:
    """Groups of the gaps across postings with the tool most postings ask for, the likeliest first
    (by the gaps' summed point estimates; the figures reported are re-scored)."""
    weight: dict[str, float] = {}
    asked: dict[str, int] = {}
    for gaps in results:
        for g in gaps:
            if g.status == "missing":
                weight[g.id] = weight.get(g.id, 0.0) + g.points
                asked[g.id] = asked.get(g.id, 0) + 1
    drafts = draft_steps(sorted(weight, key=lambda k: (-asked[k], k)))
    ranked = sorted(drafts, key=lambda d: -sum(weight.get(i, 0.0) for i in d.closes))
    return [(d, d.candidates[0] if d.candidates else None) for d in ranked[:_CANDIDATES]]


def raise_median(
    resume: Resume,
    jobs: Sequence[JobAnalysis],
    scores: Sequence[int],
    gaps: Sequence[Sequence[Gap]],
    tables: Sequence[JobTable] | None = None,
) -> tuple[list[SkillGain], float | None]:
    """The ``TOP_GAINS`` steps that raise the median match most across the postings, and the median
    with all of them shown. Chosen greedily: each round adds the candidate whose step, shown with the
    ones already chosen, gives the highest median (then mean, then mean before the ceilings, then the
    fewest gaps left) over every posting, re-scored."""
    if not jobs:
        return [], None
    candidates = _candidate_drafts(gaps)
    chosen: list[tuple[StepDraft, str | None, list[int]]] = []
    shown: list[str] = []

    # ties on the score (while missing must-haves hold every posting at a ceiling) are broken by the
    # score before the ceilings, then by fewer gaps left: a step still counts for what it closes
    def summary(rows: Sequence[tuple[int, float, int]]) -> tuple[float, float, float]:
        return (
            statistics.fmean(r[0] for r in rows),
            statistics.fmean(r[1] for r in rows),
            -statistics.fmean(r[2] for r in rows),
        )

    standings = _Standings(resume, jobs, tables)
    floor = summary(standings.of([]))
    for _ in range(TOP_GAINS):
        best: tuple[float, tuple[float, float, float], int] | None = None
        for k, (draft, tool) in enumerate(candidates):
            rows = standings.of([*shown, *_teach(draft, tool)])
            key = (statistics.median(r[0] for r in rows), summary(rows), -k)
            if best is None or key > best:
                best, pick = key, (k, [r[0] for r in rows])
        if best is None or best[1] <= floor:
            break
        floor = best[1]
        draft, tool = candidates.pop(pick[0])
        chosen.append((draft, tool, pick[1]))
        shown += _teach(draft, tool)
    if not chosen:
        return [], None
    gains = [_gain(d, t, jobs, scores, standings) for d, t, _ in chosen]
    return gains, statistics.median(chosen[-1][2])


def _gain(
    draft: StepDraft,
    tool: str | None,
    jobs: Sequence[JobAnalysis],
    scores: Sequence[int],
    standings: _Standings,
) -> SkillGain:
    """One chosen step on its own: its points on each posting, re-scored (the first round of the
    search already scored every candidate on its own)."""
    tax = load_taxonomy().by_id
    teach = _teach(draft, tool)
    deltas = [r[0] - s for r, s in zip(standings.of(teach), scores, strict=True)]
    return SkillGain(
        id=teach[0],
        name=draft.name(tool) + (f" with {tax[tool].name}" if tool and draft.concepts else ""),
        jobs_missing=sum(set(draft.closes) & {g for g in job.skill_ids()} != set() for job in jobs),
        median_gain=round(statistics.median(deltas), 1),
        mean_gain=round(statistics.fmean(deltas), 1),
        equivalents=[tax[t].name for t in (*draft.candidates, *draft.others) if t != tool][:3],
        skills=teach,
    )
