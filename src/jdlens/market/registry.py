"""The report tables registry: each table is a function registered with its name, section and chart.

The report builds the tables in registration order; the HTML groups them by section (in ``SECTIONS``
order), the charts draw each with its ``chart`` kind, and the web reads both from the tables.
Adding a report table is one decorated function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

SECTIONS = (
    "Corpus",
    "Roles and levels",
    "Education",
    "Experience",
    "Employers",
    "Places",
    "Skills",
    "Skills by category",
    "Skill clusters",
    "Salary",
    "Trends",
    "Against the 2020 survey",
)
# the kinds of chart ``charts.py`` draws; None: a table without a chart
CHART_KINDS = (
    "hbar",
    "vbar",
    "degrees",
    "years_by_degree",
    "clusters",
    "pairs",
    "salary_box",
    "trend",
    "trend_shares",
)

Builder = Callable[[Any], Any]
F = TypeVar("F", bound=Builder)


@dataclass(frozen=True)
class TableSpec:
    name: str
    section: str
    chart: str | None
    build: Builder
    optional: bool = False  # built only when asked for (``sections``)


REGISTRY: dict[str, TableSpec] = {}


def register(name: str, section: str, chart: str | None, build: Builder, *, optional: bool = False) -> None:
    if section not in SECTIONS:
        raise ValueError(f"unknown report section {section!r}")
    if chart is not None and chart not in CHART_KINDS:
        raise ValueError(f"unknown chart kind {chart!r}")
    if name in REGISTRY:
        raise ValueError(f"report table {name!r} registered twice")
    REGISTRY[name] = TableSpec(name, section, chart, build, optional)


def report_table(
    name: str, *, section: str, chart: str | None = None, optional: bool = False
) -> Callable[[F], F]:
    """Register the decorated ``build(ctx) -> Body`` as the report table ``name``."""

    def wrap(fn: F) -> F:
        register(name, section, chart, fn, optional=optional)
        return fn

    return wrap


def spec(name: str) -> TableSpec | None:
    return REGISTRY.get(name)
