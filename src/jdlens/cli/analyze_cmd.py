"""``jdlens analyze``: one job description, or a batch file of postings."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.text import Text

from jdlens import api
from jdlens.cli.outputs import Format, FormatOpt, Output, WorkersOpt, emit, interruption, warn
from jdlens.cli.shapes import BatchSummary
from jdlens.errors import InputError
from jdlens.job.batch import analyze_table, check_columns
from jdlens.job.summary import markdown, rich_summary
from jdlens.models import JobAnalysis
from jdlens.sources.reader import read_source
from jdlens.sources.tables import count_rows, iter_rows


def analysis_output(result: JobAnalysis) -> Output:
    """A job analysis in every format (JSON: ``JobAnalysis.to_dict()``, docs/analysis.md)."""
    return Output(
        title=result.title or "Job description",
        data=result,
        rich=lambda: rich_summary(result),
        markdown=lambda: markdown(result),
    )


def analyze(
    source: Annotated[
        str | None,
        typer.Argument(
            help="A job-description file (text, HTML, Markdown, JSON-LD, PDF, DOCX), or - for stdin."
        ),
    ] = None,
    title: Annotated[str | None, typer.Option(help="The posting's title, if it is not in the text.")] = None,
    fmt: FormatOpt = Format.text,
    input_table: Annotated[
        Path | None,
        typer.Option(
            "--input", "-i", help="Batch mode: a postings table (.csv, .jsonl, .json, .parquet; .gz allowed)."
        ),
    ] = None,
    text_column: Annotated[
        str | None,
        typer.Option(help="Batch mode: column holding the description (default: found by the presets)."),
    ] = None,
    title_column: Annotated[str | None, typer.Option(help="Batch mode: column holding the title.")] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the result to this file instead of standard output; in batch mode the JSON Lines "
            "file to write (required), and the summary goes to standard output.",
        ),
    ] = None,
    workers: WorkersOpt = None,
    encoding: Annotated[
        str | None, typer.Option(help="Text encoding of the file (default: detected, e.g. utf-8, cp1252).")
    ] = None,
) -> None:
    """Analyze a job description: skills, real role, seniority, years, degree, salary, location, red flags.

    Give one FILE (or - for standard input), or --input TABLE --output OUT.jsonl for a batch.
    """
    if input_table is not None:
        if source is not None:
            raise InputError("JDL050", name="SOURCE", reason="give a FILE or --input TABLE, not both")
        if title is not None:
            raise InputError("JDL050", name="--title", reason="batch mode reads titles from --title-column")
        if encoding is not None:
            raise InputError("JDL050", name="--encoding", reason="a batch table's encoding is detected")
        emit(_batch(input_table, output, text_column, title_column, workers), fmt)
        return
    if source is None:
        raise InputError(
            "JDL050", name="SOURCE", reason="give a file, - for standard input, or --input TABLE"
        )
    for name, value in (
        ("--text-column", text_column),
        ("--title-column", title_column),
        ("--workers", workers),
    ):
        if value is not None:
            raise InputError("JDL050", name=name, reason="it is an option of batch mode (--input TABLE)")
    result = api.analyze(read_source(source, encoding=encoding), title=title)
    emit(analysis_output(result), fmt, output)


def _batch(
    table: Path, output: Path | None, text_column: str | None, title_column: str | None, workers: int | None
) -> Output:
    if output is None:
        raise InputError("JDL050", name="--output", reason="batch mode needs an output .jsonl path")
    check_columns(table, text_column, title_column)
    total = count_rows(table)
    if total is None:
        total = sum(1 for _ in iter_rows(table))
    console = Console(stderr=True)
    columns = (TextColumn("analyzing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    done = 0
    partial = output.with_name(output.name + ".partial")

    def advance(n: int) -> None:
        nonlocal done
        done += n
        progress.advance(task, n)
        interruption.note = (
            f"{done:,} of {total:,} rows were analysed into {partial}; {output} was not written. "
            "Run the command again to analyse the batch."
        )

    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("analyze", total=total)
        report = analyze_table(
            table,
            output,
            text_column=text_column,
            title_column=title_column,
            workers=workers,
            on_progress=advance,
        )
    for line in report.errors:
        warn(f"skipped {line}")
    summary = BatchSummary(
        output=str(output),
        rows=report.rows,
        analyzed=report.analyzed,
        skipped=report.failed,
        errors=report.errors,
    )
    line = f"{summary.analyzed} analyzed, {summary.skipped} skipped, of {summary.rows} rows -> {output}"
    return Output(
        title="Batch analysis",
        data=summary,
        rich=lambda: Text(line),
        markdown=lambda: f"# Batch analysis\n\n{line}\n",
    )


def register(app: typer.Typer) -> None:
    """Add ``analyze`` to ``app``."""
    app.command("analyze")(analyze)
