"""Salary stated in the text: every range found, with its label, and the primary one chosen by the
rules in docs/analysis.md (base over total, the posting's own currency, ranges stated together span).
Figures are read by ``jdlens.money``; the cue words are data (``extract/data/salary.yaml``)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jdlens.budget import spend
from jdlens.compiled_regex import compile_pattern
from jdlens.datafiles import load_yaml
from jdlens.models import Salary, SalaryLabel, SalaryRange
from jdlens.money import MoneyRange, country_currency, find_ranges, plausible_pay
from jdlens.text.document import Document

DATA_PACKAGE = "jdlens.extract.data"
CLUSTER_GAP = 260  # ranges closer than this (characters) are stated together: tiers of one statement
_BEFORE = 70
_AFTER = 30


@dataclass(frozen=True)
class _Cues:
    pay: re.Pattern[str]
    not_pay_before: re.Pattern[str]
    not_pay_after: re.Pattern[str]
    total: re.Pattern[str]
    base: re.Pattern[str]


def _words(words: list[str]) -> re.Pattern[str]:
    body = "|".join(re.escape(str(w)) for w in sorted(words, key=len, reverse=True))
    return compile_pattern(rf"(?i)(?<![A-Za-z])(?:{body})(?![A-Za-z])")


@lru_cache(maxsize=1)
def salary_cues() -> _Cues:
    raw: dict[str, Any] = load_yaml(DATA_PACKAGE, "salary.yaml")
    return _Cues(
        pay=_words(raw["pay_context"]),
        not_pay_before=_words(raw["not_pay_before"]),
        not_pay_after=_words(raw["not_pay_after"]),
        total=_words(raw["total"]),
        base=_words(raw["base"]),
    )


@dataclass(frozen=True)
class _Found:
    money: MoneyRange
    currency: str
    label: SalaryLabel
    context: bool


def extract_salary(doc: Document, country: str | None = None) -> Salary | None:
    """The posting's pay; ``country`` (ISO code of the posting's place, when known) decides between
    ranges stated in several currencies."""
    found = _candidates(doc)
    if not found:
        return None
    chosen = _primary(doc.text, found, country_currency(country))
    first = chosen[0]
    start, end = chosen[0].money.start, chosen[-1].money.end
    lo, _ = doc.line_bounds(start)
    return Salary.trusted(
        min=float(min(f.money.low for f in chosen)),
        max=float(max(f.money.high for f in chosen)),
        currency=first.currency,
        period=first.money.period,
        evidence=[doc.evidence(max(lo, start - 80), min(doc.line_bounds(end)[1], end + 40))],
        ranges=[_range(doc, f) for f in found],
    )


def _range(doc: Document, f: _Found) -> SalaryRange:
    return SalaryRange.trusted(
        min=float(f.money.low),
        max=float(f.money.high),
        currency=f.currency,
        period=f.money.period,
        label=f.label,
        evidence=[doc.evidence(f.money.start, f.money.end)],
    )


def _candidates(doc: Document) -> list[_Found]:
    text, out = doc.text, []
    previous_end = 0
    for money in find_ranges(text):
        spend()
        if money.currency is None:
            previous_end = money.end
            continue
        lo, hi = doc.line_bounds(money.start)
        found = _judge(text, money, money.currency, max(lo, previous_end, money.start - _BEFORE), hi)
        previous_end = money.end
        if found is not None:
            out.append(found)
    return _labelled_tiers(text, out)


def _judge(text: str, money: MoneyRange, currency: str, before_at: int, hi: int) -> _Found | None:
    cues = salary_cues()
    before = text[before_at : money.start]
    after = text[money.end : min(hi, money.end + _AFTER)]
    clause = _CLAUSE.split(before[-45:])[-1]
    if cues.not_pay_before.search(clause) or cues.not_pay_after.match(after.lstrip(" )(*")):
        return None
    if not plausible_pay(money.low, money.high, currency, money.period):
        return None
    context = money.period_stated or bool(cues.pay.search(before) or cues.pay.search(after[:25]))
    if not (money.is_range or context or _pipe_field(text, money, before_at, hi) or _plus_extras(after)):
        return None
    return _Found(money, currency, _label(before, after, money), context)


_EXTRAS = compile_pattern(
    r"(?i)\+?\s*(?:\+|plus|with|,)\s*(?:[a-z]+\s)?(?:equity|bonus|benefits|stock|options|commission)"
)
_CLAUSE = compile_pattern(r"[.;|!?](?!\d)|\n")


def _plus_extras(after: str) -> bool:
    return bool(_EXTRAS.match(after))


def _label(before: str, after: str, money: MoneyRange) -> SalaryLabel:
    """``total`` or ``base`` from the nearest cue before the range (else right after it); else hourly/base."""
    cues = salary_cues()
    head = after[:22].lstrip(" )(*:-")
    if cues.total.match(head):
        return "total"
    if cues.base.match(head):
        return "base"
    near: list[tuple[int, SalaryLabel]] = [(m.end(), "total") for m in cues.total.finditer(before)]
    near += [(m.end(), "base") for m in cues.base.finditer(before)]
    if near:
        return max(near)[1]
    if cues.total.search(after[:25]):
        return "total"
    return "hourly" if money.period == "hour" else "base"


def _pipe_field(text: str, money: MoneyRange, lo: int, hi: int) -> bool:
    """HN style headers: "Company | Role | REMOTE | $150k-$200k + equity |"."""
    return (
        "|" in text[max(lo, money.start - 6) : money.start]
        or "|" in text[money.end : min(hi, money.end + 25)]
    )


_PARAGRAPH = compile_pattern(r"\n[ \t]*\n")


def _clusters(text: str, found: list[_Found]) -> list[list[_Found]]:
    """Ranges stated together: close to each other, with no paragraph break between them."""
    clusters: list[list[_Found]] = [[found[0]]]
    for f in found[1:]:
        previous_end = clusters[-1][-1].money.end
        gap = text[previous_end : f.money.start]
        if len(gap) <= CLUSTER_GAP and not _PARAGRAPH.search(gap):
            clusters[-1].append(f)
        else:
            clusters.append([f])
    return clusters


def _labelled_tiers(text: str, found: list[_Found]) -> list[_Found]:
    """Several base ranges stated together (locations, levels, zones) are tiers of one statement."""
    if not found:
        return found
    out: list[_Found] = []
    for cluster in _clusters(text, found):
        bases = [f for f in cluster if f.label in ("base", "hourly")]
        per_currency = Counter(f.currency for f in bases)
        tiers = [f for f in bases if per_currency[f.currency] > 1]  # one pay in two currencies is no tier
        out += [_Found(f.money, f.currency, "tier", f.context) if f in tiers else f for f in cluster]
    return out


def _primary(text: str, found: list[_Found], own_currency: str | None) -> list[_Found]:
    """The first cluster that reads as pay; in it, base over total, the posting's own currency (its
    country's, else the first range's) and the first range's period; tiers stated together span."""
    clusters = _clusters(text, found)
    cluster = next((c for c in clusters if any(f.context for f in c)), clusters[0])
    base = [f for f in cluster if f.label != "total"] or cluster
    first = next((f for f in base if f.currency == own_currency), base[0])
    return [f for f in base if f.currency == first.currency and f.money.period == first.money.period]
