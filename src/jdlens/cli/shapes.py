"""The JSON shapes of the commands whose library result is not already a model of ``jdlens.models``.

Each is published, with the others, as a JSON Schema in ``docs/schemas/`` (``python -m
jdlens.cli.docgen --schemas docs/schemas``); ``tests/test_cli_contract.py`` checks them.
"""

from __future__ import annotations

from pydantic import Field

from jdlens.models import Model


class BatchSummary(Model):
    """``analyze --input``: what the batch wrote to its JSON Lines file."""

    output: str = Field(description="the JSON Lines file: one object per input row, in input order")
    rows: int
    analyzed: int
    skipped: int
    errors: list[str] = Field(
        default_factory=list, description="the first 20 skipped rows: 'where: [code] ...'"
    )


class SourceSummary(Model):
    name: str
    layout: str
    rows: int
    postings: int
    duplicates: int
    bad_rows: int
    complete: bool = Field(description="false: an interrupted ingest; re-run it to resume")


class CorpusSummary(Model):
    """``market summary``: what the market database holds."""

    db: str
    postings: int
    duplicates: int
    earliest: str | None = None
    latest: str | None = None
    currency: str
    sources: list[SourceSummary] = Field(default_factory=list)


class ExportedTable(Model):
    table: str
    rows: int
    file: str


class ExportResult(Model):
    """``market export``: the files written."""

    out: str
    format: str
    tables: list[ExportedTable]


class Preset(Model):
    name: str
    description: str
    detect: list[str] = Field(description="the columns whose presence selects this preset")


class PresetList(Model):
    """``market presets``: the built-in column layouts."""

    presets: list[Preset]


class TaxonomyCheck(Model):
    """``taxonomy validate``: the file checked and every problem found (exit 1 when any)."""

    path: str | None = Field(description="the file checked; null: the bundled taxonomy")
    valid: bool
    version: str | None = None
    skills: int | None = None
    problems: list[str] = Field(default_factory=list)


class CategoryCount(Model):
    id: str
    name: str
    skills: int


class TaxonomyStats(Model):
    """``taxonomy stats``: skills per category."""

    version: str
    skills: int
    categories: list[CategoryCount]


class Extra(Model):
    name: str
    installed: bool
    packages: dict[str, str | None] = Field(description="package -> installed version (null: missing)")


class Tool(Model):
    name: str
    found: bool
    path: str | None = None
    version: str | None = None
    needed_for: str


class Setting(Model):
    variable: str = Field(description="the environment variable (JDLENS_*)")
    value: str | int | float | None = Field(description="the value in force; secrets show only 'set'")
    set: bool = Field(description="true: taken from the environment; false: the default")


class DoctorReport(Model):
    """``doctor``: what a bug report needs: versions, extras, external tools and the limits in force."""

    version: str
    python: str
    platform: str
    taxonomy_version: str
    rules_version: str
    data_versions: dict[str, str] = Field(default_factory=dict)
    extras: list[Extra]
    tools: list[Tool]
    settings: list[Setting]
