"""Settings read from JDLENS_* environment variables (cached)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Settings:
    max_upload_bytes: int = 10 * 1024 * 1024
    workers: int = 0  # 0 means: all cores
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    db_path: str | None = None


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return int(raw)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment; call ``get_settings.cache_clear()`` after changing it."""
    return Settings(
        max_upload_bytes=_int("JDLENS_MAX_UPLOAD_BYTES", 10 * 1024 * 1024),
        workers=_int("JDLENS_WORKERS", 0),
        llm_base_url=os.environ.get("JDLENS_LLM_BASE_URL") or None,
        llm_model=os.environ.get("JDLENS_LLM_MODEL") or None,
        llm_api_key=os.environ.get("JDLENS_LLM_API_KEY") or None,
        db_path=os.environ.get("JDLENS_DB") or None,
    )


def worker_count(requested: int | None = None) -> int:
    """Number of worker processes: the request, else the setting, else all cores."""
    n = requested or get_settings().workers or (os.cpu_count() or 1)
    return max(1, n)
