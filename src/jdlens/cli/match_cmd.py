"""``jdlens match``, ``jdlens advise`` and ``jdlens rank``: resumes against postings."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console, Group
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from jdlens import api
from jdlens.advice import screens as advice_screens
from jdlens.cli.outputs import (
    Format,
    FormatOpt,
    Output,
    OutputOpt,
    Sheet,
    TopOpt,
    WorkersOpt,
    emit,
    warn,
)
from jdlens.errors import InputError
from jdlens.matching import formats as render
from jdlens.models import Advice, JobAnalysis, JobRanking, MatchResult, ResumeRanking
from jdlens.sources.reader import read_source


class Start(StrEnum):
    software_engineer = "software_engineer"
    data_scientist = "data_scientist"
    from_scratch = "from_scratch"
    ml_practitioner = "ml_practitioner"


TitleOpt = Annotated[str | None, typer.Option(help="The posting's title, if it is not in the text.")]
EncodingOpt = Annotated[
    str | None,
    typer.Option(help="Text encoding of the job file (default: detected, e.g. utf-8, cp1252)."),
]


def _job(source: str, title: str | None, encoding: str | None = None) -> JobAnalysis:
    return api.analyze(read_source(source, encoding=encoding), title=title)


def match_output(result: MatchResult) -> Output:
    return Output(
        title=f"jdlens match {result.score}/100",
        data=result,
        rich=lambda: render.rich_match(result),
        markdown=lambda: render.markdown_match(result),
        html=lambda: render.html_match(result),
    )


def advice_output(advice: Advice) -> Output:
    return Output(
        title="jdlens advice",
        data=advice,
        rich=lambda: advice_screens.rich_advice(advice),
        markdown=lambda: advice_screens.markdown_advice(advice),
        html=lambda: advice_screens.html_advice(advice),
    )


def match(
    resume: Annotated[Path, typer.Argument(help="Resume file: PDF, DOCX, TXT or Markdown.")],
    job: Annotated[
        str, typer.Argument(help="Job-description file (text, HTML, Markdown, PDF, DOCX) or - for stdin.")
    ],
    fmt: FormatOpt = Format.text,
    output: OutputOpt = None,
    rewrite: Annotated[
        bool, typer.Option("--rewrite", help="Also rewrite bullets with the endpoint set in JDLENS_LLM_*.")
    ] = False,
    title: TitleOpt = None,
    encoding: EncodingOpt = None,
) -> None:
    """Score a resume against a job description: score, subscores, requirement table, checks, suggestions."""
    result = api.match(resume, _job(job, title, encoding), rewrite=rewrite)
    emit(match_output(result), fmt, output)


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
    fmt: FormatOpt = Format.text,
    output: OutputOpt = None,
    title: TitleOpt = None,
    encoding: EncodingOpt = None,
) -> None:
    """Learning path (grouped steps, each with its re-scored points, a course or a project), salary band
    for the posting's region and level, and interview topics."""
    analysis = _job(job, title, encoding)
    advice = api.advise(analysis, resume, starting_point=start.value if start else None, db=db)
    emit(advice_output(advice), fmt, output)


def _progress_bar(label: str) -> tuple[Progress, Callable[[int, int], None]]:
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    bar = Progress(*columns, console=Console(stderr=True), transient=False)
    task = bar.add_task(label, total=None)

    def advance(step: int, total: int) -> None:
        bar.update(task, total=total, advance=step)

    return bar, advance


def _job_sheet(ranking: JobRanking) -> list[Sheet]:
    rows = [
        (str(i), str(job.score), job.title or f"posting {job.index}", ", ".join(job.missing[:3]))
        for i, job in enumerate(ranking.jobs, 1)
    ]
    sheets = [
        Sheet(
            f"Best-fitting postings (median match {ranking.median_score:g})",
            ("#", "score", "posting", "top missing"),
            rows,
            frozenset({"#", "score"}),
        )
    ]
    if ranking.top_gaps:
        gaps = [(g.name, str(g.jobs_missing), f"{g.median_gain:g}") for g in ranking.top_gaps]
        title = "Top gaps across these postings"
        if ranking.median_after is not None:
            title += f" (median match {ranking.median_score:g} -> {ranking.median_after:g} with all shown)"
        sheets.append(
            Sheet(title, ("skill", "postings missing it", "median gain"), gaps, frozenset({"median gain"}))
        )
    return sheets


def _resume_sheet(ranking: ResumeRanking) -> list[Sheet]:
    rows = [
        (str(i), str(r.score), r.name, ", ".join(r.matched[:6]), ", ".join(r.missing[:4]))
        for i, r in enumerate(ranking.resumes, 1)
    ]
    title = f"Candidates for {ranking.job_title or 'the posting'}"
    return [Sheet(title, ("#", "score", "resume", "matched", "missing"), rows, frozenset({"#", "score"}))]


def _ranking(data: JobRanking | ResumeRanking, rich: Callable[[], Group], sheets: list[Sheet]) -> Output:
    def markdown() -> str:
        return "\n".join(["# jdlens ranking", "", *(s.markdown() for s in sheets)])

    return Output(title="jdlens ranking", data=data, rich=rich, markdown=markdown)


def ranking_output(ranking: JobRanking | ResumeRanking, top: int) -> Output:
    """The ``top`` rows of a ranking, the same rows in every format."""
    if isinstance(ranking, JobRanking):
        jobs = ranking.model_copy(update={"jobs": ranking.jobs[:top]})
        return _ranking(jobs, lambda: render.rich_job_ranking(ranking, top), _job_sheet(jobs))
    resumes = ranking.model_copy(update={"resumes": ranking.resumes[:top]})
    return _ranking(resumes, lambda: render.rich_resume_ranking(ranking, top), _resume_sheet(resumes))


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
    top: TopOpt = 20,
    workers: WorkersOpt = None,
    fmt: FormatOpt = Format.text,
    output: OutputOpt = None,
) -> None:
    """Rank postings for a resume (--resume R --jobs FILE) or resumes for a posting (--job J --resumes DIR)."""
    ranking: JobRanking | ResumeRanking
    if resume is not None and jobs is not None and job is None and resumes is None:
        bar, advance = _progress_bar("analyzing postings")
        with bar:
            ranking = api.rank_jobs(
                resume,
                jobs,
                workers=workers,
                text_column=text_column,
                title_column=title_column,
                progress=advance,
            )
    elif job is not None and resumes is not None and resume is None and jobs is None:
        for name, value in (("--text-column", text_column), ("--title-column", title_column)):
            if value is not None:
                raise InputError("JDL050", name=name, reason="it names a column of the --jobs table")
        bar, advance = _progress_bar("scoring resumes")
        with bar:
            ranking = api.rank_resumes(_job(job, None), resumes, workers=workers, progress=advance)
    else:
        raise InputError("JDL050", name="rank", reason="use --resume R --jobs FILE, or --job J --resumes DIR")
    emit(ranking_output(ranking, top), fmt, output)
    for line in ranking.errors[:20]:
        warn(f"skipped {line}")


def register(app: typer.Typer) -> None:
    """Add ``match``, ``advise`` and ``rank`` to ``app``."""
    app.command("match")(match)
    app.command("advise")(advise)
    app.command("rank")(rank)
