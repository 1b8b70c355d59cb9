"""Normalize posting metadata: description key, dates, places, salaries (annual, US dollars), company size."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from jdlens.places import load_places

DATA_PACKAGE = "jdlens.market.data"
_TAG = re.compile(r"<[^>]{0,400}>")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_MISSING = {"-1", "unknown", "n/a", "na", "nan", "none", "null", "not applicable", "-", ""}


def _load(name: str) -> dict[str, Any]:
    return yaml.safe_load(resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8"))


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
    plain = html.unescape(html.unescape(text)) if "&" in text else text
    if "<" in plain:
        plain = _TAG.sub(" ", plain)
    return _NON_WORD.sub(" ", plain.casefold()).strip()


def stable_id(*parts: str) -> int:
    """A stable 63-bit id (fits a signed BIGINT in DuckDB and Spark)."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def description_key(text: str) -> int:
    return stable_id(normalized_description(text))


# ---- dates ------------------------------------------------------------------------------------

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
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
    regions: dict[str, tuple[str, str]]  # casefolded name or code -> (country, code)
    codes: dict[str, dict[str, str]]  # country -> code -> name
    countries: dict[str, str]  # casefolded alias -> ISO code
    ambiguous: frozenset[str]
    city_aliases: dict[str, str]


@lru_cache(maxsize=1)
def _geo() -> _Geo:
    doc = load_places()
    regions: dict[str, tuple[str, str]] = {}
    for country, table in doc["regions"].items():
        for code, name in table.items():
            regions.setdefault(name.casefold(), (country, code))
            regions.setdefault(code.casefold(), (country, code))
    countries = {}
    for code, aliases in doc["countries"].items():
        countries[code.casefold()] = code
        for alias in aliases:
            countries[alias.casefold()] = code
    cities = {k.casefold(): v for k, v in doc["city_aliases"].items()}
    return _Geo(regions, doc["regions"], countries, frozenset(doc["ambiguous_region_codes"]), cities)


_REMOTE = re.compile(r"(?i)\b(remote|anywhere|work from home|wfh|distributed)\b")
_HYBRID = re.compile(r"(?i)\bhybrid\b")
_ZIP = re.compile(r"\s+\d{5}(?:-\d{4})?$|\s+[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$")
_NOISE = re.compile(r"(?i)\((?:remote|hybrid|on-?site)\)|\b(?:remote|hybrid|on-?site|or|and|only)\b|[()/]")


def _city(raw: str) -> str | None:
    name = clean(_ZIP.sub("", raw).strip(" -,;."))
    if not name:
        return None
    alias = _geo().city_aliases.get(name.casefold())
    if alias:
        return alias
    return name.title() if name.isupper() and len(name) > 3 else name


def region_code(value: str | None, country: str | None = None) -> tuple[str | None, str | None]:
    """``"California"`` -> ``("CA", "US")``; unknown regions are kept as written with no country."""
    value = clean(value)
    if not value:
        return None, None
    hit = _geo().regions.get(_ZIP.sub("", value).strip().casefold())
    if hit and (country is None or hit[0] == country):
        return hit[1], hit[0]
    return value, None


def country_code(value: str | None) -> str | None:
    value = clean(value)
    if not value:
        return None
    return _geo().countries.get(value.strip(" .").casefold())


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
    while parts:
        last = parts[-1]
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
    if parts:
        city = _city(parts[0])
    return Place(city=city, state=state, country=country, remote=remote)


def _is_region(value: str) -> bool:
    return _ZIP.sub("", value).strip().casefold() in _geo().regions


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
    return Place(
        city=_city(city) if city and clean(city) else parsed.city,
        state=state_norm or parsed.state,
        country=country_norm or state_country or parsed.country,
        remote=remote_flag(remote) or parsed.remote,
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


@lru_cache(maxsize=1)
def currency_table() -> dict[str, Any]:
    """The exchange-rate table (``data/currency.yaml``): date, source, rates, annualization."""
    return _load("currency.yaml")


_PERIODS = {
    "year": "year",
    "yearly": "year",
    "annual": "year",
    "annually": "year",
    "annum": "year",
    "yr": "year",
    "month": "month",
    "monthly": "month",
    "mo": "month",
    "week": "week",
    "weekly": "week",
    "wk": "week",
    "day": "day",
    "daily": "day",
    "hour": "hour",
    "hourly": "hour",
    "hr": "hour",
}


def period_name(value: str | None) -> str | None:
    value = clean(value)
    return _PERIODS.get(value.casefold().strip(". ")) if value else None


def _number(value: str | float | None) -> float | None:
    if value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    text = value.replace(",", "").strip().lower()
    m = re.fullmatch(r"[^\d]*(\d+(?:\.\d+)?)\s*(k|m)?[^\d]*", text)
    if not m:
        return None
    scale = {"k": 1e3, "m": 1e6}.get(m.group(2) or "", 1.0)
    return float(m.group(1)) * scale


@lru_cache(maxsize=65536)
def make_money(
    low: float | None, high: float | None, currency: str | None, period: str | None, origin: str
) -> Money | None:
    """A Money from bounds, currency and period; None when incomplete, unknown or implausible."""
    table = currency_table()
    if low is None and high is None:
        return None
    low = low if low is not None else high
    high = high if high is not None else low
    assert low is not None and high is not None
    if low > high:
        low, high = high, low
    code = (currency or "USD").strip().upper()
    rate = table["usd_per_unit"].get(code)
    per = period_name(period) or ("hour" if high < 500 else "year")
    if rate is None or low <= 0:
        return None
    factor = table["annualization"][per]
    min_annual, max_annual = low * factor * rate, high * factor * rate
    lo_ok, hi_ok = table["plausible_annual_usd"]
    if not (lo_ok <= min_annual and max_annual <= hi_ok):
        return None
    return Money(low, high, code, per, float(rate), round(min_annual, 2), round(max_annual, 2), origin)


_SALARY_TEXT = re.compile(
    r"(?P<cur>US\$|C\$|CA\$|A\$|AU\$|S\$|[$€£¥₹]|USD|EUR|GBP|CAD|INR)?\s*(?P<lo>\d[\d,]*(?:\.\d+)?)\s*(?P<lk>[kKmM])?"
    r"\s*(?:-|–|to)\s*(?P<cur2>US\$|C\$|[$€£¥₹])?\s*(?P<hi>\d[\d,]*(?:\.\d+)?)\s*(?P<hk>[kKmM])?"
    r"(?P<rest>.{0,40})",
)


@lru_cache(maxsize=65536)
def parse_salary_text(text: str | None) -> Money | None:
    """``"$56K-$97K (Glassdoor est.)"``, ``"$21-$34 Per Hour"``, ``"£30,000 - £35,000 a year"``."""
    text = clean(text)
    if not text:
        return None
    m = _SALARY_TEXT.search(text)
    if not m:
        return None
    symbols = currency_table()["symbols"]
    cur = m.group("cur") or m.group("cur2") or "$"
    code = symbols.get(cur, cur.upper())
    low = _number(m.group("lo") + (m.group("lk") or m.group("hk") or ""))
    high = _number(m.group("hi") + (m.group("hk") or ""))
    rest = m.group("rest").lower()
    period = next((p for w, p in _PERIODS.items() if re.search(rf"\b{w}\b", rest)), None)
    origin = "source estimate" if "est" in text.lower() else "source"
    return make_money(low, high, code, period, origin)


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
