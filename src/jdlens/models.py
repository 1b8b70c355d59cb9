"""The data users see: immutable pydantic models whose ``to_dict()`` is the documented JSON shape."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Self, TypeVar, cast

from pydantic import BaseModel, ConfigDict, Field

Requirement = Literal["required", "preferred", "unspecified"]
SectionKind = Literal[
    "intro",
    "about_company",
    "responsibilities",
    "requirements",
    "preferred",
    "benefits",
    "tech_stack",
    "other",
]
RoleCategory = Literal[
    "ml_engineer",
    "research_scientist",
    "data_scientist",
    "ml_infrastructure",
    "nlp_llm",
    "data_engineer",
    "software_engineer",
    "other",
]
Level = Literal["intern", "junior", "mid", "senior", "staff_plus"]
Degree = Literal["none", "bachelor", "master", "phd"]
Period = Literal["year", "month", "week", "day", "hour"]
Remote = Literal["remote", "hybrid", "onsite"]


class Model(BaseModel):
    # defer_build: each model's validator and serializer are built the first time it is used, not at
    # import, so ``import jdlens`` and a first analysis pay only for the models they touch.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def trusted(cls, **values: Any) -> Self:
        """An instance from values already of the right types (a ``float`` field gets a ``float``, a
        list field a ``list``): no validation. A field not given takes its default. The analysis builds
        every model this way, so a plain analysis never builds a pydantic validator (nor loads pydantic's
        plugins); otherwise like ``model_construct``: the same ``__dict__`` (in field order) and fields set."""
        spec = _SPECS.get(cls) or _spec(cls)
        data = spec.defaults.copy()  # every field in order, with its default
        data.update(values)
        if len(values) != spec.size:  # some field not given (when all are, none is left to fill)
            for name, factory in spec.factories:
                if name not in values:
                    data[name] = factory()
            if not spec.required <= values.keys():
                raise TypeError(f"{cls.__name__}.trusted: {sorted(spec.required - values.keys())} required")
        if len(data) != spec.size:
            raise TypeError(
                f"{cls.__name__}.trusted: no field {sorted(values.keys() - spec.defaults.keys())}"
            )
        return _instance(cls, data, set(values))

    @classmethod
    def template(cls, **values: Any) -> dict[str, Any]:
        """Every field of the class in field order: ``values``, the others None. A row built many times
        copies it, sets the rest and is made by ``adopt``."""
        spec = _SPECS.get(cls) or _spec(cls)
        data = dict.fromkeys(spec.defaults)
        if not values.keys() <= data.keys():
            raise TypeError(f"{cls.__name__}.template: no field {sorted(values.keys() - data.keys())}")
        data.update(values)
        return data

    @classmethod
    def adopt(cls, data: dict[str, Any]) -> Self:
        """An instance that takes ``data`` as its ``__dict__`` (not copied): every field, in field order
        (a ``template`` copy, or a dict written in that order), values of the right types, as ``trusted``
        reads them. No keyword arguments to pack and no defaults to merge: the hot rows of a match.
        The adopted models of a class share one fields set (every field): pydantic changes it only on
        assignment, which a frozen model refuses first, and ``model_copy`` copies it, so one set serves
        them all, and a result holds a tracked object fewer per row (the collector walks fewer)."""
        spec = _SPECS.get(cls) or _spec(cls)
        if tuple(data) != spec.names:  # the fields and their order (one pass over the keys)
            differ = sorted(data.keys() ^ spec.defaults.keys())
            why = f"fields {differ} differ" if differ else "fields out of order"
            raise TypeError(f"{cls.__name__}.adopt: {why}")
        return _instance(cls, data, spec.every)

    @classmethod
    def adopt_all(cls, rows: list[dict[str, Any]]) -> list[Self]:
        """``adopt`` of each dict, in one loop (the rows and gaps of a match: tens per pair)."""
        spec = _SPECS.get(cls) or _spec(cls)
        names, every = spec.names, spec.every
        out = []
        for data in rows:
            if tuple(data) != names:
                return [cls.adopt(data) for data in rows]  # raises for the first dict that differs
            m = _new(cls)
            _set_attr(m, "__dict__", data)
            _set_fields_set(m, every)
            _set_extra(m, None)
            _set_private(m, None)
            out.append(m)
        return out


@dataclass(frozen=True, slots=True)
class _Spec:
    """How ``Model.trusted`` fills a class's fields, worked out once per class (pydantic's
    ``get_default`` inspects the factory's signature per call)."""

    # every field, in order: its default, or None where a factory or nothing gives one
    defaults: dict[str, Any]
    factories: tuple[tuple[str, Callable[[], Any]], ...]
    required: frozenset[str]
    size: int
    names: tuple[str, ...]  # every field, in order
    every: set[str]  # every field: the fields set all adopted models of the class share (``adopt``)


_SPECS: dict[type[BaseModel], _Spec] = {}
M = TypeVar("M", bound=BaseModel)
_new = object.__new__
_set_attr = object.__setattr__
# BaseModel's own slots, set directly (what ``model_construct`` sets)
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def _instance(cls: type[M], data: dict[str, Any], fields_set: set[str]) -> M:
    """What ``model_construct`` makes: ``data`` as the ``__dict__``, the fields set, no extra and no
    private values (BaseModel's own slots set directly)."""
    m = _new(cls)
    _set_attr(m, "__dict__", data)
    _set_fields_set(m, fields_set)
    _set_extra(m, None)
    _set_private(m, None)
    return m


def _spec(cls: type[BaseModel]) -> _Spec:
    defaults: dict[str, Any] = {}
    factories: list[tuple[str, Callable[[], Any]]] = []
    required: set[str] = set()
    for name, info in cls.__pydantic_fields__.items():
        defaults[name] = None if info.is_required() or info.default_factory is not None else info.default
        if info.is_required():
            required.add(name)
        elif info.default_factory is not None:
            factories.append((name, cast("Callable[[], Any]", info.default_factory)))
    found = _SPECS[cls] = _Spec(
        defaults, tuple(factories), frozenset(required), len(defaults), tuple(defaults), set(defaults)
    )
    return found


class SkilledText(Model):
    """A read document (job description or resume): its normalized ``text`` stays out of ``to_dict()``
    unless asked for, and ``skill_ids`` lists what it states (and implies)."""

    def to_dict(self, *, include_text: bool = False) -> dict[str, Any]:
        data = self.model_dump(mode="json")
        if not include_text:
            data.pop("text", None)
        return data

    def skill_ids(self, *, with_implied: bool = False) -> set[str]:
        ids = {s.id for s in self.skills}  # type: ignore[attr-defined]
        if with_implied:
            ids |= {s.id for s in self.implied_skills}  # type: ignore[attr-defined]
        return ids


class Evidence(Model):
    """A span of the analysed (normalized) text that supports a finding."""

    text: str
    start: int
    end: int
    section: SectionKind | None = None


class SkillMention(Model):
    id: str
    name: str
    category: str
    requirement: Requirement
    priority: float = Field(description="0..1, how much a hiring manager screens for it")
    evidence: list[Evidence]


class ImpliedSkill(Model):
    id: str
    name: str
    category: str
    implied_by: list[str] = Field(description="ids of the stated skills that imply it")


class Experience(Model):
    min_years: float | None = None
    max_years: float | None = None
    by_degree: dict[str, float] = Field(default_factory=dict, description="degree -> minimum years")
    evidence: list[Evidence] = Field(default_factory=list)


class Education(Model):
    min_degree: Degree | None = None
    preferred_degree: Degree | None = None
    fields: list[str] = Field(default_factory=list)
    equivalent_experience: bool = False
    evidence: list[Evidence] = Field(default_factory=list)


SalaryLabel = Literal["base", "total", "tier", "hourly"]


class SalaryRange(Model):
    """One range (or figure) of pay as the posting states it."""

    min: float
    max: float
    currency: str
    period: Period
    label: SalaryLabel = Field(
        description="base; total (OTE, total compensation); tier (one of several stated together); hourly"
    )
    evidence: list[Evidence] = Field(default_factory=list)


class Salary(Model):
    """The primary pay of the posting, and every range found (``ranges``)."""

    min: float
    max: float
    currency: str
    period: Period
    evidence: list[Evidence] = Field(default_factory=list)
    ranges: list[SalaryRange] = Field(default_factory=list)


class Role(Model):
    category: RoleCategory
    confidence: float
    signals: list[str] = Field(default_factory=list)


class Seniority(Model):
    level: Level
    evidence: list[str] = Field(default_factory=list)


class Place(Model):
    """One place of a posting: a city, its region (state or province code) and its country."""

    city: str | None = None
    state: str | None = None
    country: str | None = None


class Location(Model):
    """Where the job is: the first place named (``city``, ``state``, ``country``), every place named
    (``places``, in the posting's order: "New York, NY or San Francisco, CA" is two), and the work mode."""

    city: str | None = None
    state: str | None = None
    country: str | None = None
    remote: Remote | None = None
    places: list[Place] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)


class RedFlag(Model):
    code: str
    message: str
    evidence: list[str] = Field(default_factory=list)


class Section(Model):
    kind: SectionKind
    heading: str | None
    start: int
    end: int


class JobAnalysis(SkilledText):
    """Everything ``jdlens.analyze`` reads out of one job description."""

    title: str | None = None
    skills: list[SkillMention] = Field(default_factory=list)
    implied_skills: list[ImpliedSkill] = Field(default_factory=list)
    experience: Experience = Field(default_factory=Experience)
    education: Education = Field(default_factory=Education)
    salary: Salary | None = None
    role: Role
    seniority: Seniority
    location: Location = Field(default_factory=Location)
    red_flags: list[RedFlag] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    empty_pages: list[int] = Field(
        default_factory=list, description="1-based PDF pages with no text (scans), which were not read"
    )
    notes: list[str] = Field(
        default_factory=list, description="what reading the file could not read (pages with no text)"
    )
    text: str = Field(default="", description="the normalized text that evidence offsets point into")
    versions: dict[str, str] = Field(default_factory=dict)


# --- Resumes, matches, advice and rankings -------------------------------------------------------

ResumeSectionKind = Literal[
    "header",
    "summary",
    "experience",
    "education",
    "skills",
    "projects",
    "publications",
    "certifications",
    "other",
]
ResumeFormat = Literal["pdf", "docx", "txt", "markdown"]
MatchStatus = Literal["matched", "partial", "missing"]
MatchHow = Literal["exact", "alias", "implied", "related"]


class ResumeEvidence(Model):
    """A span of the resume's normalized text (``Resume.text``)."""

    text: str
    start: int
    end: int
    section: ResumeSectionKind | None = None


class ResumeSection(Model):
    kind: ResumeSectionKind
    heading: str | None
    start: int
    end: int


class Contact(Model):
    """Which contact details the resume shows (presence only; the values are not kept)."""

    email: bool = False
    phone: bool = False
    linkedin: bool = False
    github: bool = False
    website: bool = False


class ResumeRole(Model):
    title: str | None = None
    start: str = Field(description="YYYY-MM")
    end: str | None = Field(default=None, description="YYYY-MM, or null for a current role")
    months: int
    evidence: ResumeEvidence


class ResumeSkill(Model):
    id: str
    name: str
    category: str
    evidence: list[ResumeEvidence]
    listed_only: bool = Field(
        description="named only in a skills list, with no evidence in experience or projects"
    )


class Profession(Model):
    """What the person is, read from their own titles (``resume/data/professions.yaml``)."""

    id: str = Field(description="a role id of taxonomy/data/roles.yaml, or a profession outside them")
    name: str
    role: RoleCategory = Field(description="the posting role it is (``other`` outside tech roles)")
    evidence: list[str] = Field(default_factory=list, description="the titles that name it")


class Resume(SkilledText):
    """Everything ``jdlens.read_resume`` reads out of one resume."""

    filename: str | None = None
    format: ResumeFormat
    pages: int | None = None
    empty_pages: list[int] = Field(
        default_factory=list, description="1-based PDF pages with no text (scans), which were not read"
    )
    notes: list[str] = Field(
        default_factory=list, description="what reading the file could not read (pages with no text)"
    )
    word_count: int
    sections: list[ResumeSection] = Field(default_factory=list)
    contact: Contact = Field(default_factory=Contact)
    bullets: list[ResumeEvidence] = Field(default_factory=list)
    roles: list[ResumeRole] = Field(default_factory=list)
    total_years: float | None = None
    degree: Degree | None = None
    titles: list[str] = Field(default_factory=list)
    profession: Profession | None = None
    skills: list[ResumeSkill] = Field(default_factory=list)
    implied_skills: list[ImpliedSkill] = Field(default_factory=list)
    text: str = Field(default="", description="the normalized text that evidence offsets point into")
    versions: dict[str, str] = Field(default_factory=dict)


class Subscore(Model):
    score: float = Field(description="0..100")
    weight: float = Field(description="share of the total score, 0..1")
    detail: str


class RequirementMatch(Model):
    """One job requirement and how the resume meets it."""

    kind: Literal["skill", "experience", "education"]
    id: str
    name: str
    category: str | None = None
    requirement: Requirement
    priority: float
    status: MatchStatus
    how: MatchHow | None = None
    credit: float = Field(description="0..1, the share of this requirement's weight the resume earns")
    # tuples: a row is immutable through and through, so a posting's row for a skill the resume lacks
    # is one object for every resume scored against it (a result holds only the rows of its own)
    via: tuple[str, ...] = Field(default=(), description="resume skills that imply or relate to it")
    job_evidence: tuple[Evidence, ...] = ()
    resume_evidence: tuple[ResumeEvidence, ...] = ()
    note: str | None = None


class Gap(Model):
    id: str
    name: str
    category: str | None = None
    requirement: Requirement
    priority: float
    status: MatchStatus
    market_share: float | None = Field(
        default=None, description="share of postings in the corpus asking for it"
    )
    points: float = Field(description="score points gained if the gap were closed")


class Check(Model):
    code: str
    name: str
    passed: bool
    reason: str
    evidence: list[ResumeEvidence] = Field(default_factory=list)


class Suggestion(Model):
    kind: Literal[
        "quantify", "add_keyword", "show_evidence", "replace_verb", "add_section", "add_contact", "length"
    ]
    message: str
    quote: str | None = None
    where: ResumeEvidence | None = None


class Rewrite(Model):
    original: str
    rewritten: str
    source: Literal["rules", "llm"]
    accepted: bool
    reason: str | None = None


class MatchResult(Model):
    """``jdlens.match``: the score, every point explained, the gaps and the edits."""

    score: int = Field(description="0..100")
    band: Literal["strong", "partial", "weak"] = Field(
        default="weak", description="what the score reads as (docs/scoring.md: bands)"
    )
    rules_version: str
    subscores: dict[str, Subscore]
    raw_score: float = Field(
        description="the weighted sum of subscores, before the must-have scale and any cap"
    )
    cap: int | None = Field(default=None, description="the ceiling applied, when one lowered the score")
    cap_reason: str | None = None
    requirements: list[RequirementMatch] = Field(default_factory=list)
    missing: list[Gap] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    suggestions: list[Suggestion] = Field(default_factory=list)
    rewrites: list[Rewrite] = Field(default_factory=list)
    job_title: str | None = None
    job_role: RoleCategory | None = None
    job_level: Level | None = None
    resume_role: RoleCategory | None = None
    resume_profession: Profession | None = Field(
        default=None, description="what the person is, read from the resume's own titles"
    )
    resume_years: float | None = None
    versions: dict[str, str] = Field(default_factory=dict)


class Course(Model):
    name: str
    platform: str
    rating: float | None = None
    covers: list[str] = Field(default_factory=list)
    hours: float | None = None
    source: str


class LearningStep(Model):
    """One step of a learning path: a skill, or a concept with one tool that implements it."""

    id: str = Field(description="the step's main skill id: its first concept, else its tool")
    name: str
    stage: str
    order: int
    skills: list[str] = Field(
        default_factory=list, description="skill ids the step teaches (what the re-scored resume shows)"
    )
    tool: str | None = Field(default=None, description="name of the tool taught for the concept")
    equivalents: list[str] = Field(
        default_factory=list, description="names of tools that would do as well (the posting's first)"
    )
    closes: list[str] = Field(default_factory=list, description="the posting's gap ids this step closes")
    points: float | None = Field(
        default=None,
        description="match points gained: the re-scored score with the step shown, minus the score",
    )
    raw_points: float | None = Field(
        default=None, description="the same re-scored difference before the score's ceilings (caps)"
    )
    score_after: int | None = Field(
        default=None, description="the re-scored match once this step and the ones before it are shown"
    )
    market_share: float | None = Field(
        default=None, description="share of the market's postings asking for it"
    )
    hours: float = 0.0
    weeks: float
    effort_basis: str = Field(default="", description="where the hours come from")
    reason: str
    courses: list[Course] = Field(default_factory=list)
    project: str | None = Field(default=None, description="a concrete project, when no course covers it")


class SalaryBand(Model):
    region: str
    level: str
    years: str
    min: float
    max: float | None = None
    currency: str
    unit: str
    source: str


class InterviewTopic(Model):
    kind: Literal["coding", "ml_theory", "ml_system_design", "behavioral"]
    topic: str
    reason: str


class Advice(Model):
    starting_point: Literal["software_engineer", "data_scientist", "from_scratch", "ml_practitioner"]
    starting_point_reason: str = ""
    job_title: str | None = None
    role: RoleCategory | None = None
    level: Level | None = None
    score: int | None = Field(default=None, description="the match score today (with a resume)")
    score_after: int | None = Field(default=None, description="the re-scored match with every step shown")
    learning_path: list[LearningStep] = Field(default_factory=list)
    left_out: list[str] = Field(default_factory=list, description="names of gaps beyond the path's length")
    total_weeks: float = 0.0
    region: str | None = Field(default=None, description="the bands' region, from the posting's country")
    salary: list[SalaryBand] = Field(default_factory=list)
    posting_salary: Salary | None = Field(default=None, description="the pay the posting states")
    interview_topics: list[InterviewTopic] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    versions: dict[str, str] = Field(default_factory=dict)


class RankedJob(Model):
    index: int
    title: str | None = None
    score: int
    missing: list[str] = Field(default_factory=list, description="names of the top missing required skills")


class SkillGain(Model):
    id: str
    name: str
    jobs_missing: int
    median_gain: float = Field(description="median points gained over all jobs if this skill were shown")
    mean_gain: float | None = Field(default=None, description="mean re-scored points gained over all jobs")
    equivalents: list[str] = Field(default_factory=list, description="tools that would do as well")
    skills: list[str] = Field(default_factory=list, description="skill ids the step teaches (re-scored)")


class JobRanking(Model):
    jobs: list[RankedJob]
    median_score: float
    top_gaps: list[SkillGain] = Field(default_factory=list)
    median_after: float | None = Field(default=None, description="median score with the top gaps closed")
    errors: list[str] = Field(default_factory=list)


class RankedResume(Model):
    name: str
    score: int
    matched: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    evidence: list[ResumeEvidence] = Field(default_factory=list)


class ResumeRanking(Model):
    job_title: str | None = None
    resumes: list[RankedResume]
    errors: list[str] = Field(default_factory=list)


# ---- market (corpus ingest and reports) -------------------------------------------------------


class BadRow(Model):
    """A source row that was reported and skipped."""

    source_id: str
    row: int | None = Field(
        description="0-based index of the record among the file's records (bad ones included)"
    )
    reason: str
    where: str = Field(
        "",
        description="its position in the file: line N (CSV, JSON Lines; 1-based) or record N (Parquet, JSON)",
    )
    code: str | None = Field(
        default=None,
        description="the jdlens error code: JDL009 unreadable, JDL007 a field over the limit, ...",
    )


class IngestFileResult(Model):
    path: str
    source_id: str
    layout: str = Field(description="preset or guessed columns: field=column, ...")
    rows_read: int
    postings_added: int
    duplicates: int = Field(
        description="rows folded into an earlier posting with the same normalized description"
    )
    bad_rows: int
    resumed_from: int = Field(
        description="row at which an interrupted ingest of this file resumed (0: fresh)"
    )
    already_ingested: bool = False


class IngestResult(Model):
    db: str
    engine: str
    files: list[IngestFileResult]
    bad_rows: list[BadRow] = Field(default_factory=list, description="the first 100 bad rows")
    seconds: float

    @property
    def postings_added(self) -> int:
        return sum(f.postings_added for f in self.files)

    @property
    def duplicates(self) -> int:
        return sum(f.duplicates for f in self.files)


Cell = str | int | float | bool | None


class MarketTable(Model):
    """One report table: every share in it is a count divided by ``denominator``."""

    name: str
    section: str
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    denominator: int
    denominator_label: str
    note: str | None = None
    chart: str | None = None  # the chart kind the report draws (``market.registry.CHART_KINDS``)


class MarketReport(Model):
    db: str
    filters: dict[str, str]
    postings: int
    currency: str
    tables: list[MarketTable]
    out_dir: str | None = None

    def table(self, name: str) -> MarketTable:
        for t in self.tables:
            if t.name == name:
                return t
        raise KeyError(name)
