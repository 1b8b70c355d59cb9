"""Shared fixtures: where ../shared is, and real postings read from it."""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import csv
import json
import os
import re
from functools import lru_cache
from pathlib import Path
from re import _compiler as regex_compiler  # type: ignore[attr-defined]
from re import _parser as regex_parser  # type: ignore[attr-defined]

import pytest

from jdlens.regex_first_chars import program as faster_program

ROOT = Path(__file__).resolve().parents[1]
# JDLENS_SHARED=/nonexistent runs the suite as a clone without ../shared beside it would
SHARED = Path(os.environ.get("JDLENS_SHARED") or ROOT.parent / "shared")
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


# Short excerpts (the window a case quotes, credited in tests/data/README.md) are kept in tests/data so
# the cases run without ../shared; `make snippets` records new ones. Whole-corpus scans read ../shared.
SNIPPETS = DATA / "snippets.jsonl"
COPYABLE = {
    "hn_whoishiring_2026": "MIT (hn-jobs-data collection); post texts are their posters'",
    "linkedin_ml_us_2024": "none stated: short excerpts for testing only",
    "glassdoor_ds_2020": "none stated: short excerpts for testing only",
    "indeed_ds_2020": "none stated: short excerpts for testing only",
}
MAX_SNIPPET = 2_000  # characters: a longer window is not copied


@lru_cache(maxsize=1)
def stored_snippets() -> dict[tuple[str, str, int, int], str]:
    if not SNIPPETS.is_file():
        return {}
    rows = [json.loads(line) for line in SNIPPETS.read_text(encoding="utf-8").splitlines() if line]
    return {(r["corpus"], r["anchor"], r["before"], r["after"]): r["text"] for r in rows}


def _from_corpus(corpus: str, anchor: str, before: int, after: int) -> str:
    for text in corpus_texts(corpus):
        at = text.find(anchor)
        if at >= 0:
            return text[max(0, at - before) : at + len(anchor) + after]
    raise AssertionError(f"anchor not found in {corpus}: {anchor!r}")


def real_snippet(corpus: str, anchor: str, before: int = 0, after: int = 0) -> str:
    """The real posting text around ``anchor`` (first occurrence in the corpus)."""
    key = (corpus, anchor, before, after)
    stored = stored_snippets().get(key)
    if stored is not None and not (SHARED / "data").is_dir():
        return stored
    needs_shared()
    text = _from_corpus(corpus, anchor, before, after)
    assert stored is None or stored == text, f"tests/data/snippets.jsonl differs from {corpus}: {anchor!r}"
    if (
        stored is None
        and corpus in COPYABLE
        and len(text) <= MAX_SNIPPET
        and os.environ.get("JDLENS_RECORD_SNIPPETS")
    ):
        row = {"corpus": corpus, "anchor": anchor, "before": before, "after": after, "text": text}
        with SNIPPETS.open("a", encoding="utf-8") as out:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return text


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


def plain_program(source: str, flags: int = 0) -> list[int]:
    """The program ``re.compile(source, flags)`` hands to the regex engine."""
    return [int(op) for op in regex_compiler._code(regex_parser.parse(source, flags), flags)]


def with_faster_program(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)`` with the program ``compiled_regex`` makes for it
    (``jdlens.regex_first_chars.program``), built here: ``compile_pattern`` keeps only the library's
    own patterns."""
    plain = re.compile(source, flags)
    indexgroup: list[str | None] = [None] * (plain.groups + 1)
    for name, index in plain.groupindex.items():
        indexgroup[index] = name
    made = _sre.compile(
        source,
        plain.flags,
        faster_program(regex_parser.parse(source, flags), flags),
        plain.groups,
        dict(plain.groupindex),
        tuple(indexgroup),
    )
    assert isinstance(made, re.Pattern)
    return made
