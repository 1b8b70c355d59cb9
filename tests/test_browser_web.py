"""End to end in headless Chromium: paste a real posting, upload a real PDF resume, read the pages.

Drives Debian's /usr/bin/chromium through Playwright (``make browser`` installs it). Screenshots go to
$JDLENS_SCREENSHOTS when set (else a temporary directory) and are checked for size; key elements
must be visible, keyboard use must work, and text must meet WCAG AA contrast.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import jdlens.api
from conftest import DATA, SHARED, dev_postings, needs_shared

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
RESUME = DATA / "resumes" / "harvey_dent_mle.pdf"


def chromium_path() -> str | None:
    return shutil.which("chromium") or (os.path.exists("/usr/bin/chromium") and "/usr/bin/chromium") or None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_market_db(folder: Path) -> Path | None:
    """A market database of 80 real HN who-is-hiring posts (MIT), when ../shared is beside the repo."""
    source = SHARED / "data/postings/hn_whoishiring_2026/posts.jsonl"
    if not source.is_file():
        return None
    from jdlens.market.store import ingest_files

    corpus = folder / "hn.jsonl"
    corpus.write_text(
        "\n".join(source.read_text(encoding="utf-8").splitlines()[:80]) + "\n", encoding="utf-8"
    )
    ingest_files([corpus], folder / "market.duckdb")
    return folder / "market.duckdb"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory) -> Iterator[str]:
    import uvicorn

    from jdlens.web.app import create_app

    port = free_port()
    app = create_app(build_market_db(tmp_path_factory.mktemp("market")))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the web server did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    if executable is None:
        pytest.skip("chromium is not installed (run `make browser`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    target = os.environ.get("JDLENS_SCREENSHOTS")
    path = Path(target) if target else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(params=list(VIEWPORTS))
def page(request, browser):
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    tab = context.new_page()
    tab.viewport_name = request.param
    yield tab
    context.close()


@pytest.fixture(scope="module")
def posting() -> dict:
    needs_shared()
    return dev_postings()["D000"]


def screenshot(page, shots: Path, name: str) -> Path:
    path = shots / f"{name}_{page.viewport_name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 20_000, f"{path} looks blank"
    return path


def no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, f"page is {width}px wide on a {page.viewport_name}"


def submit_job(page, base_url: str, posting: dict, resume: Path | None = None) -> None:
    page.goto(base_url + "/")
    page.fill("#job_title", posting["title"])
    page.fill("#job_text", posting["text"])
    if resume is not None:
        page.set_input_files("#resume", str(resume))
    page.click("#submit")
    page.wait_for_load_state("load")


def test_paste_a_real_posting_and_read_the_analysis(page, base_url, posting, shots):
    submit_job(page, base_url, posting)
    assert page.locator("h1").inner_text() == posting["title"]
    for fact in (
        "#fact-role",
        "#fact-seniority",
        "#fact-years",
        "#fact-degree",
        "#fact-salary",
        "#fact-location",
    ):
        assert page.locator(fact).is_visible()
    skills = page.locator("button.skill")
    assert skills.count() >= 3 and skills.first.is_visible()
    assert page.locator("#job-doc mark.ev").count() >= 3
    skills.first.click()
    assert skills.first.get_attribute("aria-pressed") == "true"
    active = page.locator("#job-doc mark.ev.active")
    assert active.count() >= 1 and active.first.is_visible()
    no_horizontal_scroll(page)
    screenshot(page, shots, "analysis")


def test_upload_a_real_pdf_resume_and_see_the_match(page, base_url, posting, shots):
    if not hasattr(jdlens.api, "match"):
        pytest.skip("jdlens.match is not available in this installation")
    submit_job(page, base_url, posting, RESUME)
    score = page.locator("#score")
    assert score.is_visible() and 0 <= int(score.inner_text()) <= 100
    rows = page.locator("table.req tbody tr")
    assert rows.count() >= 3 and rows.first.is_visible()
    row = page.locator("table.req tbody tr.status-matched").first
    row.locator("details summary").click()
    assert row.locator("details .quotes").first.is_visible()
    assert page.locator("mark.ev.active").count() >= 1
    for link in ("#download-html", "#download-json"):
        assert page.locator(link).get_attribute("href").startswith("data:")
    no_horizontal_scroll(page)
    screenshot(page, shots, "match")


def test_keyboard_alone_submits_the_form(page, base_url, posting):
    page.goto(base_url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.focus("#job_text")
    page.keyboard.insert_text(posting["text"][:3000])
    for _ in range(12):
        if page.evaluate("document.activeElement.id") == "submit":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "submit"
    page.keyboard.press("Enter")
    page.wait_for_selector("#fact-role")


def test_empty_form_explains_itself(page, base_url):
    page.goto(base_url + "/")
    page.click("#submit")
    message = page.locator("#form-error")
    assert message.is_visible() and "Paste a job description" in message.inner_text()
    assert page.url.rstrip("/") == base_url


def test_a_corrupt_resume_gets_a_clear_error_page(page, base_url, posting, shots, tmp_path):
    fake = tmp_path / "resume.pdf"
    fake.write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    submit_job(page, base_url, posting, fake)
    alert = page.locator('[role="alert"] .error-message')
    assert alert.is_visible() and alert.inner_text().startswith("[JDL0")
    screenshot(page, shots, "error")


def test_market_page_with_filters(page, base_url, shots):
    needs_shared()
    page.goto(base_url + "/market")
    assert page.locator("#market-summary h2").is_visible()
    total = int(page.locator("#market-summary h2").inner_text().split()[0].replace(",", ""))
    page.select_option("#f-role", "ml_engineer")
    page.click("#market-filters button[type=submit]")
    page.wait_for_load_state("load")
    assert "role=ml_engineer" in page.url
    filtered = int(page.locator("#market-summary h2").inner_text().split()[0].replace(",", ""))
    assert 0 < filtered < total
    skills = page.locator("#t-skills .hbars li")
    assert skills.count() >= 5 and skills.first.is_visible()
    no_horizontal_scroll(page)
    screenshot(page, shots, "market")


CONTRAST_JS = """(sel) => Array.from(document.querySelectorAll(sel)).slice(0, 3).map(el => {
  const fg = getComputedStyle(el).color;
  let node = el, bg = 'rgba(0, 0, 0, 0)';
  while (node && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) {
    bg = getComputedStyle(node).backgroundColor; node = node.parentElement;
  }
  return [fg, bg === 'rgba(0, 0, 0, 0)' ? 'rgb(255, 255, 255)' : bg];
})"""


def _luminance(css: str) -> float:
    r, g, b = (int(float(v)) / 255 for v in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(fg: str, bg: str) -> float:
    a, b = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def test_text_meets_wcag_aa_contrast(browser, base_url, posting):
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    submit_job(page, base_url, posting)
    selectors = [
        "body",
        ".muted",
        ".help",
        ".eyebrow",
        "header.site a",
        ".badge",
        "mark.ev",
        ".doc .sec",
        "dt",
    ]
    checked = 0
    for selector in selectors:
        for fg, bg in page.evaluate(CONTRAST_JS, selector):
            assert contrast(fg, bg) >= 4.5, f"{selector}: {fg} on {bg} is {contrast(fg, bg):.2f}:1"
            checked += 1
    assert checked >= len(selectors)
    page.close()
