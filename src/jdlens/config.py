"""Settings read from JDLENS_* environment variables (cached)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from jdlens.errors import InputError

# Reading limits (docs/input.md): bytes of one input file or upload, bytes a DOCX may expand to,
# pages of a PDF, characters of text read from one document or table cell.
MAX_INPUT_BYTES = 10 * 1024 * 1024
MAX_DECOMPRESSED_BYTES = 20 * 1024 * 1024
MAX_PAGES = 300
MAX_TEXT_CHARS = 2_000_000


@dataclass(frozen=True, slots=True)
class Settings:
    max_upload_bytes: int = MAX_INPUT_BYTES
    max_decompressed_bytes: int = MAX_DECOMPRESSED_BYTES
    max_pages: int = MAX_PAGES
    max_text_chars: int = MAX_TEXT_CHARS  # 0: no limit
    workers: int = 0  # 0 means: all cores
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    db_path: str | None = None
    time_budget_s: float = 5.0  # CPU seconds per analysed text; 0: no budget
    request_timeout_s: float = 10.0  # wall-clock seconds per web analysis
    web_threads: int = 4  # analyses the web server runs at once, per worker process
    web_queue: int = 32  # analyses waiting for a thread before the server answers 503
    job_cache_bytes: int = 64 * 1024 * 1024  # the web's job-analysis cache, by text size


# The environment variable of each setting (what `jdlens doctor` lists; get_settings reads them).
VARIABLES: dict[str, str] = {
    "max_upload_bytes": "JDLENS_MAX_UPLOAD_BYTES",
    "max_decompressed_bytes": "JDLENS_MAX_DECOMPRESSED_BYTES",
    "max_pages": "JDLENS_MAX_PAGES",
    "max_text_chars": "JDLENS_MAX_TEXT_CHARS",
    "workers": "JDLENS_WORKERS",
    "llm_base_url": "JDLENS_LLM_BASE_URL",
    "llm_model": "JDLENS_LLM_MODEL",
    "llm_api_key": "JDLENS_LLM_API_KEY",
    "db_path": "JDLENS_DB",
    "time_budget_s": "JDLENS_TIME_BUDGET",
    "request_timeout_s": "JDLENS_REQUEST_TIMEOUT",
    "web_threads": "JDLENS_WEB_THREADS",
    "web_queue": "JDLENS_WEB_QUEUE",
    "job_cache_bytes": "JDLENS_JOB_CACHE_BYTES",
}
SECRETS = frozenset({"llm_api_key"})  # never printed, only said to be set


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise InputError("JDL050", name=name, reason=f"{raw.strip()!r} is not a number") from None


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise InputError("JDL050", name=name, reason=f"{raw.strip()!r} is not a whole number") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment; call ``get_settings.cache_clear()`` after changing it."""
    return Settings(
        max_upload_bytes=_int("JDLENS_MAX_UPLOAD_BYTES", MAX_INPUT_BYTES),
        max_decompressed_bytes=_int("JDLENS_MAX_DECOMPRESSED_BYTES", MAX_DECOMPRESSED_BYTES),
        max_pages=_int("JDLENS_MAX_PAGES", MAX_PAGES),
        max_text_chars=_int("JDLENS_MAX_TEXT_CHARS", MAX_TEXT_CHARS),
        workers=_int("JDLENS_WORKERS", 0),
        llm_base_url=os.environ.get("JDLENS_LLM_BASE_URL") or None,
        llm_model=os.environ.get("JDLENS_LLM_MODEL") or None,
        llm_api_key=os.environ.get("JDLENS_LLM_API_KEY") or None,
        db_path=os.environ.get("JDLENS_DB") or None,
        time_budget_s=_float("JDLENS_TIME_BUDGET", 5.0),
        request_timeout_s=_float("JDLENS_REQUEST_TIMEOUT", 10.0),
        web_threads=_int("JDLENS_WEB_THREADS", 4),
        web_queue=_int("JDLENS_WEB_QUEUE", 32),
        job_cache_bytes=_int("JDLENS_JOB_CACHE_BYTES", 64 * 1024 * 1024),
    )


def worker_count(requested: int | None = None) -> int:
    """Number of worker processes: the request, else the setting, else all cores."""
    n = requested or get_settings().workers or (os.cpu_count() or 1)
    return max(1, n)
