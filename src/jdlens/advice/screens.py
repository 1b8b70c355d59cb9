"""One screen of advice in three renderings: the terminal (rich), Markdown and HTML.

Each shows the same things in the same order: the starting point and the match today, the path (each
step with its points, the score it reaches, its effort and what to do), the salary bands beside the
posting's own pay, and the interview topics.
"""

from __future__ import annotations

from jinja2 import Environment
from rich.console import Group
from rich.panel import Panel
from rich.table import Table

from jdlens.models import Advice, LearningStep, Salary, SalaryBand

_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Advice{{ ' for ' + a.job_title if a.job_title else '' }}</title>
<style>body{font-family:system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.35rem;text-align:left;vertical-align:top}
.muted{color:#555}</style></head><body>
<h1>Advice{{ ' for ' + a.job_title if a.job_title else '' }}</h1>
<p>{{ heading }}</p>
<h2>Learning path</h2>
{% if a.learning_path %}<table><thead><tr><th>#</th><th>step</th><th>stage</th><th>points</th><th>score after</th><th>effort</th><th>what to do</th></tr></thead><tbody>
{% for s in a.learning_path %}<tr><td>{{ s.order }}</td><td><b>{{ s.name }}</b>{% if s.tool %} with {{ s.tool }}{% endif %}
{% if s.equivalents %}<br><span class="muted">or {{ s.equivalents | join(', ') }}</span>{% endif %}<br><span class="muted">{{ s.reason }}</span></td>
<td>{{ s.stage }}</td><td>{{ points(s) }}</td><td>{{ s.score_after if s.score_after is not none else '' }}</td>
<td>{{ effort(s) }}<br><span class="muted">{{ s.effort_basis }}</span></td><td>{{ todo(s) }}</td></tr>{% endfor %}
</tbody></table>{% else %}<p>No gaps to study for.</p>{% endif %}
{% if a.left_out %}<p class="muted">Not shown (the path keeps {{ a.learning_path | length }} steps): {{ a.left_out | join(', ') }}</p>{% endif %}
<h2>Salary</h2><ul>{% for b in a.salary %}<li>{{ band(b) }}</li>{% endfor %}
{% if a.posting_salary %}<li>The posting states {{ posted(a.posting_salary) }}</li>{% endif %}</ul>
<h2>Interview topics</h2><ul>{% for t in a.interview_topics %}<li><b>{{ t.topic }}</b> <span class="muted">({{ t.kind | replace('_', ' ') }}; {{ t.reason }})</span></li>{% endfor %}</ul>
<h2>Notes</h2><ul>{% for n in a.notes %}<li>{{ n }}</li>{% endfor %}</ul>
</body></html>
"""


def heading(a: Advice) -> str:
    """The line above the path: starting point, and the match today and with the path shown."""
    start = f"Starting point: {a.starting_point.replace('_', ' ')} ({a.starting_point_reason})"
    if a.score is None:
        return f"{start}. About {a.total_weeks:g} weeks of part-time study."
    return (
        f"{start}. Match today {a.score}; with every step shown {a.score_after} "
        f"(re-scored). About {a.total_weeks:g} weeks of part-time study."
    )


def points(s: LearningStep) -> str:
    """ "+7", or "+0 (+22.6 before the cap)" when a ceiling holds the score, and the market's share."""
    parts = []
    if s.points is not None:
        text = f"+{s.points:g}"
        if s.raw_points is not None and s.raw_points > s.points:
            text += f" (+{s.raw_points:g} before the cap)"
        parts.append(text)
    if s.market_share is not None:
        parts.append(f"{s.market_share:.0%} of the market")
    return "; ".join(parts)


def effort(s: LearningStep) -> str:
    return f"{s.hours:g} h (~{s.weeks:g} weeks)"


def todo(s: LearningStep) -> str:
    """The best-rated course (platform, rating, seed), or the project."""
    if s.courses:
        c = s.courses[0]
        rating = f", rated {c.rating:g}" if c.rating else ""
        more = f" (+{len(s.courses) - 1} more)" if len(s.courses) > 1 else ""
        return f"Course: {c.name} ({c.platform}{rating}; {c.source}){more}"
    return f"Project: {s.project}"


def band(b: SalaryBand) -> str:
    top = f"{b.max:,.0f}" if b.max is not None else "+"
    return f"{b.region}, {b.level} ({b.years} years): {b.min:,.0f}-{top} {b.currency} {b.unit} ({b.source})"


def posted(s: Salary) -> str:
    return f"{s.min:,.0f}-{s.max:,.0f} {s.currency} per {s.period}"


def rich_advice(a: Advice) -> Group:
    table = Table(title="Learning path", show_lines=True)
    for col in ("#", "step", "stage", "points", "score after", "effort", "what to do"):
        table.add_column(col, overflow="fold")
    for s in a.learning_path:
        name = s.name + (f" with {s.tool}" if s.tool else "")
        name += f"\nor {', '.join(s.equivalents)}" if s.equivalents else ""
        after = "" if s.score_after is None else str(s.score_after)
        table.add_row(str(s.order), name, s.stage, points(s), after, effort(s), todo(s))
    parts: list[Panel | Table] = [
        Panel(heading(a), title=f"Advice{' for ' + a.job_title if a.job_title else ''}")
    ]
    parts.append(table)
    if a.left_out:
        parts.append(Panel(", ".join(a.left_out), title="Not shown"))
    pay = [band(b) for b in a.salary] + (
        [f"The posting states {posted(a.posting_salary)}"] if a.posting_salary else []
    )
    parts.append(Panel("\n".join(pay) or "No band for this region.", title="Salary"))
    parts.append(
        Panel("\n".join(f"• [{t.kind}] {t.topic}" for t in a.interview_topics), title="Interview topics")
    )
    parts.append(Panel("\n".join(f"• {n}" for n in a.notes), title="Notes"))
    return Group(*parts)


def markdown_advice(a: Advice) -> str:
    out = [
        f"# Advice{' for ' + a.job_title if a.job_title else ''}",
        "",
        heading(a),
        "",
        "## Learning path",
        "",
    ]
    for s in a.learning_path:
        name = f"**{s.name}**" + (f" with {s.tool}" if s.tool else "")
        alt = f" (or {', '.join(s.equivalents)})" if s.equivalents else ""
        gain = f"; points {points(s)}" if points(s) else ""
        gain += f", score after {s.score_after}" if s.score_after is not None else ""
        out.append(
            f"{s.order}. {name}{alt}: {s.stage}, {effort(s)}{gain}. {s.reason[:1].upper()}{s.reason[1:]}."
        )
        out.append(f"   {todo(s)}")
        out.append(f"   Effort: {s.effort_basis}.")
    if not a.learning_path:
        out.append("No gaps to study for.")
    if a.left_out:
        out += ["", f"Not shown: {', '.join(a.left_out)}."]
    out += ["", "## Salary", ""] + [f"- {band(b)}" for b in a.salary]
    if a.posting_salary:
        out.append(f"- The posting states {posted(a.posting_salary)}")
    out += ["", "## Interview topics", ""] + [
        f"- {t.kind}: {t.topic} ({t.reason})" for t in a.interview_topics
    ]
    out += ["", "## Notes", ""] + [f"- {n}" for n in a.notes]
    return "\n".join(out) + "\n"


def html_advice(a: Advice) -> str:
    env = Environment(autoescape=True)
    helpers = {"points": points, "effort": effort, "todo": todo, "band": band, "posted": posted}
    return env.from_string(_HTML).render(a=a, heading=heading(a), **helpers)
