"""The facade: every shell (CLI, web, Spark job) calls these functions and nothing deeper."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jdlens.errors import InputError
from jdlens.models import JobAnalysis

if TYPE_CHECKING:
    from jdlens.models import (
        Advice,
        IngestResult,
        JobRanking,
        MarketReport,
        MatchResult,
        Resume,
        ResumeRanking,
    )


def analyze(text: str, *, title: str | None = None, location: str | None = None) -> JobAnalysis:
    """Analyze one job description (HTML, Markdown or plain text).

    ``title`` and ``location`` are optional metadata fields a posting may carry beside its text.
    """
    from jdlens.analysis import analyze_document

    if text is None or not str(text).strip():
        raise InputError("JDL002", where="")
    return analyze_document(str(text), title=title, location=location)


def analyze_many(
    texts: Iterable[str], *, titles: Iterable[str | None] | None = None, workers: int | None = None
) -> Iterator[JobAnalysis | InputError]:
    """Analyze many texts in order using all cores; a bad text yields its error instead of stopping."""
    from jdlens.backends.local import analyze_parallel

    return analyze_parallel(texts, titles=titles, workers=workers)


def read_resume(source: str | Path | bytes, filename: str | None = None) -> Resume:
    """Read a resume (PDF, DOCX, TXT or Markdown; a path or the file's bytes) into a ``Resume``.

    A scanned, encrypted, corrupt, mislabelled, empty or too-large file raises a coded ``ResumeError``.
    """
    from jdlens.resume import read_resume as run

    return run(source, filename)


def match(
    resume: Any, job: Any, *, rewrite: bool = False, market: dict[str, float] | None = None
) -> MatchResult:
    """Score a resume against a job description; each may be text, a path, or already parsed.

    ``rewrite=True`` also asks the configured OpenAI-compatible endpoint for bullet rewrites.
    """
    from jdlens.match import match as run

    return run(resume, job, rewrite_with_llm=rewrite, market=market)


def advise(subject: MatchResult | JobAnalysis, *, starting_point: str | None = None) -> Advice:
    """Learning path, salary band and interview topics for a match's gaps or a job analysis."""
    from jdlens.advise import advise as run

    return run(subject, starting_point=starting_point)  # type: ignore[arg-type]


def rank_jobs(resume: Any, jobs: Any, *, workers: int | None = None, **options: Any) -> JobRanking:
    """One resume against many postings (a table file, a directory, or a list): best fits and top gaps."""
    from jdlens.match.batch import rank_jobs as run

    return run(resume, jobs, workers=workers, **options)


def rank_resumes(
    job: Any, resumes: str | Path, *, workers: int | None = None, **options: Any
) -> ResumeRanking:
    """One posting against a directory of resumes: ranked candidates with their evidence."""
    from jdlens.match.batch import rank_resumes as run

    return run(job, resumes, workers=workers, **options)


def ingest(
    paths: str | Path | Iterable[str | Path],
    db: str | Path,
    *,
    engine: str = "duckdb",
    preset: str | None = None,
    mapping: dict[str, str] | None = None,
    workers: int | None = None,
    **options: Any,
) -> IngestResult:
    """Analyze a corpus of postings once and store it in a DuckDB market database (idempotent, resumable)."""
    from jdlens.market.store import ingest_files

    files = [paths] if isinstance(paths, str | Path) else list(paths)
    return ingest_files(files, db, engine=engine, preset=preset, mapping=mapping, workers=workers, **options)


def report(
    db: str | Path, *, out: str | Path | None = None, engine: str = "duckdb", **filters: Any
) -> MarketReport:
    """Market report tables for the postings matching ``filters`` (role, seniority, location, since, until,
    source); with ``out``, also write the HTML report, charts, CSV and JSON tables there."""
    from jdlens.market.html import write_report
    from jdlens.market.reports import Filters, compute_report

    try:
        chosen = Filters(**filters)
    except TypeError:
        raise InputError(
            "JDL050", name="filters", reason=f"use {', '.join(Filters.__dataclass_fields__)}"
        ) from None
    result = compute_report(db, chosen, engine=engine)
    if out is not None:
        write_report(result, out)
        result = result.model_copy(update={"out_dir": str(out)})
    return result
