"""Advice on real postings and resumes: steps grouped, each with something to do and its points
re-scored; bands for the posting's region; the same path on every screen; the rank line re-scored.

The posting and resume are Resume-Matcher's (Apache-2.0, tests/data/README.md): ``jobs/ml-eng.txt``
and ``resumes/harvey_dent_mle.pdf``; the market sample is 40 Hacker News posts (MIT collection).
"""

from __future__ import annotations

import json
import statistics
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

import jdlens
from jdlens.advice import screens
from jdlens.advice.advisor import (
    draft_steps,
    effort,
    kind_of,
    load_data,
    region_of,
    stage_of,
)
from jdlens.cli import app
from jdlens.errors import InputError
from jdlens.matching.matcher import as_job, as_resume, score_and_gaps
from jdlens.matching.mentor import raise_median, with_skills
from jdlens.models import Advice, Course, JobAnalysis, Location, Resume
from jdlens.taxonomy import load_taxonomy
from jdlens.taxonomy.groups import load_groups

DATA = Path(__file__).parent / "data"
JOB = DATA / "jobs" / "ml-eng.txt"
RESUME = DATA / "resumes" / "harvey_dent_mle.pdf"
JOBS = [
    JOB,
    DATA / "jobs" / "backend-eng.txt",
    DATA / "jobs" / "data_scientist.docx",
    *sorted((DATA / "postings").iterdir()),
]
RESUMES = [RESUME, DATA / "resumes" / "john_doe.pdf"]


@cache
def _job(path: Path) -> JobAnalysis:
    return as_job(path)


@cache
def _resume(path: Path) -> Resume:
    return as_resume(path)


@cache
def _advice(job: Path = JOB, resume: Path | None = RESUME) -> Advice:
    return jdlens.advise(_job(job), _resume(resume) if resume else None)


def _market() -> list[JobAnalysis]:
    lines = (DATA / "market" / "hn_ml_sample.jsonl").read_text(encoding="utf-8").splitlines()
    return [jdlens.analyze(json.loads(line)["text"]) for line in lines]


# --- groups, not lists --------------------------------------------------------------------------


def test_the_issues_posting_gets_one_step_per_group() -> None:
    steps = {frozenset(s.closes): s for s in _advice().learning_path}
    closes = [set(s.closes) for s in _advice().learning_path]
    assert {"feature_stores", "feast", "tecton"} in closes
    assert {"model_monitoring", "evidently", "whylabs"} in closes
    assert {"experiment_tracking", "model_registry", "mlflow"} in closes
    monitoring = steps[frozenset({"model_monitoring", "evidently", "whylabs"})]
    assert monitoring.tool == "Evidently" and "WhyLabs" in monitoring.equivalents
    assert monitoring.skills == ["model_monitoring", "evidently"]  # the concept with one tool
    assert len(_advice().learning_path) <= 9  # 12 steps before grouping


@pytest.mark.parametrize("job", JOBS, ids=lambda p: p.name)
@pytest.mark.parametrize("resume", RESUMES, ids=lambda p: p.name)
def test_no_two_steps_are_alternatives_of_one_group(job: Path, resume: Path) -> None:
    path = _advice(job, resume).learning_path
    for group in load_groups().groups:
        holding = [s.name for s in path if group.members & set(s.closes)]
        assert len(holding) <= 1, f"{group.name}: {holding}"


def test_either_or_tools_are_one_step_with_the_posting_named_ones_first() -> None:
    (draft,) = draft_steps(["tecton", "feast"])
    assert draft.candidates == ("tecton", "feast") and draft.others == ("hopsworks",)
    (concept_only,) = draft_steps(["model_monitoring"])
    assert concept_only.candidates == ("evidently",)  # the data's first tool when none is named
    assert len(draft_steps(["python", "sql"])) == 2  # unrelated skills stay apart


# --- every step with something to do ------------------------------------------------------------


@pytest.mark.parametrize("job", JOBS, ids=lambda p: p.name)
@pytest.mark.parametrize("resume", [*RESUMES, None], ids=lambda p: p.name if p else "no-resume")
def test_every_step_has_a_course_or_a_project(job: Path, resume: Path | None) -> None:
    for step in _advice(job, resume).learning_path:
        assert step.courses or step.project, step.name
        assert step.hours > 0 and step.effort_basis
        for course in step.courses:
            assert course.source.startswith("seed") and course.name and course.platform


def test_every_category_has_a_project_a_stage_and_an_effort_kind() -> None:
    categories = {e.category for e in load_taxonomy().by_id.values()}
    kinds = {c for spec in load_data("learning_paths")["kinds"].values() for c in spec["categories"]}
    staged = {c for st in load_data("learning_paths")["stages"] for c in st["categories"]}
    assert categories - set(load_data("projects")["by_category"]) == set()
    assert categories - kinds == set()
    assert categories - staged == set()
    assert set(load_data("projects")["by_group"]) <= {g.name for g in load_groups().groups}


def test_effort_comes_from_stated_hours_else_the_kind() -> None:
    stated = Course(name="X", platform="Y", hours=18, source="seed 000")
    assert effort(["feast"], [stated], 1.0) == (18, "stated hours of X")
    hours, basis = effort(["feature_stores", "feast"], [], 1.0)
    assert hours == 24 and "tool" in basis
    assert kind_of("python") == "language" and kind_of("pytorch") == "framework"
    efforts = {s.name: s.hours for s in _advice().learning_path if s.stage.startswith("Production")}
    assert len(set(efforts.values())) > 1  # not one figure for every tool


def test_stages_follow_the_field() -> None:
    assert [stage_of(i) for i in ("pandas", "model_evaluation", "pytorch", "evidently")] == [
        "foundations",
        "ml_core",
        "deep_learning",
        "production",
    ]
    names = [s.stage for s in _advice().learning_path]
    order = [st["name"] for st in load_data("learning_paths")["stages"]]
    assert names == sorted(names, key=order.index)


# --- points re-scored ---------------------------------------------------------------------------


@pytest.mark.parametrize("job", JOBS[:4], ids=lambda p: p.name)
def test_points_are_the_rescored_difference(job: Path) -> None:
    resume, analysis = _resume(RESUME), _job(job)
    advice = _advice(job, RESUME)
    base = jdlens.match(resume, analysis)
    assert advice.score == base.score
    shown: list[str] = []
    for step in advice.learning_path:
        alone = jdlens.match(with_skills(resume, step.skills), analysis)
        assert step.points == alone.score - base.score
        assert step.raw_points == pytest.approx(alone.raw_score - base.raw_score, abs=0.06)
        shown += step.skills
        assert step.score_after == jdlens.match(with_skills(resume, shown), analysis).score
    if advice.learning_path:
        assert advice.score_after == advice.learning_path[-1].score_after


def test_steps_within_a_stage_are_ordered_by_points() -> None:
    path = _advice().learning_path
    for a, b in zip(path, path[1:], strict=False):
        if a.stage == b.stage:
            assert ((a.points or 0), (a.raw_points or 0)) >= ((b.points or 0), (b.raw_points or 0))


def test_with_skills_shows_them_in_the_work_and_keeps_the_rest() -> None:
    resume = _resume(RESUME)
    shown = with_skills(resume, ["feast"])
    assert "feast" in shown.skill_ids() and "feature_stores" in {s.id for s in shown.implied_skills}
    assert resume.skill_ids() <= shown.skill_ids() and "feast" not in resume.skill_ids()


def test_market_share_is_read_from_the_market() -> None:
    market = {"feast": 0.25, "tecton": 0.05}
    advice = jdlens.advise(_job(JOB), _resume(RESUME), market=market)
    step = next(s for s in advice.learning_path if "feast" in s.closes)
    assert step.market_share == 0.25


# --- starting point -----------------------------------------------------------------------------


def test_starting_point_is_read_from_the_resume_and_can_be_overridden() -> None:
    assert _advice().starting_point == "ml_practitioner"
    assert "Machine learning engineer" in _advice().starting_point_reason
    chosen = jdlens.advise(_job(JOB), _resume(RESUME), starting_point="data_scientist")
    assert chosen.starting_point == "data_scientist" and chosen.starting_point_reason == "chosen"
    first = [s.stage for s in chosen.learning_path][0]
    assert first.startswith("Production")  # data scientists start on the engineering side (seed 003)
    with pytest.raises(InputError) as err:
        jdlens.advise(_job(JOB), _resume(RESUME), starting_point="astronaut")
    assert err.value.code == "JDL050"


# --- salary bands and interview topics ------------------------------------------------------------


def test_bands_follow_the_postings_region_and_level() -> None:
    by_country = {"United States": "US", "USA": "US", "India": "India", "Germany": "Germany"}
    for name, region in by_country.items():
        assert region_of(Location(country=name)) == region
    assert region_of(Location(), "INR") == "India" and region_of(None, None) is None
    india = _advice(DATA / "jobs" / "data_scientist.docx")  # pay in INR, no country
    assert {b.region for b in india.salary} == {"India"} and india.posting_salary is not None
    berlin = _advice(DATA / "postings" / "hn_47230454.html")
    assert berlin.region == "Germany" and berlin.salary == []
    assert any("Germany" in n for n in berlin.notes)
    assert {b.level for b in berlin.salary} <= {"Senior MLE"}
    remote_usd = _advice(DATA / "postings" / "hn_46861580.html")
    assert [b.region for b in remote_usd.salary] == ["US"] and remote_usd.salary[0].level == "Senior MLE"


def test_bands_on_the_market_sample_are_of_one_region() -> None:
    for job in _market():
        advice = jdlens.advise(job)
        assert len({b.region for b in advice.salary}) <= 1 or advice.region is None
        if job.location.country in ("United States", "India"):
            assert {b.region for b in advice.salary} == {"US" if job.location.country != "India" else "India"}


def test_interview_topics_put_the_gaps_first() -> None:
    topics = _advice().interview_topics
    assert topics[0].reason.startswith("a gap for this posting")
    gap_positions = [i for i, t in enumerate(topics) if t.reason.startswith("a gap")]
    assert gap_positions == list(range(len(gap_positions)))
    assert any("Feature stores" in t.topic for t in topics)


# --- one screen -----------------------------------------------------------------------------------


def test_every_format_shows_the_same_path() -> None:
    advice = _advice()
    md, html = screens.markdown_advice(advice), screens.html_advice(advice)
    for step in advice.learning_path:
        assert step.name in md and step.name in html
        assert screens.todo(step).split(":")[0] in md
    assert f"Match today {advice.score}" in md and f"Match today {advice.score}" in html


def test_cli_advise_formats_and_from() -> None:
    runner = CliRunner()
    base = ["advise", str(JOB), "--resume", str(RESUME)]
    out = runner.invoke(app, [*base, "-f", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["learning_path"][0]["points"] is not None
    html = runner.invoke(app, [*base, "-f", "html"])
    assert html.exit_code == 0 and html.output.startswith("<!doctype html>")
    md = runner.invoke(app, [*base, "-f", "markdown", "--from", "software_engineer"])
    assert md.exit_code == 0 and "software engineer (chosen)" in md.output
    text = runner.invoke(app, base)
    assert text.exit_code == 0 and "Learning path" in text.output


def test_web_match_page_shows_the_path() -> None:
    from fastapi.testclient import TestClient

    from jdlens.web.app import create_app

    client = TestClient(create_app())
    page = client.post(
        "/analyze",
        data={"job_text": JOB.read_text(encoding="utf-8")},
        files={"resume": (RESUME.name, RESUME.read_bytes(), "application/pdf")},
    )
    assert page.status_code == 200
    assert "Feature stores" in page.text and "with Feast" in page.text and "score after" in page.text


def test_docs_worked_example_is_current() -> None:
    from bench.advice_example import DOC, render

    current = DOC.read_text(encoding="utf-8")
    assert render(current) == current, "docs/advice.md is stale: run `make advice-example`"
    assert "Feature stores** with Feast (or Tecton" in current


# --- across many postings -------------------------------------------------------------------------


def test_raise_median_is_rescored_across_the_postings() -> None:
    resume = _resume(DATA / "resumes" / "john_doe.pdf")
    jobs = _market()[:12]
    results = [score_and_gaps(resume, j) for j in jobs]
    scores = [r[0] for r in results]
    top, after = raise_median(resume, jobs, scores, [r[1] for r in results])
    assert 1 <= len(top) <= 3 and after is not None
    assert after > statistics.median(scores)
    shown = [i for g in top for i in g.skills]
    assert after == statistics.median(jdlens.match(with_skills(resume, shown), j).score for j in jobs)
    for gain in top:
        deltas = [
            jdlens.match(with_skills(resume, gain.skills), j).score - s
            for j, s in zip(jobs, scores, strict=True)
        ]
        assert gain.median_gain == pytest.approx(statistics.median(deltas), abs=0.05)
    names = [g.name for g in top]
    assert len(set(names)) == len(names)


def test_rank_ends_with_the_rescored_median_line(tmp_path: Path) -> None:
    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text(
        "".join(
            (DATA / "market" / "hn_ml_sample.jsonl")
            .read_text(encoding="utf-8")
            .splitlines(keepends=True)[:12]
        ),
        encoding="utf-8",
    )
    resume = DATA / "resumes" / "john_doe.pdf"
    ranking = jdlens.rank_jobs(resume, jobs, workers=1)
    assert ranking.top_gaps and ranking.median_after is not None
    out = CliRunner().invoke(app, ["rank", "--resume", str(resume), "--jobs", str(jobs), "--workers", "1"])
    assert out.exit_code == 0, out.output
    flat = " ".join(out.output.replace("│", " ").split())
    gain = ranking.median_after - ranking.median_score
    assert f"Learn these {len(ranking.top_gaps)} to raise your median match by {gain:g} points" in flat


def test_db_gives_each_step_its_market_share(tmp_path: Path) -> None:
    db = tmp_path / "market.duckdb"
    jdlens.ingest(DATA / "market" / "hn_ml_sample.jsonl", db, workers=1)
    advice = jdlens.advise(_job(JOB), _resume(RESUME), db=db)
    shares = [s.market_share for s in advice.learning_path]
    assert all(s is not None and 0 <= s <= 1 for s in shares) and any(s for s in shares)
