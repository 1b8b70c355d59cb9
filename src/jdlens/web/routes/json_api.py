"""The JSON API: the Python API over HTTP (``/api/...``)."""

from __future__ import annotations

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from jdlens import __version__
from jdlens.models import Advice, JobAnalysis, MatchResult
from jdlens.web import tasks, uploads
from jdlens.web.routes.common import ERRORS, in_task, job_input, resume_input

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
) -> Response:
    """The `JobAnalysis`: skills, role, seniority, years, degree, salary, location, red flags."""
    job = job_input(request, job_text, job_file, job_title)
    return json_response(await in_task(tasks.analysis_json, job, include_text))


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
) -> Response:
    """The `MatchResult`: `score` (0-100), subscores, requirements with evidence, gaps, checks.

    The resume is the `resume` file or the pasted `resume_text`; one of them is required."""
    upload = resume_input(request, resume, resume_text)  # the resume first: cheap failures first
    job = job_input(request, job_text, job_file, job_title)
    return json_response(await in_task(tasks.match_json, job, upload))


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
) -> Response:
    """The `Advice` for the job alone, or for the resume's gaps against it."""
    has_resume = uploads.is_present(resume) or uploads.has_text(resume_text)
    upload = resume_input(request, resume, resume_text) if has_resume else None
    job = job_input(request, job_text, job_file, job_title)
    return json_response(await in_task(tasks.advice_json, job, upload))


def json_response(body: str) -> Response:
    """A JSON answer encoded where the work was done (pydantic's encoder: the same JSON as
    ``to_dict()``, in one step)."""
    return Response(body, media_type="application/json")
