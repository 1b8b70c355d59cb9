"""PDF text, page by page, with PDFium; pypdf only names a file PDFium cannot open (encrypted, corrupt)
and retries the few pages PDFium finds empty although they hold text objects (a page of images only,
a scan, is not read again). Every page is read once; pages and characters are limited.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from jdlens.compiled_regex import compile_pattern
from jdlens.errors import DocumentLimitError, LimitError, ResumeError

MIN_CHARS = 30  # fewer non-blank characters than this in the whole file: no text layer
_RETRY_PAGES = 20  # empty pages retried with pypdf, at most (a scan of thousands of pages is not)
_HYPHEN_BREAK = compile_pattern(r"([a-z])-\n([a-z])")


@dataclass(frozen=True, slots=True)
class PdfText:
    text: str
    pages: int
    empty_pages: tuple[int, ...]  # 1-based numbers of the pages with no text (scans, images)


def pdf_text(data: bytes, where: str, *, max_pages: int, max_chars: int) -> PdfText:
    """Text of every page; raises JDL022 (no text layer), JDL023, JDL024 or a limit error."""
    if b"%%EOF" not in data[-2048:]:
        raise ResumeError("JDL024", where=where, reason="the PDF ends early (no end-of-file marker)")
    import pypdfium2 as pdfium  # a PDF is rare among postings: `import jdlens` does not pay for PDFium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        _name_problem(data, where)
        raise ResumeError("JDL024", where=where, reason="PDFium cannot open it") from None
    try:
        count = len(pdf)
        if count > max_pages:
            raise DocumentLimitError("JDL029", where=where, pages=count, limit=max_pages)
        pages, unread = _pages(pdf, where, max_chars)
    finally:
        pdf.close()
    pages = _retry_empty(data, pages, unread)
    text = "\n".join(pages)
    if len("".join(text.split())) < MIN_CHARS:
        raise ResumeError("JDL022", where=where)
    empty = tuple(n for n, page in enumerate(pages, start=1) if not page.strip())
    return PdfText(_HYPHEN_BREAK.sub(r"\1\2", text), count, empty)


def _pages(pdf: Any, where: str, max_chars: int) -> tuple[list[str], set[int]]:
    """Each page's text, and the pages left empty that may hold text PDFium did not give (a page it
    could not load, or one with text or form objects), worth a second reader."""
    import pypdfium2 as pdfium

    pages: list[str] = []
    unread: set[int] = set()
    total = 0
    for index in range(len(pdf)):
        try:
            page = pdf[index]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            textpage.close()
            if not text.strip() and _has_text_objects(page):
                unread.add(index)
            page.close()
        except pdfium.PdfiumError:
            text = ""
            unread.add(index)
        total += len(text)
        if total > max_chars:
            raise LimitError("JDL007", where=where, limit=max_chars)
        pages.append(text.replace("\r\n", "\n").replace("\r", "\n"))
    return pages, unread


def _has_text_objects(page: Any) -> bool:
    """Whether the page holds text or form objects (a scanned page holds only an image)."""
    import pypdfium2.raw as pdfium_c

    kinds = [pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_FORM]
    return next(iter(page.get_objects(filter=kinds, max_depth=1)), None) is not None


def _retry_empty(data: bytes, pages: list[str], unread: set[int]) -> list[str]:
    """Pages PDFium read as empty although they may hold text, read again with pypdf (at most a few)."""
    empty = [i for i, page in enumerate(pages) if not page.strip() and i in unread]
    if not empty or sum(not page.strip() for page in pages) > _RETRY_PAGES:
        return pages
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        found = {i: reader.pages[i].extract_text() or "" for i in empty}
    except Exception:  # pypdf raises many types on damaged files; PDFium's reading stands
        return pages
    return [found.get(i, page) for i, page in enumerate(pages)]


def _name_problem(data: bytes, where: str) -> None:
    """Raise the precise error for a file PDFium cannot open: encrypted, or pypdf's reason."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
    except PdfReadError as exc:
        raise ResumeError("JDL024", where=where, reason=str(exc)[:120]) from None
    except Exception as exc:  # pypdf raises many types on damaged files
        raise ResumeError("JDL024", where=where, reason=type(exc).__name__) from None
    if reader.is_encrypted:
        try:
            opened = bool(reader.decrypt(""))
        except Exception:  # pypdf raises many types on damaged encryption dictionaries
            opened = False
        if not opened:
            raise ResumeError("JDL023", where=where)
