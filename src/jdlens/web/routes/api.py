"""The JSON API: the Python API over HTTP (``/api/...``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, File, Form, Request, UploadFile

from jdlens.web import services, uploads
from jdlens.web.routes.common import ERRORS, analyze_input, run_match

router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)

JOB_TEXT = Form(None, description="the job description (HTML, Markdown or plain text)")
JOB_FILE = File(None, description="or the job description as a .txt, .md, .html, .pdf or .docx file")
JOB_TITLE = Form(None, description="optional: the posting's title, if it is not in the text")


@router.get("/health", summary="Liveness check")
def health() -> dict[str, str]:
    import jdlens

    return {"status": "ok", "version": jdlens.__version__}


@router.post("/analyze", summary="Analyze one job description")
def analyze(
    request: Request,
    job_text: str | None = JOB_TEXT,
    job_file: UploadFile | None = JOB_FILE,
    job_title: str | None = JOB_TITLE,
    include_text: bool = False,
) -> dict[str, Any]:
    """The `JobAnalysis`: skills, role, seniority, years, degree, salary, location, red flags."""
    return analyze_input(request, job_text, job_file, job_title).to_dict(include_text=include_text)


@router.post("/match", summary="Score a resume against a job description")
def match(
    request: Request,
    resume: UploadFile = File(..., description="the resume: PDF, DOCX, TXT or Markdown"),
    job_text: str | None = JOB_TEXT,
    job_file: UploadFile | None = JOB_FILE,
    job_title: str | None = JOB_TITLE,
) -> dict[str, Any]:
    """The `MatchResult`: `score` (0-100), subscores, requirements with evidence, gaps, checks."""
    return run_match(request, job_text, job_file, resume, job_title).result.to_dict()


@router.post("/advise", summary="Learning path, salary band and interview topics")
def advise(
    request: Request,
    job_text: str | None = JOB_TEXT,
    job_file: UploadFile | None = JOB_FILE,
    resume: UploadFile | None = File(None, description="optional resume: advice then targets its gaps"),
    job_title: str | None = JOB_TITLE,
) -> dict[str, Any]:
    """The `Advice` for the job alone, or for the resume's gaps against it."""
    if uploads.is_present(resume):
        assert resume is not None
        subject = run_match(request, job_text, job_file, resume, job_title).result
    else:
        subject = analyze_input(request, job_text, job_file, job_title)
    return services.advise(subject).to_dict()
