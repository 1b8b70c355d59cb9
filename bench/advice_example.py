"""Regenerate the generated parts of docs/advice.md: the worked example and the effort table.

    python -m bench.advice_example            # rewrite docs/advice.md in place (``make advice-example``)
    python -m bench.advice_example --check    # exit 1 when docs/advice.md is stale

The worked example is Resume-Matcher's ML-engineer posting and fictional ML-engineer resume
(Apache-2.0, tests/data/README.md) through ``jdlens.advise``; the effort table is read from
``advice/data/learning_paths.yaml``. Everything between the ``<!-- name:start -->`` and
``<!-- name:end -->`` markers is replaced; the prose around them is kept.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import jdlens
from jdlens.advice.advisor import load_data
from jdlens.advice.screens import markdown_advice
from jdlens.matching.matcher import as_job, as_resume

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "advice.md"
JOB = ROOT / "tests" / "data" / "jobs" / "ml-eng.txt"
RESUME = ROOT / "tests" / "data" / "resumes" / "harvey_dent_mle.pdf"


def example() -> str:
    job, resume = as_job(JOB), as_resume(RESUME)
    advice = jdlens.advise(job, resume)
    shown = ", ".join(sorted(s.name for s in resume.skills))
    profession = resume.profession.name if resume.profession else "none found"
    body = markdown_advice(advice).replace("\n# ", "\n### ").replace("\n## ", "\n#### ")
    body = re.sub(r"^# ", "### ", body)
    return "\n".join(
        [
            f"The posting (`tests/data/jobs/{JOB.name}`):",
            "",
            "```text",
            JOB.read_text(encoding="utf-8").strip(),
            "```",
            "",
            f"The resume (`tests/data/resumes/{RESUME.name}`, a fictional ML engineer): profession read as "
            f"{profession}; {resume.total_years or 0:g} years; skills found: {shown}.",
            "",
            f"`jdlens advise tests/data/jobs/{JOB.name} --resume tests/data/resumes/{RESUME.name} -f markdown`:",
            "",
            body.strip(),
        ]
    )


def effort_table() -> str:
    paths = load_data("learning_paths")
    rows = ["| kind | hours | taxonomy categories |", "|---|---|---|"]
    for kind, spec in paths["kinds"].items():
        rows.append(f"| {kind.replace('_', ' ')} | {spec['hours']} | {', '.join(spec['categories'])} |")
    own = ", ".join(f"{k} {v} h" for k, v in paths["hours"].items())
    rows += ["", f"Skills with their own figure: {own}. A week is {paths['hours_per_week']} hours of study."]
    return "\n".join(rows)


SECTIONS = {"example": example, "effort": effort_table}


def render(text: str) -> str:
    for name, make in SECTIONS.items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.S)
        text = pattern.sub(lambda m, f=make: m.group(1) + f() + "\n" + m.group(2), text)  # type: ignore[misc]
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when docs/advice.md is stale")
    args = parser.parse_args(argv)
    current = DOC.read_text(encoding="utf-8")
    fresh = render(current)
    if args.check:
        return int(fresh != current)
    DOC.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
