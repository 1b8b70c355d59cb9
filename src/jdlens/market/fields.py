"""Normalize posting metadata: description key, dates, places, salaries (annual, US dollars), company size."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jdlens import money
from jdlens.compiled_regex import compile_pattern
from jdlens.datafiles import load_yaml
from jdlens.money import currency_table
from jdlens.places import (
    country_by_alpha3,
    find_region,
    is_postal_code,
    known_city,
    load_places,
    strip_work_mode,
)
from jdlens.sources.markup import unescape

DATA_PACKAGE = "jdlens.market.data"
_TAG = compile_pattern(r"<[^>]{0,400}>")
_NON_WORD = compile_pattern(r"[\W_]+", re.UNICODE)
_MISSING = {"-1", "unknown", "n/a", "na", "nan", "none", "null", "not applicable", "-", ""}


def _load(name: str) -> dict[str, Any]:
    return load_yaml(DATA_PACKAGE, name)


def missing(value: str | None) -> bool:
    return value is None or value.strip().casefold() in _MISSING


def clean(value: str | None) -> str | None:
    """Collapse whitespace; the usual placeholders for "unknown" become None."""
    if missing(value):
        return None
    assert value is not None
    return " ".join(value.split())


# ---- description key -------------------------------------------------------------------------


def normalized_description(text: str) -> str:
    """Case, markup, punctuation and spacing removed: two copies of a posting compare equal."""
    return _NON_WORD.sub(" ", _without_markup(text).casefold()).strip()


def _without_markup(text: str) -> str:
    plain = unescape(unescape(text)) if "&" in text else text
    if "<" in plain:
        plain = _TAG.sub(" ", plain)
    return plain


# ASCII letters and digits kept, every other ASCII byte a space; the bytes of other characters kept
_ASCII_WORDS = bytes(c if c >= 0x80 or chr(c).isalnum() else 0x20 for c in range(256))
_ASCII_BYTES = bytes(range(128))


def _normalized_utf8(text: str) -> bytes:
    """``normalized_description(text)`` encoded in UTF-8, made with byte translation: each character that
    is not a letter or digit becomes a space (``[\\W_]``), runs of spaces one, none at the ends."""
    plain = _without_markup(text)
    if plain.isascii():
        data = plain.encode("ascii").lower().translate(_ASCII_WORDS)
    else:
        low = plain.casefold()
        data = low.encode("utf-8", "surrogatepass").translate(_ASCII_WORDS)
        # the non-ASCII characters: UTF-8 spells each with bytes of 0x80 and over only, so the bytes left
        # once every ASCII byte is deleted are those characters, one after another
        for char in set(data.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")):
            if not char.isalnum():  # UTF-8 is self-synchronizing: a character's bytes match only it
                data = data.replace(char.encode("utf-8", "surrogatepass"), b" ")
    return b" ".join(data.split())


def stable_id(*parts: str) -> int:
    """A stable 63-bit id (fits a signed BIGINT in DuckDB and Spark)."""
    return _stable_id("\x1f".join(parts).encode("utf-8"))


def _stable_id(data: bytes) -> int:
    digest = hashlib.blake2b(data, digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def description_key(text: str) -> int:
    """``stable_id(normalized_description(text))``, without building the normalized text."""
    return _stable_id(_normalized_utf8(text))


# ---- dates ------------------------------------------------------------------------------------

_ISO = compile_pattern(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_FORMATS = ("%m/%d/%Y", "%d/%m/%Y", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d")


@lru_cache(maxsize=65536)
def parse_date(value: str | None) -> dt.date | None:
    """ISO dates and datetimes, Unix epoch seconds, and a few written forms; None otherwise."""
    if missing(value):
        return None
    assert value is not None
    text = value.strip().strip("'\"")
    found = _ISO.search(text)
    date: dt.date | None = None
    if found:
        try:
            date = dt.date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
        except ValueError:
            return None
    elif re.fullmatch(r"\d{9,11}(?:\.\d+)?", text):
        date = dt.datetime.fromtimestamp(float(text), tz=dt.UTC).date()
    else:
        for fmt in _FORMATS:
            try:
                date = dt.datetime.strptime(text, fmt).date()
                break
            except ValueError:
                continue
    if date is None or not (1990 <= date.year <= 2100):
        return None
    return date


# ---- places -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    city: str | None = None
    state: str | None = None
    country: str | None = None
    remote: str | None = None


@dataclass(frozen=True)
class _Geo:
    countries: dict[str, str]  # casefolded alias -> ISO code
    city_aliases: dict[str, str]


@lru_cache(maxsize=1)
def _geo() -> _Geo:
    """Country spellings and city aliases; regions are read through ``jdlens.places.find_region``."""
    doc = load_places()
    countries = {}
    for code, aliases in doc["countries"].items():
        countries[code.casefold()] = code
        for alias in aliases:
            countries[alias.casefold()] = code
    cities = {k.casefold(): v for k, v in doc["city_aliases"].items()}
    return _Geo(countries, cities)


_REMOTE = compile_pattern(r"(?i)\b(remote|anywhere|work from home|wfh|distributed)\b")
_HYBRID = compile_pattern(r"(?i)\bhybrid\b")
_ZIP = compile_pattern(r"\s+\d{5}(?:-\d{4})?$|\s+[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$")
_NOISE = compile_pattern(
    r"(?i)\((?:remote|hybrid|on-?site)\)|\b(?:remote|hybrid|on-?site|or|and|only)\b|[()/]"
)


def _city(name: str) -> str | None:
    """The city as reports name it: "NYC" -> "New York"; work-mode words are no city ("Remote First")."""
    found = clean(strip_work_mode(_ZIP.sub("", name).strip(" -,;.")))
    if not found or is_postal_code(found):
        return None
    name = found
    alias = _geo().city_aliases.get(name.casefold())
    if alias:
        return alias
    known = known_city(name)
    if known:
        return known.name
    return name.title() if name.isupper() and len(name) > 3 else name


def region_code(value: str | None, country: str | None = None) -> tuple[str | None, str | None]:
    """``"California"`` -> ``("CA", "US")``, ``"Maharashtra"`` -> ``("MH", "IN")``; a ZIP or postal code
    is no region; other unknown regions are kept as written with no country."""
    value = clean(value)
    if not value:
        return None, None
    bare = _ZIP.sub("", value).strip()
    if not bare or is_postal_code(bare):
        return None, None
    hit = find_region(bare, country)
    if hit is not None:
        return hit.code, hit.country
    return value, None


def country_code(value: str | None) -> str | None:
    value = clean(value)
    if not value:
        return None
    bare = value.strip(" .")
    return _geo().countries.get(bare.casefold()) or country_by_alpha3(bare)


def _remote_kind(text: str) -> str | None:
    if _HYBRID.search(text):
        return "hybrid"
    if _REMOTE.search(text):
        return "remote"
    return None


@lru_cache(maxsize=65536)
def parse_location(text: str | None) -> Place:
    """``"Mountain View, CA, United States"``, ``"London, UK"``, ``"Remote - US"`` -> a Place."""
    text = clean(text)
    if not text:
        return Place()
    remote = _remote_kind(text)
    stripped = _NOISE.sub(" ", text)
    parts = [p.strip(" -–") for p in re.split(r"[,;|]| - ", stripped) if p.strip(" -–")]
    city = state = country = None
    if len(parts) == 1 and known_city(parts[0]) is not None:
        return _with_known_city(Place(city=_city(parts[0]), remote=remote))
    while parts:
        last = parts[-1]
        if len(parts) == 1 and country is not None and _names_city(last, country):
            break  # "Tokyo, Japan", "Budapest, Hungary": the city, though a region of its own too
        code = country_code(last)
        if code and country is None and not (_is_region(last) and _region_after_city(parts)):
            country = code
            parts.pop()
            continue
        if _is_region(last) and state is None and (len(parts) > 1 or last.casefold() not in _geo().countries):
            state, region_country = region_code(last, country)
            country = country or region_country
            parts.pop()
            continue
        break
    city = next((name for name in map(_city, parts) if name), None)
    return _with_known_city(Place(city=city, state=state, country=country, remote=remote))


def _with_known_city(place: Place) -> Place:
    """A known city brings its region and country: "New York" and "New York, NY" are one place."""
    known = known_city(place.city) if place.city else None
    if known is None or (place.country not in (None, known.country)):
        return place
    if place.state is not None and known.region is not None and place.state != known.region:
        return place
    return Place(known.name, place.state or known.region, place.country or known.country, place.remote)


def _names_city(value: str, country: str) -> bool:
    region = find_region(value, country)
    return known_city(value) is not None or (region is not None and region.city)


def _is_region(value: str) -> bool:
    bare = _ZIP.sub("", value).strip()
    return bool(bare) and find_region(bare) is not None


def _region_after_city(parts: list[str]) -> bool:
    """ "Los Angeles, CA": a two-letter code right after a city reads as a region, not a country."""
    return len(parts) > 1 and len(parts[-1].strip()) == 2


@lru_cache(maxsize=65536)
def normalize_place(
    location: str | None, city: str | None, state: str | None, country: str | None, remote: str | None
) -> Place:
    """Combine a free-text location with separate city/state/country/remote fields (fields win)."""
    parsed = parse_location(location)
    country_norm = country_code(country) or clean(country) or parsed.country
    state_norm, state_country = region_code(state, country_code(country))
    if state_norm and state_country is None and country_code(state):
        state_norm, state_country = None, country_code(state)  # a country written in the region column
    return _with_known_city(
        Place(
            city=_city(city) if city and clean(city) else parsed.city,
            state=state_norm or parsed.state,
            country=country_norm or state_country or parsed.country,
            remote=remote_flag(remote) or parsed.remote,
        )
    )


def remote_flag(value: str | None) -> str | None:
    """``True``/``"yes"``/``"remote"`` -> remote; ``"hybrid"`` -> hybrid; ``"onsite"``/``False`` -> onsite."""
    value = clean(value)
    if not value:
        return None
    low = value.casefold()
    if low in {"true", "yes", "1", "remote", "fully_remote", "fully remote"}:
        return "remote"
    if "hybrid" in low:
        return "hybrid"
    if low in {"false", "no", "0", "onsite", "on-site", "on site", "onsite_only", "in office", "office"}:
        return "onsite"
    return _remote_kind(value)


# ---- salaries ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Money:
    """A salary range in its own currency and period, and the same range per year in US dollars."""

    min_orig: float
    max_orig: float
    currency: str
    period: str
    usd_per_unit: float
    min_annual: float
    max_annual: float
    origin: str

    @property
    def mid_annual(self) -> float:
        return (self.min_annual + self.max_annual) / 2


def period_name(value: str | None) -> str | None:
    value = clean(value)
    return money.period_for(value) if value else None


def _number(value: str | float | None) -> float | None:
    """A figure from a metadata field: ``120000``, ``"120,000"``, ``"$120K"``."""
    if value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    found = money.find_amounts(value)
    return found[0].value if found else None


@lru_cache(maxsize=65536)
def make_money(
    low: float | None, high: float | None, currency: str | None, period: str | None, origin: str
) -> Money | None:
    """A Money from bounds, currency and period; None when incomplete, unknown or implausible."""
    if low is None and high is None:
        return None
    low = low if low is not None else high
    high = high if high is not None else low
    assert low is not None and high is not None
    if low > high:
        low, high = high, low
    code = money.currency_code(currency or "USD") or (currency or "").strip().upper()
    rate = currency_table()["usd_per_unit"].get(code)
    per = money.period_for(period) or ("hour" if high < currency_table()["hourly_below"] else "year")
    if rate is None or low <= 0 or not money.plausible_pay(low, high, code, per):
        return None
    min_annual, max_annual = money.annual_usd(low, code, per), money.annual_usd(high, code, per)
    assert min_annual is not None and max_annual is not None
    return Money(low, high, code, per, float(rate), round(min_annual, 2), round(max_annual, 2), origin)


@lru_cache(maxsize=65536)
def parse_salary_text(text: str | None) -> Money | None:
    """``"$56K-$97K (Glassdoor est.)"``, ``"$21-$34 Per Hour"``, ``"£30,000 - £35,000 a year"``
    (read by ``jdlens.money``; a figure with no currency is taken as US dollars)."""
    text = clean(text)
    if not text:
        return None
    found = money.parse_salary_string(text, currency="USD")
    if found is None:
        return None
    origin = "source estimate" if "est" in text.lower() else "source"
    return make_money(found.low, found.high, found.currency, found.period, origin)


# ---- company size -----------------------------------------------------------------------------

SIZE_BUCKETS: tuple[tuple[int, str], ...] = (
    (10000, "10,000+"),
    (5001, "5,001-10,000"),
    (1001, "1,001-5,000"),
    (501, "501-1,000"),
    (201, "201-500"),
    (51, "51-200"),
    (1, "1-50"),
)


@lru_cache(maxsize=65536)
def company_size(value: str | None) -> tuple[str | None, int | None]:
    """``"1001 to 5000 employees"`` -> ``("1,001-5,000", 1001)``: a bucket label and its lower bound."""
    value = clean(value)
    if not value:
        return None, None
    numbers = [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", value)]
    if not numbers:
        return None, None
    low = numbers[0]
    if "+" in value and low >= 10000 or low > 10000:
        low = 10000
    for bound, label in SIZE_BUCKETS:
        if low >= bound:
            return label, bound
    return None, None
