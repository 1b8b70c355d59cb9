"""Dates and date ranges as resumes write them, read into months since year 0.

Forms read: "Jan 2019", "Sept. 2020", "June-2011", "OCTOBER-2014", "Dec'18", "20th March 2014",
"March 20, 2014", "Spring 2019", "03/2018", "12.2007", "dd/mm/yyyy" (and mm/dd/yyyy when the day is
over 12), ISO "2021-05" and "2021-05-01" (in ranges), bare years; ends "Present", "Current", "now",
"till date", "to date", "ongoing"; "since 2016" and "2016 onwards" run to today. Separators: hyphens
and dashes of every kind, "~", "to", "till", "until", "through", and a line break when the second
date stands alone on its line (dates stacked in two-column layouts). Durations: "24 months",
"2 years 3 months", "1.5 yrs". Every pattern is a plain alternation without nested repeats, so a
scan is linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache

from jdlens.compiled_regex import compile_pattern

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
DATE = (
    rf"(?:{_DAY}[ \t]*(?:of[ \t]+)?{_MONTH}[ \t,.-]*{_YEAR}"  # 20th March 2014
    rf"|{_MONTH}[ \t]*{_DAY},?[ \t]+{_YEAR}"  # March 20, 2014
    rf"|{_MONTH}[ \t,.'’-]*(?:{_YEAR}|'\d\d)(?!\d)"  # Jan 2019, June-2011, Dec'18
    rf"|{_SEASON}[ \t,]*{_YEAR}"  # Fall 2018
    rf"|\d{{1,2}}[ \t]*[/.-][ \t]*\d{{1,2}}[ \t]*[/.-][ \t]*{_YEAR}"  # 20/03/2014
    rf"|(?:0?[1-9]|1[0-2])[ \t]*[/.-][ \t]*{_YEAR}"  # 03/2018
    rf"|{_YEAR})"
)
_ISO = rf"(?:{_YEAR}-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)"
NOW = (
    r"(?:till[ \t]+(?:date|now)|to[ \t]+date|up[ \t]?to[ \t]+(?:date|now)|present(?:[ \t]+day)?|"
    r"current(?:ly)?|now|today|ongoing|continuing|date)"
)
_SEP = r"(?:-+|–|—|−|~|\bto\b|\btill\b|\buntil\b|\bthrough\b|\bthru\b|\bupto\b)"
_GAP = r"[ \t]*(?:\n[ \t]*)?"  # a separator may sit alone on its own line, or wrap


# Every range opens with a digit, a month, a season, "from" or "since", not after a word character.
_OPENING = r"(?=[\dadfjmnosw])(?<![\w/.])"
_OPENINGS = compile_pattern(rf"(?i){_OPENING}")
# The first three letters of each of those words (each month name opens with its key in ``MONTHS``): in
# ASCII text, where the case-blind pattern reads every letter as itself, a range that does not open
# with a digit opens with one of these, in any case.
_OPENING_WORDS = frozenset([*MONTHS, *(season[:3] for season in SEASONS), "fro", "sin"])


@cache
def range_pattern() -> re.Pattern[str]:
    """The date-range pattern, compiled on first use (it is large; ``import jdlens`` stays fast)."""
    # every range opens with a digit, a month, a season, "from" or "since": the look-ahead rejects the
    # other positions before the alternatives are tried one by one
    return compile_pattern(
        rf"(?i){_OPENING}(?:from[ \t]+)?"
        rf"(?:(?P<ia>{_ISO})(?:{_GAP}{_SEP})?{_GAP}(?P<ib>{_ISO}|{NOW})(?![\w/])"
        rf"|(?P<a>{DATE}){_GAP}{_SEP}{_GAP}(?P<b>{DATE}|{NOW})(?![\w/])"
        rf"|(?P<sa>{DATE})[ \t]*\n[ \t,]*(?P<sb>{DATE}|{NOW})[ \t]*(?=\n|$)"
        rf"|(?P<na>{DATE})[ \t]+(?:onwards|on)\b"
        rf"|\bsince[ \t]+(?P<sn>{DATE}))"
    )


# Within one line (no line break), every range holds a separator ("-", "to", "till", "until", "through",
# "thru", "upto", "~"; an ISO date holds "-"), "on" ("onwards") or "since". In ASCII text, where the
# case-blind pattern reads every letter as itself, each of those holds one of these, in any case.
_IN_LINE_RANGE_WORDS = ("-", "~", "to", "til", "thr", "on", "since")


def has_range(line: str) -> bool:
    """Whether a date range is written in ``line`` (``range_pattern().search(line)`` finds one): every
    range holds a year ("19xx", "20xx") or a short one ("'18"), and in an ASCII line one of
    ``_IN_LINE_RANGE_WORDS``, so a line with neither needs no range search (one date, "January 2008",
    is the common case); the pattern is tried only where a range can open (``_ranges``)."""
    if not ("20" in line or "19" in line or "'" in line):
        return False
    if line.isascii() and "\n" not in line:
        low = line.lower()
        if not any(word in low for word in _IN_LINE_RANGE_WORDS):
            return False
    return next(_ranges(line, 0, len(line)), None) is not None


DURATION = compile_pattern(
    r"(?i)(?<![\w.])(?:(?P<y>\d{1,2}(?:\.\d)?)\+?[ \t]*(?:years?|yrs?)\b[ \t,]*(?:and[ \t]+)?)?"
    r"(?:(?P<m>\d{1,3})[ \t]*(?:months?|mos?)\b)?"
)
_SPLIT = compile_pattern(r"[\s,.'’/-]+")
_NOW_WORD = compile_pattern(NOW)
_ISO_DATE = compile_pattern(r"(\d{4})-(\d{2})(?:-\d{2})?")
_YEAR_IN = compile_pattern(rf"{_YEAR}(?!\d)")
_SHORT_YEAR = compile_pattern(r"'(\d\d)$")
_LETTERS = compile_pattern(r"[a-z]+")
_NOT_DIGIT = compile_pattern(r"\D")
_NUMBER_END = compile_pattern(r"\d\s*[/.-]\s*$")


@dataclass(frozen=True)
class Span:
    """A dated period: months since year 0, end exclusive; ``current`` when it runs to today."""

    start: int
    end: int
    current: bool
    at: int
    until: int


def month_index(token: str, today: date, *, end: bool = False) -> int | None:
    """Months since year 0 for one written date; None when it is not a date."""
    t = token.strip().lower().rstrip(".")
    if _NOW_WORD.fullmatch(t):
        return today.year * 12 + today.month - 1
    iso = _ISO_DATE.fullmatch(t)
    if iso:
        return int(iso.group(1)) * 12 + int(iso.group(2)) - 1
    year_m = _YEAR_IN.search(t)
    short = _SHORT_YEAR.search(t)
    if year_m:
        year = int(year_m.group(0))
    elif short:
        two = int(short.group(1))
        year = 2000 + two if two <= today.year % 100 + 1 else 1900 + two
    else:
        return None
    return year * 12 + _month_of(t[: year_m.start()] if year_m else t[: short.start()]) - 1  # type: ignore[union-attr]


def _month_of(head: str) -> int:
    """The month written before the year: a month name, a season, "dd/mm/", "mm/dd/" or "mm/"; else 1."""
    words = [w for w in _SPLIT.split(head) if w]
    for word in words:
        if word[:3] in MONTHS and _LETTERS.fullmatch(word):
            return MONTHS[word[:3]]
        if word in SEASONS:
            return SEASONS[word]
    numbers = [int(digits) for w in words if (digits := _NOT_DIGIT.sub("", w))]
    if len(numbers) >= 2:
        first, second = numbers[-2], numbers[-1]
        if second > 12 and 1 <= first <= 12:
            return first  # mm/dd/yyyy
        return second if 1 <= second <= 12 else 1  # dd/mm/yyyy
    if numbers and 1 <= numbers[0] <= 12 and _NUMBER_END.search(head):
        return numbers[0]
    return 1


def find_spans(text: str, today: date) -> list[Span]:
    """Every date range in the text, in order; impossible ones (end before start, over 50 years,
    starting in the future) are dropped."""
    now = today.year * 12 + today.month - 1
    spans: list[Span] = []
    for m in (m for lo, hi in _year_windows(text) for m in _ranges(text, lo, hi)):
        first = m.group("ia") or m.group("a") or m.group("sa") or m.group("na") or m.group("sn")
        second = m.group("ib") or m.group("b") or m.group("sb")
        start = month_index(first, today)
        stop = month_index(second, today, end=True) if second else now
        if start is None or stop is None:
            continue
        current = second is None or bool(_NOW_WORD.fullmatch(second.strip().lower()))
        if start > now or stop < start or stop - start > 50 * 12:
            continue
        spans.append(Span(start=start, end=min(stop, now), current=current, at=m.start(), until=m.end()))
    return spans


# A year (19xx, 20xx, not inside a longer number) or "'18": the pattern opens with a character set so
# the scan skips straight to the candidates (a leading look-behind would be tried at every position).
_YEARISH = compile_pattern(r"[12'](?:(?<=')\d\d|(?<=1)(?<!\d.)9\d\d(?!\d)|(?<=2)(?<!\d.)0\d\d(?!\d))")
_WINDOW_LINES = 3


def _year_windows(text: str) -> list[tuple[int, int]]:
    """Stretches of text worth scanning for ranges: from the start of a line holding a year to the end
    of the lines after it (every range's first date holds a year), merged."""
    windows: list[tuple[int, int]] = []
    for m in _YEARISH.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        end = m.end()
        for _ in range(_WINDOW_LINES):
            nxt = text.find("\n", end + 1)
            end = len(text) if nxt < 0 else nxt
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    return windows


def _ranges(text: str, lo: int, hi: int) -> Iterator[re.Match[str]]:
    """``range_pattern().finditer(text, lo, hi)``, the pattern tried only at the openings of the lines that
    hold "19", "20" or "'": a range's first date holds its year on the line where the range starts (no
    date holds a line break), so no range starts on another line. On an ASCII line, an opening that is
    neither a digit nor the start of a month, a season, "from" or "since" (``_OPENING_WORDS``) is
    passed over."""
    pattern, end, line_start = range_pattern(), lo, lo
    while line_start < hi:
        line_end = text.find("\n", line_start, hi)
        line_end = hi if line_end < 0 else line_end
        line = text[line_start:line_end]
        if end < line_end and ("19" in line or "20" in line or "'" in line):
            plain = line.isascii()
            for opening in _OPENINGS.finditer(text, max(line_start, end), line_end):
                at = opening.start()
                if at < end or (plain and not _may_open(text, at)):
                    continue
                m = pattern.match(text, at, hi)
                if m is not None:
                    end = m.end()
                    yield m
        line_start = line_end + 1


def _may_open(text: str, at: int) -> bool:
    """Whether a range can open at ``at`` of ASCII text: a digit, or the first letters of an opening word."""
    return text[at].isdigit() or text[at : at + 3].lower() in _OPENING_WORDS


def duration_months(text: str) -> int | None:
    """A stated duration ("24 months", "2 years 3 months", "1.5 yrs") in months; None when absent."""
    best = None
    for m in DURATION.finditer(text):
        if not (m.group("y") or m.group("m")):
            continue
        months = round(float(m.group("y") or 0) * 12) + int(m.group("m") or 0)
        if 0 < months <= 50 * 12:
            best = months if best is None else max(best, months)
    return best


def ym(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def merged_months(spans: list[tuple[int, int]]) -> int:
    """Months covered by the periods, overlaps counted once."""
    ordered = sorted(spans)
    if not ordered:
        return 0
    months, (cur_start, cur_end) = 0, ordered[0]
    for start, end in ordered[1:]:
        if start > cur_end:
            months += cur_end - cur_start
            cur_start, cur_end = start, end
        else:
            cur_end = max(cur_end, end)
    return months + cur_end - cur_start
