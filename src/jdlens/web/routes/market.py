"""The market report for the configured DuckDB database: page and JSON."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
