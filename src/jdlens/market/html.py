"""Write a report to a folder: ``index.html`` with charts, ``tables/*.csv`` and ``report.json``."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from jdlens.market.charts import render_charts
from jdlens.market.registry import SECTIONS
from jdlens.models import MarketReport, MarketTable


def write_tables(report: MarketReport, out_dir: Path) -> None:
    tables = out_dir / "tables"
    tables.mkdir(parents=True, exist_ok=True)
    for t in report.tables:
        with (tables / f"{t.name}.csv").open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(t.columns)
            writer.writerows(t.rows)
    (out_dir / "report.json").write_text(json.dumps(report.to_dict(), indent=1), encoding="utf-8")


def _fmt(value: Any, column: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and ("share" in column):
        return f"{100 * value:.1f}%"
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _view(t: MarketTable, charts: dict[str, str], max_rows: int) -> dict[str, Any]:
    rows = [[_fmt(v, c) for v, c in zip(r, t.columns, strict=True)] for r in t.rows[:max_rows]]
    return {
        "name": t.name,
        "title": t.title,
        "columns": t.columns,
        "rows": rows,
        "more": len(t.rows) - len(rows),
        "denominator": f"{t.denominator:,}",
        "label": t.denominator_label,
        "note": t.note,
        "chart": f"charts/{charts[t.name]}" if t.name in charts else None,
    }


def render_html(report: MarketReport, charts: dict[str, str], max_rows: int = 30) -> str:
    env = Environment(
        loader=PackageLoader("jdlens.market", "templates"), autoescape=select_autoescape(["html"])
    )
    sections: dict[str, list[dict[str, Any]]] = {s: [] for s in SECTIONS}
    for t in report.tables:
        if t.name.startswith("skills_") and not t.rows:
            continue
        sections.setdefault(t.section, []).append(_view(t, charts, max_rows))
    return env.get_template("report.html").render(
        report=report,
        sections=[(s, v) for s, v in sections.items() if v],
        generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
    )


def write_report(report: MarketReport, out_dir: str | Path) -> Path:
    """Write everything; returns the path of ``index.html``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    write_tables(report, out)
    charts = render_charts(report, out / "charts")
    index = out / "index.html"
    index.write_text(render_html(report, charts), encoding="utf-8")
    return index
