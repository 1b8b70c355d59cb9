"""PNG charts for the report tables (matplotlib, Agg backend); every chart names its denominator."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from jdlens.models import MarketReport, MarketTable

ChartFn = Callable[[Any, MarketTable], None]


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _col(table: MarketTable, name: str) -> list[Any]:
    i = table.columns.index(name)
    return [r[i] for r in table.rows]


def _subtitle(table: MarketTable) -> str:
    return f"n = {table.denominator:,} {table.denominator_label}"


def _hbar(ax: Any, table: MarketTable) -> None:
    labels = [str(v) for v in _col(table, table.columns[0])][::-1]
    values = [100 * (v or 0) for v in _col(table, "share")][::-1]
    ax.barh(labels, values, color="#3b6ea5")
    ax.set_xlabel("% of postings")
    for y, v in enumerate(values):
        ax.text(v, y, f" {v:.1f}%", va="center", fontsize=8)


def _vbar(ax: Any, table: MarketTable) -> None:
    labels = [str(v) for v in _col(table, table.columns[0])]
    values = [100 * (v or 0) for v in _col(table, "share")]
    ax.bar(labels, values, color="#3b6ea5")
    ax.set_ylabel("% of postings")


def _degrees(ax: Any, table: MarketTable) -> None:
    labels = [str(v) for v in _col(table, "degree")]
    req = [100 * (v or 0) for v in _col(table, "required_share")]
    pref = [100 * (v or 0) for v in _col(table, "preferred_share")]
    xs = range(len(labels))
    ax.bar([x - 0.2 for x in xs], req, width=0.4, label="required", color="#3b6ea5")
    ax.bar([x + 0.2 for x in xs], pref, width=0.4, label="preferred", color="#e0a030")
    ax.set_xticks(list(xs), labels)
    ax.set_ylabel("% of postings")
    ax.legend()


def _years_by_degree(ax: Any, table: MarketTable) -> None:
    labels = [str(v) for v in _col(table, "degree")]
    xs = range(len(labels))
    ax.bar(
        [x - 0.2 for x in xs],
        [v or 0 for v in _col(table, "mean_years")],
        width=0.4,
        label="mean",
        color="#3b6ea5",
    )
    ax.bar(
        [x + 0.2 for x in xs],
        [v or 0 for v in _col(table, "median_years")],
        width=0.4,
        label="median",
        color="#e0a030",
    )
    ax.set_xticks(list(xs), labels)
    ax.set_ylabel("years")
    ax.legend()


def _clusters(ax: Any, table: MarketTable) -> None:
    labels = [str(v) for v in _col(table, "name")][::-1]
    values = [100 * (v or 0) for v in _col(table, "share")][::-1]
    seeds = [None if v is None else 100 * v for v in _col(table, "seed_share")][::-1]
    ax.barh(labels, values, color="#3b6ea5", label="this corpus")
    points = [(s, y) for y, s in enumerate(seeds) if s is not None]
    if points:
        ax.scatter(
            [p[0] for p in points], [p[1] for p in points], color="#c03030", zorder=3, label="seed 003"
        )
    ax.set_xlabel("% of postings")
    ax.legend(fontsize=8)


def _salary_box(ax: Any, table: MarketTable) -> None:
    """Quartiles of the salary midpoint per row: a box from q1 to q3, the median marked, n beside it."""
    labels = [str(v) for v in _col(table, table.columns[0])][::-1]
    q1, med, q3 = (_col(table, c)[::-1] for c in ("q1_mid", "median_mid", "q3_mid"))
    ns = _col(table, "postings")[::-1]
    for y, (lo, mid, hi) in enumerate(zip(q1, med, q3, strict=True)):
        if lo is None or hi is None:
            continue
        ax.barh(y, hi - lo, left=lo, color="#9bb7d6", edgecolor="#3b6ea5")
        ax.plot([mid, mid], [y - 0.4, y + 0.4], color="#c03030")
        ax.text(hi, y, f"  n={ns[y]:,}", va="center", fontsize=8)
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("annual salary: 25th-75th percentile (box), median (red line)")


def _thin_ticks(ax: Any, count: int, keep: int = 24) -> None:
    step = max(1, -(-count // keep))
    for i, label in enumerate(ax.get_xticklabels()):
        label.set_visible(i % step == 0)


def _month_ticks(ax: Any, months: list[str], bases: dict[str, int]) -> None:
    ax.set_xticks(range(len(months)), [f"{m}\nn={bases[m]:,}" for m in months])
    ax.tick_params(axis="x", rotation=60, labelsize=6)
    _thin_ticks(ax, len(months))


def _trend(ax: Any, table: MarketTable) -> None:
    months = [str(v) for v in _col(table, "month")]
    counts = _col(table, "postings")
    ax.plot(range(len(months)), counts, marker="o", color="#3b6ea5")
    ax.set_ylabel("postings")
    _month_ticks(ax, months, dict(zip(months, counts, strict=True)))


def _trend_shares(ax: Any, table: MarketTable) -> None:
    """One line per skill; the band is the 95% Wilson interval; each month's base n under its tick."""
    months = sorted({str(r[0]) for r in table.rows})
    at = {m: i for i, m in enumerate(months)}
    bases = {str(r[0]): int(str(r[3])) for r in table.rows}
    series: dict[str, list[tuple[int, float, float, float]]] = {}
    for month, skill, _n, _d, sh, lo, hi in table.rows:
        point = (at[str(month)], 100 * float(sh or 0), 100 * float(lo or 0), 100 * float(hi or 0))
        series.setdefault(str(skill), []).append(point)
    for skill, points in series.items():
        xs = [p[0] for p in points]
        (line,) = ax.plot(xs, [p[1] for p in points], marker=".", label=skill)
        ax.fill_between(
            xs, [p[2] for p in points], [p[3] for p in points], color=line.get_color(), alpha=0.12
        )
    ax.set_ylabel("% of the month's postings (95% interval)")
    _month_ticks(ax, months, bases)
    ax.legend(fontsize=7, ncol=2)


def _pairs(ax: Any, table: MarketTable) -> None:
    rows = [[f"{a} + {b}", n, sh] for a, b, n, sh, _lift in table.rows]
    _hbar(ax, table.model_copy(update={"rows": rows, "columns": ["pair", "postings", "share"]}))


CHARTS: dict[str, ChartFn] = {
    "hbar": _hbar,
    "vbar": _vbar,
    "degrees": _degrees,
    "years_by_degree": _years_by_degree,
    "clusters": _clusters,
    "pairs": _pairs,
    "salary_box": _salary_box,
    "trend": _trend,
    "trend_shares": _trend_shares,
}
TALL = frozenset({"hbar", "clusters", "pairs", "salary_box"})


def render_charts(report: MarketReport, out_dir: Path) -> dict[str, str]:
    """Write one PNG per non-empty table with a chart kind; returns table name -> file name (relative)."""
    plt = _pyplot()
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, str] = {}
    for table in report.tables:
        fn = CHARTS.get(table.chart or "")
        if fn is None or not table.rows:
            continue
        height = max(2.8, 0.28 * len(table.rows) + 1.4) if table.chart in TALL else 4.5
        fig, ax = plt.subplots(figsize=(8, min(height, 11)))
        try:
            fn(ax, table)
            ax.set_title(f"{table.title}\n{_subtitle(table)}", fontsize=10)
            fig.tight_layout()
            name = f"{table.name}.png"
            fig.savefig(out_dir / name, dpi=90)
            written[table.name] = name
        finally:
            plt.close(fig)
    return written
