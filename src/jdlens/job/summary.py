"""Human-readable renderings of a JobAnalysis: rich terminal summary and Markdown."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from jdlens.models import JobAnalysis
from jdlens.taxonomy.schema import CATEGORIES

_REQ_STYLE = {"required": "bold green", "preferred": "cyan", "unspecified": "dim"}
_ROLE_NAMES = {
    "ml_engineer": "ML engineer",
    "research_scientist": "Research scientist",
    "data_scientist": "Data scientist / applied ML",
    "ml_infrastructure": "ML infrastructure",
    "nlp_llm": "NLP / LLM specialist",
    "data_engineer": "Data engineer",
    "software_engineer": "Software engineer",
    "other": "Other",
}


def role_name(category: str) -> str:
    return _ROLE_NAMES.get(category, category)


def years_text(a: JobAnalysis) -> str:
    exp = a.experience
    if exp.min_years is None:
        return "not stated"
    if exp.max_years is not None and exp.max_years != exp.min_years:
        return f"{exp.min_years:g}-{exp.max_years:g} years"
    return f"{exp.min_years:g}+ years"


def degree_text(a: JobAnalysis) -> str:
    edu = a.education
    parts = []
    if edu.min_degree and edu.min_degree != "none":
        parts.append(f"{edu.min_degree} required")
    if edu.preferred_degree:
        parts.append(f"{edu.preferred_degree} preferred")
    if edu.fields:
        parts.append("in " + ", ".join(edu.fields))
    if edu.equivalent_experience:
        parts.append("or equivalent experience")
    return "; ".join(parts) if parts else ("none required" if edu.min_degree == "none" else "not stated")


def salary_text(a: JobAnalysis) -> str:
    s = a.salary
    if s is None:
        return "not stated"
    span = f"{s.min:,.0f}" if s.min == s.max else f"{s.min:,.0f}-{s.max:,.0f}"
    return f"{span} {s.currency} per {s.period}"


def location_text(a: JobAnalysis) -> str:
    loc = a.location
    place = ", ".join(p for p in (loc.city, loc.state, loc.country) if p)
    return " · ".join(p for p in (place, loc.remote or "") if p) or "not stated"


def facts(a: JobAnalysis) -> list[tuple[str, str]]:
    return [
        ("Role", f"{role_name(a.role.category)} (confidence {a.role.confidence:.2f})"),
        ("Seniority", a.seniority.level),
        ("Experience", years_text(a)),
        ("Education", degree_text(a)),
        ("Salary", salary_text(a)),
        ("Location", location_text(a)),
    ]


def skills_by_category(a: JobAnalysis) -> dict[str, list]:
    grouped: dict[str, list] = defaultdict(list)
    for skill in a.skills:
        grouped[skill.category].append(skill)
    return dict(sorted(grouped.items(), key=lambda kv: -max(s.priority for s in kv[1])))


def rich_summary(a: JobAnalysis) -> Group:
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    for label, value in facts(a):
        head.add_row(label, value)
    skills = Table(title="Skills (by priority within category)", expand=False)
    skills.add_column("category")
    skills.add_column("skills")
    for category, items in skills_by_category(a).items():
        line = Text()
        for i, s in enumerate(items):
            if i:
                line.append(", ")
            line.append(s.name, style=_REQ_STYLE[s.requirement])
        skills.add_row(CATEGORIES.get(category, category), line)
    parts: list = [Panel(head, title=a.title or "Job description", expand=False), skills]
    parts.append(Text("green = required, cyan = preferred, grey = mentioned", style="dim"))
    if a.red_flags:
        flags = Table(title="Red flags", show_header=False)
        flags.add_column()
        for flag in a.red_flags:
            flags.add_row(Text(f"[{flag.code}] {flag.message}", style="yellow"))
        parts.append(flags)
    return Group(*parts)


def print_summary(a: JobAnalysis, console: Console | None = None) -> None:
    (console or Console()).print(rich_summary(a))


def markdown(a: JobAnalysis) -> str:
    lines = [f"# {a.title or 'Job description'}", ""]
    lines += [f"- **{label}**: {value}" for label, value in facts(a)]
    lines += ["", "## Skills", "", "| skill | category | requirement | priority |", "|---|---|---|---|"]
    lines += [
        f"| {s.name} | {CATEGORIES.get(s.category, s.category)} | {s.requirement} | {s.priority:.2f} |"
        for s in a.skills
    ]
    if a.implied_skills:
        lines += ["", "Implied (not stated): " + ", ".join(s.name for s in a.implied_skills)]
    if a.red_flags:
        lines += ["", "## Red flags", ""] + [f"- **{f.code}**: {f.message}" for f in a.red_flags]
    return "\n".join(lines) + "\n"
