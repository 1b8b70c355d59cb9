"""Turn a ``MarketReport`` into what the market page shows: bar charts and formatted tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jdlens.models import MarketReport, MarketTable
from jdlens.web.present import DEGREE_LABELS, LEVEL_LABELS, ROLE_LABELS, category_label, money

CHART_COLUMNS = ("share", "required_share", "median_mid")
LABEL_COLUMNS = ("skill", "name", "measure")
NO_CHART = frozenset({"sources", "overview", "trend_skills", "experience_by_degree"})
VALUE_LABELS = {"role": ROLE_LABELS, "seniority": LEVEL_LABELS, "degree": DEGREE_LABELS}
MAX_BARS = 15
MAX_ROWS = 50


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    width: float


@dataclass
class TableView:
    table: MarketTable
    header: list[str]
    rows: list[list[str]]
    bars: list[Bar] = field(default_factory=list)
    chart_column: str | None = None

    @property
    def hidden_rows(self) -> int:
        return max(0, len(self.table.rows) - len(self.rows))


def cell_text(value: Any, column: str, table: str) -> str:
    """A cell as people read it: shares as percentages, salaries as money, ids as labels."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if column.endswith("share"):
        return f"{100 * float(value):.1f}%"
    if isinstance(value, int | float) and table.startswith("salary") and column.startswith("median"):
        return money(float(value), "USD")
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    labels = VALUE_LABELS.get(column)
    if labels is None and column == "category":
        return category_label(str(value))
    return labels.get(str(value), str(value)) if labels else str(value)


def _label(row: list[Any], columns: list[str], table: str) -> str:
    for name in LABEL_COLUMNS:
        if name in columns:
            return cell_text(row[columns.index(name)], name, table)
    parts = []
    for column, value in zip(columns, row, strict=False):
        if not isinstance(value, str):
            break
        parts.append(cell_text(value, column, table))
    return " + ".join(parts) or "–"


def bars(table: MarketTable) -> tuple[str | None, list[Bar]]:
    """A horizontal bar per row (largest first as the report orders them) for the table's main measure."""
    column = next((c for c in CHART_COLUMNS if c in table.columns), None)
    if column is None or table.name in NO_CHART or not table.rows:
        return None, []
    at = table.columns.index(column)
    values = [float(r[at]) if isinstance(r[at], int | float) else 0.0 for r in table.rows[:MAX_BARS]]
    top = max(values) or 1.0
    scale = 1.0 if column.endswith("share") else top
    return column, [
        Bar(
            _label(r, table.columns, table.name),
            cell_text(r[at], column, table.name),
            100 * v / max(scale, top),
        )
        for r, v in zip(table.rows[:MAX_BARS], values, strict=False)
    ]


def table_view(table: MarketTable) -> TableView:
    column, chart = bars(table)
    rows = [
        [cell_text(v, c, table.name) for c, v in zip(table.columns, r, strict=False)]
        for r in table.rows[:MAX_ROWS]
    ]
    header = [c.replace("_", " ") for c in table.columns]
    return TableView(table=table, header=header, rows=rows, bars=chart, chart_column=column)


def report_sections(report: MarketReport) -> list[tuple[str, list[TableView]]]:
    """The report's tables grouped by section, in report order; empty tables are kept (they say so)."""
    sections: dict[str, list[TableView]] = {}
    for table in report.tables:
        sections.setdefault(table.section, []).append(table_view(table))
    return list(sections.items())
