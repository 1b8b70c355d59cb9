"""The CLI reference (docs/cli.md) and the JSON Schemas of every command (docs/schemas/), generated
from the commands themselves: ``python -m jdlens.cli.docgen > docs/cli.md`` and
``python -m jdlens.cli.docgen --schemas docs/schemas`` (``make docs`` runs both)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer
from pydantic import TypeAdapter

from jdlens.cli import EXIT_CODES, app
from jdlens.cli.shapes import (
    BatchSummary,
    CorpusSummary,
    DoctorReport,
    ExportResult,
    PresetList,
    TaxonomyCheck,
    TaxonomyStats,
)
from jdlens.models import (
    Advice,
    IngestResult,
    JobAnalysis,
    JobRanking,
    MarketReport,
    MarketTable,
    MatchResult,
    ResumeRanking,
)

# The model each command's ``--format json`` prints (a union: one of them, by the command's mode).
SCHEMAS: dict[tuple[str, ...], Any] = {
    ("advise",): Advice,
    ("analyze",): JobAnalysis | BatchSummary,
    ("doctor",): DoctorReport,
    ("market", "export"): ExportResult,
    ("market", "ingest"): IngestResult,
    ("market", "presets"): PresetList,
    ("market", "report"): MarketReport,
    ("market", "skills"): MarketTable,
    ("market", "summary"): CorpusSummary,
    ("match",): MatchResult,
    ("rank",): JobRanking | ResumeRanking,
    ("taxonomy", "stats"): TaxonomyStats,
    ("taxonomy", "validate"): TaxonomyCheck,
}


def _command():  # noqa: ANN202 - typer's click command type is private
    return typer.main.get_command(app)


def all_commands() -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every leaf command with its path below ``jdlens``."""
    yield from (item for item in all_nodes() if not getattr(item[1], "commands", None))


def all_nodes() -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command and group (``jdlens`` itself first), with its path below ``jdlens``."""

    def walk(command: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
        yield path, command
        for name in sorted(getattr(command, "commands", None) or {}):
            yield from walk(command.commands[name], (*path, name))

    yield from walk(_command(), ())


def schema_file(path: tuple[str, ...]) -> str:
    return "-".join(path) + ".json"


def schema(path: tuple[str, ...]) -> dict[str, Any]:
    """The JSON Schema of ``jdlens <path> --format json``."""
    body: dict[str, Any] = TypeAdapter(SCHEMAS[path]).json_schema(mode="serialization")
    head = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"schemas/{schema_file(path)}",
        "title": f"jdlens {' '.join(path)} --format json",
    }
    return head | {k: v for k, v in body.items() if k != "title"}


def render_schemas() -> dict[str, str]:
    """File name -> JSON Schema text, for every command with a JSON output."""
    return {schema_file(p): json.dumps(schema(p), indent=2, sort_keys=True) + "\n" for p in SCHEMAS}


def _params(command: Any) -> list[str]:
    lines = ["| parameter | help |", "|---|---|"]
    for param in command.params:
        names = " / ".join(f"`{o}`" for o in (*param.opts, *param.secondary_opts))
        if getattr(param, "param_type_name", "") == "argument" or not names:
            names = f"`{param.name.upper()}`"
        default = getattr(param, "default", None)
        help_text = (getattr(param, "help", None) or "").replace("|", "\\|")
        if default not in (None, False, (), []) and not callable(default):
            help_text += f" (default: `{getattr(default, 'value', default)}`)"
        lines.append(f"| {names} | {help_text.strip()} |")
    return lines


def _section(command: Any, path: tuple[str, ...]) -> list[str]:
    lines = [f"## `{' '.join(('jdlens', *path))}`", "", (command.help or "").strip(), ""]
    if getattr(command, "commands", None):
        lines += ["Subcommands: " + ", ".join(f"`{name}`" for name in sorted(command.commands)), ""]
    if command.params:
        lines += [*_params(command), ""]
    if path in SCHEMAS:
        lines += [
            f"JSON output (`--format json`): [schemas/{schema_file(path)}](schemas/{schema_file(path)}).",
            "",
        ]
    return lines


_INTRO = [
    "# Command-line reference",
    "",
    "Generated from the commands' own help by `python -m jdlens.cli.docgen > docs/cli.md`; a test "
    "keeps it current.",
    "",
    "Every command that prints a result takes `--format` / `-f`: `text` (the terminal view), `json` "
    "(one documented shape per command, published as a JSON Schema in [schemas/](schemas/)), "
    "`markdown` or `html` (a self-contained page), and `--output` / `-o FILE` to write it to a file "
    "instead of standard output. Progress bars and skipped rows go to standard error. A bare group "
    "(`jdlens`, `jdlens market`, `jdlens taxonomy`) prints its help. Bad input of any kind is one "
    "`error: [JDLnnn] ...` line on standard error, never a traceback. "
    "Ctrl-C prints one line saying what was kept and how to resume.",
    "",
    "## Exit codes",
    "",
    "| code | meaning |",
    "|---|---|",
]


def render_cli_reference() -> str:
    out = [*_INTRO, *(f"| {code} | {meaning} |" for code, meaning in EXIT_CODES.items()), ""]
    for path, command in all_nodes():
        out.extend(_section(command, path))
    return "\n".join(out).rstrip() + "\n"


def write_schemas(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in render_schemas().items():
        (folder / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--schemas"] and len(sys.argv) == 3:
        write_schemas(Path(sys.argv[2]))
    else:
        print(render_cli_reference(), end="")
