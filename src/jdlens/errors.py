"""Typed, coded errors. The library raises these; only the shells (CLI, web) translate them.

Every message is templated here so users can search for the code and tests can match it. The
class follows the code's range, so a caller can catch a family: input (JDL001-009, JDL032,
JDL050-059, limits JDL070-071), an unexpected failure (JDL074-075), data files (JDL010-019), resume files (JDL020-029), the LLM endpoint (JDL030-031),
the market (JDL040-049) and the web shell (JDL060-069, JDL072-073). HTTP statuses are the web shell's
business (``jdlens.web.http_errors``), not the library's.
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
    "JDL007": "{where} holds more text than the limit: over {limit} characters (JDLENS_MAX_TEXT_CHARS)",
    "JDL008": "cannot decode {where} as {encoding}: {reason}",
    "JDL009": "{where}: the record cannot be read ({reason})",
    "JDL010": "taxonomy is invalid: {count} problem(s)",
    "JDL011": "data file {name} is invalid: {reason}",
    "JDL012": "match rules are invalid: {where}: {reason}",
    "JDL020": "resume file is empty{where}",
    "JDL021": "the file is too large: {size} bytes (limit {limit} bytes, JDLENS_MAX_UPLOAD_BYTES)",
    "JDL022": "the PDF has no text layer (scanned image?): {where}",
    "JDL023": "the PDF is encrypted: {where}",
    "JDL024": "the file is corrupt or truncated: {where} ({reason})",
    "JDL025": "the file is not what its extension says: {where} looks like {actual}",
    "JDL026": "unsupported resume format {suffix!r} (use PDF, DOCX, TXT or Markdown)",
    "JDL027": "the Word file holds only images, no text (scanned?): {where}",
    "JDL028": "{where} expands to more than {limit} bytes (JDLENS_MAX_DECOMPRESSED_BYTES)",
    "JDL029": "{where} has {pages} pages, more than the limit of {limit} (JDLENS_MAX_PAGES)",
    "JDL030": "LLM endpoint error: {reason}",
    "JDL031": "LLM endpoint is not configured: set {variables}",
    "JDL032": "nothing to rank: {reason}",
    "JDL040": "market database error: {reason}",
    "JDL041": "no postings match the filters{where}",
    "JDL042": "bad column mapping {mapping!r}: {reason}",
    "JDL043": "the Spark job failed on {source} row {row}: {reason}",
    "JDL044": "the Spark job failed while {step}: {reason}",
    "JDL050": "invalid value for {name}: {reason}",
    "JDL051": "{reason} (see `{command} --help`)",
    "JDL052": "cannot listen on {address}: {reason}",
    "JDL053": "cannot write {path}: {reason}",
    "JDL060": "the request is too large: {size} bytes or more (limit {limit} bytes)",
    "JDL061": "not found: {path}",
    "JDL062": "method {method} is not allowed on {path}",
    "JDL063": "invalid request: {reason}",
    "JDL064": "internal server error ({kind}); the request was not stored",
    "JDL065": "{feature} is not available in this installation",
    "JDL070": "the text is too long to analyze: {size} characters (limit {limit}; set JDLENS_MAX_TEXT_CHARS)",
    "JDL071": "the analysis ran out of its time budget ({seconds:g} s of CPU; set JDLENS_TIME_BUDGET)",
    "JDL072": "the request took longer than its time limit ({seconds:g} s; set JDLENS_REQUEST_TIMEOUT)",
    "JDL073": "the server is busy: {waiting} analyses are waiting (try again shortly)",
    "JDL074": "the text could not be analyzed ({kind}); the rest of the batch goes on",
    "JDL075": "unexpected failure ({kind}: {reason}); please report it with the output of `jdlens doctor`",
}


class JdlensError(Exception):
    """Base class: a stable code and its templated message."""

    code: str = "JDL000"  # the class's default code; an instance carries its own
    ranges: ClassVar[tuple[tuple[int, int], ...]] = ((0, 99),)

    def __init__(self, code: str | None = None, /, **params: Any) -> None:
        self.code = code or type(self).code
        if not any(lo <= int(self.code[3:]) <= hi for lo, hi in type(self).ranges):
            raise ValueError(f"{self.code} is not a {type(self).__name__} code")
        template = MESSAGES.get(self.code, "{reason}")
        try:
            text = template.format(**params)
        except (KeyError, IndexError):
            text = template
        self.params = params
        self.message = f"[{self.code}] {text}"
        super().__init__(self.message)

    def __reduce__(self) -> tuple[Any, ...]:
        # errors cross process boundaries (worker pools, Spark executors) with their class and text
        return (rebuild, (self.code, self.message, type(self)))


class InputError(JdlensError):
    """Bad user input: missing file, empty text, unknown column, wrong format, invalid value."""

    code = "JDL002"
    ranges = ((1, 9), (32, 32), (50, 59), (70, 71))


class UnsupportedFormatError(InputError):
    """A document in a format the door does not read."""

    code = "JDL005"


class DataFileError(JdlensError):
    """A data file shipped with the package is missing or invalid (a broken installation)."""

    code = "JDL011"
    ranges = ((10, 19),)


class TaxonomyError(DataFileError):
    code = "JDL010"

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("JDL010", count=len(problems))

    def __reduce__(self) -> tuple[Any, ...]:
        return (TaxonomyError, (self.problems,))


class RulesError(DataFileError):
    """The match rules file (weights and credits) is unreadable or invalid."""

    code = "JDL012"


class ResumeError(JdlensError):
    """A resume that cannot be read; the code names the exact problem."""

    code = "JDL024"
    ranges = ((20, 29),)


class UnsupportedFileError(ResumeError):
    code = "JDL026"


class FileTooLargeError(ResumeError):
    code = "JDL021"


class DocumentLimitError(FileTooLargeError):
    """A document over a reading limit: bytes it expands to (JDL028), pages (JDL029)."""

    code = "JDL028"


class LLMError(JdlensError):
    code = "JDL030"
    ranges = ((30, 31),)


class LimitError(InputError):
    """Text over the character limit: read from a document (JDL007) or given to analysis (JDL070),
    refused before any work."""

    code = "JDL070"


class TimeBudgetError(InputError):
    """A text that used up its CPU-time budget (JDL071)."""

    code = "JDL071"


class AnalysisError(JdlensError):
    """An unexpected failure: on one text of a batch, reported for that text alone (JDL074), or of a
    command, reported by the command line as one line instead of a traceback (JDL075)."""

    code = "JDL074"
    ranges = ((74, 75),)


class MarketError(JdlensError):
    code = "JDL040"
    ranges = ((40, 49),)


class WebError(JdlensError):
    """Errors of the web shell's own (request size, routing, request shape)."""

    code = "JDL063"
    ranges = ((60, 69), (72, 73))


class ServerBusyError(WebError):
    """The web server's analysis pool timed out (JDL072) or is full (JDL073)."""

    code = "JDL072"


FAMILIES: tuple[type[JdlensError], ...] = (
    InputError,
    AnalysisError,
    DataFileError,
    ResumeError,
    LLMError,
    MarketError,
    WebError,
)


def error_class(code: str) -> type[JdlensError]:
    """The family a code belongs to."""
    number = int(code[3:])
    for family in FAMILIES:
        if any(lo <= number <= hi for lo, hi in family.ranges):
            return family
    return JdlensError


def rebuild(code: str, message: str, cls: type[JdlensError] | None = None) -> JdlensError:
    """An error of its class (or, from the code alone, its family) from its code and finished message:
    how an error crosses a process boundary (a worker pool, a Spark executor)."""
    family = cls or error_class(code)
    exc = family.__new__(family)
    exc.code, exc.params, exc.message = code, {}, message
    Exception.__init__(exc, message)
    return exc
