"""The web shell's only door into the library: thin calls to ``jdlens.api``.

A function whose library part is not installed answers with a 503 error (JDL065) instead of
failing at import, so the rest of the app keeps working.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jdlens.models import JobAnalysis
from jdlens.web.errors import NotAvailableError


def _api(name: str, feature: str) -> Callable[..., Any]:
    import jdlens.api

    func = getattr(jdlens.api, name, None)
    if func is None:
        raise NotAvailableError(feature=feature)
    return func


def analyze(text: str, title: str | None = None) -> JobAnalysis:
    return _api("analyze", "job analysis")(text, title=title or None)


def read_document(data: bytes, filename: str) -> Any:
    """Raw text of a PDF or DOCX upload (same reader and errors as resumes)."""
    try:
        from jdlens.resume.read import read_raw
    except ImportError as exc:
        raise NotAvailableError(feature="reading PDF and DOCX files") from exc
    return read_raw(data, filename)


def read_resume(data: bytes, filename: str) -> Any:
    return _api("read_resume", "resume reading")(data, filename=filename)


def match(resume: Any, job: JobAnalysis) -> Any:
    return _api("match", "resume matching")(resume, job)


def advise(subject: Any) -> Any:
    return _api("advise", "advice")(subject)
