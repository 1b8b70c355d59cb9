"""The ingest's analysis records are made in the workers: they must equal what the parent made from the
full analysis, and store the same rows."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from conftest import DATA, sql
from jdlens.errors import JdlensError
from jdlens.job.parallel import analyze_one, analyze_parallel, analyze_parallel_into
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
    made = list(analyze_parallel_into(record_from_analysis, texts, titles=titles, workers=workers))
    full = [record_outcome(a) for a in analyze_parallel(texts, titles=titles, workers=1)]
    assert comparable(made) == comparable(full)
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
        return w.cols

    cold = window(clear=True)
    assert cold == window(clear=False) == window(clear=False)
    assert cold["postings"]["city"] and cold["posting_places"]["posting_id"]
