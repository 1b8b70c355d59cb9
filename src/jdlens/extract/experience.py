"""Years of experience asked for."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jdlens.budget import spend
from jdlens.compiled_regex import compile_pattern
from jdlens.extract.cues import NUMBER, clause_bounds, need_at, to_number
from jdlens.extract.education import degree_mentions_in
from jdlens.models import Evidence, Experience
from jdlens.text.document import Document
from jdlens.text.gate import find_all

# "5+ years", "3-5 years", "3 to 5 yrs", "two to four years", "eight (8) years", "1+ year", "six months".
_PAREN = r"(?:\s*\(\s*\d{1,2}\s*\+?\s*\))?"
_AMOUNT = compile_pattern(
    rf"(?i)(?<![\d$£€_-])(?<!\d[.,])(?P<lo>{NUMBER}){_PAREN}\s*(?P<lplus>\+|plus\b)?\s*"
    rf"(?:(?:-|–|—|to|or)\s*(?P<hi>{NUMBER}){_PAREN}\s*\+?\s*)?"
    r"(?:or more\s+|full[- ]time\s+|total\s+)?(?P<unit>years?|yrs?|months?)\b(?P<apos>['’])?"
)
_LEAD = compile_pattern(
    r"(?i)(?:\b(?:at least|minimum(?: of)?|min\.?|a minimum of|over|more than|no less than|upwards of)\s*)$"
)
_HYPHEN_ADJ = compile_pattern(r"(?i)^-(?:years?|yrs?|months?)\b(?!\s+(?:of\s+)?(?:\w+\s+)?experience)")
_NOT_REQUIREMENT_AFTER = compile_pattern(
    r"(?i)^\W{0,3}(?:(?:full[- ]time\s+|part[- ]time\s+)?(?:(?!experience\b)[\w()]+\s+){0,5}"
    r"(?:program|programme|course|curriculum)\b|ago|old|of age|in business|of (?:history|operations?|existence|growth|success|innovation)\b(?! experience)|"
    r"history|anniversary|warranty|contract|term|running|in a row|from now|later|prior to|"
    r"of (?:our|the company|its)|(?:\w+\s+){0,3}(?:we|our company|the company) (?:have|has)\b)"
)
_NOT_REQUIREMENT_BEFORE = compile_pattern(
    r"(?i)(?:\b(?:for|in|over|during|within)\s+the\s+(?:past|last|next|coming|first)\s*|\bfounded\s+|\bsince\s+|"
    r"\bestablished\s+|\bfor (?:over|more than|nearly|almost|about)\s*|\bevery\s+|\bper\s+|\bage(?:d)?\s+|"
    r"\bfirst\s+|\bwithin\s+)$"
)
_EXPERIENCE_WORD = compile_pattern(
    r"(?i)experience|\bexp\b|\bwork(?:ing|ed)?\b|industry|professional|hands[- ]on|track record|background|"
    r"\b(?:applying|building|developing|designing|writing|using|leading|managing|programming|coding|deploying|"
    r"shipping|delivering|doing|practicing)\b|\bin (?:a|an|the)?\s*(?:\w+\s+){0,3}(?:role|position|field|capacity)|"
    r"\bas an?\b|\bpost\b|\b(?:BS|MS|BA|PhD|Ph\.D|bachelor|master|degree)"
)
_UNITS = ("year", "yr", "month")  # every match of ``years?|yrs?|months?`` opens with one of these


def unit_words(lower: str) -> list[tuple[int, int]]:
    """The spans ``re.finditer(r"years?|yrs?|months?", lower)`` gives, found by ``str.find``: no word
    opens inside another's match, so every place each word occurs is a match, with its plural "s"."""
    spans = []
    for word in _UNITS:
        size = len(word)
        for start in find_all(lower, word):
            end = start + size
            spans.append((start, end + 1 if lower.startswith("s", end) else end))
    spans.sort()
    return spans


# "5 years with a BS or 3 with an MS": the second figure has no unit of its own.
_SHORT_ALTERNATIVE = compile_pattern(
    rf"(?i)\s*,?\s*or\s+(?P<lo>{NUMBER})\s*\+?\s*(?:years?\s+|yrs?\s+)?(?:with|w/)\s+(?:an?\s+)?"
)


@dataclass(frozen=True)
class YearsStatement:
    low: float
    high: float | None
    start: int
    end: int
    required: bool
    degree: str | None


def extract_experience(doc: Document) -> Experience:
    statements = _statements(doc)
    if not statements:
        return Experience.trusted()
    pool = [s for s in statements if s.required] or statements
    primary = pool[0]
    by_degree = _by_degree(statements, primary)
    low = min(by_degree.values()) if by_degree else primary.low
    high = primary.high if not by_degree else None
    return Experience.trusted(
        min_years=float(low),
        max_years=None if high is None else float(high),
        by_degree={degree: float(years) for degree, years in by_degree.items()},
        evidence=_evidence(doc, statements, primary),
    )


def _statements(doc: Document) -> list[YearsStatement]:
    text, lower, out = doc.text, doc.lower, []
    done = 0
    for hit_start, hit_end in unit_words(lower):
        spend()
        if hit_start < done:
            continue
        lo, hi = doc.line_bounds(hit_start)
        m = _AMOUNT.search(text, max(lo, hit_start - 45, done), min(hi, hit_end + 2))
        if m is None or m.end() < hit_end:
            continue
        done = m.end()
        statement = _statement(doc, m, lo, hi)
        if statement is not None:
            out.append(statement)
            extra = _short_alternative(doc, statement, hi)
            if extra is not None:
                out.append(extra)
                done = extra.end
    return out


def _short_alternative(doc: Document, first: YearsStatement, hi: int) -> YearsStatement | None:
    if first.degree is None:
        return None
    after_degree = degree_mentions_in(doc, first.end, min(hi, first.end + 40), with_need=False)
    if not after_degree:
        return None
    m = _SHORT_ALTERNATIVE.match(doc.text, after_degree[0].end, hi)
    low = to_number(m.group("lo")) if m else None
    if m is None or low is None:
        return None
    degree = degree_mentions_in(doc, m.end(), min(hi, m.end() + 30), with_need=False)
    if not degree or degree[0].start != m.end():
        return None
    return YearsStatement(low, None, m.start("lo"), degree[0].end, first.required, degree[0].level)


def _statement(doc: Document, m: re.Match[str], lo: int, hi: int) -> YearsStatement | None:
    text = doc.text
    if not _is_requirement(text, m, lo, hi):
        return None
    low, high = to_number(m.group("lo")), to_number(m.group("hi")) if m.group("hi") else None
    if low is None:
        return None
    if m.group("unit").lower().startswith("month"):
        low, high = round(low / 12, 2), (round(high / 12, 2) if high is not None else None)
    if low > 30 or (high is not None and (high < low or high > 40)):
        return None
    return YearsStatement(
        low,
        high,
        m.start(),
        m.end(),
        need_at(doc, m.start(), m.end()) == "required",
        _degree_near(doc, m, lo, hi),
    )


def _is_requirement(text: str, m: re.Match[str], lo: int, hi: int) -> bool:
    after = text[m.end() : min(hi, m.end() + 60)]
    before = text[max(lo, m.start() - 30) : m.start()]
    if (
        text[m.end("unit") - 1 : m.end("unit")]
        and _HYPHEN_ADJ.match(text, m.end("lo"), hi)
        and "-" in text[m.end("lo") : m.start("unit")]
    ):
        return False
    if _NOT_REQUIREMENT_AFTER.match(after) or _NOT_REQUIREMENT_BEFORE.search(before):
        return False
    clause = clause_bounds(text, m.start(), m.end(), lo, hi)
    window = text[max(clause[0], m.start() - 80) : min(clause[1], m.end() + 120)]
    return bool(_EXPERIENCE_WORD.search(window)) or bool(_LEAD.search(before))


def _degree_near(doc: Document, m: re.Match[str], lo: int, hi: int) -> str | None:
    """ "5 years with a BS", "BS ... with eight (8) years": the degree the statement is tied to, if any."""
    text = doc.text
    stop = min(hi, m.end() + 40)
    for cut in (" or ", ";"):
        i = text.find(cut, m.end(), stop)
        stop = i if i >= 0 else stop
    mentions = degree_mentions_in(doc, m.end(), min(hi, stop + 20), with_need=False)
    after = [d for d in mentions if d.level != "none" and d.start < stop]
    if after:
        return after[0].level
    start = max(lo, m.start() - 90, text.rfind(";", lo, m.start()) + 1)
    before = [d for d in degree_mentions_in(doc, start, m.start(), with_need=False) if d.level != "none"]
    return before[-1].level if before else None


def _by_degree(statements: list[YearsStatement], primary: YearsStatement) -> dict[str, float]:
    """Degree-dependent minimums stated together with the primary statement."""
    near = [s for s in statements if s.degree and abs(s.start - primary.start) < 400]
    out: dict[str, float] = {}
    for s in near:
        if s.degree is not None:
            out[s.degree] = min(out.get(s.degree, s.low), s.low)
    return out if len(out) >= 2 else {}


def _evidence(doc: Document, statements: list[YearsStatement], primary: YearsStatement) -> list[Evidence]:
    chosen = [primary] + [s for s in statements if s is not primary][:4]
    spans: list[tuple[int, int]] = []
    for s in chosen:
        lo, hi = doc.line_bounds(s.start)
        span = clause_bounds(doc.text, s.start, s.end, lo, hi)
        span = (max(span[0], s.start - 120), min(span[1], s.end + 160))
        if span not in spans:
            spans.append(span)
    return [doc.evidence(a, b) for a, b in spans]
