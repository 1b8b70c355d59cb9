"""What the routers share: request limits, the error response schema, the analyze-and-match flow."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import Request, UploadFile
from pydantic import BaseModel

from jdlens.models import JobAnalysis
from jdlens.web import services, uploads


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


ERRORS: dict[int | str, dict[str, Any]] = {
    413: _error(
        "an upload or the text is over the size limit (JDLENS_MAX_UPLOAD_BYTES, JDLENS_MAX_TEXT_CHARS)"
    ),
    415: _error("unsupported file type"),
    422: _error("empty text, corrupt or unreadable file, or a malformed request"),
    503: _error(
        "this feature is not available, or the server is busy (JDL072 time limit, JDL073 queue full)"
    ),
}


T = TypeVar("T")


async def in_worker(func: Callable[..., T], *args: Any) -> T:
    """Run CPU-bound work off the event loop in the bounded analysis pool, under the request time
    limit (``services.in_pool``); pages stay responsive and a slow request delays no other."""
    return await services.in_pool(func, *args)


def upload_limit(request: Request) -> int:
    return int(request.app.state.max_upload_bytes)


@dataclass(frozen=True)
class MatchRun:
    """Everything one match request produced; lives only for the request."""

    analysis: JobAnalysis
    resume: Any
    result: Any


def analyze_input(
    request: Request, job_text: str | None, job_file: UploadFile | None, title: str | None = None
) -> JobAnalysis:
    text = uploads.job_text(job_text, job_file, upload_limit(request))
    return services.analyze(text, (title or "").strip()[:300] or None)


def run_match(
    request: Request,
    job_text: str | None,
    job_file: UploadFile | None,
    resume: UploadFile,
    title: str | None = None,
) -> MatchRun:
    """Read the resume first (cheap failures first), then analyze the job and match."""
    upload = uploads.read_upload(resume, upload_limit(request), what="resume")
    parsed = services.read_resume(upload.data, upload.filename)
    analysis = analyze_input(request, job_text, job_file, title)
    return MatchRun(analysis=analysis, resume=parsed, result=services.match(parsed, analysis))
