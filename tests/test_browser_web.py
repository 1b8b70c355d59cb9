"""End to end in headless Chromium, as a job seeker uses it, at desktop (1366x900) and phone (390x844).

A real posting is pasted and a real resume (laid out on two PDF pages) is uploaded. The tests check
what the user sees: the score, its meaning and the costliest gaps above the fold; a requirement's
evidence scrolled into view inside each document pane (by mouse and by keyboard) and still
highlighted afterwards; edit-and-rescan; the market page's empty state; axe-core finds no serious
violation on any page. Drives Debian's /usr/bin/chromium through Playwright (``make browser``
installs it). Screenshots of every page go to $JDLENS_SCREENSHOTS when set (``make screenshots``
writes docs/screenshots), else to a temporary directory.
"""

from __future__ import annotations

import io
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
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
RESUME = DATA / "resumes" / "harvey_dent_mle.pdf"
SERIOUS = ("serious", "critical")


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


def two_page_pdf(text: str) -> bytes:
    """The resume's text laid out on two US-letter pages, as a real PDF."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    lines = text.splitlines()
    per_page = max(1, (len(lines) + 1) // 2)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    for start in (0, per_page):
        y = 740.0
        step = min(20.0, 680.0 / per_page)
        pdf.setFont("Helvetica", min(11.0, step * 0.8))
        for line in lines[start : start + per_page]:
            pdf.drawString(56, y, line[:110])
            y -= step
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def resume_pdf(tmp_path_factory) -> Path:
    text = jdlens.api.read_resume(RESUME).text
    path = tmp_path_factory.mktemp("resume") / "harvey_dent_two_pages.pdf"
    path.write_bytes(two_page_pdf(text))
    assert jdlens.api.read_resume(path).pages == 2
    return path


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
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("console", lambda msg: "Content Security Policy" in msg.text and errors.append(msg.text))
    yield tab
    context.close()
    assert not errors, f"browser errors (a CSP violation shows here too): {errors}"


@pytest.fixture(scope="module")
def posting() -> dict:
    needs_shared()
    return dev_postings()["D000"]


def screenshot(page, shots: Path, name: str, full_page: bool = True) -> Path:
    path = shots / f"{name}_{page.viewport_name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    assert path.stat().st_size > 20_000, f"{path} looks blank"
    if os.environ.get("JDLENS_SCREENSHOTS"):
        shrink(path)
    return path


def shrink(path: Path, colours: int = 96) -> None:
    """Screenshots kept in docs/ are saved with a small palette (a third of the size, text stays sharp)."""
    from PIL import Image  # Pillow comes with reportlab

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=colours, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, f"page is {width}px wide on a {page.viewport_name}"


def axe_serious(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
        for v in results.response["violations"]
        if v.get("impact") in SERIOUS
    ]


def assert_accessible(page) -> None:
    problems = axe_serious(page)
    assert not problems, f"axe on {page.url} ({page.viewport_name}): {problems}"


def submit_job(page, base_url: str, posting: dict, resume: Path | None = None) -> None:
    page.goto(base_url + "/")
    page.fill("#job_title", posting["title"])
    page.fill("#job_text", posting["text"])
    if resume is not None:
        page.set_input_files("#resume", str(resume))
    page.click("#submit")
    page.wait_for_load_state("load")


def above_the_fold(page, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    fold = page.viewport_size["height"]
    assert box["y"] >= 0 and box["y"] + box["height"] <= fold, (
        f"{selector} ends at {box['y'] + box['height']:.0f}px, below the fold ({fold}px) on a {page.viewport_name}"
    )


IN_PANE_JS = """([docId, key]) => {
  const doc = document.getElementById(docId);
  const mark = Array.from(doc.querySelectorAll('mark.ev.active')).find(m => m.dataset.key === key);
  if (!mark) { return null; }
  const d = doc.getBoundingClientRect(), m = mark.getBoundingClientRect();
  return {inside: m.top >= d.top - 1 && m.bottom <= d.bottom + 1 && m.height > 0,
          scrolled: doc.scrollTop, pageY: window.scrollY};
}"""


def assert_in_pane(page, doc_id: str, key: str) -> dict:
    state = page.evaluate(IN_PANE_JS, [doc_id, key])
    assert state is not None, f"no active mark for {key} in #{doc_id}"
    assert state["inside"], f"the mark for {key} is outside the visible part of #{doc_id}: {state}"
    return state


def show_pane(page, doc_id: str) -> None:
    """On a phone the documents are tabs: open the one that holds ``doc_id``."""
    if page.locator('#workspace [role="tablist"]').is_visible():
        page.click("#tab-job" if doc_id == "job-doc" else "#tab-resume")
    assert page.locator(f"#{doc_id}").is_visible()


def deep_requirement(page) -> str:
    """A matched requirement whose evidence sits far down both documents (so a pane has to scroll)."""
    return page.evaluate(
        """() => {
      const depth = (id, key) => Math.max(-1, ...Array.from(document.querySelectorAll('#' + id + ' mark.ev'))
        .filter(m => m.dataset.key === key).map(m => m.offsetTop));
      const keys = Array.from(document.querySelectorAll('li.req.status-matched')).map(li => li.dataset.key);
      keys.sort((a, b) => Math.min(depth('job-doc', b), depth('resume-doc', b))
                        - Math.min(depth('job-doc', a), depth('resume-doc', a)));
      return keys[0];
    }"""
    )


# --- the analysis --------------------------------------------------------------------------------


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
    assert_accessible(page)


# --- the match -----------------------------------------------------------------------------------


def test_the_first_screen_answers_do_i_fit_and_what_to_change(page, base_url, posting, resume_pdf, shots):
    submit_job(page, base_url, posting, resume_pdf)
    score = int(page.locator("#score").text_content())
    assert 0 <= score <= 100
    for selector in ("#score", "#verdict", "#meaning", "#top-gaps", "#one-change"):
        above_the_fold(page, selector)
    gaps = page.locator("#top-gaps li")
    assert 1 <= gaps.count() <= 3
    above_the_fold(page, f"#top-gaps li >> nth={gaps.count() - 1}")
    no_horizontal_scroll(page)
    screenshot(page, shots, "match_first_screen", full_page=False)
    screenshot(page, shots, "match")
    assert_accessible(page)


def test_clicking_a_requirement_scrolls_each_document_pane_not_the_page(page, base_url, posting, resume_pdf):
    submit_job(page, base_url, posting, resume_pdf)
    key = deep_requirement(page)
    if page.locator('#workspace [role="tablist"]').is_visible():
        page.click("#tab-req")
    button = page.locator(f'li.req[data-key="{key}"] button.req-name')
    button.scroll_into_view_if_needed()
    before = page.evaluate("window.scrollY")
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert page.evaluate("window.scrollY") == before, "the page jumped"
    page.mouse.move(5, 5)  # moving the mouse away keeps the selection
    for doc_id in ("job-doc", "resume-doc"):
        show_pane(page, doc_id)
        assert_in_pane(page, doc_id, key)
    assert page.locator("#job-doc mark.ev.active").count() >= 1
    assert "Highlighted in" in page.locator("#selection").inner_text()


def test_the_keyboard_selects_a_requirement_too(page, base_url, posting, resume_pdf):
    submit_job(page, base_url, posting, resume_pdf)
    key = deep_requirement(page)
    if page.locator('#workspace [role="tablist"]').is_visible():
        page.click("#tab-req")
    button = page.locator(f'li.req[data-key="{key}"] button.req-name')
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-pressed") == "true"
    for doc_id in ("job-doc", "resume-doc"):
        show_pane(page, doc_id)
        assert_in_pane(page, doc_id, key)


def test_a_gap_on_the_first_screen_leads_to_its_requirement(page, base_url, posting, resume_pdf):
    submit_job(page, base_url, posting, resume_pdf)
    gap = page.locator("#top-gaps button.req-link").first
    key = gap.get_attribute("data-key")
    gap.click()
    row = page.locator(f'li.req[data-key="{key}"]')
    assert "active" in row.get_attribute("class") and row.is_visible()
    if page.locator('#workspace [role="tablist"]').is_hidden():
        show_pane(page, "job-doc")
        assert_in_pane(page, "job-doc", key)


def test_edit_the_resume_and_rescan(page, base_url, posting, resume_pdf):
    submit_job(page, base_url, posting, resume_pdf)
    before = int(page.locator("#score").text_content())
    text = page.locator("#rescan-form textarea").input_value()
    assert len(text) > 200
    kept = "\n".join(line for line in text.splitlines() if "ython" not in line and "earning" not in line)
    page.fill("#rescan-form textarea", kept)
    page.click("#rescan-submit")
    page.wait_for_load_state("load")
    after = int(page.locator("#score").text_content())
    assert after < before, f"rescan kept the score at {before}"
    assert page.locator("#rescan-form textarea").input_value().strip() == kept.strip()


def test_busy_state_and_drag_and_drop(page, base_url, posting, resume_pdf):
    page.goto(base_url + "/")
    page.fill("#job_text", posting["text"])
    dropped = page.evaluate(
        """(bytes) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], 'cv.pdf', {type: 'application/pdf'}));
      const zone = document.querySelector('.drop[data-file="resume"]');
      zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
      return document.getElementById('resume').files[0].name;
    }""",
        list(resume_pdf.read_bytes()[:2000]),
    )
    assert dropped == "cv.pdf"
    page.evaluate(
        "document.getElementById('analyze-form').addEventListener('submit', e => e.preventDefault())"
    )
    page.click("#submit")
    assert page.locator("#submit").get_attribute("aria-busy") == "true"
    assert page.locator("#busy-note").inner_text().startswith("Working")


# --- forms and errors ----------------------------------------------------------------------------


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


def test_home_page(page, base_url, shots):
    page.goto(base_url + "/")
    no_horizontal_scroll(page)
    screenshot(page, shots, "home")
    assert_accessible(page)


def test_empty_form_explains_itself(page, base_url):
    page.goto(base_url + "/")
    page.click("#submit")
    message = page.locator("#form-error")
    assert message.is_visible() and "Paste a job description" in message.inner_text()
    assert page.url.rstrip("/") == base_url


def test_a_corrupt_resume_gets_an_error_page_that_keeps_the_text(page, base_url, posting, shots, tmp_path):
    fake = tmp_path / "resume.pdf"
    fake.write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    submit_job(page, base_url, posting, fake)
    alert = page.locator('[role="alert"] .error-message')
    assert alert.is_visible() and alert.inner_text().startswith("[JDL0")
    assert page.locator("#job_text").input_value() == posting["text"].replace("\r\n", "\n")
    assert page.locator("#job_title").input_value() == posting["title"]
    no_horizontal_scroll(page)
    screenshot(page, shots, "error")
    assert_accessible(page)


# --- market and docs -----------------------------------------------------------------------------


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
    assert page.locator("#t-trend_postings svg.line-chart").is_visible()
    no_horizontal_scroll(page)
    page.goto(base_url + "/market")
    screenshot(page, shots, "market")
    assert_accessible(page)


def test_a_market_filter_with_no_match_keeps_its_filters(page, base_url, shots):
    needs_shared()
    page.goto(base_url + "/market")
    page.select_option("#f-role", "ml_engineer")
    page.fill("#f-location", "Atlantis")
    page.click("#market-filters button[type=submit]")
    page.wait_for_load_state("load")
    assert page.locator("#market-empty").is_visible()
    assert page.locator("#f-location").input_value() == "Atlantis"
    assert page.locator("#f-role").input_value() == "ml_engineer"
    clear = page.locator("#market-filters a.button")
    box, card = clear.bounding_box(), page.locator("#market-filters").bounding_box()
    assert box["x"] + box["width"] <= card["x"] + card["width"] + 1, "Clear overflows its card"
    no_horizontal_scroll(page)
    screenshot(page, shots, "market_no_match")
    assert_accessible(page)
    page.click("text=Remove location")
    page.wait_for_load_state("load")
    assert page.locator("#market-summary").is_visible() and "location" not in page.url


def test_docs_page(page, base_url, shots):
    page.goto(base_url + "/docs")
    assert page.locator("code", has_text="JDLENS_MAX_UPLOAD_BYTES").count() >= 1
    no_horizontal_scroll(page)
    screenshot(page, shots, "docs")
    assert_accessible(page)


def test_the_printed_report_shows_its_evidence(browser, base_url, posting, resume_pdf):
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    submit_job(page, base_url, posting, resume_pdf)
    href = page.locator("#download-html").get_attribute("href")
    report = browser.new_page()
    report.goto(href)
    report.emulate_media(media="print")
    quotes = report.locator("details.where .quotes q")
    assert quotes.count() >= 3 and quotes.first.is_visible()
    assert report.locator("#report-meta time").is_visible()
    report.close()
    page.close()


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
