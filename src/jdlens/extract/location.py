"""Location and remote/hybrid/onsite."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jdlens.compiled_regex import compile_pattern
from jdlens.models import Evidence, Location, Place, Remote
from jdlens.places import (
    country_name,
    find_country,
    find_region,
    is_postal_code,
    known_city,
    load_places,
    split_places,
    strip_work_mode,
)
from jdlens.text.document import Document

_N = r"(?:[1-4]|one|two|three|four)"
_WEEK = r"(?:a|per|/|each|every)\s*week"
_HYBRID = compile_pattern(
    r"(?i)\bhybrid(?:[\s-]+(?:work(?:ing|place)?|schedule|role|position|arrangement|setup|policy|basis|opportunity|"
    r"office|remote|on-?site|in-office|model of work|work model|environment(?! for)))\b|"
    r"\b(?:is|are|be|a|this|on a|we work a|fully)\s+hybrid\b(?!\s+(?:cloud|search|model|approach|architecture|system))|"
    r"\(\s*hybrid\b|(?:^|[|•:,–—]|\s-)\s*hybrid\s*(?:$|[|)(,\n–—/+-])|[|•]\s*hybrid\b|"
    r"(?:\bor|\band|/|\+|&)\s*hybrid\b|\bhybrid\s*(?:/|\+|or\b)\s*(?:remote|on-?site|in-office)|"
    rf"\bin[- ]office\b[^.\n]{{0,50}}\b(?:once|twice|{_N}(?:\s*-\s*{_N})?\s*(?:x|times|days?))\b[^.\n]{{0,20}}{_WEEK}|"
    rf"\b{_N}(?:\s*(?:-|to|or)\s*{_N})?\s*(?:x|times|days?)\s*(?:{_WEEK}\s*)?(?:in|at|from|to)\s+(?:the|our|an?)?\s*"
    r"(?:[\w-]+\s+){0,2}(?:office|hub|studio|campus)(?!\s*(?:per|a|/|each|every)\s*(?:month|quarter|year))|"
    rf"\b{_N}\s+days?\s+(?:in|at)[- ](?:the[- ])?office|part of their work schedule remotely|"
    r"part[- ]time (?:remote|telework)|\bhybrid\s+(?:\d|one|two|three|four)\s*(?:x|days?)|full[- ]time hybrid|telework\s*<|\bremote\s+(?:\d|one|two|three|four)\s+days?"
)
_REMOTE = compile_pattern(
    r"(?i)\b(?:fully|100%|completely|entirely|full[- ]time)\s+remote\b|\bremote[- ](?:first|friendly|based|only|eligible|ok)\b|"
    r"\bremote(?:ly)?\s+(?:position|role|job|opportunit\w+|work(?:ing|ers?)?|employees?|company|option|possible|"
    r"candidates?|within|in the|from|anywhere|across|available|ok|okay|us|usa|in)\b|\bor\s+(?:us\s+)?remote\b|\bus remote\b|\bwork(?:ing)?\s+(?:\w+\s+)?remotely\b|"
    r"\b(?:work|working)\s+from\s+(?:home|anywhere)\b|\bwfh\b|\bcan be remote\b|\bopen to remote\b|"
    r"(?:^|[|•(]|location\s*:)\s*remote\b|\bremote\s*(?:\(|\||$|/|-\s|–|—)|(?:is|be)\s+(?:fully\s+)?remote\b"
)
_ONSITE = compile_pattern(
    r"(?i)\bon-?site\s+(?:position|role|job|opportunity|only|requirement|in|at|work|basis)\b|"
    r"(?:(?:^|[|•(:])\s*|\bis\s+(?:an?\s+|fully\s+|100%\s+)?|\bbe\s+|\bwork\s+)on-?site\b|\bon-?site\s*(?:\(|\||$)|"
    r"[|•(]\s*in[- ]office\b|\b\d\s+days\s+on-?site\b|"
    r"\bin[- ]office (?:company|role|position|requirement)|\b(?:5|five) days (?:a|per) week\b[^.\n]{0,40}office|"
    r"office\b[^.\n]{0,30}\b(?:5|five) days (?:a|per) week|\bin[- ]person\s+(?:role|position|only)\b|"
    r"\bmust be (?:located|based) in\b|\bbased (?:corporate |main )?(?:office|headquarters)\b|"
    r"\b(?:requires?|required) relocation\b|\brelocation (?:to [^.\n]{0,40})?(?:is )?required\b|"
    r"\bmust (?:be (?:willing|able) to )?work\b[^.\n]{0,60}\b(?:at|in|from) (?:our|the|\w+['’]s) (?:[\w-]+ ){0,2}"
    r"(?:office|headquarters|hq|facility|site|campus|lab)|"
    r"\bwork (?:at|in|from) (?:our|the) (?:[\w-]+ ){0,2}(?:offices?|headquarters|hq|campus)\b|"
    r"\b(?:not|no|non)[- ](?:a )?remote\b|\bnot eligible for remote\b"
)
_DISCOUNT = compile_pattern(
    r"(?i)may be (?:available|considered|possible)|at (?:the )?manager['’]?s? discretion|occasional(?:ly)?|"
    r"case[- ]by[- ]case|\bnot\b[^.\n]{0,15}remote|\bno remote\b|non-remote|from time to time|as needed|"
    r"remote (?:sensing|monitoring|access|control|patient|desktop|server|devices?|procedures?)"
)
_ANCHORS = (
    "remote",
    "hybrid",
    "onsite",
    "on-site",
    "on site",
    "office",
    "relocat",
    "based in",
    "located in",
    "telework",
    "telecommut",
    "from home",
    "wfh",
    "in-person",
    "in person",
    "headquarters",
    "campus",
)
# A pattern only runs on a window holding one of its keywords.
_KEYWORDS: dict[str, tuple[str, ...]] = {
    "hybrid": ("hybrid", "office", "hub", "studio", "campus", "remote", "telework"),
    "remote": ("remote", "from home", "from anywhere", "wfh"),
    "onsite": (
        "site",
        "office",
        "person",
        "based",
        "relocation",
        "remote",
        "headquarters",
        "hq",
        "campus",
        "lab",
    ),
}
_STATE_TAIL = compile_pattern(r", ?([A-Z]{2})\b")
_CITY_BEFORE = compile_pattern(r"([A-Z][a-zA-Z.'-]+(?: [A-Z][a-zA-Z.'-]+){0,2})$")
_LOCATION_LINE = compile_pattern(r"(?im)^\W{0,3}(?:job |work )?locations?\s*[:\-–]\s*(.{2,80})$")


@dataclass(frozen=True)
class Cue:
    kind: Remote
    start: int
    end: int


@lru_cache(maxsize=1)
def _places() -> dict[str, Any]:
    """Lookups over the shared places data; countries are reported by their English names."""
    raw = load_places()
    states = dict(raw["regions"]["US"])
    provinces = dict(raw["regions"]["CA"])
    by_name = {name.lower(): code for code, name in {**states, **provinces}.items()}
    countries = {}
    for spellings in raw["countries"].values():
        for spelling in spellings:
            countries[spelling.lower()] = spellings[0]
    cities = {
        city.lower(): (city, state or None, country_name(country))
        for city, (state, country) in raw["cities"].items()
    }
    return {
        "states": states,
        "provinces": provinces,
        "by_name": by_name,
        "countries": countries,
        "cities": cities,
    }


def extract_location(doc: Document, hint: str | None = None) -> Location:
    cues = _cues(doc)
    remote = _decide(cues, _header_end(doc))
    if remote is None and hint:
        remote = _hint_remote(hint)
    places = read_places(hint) if hint else []
    evidence: list[Evidence] = []
    if not places:
        places, span = _places_in_text(doc)
        if span is not None:
            evidence.append(doc.evidence(*span))
    first = places[0] if places else Place.trusted()
    evidence.extend(doc.evidence(c.start, c.end) for c in cues if c.kind == remote)
    return Location.trusted(
        city=first.city,
        state=first.state,
        country=first.country,
        remote=remote,
        places=places,
        evidence=evidence[:4],
    )


def read_places(raw: str) -> list[Place]:
    """Every place of a location string, once each: "New York, NY or San Francisco, CA" is two places,
    "New York" and "New York, NY" one."""
    out: list[Place] = []
    for part in split_places(raw):
        city, state, country = _place(part)
        place = Place.trusted(city=city, state=state, country=country)
        if (place.city or place.state or place.country) and place not in out:
            out.append(place)
    return out


def _cues(doc: Document) -> list[Cue]:
    text, lower = doc.text, doc.lower
    windows: list[tuple[int, int]] = []
    for token in _ANCHORS:
        i = lower.find(token)
        while i >= 0:
            lo, hi = doc.line_bounds(i)
            windows.append((max(lo, i - 70), min(hi, i + 80)))
            i = lower.find(token, i + len(token))
    cues: list[Cue] = []
    seen: set[tuple[int, str]] = set()
    for lo, hi in _merge(windows):
        window = lower[lo:hi]
        for kind, pattern in (("hybrid", _HYBRID), ("remote", _REMOTE), ("onsite", _ONSITE)):
            if not any(k in window for k in _KEYWORDS[kind]):
                continue
            for m in pattern.finditer(text, lo, hi):
                if (m.start(), kind) not in seen and not _discounted(doc, m.start(), m.end()):
                    seen.add((m.start(), kind))
                    cues.append(Cue(kind, m.start(), m.end()))  # type: ignore[arg-type]
    return sorted(cues, key=lambda c: c.start)


def _merge(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(windows):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _discounted(doc: Document, start: int, end: int) -> bool:
    """ "Remote work may be available at the manager's discretion", "occasional remote work"."""
    lo, hi = doc.line_bounds(start)
    sentence_lo = max(lo, doc.text.rfind(". ", lo, start) + 1, start - 60)
    sentence_hi = doc.text.find(". ", end, hi)
    window = doc.text[sentence_lo : sentence_hi if sentence_hi >= 0 else min(hi, end + 80)]
    return bool(_DISCOUNT.search(window)) and "onsite" not in window.lower()


def _decide(cues: list[Cue], header_end: int = 0) -> Remote | None:
    """Hybrid beats remote beats onsite; a pipe-separated header line ("| REMOTE |") speaks first."""
    header = [c for c in cues if c.start < header_end]
    kinds = {c.kind for c in header or cues}
    order: tuple[Remote, ...] = ("hybrid", "remote", "onsite")
    return next((kind for kind in order if kind in kinds), None)


def _header_end(doc: Document) -> int:
    """End of the first line when it is a "Company | Role | Place" header, else 0."""
    lo, hi = doc.line_bounds(0)
    return hi if doc.text.count("|", lo, hi) >= 2 else 0


def _hint_remote(hint: str) -> Remote | None:
    low = hint.lower()
    if "hybrid" in low:
        return "hybrid"
    if "remote" in low:
        return "remote"
    if "on-site" in low or "onsite" in low:
        return "onsite"
    return None


def _place(raw: str) -> tuple[str | None, str | None, str | None]:
    """ "San Francisco, CA" / "Mountain View, California" / "London, UK" / "Bengaluru, India" / "Remote"."""
    places = _places()
    clean = re.sub(r"\([^)]*\)|\b\d{5}(?:-\d{4})?\b", "", raw)
    parts = [strip_work_mode(p.strip(" .")) for p in re.split(r"[,|/]", clean)]
    parts = [p for p in parts if p and not is_postal_code(p)]
    city = state = country = None
    lone_city = known_city(parts[0]) if len(parts) == 1 else None
    if lone_city is not None:  # "New York" alone is the city, as in "New York, NY"
        return lone_city.name, lone_city.region, country_name(lone_city.country)
    if len(parts) >= 2 and len(parts[0]) > 2 and find_country(parts[0]) is None:
        # "New York, NY": the first part is the city even when it also names a state
        city, parts = parts[0], parts[1:]
    for part in parts:
        low = part.lower()
        if part.upper() in places["states"] and (len(part) == 2 or part.isupper()):
            state, country = part.upper(), "United States"
        elif part.upper() in places["provinces"] and len(part) == 2:
            state, country = part.upper(), "Canada"
        elif low in places["by_name"]:
            state = places["by_name"][low]
            country = "Canada" if state in places["provinces"] else "United States"
        elif (code := find_country(part)) is not None:
            country = country_name(code)
        elif city is None and (len(parts) == 1 or find_region(part) is None):
            city = part
        elif state is None and (region := find_region(part)) is not None:
            state, country = region.code, country or country_name(region.country)
    known = known_city(city) if city is not None else None
    if known is not None:
        known_country = country_name(known.country)
        if country in (None, known_country):
            city, state, country = known.name, state or known.region, known_country
    return city, state, country


def _places_in_text(doc: Document) -> tuple[list[Place], tuple[int, int] | None]:
    labelled = _location_line(doc)
    if labelled is not None:
        return labelled
    header = _header_place(doc)
    if header is not None:
        return header
    states, text = _places()["states"], doc.text
    for m in _STATE_TAIL.finditer(text):
        if m.group(1) in states:
            city = _CITY_BEFORE.search(text, max(0, m.start() - 40), m.start())
            if city:
                return [Place.trusted(city=city.group(1), state=m.group(1), country="United States")], (
                    city.start(),
                    m.end(),
                )
    return [], None


def _location_line(doc: Document) -> tuple[list[Place], tuple[int, int]] | None:
    """A "Location: San Francisco, CA" line (or "Locations: New York, NY or Seattle, WA")."""
    lower = doc.lower
    i = lower.find("location")
    while i >= 0:
        lo, hi = doc.line_bounds(i)
        m = _LOCATION_LINE.match(doc.text, lo, hi)
        if m:
            places = read_places(m.group(1))
            if places:
                return places, (m.start(1), m.end(1))
        i = lower.find("location", i + 8)
    return None


def _header_place(doc: Document) -> tuple[list[Place], tuple[int, int]] | None:
    """HN style first line: "Company | Role | REMOTE or ONSITE (Miami, FL) | Full-Time", "Company | Role |
    Austin, TX or London, UK (Hybrid) | ..." (every place of the first field that names one)."""
    lo, hi = doc.line_bounds(0)
    if doc.text.count("|", lo, hi) < 2:
        return None
    offset = lo
    known = _places()
    for field in doc.text[lo:hi].split("|"):
        places = [
            p
            for p in read_places(field)
            if p.state or p.country or (p.city and p.city.lower() in known["cities"])
        ]
        if places:
            return places, (offset, offset + len(field))
        offset += len(field) + 1
    return None
