"""Human-readable renderings of a JobAnalysis: rich terminal summary and Markdown."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from jdlens.labels import (
    category_label,
    degree_text,
    level_label,
    location_text,
    requirement_label,
    role_label,
    salary_text,
    years_text,
)
from jdlens.models import JobAnalysis

_REQ_STYLE = {"required": "bold green", "preferred": "cyan", "unspecified": "dim"}


def facts(a: JobAnalysis) -> list[tuple[str, str]]:
    return [
        ("Role", f"{role_label(a.role.category)} (confidence {a.role.confidence:.2f})"),
        ("Seniority", level_label(a.seniority.level)),
        ("Experience", years_text(a.experience)),
        ("Education", degree_text(a.education)),
        ("Salary", salary_text(a.salary)),
        ("Location", location_text(a.location)),
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
        skills.add_row(category_label(category), line)
    parts: list = [Panel(head, title=a.title or "Job description", expand=False)]
    parts += [Text(f"note: {note}", style="yellow") for note in a.notes]
    parts.append(skills)
    parts.append(
        Text(
            f"green = {requirement_label('required')}, cyan = {requirement_label('preferred')}, "
            f"grey = {requirement_label('unspecified')}",
            style="dim",
        )
    )
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
    lines += [f"\n> Note: {note}" for note in a.notes]
    lines += ["", "## Skills", "", "| skill | category | requirement | priority |", "|---|---|---|---|"]
    lines += [
        f"| {s.name} | {category_label(s.category)} | {requirement_label(s.requirement)} | {s.priority:.2f} |"
        for s in a.skills
    ]
    if a.implied_skills:
        lines += ["", "Implied (not stated): " + ", ".join(s.name for s in a.implied_skills)]
    if a.red_flags:
        lines += ["", "## Red flags", ""] + [f"- **{f.code}**: {f.message}" for f in a.red_flags]
    return "\n".join(lines) + "\n"
