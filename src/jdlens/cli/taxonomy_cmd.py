"""``jdlens taxonomy ...``: validate and inspect the skill taxonomy."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from jdlens.taxonomy import load_taxonomy, validate_taxonomy

taxonomy_app = typer.Typer(help="Validate and inspect the skill taxonomy.", no_args_is_help=True)


@taxonomy_app.command("validate")
def validate(
    path: Annotated[
        Path | None, typer.Argument(help="A taxonomy YAML file; default: the bundled one.")
    ] = None,
) -> None:
    """Check the taxonomy against its schema and print every problem with its location."""
    problems = validate_taxonomy(path)
    console = Console(highlight=False)
    if problems:
        err = Console(stderr=True, highlight=False, soft_wrap=True)
        for problem in problems:
            err.print(problem, style="red", markup=False)
        err.print(f"[bold red]error:[/] [JDL010] {len(problems)} problem(s)", markup=True)
        raise typer.Exit(1)
    tax = load_taxonomy(path)
    console.print(f"taxonomy {tax.version}: {len(tax.skills)} skills, valid")


@taxonomy_app.command("stats")
def stats() -> None:
    """Count skills per category."""
    tax = load_taxonomy()
    table = Table(title=f"taxonomy {tax.version}")
    table.add_column("category")
    table.add_column("skills", justify="right")
    for category, count in Counter(s.category for s in tax.skills).most_common():
        table.add_row(tax.category_name(category), str(count))
    Console().print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(taxonomy_app, name="taxonomy")
