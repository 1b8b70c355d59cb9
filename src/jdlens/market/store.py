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
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jdlens.errors import JdlensError, MarketError
from jdlens.job.parallel import AnalysisPool
from jdlens.market import fields as nz
from jdlens.market.database import DATA_TABLES, TABLES, connect
from jdlens.market.records import AnalysisRecord, record_from_analysis
from jdlens.market.rows import (
    Planned,
    Window,
    apply_result,
    cache_key,
    fill_window,
    pending_analyses,
    plan_row,
    skill_rows,
)
from jdlens.market.spark_engine import spark_analyzer
from jdlens.market.spark_job import spark_ingest
from jdlens.models import BadRow, IngestFileResult, IngestResult
from jdlens.sources.columns import Layout, parse_map, resolve_mapping
from jdlens.sources.tables import RawRow, count_rows, fingerprint, iter_rows, peek_columns

# texts and titles -> one analysis record (or the error that rejected the text) each, in order: the
# record is made where the analysis runs, so only the record travels back to the ingest
Analyzer = Callable[[list[str], list[str | None]], Iterable[AnalysisRecord | JdlensError]]
Progress = Callable[[int, int | None], None]


def refresh_skills(con: Any) -> None:
    """Keep the skill dimension table equal to the bundled taxonomy."""
    import pyarrow as pa

    names = [c for c, _ in TABLES["skills"]]
    rows = pa.Table.from_pylist([dict(zip(names, r, strict=True)) for r in skill_rows()])
    con.execute("BEGIN TRANSACTION")
    con.execute("DELETE FROM skills")
    con.register("_skill_rows", rows)  # one insert of an Arrow table: executemany takes seconds
    con.execute(f"INSERT INTO skills SELECT {', '.join(names)} FROM _skill_rows")
    con.unregister("_skill_rows")
    con.execute("COMMIT")


@dataclass
class _PendingWindow:
    """A window planned and handed to the analyzer, its results not read yet."""

    rows: list[RawRow]
    plans: list[Planned]
    todo: dict[tuple[int, str], list[Planned]]
    results: Iterable[AnalysisRecord | JdlensError]
    # copies planned as duplicates of a text that an earlier window's analysis then rejected: new texts
    # after all, analysed when this window's results are read
    late: list[Planned] = field(default_factory=list)


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
        known_bad = {
            r[0]
            for r in self.con.execute(
                "SELECT reason FROM bad_rows WHERE source_id = ? AND row_no IS NULL", [source_id]
            ).fetchall()
        }
        total = count_rows(path)
        added = dups = bad = read = 0
        rows = (
            r for r in iter_rows(path) if r.row_no >= start or (r.row_no < 0 and r.error not in known_bad)
        )
        windows = _chunks(rows, self.opt.batch_size)
        # With dedupe the next window is planned and handed to the workers before this one's results are
        # in (a plan reads only the keys of the texts planned before it), so the workers never wait for
        # the planning; without, a window is planned once the one before is in: its repeats reuse those
        # analyses (the record cache).
        depth = 2 if self.opt.dedupe else 1
        pending: deque[_PendingWindow] = deque()
        self._plan_ahead(pending, windows, layout, depth)
        while pending:
            current = pending.popleft()
            self._collect(current, pending)
            self._plan_ahead(pending, windows, layout, depth)
            w = self._fill(source_id, current)  # stored while the workers analyse the next window
            self._commit(source_id, w)
            added, dups, bad = added + w.postings, dups + w.duplicates, bad + w.bad
            read += sum(1 for r in current.rows if r.row_no >= 0)
            if self.opt.progress:
                self.opt.progress(start + read, total)
            if self.opt.on_commit:
                self.opt.on_commit(self.windows)
            self.windows += 1
        return added, dups, bad, read

    def _plan_ahead(
        self, pending: deque[_PendingWindow], windows: Iterator[list[RawRow]], layout: Layout, depth: int
    ) -> None:
        """Plan and hand to the analyzer the next windows until ``depth`` are in flight."""
        while len(pending) < depth:
            rows = next(windows, None)
            if rows is None:
                return
            pending.append(self._begin(layout, rows))

    def _plan(self, row: RawRow, layout: Layout) -> Planned:
        p = plan_row(row, layout, self._key)
        if p.kind == "bad":
            return p
        p.new_text = p.desc_hash not in self.known
        self.known.add(p.desc_hash)
        if self.opt.dedupe and not p.new_text:  # its fields kept while the window is in flight (_replan)
            return Planned(row.row_no, "dup", p.fields, p.desc_hash, where=p.where)
        if not self.opt.dedupe:
            p.record = self.cache.get(cache_key(p))
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

    def _begin(self, layout: Layout, rows: list[RawRow]) -> _PendingWindow:
        """Plan a window's rows and hand its new texts to the analyzer (each distinct one once)."""
        plans = [self._plan(r, layout) for r in rows]
        todo = pending_analyses(plans)
        firsts = [group[0] for group in todo.values()]
        results = (
            self.analyze(
                [(p.fields or {}).get("text") or "" for p in firsts],
                [p.fields.get("title") if p.fields else None for p in firsts],
            )
            if todo
            else ()
        )
        return _PendingWindow(rows, plans, todo, results)

    def _collect(self, window: _PendingWindow, ahead: Iterable[_PendingWindow] = ()) -> None:
        """A window's analyses given to its plans; a rejected text's rows become bad rows, and its next
        copy (in a window planned ahead, ``ahead``) a new text again."""
        groups = [(window.todo, window.results)]
        if window.late:
            late = pending_analyses(window.late)
            firsts = [group[0] for group in late.values()]
            texts = [(p.fields or {}).get("text") or "" for p in firsts]
            groups.append((late, self.analyze(texts, [(p.fields or {}).get("title") for p in firsts])))
        lost: set[int] = set()
        for todo, results in groups:
            for key, result in zip(list(todo), results, strict=True):
                rec = apply_result(todo[key], result)
                if rec is None:
                    lost.update(p.desc_hash for p in todo[key] if p.new_text)
                    continue
                if not self.analyzer_versions and rec.versions:
                    self.analyzer_versions = dict(rec.versions)
                if not self.opt.dedupe:  # only then is a stored text's analysis read again (_plan)
                    self.cache.put(key, rec)
        if lost:
            self.known -= lost
            for later in ahead:
                self._replan(later, lost)

    def _replan(self, window: _PendingWindow, lost: set[int]) -> None:
        """The first copy of each rejected text in a window planned ahead is a new text after all (as it
        would have been, planned after the rejection); later copies stay its duplicates."""
        for p in window.plans:
            if p.kind == "dup" and p.desc_hash in lost and p.desc_hash not in self.known:
                p.kind, p.new_text = "new", True
                self.known.add(p.desc_hash)
                window.late.append(p)

    def _fill(self, source_id: str, window: _PendingWindow) -> Window:
        for p in window.plans:
            if p.kind == "bad":
                self._sample_bad(source_id, p)
        return fill_window(Window(), source_id, window.plans, self.opt.store_text)

    def _sample_bad(self, source_id: str, p: Planned) -> None:
        if len(self.bad_samples) < 100:
            self.bad_samples.append(
                BadRow(
                    source_id=source_id,
                    row=p.row_no if p.row_no >= 0 else None,
                    where=p.where,
                    reason=p.reason or "",
                    code=p.code,
                )
            )

    def _commit(self, source_id: str, w: Window) -> None:
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            for table in DATA_TABLES:
                arrow = w.arrow(table)
                if arrow is None:
                    continue
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


def _chunks(rows: Iterator[RawRow], size: int) -> Iterator[list[RawRow]]:
    batch: list[RawRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest_files(
    paths: str | Path | Iterable[str | Path],
    db: str | Path | None = None,
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
    tables: str | None = None,
) -> IngestResult:
    """Analyze a corpus of postings once and store it in the DuckDB market database ``db``, or (with
    ``engine="spark"`` and ``tables``) run the ingest as a Spark job that writes Parquet tables at the
    URI ``tables`` (then ``paths`` may be any URI the cluster reads: hdfs://, s3a://, file:...).

    ``paths`` is one table file (CSV, JSON Lines, JSON, Parquet; gzip allowed) or several. Idempotent
    and resumable: a posting already stored is not analysed again. Raises ``InputError`` for a missing
    or unreadable file (JDL001, JDL006) and ``MarketError`` for a database that cannot be opened
    (JDL040), a bad column mapping (JDL042) or a failed Spark job (JDL043-044).
    """
    if mapping is not None and not isinstance(mapping, dict):
        mapping = parse_map(mapping)
    if tables is not None:
        if engine != "spark" or db is not None:
            raise MarketError("JDL040", reason="--tables is written by --engine spark (and replaces --db)")
        names = [str(paths)] if isinstance(paths, str | Path) else [str(p) for p in paths]
        return spark_ingest(
            names,
            tables,
            preset=preset,
            mapping=mapping,
            dedupe=dedupe,
            batch_size=batch_size,
            master=spark_master,
            progress=progress,
        )
    if db is None:
        raise MarketError("JDL040", reason="give a database (--db) or, with --engine spark, --tables")
    files = [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]
    for f in files:
        peek_columns(f)  # fail early on a missing or unreadable file
    started = time.perf_counter()
    default_batch = 5000 if engine == "spark" else 2000
    options = IngestOptions(
        preset=preset,
        mapping=dict(mapping or {}),
        batch_size=batch_size or default_batch,
        dedupe=dedupe,
        progress=progress,
        on_commit=on_commit,
    )
    with ExitStack() as stack:
        if analyzer is None:
            analyzer = _engine_analyzer(engine, workers, spark_master, stack)
        con = connect(db)
        stack.callback(con.close)
        ingestor = Ingestor(con, analyzer, options)
        results = ingestor.run(files)
    return IngestResult(
        db=str(db),
        engine=engine,
        files=results,
        bad_rows=ingestor.bad_samples,
        seconds=round(time.perf_counter() - started, 3),
    )


def _engine_analyzer(
    engine: str, workers: int | None, spark_master: str | None, stack: ExitStack
) -> Analyzer:
    """The engine's analyzer; local workers are kept for the whole ingest (closed with ``stack``)."""
    if engine == "duckdb":
        pool = stack.enter_context(AnalysisPool(record_from_analysis, workers))
        return pool.submit
    if engine == "spark":
        return spark_analyzer(master=spark_master, workers=workers)
    raise MarketError("JDL040", reason=f"unknown engine {engine!r} (use duckdb or spark)")
