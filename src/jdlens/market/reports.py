"""Report tables over the market database, as SQL that DuckDB and Spark SQL both run unchanged.

Every table counts postings; shares are computed here (count / denominator), never in SQL, so two
engines that return the same counts give the same report.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from jdlens.errors import InputError, MarketError
from jdlens.market import fields as nz
from jdlens.market.database import connect
from jdlens.market.spark_engine import SparkSQLEngine
from jdlens.models import Cell, Degree, Level, MarketReport, MarketTable, RoleCategory
from jdlens.taxonomy.schema import CATEGORIES

Rows = list[tuple[Any, ...]]

ROLES = typing.get_args(RoleCategory)
LEVELS = typing.get_args(Level)
DEGREES = tuple(d for d in typing.get_args(Degree) if d != "none") + ("none",)
EXPERIENCE_BUCKETS = ("0", "1", "2", "3", "4", "5", "6-7", "8-9", "10+")
# skill categories shown as their own report sections (the seed's survey questions)
CATEGORY_SECTIONS = (
    "programming_language",
    "dl_framework",
    "ml_library",
    "data_library",
    "big_data",
    "cloud_platform",
    "cloud_ml_service",
    "mlops",
    "llm_tooling",
    "database",
    "visualization_bi",
    "devops_infra",
    "ml_concept",
    "math_stats",
    "soft_skill",
)


class Engine(typing.Protocol):
    name: str

    def rows(self, sql: str) -> Rows: ...

    def register(self, name: str, columns: Sequence[str], rows: Rows) -> None: ...


class DuckDBEngine:
    """Runs report SQL on an open DuckDB connection."""

    name = "duckdb"

    def __init__(self, con: Any) -> None:
        self.con = con

    def rows(self, sql: str) -> Rows:
        return [tuple(r) for r in self.con.execute(sql).fetchall()]

    def register(self, name: str, columns: Sequence[str], rows: Rows) -> None:
        import pyarrow as pa

        data = {c: [r[i] for r in rows] for i, c in enumerate(columns)}
        self.con.register(
            name, pa.table(data) if rows else pa.table({c: pa.array([], pa.string()) for c in columns})
        )


# ---- filters ----------------------------------------------------------------------------------


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _choices(name: str, value: str | None, allowed: Sequence[str]) -> list[str]:
    if not value:
        return []
    items = [v.strip() for v in value.split(",") if v.strip()]
    for item in items:
        if item not in allowed:
            raise InputError("JDL050", name=name, reason=f"{item!r} is not one of {', '.join(allowed)}")
    return items


def _date(name: str, value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError("JDL050", name=name, reason=f"{value!r} is not a date (YYYY-MM-DD)") from None


@dataclass(frozen=True)
class Filters:
    """Which postings a report covers. ``role`` and ``seniority`` take comma-separated values."""

    role: str | None = None
    seniority: str | None = None
    location: str | None = None
    since: dt.date | str | None = None
    until: dt.date | str | None = None
    source: str | None = None
    non_technical: bool | str | None = None  # keep postings that are not technical jobs in the skill tables

    def keeps_non_technical(self) -> bool:
        value = self.non_technical
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes", "on")
        return bool(value)

    def skill_predicate(self) -> str:
        """The postings the skill tables count: by default only technical jobs (role not ``other``)."""
        if self.keeps_non_technical():
            return self.predicate()
        return f"{self.predicate()} AND COALESCE(role, 'other') <> 'other'"

    def predicate(self) -> str:
        conds = ["TRUE"]
        roles = _choices("role", self.role, ROLES)
        levels = _choices("seniority", self.seniority, LEVELS)
        if roles:
            conds.append(f"role IN ({', '.join(_lit(r) for r in roles)})")
        if levels:
            conds.append(f"seniority IN ({', '.join(_lit(s) for s in levels)})")
        since, until = _date("since", self.since), _date("until", self.until)
        if since:
            conds.append(f"date_posted >= DATE '{since.isoformat()}'")
        if until:
            conds.append(f"date_posted <= DATE '{until.isoformat()}'")
        if self.location:
            conds.append(_location_predicate(self.location))
        if self.source:
            s = _lit(self.source)
            conds.append(f"source_id IN (SELECT source_id FROM sources WHERE name = {s} OR source_id = {s})")
        return " AND ".join(conds)

    def describe(self) -> dict[str, str]:
        described = {k: str(v) for k, v in self.__dict__.items() if v and k != "non_technical"}
        if self.keeps_non_technical():
            described["non_technical"] = "kept"
        return described


def _location_predicate(value: str) -> str:
    """A place name matches city, state/region, country or remote kind: "CA", "Texas", "London", "remote".
    A two-letter code that is a state or province is read as one ("CA": California, not Canada)."""
    text = value.strip()
    ors = [f"lower(city) = {_lit(text.casefold())}"]
    code, region_country = nz.region_code(text)
    if region_country:
        ors.append(f"state = {_lit(code)}")
    country = nz.country_code(text)
    if country and not (region_country and len(text) == 2):  # "CA" is California; "Canada" the country
        ors.append(f"country = {_lit(country)}")
    kind = nz.remote_flag(text)
    if kind and text.casefold() in {"remote", "hybrid", "onsite", "on-site"}:
        ors.append(f"remote = {_lit(kind)}")
    return "(" + " OR ".join(ors) + ")"


# ---- clusters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cluster:
    id: str
    name: str
    group: str
    skills: tuple[str, ...]
    categories: tuple[str, ...] = ()
    subcategories: tuple[str, ...] = ()
    seed_share: float | None = None


@lru_cache(maxsize=1)
def load_clusters() -> tuple[tuple[Cluster, ...], str]:
    """The seeds' skill clusters (``data/clusters.yaml``) and their source line."""
    raw = resources.files("jdlens.market.data").joinpath("clusters.yaml").read_text(encoding="utf-8")
    doc = yaml.safe_load(raw)
    clusters = tuple(
        Cluster(
            c["id"],
            c["name"],
            c["group"],
            tuple(c.get("skills", ())),
            tuple(c.get("categories", ())),
            tuple(c.get("subcategories", ())),
            c.get("seed_share"),
        )
        for c in doc["clusters"]
    )
    return clusters, doc["source"]


def cluster_members(skills: Rows) -> Rows:
    """(cluster, skill_id) pairs, given the skill dimension rows (id, name, category, subcategory)."""
    clusters, _ = load_clusters()
    pairs: list[tuple[str, str]] = []
    for c in clusters:
        members = set(c.skills)
        members |= {
            sid for sid, _n, cat, sub in skills if cat in c.categories or (sub and sub in c.subcategories)
        }
        pairs.extend((c.id, sid) for sid in sorted(members))
    return pairs


# ---- building the tables ----------------------------------------------------------------------


def share(n: int | None, d: int) -> float | None:
    return round(n / d, 4) if d and n is not None else None


def _r(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)


@dataclass
class Context:
    engine: Engine
    predicate: str
    total: int = 0
    skill_names: dict[str, tuple[str, str]] = field(default_factory=dict)
    label: str = "postings matching the filters"

    def q(self, body: str) -> Rows:
        """Run ``body`` after the ``fp`` (filtered postings) CTE; a body may add CTEs with ``, name AS``."""
        return self.engine.rows(f"WITH fp AS (SELECT * FROM postings WHERE {self.predicate}) {body}")

    def count(self, body: str) -> int:
        return int(self.q(body)[0][0] or 0)


def _table(
    name: str,
    section: str,
    title: str,
    columns: list[str],
    rows: Sequence[Sequence[Cell]],
    denominator: int,
    label: str,
    note: str | None = None,
) -> MarketTable:
    return MarketTable(
        name=name,
        section=section,
        title=title,
        columns=columns,
        rows=[list(r) for r in rows],
        denominator=denominator,
        denominator_label=label,
        note=note,
    )


def _counts(
    ctx: Context,
    name: str,
    section: str,
    title: str,
    column: str,
    label: str,
    *,
    where: str = "",
    limit: int | None = None,
    key: str | None = None,
) -> MarketTable:
    """Postings per value of one postings column, with the postings that have a value as denominator."""
    expr = key or column
    cond = f"{column} IS NOT NULL" + (f" AND {where}" if where else "")
    d = ctx.count(f"SELECT COUNT(*) FROM fp WHERE {cond}")
    lim = f" LIMIT {limit}" if limit else ""
    rows = ctx.q(
        f"SELECT {expr} AS k, COUNT(*) AS n FROM fp WHERE {cond} GROUP BY {expr} ORDER BY n DESC, k ASC{lim}"
    )
    return _table(
        name,
        section,
        title,
        [column, "postings", "share"],
        [(k, int(n), share(int(n), d)) for k, n in rows],
        d,
        label,
    )


def corpus_tables(ctx: Context) -> list[MarketTable]:
    src = ctx.engine.rows(
        "SELECT name, layout, rows_done, postings, duplicates, bad_rows, complete FROM sources "
        "ORDER BY name, source_id"
    )
    read = sum(int(r[2]) for r in src)
    rows = [
        (n, lay.split(":")[0], int(rd), int(p), int(d), int(b), bool(c)) for n, lay, rd, p, d, b, c in src
    ]
    t1 = _table(
        "sources",
        "Corpus",
        "Sources ingested",
        ["source", "layout", "rows", "postings", "duplicates_folded", "bad_rows", "complete"],
        rows,
        read,
        "rows read from all sources",
        "duplicates_folded: rows whose normalized description equals an earlier posting's",
    )
    dates = ctx.q("SELECT MIN(date_posted), MAX(date_posted), COUNT(date_posted) FROM fp")[0]
    summary = [
        ("postings in this report", ctx.total, share(ctx.total, ctx.total)),
        ("postings with a date", int(dates[2]), share(int(dates[2]), ctx.total)),
        ("earliest date", str(dates[0]) if dates[0] else None, None),
        ("latest date", str(dates[1]) if dates[1] else None, None),
        ("duplicates folded (all sources)", sum(r[4] for r in rows), None),
        ("bad rows skipped (all sources)", sum(r[5] for r in rows), None),
    ]
    t2 = _table(
        "overview",
        "Corpus",
        "Corpus overview",
        ["measure", "value", "share"],
        summary,
        ctx.total,
        "postings matching the filters",
    )
    return [t1, t2]


def role_tables(ctx: Context) -> list[MarketTable]:
    return [
        _counts(ctx, "roles", "Roles and levels", "Role category", "role", "postings matching the filters"),
        _counts(
            ctx,
            "seniority",
            "Roles and levels",
            "Seniority level",
            "seniority",
            "postings matching the filters",
        ),
    ]


def education_tables(ctx: Context) -> list[MarketTable]:
    req = dict(
        ctx.q(
            "SELECT e.min_degree, COUNT(*) FROM fp JOIN education e ON e.posting_id = fp.posting_id "
            "WHERE e.min_degree IS NOT NULL GROUP BY e.min_degree"
        )
    )
    pref = dict(
        ctx.q(
            "SELECT e.preferred_degree, COUNT(*) FROM fp JOIN education e ON e.posting_id = fp.posting_id"
            " WHERE e.preferred_degree IS NOT NULL GROUP BY e.preferred_degree"
        )
    )
    rows = [
        (
            d,
            int(req.get(d, 0)),
            share(int(req.get(d, 0)), ctx.total),
            int(pref.get(d, 0)),
            share(int(pref.get(d, 0)), ctx.total),
        )
        for d in DEGREES
    ]
    degrees = _table(
        "degrees",
        "Education",
        "Degree level: required (minimum) and preferred",
        ["degree", "required", "required_share", "preferred", "preferred_share"],
        rows,
        ctx.total,
        "postings matching the filters",
    )
    d_pairs = ctx.count("SELECT COUNT(*) FROM fp JOIN education e ON e.posting_id = fp.posting_id")
    pairs = ctx.q(
        "SELECT COALESCE(e.min_degree, '-') AS r, COALESCE(e.preferred_degree, '-') AS p, COUNT(*) AS n "
        "FROM fp JOIN education e ON e.posting_id = fp.posting_id GROUP BY 1, 2 ORDER BY n DESC, r, p"
    )
    combos = _table(
        "degree_pairs",
        "Education",
        "Required and preferred degree together",
        ["required", "preferred", "postings", "share"],
        [(r, p, int(n), share(int(n), d_pairs)) for r, p, n in pairs],
        d_pairs,
        "postings stating a degree",
        "'-': not stated",
    )
    d_fields = ctx.count(
        "SELECT COUNT(DISTINCT f.posting_id) FROM fp JOIN education_fields f ON f.posting_id = fp.posting_id"
    )
    frows = ctx.q(
        "SELECT f.field AS k, COUNT(DISTINCT f.posting_id) AS n FROM fp JOIN education_fields f "
        "ON f.posting_id = fp.posting_id GROUP BY f.field ORDER BY n DESC, k ASC LIMIT 20"
    )
    fields = _table(
        "fields",
        "Education",
        "Fields of study",
        ["field", "postings", "share"],
        [(k, int(n), share(int(n), d_fields)) for k, n in frows],
        d_fields,
        "postings naming at least one field of study",
    )
    return [degrees, combos, fields]


def experience_tables(ctx: Context) -> list[MarketTable]:
    bucket = (
        "CASE WHEN x.min_years < 1 THEN '0' WHEN x.min_years < 2 THEN '1' WHEN x.min_years < 3 THEN '2' "
        "WHEN x.min_years < 4 THEN '3' WHEN x.min_years < 5 THEN '4' WHEN x.min_years < 6 THEN '5' "
        "WHEN x.min_years < 8 THEN '6-7' WHEN x.min_years < 10 THEN '8-9' ELSE '10+' END"
    )
    rows = dict(
        ctx.q(
            f"SELECT {bucket} AS b, COUNT(*) FROM fp JOIN experience x ON x.posting_id = fp.posting_id "
            "WHERE x.min_years IS NOT NULL GROUP BY 1"
        )
    )
    d = sum(int(v) for v in rows.values())
    dist = _table(
        "experience",
        "Experience",
        "Minimum years of experience asked for",
        ["years", "postings", "share"],
        [(b, int(rows.get(b, 0)), share(int(rows.get(b, 0)), d)) for b in EXPERIENCE_BUCKETS],
        d,
        "postings stating years",
        f"{ctx.total - d} of {ctx.total} postings state no years",
    )
    by = ctx.q(
        ", pairs AS ("
        " SELECT b.posting_id, b.degree, b.min_years FROM fp JOIN experience_by_degree b ON b.posting_id = fp.posting_id"
        " UNION ALL"
        " SELECT fp.posting_id, e.min_degree AS degree, x.min_years FROM fp"
        " JOIN education e ON e.posting_id = fp.posting_id JOIN experience x ON x.posting_id = fp.posting_id"
        " WHERE e.min_degree IS NOT NULL AND x.min_years IS NOT NULL"
        " AND fp.posting_id NOT IN (SELECT posting_id FROM experience_by_degree))"
        " SELECT degree, COUNT(*), AVG(min_years), MEDIAN(min_years) FROM pairs GROUP BY degree"
    )
    stats = {deg: (int(n), _r(mean), _r(med)) for deg, n, mean, med in by}
    d_by = sum(v[0] for v in stats.values())
    by_rows = [(deg, *stats[deg]) for deg in DEGREES if deg in stats]
    by_degree = _table(
        "experience_by_degree",
        "Experience",
        "Years of experience by degree",
        ["degree", "postings", "mean_years", "median_years"],
        by_rows,
        d_by,
        "(posting, degree) pairs with years stated for that degree",
        "years stated per degree, or the posting's minimum for its one minimum degree",
    )
    return [dist, by_degree]


def company_tables(ctx: Context) -> list[MarketTable]:
    companies = _counts(
        ctx, "companies", "Employers", "Top companies", "company", "postings naming the company", limit=25
    )
    d = ctx.count("SELECT COUNT(*) FROM fp WHERE company_size IS NOT NULL")
    rows = ctx.q(
        "SELECT company_size, company_size_min, COUNT(*) FROM fp WHERE company_size IS NOT NULL "
        "GROUP BY company_size, company_size_min ORDER BY company_size_min"
    )
    size = _table(
        "company_size",
        "Employers",
        "Company size (employees)",
        ["company_size", "postings", "share"],
        [(k, int(n), share(int(n), d)) for k, _m, n in rows],
        d,
        "postings whose source states company size",
    )
    industries = _counts(
        ctx,
        "industries",
        "Employers",
        "Industries",
        "industry",
        "postings whose source states the industry",
        limit=20,
    )
    return [companies, size, industries]


def place_tables(ctx: Context) -> list[MarketTable]:
    states = _counts(
        ctx,
        "states",
        "Places",
        "US states",
        "state",
        "US postings naming a state",
        where="country = 'US'",
        limit=20,
    )
    cities = _counts(
        ctx,
        "cities",
        "Places",
        "Cities",
        "city",
        "postings naming a city",
        limit=25,
        key="CASE WHEN state IS NOT NULL THEN concat(city, ', ', state) "
        "WHEN country IS NOT NULL THEN concat(city, ', ', country) ELSE city END",
    )
    countries = _counts(
        ctx, "countries", "Places", "Countries", "country", "postings naming a country", limit=20
    )
    rows = dict(ctx.q("SELECT COALESCE(remote, 'not stated'), COUNT(*) FROM fp GROUP BY 1"))
    kinds = ("remote", "hybrid", "onsite", "not stated")
    remote = _table(
        "remote",
        "Places",
        "Remote, hybrid and on-site",
        ["remote", "postings", "share"],
        [(k, int(rows.get(k, 0)), share(int(rows.get(k, 0)), ctx.total)) for k in kinds],
        ctx.total,
        "postings matching the filters",
    )
    return [states, cities, countries, remote]


def skill_tables(ctx: Context) -> list[MarketTable]:
    rows = ctx.q(
        "SELECT s.skill_id, s.category, COUNT(*) AS n,"
        " SUM(CASE WHEN s.requirement = 'required' THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN s.requirement = 'preferred' THEN 1 ELSE 0 END)"
        " FROM fp JOIN posting_skills s ON s.posting_id = fp.posting_id WHERE NOT s.implied"
        " GROUP BY s.skill_id, s.category ORDER BY n DESC, s.skill_id ASC"
    )
    out = []
    for sid, cat, n, req, pref in rows:
        name = ctx.skill_names.get(sid, (sid, cat))[0]
        out.append(
            (
                sid,
                name,
                cat,
                int(n),
                share(int(n), ctx.total),
                int(req),
                int(pref),
                int(n) - int(req) - int(pref),
            )
        )
    skills = _table(
        "skills",
        "Skills",
        "Skills asked for (stated in the text)",
        ["skill_id", "skill", "category", "postings", "share", "required", "preferred", "unspecified"],
        out,
        ctx.total,
        ctx.label,
        "required/preferred: where the text puts the skill (requirements vs nice-to-have)",
    )
    cats = ctx.q(
        "SELECT s.category, COUNT(DISTINCT s.posting_id) AS n FROM fp JOIN posting_skills s "
        "ON s.posting_id = fp.posting_id WHERE NOT s.implied GROUP BY s.category ORDER BY n DESC, "
        "s.category ASC"
    )
    categories = _table(
        "skill_categories",
        "Skills",
        "Postings asking for at least one skill of a category",
        ["category", "postings", "share"],
        [(c, int(n), share(int(n), ctx.total)) for c, n in cats],
        ctx.total,
        ctx.label,
    )
    return [skills, categories, *category_tables(skills)]


def category_tables(skills: MarketTable, top: int = 15) -> list[MarketTable]:
    """One table per skill category (the seed's questions: languages, frameworks, cloud, ...)."""
    tables = []
    for cat in CATEGORY_SECTIONS:
        rows = [r for r in skills.rows if r[2] == cat][:top]
        tables.append(
            _table(
                f"skills_{cat}",
                "Skills by category",
                CATEGORIES.get(cat, cat),
                ["skill", "postings", "share", "required", "preferred"],
                [(r[1], r[3], r[4], r[5], r[6]) for r in rows],
                skills.denominator,
                skills.denominator_label,
            )
        )
    return tables


def cluster_table(ctx: Context) -> MarketTable:
    clusters, source = load_clusters()
    rows = dict(
        ctx.q(
            "SELECT m.cluster, COUNT(DISTINCT s.posting_id) FROM fp JOIN posting_skills s "
            "ON s.posting_id = fp.posting_id JOIN cluster_members m ON m.skill_id = s.skill_id "
            "GROUP BY m.cluster"
        )
    )
    out = [
        (
            c.id,
            c.name,
            c.group,
            int(rows.get(c.id, 0)),
            share(int(rows.get(c.id, 0)), ctx.total),
            c.seed_share,
        )
        for c in clusters
    ]
    return _table(
        "clusters",
        "Skill clusters",
        "Skill clusters (stated or implied skills)",
        ["cluster", "name", "group", "postings", "share", "seed_share"],
        out,
        ctx.total,
        ctx.label,
        f"seed_share: share reported by {source}",
    )


def cooccurrence_table(
    ctx: Context, skills: MarketTable, top_skills: int = 25, pairs: int = 30
) -> MarketTable:
    top = [r[0] for r in skills.rows[:top_skills]]
    counts = {r[0]: r[3] for r in skills.rows}
    if len(top) < 2:
        rows: Rows = []
    else:
        ids = ", ".join(_lit(t) for t in top)
        rows = ctx.q(
            f"SELECT a.skill_id AS a, b.skill_id AS b, COUNT(*) AS n FROM "
            f"(SELECT s.posting_id, s.skill_id FROM fp JOIN posting_skills s ON s.posting_id = fp.posting_id "
            f" WHERE NOT s.implied AND s.skill_id IN ({ids})) a "
            f"JOIN (SELECT s.posting_id, s.skill_id FROM fp JOIN posting_skills s ON s.posting_id = fp.posting_id "
            f" WHERE NOT s.implied AND s.skill_id IN ({ids})) b "
            f"ON a.posting_id = b.posting_id AND a.skill_id < b.skill_id "
            f"GROUP BY a.skill_id, b.skill_id ORDER BY n DESC, a ASC, b ASC LIMIT {pairs}"
        )
    names = ctx.skill_names
    out = [
        (
            names.get(a, (a,))[0],
            names.get(b, (b,))[0],
            int(n),
            share(int(n), ctx.total),
            _r(int(n) * ctx.total / (counts[a] * counts[b]), 2) if counts.get(a) and counts.get(b) else None,
        )
        for a, b, n in rows
    ]
    return _table(
        "cooccurrence",
        "Skill clusters",
        "Skills asked for together",
        ["skill_a", "skill_b", "postings", "share", "lift"],
        out,
        ctx.total,
        ctx.label,
        f"pairs among the {top_skills} most asked-for skills; lift > 1: together more often than chance",
    )


def salary_tables(ctx: Context, currency: str) -> list[MarketTable]:
    d = ctx.count("SELECT COUNT(*) FROM fp JOIN salaries y ON y.posting_id = fp.posting_id")
    tables = []
    for name, column, order in (("salary_by_level", "seniority", LEVELS), ("salary_by_role", "role", ROLES)):
        rows = ctx.q(
            f"SELECT fp.{column}, COUNT(*), MEDIAN(y.min_annual), MEDIAN(y.max_annual), "
            f"MEDIAN(y.mid_annual) FROM fp JOIN salaries y ON y.posting_id = fp.posting_id "
            f"GROUP BY fp.{column}"
        )
        stats = {k: (int(n), _r(a, 0), _r(b, 0), _r(c, 0)) for k, n, a, b, c in rows}
        out = [(k, *stats[k]) for k in order if k in stats]
        tables.append(
            _table(
                name,
                "Salary",
                f"Annual salary by {column} (median, {currency.split()[0]})",
                [column, "postings", "median_min", "median_max", "median_mid"],
                out,
                d,
                "postings with a salary",
                f"converted to {currency}",
            )
        )
    src = ctx.q(
        "SELECT y.origin, COUNT(*) FROM fp JOIN salaries y ON y.posting_id = fp.posting_id "
        "GROUP BY y.origin ORDER BY y.origin"
    )
    tables.append(
        _table(
            "salary_origin",
            "Salary",
            "Where the salary figures come from",
            ["origin", "postings", "share"],
            [(o, int(n), share(int(n), d)) for o, n in src],
            d,
            "postings with a salary",
        )
    )
    return tables


def trend_tables(
    ctx: Context, skills: MarketTable, top: int = 8, min_month: int = 20, technical: Context | None = None
) -> list[MarketTable]:
    """Postings per month (all of ``ctx``), and the top skills' monthly shares over the postings the
    skill tables count (``technical``, by default ``ctx``)."""
    postings = _postings_per_month(ctx)
    return [postings, _skill_trend(technical or ctx, skills, top, min_month)]


def _postings_per_month(ctx: Context) -> MarketTable:
    months = ctx.q("SELECT month, COUNT(*) FROM fp WHERE month IS NOT NULL GROUP BY month ORDER BY month")
    d = sum(int(n) for _m, n in months)
    per_month = {m: int(n) for m, n in months}
    postings = _table(
        "trend_postings",
        "Trends",
        "Postings per month",
        ["month", "postings", "share"],
        [(m, n, share(n, d)) for m, n in per_month.items()],
        d,
        "postings with a date",
    )
    return postings


def _skill_trend(ctx: Context, skills: MarketTable, top: int, min_month: int) -> MarketTable:
    months = ctx.q("SELECT month, COUNT(*) FROM fp WHERE month IS NOT NULL GROUP BY month ORDER BY month")
    d = sum(int(n) for _m, n in months)
    per_month = {m: int(n) for m, n in months}
    ids = [r[0] for r in skills.rows[:top]]
    shown = [m for m, n in per_month.items() if n >= min_month]
    rows: Rows = []
    if ids and per_month:
        rows = ctx.q(
            f"SELECT fp.month, s.skill_id, COUNT(*) FROM fp JOIN posting_skills s "
            f"ON s.posting_id = fp.posting_id WHERE fp.month IS NOT NULL AND NOT s.implied "
            f"AND s.skill_id IN ({', '.join(_lit(i) for i in ids)}) GROUP BY fp.month, s.skill_id"
        )
    got = {(m, sid): int(n) for m, sid, n in rows}
    out = [
        (
            m,
            ctx.skill_names.get(sid, (sid,))[0],
            got.get((m, sid), 0),
            per_month[m],
            share(got.get((m, sid), 0), per_month[m]),
        )
        for m in shown
        for sid in ids
    ]
    trend = _table(
        "trend_skills",
        "Trends",
        f"Share of postings asking for the top {top} skills, by month",
        ["month", "skill", "postings", "month_postings", "share"],
        out,
        d,
        "postings with a date" if ctx.label == Context.label else f"{ctx.label}, with a date",
        f"each share's denominator is month_postings (the postings of that month); months with at "
        f"least {min_month} postings",
    )
    return trend


def build_tables(engine: Engine, filters: Filters, currency: str) -> list[MarketTable]:
    """Every report table for the postings that match ``filters``."""
    ctx = Context(engine, filters.predicate())
    ctx.total = ctx.count("SELECT COUNT(*) FROM fp")
    if ctx.total == 0:
        where = (
            f" ({', '.join(f'{k}={v}' for k, v in filters.describe().items())})" if filters.describe() else ""
        )
        raise MarketError("JDL041", where=where)
    skill_dim = engine.rows("SELECT skill_id, name, category, subcategory FROM skills")
    ctx.skill_names = {sid: (name, cat) for sid, name, cat, _sub in skill_dim}
    engine.register("cluster_members", ["cluster", "skill_id"], cluster_members(skill_dim))
    tables = corpus_tables(ctx) + role_tables(ctx) + education_tables(ctx) + experience_tables(ctx)
    tables += company_tables(ctx) + place_tables(ctx)
    technical = skill_context(ctx, filters)
    skills = skill_tables(technical)
    tables += skills + [cluster_table(technical), cooccurrence_table(technical, skills[0])]
    tables += salary_tables(ctx, currency) + trend_tables(ctx, skills[0], technical=technical)
    return tables


def skill_context(ctx: Context, filters: Filters) -> Context:
    """The postings the skill tables count, and a denominator label that says how many were left out:
    by default a posting that is not a technical job (role ``other``: a therapist, a midwife) is not
    counted in the skill tables; ``Filters(non_technical=True)`` keeps it."""
    if filters.keeps_non_technical():
        return ctx
    technical = Context(ctx.engine, filters.skill_predicate(), skill_names=ctx.skill_names)
    technical.total = technical.count("SELECT COUNT(*) FROM fp")
    left_out = ctx.total - technical.total
    technical.label = (
        f"technical postings matching the filters ({left_out:,} non-technical left out)"
        if left_out
        else ctx.label
    )
    return technical


def currency_note(engine: Engine) -> str:
    rows = engine.rows("SELECT value FROM meta WHERE key = 'currency'")
    return str(rows[0][0]) if rows else "USD"


def compute_report(
    db: str | Path, filters: Filters | None = None, *, engine: str = "duckdb", spark_master: str | None = None
) -> MarketReport:
    """The report tables of the market database ``db`` (DuckDB, or Spark SQL over the same rows)."""
    filters = filters or Filters()
    filters.predicate()  # validate before opening anything
    con = connect(db, read_only=True)
    try:
        if engine == "duckdb":
            runner: Engine = DuckDBEngine(con)
        elif engine == "spark":
            runner = SparkSQLEngine.from_duckdb(con, master=spark_master)
        else:
            raise MarketError("JDL040", reason=f"unknown engine {engine!r} (use duckdb or spark)")
        try:
            note = currency_note(runner)
            tables = build_tables(runner, filters, note)
        finally:
            if hasattr(runner, "close"):
                runner.close()
    finally:
        con.close()
    total = int(next(r for r in tables if r.name == "overview").rows[0][1] or 0)
    return MarketReport(db=str(db), filters=filters.describe(), postings=total, currency=note, tables=tables)
