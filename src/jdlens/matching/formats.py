"""Human-readable renderings of a MatchResult and rankings: rich terminal, Markdown, HTML (advice:
``jdlens.advice.screens``)."""

from __future__ import annotations

from jinja2 import Environment
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from jdlens.labels import subscore_label
from jdlens.matching.rules import Band, load_rules
from jdlens.models import JobRanking, MatchResult, ResumeRanking

_STATUS_STYLE = {"matched": "green", "partial": "yellow", "missing": "red"}
BAND_COLOUR: dict[Band, str] = {"strong": "green", "partial": "yellow", "weak": "red"}


def _flat(text: str, limit: int = 90) -> str:
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def score_colour(score: float) -> str:
    """The colour of a score's band (strong / partial / weak), by the match rules' thresholds
    (``matching/data/rules.yaml``: bands, published in docs/scoring.md)."""
    return BAND_COLOUR[load_rules().band(score)]


def _subscores_table(m: MatchResult) -> Table:
    table = Table(title="Subscores", show_header=True, header_style="bold", expand=False)
    for col in ("part", "score", "weight", "why"):
        table.add_column(col)
    for key, sub in m.subscores.items():
        weight = f"{sub.weight:.0%}" if sub.weight else "-"
        table.add_row(subscore_label(key), f"{sub.score:.0f}", weight, sub.detail)
    return table


def _requirements_table(m: MatchResult) -> Table:
    table = Table(title="Requirements", show_header=True, header_style="bold")
    for col in ("requirement", "asked", "status", "how", "resume evidence"):
        table.add_column(col, overflow="fold")
    for r in m.requirements:
        evidence = "; ".join(f"{_flat(e.text, 40)} ({e.section or '-'})" for e in r.resume_evidence[:2])
        if r.note:
            evidence = f"{evidence} - {r.note}" if evidence else r.note
        table.add_row(
            r.name, r.requirement, Text(r.status, style=_STATUS_STYLE[r.status]), r.how or "", evidence
        )
    return table


def _checks_table(m: MatchResult) -> Table:
    table = Table(title="Resume checks", show_header=True, header_style="bold")
    for col in ("check", "result", "reason"):
        table.add_column(col, overflow="fold")
    for c in m.checks:
        table.add_row(
            c.name, Text("pass" if c.passed else "fail", style="green" if c.passed else "red"), c.reason
        )
    return table


def profession_line(m: MatchResult) -> str:
    """What the person is, and the titles it is read from."""
    p = m.resume_profession
    if p is None:
        return "profession: not stated in the resume's titles"
    titles = "; ".join(_flat(t, 60) for t in p.evidence[:3])
    return f"profession: {p.name}" + (f" (from: {titles})" if titles else "")


def rich_match(m: MatchResult) -> Group:
    head = Text()
    head.append(f"Match score {m.score}/100", style=f"bold {BAND_COLOUR[m.band]}")
    head.append(f"   rules {m.rules_version}")
    if m.cap_reason:
        head.append(f"\ncapped at {m.cap}: {m.cap_reason}", style="yellow")
    head.append(f"\njob: {m.job_title or '-'} ({m.job_role}, {m.job_level}); resume reads as {m.resume_role}")
    head.append(f"\n{profession_line(m)}")
    parts: list = [Panel(head), _subscores_table(m), _requirements_table(m), _checks_table(m)]
    if m.missing:
        gaps = ", ".join(f"{g.name} ({g.requirement}, +{g.points:g})" for g in m.missing[:10])
        parts.append(Panel(gaps, title="Gaps, most important first"))
    if m.suggestions:
        lines = [
            f"• {s.message}" + (f'\n    "{_flat(s.quote, 120)}"' if s.quote else "") for s in m.suggestions
        ]
        parts.append(Panel("\n".join(lines), title="Suggestions"))
    if m.rewrites:
        lines = [
            f"• {_flat(r.original, 100)}\n  → {_flat(r.rewritten, 100)}"
            + ("" if r.accepted else f"  [rejected: {r.reason}]")
            for r in m.rewrites
        ]
        parts.append(Panel("\n".join(lines), title="Rewrites"))
    return Group(*parts)


def markdown_match(m: MatchResult) -> str:
    out = [
        f"# Match score: {m.score}/100",
        "",
        f"Rules version `{m.rules_version}`.",
        "",
        profession_line(m) + ".",
    ]
    if m.cap_reason:
        out.append(f"Capped at {m.cap}: {m.cap_reason}.")
    out += ["", "## Subscores", "", "| part | score | weight | why |", "|---|---|---|---|"]
    for key, sub in m.subscores.items():
        out.append(f"| {subscore_label(key)} | {sub.score:.0f} | {sub.weight:.0%} | {sub.detail} |")
    out += [
        "",
        "## Requirements",
        "",
        "| requirement | asked | status | how | resume evidence |",
        "|---|---|---|---|---|",
    ]
    for r in m.requirements:
        ev = "; ".join(_flat(e.text, 50).replace("|", "/") for e in r.resume_evidence[:2]) or "-"
        out.append(f"| {r.name} | {r.requirement} | {r.status} | {r.how or '-'} | {ev} |")
    out += ["", "## Checks", ""]
    out += [f"- {'✅' if c.passed else '❌'} **{c.name}**: {c.reason}" for c in m.checks]
    if m.missing:
        out += ["", "## Gaps", ""]
        out += [
            f"{i}. {g.name} ({g.requirement}, {g.status}, +{g.points:g} points)"
            for i, g in enumerate(m.missing, 1)
        ]
    if m.suggestions:
        out += ["", "## Suggestions", ""]
        out += [f"- {s.message}" + (f' > "{_flat(s.quote, 140)}"' if s.quote else "") for s in m.suggestions]
    if m.rewrites:
        out += ["", "## Rewrites", ""]
        for rw in m.rewrites:
            status = "accepted" if rw.accepted else f"rejected: {rw.reason}"
            out.append(f"- {_flat(rw.original, 140)} → {_flat(rw.rewritten, 140)} ({rw.source}, {status})")
    return "\n".join(out) + "\n"


_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>jdlens match {{ m.score }}/100</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
table{border-collapse:collapse;width:100%;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}
.matched,.pass,.band-strong{color:#16794a}.partial,.band-partial{color:#a06800}.missing,.fail,.band-weak{color:#b3261e}</style></head><body>
<h1 class="band-{{ m.band }}">Match score {{ m.score }}/100</h1><p>Rules version <code>{{ m.rules_version }}</code>.
{% if m.cap_reason %}Capped at {{ m.cap }}: {{ m.cap_reason }}.{% endif %}</p>
<p class="profession">{{ profession }}.</p>
<h2>Subscores</h2><table><tr><th>part</th><th>score</th><th>weight</th><th>why</th></tr>
{% for key, s in m.subscores.items() %}<tr><td>{{ name(key) }}</td><td>{{ '%.0f' % s.score }}</td>
<td>{{ '%.0f' % (s.weight * 100) }}%</td><td>{{ s.detail }}</td></tr>{% endfor %}</table>
<h2>Requirements</h2><table><tr><th>requirement</th><th>asked</th><th>status</th><th>how</th><th>resume evidence</th></tr>
{% for r in m.requirements %}<tr><td>{{ r.name }}</td><td>{{ r.requirement }}</td><td class="{{ r.status }}">{{ r.status }}</td>
<td>{{ r.how or '' }}</td><td>{% for e in r.resume_evidence[:2] %}{{ e.text }} ({{ e.section or '-' }}) {% endfor %}
{{ r.note or '' }}</td></tr>{% endfor %}</table>
<h2>Checks</h2><ul>{% for c in m.checks %}<li class="{{ 'pass' if c.passed else 'fail' }}">
<b>{{ c.name }}</b>: {{ c.reason }}</li>{% endfor %}</ul>
<h2>Gaps</h2><ol>{% for g in m.missing %}<li>{{ g.name }} ({{ g.requirement }}, {{ g.status }}, +{{ g.points }})</li>{% endfor %}</ol>
<h2>Suggestions</h2><ul>{% for s in m.suggestions %}<li>{{ s.message }}{% if s.quote %}<blockquote>{{ s.quote }}</blockquote>{% endif %}</li>{% endfor %}</ul>
</body></html>
"""


def html_match(m: MatchResult) -> str:
    env = Environment(autoescape=True)
    return env.from_string(_HTML).render(m=m, name=subscore_label, profession=profession_line(m))


def rich_job_ranking(r: JobRanking, top: int) -> Group:
    table = Table(title=f"Best-fitting postings (median match {r.median_score:g})")
    for col in ("#", "score", "posting", "top missing"):
        table.add_column(col, overflow="fold")
    for i, job in enumerate(r.jobs[:top], 1):
        score = Text(str(job.score), style=score_colour(job.score))
        table.add_row(str(i), score, job.title or f"posting {job.index}", ", ".join(job.missing[:3]))
    parts: list = [table]
    if r.top_gaps:
        parts.append(Panel(raise_median_line(r), title="Top gaps across these postings"))
    return Group(*parts)


def raise_median_line(r: JobRanking) -> str:
    """ "Learn these 3 to raise your median match by N points": the re-scored figure, over every posting."""
    names = "; ".join(
        g.name + (f" (or {', '.join(g.equivalents)})" if g.equivalents else "") for g in r.top_gaps
    )
    if r.median_after is None:
        return f"Learn and show {names}."
    gain = r.median_after - r.median_score
    if gain <= 0:
        best = r.top_gaps[0]
        return (
            f"No step raises your median match of {r.median_score:g} (re-scored on every posting); "
            f"the one that helps most: {best.name}, +{best.mean_gain or 0:g} points on average."
        )
    return (
        f"Learn these {len(r.top_gaps)} to raise your median match by {gain:g} points "
        f"(from {r.median_score:g} to {r.median_after:g}, re-scored on every posting): {names}."
    )


def rich_resume_ranking(r: ResumeRanking, top: int) -> Group:
    table = Table(title=f"Candidates for {r.job_title or 'the posting'}")
    for col in ("#", "score", "resume", "matched", "missing"):
        table.add_column(col, overflow="fold")
    for i, res in enumerate(r.resumes[:top], 1):
        score = Text(str(res.score), style=score_colour(res.score))
        table.add_row(str(i), score, res.name, ", ".join(res.matched[:6]), ", ".join(res.missing[:4]))
    return Group(table)


def print_group(group: Group, console: Console | None = None) -> None:
    (console or Console()).print(group)
