"""Shared fixtures: where ../shared is, and real postings read from it."""

from __future__ import annotations

import csv
import json
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"

CORPORA = {
    "linkedin_ml_us_2024": ("postings/linkedin_ml_us_2024/postings.csv", "job_description_text"),
    "glassdoor_ds_2020": ("postings/glassdoor_ds_2020/glassdoor_jobs.csv", "Job Description"),
    "indeed_ds_2020": ("postings/indeed_ds_2020/postings.csv", "body"),
    "hn_whoishiring_2026": ("postings/hn_whoishiring_2026/posts.jsonl", "text"),
}


def needs_shared() -> None:
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared/data is not beside the repository")


@lru_cache(maxsize=8)
def corpus_texts(name: str) -> tuple[str, ...]:
    rel, column = CORPORA[name]
    path = SHARED / "data" / rel
    if path.suffix == ".jsonl":
        return tuple(
            json.loads(line)[column] for line in path.read_text(encoding="utf-8").splitlines() if line
        )
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(row[column] for row in csv.DictReader(handle))


def real_snippet(corpus: str, anchor: str, before: int = 0, after: int = 0) -> str:
    """The real posting text around ``anchor`` (first occurrence in the corpus)."""
    needs_shared()
    for text in corpus_texts(corpus):
        at = text.find(anchor)
        if at >= 0:
            return text[max(0, at - before) : at + len(anchor) + after]
    raise AssertionError(f"anchor not found in {corpus}: {anchor!r}")


@lru_cache(maxsize=1)
def dev_postings() -> dict[str, dict]:
    path = SHARED / "data/labeled/jdlens_dev_50/postings.jsonl"
    return {p["hid"]: p for p in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


@pytest.fixture
def dev_posting():
    needs_shared()
    return lambda hid: dev_postings()[hid]


def sql(db: Path, query: str, params: list | None = None) -> list[tuple]:
    """Rows of a plain SQL query over a stored DuckDB market database (read-only)."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(query, params or []).fetchall()
    finally:
        con.close()


def one(db: Path, query: str, params: list | None = None):
    return sql(db, query, params)[0][0]
