"""``create_app``: the FastAPI application with its pages, JSON API, docs and error handling."""

from __future__ import annotations

from pathlib import Path

import jinja2
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.gzip import GZipMiddleware

import jdlens
from jdlens.config import get_settings
from jdlens.labels import subscore_label
from jdlens.web import http_errors as errors
from jdlens.web import services
from jdlens.web.hygiene import HeadMiddleware, SecurityHeadersMiddleware
from jdlens.web.present import FILTERS
from jdlens.web.routes import docs, json_api, market, pages

GZIP_FROM_BYTES = 1000
GZIP_LEVEL = 1  # half level 5's CPU (2.5 ms less on a 175 kB match page) for answers 15-19 % larger
BODY_OVERHEAD = 256 * 1024  # multipart boundaries and form fields around the files

DESCRIPTION = (
    "Read machine-learning job descriptions the way a hiring manager does. Every error has the shape "
    '`{"error": {"code": "JDL0xx", "message": "..."}}`. Uploads are processed in memory and never stored.'
)


def make_templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("jdlens.web", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    env.filters["subscore_name"] = subscore_label
    env.globals["version"] = jdlens.__version__
    return Jinja2Templates(env=env)


def create_app(
    db_path: str | Path | None = None, *, max_upload_bytes: int | None = None, processes: int | None = None
) -> FastAPI:
    """The web app. ``db_path`` is the market DuckDB file (default: ``JDLENS_DB``); ``processes``
    runs the analyses in that many processes of their own (default: threads of this process)."""
    settings = get_settings()
    limit = max_upload_bytes or settings.max_upload_bytes
    body_limit = 2 * limit + BODY_OVERHEAD  # a job file and a resume, each up to the limit
    app = FastAPI(
        title="jdlens",
        version=jdlens.__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        form_limits={"max_part_size": body_limit},  # text fields are checked against `limit`
    )
    app.state.db_path = Path(db_path) if db_path else (Path(settings.db_path) if settings.db_path else None)
    app.state.max_upload_bytes = limit
    app.state.templates = make_templates()
    if processes:
        services.analysis_pool(processes).wait_ready()
    errors.install(app)
    app.add_middleware(errors.GuardMiddleware, max_body_bytes=body_limit)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_FROM_BYTES, compresslevel=GZIP_LEVEL)
    app.add_middleware(HeadMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)  # outermost: errors get the headers too
    app.mount("/static", StaticFiles(packages=[("jdlens.web", "static")]), name="static")
    for module in (pages, json_api, market, docs):
        app.include_router(module.router)
    return app
