"""The rows, gaps and suggestions of a match, built from what is kept per posting (the table's gap
templates and missing rows, its skill groups) and per resume (the plain statements' index, the checks'
suggestions), are those the plain builders make, on real texts and generated ones."""

from __future__ import annotations

import gc
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jdlens.job.pipeline import analyze
from jdlens.matching import explain, requirements
from jdlens.matching.matcher import match, parts_of, view_of
from jdlens.matching.requirements import JobTable, Met, job_table, skill_row
from jdlens.matching.rules import load_rules
from jdlens.models import (
    Gap,
    JobAnalysis,
    MatchResult,
    RequirementMatch,
    Resume,
    ResumeEvidence,
    Suggestion,
)
from jdlens.resume import parse_resume_text

DATA = Path(__file__).parent / "data"
_REQ_RANK = {"required": 0, "unspecified": 1, "preferred": 2}
_STATUS_RANK = {"missing": 0, "partial": 1, "matched": 2}


@pytest.fixture(scope="module")
def resumes() -> list[Resume]:
    paths = sorted((DATA / "resumes/labelled/resume_matcher").glob("*.txt"))
    return [parse_resume_text(p.read_text(encoding="utf-8")) for p in paths]


@pytest.fixture(scope="module")
def jobs() -> list[JobAnalysis]:
    return [analyze(p.read_text(encoding="utf-8")) for p in sorted((DATA / "jobs").glob("*.txt"))]


def plain_gaps(
    table: JobTable, mets: list[Met], parts: dict[str, float], market: dict[str, float] | None, gain: float
) -> list[Gap]:
    """The gaps as they were built before the table kept their templates: one validated model each,
    then a stable sort on their attributes."""
    weights = table.weights
    totals = {
        "required": sum(w for w, r in zip(weights, table.required, strict=True) if r),
        "preferred": sum(w for w, r in zip(weights, table.required, strict=True) if not r),
    }
    subs = {"required": parts["required_skills"], "preferred": parts["preferred_skills"]}
    per_missing = gain * parts["keyword_coverage"] / max(1, len(mets))
    out = []
    for weight, base, met in zip(weights, table.bases, mets, strict=True):
        if met.status == "matched":
            continue
        key = "preferred" if base["requirement"] == "preferred" else "required"
        points = gain * (weight * (1 - met.credit) / (totals[key] or 1.0)) * subs[key]
        if met.status == "missing":
            points += per_missing
        fields = ("id", "name", "category", "requirement", "priority")
        out.append(
            Gap(
                **{k: base[k] for k in fields},
                status=met.status,
                market_share=(market or {}).get(base["id"]),
                points=round(min(100.0, points), 1),
            )
        )
    out.sort(
        key=lambda g: (
            _REQ_RANK[g.requirement],
            _STATUS_RANK[g.status],
            -g.priority,
            -(g.market_share or 0.0),
            -g.points,
            g.name,
        )
    )
    return out


def _market(table: JobTable) -> dict[str, float]:
    """Equal shares for every other skill, so market ties are broken by the points and names."""
    return {b["id"]: 0.25 if k % 2 else 0.5 for k, b in enumerate(table.bases)}


def test_gaps_are_the_plain_gaps(resumes: list[Resume], jobs: list[JobAnalysis]) -> None:
    rules = load_rules()
    for resume in resumes:
        view = view_of(resume, rules)
        for job in jobs:
            table = job_table(job, rules)
            mets = table.meets(view.index)
            for gain in (0.0, 1.0, 0.37):
                parts = {"required_skills": 0.3, "preferred_skills": 0.1, "keyword_coverage": 0.2}
                for market in (None, _market(table)):
                    built = explain.gaps(table, mets, parts, market, gain)
                    assert built == plain_gaps(table, mets, parts, market, gain)
                    assert [g.model_dump_json() for g in built] == [
                        g.model_dump_json() for g in plain_gaps(table, mets, parts, market, gain)
                    ]


def test_gaps_of_equal_skills_keep_the_postings_order() -> None:
    """Skills equal in every sort key (here: one name, one priority) keep the posting's order."""
    job = analyze("Requirements:\n- Python\n- SQL\n- Java\n- Scala\n- Go\n")
    resume = parse_resume_text("Experience\n• Wrote reports\n")
    rules = load_rules()
    table = job_table(job, rules)
    same = {"name": "Same", "priority": 0.5}
    table = replace(
        table, bases=[b | same for b in table.bases], gap_bases=[g | same for g in table.gap_bases]
    )
    mets = table.meets(view_of(resume, rules).index)
    parts = {"required_skills": 0.5, "preferred_skills": 0.0, "keyword_coverage": 0.0}
    built = explain.gaps(table, mets, parts, None, 0.0)
    assert len(built) >= 3 and len({(g.name, g.points, g.status) for g in built}) == 1
    assert [g.id for g in built] == [g.id for g in plain_gaps(table, mets, parts, None, 0.0)]
    assert [g.id for g in built] == [m.id for m in job.skills]


def test_skill_rows_are_the_plain_rows_and_immutable(resumes: list[Resume], jobs: list[JobAnalysis]) -> None:
    """Each row equals the plain row; its sequences are tuples (a row shared between results, as a
    missing skill's is, cannot be changed through one of them)."""
    rules = load_rules()
    for resume in resumes:
        index = view_of(resume, rules).index
        for job in jobs:
            table = job_table(job, rules)
            mets = table.meets(index)
            rows, again = table.rows(mets), table.rows(mets)
            for mention, met, row, other in zip(job.skills, mets, rows, again, strict=True):
                if met.instead is None:
                    plain = skill_row(mention, index)
                    assert row == plain and row.model_dump_json() == plain.model_dump_json()
                    assert list(row.__dict__) == list(RequirementMatch.model_fields)
                for name in ("via", "job_evidence", "resume_evidence"):
                    assert isinstance(getattr(row, name), tuple)
                assert (row is other) == (met.how is None), row.id
            for row in table.missing_rows():
                assert (row.status, row.credit, row.via, row.resume_evidence) == ("missing", 0.0, (), ())


def test_match_suggestions_are_the_plain_suggestions(resumes: list[Resume], jobs: list[JobAnalysis]) -> None:
    for resume in resumes:
        for job in jobs:
            result = match(resume, job)
            plain = explain.suggestions(resume, result.requirements, result.checks)
            assert result.suggestions == plain
            assert [s.model_dump_json() for s in result.suggestions] == [s.model_dump_json() for s in plain]
            assert parts_of(resume).check_suggestions() == explain.check_suggestions(parts_of(resume).checks)


def test_every_model_of_a_match_is_what_validation_builds(
    resumes: list[Resume], jobs: list[JobAnalysis]
) -> None:
    result = match(resumes[0], jobs[0])
    again = MatchResult.model_validate(result.model_dump())
    assert again == result and again.model_dump_json() == result.model_dump_json()
    assert list(result.__dict__) == list(MatchResult.model_fields)
    for subscore in result.subscores.values():
        assert type(subscore).model_validate(subscore.model_dump()) == subscore
    extra = [r for r in result.requirements if r.kind != "skill"]
    for row in extra:
        assert RequirementMatch.model_validate(row.model_dump()) == row
        assert row.model_fields_set == RequirementMatch(**row.model_dump(exclude_unset=True)).model_fields_set


def _evidence(start: int, end: int) -> ResumeEvidence:
    return ResumeEvidence(text=f"statement at {start}", start=start, end=end, section="experience")


def _rows(starts: list[int], statuses: list[str]) -> list[RequirementMatch]:
    return [
        RequirementMatch(
            kind="skill",
            id=f"s{k}",
            name=f"S{k}",
            requirement="required",
            priority=0.5,
            status=status,
            credit=0.5,
            resume_evidence=[_evidence(start, start + 3)],
        )
        for k, (start, status) in enumerate(zip(starts, statuses, strict=False))
    ]


@settings(max_examples=300, deadline=None)
@given(
    spans=st.lists(st.tuples(st.integers(0, 400), st.integers(0, 40)), max_size=12),
    starts=st.lists(st.integers(0, 450), max_size=20),
    statuses=st.lists(st.sampled_from(["matched", "partial", "missing"]), min_size=20, max_size=20),
    in_order=st.booleans(),
)
def test_the_plain_index_picks_what_quantify_suggestions_picks(
    spans: list[tuple[int, int]], starts: list[int], statuses: list[str], in_order: bool
) -> None:
    """Generated statements (following one another, or in any order and overlapping) and evidence."""
    if in_order:  # statements one after the other, some empty, some touching
        laid: list[tuple[int, int]] = []
        for gap, length in spans:
            start = (max(laid[-1][1], laid[-1][0] + 1) if laid else 0) + gap % 7
            laid.append((start, start + length))
        spans = laid
    else:
        spans = [(a, a + n) for a, n in spans]
    plain = [_evidence(a, b) for a, b in spans]
    rows = _rows(starts, statuses)
    index = explain.PlainIndex.of(plain)
    assert index.spans is not None or not in_order
    nobody = Resume(format="txt", word_count=0)
    assert index.suggestions_for(rows) == explain.quantify_suggestions(nobody, rows, plain)


def test_the_plain_index_on_real_resumes(resumes: list[Resume], jobs: list[JobAnalysis]) -> None:
    for resume in resumes:
        plain = explain.plain_statements(resume)
        index, shuffled = explain.PlainIndex.of(plain), explain.PlainIndex.of(plain[::-1])
        assert index.spans is not None and (len(plain) < 2 or shuffled.spans is None)
        for job in jobs:
            rows = match(resume, job).requirements
            assert index.suggestions_for(rows) == explain.quantify_suggestions(resume, rows)
            assert shuffled.suggestions_for(rows) == explain.quantify_suggestions(resume, rows, plain[::-1])


def test_what_a_match_keeps_of_a_resume_goes_with_it(jobs: list[JobAnalysis]) -> None:
    """The plain statements' suggestions and the checks' suggestions are kept with the Resume object
    (``parts_of``) and dropped with it; the posting's table keeps nothing of a resume."""
    marker = "Tuned the Qwxyz cooperative's forecasting models"
    text = (DATA / "resumes/labelled/resume_matcher/harvey_dent_mle.txt").read_text(encoding="utf-8")
    resume = parse_resume_text(text + f"\n• {marker}\n")
    result = match(resume, jobs[0])
    assert any(s.quote and marker in s.quote for s in parts_of(resume).plain_index(resume).suggestions)
    table = requirements.job_table(jobs[0], load_rules())
    del resume, result
    gc.collect()

    def holds_marker(o: object) -> bool:
        if isinstance(o, Suggestion):
            return marker in (o.quote or "") or marker in o.message
        if isinstance(o, ResumeEvidence | Resume):
            return marker in o.text
        return False

    assert not [o for o in gc.get_objects() if holds_marker(o)]
    assert marker not in repr(table.missing_rows()) + repr(table.gap_bases)


def test_the_degree_row_shows_the_education_line(resumes: list[Resume]) -> None:
    job = analyze("Machine Learning Engineer\nRequirements:\n- PhD in Computer Science\n- Python\n")
    with_degree = [r for r in resumes if r.degree]
    assert with_degree
    for resume in with_degree:
        rows = [[r for r in match(resume, job).requirements if r.kind == "education"] for _ in range(2)]
        assert len(rows[0]) == 1
        assert rows[0][0].resume_evidence == requirements.education_evidence(resume)
        assert rows[0][0] == rows[1][0] and isinstance(rows[0][0].resume_evidence, tuple)


@pytest.mark.parametrize("share", [None, 0.15])
def test_kept_shares_and_weights_are_the_plain_ones(share: float | None) -> None:
    """Every set of present parts, under the loaded rules and under rules of other weights."""
    from itertools import product

    from jdlens.matching import score

    base = load_rules()
    rules = (
        base
        if share is None
        else base.model_copy(update={"refine_share": share, "skills": dict(base.skills)})
    )
    keys = (*score.SKILL_PARTS, *score.REFINERS)
    for present in product((True, False), repeat=len(keys)):
        parts: dict[str, score.Part] = {
            k: ((37.5 + i) if there else None, "")
            for i, (k, there) in enumerate(zip(keys, present, strict=True))
        }
        for weights in (rules.skills, rules.refiners):
            assert score._shares(parts, weights) == score._plain_shares(parts, weights)
        assert score.part_weights(parts, rules) == score._plain_part_weights(parts, rules)
        assert score.part_weights(parts, rules) is not score.part_weights(parts, rules)
    if share is not None:  # the loaded rules' entries are not read for the others
        parts = {k: (50.0, "") for k in keys}
        assert score.part_weights(parts, rules) != score.part_weights(parts, base)


def test_a_result_adds_few_objects_for_the_collector(resumes: list[Resume], jobs: list[JobAnalysis]) -> None:
    """Each result held costs the cyclic collector what it tracks. With a row's sequences as lists
    and a missing skill's row built per result, a result added 187 tracked objects on these pairs (28
    rows each: 6.7 per row). The posting's missing rows are shared and a row's tuples are untracked
    once their items are, so a result adds about 2.3 per row (its gaps and subscores, mostly)."""
    for resume in resumes:
        for job in jobs:
            match(resume, job)  # every table, view and per-resume part built
    gc.collect()
    before = {id(o) for o in gc.get_objects()}
    held = [match(resume, job) for job in jobs for resume in resumes]
    gc.collect()
    added = sum(1 for o in gc.get_objects() if id(o) not in before)
    rows = sum(len(m.requirements) for m in held)
    assert rows > 10 * len(held)
    assert added < 3 * rows, (
        f"{added / len(held):.0f} tracked objects per result, {rows / len(held):.0f} rows"
    )
