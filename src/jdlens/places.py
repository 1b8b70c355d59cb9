"""The place names shared by location reading in job descriptions and in posting metadata
(``data/places.yaml``): regions, countries with their spellings, cities."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@lru_cache(maxsize=1)
def load_places() -> dict[str, Any]:
    """The raw places data (cached)."""
    return yaml.safe_load(resources.files("jdlens.data").joinpath("places.yaml").read_text(encoding="utf-8"))


def country_name(code: str) -> str:
    """The English name of an ISO country code (the first spelling listed), or the code itself."""
    names = load_places()["countries"].get(code)
    return names[0] if names else code
