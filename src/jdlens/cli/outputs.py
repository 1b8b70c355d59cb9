"""What every command shares: the four output formats, ``--output FILE``, tables, the Ctrl-C note.

A command builds one ``Output`` (its JSON model and its renderings) and calls ``emit``; the format
and the destination are the user's choice, the same way on every command.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from markdown_it import MarkdownIt
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from jdlens.errors import InputError
from jdlens.models import Model

TEXT_WIDTH = 120  # columns of the text format when it goes to a file
MAX_TOP = 100_000  # the largest --top: more rows than any report or ranking holds
MAX_WORKERS = 64  # the most worker processes a command starts (as `jdlens serve --workers`)
MAX_BATCH_SIZE = 1_000_000  # rows per committed ingest batch (memory grows with it)


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


FORMAT_HELP = "Output format: text (terminal), json (docs/schemas/), markdown or html."
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help=FORMAT_HELP)]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the result to this file instead of standard output."),
]
TopOpt = Annotated[int, typer.Option(min=1, max=MAX_TOP, help="How many rows to show.")]
WorkersOpt = Annotated[
    int | None,
    typer.Option(min=1, max=MAX_WORKERS, help="Worker processes (default: $JDLENS_WORKERS, else all cores)."),
]


@dataclass(frozen=True, slots=True)
class Sheet:
    """One table of a command's result, as the terminal, Markdown and HTML show it."""

    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[str]]
    right: frozenset[str] = frozenset()  # right-aligned (numeric) columns

    def rich(self) -> Table:
        table = Table(title=self.title)
        for col in self.columns:
            table.add_column(col, justify="right" if col in self.right else "left", overflow="fold")
        for row in self.rows:
            table.add_row(*row)
        return table

    def markdown(self) -> str:
        def cell(value: str) -> str:
            return " ".join(value.split()).replace("|", "\\|") or " "

        lines = [f"## {self.title}", "", "| " + " | ".join(cell(c) for c in self.columns) + " |"]
        lines.append("|" + "|".join("---:" if c in self.right else "---" for c in self.columns) + "|")
        lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in self.rows]
        return "\n".join(lines) + "\n"


@dataclass(frozen=True, slots=True)
class Output:
    """A command's result: the model its JSON is (``docs/schemas/``), and its human renderings.

    ``html`` defaults to the Markdown rendered as a self-contained page."""

    title: str
    data: Model
    rich: Callable[[], RenderableType]
    markdown: Callable[[], str]
    html: Callable[[], str] | None = None


def sheets_output(title: str, data: Model, sheets: Sequence[Sheet], notes: Sequence[str] = ()) -> Output:
    """An ``Output`` made of tables and notes: every format shows the same rows."""

    def rich() -> RenderableType:
        return Group(*(s.rich() for s in sheets), *(Text(n) for n in notes))

    def markdown() -> str:
        parts = [f"# {title}", "", *(s.markdown() for s in sheets)]
        if notes:
            parts += [f"- {n}" for n in notes]
        return "\n".join(parts).rstrip() + "\n"

    return Output(title=title, data=data, rich=rich, markdown=markdown)


def json_text(data: Model) -> str:
    return json.dumps(data.to_dict(), indent=2, ensure_ascii=False) + "\n"


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}
table{{border-collapse:collapse;width:100%;margin:1rem 0}}td,th{{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}}</style>
</head><body>
{body}</body></html>
"""


def markdown_page(title: str, markdown: str) -> str:
    """Markdown as a self-contained HTML page; raw HTML inside the Markdown is escaped, never kept."""
    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)
    return _PAGE.format(title=html.escape(title), body=body)


def render(result: Output, fmt: Format) -> str:
    """The result in a file format (json, markdown, html)."""
    if fmt is Format.json:
        return json_text(result.data)
    if fmt is Format.markdown:
        return result.markdown()
    if result.html is not None:
        return result.html()
    return markdown_page(result.title, result.markdown())


def _write(path: Path, write: Callable[[Any], None]) -> None:
    try:
        with path.open("w", encoding="utf-8") as handle:
            write(handle)
    except OSError as exc:
        raise InputError("JDL053", path=str(path), reason=exc.strerror or type(exc).__name__) from None


def emit(result: Output, fmt: Format, output: Path | None = None) -> None:
    """Print ``result`` in ``fmt`` on standard output, or write it to ``output``."""
    if fmt is Format.text:
        if output is None:
            Console(highlight=False).print(result.rich())
        else:
            _write(output, lambda h: Console(file=h, width=TEXT_WIDTH, no_color=True).print(result.rich()))
        return
    text = render(result, fmt)
    if output is None:
        typer.echo(text, nl=False)
    else:
        _write(output, lambda h: h.write(text))


def warn(line: str) -> None:
    """A line for the user beside the result (a skipped row): on standard error, in every format."""
    Console(stderr=True, highlight=False, soft_wrap=True).print(f"[yellow]{line}[/]", markup=True)


def print_help(ctx: typer.Context) -> None:
    """A bare group (``jdlens``, ``jdlens market``): its help, and exit 0."""
    typer.echo(ctx.get_help(), nl=False)
    raise typer.Exit()


@dataclass(slots=True)
class Interruption:
    """What Ctrl-C leaves behind, kept current by the running command for the one line it prints."""

    note: str = "nothing was written"
    _default: str = field(default="nothing was written", repr=False)

    def reset(self) -> None:
        self.note = self._default


interruption = Interruption()
