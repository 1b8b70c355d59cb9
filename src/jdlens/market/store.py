"""The market database (DuckDB): schema, and an ingest that is idempotent and resumable.

Every file is a *source* identified by a hash of its bytes. Rows are read in order and handled in
windows; each window (its postings, skills, duplicates, bad rows and the source's row watermark)
is committed in one transaction. Re-running an ingest skips finished sources and resumes an
unfinished one at its watermark, so a run killed at any point completes without loss or duplicates.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jdlens.errors import JdlensError, MarketError
from jdlens.job.parallel import analyze_parallel
from jdlens.market import fields as nz
from jdlens.market.database import DATA_TABLES, TABLES, connect
from jdlens.market.records import AnalysisRecord, record_from_analysis
from jdlens.market.spark_engine import spark_analyzer
from jdlens.models import BadRow, IngestFileResult, IngestResult, JobAnalysis
from jdlens.sources.columns import Layout, extract_fields, parse_map, resolve_mapping
from jdlens.sources.tables import RawRow, count_rows, fingerprint, iter_rows, peek_columns
from jdlens.taxonomy import load_taxonomy

Analyzer = Callable[[list[str], list[str | None]], Iterable[JobAnalysis | JdlensError]]
Progress = Callable[[int, int | None], None]


def refresh_skills(con: Any) -> None:
    """Keep the skill dimension table equal to the bundled taxonomy."""
    tax = load_taxonomy()
    rows = [(s.id, s.name, s.category, s.subcategory) for s in tax.skills]
    con.execute("BEGIN TRANSACTION")
    con.execute("DELETE FROM skills")
    con.executemany("INSERT INTO skills VALUES (?, ?, ?, ?)", rows)
    con.execute("COMMIT")


# ---- planning ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Planned:
    row_no: int
    kind: str  # new | reuse | dup | bad
    fields: dict[str, str | None] | None = None
    desc_hash: int = 0
    reason: str | None = None
    record: AnalysisRecord | None = None
    new_text: bool = False
    where: str = ""  # the row's position in its file (RawRow.where)


class _RecordCache:
    """Analyses by (description, title) key, least recently used dropped first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[tuple[int, str], AnalysisRecord] = OrderedDict()

    def get(self, key: tuple[int, str]) -> AnalysisRecord | None:
        rec = self.items.get(key)
        if rec is not None:
            self.items.move_to_end(key)
        return rec

    def put(self, key: tuple[int, str], rec: AnalysisRecord) -> None:
        self.items[key] = rec
        self.items.move_to_end(key)
        while len(self.items) > self.size:
            self.items.popitem(last=False)


def _cache_key(p: _Planned) -> tuple[int, str]:
    title = (p.fields or {}).get("title") or ""
    return p.desc_hash, title.casefold()


# ---- building rows ----------------------------------------------------------------------------


@dataclass
class _Window:
    """Rows for every data table, collected column by column for one commit."""

    cols: dict[str, dict[str, list[Any]]] = field(
        default_factory=lambda: {t: {c: [] for c, _ in TABLES[t]} for t in DATA_TABLES}
    )
    postings: int = 0
    duplicates: int = 0
    bad: int = 0
    last_row: int = -1

    def add(self, table: str, *values: Any) -> None:
        for (name, _), value in zip(TABLES[table], values, strict=True):
            self.cols[table][name].append(value)


def _money(f: dict[str, str | None], rec: AnalysisRecord) -> nz.Money | None:
    if f.get("salary_min") or f.get("salary_max"):
        money = nz.make_money(
            nz._number(f.get("salary_min")),
            nz._number(f.get("salary_max")),
            f.get("salary_currency"),
            f.get("salary_period"),
            "source",
        )
        if money:
            return money
    if f.get("salary_text"):
        money = nz.parse_salary_text(f.get("salary_text"))
        if money:
            return money
    if rec.salary:
        lo, hi, cur, per = rec.salary
        return nz.make_money(lo, hi, cur, per, "description")
    return None


def _place(f: dict[str, str | None], rec: AnalysisRecord) -> tuple[nz.Place, str | None]:
    src = nz.normalize_place(
        f.get("location"), f.get("city"), f.get("state"), f.get("country"), f.get("remote")
    )
    from_text = nz.normalize_place(None, rec.city, rec.state, rec.country, rec.remote)
    if src.city or src.state or src.country:
        return nz.Place(src.city, src.state, src.country, src.remote or from_text.remote), "source"
    if from_text.city or from_text.state or from_text.country:
        return nz.Place(
            from_text.city, from_text.state, from_text.country, src.remote or from_text.remote
        ), "description"
    return nz.Place(remote=src.remote or from_text.remote), None


def _add_posting(w: _Window, source_id: str, p: _Planned, rec: AnalysisRecord) -> None:
    f = p.fields or {}
    pid = nz.stable_id(source_id, str(p.row_no))
    date = nz.parse_date(f.get("date_posted"))
    place, origin = _place(f, rec)
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


# ---- the ingest -------------------------------------------------------------------------------


@dataclass
class IngestOptions:
    preset: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    batch_size: int = 2000
    dedupe: bool = True
    store_text: bool = True
    cache_size: int = 200_000
    progress: Progress | None = None
    on_commit: Callable[[int], None] | None = None  # called with the window index after each commit


class Ingestor:
    """Ingest files into one database with one analyzer (local processes or Spark)."""

    def __init__(self, con: Any, analyzer: Analyzer, options: IngestOptions) -> None:
        self.con = con
        self.analyze = analyzer
        self.opt = options
        self.known: set[int] = set()
        self.cache = _RecordCache(options.cache_size)
        self.bad_samples: list[BadRow] = []
        self.analyzer_versions: dict[str, str] = {}
        self.keys: dict[str, int] = {}
        self.windows = 0

    def run(self, paths: Sequence[Path]) -> list[IngestFileResult]:
        refresh_skills(self.con)
        self.known = {r[0] for r in self.con.execute("SELECT desc_hash FROM descriptions").fetchall()}
        return [self.ingest_file(path) for path in paths]

    def ingest_file(self, path: Path) -> IngestFileResult:
        layout = resolve_mapping(peek_columns(path), self.opt.preset, self.opt.mapping)
        source_id = fingerprint(path)
        state = self.con.execute(
            "SELECT rows_done, complete FROM sources WHERE source_id = ?", [source_id]
        ).fetchall()
        if state and state[0][1]:
            return IngestFileResult(
                path=str(path),
                source_id=source_id,
                layout=layout.describe(),
                rows_read=0,
                postings_added=0,
                duplicates=0,
                bad_rows=0,
                resumed_from=0,
                already_ingested=True,
            )
        start = state[0][0] if state else 0
        if not state:
            self._new_source(source_id, path, layout)
        added, dups, bad, read = self._stream(path, source_id, layout, start)
        self.con.execute(
            "UPDATE sources SET complete = true, finished_at = ?, analyzer = ? WHERE source_id = ?",
            [dt.datetime.now(), json.dumps(self.analyzer_versions, sort_keys=True), source_id],
        )
        return IngestFileResult(
            path=str(path),
            source_id=source_id,
            layout=layout.describe(),
            rows_read=read,
            postings_added=added,
            duplicates=dups,
            bad_rows=bad,
            resumed_from=start,
            already_ingested=False,
        )

    def _new_source(self, source_id: str, path: Path, layout: Layout) -> None:
        self.con.execute(
            "INSERT INTO sources VALUES (?, ?, ?, ?, ?, 0, ?, 0, 0, 0, false, NULL, ?, NULL)",
            [
                source_id,
                f"{path.parent.name}/{path.name}",
                str(path),
                layout.describe(),
                self.opt.dedupe,
                count_rows(path),
                dt.datetime.now(),
            ],
        )

    def _stream(self, path: Path, source_id: str, layout: Layout, start: int) -> tuple[int, int, int, int]:
        total = count_rows(path)
        added = dups = bad = read = 0
        rows = (r for r in iter_rows(path) if r.row_no >= start)
        for window_rows in _chunks(rows, self.opt.batch_size):
            w = self._window(source_id, layout, window_rows)
            self._commit(source_id, w)
            added, dups, bad = added + w.postings, dups + w.duplicates, bad + w.bad
            read += sum(1 for r in window_rows if r.row_no >= 0)
            if self.opt.progress:
                self.opt.progress(start + read, total)
            if self.opt.on_commit:
                self.opt.on_commit(self.windows)
            self.windows += 1
        return added, dups, bad, read

    def _plan(self, row: RawRow, layout: Layout) -> _Planned:
        if row.data is None:
            return _Planned(row.row_no, "bad", reason=row.error or "unreadable row", where=row.where)
        fields = extract_fields(row.data, layout)
        text = fields.get("text")
        if not text or not text.strip():
            return _Planned(row.row_no, "bad", fields, reason="no description text", where=row.where)
        h = self._key(text)
        new_text = h not in self.known
        self.known.add(h)
        if self.opt.dedupe and not new_text:
            return _Planned(row.row_no, "dup", None, h)
        p = _Planned(row.row_no, "new", fields, h, new_text=new_text)
        if not self.opt.dedupe:
            p.record = self.cache.get(_cache_key(p))
            p.kind = "reuse" if p.record is not None else "new"
        return p

    def _key(self, text: str) -> int:
        """The description key, remembered for recent texts (resampled or re-posted copies repeat)."""
        key = self.keys.get(text)
        if key is None:
            if len(self.keys) >= 32_768:
                self.keys.clear()
            key = self.keys[text] = nz.description_key(text)
        return key

    def _window(self, source_id: str, layout: Layout, rows: list[RawRow]) -> _Window:
        plans = [self._plan(r, layout) for r in rows]
        self._analyze(plans)
        w = _Window()
        for p in plans:
            if p.row_no >= 0:
                w.last_row = max(w.last_row, p.row_no)
            if p.kind == "bad":
                w.add("bad_rows", source_id, p.row_no if p.row_no >= 0 else None, p.reason)
                w.bad += 1
                self._sample_bad(source_id, p)
            elif p.kind == "dup":
                w.add("duplicates", source_id, p.row_no, p.desc_hash)
                w.duplicates += 1
            else:
                assert p.record is not None and p.fields is not None
                if p.new_text and self.opt.store_text:
                    w.add("descriptions", p.desc_hash, p.fields["text"])
                _add_posting(w, source_id, p, p.record)
        return w

    def _analyze(self, plans: list[_Planned]) -> None:
        todo: dict[tuple[int, str], list[_Planned]] = {}
        for p in plans:
            if p.kind == "new":
                todo.setdefault(_cache_key(p), []).append(p)
        if not todo:
            return
        keys = list(todo)
        firsts = [todo[k][0] for k in keys]
        results = self.analyze(
            [p.fields["text"] for p in firsts],  # type: ignore[index]
            [p.fields.get("title") for p in firsts],
        )  # type: ignore[union-attr]
        for key, result in zip(keys, results, strict=True):
            group = todo[key]
            if isinstance(result, JdlensError):
                for p in group:
                    p.kind, p.reason = "bad", f"analysis failed: {result.message}"
                    if p.new_text:
                        self.known.discard(p.desc_hash)
                continue
            rec = record_from_analysis(result)
            if not self.analyzer_versions and result.versions:
                self.analyzer_versions = dict(result.versions)
            self.cache.put(key, rec)
            for p in group:
                p.record = rec

    def _sample_bad(self, source_id: str, p: _Planned) -> None:
        if len(self.bad_samples) < 100:
            self.bad_samples.append(
                BadRow(
                    source_id=source_id,
                    row=p.row_no if p.row_no >= 0 else None,
                    reason=p.reason or "",
                    where=p.where,
                )
            )

    def _commit(self, source_id: str, w: _Window) -> None:
        import pyarrow as pa

        con = self.con
        types = _arrow_types()
        con.execute("BEGIN TRANSACTION")
        try:
            for table in DATA_TABLES:
                cols = w.cols[table]
                if not cols[TABLES[table][0][0]]:
                    continue
                arrow = pa.table(
                    {
                        c: pa.array(v, type=types[t])
                        for (c, t), v in zip(TABLES[table], cols.values(), strict=True)
                    }
                )
                con.register("_window_rows", arrow)
                con.execute(f"INSERT INTO {table} SELECT * FROM _window_rows")
                con.unregister("_window_rows")
            con.execute(
                "UPDATE sources SET rows_done = greatest(rows_done, ?), postings = postings + ?, "
                "duplicates = duplicates + ?, bad_rows = bad_rows + ? WHERE source_id = ?",
                [w.last_row + 1, w.postings, w.duplicates, w.bad, source_id],
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise


def _arrow_types() -> dict[str, Any]:
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


def _chunks(rows: Iterator[RawRow], size: int) -> Iterator[list[RawRow]]:
    batch: list[RawRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def local_analyzer(workers: int | None = None) -> Analyzer:
    """Analysis on this machine's cores (``jdlens.analyze_many``)."""

    def run(texts: list[str], titles: list[str | None]) -> Iterable[JobAnalysis | JdlensError]:
        return analyze_parallel(texts, titles=titles, workers=workers)

    return run


def ingest_files(
    paths: str | Path | Iterable[str | Path],
    db: str | Path,
    *,
    engine: str = "duckdb",
    preset: str | None = None,
    mapping: dict[str, str] | Sequence[str] | None = None,
    workers: int | None = None,
    batch_size: int | None = None,
    dedupe: bool = True,
    progress: Progress | None = None,
    on_commit: Callable[[int], None] | None = None,
    analyzer: Analyzer | None = None,
    spark_master: str | None = None,
) -> IngestResult:
    """Analyze a corpus of postings once and store it in the DuckDB market database ``db``.

    ``paths`` is one table file (CSV, JSON Lines, JSON, Parquet; gzip allowed) or several. Idempotent
    and resumable: a posting already stored is not analysed again. Raises ``InputError`` for a missing
    or unreadable file and ``MarketError`` for a database that cannot be opened.
    """
    files = [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]
    for f in files:
        peek_columns(f)  # fail early on a missing or unreadable file
    if mapping is not None and not isinstance(mapping, dict):
        mapping = parse_map(mapping)
    started = time.perf_counter()
    if analyzer is None:
        analyzer = _engine_analyzer(engine, workers, spark_master)
    default_batch = 5000 if engine == "spark" else 2000
    options = IngestOptions(
        preset=preset,
        mapping=dict(mapping or {}),
        batch_size=batch_size or default_batch,
        dedupe=dedupe,
        progress=progress,
        on_commit=on_commit,
    )
    con = connect(db)
    try:
        ingestor = Ingestor(con, analyzer, options)
        results = ingestor.run(files)
    finally:
        con.close()
    return IngestResult(
        db=str(db),
        engine=engine,
        files=results,
        bad_rows=ingestor.bad_samples,
        seconds=round(time.perf_counter() - started, 3),
    )


def _engine_analyzer(engine: str, workers: int | None, spark_master: str | None) -> Analyzer:
    if engine == "duckdb":
        return local_analyzer(workers)
    if engine == "spark":
        return spark_analyzer(master=spark_master, workers=workers)
    raise MarketError("JDL040", reason=f"unknown engine {engine!r} (use duckdb or spark)")
