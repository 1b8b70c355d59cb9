"""``jdlens market ...``: ingest a corpus of postings into DuckDB, report on it, query skills."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from jdlens import api
from jdlens.cli.outputs import (
    MAX_BATCH_SIZE,
    MAX_TOP,
    Format,
    FormatOpt,
    Output,
    OutputOpt,
    Sheet,
    WorkersOpt,
    emit,
    interruption,
    print_help,
    sheets_output,
)
from jdlens.cli.shapes import CorpusSummary, ExportedTable, ExportResult, Preset, PresetList, SourceSummary
from jdlens.config import get_settings
from jdlens.errors import InputError
from jdlens.market.export import export_tables
from jdlens.market.filters import Filters
from jdlens.market.html import write_report
from jdlens.market.queries import corpus_summary, top_skills
from jdlens.market.reports import SURVEY_SECTION, compute_report
from jdlens.market.spark_session import stop_sessions
from jdlens.models import IngestResult, MarketReport, MarketTable
from jdlens.sources.columns import load_presets

market_app = typer.Typer(
    help="Map the ML job market: ingest postings, report, query skills.", invoke_without_command=True
)


@market_app.callback()
def market(ctx: typer.Context) -> None:
    """Map the ML job market: ingest postings, report, query skills."""
    if ctx.invoked_subcommand is None:
        print_help(ctx)


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
) -> Filters:
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
    workers: WorkersOpt = None,
    batch_size: Annotated[
        int | None, typer.Option(min=1, max=MAX_BATCH_SIZE, help="Rows per committed batch (default 2000).")
    ] = None,
    dedupe: Annotated[bool, typer.Option(help="Fold postings with the same normalized description.")] = True,
    spark_master: Annotated[
        str | None,
        typer.Option(help="Spark master URL (default: what spark-submit set, else local[*])."),
    ] = None,
    fmt: FormatOpt = Format.text,
    output: OutputOpt = None,
) -> None:
    """Analyze every posting once and store it; re-running adds nothing, an interrupted run resumes."""
    if engine is EngineName.duckdb and spark_master is not None:
        raise InputError("JDL050", name="--spark-master", reason="it is an option of --engine spark")
    where = tables if tables else str(_db(db))
    interruption.note = f"nothing was committed to {where} yet; run the same command again to start"
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
        seen = [0]

        def progress(done: int, total: int | None) -> None:
            seen[0] = done
            bar.update(task, completed=done, total=total)

        def committed(_window: int) -> None:
            interruption.note = (
                f"the batches committed to {where} are kept (the current file up to row {seen[0]:,}); "
                "run the same command again to resume from there"
            )

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
                on_commit=committed,
                spark_master=spark_master,
            )
        finally:
            if engine is EngineName.spark:
                stop_sessions()
    emit(_ingest_output(result), fmt, output)


def _ingest_output(result: IngestResult) -> Output:
    rows = []
    for f in result.files:
        note = (
            "already ingested"
            if f.already_ingested
            else f"resumed at row {f.resumed_from}"
            if f.resumed_from
            else ""
        )
        rows.append(
            (
                Path(f.path).name,
                f.layout.split(":")[0],
                f"{f.rows_read:,}",
                f"{f.postings_added:,}",
                f"{f.duplicates:,}",
                f"{f.bad_rows:,}",
                note,
            )
        )
    sheet = Sheet(
        f"ingest into {result.db} ({result.engine}, {result.seconds:.1f} s)",
        ("file", "layout", "rows", "postings added", "duplicates folded", "bad rows", "note"),
        rows,
        frozenset({"rows", "postings added", "duplicates folded", "bad rows"}),
    )
    names = {f.source_id: Path(f.path).name for f in result.files}
    notes = [
        f"skipped {names.get(bad.source_id, bad.source_id[:8])} {bad.where or f'row {bad.row}'}: "
        + (f"[{bad.code}] " if bad.code else "")
        + bad.reason
        for bad in result.bad_rows[:10]
    ]
    if len(result.bad_rows) > 10:
        notes.append(f"... {len(result.bad_rows) - 10} more bad rows listed in table bad_rows")
    return sheets_output("jdlens market ingest", result, [sheet], notes)


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
    fmt: Annotated[
        Format,
        typer.Option(
            "--format", "-f", help="Format of the summary printed (json: every table of the report)."
        ),
    ] = Format.text,
    output: OutputOpt = None,
) -> None:
    """Write the market report (HTML with charts, CSV and JSON tables) and print a summary."""
    if engine is EngineName.duckdb and spark_master is not None:
        raise InputError("JDL050", name="--spark-master", reason="it is an option of --engine spark")
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
    interruption.note = f"the report in {out} may be incomplete; run the same command again"
    index = write_report(result, out)
    result = result.model_copy(update={"out_dir": str(out)})
    lines = [*_summary_lines(result), f"HTML report: {index.resolve()}"]
    emit(
        Output(
            title="jdlens market report",
            data=result,
            rich=lambda: Text("\n".join(lines)),
            markdown=lambda: "# jdlens market report\n\n" + "".join(f"- {line}\n" for line in lines),
        ),
        fmt,
        output,
    )


def _top(result: MarketReport, name: str, n: int = 5) -> str:
    table = result.table(name)
    i = table.columns.index("share")
    return ", ".join(
        f"{r[0] if name != 'skills' else r[1]} {100 * float(r[i] or 0):.0f}%" for r in table.rows[:n]
    )


def _summary_lines(result: MarketReport) -> list[str]:
    overview = {r[0]: r[1] for r in result.table("overview").rows}
    filters = ", ".join(f"{k}={v}" for k, v in result.filters.items()) or "none"
    lines = [
        f"{result.postings:,} postings (filters: {filters}); dated "
        f"{overview.get('earliest date') or '?'} .. {overview.get('latest date') or '?'}; "
        f"{overview.get('duplicates folded (all sources)', 0):,} duplicates folded",
        f"top skills (share of {result.postings:,} postings): {_top(result, 'skills', 8)}",
        f"roles: {_top(result, 'roles')}",
        f"seniority: {_top(result, 'seniority')}",
    ]
    degrees = result.table("degrees")
    lines.append(
        "degree required: " + ", ".join(f"{r[0]} {100 * float(r[2] or 0):.0f}%" for r in degrees.rows if r[1])
    )
    exp = result.table("experience")
    lines.append(f"years stated by {exp.denominator:,} postings; remote: {_top(result, 'remote', 4)}")
    if any(t.name == "survey_2020" for t in result.tables):
        lines.append(_survey_line(result.table("survey_2020")))
    sal = result.table("salary_by_level")
    if sal.rows:
        lines.append(
            f"median annual salary ({sal.denominator:,} postings, {result.currency.split(' (')[0]}): "
            + ", ".join(f"{r[0]} {float(r[4]):,.0f}" for r in sal.rows if r[4] is not None)
        )
    return lines


def _survey_line(table: MarketTable) -> str:
    col = {c: i for i, c in enumerate(table.columns)}
    placed = [bool(r[col["same_place"]]) for r in table.rows if r[col["same_place"]] is not None]
    shares = [
        f"{r[col['item']]} {100 * float(r[col['share']] or 0):.0f}% "
        f"(survey {100 * float(r[col['survey_share']] or 0):.0f}%)"
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
    top: Annotated[int, typer.Option(min=1, max=MAX_TOP, help="How many skills to list.")] = 30,
    category: Annotated[
        str | None, typer.Option(help="A skill category or part of one (cloud, mlops, ...).")
    ] = None,
    role: RoleOpt = None,
    seniority: LevelOpt = None,
    location: LocationOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    non_technical: NonTechnicalOpt = False,
    fmt: FormatOpt = Format.text,
    output: OutputOpt = None,
) -> None:
    """The skills asked for most, with the share of postings and required vs preferred counts."""
    filters = _filters(role, seniority, location, since, until, None, non_technical)
    result = top_skills(_db(db), filters, top=top, category=category)
    emit(_skills_output(result, category), fmt, output)


def _skills_output(result: MarketTable, category: str | None) -> Output:
    rows = [
        (str(i), str(name), str(cat), f"{n:,}", f"{100 * float(sh or 0):.1f}%", f"{req:,}", f"{pref:,}")
        for i, (_sid, name, cat, n, sh, req, pref, _u) in enumerate(result.rows, start=1)
    ]
    sheet = Sheet(
        f"top skills{f' ({category})' if category else ''}: share of {result.denominator:,} "
        f"{result.denominator_label}",
        ("#", "skill", "category", "postings", "share", "required", "preferred"),
        rows,
        frozenset({"#", "postings", "share", "required", "preferred"}),
    )
    return sheets_output("jdlens market skills", result, [sheet], [result.note] if result.note else [])


@market_app.command("summary")
def summary(db: DbOpt = None, fmt: FormatOpt = Format.text, output: OutputOpt = None) -> None:
    """What the database holds: sources, rows, postings, duplicates folded, bad rows, date range."""
    info = corpus_summary(_db(db))
    data = CorpusSummary(
        db=str(info["db"]),
        postings=info["postings"],
        duplicates=info["duplicates"],
        earliest=str(info["earliest"]) if info["earliest"] else None,
        latest=str(info["latest"]) if info["latest"] else None,
        currency=str(info["currency"]),
        sources=[
            SourceSummary(
                name=name,
                layout=layout,
                rows=rows,
                postings=postings,
                duplicates=dups,
                bad_rows=bad,
                complete=bool(complete),
            )
            for name, layout, rows, postings, dups, bad, complete in info["sources"]
        ],
    )
    sheet = Sheet(
        f"{data.db}: {data.postings:,} postings, {data.duplicates:,} duplicates folded, "
        f"dated {data.earliest or '?'} .. {data.latest or '?'}",
        ("source", "layout", "rows", "postings", "duplicates", "bad rows", "complete"),
        [
            (
                s.name,
                s.layout.split(":")[0],
                f"{s.rows:,}",
                f"{s.postings:,}",
                f"{s.duplicates:,}",
                f"{s.bad_rows:,}",
                "yes" if s.complete else "no (re-run ingest to resume)",
            )
            for s in data.sources
        ],
    )
    emit(sheets_output("jdlens market summary", data, [sheet], [f"salaries: {data.currency}"]), fmt, output)


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"


@market_app.command("export")
def export(
    out: Annotated[Path, typer.Option("--out", help="Folder for one file per table.")],
    db: DbOpt = None,
    tables: TablesOpt = None,
    file_format: Annotated[
        ExportFormat, typer.Option("--file-format", help="Format of the table files written.")
    ] = ExportFormat.parquet,
    fmt: FormatOpt = Format.text,
    output: OutputOpt = None,
) -> None:
    """Write every market table (postings, skills, salaries, ...) to OUT as Parquet or CSV files."""
    interruption.note = f"the files in {out} may be incomplete; run the same command again"
    written = export_tables(out, db=None if tables else _db(db), tables=tables, fmt=file_format.value)
    data = ExportResult(
        out=str(out),
        format=file_format.value,
        tables=[
            ExportedTable(table=name, rows=rows, file=str(path)) for name, (rows, path) in written.items()
        ],
    )
    sheet = Sheet(
        f"{len(data.tables)} tables written to {out}",
        ("table", "rows", "file"),
        [(t.table, f"{t.rows:,}", t.file) for t in data.tables],
        frozenset({"rows"}),
    )
    emit(sheets_output("jdlens market export", data, [sheet]), fmt, output)


@market_app.command("presets")
def presets(fmt: FormatOpt = Format.text, output: OutputOpt = None) -> None:
    """The built-in column layouts and the columns that identify each."""
    data = PresetList(
        presets=[
            Preset(name=p.name, description=p.description, detect=list(p.detect))
            for p in load_presets().values()
        ]
    )
    sheet = Sheet(
        "ingest presets (chosen automatically when the identifying columns are present)",
        ("preset", "for", "identified by"),
        [(p.name, p.description, ", ".join(p.detect)) for p in data.presets],
    )
    emit(sheets_output("jdlens market presets", data, [sheet]), fmt, output)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.add_typer(market_app, name="market")
