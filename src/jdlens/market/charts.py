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


def _salary(ax: Any, table: MarketTable) -> None:
    labels = [str(v) for v in _col(table, table.columns[0])][::-1]
    ax.barh(labels, [v or 0 for v in _col(table, "median_mid")][::-1], color="#3b6ea5")
    ax.set_xlabel("median annual salary (midpoint of range)")


def _thin_ticks(ax: Any, count: int, keep: int = 24) -> None:
    step = max(1, -(-count // keep))
    for i, label in enumerate(ax.get_xticklabels()):
        label.set_visible(i % step == 0)


def _trend(ax: Any, table: MarketTable) -> None:
    ax.plot([str(v) for v in _col(table, "month")], _col(table, "postings"), marker="o", color="#3b6ea5")
    ax.set_ylabel("postings")
    ax.tick_params(axis="x", rotation=60, labelsize=7)
    _thin_ticks(ax, len(table.rows))


def _trend_skills(ax: Any, table: MarketTable) -> None:
    series: dict[str, list[tuple[str, float]]] = {}
    for month, skill, _n, _d, sh in table.rows:
        series.setdefault(str(skill), []).append((str(month), 100 * (sh or 0)))
    for skill, points in series.items():
        ax.plot([p[0] for p in points], [p[1] for p in points], marker=".", label=skill)
    ax.set_ylabel("% of the month's postings")
    ax.tick_params(axis="x", rotation=60, labelsize=7)
    _thin_ticks(ax, len({r[0] for r in table.rows}))
    ax.legend(fontsize=7, ncol=2)


CHARTS: dict[str, ChartFn] = {
    "roles": _hbar,
    "seniority": _hbar,
    "degrees": _degrees,
    "fields": _hbar,
    "experience": _vbar,
    "experience_by_degree": _years_by_degree,
    "companies": _hbar,
    "company_size": _vbar,
    "industries": _hbar,
    "states": _hbar,
    "cities": _hbar,
    "countries": _hbar,
    "remote": _hbar,
    "skill_categories": _hbar,
    "clusters": _clusters,
    "cooccurrence": _hbar,
    "salary_by_level": _salary,
    "salary_by_role": _salary,
    "trend_postings": _trend,
    "trend_skills": _trend_skills,
}


def chart_for(name: str) -> ChartFn | None:
    if name.startswith("skills_"):
        return _hbar
    return CHARTS.get(name)


def _label_rows(table: MarketTable) -> MarketTable:
    if table.name != "cooccurrence":
        return table
    rows = [[f"{a} + {b}", n, sh] for a, b, n, sh, _lift in table.rows]
    return table.model_copy(update={"rows": rows, "columns": ["pair", "postings", "share"]})


def render_charts(report: MarketReport, out_dir: Path) -> dict[str, str]:
    """Write one PNG per chartable, non-empty table; returns table name -> file name (relative)."""
    plt = _pyplot()
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, str] = {}
    for table in report.tables:
        fn = chart_for(table.name)
        if fn is None or not table.rows:
            continue
        height = max(2.8, 0.28 * len(table.rows) + 1.4) if fn in (_hbar, _clusters, _salary) else 4.0
        fig, ax = plt.subplots(figsize=(8, min(height, 11)))
        try:
            fn(ax, _label_rows(table))
            ax.set_title(f"{table.title}\n{_subtitle(table)}", fontsize=10)
            fig.tight_layout()
            name = f"{table.name}.png"
            fig.savefig(out_dir / name, dpi=90)
            written[table.name] = name
        finally:
            plt.close(fig)
    return written
