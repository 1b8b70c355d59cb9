"""The match report as a PDF: the same self-contained HTML, printed by headless Chromium.

Optional: it needs Playwright for Python and a Chromium binary (Debian's ``chromium``); without
them the page offers no PDF button and ``/report.pdf`` answers 503 (JDL065). The browser runs with
JavaScript off and every network request refused, so it only lays out the HTML it is given.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from typing import Any

from jdlens.web.http_errors import NotAvailableError

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CHROMIUM_ENV = "JDLENS_CHROMIUM"
PAGE_FORMAT = "A4"
MARGIN_MM = 12


def chromium_path() -> str | None:
    """``$JDLENS_CHROMIUM``, else ``chromium`` on the PATH, else none."""
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        return named if os.path.exists(named) else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def available() -> bool:
    return chromium_path() is not None and importlib.util.find_spec("playwright") is not None


def _refuse(route: Any) -> None:
    route.abort()


def render(html: str) -> bytes:
    """Print ``html`` to PDF bytes (A4, backgrounds kept)."""
    executable = chromium_path()
    if executable is None or importlib.util.find_spec("playwright") is None:
        raise NotAvailableError(feature="the PDF report (needs playwright and chromium)")
    from playwright.sync_api import Error, sync_playwright  # optional heavy dependency

    try:
        return _print(executable, html, sync_playwright)
    except Error as exc:  # the browser could not start or crashed: say so, never a 500
        raise NotAvailableError(feature=f"the PDF report ({type(exc).__name__} from the browser)") from exc


def _print(executable: str, html: str, sync_playwright: Any) -> bytes:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(java_script_enabled=False, offline=True)
            page = context.new_page()
            page.route("**/*", _refuse)
            page.set_content(html, wait_until="load")
            page.emulate_media(media="print")
            edge = f"{MARGIN_MM}mm"
            return bytes(
                page.pdf(
                    format=PAGE_FORMAT,
                    margin={"top": edge, "bottom": edge, "left": edge, "right": edge},
                    print_background=True,
                )
            )
        finally:
            browser.close()
