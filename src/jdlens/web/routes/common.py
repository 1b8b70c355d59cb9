"""What the routers share: request limits, the error response schema, reading the form into plain data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Request, UploadFile
from pydantic import BaseModel

from jdlens.web import services, uploads
from jdlens.web.http_errors import BadRequestError, RequestTooLargeError
from jdlens.web.tasks import JobInput
from jdlens.web.uploads import Upload


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
    """Run CPU-bound work off the event loop in the bounded analysis pool's threads, under the
    request time limit (``services.in_pool``); pages stay responsive and a slow request delays no other."""
    return await services.in_pool(func, *args)


async def in_task(func: Callable[..., T], *args: Any) -> T:
    """Run a plain-data task of ``jdlens.web.tasks`` in the analysis pool: in its processes when
    ``jdlens serve --workers N`` started some, else in its threads."""
    return await services.in_task_pool(func, *args)


def upload_limit(request: Request) -> int:
    return int(request.app.state.max_upload_bytes)


def job_input(
    request: Request, job_text: str | None, job_file: UploadFile | None, title: str | None = None
) -> JobInput:
    """What the form sent for the job, read into memory under the size limit (the file is read,
    not parsed: that is the task's work)."""
    limit = upload_limit(request)
    if uploads.has_text(job_text):
        assert job_text is not None
        size = len(job_text.encode("utf-8", errors="ignore"))
        if size > limit:
            raise RequestTooLargeError(size=size, limit=limit)
        return JobInput(job_text, None, title)
    if uploads.is_present(job_file):
        assert job_file is not None
        return JobInput(None, uploads.read_upload(job_file, limit, what="job description"), title)
    return JobInput(None, None, title)


RESUME_TEXT_NAME = "pasted-resume.txt"


def resume_input(request: Request, resume: UploadFile | None, resume_text: str | None) -> Upload:
    """The uploaded resume, else the pasted text read as a .txt file (the same reader); else a 422."""
    limit = upload_limit(request)
    if uploads.is_present(resume):
        assert resume is not None
        return uploads.read_upload(resume, limit, what="resume")
    if uploads.has_text(resume_text):
        assert resume_text is not None
        return uploads.text_upload(resume_text, RESUME_TEXT_NAME, limit)
    raise BadRequestError(reason="resume is required: upload a file or paste resume_text")
