"""``jdlens taxonomy ...``: validate and inspect the skill taxonomy."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from jdlens.cli.outputs import Format, FormatOpt, OutputOpt, Sheet, emit, print_help, sheets_output
from jdlens.cli.shapes import CategoryCount, TaxonomyCheck, TaxonomyStats
from jdlens.errors import TaxonomyError
from jdlens.taxonomy import load_taxonomy, validate_taxonomy

taxonomy_app = typer.Typer(help="Validate and inspect the skill taxonomy.", invoke_without_command=True)


@taxonomy_app.callback()
def taxonomy(ctx: typer.Context) -> None:
    """Validate and inspect the skill taxonomy."""
    if ctx.invoked_subcommand is None:
        print_help(ctx)


@taxonomy_app.command("validate")
def validate(
    path: Annotated[
        Path | None, typer.Argument(help="A taxonomy YAML file; default: the bundled one.")
    ] = None,
    fmt: FormatOpt = Format.text,
    output: OutputOpt = None,
) -> None:
    """Check the taxonomy against its schema and print every problem with its location (exit 1 if any)."""
    problems = validate_taxonomy(path)
    tax = None if problems else load_taxonomy(path)
    data = TaxonomyCheck(
        path=str(path) if path is not None else None,
        valid=not problems,
        version=tax.version if tax else None,
        skills=len(tax.skills) if tax else None,
        problems=problems,
    )
    if problems:
        err = Console(stderr=True, highlight=False, soft_wrap=True)
        for problem in problems:
            err.print(problem, style="red", markup=False)
        err.print(f"[bold red]error:[/] {TaxonomyError(problems).message}", markup=True)
        if fmt is not Format.text or output is not None:
            emit(sheets_output("jdlens taxonomy validate", data, [], problems), fmt, output)
        raise typer.Exit(1)
    note = f"taxonomy {data.version}: {data.skills} skills, valid"
    emit(sheets_output("jdlens taxonomy validate", data, [], [note]), fmt, output)


@taxonomy_app.command("stats")
def stats(fmt: FormatOpt = Format.text, output: OutputOpt = None) -> None:
    """Count skills per category."""
    tax = load_taxonomy()
    counts = Counter(s.category for s in tax.skills).most_common()
    data = TaxonomyStats(
        version=tax.version,
        skills=len(tax.skills),
        categories=[CategoryCount(id=c, name=tax.category_name(c), skills=n) for c, n in counts],
    )
    sheet = Sheet(
        f"taxonomy {tax.version}: {data.skills} skills",
        ("category", "skills"),
        [(c.name, str(c.skills)) for c in data.categories],
        frozenset({"skills"}),
    )
    emit(sheets_output("jdlens taxonomy stats", data, [sheet]), fmt, output)


def register(app: typer.Typer) -> None:
    app.add_typer(taxonomy_app, name="taxonomy")
