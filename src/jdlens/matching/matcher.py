"""``match``: a resume against a job description, every point of the score explained.

A ``str`` is always text. A file is a ``pathlib.Path`` (or any ``os.PathLike``) or ``bytes`` (with a
filename for the error messages): the shells decide which at the edge, nothing here guesses.

The analysis of a posting text (public text) is kept in a small in-process cache (least recently used
first out), so many resumes against one posting read it once; ``clear_caches()`` empties it. Resumes
are personal data and are never kept: a resume text is parsed on every call (parse it once with
``jdlens.resume.parse_resume_text`` and pass the ``Resume`` to score it against many postings).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from jdlens.errors import InputError
from jdlens.job.pipeline import analyze
from jdlens.matching import explain, requirements, score
from jdlens.matching.rewrite import llm_rewrites
from jdlens.matching.roles import RoleView, role_view
from jdlens.matching.roles import fit as fit_of
from jdlens.matching.rules import Rules, load_rules
from jdlens.memo import ObjectMemo
from jdlens.models import (
    Check,
    Gap,
    JobAnalysis,
    MatchResult,
    MatchStatus,
    RequirementMatch,
    Resume,
    ResumeEvidence,
    Rewrite,
    RoleCategory,
    Suggestion,
)
from jdlens.resume import parse_resume_text, read_resume
from jdlens.resume.checks import check_research_only, run_checks
from jdlens.sources.reader import read_path
from jdlens.taxonomy import load_related, load_taxonomy

ResumeInput = Resume | str | os.PathLike[str] | bytes
JobInput = JobAnalysis | str | os.PathLike[str]
CACHE_SIZE = 512


@dataclass(frozen=True, slots=True)
class ResumeParts:
    """What depends on the resume alone: computed once when one resume meets many postings.
    ``plain``: the statements without a number (None: found on each match)."""

    checks: list[Check]
    rewrites: list[Rewrite]
    verbs: list[Suggestion]
    plain: list[ResumeEvidence] | None = None
    research: dict[RoleCategory, Check | None] = field(default_factory=dict)
    # read on the first match, then kept (one entry each): the checks' suggestions, and the plain
    # statements with their quantify suggestions
    check_advice: list[list[Suggestion]] = field(default_factory=list)
    statements: list[explain.PlainIndex] = field(default_factory=list)

    def research_check(self, resume: Resume, role: RoleCategory) -> Check | None:
        """The research-only check for a posting's role, computed once per role."""
        if role not in self.research:
            self.research[role] = check_research_only(resume, role)
        return self.research[role]

    def check_suggestions(self) -> list[Suggestion]:
        """``explain.check_suggestions`` of ``checks``, made once (suggestions hold no list: shared)."""
        if not self.check_advice:
            self.check_advice.append(explain.check_suggestions(self.checks))
        return self.check_advice[0]

    def plain_index(self, resume: Resume) -> explain.PlainIndex:
        """The statements without a number (``plain``, else found in ``resume``), indexed once."""
        if not self.statements:
            plain = explain.plain_statements(resume) if self.plain is None else self.plain
            self.statements.append(explain.PlainIndex.of(plain))
        return self.statements[0]


def resume_parts(res: Resume) -> ResumeParts:
    return ResumeParts(
        checks=run_checks(res, None),
        rewrites=explain.rule_rewrites(res),
        verbs=explain.verb_suggestions(res),
        plain=explain.plain_statements(res),
    )


# The parts of a parsed Resume the caller holds, kept only while that object lives (a weak reference:
# when the caller drops the Resume, its entry goes with it), so one Resume against many postings reads
# its checks and rewrites once. Nothing is kept for resume text or files.
_PARTS: ObjectMemo[Resume, ResumeParts] = ObjectMemo()


def parts_of(res: Resume) -> ResumeParts:
    return _PARTS.get_or_put(res, lambda: resume_parts(res))


@lru_cache(maxsize=CACHE_SIZE)
def _job_from_text(text: str, title: str | None) -> JobAnalysis:
    return analyze(text, title=title)


def clear_caches() -> None:
    """Forget every posting text analysed so far."""
    _job_from_text.cache_clear()


def _file_error(path: Path, exc: OSError) -> InputError:
    return InputError("JDL006", path=str(path)[:200], reason=exc.strerror or type(exc).__name__)


def as_resume(value: ResumeInput, filename: str | None = None, *, statements: bool = True) -> Resume:
    """A parsed resume from a Resume, a file (``Path``/``os.PathLike``, or bytes + filename), or text.
    Only the parse: the checks and rewrites a full ``match`` shows are computed there
    (``statements=False``: a resume read only to be scored, see ``parse_resume_text``)."""
    if isinstance(value, Resume):
        return value
    if isinstance(value, str):
        return parse_resume_text(value, statements=statements)
    if isinstance(value, bytes | bytearray):
        return read_resume(bytes(value), filename, statements=statements)
    path = Path(os.fspath(value))
    try:
        return read_resume(path, filename, statements=statements)
    except OSError as exc:
        raise _file_error(path, exc) from exc


def as_job(value: JobInput, title: str | None = None) -> JobAnalysis:
    """A job analysis from a JobAnalysis, a file (text, Markdown, HTML, PDF or DOCX), or posting text."""
    if isinstance(value, JobAnalysis):
        return value
    if isinstance(value, str):
        return _job_from_text(value, title)
    return analyze(job_file_text(Path(os.fspath(value))), title=title)


def job_file_text(path: Path) -> str:
    """Text of a posting file in any format the reader knows (the format comes from the bytes)."""
    try:
        return read_path(path).text
    except OSError as exc:
        raise _file_error(path, exc) from exc


@dataclass(frozen=True, slots=True)
class ResumeView:
    """What a resume brings to every posting's score, read once per resume (and rules): its skills by
    id, its role view and its ML background."""

    rules: Rules
    index: requirements.ResumeIndex
    roles: RoleView
    background: tuple[float, int, int]
    fits: dict[tuple[RoleCategory, ...], float] = field(default_factory=dict)
    education: list[tuple[ResumeEvidence, ...]] = field(default_factory=list)  # read on first use, then kept

    def fit(self, categories: tuple[RoleCategory, ...]) -> float:
        """The role fit against a posting's categories, read once per set of categories."""
        found = self.fits.get(categories)
        if found is None:
            found = self.fits[categories] = fit_of(self.roles, categories, self.rules.role_fit)
        return found

    def education_evidence(self, resume: Resume) -> tuple[ResumeEvidence, ...]:
        """``requirements.education_evidence`` of the resume, read once."""
        if not self.education:
            self.education.append(requirements.education_evidence(resume))
        return self.education[0]


def resume_view(res: Resume, rules: Rules) -> ResumeView:
    return ResumeView(
        rules,
        requirements.ResumeIndex.build(res, load_related(), rules.credit),
        role_view(res, rules.role_fit),
        score.background_credit(res, rules),
    )


# The score's view of a parsed Resume the caller holds, kept only while that object lives (like
# ``_PARTS``): one Resume against many postings reads its skills and titles once.
_VIEWS: ObjectMemo[Resume, ResumeView] = ObjectMemo()


def view_of(res: Resume, rules: Rules) -> ResumeView:
    kept = _VIEWS.get(res)
    return kept if kept is not None and kept.rules is rules else _VIEWS.put(res, resume_view(res, rules))


@dataclass(frozen=True, slots=True)
class _Scored:
    """One resume against one posting, explained: the posting's table, how each of its skills is met,
    the subscores' raw values with what they count, the total, and the years and degree rows the
    posting asks for."""

    table: requirements.JobTable
    mets: list[requirements.Met]
    parts: dict[str, score.Part]
    total: score.Score
    extra: list[RequirementMatch]


def _score(job: JobAnalysis, res: Resume, view: ResumeView) -> _Scored:
    """The score of a resume on a posting with every part saying what it counts (what a result shows).
    The values are those ``standing`` computes."""
    rules = view.rules
    table = requirements.job_table(job, rules)
    mets = table.meets(view.index)
    exp_row, exp_credit = requirements.experience_row(job, res)
    edu_row, edu_credit = requirements.education_row(job, res, view.education_evidence(res))
    role = view.roles.role.replace("_", " ")
    parts: dict[str, score.Part] = {
        "required_skills": score.skill_subscore(table, mets, True),
        "preferred_skills": score.skill_subscore(table, mets, False),
        "keyword_coverage": score.keyword_coverage(table, view.index),
        "field_background": score.field_background(table.asks_ml, view.background, rules),
        "experience_years": (
            None if exp_credit is None else 100 * exp_credit,
            exp_row.note or "" if exp_row else "the posting asks for no years",
        ),
        "education": (
            None if edu_credit is None else 100 * edu_credit,
            edu_row.note or "" if edu_row else "the posting asks for no degree",
        ),
        "role_fit": (
            100 * view.fit(table.categories),
            f"resume reads as {role}; the job is {job.role.category.replace('_', ' ')}",
        ),
    }
    musts, stuffed = score.must_have_factor(table, mets, rules), score.stuffing(mets, rules)
    total = score.total_score(parts, musts, stuffed, rules)
    return _Scored(table, mets, parts, total, [r for r in (exp_row, edu_row) if r is not None])


@dataclass(frozen=True, slots=True)
class SkillValues:
    """What a posting's skills give a resume, the resume-wide parts aside: the required and preferred
    credit, the keyword share, the must-have factor, the stuffing reason, how many are missing."""

    required: float | None
    preferred: float | None
    keywords: float | None
    musts: tuple[float, list[str]]
    stuffed: str | None
    missing: int


def skill_values(
    table: requirements.JobTable, mets: list[requirements.Met], index: requirements.ResumeIndex, rules: Rules
) -> SkillValues:
    return SkillValues(
        score.skill_credit(table, mets, True),
        score.skill_credit(table, mets, False),
        score.keyword_share(table, index),
        score.must_have_factor(table, mets, rules),
        score.stuffing(mets, rules),
        sum(m.status == "missing" for m in mets),
    )


def refiner_values(job: JobAnalysis, res: Resume) -> tuple[float | None, float | None]:
    """The years and degree parts (0..100; None when the posting asks for neither)."""
    exp_credit = requirements.experience_credit(job, res)
    edu_credit = requirements.education_credit(job, res)
    return (
        None if exp_credit is None else 100 * exp_credit,
        None if edu_credit is None else 100 * edu_credit,
    )


def value_parts(
    table: requirements.JobTable,
    view: ResumeView,
    values: SkillValues,
    refiners: tuple[float | None, float | None],
) -> dict[str, score.Part]:
    """The subscores' raw values, without what they count (what re-scoring and ranking need)."""
    rules = view.rules
    return {
        "required_skills": (values.required, ""),
        "preferred_skills": (values.preferred, ""),
        "keyword_coverage": (values.keywords, ""),
        "field_background": (score.background_value(table.asks_ml, view.background[0], rules), ""),
        "experience_years": (refiners[0], ""),
        "education": (refiners[1], ""),
        "role_fit": (100 * view.fit(table.categories), ""),
    }


def standing_from(
    table: requirements.JobTable,
    view: ResumeView,
    values: SkillValues,
    refiners: tuple[float | None, float | None],
) -> tuple[int, float, int]:
    """``standing`` from the posting's ``skill_values`` (computed, or kept from a resume that is met
    the same way on every skill this posting names) and ``refiner_values``."""
    parts = value_parts(table, view, values, refiners)
    total = score.total_score(parts, values.musts, values.stuffed, view.rules)
    return total.total, total.raw, values.missing


def score_and_gaps(
    resume: Resume,
    job: JobAnalysis,
    market: dict[str, float] | None = None,
    status: MatchStatus | None = None,
) -> tuple[int, list[Gap], list[RequirementMatch]]:
    """Only the score, the gaps and the skill rows (only those of ``status`` when given), as ``match``
    computes them (no checks, suggestions or rewrites, and no years or degree rows): what ranking resumes
    for a posting needs."""
    rules = load_rules()
    view = view_of(resume, rules)
    table = requirements.job_table(job, rules)
    mets = table.meets(view.index)
    total, gaps = _total_and_gaps(job, resume, view, table, mets, market)
    return total, gaps, table.rows(mets, status)


def score_gaps(
    resume: Resume,
    job: JobAnalysis,
    market: dict[str, float] | None = None,
    table: requirements.JobTable | None = None,
) -> tuple[int, list[Gap]]:
    """The score and the gaps as ``match`` computes them, nothing else: what ranking postings needs.
    ``table``: the posting's ``job_table`` when the caller holds it."""
    rules = load_rules()
    view = view_of(resume, rules)
    table = table if table is not None and table.rules is rules else requirements.job_table(job, rules)
    return _total_and_gaps(job, resume, view, table, table.meets(view.index), market)


def _total_and_gaps(
    job: JobAnalysis,
    resume: Resume,
    view: ResumeView,
    table: requirements.JobTable,
    mets: list[requirements.Met],
    market: dict[str, float] | None,
) -> tuple[int, list[Gap]]:
    """The score and the gaps from the subscores' values alone (``value_parts``: the values ``_score``
    explains), without building what each part counts."""
    rules = view.rules
    values = skill_values(table, mets, view.index, rules)
    parts = value_parts(table, view, values, refiner_values(job, resume))
    total = score.total_score(parts, values.musts, values.stuffed, rules)
    weights = score.part_weights(parts, rules)
    gain = score.points_per_skill_share(parts, weights, rules)
    return total.total, explain.gaps(table, mets, weights, market, gain)


def standing(resume: Resume, job: JobAnalysis) -> tuple[int, float, int]:
    """(score, score before the ceilings, skills still missing) as ``match`` computes them, and nothing
    else: what re-scoring a resume as if it showed more skills needs, posting after posting."""
    rules = load_rules()
    view = view_of(resume, rules)
    table = requirements.job_table(job, rules)
    values = skill_values(table, table.meets(view.index), view.index, rules)
    return standing_from(table, view, values, refiner_values(job, resume))


def match(
    resume: ResumeInput,
    job: JobInput,
    *,
    rewrite: bool = False,
    market: dict[str, float] | None = None,
    parts: ResumeParts | None = None,
) -> MatchResult:
    """Score a resume against a job description.

    ``resume``: a ``Resume``, resume text (``str``), a file (``Path``/``os.PathLike``) or its bytes.
    ``job``: a ``JobAnalysis``, posting text (``str``) or a posting file (``Path``/``os.PathLike``).
    ``rewrite=True`` also asks the configured OpenAI-compatible endpoint for bullet rewrites.
    ``market`` (skill id -> share of postings asking for it) orders the gaps by demand.

    Returns a ``MatchResult`` (``to_dict()`` is ``docs/schemas/match.json``). Raises ``ResumeError``
    (JDL020-029) for a resume file that cannot be read, ``InputError`` for a missing, empty or
    unreadable posting (JDL001-008, limits JDL070-071), and ``LLMError`` (JDL030-031) with
    ``rewrite=True`` when the endpoint is not set or fails.
    """
    if isinstance(resume, Resume):
        res, prepared = resume, parts or parts_of(resume)
    else:
        res = as_resume(resume)
        prepared = parts or resume_parts(res)
    ana = as_job(job)
    rules = load_rules()
    scored = _score(ana, res, view_of(res, rules))
    skill_rows = scored.table.rows(scored.mets)
    rows = skill_rows + scored.extra
    weights = score.part_weights(scored.parts, rules)
    subscores = score.subscores(scored.parts, weights)
    total = scored.total
    research = prepared.research_check(res, ana.role.category)
    checks = prepared.checks + ([research] if research is not None else [])
    suggestions = (
        explain.keyword_suggestions(rows, res)
        + prepared.plain_index(res).suggestions_for(rows)
        + prepared.verbs
        + prepared.check_suggestions()
        + (explain.check_suggestions([research]) if research is not None else [])
    )
    rewrites = list(prepared.rewrites)
    if rewrite:
        targets = [s.quote for s in suggestions if s.kind in ("quantify", "replace_verb") and s.quote]
        rewrites += llm_rewrites(res, ana, list(dict.fromkeys(targets)))
    gain = score.points_per_skill_share(scored.parts, weights, rules)
    return MatchResult.adopt(
        {  # MatchResult's fields, in their order
            "score": total.total,
            "band": total.band,
            "rules_version": rules.version,
            "subscores": subscores,
            "raw_score": total.raw,
            "cap": total.cap if total.cap_reason else None,
            "cap_reason": total.cap_reason,
            "requirements": rows,
            "missing": explain.gaps(scored.table, scored.mets, weights, market, gain),
            "checks": checks,
            "suggestions": suggestions,
            "rewrites": rewrites,
            "job_title": ana.title,
            "job_role": ana.role.category,
            "job_level": ana.seniority.level,
            "resume_role": view_of(res, rules).roles.role,
            "resume_profession": res.profession,
            "resume_years": res.total_years,
            "versions": score.versions(load_taxonomy(), rules, load_related().version, ana, res),
        }
    )
