"""Typed, coded errors. The library raises these; only the shells (CLI, web) translate them.

Every message is templated here so users can search for the code and tests can match it.
"""

from __future__ import annotations

from typing import Any, ClassVar

MESSAGES: dict[str, str] = {
    "JDL001": "file not found: {path}",
    "JDL002": "the job description is empty{where}",
    "JDL003": "{path} looks like a binary file, not text",
    "JDL004": "unknown column {column!r}; available columns: {available}",
    "JDL005": "unsupported input format {suffix!r} (use {allowed})",
    "JDL006": "cannot read {path}: {reason}",
    "JDL010": "taxonomy is invalid: {count} problem(s)",
    "JDL020": "resume file is empty{where}",
    "JDL021": "resume file is too large: {size} bytes (limit {limit} bytes)",
    "JDL022": "the PDF has no text layer (scanned image?): {where}",
    "JDL023": "the PDF is encrypted: {where}",
    "JDL024": "the file is corrupt or truncated: {where} ({reason})",
    "JDL025": "the file is not what its extension says: {where} looks like {actual}",
    "JDL026": "unsupported resume format {suffix!r} (use PDF, DOCX, TXT or Markdown)",
    "JDL030": "LLM endpoint error: {reason}",
    "JDL031": "LLM endpoint is not configured: set {variables}",
    "JDL032": "nothing to rank: {reason}",
    "JDL040": "market database error: {reason}",
    "JDL041": "no postings match the filters{where}",
    "JDL042": "bad column mapping {mapping!r}: {reason}",
    "JDL043": "the Spark job failed on {source} row {row}: {reason}",
    "JDL044": "the Spark job failed while {step}: {reason}",
    "JDL050": "invalid value for {name}: {reason}",
    "JDL060": "the request is too large: {size} bytes or more (limit {limit} bytes)",
    "JDL061": "not found: {path}",
    "JDL062": "method {method} is not allowed on {path}",
    "JDL063": "invalid request: {reason}",
    "JDL064": "internal server error ({kind}); the request was not stored",
    "JDL065": "{feature} is not available in this installation",
}


class JdlensError(Exception):
    """Base class: carries a stable code, a message, and the HTTP status a web shell should use."""

    code: ClassVar[str] = "JDL000"
    http_status: ClassVar[int] = 400

    def __init__(self, code: str | None = None, /, **params: Any) -> None:
        self.code = code or type(self).code
        template = MESSAGES.get(self.code, "{reason}")
        try:
            text = template.format(**params)
        except (KeyError, IndexError):
            text = template
        self.params = params
        self.message = f"[{self.code}] {text}"
        super().__init__(self.message)


class InputError(JdlensError):
    """Bad user input: missing file, empty text, unknown column, wrong format."""

    code = "JDL002"
    http_status = 422


class TaxonomyError(JdlensError):
    code = "JDL010"
    http_status = 500

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("JDL010", count=len(problems))


class ResumeError(JdlensError):
    """A resume that cannot be read; the code names the exact problem."""

    code = "JDL024"
    http_status = 422


class UnsupportedFileError(ResumeError):
    code = "JDL026"
    http_status = 415


class FileTooLargeError(ResumeError):
    code = "JDL021"
    http_status = 413


class LLMError(JdlensError):
    code = "JDL030"
    http_status = 502


class MarketError(JdlensError):
    code = "JDL040"
    http_status = 400
