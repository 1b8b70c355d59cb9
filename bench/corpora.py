"""Real posting texts from ../shared/data/postings for benchmarks and evaluations."""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterator
from pathlib import Path

# corpus -> (file, text columns joined with blank lines, title column)
SOURCES: dict[str, tuple[str, tuple[str, ...], str | None]] = {
    "linkedin_ml_us_2024": (
        "postings/linkedin_ml_us_2024/postings.csv",
        ("job_description_text",),
        "job_title",
    ),
    "glassdoor_ds_2020": ("postings/glassdoor_ds_2020/glassdoor_jobs.csv", ("Job Description",), "Job Title"),
    "glassdoor_ds_2021": ("postings/glassdoor_ds_2021/postings.csv", ("Job Description",), "Job Title"),
    "indeed_ds_2020": ("postings/indeed_ds_2020/postings.csv", ("body",), "title"),
    "google_careers_2018": (
        "postings/google_careers_2018/job_skills.csv",
        ("Responsibilities", "Minimum Qualifications", "Preferred Qualifications"),
        "Title",
    ),
    "hn_whoishiring_2026": ("postings/hn_whoishiring_2026/posts.jsonl", ("text",), None),
    "pythonjobs_2013_2020": ("postings/pythonjobs_2013_2020/pythonjobs.jsonl", ("body",), "title"),
}


def _rows(path: Path) -> Iterator[dict]:
    if path.name.endswith((".jsonl", ".jsonl.gz")):
        opener = gzip.open if path.name.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)
        return
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def postings(shared: Path, names: tuple[str, ...] | None = None) -> Iterator[tuple[str, str, str | None]]:
    """(corpus, text, title) for every non-empty posting of the named corpora."""
    for name, (rel, columns, title_column) in SOURCES.items():
        if names and name not in names:
            continue
        path = shared / "data" / rel
        if not path.exists():
            continue
        for row in _rows(path):
            text = "\n\n".join(str(row.get(c) or "") for c in columns).strip()
            if text:
                yield name, text, (row.get(title_column) if title_column else None)
