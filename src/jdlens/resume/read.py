"""Turn a resume file (PDF, DOCX, TXT, Markdown) into raw text, or a coded error naming the problem.

The file type is decided from the bytes, not the name: a ``.pdf`` that is really a DOCX is reported
as such. Nothing read here is logged.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from jdlens.config import get_settings
from jdlens.errors import FileTooLargeError, InputError, ResumeError, UnsupportedFileError
from jdlens.models import ResumeFormat

_SUFFIXES: dict[str, ResumeFormat] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "txt",
    ".text": "txt",
    ".md": "markdown",
    ".markdown": "markdown",
}
_MIN_PDF_CHARS = 30
_ZIP_MAGIC = b"PK\x03\x04"
_HYPHEN_BREAK = re.compile(r"([a-z])-\n([a-z])")


@dataclass(frozen=True, slots=True)
class RawResume:
    text: str
    format: ResumeFormat
    pages: int | None
    filename: str | None


def load_bytes(source: str | Path | bytes, filename: str | None = None) -> tuple[bytes, str | None]:
    """The file's bytes (size-checked before reading) and the name to report."""
    limit = get_settings().max_upload_bytes
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
        if len(data) > limit:
            raise FileTooLargeError(size=len(data), limit=limit)
        return data, filename
    path = Path(source)
    if not path.is_file():
        raise InputError("JDL001", path=str(path))
    size = path.stat().st_size
    if size > limit:
        raise FileTooLargeError(size=size, limit=limit)
    return path.read_bytes(), filename or path.name


def sniff(data: bytes) -> str:
    """What the bytes are: ``pdf``, ``docx``, ``zip``, ``binary`` or ``text``."""
    head = data[:8]
    if head.startswith(b"%PDF-") or data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(_ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                return "docx" if "word/document.xml" in zf.namelist() else "zip"
        except zipfile.BadZipFile:
            return "damaged_zip"
    if head.startswith((b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")):
        return "binary"
    sample = data[:8192]
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "text"


_ACTUAL_NAMES = {
    "pdf": "a PDF",
    "docx": "a Word (DOCX) file",
    "zip": "a ZIP archive",
    "binary": "a binary file",
    "text": "a plain-text file",
}


def decide_format(data: bytes, filename: str | None) -> ResumeFormat:
    """The format to parse with; a name whose extension contradicts the bytes is an error."""
    actual = sniff(data)
    where = filename or "upload"
    suffix = Path(filename).suffix.lower() if filename else ""
    if suffix and suffix not in _SUFFIXES:
        raise UnsupportedFileError(suffix=suffix)
    claimed = _SUFFIXES.get(suffix)
    if actual == "damaged_zip":
        if claimed == "docx" or claimed is None:
            raise ResumeError("JDL024", where=where, reason="damaged ZIP container")
        actual = "zip"
    if actual in ("zip", "binary"):
        raise ResumeError("JDL025", where=where, actual=_ACTUAL_NAMES[actual])
    if claimed is None:
        return "pdf" if actual == "pdf" else "docx" if actual == "docx" else "txt"
    expected = "text" if claimed in ("txt", "markdown") else claimed
    if expected != actual:
        raise ResumeError("JDL025", where=where, actual=_ACTUAL_NAMES[actual])
    return claimed


def read_raw(source: str | Path | bytes, filename: str | None = None) -> RawResume:
    """Raw text of a resume file; every unreadable case raises a coded ResumeError."""
    data, name = load_bytes(source, filename)
    where = name or "upload"
    if not data.strip():
        raise ResumeError("JDL020", where=f": {where}")
    fmt = decide_format(data, name)
    if fmt == "pdf":
        text, pages = pdf_text(data, where)
    elif fmt == "docx":
        text, pages = docx_text(data, where), None
    else:
        text, pages = decode_text(data, where), None
    if not text.strip():
        raise ResumeError("JDL020", where=f": {where} (no text)")
    return RawResume(text=text, format=fmt, pages=pages, filename=name)


def decode_text(data: bytes, where: str) -> str:
    for encoding in (
        ("utf-8-sig", "utf-16") if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig",)
    ):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ResumeError("JDL024", where=where, reason=f"not valid text ({exc.reason})") from None


def pdf_text(data: bytes, where: str) -> tuple[str, int]:
    """Text of every page: PDFium (fast) first; pypdf, then pdfplumber, when it fails or finds (almost)
    nothing. pypdf's reading also names the problem of a file that cannot be read (encrypted, corrupt)."""
    if b"%%EOF" not in data[-2048:]:
        raise ResumeError("JDL024", where=where, reason="the PDF ends early (no end-of-file marker)")
    fast = _pdfium_text(data)
    if fast is not None and len("".join(fast[0].split())) >= _MIN_PDF_CHARS:
        return _HYPHEN_BREAK.sub(r"\1\2", fast[0]), fast[1]
    reader = _open_pdf(data, where)
    try:
        pages = len(reader.pages)
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception as exc:
        text, pages = _pdfplumber_text(data, where, exc)
    if len(text.strip()) < _MIN_PDF_CHARS:
        text = _pdfplumber_text(data, where, None)[0] or text
    if len("".join(text.split())) < _MIN_PDF_CHARS:
        raise ResumeError("JDL022", where=where)
    return _HYPHEN_BREAK.sub(r"\1\2", text), pages


def _pdfium_text(data: bytes) -> tuple[str, int] | None:
    """Text and page count through PDFium, or None when it cannot open or read the file."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return None
    try:
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(pages).replace("\r\n", "\n").replace("\r", "\n"), len(pages)
    except pdfium.PdfiumError:
        return None
    finally:
        pdf.close()


def _open_pdf(data: bytes, where: str):  # noqa: ANN202 - pypdf's reader type
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
    except PdfReadError as exc:
        raise ResumeError("JDL024", where=where, reason=str(exc)[:120]) from None
    except Exception as exc:
        raise ResumeError("JDL024", where=where, reason=type(exc).__name__) from None
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except Exception:
            opened = 0
        if not opened:
            raise ResumeError("JDL023", where=where)
    return reader


def _pdfplumber_text(data: bytes, where: str, first_error: Exception | None) -> tuple[str, int]:
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages), len(pdf.pages)
    except Exception as exc:
        if first_error is None:
            return "", 0
        raise ResumeError("JDL024", where=where, reason=type(exc).__name__) from None


def docx_text(data: bytes, where: str) -> str:
    """Paragraphs and table cells in order; list paragraphs become bullets."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ResumeError("JDL024", where=where, reason=type(exc).__name__) from None
    except Exception as exc:
        raise ResumeError("JDL024", where=where, reason=type(exc).__name__) from None
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(_paragraph_line(child))
        elif tag == "tbl":
            lines.extend(_table_lines(child))
    return "\n".join(lines)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_line(p) -> str:  # noqa: ANN001 - lxml element
    text = "".join(t.text or "" for t in p.iter(f"{_W}t"))
    ppr = p.find(f"{_W}pPr")
    is_list = ppr is not None and (
        ppr.find(f"{_W}numPr") is not None
        or "List"
        in (ppr.find(f"{_W}pStyle").get(f"{_W}val", "") if ppr.find(f"{_W}pStyle") is not None else "")
    )
    return f"• {text.strip()}" if is_list and text.strip() else text


def _table_lines(tbl) -> list[str]:  # noqa: ANN001 - lxml element
    lines = []
    for row in tbl.iter(f"{_W}tr"):
        cells = []
        for cell in row.iter(f"{_W}tc"):
            cell_text = " ".join(_paragraph_line(p) for p in cell.iter(f"{_W}p")).strip()
            if cell_text and cell_text not in cells:
                cells.append(cell_text)
        if cells:
            lines.append(" | ".join(cells))
    return lines
