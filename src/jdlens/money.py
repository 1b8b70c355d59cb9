"""Money: currencies and how postings write them, pay periods, conversion to US dollars a year, and
reading amounts and ranges out of text. One home for every currency symbol, period word and rate
(``data/currency.yaml``); extraction, the market's metadata and the red flags all read them here."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, cast

from jdlens.compiled_regex import compile_pattern
from jdlens.datafiles import load_yaml
from jdlens.models import Period
from jdlens.places import load_places

PERIODS: tuple[Period, ...] = ("year", "month", "week", "day", "hour")


def currency_table() -> dict[str, Any]:
    """The money data: exchange rates (date, source), annualization, symbols, period words, multipliers."""
    return cast(dict[str, Any], load_yaml("jdlens.data", "currency.yaml"))


def display_sign(code: str) -> str | None:
    """The sign an amount in ``code`` is shown with (``$``, ``€``), or None: show the code."""
    sign = currency_table()["display"].get(code.upper())
    return str(sign) if sign else None


def periods_per_year() -> dict[Period, int]:
    """A year of full-time work in each pay period (52 weeks, 260 working days, 2,080 hours)."""
    return {p: int(currency_table()["annualization"][p]) for p in PERIODS}


def currency_code(token: str | None) -> str | None:
    """``"£"`` -> ``"GBP"``, ``"CA$"`` -> ``"CAD"``, ``"usd"`` -> ``"USD"``; None when unknown."""
    if not token:
        return None
    table = currency_table()
    token = token.strip()
    code = table["symbols"].get(token) or table["symbols"].get(token.upper())
    if code is None and token.upper() in table["usd_per_unit"]:
        code = token.upper()
    return cast(str | None, code)


@lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    codes: dict[str, str] = {}
    for code, names in load_places()["countries"].items():
        codes[code.casefold()] = code
        for name in names:
            codes.setdefault(str(name).casefold(), code)
    return codes


def country_currency(country: str | None) -> str | None:
    """``"GB"`` or ``"United Kingdom"`` -> ``"GBP"``: the currency a country pays in; None when unknown."""
    code = _country_codes().get(country.strip().casefold()) if country else None
    return currency_table()["country_currency"].get(code) if code else None


@lru_cache(maxsize=1)
def _period_words() -> dict[str, Period]:
    words: dict[str, Period] = {}
    for period, names in currency_table()["periods"].items():
        for name in names:
            words[str(name).casefold()] = period
    return words


_PERIOD_LEAD = compile_pattern(r"^(?:/|per\b|an?\b|p/(?=[hmw]))\s*")  # "/hr", "per annum", "a year", "p/h"


def period_for(word: str | None) -> Period | None:
    """``"per annum"``, ``"/hr."``, ``"Hourly"``, ``"YEAR"`` -> the period; None when not a period word."""
    if not word:
        return None
    key = _PERIOD_LEAD.sub("", word.strip().casefold()).strip(" .")
    exact = _period_words().get(key) or _period_words().get(key + ".")
    if exact:
        return exact
    # "annumplus", "per hours": a period word run into the next one; "per hout", "per annam": one slip
    long_words = [(w, p) for w, p in _period_words().items() if len(w) >= 4 and w.isalpha()]
    return next((p for w, p in long_words if key.startswith(w)), None) or next(
        (p for w, p in long_words if len(key) >= 4 and _one_edit(key, w)), None
    )


def _one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one letter changed, added or dropped."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def annual(amount: float, period: Period) -> float:
    return amount * periods_per_year()[period]


def annual_usd(amount: float, currency: str, period: Period) -> float | None:
    """The amount per year in US dollars at the table's rates; None for a currency without a rate."""
    rate = currency_table()["usd_per_unit"].get(currency)
    return None if rate is None else annual(amount, period) * float(rate)


def plausible_pay(low: float, high: float, currency: str, period: Period) -> bool:
    """Within the table's plausible yearly pay (in US dollars) at both ends."""
    lo, hi = annual_usd(low, currency, period), annual_usd(high, currency, period)
    floor, ceiling = currency_table()["plausible_annual_usd"]
    return lo is not None and hi is not None and 0 < low <= high and floor <= lo and hi <= ceiling


# ---- reading amounts ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Amount:
    """One figure as written: value (multiplier applied), currency and period if written, where it is."""

    value: float
    currency: str | None
    period: Period | None
    start: int
    end: int
    multiplier: str | None = None
    decimal_comma_pair: bool = False  # "200,00": two digits after a comma (a decimal or a lost zero)
    priced: bool = False  # "£375 per session", "$5 per user": a price, not pay for time
    generic: bool = False  # the currency comes from a symbol several currencies share ("$")
    per_unit: bool = False  # "£10,000 per session": pay per unit of work (a weekly session), not per period


@dataclass(frozen=True, slots=True)
class MoneyRange:
    """A range (or one figure) of money in one currency and period; ``period_stated`` says whether the
    text writes the period or it was inferred from the amount."""

    low: float
    high: float
    currency: str | None
    period: Period
    period_stated: bool
    start: int
    end: int
    is_range: bool


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _amount_pattern() -> re.Pattern[str]:
    table = currency_table()
    symbols = [s for s in table["symbols"] if not s.isalpha() or s.endswith(".")]
    codes = [s for s in table["symbols"] if s.isalpha()]
    lettered = [x for x in symbols if x[0].isalpha()]
    signs = [x for x in symbols if not x[0].isalpha()]
    cur = (
        rf"(?:(?<![A-Za-z])(?-i:{_alternation(lettered)})|(?-i:{_alternation(signs)})"
        rf"|(?<![A-Za-z])(?:{_alternation(codes)})(?![A-Za-z]))"
    )
    mult = _alternation(list(table["multipliers"]))
    period_words = _alternation([w for w in _period_words() if len(w) > 1 or w == "h"])
    number = r"\d+(?:[,.'\u202f\u00a0]\d+|,? \d{3}(?!\d))*"
    period = (
        rf"(?:\s?/\s?|\s?(?:per|an?)\s|\s?p/\s?|\s)(?P<per>{period_words})(?![A-Za-z])\.?"
        rf"|\s?(?P<per2>hourly|annually|yearly|monthly|weekly|daily|ph|p/h|pa|p\.a\.?)(?![A-Za-z])"
        rf"|\s?\((?P<per3>{period_words})\)"
    )
    doubled = rf"(?:(?-i:{_alternation(signs)}))?"  # "££30.74": a sign typed twice
    return compile_pattern(
        rf"(?:{doubled}(?P<cur>{cur})\s?~?\s?)?(?<![\d.,/])(?P<num>{number})"
        rf"(?:\s?(?P<mult>{mult})(?!(?-i:[a-z0-9]|[A-Z](?![a-z]))))?"  # not "£35,806 MF", "£30,615 B6"
        rf"(?:\s?(?P<cur2>{cur})(?!\s?\d)(?!(?<=\W)[A-Za-z]))?"
        rf"(?:{period})?",
        re.IGNORECASE,
    )


_RANGE_SEP = compile_pattern(
    r"(?i)\.?[\s\u200b]*(?:-{1,2}|–|—|−|~|to|and|up ?to|through|rising to)[\s\u200b]*"
)
_MIN_MAX = compile_pattern(r"(?i)\W*max(?:imum)?\b[^\d$£€]{0,30}")  # "Minimum: $127,700 Maximum: $255,400"
_CHAIN_SEP = compile_pattern(r"\s*/\s*")  # "£24,907 / £26,970 / £30,615": the points of one pay scale
_LIST_SEP = compile_pattern(r", ?")  # "£31,365, £33,176, £37,890" (in a field only)
_TWO_WAYS = 100  # the ends of one range are never this far apart: such figures are one pay in two periods
_PER_OTHER = compile_pattern(r"(?i)(?:/|\s?per\s)([a-z]+)")


_NUMBER_SPACE = compile_pattern(r"[\s'\u202f\u00a0]")  # thousands spacing: "127 700", "1'000"
_NUMBER_SEP = compile_pattern(r"([.,])")
_WORD_BEFORE = compile_pattern(r"([A-Za-z]+)\s$")


def parse_number(text: str) -> tuple[float, bool]:
    """``"120,000"``, ``"127 700,00"``, ``"45.000"``, ``"162,8000"`` -> the value, and whether it ends in
    a comma and two digits (``"200,00"``: a decimal or a lost zero; the range decides)."""
    compact = _NUMBER_SPACE.sub("", text)
    groups = _NUMBER_SEP.split(compact)
    digits, seps = groups[0::2], groups[1::2]
    if not seps:
        return float(compact), False
    last_sep, tail = seps[-1], digits[-1]
    decimal = len(tail) in (1, 2) or (last_sep == "." and len(tail) != 3 and len(seps) == 1)
    whole = digits[:-1] if decimal else digits
    # a thousands group is three digits: "162,8000" is 162,800 with a stray digit
    parts = [whole[0]] + [g[:3] for g in whole[1:]]
    value = float("".join(parts) or "0")
    if decimal:
        value += float("0." + tail)
    return value, decimal and last_sep == "," and len(tail) == 2


@lru_cache(maxsize=1)
def _multipliers() -> dict[str, float]:
    return {k.casefold(): float(v) for k, v in currency_table()["multipliers"].items()}


@lru_cache(maxsize=1)
def _label_words() -> frozenset[str]:
    return frozenset(w.casefold() for w in currency_table()["label_words"])


def _is_label(text: str, at: int) -> bool:
    """A figure glued to letters ("MN37", "L4") or after a grade word ("Band 6")."""
    if at > 0 and text[at - 1].isalpha():
        return True
    word = _WORD_BEFORE.search(text[max(0, at - 12) : at])
    return word is not None and word.group(1).casefold() in _label_words()


@lru_cache(maxsize=1)
def _work_units() -> frozenset[str]:
    return frozenset(str(w).casefold() for w in currency_table()["work_units"])


_UNIT_PERIOD = compile_pattern(r"(?i)\s?(?:/\s?|per\s|an?\s|p/(?=[hmwa]))?\s?([a-z.]+)")


def _per_word(text: str, at: int) -> tuple[Period | None, bool, bool]:
    """What follows a figure as "per X" or "/X": the period X names (spelt loosely), whether X is
    something else ("£375 per session", "$5 per user": a price, not pay for time), and whether X is a
    unit of work ("£10,000 per session per annum": pay per weekly session, in the period written after
    it, else by the figure's size)."""
    found = _PER_OTHER.match(text, at, at + 20)
    if found is None:
        return None, False, False
    word = found.group(1).casefold()
    period = period_for(word)
    if period is None and word in _work_units():
        after = _UNIT_PERIOD.match(text, found.end(), found.end() + 16)
        return (period_for(after.group(1)) if after else None), False, True
    prefix = any(w.startswith(word) for w in _period_words())
    return period, len(word) > 2 and period is None and not prefix, False


def _is_code(token: str | None) -> bool:
    return bool(token) and str(token).isalpha() and str(token).isupper()


def _currency_of(before: str | None, after: str | None) -> tuple[str | None, bool]:
    """The currency an amount is written in, and whether it rests on a shared sign only ("$", "A$").
    A written ISO code wins over a sign ("$120k CAD", "Zone A$189,000 USD")."""
    generic_signs = currency_table()["generic_symbols"]
    for token in (after, before):
        if _is_code(token):
            return currency_code(token), False
    token = before or after
    if not token:
        return None, False
    return currency_code(token), any(g in token for g in generic_signs)


def find_amounts(text: str, start: int = 0, end: int | None = None) -> list[Amount]:
    """Every figure in ``text[start:end]`` with its written currency, multiplier and period."""
    table = currency_table()
    out: list[Amount] = []
    for m in _amount_pattern().finditer(text, start, len(text) if end is None else end):
        value, pair = parse_number(m.group("num"))
        mult = (m.group("mult") or "").casefold() or None
        if mult:
            value *= _multipliers()[mult]
        cur, generic = _currency_of(m.group("cur"), m.group("cur2"))
        cur = cur or (table["implied_currency"].get(mult) if mult else None)
        written = m.group("per") or m.group("per2") or m.group("per3")
        loose_period, priced, unit = (None, False, False) if written else _per_word(text, m.end())
        if unit and loose_period is None:
            # a figure per session with no period written: a yearly rate when it is one, else a fee
            hourly_below = float(table["hourly_below"])
            loose_period, priced = ("year", False) if value >= hourly_below else (None, True)
        if (
            cur is None
            and not mult
            and (_is_label(text, m.start("num")) or _glued_code(text[m.end() : m.end() + 2]))
        ):
            continue  # "Band 6", "MN37", "Level 3": a grade, not money
        period = period_for(written) or loose_period or (table["implied_period"].get(mult) if mult else None)
        out.append(Amount(value, cur, period, m.start(), m.end(), mult, pair, priced, generic, unit))
    return out


def _glued_code(after: str) -> bool:
    """ "9RH", "30k users": a figure run into lowercase letters or a code, not into a glued word ("000What")."""
    return bool(after) and (after[0].islower() or (len(after) == 2 and after.isalpha() and after.isupper()))


def _same_currency(a: Amount, b: Amount) -> bool:
    return a.currency is None or b.currency is None or a.currency == b.currency or a.generic or b.generic


def _joinable(text: str, a: Amount, b: Amount, loose: bool) -> bool:
    if not _same_currency(a, b):
        return False  # "45-70 USD or 180-280 PLN": two currencies side by side
    between = text[a.end : b.start]
    if _RANGE_SEP.fullmatch(between):
        return True
    # two marked figures, or (in a field) two figures with one multiplier and no sign: "194K  226K"
    marked = bool(a.currency and b.currency)
    bare_pair = (
        loose and not (a.currency or b.currency) and bool(a.multiplier) and a.multiplier == b.multiplier
    )
    if not ((marked or bare_pair) and a.value <= b.value):
        return False
    if a.period and b.period and a.period != b.period:
        return False  # "£15.65 P/H / £36,461.50 P/A": one pay stated two ways, not a range
    if bool(a.period) != bool(b.period) and b.value > a.value * _TWO_WAYS:
        return False  # "£15.65 P/H / £34,271.62": the same, with the second period left out
    if _MIN_MAX.fullmatch(between) and re.search(r"(?i)\bmin", text[max(0, a.start - 60) : a.start]):
        return True
    side_by_side = between in (" ", "\t") or (loose and (between == "" or between.isspace()))
    listed = loose and bool(_LIST_SEP.fullmatch(between))  # "£31,365, £33,176, £37,890" in a field
    return bool(_CHAIN_SEP.fullmatch(between)) or side_by_side or listed


def _chained(text: str, a: Amount, b: Amount, loose: bool) -> bool:
    between = text[a.end : b.start]
    return bool(_CHAIN_SEP.fullmatch(between) or (loose and _LIST_SEP.fullmatch(between)))


def _pair(a: Amount, b: Amount) -> tuple[float, float]:
    low, high = a.value, b.value
    if b.multiplier and not a.multiplier and low * 1000 <= high * 1.0001:
        low *= _multipliers()[b.multiplier]  # "$120-150K", "10-15 LPA"
    if a.decimal_comma_pair and low * 100 < high:
        low *= 1000  # "$200,00-250,000": a thousands group that lost a zero
    elif b.decimal_comma_pair and high * 100 < low <= high * 1000:
        high *= 1000  # "£25,000 - £33,00": the same at the top
    elif _thousands_left_out(a, b):
        low *= 1000  # "£36 – 44,000", "25-31000"
    return low, high


def _thousands_left_out(a: Amount, b: Amount) -> bool:
    same_period = a.period is None or b.period is None or a.period == b.period
    plain = not (a.multiplier or b.multiplier)
    whole = a.value == int(a.value)
    return plain and same_period and whole and 10 <= a.value < 1000 and 0.5 <= a.value * 1000 / b.value <= 1.0


def _merge(text: str, a: Amount, b: Amount, hourly_below: float) -> MoneyRange | None:
    low, high = _pair(a, b)
    period = b.period or a.period
    if a.period and b.period and a.period != b.period:
        low = annual(low, a.period) / periods_per_year()[b.period]  # "$56.25/hour to $173,000/year"
    stated = period is not None
    one_period = a.period is None or b.period is None or a.period == b.period
    if high < low and one_period and _RANGE_SEP.fullmatch(text[a.end : b.start]):
        low, high = high, low  # "£82,096 to £10,683 pa": a range written from its top
    period = period or ("hour" if high < hourly_below else "year")
    if high < low:
        return None
    currency = b.currency if b.currency and not b.generic else a.currency or b.currency
    return MoneyRange(low, high, currency, period, stated, a.start, b.end, True)


def _single(a: Amount, hourly_below: float) -> MoneyRange:
    period = a.period or ("hour" if a.value < hourly_below else "year")
    return MoneyRange(a.value, a.value, a.currency, period, a.period is not None, a.start, a.end, False)


_WINDOW = 400  # longer texts are read only around their currency marks and "k"/"LPA" figures
_MARK_BEFORE, _MARK_AFTER = 40, 120


@lru_cache(maxsize=1)
def _marks() -> tuple[tuple[str, ...], re.Pattern[str]]:
    """Where money can be: a currency sign (found with str.find), or a figure run into a code or a
    multiplier ("120k", "25 LPA", "45 USD") or written after a code ("USD 32", "Rs 40") (a digit-led regex)."""
    table = currency_table()
    signs = tuple(sorted({c for x in table["symbols"] for c in x if not (c.isalnum() or c == ".")}))
    shapes = {
        f"[A-Z]{{{len(x)}}}" if x.isalpha() and x.isupper() else re.escape(x.rstrip("."))
        for x in table["symbols"]
        if not any(c in signs for c in x)
    }
    after = "|".join(f"(?<={shape}\\d)|(?<={shape}\\s\\d)" for shape in sorted(shapes) if shape)
    mult = _alternation(list(table["multipliers"]))
    return signs, compile_pattern(rf"\d(?:\s?(?:[A-Z]{{3}}(?![A-Za-z])|(?i:{mult})(?![a-z]))|{after})")


def _windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of ``text`` around every place money can be."""
    signs, pattern = _marks()
    marks = [m.start() for m in pattern.finditer(text, start, end)]
    for sign in signs:
        at = text.find(sign, start, end)
        while at >= 0:
            marks.append(at)
            at = text.find(sign, at + 1, end)
    spans: list[tuple[int, int]] = []
    for at in sorted(marks):
        lo, hi = max(start, at - _MARK_BEFORE), min(end, at + _MARK_AFTER)
        while hi < end and (text[hi].isdigit() or text[hi] in ",."):
            hi += 1  # never cut a figure
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], hi))
        else:
            spans.append((lo, hi))
    return spans


def find_ranges(
    text: str, start: int = 0, end: int | None = None, *, loose: bool = False
) -> list[MoneyRange]:
    """Every range or single figure of money in ``text[start:end]``, in order. ``loose`` also joins two
    figures set side by side with no separator (structured fields whose dash was lost)."""
    hourly_below = float(currency_table()["hourly_below"])
    end = len(text) if end is None else end
    if loose or end - start <= _WINDOW:
        amounts = find_amounts(text, start, end)
    else:
        amounts = [a for lo, hi in _windows(text, start, end) for a in find_amounts(text, lo, hi)]
    out: list[MoneyRange] = []
    i = 0
    while i < len(amounts):
        a = amounts[i]
        b = amounts[i + 1] if i + 1 < len(amounts) else None
        c = amounts[i + 2] if i + 2 < len(amounts) else None
        if (
            a.currency is None
            and b is not None
            and b.currency
            and c is not None
            and _joinable(text, b, c, loose)
        ):
            i += 1  # "1099 — $4,000–$6,000/month": the bare figure is not the low end
            continue
        if b is not None and _joinable(text, a, b, loose):
            j = i + 1
            while j + 1 < len(amounts) and _chained(text, amounts[j], amounts[j + 1], loose):
                if not _joinable(text, amounts[j], amounts[j + 1], loose):
                    break
                j += 1
            merged = _merge(text, a, amounts[j], hourly_below)
            if any(x.priced for x in amounts[i : j + 1]):
                i = j + 1
                continue
            if merged is not None:
                out.append(merged)
                i = j + 1
                continue
        if not a.priced:
            out.append(_single(a, hourly_below))
        i += 1
    return out


def with_currency(found: MoneyRange, currency: str) -> MoneyRange:
    return replace(found, currency=currency)


def parse_salary_string(
    text: str | None, *, currency: str | None = None, period: str | None = None
) -> MoneyRange | None:
    """A salary field (``"£24,907 - £30,615 pa"``, ``"$178.2K  $301.5K  Offers Equity"``,
    ``"$21-$34 Per Hour(Glassdoor est.)"``): its first plausible range. ``currency`` and ``period`` are
    what the record states elsewhere; the string's own wins."""
    if not text:
        return None
    if "&" in text:
        text = html.unescape(text)  # "£24,907 - £30&#39;615", "Day &amp; Night": fields scraped as HTML
    ranges = find_ranges(text, loose=True)
    for i, found in enumerate(ranges):
        code = found.currency or currency_code(currency)
        if code is None:
            continue
        stated = period_for(period)
        if not found.period_stated and stated:
            found = replace(found, period=stated, period_stated=True)
        if plausible_pay(found.low, found.high, code, found.period):
            return with_currency(_rates_span(text, found, ranges[i + 1 :], code), code)
    return None


_RATES_APART = 2.0  # rates of one post differ by enhancements of at most double time


@lru_cache(maxsize=1)
def _one_pay_words() -> re.Pattern[str]:
    words = currency_table()["field_not_a_rate"]
    return compile_pattern(rf"(?i)(?<![A-Za-z])(?:{_alternation(words)})(?![A-Za-z])")


def _rates_span(text: str, first: MoneyRange, later: list[MoneyRange], code: str) -> MoneyRange:
    """Several rates of one post listed in a field after a single figure ("Day rate £16.55 P/H & Night
    rate £20.70 P/H", "£49,036 (pre-CCT) / £52,036 (post-CCT)"): the pay spans them, lowest to highest.
    Only figures marked in the same currency, in the same period and within double of each other, count; a full-time
    equivalent, an actual or pro-rata figure, a bonus, an allowance or an enhancement is no other rate."""
    if first.is_range:
        return first
    low, high, end, previous = first.low, first.high, first.end, first.end
    for other in later:
        around = text[previous : min(len(text), other.end + 12)]
        previous = other.end
        if other.currency != code or other.period != first.period or _one_pay_words().search(around):
            break
        lo, hi = min(low, other.low), max(high, other.high)
        if hi > lo * _RATES_APART:
            break
        low, high, end = lo, hi, other.end
    if end == first.end:
        return first
    return replace(first, low=low, high=high, end=end, is_range=True)
