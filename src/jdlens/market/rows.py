"""The rows every market table gets for planned, analysed postings: one code path for the DuckDB
ingest (a window per commit) and for the Spark executors (a window per Arrow batch)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Any

from jdlens.errors import JdlensError
from jdlens.market import fields as nz
from jdlens.market.database import DATA_TABLES, TABLES
from jdlens.market.records import AnalysisRecord
from jdlens.places import split_places
from jdlens.sources.columns import Layout, extract_fields
from jdlens.sources.tables import RawRow
from jdlens.taxonomy import load_taxonomy


def skill_rows() -> list[tuple[str, str, str, str | None]]:
    """The skill dimension table: the bundled taxonomy's skills."""
    return [(s.id, s.name, s.category, s.subcategory) for s in load_taxonomy().skills]


@dataclass(slots=True)
class Planned:
    row_no: int
    kind: str  # new | reuse | dup | bad
    fields: dict[str, str | None] | None = None
    desc_hash: int = 0
    reason: str | None = None
    record: AnalysisRecord | None = None
    new_text: bool = False
    where: str = ""  # the row's position in its file (RawRow.where)
    code: str | None = None  # a bad row's jdlens error code


def cache_key(p: Planned) -> tuple[int, str]:
    title = (p.fields or {}).get("title") or ""
    return p.desc_hash, title.casefold()


@dataclass
class Window:
    """Rows for every data table, collected as tuples for one commit (turned into columns once, by
    ``arrow``)."""

    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=lambda: {t: [] for t in DATA_TABLES})
    postings: int = 0
    duplicates: int = 0
    bad: int = 0
    last_row: int = -1

    def add(self, table: str, *values: Any) -> None:
        """One row of ``table``, its values in the table's column order (``TABLES``)."""
        self.rows[table].append(values)

    def arrow(self, table: str) -> Any:
        """The window's rows of ``table`` as an Arrow table (None when it has none)."""
        import pyarrow as pa

        rows = self.rows[table]
        if not rows:
            return None
        columns = TABLES[table]
        if set(map(len, rows)) != {len(columns)}:
            raise ValueError(f"a row of {table} without one value per column")
        types = arrow_types()
        return pa.table(
            {c: pa.array(list(map(itemgetter(i), rows)), type=types[t]) for i, (c, t) in enumerate(columns)}
        )


def _money(f: dict[str, str | None], rec: AnalysisRecord) -> nz.Money | None:
    money = _source_money(
        f.get("salary_min"),
        f.get("salary_max"),
        f.get("salary_currency"),
        f.get("salary_period"),
        f.get("salary_text"),
    )
    if money:
        return money
    if rec.salary:
        lo, hi, cur, per = rec.salary
        return nz.make_money(lo, hi, cur, per, "description")
    return None


@lru_cache(maxsize=65536)
def _source_money(
    low: str | None, high: str | None, currency: str | None, period: str | None, text: str | None
) -> nz.Money | None:
    """The pay the source's own fields state: bounds with currency and period, else a salary string
    (sources repeat these fields across their rows)."""
    if low or high:
        money = nz.make_money(nz._number(low), nz._number(high), currency, period, "source")
        if money:
            return money
    if text:
        return nz.parse_salary_text(text)
    return None


Where = tuple[str | None, str | None, str | None]


def _named(place: nz.Place) -> bool:
    return bool(place.city or place.state or place.country)


def _source_places(f: dict[str, str | None]) -> tuple[nz.Place, ...]:
    return _places_of_fields(
        f.get("location"), f.get("city"), f.get("state"), f.get("country"), f.get("remote")
    )


@lru_cache(maxsize=65536)
def _places_of_fields(
    location: str | None, city: str | None, state: str | None, country: str | None, remote: str | None
) -> tuple[nz.Place, ...]:
    """The places of the source's own fields: one from separate city / state / country fields, each place
    of a location string that names several ("San Francisco, CA | New York City, NY")."""
    parts = split_places(location) if location and not city else []
    if len(parts) < 2:
        return (nz.normalize_place(location, city, state, country, remote),)
    mode = nz.remote_flag(remote) or nz.parse_location(location).remote
    return (*(nz.normalize_place(part, None, None, country, None) for part in parts), nz.Place(remote=mode))


def _places(f: dict[str, str | None], rec: AnalysisRecord) -> tuple[list[nz.Place], str | None, str | None]:
    """Every place of a posting (from the source's fields, else from the text), where they came from, and
    the work mode."""
    src = _source_places(f)
    from_text = [nz.normalize_place(None, rec.city, rec.state, rec.country, rec.remote)]
    from_text += [nz.normalize_place(None, city, state, country, None) for city, state, country in rec.places]
    remote = next((p.remote for p in src if p.remote), None) or from_text[0].remote
    for places, origin in ((src, "source"), (from_text, "description")):
        named = list(dict.fromkeys(_where(p) for p in places if _named(p)))
        if named:
            return [nz.Place(*w) for w in named], origin, remote
    return [], None, remote


def _where(place: nz.Place) -> Where:
    return place.city, place.state, place.country


def _add_posting(w: Window, source_id: str, p: Planned, rec: AnalysisRecord) -> None:
    f = p.fields or {}
    pid = nz.stable_id(source_id, str(p.row_no))
    date = nz.parse_date(f.get("date_posted"))
    places, origin, remote = _places(f, rec)
    place = nz.Place(*_where(places[0]), remote) if places else nz.Place(remote=remote)
    size, size_min = nz.company_size(f.get("company_size"))
    stated = sum(1 for s in rec.skills if not s.implied)
    w.add(
        "postings",
        pid,
        source_id,
        p.row_no,
        nz.clean(f.get("native_id")),
        p.desc_hash,
        nz.clean(f.get("title")) or rec.title,
        nz.clean(f.get("company")),
        nz.clean(f.get("board")),
        date,
        date.strftime("%Y-%m") if date else None,
        rec.role,
        rec.role_confidence,
        rec.seniority,
        nz.clean(f.get("source_seniority")),
        place.city,
        place.state,
        place.country,
        place.remote,
        origin,
        size,
        size_min,
        nz.clean(f.get("industry")),
        nz.clean(f.get("employment_type")),
        nz.clean(f.get("url")),
        stated,
        len(rec.red_flags),
    )
    for number, where in enumerate(places):
        w.add("posting_places", pid, number, where.city, where.state, where.country)
    for s in rec.skills:
        w.add("posting_skills", pid, s.skill_id, s.category, s.requirement, s.priority, s.implied)
    if rec.min_years is not None or rec.max_years is not None:
        w.add("experience", pid, rec.min_years, rec.max_years)
    for degree, years in rec.by_degree:
        w.add("experience_by_degree", pid, degree, years)
    if rec.min_degree or rec.preferred_degree:
        w.add("education", pid, rec.min_degree, rec.preferred_degree, rec.equivalent_experience)
    for name in rec.fields:
        w.add("education_fields", pid, name)
    money = _money(f, rec)
    if money:
        w.add(
            "salaries",
            pid,
            money.min_annual,
            money.max_annual,
            round(money.mid_annual, 2),
            money.currency,
            money.period,
            money.min_orig,
            money.max_orig,
            money.usd_per_unit,
            money.origin,
        )
    for code in rec.red_flags:
        w.add("red_flags", pid, code)
    w.postings += 1


def plan_row(row: RawRow, layout: Layout, key: Callable[[str], int] = nz.description_key) -> Planned:
    """A row's fields and description key, or why it is a bad row (no dedupe decision yet)."""
    if row.data is None:
        reason = row.error or "unreadable row"
        return Planned(row.row_no, "bad", reason=reason, where=row.where, code=row.code)
    fields = extract_fields(row.data, layout)
    text = fields.get("text")
    if not text or not text.strip():
        return Planned(
            row.row_no, "bad", fields, reason="no description text", where=row.where, code="JDL002"
        )
    return Planned(row.row_no, "new", fields, key(text), where=row.where)


def pending_analyses(plans: list[Planned]) -> dict[tuple[int, str], list[Planned]]:
    """The plans still to analyse, grouped by (description, title): each group is analysed once."""
    todo: dict[tuple[int, str], list[Planned]] = {}
    for p in plans:
        if p.kind == "new":
            todo.setdefault(cache_key(p), []).append(p)
    return todo


def apply_result(group: list[Planned], result: AnalysisRecord | JdlensError) -> AnalysisRecord | None:
    """Give a group its analysis record, or make its rows bad rows when the analysis rejected the text."""
    if isinstance(result, JdlensError):
        for p in group:
            p.kind, p.reason, p.code = "bad", f"analysis failed: {result.message}", result.code
        return None
    rec = result
    for p in group:
        p.record = rec
    return rec


def fill_window(w: Window, source_id: str, plans: list[Planned], store_text: bool) -> Window:
    """Every table's rows for analysed plans (the DuckDB ingest and the Spark executors share this)."""
    for p in plans:
        if p.row_no >= 0:
            w.last_row = max(w.last_row, p.row_no)
        if p.kind == "bad":
            row = p.row_no if p.row_no >= 0 else None
            w.add("bad_rows", source_id, row, p.reason, p.where or None, p.code)
            w.bad += 1
        elif p.kind == "dup":
            w.add("duplicates", source_id, p.row_no, p.desc_hash)
            w.duplicates += 1
        else:
            assert p.record is not None and p.fields is not None
            if p.new_text and store_text:
                w.add("descriptions", p.desc_hash, p.fields["text"])
            _add_posting(w, source_id, p, p.record)
    return w


def arrow_types() -> dict[str, Any]:
    import pyarrow as pa

    return {
        "BIGINT": pa.int64(),
        "VARCHAR": pa.string(),
        "DOUBLE": pa.float64(),
        "DATE": pa.date32(),
        "BOOLEAN": pa.bool_(),
        "INTEGER": pa.int32(),
        "TIMESTAMP": pa.timestamp("us"),
    }
