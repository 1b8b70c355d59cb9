"""Small terminal queries over the market database: top skills by category, what the corpus holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jdlens.errors import InputError, MarketError
from jdlens.labels import labels
from jdlens.market.database import connect
from jdlens.market.engines import DuckDBEngine
from jdlens.market.filters import Filters, literal
from jdlens.market.reports import Context, currency_note, share, skill_context
from jdlens.models import MarketTable


def resolve_categories(name: str | None) -> list[str]:
    """``cloud`` -> [cloud_platform, cloud_ml_service]: an exact category id, or every id or display name
    that contains ``name``."""
    if not name:
        return []
    key = name.strip().casefold().replace(" ", "_")
    categories = labels().categories
    if key in categories:
        return [key]
    hits = [c for c, label in categories.items() if key in c or name.strip().casefold() in label.casefold()]
    if not hits:
        raise InputError(
            "JDL050", name="category", reason=f"{name!r} matches none of {', '.join(categories)}"
        )
    return hits


def top_skills(
    db: str | Path, filters: Filters | None = None, *, top: int = 30, category: str | None = None
) -> MarketTable:
    """The ``top`` skills stated by the most postings (share over all postings matching ``filters``)."""
    filters = filters or Filters()
    cats = resolve_categories(category)
    predicate = filters.predicate()
    con = connect(db, read_only=True)
    try:
        everyone = Context(DuckDBEngine(con), predicate)
        everyone.total = everyone.count("SELECT COUNT(*) FROM fp")
        if everyone.total == 0:
            raise MarketError("JDL041", where="")
        ctx = skill_context(everyone, filters)
        cat_sql = f" AND s.category IN ({', '.join(literal(c) for c in cats)})" if cats else ""
        rows = ctx.q(
            "SELECT s.skill_id, COALESCE(k.name, s.skill_id), s.category, COUNT(*) AS n,"
            " SUM(CASE WHEN s.requirement = 'required' THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN s.requirement = 'preferred' THEN 1 ELSE 0 END)"
            " FROM fp JOIN posting_skills s ON s.posting_id = fp.posting_id"
            " LEFT JOIN skills k ON k.skill_id = s.skill_id"
            f" WHERE NOT s.implied{cat_sql} GROUP BY s.skill_id, k.name, s.category"
            f" ORDER BY n DESC, s.skill_id ASC LIMIT {int(top)}"
        )
    finally:
        con.close()
    out = [
        (sid, name, cat, int(n), share(int(n), ctx.total), int(req), int(pref), int(n) - int(req) - int(pref))
        for sid, name, cat, n, req, pref in rows
    ]
    return MarketTable(
        name="top_skills",
        section="Skills",
        title="Top skills",
        columns=[
            "skill_id",
            "skill",
            "category",
            "postings",
            "share",
            "required",
            "preferred",
            "unspecified",
        ],
        rows=[list(r) for r in out],
        denominator=ctx.total,
        denominator_label=ctx.label,
    )


def corpus_summary(db: str | Path) -> dict[str, Any]:
    """Sources with their counts, total postings, duplicates folded, date range, currency statement."""
    con = connect(db, read_only=True)
    try:
        sources = con.execute(
            "SELECT name, layout, rows_done, postings, duplicates, bad_rows, complete "
            "FROM sources ORDER BY name, source_id"
        ).fetchall()
        postings, earliest, latest = con.execute(
            "SELECT COUNT(*), MIN(date_posted), MAX(date_posted) FROM postings"
        ).fetchone()
        duplicates = con.execute("SELECT COUNT(*) FROM duplicates").fetchone()[0]
        note = currency_note(DuckDBEngine(con))
    finally:
        con.close()
    return {
        "db": str(db),
        "sources": sources,
        "postings": int(postings),
        "duplicates": int(duplicates),
        "earliest": earliest,
        "latest": latest,
        "currency": note,
    }
