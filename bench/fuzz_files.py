"""PDF and DOCX files for the fuzzer, laid out from real posting text and then mutated.

Nothing binary is committed: reportlab draws the PDFs and python-docx writes the DOCX files.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable

from docx import Document
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def make_pdf(text: str, *, pages: int = 0, blank_pages: int = 0) -> bytes:
    """A text PDF of ``text`` (about 60 lines a page), with ``blank_pages`` empty pages after it."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    lines = [ln[:110] for ln in text.splitlines() if ln.strip()] or [text[:110]]
    per_page = 60
    count = pages or max(1, (len(lines) + per_page - 1) // per_page)
    for page in range(count):
        y = 800
        for line in lines[page * per_page : (page + 1) * per_page] or lines[:1]:
            pdf.drawString(40, y, line.encode("latin-1", "replace").decode("latin-1"))
            y -= 12
        pdf.showPage()
    for _ in range(blank_pages):
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def make_docx(text: str) -> bytes:
    document = Document()
    for line in text.splitlines()[:400]:
        if line.strip():
            document.add_paragraph("".join(c for c in line if c.isprintable() or c == "\t"))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_pages(*pages: str | None) -> bytes:
    """A PDF of these pages: a string is drawn as text, a line a row (blank text is still a text
    object); None is a page holding only an image, as a scan does."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for page in pages:
        if page is None:
            pdf.drawImage(ImageReader(Image.new("RGB", (200, 80), "white")), 50, 600, width=400, height=160)
        else:
            for n, line in enumerate(page.split("\n")):
                pdf.drawString(72, 720 - 14 * n, line)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def _replace_part(docx: bytes, name: str, edit: Callable[[bytes], bytes]) -> bytes:
    """The same DOCX with one zip member rewritten."""
    src = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item.filename, edit(data) if item.filename == name else data)
    return out.getvalue()


def _flip(data: bytes, rng: random.Random, n: int) -> bytes:
    out = bytearray(data)
    for _ in range(n):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


_BODY = b"<w:body>"


def _zip_bomb_docx(text: str, rng: random.Random) -> bytes:
    """A DOCX whose document.xml inflates to tens of MB (a modest bomb: ~100 KB on disk)."""
    padding = b" " * rng.randint(20, 80) * 1024 * 1024
    return _replace_part(
        make_docx(text[:2000]), "word/document.xml", lambda d: d.replace(_BODY, _BODY + padding, 1)
    )


PDF_MUTATIONS: dict[str, Callable[[str, random.Random], bytes]] = {
    "pdf_as_is": lambda t, r: make_pdf(t[:6000]),
    "pdf_byte_flips": lambda t, r: _flip(make_pdf(t[:6000]), r, r.randint(1, 60)),
    "pdf_truncated": lambda t, r: (lambda d: d[: r.randrange(1, len(d))])(make_pdf(t[:6000])),
    "pdf_thousands_of_pages": lambda t, r: make_pdf(t[:500], blank_pages=r.randint(1000, 3000)),
    "pdf_many_text_pages": lambda t, r: make_pdf(t, pages=r.randint(200, 600)),
    "pdf_nul_bytes": lambda t, r: make_pdf(t[:3000]).replace(b"stream", b"stream\x00\x00", 1),
}
DOCX_MUTATIONS: dict[str, Callable[[str, random.Random], bytes]] = {
    "docx_as_is": lambda t, r: make_docx(t),
    "docx_byte_flips": lambda t, r: _flip(make_docx(t), r, r.randint(1, 60)),
    "docx_truncated": lambda t, r: (lambda d: d[: r.randrange(1, len(d))])(make_docx(t)),
    "docx_zip_bomb": _zip_bomb_docx,
    "docx_xml_comment": lambda t, r: _replace_part(
        make_docx(t), "word/document.xml", lambda d: d.replace(_BODY, _BODY + b"<!-- a comment -->", 1)
    ),
    "docx_foreign_root": lambda t, r: _replace_part(
        make_docx(t), "word/document.xml", lambda d: d.replace(b"w:document", b"w:documentx")
    ),
    "docx_deep_nesting": lambda t, r: _replace_part(
        make_docx(t[:2000]),
        "word/document.xml",
        lambda d: d.replace(_BODY, _BODY + b"<w:sdt>" * 3000 + b"</w:sdt>" * 3000, 1),
    ),
}


def pdf_case(text: str, rng: random.Random) -> tuple[str, bytes]:
    name = rng.choice(list(PDF_MUTATIONS))
    return name, PDF_MUTATIONS[name](text, rng)


def docx_case(text: str, rng: random.Random) -> tuple[str, bytes]:
    name = rng.choice(list(DOCX_MUTATIONS))
    return name, DOCX_MUTATIONS[name](text, rng)
