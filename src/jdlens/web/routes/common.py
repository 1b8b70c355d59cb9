"""What the routers share: request limits, the error response schema, the analyze-and-match flow."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import Request, UploadFile
from pydantic import BaseModel

from jdlens.models import JobAnalysis
from jdlens.web import services, uploads
from jdlens.web.http_errors import BadRequestError


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


def error_doc(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


ERRORS: dict[int | str, dict[str, Any]] = {
    405: error_doc("method not allowed (JDL062); the `Allow` header names the allowed ones"),
    413: error_doc(
        "an upload or the text is over a size limit (`JDLENS_MAX_UPLOAD_BYTES`, `JDLENS_MAX_TEXT_CHARS`, "
        "`JDLENS_MAX_DECOMPRESSED_BYTES`, `JDLENS_MAX_PAGES`): JDL007, JDL021, JDL028, JDL029, JDL060, JDL070"
    ),
    415: error_doc("unsupported file type (JDL005, JDL026)"),
    422: error_doc(
        "either `job_text` or `job_file` is needed (JDL002); empty text, corrupt or unreadable file "
        "(JDL003, JDL020-JDL027), a text over its analysis time budget (JDL071), or a malformed "
        "request (JDL063)"
    ),
    503: error_doc(
        "this feature is not available in this installation (JDL065), or the server is busy "
        "(JDL072 time limit, JDL073 queue full)"
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
    found = uploads.job_document(job_text, job_file, upload_limit(request))
    return services.analyze(found, (title or "").strip()[:300] or None)


RESUME_TEXT_NAME = "pasted-resume.txt"


def resume_input(resume: UploadFile | None, resume_text: str | None) -> UploadFile:
    """The uploaded resume, else the pasted text read as a .txt file (the same reader); else a 422."""
    if uploads.is_present(resume):
        assert resume is not None
        return resume
    if uploads.has_text(resume_text):
        assert resume_text is not None
        return UploadFile(file=io.BytesIO(resume_text.encode("utf-8")), filename=RESUME_TEXT_NAME)
    raise BadRequestError(reason="resume is required: upload a file or paste resume_text")


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
