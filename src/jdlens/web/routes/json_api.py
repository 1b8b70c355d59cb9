"""The JSON API: the Python API over HTTP (``/api/...``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse

from jdlens import __version__
from jdlens.models import Advice, JobAnalysis, MatchResult
from jdlens.web import services, uploads
from jdlens.web.routes.common import ERRORS, analyze_input, in_worker, resume_input, run_match

router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)

JOB_TEXT = Form(None, description="the job description (HTML, Markdown or plain text)")
JOB_FILE = File(None, description="or the job description as a .txt, .md, .html, .pdf or .docx file")
JOB_TITLE = Form(None, description="optional: the posting's title, if it is not in the text")
RESUME_TEXT = Form(None, description="or the resume as plain text (a `resume` file wins over it)")


@router.get("/health", summary="Liveness check")
def health() -> dict[str, str]:
    return {"status": "ok", "version": __version__}


@router.post("/analyze", summary="Analyze one job description", responses={200: {"model": JobAnalysis}})
async def analyze(
    request: Request,
    job_text: str | None = JOB_TEXT,
    job_file: UploadFile | None = JOB_FILE,
    job_title: str | None = JOB_TITLE,
    include_text: bool = False,
) -> JSONResponse:
    """The `JobAnalysis`: skills, role, seniority, years, degree, salary, location, red flags."""
    analysis = await in_worker(analyze_input, request, job_text, job_file, job_title)
    return JSONResponse(analysis.to_dict(include_text=include_text))


@router.post(
    "/match", summary="Score a resume against a job description", responses={200: {"model": MatchResult}}
)
async def match(
    request: Request,
    resume: UploadFile | None = File(None, description="the resume: PDF, DOCX, TXT or Markdown"),
    resume_text: str | None = RESUME_TEXT,
    job_text: str | None = JOB_TEXT,
    job_file: UploadFile | None = JOB_FILE,
    job_title: str | None = JOB_TITLE,
) -> JSONResponse:
    """The `MatchResult`: `score` (0-100), subscores, requirements with evidence, gaps, checks.

    The resume is the `resume` file or the pasted `resume_text`; one of them is required."""
    run = await in_worker(_match, request, job_text, job_file, resume, resume_text, job_title)
    return JSONResponse(run.result.to_dict())


@router.post(
    "/advise", summary="Learning path, salary band and interview topics", responses={200: {"model": Advice}}
)
async def advise(
    request: Request,
    job_text: str | None = JOB_TEXT,
    job_file: UploadFile | None = JOB_FILE,
    resume: UploadFile | None = File(None, description="optional resume: advice then targets its gaps"),
    resume_text: str | None = RESUME_TEXT,
    job_title: str | None = JOB_TITLE,
) -> JSONResponse:
    """The `Advice` for the job alone, or for the resume's gaps against it."""
    advice = await in_worker(_advise, request, job_text, job_file, resume, resume_text, job_title)
    return JSONResponse(advice.to_dict())


def _match(
    request: Request,
    job_text: str | None,
    job_file: UploadFile | None,
    resume: UploadFile | None,
    resume_text: str | None,
    job_title: str | None,
) -> Any:
    return run_match(request, job_text, job_file, resume_input(resume, resume_text), job_title)


def _advise(
    request: Request,
    job_text: str | None,
    job_file: UploadFile | None,
    resume: UploadFile | None,
    resume_text: str | None,
    job_title: str | None,
) -> Any:
    if uploads.is_present(resume) or uploads.has_text(resume_text):
        run = _match(request, job_text, job_file, resume, resume_text, job_title)
        return services.advise(run.analysis, run.resume)
    return services.advise(analyze_input(request, job_text, job_file, job_title))
