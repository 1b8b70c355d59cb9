"""Reading resume files: real PDFs and generated DOCX/TXT/Markdown, and a coded error for every bad file."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from bench.fuzz_files import pdf_pages

from jdlens.config import get_settings
from jdlens.errors import FileTooLargeError, InputError, ResumeError, UnsupportedFileError
from jdlens.resume import read_resume

DATA = Path(__file__).resolve().parent / "data"
HARVEY = DATA / "resumes" / "harvey_dent_mle.pdf"
JOHN = DATA / "resumes" / "john_doe.pdf"


def _docx_bytes(paragraphs: list[tuple[str, str | None]]) -> bytes:
    import docx

    document = docx.Document()
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _image_only_pdf() -> bytes:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("RGB", (200, 80), "white")
    for x in range(20, 180):
        image.putpixel((x, 40), (0, 0, 0))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawImage(ImageReader(image), 50, 600, width=400, height=160)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(HARVEY).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_real_pdf_is_read_with_pages_and_text() -> None:
    resume = read_resume(HARVEY)
    assert resume.format == "pdf" and resume.pages == 1
    assert resume.filename == "harvey_dent_mle.pdf"
    assert "Machine Learning Engineer" in resume.text
    assert resume.word_count > 200


def test_pdf_bytes_need_no_name() -> None:
    resume = read_resume(JOHN.read_bytes())
    assert resume.format == "pdf" and "Java" in resume.text


def test_docx_paragraphs_and_list_bullets() -> None:
    data = _docx_bytes(
        [
            ("Ada Lovelace", None),
            ("ada@example.com | +1 555 010 0100", None),
            ("Experience", "Heading 1"),
            ("ML Engineer, Analytical Engines Ltd, 2019 - 2023", None),
            ("Deployed PyTorch models behind FastAPI, cutting latency by 35%", "List Bullet"),
            ("Skills", "Heading 1"),
            ("Python, PyTorch, Docker", None),
        ]
    )
    resume = read_resume(data, "ada.docx")
    assert resume.format == "docx"
    assert "• Deployed PyTorch models" in resume.text
    assert [b.text for b in resume.bullets] == [
        "Deployed PyTorch models behind FastAPI, cutting latency by 35%"
    ]
    assert {"python", "pytorch", "docker", "fastapi"} <= resume.skill_ids()


def test_real_docx_file_is_read() -> None:
    raw = read_resume(DATA / "jobs" / "data_scientist.docx")
    assert raw.format == "docx" and len(raw.text) > 500


def test_text_and_markdown() -> None:
    text = "Jane Roe\njane@example.com\n\n## Skills\n- Python\n- SQL\n"
    md = read_resume(text.encode(), "jane.md")
    assert md.format == "markdown" and "## " not in md.text
    assert any(s.kind == "skills" for s in md.sections)
    txt = read_resume("Jane Roe\nSkills: Python, R and SQL\n".encode("cp1252"), "jane.txt")
    assert txt.format == "txt" and {"python", "r", "sql"} <= txt.skill_ids()


@pytest.mark.parametrize(
    ("make", "name", "code"),
    [
        (lambda: b"", "empty.pdf", "JDL020"),
        (lambda: b"   \n\t ", "blank.txt", "JDL020"),
        (lambda: _image_only_pdf(), "scan.pdf", "JDL022"),
        (lambda: _encrypted_pdf(), "locked.pdf", "JDL023"),
        (lambda: HARVEY.read_bytes()[: len(HARVEY.read_bytes()) // 2], "cut.pdf", "JDL024"),
        (lambda: b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n", "garbage.pdf", "JDL024"),
        (lambda: _docx_bytes([("hello", None)]), "really_docx.pdf", "JDL025"),
        (lambda: HARVEY.read_bytes(), "really_pdf.docx", "JDL025"),
        (lambda: HARVEY.read_bytes(), "really_pdf.txt", "JDL025"),
        (lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "photo.pdf", "JDL025"),
        (lambda: b"PK\x03\x04" + b"\x00" * 200, "broken.docx", "JDL024"),
    ],
)
def test_bad_files_raise_coded_errors(make, name: str, code: str) -> None:
    with pytest.raises(ResumeError) as info:
        read_resume(make(), name)
    assert info.value.code == code
    assert info.value.message.startswith(f"[{code}]")


def test_zip_that_is_not_a_docx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("notes.txt", "hello")
    with pytest.raises(ResumeError) as info:
        read_resume(buffer.getvalue(), "resume.docx")
    assert info.value.code == "JDL025" and "ZIP" in info.value.message


def test_unsupported_extension_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFileError) as info:
        read_resume(b"hello", "resume.rtf")
    assert info.value.code == "JDL026"
    with pytest.raises(InputError) as missing:
        read_resume(tmp_path / "nope.pdf")
    assert missing.value.code == "JDL001"


def test_size_limit_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("JDLENS_MAX_UPLOAD_BYTES", "1000")
    get_settings.cache_clear()
    try:
        with pytest.raises(FileTooLargeError) as info:
            read_resume(HARVEY)
        assert info.value.code == "JDL021" and "limit 1000" in info.value.message
        with pytest.raises(FileTooLargeError):
            read_resume(b"x" * 1001, "big.txt")
    finally:
        monkeypatch.delenv("JDLENS_MAX_UPLOAD_BYTES")
        get_settings.cache_clear()
    assert read_resume(HARVEY).pages == 1


def test_pdf_with_empty_user_password_is_read() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(HARVEY).pages:
        writer.add_page(page)
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert "Harvey" in read_resume(buffer.getvalue(), "restricted.pdf").text


class _CountingReader:
    """Stands in for pypdf's reader and counts the files it is asked to open."""

    opened = 0

    def __init__(self, stream: object) -> None:
        type(self).opened += 1
        self.pages: list[object] = []


_TEXT_PAGE = "Jane Roe\nExperience\n2019 - 2023 Data Scientist, Acme\nBuilt churn models in Python and SQL"


def test_a_scanned_page_is_not_read_a_second_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import pypdf

    monkeypatch.setattr(_CountingReader, "opened", 0)
    monkeypatch.setattr(pypdf, "PdfReader", _CountingReader)
    resume = read_resume(pdf_pages(None, _TEXT_PAGE), filename="cv.pdf")
    assert resume.empty_pages == [1] and "Data Scientist" in resume.text
    assert _CountingReader.opened == 0


def test_an_empty_page_with_text_objects_gets_the_second_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    import pypdf

    monkeypatch.setattr(_CountingReader, "opened", 0)
    monkeypatch.setattr(pypdf, "PdfReader", _CountingReader)
    resume = read_resume(pdf_pages("   ", _TEXT_PAGE), filename="cv.pdf")
    assert resume.empty_pages == [1]
    assert _CountingReader.opened == 1
