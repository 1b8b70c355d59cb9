"""``score_and_gaps`` (what ``rank_resumes`` runs) gives the score, gaps and skill rows of ``match``."""

from __future__ import annotations

from pathlib import Path

from jdlens.job.pipeline import analyze
from jdlens.matching.matcher import match, score_and_gaps, score_gaps
from jdlens.resume import parse_resume_text

DATA = Path(__file__).parent / "data"


def test_score_only_is_what_match_shows() -> None:
    resumes = [
        parse_resume_text(p.read_text(encoding="utf-8"), statements=statements)
        for p in sorted((DATA / "resumes/labelled/resume_matcher").glob("*.txt"))
        for statements in (True, False)
    ]
    jobs = [analyze(p.read_text(encoding="utf-8")) for p in sorted((DATA / "jobs").glob("*.txt"))]
    assert len(resumes) >= 10 and len(jobs) >= 2
    for resume in resumes:
        for job in jobs:
            full = match(resume, job)
            skills = [r for r in full.requirements if r.kind not in ("experience", "education")]
            assert score_and_gaps(resume, job) == (full.score, full.missing, skills)
            matched = [r for r in skills if r.status == "matched"]
            assert score_and_gaps(resume, job, status="matched") == (full.score, full.missing, matched)
            assert score_gaps(resume, job) == (full.score, full.missing)
