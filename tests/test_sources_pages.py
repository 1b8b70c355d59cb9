"""Pages with no text (scans) are reported: a scanned first page and a text second page read page 2 and
say page 1 was not read (in the Resume, the analysis, the CLI and the web); a file with no text at all
is the coded "scanned" error."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import jdlens
from jdlens.cli import main
from jdlens.sources.reader import empty_pages_note, read_bytes
from jdlens.web.app import create_app

RESUME_PAGE = [
    "Jane Doe",
    "jane@example.com",
    "Experience",
    "Machine Learning Engineer, Acme, 2019 - 2024",
    "Built PyTorch models served with Kubernetes for 2M users",
    "Skills: Python, SQL, PyTorch, Kubernetes",
]
JOB_PAGE = ["ML Engineer", "Requirements", "5+ years of Python and PyTorch", "Nice to have: Kubernetes"]


def _pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose pages hold these lines; an empty list is a page with no text (as a scan reads)."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for lines in pages:
        if not lines:
            pdf.rect(72, 72, 400, 600, fill=1)  # a picture of a page: ink, no text layer
        for n, line in enumerate(lines):
            pdf.drawString(72, 720 - 14 * n, line)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_the_note_names_the_pages() -> None:
    assert empty_pages_note(()) is None
    assert (note := empty_pages_note((1,), 2)) and note.startswith("page 1 of 2 has no text")
    assert (many := empty_pages_note(tuple(range(1, 13)), 12)) and "pages 1, 2" in many and "2 more" in many


def test_a_scanned_first_page_reads_page_two_and_says_so() -> None:
    doc = read_bytes(_pdf([[], RESUME_PAGE]), "cv.pdf")
    assert doc.pages == 2 and doc.empty_pages == (1,)
    assert "PyTorch" in doc.text and doc.notes and "page 1 of 2" in doc.notes[0]


def test_the_resume_keeps_the_note_and_match_shows_it_as_a_failed_check() -> None:
    resume = jdlens.read_resume(_pdf([[], RESUME_PAGE]), filename="cv.pdf")
    assert resume.empty_pages == [1] and "page 1 of 2" in resume.notes[0]
    assert {"Python", "PyTorch"} <= {s.name for s in resume.skills}
    result = jdlens.match(resume, jdlens.analyze("\n".join(JOB_PAGE)))
    check = next(c for c in result.checks if c.code == "pages_read")
    assert not check.passed and check.reason == resume.notes[0]
    full = jdlens.read_resume(_pdf([RESUME_PAGE]), filename="cv.pdf")
    assert full.empty_pages == [] and full.notes == []
    assert "pages_read" not in {c.code for c in jdlens.match(full, jdlens.analyze("Python")).checks}


def test_an_analysis_of_a_pdf_posting_notes_the_empty_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _pdf([JOB_PAGE, []])
    analysis = jdlens.analyze(data)
    assert analysis.empty_pages == [2] and "page 2 of 2" in analysis.notes[0]
    assert "Python" in {s.name for s in analysis.skills}
    assert jdlens.analyze("\n".join(JOB_PAGE)).notes == []
    path = tmp_path / "job.pdf"
    path.write_bytes(data)
    main(["analyze", str(path), "--format", "json"])
    assert json.loads(capsys.readouterr().out)["notes"] == analysis.notes
    main(["analyze", str(path)])
    assert "page 2 of 2 has no text" in " ".join(capsys.readouterr().out.split())


def test_the_web_returns_and_shows_the_note() -> None:
    client = TestClient(create_app())
    data = _pdf([[], JOB_PAGE])
    response = client.post("/api/analyze", files={"job_file": ("job.pdf", data, "application/pdf")})
    assert response.status_code == 200 and response.json()["empty_pages"] == [1]
    page = client.post("/analyze", files={"job_file": ("job.pdf", data, "application/pdf")})
    assert page.status_code == 200 and "page 1 of 2 has no text" in page.text
    matched = client.post(
        "/api/match",
        data={"job_text": "\n".join(JOB_PAGE)},
        files={"resume": ("cv.pdf", _pdf([[], RESUME_PAGE]), "application/pdf")},
    )
    assert matched.status_code == 200
    assert any(c["code"] == "pages_read" and not c["passed"] for c in matched.json()["checks"])


def test_a_pdf_with_no_text_at_all_is_the_scanned_error() -> None:
    with pytest.raises(jdlens.JdlensError) as info:
        jdlens.read_resume(_pdf([[], []]), filename="scan.pdf")
    assert info.value.code == "JDL022"
    with pytest.raises(jdlens.JdlensError) as info:
        jdlens.analyze(_pdf([[]]))
    assert info.value.code == "JDL022"


def test_a_docx_of_pictures_only_is_the_scanned_error() -> None:
    import docx
    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (40, 40), "black").save(image, "PNG")
    image.seek(0)
    document = docx.Document()
    document.add_picture(image)
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(jdlens.JdlensError) as info:
        jdlens.read_resume(buffer.getvalue(), filename="scan.docx")
    assert info.value.code == "JDL027"
