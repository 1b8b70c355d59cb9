"""``jdlens match``, ``jdlens advise`` and ``jdlens rank``: resumes against postings."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from jdlens import api
from jdlens.advice import screens as advice_screens
from jdlens.errors import InputError
from jdlens.matching import formats as render
from jdlens.sources.reader import read_source


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


class Start(StrEnum):
    software_engineer = "software_engineer"
    data_scientist = "data_scientist"
    from_scratch = "from_scratch"
    ml_practitioner = "ml_practitioner"


def _job(source: str, title: str | None, encoding: str | None = None) -> Any:
    return api.analyze(read_source(source, encoding=encoding).text, title=title)


def _emit_json(data: dict[str, Any]) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def match(
    resume: Annotated[Path, typer.Argument(help="Resume file: PDF, DOCX, TXT or Markdown.")],
    job: Annotated[
        str, typer.Argument(help="Job-description file (text, HTML, Markdown, PDF, DOCX) or - for stdin.")
    ],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    rewrite: Annotated[
        bool, typer.Option("--rewrite", help="Also rewrite bullets with the endpoint set in JDLENS_LLM_*.")
    ] = False,
    title: Annotated[str | None, typer.Option(help="The posting's title, if it is not in the text.")] = None,
    encoding: Annotated[
        str | None,
        typer.Option(help="Text encoding of the job file (default: detected, e.g. utf-8, cp1252)."),
    ] = None,
) -> None:
    """Score a resume against a job description: score, subscores, requirement table, checks, suggestions."""
    result = api.match(resume, _job(job, title, encoding), rewrite=rewrite)
    if fmt is Format.json:
        _emit_json(result.to_dict())
    elif fmt is Format.markdown:
        typer.echo(render.markdown_match(result), nl=False)
    elif fmt is Format.html:
        typer.echo(render.html_match(result), nl=False)
    else:
        render.print_group(render.rich_match(result))


def advise(
    job: Annotated[str, typer.Argument(help="Job-description file, or - for stdin.")],
    resume: Annotated[
        Path | None,
        typer.Option("--resume", "-r", help="Your resume: advice for its gaps, each step re-scored."),
    ] = None,
    start: Annotated[
        Start | None,
        typer.Option(
            "--from", "--starting-point", help="Your starting point (default: read from the resume)."
        ),
    ] = None,
    db: Annotated[
        Path | None, typer.Option("--db", help="A market database: how often the market asks for each step.")
    ] = None,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="Output format (text, json, markdown, html).")
    ] = Format.text,
    title: Annotated[str | None, typer.Option(help="The posting's title, if it is not in the text.")] = None,
) -> None:
    """Learning path (grouped steps, each with its re-scored points, a course or a project), salary band
    for the posting's region and level, and interview topics."""
    advice = api.advise(_job(job, title), resume, starting_point=start.value if start else None, db=db)
    if fmt is Format.json:
        _emit_json(advice.to_dict())
    elif fmt is Format.markdown:
        typer.echo(advice_screens.markdown_advice(advice), nl=False)
    elif fmt is Format.html:
        typer.echo(advice_screens.html_advice(advice), nl=False)
    else:
        render.print_group(advice_screens.rich_advice(advice))


def _progress_bar(label: str) -> tuple[Progress, Any]:
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    bar = Progress(*columns, console=Console(stderr=True), transient=False)
    task = bar.add_task(label, total=None)

    def advance(step: int, total: int) -> None:
        bar.update(task, total=total, advance=step)

    return bar, advance


def rank(
    resume: Annotated[Path | None, typer.Option("--resume", help="One resume to rank postings for.")] = None,
    jobs: Annotated[
        Path | None,
        typer.Option("--jobs", help="Postings: .csv, .jsonl, .json, .parquet or a directory of files."),
    ] = None,
    job: Annotated[str | None, typer.Option("--job", help="One posting to rank resumes for.")] = None,
    resumes: Annotated[Path | None, typer.Option("--resumes", help="A directory of resumes.")] = None,
    text_column: Annotated[
        str | None, typer.Option(help="Postings table: column with the description.")
    ] = None,
    title_column: Annotated[str | None, typer.Option(help="Postings table: column with the title.")] = None,
    top: Annotated[int, typer.Option(help="How many rows to show.")] = 20,
    workers: Annotated[int | None, typer.Option(help="Worker processes (default: all cores).")] = None,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="Output format (text or json).")
    ] = Format.text,
) -> None:
    """Rank postings for a resume (--resume R --jobs FILE) or resumes for a posting (--job J --resumes DIR)."""
    if resume is not None and jobs is not None:
        bar, advance = _progress_bar("analyzing postings")
        with bar:
            ranking: Any = api.rank_jobs(
                resume,
                jobs,
                workers=workers,
                text_column=text_column,
                title_column=title_column,
                progress=advance,
            )
        group = render.rich_job_ranking(ranking, top)
    elif job is not None and resumes is not None:
        bar, advance = _progress_bar("scoring resumes")
        with bar:
            ranking = api.rank_resumes(_job(job, None), resumes, workers=workers, progress=advance)
        group = render.rich_resume_ranking(ranking, top)
    else:
        raise InputError("JDL050", name="rank", reason="use --resume R --jobs FILE, or --job J --resumes DIR")
    if fmt is Format.json:
        _emit_json(ranking.to_dict())
        return
    render.print_group(group)
    for line in ranking.errors[:20]:
        Console(stderr=True).print(f"[yellow]skipped {line}[/]")


def register(app: typer.Typer) -> None:
    """Add ``match``, ``advise`` and ``rank`` to ``app``."""
    app.command("match")(match)
    app.command("advise")(advise)
    app.command("rank")(rank)
