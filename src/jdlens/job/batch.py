"""Batch analysis of a postings table into JSON Lines: parallel, ordered, and tolerant of bad rows."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jdlens.errors import InputError, JdlensError
from jdlens.job.parallel import analyze_parallel
from jdlens.models import JobAnalysis
from jdlens.sources.tables import iter_rows, peek_columns


@dataclass
class BatchReport:
    rows: int = 0
    analyzed: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def record_error(self, row: int, message: str) -> None:
        self.failed += 1
        if len(self.errors) < 20:
            self.errors.append(f"row {row}: {message}")


def check_columns(path: Path, text_column: str, title_column: str | None) -> None:
    columns = peek_columns(path)
    for column in (text_column, title_column):
        if column and column not in columns:
            raise InputError("JDL004", column=column, available=", ".join(columns) or "(none)")


def _cell(record: dict[str, Any], column: str | None) -> str | None:
    if column is None:
        return None
    value = record.get(column)
    if value is None or (isinstance(value, float) and value != value):
        return None
    return str(value)


def _rows(
    path: Path, text_column: str, title_column: str | None
) -> Iterator[tuple[str | None, str | None, str | None]]:
    for row in iter_rows(path):
        if row.error or row.data is None:
            yield None, None, row.error or "unreadable row"
        else:
            yield _cell(row.data, text_column), _cell(row.data, title_column), None


def analyze_table(
    path: Path,
    output: Path,
    *,
    text_column: str,
    title_column: str | None = None,
    workers: int | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> BatchReport:
    """Analyze every row of ``path`` into ``output`` (one JSON object per row, in input order)."""
    check_columns(path, text_column, title_column)
    rows = list(_rows(path, text_column, title_column))
    report = BatchReport(rows=len(rows))
    results = analyze_parallel((r[0] or "" for r in rows), titles=(r[1] for r in rows), workers=workers)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".partial")
    with tmp.open("w", encoding="utf-8") as out:
        for number, ((_, title, read_error), result) in enumerate(zip(rows, results, strict=True), start=1):
            out.write(json.dumps(_line(number, title, read_error, result, report), ensure_ascii=False) + "\n")
            if on_progress:
                on_progress(1)
    tmp.replace(output)
    return report


def _line(
    number: int,
    title: str | None,
    read_error: str | None,
    result: JobAnalysis | JdlensError,
    report: BatchReport,
) -> dict[str, Any]:
    if read_error:
        report.record_error(number, read_error)
        return {"row": number, "error": read_error}
    if isinstance(result, JdlensError):
        report.record_error(number, result.message)
        return {"row": number, "title": title, "error": result.message}
    report.analyzed += 1
    return {"row": number, "title": title, "analysis": result.to_dict()}
