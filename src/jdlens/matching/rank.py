"""Both batch directions: one resume against many postings, one posting against many resumes (all cores)."""

from __future__ import annotations

import os
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from jdlens.config import worker_count
from jdlens.errors import InputError, JdlensError
from jdlens.job.parallel import analyze_parallel
from jdlens.matching.matcher import (
    JobInput,
    ResumeInput,
    as_job,
    as_resume,
    job_file_text,
    score_and_gaps,
    score_gaps,
)
from jdlens.matching.mentor import raise_median
from jdlens.matching.requirements import job_table
from jdlens.matching.rules import load_rules
from jdlens.models import (
    JobAnalysis,
    JobRanking,
    RankedJob,
    RankedResume,
    ResumeRanking,
)
from jdlens.sources.columns import extract_field
from jdlens.sources.tables import iter_rows, table_layout

Progress = Callable[[int, int], None]  # (advance, total)
JOB_FILE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")
RESUME_SUFFIXES = (".pdf", ".docx", ".txt", ".md", ".markdown")
_TOP_GAPS = 3
_PARALLEL_MIN = 8


def load_postings(
    source: str | Path,
    *,
    text_column: str | None = None,
    title_column: str | None = None,
    errors: list[str] | None = None,
    positions: list[str] | None = None,
) -> tuple[list[str], list[str | None]]:
    """Texts and titles of postings from a table (CSV, JSONL, JSON, Parquet) or a directory of files.

    Columns are found as ``analyze --input`` and ``market ingest`` find them (``sources.columns``).
    Rows that cannot be read or have no text go to ``errors`` as "line N: reason" ("record N" for
    Parquet and JSON arrays); ``positions`` receives the position of each returned posting."""
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in JOB_FILE_SUFFIXES and p.is_file())
        if positions is not None:
            positions.extend(p.name for p in files)
        return [job_file_text(p) for p in files], [p.stem for p in files]
    layout = table_layout(path, text_column, title_column)
    title_spec = layout.fields.get("title")
    texts, titles = [], []
    for row in iter_rows(path):
        text = extract_field(row.data, layout.fields["text"]) if row.data is not None else None
        if row.error or not text:
            if errors is not None:
                errors.append(f"{row.where}: {row.error or 'no description text'}")
            continue
        texts.append(text)
        titles.append(extract_field(row.data, title_spec) if title_spec and row.data else None)
        if positions is not None:
            positions.append(row.where)
    return texts, titles


def market_shares(jobs: list[JobAnalysis]) -> dict[str, float]:
    """Share of the postings that name each skill."""
    counts: Counter[str] = Counter(s for job in jobs for s in job.skill_ids())
    return {k: v / len(jobs) for k, v in counts.items()} if jobs else {}


def _posting_text(item: JobInput) -> str:
    """A posting given as text, or the text of a posting file (``Path``/``os.PathLike``)."""
    if isinstance(item, str):
        return item
    if isinstance(item, JobAnalysis):
        return item.text
    return job_file_text(Path(os.fspath(item)))


def _analyses(
    jobs: str | Path | Iterable[JobInput],
    text_column: str | None,
    title_column: str | None,
    workers: int | None,
    progress: Progress | None,
) -> tuple[list[tuple[int, JobAnalysis]], list[str]]:
    """(posting index, analysis) for every readable posting, analysed on all cores; errors by index."""
    errors: list[str] = []
    positions: list[str] = []
    if isinstance(jobs, str | Path):
        texts, titles = load_postings(
            jobs, text_column=text_column, title_column=title_column, errors=errors, positions=positions
        )
        items: list[JobInput] = list(texts)
    else:
        items, titles = list(jobs), None
    done: dict[int, JobAnalysis] = {i: j for i, j in enumerate(items) if isinstance(j, JobAnalysis)}
    pending = [i for i in range(len(items)) if i not in done]
    texts = [_posting_text(items[i]) for i in pending]
    pending_titles = [titles[i] for i in pending] if titles else None
    for i, result in zip(
        pending, analyze_parallel(texts, titles=pending_titles, workers=workers), strict=True
    ):
        if isinstance(result, JdlensError):
            errors.append(f"{positions[i] if positions else f'posting {i}'}: {result.message}")
        else:
            done[i] = result
        if progress:
            progress(1, len(pending))
    return sorted(done.items()), errors


def rank_jobs(
    resume: ResumeInput,
    jobs: str | Path | Iterable[JobInput],
    *,
    text_column: str | None = None,
    title_column: str | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> JobRanking:
    """Rank postings by fit for one resume, with the skills that would raise the median match most.

    ``resume``: a ``Resume``, resume text (``str``), a file (``Path``/``os.PathLike``) or its bytes.
    ``jobs``: a postings table or a directory of posting files (``str`` or ``Path``: a path here), or
    an iterable of postings (``JobAnalysis``, text, or files). ``progress(step, total)`` is called
    per posting. Postings that cannot be read are skipped and listed in ``errors``. Raises
    ``ResumeError`` for an unreadable resume, ``InputError`` for a missing table or unknown column
    (JDL001, JDL004) and JDL032 when no posting can be read.
    """
    res = as_resume(resume)
    indexed, errors = _analyses(jobs, text_column, title_column, workers, progress)
    if not indexed:
        raise InputError("JDL032", reason="no readable postings")
    analyses = [a for _, a in indexed]
    market = market_shares(analyses)
    rules = load_rules()
    tables = [job_table(job, rules) for job in analyses]  # held here: more postings than the table cache
    results = [score_gaps(res, job, market, table) for job, table in zip(analyses, tables, strict=True)]
    order = sorted(range(len(results)), key=lambda k: (-results[k][0], indexed[k][0]))
    top, after = raise_median(res, analyses, [r[0] for r in results], [gaps for _, gaps in results], tables)
    return JobRanking(
        jobs=[
            RankedJob(
                index=indexed[k][0],
                title=analyses[k].title,
                score=results[k][0],
                missing=[g.name for g in results[k][1] if g.requirement == "required"][:5],
            )
            for k in order
        ],
        median_score=statistics.median(r[0] for r in results),
        top_gaps=top,
        median_after=after,
        errors=errors,
    )


def _resume_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise InputError("JDL001", path=str(directory))
    return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in RESUME_SUFFIXES)


_WORKER_JOB: list[JobAnalysis] = []


def _set_worker_job(job: JobAnalysis) -> None:
    """A worker's posting, sent once when the worker starts (not once per resume)."""
    _WORKER_JOB[:] = [job]


def _score_in_worker(path: Path) -> RankedResume | str:
    return score_resume_file((path, _WORKER_JOB[0]))


def score_resume_file(item: tuple[Path, JobAnalysis]) -> RankedResume | str:
    """Read and score one resume file; the error line (never the content) when it cannot be read."""
    path, job = item
    try:
        # read to be scored and dropped: no statements (only match's checks and suggestions read them)
        score, missing, matched = score_and_gaps(as_resume(path, statements=False), job, status="matched")
    except JdlensError as exc:
        return f"{path.name}: {exc.message}"
    return RankedResume(
        name=path.name,
        score=score,
        matched=[r.name for r in matched],
        missing=[g.name for g in missing if g.status == "missing"][:8],
        evidence=[r.resume_evidence[0] for r in matched if r.resume_evidence][:5],
    )


def rank_resumes(
    job: JobInput,
    resumes: str | Path,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
) -> ResumeRanking:
    """Rank the resumes in a directory against one posting, with each candidate's evidence.

    ``job``: a ``JobAnalysis``, posting text (``str``) or a posting file (``Path``/``os.PathLike``).
    Resumes that cannot be read are skipped and listed in ``errors`` (their name and code, never
    their content). Raises ``InputError`` for a missing directory (JDL001), a posting that cannot
    be read, and JDL032 when the directory holds no resume.
    """
    analysis = as_job(job)
    files = _resume_files(Path(resumes))
    if not files:
        raise InputError("JDL032", reason=f"no PDF, DOCX, TXT or Markdown resumes in {resumes}")
    items = [(f, analysis) for f in files]
    n = worker_count(workers)
    outcomes: list[RankedResume | str] = []
    if n == 1 or len(items) < _PARALLEL_MIN:
        iterator: Iterable[RankedResume | str] = map(score_resume_file, items)
        for out in iterator:
            outcomes.append(out)
            if progress:
                progress(1, len(items))
    else:
        with ProcessPoolExecutor(max_workers=n, initializer=_set_worker_job, initargs=(analysis,)) as pool:
            for out in pool.map(_score_in_worker, files, chunksize=4):
                outcomes.append(out)
                if progress:
                    progress(1, len(items))
    ranked = sorted((o for o in outcomes if isinstance(o, RankedResume)), key=lambda r: (-r.score, r.name))
    return ResumeRanking(
        job_title=analysis.title, resumes=ranked, errors=[o for o in outcomes if isinstance(o, str)]
    )
