"""A resume file (PDF, DOCX, TXT, Markdown) as raw text, or a coded error naming the problem.

Reading is ``jdlens.sources``'s: the format comes from the bytes, and a name whose extension
contradicts them (a ``.pdf`` that is really a DOCX) is reported as such. Nothing read here is logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jdlens.errors import InputError, ResumeError, UnsupportedFileError
from jdlens.models import ResumeFormat
from jdlens.sources.reader import ByteKind, SourceDocument, check_size, read_bytes, sniff

_SUFFIXES: dict[str, ResumeFormat] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "txt",
    ".text": "txt",
    ".md": "markdown",
    ".markdown": "markdown",
}
_ACTUAL_NAMES: dict[ByteKind, str] = {
    "pdf": "a PDF",
    "docx": "a Word (DOCX) file",
    "zip": "a ZIP archive",
    "damaged_zip": "a damaged ZIP archive",
    "binary": "a binary file",
    "text": "a plain-text file",
}


@dataclass(frozen=True, slots=True)
class RawResume:
    text: str
    format: ResumeFormat
    pages: int | None
    filename: str | None
    empty_pages: tuple[int, ...] = ()


def load_bytes(source: str | Path | bytes, filename: str | None = None) -> tuple[bytes, str | None]:
    """The file's bytes (size-checked before reading) and the name to report."""
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
        check_size(len(data))
        return data, filename
    path = Path(source)
    if not path.is_file():
        raise InputError("JDL001", path=str(path))
    check_size(path.stat().st_size)
    return path.read_bytes(), filename or path.name


def check_extension(data: bytes, filename: str | None) -> None:
    """A resume's extension must be a resume format and agree with the bytes."""
    suffix = Path(filename).suffix.lower() if filename else ""
    if suffix and suffix not in _SUFFIXES:
        raise UnsupportedFileError(suffix=suffix)
    claimed = _SUFFIXES.get(suffix)
    actual = sniff(data)
    where = filename or "upload"
    if actual == "damaged_zip" and claimed in ("docx", None):
        raise ResumeError("JDL024", where=where, reason="damaged ZIP container")
    if actual in ("zip", "binary", "damaged_zip"):
        raise ResumeError("JDL025", where=where, actual=_ACTUAL_NAMES[actual])
    if claimed is not None:
        expected = "text" if claimed in ("txt", "markdown") else claimed
        if expected != actual:
            raise ResumeError("JDL025", where=where, actual=_ACTUAL_NAMES[actual])


def _resume_format(doc: SourceDocument, filename: str | None) -> ResumeFormat:
    if doc.format in ("pdf", "docx"):
        return doc.format
    claimed = _SUFFIXES.get(Path(filename).suffix.lower()) if filename else None
    return "markdown" if claimed == "markdown" or doc.format == "markdown" else "txt"


def read_raw(source: str | Path | bytes, filename: str | None = None) -> RawResume:
    """Raw text of a resume file; every unreadable case raises a coded ResumeError."""
    data, name = load_bytes(source, filename)
    where = name or "upload"
    if not data.strip():
        raise ResumeError("JDL020", where=f": {where}")
    check_extension(data, name)
    doc = read_bytes(data, where)
    if not doc.text.strip():
        raise ResumeError("JDL020", where=f": {where} (no text)")
    fmt = _resume_format(doc, name)
    return RawResume(text=doc.text, format=fmt, pages=doc.pages, filename=name, empty_pages=doc.empty_pages)
