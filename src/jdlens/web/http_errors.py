"""One error shape for every failure: ``{"error": {"code", "message"}}`` with the right status.

``error_response`` is the only place an exception becomes a response. It is registered for
HTTP, validation and jdlens errors, and ``GuardMiddleware`` calls it for anything unexpected
and for request bodies over the size limit. Pages get the same code and message as HTML.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jdlens.errors import (
    AnalysisError,
    DataFileError,
    FileTooLargeError,
    InputError,
    JdlensError,
    LimitError,
    LLMError,
    MarketError,
    ResumeError,
    ServerBusyError,
    TimeBudgetError,
    UnsupportedFileError,
    UnsupportedFormatError,
    WebError,
)
from jdlens.web.hygiene import ASKED_METHOD

log = logging.getLogger("jdlens.web")
# python-multipart logs what it finds wrong in a body, quoting its bytes and headers: an upload is
# personal data, so its logger is silenced (the request still gets its 422 JDL063).
MULTIPART_LOGGER = "python_multipart"
logging.getLogger(MULTIPART_LOGGER).setLevel(logging.CRITICAL + 1)


class NotAvailableError(WebError):
    """A feature whose library part is not installed or not built yet."""

    code = "JDL065"


class RequestTooLargeError(WebError):
    code = "JDL060"


class BadRequestError(WebError):
    code = "JDL063"


# The HTTP status of each error class, most specific first: the only place codes meet statuses.
STATUS: tuple[tuple[type[JdlensError], int], ...] = (
    (NotAvailableError, 503),
    (ServerBusyError, 503),
    (RequestTooLargeError, 413),
    (WebError, 422),
    (FileTooLargeError, 413),
    (UnsupportedFileError, 415),
    (UnsupportedFormatError, 415),
    (ResumeError, 422),
    (LimitError, 413),
    (TimeBudgetError, 422),
    (AnalysisError, 500),
    (InputError, 422),
    (LLMError, 502),
    (MarketError, 400),
    (DataFileError, 500),
)


def status_for(exc: JdlensError) -> int:
    return next((status for cls, status in STATUS if isinstance(exc, cls)), 400)


def _message(code: str, **params: Any) -> str:
    return JdlensError(code, **params).message


def _from_http(request: Request, exc: HTTPException) -> tuple[int, str, str]:
    path = request.url.path
    if exc.status_code == 404:
        return 404, "JDL061", _message("JDL061", path=path)
    if exc.status_code == 405:
        method = request.scope.get(ASKED_METHOD, request.method)
        return 405, "JDL062", _message("JDL062", method=method, path=path)
    if exc.status_code == 413:
        return 413, "JDL060", _message("JDL060", size="?", limit="?")
    reason = exc.detail if isinstance(exc.detail, str) else "bad request"
    # a body the framework cannot parse (malformed multipart or form) is a malformed request: 422, as
    # every other JDL063, and as the schema documents it
    status = 422 if exc.status_code == 400 else exc.status_code
    return status, "JDL063", _message("JDL063", reason=reason)


PLAIN_PROBLEMS = {
    "missing": "is required",
    "string_type": "must be text",
    "bool_parsing": "must be true or false",
    "int_parsing": "must be a whole number",
    "json_invalid": "is not valid JSON",
    "string_too_long": "is too long",
}


def _problem(err: Any) -> str:
    """One validation problem in plain words: the field, then what is wrong with it."""
    where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
    kind = str(err.get("type", ""))
    if kind in PLAIN_PROBLEMS:
        return f"{where} {PLAIN_PROBLEMS[kind]}"
    if "UploadFile" in str(err.get("msg", "")):  # a text field sent where a file is expected
        return f"{where} must be a file upload"
    return f"{where} is invalid"


def _from_validation(exc: RequestValidationError) -> tuple[int, str, str]:
    problems = [_problem(err) for err in exc.errors()[:5]]
    return 422, "JDL063", _message("JDL063", reason="; ".join(problems) or "malformed request")


def _log_unexpected(request: Request, exc: BaseException) -> None:
    """Log where it failed, never the message: it could quote an uploaded document."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/jdlens/" in f.filename.replace("\\", "/")] or frames
    where = f"{ours[-1].filename}:{ours[-1].lineno}" if ours else "?"
    log.error("unhandled %s at %s on %s %s", type(exc).__name__, where, request.method, request.url.path)


def classify(request: Request, exc: BaseException) -> tuple[int, str, str]:
    """Status, code and message for any exception."""
    if isinstance(exc, JdlensError):
        return status_for(exc), exc.code, exc.message
    if isinstance(exc, HTTPException):
        return _from_http(request, exc)
    if isinstance(exc, RequestValidationError):
        return _from_validation(exc)
    _log_unexpected(request, exc)
    return 500, "JDL064", _message("JDL064", kind=type(exc).__name__)


def wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api/") or path == "/openapi.json":
        return False
    return "text/html" in request.headers.get("accept", "")


def _headers(exc: BaseException) -> dict[str, str]:
    """Headers an HTTP error must keep (``Allow`` on a 405)."""
    if isinstance(exc, HTTPException) and exc.headers:
        return {k: _with_head(v) for k, v in exc.headers.items() if k.lower() == "allow"}
    return {}


def _with_head(allow: str) -> str:
    """``HEAD`` is answered wherever ``GET`` is (``hygiene.HeadMiddleware``), so ``Allow`` names it too."""
    methods = [m.strip() for m in allow.split(",") if m.strip()]
    if "GET" in methods and "HEAD" not in methods:
        methods.insert(methods.index("GET") + 1, "HEAD")
    return ", ".join(methods)


async def error_response(request: Request, exc: BaseException) -> Response:
    """The one exception handler of the app."""
    status, code, message = classify(request, exc)
    headers = _headers(exc)
    if wants_html(request):
        templates = request.app.state.templates
        context = {
            "status": status,
            "code": code,
            "message": message,
            "form": form_echo(request),
            "limit_mb": int(getattr(request.app.state, "max_upload_bytes", 0)) / 1_000_000,
        }
        return templates.TemplateResponse(request, "error.html", context, status_code=status, headers=headers)
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


def form_echo(request: Request) -> dict[str, str]:
    """The text a page form sent, so the error page can give it back (it is not kept anywhere)."""
    echo = getattr(request.state, "form_echo", None)
    return dict(echo) if isinstance(echo, dict) else {}


class GuardMiddleware:
    """Caps the request body and turns any unexpected exception into the error shape."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        guard = _RequestGuard(self.app, self.max_body_bytes, scope, receive, send)
        await guard.run()


class _RequestGuard:
    def __init__(self, app: ASGIApp, limit: int, scope: Scope, receive: Receive, send: Send) -> None:
        self.app, self.limit, self.scope = app, limit, scope
        self._receive, self._send = receive, send
        self.received = 0
        self.too_large = False
        self.started = False

    async def run(self) -> None:
        declared = _content_length(self.scope)
        if declared is not None and declared > self.limit:
            self.too_large = True
            self.received = declared
            await self._reply(RequestTooLargeError(size=declared, limit=self.limit))
            return
        try:
            await self.app(self.scope, self.receive, self.send)
        except Exception as exc:  # the last line of defence: reply, never crash
            if self.started:
                raise
            await self._reply(self._too_large_error() if self.too_large else exc)

    def _too_large_error(self) -> RequestTooLargeError:
        return RequestTooLargeError(size=self.received, limit=self.limit)

    async def receive(self) -> Message:
        message = await self._receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.limit:
                self.too_large = True
                raise self._too_large_error()
        return message

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            if self.too_large:  # the app answered a body it could not parse: say why instead
                raise self._too_large_error()
            self.started = True
        await self._send(message)

    async def _reply(self, exc: BaseException) -> None:
        request = Request(self.scope)
        response = await error_response(request, exc)
        self.started = True
        await response(self.scope, self._receive, self._send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def install(app: FastAPI) -> None:
    """Register the one handler for every exception type the framework routes to handlers."""
    for exc_type in (JdlensError, HTTPException, RequestValidationError):
        app.add_exception_handler(exc_type, error_response)
