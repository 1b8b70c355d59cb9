"""Read form input: a pasted job text or an uploaded file, and an optional resume.

Uploads are read into memory with a size cap and never written anywhere or logged; the
framework's spool file (if any) is closed when the request ends.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from fastapi import UploadFile

from jdlens.errors import FileTooLargeError
from jdlens.sources.reader import SourceDocument
from jdlens.web.http_errors import RequestTooLargeError
from jdlens.web.services import read_document


@dataclass(frozen=True)
class Upload:
    """An uploaded file held in memory for the length of one request."""

    filename: str
    data: bytes

    @property
    def suffix(self) -> str:
        return PurePath(self.filename).suffix.lower()


def has_text(text: str | None) -> bool:
    """True if ``text`` has a visible character: whitespace and format characters (zero-width
    spaces, joiners, BOMs) alone are empty. Stops at the first visible character."""
    return bool(text) and any(not (c.isspace() or unicodedata.category(c) == "Cf") for c in text or "")


def is_present(upload: UploadFile | None) -> bool:
    """Browsers send an empty part with no filename when the user chose no file."""
    return upload is not None and bool(upload.filename)


def read_upload(upload: UploadFile, limit: int, *, what: str) -> Upload:
    """The file's bytes, or a 413 error if it is over ``limit``; never touches the disk."""
    data = upload.file.read(limit + 1)
    if len(data) > limit:
        if what == "resume":
            raise FileTooLargeError("JDL021", size=f"more than {limit}", limit=limit)
        raise RequestTooLargeError(size=len(data), limit=limit)
    return Upload(filename=PurePath(upload.filename or "upload").name, data=data)


def text_upload(text: str, filename: str, limit: int) -> Upload:
    """Pasted resume text as a .txt upload, under the same size limit as a file (JDL021)."""
    data = text.encode("utf-8", errors="ignore")
    if len(data) > limit:
        raise FileTooLargeError("JDL021", size=f"more than {limit}", limit=limit)
    return Upload(filename=filename, data=data)


def job_document_from_file(upload: Upload) -> SourceDocument:
    """The job description inside an uploaded file, read like every other door (format from the bytes),
    with what could not be read (pages without text)."""
    return read_document(upload.data, upload.filename)
