"""Batch analysis of a postings table into JSON Lines: parallel, ordered, and tolerant of bad rows.

Columns are found by the presets and guesses of ``sources.columns`` (as ``rank`` and ``market ingest``
do); each output line carries ``row`` (1-based record number) and ``where`` (``line N`` or ``record N``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jdlens.errors import JdlensError
from jdlens.job.parallel import analyze_parallel
from jdlens.models import JobAnalysis
from jdlens.sources.columns import Layout, extract_field
from jdlens.sources.tables import iter_rows, table_layout


@dataclass
class BatchReport:
    rows: int = 0
    analyzed: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def record_error(self, where: str, message: str) -> None:
        self.failed += 1
        if len(self.errors) < 20:
            self.errors.append(f"{where}: {message}")


def check_columns(path: Path, text_column: str | None, title_column: str | None) -> Layout:
    """The table's layout: the named columns (which must exist), else a preset or the guesses."""
    return table_layout(path, text_column, title_column)


def _rows(path: Path, layout: Layout) -> Iterator[tuple[int, str, str | None, str | None, str | None]]:
    """(row number, position, text, title, read error) for every record."""
    title_spec = layout.fields.get("title")
    for row in iter_rows(path):
        if row.error or row.data is None:
            yield row.row_no + 1, row.where, None, None, row.error or "unreadable row"
        else:
            text = extract_field(row.data, layout.fields["text"])
            title = extract_field(row.data, title_spec) if title_spec else None
            yield row.row_no + 1, row.where, text, title, None


def analyze_table(
    path: Path,
    output: Path,
    *,
    text_column: str | None = None,
    title_column: str | None = None,
    workers: int | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> BatchReport:
    """Analyze every row of ``path`` into ``output`` (one JSON object per row, in input order)."""
    layout = check_columns(path, text_column, title_column)
    rows = list(_rows(path, layout))
    report = BatchReport(rows=len(rows))
    results = analyze_parallel((r[2] or "" for r in rows), titles=(r[3] for r in rows), workers=workers)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".partial")
    with tmp.open("w", encoding="utf-8") as out:
        for (number, where, _, title, read_error), result in zip(rows, results, strict=True):
            line = _line(number, where, title, read_error, result, report)
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            if on_progress:
                on_progress(1)
    tmp.replace(output)
    return report


def _line(
    number: int,
    where: str,
    title: str | None,
    read_error: str | None,
    result: JobAnalysis | JdlensError,
    report: BatchReport,
) -> dict[str, Any]:
    if read_error:
        report.record_error(where, read_error)
        return {"row": number, "where": where, "error": read_error}
    if isinstance(result, JdlensError):
        report.record_error(where, result.message)
        return {"row": number, "where": where, "title": title, "error": result.message}
    report.analyzed += 1
    return {"row": number, "where": where, "title": title, "analysis": result.to_dict()}
