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
from jdlens.market.engines import Engine, Rows, open_engine
from jdlens.market.filters import LEVELS, ROLES, Filters, literal
from jdlens.market.registry import REGISTRY, report_table
from jdlens.market.survey import EXPERIENCE_GROUPS, SurveyPoint, corpus_ranks, load_survey, same_place, within
from jdlens.models import Cell, Degree, MarketReport, MarketTable
from jdlens.taxonomy import load_taxonomy
from jdlens.taxonomy.category_sets import category_list
from jdlens.taxonomy.schema import CATEGORIES

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

    def q(self, body: str) -> Rows:
        """Run ``body`` after the ``fp`` (filtered postings) CTE; a body may add CTEs with ``, name AS``."""
        return self.engine.rows(f"WITH fp AS (SELECT * FROM postings WHERE {self.predicate}) {body}")

    def count(self, body: str) -> int:
        return int(self.q(body)[0][0] or 0)


@dataclass
class Body:
    """What a table function returns; the registry adds its name, section and chart."""

    title: str
    columns: list[str]
    rows: Sequence[Sequence[Cell]]
    denominator: int
    label: str
    note: str | None = None


def _counts(
    ctx: Context,
    title: str,
    column: str,
    label: str,
    *,
    where: str = "",
    limit: int | None = None,
    key: str | None = None,
    note: str | None = None,
) -> Body:
    """Postings per value of one postings column, with the postings that have a value as denominator."""
    cond = f"{column} IS NOT NULL" + (f" AND {where}" if where else "")
    return _grouped(
        ctx, title, column, label, key or column, f"FROM fp WHERE {cond}", "COUNT(*)", limit, note
    )


def _grouped(
    ctx: Context,
    title: str,
    column: str,
    label: str,
    expr: str,
    source: str,
    counted: str,
    limit: int | None,
    note: str | None,
) -> Body:
    """Postings per value of ``expr`` over ``source`` (a FROM ... WHERE clause), each counted by
    ``counted``; the postings of the source are the denominator."""
    d = ctx.count(f"SELECT {counted} {source}")
    lim = f" LIMIT {limit}" if limit else ""
    rows = ctx.q(f"SELECT {expr} AS k, {counted} AS n {source} GROUP BY {expr} ORDER BY n DESC, k ASC{lim}")
    return Body(
        title, [column, "postings", "share"], [(k, int(n), share(int(n), d)) for k, n in rows], d, label, note
    )


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
    dates = ctx.q("SELECT MIN(date_posted), MAX(date_posted), COUNT(date_posted) FROM fp")[0]
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
    req: dict[Any, Any] = dict(
        ctx.q(
            "SELECT e.min_degree, COUNT(*) FROM fp JOIN education e ON e.posting_id = fp.posting_id "
            "WHERE e.min_degree IS NOT NULL GROUP BY e.min_degree"
        )
    )
    pref: dict[Any, Any] = dict(
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
    d_pairs = ctx.count("SELECT COUNT(*) FROM fp JOIN education e ON e.posting_id = fp.posting_id")
    pairs = ctx.q(
        "SELECT COALESCE(e.min_degree, '-') AS r, COALESCE(e.preferred_degree, '-') AS p, COUNT(*) AS n "
        "FROM fp JOIN education e ON e.posting_id = fp.posting_id GROUP BY 1, 2 ORDER BY n DESC, r, p"
    )
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
    d_fields = ctx.count(
        "SELECT COUNT(DISTINCT f.posting_id) FROM fp JOIN education_fields f ON f.posting_id = fp.posting_id"
    )
    frows = ctx.q(
        "SELECT f.field AS k, COUNT(DISTINCT f.posting_id) AS n FROM fp JOIN education_fields f "
        "ON f.posting_id = fp.posting_id GROUP BY f.field ORDER BY n DESC, k ASC LIMIT 20"
    )
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
    ctx: Context,
    title: str,
    column: str,
    label: str,
    *,
    where: str = "",
    limit: int | None = None,
    key: str | None = None,
    note: str,
) -> Body:
    """Postings per value of one place column, counting a posting once in each place it names (the
    ``posting_places`` table); the postings with such a place are the denominator."""
    cond = f"pp.{column} IS NOT NULL" + (f" AND {where}" if where else "")
    source = f"FROM fp JOIN posting_places pp ON pp.posting_id = fp.posting_id WHERE {cond}"
    counted = "COUNT(DISTINCT fp.posting_id)"
    return _grouped(
        ctx, title, column, label, key or f"pp.{column}", source, counted, limit, note + "; " + PER_PLACE
    )


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
    d = ctx.count("SELECT COUNT(*) FROM fp WHERE company_size IS NOT NULL")
    rows = ctx.q(
        "SELECT company_size, company_size_min, COUNT(*) FROM fp WHERE company_size IS NOT NULL "
        "GROUP BY company_size, company_size_min ORDER BY company_size_min"
    )
    return Body(
        "Company size (employees)",
        ["company_size", "postings", "share"],
        [(k, int(n), share(int(n), d)) for k, _m, n in rows],
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
        where="pp.country = 'US'",
        limit=20,
        note="state: from the source's place fields when it has them, else from the text; a known city "
        "brings its state; a remote posting with no place named is in no row",
    )


@report_table("cities", section="Places", chart="hbar")
def cities_table(ctx: Context) -> Body:
    key = (
        "CASE WHEN pp.state IS NOT NULL THEN concat(pp.city, ', ', pp.state) "
        "WHEN pp.country IS NOT NULL THEN concat(pp.city, ', ', pp.country) ELSE pp.city END"
    )
    return _place_counts(
        ctx,
        "Cities",
        "city",
        "postings naming a city",
        limit=25,
        key=key,
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
    rows: dict[Any, Any] = dict(ctx.q("SELECT COALESCE(remote, 'not stated'), COUNT(*) FROM fp GROUP BY 1"))
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
            CATEGORIES.get(category, category),
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


def _salary_table(column: str, order: Sequence[str]) -> Any:
    def build(ctx: Context) -> Body:
        d = ctx.count("SELECT COUNT(*) FROM fp JOIN salaries y ON y.posting_id = fp.posting_id")
        rows = ctx.q(
            f"SELECT fp.{column}, COUNT(*),"
            " percentile_cont(0.25) WITHIN GROUP (ORDER BY y.mid_annual),"
            " percentile_cont(0.5) WITHIN GROUP (ORDER BY y.mid_annual),"
            " percentile_cont(0.75) WITHIN GROUP (ORDER BY y.mid_annual),"
            " percentile_cont(0.5) WITHIN GROUP (ORDER BY y.min_annual),"
            " percentile_cont(0.5) WITHIN GROUP (ORDER BY y.max_annual)"
            f" FROM fp JOIN salaries y ON y.posting_id = fp.posting_id GROUP BY fp.{column}"
        )
        stats = {r[0]: (int(r[1]), *(_r(v, 0) for v in r[2:])) for r in rows}
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
    d = ctx.count("SELECT COUNT(*) FROM fp JOIN salaries y ON y.posting_id = fp.posting_id")
    src = ctx.q(
        "SELECT y.origin, COUNT(*) FROM fp JOIN salaries y ON y.posting_id = fp.posting_id "
        "GROUP BY y.origin ORDER BY y.origin"
    )
    return Body(
        "Where the salary figures come from",
        ["origin", "postings", "share"],
        [(o, int(n), share(int(n), d)) for o, n in src],
        d,
        "postings with a salary",
        "source: the source's salary fields; source estimate: an estimate the job board added "
        "(such as Glassdoor's); description: a range stated in the text",
    )


def _months(ctx: Context) -> dict[str, int]:
    months = ctx.q("SELECT month, COUNT(*) FROM fp WHERE month IS NOT NULL GROUP BY month ORDER BY month")
    return {m: int(n) for m, n in months}


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
    ctx.total = ctx.count("SELECT COUNT(*) FROM fp")
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
    technical.total = technical.count("SELECT COUNT(*) FROM fp")
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
