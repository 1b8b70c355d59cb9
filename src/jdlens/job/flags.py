"""Red flags an experienced reader notices in a job description."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jdlens.advice.advisor import salary_bands
from jdlens.models import Education, Experience, RedFlag, Role, Salary, Seniority, SkillMention
from jdlens.money import annual
from jdlens.taxonomy.category_sets import category_set, role_set
from jdlens.text.document import Document
from jdlens.text.gate import GatedPattern

KITCHEN_SINK_TOOLS = 10
KITCHEN_SINK_FRAMEWORKS = 8
_PRODUCTION = GatedPattern(
    r"\b(?:in production|production(?:ize|ise|ion)?[- ](?:systems?|models?|grade|ready|environments?|ml|pipelines?)|deploy(?:ing|ment|ed)?\b|ship(?:ping)? models|serving|on-?call|sla\b)"
)
_MONITORING = GatedPattern(
    r"\b(?:monitor(?:ing|ed|s)?|observability|drift|alert(?:ing|s)|reliab(?:le|ility)|sla|slo|incident|uptime|logging)\b"
)
_RESEARCH = GatedPattern(
    r"\b(?:publish(?:ing|ed)?|publications?|top[- ]tier (?:conferences|venues)|neurips|icml|iclr|cvpr|novel (?:research|algorithms|methods|architectures)|research agenda|advance the state of the art|state-of-the-art research)\b"
)
_TIMELINE = GatedPattern(
    r"\b(?:within (?:the first )?\d+ (?:days|weeks|months)|first \d+ (?:days|months)|\d+[- ]day plan|each quarter|quarterly (?:goals|deliverables)|fast[- ]paced|tight deadlines|rapid(?:ly)? (?:iterat|ship|deliver))"
)


@dataclass(frozen=True, slots=True)
class FlagContext:
    doc: Document
    skills: list[SkillMention]
    experience: Experience
    education: Education
    role: Role
    seniority: Seniority
    salary: Salary | None


Check = Callable[[FlagContext], RedFlag | None]


def junior_high_years(ctx: FlagContext) -> RedFlag | None:
    if (
        ctx.seniority.level in ("intern", "junior")
        and ctx.experience.min_years is not None
        and ctx.experience.min_years >= 5
    ):
        evidence = [e.text for e in ctx.experience.evidence[:2]] + ctx.seniority.evidence[:1]
        return RedFlag.trusted(
            code="junior_title_high_years",
            message=f"An entry-level or junior role that asks for {ctx.experience.min_years:g}+ years of experience.",
            evidence=evidence,
        )
    return None


def entry_level_phd(ctx: FlagContext) -> RedFlag | None:
    if ctx.seniority.level in ("intern", "junior") and ctx.education.min_degree == "phd":
        return RedFlag.trusted(
            code="entry_level_phd",
            message="An entry-level role that requires a PhD.",
            evidence=[e.text for e in ctx.education.evidence[:2]] + ctx.seniority.evidence[:1],
        )
    return None


def kitchen_sink(ctx: FlagContext) -> RedFlag | None:
    asked = [s for s in ctx.skills if s.requirement != "preferred"]
    tool_categories, framework_categories = category_set("asked_tools"), category_set("frameworks")
    tools = [s for s in asked if s.category in tool_categories]
    frameworks = [s for s in asked if s.category in framework_categories]
    if len(tools) >= KITCHEN_SINK_TOOLS or len(frameworks) >= KITCHEN_SINK_FRAMEWORKS:
        names = ", ".join(
            s.name for s in (frameworks if len(frameworks) >= KITCHEN_SINK_FRAMEWORKS else tools)[:12]
        )
        return RedFlag.trusted(
            code="kitchen_sink_stack",
            message=f"Asks for {len(tools)} tools and {len(frameworks)} frameworks: a copy-paste list; "
            "few teams use all of them, so find out which ones the work really needs.",
            evidence=[names],
        )
    return None


def no_monitoring(ctx: FlagContext) -> RedFlag | None:
    if ctx.role.category not in role_set("production_ml"):
        return None
    production = _PRODUCTION.search(ctx.doc.lower)
    if production and not _MONITORING.search(ctx.doc.lower):
        return RedFlag.trusted(
            code="no_monitoring",
            message="A production ML role with no word on monitoring, drift or reliability: ask who "
            "owns models once they are live.",
            evidence=[production.group(0)],
        )
    return None


def research_and_production(ctx: FlagContext) -> RedFlag | None:
    research = _RESEARCH.search(ctx.doc.lower)
    production = research and _PRODUCTION.search(ctx.doc.lower)
    timeline = production and _TIMELINE.search(ctx.doc.lower)
    if research and production and timeline:
        return RedFlag.trusted(
            code="research_and_production",
            message="Novel research and production delivery on one short timeline: two jobs in one.",
            evidence=[research.group(0), production.group(0), timeline.group(0)],
        )
    return None


LAKH = 100_000
BELOW_BAND = 0.75  # flag pay whose top is under three quarters of the band's floor


def salary_below_band(ctx: FlagContext) -> RedFlag | None:
    """Pay far below the ML-engineer band for the level (US and India bands, from the advice data)."""
    salary = ctx.salary
    if salary is None or ctx.role.category not in role_set("ml_pay") or ctx.seniority.level == "intern":
        return None

    for band in salary_bands(ctx.seniority.level):
        if band.currency != salary.currency:
            continue
        floor = band.min * (LAKH if "lakh" in band.unit else 1)
        top = annual(salary.max, salary.period)
        if top < BELOW_BAND * floor:
            return RedFlag.trusted(
                code="salary_below_band",
                message=f"Pays at most {top:,.0f} {salary.currency} a year, far below the {floor:,.0f} floor of the "
                f"{band.region} band for {band.level} ({band.source}).",
                evidence=[e.text for e in salary.evidence[:1]],
            )
    return None


CHECKS: tuple[Check, ...] = (
    junior_high_years,
    entry_level_phd,
    kitchen_sink,
    no_monitoring,
    research_and_production,
    salary_below_band,
)


def find_red_flags(ctx: FlagContext) -> list[RedFlag]:
    return [flag for check in CHECKS if (flag := check(ctx)) is not None]
