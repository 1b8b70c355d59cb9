"""The one door for a single document: bytes, a path or standard input in, a ``SourceDocument`` out.

The format is decided from the bytes, never the file name: PDF, DOCX, HTML (a schema.org JobPosting
in JSON-LD is used when the page has one), a JSON JobPosting record, Markdown or plain text. Text is
decoded by ``sources.encoding`` unless an encoding is given. Every limit (``config.Settings``) is
checked before the work it bounds, with a coded error. Nothing read here is logged.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from jdlens.compiled_regex import compile_pattern
from jdlens.config import get_settings
from jdlens.errors import (
    FileTooLargeError,
    InputError,
    LimitError,
    ResumeError,
    UnsupportedFormatError,
)
from jdlens.sources import markup as html_reader
from jdlens.sources.docx import docx_text, is_docx
from jdlens.sources.encoding import decode
from jdlens.sources.pdf import pdf_text

SourceFormat = Literal["pdf", "docx", "html", "jobposting", "markdown", "text"]
ByteKind = Literal["pdf", "docx", "zip", "damaged_zip", "binary", "text"]

_ZIP_MAGIC = b"PK\x03\x04"
# formats recognised by their first bytes that are not documents jdlens reads
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0", "Word 97-2003 / Excel (OLE)"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x7fELF", "executable"),
    (b"MZ", "executable"),
    (b"\x1f\x8b", "gzip archive"),
    (b"{\\rtf", "RTF"),
)
READABLE = ".pdf, .docx, .html, .json (JobPosting), .md or .txt"
_MD_HINT = compile_pattern(
    r"(?m)^\s{0,3}(?:#{1,6}\s+\S|[-*+]\s+\S.*\n\s{0,3}[-*+]\s+\S)|\[[^\]\n]{1,200}\]\([^)\s]{1,500}\)"
)
_HINT_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A document's text as read: what the analysis and resume parsing start from."""

    text: str
    format: SourceFormat
    name: str | None = None
    encoding: str | None = None
    pages: int | None = None
    empty_pages: tuple[int, ...] = ()  # PDF pages with no text (scans): 1-based
    title: str | None = None  # from a JobPosting record

    @property
    def notes(self) -> list[str]:
        """What the reader could not read, in words a user acts on (empty when it read everything)."""
        note = empty_pages_note(self.empty_pages, self.pages)
        return [note] if note else []


def empty_pages_note(empty: tuple[int, ...] | list[int], pages: int | None = None) -> str | None:
    """The note for PDF pages with no text: "page 1 of 2 has no text ...", or None when there are none."""
    if not empty:
        return None
    shown = ", ".join(str(n) for n in empty[:10]) + (
        f" and {len(empty) - 10} more" if len(empty) > 10 else ""
    )
    of = f" of {pages}" if pages else ""
    which = f"page {shown}{of} has" if len(empty) == 1 else f"pages {shown}{of} have"
    return (
        f"{which} no text (a scanned image?) and {'was' if len(empty) == 1 else 'were'} not read; "
        "only the other pages were: save the file as a text PDF to have every page read"
    )


def sniff(data: bytes) -> ByteKind:
    """What the bytes are, from their first bytes (and a ZIP's directory)."""
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(_ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                return "docx" if is_docx(zf.namelist()) else "zip"
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):  # a version it cannot read
            return "damaged_zip"
    if binary_kind(data) is not None:
        return "binary"
    return "text"


def binary_kind(data: bytes) -> str | None:
    """The name of a known non-document format the bytes start with, or None."""
    return next((name for magic, name in _BINARY_MAGIC if data.startswith(magic)), None)


def check_size(size: int) -> None:
    limit = get_settings().max_upload_bytes
    if size > limit:
        raise FileTooLargeError("JDL021", size=size, limit=limit)


def read_bytes(data: bytes, name: str | None = None, *, encoding: str | None = None) -> SourceDocument:
    """The document in ``data``; ``name`` is only used in messages."""
    check_size(len(data))
    where = name or "the input"
    kind = sniff(data)
    settings = get_settings()
    if kind == "pdf":
        got = pdf_text(data, where, max_pages=settings.max_pages, max_chars=settings.max_text_chars)
        return SourceDocument(got.text, "pdf", name, pages=got.pages, empty_pages=got.empty_pages)
    if kind == "docx":
        text = docx_text(
            data, where, max_decompressed=settings.max_decompressed_bytes, max_chars=settings.max_text_chars
        )
        return SourceDocument(text, "docx", name)
    if kind == "damaged_zip":
        raise ResumeError("JDL024", where=where, reason="damaged ZIP container")
    if kind in ("zip", "binary"):
        actual = "ZIP archive" if kind == "zip" else binary_kind(data) or "binary"
        raise UnsupportedFormatError("JDL005", suffix=actual, allowed=READABLE)
    decoded = decode(data, where, encoding)
    if len(decoded.text) > settings.max_text_chars:
        raise LimitError("JDL007", where=where, limit=settings.max_text_chars)
    return _from_text(decoded.text, name, decoded.encoding)


def _from_text(text: str, name: str | None, encoding: str) -> SourceDocument:
    head = text[:_HINT_CHARS]
    if head.lstrip().startswith(("{", "[")):
        posting = _json_posting(text)
        if posting is not None:
            return SourceDocument(posting.as_text(), "jobposting", name, encoding, title=posting.title)
    if html_reader.looks_like_html(head):
        root = html_reader.parse(text)
        posting = html_reader.job_posting(root) if root is not None else None
        if posting is not None:
            return SourceDocument(posting.as_text(), "jobposting", name, encoding, title=posting.title)
        body = html_reader.tree_text(root) if root is not None else ""
        return SourceDocument(body, "html", name, encoding)
    fmt: SourceFormat = "markdown" if _MD_HINT.search(head) else "text"
    return SourceDocument(text, fmt, name, encoding)


def _json_posting(text: str) -> html_reader.JobPosting | None:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return html_reader.posting_from_json(data)


def read_path(path: Path, *, encoding: str | None = None) -> SourceDocument:
    """The document in the file at ``path`` (its size checked before it is read)."""
    if not path.is_file():
        raise InputError("JDL001", path=str(path))
    check_size(path.stat().st_size)
    return read_bytes(path.read_bytes(), path.name, encoding=encoding)


def read_stdin(*, encoding: str | None = None) -> SourceDocument:
    """The document on standard input, read up to the size limit."""
    limit = get_settings().max_upload_bytes
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise FileTooLargeError("JDL021", size=f"more than {limit}", limit=limit)
    return read_bytes(data, "standard input", encoding=encoding)


def read_source(source: str | Path, *, encoding: str | None = None) -> SourceDocument:
    """A command-line argument: a path, or ``-`` for standard input. Empty text is JDL002."""
    doc = read_stdin(encoding=encoding) if str(source) == "-" else read_path(Path(source), encoding=encoding)
    if not doc.text.strip():
        raise InputError("JDL002", where=f" ({doc.name})")
    return doc
