"""Which postings a report covers: the filters and the SQL predicate both engines run."""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Sequence
from dataclasses import dataclass

from jdlens.errors import InputError
from jdlens.market import fields as nz
from jdlens.models import Level, RoleCategory

ROLES = typing.get_args(RoleCategory)
LEVELS = typing.get_args(Level)


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _choices(name: str, value: str | None, allowed: Sequence[str]) -> list[str]:
    if not value:
        return []
    items = [v.strip() for v in value.split(",") if v.strip()]
    for item in items:
        if item not in allowed:
            raise InputError("JDL050", name=name, reason=f"{item!r} is not one of {', '.join(allowed)}")
    return items


def _date(name: str, value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError("JDL050", name=name, reason=f"{value!r} is not a date (YYYY-MM-DD)") from None


@dataclass(frozen=True)
class Filters:
    """Which postings a report covers. ``role`` and ``seniority`` take comma-separated values."""

    role: str | None = None
    seniority: str | None = None
    location: str | None = None
    since: dt.date | str | None = None
    until: dt.date | str | None = None
    source: str | None = None
    non_technical: bool | str | None = None  # keep postings that are not technical jobs in the skill tables

    def keeps_non_technical(self) -> bool:
        value = self.non_technical
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes", "on")
        return bool(value)

    def skill_predicate(self) -> str:
        """The postings the skill tables count: by default only technical jobs (role not ``other``)."""
        if self.keeps_non_technical():
            return self.predicate()
        return f"{self.predicate()} AND COALESCE(role, 'other') <> 'other'"

    def predicate(self) -> str:
        conds = ["TRUE"]
        roles = _choices("role", self.role, ROLES)
        levels = _choices("seniority", self.seniority, LEVELS)
        if roles:
            conds.append(f"role IN ({', '.join(literal(r) for r in roles)})")
        if levels:
            conds.append(f"seniority IN ({', '.join(literal(s) for s in levels)})")
        since, until = _date("since", self.since), _date("until", self.until)
        if since:
            conds.append(f"date_posted >= DATE '{since.isoformat()}'")
        if until:
            conds.append(f"date_posted <= DATE '{until.isoformat()}'")
        if self.location:
            conds.append(_location_predicate(self.location))
        if self.source:
            s = literal(self.source)
            conds.append(f"source_id IN (SELECT source_id FROM sources WHERE name = {s} OR source_id = {s})")
        return " AND ".join(conds)

    def describe(self) -> dict[str, str]:
        described = {k: str(v) for k, v in self.__dict__.items() if v and k != "non_technical"}
        if self.keeps_non_technical():
            described["non_technical"] = "kept"
        return described


def _location_predicate(value: str) -> str:
    """A place name matches any place of a posting (city, state/region, country) or its remote kind: "CA",
    "Texas", "London", "remote".
    A two-letter code that is a state or province is read as one ("CA": California, not Canada)."""
    text = value.strip()
    places = [f"lower(city) = {literal(text.casefold())}"]
    code, region_country = nz.region_code(text)
    if region_country and code:
        places.append(f"state = {literal(code)}")
    country = nz.country_code(text)
    if country and not (region_country and len(text) == 2):  # "CA" is California; "Canada" the country
        places.append(f"country = {literal(country)}")
    # any place the posting names, not only its first (posting_places)
    ors = [*places, f"posting_id IN (SELECT posting_id FROM posting_places WHERE {' OR '.join(places)})"]
    kind = nz.remote_flag(text)
    if kind and text.casefold() in {"remote", "hybrid", "onsite", "on-site"}:
        ors.append(f"remote = {literal(kind)}")
    return "(" + " OR ".join(ors) + ")"
