"""Turn a ``MarketReport`` into what the market page draws: bars, salary ranges, trend lines, tables.

Every chart is server-rendered SVG (no script, no CDN) from the geometry computed here. Bars are
scaled to the largest value shown, every salary row and every trend point carries its sample
size ``n``, and each chart keeps its table for readers who want the numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from jdlens.labels import category_label, degree_label, level_label, role_label
from jdlens.labels import money_text as money
from jdlens.models import MarketReport, MarketTable

CHART_COLUMNS = ("share", "required_share")
COUNT_COLUMNS = ("postings", "required")
LABEL_COLUMNS = ("skill", "name", "measure")
NO_CHART = frozenset({"sources", "overview", "trend_skills", "trend_postings", "experience_by_degree"})
SALARY_PREFIX = "salary_by_"
TREND_TABLES = frozenset({"trend_postings", "trend_skills"})
VALUE_LABELS = {"role": role_label, "seniority": level_label, "degree": degree_label}
MAX_BARS = 15
MAX_ROWS = 50
MAX_LINES = 8

# Line-chart canvas (SVG user units; the SVG scales to the width of its box).
PLOT_W, PLOT_H = 560.0, 220.0
PAD_L, PAD_R, PAD_T, PAD_B = 44.0, 12.0, 16.0, 30.0
SERIES_CLASSES = 8  # .series-0 ... .series-7 in app.css


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    fraction: float  # of the largest value shown, 0..1
    n: int | None = None


@dataclass(frozen=True)
class Range:
    """One salary row: the median low, middle and high end, scaled to the widest range shown."""

    label: str
    n: int
    low: float
    mid: float
    high: float
    text: str


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    value: str
    n: int


@dataclass(frozen=True)
class Series:
    name: str
    css: str
    points: list[Point]

    @property
    def path(self) -> str:
        return " ".join(f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(self.points))


@dataclass(frozen=True)
class LineChart:
    series: list[Series]
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    width: float = PLOT_W
    height: float = PLOT_H
    left: float = PAD_L
    right: float = PLOT_W - PAD_R
    top: float = PAD_T
    bottom: float = PLOT_H - PAD_B


@dataclass
class TableView:
    table: MarketTable
    header: list[str]
    rows: list[list[str]]
    bars: list[Bar] = field(default_factory=list)
    chart_column: str | None = None
    ranges: list[Range] = field(default_factory=list)
    line: LineChart | None = None

    @property
    def hidden_rows(self) -> int:
        return max(0, len(self.table.rows) - len(self.rows))

    @property
    def has_chart(self) -> bool:
        return bool(self.bars or self.ranges or self.line)


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
    return labels(str(value)) if labels else str(value)


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _count(row: list[Any], columns: list[str]) -> int | None:
    for name in COUNT_COLUMNS:
        if name in columns and isinstance(row[columns.index(name)], int):
            return int(row[columns.index(name)])
    return None


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
    """A horizontal bar per row for the table's share, scaled to the largest share shown."""
    column = next((c for c in CHART_COLUMNS if c in table.columns), None)
    if column is None or table.name in NO_CHART or table.name.startswith(SALARY_PREFIX) or not table.rows:
        return None, []
    at = table.columns.index(column)
    shown = table.rows[:MAX_BARS]
    values = [_number(r[at]) for r in shown]
    top = max(values) or 1.0
    return column, [
        Bar(
            _label(r, table.columns, table.name),
            cell_text(r[at], column, table.name),
            v / top,
            _count(r, table.columns),
        )
        for r, v in zip(shown, values, strict=True)
    ]


def _short_money(value: float) -> str:
    return f"${value / 1000:,.0f}k" if value >= 1000 else money(value, "USD")


def salary_ranges(table: MarketTable) -> list[Range]:
    """Median low-to-high range per group with its n, on one scale from 0 to the highest end shown."""
    needed = ("postings", "median_min", "median_mid", "median_max")
    if not table.name.startswith(SALARY_PREFIX) or not all(c in table.columns for c in needed):
        return []
    at = {c: table.columns.index(c) for c in needed}
    rows = [r for r in table.rows[:MAX_BARS] if _number(r[at["median_max"]]) > 0]
    top = max((_number(r[at["median_max"]]) for r in rows), default=0.0) or 1.0
    out = []
    for r in rows:
        low, mid, high = (_number(r[at[c]]) for c in ("median_min", "median_mid", "median_max"))
        text = f"{_short_money(low)}–{_short_money(high)}, middle {_short_money(mid)}"
        label = cell_text(r[0], table.columns[0], table.name)
        out.append(Range(label, int(_number(r[at["postings"]])), low / top, mid / top, high / top, text))
    return out


def _nice_top(value: float) -> float:
    """A round axis maximum at or above ``value``: 1, 2, 2.5 or 5 times a power of ten."""
    if value <= 0:
        return 1.0
    magnitude = 10.0 ** math.floor(math.log10(value))
    return next((m * magnitude for m in (1, 2, 2.5, 5) if m * magnitude >= value), 10 * magnitude)


def _series_rows(table: MarketTable) -> tuple[list[str], dict[str, list[list[Any]]]]:
    cols = table.columns
    months = sorted({str(r[cols.index("month")]) for r in table.rows})
    groups: dict[str, list[list[Any]]] = {}
    if "skill" in cols:
        for r in table.rows:
            groups.setdefault(str(r[cols.index("skill")]), []).append(r)
    else:
        groups["All postings"] = list(table.rows)
    return months, dict(list(groups.items())[:MAX_LINES])


def _tick(value: float, measure: str) -> str:
    return f"{100 * value:g}%" if measure == "share" else f"{value:,.0f}"


def line_chart(table: MarketTable) -> LineChart | None:
    """Trend tables as lines: x = month, y = postings (or share), each point with its n."""
    if table.name not in TREND_TABLES or not table.rows or "month" not in table.columns:
        return None
    cols = table.columns
    measure = "share" if "skill" in cols else "postings"
    n_col = "month_postings" if "month_postings" in cols else "postings"
    months, groups = _series_rows(table)
    top = _nice_top(max(_number(r[cols.index(measure)]) for r in table.rows))
    left, right, upper, lower = PAD_L, PLOT_W - PAD_R, PAD_T, PLOT_H - PAD_B
    span = max(1, len(months) - 1)

    def x_of(month: str) -> float:
        return left + (right - left) * (months.index(month) / span if len(months) > 1 else 0.5)

    def y_of(value: float) -> float:
        return lower - (lower - upper) * value / top

    series = []
    for i, (name, rows) in enumerate(groups.items()):
        points = [
            Point(
                x_of(str(r[cols.index("month")])),
                y_of(_number(r[cols.index(measure)])),
                str(r[cols.index("month")]),
                cell_text(r[cols.index(measure)], measure, table.name),
                int(_number(r[cols.index(n_col)])),
            )
            for r in sorted(rows, key=lambda r: str(r[cols.index("month")]))
        ]
        series.append(Series(name, f"series-{i % SERIES_CLASSES}", points))
    every = max(1, len(months) // 8)
    x_ticks = [(x_of(m), m) for m in months[::every]]
    y_ticks = [(y_of(top * k / 4), _tick(top * k / 4, measure)) for k in range(5)]
    return LineChart(series, x_ticks, y_ticks)


def table_view(table: MarketTable) -> TableView:
    column, chart = bars(table)
    rows = [
        [cell_text(v, c, table.name) for c, v in zip(table.columns, r, strict=False)]
        for r in table.rows[:MAX_ROWS]
    ]
    header = [c.replace("_", " ") for c in table.columns]
    return TableView(
        table=table,
        header=header,
        rows=rows,
        bars=chart,
        chart_column=column,
        ranges=salary_ranges(table),
        line=line_chart(table),
    )


def report_sections(report: MarketReport) -> list[tuple[str, list[TableView]]]:
    """The report's tables grouped by section, in report order; empty tables are kept (they say so)."""
    sections: dict[str, list[TableView]] = {}
    for table in report.tables:
        sections.setdefault(table.section, []).append(table_view(table))
    return list(sections.items())
