"""Server-rendered pages: the home form, the job analysis, the match and its downloads."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import weakref
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import anyio.to_thread
from anyio import CapacityLimiter
from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from jdlens.errors import ResumeError
from jdlens.web import match_view, present, report_pdf, services, tasks, uploads
from jdlens.web.http_errors import NotAvailableError
from jdlens.web.routes.common import in_task, in_worker, job_input, resume_input, upload_limit
from jdlens.web.tasks import MatchRun

router = APIRouter(include_in_schema=False)


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    return _page(request, "home.html", {"limit_mb": upload_limit(request) / 1_000_000, "values": {}})


@router.get("/analyze")
def analyze_get() -> Response:
    return RedirectResponse("/", status_code=303)


def _keep_form(
    request: Request,
    job_text: str | None,
    job_title: str | None,
    resume_text: str | None,
    *files: UploadFile | None,
) -> None:
    """Remember the typed text for this request only, so an error page can give it back."""
    request.state.form_echo = {
        "job_text": job_text or "",
        "job_title": job_title or "",
        "resume_text": resume_text or "",
        "had_file": "yes" if any(uploads.is_present(f) for f in files) else "",
    }


@router.post("/analyze", response_class=HTMLResponse)
async def analyze_page(
    request: Request,
    job_text: str | None = Form(None),
    job_file: UploadFile | None = File(None),
    resume: UploadFile | None = File(None),
    resume_text: str | None = Form(None),
    job_title: str | None = Form(None),
) -> HTMLResponse:
    """Without a resume: the job analysis; with one (a file or pasted text), the match."""
    _keep_form(request, job_text, job_title, resume_text, job_file, resume)
    form = PageForm(job_text, job_file, resume, resume_text, job_title)
    if form.has_resume:
        upload = resume_input(request, resume, resume_text)  # the resume first: cheap failures first
        run = await in_task(tasks.match_run, job_input(request, job_text, job_file, job_title), upload)
        return await in_worker(_match_page, request, form, run)
    analysis = await in_task(tasks.analysis, job_input(request, job_text, job_file, job_title))
    return await in_worker(_analysis_page, request, form, analysis)


@router.post("/report.pdf")
async def report_pdf_page(
    request: Request,
    job_text: str | None = Form(None),
    resume_text: str | None = Form(None),
    job_title: str | None = Form(None),
) -> Response:
    """The match report as a PDF, made from the texts the match page holds (nothing is kept)."""
    _keep_form(request, job_text, job_title, resume_text)
    form = PageForm(job_text, None, None, resume_text, job_title)
    if not form.has_resume:
        raise ResumeError("JDL020", where=": paste it or upload a file")
    if not report_pdf.available():
        raise NotAvailableError(feature="the PDF report (needs playwright and chromium)")
    upload = resume_input(request, None, resume_text)
    run = await in_task(tasks.match_run, job_input(request, job_text, None, job_title), upload)
    name, html = await in_worker(_report_for_pdf, request, run)
    pdf = await anyio.to_thread.run_sync(report_pdf.render, html, limiter=_pdf_limiter())
    headers = {"Content-Disposition": f'attachment; filename="{name}.pdf"'}
    return Response(pdf, media_type="application/pdf", headers=headers)


PDF_SLOTS = 1  # one browser at a time per process; the analyses do not wait for it
_pdf_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, CapacityLimiter] = (
    weakref.WeakKeyDictionary()
)


def _pdf_limiter() -> CapacityLimiter:
    loop = asyncio.get_running_loop()
    if loop not in _pdf_limiters:
        _pdf_limiters[loop] = CapacityLimiter(PDF_SLOTS)
    return _pdf_limiters[loop]


class PageForm:
    """What a page form sent: the job (text or file) and the resume (file or pasted text)."""

    def __init__(
        self,
        job_text: str | None,
        job_file: UploadFile | None,
        resume: UploadFile | None,
        resume_text: str | None,
        job_title: str | None,
    ) -> None:
        self.job_text, self.job_file, self.resume = job_text, job_file, resume
        self.resume_text, self.job_title = resume_text, job_title

    @property
    def has_resume(self) -> bool:
        return uploads.is_present(self.resume) or uploads.has_text(self.resume_text)


def _analysis_page(request: Request, form: PageForm, analysis: Any) -> HTMLResponse:
    context = analysis_context(analysis)
    context["job_text"] = form.job_text if uploads.has_text(form.job_text) else analysis.text
    context["job_title"] = (form.job_title or "").strip()
    context["limit_mb"] = upload_limit(request) / 1_000_000
    return _page(request, "analysis.html", context)


def analysis_context(analysis: Any) -> dict[str, Any]:
    return {
        "a": analysis,
        "groups": present.skill_groups(analysis.skills),
        "pieces": present.highlight(analysis.text, present.job_spans(analysis), analysis.sections),
    }


def _advice(run: MatchRun) -> Any:
    try:
        return services.advise(run.analysis, run.resume)
    except NotAvailableError:
        return None


def match_context(run: MatchRun) -> dict[str, Any]:
    m = run.result
    requirements = m.requirements
    return {
        "a": run.analysis,
        "m": m,
        "verdict": match_view.verdict(m),
        "profession": match_view.profession(m, run.resume),
        "top_gaps": match_view.top_gaps(m),
        "change": match_view.one_change(m),
        "rows": match_view.rows(m),
        "advice": _advice(run),
        "job_pieces": present.highlight(run.analysis.text, present.match_job_spans(requirements)),
        "resume_pieces": present.highlight(
            getattr(run.resume, "text", ""), present.resume_spans(requirements)
        ),
    }


def _data_uri(content: str, mime: str) -> str:
    return f"data:{mime};charset=utf-8;base64," + base64.b64encode(content.encode("utf-8")).decode("ascii")


def report_css() -> str:
    return resources.files("jdlens.web").joinpath("static/app.css").read_text(encoding="utf-8")


def posting_id(text: str) -> str:
    """A short, stable name for a posting's text (the same text always gets the same id)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def report_html(request: Request, context: dict[str, Any]) -> str:
    today = datetime.now(UTC).date().isoformat()
    extra = {"css": report_css(), "today": today, "posting_id": posting_id(context["a"].text)}
    return str(request.app.state.templates.get_template("report.html").render({**context, **extra}))


def report_name(context: dict[str, Any]) -> str:
    return f"jdlens-match-{posting_id(context['a'].text)}"


def _match_page(request: Request, form: PageForm, run: MatchRun) -> HTMLResponse:
    context = match_context(run)
    context["report_uri"] = _data_uri(report_html(request, context), "text/html")
    context["json_uri"] = _data_uri(json.dumps(run.result.to_dict(), indent=2), "application/json")
    context["report_name"] = report_name(context)
    context["pdf_enabled"] = report_pdf.available()
    pasted_job = form.job_text if uploads.has_text(form.job_text) else None
    context["job_text"] = pasted_job or run.analysis.text
    context["job_title"] = (form.job_title or "").strip()
    context["resume_text"] = getattr(run.resume, "text", "")
    return _page(request, "match.html", context)


def _report_for_pdf(request: Request, run: MatchRun) -> tuple[str, str]:
    """The report's file name and HTML."""
    context = match_context(run)
    return report_name(context), report_html(request, context)
