"""The work a request hands to the analysis pool, plain data in and out.

A route reads its uploads (size-capped, in memory) into a ``JobInput`` and an ``Upload`` and passes
them to one of these functions; nothing here touches a ``Request``. So the pool can run them in
threads of the server process or, with ``jdlens serve --workers N``, in N analysis processes that
share one queue: each request goes to the next free process, whichever connection it came on.
JSON answers are encoded where the work was done (one string crosses back, not the objects).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from jdlens.errors import InputError
from jdlens.models import JobAnalysis, MatchResult
from jdlens.sources.reader import SourceDocument
from jdlens.web import services, uploads
from jdlens.web.uploads import Upload

TITLE_CHARS = 300


@dataclass(frozen=True)
class JobInput:
    """The job description a form sent: pasted text (preferred) or an uploaded file, and a title."""

    text: str | None
    file: Upload | None
    title: str | None

    @property
    def clean_title(self) -> str | None:
        return (self.title or "").strip()[:TITLE_CHARS] or None


@dataclass(frozen=True)
class MatchRun:
    """Everything one match request produced; lives only for the request."""

    analysis: JobAnalysis
    resume: Any
    result: MatchResult


def job_document(job: JobInput) -> str | SourceDocument:
    """The pasted text, else the uploaded file's document (its text and the pages that had none);
    no visible text is a 422 (JDL002)."""
    if job.text is not None and uploads.has_text(job.text):
        return job.text
    if job.file is not None:
        document = uploads.job_document_from_file(job.file)
        if uploads.has_text(document.text):
            return document
        raise InputError("JDL002", where=f" ({PurePath(job.file.filename).name})")
    raise InputError("JDL002", where=": paste it or upload a file")


def analysis(job: JobInput) -> JobAnalysis:
    return services.analyze(job_document(job), job.clean_title)


def analysis_json(job: JobInput, include_text: bool = False) -> str:
    """The ``JobAnalysis`` as JSON: ``to_dict(include_text=...)``, encoded by pydantic."""
    return analysis(job).model_dump_json(exclude=None if include_text else {"text"})


def match_run(job: JobInput, resume: Upload) -> MatchRun:
    """Read the resume first (cheap failures first), then analyze the job and match."""
    parsed = services.read_resume(resume.data, resume.filename)
    job_analysis = analysis(job)
    return MatchRun(analysis=job_analysis, resume=parsed, result=services.match(parsed, job_analysis))


def match_json(job: JobInput, resume: Upload) -> str:
    """The ``MatchResult`` as JSON (``to_dict()``), encoded by pydantic."""
    return str(match_run(job, resume).result.model_dump_json())


def advice_json(job: JobInput, resume: Upload | None) -> str:
    """The ``Advice`` for the job alone, or for the resume's gaps against it, as JSON."""
    if resume is None:
        return str(services.advise(analysis(job)).model_dump_json())
    run = match_run(job, resume)
    return str(services.advise(run.analysis, run.resume).model_dump_json())
