"""The market report for the configured DuckDB database: a page with filters, and JSON."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from jdlens.errors import MarketError
from jdlens.models import MarketReport, MarketTable
from jdlens.web import services
from jdlens.web.http_errors import NotAvailableError
from jdlens.web.market_view import report_sections
from jdlens.web.routes.common import ERRORS, error_doc, in_worker

router = APIRouter()

NO_MATCH = "JDL041"
MARKET_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    400: error_doc("no postings match the filters (JDL041), or the database cannot be read (JDL040)"),
}

ROLE = Query(None, description="role categories, comma-separated (e.g. ml_engineer,data_scientist)")
SENIORITY = Query(
    None, description="seniority levels, comma-separated (intern, junior, mid, senior, staff_plus)"
)
LOCATION = Query(None, description="a city, US state, country or remote kind (e.g. CA, London, remote)")
SINCE = Query(None, description="postings on or after this date (YYYY-MM-DD)")
UNTIL = Query(None, description="postings on or before this date (YYYY-MM-DD)")
NON_TECHNICAL = Query(
    False,
    description="count postings that are not technical jobs (role other) in the skill tables too "
    "(default: technical jobs only; the tables say how many were left out)",
)


def market_filters(
    role: str | None = ROLE,
    seniority: str | None = SENIORITY,
    location: str | None = LOCATION,
    since: str | None = SINCE,
    until: str | None = UNTIL,
    non_technical: bool = NON_TECHNICAL,
) -> dict[str, str]:
    """The report filters a request names (query parameters shared by the page and the JSON routes)."""
    values = {"role": role, "seniority": seniority, "location": location, "since": since, "until": until}
    chosen = {k: v.strip() for k, v in values.items() if v and v.strip()}
    if non_technical:
        chosen["non_technical"] = "true"
    return chosen


Filters = Annotated[dict[str, str], Depends(market_filters)]


async def _report(request: Request, filters: dict[str, str]) -> MarketReport:
    return await in_worker(services.market_report, request.app.state.db_path, filters)


@router.get(
    "/api/market/report",
    tags=["market"],
    summary="The market report",
    responses={200: {"model": MarketReport}, **MARKET_ERRORS},
)
async def market_report(request: Request, filters: Filters) -> JSONResponse:
    """Every table of the report; each share is a count over the table's stated denominator."""
    return JSONResponse((await _report(request, filters)).to_dict())


@router.get(
    "/api/market/tables/{name}",
    tags=["market"],
    summary="One table of the market report",
    responses={
        200: {"model": MarketTable},
        **MARKET_ERRORS,
        404: error_doc("no table of that name (JDL061)"),
    },
)
async def market_table(request: Request, name: str, filters: Filters) -> JSONResponse:
    """One table by name (``skills``, ``roles``, ``salary_by_level``...; see the full report for names)."""
    report = await _report(request, filters)
    for table in report.tables:
        if table.name == name:
            return JSONResponse(table.to_dict())
    raise HTTPException(status_code=404)


def without_links(filters: dict[str, str]) -> dict[str, str]:
    """For each active filter, the market page's URL without it (to loosen one filter at a time)."""
    links = {}
    for name in filters:
        kept = {k: v for k, v in filters.items() if k != name}
        links[name] = "/market" + (f"?{urlencode(kept)}" if kept else "")
    return links


@router.get("/market", response_class=HTMLResponse, include_in_schema=False)
async def market_page(request: Request, filters: Filters) -> HTMLResponse:
    context: dict[str, Any] = {
        "filters": filters,
        "report": None,
        "sections": [],
        "unavailable": None,
        "empty": False,
        "without": without_links(filters),
        "choices": services.market_choices(),
    }
    try:
        report = await _report(request, filters)
    except NotAvailableError as exc:
        context.update(choices={"role": (), "seniority": ()}, unavailable=exc.message)
    except MarketError as exc:
        if exc.code != NO_MATCH:
            raise
        context["empty"] = True
    else:
        context.update(report=report, sections=report_sections(report))
    return request.app.state.templates.TemplateResponse(request, "market.html", context)
