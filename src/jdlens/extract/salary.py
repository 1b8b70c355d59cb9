"""Salary stated in the text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jdlens.budget import spend
from jdlens.models import Period, Salary
from jdlens.text.document import Document

_SYMBOLS = {"$": "USD", "£": "GBP", "€": "EUR", "₹": "INR", "¥": "JPY"}
_CODES = r"USD|US\$|CAD|C\$|CA\$|AUD|A\$|AU\$|NZD|SGD|S\$|GBP|EUR|CHF|INR|Rs\.?|JPY|SEK|NOK|DKK|PLN|ILS|HKD"
_CUR = rf"(?:{_CODES}|[$£€₹¥])"
_NUM = r"\d{1,3}(?:[,.\u202f ]\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?"
_MULT = r"(?:\s?(?:[kK]\b|[kK](?=[-–—+/ ])|(?:mm|MM|M|m|mn|million|bn|billion)\b|lakhs?\b|lacs?\b|L\b|LPA\b|crores?\b))"
_AMOUNT = rf"(?P<@cur>{_CUR})?\s?(?P<@num>{_NUM})(?P<@mult>{_MULT})?(?:\s?(?P<@cur2>{_CODES}))?"
_RANGE = re.compile(
    r"(?<![\w,])(?<!\d\.)"
    + _AMOUNT.replace("@", "a")
    + r"(?:\s*(?:-|–|—|to|and|up to)\s*"
    + _AMOUNT.replace("@", "b")
    + r")?(?![\d%])"
)
# Cheap anchors found with str.find (much faster than one alternation regex); "120k" needs a regex.
_ANCHORS = (
    "$",
    "£",
    "€",
    "₹",
    "¥",
    "USD",
    "CAD",
    "AUD",
    "SGD",
    "GBP",
    "EUR",
    "CHF",
    "INR",
    "LPA",
    "lakh",
    "Rs",
)
_K_ANCHOR = re.compile(r"[0-9] ?[kK]\b")
_PERIODS: list[tuple[Period, re.Pattern[str]]] = [
    ("hour", re.compile(r"(?i)^\s*(?:/\s*(?:hr|hour|h)\b|(?:per|an|a|/)\s*hour|hourly|ph\b|p/h\b)")),
    ("day", re.compile(r"(?i)^\s*(?:/\s*day|per day|a day|daily|per diem)\b")),
    ("week", re.compile(r"(?i)^\s*(?:/\s*(?:wk|week)|per week|a week|weekly)\b")),
    ("month", re.compile(r"(?i)^\s*(?:/\s*(?:mo|month)|per month|a month|monthly|pm\b|p\.m\.)")),
    (
        "year",
        re.compile(
            r"(?i)^\s*(?:/\s*(?:yr|year|annum)|per (?:year|annum)|a year|annually|annual|p\.?a\.?\b|yearly|LPA)"
        ),
    ),
]
_BEFORE_PERIOD = re.compile(
    r"(?i)\b(?:(?P<hour>hourly)|(?P<year>annual|annualized|yearly|per annum)|(?P<month>monthly))\b"
)
_PAY_CONTEXT = re.compile(
    r"(?i)salary|\bpay\b|compensation|\bbase\b|\bwage|\brate\b|\bOTE\b|hiring range|pay range|per (?:year|hour|annum)|"
    r"annual|hourly|\bcomp\b|\bctc\b|\bLPA\b|package|earn"
)
_NOT_PAY = re.compile(
    r"(?i)\b(?:rais(?:ed|ing)|funding|funded|series [a-f]\b|seed round|revenue|valuation|valued|invest(?:ed|ment|ors?)|"
    r"budget|stipend|allowance|reimburs\w*|sign[- ]?on|signing|relocation|referral|tuition|401\s?\(?k|match|"
    r"arr\b|customers?|savings?|assets|grant|prize|award|donat\w*|fund\b|spend|worth|saved|transactions?|"
    r"gift|credits?)\b"
)
_EXTRAS = re.compile(r"(?i)\s*(?:\+|plus|with)\s*(?:equity|bonus|benefits|stock|options|commission)")
_BOUNDS: dict[Period, tuple[float, float]] = {
    "year": (10_000, 2_000_000),
    "month": (800, 120_000),
    "week": (200, 40_000),
    "day": (50, 8_000),
    "hour": (7, 1_000),
}
_MULTIPLIERS = {
    "k": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "bn": 1e9,
    "billion": 1e9,
    "lakh": 1e5,
    "lakhs": 1e5,
    "lac": 1e5,
    "lacs": 1e5,
    "l": 1e5,
    "lpa": 1e5,
    "crore": 1e7,
    "crores": 1e7,
}
_CLUSTER_GAP = 260


@dataclass(frozen=True)
class Pay:
    low: float
    high: float
    currency: str
    period: Period
    start: int
    end: int
    context: bool


def extract_salary(doc: Document) -> Salary | None:
    pays = _candidates(doc)
    if not pays:
        return None
    cluster = _choose_cluster(pays)
    first = cluster[0]
    same = [p for p in cluster if p.currency == first.currency and p.period == first.period]
    start, end = same[0].start, same[-1].end
    lo, hi = doc.line_bounds(start)
    ev = doc.evidence(max(lo, start - 80), min(doc.line_bounds(end)[1], end + 40))
    return Salary(
        min=min(p.low for p in same),
        max=max(p.high for p in same),
        currency=first.currency,
        period=first.period,
        evidence=[ev],
    )


def _anchor_positions(text: str) -> list[int]:
    positions: set[int] = {m.start() for m in _K_ANCHOR.finditer(text)}
    for token in _ANCHORS:
        i = text.find(token)
        while i >= 0:
            positions.add(i)
            i = text.find(token, i + 1)
    return sorted(positions)


def _candidates(doc: Document) -> list[Pay]:
    text, out, done = doc.text, [], 0
    for pos in _anchor_positions(text):
        spend()
        if pos < done:
            continue
        lo, hi = doc.line_bounds(pos)
        m = _RANGE.search(text, max(lo, pos - 12), min(hi, pos + 60))
        if m is None or m.start() > pos + 4:
            continue
        done = m.end()
        pay = _pay(doc, m, lo, hi)
        if pay is not None:
            out.append(pay)
    return out


def _number(num: str, mult: str | None) -> float | None:
    digits = re.sub(r"[,\u202f ]", "", num)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", num):  # "70.000" (European thousands)
        digits = num.replace(".", "")
    try:
        value = float(digits)
    except ValueError:
        return None
    key = (mult or "").strip().lower()
    return value * _MULTIPLIERS.get(key, 1.0)


def _currency(m: re.Match[str], text: str, hi: int) -> str | None:
    after = re.match(rf"\s*({_CODES})\b", text[m.end() : min(hi, m.end() + 8)])
    tokens = [m.group(g) for g in ("bcur2", "acur2", "bcur", "acur")] + [after.group(1) if after else None]
    found = [t for t in tokens if t]
    explicit = [t for t in found if t not in _SYMBOLS]  # "$120-$130k CAD": the code says which dollar
    if found:
        return _currency_code((explicit or found)[0])
    if (m.group("amult") or m.group("bmult") or "").strip().lower() in (
        "lpa",
        "lakh",
        "lakhs",
        "lac",
        "lacs",
        "l",
    ):
        return "INR"
    return None


def _currency_code(token: str) -> str:
    token = token.rstrip(".").upper()
    aliases = {"US$": "USD", "C$": "CAD", "CA$": "CAD", "A$": "AUD", "AU$": "AUD", "S$": "SGD", "RS": "INR"}
    return aliases.get(token) or _SYMBOLS.get(token) or token


def _pay(doc: Document, m: re.Match[str], lo: int, hi: int) -> Pay | None:
    text = doc.text
    currency = _currency(m, text, hi)
    if currency is None:
        return None
    low, high = _values(m)
    if low is None or high is None or high < low:
        return None
    before = text[max(lo, m.start() - 70) : m.start()]
    after = text[m.end() : min(hi, m.end() + 40)]
    if _NOT_PAY.search(before[-45:]) or _NOT_PAY.match(after[:25]):
        return None
    period, stated = _period(m, before, after, low)
    context = stated or bool(
        _PAY_CONTEXT.search(before) or _PAY_CONTEXT.search(after[:30]) or _EXTRAS.match(after)
    )
    if currency == "INR" and period == "year":
        lo_b, hi_b = 100_000.0, 100_000_000.0
    else:
        lo_b, hi_b = _BOUNDS[period]
    if not (lo_b <= low and high <= hi_b):
        return None
    is_range = m.group("bnum") is not None
    if not (is_range or context or _pipe_field(text, m, lo, hi)):
        return None
    return Pay(low, high, currency, period, m.start(), m.end(), context)


def _values(m: re.Match[str]) -> tuple[float | None, float | None]:
    amult, bmult = m.group("amult"), m.group("bmult")
    low = _number(m.group("anum"), amult)
    if m.group("bnum") is None:
        return low, low
    high = _number(m.group("bnum"), bmult)
    if low is not None and high is not None and not amult and bmult and low * 1000 <= high * 1.0001:
        low = _number(m.group("anum"), bmult)  # "$120-150K", "10-15 LPA"
    return low, high


def _period(m: re.Match[str], before: str, after: str, low: float) -> tuple[Period, bool]:
    """The pay period and whether the text states it (otherwise it is inferred from the amount)."""
    mult = (m.group("bmult") or m.group("amult") or "").strip().lower()
    if mult == "lpa":
        return "year", True
    for period, pattern in _PERIODS:
        if pattern.match(after):
            return period, True
    near = _BEFORE_PERIOD.search(before[-40:])
    if near:
        return near.lastgroup, True  # type: ignore[return-value]
    return ("hour" if low < 500 else "year"), False


def _pipe_field(text: str, m: re.Match[str], lo: int, hi: int) -> bool:
    """HN style headers: "Company | Role | REMOTE | $150k-$200k + equity |"."""
    return "|" in text[max(lo, m.start() - 6) : m.start()] or "|" in text[m.end() : min(hi, m.end() + 25)]


def _choose_cluster(pays: list[Pay]) -> list[Pay]:
    """Ranges stated together (several locations or levels) form one cluster; the first paid one wins."""
    clusters: list[list[Pay]] = [[pays[0]]]
    for pay in pays[1:]:
        if pay.start - clusters[-1][-1].end <= _CLUSTER_GAP:
            clusters[-1].append(pay)
        else:
            clusters.append([pay])
    with_context = [c for c in clusters if any(p.context for p in c)]
    return (with_context or clusters)[0]
