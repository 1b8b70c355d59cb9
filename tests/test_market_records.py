"""The ingest's analysis records are made in the workers: they must equal what the parent made from the
full analysis, and store the same rows."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from conftest import DATA, sql
from jdlens.errors import JdlensError
from jdlens.job.parallel import AnalysisPool, analyze_one, analyze_parallel
from jdlens.market.database import TABLES
from jdlens.market.records import AnalysisRecord, record_from_analysis, record_outcome
from jdlens.market.store import ingest_files

SAMPLE = DATA / "market" / "hn_ml_sample.jsonl"


def sample_texts() -> tuple[list[str], list[str | None]]:
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    jobs = [p.read_text(encoding="utf-8") for p in sorted((DATA / "jobs").glob("*.txt"))]
    texts = [r["text"] for r in rows] + jobs + ["", "   "]  # the last two are rejected, coded
    titles = [r.get("title") for r in rows] + [None] * (len(jobs) + 2)
    return texts, titles


def plain_analyzer(texts: list[str], titles: list[str | None]) -> list[AnalysisRecord | JdlensError]:
    """The plain path: the full analysis in this process, made a record here."""
    return [record_outcome(analyze_one((t, title))) for t, title in zip(texts, titles, strict=True)]


def dump(db: Path) -> dict[str, list[tuple]]:
    out = {}
    for table, cols in TABLES.items():
        names = [c for c, _ in cols if c not in ("started_at", "finished_at")]
        out[table] = sql(db, f"SELECT {', '.join(names)} FROM {table} ORDER BY ALL")
    return out


def comparable(outcomes: list[AnalysisRecord | JdlensError]) -> list[object]:
    return [(o.code, o.message) if isinstance(o, JdlensError) else o for o in outcomes]


@pytest.mark.parametrize("workers", [1, 2])
def test_records_made_in_the_workers_equal_records_of_the_full_analyses(workers):
    texts, titles = sample_texts()
    with AnalysisPool(record_from_analysis, workers) as pool:
        first = pool.submit(texts[:20], titles[:20])  # two batches in flight at once
        second = pool.submit(texts[20:], titles[20:])
        made = list(first) + list(second)
        again = list(pool.submit(texts, titles))  # the same workers, a later batch
    full = [record_outcome(a) for a in analyze_parallel(texts, titles=titles, workers=1)]
    assert comparable(made) == comparable(full) == comparable(again)
    assert any(isinstance(o, JdlensError) for o in made)
    records = [o for o in made if isinstance(o, AnalysisRecord)]
    assert records and all(r.versions == records[0].versions for r in records)
    assert dict(records[0].versions).keys() == {"taxonomy", "roles", "rules"}


def test_a_record_survives_pickling_with_its_versions_shared():
    texts, titles = sample_texts()
    records = [o for o in plain_analyzer(texts[:6], titles[:6]) if isinstance(o, AnalysisRecord)]
    back = pickle.loads(pickle.dumps(records))
    assert back == records
    assert all(r.versions is back[0].versions for r in back)  # carried once per pickled batch


def test_the_record_path_stores_the_rows_of_the_plain_path(tmp_path):
    pooled, plain = tmp_path / "pooled.duckdb", tmp_path / "plain.duckdb"
    ingest_files([SAMPLE], pooled, workers=2)
    ingest_files([SAMPLE], plain, analyzer=plain_analyzer)
    assert dump(pooled) == dump(plain)
    assert sql(pooled, "SELECT count(*) FROM postings")[0][0] > 30
    versions = json.loads(sql(pooled, "SELECT analyzer FROM sources")[0][0])
    assert versions.keys() == {"taxonomy", "roles", "rules"}


def test_rows_made_with_warm_caches_equal_rows_made_with_cold_ones():
    """The source's place and pay fields are read through caches: a row's tables must not depend on
    what was read before it."""
    from jdlens.market import rows as market_rows
    from jdlens.market.rows import Window, fill_window
    from jdlens.sources.columns import resolve_mapping
    from jdlens.sources.tables import iter_rows, peek_columns

    layout = resolve_mapping(peek_columns(SAMPLE))
    raw = [r for r in iter_rows(SAMPLE) if r.data is not None]
    texts, titles = sample_texts()
    records = plain_analyzer(texts[: len(raw)], titles[: len(raw)])

    def window(clear: bool) -> dict:
        plans = []
        for row, rec in zip(raw, records, strict=True):
            p = market_rows.plan_row(row, layout)
            if isinstance(rec, AnalysisRecord) and p.kind != "bad":
                p.record, p.new_text = rec, True
                plans.append(p)
        w = Window()
        for p in plans:
            if clear:
                market_rows._places_of_fields.cache_clear()
                market_rows._source_money.cache_clear()
            fill_window(w, "s", [p], True)
        return w.rows

    cold = window(clear=True)
    assert cold == window(clear=False) == window(clear=False)
    city = [c for c, _ in TABLES["postings"]].index("city")
    assert any(row[city] for row in cold["postings"]) and cold["posting_places"]


def test_windows_analysed_while_the_previous_one_is_stored_give_the_rows_of_one_window(tmp_path):
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    corpus = tmp_path / "repeated.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows + rows[::3] + rows[:5]), encoding="utf-8")
    small, whole = tmp_path / "small.duckdb", tmp_path / "whole.duckdb"
    ingest_files([corpus], small, workers=2, batch_size=8)
    ingest_files([corpus], whole, analyzer=plain_analyzer, batch_size=10_000)
    assert dump(small) == dump(whole)
    stored, folded = (sql(small, f"SELECT count(*) FROM {t}")[0][0] for t in ("postings", "duplicates"))
    assert folded >= len(rows[::3]) + 5 and stored + folded == len(rows) + len(rows[::3]) + 5


def test_a_text_rejected_in_one_window_is_analysed_again_in_the_next(tmp_path):
    """The next window is planned before this window's results are in; a copy of a rejected text in it
    is then a new text again, not a duplicate of one never stored."""
    from jdlens.errors import AnalysisError

    def rejecting(texts: list[str], titles: list[str | None]) -> list[AnalysisRecord | JdlensError]:
        out = plain_analyzer(texts, titles)
        return [
            AnalysisError("JDL074", kind="Test") if "REJECT" in t else o
            for t, o in zip(texts, out, strict=True)
        ]

    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()][:6]
    rows[1] = dict(rows[1], text="REJECT " + rows[1]["text"])
    corpus = tmp_path / "rejects.jsonl"
    ordered = rows[:3] + [rows[1]] + rows[3:]  # the copy opens the next window (3 rows each)
    corpus.write_text("".join(json.dumps(r) + "\n" for r in ordered), encoding="utf-8")
    db = tmp_path / "r.duckdb"
    ingest_files([corpus], db, analyzer=rejecting, batch_size=3)
    assert sql(db, "SELECT row_no, code FROM bad_rows ORDER BY row_no") == [(1, "JDL074"), (3, "JDL074")]
    assert sql(db, "SELECT count(*) FROM duplicates")[0][0] == 0
    assert sql(db, "SELECT count(*) FROM postings")[0][0] == 5


def test_copies_of_a_text_rejected_in_every_window_are_each_window_s_new_text(tmp_path):
    """A text rejected wherever it is analysed, with copies in the next two windows: in each window its
    first copy is analysed again (and rejected), a second copy in the same window is its duplicate, as
    when each window is planned only after the one before is in."""
    from jdlens.errors import AnalysisError

    analysed: list[str] = []

    def rejecting(texts: list[str], titles: list[str | None]) -> list[AnalysisRecord | JdlensError]:
        analysed.extend(texts)
        out = plain_analyzer(texts, titles)
        return [
            AnalysisError("JDL074", kind="Test") if "REJECT" in t else o
            for t, o in zip(texts, out, strict=True)
        ]

    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()][:5]
    bad = dict(rows[0], text="REJECT " + rows[0]["text"])
    ordered = [bad, rows[1], rows[2], bad, rows[3], bad, bad, rows[4], rows[0]]  # windows of 3 rows
    corpus = tmp_path / "rejects.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in ordered), encoding="utf-8")
    db = tmp_path / "r.duckdb"
    ingest_files([corpus], db, analyzer=rejecting, batch_size=3)
    assert sql(db, "SELECT row_no FROM bad_rows ORDER BY row_no") == [(0,), (3,), (6,)]
    assert sql(db, "SELECT row_no FROM duplicates ORDER BY row_no") == [(5,)]
    assert sql(db, "SELECT row_no FROM postings ORDER BY row_no") == [(1,), (2,), (4,), (7,), (8,)]
    assert sum("REJECT" in t for t in analysed) == 3


def test_without_dedupe_every_copy_is_stored_and_each_text_analysed_once(tmp_path):
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()][:8]
    corpus = tmp_path / "copies.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows + rows[:4] + rows[:2]), encoding="utf-8")
    seen: list[str] = []

    def counting(texts: list[str], titles: list[str | None]) -> list[AnalysisRecord | JdlensError]:
        seen.extend(texts)
        return plain_analyzer(texts, titles)

    db = tmp_path / "copies.duckdb"
    ingest_files([corpus], db, analyzer=counting, dedupe=False, batch_size=5)
    assert sql(db, "SELECT count(*) FROM postings")[0][0] == 14
    assert sql(db, "SELECT count(*) FROM duplicates")[0][0] == 0
    assert len(seen) == len(set(seen)) == len({r["text"] for r in rows})
    first = sql(db, "SELECT role, n_skills FROM postings WHERE row_no = 0")
    assert first == sql(db, "SELECT role, n_skills FROM postings WHERE row_no = 8")  # row 8 copies row 0
