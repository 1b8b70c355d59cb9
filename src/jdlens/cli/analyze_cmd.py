"""``jdlens analyze``: one job description, or a batch file of postings."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from jdlens import api
from jdlens.errors import InputError
from jdlens.job.batch import analyze_table, check_columns
from jdlens.job.summary import markdown, print_summary
from jdlens.sources.reader import read_source
from jdlens.sources.tables import count_rows, iter_rows


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


def analyze(
    source: Annotated[
        str | None,
        typer.Argument(
            help="A job-description file (text, HTML, Markdown, JSON-LD, PDF, DOCX), or - for stdin."
        ),
    ] = None,
    title: Annotated[str | None, typer.Option(help="The posting's title, if it is not in the text.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
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
        Path | None, typer.Option("--output", "-o", help="Batch mode: JSON Lines file to write.")
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="Batch mode: worker processes (default: all cores).")
    ] = None,
    encoding: Annotated[
        str | None, typer.Option(help="Text encoding of the file (default: detected, e.g. utf-8, cp1252).")
    ] = None,
) -> None:
    """Analyze a job description: skills, real role, seniority, years, degree, salary, location, red flags.

    Give one FILE (or - for standard input), or --input TABLE --output OUT.jsonl for a batch.
    """
    if input_table is not None:
        _batch(input_table, output, text_column, title_column, workers)
        return
    if source is None:
        raise InputError(
            "JDL050", name="SOURCE", reason="give a file, - for standard input, or --input TABLE"
        )

    result = api.analyze(read_source(source, encoding=encoding), title=title)
    if fmt is Format.json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    elif fmt is Format.markdown:
        typer.echo(markdown(result), nl=False)
    else:
        print_summary(result)


def _batch(
    table: Path, output: Path | None, text_column: str | None, title_column: str | None, workers: int | None
) -> None:
    if output is None:
        raise InputError("JDL050", name="--output", reason="batch mode needs an output .jsonl path")
    check_columns(table, text_column, title_column)
    total = count_rows(table)
    if total is None:
        total = sum(1 for _ in iter_rows(table))
    console = Console(stderr=True)
    columns = (TextColumn("analyzing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("analyze", total=total)
        report = analyze_table(
            table,
            output,
            text_column=text_column,
            title_column=title_column,
            workers=workers,
            on_progress=lambda n: progress.advance(task, n),
        )
    for line in report.errors:
        console.print(f"[yellow]skipped {line}[/]")
    console.print(f"{report.analyzed} analyzed, {report.failed} skipped, of {report.rows} rows -> {output}")


def register(app: typer.Typer) -> None:
    """Add ``analyze`` to ``app``."""
    app.command("analyze")(analyze)
