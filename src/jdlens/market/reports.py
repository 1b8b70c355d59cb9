"""The report tables, as SQL that DuckDB and Spark SQL both run unchanged.

Each table is a function registered (``registry.report_table``) with its name, section and chart kind.
Every table counts postings; shares are computed here (count / denominator), never in SQL, so two
engines that return the same counts give the same report.
"""

from __future__ import annotations

import math
import typing
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jdlens.datafiles import load_yaml
from jdlens.errors import MarketError
from jdlens.labels import labels
from jdlens.market.engines import Engine, Rows, open_engine
from jdlens.market.filters import LEVELS, ROLES, Filters, literal
from jdlens.market.registry import REGISTRY, report_table
from jdlens.market.survey import EXPERIENCE_GROUPS, SurveyPoint, corpus_ranks, load_survey, same_place, within
from jdlens.models import Cell, Degree, MarketReport, MarketTable
from jdlens.taxonomy import load_taxonomy
from jdlens.taxonomy.category_sets import category_list

DEGREES = tuple(d for d in typing.get_args(Degree) if d != "none") + ("none",)
EXPERIENCE_BUCKETS = ("0", "1", "2", "3", "4", "5", "6-7", "8-9", "10+")
ALL_POSTINGS = "postings matching the filters"
# skill categories shown as their own report sections (taxonomy/data/category_sets.yaml)
CATEGORY_SECTIONS = category_list("report_sections")
Z95 = 1.959964  # two-sided 95% normal quantile, for Wilson intervals


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
    doc = load_yaml("jdlens.market.data", "clusters.yaml")
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


# ---- numbers ----------------------------------------------------------------------------------


def share(n: int | None, d: int) -> float | None:
    return round(n / d, 4) if d and n is not None else None


def wilson(n: int, d: int, z: float = Z95) -> tuple[float | None, float | None]:
    """The Wilson score interval of the share n/d (95% by default), rounded like shares."""
    if not d:
        return None, None
    p = n / d
    centre = (p + z * z / (2 * d)) / (1 + z * z / d)
    half = z * math.sqrt(p * (1 - p) / d + z * z / (4 * d * d)) / (1 + z * z / d)
    return round(max(0.0, centre - half), 4), round(min(1.0, centre + half), 4)


def _r(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)


# ---- facets: many grouped counts over the same rows in one pass ------------------------------


@dataclass(frozen=True)
class Facet:
    """Rows counted per value of ``keys`` (SQL over the group's rows); a row counts when the first key
    is not NULL (write a condition into it as ``CASE WHEN cond THEN value END``)."""

    name: str
    keys: tuple[str, ...]


@dataclass(frozen=True)
class FacetGroup:
    """Facets over one set of rows (``source``: a FROM clause over ``fp``), computed by one GROUPING
    SETS query: one scan and one shuffle on Spark, where one query per facet (and one more for each
    denominator) cost a scan, a shuffle and the query's planning each. ``distinct``: count each value
    of this column once per key (a posting naming two cities of a state counts once for it); else rows."""

    source: str
    facets: tuple[Facet, ...]
    distinct: str | None = None


@dataclass(frozen=True)
class FacetCounts:
    """One facet's counts: every key (a tuple) with its count, and the count over all its keys (the
    rows or distinct values whose first key is not NULL)."""

    counts: dict[tuple[Cell, ...], int]
    total: int

    def ranked(self, limit: int | None = None) -> list[tuple[tuple[Cell, ...], int]]:
        """The keys by count, most first, ties by key (as ``ORDER BY n DESC, k ASC``)."""
        ordered = sorted(self.counts.items(), key=lambda kv: (-kv[1], _order_key(kv[0])))
        return ordered[:limit] if limit else ordered


def _order_key(key: tuple[Cell, ...]) -> tuple[tuple[bool, Any], ...]:
    """SQL's ascending order with NULLs last (DuckDB's default), for keys of one column type."""
    return tuple((v is None, v if v is not None else 0) for v in key)


def facet_sql(group: FacetGroup) -> tuple[str, list[tuple[Facet, list[int], int]]]:
    """The one query of ``group`` and, per facet, the positions of its key columns and of its count."""
    columns: list[str] = []
    sets: list[str] = []
    layout: list[tuple[Facet, list[int], int]] = []
    for facet in group.facets:
        at = list(range(len(columns), len(columns) + len(facet.keys)))
        columns.extend(facet.keys)
        sets.append("(" + ", ".join(f"g{i}" for i in at) + ")")
        layout.append((facet, at, 0))
    n_keys = len(columns)
    counted = []
    for i, (facet, at, _) in enumerate(layout):
        first = f"g{at[0]}"
        counted.append(
            f"COUNT(DISTINCT CASE WHEN {first} IS NOT NULL THEN u END)"
            if group.distinct
            else f"COUNT({first})"
        )
        layout[i] = (facet, at, 2 * n_keys + i)
    counted.append("COUNT(*)")  # the group's rows, and its distinct units: in the () set
    if group.distinct:
        counted.append("COUNT(DISTINCT u)")
    inner = ", ".join(f"{expr} AS g{i}" for i, expr in enumerate(columns))
    unit = f", {group.distinct} AS u" if group.distinct else ""
    keys = ", ".join(f"g{i}" for i in range(n_keys))
    flags = ", ".join(f"GROUPING(g{i})" for i in range(n_keys))
    sql = (
        f"SELECT {keys}, {flags}, {', '.join(counted)} FROM (SELECT {inner}{unit} {group.source}) t "
        f"GROUP BY GROUPING SETS ({', '.join(sets)}, ())"
    )
    return sql, layout


def count_facets(ctx: Context, group: FacetGroup) -> dict[str, FacetCounts]:
    """Every facet of ``group`` over the postings of ``ctx``, from one query; under the name ``*`` the
    group's own rows (``distinct``: its distinct units) as the total, with no keys."""
    sql, layout = facet_sql(group)
    n_keys = sum(len(f.keys) for f, _, _ in layout)
    width = 2 * n_keys + len(layout)
    counts: dict[str, dict[tuple[Cell, ...], int]] = {f.name: {} for f, _, _ in layout}
    totals: dict[str, int] = {f.name: 0 for f, _, _ in layout} | {ALL_ROWS: 0}
    for row in ctx.q(sql):
        flags = row[n_keys : 2 * n_keys]
        if all(int(flag) for flag in flags):  # the () set: every facet's total and the group's
            totals = {f.name: int(row[c] or 0) for f, _, c in layout}
            totals[ALL_ROWS] = int(row[width + 1 if group.distinct else width] or 0)
            continue
        for facet, at, c in layout:
            if not int(flags[at[0]]) and row[at[0]] is not None:
                counts[facet.name][tuple(row[i] for i in at)] = int(row[c] or 0)
    out = {name: FacetCounts(counts[name], totals[name]) for name in counts}
    out[ALL_ROWS] = FacetCounts({}, totals[ALL_ROWS])
    return out


ALL_ROWS = "*"


def _when(cond: str, value: str) -> str:
    return f"CASE WHEN {cond} THEN {value} END"


CITY = (
    "CASE WHEN pp.state IS NOT NULL THEN concat(pp.city, ', ', pp.state) "
    "WHEN pp.country IS NOT NULL THEN concat(pp.city, ', ', pp.country) ELSE pp.city END"
)
FACET_GROUPS = {
    "postings": FacetGroup(
        "FROM fp",
        (
            Facet("role", ("role",)),
            Facet("seniority", ("seniority",)),
            Facet("company", ("company",)),
            Facet("company_size", ("company_size", _when("company_size IS NOT NULL", "company_size_min"))),
            Facet("industry", ("industry",)),
            Facet("remote", ("COALESCE(remote, 'not stated')",)),
            Facet("month", ("month",)),
            Facet("date", ("date_posted",)),
        ),
    ),
    "places": FacetGroup(
        "FROM fp JOIN posting_places pp ON pp.posting_id = fp.posting_id",
        (
            Facet("state", (_when("pp.country = 'US'", "pp.state"),)),
            Facet("city", (_when("pp.city IS NOT NULL", CITY),)),
            Facet("country", ("pp.country",)),
        ),
        distinct="fp.posting_id",
    ),
    "education": FacetGroup(
        "FROM fp JOIN education e ON e.posting_id = fp.posting_id",
        (
            Facet("min_degree", ("e.min_degree",)),
            Facet("preferred_degree", ("e.preferred_degree",)),
            Facet("pair", ("COALESCE(e.min_degree, '-')", "COALESCE(e.preferred_degree, '-')")),
        ),
    ),
    "fields": FacetGroup(
        "FROM fp JOIN education_fields f ON f.posting_id = fp.posting_id",
        (Facet("field", ("f.field",)),),
        distinct="f.posting_id",
    ),
}


# ---- building the tables ----------------------------------------------------------------------


@dataclass
class Context:
    engine: Engine
    predicate: str
    total: int = 0
    currency: str = "USD"
    skill_names: dict[str, tuple[str, str]] = field(default_factory=dict)
    built: dict[str, MarketTable] = field(default_factory=dict)
    label: str = ALL_POSTINGS

    answers: dict[str, Rows] = field(default_factory=dict)
    passes: dict[str, dict[str, FacetCounts]] = field(default_factory=dict)

    def q(self, body: str) -> Rows:
        """Run ``body`` after the ``fp`` (filtered postings) CTE; a body may add CTEs with ``, name AS``.
        A body asked twice (by two tables) runs once."""
        if body not in self.answers:
            self.answers[body] = self.engine.rows(
                f"WITH fp AS (SELECT * FROM postings WHERE {self.predicate}) {body}"
            )
        return self.answers[body]

    def count(self, body: str) -> int:
        return int(self.q(body)[0][0] or 0)

    def facet(self, group: str, name: str) -> FacetCounts:
        """One facet's counts; the first facet asked for of a group computes every facet of it, in one
        pass over the group's rows."""
        if group not in self.passes:
            self.passes[group] = count_facets(self, FACET_GROUPS[group])
        return self.passes[group][name]


@dataclass
class Body:
    """What a table function returns; the registry adds its name, section and chart."""

    title: str
    columns: list[str]
    rows: Sequence[Sequence[Cell]]
    denominator: int
    label: str
    note: str | None = None


def _facet_body(
    ctx: Context,
    group: str,
    name: str,
    title: str,
    column: str,
    label: str,
    limit: int | None,
    note: str | None,
) -> Body:
    """Postings per value of one facet, the facet's postings (with a value) as the denominator."""
    counts = ctx.facet(group, name)
    d = counts.total
    rows = [(k[0], n, share(n, d)) for k, n in counts.ranked(limit)]
    return Body(title, [column, "postings", "share"], rows, d, label, note)


def _counts(
    ctx: Context, title: str, column: str, label: str, *, limit: int | None = None, note: str | None = None
) -> Body:
    """Postings per value of one postings column, with the postings that have a value as denominator."""
    return _facet_body(ctx, "postings", column, title, column, label, limit, note)


@report_table("sources", section="Corpus")
def sources_table(ctx: Context) -> Body:
    src = ctx.engine.rows(
        "SELECT name, layout, rows_done, postings, duplicates, bad_rows, complete FROM sources "
        "ORDER BY name, source_id"
    )
    rows = [
        (n, lay.split(":")[0], int(rd), int(p), int(d), int(b), bool(c)) for n, lay, rd, p, d, b, c in src
    ]
    return Body(
        "Sources ingested",
        ["source", "layout", "rows", "postings", "duplicates_folded", "bad_rows", "complete"],
        rows,
        sum(int(r[2]) for r in rows),
        "rows read from all sources",
        "duplicates_folded: rows whose normalized description (case, markup, punctuation and spacing "
        "removed) equals an earlier posting's; bad_rows: unreadable rows or rows without description text",
    )


@report_table("overview", section="Corpus")
def overview_table(ctx: Context) -> Body:
    rows = ctx.built["sources"].rows
    days = ctx.facet("postings", "date")
    known: list[Any] = [k[0] for k in days.counts]  # dates, as the engine returns them
    dates = (min(known), max(known), days.total) if known else (None, None, 0)
    summary = [
        ("postings in this report", ctx.total, share(ctx.total, ctx.total)),
        ("postings with a date", int(dates[2]), share(int(dates[2]), ctx.total)),
        ("earliest date", str(dates[0]) if dates[0] else None, None),
        ("latest date", str(dates[1]) if dates[1] else None, None),
        ("duplicates folded (all sources)", sum(int(r[4] or 0) for r in rows), None),
        ("bad rows skipped (all sources)", sum(int(r[5] or 0) for r in rows), None),
    ]
    return Body(
        "Corpus overview",
        ["measure", "value", "share"],
        summary,
        ctx.total,
        ALL_POSTINGS,
        "postings: rows stored with a description, one per distinct normalized description unless the "
        "ingest kept duplicates; date: the posting date the source gives (none is guessed from the text)",
    )


@report_table("roles", section="Roles and levels", chart="hbar")
def roles_table(ctx: Context) -> Body:
    return _counts(
        ctx,
        "Role category",
        "role",
        ALL_POSTINGS,
        note="role: the kind of work the text describes (its duties and skills), which may differ from the title",
    )


@report_table("seniority", section="Roles and levels", chart="hbar")
def seniority_table(ctx: Context) -> Body:
    return _counts(
        ctx,
        "Seniority level",
        "seniority",
        ALL_POSTINGS,
        note="seniority: from the title's level words, else the years asked for, else the duties",
    )


@report_table("degrees", section="Education", chart="degrees")
def degrees_table(ctx: Context) -> Body:
    req = {k[0]: n for k, n in ctx.facet("education", "min_degree").counts.items()}
    pref = {k[0]: n for k, n in ctx.facet("education", "preferred_degree").counts.items()}
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
    return Body(
        "Degree level: required (minimum) and preferred",
        ["degree", "required", "required_share", "preferred", "preferred_share"],
        rows,
        ctx.total,
        ALL_POSTINGS,
        "required: the lowest degree the requirements ask for; 'none': no required degree was found in "
        "the text (or only a high-school diploma); postings that state no degree at all are in the "
        "denominator but in no row",
    )


@report_table("degree_pairs", section="Education")
def degree_pairs_table(ctx: Context) -> Body:
    counted = ctx.facet("education", "pair")
    d_pairs = ctx.facet("education", ALL_ROWS).total
    pairs = [(r, p, n) for (r, p), n in counted.ranked()]
    return Body(
        "Required and preferred degree together",
        ["required", "preferred", "postings", "share"],
        [(r, p, int(n), share(int(n), d_pairs)) for r, p, n in pairs],
        d_pairs,
        "postings stating a degree",
        "'-': not stated; 'none' required: no required degree found",
    )


@report_table("fields", section="Education", chart="hbar")
def fields_table(ctx: Context) -> Body:
    d_fields = ctx.facet("fields", ALL_ROWS).total
    frows = [(k[0], n) for k, n in ctx.facet("fields", "field").ranked(20)]
    return Body(
        "Fields of study",
        ["field", "postings", "share"],
        [(k, int(n), share(int(n), d_fields)) for k, n in frows],
        d_fields,
        "postings naming at least one field of study",
        "a posting naming several fields counts once in each",
    )


_BUCKET = (
    "CASE WHEN x.min_years < 1 THEN '0' WHEN x.min_years < 2 THEN '1' WHEN x.min_years < 3 THEN '2' "
    "WHEN x.min_years < 4 THEN '3' WHEN x.min_years < 5 THEN '4' WHEN x.min_years < 6 THEN '5' "
    "WHEN x.min_years < 8 THEN '6-7' WHEN x.min_years < 10 THEN '8-9' ELSE '10+' END"
)


@report_table("experience", section="Experience", chart="vbar")
def experience_table(ctx: Context) -> Body:
    rows: dict[Any, Any] = dict(
        ctx.q(
            f"SELECT {_BUCKET} AS b, COUNT(*) FROM fp JOIN experience x ON x.posting_id = fp.posting_id "
            "WHERE x.min_years IS NOT NULL GROUP BY 1"
        )
    )
    d = sum(int(v) for v in rows.values())
    return Body(
        "Minimum years of experience asked for",
        ["years", "postings", "share"],
        [(b, int(rows.get(b, 0)), share(int(rows.get(b, 0)), d)) for b in EXPERIENCE_BUCKETS],
        d,
        "postings stating years",
        f"{ctx.total - d} of {ctx.total} postings state no years; years: the smallest number of years "
        "the requirements ask for",
    )


@report_table("experience_by_degree", section="Experience", chart="years_by_degree")
def experience_by_degree_table(ctx: Context) -> Body:
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
    return Body(
        "Years of experience by degree",
        ["degree", "postings", "mean_years", "median_years"],
        [(deg, *stats[deg]) for deg in DEGREES if deg in stats],
        sum(v[0] for v in stats.values()),
        "(posting, degree) pairs with years stated for that degree",
        "years stated per degree ('BS + 5 years or MS + 3 years'), or the posting's minimum for its one "
        "minimum degree; 'none': no required degree found",
    )


def _place_counts(
    ctx: Context, title: str, column: str, label: str, *, limit: int | None = None, note: str
) -> Body:
    """Postings per value of one place column, counting a posting once in each place it names (the
    ``posting_places`` table); the postings with such a place are the denominator."""
    return _facet_body(ctx, "places", column, title, column, label, limit, note + "; " + PER_PLACE)


PER_PLACE = (
    "a posting that names several places is counted once in each of them, so the shares add up to more "
    "than 1 when some do"
)


@report_table("companies", section="Employers", chart="hbar")
def companies_table(ctx: Context) -> Body:
    return _counts(
        ctx,
        "Top companies",
        "company",
        "postings naming the company",
        limit=25,
        note="company: the employer's name as the source or the post's first line gives it, spelled as "
        "written (no merging of subsidiaries)",
    )


@report_table("company_size", section="Employers", chart="vbar")
def company_size_table(ctx: Context) -> Body:
    counts = ctx.facet("postings", "company_size")
    d = counts.total
    by_size = sorted(counts.counts.items(), key=lambda kv: _order_key((kv[0][1], kv[0][0])))
    rows = [(size, n, size_min) for (size, size_min), n in by_size]
    return Body(
        "Company size (employees)",
        ["company_size", "postings", "share"],
        [(k, n, share(n, d)) for k, n, _m in rows],
        d,
        "postings whose source states company size",
        "company size: the employee-count bucket the source states (such as Glassdoor's), never guessed "
        "from the text; postings of sources without it are not in the denominator",
    )


@report_table("industries", section="Employers", chart="hbar")
def industries_table(ctx: Context) -> Body:
    return _counts(
        ctx,
        "Industries",
        "industry",
        "postings whose source states the industry",
        limit=20,
        note="industry: as the source states it (such as Glassdoor's), never guessed from the text",
    )


@report_table("states", section="Places", chart="hbar")
def states_table(ctx: Context) -> Body:
    return _place_counts(
        ctx,
        "US states",
        "state",
        "US postings naming a state",
        limit=20,
        note="state: from the source's place fields when it has them, else from the text; a known city "
        "brings its state; a remote posting with no place named is in no row",
    )


@report_table("cities", section="Places", chart="hbar")
def cities_table(ctx: Context) -> Body:
    return _place_counts(
        ctx,
        "Cities",
        "city",
        "postings naming a city",
        limit=25,
        note="city: from the source's place fields, else from the text; other names of one city are merged "
        "('NYC', 'New York, NY')",
    )


@report_table("countries", section="Places", chart="hbar")
def countries_table(ctx: Context) -> Body:
    return _place_counts(
        ctx,
        "Countries",
        "country",
        "postings naming a country",
        limit=20,
        note="country: ISO 3166 code, from the source's place fields or the text (a known city or state "
        "brings its country)",
    )


@report_table("remote", section="Places", chart="hbar")
def remote_table(ctx: Context) -> Body:
    rows = {k[0]: n for k, n in ctx.facet("postings", "remote").counts.items()}
    kinds = ("remote", "hybrid", "onsite", "not stated")
    return Body(
        "Remote, hybrid and on-site",
        ["remote", "postings", "share"],
        [(k, int(rows.get(k, 0)), share(int(rows.get(k, 0)), ctx.total)) for k in kinds],
        ctx.total,
        ALL_POSTINGS,
        "from the source's remote field when it has one, else from the text",
    )


@report_table("skills", section="Skills")
def skills_table(ctx: Context) -> Body:
    rows = ctx.q(
        "SELECT s.skill_id, s.category, COUNT(*) AS n,"
        " SUM(CASE WHEN s.requirement = 'required' THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN s.requirement = 'preferred' THEN 1 ELSE 0 END)"
        " FROM fp JOIN posting_skills s ON s.posting_id = fp.posting_id WHERE NOT s.implied"
        " GROUP BY s.skill_id, s.category ORDER BY n DESC, s.skill_id ASC"
    )
    out = [
        (
            sid,
            ctx.skill_names.get(sid, (sid, cat))[0],
            cat,
            int(n),
            share(int(n), ctx.total),
            int(req),
            int(pref),
            int(n) - int(req) - int(pref),
        )
        for sid, cat, n, req, pref in rows
    ]
    return Body(
        "Skills asked for (stated in the text)",
        ["skill_id", "skill", "category", "postings", "share", "required", "preferred", "unspecified"],
        out,
        ctx.total,
        ctx.label,
        "a posting counts for a skill when its text names the skill or one of its taxonomy phrases; "
        "required/preferred: where the text puts it (requirements vs nice-to-have)",
    )


@report_table("skill_categories", section="Skills", chart="hbar")
def skill_categories_table(ctx: Context) -> Body:
    cats = ctx.q(
        "SELECT s.category, COUNT(DISTINCT s.posting_id) AS n FROM fp JOIN posting_skills s "
        "ON s.posting_id = fp.posting_id WHERE NOT s.implied GROUP BY s.category ORDER BY n DESC, "
        "s.category ASC"
    )
    return Body(
        "Postings asking for at least one skill of a category",
        ["category", "postings", "share"],
        [(c, int(n), share(int(n), ctx.total)) for c, n in cats],
        ctx.total,
        ctx.label,
        "a posting counts once for a category when its text names at least one skill of it (skills "
        "implied but not named do not count); categories are the taxonomy's",
    )


@lru_cache(maxsize=1)
def _phrases() -> dict[str, tuple[str, ...]]:
    return {s.id: (s.name, *s.aliases, *s.cs_aliases) for s in load_taxonomy().skills}


def skill_definitions(skill_ids: Sequence[str], phrases: int = 4) -> str:
    """What counts as each skill: the first phrases the taxonomy matches for it."""
    known = _phrases()
    parts = []
    for sid in skill_ids:
        words = known.get(sid, (sid,))
        extra = len(words) - phrases
        more = f" (+{extra} more)" if extra > 0 else ""
        parts.append(f"{words[0]}: " + ", ".join(f"'{w}'" for w in words[:phrases]) + more)
    return "what counts: " + "; ".join(parts)


def _category_table(category: str, top: int = 15) -> Any:
    def build(ctx: Context) -> Body:
        skills = ctx.built["skills"]
        rows = [r for r in skills.rows if r[2] == category][:top]
        note = skill_definitions([str(r[0]) for r in rows]) if rows else "no posting names a skill of it"
        return Body(
            labels().categories.get(category, category),
            ["skill", "postings", "share", "required", "preferred"],
            [(r[1], r[3], r[4], r[5], r[6]) for r in rows],
            skills.denominator,
            skills.denominator_label,
            note,
        )

    return build


for _cat in CATEGORY_SECTIONS:
    report_table(f"skills_{_cat}", section="Skills by category", chart="hbar")(_category_table(_cat))


@report_table("clusters", section="Skill clusters", chart="clusters")
def clusters_table(ctx: Context) -> Body:
    clusters, source = load_clusters()
    rows: dict[Any, Any] = dict(
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
    return Body(
        "Skill clusters (stated or implied skills)",
        ["cluster", "name", "group", "postings", "share", "seed_share"],
        out,
        ctx.total,
        ctx.label,
        f"a posting counts for a cluster when it states or implies any skill of it (data/clusters.yaml "
        f"lists the members); seed_share: share reported by {source}",
    )


@report_table("cooccurrence", section="Skill clusters", chart="pairs")
def cooccurrence_table(ctx: Context, top_skills: int = 25, pairs: int = 30) -> Body:
    skills = ctx.built["skills"]
    top = [r[0] for r in skills.rows[:top_skills]]
    counts: dict[Any, int] = {r[0]: int(str(r[3])) for r in skills.rows}
    rows: Rows = []
    if len(top) >= 2:
        ids = ", ".join(literal(str(t)) for t in top)
        stated = (
            "SELECT s.posting_id, s.skill_id FROM fp JOIN posting_skills s ON s.posting_id = fp.posting_id "
            f"WHERE NOT s.implied AND s.skill_id IN ({ids})"
        )
        rows = ctx.q(
            f"SELECT a.skill_id AS a, b.skill_id AS b, COUNT(*) AS n FROM ({stated}) a JOIN ({stated}) b "
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
    return Body(
        "Skills asked for together",
        ["skill_a", "skill_b", "postings", "share", "lift"],
        out,
        ctx.total,
        ctx.label,
        f"pairs among the {top_skills} most asked-for skills; lift = share together / (share of a x "
        "share of b): above 1, together more often than if they were independent",
    )


SALARY_KEYS = ("seniority", "role", "origin")


def salary_stats(ctx: Context) -> dict[str, dict[Cell, tuple[Cell, ...]]]:
    """Per seniority, per role and per origin: postings with a salary, the quartiles of the range
    midpoint and the medians of its ends, in one GROUPING SETS query; under ``*`` the postings with a
    salary (no key)."""
    rows = ctx.q(
        "SELECT g0, g1, g2, GROUPING(g0), GROUPING(g1), GROUPING(g2), COUNT(*),"
        " percentile_cont(0.25) WITHIN GROUP (ORDER BY mid),"
        " percentile_cont(0.5) WITHIN GROUP (ORDER BY mid),"
        " percentile_cont(0.75) WITHIN GROUP (ORDER BY mid),"
        " percentile_cont(0.5) WITHIN GROUP (ORDER BY lo),"
        " percentile_cont(0.5) WITHIN GROUP (ORDER BY hi)"
        " FROM (SELECT fp.seniority AS g0, fp.role AS g1, y.origin AS g2, y.mid_annual AS mid,"
        " y.min_annual AS lo, y.max_annual AS hi FROM fp JOIN salaries y ON y.posting_id = fp.posting_id) t"
        " GROUP BY GROUPING SETS ((g0), (g1), (g2), ())"
    )
    out: dict[str, dict[Cell, tuple[Cell, ...]]] = {k: {} for k in (*SALARY_KEYS, ALL_ROWS)}
    for row in rows:
        flags = [int(f) for f in row[3:6]]
        stats = (int(row[6]), *(_r(v, 0) for v in row[7:]))
        name = SALARY_KEYS[flags.index(0)] if 0 in flags else ALL_ROWS
        out[name][row[flags.index(0)] if 0 in flags else None] = stats
    return out


def _salary_table(column: str, order: Sequence[str]) -> Any:
    def build(ctx: Context) -> Body:
        every = salary_stats(ctx)
        d = int(str(every[ALL_ROWS][None][0])) if None in every[ALL_ROWS] else 0
        stats = every[column]
        unit = ctx.currency.split()[0]
        return Body(
            f"Annual salary by {column} (quartiles of the range midpoint, {unit})",
            [column, "postings", "q1_mid", "median_mid", "q3_mid", "median_min", "median_max"],
            [(k, *stats[k]) for k in order if k in stats],
            d,
            "postings with a salary",
            f"per row, postings: that row's n; mid = (min + max) / 2 of a posting's range, made annual and "
            f"converted to {ctx.currency}; q1/q3: 25th and 75th percentiles (linear interpolation); "
            "rows with few postings are noisy",
        )

    return build


report_table("salary_by_level", section="Salary", chart="salary_box")(_salary_table("seniority", LEVELS))
report_table("salary_by_role", section="Salary", chart="salary_box")(_salary_table("role", ROLES))


@report_table("salary_origin", section="Salary", chart="hbar")
def salary_origin_table(ctx: Context) -> Body:
    every = salary_stats(ctx)
    d = int(str(every[ALL_ROWS][None][0])) if None in every[ALL_ROWS] else 0
    src = sorted(((o, int(str(v[0]))) for o, v in every["origin"].items()), key=lambda r: _order_key(r[:1]))
    return Body(
        "Where the salary figures come from",
        ["origin", "postings", "share"],
        [(o, n, share(n, d)) for o, n in src],
        d,
        "postings with a salary",
        "source: the source's salary fields; source estimate: an estimate the job board added "
        "(such as Glassdoor's); description: a range stated in the text",
    )


def _months(ctx: Context) -> dict[str, int]:
    months = ctx.facet("postings", "month").counts
    return {str(k[0]): n for k, n in sorted(months.items())}


@report_table("trend_postings", section="Trends", chart="trend")
def trend_postings_table(ctx: Context) -> Body:
    per_month = _months(ctx)
    d = sum(per_month.values())
    return Body(
        "Postings per month",
        ["month", "postings", "share"],
        [(m, n, share(n, d)) for m, n in per_month.items()],
        d,
        "postings with a date",
        "month: of the posting date the source gives",
    )


@report_table("trend_skills", section="Trends", chart="trend_shares")
def trend_skills_table(ctx: Context, top: int = 8, min_month: int = 20) -> Body:
    per_month = _months(ctx)  # the months of the postings the skill tables count
    ids = [r[0] for r in ctx.built["skills"].rows[:top]]
    shown = [m for m, n in per_month.items() if n >= min_month]
    rows: Rows = []
    if ids and shown:
        rows = ctx.q(
            f"SELECT fp.month, s.skill_id, COUNT(*) FROM fp JOIN posting_skills s "
            f"ON s.posting_id = fp.posting_id WHERE fp.month IS NOT NULL AND NOT s.implied "
            f"AND s.skill_id IN ({', '.join(literal(str(i)) for i in ids)}) GROUP BY fp.month, s.skill_id"
        )
    got = {(m, sid): int(n) for m, sid, n in rows}
    out = []
    for m in shown:
        for sid in ids:
            n, base = got.get((m, sid), 0), per_month[m]
            out.append(
                (m, ctx.skill_names.get(str(sid), (sid,))[0], n, base, share(n, base), *wilson(n, base))
            )
    return Body(
        f"Share of postings asking for the top {top} skills, by month",
        ["month", "skill", "postings", "month_postings", "share", "share_low", "share_high"],
        out,
        sum(per_month.values()),
        f"{ctx.label}, with a date",
        f"each share's base is month_postings (the postings of that month, shown as n under each point); "
        f"share_low..share_high: 95% Wilson interval; months with at least {min_month} postings",
    )


SURVEY_SECTION = "Against the 2020 survey"


def _survey_counts(ctx: Context, point: SurveyPoint) -> tuple[dict[str, int], int]:
    """The corpus's postings for each item of a survey point, and the base of their shares."""
    keys = point.items()
    ids = ", ".join(literal(k) for k in keys)
    if point.measure == "skill":
        stated = {str(r[0]): int(str(r[3])) for r in ctx.built["skills"].rows}
        return {k: stated.get(k, 0) for k in keys}, ctx.total
    if point.measure == "degree":
        rows = ctx.q(
            ", asked AS (SELECT e.posting_id, e.min_degree AS d FROM fp JOIN education e ON e.posting_id = "
            "fp.posting_id UNION ALL SELECT e.posting_id, e.preferred_degree AS d FROM fp JOIN education e "
            f"ON e.posting_id = fp.posting_id) SELECT d, COUNT(DISTINCT posting_id) FROM asked WHERE d IN ({ids}) "
            "GROUP BY d"
        )
        return {str(k): int(n) for k, n in rows}, ctx.total
    if point.measure == "field":
        rows = ctx.q(
            "SELECT f.field, COUNT(DISTINCT f.posting_id) FROM fp JOIN education_fields f "
            f"ON f.posting_id = fp.posting_id WHERE f.field IN ({ids}) GROUP BY f.field"
        )
        base = ctx.count(
            "SELECT COUNT(DISTINCT f.posting_id) FROM fp JOIN education_fields f ON f.posting_id = fp.posting_id"
        )
        return {str(k): int(n) for k, n in rows}, base
    if point.measure == "state":
        where = "country = 'US' AND state IS NOT NULL"
        rows = ctx.q(f"SELECT state, COUNT(*) FROM fp WHERE {where} AND state IN ({ids}) GROUP BY state")
        return {str(k): int(n) for k, n in rows}, ctx.count(f"SELECT COUNT(*) FROM fp WHERE {where}")
    buckets: dict[Any, Any] = dict(
        ctx.q(
            f"SELECT {_BUCKET} AS b, COUNT(*) FROM fp JOIN experience x ON x.posting_id = fp.posting_id "
            "WHERE x.min_years IS NOT NULL GROUP BY 1"
        )
    )
    groups = {g: sum(int(buckets.get(b, 0)) for b in members) for g, members in EXPERIENCE_GROUPS.items()}
    return {k: groups.get(k, 0) for k in keys}, sum(int(v) for v in buckets.values())


def _survey_label(ctx: Context, point: SurveyPoint, item: str) -> str:
    if point.measure == "skill":
        return ctx.skill_names.get(item, (item,))[0]
    return item + (" years" if point.measure == "experience" else "")


@report_table("survey_2020", section=SURVEY_SECTION, optional=True)
def survey_table(ctx: Context) -> Body:
    survey = load_survey()
    out: list[tuple[Cell, ...]] = []
    for point in survey.points:
        counts, base = _survey_counts(ctx, point)
        items = point.items()
        places = corpus_ranks(counts, [k for k in items if k in point.ranks])
        for item in items:
            n = counts.get(item, 0)
            low, high = wilson(n, base)
            theirs = share(point.counts[item], survey.postings) if item in point.counts else None
            out.append(
                (
                    point.question,
                    _survey_label(ctx, point, item),
                    point.ranks.get(item),
                    places.get(item),
                    theirs,
                    n,
                    share(n, base),
                    low,
                    high,
                    base,
                    same_place(point, item, places[item]) if item in places else None,
                    within(low, high, theirs),
                )
            )
    return Body(
        "Against the 2020 survey of 500+ US ML-engineer postings, point by point",
        [
            "question",
            "item",
            "survey_rank",
            "corpus_rank",
            "survey_share",
            "postings",
            "share",
            "share_low",
            "share_high",
            "base",
            "same_place",
            "survey_within",
        ],
        out,
        ctx.total,
        ctx.label,
        f"survey: {survey.source}. survey_rank: the survey's order of the items it names for a question "
        "(items it names together share a rank); corpus_rank: this corpus's order of the same items by "
        "postings; same_place: the corpus puts the item where the survey does (a rank shared by k items "
        f"allows any of those k places); survey_share: a count the survey states, as a share of its "
        f"{survey.postings} postings; share: postings / base, with share_low..share_high its 95% Wilson "
        "interval; survey_within: the survey's share lies inside that interval. Bases: degree, languages "
        "and other skills: the postings of this report; field: postings naming a field of study; state: US "
        "postings naming a state; experience: postings stating years (groups of the minimum years asked "
        "for). degree: required (minimum) or preferred. "
        + skill_definitions(["communication"]).replace("what counts: ", "what counts as ")
        + ". Filter with --role ml_engineer to compare like with like.",
    )


@report_table("survey_2020_years", section=SURVEY_SECTION, optional=True)
def survey_years_table(ctx: Context) -> Body:
    survey = load_survey()
    ours = {str(r[0]): r for r in experience_by_degree_table(ctx).rows}
    rows = [
        (degree, years, *(ours[degree][1:] if degree in ours else (0, None, None)))
        for degree, years in survey.years_by_degree.mean_years.items()
    ]
    return Body(
        "Years of experience by degree, against the 2020 survey",
        ["degree", "survey_mean_years", "postings", "mean_years", "median_years"],
        rows,
        sum(int(str(r[2])) for r in rows),
        "(posting, degree) pairs with years stated for that degree",
        f"survey: {survey.years_by_degree.statement} ({survey.source}); mean_years and median_years: "
        "this corpus, counted as in 'Years of experience by degree'",
    )


def build_tables(
    engine: Engine, filters: Filters, currency: str, *, sections: Sequence[str] = ()
) -> list[MarketTable]:
    """Every registered report table for the postings that match ``filters`` (optional ones when their
    section is in ``sections``)."""
    ctx = Context(engine, filters.predicate(), currency=currency)
    ctx.total = ctx.facet("postings", ALL_ROWS).total
    if ctx.total == 0:
        described = filters.describe()
        where = f" ({', '.join(f'{k}={v}' for k, v in described.items())})" if described else ""
        raise MarketError("JDL041", where=where)
    skill_dim = engine.rows("SELECT skill_id, name, category, subcategory FROM skills")
    ctx.skill_names = {sid: (name, cat) for sid, name, cat, _sub in skill_dim}
    engine.register("cluster_members", ["cluster", "skill_id"], cluster_members(skill_dim))
    technical = skill_context(ctx, filters)
    for spec in REGISTRY.values():
        if spec.optional and spec.section not in sections:
            continue
        body: Body = spec.build(
            technical if spec.section in SKILL_SECTIONS or spec.name in SKILL_TABLES else ctx
        )
        ctx.built[spec.name] = MarketTable(
            name=spec.name,
            section=spec.section,
            chart=spec.chart,
            title=body.title,
            columns=body.columns,
            rows=[list(r) for r in body.rows],
            denominator=body.denominator,
            denominator_label=body.label,
            note=body.note,
        )
    return list(ctx.built.values())


# the survey counted ML-engineer postings: its comparison counts technical postings too
SKILL_SECTIONS = frozenset({"Skills", "Skills by category", "Skill clusters", SURVEY_SECTION})
SKILL_TABLES = frozenset({"trend_skills"})


def skill_context(ctx: Context, filters: Filters) -> Context:
    """The postings the skill tables count, and a denominator label that says how many were left out:
    by default a posting that is not a technical job (role ``other``: a therapist, a midwife) is not
    counted in the skill tables; ``Filters(non_technical=True)`` keeps it. Tables built either way share
    one ``built`` dict, so a skill table can read another."""
    if filters.keeps_non_technical():
        return ctx
    technical = Context(
        ctx.engine,
        filters.skill_predicate(),
        currency=ctx.currency,
        skill_names=ctx.skill_names,
        built=ctx.built,
    )
    technical.total = technical.facet("postings", ALL_ROWS).total
    left_out = ctx.total - technical.total
    if left_out:
        technical.label = f"technical postings matching the filters ({left_out:,} non-technical left out)"
    return technical


def currency_note(engine: Engine) -> str:
    rows = engine.rows("SELECT value FROM meta WHERE key = 'currency'")
    return str(rows[0][0]) if rows else "USD"


def compute_report(
    db: str | Path | None = None,
    filters: Filters | None = None,
    *,
    tables: str | None = None,
    engine: str = "duckdb",
    spark_master: str | None = None,
    sections: Sequence[str] = (),
) -> MarketReport:
    """The report tables of the market database ``db`` or of the Parquet tables at ``tables``, on DuckDB
    or on Spark SQL (the same SQL; identical tables)."""
    filters = filters or Filters()
    filters.predicate()  # validate before opening anything
    with open_engine(db=db, tables=tables, engine=engine, master=spark_master) as runner:
        note = currency_note(runner)
        built = build_tables(runner, filters, note, sections=sections)
    total = int(next(r for r in built if r.name == "overview").rows[0][1] or 0)
    where = str(db) if db is not None else str(tables)
    return MarketReport(db=where, filters=filters.describe(), postings=total, currency=note, tables=built)
