"""``jdlens market ...``: ingest a corpus of postings into DuckDB, report on it, query skills."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from jdlens import api
from jdlens.config import get_settings
from jdlens.market.export import export_tables
from jdlens.market.filters import Filters
from jdlens.market.html import write_report
from jdlens.market.queries import corpus_summary, top_skills
from jdlens.market.reports import SURVEY_SECTION, compute_report
from jdlens.market.spark_session import stop_sessions
from jdlens.sources.columns import load_presets

market_app = typer.Typer(
    help="Map the ML job market: ingest postings, report, query skills.", no_args_is_help=True
)


class EngineName(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


def _db(db: Path | None) -> Path:
    return db or Path(get_settings().db_path or "market.duckdb")


DbOpt = Annotated[
    Path | None, typer.Option("--db", help="Market database file (default: $JDLENS_DB or market.duckdb).")
]
TablesOpt = Annotated[
    str | None,
    typer.Option(
        "--tables",
        help="Parquet market tables at a URI or folder (file:, hdfs://, s3a://...), written by "
        "`ingest --engine spark --tables`; replaces --db.",
    ),
]
RoleOpt = Annotated[
    str | None, typer.Option(help="Role categories, comma-separated (ml_engineer, nlp_llm, ...).")
]
LevelOpt = Annotated[
    str | None, typer.Option(help="Seniority levels, comma-separated (junior, senior, ...).")
]
LocationOpt = Annotated[str | None, typer.Option(help="A city, state, country or 'remote'.")]
SinceOpt = Annotated[str | None, typer.Option(help="Only postings dated on or after YYYY-MM-DD.")]
UntilOpt = Annotated[str | None, typer.Option(help="Only postings dated on or before YYYY-MM-DD.")]
NonTechnicalOpt = Annotated[
    bool,
    typer.Option(
        "--non-technical/--technical-only",
        help="Count postings that are not technical jobs (role other: nurses, therapists...) in the "
        "skill tables too (default: technical jobs only; the tables say how many were left out).",
    ),
]
SourceOpt = Annotated[
    str | None, typer.Option(help="Only postings of one source (as listed by `market summary`).")
]


def _filters(
    role: str | None,
    seniority: str | None,
    location: str | None,
    since: str | None,
    until: str | None,
    source: str | None,
    non_technical: bool = False,
) -> Any:
    return Filters(
        role=role,
        seniority=seniority,
        location=location,
        since=since,
        until=until,
        source=source,
        non_technical=non_technical,
    )


@market_app.command("ingest")
def ingest(
    files: Annotated[
        list[str], typer.Argument(help="Posting files: CSV, JSON Lines (.gz), Parquet (URIs with --tables).")
    ],
    db: DbOpt = None,
    tables: TablesOpt = None,
    preset: Annotated[str | None, typer.Option(help="Column layout (see `jdlens market presets`).")] = None,
    mapping: Annotated[list[str] | None, typer.Option("--map", help="FIELD=COLUMN[,FIELD=COLUMN...]")] = None,
    engine: Annotated[EngineName, typer.Option(help="Where analysis runs.")] = EngineName.duckdb,
    workers: Annotated[int | None, typer.Option(help="Worker processes (default: all cores).")] = None,
    batch_size: Annotated[int | None, typer.Option(help="Rows per committed batch.")] = None,
    dedupe: Annotated[bool, typer.Option(help="Fold postings with the same normalized description.")] = True,
    spark_master: Annotated[
        str | None,
        typer.Option(help="Spark master URL (default: what spark-submit set, else local[*])."),
    ] = None,
) -> None:
    """Analyze every posting once and store it; re-running adds nothing, an interrupted run resumes."""
    err = Console(stderr=True, highlight=False)
    with Progress(
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("rows", total=None)

        def progress(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        try:
            result = api.ingest(
                files if tables else [Path(f) for f in files],
                None if tables else _db(db),
                tables=tables,
                engine=engine.value,
                preset=preset,
                mapping=mapping or None,
                workers=workers,
                batch_size=batch_size,
                dedupe=dedupe,
                progress=progress,
                spark_master=spark_master,
            )
        finally:
            if engine is EngineName.spark:
                stop_sessions()
    _print_ingest(result)


def _print_ingest(result: Any) -> None:
    out = Console(highlight=False)
    table = Table(title=f"ingest into {result.db} ({result.engine}, {result.seconds:.1f} s)")
    for col in ("file", "layout", "rows", "postings added", "duplicates folded", "bad rows", "note"):
        table.add_column(
            col, justify="right" if col not in ("file", "layout", "note") else "left", overflow="fold"
        )
    for f in result.files:
        note = (
            "already ingested"
            if f.already_ingested
            else f"resumed at row {f.resumed_from}"
            if f.resumed_from
            else ""
        )
        table.add_row(
            Path(f.path).name,
            f.layout.split(":")[0],
            f"{f.rows_read:,}",
            f"{f.postings_added:,}",
            f"{f.duplicates:,}",
            f"{f.bad_rows:,}",
            note,
        )
    out.print(table)
    names = {f.source_id: Path(f.path).name for f in result.files}
    for bad in result.bad_rows[:10]:
        where = bad.where or f"row {bad.row}"
        code = f"[{bad.code}] " if bad.code else ""
        line = f"{names.get(bad.source_id, bad.source_id[:8])} {where}: {code}{bad.reason}"
        out.print(f"[yellow]skipped[/] {escape(line)}")
    if len(result.bad_rows) > 10:
        out.print(f"... {len(result.bad_rows) - 10} more bad rows listed in table bad_rows")


@market_app.command("report")
def report(
    out: Annotated[Path, typer.Option("--out", help="Folder for index.html, charts, CSV and JSON tables.")],
    db: DbOpt = None,
    tables: TablesOpt = None,
    role: RoleOpt = None,
    seniority: LevelOpt = None,
    location: LocationOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    source: SourceOpt = None,
    engine: Annotated[EngineName, typer.Option(help="Where the aggregations run.")] = EngineName.duckdb,
    non_technical: NonTechnicalOpt = False,
    spark_master: Annotated[str | None, typer.Option(help="Spark master URL (default local[*]).")] = None,
    survey: Annotated[
        bool,
        typer.Option(
            "--survey",
            help="Add a section comparing the corpus with the 2020 survey of 500+ US ML-engineer postings.",
        ),
    ] = False,
) -> None:
    """Write the market report (HTML with charts, CSV and JSON tables) and print a summary."""
    filters = _filters(role, seniority, location, since, until, source, non_technical)
    try:
        result = compute_report(
            None if tables else _db(db),
            filters,
            tables=tables,
            engine=engine.value,
            spark_master=spark_master,
            sections=(SURVEY_SECTION,) if survey else (),
        )
    finally:
        if engine is EngineName.spark:
            stop_sessions()
    index = write_report(result, out)
    _print_summary(result)
    Console(highlight=False).print(f"HTML report: [bold]{index.resolve()}[/]")


def _top(result: Any, name: str, n: int = 5) -> str:
    table = result.table(name)
    i = table.columns.index("share")
    return ", ".join(f"{r[0] if name != 'skills' else r[1]} {100 * (r[i] or 0):.0f}%" for r in table.rows[:n])


def _print_summary(result: Any) -> None:
    out = Console(highlight=False)
    overview = {r[0]: r[1] for r in result.table("overview").rows}
    filters = ", ".join(f"{k}={v}" for k, v in result.filters.items()) or "none"
    out.print(
        f"[bold]{result.postings:,} postings[/] (filters: {filters}); dated "
        f"{overview.get('earliest date') or '?'} .. {overview.get('latest date') or '?'}; "
        f"{overview.get('duplicates folded (all sources)', 0):,} duplicates folded"
    )
    out.print(f"top skills (share of {result.postings:,} postings): {_top(result, 'skills', 8)}")
    out.print(f"roles: {_top(result, 'roles')}")
    out.print(f"seniority: {_top(result, 'seniority')}")
    degrees = result.table("degrees")
    out.print(
        "degree required: " + ", ".join(f"{r[0]} {100 * (r[2] or 0):.0f}%" for r in degrees.rows if r[1])
    )
    exp = result.table("experience")
    out.print(f"years stated by {exp.denominator:,} postings; remote: {_top(result, 'remote', 4)}")
    if any(t.name == "survey_2020" for t in result.tables):
        out.print(_survey_line(result.table("survey_2020")))
    sal = result.table("salary_by_level")
    if sal.rows:
        out.print(
            f"median annual salary ({sal.denominator:,} postings, {result.currency.split(' (')[0]}): "
            + ", ".join(f"{r[0]} {r[4]:,.0f}" for r in sal.rows if r[4] is not None)
        )


def _survey_line(table: Any) -> str:
    col = {c: i for i, c in enumerate(table.columns)}
    placed = [r[col["same_place"]] for r in table.rows if r[col["same_place"]] is not None]
    shares = [
        f"{r[col['item']]} {100 * (r[col['share']] or 0):.0f}% (survey {100 * r[col['survey_share']]:.0f}%)"
        for r in table.rows
        if r[col["survey_share"]] is not None
    ]
    return (
        f"against the 2020 survey: {sum(placed)} of {len(placed)} items in the survey's place; "
        + ", ".join(shares)
    )


@market_app.command("skills")
def skills(
    db: DbOpt = None,
    top: Annotated[int, typer.Option(help="How many skills to list.")] = 30,
    category: Annotated[
        str | None, typer.Option(help="A skill category or part of one (cloud, mlops, ...).")
    ] = None,
    role: RoleOpt = None,
    seniority: LevelOpt = None,
    location: LocationOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    non_technical: NonTechnicalOpt = False,
) -> None:
    """The skills asked for most, with the share of postings and required vs preferred counts."""
    filters = _filters(role, seniority, location, since, until, None, non_technical)
    result = top_skills(_db(db), filters, top=top, category=category)
    table = Table(
        title=f"top skills{f' ({category})' if category else ''}: share of {result.denominator:,} "
        f"{result.denominator_label}"
    )
    for col in ("#", "skill", "category", "postings", "share", "required", "preferred"):
        table.add_column(col, justify="right" if col not in ("skill", "category") else "left")
    for i, (_sid, name, cat, n, sh, req, pref, _u) in enumerate(result.rows, start=1):
        table.add_row(
            str(i), str(name), str(cat), f"{n:,}", f"{100 * (sh or 0):.1f}%", f"{req:,}", f"{pref:,}"
        )
    Console(highlight=False).print(table)


@market_app.command("summary")
def summary(db: DbOpt = None) -> None:
    """What the database holds: sources, rows, postings, duplicates folded, bad rows, date range."""
    info = corpus_summary(_db(db))
    table = Table(
        title=f"{info['db']}: {info['postings']:,} postings, {info['duplicates']:,} duplicates folded, "
        f"dated {info['earliest'] or '?'} .. {info['latest'] or '?'}"
    )
    for col in ("source", "layout", "rows", "postings", "duplicates", "bad rows", "complete"):
        table.add_column(col, overflow="fold")
    for name, layout, rows, postings, dups, bad, complete in info["sources"]:
        table.add_row(
            name,
            layout.split(":")[0],
            f"{rows:,}",
            f"{postings:,}",
            f"{dups:,}",
            f"{bad:,}",
            "yes" if complete else "no (re-run ingest to resume)",
        )
    Console(highlight=False).print(table)
    Console(highlight=False).print(f"salaries: {info['currency']}")


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"


@market_app.command("export")
def export(
    out: Annotated[Path, typer.Option("--out", help="Folder for one file per table.")],
    db: DbOpt = None,
    tables: TablesOpt = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", help="File format.")] = ExportFormat.parquet,
) -> None:
    """Write every market table (postings, skills, salaries, ...) to OUT as Parquet or CSV files."""
    written = export_tables(out, db=None if tables else _db(db), tables=tables, fmt=fmt.value)
    table = Table(title=f"{len(written)} tables written to {out}")
    for col in ("table", "rows", "file"):
        table.add_column(col, justify="right" if col == "rows" else "left", overflow="fold")
    for name, (rows, path) in written.items():
        table.add_row(name, f"{rows:,}", str(path))
    Console(highlight=False).print(table)


@market_app.command("presets")
def presets() -> None:
    """The built-in column layouts and the columns that identify each."""
    table = Table(title="ingest presets (chosen automatically when the identifying columns are present)")
    for col in ("preset", "for", "identified by"):
        table.add_column(col)
    for p in load_presets().values():
        table.add_row(p.name, p.description, ", ".join(p.detect))
    Console(highlight=False).print(table)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.add_typer(market_app, name="market")
