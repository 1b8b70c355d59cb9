"""``match``: a resume against a job description, every point of the score explained."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jdlens.job.pipeline import analyze
from jdlens.matching import explain, requirements, score
from jdlens.matching.rewrite import llm_rewrites
from jdlens.matching.roles import role_fit
from jdlens.models import Check, JobAnalysis, MatchResult, RequirementMatch, Resume, Rewrite, Suggestion
from jdlens.resume import parse_resume_text, read_resume
from jdlens.resume.checks import check_research_only, run_checks
from jdlens.sources.reader import read_path
from jdlens.taxonomy import load_taxonomy

ResumeInput = Resume | str | Path | bytes
JobInput = JobAnalysis | str | Path


def _looks_like_path(value: str) -> bool:
    return len(value) < 1024 and "\n" not in value and Path(value).suffix != "" and Path(value).is_file()


def as_resume(value: ResumeInput, filename: str | None = None) -> Resume:
    """A parsed resume from a Resume, a path, file bytes, or resume text."""
    if isinstance(value, Resume):
        return value
    if isinstance(value, bytes | bytearray | Path) or _looks_like_path(value):
        return read_resume(value, filename)  # type: ignore[arg-type]
    return parse_resume_text(value, filename=filename)


def as_job(value: JobInput, title: str | None = None) -> JobAnalysis:
    """A job analysis from a JobAnalysis, a path (text, Markdown, HTML, PDF or DOCX), or posting text."""
    if isinstance(value, JobAnalysis):
        return value
    if isinstance(value, Path) or _looks_like_path(value):
        return analyze(job_file_text(Path(value)), title=title)
    return analyze(value, title=title)


def job_file_text(path: Path) -> str:
    """Text of a posting file in any format the reader knows (the format comes from the bytes)."""
    return read_path(path).text


def _rows(job: JobAnalysis, resume: Resume) -> tuple[list[RequirementMatch], list[RequirementMatch], dict]:
    taxonomy = load_taxonomy()
    skill_rows = requirements.skill_rows(job, resume, taxonomy)
    exp_row, exp_credit = requirements.experience_row(job, resume)
    edu_row, edu_credit = requirements.education_row(job, resume)
    fit, role = role_fit(resume, job.role.category, job.title)
    extra = [r for r in (exp_row, edu_row) if r is not None]
    parts = score.subscores(
        job,
        resume,
        skill_rows,
        experience=(
            None if exp_credit is None else 100 * exp_credit,
            exp_row.note if exp_row else "the posting asks for no years",
        ),
        education=(
            None if edu_credit is None else 100 * edu_credit,
            edu_row.note if edu_row else "the posting asks for no degree",
        ),
        role=(
            100 * fit,
            f"resume reads as {role.replace('_', ' ')}; the job is {job.role.category.replace('_', ' ')}",
        ),
    )
    return skill_rows, extra, {"parts": parts, "role": role}


@dataclass(frozen=True, slots=True)
class ResumeParts:
    """What depends on the resume alone: computed once when one resume meets many postings."""

    checks: list[Check]
    rewrites: list[Rewrite]
    verbs: list[Suggestion]


def resume_parts(res: Resume) -> ResumeParts:
    return ResumeParts(
        checks=run_checks(res, None), rewrites=explain.rule_rewrites(res), verbs=explain.verb_suggestions(res)
    )


def match(
    resume: ResumeInput,
    job: JobInput,
    *,
    rewrite: bool = False,
    market: dict[str, float] | None = None,
    parts: ResumeParts | None = None,
) -> MatchResult:
    """Score a resume against a job description; each may be text, a path, or already parsed.

    ``rewrite=True`` also asks the configured OpenAI-compatible endpoint for bullet rewrites.
    ``market`` (skill id -> share of postings asking for it) orders the gaps by demand.
    """
    res = as_resume(resume)
    ana = as_job(job)
    prepared = parts or resume_parts(res)
    skill_rows, extra, info = _rows(ana, res)
    subscores = info["parts"]
    total = score.total_score(subscores, skill_rows)
    research = check_research_only(res, ana.role.category)
    checks = prepared.checks + ([research] if research is not None else [])
    rows = skill_rows + extra
    suggestions = (
        explain.keyword_suggestions(rows, res)
        + explain.quantify_suggestions(res, rows)
        + prepared.verbs
        + explain.check_suggestions(checks)
    )
    rewrites = list(prepared.rewrites)
    if rewrite:
        targets = [s.quote for s in suggestions if s.kind in ("quantify", "replace_verb") and s.quote]
        rewrites += llm_rewrites(res, ana, list(dict.fromkeys(targets)))
    return MatchResult(
        score=total.total,
        rules_version=score.RULES_VERSION,
        subscores=subscores,
        requirements=rows,
        missing=explain.gaps(skill_rows, subscores, market),
        checks=checks,
        suggestions=suggestions,
        rewrites=rewrites,
        job_title=ana.title,
        job_role=ana.role.category,
        job_level=ana.seniority.level,
        resume_role=info["role"],
        resume_years=res.total_years,
        cap=total.cap if total.cap_reason else None,
        cap_reason=total.cap_reason,
        raw_score=total.raw,
        versions=score.versions(load_taxonomy(), ana, res),
    )
