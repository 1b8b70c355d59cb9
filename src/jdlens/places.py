"""The place names shared by location reading in job descriptions and in posting metadata.

``data/places.yaml`` holds the US states, Canadian provinces and UK nations with their codes, the
spellings of countries, the cities hiring is reported by, and the few English names of regions that
ISO 3166-2 gives in the local language ("Bavaria" for "Bayern"). Every other region of the world
(Maharashtra, Île-de-France, New South Wales) comes from the ISO 3166-2 tables of ``pycountry``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pycountry

from jdlens.datafiles import load_yaml

_MIN_FOREIGN_CODE = 3  # a bare two-letter code is read as a US state or Canadian province, never abroad


@dataclass(frozen=True)
class Region:
    """A first-level region of a country: ``Region("IN", "MH", "Maharashtra")``."""

    country: str  # ISO 3166-1 alpha-2
    code: str  # the part of the ISO 3166-2 code after the country ("MH", "NSW", "CA")
    name: str
    city: bool = False  # a city that is a region of its own (Budapest, Tokyo): alone, it names the city


@dataclass(frozen=True)
class City:
    name: str
    region: str | None
    country: str


@lru_cache(maxsize=1)
def load_places() -> dict[str, Any]:
    """The raw places data (cached)."""
    return load_yaml("jdlens.data", "places.yaml")


def fold(name: str) -> str:
    """Case, accents and hyphens folded: "Île-de-France" -> "ile de france", "Mahārāshtra" -> "maharashtra"."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.replace("-", " ").replace("’", "'").casefold().split())


def country_by_alpha3(value: str) -> str | None:
    """ "CAN" -> "CA": an upper-case ISO alpha-3 country code, as ATS exports write them."""
    if len(value) != 3 or not value.isupper():
        return None
    country = pycountry.countries.get(alpha_3=value)
    return str(country.alpha_2) if country is not None else None


def country_name(code: str) -> str:
    """The English name of an ISO country code (the first spelling listed, else ISO's), or the code."""
    names = load_places()["countries"].get(code)
    if names:
        return str(names[0])
    country = pycountry.countries.get(alpha_2=code)
    return str(country.name) if country is not None else code


@dataclass(frozen=True)
class _Regions:
    by_name: dict[str, tuple[Region, ...]]
    by_code: dict[
        str, tuple[Region, ...]
    ]  # folded code -> regions (listed countries, and codes of 3+ letters)
    by_country_code: dict[tuple[str, str], Region]


def _listed_regions(raw: dict[str, Any]) -> list[Region]:
    listed = [Region(c, code, name) for c, table in raw["regions"].items() for code, name in table.items()]
    listed += [Region(c, code, name) for name, (c, code) in raw["region_aliases"].items()]
    return listed


_CITY_TYPE = re.compile(r"(?i)\b(?:city|capital|municipality)\b")


def _iso_regions() -> list[Region]:
    """First-level subdivisions only: districts and boroughs share their names with towns."""
    return [
        Region(s.country_code, s.code.split("-", 1)[1], s.name, bool(_CITY_TYPE.search(s.type)))
        for s in pycountry.subdivisions
        if getattr(s, "parent_code", None) is None
    ]


@lru_cache(maxsize=1)
def _regions() -> _Regions:
    raw = load_places()
    listed = _listed_regions(raw)
    listed_countries = set(raw["regions"])
    by_name: dict[str, list[Region]] = {}
    by_code: dict[str, list[Region]] = {}
    by_country_code: dict[tuple[str, str], Region] = {}
    for region in listed + [r for r in _iso_regions() if r.country not in listed_countries]:
        by_name.setdefault(fold(region.name), []).append(region)
        by_country_code.setdefault((region.country, region.code.upper()), region)
        if region.country in listed_countries or _foreign_code(region.code):
            by_code.setdefault(fold(region.code), []).append(region)
    return _Regions(
        {k: tuple(v) for k, v in by_name.items()}, {k: tuple(v) for k, v in by_code.items()}, by_country_code
    )


def _foreign_code(code: str) -> bool:
    """A region code abroad that can stand alone: three letters or more, and not a country's
    alpha-3 code ("NSW" is New South Wales; "CAN" is Canada, not Canterbury)."""
    return len(code) >= _MIN_FOREIGN_CODE and code.isalpha() and pycountry.countries.get(alpha_3=code) is None


def _pick(found: tuple[Region, ...], country: str | None) -> Region | None:
    if country is not None:
        return next((r for r in found if r.country == country), None)
    countries = {r.country for r in found}
    if len(countries) == 1:
        return found[0]
    listed = [r for r in found if r.country in load_places()["regions"]]
    return listed[0] if listed else None


def find_region(value: str, country: str | None = None) -> Region | None:
    """The region a name or code stands for: "Maharashtra", "Bavaria", "NSW", "CA", ("MH", "IN").

    A name shared by regions of several countries is read only with its country; a bare two-letter
    code only as a US state or Canadian province (or with its country).
    """
    key = fold(value.strip(" ."))
    if not key:
        return None
    tables = _regions()
    found = tables.by_name.get(key) or tables.by_code.get(key)
    if found:
        return _pick(found, country)
    if country is not None:
        return tables.by_country_code.get((country, value.strip(" .").upper()))
    return None


@lru_cache(maxsize=1)
def _cities() -> dict[str, City]:
    raw = load_places()
    cities = {
        fold(name): City(name, region or None, country) for name, (region, country) in raw["cities"].items()
    }
    for alias, name in raw["city_aliases"].items():
        if fold(name) in cities:
            cities[fold(alias)] = cities[fold(name)]
    return cities


def known_city(name: str) -> City | None:
    """A city hiring is reported by, under its reported name ("NYC" -> New York, NY, US)."""
    return _cities().get(fold(name))


_POSTAL_CODE = re.compile(
    r"^(?:\d{3,6}(?:-\d{3,4})?|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d)$"
)


def is_postal_code(value: str) -> bool:
    """ZIP and postal codes ("94105", "SG15 6SN", "M5V 2T6") are neither regions nor cities."""
    return bool(_POSTAL_CODE.match(value.strip().upper()))


@lru_cache(maxsize=1)
def _work_mode_words() -> frozenset[str]:
    return frozenset(fold(w) for w in load_places()["work_mode_words"])


def strip_work_mode(part: str) -> str:
    """A place name without the words of work mode around it: "Onsite at our San Jose" -> "San Jose",
    "Remote First" -> "" (no place at all)."""
    words = part.split()
    while words and _work_mode_word(words[0]):
        words.pop(0)
    while words and _work_mode_word(words[-1]):
        words.pop()
    return " ".join(words)


def _work_mode_word(token: str) -> bool:
    """ "Remote-Friendly", "Travel-Required": every part of the token says how, not where."""
    parts = fold(token.strip("()[]")).split()
    return bool(parts) and all(p in _work_mode_words() for p in parts)
