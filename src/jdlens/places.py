"""The place names shared by location reading in job descriptions and in posting metadata.

``data/places.yaml`` holds the US states, Canadian provinces and UK nations with their codes, the
spellings of countries, the cities hiring is reported by, and the few English names of regions that
ISO 3166-2 gives in the local language ("Bavaria" for "Bayern"). Every other region of the world
(Maharashtra, Île-de-France, New South Wales) comes from the ISO 3166-2 tables of ``pycountry``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import Any

from jdlens.compiled_regex import compile_pattern
from jdlens.datafiles import load_yaml

_MIN_FOREIGN_CODE = 3
_DOTTED_CODE = 6  # a bare two-letter code is read as a US state or Canadian province, never abroad


def _iso() -> ModuleType:
    """pycountry's ISO 3166 tables, imported on first use: most postings name no place that
    ``data/places.yaml`` does not already hold."""
    import pycountry

    return pycountry


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
    country = _iso().countries.get(alpha_3=value)
    return str(country.alpha_2) if country is not None else None


def country_name(code: str) -> str:
    """The English name of an ISO country code (the first spelling listed, else ISO's), or the code."""
    names = load_places()["countries"].get(code)
    if names:
        return str(names[0])
    country = _iso().countries.get(alpha_2=code)
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


_CITY_TYPE = compile_pattern(r"(?i)\b(?:city|capital|municipality)\b")


def _iso_regions() -> list[Region]:
    """First-level subdivisions only: districts and boroughs share their names with towns."""
    return [
        Region(s.country_code, s.code.split("-", 1)[1], s.name, bool(_CITY_TYPE.search(s.type)))
        for s in _iso().subdivisions
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
    return len(code) >= _MIN_FOREIGN_CODE and code.isalpha() and _iso().countries.get(alpha_3=code) is None


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
    if not found and "." in key and len(key) <= _DOTTED_CODE:
        found = tables.by_code.get(key.replace(".", ""))  # "D.C." is DC
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


_POSTAL_CODE = compile_pattern(
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


# Between two places of a multi-location string: "or", "and", "/", ";", "|", "&", "•" and a spaced dash
# ("New York, NY or San Francisco, CA", "London / Remote", "Remote - US"); commas are read part by part.
_PLACE_BREAK = compile_pattern(r"(?i)\s+(?:or|and)\s+|\s*[/;|&•\n]\s*|\s+[-–—]\s+")
_ASIDE = compile_pattern(r"\([^)]{0,80}\)|\[[^\]]{0,80}\]")
_MAX_PLACES = 12
_TRAILING_ZIP = compile_pattern(r"\s+\d{5}(?:-\d{4})?\s*$")


def _is_country(part: str) -> bool:
    return find_country(part) is not None


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Folded country name -> ISO code: the spellings of places.yaml, then ISO 3166-1's names."""
    names: dict[str, str] = {}
    for country in _iso().countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.setdefault(fold(value), str(country.alpha_2))
    for code, spellings in load_places()["countries"].items():
        for spelling in spellings:
            names[fold(spelling)] = code
    return names


def find_country(value: str) -> str | None:
    """The ISO code of a country name or spelling ("Qatar", "UK", "Türkiye", "CAN"); a bare two-letter
    code is never read as a country here (it is a US state or a Canadian province)."""
    bare = value.strip(" .")
    return _country_names().get(fold(bare)) or country_by_alpha3(bare)


def _joins(group: list[str], part: str) -> bool:
    """Whether a comma part completes the place begun in ``group`` (its region, country or postal code)
    rather than naming another place: "New York, NY" is one place, "Bangalore, Hyderabad" two."""
    if is_postal_code(part):
        return True
    has_country = any(_is_country(p) for p in group[1:])
    if _is_country(part):
        return not has_country
    region = find_region(part)
    if region is None or has_country or any(find_region(p) for p in group[1:]):
        return False
    city = known_city(group[0])
    if city is None:
        return True
    # a known city takes a region of its own country only: "London, Berlin" is two cities
    return city.country == region.country and (city.region is None or city.region == region.code)


def split_places(raw: str) -> list[str]:
    """The places of a location string, each as "City, Region, Country" parts joined by ", ".

    "New York, NY or San Francisco, CA" -> ["New York, NY", "San Francisco, CA"]; "London / Remote" ->
    ["London"]; "Bangalore, Hyderabad, India" -> ["Bangalore, India", "Hyderabad, India"] (a country
    that closes a list of cities holds for each of them). Work-mode words are no place.
    """
    found = _split(_ASIDE.sub(" ", raw))
    if not found:  # "Remote (US/Canada)": the places are in the aside
        found = _split(" / ".join(m.group(0)[1:-1] for m in _ASIDE.finditer(raw)))
    return found


def _split(raw: str) -> list[str]:
    found: list[str] = []
    for piece in _PLACE_BREAK.split(raw):
        groups: list[list[str]] = []
        for part in piece.split(","):
            part = strip_work_mode(_TRAILING_ZIP.sub("", part).strip(" .-–"))
            if not part:
                continue
            if groups and _joins(groups[-1], part):
                groups[-1].append(part)
            else:
                groups.append([part])
        _share_country(groups)
        found.extend(", ".join(g) for g in groups)
        if len(found) >= _MAX_PLACES:
            break
    return found[:_MAX_PLACES]


def _share_country(groups: list[list[str]]) -> None:
    """ "Bangalore, Hyderabad, India": the country of the last place is the country of the others."""
    if len(groups) < 2 or len(groups[-1]) < 2 or not _is_country(groups[-1][-1]):
        return
    country = groups[-1][-1]
    for group in groups[:-1]:
        if len(group) == 1 and not _is_country(group[0]) and find_region(group[0]) is None:
            group.append(country)
