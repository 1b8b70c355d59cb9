"""Server-rendered pages: the home form, the job analysis and the match."""

from __future__ import annotations

import base64
import json
from importlib import resources
from typing import Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from jdlens.web import present, services, uploads
from jdlens.web.http_errors import NotAvailableError
from jdlens.web.routes.common import MatchRun, analyze_input, in_worker, run_match, upload_limit

router = APIRouter(include_in_schema=False)


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    return _page(request, "home.html", {"limit_mb": upload_limit(request) / 1_000_000})


@router.get("/analyze")
def analyze_get() -> Response:
    return RedirectResponse("/", status_code=303)


@router.post("/analyze", response_class=HTMLResponse)
async def analyze_page(
    request: Request,
    job_text: str | None = Form(None),
    job_file: UploadFile | None = File(None),
    resume: UploadFile | None = File(None),
    job_title: str | None = Form(None),
) -> HTMLResponse:
    """Without a resume: the job analysis; with one, the match."""
    return await in_worker(_result_page, request, job_text, job_file, resume, job_title)


def _result_page(
    request: Request,
    job_text: str | None,
    job_file: UploadFile | None,
    resume: UploadFile | None,
    job_title: str | None,
) -> HTMLResponse:
    if uploads.is_present(resume):
        assert resume is not None
        return _match_page(request, run_match(request, job_text, job_file, resume, job_title))
    analysis = analyze_input(request, job_text, job_file, job_title)
    return _page(request, "analysis.html", analysis_context(analysis))


def analysis_context(analysis: Any) -> dict[str, Any]:
    return {
        "a": analysis,
        "groups": present.skill_groups(analysis.skills),
        "pieces": present.highlight(analysis.text, present.job_spans(analysis), analysis.sections),
    }


def _advice(subject: Any) -> Any:
    try:
        return services.advise(subject)
    except NotAvailableError:
        return None


def match_context(run: MatchRun) -> dict[str, Any]:
    requirements = run.result.requirements
    return {
        "a": run.analysis,
        "m": run.result,
        "advice": _advice(run.result),
        "job_pieces": present.highlight(run.analysis.text, present.match_job_spans(requirements)),
        "resume_pieces": present.highlight(
            getattr(run.resume, "text", ""), present.resume_spans(requirements)
        ),
    }


def _data_uri(content: str, mime: str) -> str:
    return f"data:{mime};charset=utf-8;base64," + base64.b64encode(content.encode("utf-8")).decode("ascii")


def report_css() -> str:
    return resources.files("jdlens.web").joinpath("static/app.css").read_text(encoding="utf-8")


def _match_page(request: Request, run: MatchRun) -> HTMLResponse:
    context = match_context(run)
    templates = request.app.state.templates
    report = templates.get_template("report.html").render({**context, "css": report_css()})
    context["report_uri"] = _data_uri(report, "text/html")
    context["json_uri"] = _data_uri(json.dumps(run.result.to_dict(), indent=2), "application/json")
    return _page(request, "match.html", context)
